/* archive/index.c - the full-text index: adding and removing an article, deferred within a batch. */
#include "internal.h"

#include <stdlib.h>

void drop_index_ops(struct archive *a, size_t keep)
{
	for (size_t i = keep; i < a->nops; i++) {
		free(a->ops[i].title);
		free(a->ops[i].plain);
		free(a->ops[i].meta);
	}
	if (a->nops > keep)
		a->nops = keep;
}

/* ---- the search index -------------------------------------------------- */

/* Add (or, with remove, take out) article id's terms.  A contentless index
 * must be given exactly the text it indexed to remove it; the plain text is
 * derived from the stored body by markup_plain(), which is deterministic.
 * In a batch the change is queued for archive_batch_commit(). */
char *article_meta(struct archive *a, long long id, struct ferr *e)
{
	sqlite3_stmt *st = db_stmt(a, "SELECT " ARTICLE_META_SQL " FROM articles x WHERE x.id = ?1", e);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	char *meta = NULL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		meta = db_col_text(st, 0);
	db_stmt_done(a, st);
	if (rc != SQLITE_ROW)
		db_error(a, rc == SQLITE_DONE ? SQLITE_NOTFOUND : rc, e, "reading an article's names");
	return meta ? meta : rc == SQLITE_ROW ? xstrdup("") : NULL;
}

int index_article(struct archive *a, long long id, const char *title, const char *plain,
		  const char *meta, bool remove, int which, struct ferr *e)
{
	struct index_op op = { remove, which, id, xstrdup(title ? title : ""), xstrdup(plain),
			       xstrdup(meta ? meta : "") };
	if (a->in_batch) {
		if (a->nops == a->ops_cap) {
			a->ops_cap = a->ops_cap ? 2 * a->ops_cap : 64;
			a->ops = xrealloc(a->ops, a->ops_cap * sizeof(*a->ops));
		}
		a->ops[a->nops++] = op;
		return 0;
	}
	int rc = apply_index_op(a, &op, e);
	free(op.title);
	free(op.plain);
	free(op.meta);
	return rc;
}

int apply_index_op(struct archive *a, const struct index_op *op, struct ferr *e)
{
	static const char add_sql[] =
		"INSERT INTO search(rowid, title, body, meta) VALUES (?1, ?2, ?3, ?4)";
	static const char del_sql[] =
		"INSERT INTO search(search, rowid, title, body, meta) VALUES ('delete', ?1, ?2, ?3, ?4)";
	static const char add_chars_sql[] =
		"INSERT INTO search_chars(rowid, text) VALUES (?1, ?2 || char(10) || ?3)";
	static const char del_chars_sql[] = "INSERT INTO search_chars(search_chars, rowid, text) "
					    "VALUES ('delete', ?1, ?2 || char(10) || ?3)";
	for (int which = INDEX_WORDS; which <= INDEX_CHARS; which <<= 1) {
		if (!(op->which & which))
			continue;
		const char *sql = which == INDEX_WORDS ? (op->remove ? del_sql : add_sql)
						       : (op->remove ? del_chars_sql : add_chars_sql);
		sqlite3_stmt *st = db_stmt(a, sql, e);
		if (!st)
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, op->id);
		db_bind_text(st, 2, op->title);
		db_bind_text(st, 3, op->plain);
		if (which == INDEX_WORDS)
			db_bind_text(st, 4, op->meta ? op->meta : "");
		int rc = sqlite3_step(st);
		db_stmt_done(a, st);
		if (rc != SQLITE_DONE)
			return db_error(a, rc, e, "updating the search index");
	}
	return 0;
}
