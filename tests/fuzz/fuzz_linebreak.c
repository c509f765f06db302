/*
 * fuzz_linebreak.c - lb_opportunities() over the code points of the text
 * and typeset_paragraph() with a fixed-width fake measurer (as in
 * tests/unit/test_typeset.c), its widths and the paragraph style taken
 * from the first bytes:
 *
 *   byte 0  CJK advance / 8      byte 3  measure, pt
 *   byte 1  Latin advance / 4    byte 4  flags: 1 justify, 2 centre, 4 right,
 *   byte 2  space advance / 4            8|16 indent 0-3 em, 32 spans,
 *   byte 5  font size - 1 (mod 48)       64 some characters in no face
 *   the rest: the paragraph (NUL bytes refused: no caller passes them)
 *
 * Invariants: no break before cps[0], a space, or closing punctuation, nor
 * after opening punctuation; every line makes progress (start < end), the
 * lines cover the text in order with only spaces between them and after
 * the last, on character boundaries; each line's runs are contiguous from
 * its start, inside it, in a face that exists, with finite positions; the
 * last line, and only it or a line ended by '\n', is marked last.
 */
#include "fuzz.h"
#include "layout/linebreak.h"
#include "layout/typeset.h"
#include "utf8.h"

#include <ctype.h>
#include <math.h>
#include <stdbool.h>

struct widths {
	int cjk, latin, space;
	bool holes;
};

static bool latin_face(enum font_role r)
{
	return r == FONT_LATIN || r == FONT_LATIN_BOLD || r == FONT_LATIN_ITALIC;
}

static int fake_advance(void *ctx, enum font_role role, uint32_t cp)
{
	const struct widths *w = ctx;
	if (w->holes && cp % 7 == 3 && cp > 0x7F)
		return -1; /* no face has it */
	if (cp >= 0x20000)
		return role == FONT_RARE_B ? w->cjk : -1;
	if (cp == ' ')
		return w->space;
	if (cp >= 0x2E80)
		return latin_face(role) ? -1 : w->cjk;
	return w->latin;
}

/* Decode as typeset.c does: a bad byte is one U+FFFD. */
static size_t decode(const char *s, size_t len, uint32_t *cps, size_t *offs)
{
	size_t n = 0, i = 0;
	while (i < len) {
		int k = utf8_decode((const unsigned char *)s + i, len - i, &cps[n]);
		if (k < 0) {
			cps[n] = 0xFFFD;
			k = 1;
		}
		offs[n++] = i;
		i += (size_t)k;
	}
	offs[n] = len;
	return n;
}

