/* Unit tests: English hyphenation points from Debian's hyph_en_US.dic, and
 * the typesetter using them. */
#include "test.h"
#include "layout/hyphenate.h"
#include "layout/typeset.h"
#include "buf.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The word with '-' at its points, e.g. "hy-phen-ation". */
static char *marked(const struct hyphenator *h, const char *w)
{
	size_t n = strlen(w);
	bool at[64];
	hyphenator_points(h, w, n, at);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (at[i])
			buf_addc(&b, '-');
		buf_addc(&b, w[i]);
	}
	return buf_detach(&b);
}

static int fake_advance(void *ctx, enum font_role role, uint32_t cp)
{
	(void)ctx;
	(void)role;
	if (cp == ' ')
		return 250;
	if (cp >= 0x2E80)
		return 1000;
	return 500;
}

int main(void)
{
	struct ferr e = FERR_INIT;
	struct hyphenator *h = hyphenator_open(HYPHEN_DICT_DEFAULT, &e);
	CHECK(h != NULL, "the patterns load (make deps installs hyphen-en-us): %s", e.msg);
	if (!h)
		return test_done();

	char *t = marked(h, "hyphenation");
	CHECK_STR(t, "hy-phen-ation", "hyphenation");
	free(t);
	t = marked(h, "Information");
	CHECK_STR(t, "In-for-ma-tion", "a capitalised word");
	free(t);
	t = marked(h, "unstable");
	CHECK(strchr(t, '-') != NULL && strncmp(t, "u-", 2) != 0, "unstable breaks, not after one letter: %s", t);
	free(t);
	bool at[64];
	CHECK(hyphenator_points(h, "GitHub", 6, at) == 0, "no points in a name with two capitals");
	CHECK(hyphenator_points(h, "GOOGLE", 6, at) == 0, "or in capitals");
	CHECK(hyphenator_points(h, "tidb", 4, at) == 0, "or in a word under five letters");
	CHECK(hyphenator_points(h, "x86_64", 6, at) == 0, "or in what is not letters only");
	CHECK(hyphenator_points(h, "conversation", 12, at) > 0 && !at[1] && !at[10] && !at[11],
	      "two letters at least before a break, three after");

	struct hyphenator *bad = hyphenator_open("/nonexistent/hyph.dic", &e);
	CHECK(bad == NULL && strstr(e.msg, "/nonexistent/hyph.dic"),
	      "a missing dictionary is an error naming it: %s", e.msg);

	/* The typesetter: a column 10 em wide (100 pt), Latin letters 0.5 em.
	 * "international" cannot follow 七个字 on the first line, which would
	 * then open its gaps wide; broken as "inter-", it fills the line. */
	const struct measurer m = { NULL, fake_advance };
	struct para_style ps = { 0 };
	ps.size = 10;
	ps.width = 100;
	ps.justify = true;
	ps.faces = (struct face_choice){ FONT_SERIF, FONT_SANS, FONT_KAI, FONT_LATIN,
					 FONT_LATIN_BOLD, FONT_LATIN_ITALIC, FONT_MONO };
	const char *text = "一二三四五六 international 合作与交流是重点";
	struct set_para p;
	typeset_paragraph(text, strlen(text), NULL, 0, &ps, &m, &p);
	CHECK(p.nlines >= 2 && !p.lines[0].hyphen, "without patterns: no hyphen");
	double loose = p.nlines ? p.lines[0].runs[0].char_space : 0;
	set_para_release(&p);

	ps.hyph = h;
	typeset_paragraph(text, strlen(text), NULL, 0, &ps, &m, &p);
	CHECK(p.nlines >= 2 && p.lines[0].hyphen, "with them: line 1 ends in a hyphen");
	if (p.nlines >= 2) {
		char *l0 = xstrndup(p.text + p.lines[0].start, p.lines[0].end - p.lines[0].start);
		CHECK(strstr(l0, "inter") && !strstr(l0, "international"), "after a point of the word: %s", l0);
		free(l0);
		const struct set_line *l = &p.lines[0];
		const struct set_run *last = &l->runs[l->nruns - 1];
		CHECK(fabs(l->hyphen_x - (last->x + last->width)) < 1e-6 && l->hyphen_font == FONT_LATIN,
		      "the hyphen follows the last letter, in the Latin face");
		CHECK(fabs(l->hyphen_x + 5 - 100) < 1e-6, "and ends at the measure (%.2f)", l->hyphen_x + 5);
		CHECK(l->runs[0].char_space < loose, "the line is tighter than without (%.2f < %.2f pt)",
		      l->runs[0].char_space, loose);
	}
	set_para_release(&p);

	/* Code and links are never hyphenated. */
	struct span code = { 19, 32, STYLE_CODE, NULL };
	typeset_paragraph(text, strlen(text), &code, 1, &ps, &m, &p);
	CHECK(p.nlines >= 1 && !p.lines[0].hyphen, "a code span keeps its word whole");
	set_para_release(&p);

	hyphenator_close(h);
	return test_done();
}
