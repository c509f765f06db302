/* archive/query.c - reading articles, their revisions and originals; listing, searching and counting. */
#include "internal.h"
#include "../hash.h"
#include "../utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ----------------------------------------------------------- */

void record_release(struct record *r)
{
	char **fields[] = { &r->identity, &r->title, &r->subtitle, &r->authors, &r->contributors,
			    &r->editor, &r->source, &r->section, &r->url, &r->correction,
			    &r->tags, &r->published, &r->body, &r->sha256, &r->encoding,
			    &r->format, &r->filename, &r->ingested, &r->created, &r->snippet,
			    &r->authors_text, &r->contributors_text, &r->converter, &r->evidence,
			    &r->language, &r->date_source, &r->kicker, &r->page,
			    &r->content_sha256, &r->deleted, &r->delete_reason, &r->tags_text };
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		free(*fields[i]);
	memset(r, 0, sizeof(*r));
}

/* The columns every record query selects, in read_record()'s order.  `x` is
 * articles or revisions, `o` the original. */
#define RECORD_COLUMNS                                                                     \
	"x.revision, x.published, x.title, x.subtitle, x.authors, x.contributors, x.editor, " \
	"x.source, x.section, x.url, x.correction, x.tags, x.body, x.chars, x.lossy, "      \
	"o.sha256, o.encoding, o.format, o.filename, x.ingested, o.size, o.storage, o.data, "     \
	"(SELECT group_concat(value, '、') FROM json_each(x.authors)), "                          \
	"(SELECT group_concat(value, '、') FROM json_each(x.contributors)), o.converter, "          \
	"o.evidence, ifnull(o.confidence, -1), ifnull(o.plausibility, -1), o.language, o.suspect, " \
	"x.date_source, x.kicker, x.page, x.content_sha256, x.purged, "                    \
	"(SELECT group_concat(value, '、') FROM json_each(x.tags))"

/* The audit entry that made article x a tombstone (NULL, not looked up, for
 * an article not deleted). */
#define TOMBSTONE_ENTRY                                                          \
	"CASE WHEN x.deleted IS NULL THEN NULL ELSE (SELECT min(seq) FROM audit "   \
	"WHERE action IN ('delete', 'purge') AND subject = 'article ' || x.id) END"

/* Fill r from the RECORD_COLUMNS at column c.  Fails (FOLIO_EARCHIVE) only
 * when the stored body cannot be decompressed. */
static int read_record(sqlite3_stmt *st, int c, struct record *r, struct ferr *e)
{
	struct buf body = BUF_INIT;
	r->revision = sqlite3_column_int(st, c + 0);
	r->published = db_col_text(st, c + 1);
	r->title = db_col_text(st, c + 2);
	r->subtitle = db_col_text(st, c + 3);
	r->authors = db_col_text(st, c + 4);
	r->contributors = db_col_text(st, c + 5);
	r->editor = db_col_text(st, c + 6);
	r->source = db_col_text(st, c + 7);
	r->section = db_col_text(st, c + 8);
	r->url = db_col_text(st, c + 9);
	r->correction = db_col_text(st, c + 10);
	r->tags = db_col_text(st, c + 11);
	r->chars = sqlite3_column_int64(st, c + 13);
	r->lossy = sqlite3_column_int(st, c + 14) != 0;
	r->sha256 = db_col_text(st, c + 15);
	r->encoding = db_col_text(st, c + 16);
	r->format = db_col_text(st, c + 17);
	r->filename = db_col_text(st, c + 18);
	r->ingested = db_col_text(st, c + 19);
	r->authors_text = db_col_text(st, c + 23);
	r->contributors_text = db_col_text(st, c + 24);
	r->converter = db_col_text(st, c + 25);
	r->evidence = db_col_text(st, c + 26);
	r->confidence = sqlite3_column_double(st, c + 27);
	r->plausibility = sqlite3_column_double(st, c + 28);
	r->language = db_col_text(st, c + 29);
	r->suspect = sqlite3_column_int(st, c + 30) != 0;
	r->date_source = db_col_text(st, c + 31);
	r->kicker = db_col_text(st, c + 32);
	r->page = db_col_text(st, c + 33);
	r->content_sha256 = db_col_text(st, c + 34);
	r->purged = sqlite3_column_int(st, c + 35) != 0;
	r->tags_text = db_col_text(st, c + 36);
	/* A purged body is empty: its content is gone on purpose. */
	int err = sqlite3_column_bytes(st, c + 12) == 0 ? 0 : stored_body(st, c + 12, c + 20, &body, e);
	r->body = buf_detach(&body);
	if (err)
		ferr_prefix(e, "article %lld revision %d", r->id, r->revision);
	return err;
}

