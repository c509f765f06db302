/* archive/check.c - archive_check: re-reading everything stored and reporting what does not agree. */
#include "internal.h"
#include "../hash.h"
#include "../layout/image.h"
#include "../plausibility.h"
#include "../text.h"
#include "../utf8.h"
#include "../read/article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- checking ---------------------------------------------------------- */

/* The items of a stored JSON list of strings into l; false if it is not one. */
static bool json_strings(struct archive *a, const char *json, struct strlist *l)
{
	sqlite3_stmt *st = db_stmt(a, "SELECT json_type(?1), value, type FROM json_each(?1)",
				   NULL);
	bool ok = true;
	if (!st)
		return false;
	db_bind_text(st, 1, json ? json : "[]");
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *vt = (const char *)sqlite3_column_text(st, 2);
		if (!type || strcmp(type, "array") || !vt || strcmp(vt, "text")) {
			ok = false;
			break;
		}
		strlist_add(l, (const char *)sqlite3_column_text(st, 1));
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		ok = false;
	db_stmt_done(a, st);
	return ok;
}

/* Valid UTF-8 in NFC; else the reason, in msg. */
static bool sound_text(const char *s, char *msg, size_t n)
{
	if (!s)
		return true;
	size_t len = strlen(s);
	long bad = utf8_invalid_offset((const unsigned char *)s, len);
	if (bad >= 0) {
		snprintf(msg, n, "is not valid UTF-8 (byte %ld of %zu)", bad, len);
		return false;
	}
	struct ferr e = FERR_INIT;
	size_t nlen = 0;
	char *nfc = text_normalize(s, len, &nlen, &e);
	bool same = nfc && nlen == len && !memcmp(nfc, s, len);
	free(nfc);
	if (!same)
		snprintf(msg, n, "is not in Unicode NFC, as folio stores text");
	return same;
}

int archive_record_faults(struct archive *a, const struct record *r, struct ferr *e)
{
	if (r->purged)
		return 0;
	const struct {
		const char *name, *value;
	} fields[] = {
		{ "the title", r->title },     { "the subtitle", r->subtitle }, { "the editor", r->editor },
		{ "the source", r->source },   { "the section", r->section },   { "the URL", r->url },
		{ "the correction", r->correction }, { "the kicker", r->kicker }, { "the page", r->page },
		{ "the authors", r->authors }, { "the contributors", r->contributors },
		{ "the tags", r->tags },       { "the body", r->body },
	};
	char why[128];
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (!sound_text(fields[i].value, why, sizeof(why)))
			return ferr_set(e, FOLIO_EARCHIVE, "%s %s", fields[i].name, why);
	struct strlist authors = { 0 }, contributors = { 0 }, tags = { 0 };
	int err = 0;
	if (!json_strings(a, r->authors, &authors) || !json_strings(a, r->contributors, &contributors) ||
	    !json_strings(a, r->tags, &tags)) {
		err = ferr_set(e, FOLIO_EARCHIVE, "the authors, contributors or tags are not a list of names");
	} else {
		struct content_fields f = { r->title,	  r->subtitle, r->editor,   r->source,
					    r->section,	  r->url,      r->correction, r->published,
					    r->body,	  r->kicker,   r->page,     &authors,
					    &contributors, &tags };
		char sha[65];
		content_fingerprint(&f, sha);
		if (!r->content_sha256 || strcmp(sha, r->content_sha256))
			err = ferr_set(e, FOLIO_EARCHIVE,
				       "the stored fields do not give its content fingerprint: the title, "
				       "byline, date or text was changed after ingest");
	}
	strlist_release(&authors);
	strlist_release(&contributors);
	strlist_release(&tags);
	return err;
}

