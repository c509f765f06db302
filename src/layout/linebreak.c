/* linebreak.c - clreq line-break opportunities for Chinese and mixed text. */
#include "linebreak.h"
#include "../utf8.h"

bool lb_no_start(uint32_t cp)
{
	switch (cp) {
	case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF1F: /* 。，、；：？ */
	case 0xFF01: case 0xFF09: case 0xFF3D: case 0xFF5D: case 0x3015: case 0x3009: /* ！）］｝〕〉 */
	case 0x300B: case 0x300D: case 0x300F: case 0x3011: case 0x3017: case 0x2019: /* 》」』】〗’ */
	case 0x201D: case 0x2026: case 0x2014: case 0xFF5E: case 0x00B7: case 0x30FB: /* ”…—～·・ */
	case 0xFF0E: case 0x3003: case 0x301E: case 0x301F:                           /* ．〃〞〟 */
	case '.': case ',': case ';': case ':': case '?': case '!': case ')': case ']': case '}':
	case '%': case 0xFF05: /* ％ */
		return true;
	default:
		return false;
	}
}

bool lb_no_end(uint32_t cp)
{
	switch (cp) {
	case 0xFF08: case 0xFF3B: case 0xFF5B: case 0x3014: case 0x3008: case 0x300A: /* （［｛〔〈《 */
	case 0x300C: case 0x300E: case 0x3010: case 0x3016: case 0x2018: case 0x201C: /* 「『【〖‘“ */
	case 0x301D:                                                                   /* 〝 */
	case '(': case '[': case '{':
		return true;
	default:
		return false;
	}
}

bool lb_compressible(uint32_t cp)
{
	switch (cp) {
	case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF1F: case 0xFF01:
	case 0xFF09: case 0xFF3D: case 0xFF5D: case 0x3015: case 0x3009: case 0x300B: case 0x300D:
	case 0x300F: case 0x3011: case 0x3017: case 0x201D: case 0x2019:
		return true;
	default:
		return false;
	}
}

/* Symbols set like ideographs, each its own unit: radicals, strokes,
 * enclosed and compatibility CJK, enclosed alphanumerics, arrows, maths
 * operators, box drawing and shapes, dingbats. */
static bool symbol_unit(uint32_t cp)
{
	return (cp >= 0x2190 && cp <= 0x2BFF) || (cp >= 0x2E80 && cp <= 0x2FFF) ||
	       (cp >= 0x31C0 && cp <= 0x31EF) || (cp >= 0x3200 && cp <= 0x33FF) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0x1F000 && cp <= 0x1FAFF);
}

/* Characters that make up an unbreakable Latin word, number or URL. */
static bool latinish(uint32_t cp)
{
	return cp > 0x20 && cp != 0x3000 && !utf8_is_space(cp) && !utf8_is_cjk(cp) &&
	       !(cp >= 0x3000 && cp <= 0x303F) && !(cp >= 0xFF00 && cp <= 0xFFEF) &&
	       !(cp >= 0x2010 && cp <= 0x2027 && cp != 0x2010 && cp != 0x2011) && cp != 0x00B7 &&
	       !symbol_unit(cp);
}

static bool is_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}

/* Latin, Greek and Cyrillic letters. */
static bool is_letter(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	       (cp >= 0x370 && cp <= 0x4FF);
}

/* Units that stay with the number before them. */
static bool unit_after_number(uint32_t cp)
{
	return utf8_is_han(cp) || cp == '%' || cp == 0xFF05 || cp == 0x2103 /* ℃ */ ||
	       cp == 0x00B0 /* ° */ || cp == 0x2030 /* ‰ */;
}

void lb_opportunities(const uint32_t *cps, size_t n, bool *brk)
{
	size_t run_start = 0; /* start of the current Latin run */
	bool words = true;    /* the run so far has only letters and hyphens */
	for (size_t i = 0; i < n; i++) {
		uint32_t b = cps[i], a = i ? cps[i - 1] : 0;
		if (i == 0 || (latinish(b) && !latinish(a))) {
			run_start = i;
			words = true;
		}
		if (i > run_start && !is_letter(a) && a != '-')
			words = false;
		if (i == 0) {
			brk[0] = false;
			continue;
		}
		bool ok;
		/* Spaces hang at the end of the line; closing punctuation never
		 * starts one. */
		if (utf8_is_space(b) || lb_no_start(b))
			ok = false;
		else if (utf8_is_space(a)) {
			/* after spaces, unless what they follow is opening
			 * punctuation: "“ SOURCE" keeps the quote with its word */
			size_t k = i - 1;
			while (k > 0 && utf8_is_space(cps[k]))
				k--;
			ok = !lb_no_end(cps[k]);
		}
		else if (latinish(a) && latinish(b))
			/* inside a word, number or URL: only after the hyphen of
			 * a compound word (Set-|Group-|ID), or after - or / in a
			 * long run (a URL, a path) */
			ok = ((a == '-' && words && i - run_start >= 3 && is_letter(b) &&
			       is_letter(cps[i - 2])) ||
			      ((a == '-' || a == '/') && i - run_start >= 12)) &&
			     !is_digit(b);
		else
			ok = !lb_no_end(a) && !(a == 0x2014 && b == 0x2014) &&
			     !(a == 0x2026 && b == 0x2026) && !(is_digit(a) && unit_after_number(b));
		brk[i] = ok;
	}
}

bool lb_line_ok(const uint32_t *cps, size_t n, size_t a, size_t b)
{
	if (a >= b || b > n)
		return false;
	/* Spaces at the ends do not count. */
	while (a < b && utf8_is_space(cps[a]))
		a++;
	size_t last = b;
	while (last > a && utf8_is_space(cps[last - 1]))
		last--;
	if (a == last)
		return true;
	if (a > 0 && lb_no_start(cps[a]))
		return false;
	if (b < n && lb_no_end(cps[last - 1]))
		return false;
	if (b < n && b > 0) {
		uint32_t x = cps[b - 1], y = cps[b];
		if ((x == 0x2014 && y == 0x2014) || (x == 0x2026 && y == 0x2026))
			return false;
		if (latinish(x) && latinish(y) && !(x == '-' || x == '/'))
			return false;
		if (is_digit(x) && unit_after_number(y))
			return false;
	}
	return true;
}
