/* archive/browse.c - counts and listings for the reading room: months,
 * sections, editions and snapshots. */
#include "internal.h"

#include <stdlib.h>

static int counts(struct archive *a, const char *sql, count_fn fn, void *ctx, const char *what,
		  struct ferr *e)
{
	sqlite3_stmt *st = db_stmt(a, sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	int rc, err = 0;
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		err = fn(ctx, v ? v : "", sqlite3_column_int64(st, 1));
	}
	db_stmt_done(a, st);
	if (err)
		return err;
	return rc == SQLITE_DONE ? 0 : db_error(a, rc, e, what);
}

int archive_months(struct archive *a, count_fn fn, void *ctx, struct ferr *e)
{
	return counts(a,
		      "SELECT coalesce(substr(pub_date, 1, 7), ''), count(*) FROM articles "
		      "WHERE deleted IS NULL GROUP BY 1 ORDER BY 1 DESC",
		      fn, ctx, "counting months", e);
}

int archive_sections(struct archive *a, count_fn fn, void *ctx, struct ferr *e)
{
	return counts(a,
		      "SELECT coalesce(section, ''), count(*) FROM articles WHERE deleted IS NULL "
		      "GROUP BY 1 ORDER BY 2 DESC, 1",
		      fn, ctx, "counting sections", e);
}

static int listings(struct archive *a, const char *sql, int limit, bool snapshot, listing_fn fn,
		    void *ctx, struct ferr *e)
{
	sqlite3_stmt *st = db_stmt(a, sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	sqlite3_bind_int(st, 1, limit > 0 ? limit : -1);
	int rc, err = 0;
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct listing l = { 0 };
		l.id = sqlite3_column_int64(st, 0);
		l.created = (const char *)sqlite3_column_text(st, 1);
		l.selection = (const char *)sqlite3_column_text(st, 2);
		l.title_or_reason = (const char *)sqlite3_column_text(st, 3);
		l.sha256 = (const char *)sqlite3_column_text(st, 4);
		l.path = (const char *)sqlite3_column_text(st, 5);
		l.articles = sqlite3_column_int64(st, 6);
		if (snapshot)
			l.holder = (const char *)sqlite3_column_text(st, 7);
		else {
			l.pages = sqlite3_column_int64(st, 7);
			l.bytes = sqlite3_column_int64(st, 8);
		}
		err = fn(ctx, &l);
	}
	db_stmt_done(a, st);
	if (err)
		return err;
	return rc == SQLITE_DONE ? 0 : db_error(a, rc, e, "listing");
}

int archive_editions(struct archive *a, int limit, listing_fn fn, void *ctx, struct ferr *e)
{
	return listings(a,
			"SELECT id, created, selection, title, sha256, path, "
			"json_array_length(articles), pages, bytes FROM editions "
			"ORDER BY id DESC LIMIT ?1",
			limit, false, fn, ctx, e);
}

int archive_snapshots(struct archive *a, listing_fn fn, void *ctx, struct ferr *e)
{
	return listings(a,
			"SELECT id, created, selection, reason, bag_sha256, path, "
			"json_array_length(articles), holder FROM snapshots ORDER BY id DESC LIMIT ?1",
			0, true, fn, ctx, e);
}
