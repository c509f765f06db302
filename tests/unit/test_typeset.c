/* Unit tests: setting paragraphs with a fixed-width fake measurer
 * (CJK 1 em, Latin 0.5 em, space 0.25 em). */
#include "test.h"
#include "layout/linebreak.h"
#include "layout/typeset.h"
#include "util.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>

static int fake_advance(void *ctx, enum font_role role, uint32_t cp)
{
	(void)ctx;
	if (cp == 0x20BB7) /* 𠮷: only the rare-b face has it */
		return role == FONT_RARE_B ? 1000 : -1;
	if (cp == 0xE000)
		return -1; /* no face has it */
	if (cp == ' ')
		return 250;
	if (cp >= 0x2E80)
		return 1000;
	return 500;
}

static const struct measurer fake = { NULL, fake_advance };

static struct para_style style(double width, double indent)
{
	struct para_style ps = { 0 };
	ps.size = 10;
	ps.width = width;
	ps.indent = indent;
	ps.justify = true;
	ps.faces = (struct face_choice){ FONT_SERIF, FONT_SANS, FONT_KAI, FONT_LATIN,
					 FONT_LATIN_BOLD, FONT_LATIN_ITALIC, FONT_MONO };
	return ps;
}

static char *line_text(const struct set_para *p, size_t i)
{
	const struct set_line *l = &p->lines[i];
	return xstrndup(p->text + l->start, l->end - l->start);
}

/* The right edge of a line's last run. */
static double right_edge(const struct set_line *l)
{
	const struct set_run *r = &l->runs[l->nruns - 1];
	return r->x + r->width;
}

/* Every line keeps the clreq rules. */
static bool all_lines_ok(const struct set_para *p)
{
	uint32_t cps[4096];
	size_t offs[4096], n = 0, i = 0;
	while (i < p->len && n < 4096) {
		int k = utf8_decode((const unsigned char *)p->text + i, p->len - i, &cps[n]);
		offs[n++] = i;
		i += (size_t)(k > 0 ? k : 1);
	}
	for (size_t l = 0; l < p->nlines; l++) {
		size_t a = 0, b = 0;
		while (a < n && offs[a] < p->lines[l].start)
			a++;
		b = a;
		while (b < n && offs[b] < p->lines[l].end)
			b++;
		if (!lb_line_ok(cps, n, a, b))
			return false;
	}
	return true;
}

