/*
 * hash.h - SHA-256 (through nettle) as lower-case hex, for originals and
 * for the content fingerprint that recognises text-identical articles.
 */
#ifndef FOLIO_HASH_H
#define FOLIO_HASH_H

#include <stddef.h>

#define SHA256_HEX_LEN 64

struct sha256_ctx_folio; /* opaque */

/* Hash data[0..len) into out (65 bytes: 64 hex digits and a NUL). */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1]);

/* Incremental form: begin, add pieces, end.  hash_begin allocates; hash_end
 * writes the digest and frees the context. */
struct sha256_ctx_folio *sha256_begin(void);
void sha256_add(struct sha256_ctx_folio *c, const void *data, size_t len);
void sha256_end(struct sha256_ctx_folio *c, char out[SHA256_HEX_LEN + 1]);

/* What a writer wrote: its length and SHA-256, counted on the way out so
 * that a large file need not be read back. */
struct written_sum {
	unsigned long long bytes;
	char sha256[SHA256_HEX_LEN + 1];
};

/* SHA-512, the same way (for BagIt manifests, which carry both). */
#define SHA512_HEX_LEN 128

struct sha512_ctx_folio; /* opaque */

void sha512_hex(const void *data, size_t len, char out[SHA512_HEX_LEN + 1]);
struct sha512_ctx_folio *sha512_begin(void);
void sha512_add(struct sha512_ctx_folio *c, const void *data, size_t len);
void sha512_end(struct sha512_ctx_folio *c, char out[SHA512_HEX_LEN + 1]);

/* MD5, only where a format defines its checksum so (a PDF embedded file's
 * /CheckSum): 16 raw bytes.  Never for integrity folio relies on. */
void md5_digest_bytes(const void *data, size_t len, unsigned char out[16]);

#endif
