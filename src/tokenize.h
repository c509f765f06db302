/*
 * tokenize.h - how folio cuts text into search terms, shared by the index
 * and by queries so the two always agree.
 *
 * Two cuts, for two indexes:
 *  - TOKENIZE_BIGRAMS: runs of CJK characters give overlapping bigrams
 *    (鄞州区 -> 鄞州 州区); a run of one character gives nothing.  Runs of
 *    letters and digits give one case-folded word each (full-width forms
 *    folded to ASCII).  A query of two or more CJK characters is then an
 *    exact phrase of bigrams.
 *  - TOKENIZE_CHARS: every CJK character alone.  Kept in a second index
 *    without positions, it answers one-character queries exactly and
 *    cheaply, where a prefix query over bigrams would merge hundreds of
 *    doclists.
 * Everything else separates terms.
 */
#ifndef FOLIO_TOKENIZE_H
#define FOLIO_TOKENIZE_H

#include <stddef.h>
#include <stdbool.h>

enum tokenize_mode { TOKENIZE_BIGRAMS, TOKENIZE_CHARS };
enum token_kind { TOKEN_WORD, TOKEN_BIGRAM, TOKEN_CHAR };

/* Called for each term: text (not NUL-terminated, valid only during the
 * call), its byte span in the input, and its kind.  A non-zero return stops
 * tokenizing and is returned by tokenize(). */
typedef int (*token_fn)(void *ctx, enum token_kind kind, const char *term, size_t len,
			size_t start, size_t end);

/* Tokenize text[0..len).  Invalid UTF-8 bytes separate terms. */
int tokenize(const char *text, size_t len, enum tokenize_mode mode, token_fn fn, void *ctx);

#endif
