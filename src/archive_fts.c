/* archive_fts.c - folio's FTS5 tokenizer ("folio"): tokenize.c's terms. */
#include "archive.h"
#include "tokenize.h"

#include <sqlite3.h>
#include <string.h>

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

static int fts_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	(void)argc;
	static int dummy;
	*out = (Fts5Tokenizer *)&dummy;
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
	(void)t;
	/* Queries: bigram phrases; a lone character is looked up as a prefix. */
	bool for_query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	return tokenize(text, (size_t)len, for_query, emit, &c);
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
	fts5_api *api = fts5_api_of(db);
	if (!api)
		return SQLITE_ERROR;
	return api->xCreateTokenizer(api, "folio", NULL, &tok, NULL);
}
