/* utf8.c - UTF-8 decoding and code point classes for Chinese text. */
#include "utf8.h"

int utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

long utf8_invalid_offset(const unsigned char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0)
			return (long)i;
		i += (size_t)n;
	}
	return -1;
}

size_t utf8_count(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

bool utf8_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) ||   /* CJK Unified */
	       (cp >= 0x3400 && cp <= 0x4DBF) ||   /* Extension A */
	       (cp >= 0xF900 && cp <= 0xFAFF) ||   /* Compatibility */
	       (cp >= 0x20000 && cp <= 0x323AF) || /* Extensions B-H, compat. supplement */
	       cp == 0x3007;                       /* 〇 */
}

bool utf8_is_cjk(uint32_t cp)
{
	return utf8_is_han(cp) ||
	       (cp >= 0x3040 && cp <= 0x30FF) || /* kana */
	       (cp >= 0x3100 && cp <= 0x312F) || /* bopomofo */
	       (cp >= 0xAC00 && cp <= 0xD7AF);   /* Hangul syllables */
}

bool utf8_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
	       cp == '\v' || cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF ||
	       (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F;
}

bool utf8_is_word(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 'A' && cp <= 'Z') || cp == '_' ||
	       (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || /* Latin-1, Ext-A/B */
	       (cp >= 0x370 && cp <= 0x3FF) ||                            /* Greek */
	       (cp >= 0x400 && cp <= 0x4FF) ||                            /* Cyrillic */
	       (cp >= 0x1E00 && cp <= 0x1EFF) ||                          /* Latin Ext. Additional */
	       (cp >= 0xFF10 && cp <= 0xFF19) ||                          /* full-width digits */
	       (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
}
