/*
 * buf.h - a growable byte buffer, always NUL-terminated.
 *
 * Invariant: after buf_init() (or BUF_INIT), b->data is never NULL and
 * b->data[b->len] == '\0', so b->data can always be used as a C string.
 * The buffer owns b->data; buf_release() frees it and leaves an empty
 * buffer; buf_detach() hands it to the caller, who frees it with free().
 */
#ifndef FOLIO_BUF_H
#define FOLIO_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap; /* 0 while data points at the shared empty string */
};

extern char buf_empty_[1];
#define BUF_INIT { buf_empty_, 0, 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);
char *buf_detach(struct buf *b); /* caller frees; b is left empty */
void buf_grow(struct buf *b, size_t extra);
/* Room for exactly extra more bytes (a size known beforehand: no slack). */
void buf_reserve(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* buf_addf with a va_list (ap is used up). */
void buf_vaddf(struct buf *b, const char *fmt, va_list ap);
void buf_truncate(struct buf *b, size_t len);
void buf_reset(struct buf *b);
/* Drop trailing ASCII white space. */
void buf_rtrim(struct buf *b);
/* Append s as a JSON string literal (quotes included), or null if s is NULL.
 * Always valid JSON: a byte that is not part of valid UTF-8 (a file name in
 * Latin-1, say) is written as U+FFFD; control characters are escaped. */
void buf_add_json_string(struct buf *b, const char *s);

/* Decode base64 text in[0..len) (white space ignored) and append the bytes.
 * Returns 0, or -1 if in is not base64 (b keeps what was decoded). */
int buf_add_base64(struct buf *b, const char *in, size_t len);

#endif