int main(void)
{
	struct set_para p;
	struct para_style ps = style(100, 0);
	char *t;

	const char *han = "一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰";
	typeset_paragraph(han, strlen(han), NULL, 0, &ps, &fake, &p);
	CHECK(p.nlines == 3, "25 Han characters at 10 per line: 3 lines (%zu)", p.nlines);
	t = line_text(&p, 0);
	CHECK_STR(t, "一二三四五六七八九十", "first line");
	free(t);
	CHECK(fabs(right_edge(&p.lines[0]) - 100) < 1e-6, "a full line ends at the measure");
	CHECK(p.lines[2].last && fabs(right_edge(&p.lines[2]) - 50) < 1e-6, "the last line is not stretched");
	set_para_release(&p);

	/* A comma that would start a line pulls a character down with it. */
	const char *comma = "一二三四五六七八九十，一二";
	typeset_paragraph(comma, strlen(comma), NULL, 0, &ps, &fake, &p);
	t = line_text(&p, 1);
	CHECK_STR(t, "十，一二", "the comma does not start line 2");
	free(t);
	CHECK(all_lines_ok(&p), "clreq rules kept");
	CHECK(fabs(right_edge(&p.lines[0]) - 100) < 1e-6, "the shorter first line is justified to the measure");
	CHECK(p.lines[0].nruns == 1 && fabs(p.lines[0].runs[0].char_space - 10.0 / 8) < 1e-9,
	      "9 characters share 10 pt over 8 gaps");
	CHECK(fabs(p.lines[0].stretch - 10.0 / 8) < 1e-9 && p.lines[1].stretch == 0,
	      "the line says how far its gaps opened; the last line did not");
	set_para_release(&p);

	/* ... unless half-width punctuation at the line end makes it fit. */
	ps.width = 105;
	typeset_paragraph(comma, strlen(comma), NULL, 0, &ps, &fake, &p);
	t = line_text(&p, 0);
	CHECK_STR(t, "一二三四五六七八九十，", "comma compressed at the line end");
	free(t);
	CHECK(p.lines[0].compressed, "the line says it compressed");
	set_para_release(&p);
	ps.width = 100;

	/* Opening quote never ends a line; —— never splits. */
	const char *quote = "一二三四五六七八九“十一”二三";
	typeset_paragraph(quote, strlen(quote), NULL, 0, &ps, &fake, &p);
	CHECK(all_lines_ok(&p), "“ not at a line end");
	set_para_release(&p);
	const char *dash = "一二三四五六七八九——十一二";
	typeset_paragraph(dash, strlen(dash), NULL, 0, &ps, &fake, &p);
	CHECK(all_lines_ok(&p), "—— kept whole");
	t = line_text(&p, 1);
	CHECK(strncmp(t, "——", 6) != 0, "no line starts with ——: %s", t);
	free(t);
	set_para_release(&p);

	/* Latin words are not split, and get a quarter em from Han. */
	const char *mixed = "一二三四五六七Debian包";
	typeset_paragraph(mixed, strlen(mixed), NULL, 0, &ps, &fake, &p);
	CHECK(all_lines_ok(&p), "Debian not split");
	t = line_text(&p, 1);
	CHECK_STR(t, "Debian包", "the word moves to the next line whole");
	free(t);
	CHECK(p.lines[1].nruns == 2 && p.lines[1].runs[1].x > p.lines[1].runs[0].x + p.lines[1].runs[0].width + 2.4,
	      "quarter em between Debian and 包");
	CHECK(p.lines[1].runs[0].font == FONT_LATIN && p.lines[1].runs[1].font == FONT_SERIF,
	      "Latin in the Latin face, Han in the CJK face");
	set_para_release(&p);

	/* Indent, styles, fallback faces, missing characters. */
	ps = style(100, 20);
	const char *styled = "粗体和斜体𠮷\xee\x80\x80";
	struct span spans[] = { { 0, 6, STYLE_STRONG, NULL }, { 9, 15, STYLE_EMPH, NULL } };
	typeset_paragraph(styled, strlen(styled), spans, 2, &ps, &fake, &p);
	CHECK(p.lines[0].runs[0].x == 20, "first line indented");
	CHECK(p.lines[0].runs[0].font == FONT_SANS, "strong Han in the heavier face");
	bool kai = false, rare = false;
	for (size_t r = 0; r < p.lines[0].nruns; r++) {
		kai |= p.lines[0].runs[r].font == FONT_KAI;
		rare |= p.lines[0].runs[r].font == FONT_RARE_B;
	}
	CHECK(kai, "emphasis in Kai");
	CHECK(rare, "𠮷 falls back to the rare-character face");
	CHECK(p.nmissing == 1 && p.missing[0] == 0xE000, "a character no face has is reported");
	set_para_release(&p);

	/* Long Latin run with no break: cut rather than loop. */
	const char *url = "https://example.org/averyveryverylongpathwithoutanybreakopportunity";
	typeset_paragraph(url, strlen(url), NULL, 0, &ps, &fake, &p);
	CHECK(p.nlines >= 2, "an unbreakable run is cut to the measure (%zu lines)", p.nlines);
	set_para_release(&p);

	/* Justification stretches between Latin words, not inside them. */
	ps = style(100, 0);
	const char *words = "aaaa bbbb cccc dddd eeee ffff";
	typeset_paragraph(words, strlen(words), NULL, 0, &ps, &fake, &p);
	CHECK(p.nlines == 2, "two lines of words");
	bool no_inner = true;
	for (size_t r = 0; r < p.lines[0].nruns; r++)
		if (p.lines[0].runs[r].char_space != 0)
			no_inner = false;
	CHECK(no_inner, "no space added inside words");
	CHECK(fabs(right_edge(&p.lines[0]) - 100) < 1e-6 ||
		      p.text[p.lines[0].end - 1] == ' ',
	      "line 1 reaches the measure");
	set_para_release(&p);

	/* Breaks chosen for the paragraph, not line by line: thirteen Han
	 * characters before a word that needs a line of its own.  Filling the
	 * first line leaves three characters to spread over a whole line; the
	 * slack is shared between the first two lines instead. */
	ps = style(100, 0);
	const char *ahead = "一二三四五六七八九十一二三aaaaaaaaaaaaaaaa";
	typeset_paragraph(ahead, strlen(ahead), NULL, 0, &ps, &fake, &p);
	double widest = 0;
	for (size_t l = 0; l + 1 < p.nlines; l++)
		for (size_t r = 0; r < p.lines[l].nruns; r++)
			if (p.lines[l].runs[r].char_space > widest)
				widest = p.lines[l].runs[r].char_space;
	CHECK(p.nlines == 3, "three lines (%zu)", p.nlines);
	CHECK(widest < 10, "no gap opens by an em or more (widest %.2f pt)", widest);
	t = p.nlines == 3 ? line_text(&p, 2) : xstrdup("");
	CHECK_STR(t, "aaaaaaaaaaaaaaaa", "the word on its own line");
	free(t);
	CHECK(all_lines_ok(&p), "clreq rules kept");
	set_para_release(&p);

	/* A line over the measure by a little: the quarter ems between Han and
	 * Latin give up to half of themselves rather than push 八 down. */
	ps = style(99, 0);
	const char *tight = "一二三四五六七ABC八九十";
	typeset_paragraph(tight, strlen(tight), NULL, 0, &ps, &fake, &p);
	t = line_text(&p, 0);
	CHECK_STR(t, "一二三四五六七ABC八", "八 stays on the line");
	free(t);
	CHECK(fabs(right_edge(&p.lines[0]) - 99) < 1e-6, "which ends at the measure (%.3f)",
	      right_edge(&p.lines[0]));
	const struct set_run *abc = &p.lines[0].runs[1], *ba = &p.lines[0].runs[2];
	CHECK(p.lines[0].nruns == 3 && fabs(ba->x - (abc->x + abc->width) - 2) < 1e-6,
	      "each of the two quarter ems gave 0.5 pt");
	set_para_release(&p);
	ps = style(97, 0); /* 3 pt over: more than the 2.5 pt the gaps can give */
	typeset_paragraph(tight, strlen(tight), NULL, 0, &ps, &fake, &p);
	t = line_text(&p, 0);
	CHECK_STR(t, "一二三四五六七ABC", "八 goes down when 3 pt are needed");
	free(t);
	set_para_release(&p);

	/* Spaces beside full-width punctuation, at every measure: no line
	 * starts with the 。 or ends with the “, the spaces are not printed,
	 * and nothing opens between a quote and its word, a stop and what it
	 * ends, or the two halves of ——. */
	const char *spaced = "这一章假定最新的稳定版的代号为：bullseye 。有一张完整的地图叫做“SOURCE CODE”，"
			     "它非常准确但极难理解。 下一句说“ 空格 ”和——破折号——之间没有缝。";
	int rules_ok = 1, unprinted = 1, tight_ok = 1, lines_seen = 0;
	for (double w = 45; w <= 245; w += 0.5) { /* from the narrowest "bullseye。" fits */
		ps = style(w, 0);
		typeset_paragraph(spaced, strlen(spaced), NULL, 0, &ps, &fake, &p);
		if (!all_lines_ok(&p))
			rules_ok = 0;
		for (size_t l = 0; l < p.nlines; l++) {
			const struct set_line *ln = &p.lines[l];
			lines_seen++;
			for (size_t r = 0; r < ln->nruns; r++) {
				const struct set_run *run = &ln->runs[r];
				char *rt = xstrndup(p.text + run->start, run->end - run->start);
				/* a printed space touching full-width punctuation */
				if (strstr(rt, " 。") || strstr(rt, "“ ") || strstr(rt, " ”") ||
				    strstr(rt, "。 ") || (rt[0] == ' ' && run->end - run->start == 1))
					unprinted = 0;
				free(rt);
				/* a run that ends in “ or a first — is followed by a
				 * glyph drawn right after it */
				if (r + 1 < ln->nruns && run->end - run->start >= 3 &&
				    (!memcmp(p.text + run->end - 3, "“", 3) ||
				     (!memcmp(p.text + run->end - 3, "—", 3) &&
				      !memcmp(p.text + run->end, "—", 3))) &&
				    fabs(ln->runs[r + 1].x - (run->x + run->width)) > 1e-6 &&
				    ln->runs[r + 1].start == run->end)
					tight_ok = 0;
			}
		}
		set_para_release(&p);
	}
	CHECK(rules_ok, "spaces beside punctuation: every line keeps clreq at 401 measures (%d lines)",
	      lines_seen);
	CHECK(unprinted, "a space beside full-width punctuation is not printed");
	CHECK(tight_ok, "no gap opens after “ or inside ——");
	ps = style(60, 0);
	const char *q = "一二三“ABCD EFGH”四";
	typeset_paragraph(q, strlen(q), NULL, 0, &ps, &fake, &p);
	t = line_text(&p, 0);
	CHECK(strcmp(t, "一二三“") != 0, "a line never ends with “ (first line: %s)", t);
	free(t);
	set_para_release(&p);
	return test_done();
}
