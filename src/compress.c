/* compress.c - Zstandard compression of stored originals and bodies. */
#include "compress.h"

#include <zstd.h>

/* Level 3 is zstd's default: on Chinese news text it is about four times
 * faster than zlib's default and within a few percent of its size. */
#define LEVEL 3

int compress_bytes(const void *data, size_t len, struct buf *out)
{
	size_t bound = ZSTD_compressBound(len);
	buf_grow(out, bound);
	size_t n = ZSTD_compress(out->data + out->len, bound, data, len, LEVEL);
	if (ZSTD_isError(n))
		return FOLIO_EIO;
	out->len += n;
	out->data[out->len] = '\0';
	return 0;
}

int decompress_bytes(const void *zdata, size_t zlen, size_t expect, struct buf *out,
		     struct ferr *e)
{
	unsigned long long size = ZSTD_getFrameContentSize(zdata, zlen);
	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
	    (expect != (size_t)-1 && size != expect) || size > (1ULL << 34))
		return ferr_set(e, FOLIO_EARCHIVE, "stored data is damaged (bad zstd frame header)");
	buf_grow(out, (size_t)size);
	size_t n = ZSTD_decompress(out->data + out->len, (size_t)size, zdata, zlen);
	if (ZSTD_isError(n) || n != size)
		return ferr_set(e, FOLIO_EARCHIVE, "stored data is damaged (zstd: %s)",
				ZSTD_isError(n) ? ZSTD_getErrorName(n) : "wrong size");
	out->len += n;
	out->data[out->len] = '\0';
	return 0;
}

/* One compression and one decompression context per thread, reused:
 * creating them for every article costs more than compressing a body
 * against its original.  They live until the thread ends (ingest's
 * preparing threads free theirs with compress_thread_done()) or the
 * process does. */
static _Thread_local ZSTD_CCtx *delta_cctx;
static _Thread_local ZSTD_DCtx *delta_dctx;

void compress_thread_done(void)
{
	ZSTD_freeCCtx(delta_cctx);
	ZSTD_freeDCtx(delta_dctx);
	delta_cctx = NULL;
	delta_dctx = NULL;
}

int compress_delta(const void *data, size_t len, const void *base, size_t base_len,
		   struct buf *out)
{
	if (!delta_cctx && !(delta_cctx = ZSTD_createCCtx()))
		return FOLIO_EIO;
	ZSTD_CCtx_reset(delta_cctx, ZSTD_reset_session_and_parameters);
	ZSTD_CCtx_setParameter(delta_cctx, ZSTD_c_compressionLevel, LEVEL);
	ZSTD_CCtx_setParameter(delta_cctx, ZSTD_c_contentSizeFlag, 1);
	/* The window must reach back over the whole base. */
	unsigned wlog = 10;
	while (wlog < 27 && ((size_t)1 << wlog) < base_len + len)
		wlog++;
	ZSTD_CCtx_setParameter(delta_cctx, ZSTD_c_windowLog, (int)wlog);
	if (base_len && ZSTD_isError(ZSTD_CCtx_refPrefix(delta_cctx, base, base_len)))
		return FOLIO_EIO;
	size_t bound = ZSTD_compressBound(len);
	buf_grow(out, bound);
	size_t n = ZSTD_compress2(delta_cctx, out->data + out->len, bound, data, len);
	if (ZSTD_isError(n))
		return FOLIO_EIO;
	out->len += n;
	out->data[out->len] = '\0';
	return 0;
}

int decompress_delta(const void *zdata, size_t zlen, const void *base, size_t base_len,
		     struct buf *out, struct ferr *e)
{
	unsigned long long size = ZSTD_getFrameContentSize(zdata, zlen);
	if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (1ULL << 34))
		return ferr_set(e, FOLIO_EARCHIVE, "stored data is damaged (bad zstd frame header)");
	if (!delta_dctx && !(delta_dctx = ZSTD_createDCtx()))
		return ferr_set(e, FOLIO_EARCHIVE, "out of memory for decompression");
	ZSTD_DCtx_reset(delta_dctx, ZSTD_reset_session_and_parameters);
	ZSTD_DCtx_setParameter(delta_dctx, ZSTD_d_windowLogMax, 27);
	if (base_len && ZSTD_isError(ZSTD_DCtx_refPrefix(delta_dctx, base, base_len)))
		return ferr_set(e, FOLIO_EARCHIVE, "cannot use the original as a base");
	buf_grow(out, (size_t)size);
	size_t n = ZSTD_decompressDCtx(delta_dctx, out->data + out->len, (size_t)size, zdata, zlen);
	if (ZSTD_isError(n) || n != size)
		return ferr_set(e, FOLIO_EARCHIVE, "stored data is damaged (zstd: %s)",
				ZSTD_isError(n) ? ZSTD_getErrorName(n) : "wrong size");
	out->len += n;
	out->data[out->len] = '\0';
	return 0;
}
