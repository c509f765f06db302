/*
 * text.h - text normalisation every stored article goes through: Unicode
 * NFC (through utf8proc) and LF line endings.
 *
 * Ownership: text_normalize() returns a heap string the caller frees.
 */
#ifndef FOLIO_TEXT_H
#define FOLIO_TEXT_H

#include <stddef.h>
#include "util.h"

/* NFC of s[0..len) (valid UTF-8) with CR LF and lone CR turned into LF.
 * *out_len (may be NULL) receives the length.  Returns NULL with a message
 * in *e if utf8proc refuses the text. */
char *text_normalize(const char *s, size_t len, size_t *out_len, struct ferr *e);

/* Number of characters that count in an article's length: code points
 * that are not white space (the Chinese 字数 convention). */
long long text_char_count(const char *s, size_t len);

/* ASCII , : ; ! ? ( ) between CJK characters (or CJK punctuation) turned
 * into their full-width forms: "近年来,为顺应" -> "近年来，为顺应".  A pair of
 * parentheses is converted when it encloses CJK text and touches CJK text
 * on either side.  Caller frees. */
char *text_cjk_punct(const char *s, size_t len);
/* The same, and map[i] (len + 1 entries, the caller's) receives where
 * input byte i went in the output, map[len] the output's length. */
char *text_cjk_punct_map(const char *s, size_t len, size_t *map);

#endif
