/* hash.c - SHA-256 digests through nettle, written as hex. */
#include "hash.h"
#include "util.h"

#include <nettle/md5.h>
#include <nettle/sha2.h>
#include <stdlib.h>

struct sha256_ctx_folio {
	struct sha256_ctx ctx;
};

static void to_hex(const unsigned char *d, size_t n, char *out)
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * n] = '\0';
}

struct sha256_ctx_folio *sha256_begin(void)
{
	struct sha256_ctx_folio *c = xmalloc(sizeof(*c));
	sha256_init(&c->ctx);
	return c;
}

void sha256_add(struct sha256_ctx_folio *c, const void *data, size_t len)
{
	sha256_update(&c->ctx, len, data);
}

void sha256_end(struct sha256_ctx_folio *c, char out[SHA256_HEX_LEN + 1])
{
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256_digest(&c->ctx, sizeof(d), d);
	to_hex(d, sizeof(d), out);
	free(c);
}

void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1])
{
	struct sha256_ctx ctx;
	unsigned char d[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	sha256_update(&ctx, len, data);
	sha256_digest(&ctx, sizeof(d), d);
	to_hex(d, sizeof(d), out);
}

/* SHA-512, for snapshot bags. */
struct sha512_ctx_folio {
	struct sha512_ctx ctx;
};

struct sha512_ctx_folio *sha512_begin(void)
{
	struct sha512_ctx_folio *c = xmalloc(sizeof(*c));
	sha512_init(&c->ctx);
	return c;
}

void sha512_add(struct sha512_ctx_folio *c, const void *data, size_t len)
{
	sha512_update(&c->ctx, len, data);
}

void sha512_end(struct sha512_ctx_folio *c, char out[SHA512_HEX_LEN + 1])
{
	unsigned char d[SHA512_DIGEST_SIZE];
	sha512_digest(&c->ctx, sizeof(d), d);
	to_hex(d, sizeof(d), out);
	free(c);
}

void sha512_hex(const void *data, size_t len, char out[SHA512_HEX_LEN + 1])
{
	struct sha512_ctx_folio *c = sha512_begin();
	sha512_add(c, data, len);
	sha512_end(c, out);
}

void md5_digest_bytes(const void *data, size_t len, unsigned char out[16])
{
	struct md5_ctx c;
	md5_init(&c);
	md5_update(&c, len, data);
	md5_digest(&c, MD5_DIGEST_SIZE, out);
}
