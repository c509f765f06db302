/*
 * compress.h - lossless compression of stored originals (zlib, RFC 1950),
 * as git stores its objects: the exact bytes come back, and their SHA-256
 * is computed over the uncompressed bytes.
 */
#ifndef FOLIO_COMPRESS_H
#define FOLIO_COMPRESS_H

#include <stddef.h>
#include "buf.h"
#include "util.h"

/* Compress data[0..len) into out (appended).  Returns 0. */
int compress_bytes(const void *data, size_t len, struct buf *out);

/* Decompress zdata[0..zlen) into out (appended); `expect` is the size the
 * result must have.  Returns 0, or FOLIO_EARCHIVE when the stream is
 * damaged or its size is not `expect`. */
int decompress_bytes(const void *zdata, size_t zlen, size_t expect, struct buf *out,
		     struct ferr *e);

#endif
