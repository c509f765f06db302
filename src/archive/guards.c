/* archive/guards.c - the triggers that make the database itself refuse
 * changes: originals, revisions, articles, the audit log and the holds are
 * never deleted or rewritten, and a hold in force binds every table that
 * holds its articles' text, history or original.  Checked by guards_check().
 *
 * What they stop is an accidental or casual change made with plain SQL by
 * anyone who has the file.  Someone who drops a trigger first can change
 * anything; that is revealed by the audit chain and its head kept outside
 * the archive, never by the triggers. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The archive-wide guards, in their final form.  The migrations in open.c
 * keep the text each schema version wrote, as history; version 9 replaces
 * them all with these.  sqlite_master keeps each statement's text exactly,
 * which is how guards_check() sees a changed one. */
static const struct {
	const char *name, *sql;
} global_guards[] = {
	{ "originals_immutable",
	  "CREATE TRIGGER originals_immutable BEFORE UPDATE ON originals\n"
	  "WHEN NOT (NEW.storage = 'purged' AND length(NEW.data) = 0 AND NEW.id = OLD.id AND\n"
	  "  NEW.sha256 = OLD.sha256 AND NEW.size = OLD.size AND NEW.filename = OLD.filename AND\n"
	  "  NEW.format = OLD.format AND NEW.encoding = OLD.encoding AND NEW.ingested = OLD.ingested AND\n"
	  "  NEW.converter = OLD.converter AND NEW.lossy_bytes = OLD.lossy_bytes AND\n"
	  "  NEW.evidence = OLD.evidence AND NEW.confidence IS OLD.confidence AND\n"
	  "  NEW.plausibility IS OLD.plausibility AND NEW.language = OLD.language AND\n"
	  "  NEW.suspect = OLD.suspect)\n"
	  "BEGIN SELECT RAISE(ABORT, 'originals are never modified, only purged'); END" },
	{ "originals_kept", "CREATE TRIGGER originals_kept BEFORE DELETE ON originals\n"
			    "BEGIN SELECT RAISE(ABORT, 'originals are never deleted'); END" },
	{ "revisions_immutable",
	  "CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions\n"
	  "WHEN NOT (NEW.purged = 1 AND OLD.purged = 0 AND NEW.article_id = OLD.article_id AND\n"
	  "  NEW.revision = OLD.revision AND NEW.content_sha256 = OLD.content_sha256)\n"
	  "BEGIN SELECT RAISE(ABORT, 'revisions are never modified, only purged'); END" },
	{ "revisions_kept", "CREATE TRIGGER revisions_kept BEFORE DELETE ON revisions\n"
			    "BEGIN SELECT RAISE(ABORT, 'revisions are never deleted, only purged'); END" },
	{ "articles_kept",
	  "CREATE TRIGGER articles_kept BEFORE DELETE ON articles\n"
	  "BEGIN SELECT RAISE(ABORT, 'articles are never deleted: folio delete leaves a tombstone'); END" },
	{ "images_immutable",
	  "CREATE TRIGGER images_immutable BEFORE UPDATE ON images\n"
	  "WHEN NOT (NEW.storage = 'purged' AND length(NEW.data) = 0 AND NEW.id = OLD.id AND\n"
	  "  NEW.sha256 = OLD.sha256 AND NEW.media_type = OLD.media_type AND\n"
	  "  NEW.width = OLD.width AND NEW.height = OLD.height AND NEW.size = OLD.size AND\n"
	  "  NEW.stored = OLD.stored)\n"
	  "BEGIN SELECT RAISE(ABORT, 'images are never modified, only purged'); END" },
	{ "images_kept", "CREATE TRIGGER images_kept BEFORE DELETE ON images\n"
			 "BEGIN SELECT RAISE(ABORT, 'images are never deleted'); END" },
	{ "original_images_immutable",
	  "CREATE TRIGGER original_images_immutable BEFORE UPDATE ON original_images\n"
	  "BEGIN SELECT RAISE(ABORT, 'the images of an original are never changed'); END" },
	{ "original_images_kept",
	  "CREATE TRIGGER original_images_kept BEFORE DELETE ON original_images\n"
	  "BEGIN SELECT RAISE(ABORT, 'the images of an original are never removed'); END" },
	{ "audit_append_only", "CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit\n"
			       "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END" },
	{ "audit_kept", "CREATE TRIGGER audit_kept BEFORE DELETE ON audit\n"
			"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END" },
	{ "holds_kept", "CREATE TRIGGER holds_kept BEFORE DELETE ON holds\n"
			"BEGIN SELECT RAISE(ABORT, 'holds are never deleted, only released'); END" },
	{ "holds_immutable",
	  "CREATE TRIGGER holds_immutable BEFORE UPDATE ON holds\n"
	  "WHEN NOT (OLD.released IS NULL AND NEW.released IS NOT NULL AND NEW.id = OLD.id AND\n"
	  "  NEW.created = OLD.created AND NEW.reason = OLD.reason AND NEW.selection = OLD.selection)\n"
	  "BEGIN SELECT RAISE(ABORT, 'a hold is never modified, only released'); END" },
	{ "hold_articles_kept",
	  "CREATE TRIGGER hold_articles_kept BEFORE DELETE ON hold_articles\n"
	  "BEGIN SELECT RAISE(ABORT, 'the articles of a hold are never removed from it'); END" },
	{ "hold_articles_immutable",
	  "CREATE TRIGGER hold_articles_immutable BEFORE UPDATE ON hold_articles\n"
	  "BEGIN SELECT RAISE(ABORT, 'the articles of a hold are never changed'); END" },
};

