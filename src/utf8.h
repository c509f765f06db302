/*
 * utf8.h - decoding UTF-8 and classifying code points the way Chinese text
 * needs (Han ideographs, CJK punctuation, full-width spaces).
 *
 * Pure functions on caller-owned memory; nothing here allocates.
 */
#ifndef FOLIO_UTF8_H
#define FOLIO_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

/* Decode the code point at s[0..len).  Returns its byte length (1..4) and
 * stores it in *cp; for an invalid or truncated sequence returns -1.
 * Overlong forms, surrogates and values above U+10FFFF are invalid.
 * Inline: it is called for every character of every article. */
static inline int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	uint32_t c;
	int n;
	if (!len)
		return -1;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
	} else {
		return -1;
	}
	if ((size_t)n > len)
		return -1;
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10FFFF)) ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return n;
}

/* Encode cp into out (at least 4 bytes); returns the byte count. */
int utf8_encode(uint32_t cp, char out[4]);

/* Offset of the first invalid byte, or -1 if all of s[0..len) is UTF-8. */
long utf8_invalid_offset(const unsigned char *s, size_t len);

/* Number of code points in a valid UTF-8 string. */
size_t utf8_count(const char *s, size_t len);

/* Han ideographs: CJK Unified (incl. Extensions A-H), Compatibility. */
bool utf8_is_han(uint32_t cp);
/* Any character written in a CJK script: Han, kana, Hangul, bopomofo. */
bool utf8_is_cjk(uint32_t cp);
/* White space, including U+3000 IDEOGRAPHIC SPACE and U+00A0. */
bool utf8_is_space(uint32_t cp);
/* Letters and digits of alphabetic scripts (Latin, Greek, Cyrillic, full-width
 * ASCII letters and digits): what makes up a "word" in search. */
bool utf8_is_word(uint32_t cp);

#endif
