/* text.c - NFC and line-ending normalisation, character counts. */
#include "text.h"
#include "buf.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Code points that are NFC_Quick_Check=Yes with canonical combining class 0
 * and compose with nothing before them: a text made only of these is
 * already NFC.  Most Chinese news text is, and utf8proc is then skipped. */
static bool nfc_stable(uint32_t cp)
{
	return cp < 0x300 ||                    /* ASCII, Latin-1, Latin Extended */
	       (cp >= 0x2010 && cp <= 0x2027) || /* dashes, quotes, ellipsis */
	       (cp >= 0x2190 && cp <= 0x21FF) || /* arrows */
	       (cp >= 0x2460 && cp <= 0x25FF) || /* ① etc., box drawing, ■ □ ● */
	       (cp >= 0x3000 && cp <= 0x3029) || /* ideographic space, 、。《》「」【】 */
	       (cp >= 0x4E00 && cp <= 0x9FFF) || /* CJK Unified Ideographs */
	       (cp >= 0xFF01 && cp <= 0xFF5E);   /* full-width forms */
}

static bool already_nfc(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		int n = utf8_decode(p + i, len - i, &cp);
		if (n < 0 || !nfc_stable(cp))
			return false;
		i += (size_t)n;
	}
	return true;
}

char *text_normalize(const char *s, size_t len, size_t *out_len, struct ferr *e)
{
	struct buf lf = BUF_INIT;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n;

	buf_grow(&lf, len);
	if (!memchr(s, '\r', len))
		buf_add(&lf, s, len);
	else
		for (size_t i = 0; i < len; i++) {
			if (s[i] == '\r') {
				buf_addc(&lf, '\n');
				if (i + 1 < len && s[i + 1] == '\n')
					i++;
			} else {
				buf_addc(&lf, s[i]);
			}
		}
	if (already_nfc(lf.data, lf.len)) {
		if (out_len)
			*out_len = lf.len;
		return buf_detach(&lf);
	}
	n = utf8proc_map((const utf8proc_uint8_t *)lf.data, (utf8proc_ssize_t)lf.len, &nfc,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	buf_release(&lf);
	if (n < 0) {
		ferr_set(e, FOLIO_EINPUT, "cannot normalise text: %s", utf8proc_errmsg(n));
		return NULL;
	}
	if (out_len)
		*out_len = (size_t)n;
	return (char *)nfc;
}

long long text_char_count(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	long long count = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(p + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		if (!utf8_is_space(cp))
			count++;
		i += (size_t)n;
	}
	return count;
}

/* CJK text or CJK punctuation: what ASCII punctuation must sit between to
 * become full width. */
static bool cjkish(uint32_t cp)
{
	return utf8_is_cjk(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       (cp >= 0x2018 && cp <= 0x201F);
}

static uint32_t cp_before(const char *s, size_t i)
{
	uint32_t cp = 0;
	if (i == 0)
		return 0;
	size_t j = i - 1;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	if (utf8_decode((const unsigned char *)s + j, i - j, &cp) < 0)
		return 0;
	return cp;
}

static uint32_t cp_at(const char *s, size_t len, size_t i)
{
	uint32_t cp = 0;
	if (i >= len || utf8_decode((const unsigned char *)s + i, len - i, &cp) < 0)
		return 0;
	return cp;
}

/* The matching ')' for the '(' at open, on the same line, or 0. */
static size_t closing_paren(const char *s, size_t len, size_t open)
{
	int depth = 0;
	for (size_t i = open; i < len && s[i] != '\n'; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth == 0)
			return i;
	}
	return 0;
}

static bool has_cjk(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n < 0)
			n = 1;
		else if (utf8_is_cjk(cp))
			return true;
		i += (size_t)n;
	}
	return false;
}

char *text_cjk_punct(const char *s, size_t len)
{
	return text_cjk_punct_map(s, len, NULL);
}

char *text_cjk_punct_map(const char *s, size_t len, size_t *map)
{
	struct buf out = BUF_INIT;
	/* Closing parentheses already decided, by their offsets. */
	size_t *closes = NULL, nclose = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		const char *fw = NULL;
		if (map)
			map[i] = out.len;
		switch (c) {
		case ',': fw = "，"; break;
		case ':': fw = "："; break;
		case ';': fw = "；"; break;
		case '!': fw = "！"; break;
		case '?': fw = "？"; break;
		default: break;
		}
		if (fw) {
			/* after a ')' made full width, as after any CJK */
			bool after_fw = false;
			for (size_t k = 0; i > 0 && k < nclose; k++)
				after_fw = after_fw || closes[k] == i - 1;
			if ((after_fw || cjkish(cp_before(s, i))) && cjkish(cp_at(s, len, i + 1))) {
				buf_adds(&out, fw);
				continue;
			}
		} else if (c == '(') {
			size_t close = closing_paren(s, len, i);
			if (close && has_cjk(s + i + 1, close - i - 1) &&
			    (cjkish(cp_before(s, i)) || cjkish(cp_at(s, len, close + 1)) ||
			     cjkish(cp_at(s, len, i + 1)))) {
				closes = xgrow(closes, nclose, sizeof(*closes));
				closes[nclose++] = close;
				buf_adds(&out, "（");
				continue;
			}
		} else if (c == ')') {
			bool mine = false;
			for (size_t k = 0; k < nclose; k++)
				if (closes[k] == i)
					mine = true;
			if (mine) {
				buf_adds(&out, "）");
				continue;
			}
		}
		buf_addc(&out, c);
	}
	if (map)
		map[len] = out.len;
	free(closes);
	return buf_detach(&out);
}
