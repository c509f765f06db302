/* tokenize.c - CJK bigrams and case-folded words, for index and queries. */
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

int tokenize(const char *text, size_t len, bool for_query, token_fn fn, void *ctx)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;
	/* The previous CJK character of the current run, if any. */
	size_t prev_start = 0, prev_len = 0;
	bool in_run = false;
	size_t run_chars = 0;
	int rc;

	while (i <= len) {
		uint32_t cp = 0;
		int n = 0;
		if (i < len) {
			n = utf8_decode(s + i, len - i, &cp);
			if (n < 0) {
				n = 1;
				cp = 0xFFFD; /* separator */
			}
		}
		if (i < len && utf8_is_cjk(cp)) {
			if (in_run) {
				rc = fn(ctx, TOKEN_BIGRAM, text + prev_start, prev_len + (size_t)n,
					prev_start, i + (size_t)n);
				if (rc)
					return rc;
			}
			in_run = true;
			run_chars++;
			prev_start = i;
			prev_len = (size_t)n;
			i += (size_t)n;
			continue;
		}
		if (in_run) {
			if (!for_query || run_chars == 1) {
				rc = fn(ctx, TOKEN_UNIGRAM, text + prev_start, prev_len, prev_start,
					prev_start + prev_len);
				if (rc)
					return rc;
			}
			in_run = false;
			run_chars = 0;
		}
		if (i >= len)
			break;
		if (utf8_is_word(cp)) {
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
