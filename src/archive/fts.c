/* archive/fts.c - folio's FTS5 tokenizers ("folio", "folio_chars"): tokenize.c's terms. */
#include "../archive.h"
#include "../tokenize.h"

#include <sqlite3.h>

struct fts_call {
	void *ctx;
	int (*xToken)(void *, int, const char *, int, int, int);
};

static int emit(void *ctx, enum token_kind kind, const char *term, size_t len, size_t start,
		size_t end)
{
	struct fts_call *c = ctx;
	(void)kind;
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
	struct fts_call c = { ctx, xToken };
	(void)flags; /* documents and queries are cut the same way */
	return tokenize(text, (size_t)len, *(const enum tokenize_mode *)t, emit, &c);
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
