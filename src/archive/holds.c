/* archive/holds.c - legal holds and their triggers, releases, and deletion. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

/* ---- holds and deletion ------------------------------------------------------------ */

int archive_hold(struct archive *a, const long long *ids, size_t n, const char *selection,
		 const char *reason, long long *hold_id, struct ferr *e)
{
	char now[32];
	int err;
	sqlite3_stmt *st;
	now_iso8601(now);
	if ((err = db_exec(a, "BEGIN IMMEDIATE", e)))
		return err;
	if (!(st = db_stmt(a, "INSERT INTO holds (created, reason, selection) VALUES (?1, ?2, ?3)", e))) {
		err = FOLIO_EARCHIVE;
		goto fail;
	}
	db_bind_text(st, 1, now);
	db_bind_text(st, 2, reason);
	db_bind_text(st, 3, selection);
	int rc = sqlite3_step(st);
	db_stmt_done(a, st);
	if (rc != SQLITE_DONE) {
		err = db_error(a, rc, e, "creating the hold");
		goto fail;
	}
	*hold_id = sqlite3_last_insert_rowid(a->db);
	struct buf detail = BUF_INIT;
	buf_adds(&detail, "{\"reason\":");
	buf_add_json_string(&detail, reason);
	buf_adds(&detail, ",\"articles\":[");
	for (size_t i = 0; i < n; i++) {
		if (!(st = db_stmt(a, "INSERT OR IGNORE INTO hold_articles VALUES (?1, ?2)", e))) {
			err = FOLIO_EARCHIVE;
			buf_release(&detail);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, *hold_id);
		sqlite3_bind_int64(st, 2, ids[i]);
		rc = sqlite3_step(st);
		db_stmt_done(a, st);
		if (rc != SQLITE_DONE) {
			err = db_error(a, rc, e, "holding an article");
			buf_release(&detail);
			goto fail;
		}
		buf_addf(&detail, "%s%lld", i ? "," : "", ids[i]);
	}
	buf_adds(&detail, "]}");
	char subject[48];
	snprintf(subject, sizeof(subject), "hold %lld", *hold_id);
	err = hold_guards(a, *hold_id, true, e);
	if (!err)
		err = audit_append(a, "hold", subject, detail.data, e);
	buf_release(&detail);
	if (err)
		goto fail;
	return db_exec(a, "COMMIT", e);
fail:
	sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}

int archive_release(struct archive *a, long long hold_id, const char *reason, struct ferr *e)
{
	char now[32];
	int err;
	now_iso8601(now);
	if ((err = db_exec(a, "BEGIN IMMEDIATE", e)))
		return err;
	/* The hold's own guards refuse its release; they go first, in the
	 * same transaction (a hold not in force rolls it back). */
	if ((err = hold_guards(a, hold_id, false, e)))
		goto fail;
	sqlite3_stmt *st = db_stmt(a,
				"UPDATE holds SET released = ?2, release_reason = ?3 "
				"WHERE id = ?1 AND released IS NULL",
				e);
	if (!st) {
		err = FOLIO_EARCHIVE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, hold_id);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, reason);
	int rc = sqlite3_step(st);
	db_stmt_done(a, st);
	if (rc != SQLITE_DONE) {
		err = db_error(a, rc, e, "releasing the hold");
		goto fail;
	}
	if (sqlite3_changes(a->db) == 0) {
		err = ferr_set(e, FOLIO_ENOTFOUND, "no hold %lld in force", hold_id);
		goto fail;
	}
	struct buf detail = BUF_INIT;
	buf_adds(&detail, "{\"reason\":");
	buf_add_json_string(&detail, reason);
	buf_addc(&detail, '}');
	char subject[48];
	snprintf(subject, sizeof(subject), "hold %lld", hold_id);
	err = audit_append(a, "release", subject, detail.data, e);
	buf_release(&detail);
	if (err)
		goto fail;
	return db_exec(a, "COMMIT", e);
fail:
	sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}

int archive_holds(struct archive *a, hold_fn fn, void *ctx, struct ferr *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(
		a->db,
		"SELECT h.id, h.created, h.reason, h.selection, h.released, h.release_reason, "
		"(SELECT count(*) FROM hold_articles WHERE hold_id = h.id), "
		"(SELECT group_concat(article_id, ',') FROM hold_articles WHERE hold_id = h.id) "
		"FROM holds h ORDER BY h.id",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "listing holds");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hold_info h = { sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
				       (const char *)sqlite3_column_text(st, 2),
				       (const char *)sqlite3_column_text(st, 3),
				       (const char *)sqlite3_column_text(st, 4),
				       (const char *)sqlite3_column_text(st, 5), sqlite3_column_int64(st, 6),
				       (const char *)sqlite3_column_text(st, 7) };
		fn(ctx, &h);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(a, rc, e, "listing holds");
}

/* Holds in force on article id, as "3, 5" (caller frees), or NULL. */
static char *holds_on(struct archive *a, long long id)
{
	sqlite3_stmt *st = db_stmt(a,
				"SELECT group_concat(h.id, ', ') FROM hold_articles ha JOIN holds h "
				"ON h.id = ha.hold_id WHERE ha.article_id = ?1 AND h.released IS NULL",
				NULL);
	char *out = NULL;
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = db_col_text(st, 0);
	db_stmt_done(a, st);
	return out;
}