/* The index of the character starting at byte off, or n+1 if none does. */
static size_t char_at(const size_t *offs, size_t n, size_t off)
{
	size_t lo = 0, hi = n + 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (offs[mid] < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo <= n && offs[lo] == off ? lo : n + 1;
}

static bool blank(uint32_t cp)
{
	return cp != '\n' && utf8_is_space(cp);
}

static void check_breaks(const uint32_t *cps, size_t n, const bool *brk)
{
	if (n)
		FUZZ_CHECK(!brk[0], "break before the first character");
	for (size_t i = 1; i < n; i++) {
		if (!brk[i])
			continue;
		FUZZ_CHECK(!utf8_is_space(cps[i]), "break before space U+%04X at %zu", cps[i], i);
		FUZZ_CHECK(!lb_no_start(cps[i]), "line may start with U+%04X at %zu", cps[i], i);
		FUZZ_CHECK(utf8_is_space(cps[i - 1]) || !lb_no_end(cps[i - 1]),
			   "line may end with U+%04X at %zu", cps[i - 1], i);
	}
}

static void check_para(const struct set_para *p, const char *text, size_t len, const uint32_t *cps,
		       const size_t *offs, size_t n)
{
	size_t prev_end = 0;
	FUZZ_CHECK(p->len == len, "len %zu, not %zu", p->len, len);
	FUZZ_CHECK(n == 0 || p->nlines > 0, "%zu characters, no lines", n);
	FUZZ_CHECK(p->nlines == 0 || p->lines[0].start == 0, "first line starts at %zu",
		   p->nlines ? p->lines[0].start : 0);
	for (size_t l = 0; l < p->nlines; l++) {
		const struct set_line *ln = &p->lines[l];
		size_t a = char_at(offs, n, ln->start), b = char_at(offs, n, ln->end);
		FUZZ_CHECK(ln->start < ln->end, "line %zu is empty (%zu)", l, ln->start);
		FUZZ_CHECK(ln->end <= len, "line %zu ends at %zu of %zu", l, ln->end, len);
		FUZZ_CHECK(a <= n && b <= n, "line %zu [%zu,%zu) not on character boundaries", l,
			   ln->start, ln->end);
		FUZZ_CHECK(ln->start >= prev_end, "line %zu starts at %zu before %zu", l, ln->start,
			   prev_end);
		for (size_t k = char_at(offs, n, prev_end); k < a; k++)
			FUZZ_CHECK(blank(cps[k]), "line %zu skips U+%04X at byte %zu", l, cps[k], offs[k]);
		FUZZ_CHECK(isfinite(ln->width), "line %zu width %g", l, ln->width);
		bool ends_nl = cps[b - 1] == '\n';
		FUZZ_CHECK(!ln->last || l + 1 == p->nlines || ends_nl,
			   "line %zu marked last, %zu lines", l, p->nlines);
		FUZZ_CHECK(l + 1 < p->nlines || ln->last || fuzz_tolerate("linebreak-last-line"),
			   "the last line is not marked last");
		FUZZ_CHECK(!ends_nl || ln->last, "line %zu ends at a hard break, not marked last", l);
		for (size_t k = a; k + 1 < b; k++)
			FUZZ_CHECK(cps[k] != '\n', "line %zu runs past a hard break at byte %zu", l,
				   offs[k]);

		size_t at = ln->start;
		for (size_t r = 0; r < ln->nruns; r++) {
			const struct set_run *run = &ln->runs[r];
			FUZZ_CHECK(run->start == at && run->start < run->end && run->end <= ln->end,
				   "line %zu [%zu,%zu) run %zu [%zu,%zu), expected from %zu", l,
				   ln->start, ln->end, r, run->start, run->end, at);
			FUZZ_CHECK((int)run->font >= 0 && run->font < FONT_ROLE_COUNT, "font %d",
				   (int)run->font);
			FUZZ_CHECK(isfinite(run->x) && isfinite(run->width) && isfinite(run->char_space),
				   "run %zu of line %zu: x %g width %g char_space %g", r, l, run->x,
				   run->width, run->char_space);
			at = run->end;
		}
		for (size_t k = char_at(offs, n, at); k < b; k++)
			FUZZ_CHECK(utf8_is_space(cps[k]), "line %zu: U+%04X at byte %zu in no run", l,
				   cps[k], offs[k]);
		(void)lb_line_ok(cps, n, a, b);
		if (ln->hyphen) {
			/* Only inside a word of ASCII letters, never at its ends. */
			bool letter_before = b > 0 && cps[b - 1] < 0x80 && isalpha((int)cps[b - 1]);
			bool letter_after = b < n && cps[b] < 0x80 && isalpha((int)cps[b]);
			FUZZ_CHECK(letter_before && letter_after && isfinite(ln->hyphen_x),
				   "line %zu hyphenated at byte %zu, not inside a word", l, ln->end);
		}
		prev_end = ln->end;
	}
	for (size_t k = char_at(offs, n, prev_end); k < n; k++)
		FUZZ_CHECK(blank(cps[k]), "U+%04X at byte %zu after the last line", cps[k], offs[k]);
	for (size_t i = 0; i < p->nmissing; i++)
		FUZZ_CHECK(p->missing[i] > 0x7F, "U+%04X reported missing", p->missing[i]);
	(void)text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum { HEADER = 6 };
	if (size < HEADER || size > FUZZ_MAX_INPUT)
		return -1;
	const char *text = (const char *)data + HEADER;
	size_t len = size - HEADER;
	if (memchr(text, '\0', len))
		return -1;

	struct widths w = { data[0] * 8, data[1] * 4, data[2] * 4, (data[4] & 64) != 0 };
	struct measurer m = { &w, fake_advance };
	struct para_style ps = { 0 };
	ps.size = 1 + data[5] % 48;
	ps.width = data[3];
	ps.indent = ((data[4] >> 3) & 3) * ps.size;
	ps.justify = data[4] & 1;
	ps.center = data[4] & 2;
	ps.right = data[4] & 4;
	ps.faces = (struct face_choice){ FONT_SERIF, FONT_SANS, FONT_KAI, FONT_LATIN,
					 FONT_LATIN_BOLD, FONT_LATIN_ITALIC, FONT_MONO };
	/* English hyphenation on every other input (the patterns are loaded
	 * once; without them the harness goes on without). */
	static struct hyphenator *hyph;
	static bool hyph_tried;
	if (!hyph_tried) {
		struct ferr e = FERR_INIT;
		hyph = hyphenator_open(HYPHEN_DICT_DEFAULT, &e);
		hyph_tried = true;
	}
	ps.hyph = data[4] & 128 ? hyph : NULL;

	uint32_t *cps = calloc(len + 1, sizeof(*cps));
	size_t *offs = malloc((len + 1) * sizeof(*offs));
	bool *brk = malloc(len + 1);
	if (!cps || !offs || !brk)
		abort();
	size_t n = decode(text, len, cps, offs);
	lb_opportunities(cps, n, brk);
	check_breaks(cps, n, brk);
	for (size_t i = 0; i < n; i++) {
		(void)lb_no_start(cps[i]);
		(void)lb_no_end(cps[i]);
		(void)lb_compressible(cps[i]);
	}

	struct span spans[3];
	size_t nspans = 0;
	if (data[4] & 32) {
		spans[nspans++] = (struct span){ len / 4, len / 2, STYLE_STRONG, NULL };
		spans[nspans++] = (struct span){ len / 3, 2 * len / 3, STYLE_EMPH | STYLE_LINK,
						 "https://example.org/" };
		spans[nspans++] = (struct span){ 0, len / 5, STYLE_CODE, NULL };
	}
	struct set_para p;
	FUZZ_CHECK(typeset_paragraph(text, len, spans, nspans, &ps, &m, &p) == 0,
		   "typeset_paragraph failed");
	check_para(&p, text, len, cps, offs, n);
	(void)measure_text(&m, FONT_SERIF, ps.size, p.text);
	set_para_release(&p);

	free(cps);
	free(offs);
	free(brk);
	return 0;
}
