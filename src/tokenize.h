/*
 * tokenize.h - how folio cuts text into search terms, shared by the index
 * and by query parsing so the two always agree.
 *
 * Runs of CJK characters give overlapping bigrams (鄞州区 -> 鄞州 州区); in
 * a document, the last character of every run is also given alone (区), so
 * that every occurrence of a character X is the start of some term: a
 * one-character query becomes the prefix query X*, which is exact.  Runs of
 * letters and digits give one case-folded word each (full-width forms folded
 * to ASCII).  Everything else separates terms.
 */
#ifndef FOLIO_TOKENIZE_H
#define FOLIO_TOKENIZE_H

#include <stddef.h>
#include <stdbool.h>

enum token_kind { TOKEN_WORD, TOKEN_BIGRAM, TOKEN_UNIGRAM };

/* Called for each term: text (not NUL-terminated, valid only during the
 * call), its byte span in the input, and its kind.  A non-zero return stops
 * tokenizing and is returned by tokenize(). */
typedef int (*token_fn)(void *ctx, enum token_kind kind, const char *term, size_t len,
			size_t start, size_t end);

/* Tokenize text[0..len).  for_query: leave out the run-final single
 * characters (a query's runs of two or more characters are phrases of
 * bigrams).  Invalid UTF-8 bytes separate terms. */
int tokenize(const char *text, size_t len, bool for_query, token_fn fn, void *ctx);

#endif