int archive_delete(struct archive *a, long long id, const char *reason, bool purge,
		   struct ferr *e)
{
	char now[32];
	int err;
	now_iso8601(now);
	char *held = holds_on(a, id);
	if (held) {
		err = ferr_set(e, FOLIO_EINPUT, "article %lld is under legal hold %s: it cannot be deleted",
			       id, held);
		free(held);
		return err;
	}
	if ((err = db_exec(a, "BEGIN IMMEDIATE", e)))
		return err;
	sqlite3_stmt *st = db_stmt(a,
				"SELECT x.title, x.body, o.size, o.storage, o.data, x.deleted, x.purged "
				"FROM articles x JOIN originals o ON o.id = x.original_id WHERE x.id = ?1",
				e);
	if (!st) {
		err = FOLIO_EARCHIVE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_stmt_done(a, st);
		err = ferr_set(e, FOLIO_ENOTFOUND, "no article with id %lld", id);
		goto fail;
	}
	bool was_deleted = sqlite3_column_type(st, 5) != SQLITE_NULL;
	bool was_purged = sqlite3_column_int(st, 6) != 0;
	char *title = db_col_text(st, 0);
	char *plain = was_deleted ? NULL : stored_plain(st, 1, 2, e);
	db_stmt_done(a, st);
	if (!was_deleted && !plain) {
		free(title);
		err = FOLIO_EARCHIVE;
		goto fail;
	}
	if (was_purged || (was_deleted && !purge)) {
		free(title);
		free(plain);
		err = ferr_set(e, FOLIO_EINPUT, "article %lld is already %s", id,
			       was_purged ? "purged" : "deleted");
		goto fail;
	}
	/* Out of the indexes (a tombstone is not found any more). */
	if (!was_deleted) {
		char *meta = article_meta(a, id, e);
		struct index_op op = { true, INDEX_ALL, id, title, plain, meta };
		err = meta ? apply_index_op(a, &op, e) : FOLIO_EARCHIVE;
		free(meta);
	}
	free(title);
	free(plain);
	if (err)
		goto fail;
	if (!(st = db_stmt(a, "UPDATE articles SET deleted = coalesce(deleted, ?2), delete_reason = ?3 WHERE id = ?1", e))) {
		err = FOLIO_EARCHIVE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, reason);
	int rc = sqlite3_step(st);
	db_stmt_done(a, st);
	if (rc != SQLITE_DONE) {
		err = db_error(a, rc, e, "deleting");
		goto fail;
	}
	if (purge) {
		/* Content gone, hashes kept: the article's text fields, every
		 * revision's, the bytes of every original they cite, and of
		 * every image those originals alone cite (an image another
		 * article also shows stays for it). */
		static const char purge_sql[] =
			"UPDATE images SET storage = 'purged', data = x'' WHERE storage <> 'purged' AND id IN "
			"(SELECT image_id FROM original_images WHERE original_id IN "
			" (SELECT original_id FROM articles WHERE id = ?1 UNION "
			"  SELECT original_id FROM revisions WHERE article_id = ?1)) AND id NOT IN "
			"(SELECT image_id FROM original_images WHERE image_id IS NOT NULL AND original_id NOT IN "
			" (SELECT original_id FROM articles WHERE id = ?1 UNION "
			"  SELECT original_id FROM revisions WHERE article_id = ?1));"
			"UPDATE originals SET storage = 'purged', data = x'' WHERE id IN "
			"(SELECT original_id FROM articles WHERE id = ?1 UNION "
			" SELECT original_id FROM revisions WHERE article_id = ?1) AND storage <> 'purged';"
			"UPDATE revisions SET purged = 1, title = '', subtitle = NULL, kicker = NULL, authors = '[]', "
			" contributors = '[]', editor = NULL, source = NULL, url = NULL, correction = NULL, "
			" tags = '[]', body = x'' WHERE article_id = ?1 AND purged = 0;"
			"UPDATE articles SET purged = 1, title = '', subtitle = NULL, kicker = NULL, authors = '[]', "
			" contributors = '[]', editor = NULL, source = NULL, url = NULL, correction = NULL, "
			" tags = '[]', body = x'' WHERE id = ?1;";
		const char *sql = purge_sql, *tail;
		while (*sql && !err) {
			sqlite3_stmt *ps = NULL;
			rc = sqlite3_prepare_v2(a->db, sql, -1, &ps, &tail);
			if (rc == SQLITE_OK && ps) {
				sqlite3_bind_int64(ps, 1, id);
				rc = sqlite3_step(ps);
				if (rc != SQLITE_DONE)
					err = db_error(a, rc, e, "purging");
			} else if (rc != SQLITE_OK) {
				err = db_error(a, rc, e, "purging");
			}
			sqlite3_finalize(ps);
			sql = tail;
		}
		if (err)
			goto fail;
	}
	struct buf detail = BUF_INIT;
	buf_adds(&detail, "{\"reason\":");
	buf_add_json_string(&detail, reason);
	buf_addc(&detail, '}');
	char subject[48];
	snprintf(subject, sizeof(subject), "article %lld", id);
	err = audit_append(a, purge ? "purge" : "delete", subject, detail.data, e);
	buf_release(&detail);
	if (err)
		goto fail;
	return db_exec(a, "COMMIT", e);
fail:
	sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}
