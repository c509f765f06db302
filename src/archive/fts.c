/* archive/fts.c - folio's FTS5 tokenizers ("folio", "folio_chars"): tokenize.c's terms. */
#include "../archive.h"
#include "../tokenize.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>

/* The characters a document has already given, when it is indexed without
 * positions (detail='none'): FTS5 keeps one entry per term and document
 * there, so a character's second and later occurrences change nothing in
 * the index but cost a lookup each in FTS5's pending-terms hash, a cache
 * miss in a table of many MiB.  An open-addressing set of the terms' bytes
 * (a CJK character is at most 4 bytes of UTF-8), its size a power of two at
 * least twice the document's characters. */
struct seen {
	uint32_t *slot; /* 0 is empty: no UTF-8 term packs to 0 */
	size_t mask;
};

/* 1 if term was new (and is now in the set), 0 if seen before. */
static int seen_add(struct seen *s, const char *term, size_t len)
{
	uint32_t key = 0;
	for (size_t i = 0; i < len && i < 4; i++)
		key = key << 8 | (unsigned char)term[i];
	size_t h = (size_t)(key * 2654435761u) & s->mask;
	while (s->slot[h]) {
		if (s->slot[h] == key)
			return 0;
		h = (h + 1) & s->mask;
	}
	s->slot[h] = key;
	return 1;
}

struct fts_call {
	void *ctx;
	int (*xToken)(void *, int, const char *, int, int, int);
	struct seen *seen; /* NULL: every occurrence is given */
};

static int emit(void *ctx, enum token_kind kind, const char *term, size_t len, size_t start,
		size_t end)
{
	struct fts_call *c = ctx;
	if (kind == TOKEN_CHAR && c->seen && len <= 4 && !seen_add(c->seen, term, len))
		return SQLITE_OK;
	return c->xToken(c->ctx, 0, term, (int)len, (int)start, (int)end);
}

/* The tokenizer object is its mode: the context given at registration. */
static int fts_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)argv;
	(void)argc;
	*out = (Fts5Tokenizer *)ctx;
	return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int fts_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
			int (*xToken)(void *, int, const char *, int, int, int))
{
	enum tokenize_mode mode = *(const enum tokenize_mode *)t;
	struct fts_call c = { ctx, xToken, NULL };
	struct seen seen = { NULL, 0 };
	/* Documents and queries are cut the same way; a document for the
	 * character index (no positions) gives each character once. */
	if (mode == TOKENIZE_CHARS && flags == FTS5_TOKENIZE_DOCUMENT && len > 0) {
		size_t n = 64;
		while (n < 2 * (size_t)len / 3 + 2)
			n *= 2;
		if (!(seen.slot = calloc(n, sizeof *seen.slot)))
			return SQLITE_NOMEM;
		seen.mask = n - 1;
		c.seen = &seen;
	}
	int rc = tokenize(text, (size_t)len, mode, emit, &c);
	free(seen.slot);
	return rc;
}

static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int archive_fts_register(struct sqlite3 *db)
{
	static fts5_tokenizer tok = { fts_create, fts_delete, fts_tokenize };
	static enum tokenize_mode bigrams = TOKENIZE_BIGRAMS, chars = TOKENIZE_CHARS;
	fts5_api *api = fts5_api_of(db);
	int rc;
	if (!api)
		return SQLITE_ERROR;
	rc = api->xCreateTokenizer(api, "folio", &bigrams, &tok, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateTokenizer(api, "folio_chars", &chars, &tok, NULL);
	return rc;
}