int archive_get(struct archive *a, long long id, struct record *out, struct ferr *e)
{
	static const char sql[] = "SELECT x.id, x.identity, x.created, x.deleted, x.delete_reason, "
				  TOMBSTONE_ENTRY ", " RECORD_COLUMNS
				  " FROM articles x JOIN originals o ON o.id = x.original_id WHERE x.id = ?1";
	sqlite3_stmt *st = db_stmt(a, sql, e);
	int rc;
	memset(out, 0, sizeof(*out));
	if (!st)
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->identity = db_col_text(st, 1);
		out->created = db_col_text(st, 2);
		out->deleted = db_col_text(st, 3);
		out->delete_reason = db_col_text(st, 4);
		out->delete_entry = sqlite3_column_int64(st, 5);
		int err = read_record(st, 6, out, e);
		db_stmt_done(a, st);
		if (err)
			record_release(out);
		return err;
	}
	db_stmt_done(a, st);
	if (rc == SQLITE_DONE)
		return ferr_set(e, FOLIO_ENOTFOUND, "no article with id %lld", id);
	return db_error(a, rc, e, "reading an article");
}

int archive_revisions(struct archive *a, long long id, record_fn fn, void *ctx, struct ferr *e)
{
	static const char sql[] = "SELECT x.article_id, " RECORD_COLUMNS
				  " FROM revisions x JOIN originals o ON o.id = x.original_id "
				  "WHERE x.article_id = ?1 ORDER BY x.revision";
	sqlite3_stmt *st = db_stmt(a, sql, e);
	int rc, err = 0;
	if (!st)
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !err) {
		struct record r = { 0 };
		r.id = sqlite3_column_int64(st, 0);
		err = read_record(st, 1, &r, e);
		if (!err)
			err = fn(ctx, &r);
		record_release(&r);
	}
	db_stmt_done(a, st);
	if (err)
		return err;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(a, rc, e, "reading revisions");
	return 0;
}

/* Decode a stored original (row of size, storage, data) into out and check
 * it against its SHA-256. */
int original_bytes(sqlite3_stmt *st, int c, struct buf *out, bool *hash_ok, struct ferr *e)
{
	const char *sha = (const char *)sqlite3_column_text(st, c + 3);
	char got[SHA256_HEX_LEN + 1];
	size_t before = out->len;
	int err = original_decode(st, c, out, e);
	if (err)
		return err;
	sha256_hex(out->data + before, out->len - before, got);
	*hash_ok = sha && !strcmp(got, sha);
	return 0;
}

int archive_original(struct archive *a, long long id, int revision, struct buf *out, struct ferr *e)
{
	static const char sql[] =
		"SELECT o.size, o.storage, o.data, o.sha256 FROM originals o WHERE o.id = "
		"(SELECT original_id FROM articles WHERE id = ?1 AND (?2 = 0 OR revision = ?2) "
		" UNION ALL SELECT original_id FROM revisions WHERE article_id = ?1 AND revision = ?2 "
		" LIMIT 1)";
	sqlite3_stmt *st = db_stmt(a, sql, e);
	int rc, err = 0;
	bool ok = false;
	if (!st)
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, revision);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		err = original_bytes(st, 0, out, &ok, e);
		if (!err && !ok)
			err = ferr_set(e, FOLIO_EARCHIVE,
				       "article %lld: stored original does not match its SHA-256", id);
	} else if (rc == SQLITE_DONE) {
		err = ferr_set(e, FOLIO_ENOTFOUND, "no article %lld%s", id,
			       revision ? " at that revision" : "");
	} else {
		err = db_error(a, rc, e, "reading the original");
	}
	db_stmt_done(a, st);
	return err;
}

