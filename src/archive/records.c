/* archive/records.c - editions and snapshots recorded, and the selections copied into a snapshot. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int archive_record_edition(struct archive *a, const struct edition_row *row, long long *id,
			   struct ferr *e)
{
	static const char sql[] =
		"INSERT INTO editions (created, selection, layout, title, pages, sha256, bytes, path, "
		"articles, audit_head) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	char now[32], head[AUDIT_HEAD_LEN + 1];
	now_iso8601(now);
	int err = archive_audit_head(a, head, e);
	if (err)
		return err;
	sqlite3_stmt *st = db_stmt(a, sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	db_bind_text(st, 1, now);
	db_bind_text(st, 2, row->selection);
	db_bind_text(st, 3, row->layout);
	db_bind_text(st, 4, row->title);
	sqlite3_bind_int(st, 5, row->pages);
	db_bind_text(st, 6, row->sha256);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)row->bytes);
	db_bind_text(st, 8, row->path);
	db_bind_text(st, 9, row->articles);
	db_bind_text(st, 10, head);
	int rc = sqlite3_step(st);
	db_stmt_done(a, st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "recording the edition");
	*id = sqlite3_last_insert_rowid(a->db);
	struct buf detail = BUF_INIT;
	char subject[48];
	snprintf(subject, sizeof(subject), "edition %lld", *id);
	buf_addf(&detail, "{\"sha256\":\"%s\",\"pages\":%d,\"selection\":", row->sha256, row->pages);
	buf_add_json_string(&detail, row->selection);
	buf_addf(&detail, ",\"articles\":%s,\"audit_head\":\"%s\"}", row->articles, head);
	err = audit_append(a, "edition", subject, detail.data, e);
	buf_release(&detail);
	return err;
}

/* ---- selections and copies ---------------------------------------------------- */

