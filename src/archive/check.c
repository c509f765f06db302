/* archive/check.c - archive_check: re-reading everything stored and reporting what does not agree. */
#include "internal.h"
#include "../plausibility.h"

#include <stdio.h>
#include <string.h>

/* ---- checking ---------------------------------------------------------- */

int archive_check(struct archive *a, problem_fn fn, void *ctx, long long *problems,
		  long long *originals_checked, struct ferr *e)
{
	sqlite3_stmt *st = NULL;
	int rc;
	*problems = 0;
	*originals_checked = 0;

	rc = sqlite3_prepare_v2(a->db, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "integrity check");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(st, 0);
		if (msg && strcmp(msg, "ok")) {
			fn(ctx, "archive", msg);
			(*problems)++;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "integrity check");
	if (sqlite3_exec(a->db, "PRAGMA foreign_key_check", NULL, NULL, NULL) != SQLITE_OK) {
		fn(ctx, "archive", sqlite3_errmsg(a->db));
		(*problems)++;
	}

	/* Every original, with every article and revision that cites it. */
	rc = sqlite3_prepare_v2(
		a->db,
		"SELECT o.id, o.size, o.storage, o.data, o.sha256, o.filename, "
		"(SELECT group_concat(id, ', ') FROM articles WHERE original_id = o.id), "
		"(SELECT group_concat(article_id || ' revision ' || revision, ', ') FROM revisions "
		" WHERE original_id = o.id) FROM originals o WHERE o.storage <> 'purged' ORDER BY o.id",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "checking originals");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct buf bytes = BUF_INIT;
		struct ferr err = FERR_INIT;
		bool ok = false;
		const char *arts = (const char *)sqlite3_column_text(st, 6);
		const char *revs = (const char *)sqlite3_column_text(st, 7);
		char subject[256];
		snprintf(subject, sizeof(subject), "article %s%s%s (original %lld, %s)",
			 arts ? arts : "", arts && revs ? "; " : "", revs ? revs : "",
			 (long long)sqlite3_column_int64(st, 0), sqlite3_column_text(st, 5));
		if (original_bytes(st, 1, &bytes, &ok, &err)) {
			fn(ctx, subject, err.msg);
			(*problems)++;
		} else if (!ok) {
			fn(ctx, subject, "stored original does not match its SHA-256");
			(*problems)++;
		}
		(*originals_checked)++;
		buf_release(&bytes);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "checking originals");

	/* Every stored body, current and earlier, must come back. */
	rc = sqlite3_prepare_v2(
		a->db,
		"SELECT 'article ' || x.id, x.body, o.size, o.storage, o.data FROM articles x "
		"JOIN originals o ON o.id = x.original_id WHERE x.purged = 0 UNION ALL "
		"SELECT 'article ' || x.article_id || ' revision ' || x.revision, x.body, o.size, "
		"o.storage, o.data FROM revisions x JOIN originals o ON o.id = x.original_id "
		"WHERE x.purged = 0",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "checking bodies");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct buf body = BUF_INIT;
		struct ferr err = FERR_INIT;
		struct plausibility pl;
		if (stored_body(st, 1, 2, &body, &err)) {
			fn(ctx, (const char *)sqlite3_column_text(st, 0), err.msg);
			(*problems)++;
		} else if (plausibility_of(body.data, body.len, &pl), !plausibility_ok(&pl)) {
			/* text nobody could read: stored in the wrong encoding, or
			 * damaged before it came in */
			char msg[192];
			if (pl.damaged)
				snprintf(msg, sizeof(msg),
					 "the text is damaged: %zu '?' marks stand for lost bytes, the "
					 "characters after them shifted",
					 pl.damaged);
			else
				snprintf(msg, sizeof(msg),
					 "the text is not plausible (%.0f%% of %zu characters likely, as "
					 "%s): probably decoded with the wrong encoding",
					 pl.score * 100, pl.chars, pl.language);
			fn(ctx, (const char *)sqlite3_column_text(st, 0), msg);
			(*problems)++;
		}
		buf_release(&body);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "checking bodies");

	/* The audit log's chain. */
	long long broken = 0;
	int aerr = archive_audit(a, NULL, NULL, &broken, e);
	if (aerr)
		return aerr;
	if (broken) {
		char msg[96];
		snprintf(msg, sizeof(msg), "the chain is broken at entry %lld", broken);
		fn(ctx, "audit log", msg);
		(*problems)++;
	}

	/* Every stored thing has its entry in the log, and every entry its thing. */
	if ((aerr = archive_audit_cross_check(a, fn, ctx, problems, e)))
		return aerr;

	/* The triggers, and the holds as the audit log recorded them. */
	if ((aerr = guards_check(a, fn, ctx, problems, e)))
		return aerr;

	/* The indexes' own consistency checks (contentless: structure only). */
	rc = sqlite3_exec(a->db,
			  "INSERT INTO search(search) VALUES ('integrity-check');"
			  "INSERT INTO search_chars(search_chars) VALUES ('integrity-check')",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		fn(ctx, "search index", sqlite3_errmsg(a->db));
		(*problems)++;
	}
	return 0;
}
