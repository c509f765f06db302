/* archive/audit.c - the audit chain: appending entries, each hashed with the one before, and verifying it. */
#include "internal.h"
#include "../hash.h"

#include <stdio.h>
#include <string.h>

/* ---- the audit log -------------------------------------------------------------- */

#define AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

static void audit_hash(const char *prev, long long seq, const char *time, const char *action,
		       const char *subject, const char *detail, char out[SHA256_HEX_LEN + 1])
{
	struct sha256_ctx_folio *c = sha256_begin();
	char num[32];
	snprintf(num, sizeof(num), "%lld", seq);
	const char *parts[] = { prev, num, time, action, subject, detail };
	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
		if (i)
			sha256_add(c, "\n", 1);
		sha256_add(c, parts[i], strlen(parts[i]));
	}
	sha256_end(c, out);
}

/* Append an entry chained to the last one, inside the caller's transaction.
 * detail is JSON. */
int audit_append(struct archive *a, const char *action, const char *subject,
			const char *detail, struct ferr *e)
{
	static const char last_sql[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
	static const char add_sql[] =
		"INSERT INTO audit (seq, time, action, subject, detail, prev, hash) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	char prev[SHA256_HEX_LEN + 1] = AUDIT_GENESIS, hash[SHA256_HEX_LEN + 1], now[32];
	long long seq = 1;
	sqlite3_stmt *st = db_stmt(a, last_sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", (const char *)sqlite3_column_text(st, 1));
	}
	db_stmt_done(a, st);
	now_iso8601(now);
	audit_hash(prev, seq, now, action, subject, detail, hash);
	if (!(st = db_stmt(a, add_sql, e)))
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, seq);
	db_bind_text(st, 2, now);
	db_bind_text(st, 3, action);
	db_bind_text(st, 4, subject);
	db_bind_text(st, 5, detail);
	db_bind_text(st, 6, prev);
	db_bind_text(st, 7, hash);
	int rc = sqlite3_step(st);
	db_stmt_done(a, st);
	return rc == SQLITE_DONE ? 0 : db_error(a, rc, e, "appending to the audit log");
}

int archive_audit(struct archive *a, audit_fn fn, void *ctx, long long *broken_seq,
		  struct ferr *e)
{
	sqlite3_stmt *st = NULL;
	char prev[SHA256_HEX_LEN + 1] = AUDIT_GENESIS, want[SHA256_HEX_LEN + 1];
	long long expect_seq = 1;
	int rc = sqlite3_prepare_v2(a->db,
				    "SELECT seq, time, action, subject, detail, prev, hash FROM audit "
				    "ORDER BY seq",
				    -1, &st, NULL);
	*broken_seq = 0;
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "reading the audit log");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry en = {
			sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
			(const char *)sqlite3_column_text(st, 2), (const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4), (const char *)sqlite3_column_text(st, 5),
			(const char *)sqlite3_column_text(st, 6), true };
		if (!en.time || !en.action || !en.subject || !en.detail || !en.prev || !en.hash) {
			en.ok = false;
		} else {
			audit_hash(en.prev, en.seq, en.time, en.action, en.subject, en.detail, want);
			en.ok = en.seq == expect_seq && !strcmp(en.prev, prev) && !strcmp(en.hash, want);
		}
		if (!en.ok && !*broken_seq)
			*broken_seq = en.seq;
		if (fn)
			fn(ctx, &en);
		snprintf(prev, sizeof(prev), "%s", en.hash ? en.hash : "");
		expect_seq = en.seq + 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "reading the audit log");
	return 0;
}

int archive_audit_note(struct archive *a, const char *action, const char *subject,
		       const char *detail, struct ferr *e)
{
	int err = db_exec(a, "BEGIN IMMEDIATE", e);
	if (err)
		return err;
	if ((err = audit_append(a, action, subject, detail, e))) {
		sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
		return err;
	}
	return db_exec(a, "COMMIT", e);
}