int archive_revision_faults(struct archive *a, long long id, struct ferr *e)
{
	sqlite3_stmt *st = db_stmt(a,
				   "SELECT x.revision, count(r.revision), min(r.revision), max(r.revision) "
				   "FROM articles x LEFT JOIN revisions r ON r.article_id = x.id WHERE x.id = ?1",
				   e);
	if (!st)
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, id);
	int err = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		long long cur = sqlite3_column_int64(st, 0), n = sqlite3_column_int64(st, 1);
		long long lo = sqlite3_column_int64(st, 2), hi = sqlite3_column_int64(st, 3);
		if (n != cur - 1 || (n > 0 && (lo != 1 || hi != cur - 1)))
			err = ferr_set(e, FOLIO_EARCHIVE,
				       "is at revision %lld, but %lld earlier revision%s stored (%s%lld to "
				       "%lld): a revision was deleted or added",
				       cur, n, n == 1 ? " is" : "s are", n ? "" : "none of ", n ? lo : 1,
				       n ? hi : cur - 1);
	}
	db_stmt_done(a, st);
	return err;
}

struct record_walk {
	struct archive *a;
	problem_fn fn;
	void *ctx;
	long long *problems;
};

static void check_one(struct record_walk *w, const struct record *r, bool current)
{
	char subject[64];
	struct ferr err = FERR_INIT;
	if (current)
		snprintf(subject, sizeof(subject), "article %lld", r->id);
	else
		snprintf(subject, sizeof(subject), "article %lld revision %d", r->id, r->revision);
	if (archive_record_faults(w->a, r, &err)) {
		w->fn(w->ctx, subject, err.msg);
		(*w->problems)++;
		return;
	}
	struct plausibility pl;
	if (r->purged || !r->body)
		return;
	plausibility_of(r->body, strlen(r->body), &pl);
	/* Ingest believes what a file declares, decoding cleanly with no
	 * rival reading, at a lower share (a page of rare characters): judged
	 * by the same rule here, or check would call such a page wrong. */
	double need = PLAUSIBILITY_THRESHOLD;
	if (r->evidence && strstr(r->evidence, " declares ") && r->plausibility >= PLAUSIBILITY_FLOOR)
		need = PLAUSIBILITY_FLOOR;
	if (pl.damaged || pl.score < need) {
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
		w->fn(w->ctx, subject, msg);
		(*w->problems)++;
	}
}

static int check_revision(void *ctx, const struct record *r)
{
	check_one(ctx, r, false);
	return 0;
}

/* Every article and every earlier revision: readable, sound text, its
 * fingerprint, plausible, numbered without gaps. */