int archive_copy_subset(struct archive *a, const long long *ids, size_t n, const char *path,
			struct ferr *e)
{
	struct archive *c;
	sqlite3_stmt *st = NULL;
	int err, rc;
	struct stat sb;
	if (stat(path, &sb) == 0)
		return ferr_set(e, FOLIO_EIO, "%s: already exists", path);
	/* A fresh archive with the whole schema, filled from this one through
	 * one read transaction: a consistent copy, never the live file. */
	char fixed[32];
	bool reproducible = source_date_iso8601(fixed);
	if ((err = archive_open_clock(path, 10000, reproducible ? fixed : NULL, &c, e)) || !c)
		return err ? err : FOLIO_EARCHIVE;
	char *attach = sqlite3_mprintf("ATTACH %Q AS src", a->path);
	err = db_exec(c, attach, e);
	sqlite3_free(attach);
	if (!err)
		err = db_exec(c, "BEGIN IMMEDIATE; CREATE TEMP TABLE wanted (id INTEGER PRIMARY KEY)", e);
	if (!err) {
		rc = sqlite3_prepare_v2(c->db, "INSERT OR IGNORE INTO wanted VALUES (?1)", -1, &st, NULL);
		for (size_t i = 0; rc == SQLITE_OK && i < n; i++) {
			sqlite3_bind_int64(st, 1, ids[i]);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = SQLITE_ERROR;
			sqlite3_reset(st);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_OK)
			err = db_error(c, rc, e, "copying");
	}
	if (!err)
		err = db_exec(c,
			   "INSERT INTO originals SELECT * FROM src.originals WHERE id IN "
			   "(SELECT original_id FROM src.articles WHERE id IN (SELECT id FROM wanted) "
			   " UNION SELECT original_id FROM src.revisions WHERE article_id IN (SELECT id FROM wanted));"
			   "INSERT INTO articles SELECT * FROM src.articles WHERE id IN (SELECT id FROM wanted);"
			   "INSERT INTO revisions SELECT * FROM src.revisions WHERE article_id IN (SELECT id FROM wanted);"
			   "INSERT INTO images SELECT * FROM src.images WHERE id IN "
			   "(SELECT image_id FROM src.original_images WHERE original_id IN (SELECT id FROM originals));"
			   "INSERT INTO original_images SELECT * FROM src.original_images WHERE original_id IN "
			   "(SELECT id FROM originals);",
			   e);
	if (!err)
		err = fill_index(c, INDEX_ALL, true, e);
	/* The copy's log says what it was filled with, and from which point
	 * of the source's chain. */
	char head[AUDIT_HEAD_LEN + 1];
	if (!err)
		err = archive_audit_head(a, head, e);
	if (!err) {
		long long arts = 0, revs = 0, origs = 0;
		err = archive_counts(c, &arts, &revs, &origs, e);
		if (!err) {
			char *detail = xasprintf("{\"articles\":%lld,\"revisions\":%lld,\"originals\":%lld,"
						 "\"source_audit_head\":\"%s\"}",
						 arts, revs, origs, head);
			err = audit_append(c, "copy", "archive", detail, e);
			free(detail);
		}
	}
	if (!err)
		err = db_exec(c, "COMMIT", e);
	else
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(c->db, "DETACH src", NULL, NULL, NULL);
	if (!err)
		err = db_exec(c, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE", e);
	archive_close(c);
	if (err)
		unlink(path);
	return err;
}

int archive_record_snapshot(struct archive *a, const struct snapshot_row *row, long long *id,
			    struct ferr *e)
{
	static const char sql[] =
		"INSERT INTO snapshots (created, selection, reason, holder, path, articles, bag_sha256, "
		"audit_head) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
	char now[32];
	now_iso8601(now);
	sqlite3_stmt *st = db_stmt(a, sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	db_bind_text(st, 1, now);
	db_bind_text(st, 2, row->selection);
	db_bind_text(st, 3, row->reason);
	db_bind_text(st, 4, row->holder);
	db_bind_text(st, 5, row->path);
	db_bind_text(st, 6, row->articles);
	db_bind_text(st, 7, row->bag_sha256);
	db_bind_text(st, 8, row->audit_head ? row->audit_head : "");
	int rc = sqlite3_step(st);
	db_stmt_done(a, st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "recording the snapshot");
	*id = sqlite3_last_insert_rowid(a->db);
	struct buf detail = BUF_INIT;
	char subject[48];
	snprintf(subject, sizeof(subject), "snapshot %lld", *id);
	buf_addf(&detail, "{\"bag_sha256\":\"%s\",\"reason\":", row->bag_sha256);
	buf_add_json_string(&detail, row->reason);
	buf_adds(&detail, ",\"selection\":");
	buf_add_json_string(&detail, row->selection);
	buf_addf(&detail, ",\"articles\":%s,\"audit_head\":", row->articles);
	buf_add_json_string(&detail, row->audit_head ? row->audit_head : "");
	buf_addc(&detail, '}');
	int err = audit_append(a, "snapshot", subject, detail.data, e);
	buf_release(&detail);
	return err;
}

void snapshot_record_release(struct snapshot_record *r)
{
	free(r->created);
	free(r->selection);
	free(r->reason);
	free(r->path);
	free(r->articles);
	free(r->bag_sha256);
	free(r->audit_head);
	memset(r, 0, sizeof(*r));
}

int archive_find_snapshot(struct archive *a, const char *bag_sha256, const char *audit_head,
			  struct snapshot_record *out, struct ferr *e)
{
	static const char sql[] =
		"SELECT id, created, selection, reason, path, articles, bag_sha256, audit_head, "
		"EXISTS (SELECT 1 FROM audit l WHERE l.action = 'snapshot' "
		"  AND l.subject = 'snapshot ' || s.id "
		"  AND json_valid(l.detail) AND json_extract(l.detail, '$.bag_sha256') = s.bag_sha256) "
		"FROM (SELECT * FROM snapshots WHERE bag_sha256 = ?1 "
		"UNION ALL SELECT * FROM (SELECT * FROM snapshots "
		"WHERE audit_head = ?2 AND audit_head != '' ORDER BY id DESC) LIMIT 1) s";
	memset(out, 0, sizeof(*out));
	sqlite3_stmt *st = db_stmt(a, sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	db_bind_text(st, 1, bag_sha256 ? bag_sha256 : "");
	db_bind_text(st, 2, audit_head ? audit_head : "");
	int rc = sqlite3_step(st), err = 0;
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->created = db_col_text(st, 1);
		out->selection = db_col_text(st, 2);
		out->reason = db_col_text(st, 3);
		out->path = db_col_text(st, 4);
		out->articles = db_col_text(st, 5);
		out->bag_sha256 = db_col_text(st, 6);
		out->audit_head = db_col_text(st, 7);
		out->audited = sqlite3_column_int(st, 8) != 0;
	} else if (rc == SQLITE_DONE) {
		err = ferr_set(e, FOLIO_ENOTFOUND, "no snapshot recorded with that bag checksum or audit head");
	} else {
		err = db_error(a, rc, e, "reading the snapshots");
	}
	db_stmt_done(a, st);
	return err;
}
