/*
 * compress.h - lossless compression of stored originals and article bodies
 * (Zstandard, RFC 8878): the exact bytes come back, and hashes are always
 * computed over the uncompressed bytes.  A stored value can be read back
 * without folio by any zstd tool (`zstd -d`).
 */
#ifndef FOLIO_COMPRESS_H
#define FOLIO_COMPRESS_H

#include <stddef.h>
#include "buf.h"
#include "util.h"

/* Compress data[0..len) into out (appended).  Returns 0, or FOLIO_EIO. */
int compress_bytes(const void *data, size_t len, struct buf *out);

/* Decompress the zstd frame zdata[0..zlen) into out (appended).  Returns 0,
 * or FOLIO_EARCHIVE when the frame is damaged or its content size is not
 * `expect` (pass (size_t)-1 to accept any size the frame declares). */
int decompress_bytes(const void *zdata, size_t zlen, size_t expect, struct buf *out,
		     struct ferr *e);

/* Delta compression: data[0..len) as a zstd frame that refers to base (the
 * same base must be given to decompress).  Used for article bodies, which
 * are mostly the text of their original: stored this way a body costs a few
 * hundred bytes.  Standard tools read it with `zstd -d --patch-from=BASE`. */
int compress_delta(const void *data, size_t len, const void *base, size_t base_len,
		   struct buf *out);
int decompress_delta(const void *zdata, size_t zlen, const void *base, size_t base_len,
		     struct buf *out, struct ferr *e);

/* The delta functions keep one zstd context of each kind per thread; a
 * thread that used them calls this before it ends to free its own. */
void compress_thread_done(void);

#endif
