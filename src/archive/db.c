/* archive/db.c - errors, prepared statements and the stored originals and bodies every part reads. */
#include "internal.h"
#include "../compress.h"
#include "../markup.h"

#include <errno.h>
#include <string.h>

/* ---- errors and statements -------------------------------------------- */

static bool busy_or_corrupt(int rc)
{
	rc &= 0xFF;
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_CORRUPT ||
	       rc == SQLITE_NOTADB || rc == SQLITE_CANTOPEN || rc == SQLITE_IOERR ||
	       rc == SQLITE_READONLY;
}

int db_error(struct archive *a, int rc, struct ferr *e, const char *what)
{
	int code = busy_or_corrupt(rc) ? FOLIO_EARCHIVE : FOLIO_EIO;
	if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
		return ferr_set(e, code, "%s: archive is locked by another process (waited past the busy timeout)",
				a->path);
	if ((rc & 0xFF) == SQLITE_CONSTRAINT)
		return ferr_set(e, FOLIO_EINPUT, "%s: %s", what, sqlite3_errmsg(a->db));
	/* A full disk is no fault of the archive (SQLite rolled back): say
	 * so, as a failed write, not as an unusable archive. */
	int sys = a->db ? sqlite3_system_errno(a->db) : 0;
	if ((rc & 0xFF) == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT)
		return ferr_set(e, FOLIO_ENOSPACE, "%s: %s: %s", a->path, what,
				strerror(sys == EDQUOT ? EDQUOT : ENOSPC));
	return ferr_set(e, code, "%s: %s: %s", a->path, what, sqlite3_errmsg(a->db));
}

/* A prepared statement for sql (a string literal: its address is the key),
 * reset and with bindings cleared. */
sqlite3_stmt *db_stmt(struct archive *a, const char *sql, struct ferr *e)
{
	for (size_t i = 0; i < a->nstmts; i++) {
		if (a->stmts[i].sql == sql) {
			sqlite3_reset(a->stmts[i].st);
			sqlite3_clear_bindings(a->stmts[i].st);
			return a->stmts[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		db_error(a, rc, e, "preparing a statement");
		return NULL;
	}
	if (a->nstmts < ARRAY_SIZE(a->stmts)) {
		a->stmts[a->nstmts].sql = sql;
		a->stmts[a->nstmts].st = st;
		a->nstmts++;
	}
	return st;
}

/* db_stmt() statements beyond the cache are finalized by the caller through
 * this, which does nothing for cached ones. */
void db_stmt_done(struct archive *a, sqlite3_stmt *st)
{
	for (size_t i = 0; i < a->nstmts; i++)
		if (a->stmts[i].st == st) {
			sqlite3_reset(st);
			return;
		}
	sqlite3_finalize(st);
}

int db_exec(struct archive *a, const char *sql, struct ferr *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(a->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int code = busy_or_corrupt(rc) ? FOLIO_EARCHIVE : FOLIO_EIO;
		int sys = sqlite3_system_errno(a->db);
		if ((rc & 0xFF) == SQLITE_BUSY)
			ferr_set(e, code, "%s: archive is locked by another process (waited past the busy timeout)",
				 a->path);
		else if ((rc & 0xFF) == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT)
			ferr_set(e, code = FOLIO_ENOSPACE, "%s: %s", a->path,
				 strerror(sys == EDQUOT ? EDQUOT : ENOSPC));
		else
			ferr_set(e, code, "%s: %s", a->path, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return code;
	}
	return 0;
}

void db_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

char *db_col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

/* ---- stored originals and bodies ------------------------------------- */

/* The exact bytes of an original from columns size, storage, data at c. */
int original_decode(sqlite3_stmt *st, int c, struct buf *out, struct ferr *e)
{
	size_t size = (size_t)sqlite3_column_int64(st, c);
	const char *storage = (const char *)sqlite3_column_text(st, c + 1);
	const void *data = sqlite3_column_blob(st, c + 2);
	size_t n = (size_t)sqlite3_column_bytes(st, c + 2);
	if (storage && !strcmp(storage, "zstd"))
		return decompress_bytes(data, n, size, out, e);
	if (storage && !strcmp(storage, "purged"))
		return ferr_set(e, FOLIO_ENOTFOUND, "the original was purged (its SHA-256 is kept)");
	if (n != size)
		return ferr_set(e, FOLIO_EARCHIVE, "stored original has the wrong size");
	buf_add(out, data, n);
	return 0;
}

/* The Markdown body stored at column body_col (a zstd delta against its
 * original), the original's size, storage and data at orig_col. */
int stored_body(sqlite3_stmt *st, int body_col, int orig_col, struct buf *out,
		       struct ferr *e)
{
	struct buf base = BUF_INIT;
	int err = original_decode(st, orig_col, &base, e);
	if (!err)
		err = decompress_delta(sqlite3_column_blob(st, body_col),
				       (size_t)sqlite3_column_bytes(st, body_col), base.data, base.len,
				       out, e);
	buf_release(&base);
	return err;
}

/* The plain text of a stored body, for taking it out of the index.
 * Caller frees; NULL with *e filled if the body cannot be read. */
char *stored_plain(sqlite3_stmt *st, int body_col, int orig_col, struct ferr *e)
{
	struct buf md = BUF_INIT;
	char *plain = NULL;
	if (!stored_body(st, body_col, orig_col, &md, e))
		plain = markup_plain(md.data, md.len);
	buf_release(&md);
	return plain;
}

int db_report_rows(struct archive *a, const char *sql, const char *what, problem_fn fn, void *ctx,
		   long long *problems, struct ferr *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, what);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fn(ctx, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
		(*problems)++;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(a, rc, e, what);
}
