/* archive/audit.c - the audit chain: appending entries, each hashed with the one before, and verifying it. */
#include "internal.h"
#include "../hash.h"

#include <stdio.h>
#include <stdlib.h>
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
	if (a->fixed_time[0])
		memcpy(now, a->fixed_time, sizeof(now));
	else
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

int archive_audit_head(struct archive *a, char head[AUDIT_HEAD_LEN + 1], struct ferr *e)
{
	sqlite3_stmt *st = db_stmt(a, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", e);
	if (!st)
		return FOLIO_EARCHIVE;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(head, AUDIT_HEAD_LEN + 1, "%lld:%.64s", (long long)sqlite3_column_int64(st, 0),
			 sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "");
	else
		snprintf(head, AUDIT_HEAD_LEN + 1, "0:%s", AUDIT_GENESIS);
	db_stmt_done(a, st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error(a, rc, e, "reading the audit log");
}

int archive_audit_extends(struct archive *a, const char *head, struct ferr *e)
{
	char *end;
	long long seq = strtoll(head, &end, 10);
	if (end == head || *end != ':' || seq < 0 || strlen(end + 1) != SHA256_HEX_LEN ||
	    strspn(end + 1, "0123456789abcdef") != SHA256_HEX_LEN)
		return ferr_set(e, FOLIO_EUSAGE, "'%s' is not a head: SEQ:HASH, as 'folio audit --head' prints it",
				head);
	const char *want = end + 1;
	if (seq == 0)
		return strcmp(want, AUDIT_GENESIS) ? ferr_set(e, FOLIO_EUSAGE, "head 0 has the hash %s", AUDIT_GENESIS) : 0;
	sqlite3_stmt *st = db_stmt(a, "SELECT hash, (SELECT max(seq) FROM audit) FROM audit WHERE seq = ?1", e);
	if (!st)
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, seq);
	int rc = sqlite3_step(st), err = 0;
	if (rc == SQLITE_ROW) {
		const char *have = (const char *)sqlite3_column_text(st, 0);
		if (!have || strcmp(have, want))
			err = ferr_set(e, FOLIO_EINPUT,
				       "entry %lld is not the one the head names (its hash is %s): the log "
				       "was rewritten at or before it",
				       seq, have ? have : "missing");
	} else if (rc == SQLITE_DONE) {
		long long last = 0;
		sqlite3_stmt *m = db_stmt(a, "SELECT coalesce(max(seq), 0) FROM audit", e);
		if (m && sqlite3_step(m) == SQLITE_ROW)
			last = sqlite3_column_int64(m, 0);
		if (m)
			db_stmt_done(a, m);
		err = ferr_set(e, FOLIO_EINPUT,
			       "entry %lld, which the head names, is not in the log (it ends at entry %lld): "
			       "entries were removed",
			       seq, last);
	} else {
		err = db_error(a, rc, e, "reading the audit log");
	}
	db_stmt_done(a, st);
	return err;
}

int archive_audit_cross_check(struct archive *a, problem_fn fn, void *ctx, long long *problems,
			      struct ferr *e)
{
	/* Articles from before the log began are counted in its first ('start')
	 * entry, and those a snapshot's copy was filled with in its 'copy'
	 * entry; those have no entry of their own. */
	static const char sql[] =
		"WITH start AS (SELECT coalesce(sum(json_extract(detail, '$.articles')), 0) AS arts "
		"  FROM audit WHERE action IN ('start', 'copy')), "
		"ing AS (SELECT subject, count(*) AS n FROM audit WHERE action = 'ingest' GROUP BY subject), "
		"rev AS (SELECT subject, count(*) AS n FROM audit WHERE action = 'revise' GROUP BY subject), "
		"unlogged AS (SELECT x.id FROM articles x WHERE NOT EXISTS "
		"  (SELECT 1 FROM ing WHERE ing.subject = 'article ' || x.id)) "
		"SELECT 'audit log', (SELECT count(*) FROM unlogged) || ' articles have no ingest entry "
		"(the log began with, or copied in, ' || arts || '): entries were removed' "
		"  FROM start WHERE (SELECT count(*) FROM unlogged) > arts "
		"UNION ALL SELECT 'article ' || x.id, 'is at revision ' || x.revision || ' but the audit log "
		"has ' || coalesce(rev.n, 0) || ' revise entries for it' FROM articles x "
		"  JOIN ing ON ing.subject = 'article ' || x.id LEFT JOIN rev ON rev.subject = ing.subject "
		"  WHERE coalesce(rev.n, 0) <> x.revision - 1 "
		"UNION ALL SELECT 'article ' || x.id, 'is deleted, but the audit log has no delete entry' "
		"  FROM articles x WHERE x.deleted IS NOT NULL AND NOT EXISTS (SELECT 1 FROM audit "
		"  WHERE action IN ('delete', 'purge') AND subject = 'article ' || x.id) "
		"UNION ALL SELECT 'article ' || x.id, 'is purged, but the audit log has no purge entry' "
		"  FROM articles x WHERE x.purged <> 0 AND NOT EXISTS (SELECT 1 FROM audit "
		"  WHERE action = 'purge' AND subject = 'article ' || x.id) "
		"UNION ALL SELECT 'article ' || x.id, 'the audit log has it deleted, but it is not' "
		"  FROM articles x WHERE x.deleted IS NULL AND EXISTS (SELECT 1 FROM audit "
		"  WHERE action IN ('delete', 'purge') AND subject = 'article ' || x.id) "
		"UNION ALL SELECT 'edition ' || d.id, 'has no entry in the audit log' FROM editions d "
		"  WHERE NOT EXISTS (SELECT 1 FROM audit WHERE action = 'edition' AND subject = 'edition ' || d.id) "
		"UNION ALL SELECT 'snapshot ' || s.id, 'has no entry in the audit log' FROM snapshots s "
		"  WHERE NOT EXISTS (SELECT 1 FROM audit WHERE action = 'snapshot' AND subject = 'snapshot ' || s.id) "
		"UNION ALL SELECT l.subject, 'the audit log has a ' || l.action || ' entry (' || l.seq || "
		"') for it, but the archive has no such ' || CASE l.action WHEN 'edition' THEN 'edition' "
		"  WHEN 'snapshot' THEN 'snapshot' ELSE 'article' END FROM audit l WHERE "
		"  (l.action IN ('ingest', 'revise', 'delete', 'purge') AND NOT EXISTS "
		"   (SELECT 1 FROM articles x WHERE l.subject = 'article ' || x.id)) OR "
		"  (l.action = 'edition' AND NOT EXISTS (SELECT 1 FROM editions d WHERE l.subject = 'edition ' || d.id)) OR "
		"  (l.action = 'snapshot' AND NOT EXISTS (SELECT 1 FROM snapshots s WHERE l.subject = 'snapshot ' || s.id))";
	return db_report_rows(a, sql, "cross-checking the audit log", fn, ctx, problems, e);
}