/* Month "YYYY-MM" to the inclusive day range. */
static void month_range(const char *month, char from[11], char to[11])
{
	snprintf(from, 11, "%.7s-01", month);
	snprintf(to, 11, "%.7s-31", month);
}

/* archive_list() and archive_tombstones(): the articles in sel that are
 * live, or those that are tombstones. */
static int list_selected(struct archive *a, const struct selection *sel, bool tombstones,
			 record_fn fn, void *ctx, long long *count, struct ferr *e)
{
#define LIST_SQL(which)                                                                    \
	"SELECT x.id, x.identity, x.created, x.deleted, x.delete_reason, " TOMBSTONE_ENTRY     \
	", " RECORD_COLUMNS " FROM articles x JOIN originals o ON o.id = x.original_id "     \
	"WHERE x.deleted " which " AND (?1 IS NULL OR x.pub_date >= ?1) "                    \
	"AND (?2 IS NULL OR x.pub_date <= ?2) AND (?3 IS NULL OR x.section = ?3) "           \
	"ORDER BY x.pub_date, x.published, x.id"
	static const char live_sql[] = LIST_SQL("IS NULL");
	static const char tomb_sql[] = LIST_SQL("IS NOT NULL");
#undef LIST_SQL
	char mfrom[11], mto[11];
	const char *from = sel->from, *to = sel->to;
	sqlite3_stmt *st = db_stmt(a, tombstones ? tomb_sql : live_sql, e);
	long long n = 0;
	int rc, err = 0;
	if (!st)
		return FOLIO_EARCHIVE;
	if (sel->month) {
		month_range(sel->month, mfrom, mto);
		if (!from || strcmp(mfrom, from) > 0)
			from = mfrom;
		if (!to || strcmp(mto, to) < 0)
			to = mto;
	}
	db_bind_text(st, 1, from);
	db_bind_text(st, 2, to);
	db_bind_text(st, 3, sel->section);
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct record r = { 0 };
		r.id = sqlite3_column_int64(st, 0);
		r.identity = db_col_text(st, 1);
		r.created = db_col_text(st, 2);
		r.deleted = db_col_text(st, 3);
		r.delete_reason = db_col_text(st, 4);
		r.delete_entry = sqlite3_column_int64(st, 5);
		err = read_record(st, 6, &r, e);
		if (!err)
			err = fn(ctx, &r);
		record_release(&r);
		n++;
	}
	db_stmt_done(a, st);
	if (count)
		*count = n;
	if (err)
		return err;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(a, rc, e, tombstones ? "listing deleted articles" : "listing articles");
	return 0;
}

int archive_list(struct archive *a, const struct selection *sel, record_fn fn, void *ctx,
		 long long *count, struct ferr *e)
{
	return list_selected(a, sel, false, fn, ctx, count, e);
}

int archive_tombstones(struct archive *a, const struct selection *sel, record_fn fn, void *ctx,
		       struct ferr *e)
{
	return list_selected(a, sel, true, fn, ctx, NULL, e);
}

int archive_counts(struct archive *a, long long *articles, long long *revisions,
		   long long *originals, struct ferr *e)
{
	sqlite3_stmt *st = db_stmt(a,
				"SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM revisions), "
				"(SELECT count(*) FROM originals)",
				e);
	if (!st)
		return FOLIO_EARCHIVE;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*articles = sqlite3_column_int64(st, 0);
		*revisions = sqlite3_column_int64(st, 1);
		*originals = sqlite3_column_int64(st, 2);
	}
	db_stmt_done(a, st);
	return rc == SQLITE_ROW ? 0 : db_error(a, rc, e, "counting");
}
