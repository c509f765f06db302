/* tokenize.c - CJK bigrams, single CJK characters, case-folded words. */
#include "tokenize.h"
#include "utf8.h"

#include <utf8proc.h>

/* Fold one code point of a word: lower case, full-width ASCII to ASCII. */
static uint32_t fold(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp < 0x80)
		return cp;
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return cp - 0xFF10 + '0';
	if (cp >= 0xFF21 && cp <= 0xFF3A)
		return cp - 0xFF21 + 'a';
	if (cp >= 0xFF41 && cp <= 0xFF5A)
		return cp - 0xFF41 + 'a';
	return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

#define MAX_WORD 256 /* bytes; longer words are cut, consistently */

int tokenize(const char *text, size_t len, enum tokenize_mode mode, token_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	/* The previous CJK character of the current run, if any. */
	size_t prev_start = 0, prev_len = 0;
	bool in_run = false;
	int rc;

	while (i < len) {
		uint32_t cp = 0;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			in_run = false;
			i++;
			continue;
		}
		if (utf8_is_cjk(cp)) {
			if (mode == TOKENIZE_CHARS)
				rc = fn(ctx, TOKEN_CHAR, text + i, (size_t)n, i, i + (size_t)n);
			else if (in_run)
				rc = fn(ctx, TOKEN_BIGRAM, text + prev_start, prev_len + (size_t)n,
					prev_start, i + (size_t)n);
			else
				rc = 0;
			if (rc)
				return rc;
			in_run = true;
			prev_start = i;
			prev_len = (size_t)n;
			i += (size_t)n;
			continue;
		}
		in_run = false;
		if (mode == TOKENIZE_BIGRAMS && utf8_is_word(cp)) {
			char word[MAX_WORD + 4];
			size_t wl = 0, start = i;
			while (i < len) {
				n = utf8_decode(s + i, len - i, &cp);
				if (n < 0 || !utf8_is_word(cp))
					break;
				if (wl + 4 <= MAX_WORD)
					wl += (size_t)utf8_encode(fold(cp), word + wl);
				i += (size_t)n;
			}
			rc = fn(ctx, TOKEN_WORD, word, wl, start, i);
			if (rc)
				return rc;
			continue;
		}
		i += (size_t)n;
	}
	return 0;
}