/* The guards of one hold: the table and event, and the condition that the
 * row belongs to the hold, where # stands for the hold's id; whether it
 * guards the hold itself (its message then says so). */
#define MEMBERS "(SELECT article_id FROM hold_articles WHERE hold_id = #)"
static const struct {
	const char *suffix, *event, *when;
	bool of_hold;
} hold_guard_defs[] = {
	{ "update", "UPDATE ON articles", "OLD.id IN " MEMBERS, false },
	{ "delete", "DELETE ON articles", "OLD.id IN " MEMBERS, false },
	{ "revisions", "UPDATE ON revisions", "OLD.article_id IN " MEMBERS, false },
	{ "revisions_delete", "DELETE ON revisions", "OLD.article_id IN " MEMBERS, false },
	{ "revisions_insert", "INSERT ON revisions", "NEW.article_id IN " MEMBERS, false },
	{ "originals", "UPDATE ON originals",
	  "OLD.id IN (SELECT original_id FROM articles WHERE id IN " MEMBERS
	  " UNION SELECT original_id FROM revisions WHERE article_id IN " MEMBERS ")", false },
	{ "originals_delete", "DELETE ON originals",
	  "OLD.id IN (SELECT original_id FROM articles WHERE id IN " MEMBERS
	  " UNION SELECT original_id FROM revisions WHERE article_id IN " MEMBERS ")", false },
	{ "images", "UPDATE ON images",
	  "OLD.id IN (SELECT image_id FROM original_images WHERE original_id IN "
	  "(SELECT original_id FROM articles WHERE id IN " MEMBERS
	  " UNION SELECT original_id FROM revisions WHERE article_id IN " MEMBERS "))", false },
	{ "members", "DELETE ON hold_articles", "OLD.hold_id = #", false },
	{ "members_update", "UPDATE ON hold_articles", "OLD.hold_id = # OR NEW.hold_id = #", false },
	{ "release", "UPDATE ON holds", "OLD.id = #", true },
	{ "kept", "DELETE ON holds", "OLD.id = #", true },
};

