/*
 * archive/internal.h - what the parts of the archive share and nobody else
 * sees: the connection (struct archive), its statement cache, the deferred
 * index operations of a batch, and the helpers each part uses.  The public
 * API is archive.h; the files of src/archive/ are one noun each:
 *
 *   db.c       errors, prepared statements, stored originals and bodies
 *   open.c     opening, the schema and its migrations
 *   index.c    the full-text index
 *   store.c    storing articles and batches
 *   query.c    reading, listing, searching, counting
 *   check.c    archive_check
 *   records.c  editions, snapshots and the copies snapshots take
 *   audit.c    the audit chain
 *   holds.c    holds, releases and deletion
 *   guards.c   the triggers that refuse changes, and their check
 *   fts.c      the FTS5 tokenizers
 *   search.c   a parsed query as SQL over the indexes; ranked results
 *   searchmemory.c  a handle's recent search results (remember_searches)
 *
 * Ownership as in archive.h; strings returned by db_col_text() and
 * stored_plain() are the caller's to free.
 */
#ifndef FOLIO_ARCHIVE_INTERNAL_H
#define FOLIO_ARCHIVE_INTERNAL_H

#include "../archive.h"
#include "../buf.h"

#include <sqlite3.h>
#include <time.h>
#include <stdbool.h>

/* 'Foli' - marks a SQLite file as a folio archive. */
#define FOLIO_APPLICATION_ID 0x466F6C69

/* Searches whose terms occur in more articles than this rank only the
 * newest RANK_CAP matches: ranking every match of a term that is in most
 * documents costs hundreds of milliseconds at 100,000 articles. */
#define RANK_CAP 2000

struct stmt_cache {
	const char *sql;
	sqlite3_stmt *st;
};

/* archive_open() with every audit entry it writes (the migrations' too)
 * dated fixed_time when that is not NULL. */
int archive_open_clock(const char *path, int busy_timeout_ms, const char *fixed_time,
		       struct archive **out, struct ferr *e);

struct archive {
	sqlite3 *db;
	char *path;
	struct stmt_cache stmts[32];
	size_t nstmts;
	bool in_batch;  /* a batch transaction is open: articles use savepoints */
	bool read_only; /* opened read-only by archive_open_read() */
	struct timespec deadline; /* archive_set_deadline(): queries stop after it */
	archive_progress_fn progress; /* archive_set_progress() */
	void *progress_ctx;
	char fixed_time[32]; /* if set, the time of every audit entry (a snapshot's
			      * copy under SOURCE_DATE_EPOCH) */
	/* In a batch, changes to the search index wait here until the commit:
	 * FTS5 flushes its pending terms to a new segment at every savepoint,
	 * which made each article cost a segment write and merges. */
	struct index_op {
		bool remove;
		int which; /* INDEX_WORDS, INDEX_CHARS or both */
		long long id;
		char *title, *plain, *meta;
	} *ops;
	size_t nops, ops_cap;
	/* archive_read_begin() .. archive_read_end(): one read transaction,
	 * and PRAGMA data_version as it was at the last begin. */
	bool reading;
	long long data_version;
	struct search_memory *memory; /* archive_remember_searches(), or NULL */
};

/* A match: the article and its bm25 rank (0 when listed by date). */
struct hit {
	long long id;
	double rank;
};

/* searchmemory.c: what a search found, as archive_search() uses it.
 * Owned by the memory once kept; search_memory_find()'s answer is valid
 * until the next search_memory_keep() or search_memory_forget(). */
struct facet_count {
	char kind; /* 'm' month, 's' section */
	char *value;
	long long n;
};
struct found {
	struct hit *hits;
	size_t n;
	bool capped;
	struct facet_count *facets;
	size_t nfacets;
};
void found_release(struct found *f);
const struct found *search_memory_find(struct archive *a, const char *key, size_t len);
/* Takes *f (cleared); kept unless it alone is over the memory's size. */
void search_memory_keep(struct archive *a, const char *key, size_t len, struct found *f);
void search_memory_forget(struct archive *a);
void search_memory_free(struct search_memory *m);

/* Which of the two full-text indexes an operation touches. */
enum { INDEX_WORDS = 1, INDEX_CHARS = 2, INDEX_ALL = 3 };

/* db.c: errors carry the archive's path; db_stmt() statements are cached by
 * their SQL's address, reset and unbound; stored bodies are zstd deltas
 * against their original. */
int db_error(struct archive *a, int rc, struct ferr *e, const char *what);
sqlite3_stmt *db_stmt(struct archive *a, const char *sql, struct ferr *e);
void db_stmt_done(struct archive *a, sqlite3_stmt *st);
int db_exec(struct archive *a, const char *sql, struct ferr *e);
void db_bind_text(sqlite3_stmt *st, int i, const char *s);
char *db_col_text(sqlite3_stmt *st, int i);
int original_decode(sqlite3_stmt *st, int c, struct buf *out, struct ferr *e);
int stored_body(sqlite3_stmt *st, int body_col, int orig_col, struct buf *out,
		       struct ferr *e);
char *stored_plain(sqlite3_stmt *st, int body_col, int orig_col, struct ferr *e);
/* Run sql (no parameters) and report each row through fn: column 0 the
 * subject, column 1 the message; *problems counts them.  what names the
 * step in an error. */
int db_report_rows(struct archive *a, const char *sql, const char *what, problem_fn fn, void *ctx,
		   long long *problems, struct ferr *e);

/* open.c: fill an index from the stored articles (migrations, reindex) */
int fill_index(struct archive *a, int which, bool live_only, struct ferr *e);

/* index.c: in a batch, index changes wait in a->ops until the commit */
void drop_index_ops(struct archive *a, size_t keep);
/* The people, source and section of article id as the word index holds
 * them (its meta column), from the row as it is now.  Caller frees. */
char *article_meta(struct archive *a, long long id, struct ferr *e);
/* The same, as an SQL expression over the articles row aliased x. */
#define ARTICLE_META_SQL                                                                   \
	"coalesce(x.authors, '') || char(10) || coalesce(x.editor, '') || char(10) || "      \
	"coalesce(x.source, '') || char(10) || coalesce(x.section, '')"
int index_article(struct archive *a, long long id, const char *title, const char *plain,
		  const char *meta, bool remove, int which, struct ferr *e);
int apply_index_op(struct archive *a, const struct index_op *op, struct ferr *e);

/* query.c: an original's bytes with its hash checked; the FTS5 expressions
 * of a query (returns the number of terms) */
int original_bytes(sqlite3_stmt *st, int c, struct buf *out, bool *hash_ok, struct ferr *e);

/* audit.c: append an entry to the chain, in the caller's transaction */
int audit_append(struct archive *a, const char *action, const char *subject,
			const char *detail, struct ferr *e);

/* guards.c: (re)create the archive-wide triggers; create or drop the
 * triggers of one hold; check that every trigger is there as written and
 * that holds, their triggers and the audit log agree (each fault reported
 * through fn and counted in *problems). */
int guards_install(struct archive *a, struct ferr *e);
int hold_guards(struct archive *a, long long hold, bool create, struct ferr *e);
int guards_check(struct archive *a, problem_fn fn, void *ctx, long long *problems, struct ferr *e);

#endif