static int check_records(struct archive *a, problem_fn fn, void *ctx, long long *problems,
			 struct ferr *e)
{
	struct record_walk w = { a, fn, ctx, problems };
	sqlite3_stmt *st = NULL;
	long long total = 0, done = 0;
	if (a->progress) {
		sqlite3_stmt *cnt = NULL;
		if (sqlite3_prepare_v2(a->db, "SELECT count(*) FROM articles", -1, &cnt, NULL) ==
			    SQLITE_OK &&
		    sqlite3_step(cnt) == SQLITE_ROW)
			total = sqlite3_column_int64(cnt, 0);
		sqlite3_finalize(cnt);
	}
	int rc = sqlite3_prepare_v2(a->db, "SELECT id FROM articles ORDER BY id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "checking articles");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		char subject[48];
		struct record r;
		if (a->progress && ++done % 64 == 0)
			a->progress(a->progress_ctx, "articles read back", done, total);
		struct ferr err = FERR_INIT;
		snprintf(subject, sizeof(subject), "article %lld", id);
		if (archive_get(a, id, &r, &err)) {
			fn(ctx, subject, err.msg);
			(*problems)++;
		} else {
			check_one(&w, &r, true);
			record_release(&r);
		}
		err = (struct ferr)FERR_INIT;
		if (archive_revisions(a, id, check_revision, &w, &err)) {
			fn(ctx, subject, err.msg);
			(*problems)++;
		}
		err = (struct ferr)FERR_INIT;
		if (archive_revision_faults(a, id, &err)) {
			fn(ctx, subject, err.msg);
			(*problems)++;
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(a, rc, e, "checking articles");
}

int archive_check(struct archive *a, problem_fn fn, void *ctx, long long *problems,
		  long long *originals_checked, long long *images_checked, struct ferr *e)
{
	sqlite3_stmt *st = NULL;
	int rc;
	*problems = 0;
	*originals_checked = 0;
	*images_checked = 0;

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
	long long total = 0, done = 0;
	if (a->progress) {
		sqlite3_stmt *cnt = NULL;
		if (sqlite3_prepare_v2(a->db, "SELECT count(*) FROM originals WHERE storage <> 'purged'",
				       -1, &cnt, NULL) == SQLITE_OK && sqlite3_step(cnt) == SQLITE_ROW)
			total = sqlite3_column_int64(cnt, 0);
		sqlite3_finalize(cnt);
	}
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
		if (a->progress && ++done % 64 == 0)
			a->progress(a->progress_ctx, "originals re-hashed", done, total);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "checking originals");

	/* Every image: its bytes give its hash, size and pixel size, and each
	 * is cited by an original. */
	rc = sqlite3_prepare_v2(
		a->db,
		"SELECT i.id, i.sha256, i.size, i.data, i.width, i.height, "
		"(SELECT group_concat(DISTINCT coalesce((SELECT x.id FROM articles x WHERE "
		"  x.original_id = l.original_id), (SELECT r.article_id FROM revisions r WHERE "
		"  r.original_id = l.original_id))) FROM original_images l WHERE l.image_id = i.id) "
		"FROM images i WHERE i.storage <> 'purged' ORDER BY i.id",
		-1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "checking images");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *sha = (const char *)sqlite3_column_text(st, 1);
		const unsigned char *data = sqlite3_column_blob(st, 3);
		size_t len = (size_t)sqlite3_column_bytes(st, 3);
		const char *arts = (const char *)sqlite3_column_text(st, 6);
		char subject[256], have[SHA256_HEX_LEN + 1];
		snprintf(subject, sizeof(subject), "image %lld (%.12s…, article %s)",
			 (long long)sqlite3_column_int64(st, 0), sha ? sha : "?", arts ? arts : "none");
		sha256_hex(data, len, have);
		int w = 0, h = 0;
		const char *type, *why;
		if (!sha || strcmp(have, sha)) {
			fn(ctx, subject, "stored image does not match its SHA-256");
			(*problems)++;
		} else if ((long long)len != sqlite3_column_int64(st, 2) ||
			   image_probe(data, len, &w, &h, &type, &why) ||
			   w != sqlite3_column_int(st, 4) || h != sqlite3_column_int(st, 5)) {
			fn(ctx, subject, "stored image does not match its recorded size");
			(*problems)++;
		} else if (!arts) {
			fn(ctx, subject, "no original cites it");
			(*problems)++;
		}
		(*images_checked)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "checking images");

	/* Every article and revision: its body comes back, its text is sound
	 * and plausible, its fields give its fingerprint. */
	if ((rc = check_records(a, fn, ctx, problems, e)))
		return rc;

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

	/* The indexes' own consistency checks (contentless: structure only).
	 * FTS5 runs them as an INSERT, a write: an archive opened read-only is
	 * first copied (SQLite's backup) into a private temporary database,
	 * deleted when closed, and checked there. */
	sqlite3 *db = a->db, *copy = NULL;
	if (a->read_only) {
		sqlite3_backup *b = NULL;
		rc = sqlite3_open_v2("", &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
		if (rc == SQLITE_OK)
			rc = archive_fts_register(copy);
		if (rc == SQLITE_OK && !(b = sqlite3_backup_init(copy, "main", a->db, "main")))
			rc = sqlite3_errcode(copy);
		if (b) {
			rc = sqlite3_backup_step(b, -1);
			rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
			sqlite3_backup_finish(b);
		}
		if (rc != SQLITE_OK) {
			aerr = ferr_set(e, FOLIO_EIO, "copying the read-only archive to check its search "
				       "index: %s", copy ? sqlite3_errmsg(copy) : sqlite3_errstr(rc));
			sqlite3_close(copy);
			return aerr;
		}
		db = copy;
	}
	rc = sqlite3_exec(db,
			  "INSERT INTO search(search) VALUES ('integrity-check');"
			  "INSERT INTO search_chars(search_chars) VALUES ('integrity-check')",
			  NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		fn(ctx, "search index", sqlite3_errmsg(db));
		(*problems)++;
	}
	sqlite3_close(copy);
	return 0;
}