/* The CREATE TRIGGER statement of guard i of hold n; caller frees. */
static char *hold_guard_sql(size_t i, long long n)
{
	struct buf b = BUF_INIT;
	buf_addf(&b, "CREATE TRIGGER hold_%lld_%s BEFORE %s\nWHEN ", n, hold_guard_defs[i].suffix,
		 hold_guard_defs[i].event);
	for (const char *w = hold_guard_defs[i].when; *w; w++)
		if (*w == '#')
			buf_addf(&b, "%lld", n);
		else
			buf_addc(&b, *w);
	if (hold_guard_defs[i].of_hold)
		buf_addf(&b, "\nBEGIN SELECT RAISE(ABORT, 'legal hold %lld is in force: only folio "
			     "release ends it'); END",
			 n);
	else
		buf_addf(&b, "\nBEGIN SELECT RAISE(ABORT, 'article is under legal hold %lld: it cannot "
			     "be changed or deleted'); END",
			 n);
	return buf_detach(&b);
}

/* Whether the table a trigger statement or event ("... ON name ...")
 * guards exists yet: an upgrade installs the guards at version 9, before
 * later versions make the tables some of them guard (those are installed
 * again by the version that makes them). */
static bool target_exists(struct archive *a, const char *sql)
{
	const char *on = strstr(sql, " ON ");
	if (!on)
		return true;
	on += 4;
	size_t n = strcspn(on, " \n");
	sqlite3_stmt *st = NULL;
	bool yes = true;
	if (sqlite3_prepare_v2(a->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, on, (int)n, SQLITE_TRANSIENT);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return yes;
}

int guards_install(struct archive *a, struct ferr *e)
{
	int err = 0;
	for (size_t i = 0; i < ARRAY_SIZE(global_guards) && !err; i++) {
		if (!target_exists(a, global_guards[i].sql))
			continue;
		char *sql = sqlite3_mprintf("DROP TRIGGER IF EXISTS %s", global_guards[i].name);
		err = db_exec(a, sql, e);
		sqlite3_free(sql);
		if (!err)
			err = db_exec(a, global_guards[i].sql, e);
	}
	return err;
}

int hold_guards(struct archive *a, long long hold, bool create, struct ferr *e)
{
	int err = 0;
	for (size_t i = 0; i < ARRAY_SIZE(hold_guard_defs) && !err; i++) {
		char *sql = sqlite3_mprintf("DROP TRIGGER IF EXISTS hold_%lld_%s", hold,
					    hold_guard_defs[i].suffix);
		err = db_exec(a, sql, e);
		sqlite3_free(sql);
		if (!err && create && target_exists(a, hold_guard_defs[i].event)) {
			char *c = hold_guard_sql(i, hold);
			err = db_exec(a, c, e);
			free(c);
		}
	}
	return err;
}

/* The stored text of trigger name, or NULL if there is none; caller frees. */
static char *trigger_sql(struct archive *a, const char *name)
{
	sqlite3_stmt *st = db_stmt(a, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
				   NULL);
	char *out = NULL;
	if (!st)
		return NULL;
	db_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = db_col_text(st, 0);
	db_stmt_done(a, st);
	return out;
}

/* One expected trigger: present, and as folio wrote it. */
static void expect_trigger(struct archive *a, const char *name, const char *want, problem_fn fn,
			   void *ctx, long long *problems)
{
	char *have = trigger_sql(a, name);
	char subject[96];
	snprintf(subject, sizeof(subject), "trigger %s", name);
	const char *fault = !have		  ? "is missing: the changes it refuses are no longer refused"
			    : strcmp(have, want) ? "is not as folio wrote it: it was replaced"
						 : NULL;
	if (fault) {
		fn(ctx, subject, fault);
		(*problems)++;
	}
	free(have);
}

int guards_check(struct archive *a, problem_fn fn, void *ctx, long long *problems, struct ferr *e)
{
	for (size_t i = 0; i < ARRAY_SIZE(global_guards); i++)
		expect_trigger(a, global_guards[i].name, global_guards[i].sql, fn, ctx, problems);

	/* Every hold in force has all its guards. */
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db, "SELECT id FROM holds WHERE released IS NULL ORDER BY id", -1,
				    &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "checking holds");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long n = sqlite3_column_int64(st, 0);
		for (size_t i = 0; i < ARRAY_SIZE(hold_guard_defs); i++) {
			char name[96];
			snprintf(name, sizeof(name), "hold_%lld_%s", n, hold_guard_defs[i].suffix);
			char *want = hold_guard_sql(i, n);
			expect_trigger(a, name, want, fn, ctx, problems);
			free(want);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "checking holds");

	/* Triggers nobody expects: a released hold's guards still in place
	 * (the hold list and the database disagree), or someone else's. */
	struct buf expected = BUF_INIT;
	buf_adds(&expected, "SELECT 'trigger ' || t.name, CASE WHEN t.name GLOB 'hold_[0-9]*' THEN "
			    "'belongs to a hold that is not in force: the hold list and the triggers disagree' "
			    "ELSE 'is not one of folio''s: it may change what the archive stores' END "
			    "FROM sqlite_master t WHERE t.type = 'trigger' AND t.name NOT IN (");
	for (size_t i = 0; i < ARRAY_SIZE(global_guards); i++)
		buf_addf(&expected, "%s'%s'", i ? "," : "", global_guards[i].name);
	buf_adds(&expected, ") AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.released IS NULL AND (");
	for (size_t i = 0; i < ARRAY_SIZE(hold_guard_defs); i++)
		buf_addf(&expected, "%st.name = 'hold_' || h.id || '_%s'", i ? " OR " : "",
			 hold_guard_defs[i].suffix);
	buf_adds(&expected, ")) ORDER BY t.name");
	int err = db_report_rows(a, expected.data, "checking the triggers", fn, ctx, problems, e);
	buf_release(&expected);
	if (err)
		return err;

	/* The holds as the audit chain recorded them: each hold and release
	 * has its entry, and a hold holds the articles its entry lists. */
	return db_report_rows(
		a,
		"SELECT 'hold ' || h.id, 'has no hold entry in the audit log' FROM holds h "
		"WHERE NOT EXISTS (SELECT 1 FROM audit WHERE action = 'hold' AND subject = 'hold ' || h.id) "
		"UNION ALL SELECT 'hold ' || h.id, 'is marked released, but the audit log has no release "
		"entry for it' FROM holds h WHERE h.released IS NOT NULL AND NOT EXISTS "
		"(SELECT 1 FROM audit WHERE action = 'release' AND subject = 'hold ' || h.id) "
		"UNION ALL SELECT 'hold ' || h.id, 'is in force, but the audit log has it released' "
		"FROM holds h WHERE h.released IS NULL AND EXISTS "
		"(SELECT 1 FROM audit WHERE action = 'release' AND subject = 'hold ' || h.id) "
		"UNION ALL SELECT a.subject, 'the audit log names a hold the archive does not have' "
		"FROM audit a WHERE a.action IN ('hold', 'release') AND NOT EXISTS "
		"(SELECT 1 FROM holds h WHERE a.subject = 'hold ' || h.id) "
		"UNION ALL SELECT 'hold ' || m.hold_id, 'article ' || m.article_id || "
		"' is no longer in it, but the audit log says it was held' FROM "
		"(SELECT CAST(substr(a.subject, 6) AS INTEGER) AS hold_id, j.value AS article_id "
		" FROM audit a, json_each(a.detail, '$.articles') j WHERE a.action = 'hold' "
		" EXCEPT SELECT hold_id, article_id FROM hold_articles) m "
		"UNION ALL SELECT 'hold ' || m.hold_id, 'article ' || m.article_id || "
		"' is in it, but the audit log did not record it' FROM "
		"(SELECT hold_id, article_id FROM hold_articles EXCEPT "
		" SELECT CAST(substr(a.subject, 6) AS INTEGER), j.value "
		" FROM audit a, json_each(a.detail, '$.articles') j WHERE a.action = 'hold') m",
		"checking holds", fn, ctx, problems, e);
}
