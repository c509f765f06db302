/* compress.c - zlib compression of stored originals. */
#include "compress.h"

#include <zlib.h>

int compress_bytes(const void *data, size_t len, struct buf *out)
{
	uLongf bound = compressBound((uLong)len);
	buf_grow(out, bound);
	/* Level 6: zlib's default, the usual balance of speed and size. */
	if (compress2((Bytef *)out->data + out->len, &bound, data, (uLong)len, 6) != Z_OK)
		return FOLIO_EIO;
	out->len += bound;
	out->data[out->len] = '\0';
	return 0;
}

int decompress_bytes(const void *zdata, size_t zlen, size_t expect, struct buf *out,
		     struct ferr *e)
{
	uLongf n = (uLongf)expect;
	buf_grow(out, expect);
	int rc = uncompress((Bytef *)out->data + out->len, &n, zdata, (uLong)zlen);
	if (rc != Z_OK || n != expect)
		return ferr_set(e, FOLIO_EARCHIVE, "stored original is damaged (zlib: %s)",
				rc != Z_OK ? zError(rc) : "wrong size");
	out->len += n;
	out->data[out->len] = '\0';
	return 0;
}
