/* archive.c - the SQLite archive: schema and migrations, storing, reading. */
#include "archive.h"
#include "plausibility.h"
#include "similar.h"
#include "compress.h"
#include "hash.h"
#include "markup.h"
#include "utf8.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* 'Foli' - marks a SQLite file as a folio archive. */
#define FOLIO_APPLICATION_ID 0x466F6C69

/* Searches whose terms occur in more articles than this rank only the
 * newest RANK_CAP matches: ranking every match of a term that is in most
 * documents costs hundreds of milliseconds at 100,000 articles. */
#define RANK_CAP 2000

struct stmt_cache {
	const char *sql;
	sqlite3_stmt *st;
};

struct archive {
	sqlite3 *db;
	char *path;
	struct stmt_cache stmts[32];
	size_t nstmts;
	bool in_batch; /* a batch transaction is open: articles use savepoints */
	/* In a batch, changes to the search index wait here until the commit:
	 * FTS5 flushes its pending terms to a new segment at every savepoint,
	 * which made each article cost a segment write and merges. */
	struct index_op {
		bool remove;
		int which; /* INDEX_WORDS, INDEX_CHARS or both */
		long long id;
		char *title, *plain;
	} *ops;
	size_t nops, ops_cap;
};

static int apply_index_op(struct archive *a, const struct index_op *op, struct ferr *e);

static void drop_index_ops(struct archive *a, size_t keep)
{
	for (size_t i = keep; i < a->nops; i++) {
		free(a->ops[i].title);
		free(a->ops[i].plain);
	}
	if (a->nops > keep)
		a->nops = keep;
}

/* ---- errors and statements -------------------------------------------- */

static bool busy_or_corrupt(int rc)
{
	rc &= 0xFF;
	return rc == SQLITE_BUSY || rc == SQLITE_LOCKED || rc == SQLITE_CORRUPT ||
	       rc == SQLITE_NOTADB || rc == SQLITE_CANTOPEN || rc == SQLITE_FULL ||
	       rc == SQLITE_IOERR || rc == SQLITE_READONLY;
}

static int db_error(struct archive *a, int rc, struct ferr *e, const char *what)
{
	int code = busy_or_corrupt(rc) ? FOLIO_EARCHIVE : FOLIO_EIO;
	if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED)
		return ferr_set(e, code, "%s: archive is locked by another process (waited past the busy timeout)",
				a->path);
	if ((rc & 0xFF) == SQLITE_CONSTRAINT)
		return ferr_set(e, FOLIO_EINPUT, "%s: %s", what, sqlite3_errmsg(a->db));
	return ferr_set(e, code, "%s: %s: %s", a->path, what, sqlite3_errmsg(a->db));
}

/* A prepared statement for sql (a string literal: its address is the key),
 * reset and with bindings cleared. */
static sqlite3_stmt *stmt(struct archive *a, const char *sql, struct ferr *e)
{
	for (size_t i = 0; i < a->nstmts; i++) {
		if (a->stmts[i].sql == sql) {
			sqlite3_reset(a->stmts[i].st);
			sqlite3_clear_bindings(a->stmts[i].st);
			return a->stmts[i].st;
		}
	}
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		db_error(a, rc, e, "preparing a statement");
		return NULL;
	}
	if (a->nstmts < ARRAY_SIZE(a->stmts)) {
		a->stmts[a->nstmts].sql = sql;
		a->stmts[a->nstmts].st = st;
		a->nstmts++;
	}
	return st;
}

/* stmt() statements beyond the cache are finalized by the caller through
 * this, which does nothing for cached ones. */
static void stmt_done(struct archive *a, sqlite3_stmt *st)
{
	for (size_t i = 0; i < a->nstmts; i++)
		if (a->stmts[i].st == st) {
			sqlite3_reset(st);
			return;
		}
	sqlite3_finalize(st);
}

static int exec(struct archive *a, const char *sql, struct ferr *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(a->db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		int code = busy_or_corrupt(rc) ? FOLIO_EARCHIVE : FOLIO_EIO;
		if ((rc & 0xFF) == SQLITE_BUSY)
			ferr_set(e, code, "%s: archive is locked by another process (waited past the busy timeout)",
				 a->path);
		else
			ferr_set(e, code, "%s: %s", a->path, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return code;
	}
	return 0;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static char *col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);
	return s ? xstrdup((const char *)s) : NULL;
}

/* ---- stored originals and bodies ------------------------------------- */

/* The exact bytes of an original from columns size, storage, data at c. */
static int original_decode(sqlite3_stmt *st, int c, struct buf *out, struct ferr *e)
{
	size_t size = (size_t)sqlite3_column_int64(st, c);
	const char *storage = (const char *)sqlite3_column_text(st, c + 1);
	const void *data = sqlite3_column_blob(st, c + 2);
	size_t n = (size_t)sqlite3_column_bytes(st, c + 2);
	if (storage && !strcmp(storage, "zstd"))
		return decompress_bytes(data, n, size, out, e);
	if (storage && !strcmp(storage, "purged"))
		return ferr_set(e, FOLIO_ENOTFOUND, "the original was purged (its SHA-256 is kept)");
	if (n != size)
		return ferr_set(e, FOLIO_EARCHIVE, "stored original has the wrong size");
	buf_add(out, data, n);
	return 0;
}

/* The Markdown body stored at column body_col (a zstd delta against its
 * original), the original's size, storage and data at orig_col. */
static int stored_body(sqlite3_stmt *st, int body_col, int orig_col, struct buf *out,
		       struct ferr *e)
{
	struct buf base = BUF_INIT;
	int err = original_decode(st, orig_col, &base, e);
	if (!err)
		err = decompress_delta(sqlite3_column_blob(st, body_col),
				       (size_t)sqlite3_column_bytes(st, body_col), base.data, base.len,
				       out, e);
	buf_release(&base);
	return err;
}

/* The plain text of a stored body, for taking it out of the index.
 * Caller frees; NULL with *e filled if the body cannot be read. */
static char *stored_plain(sqlite3_stmt *st, int body_col, int orig_col, struct ferr *e)
{
	struct buf md = BUF_INIT;
	char *plain = NULL;
	if (!stored_body(st, body_col, orig_col, &md, e))
		plain = markup_plain(md.data, md.len);
	buf_release(&md);
	return plain;
}

/* ---- schema ------------------------------------------------------------ */

/* Version 1: originals, articles, revisions.  Originals are stored as they
 * are ('raw') or as a Zstandard frame ('zstd') when that saves space; article
 * bodies (UTF-8 Markdown) are Zstandard frames made with the original's bytes
 * as a prefix (`zstd -d --patch-from=ORIGINAL` reads them).  See
 * docs/archive-format.md. */
static const char schema_v1[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
	"CREATE TABLE originals (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sha256 TEXT NOT NULL UNIQUE,\n"
	"  size INTEGER NOT NULL,\n"
	"  filename TEXT NOT NULL,\n"
	"  format TEXT NOT NULL,\n"
	"  encoding TEXT NOT NULL,\n"
	"  ingested TEXT NOT NULL,\n"
	"  storage TEXT NOT NULL CHECK (storage IN ('raw', 'zstd')),\n"
	"  data BLOB NOT NULL\n"
	");\n"
	"CREATE TRIGGER originals_immutable BEFORE UPDATE ON originals\n"
	"BEGIN SELECT RAISE(ABORT, 'originals are never modified'); END;\n"
	"CREATE TRIGGER originals_kept BEFORE DELETE ON originals\n"
	"BEGIN SELECT RAISE(ABORT, 'originals are never deleted'); END;\n"
	"CREATE TABLE articles (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  identity TEXT NOT NULL UNIQUE,\n"
	"  revision INTEGER NOT NULL DEFAULT 1,\n"
	"  published TEXT,\n"
	"  pub_date TEXT,\n"
	"  title TEXT NOT NULL,\n"
	"  subtitle TEXT,\n"
	"  authors TEXT NOT NULL DEFAULT '[]',\n"
	"  contributors TEXT NOT NULL DEFAULT '[]',\n"
	"  editor TEXT,\n"
	"  source TEXT,\n"
	"  section TEXT,\n"
	"  url TEXT,\n"
	"  correction TEXT,\n"
	"  tags TEXT NOT NULL DEFAULT '[]',\n"
	"  body BLOB NOT NULL,          -- zstd delta against the original\n"
	"  chars INTEGER NOT NULL,\n"
	"  lossy INTEGER NOT NULL DEFAULT 0,\n"
	"  content_sha256 TEXT NOT NULL,\n"
	"  original_id INTEGER NOT NULL REFERENCES originals(id),\n"
	"  created TEXT NOT NULL,\n"
	"  ingested TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX articles_by_date ON articles(pub_date, published);\n"
	"CREATE INDEX articles_by_section ON articles(section, pub_date);\n"
	"CREATE INDEX articles_by_content ON articles(content_sha256);\n"
	"CREATE TABLE revisions (\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id),\n"
	"  revision INTEGER NOT NULL,\n"
	"  published TEXT, pub_date TEXT, title TEXT NOT NULL, subtitle TEXT,\n"
	"  authors TEXT NOT NULL, contributors TEXT NOT NULL, editor TEXT, source TEXT,\n"
	"  section TEXT, url TEXT, correction TEXT, tags TEXT NOT NULL,\n"
	"  body BLOB NOT NULL, chars INTEGER NOT NULL, lossy INTEGER NOT NULL,\n"
	"  content_sha256 TEXT NOT NULL,\n"
	"  original_id INTEGER NOT NULL REFERENCES originals(id),\n"
	"  ingested TEXT NOT NULL,\n"
	"  superseded TEXT NOT NULL,\n"
	"  PRIMARY KEY (article_id, revision)\n"
	");\n"
	"CREATE INDEX revisions_by_content ON revisions(content_sha256);\n"
	"CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions\n"
	"BEGIN SELECT RAISE(ABORT, 'revisions are never modified'); END;\n";

/* Version 2: the full-text index of bigrams and words, with positions.
 * Contentless: the text lives once, in articles.body; the index is filled
 * from its plain text. */
static const char schema_v2[] =
	"CREATE VIRTUAL TABLE search USING fts5(title, body, content='', tokenize='folio');\n";

/* Version 3: single CJK characters, by document only (no positions), for
 * one-character queries.  Both indexes merge segments when 16 of a level
 * exist instead of FTS5's 4, and keep up to 64 MiB of new terms in memory
 * before writing a segment instead of 1 MiB: ingest of 100,000 articles
 * took 48.5 s instead of about 65, with search latency unchanged (the
 * rank cap bounds what a query reads). */
static const char schema_v3[] =
	"CREATE VIRTUAL TABLE search_chars USING fts5(text, content='', detail='none', "
	"tokenize='folio_chars');\n"
	"INSERT INTO search(search, rank) VALUES ('automerge', 16);\n"
	"INSERT INTO search_chars(search_chars, rank) VALUES ('automerge', 16);\n"
	"INSERT INTO search(search, rank) VALUES ('hashsize', 67108864);\n"
	"INSERT INTO search_chars(search_chars, rank) VALUES ('hashsize', 67108864);\n";

/* Version 4: printed editions, with the PDF's checksum and the articles
 * (id and revision) they hold. */
static const char schema_v4[] =
	"CREATE TABLE editions (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  created TEXT NOT NULL,\n"
	"  selection TEXT NOT NULL,\n"
	"  layout TEXT NOT NULL,\n"
	"  title TEXT,\n"
	"  pages INTEGER NOT NULL,\n"
	"  sha256 TEXT NOT NULL,\n"
	"  bytes INTEGER NOT NULL,\n"
	"  path TEXT NOT NULL,\n"
	"  articles TEXT NOT NULL\n"
	");\n";

/* Version 5: retention snapshots (BagIt bags) made of the archive. */
static const char schema_v5[] =
	"CREATE TABLE snapshots (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  created TEXT NOT NULL,\n"
	"  selection TEXT NOT NULL,\n"
	"  reason TEXT NOT NULL,\n"
	"  holder TEXT,\n"
	"  path TEXT NOT NULL,\n"
	"  articles TEXT NOT NULL,      -- JSON: [[id, revision], ...]\n"
	"  bag_sha256 TEXT NOT NULL     -- of the bag's tagmanifest-sha256.txt\n"
	");\n";

/* Version 6: legal holds, deletion (tombstones, purges) and the audit log.
 * Originals may now be purged (their bytes removed, size and SHA-256 kept),
 * which needs a new CHECK: the table is rebuilt. */
static const char schema_v6[] =
	"CREATE TABLE originals_v6 (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sha256 TEXT NOT NULL UNIQUE,\n"
	"  size INTEGER NOT NULL,\n"
	"  filename TEXT NOT NULL,\n"
	"  format TEXT NOT NULL,\n"
	"  encoding TEXT NOT NULL,\n"
	"  ingested TEXT NOT NULL,\n"
	"  storage TEXT NOT NULL CHECK (storage IN ('raw', 'zstd', 'purged')),\n"
	"  data BLOB NOT NULL,\n"
	"  converter TEXT NOT NULL DEFAULT '',\n"
	"  lossy_bytes INTEGER NOT NULL DEFAULT 0\n"
	");\n"
	"INSERT INTO originals_v6 (id, sha256, size, filename, format, encoding, ingested, storage, data)\n"
	"  SELECT id, sha256, size, filename, format, encoding, ingested, storage, data FROM originals;\n"
	"DROP TABLE originals;\n"
	"ALTER TABLE originals_v6 RENAME TO originals;\n"
	"CREATE TRIGGER originals_immutable BEFORE UPDATE ON originals\n"
	"WHEN NOT (NEW.storage = 'purged' AND length(NEW.data) = 0 AND NEW.id = OLD.id AND\n"
	"  NEW.sha256 = OLD.sha256 AND NEW.size = OLD.size AND NEW.filename = OLD.filename AND\n"
	"  NEW.format = OLD.format AND NEW.encoding = OLD.encoding AND NEW.ingested = OLD.ingested AND\n"
	"  NEW.converter = OLD.converter AND NEW.lossy_bytes = OLD.lossy_bytes)\n"
	"BEGIN SELECT RAISE(ABORT, 'originals are never modified, only purged'); END;\n"
	"CREATE TRIGGER originals_kept BEFORE DELETE ON originals\n"
	"BEGIN SELECT RAISE(ABORT, 'originals are never deleted'); END;\n"
	"ALTER TABLE articles ADD COLUMN deleted TEXT;\n"
	"ALTER TABLE articles ADD COLUMN delete_reason TEXT;\n"
	"ALTER TABLE articles ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE revisions ADD COLUMN purged INTEGER NOT NULL DEFAULT 0;\n"
	"DROP TRIGGER revisions_immutable;\n"
	"CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions\n"
	"WHEN NOT (NEW.purged = 1 AND OLD.purged = 0 AND NEW.article_id = OLD.article_id AND\n"
	"  NEW.revision = OLD.revision AND NEW.content_sha256 = OLD.content_sha256)\n"
	"BEGIN SELECT RAISE(ABORT, 'revisions are never modified, only purged'); END;\n"
	"CREATE TABLE holds (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  created TEXT NOT NULL,\n"
	"  reason TEXT NOT NULL,\n"
	"  selection TEXT NOT NULL,\n"
	"  released TEXT,\n"
	"  release_reason TEXT\n"
	");\n"
	"CREATE TABLE hold_articles (\n"
	"  hold_id INTEGER NOT NULL REFERENCES holds(id),\n"
	"  article_id INTEGER NOT NULL REFERENCES articles(id),\n"
	"  PRIMARY KEY (hold_id, article_id)\n"
	") WITHOUT ROWID;\n"
	"CREATE INDEX hold_articles_by_article ON hold_articles(article_id);\n"
	"CREATE TABLE audit (\n"
	"  seq INTEGER PRIMARY KEY,\n"
	"  time TEXT NOT NULL,\n"
	"  action TEXT NOT NULL,\n"
	"  subject TEXT NOT NULL,\n"
	"  detail TEXT NOT NULL,\n"
	"  prev TEXT NOT NULL,\n"
	"  hash TEXT NOT NULL\n"
	");\n"
	"CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit\n"
	"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_kept BEFORE DELETE ON audit\n"
	"BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n";

/* Version 7: how each original was decoded, with the evidence: why that
 * encoding, how sure, how plausible the text is and in which writing, and
 * whether it was kept under --lossy although implausible.  The new columns
 * are as immutable as the others.  And where each article's date came from
 * (date_source). */
static const char schema_v7[] =
	"ALTER TABLE originals ADD COLUMN evidence TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE originals ADD COLUMN confidence REAL;\n"
	"ALTER TABLE originals ADD COLUMN plausibility REAL;\n"
	"ALTER TABLE originals ADD COLUMN language TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE originals ADD COLUMN suspect INTEGER NOT NULL DEFAULT 0;\n"
	"DROP TRIGGER originals_immutable;\n"
	"CREATE TRIGGER originals_immutable BEFORE UPDATE ON originals\n"
	"WHEN NOT (NEW.storage = 'purged' AND length(NEW.data) = 0 AND NEW.id = OLD.id AND\n"
	"  NEW.sha256 = OLD.sha256 AND NEW.size = OLD.size AND NEW.filename = OLD.filename AND\n"
	"  NEW.format = OLD.format AND NEW.encoding = OLD.encoding AND NEW.ingested = OLD.ingested AND\n"
	"  NEW.converter = OLD.converter AND NEW.lossy_bytes = OLD.lossy_bytes AND\n"
	"  NEW.evidence = OLD.evidence AND NEW.confidence IS OLD.confidence AND\n"
	"  NEW.plausibility IS OLD.plausibility AND NEW.language = OLD.language AND\n"
	"  NEW.suspect = OLD.suspect)\n"
	"BEGIN SELECT RAISE(ABORT, 'originals are never modified, only purged'); END;\n"
	"ALTER TABLE articles ADD COLUMN date_source TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE revisions ADD COLUMN date_source TEXT NOT NULL DEFAULT '';\n";

/* Version 8: the kicker (引题, the line printed above a headline) and the
 * printed page (版次, "A3") of articles that came from a newspaper. */
static const char schema_v8[] =
	"ALTER TABLE articles ADD COLUMN kicker TEXT;\n"
	"ALTER TABLE articles ADD COLUMN page TEXT;\n"
	"ALTER TABLE revisions ADD COLUMN kicker TEXT;\n"
	"ALTER TABLE revisions ADD COLUMN page TEXT;\n";

static int audit_append(struct archive *a, const char *action, const char *subject,
			const char *detail, struct ferr *e);

/* The audit log starts with what the archive held when it was created. */
static int migrate_v6_audit(struct archive *a, struct ferr *e)
{
	long long articles = 0, revisions = 0, originals = 0;
	int err = archive_counts(a, &articles, &revisions, &originals, e);
	if (err)
		return err;
	char *detail = xasprintf("{\"articles\":%lld,\"revisions\":%lld,\"originals\":%lld}",
				 articles, revisions, originals);
	err = audit_append(a, "start", "archive", detail, e);
	free(detail);
	return err;
}

enum { INDEX_WORDS = 1, INDEX_CHARS = 2, INDEX_ALL = 3 };

static int index_article(struct archive *a, long long id, const char *title, const char *plain,
			 bool remove, int which, struct ferr *e);

/* Fill one index from every article (upgrades that add an index). */
static int fill_index(struct archive *a, int which, struct ferr *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db,
				    "SELECT x.id, x.title, x.body, o.size, o.storage, o.data FROM articles x "
				    "JOIN originals o ON o.id = x.original_id",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "filling the search index");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		char *plain = stored_plain(st, 2, 3, e);
		int err = plain ? index_article(a, id, (const char *)sqlite3_column_text(st, 1), plain,
						false, which, e)
				: FOLIO_EARCHIVE;
		if (!plain)
			ferr_prefix(e, "article %lld", id);
		free(plain);
		if (err) {
			sqlite3_finalize(st);
			return err;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "filling the search index");
	return 0;
}

static int migrate_v2_fill(struct archive *a, struct ferr *e)
{
	return fill_index(a, INDEX_WORDS, e);
}

static int migrate_v3_fill(struct archive *a, struct ferr *e)
{
	return fill_index(a, INDEX_CHARS, e);
}

struct migration {
	const char *sql;
	int (*after)(struct archive *a, struct ferr *e);
};

static const struct migration migrations[] = {
	{ schema_v1, NULL },
	{ schema_v2, migrate_v2_fill },
	{ schema_v3, migrate_v3_fill },
	{ schema_v4, NULL },
	{ schema_v5, NULL },
	{ schema_v6, migrate_v6_audit },
	{ schema_v7, NULL },
	{ schema_v8, NULL },
};

static int pragma_int(struct archive *a, const char *sql, int *out, struct ferr *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "reading the schema version");
	return 0;
}

static int migrate_locked(struct archive *a, struct ferr *e);

static int migrate(struct archive *a, struct ferr *e)
{
	int version = 0, app = 0, err;

	/* Up to date: no write lock needed (readers must not queue behind
	 * writers just to open the archive). */
	if (!pragma_int(a, "PRAGMA user_version", &version, NULL) &&
	    !pragma_int(a, "PRAGMA application_id", &app, NULL) &&
	    version == ARCHIVE_SCHEMA_VERSION && app == FOLIO_APPLICATION_ID)
		return 0;
	/* Version 6 rebuilds a table: foreign keys are checked at the end
	 * instead (they cannot be switched inside a transaction). */
	exec(a, "PRAGMA foreign_keys = OFF", NULL);
	err = migrate_locked(a, e);
	exec(a, "PRAGMA foreign_keys = ON", NULL);
	return err;
}

static int migrate_locked(struct archive *a, struct ferr *e)
{
	int version = 0, app = 0, tables = 0, err;

	if ((err = exec(a, "BEGIN IMMEDIATE", e)))
		return err;
	if ((err = pragma_int(a, "PRAGMA user_version", &version, e)) ||
	    (err = pragma_int(a, "PRAGMA application_id", &app, e)) ||
	    (err = pragma_int(a, "SELECT count(*) FROM sqlite_schema", &tables, e)))
		goto fail;
	if (app != FOLIO_APPLICATION_ID && (tables > 0 || version > 0)) {
		err = ferr_set(e, FOLIO_EARCHIVE, "%s: not a folio archive (another SQLite database)",
			       a->path);
		goto fail;
	}
	if (version > ARCHIVE_SCHEMA_VERSION) {
		err = ferr_set(e, FOLIO_EARCHIVE,
			       "%s: archive schema version %d was made by a newer folio; this folio "
			       "reads versions up to %d: upgrade folio",
			       a->path, version, ARCHIVE_SCHEMA_VERSION);
		goto fail;
	}
	for (int v = version; v < ARCHIVE_SCHEMA_VERSION; v++) {
		const struct migration *m = &migrations[v];
		char sql[64];
		if ((err = exec(a, m->sql, e)) || (m->after && (err = m->after(a, e)))) {
			ferr_prefix(e, "upgrading the archive to version %d", v + 1);
			goto fail;
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if ((err = exec(a, sql, e)))
			goto fail;
	}
	if (version == 0) {
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", FOLIO_APPLICATION_ID);
		if ((err = exec(a, sql, e)))
			goto fail;
	}
	if (version < ARCHIVE_SCHEMA_VERSION) {
		sqlite3_stmt *st = NULL;
		bool broken = false;
		if (sqlite3_prepare_v2(a->db, "PRAGMA foreign_key_check", -1, &st, NULL) == SQLITE_OK)
			broken = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
		if (broken) {
			err = ferr_set(e, FOLIO_EARCHIVE, "%s: upgrade would break references", a->path);
			goto fail;
		}
	}
	return exec(a, "COMMIT", e);
fail:
	sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}

/* Create the directories leading to path (like mkdir -p of its dirname). */
static int make_parent_dir(const char *path, struct ferr *e)
{
	char *dir = xstrdup(path);
	int rc = 0;
	for (char *p = dir + 1; *p && !rc; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		struct stat st;
		if (stat(dir, &st) != 0 && mkdir(dir, 0777) != 0 && errno != EEXIST)
			rc = ferr_set(e, FOLIO_EARCHIVE, "%s: cannot create directory %s: %s", path,
				      dir, strerror(errno));
		*p = '/';
	}
	free(dir);
	return rc;
}

int archive_open_existing(const char *path, int busy_timeout_ms, struct archive **out,
			  struct ferr *e)
{
	struct stat st;
	*out = NULL;
	if (stat(path, &st) < 0)
		return ferr_set(e, FOLIO_EARCHIVE, "%s: no archive here (%s); 'folio init' or 'folio ingest' "
			       "creates one", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return ferr_set(e, FOLIO_EARCHIVE, "%s: not an archive: not a regular file", path);
	if (st.st_size == 0)
		return ferr_set(e, FOLIO_EARCHIVE, "%s: not an archive: the file is empty", path);
	return archive_open(path, busy_timeout_ms, out, e);
}

int archive_open(const char *path, int busy_timeout_ms, struct archive **out, struct ferr *e)
{
	struct archive *a = xcalloc(1, sizeof(*a));
	int rc, err;

	*out = NULL;
	a->path = xstrdup(path);
	if ((err = make_parent_dir(path, e))) {
		archive_close(a);
		return err;
	}
	rc = sqlite3_open_v2(path, &a->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		err = ferr_set(e, FOLIO_EARCHIVE, "%s: cannot open archive: %s", path,
			       a->db ? sqlite3_errmsg(a->db) : sqlite3_errstr(rc));
		archive_close(a);
		return err;
	}
	sqlite3_busy_timeout(a->db, busy_timeout_ms);
	sqlite3_extended_result_codes(a->db, 1);
	if (archive_fts_register(a->db) != SQLITE_OK) {
		err = ferr_set(e, FOLIO_EARCHIVE, "%s: this SQLite has no FTS5", path);
		archive_close(a);
		return err;
	}
	/* WAL: readers never block the writer.  synchronous=NORMAL in WAL mode
	 * keeps every committed transaction consistent across a crash; a power
	 * loss may lose the last commits, never half of one. */
	if ((err = exec(a, "PRAGMA journal_mode = WAL", e)) ||
	    (err = exec(a, "PRAGMA synchronous = NORMAL", e)) ||
	    (err = exec(a, "PRAGMA foreign_keys = ON", e)) ||
	    /* 64 MiB of page cache and checkpoints every 40 MiB of WAL: the
	     * index's segment merges reread and rewrite the same pages. */
	    (err = exec(a, "PRAGMA cache_size = -65536", e)) ||
	    (err = exec(a, "PRAGMA wal_autocheckpoint = 10000", e)) || (err = migrate(a, e))) {
		if (err != FOLIO_EARCHIVE)
			err = ferr_set(e, FOLIO_EARCHIVE, "%s", e ? e->msg : "cannot open archive");
		archive_close(a);
		return err;
	}
	*out = a;
	return 0;
}

void archive_close(struct archive *a)
{
	if (!a)
		return;
	archive_batch_rollback(a);
	for (size_t i = 0; i < a->nstmts; i++)
		sqlite3_finalize(a->stmts[i].st);
	free(a->ops);
	if (a->db)
		sqlite3_close(a->db);
	free(a->path);
	free(a);
}

int archive_schema_version(struct archive *a)
{
	int v = 0;
	pragma_int(a, "PRAGMA user_version", &v, NULL);
	return v;
}

/* ---- the search index -------------------------------------------------- */

/* Add (or, with remove, take out) article id's terms.  A contentless index
 * must be given exactly the text it indexed to remove it; the plain text is
 * derived from the stored body by markup_plain(), which is deterministic.
 * In a batch the change is queued for archive_batch_commit(). */
static int index_article(struct archive *a, long long id, const char *title, const char *plain,
			 bool remove, int which, struct ferr *e)
{
	struct index_op op = { remove, which, id, xstrdup(title ? title : ""), xstrdup(plain) };
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
	return rc;
}

static int apply_index_op(struct archive *a, const struct index_op *op, struct ferr *e)
{
	static const char add_sql[] = "INSERT INTO search(rowid, title, body) VALUES (?1, ?2, ?3)";
	static const char del_sql[] =
		"INSERT INTO search(search, rowid, title, body) VALUES ('delete', ?1, ?2, ?3)";
	static const char add_chars_sql[] =
		"INSERT INTO search_chars(rowid, text) VALUES (?1, ?2 || char(10) || ?3)";
	static const char del_chars_sql[] = "INSERT INTO search_chars(search_chars, rowid, text) "
					    "VALUES ('delete', ?1, ?2 || char(10) || ?3)";
	for (int which = INDEX_WORDS; which <= INDEX_CHARS; which <<= 1) {
		if (!(op->which & which))
			continue;
		const char *sql = which == INDEX_WORDS ? (op->remove ? del_sql : add_sql)
						       : (op->remove ? del_chars_sql : add_chars_sql);
		sqlite3_stmt *st = stmt(a, sql, e);
		if (!st)
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, op->id);
		bind_text(st, 2, op->title);
		bind_text(st, 3, op->plain);
		int rc = sqlite3_step(st);
		stmt_done(a, st);
		if (rc != SQLITE_DONE)
			return db_error(a, rc, e, "updating the search index");
	}
	return 0;
}

/* ---- storing ----------------------------------------------------------- */

static void json_list(struct buf *b, const struct strlist *l)
{
	buf_addc(b, '[');
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_addc(b, ',');
		buf_add_json_string(b, l->items[i]);
	}
	buf_addc(b, ']');
}

/* Returns the id of the row matching a one-text-parameter query, 0 if none,
 * or a negative error. */
static long long lookup_id(struct archive *a, const char *sql, const char *key, struct ferr *e)
{
	sqlite3_stmt *st = stmt(a, sql, e);
	long long id = 0;
	if (!st)
		return FOLIO_EARCHIVE;
	bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		id = db_error(a, rc, e, "looking up");
	stmt_done(a, st);
	return id;
}

static long long insert_original(struct archive *a, const struct archive_entry *in, const char *now,
				 struct ferr *e)
{
	static const char sql[] =
		"INSERT INTO originals (sha256, size, filename, format, encoding, ingested, storage, data, "
		"converter, lossy_bytes, evidence, confidence, plausibility, language, suspect) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
	struct buf z = BUF_INIT;
	bool packed = false;
	sqlite3_stmt *st = stmt(a, sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	/* Keep the compressed form only when it saves at least an eighth. */
	if (in->original_len >= 64 && compress_bytes(in->original, in->original_len, &z) == 0 &&
	    z.len < in->original_len - in->original_len / 8)
		packed = true;
	bind_text(st, 1, in->original_sha256);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)in->original_len);
	bind_text(st, 3, in->filename);
	bind_text(st, 4, in->format);
	bind_text(st, 5, in->encoding);
	bind_text(st, 6, now);
	bind_text(st, 7, packed ? "zstd" : "raw");
	if (packed)
		sqlite3_bind_blob64(st, 8, z.data, z.len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_blob64(st, 8, in->original_len ? (const void *)in->original : "", in->original_len,
				    SQLITE_TRANSIENT);
	bind_text(st, 9, in->converter ? in->converter : "");
	sqlite3_bind_int64(st, 10, (sqlite3_int64)in->replaced);
	bind_text(st, 11, in->evidence ? in->evidence : "");
	sqlite3_bind_double(st, 12, in->confidence);
	sqlite3_bind_double(st, 13, in->plausibility);
	bind_text(st, 14, in->language ? in->language : "");
	sqlite3_bind_int(st, 15, in->suspect);
	int rc = sqlite3_step(st);
	stmt_done(a, st);
	buf_release(&z);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "storing the original");
	return sqlite3_last_insert_rowid(a->db);
}

/* Bind the article fields shared by INSERT and UPDATE as ?2..?22. */
static void bind_article(sqlite3_stmt *st, const struct archive_entry *in, long long original_id,
			 const char *now)
{
	const struct article *art = in->article;
	struct buf authors = BUF_INIT, contributors = BUF_INIT, tags = BUF_INIT;
	json_list(&authors, &art->authors);
	json_list(&contributors, &art->contributors);
	json_list(&tags, &art->tags);
	bind_text(st, 2, in->published);
	bind_text(st, 3, in->pub_date);
	bind_text(st, 4, art->title);
	bind_text(st, 5, art->subtitle);
	bind_text(st, 6, authors.data);
	bind_text(st, 7, contributors.data);
	bind_text(st, 8, art->editor);
	bind_text(st, 9, art->source);
	bind_text(st, 10, art->section);
	bind_text(st, 11, art->url);
	bind_text(st, 12, art->correction);
	bind_text(st, 13, tags.data);
	struct buf z = BUF_INIT;
	compress_delta(art->body.data, art->body.len, in->original, in->original_len, &z);
	sqlite3_bind_blob64(st, 14, z.data, z.len, SQLITE_TRANSIENT);
	buf_release(&z);
	sqlite3_bind_int64(st, 15, in->chars);
	sqlite3_bind_int(st, 16, in->lossy);
	bind_text(st, 17, in->content_sha256);
	sqlite3_bind_int64(st, 18, original_id);
	bind_text(st, 19, now);
	bind_text(st, 20, in->date_source ? in->date_source : "");
	bind_text(st, 21, art->kicker);
	bind_text(st, 22, art->page);
	buf_release(&authors);
	buf_release(&contributors);
	buf_release(&tags);
}

static int store_locked(struct archive *a, const struct archive_entry *in, struct store_result *res,
			const char *now, struct ferr *e)
{
	static const char by_sha[] = "SELECT id FROM originals WHERE sha256 = ?1";
	static const char by_content[] =
		"SELECT id FROM articles WHERE content_sha256 = ?1 "
		"UNION ALL SELECT article_id FROM revisions WHERE content_sha256 = ?1 LIMIT 1";
	static const char by_identity[] = "SELECT id FROM articles WHERE identity = ?1";
	static const char insert_sql[] =
		"INSERT INTO articles (identity, published, pub_date, title, subtitle, authors, "
		"contributors, editor, source, section, url, correction, tags, body, chars, lossy, "
		"content_sha256, original_id, ingested, created, date_source, kicker, page) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19, "
		"?20, ?21, ?22)";
	static const char keep_sql[] =
		"INSERT INTO revisions (article_id, revision, published, pub_date, title, subtitle, "
		"authors, contributors, editor, source, section, url, correction, tags, body, chars, "
		"lossy, content_sha256, original_id, ingested, superseded, date_source, kicker, page) "
		"SELECT id, revision, published, pub_date, title, subtitle, "
		"authors, contributors, editor, source, section, url, correction, tags, body, chars, "
		"lossy, content_sha256, original_id, ingested, ?2, date_source, kicker, page "
		"FROM articles WHERE id = ?1";
	static const char update_sql[] =
		"UPDATE articles SET revision = revision + 1, published = ?2, pub_date = ?3, "
		"title = ?4, subtitle = ?5, authors = ?6, contributors = ?7, editor = ?8, source = ?9, "
		"section = ?10, url = ?11, correction = ?12, tags = ?13, body = ?14, chars = ?15, "
		"lossy = ?16, content_sha256 = ?17, original_id = ?18, ingested = ?19, date_source = ?20, "
		"kicker = ?21, page = ?22 WHERE id = ?1 RETURNING revision";
	static const char old_sql[] =
		"SELECT x.title, x.body, o.size, o.storage, o.data FROM articles x "
		"JOIN originals o ON o.id = x.original_id WHERE x.id = ?1";
	long long id, original_id;
	sqlite3_stmt *st;
	int rc, err;

	memset(res, 0, sizeof(*res));
	res->shared = -1;
	if ((id = lookup_id(a, by_sha, in->original_sha256, e)) < 0)
		return (int)id;
	if (id > 0) {
		res->status = STORE_DUPLICATE;
		res->why = "same bytes as an archived original";
		st = stmt(a, "SELECT a.id, a.revision FROM articles a WHERE a.original_id = ?1 "
			     "UNION ALL SELECT r.article_id, r.revision FROM revisions r WHERE r.original_id = ?1",
			  e);
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			if (sqlite3_step(st) == SQLITE_ROW) {
				res->article_id = sqlite3_column_int64(st, 0);
				res->revision = sqlite3_column_int(st, 1);
			}
			stmt_done(a, st);
		}
		return 0;
	}
	if ((id = lookup_id(a, by_content, in->content_sha256, e)) < 0)
		return (int)id;
	if (id > 0) {
		res->status = STORE_DUPLICATE;
		res->why = "same text as an archived article";
		res->article_id = id;
		return 0;
	}
	if ((original_id = insert_original(a, in, now, e)) < 0)
		return (int)original_id;
	if ((id = lookup_id(a, by_identity, in->identity, e)) < 0)
		return (int)id;

	/* Same title, date and first author is evidence of a revision only
	 * when most of the text is shared too; else a different article (two
	 * briefs of one day under one heading), under an identity of its own. */
	char *own_identity = NULL;
	if (id > 0 && !strncmp(in->identity, "title:", 6)) {
		if (!(st = stmt(a, old_sql, e)))
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, id);
		char *old_plain = sqlite3_step(st) == SQLITE_ROW ? stored_plain(st, 1, 2, e) : NULL;
		stmt_done(a, st);
		if (!old_plain)
			return db_error(a, sqlite3_errcode(a->db), e, "reading the current revision");
		res->shared = text_shared(old_plain, strlen(old_plain), in->plain, strlen(in->plain));
		free(old_plain);
		if (res->shared < SIMILAR_SAME_ARTICLE) {
			own_identity = xasprintf("%s#%s", in->identity, in->content_sha256);
			id = 0;
		}
	}

	if (id == 0) {
		if (!(st = stmt(a, insert_sql, e))) {
			free(own_identity);
			return FOLIO_EARCHIVE;
		}
		bind_text(st, 1, own_identity ? own_identity : in->identity);
		free(own_identity);
		bind_article(st, in, original_id, now);
		rc = sqlite3_step(st);
		stmt_done(a, st);
		if (rc != SQLITE_DONE)
			return db_error(a, rc, e, "storing the article");
		res->status = STORE_NEW;
		res->article_id = sqlite3_last_insert_rowid(a->db);
		res->revision = 1;
		res->why = res->shared >= 0 ? "same title, date and author as an archived article, "
					      "but a different text"
					    : "no archived article with its id, URL, or date, author "
					      "and title";
	} else {
		/* Keep the current state as a revision, take it out of the
		 * index, then replace it. */
		if (!(st = stmt(a, old_sql, e)))
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_ROW) {
			stmt_done(a, st);
			return db_error(a, sqlite3_errcode(a->db), e, "reading the current revision");
		}
		char *old_title = col_text(st, 0);
		char *old_plain = stored_plain(st, 1, 2, e);
		stmt_done(a, st);
		err = old_plain ? index_article(a, id, old_title, old_plain, true, INDEX_ALL, e)
				: FOLIO_EARCHIVE;
		free(old_title);
		free(old_plain);
		if (err)
			return err;
		if (!(st = stmt(a, keep_sql, e)))
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, now);
		rc = sqlite3_step(st);
		stmt_done(a, st);
		if (rc != SQLITE_DONE)
			return db_error(a, rc, e, "keeping the earlier revision");
		if (!(st = stmt(a, update_sql, e)))
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, id);
		bind_article(st, in, original_id, now);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			res->revision = sqlite3_column_int(st, 0);
		rc = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
		stmt_done(a, st);
		if (rc != SQLITE_DONE)
			return db_error(a, rc, e, "storing the revision");
		res->status = STORE_REVISED;
		res->article_id = id;
		res->why = !strncmp(in->identity, "id:", 3)    ? "same id as an archived article"
			   : !strncmp(in->identity, "url:", 4) ? "same URL as an archived article"
							       : "same title, date and author, most "
								 "of the text shared";
	}
	struct buf detail = BUF_INIT;
	char subject[48];
	snprintf(subject, sizeof(subject), "article %lld", res->article_id);
	buf_addf(&detail, "{\"revision\":%d,\"original_sha256\":\"%s\",\"content_sha256\":\"%s\",\"file\":",
		 res->revision, in->original_sha256, in->content_sha256);
	buf_add_json_string(&detail, in->filename);
	buf_addc(&detail, '}');
	err = audit_append(a, res->status == STORE_NEW ? "ingest" : "revise", subject, detail.data, e);
	buf_release(&detail);
	if (err)
		return err;
	return index_article(a, res->article_id, in->article->title, in->plain, false, INDEX_ALL, e);
}

int archive_store(struct archive *a, const struct archive_entry *in, struct store_result *res,
		  struct ferr *e)
{
	char now[32];
	int err;

	now_iso8601(now);
	/* Alone: a transaction of its own.  In a batch: a savepoint, so a
	 * failing article is undone without touching the others. */
	size_t ops_before = a->nops;
	if ((err = exec(a, a->in_batch ? "SAVEPOINT article" : "BEGIN IMMEDIATE", e)))
		return err;
	err = store_locked(a, in, res, now, e);
	if (err) {
		sqlite3_exec(a->db, a->in_batch ? "ROLLBACK TO article; RELEASE article" : "ROLLBACK",
			     NULL, NULL, NULL);
		drop_index_ops(a, ops_before);
		return err;
	}
	if ((err = exec(a, a->in_batch ? "RELEASE article" : "COMMIT", e)))
		drop_index_ops(a, ops_before);
	return err;
}

int archive_batch_begin(struct archive *a, struct ferr *e)
{
	int err;
	if (a->in_batch)
		return 0;
	if ((err = exec(a, "BEGIN IMMEDIATE", e)))
		return err;
	a->in_batch = true;
	return 0;
}

int archive_batch_commit(struct archive *a, struct ferr *e)
{
	int err = 0;
	if (!a->in_batch)
		return 0;
	a->in_batch = false;
	for (size_t i = 0; i < a->nops && !err; i++)
		err = apply_index_op(a, &a->ops[i], e);
	drop_index_ops(a, 0);
	if (!err)
		err = exec(a, "COMMIT", e);
	if (err)
		sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}

void archive_batch_rollback(struct archive *a)
{
	if (!a->in_batch)
		return;
	a->in_batch = false;
	drop_index_ops(a, 0);
	sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- reading ----------------------------------------------------------- */

void record_release(struct record *r)
{
	char **fields[] = { &r->identity, &r->title, &r->subtitle, &r->authors, &r->contributors,
			    &r->editor, &r->source, &r->section, &r->url, &r->correction,
			    &r->tags, &r->published, &r->body, &r->sha256, &r->encoding,
			    &r->format, &r->filename, &r->ingested, &r->created, &r->snippet,
			    &r->authors_text, &r->contributors_text, &r->converter, &r->evidence,
			    &r->language, &r->date_source, &r->kicker, &r->page };
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
	"x.date_source, x.kicker, x.page"

/* Fill r from the RECORD_COLUMNS at column c.  Fails (FOLIO_EARCHIVE) only
 * when the stored body cannot be decompressed. */
static int read_record(sqlite3_stmt *st, int c, struct record *r, struct ferr *e)
{
	struct buf body = BUF_INIT;
	r->revision = sqlite3_column_int(st, c + 0);
	r->published = col_text(st, c + 1);
	r->title = col_text(st, c + 2);
	r->subtitle = col_text(st, c + 3);
	r->authors = col_text(st, c + 4);
	r->contributors = col_text(st, c + 5);
	r->editor = col_text(st, c + 6);
	r->source = col_text(st, c + 7);
	r->section = col_text(st, c + 8);
	r->url = col_text(st, c + 9);
	r->correction = col_text(st, c + 10);
	r->tags = col_text(st, c + 11);
	r->chars = sqlite3_column_int64(st, c + 13);
	r->lossy = sqlite3_column_int(st, c + 14) != 0;
	r->sha256 = col_text(st, c + 15);
	r->encoding = col_text(st, c + 16);
	r->format = col_text(st, c + 17);
	r->filename = col_text(st, c + 18);
	r->ingested = col_text(st, c + 19);
	r->authors_text = col_text(st, c + 23);
	r->contributors_text = col_text(st, c + 24);
	r->converter = col_text(st, c + 25);
	r->evidence = col_text(st, c + 26);
	r->confidence = sqlite3_column_double(st, c + 27);
	r->plausibility = sqlite3_column_double(st, c + 28);
	r->language = col_text(st, c + 29);
	r->suspect = sqlite3_column_int(st, c + 30) != 0;
	r->date_source = col_text(st, c + 31);
	r->kicker = col_text(st, c + 32);
	r->page = col_text(st, c + 33);
	/* A purged body is empty: its content is gone on purpose. */
	int err = sqlite3_column_bytes(st, c + 12) == 0 ? 0 : stored_body(st, c + 12, c + 20, &body, e);
	r->body = buf_detach(&body);
	if (err)
		ferr_prefix(e, "article %lld revision %d", r->id, r->revision);
	return err;
}

int archive_get(struct archive *a, long long id, struct record *out, struct ferr *e)
{
	static const char sql[] = "SELECT x.id, x.identity, x.created, " RECORD_COLUMNS
				  " FROM articles x JOIN originals o ON o.id = x.original_id WHERE x.id = ?1";
	sqlite3_stmt *st = stmt(a, sql, e);
	int rc;
	memset(out, 0, sizeof(*out));
	if (!st)
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->identity = col_text(st, 1);
		out->created = col_text(st, 2);
		int err = read_record(st, 3, out, e);
		stmt_done(a, st);
		if (err)
			record_release(out);
		return err;
	}
	stmt_done(a, st);
	if (rc == SQLITE_DONE)
		return ferr_set(e, FOLIO_ENOTFOUND, "no article with id %lld", id);
	return db_error(a, rc, e, "reading an article");
}

int archive_revisions(struct archive *a, long long id, record_fn fn, void *ctx, struct ferr *e)
{
	static const char sql[] = "SELECT x.article_id, " RECORD_COLUMNS
				  " FROM revisions x JOIN originals o ON o.id = x.original_id "
				  "WHERE x.article_id = ?1 ORDER BY x.revision";
	sqlite3_stmt *st = stmt(a, sql, e);
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
	stmt_done(a, st);
	if (err)
		return err;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(a, rc, e, "reading revisions");
	return 0;
}

/* Decode a stored original (row of size, storage, data) into out and check
 * it against its SHA-256. */
static int original_bytes(sqlite3_stmt *st, int c, struct buf *out, bool *hash_ok, struct ferr *e)
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
	sqlite3_stmt *st = stmt(a, sql, e);
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
	stmt_done(a, st);
	return err;
}

/* Month "YYYY-MM" to the inclusive day range. */
static void month_range(const char *month, char from[11], char to[11])
{
	snprintf(from, 11, "%.7s-01", month);
	snprintf(to, 11, "%.7s-31", month);
}

int archive_list(struct archive *a, const struct selection *sel, record_fn fn, void *ctx,
		 long long *count, struct ferr *e)
{
	static const char sql[] =
		"SELECT x.id, x.identity, x.created, " RECORD_COLUMNS
		" FROM articles x JOIN originals o ON o.id = x.original_id "
		"WHERE x.deleted IS NULL AND (?1 IS NULL OR x.pub_date >= ?1) AND (?2 IS NULL OR x.pub_date <= ?2) "
		"AND (?3 IS NULL OR x.section = ?3) "
		"ORDER BY x.pub_date, x.published, x.id";
	char mfrom[11], mto[11];
	const char *from = sel->from, *to = sel->to;
	sqlite3_stmt *st = stmt(a, sql, e);
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
	bind_text(st, 1, from);
	bind_text(st, 2, to);
	bind_text(st, 3, sel->section);
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct record r = { 0 };
		r.id = sqlite3_column_int64(st, 0);
		r.identity = col_text(st, 1);
		r.created = col_text(st, 2);
		err = read_record(st, 3, &r, e);
		if (!err)
			err = fn(ctx, &r);
		record_release(&r);
		n++;
	}
	stmt_done(a, st);
	if (count)
		*count = n;
	if (err)
		return err;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_error(a, rc, e, "listing articles");
	return 0;
}

/* ---- search ------------------------------------------------------------ */

/* Build the FTS5 expressions: every run of two or more CJK characters, and
 * every word, becomes a quoted phrase for the bigram index (so FTS5 syntax
 * in the query is literal text); every lone CJK character a quoted term for
 * the character index.  All are ANDed.  Returns the number of terms. */
static int build_match(const char *q, struct buf *words, struct buf *chars)
{
	const unsigned char *s = (const unsigned char *)q;
	size_t len = strlen(q), i = 0;
	int nterms = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		bool cjk = utf8_is_cjk(cp);
		if (!cjk && !utf8_is_word(cp)) {
			i += (size_t)n;
			continue;
		}
		size_t start = i, count = 0;
		while (i < len) {
			n = utf8_decode(s + i, len - i, &cp);
			if (n < 0 || (cjk ? !utf8_is_cjk(cp) : !utf8_is_word(cp)))
				break;
			i += (size_t)n;
			count++;
		}
		struct buf *to = cjk && count == 1 ? chars : words;
		if (to->len)
			buf_addc(to, ' ');
		buf_addc(to, '"');
		buf_add(to, q + start, i - start);
		buf_addc(to, '"');
		nterms++;
	}
	return nterms;
}

bool archive_query_searchable(const char *query)
{
	struct buf words = BUF_INIT, chars = BUF_INIT;
	int n = build_match(query, &words, &chars);
	buf_release(&words);
	buf_release(&chars);
	return n > 0;
}

struct hit {
	long long id;
	double rank;
};

static int cmp_hit(const void *x, const void *y)
{
	const struct hit *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1; /* bm25: lower is better */
	return a->id > b->id ? -1 : a->id < b->id;
}

int archive_search(struct archive *a, const char *query, int limit, record_fn fn, void *ctx,
		   struct search_info *info, struct ferr *e)
{
	/* Newest first, at most RANK_CAP + 1 rows: FTS5 walks its doclists in
	 * rowid order and stops, so a term in most articles costs no more than
	 * a rare one; bm25 is computed for those rows only. */
	static const char words_sql[] =
		"SELECT rowid, bm25(search, 10.0, 1.0) FROM search WHERE search MATCH ?1 "
		"ORDER BY rowid DESC LIMIT ?2";
	static const char chars_sql[] =
		"SELECT rowid, bm25(search_chars) FROM search_chars WHERE search_chars MATCH ?3 "
		"ORDER BY rowid DESC LIMIT ?2";
	static const char both_sql[] =
		"SELECT rowid, bm25(search, 10.0, 1.0) FROM search WHERE search MATCH ?1 "
		"AND rowid IN (SELECT rowid FROM search_chars WHERE search_chars MATCH ?3) "
		"ORDER BY rowid DESC LIMIT ?2";
	struct buf words = BUF_INIT, chars = BUF_INIT;
	int nterms = build_match(query, &words, &chars), rc, err = 0;
	struct hit *hits = NULL;
	size_t n = 0, cap = 0;

	memset(info, 0, sizeof(*info));
	if (nterms == 0) {
		buf_release(&words);
		buf_release(&chars);
		return ferr_set(e, FOLIO_EUSAGE, "query has no searchable words");
	}
	sqlite3_stmt *st = stmt(a, !chars.len ? words_sql : !words.len ? chars_sql : both_sql, e);
	if (!st) {
		buf_release(&words);
		buf_release(&chars);
		return FOLIO_EARCHIVE;
	}
	if (words.len)
		bind_text(st, 1, words.data);
	if (chars.len)
		bind_text(st, 3, chars.data);
	sqlite3_bind_int(st, 2, RANK_CAP + 1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			hits = xrealloc(hits, cap * sizeof(*hits));
		}
		hits[n].id = sqlite3_column_int64(st, 0);
		hits[n].rank = sqlite3_column_double(st, 1);
		n++;
	}
	stmt_done(a, st);
	buf_release(&words);
	buf_release(&chars);
	if (rc != SQLITE_DONE) {
		free(hits);
		return db_error(a, rc, e, "searching");
	}
	info->capped = n > RANK_CAP;
	if (info->capped)
		n = RANK_CAP;
	info->ranked = (long long)n;
	if (n)
		qsort(hits, n, sizeof(*hits), cmp_hit);
	for (size_t i = 0; i < n && (int)i < limit && !err; i++) {
		struct record r;
		if ((err = archive_get(a, hits[i].id, &r, e)))
			break;
		r.rank = hits[i].rank;
		err = fn(ctx, &r);
		record_release(&r);
	}
	free(hits);
	return err;
}

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

int archive_counts(struct archive *a, long long *articles, long long *revisions,
		   long long *originals, struct ferr *e)
{
	sqlite3_stmt *st = stmt(a,
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
	stmt_done(a, st);
	return rc == SQLITE_ROW ? 0 : db_error(a, rc, e, "counting");
}

int archive_record_edition(struct archive *a, const struct edition_row *row, long long *id,
			   struct ferr *e)
{
	static const char sql[] =
		"INSERT INTO editions (created, selection, layout, title, pages, sha256, bytes, path, "
		"articles) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	char now[32];
	now_iso8601(now);
	sqlite3_stmt *st = stmt(a, sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	bind_text(st, 1, now);
	bind_text(st, 2, row->selection);
	bind_text(st, 3, row->layout);
	bind_text(st, 4, row->title);
	sqlite3_bind_int(st, 5, row->pages);
	bind_text(st, 6, row->sha256);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)row->bytes);
	bind_text(st, 8, row->path);
	bind_text(st, 9, row->articles);
	int rc = sqlite3_step(st);
	stmt_done(a, st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "recording the edition");
	*id = sqlite3_last_insert_rowid(a->db);
	struct buf detail = BUF_INIT;
	char subject[48];
	snprintf(subject, sizeof(subject), "edition %lld", *id);
	buf_addf(&detail, "{\"sha256\":\"%s\",\"pages\":%d,\"selection\":", row->sha256, row->pages);
	buf_add_json_string(&detail, row->selection);
	buf_addf(&detail, ",\"articles\":%s}", row->articles);
	int err = audit_append(a, "edition", subject, detail.data, e);
	buf_release(&detail);
	return err;
}

/* ---- selections and copies ---------------------------------------------------- */

int archive_match_ids(struct archive *a, const char *query, long long **ids, size_t *n,
		      struct ferr *e)
{
	static const char words_sql[] =
		"SELECT rowid FROM search WHERE search MATCH ?1 ORDER BY rowid";
	static const char chars_sql[] =
		"SELECT rowid FROM search_chars WHERE search_chars MATCH ?3 ORDER BY rowid";
	static const char both_sql[] =
		"SELECT rowid FROM search WHERE search MATCH ?1 AND rowid IN "
		"(SELECT rowid FROM search_chars WHERE search_chars MATCH ?3) ORDER BY rowid";
	struct buf words = BUF_INIT, chars = BUF_INIT;
	int nterms = build_match(query, &words, &chars), rc;
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	if (nterms == 0) {
		buf_release(&words);
		buf_release(&chars);
		return ferr_set(e, FOLIO_EUSAGE, "query has no searchable words");
	}
	sqlite3_stmt *st = stmt(a, !chars.len ? words_sql : !words.len ? chars_sql : both_sql, e);
	if (st) {
		if (words.len)
			bind_text(st, 1, words.data);
		if (chars.len)
			bind_text(st, 3, chars.data);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (*n == cap) {
				cap = cap ? 2 * cap : 256;
				*ids = xrealloc(*ids, cap * sizeof(**ids));
			}
			(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
		}
		stmt_done(a, st);
	}
	buf_release(&words);
	buf_release(&chars);
	if (!st)
		return FOLIO_EARCHIVE;
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return db_error(a, rc, e, "searching");
	}
	return 0;
}

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
	if ((err = archive_open(path, 10000, &c, e)) || !c)
		return err ? err : FOLIO_EARCHIVE;
	char *attach = sqlite3_mprintf("ATTACH %Q AS src", a->path);
	err = exec(c, attach, e);
	sqlite3_free(attach);
	if (!err)
		err = exec(c, "BEGIN IMMEDIATE; CREATE TEMP TABLE wanted (id INTEGER PRIMARY KEY)", e);
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
		err = exec(c,
			   "INSERT INTO originals SELECT * FROM src.originals WHERE id IN "
			   "(SELECT original_id FROM src.articles WHERE id IN (SELECT id FROM wanted) "
			   " UNION SELECT original_id FROM src.revisions WHERE article_id IN (SELECT id FROM wanted));"
			   "INSERT INTO articles SELECT * FROM src.articles WHERE id IN (SELECT id FROM wanted);"
			   "INSERT INTO revisions SELECT * FROM src.revisions WHERE article_id IN (SELECT id FROM wanted);",
			   e);
	if (!err)
		err = fill_index(c, INDEX_ALL, e);
	if (!err)
		err = exec(c, "COMMIT", e);
	else
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_exec(c->db, "DETACH src", NULL, NULL, NULL);
	if (!err)
		err = exec(c, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE", e);
	archive_close(c);
	if (err)
		unlink(path);
	return err;
}

int archive_record_snapshot(struct archive *a, const struct snapshot_row *row, long long *id,
			    struct ferr *e)
{
	static const char sql[] =
		"INSERT INTO snapshots (created, selection, reason, holder, path, articles, bag_sha256) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	char now[32];
	now_iso8601(now);
	sqlite3_stmt *st = stmt(a, sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	bind_text(st, 1, now);
	bind_text(st, 2, row->selection);
	bind_text(st, 3, row->reason);
	bind_text(st, 4, row->holder);
	bind_text(st, 5, row->path);
	bind_text(st, 6, row->articles);
	bind_text(st, 7, row->bag_sha256);
	int rc = sqlite3_step(st);
	stmt_done(a, st);
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
	buf_addf(&detail, ",\"articles\":%s}", row->articles);
	int err = audit_append(a, "snapshot", subject, detail.data, e);
	buf_release(&detail);
	return err;
}

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
static int audit_append(struct archive *a, const char *action, const char *subject,
			const char *detail, struct ferr *e)
{
	static const char last_sql[] = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
	static const char add_sql[] =
		"INSERT INTO audit (seq, time, action, subject, detail, prev, hash) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	char prev[SHA256_HEX_LEN + 1] = AUDIT_GENESIS, hash[SHA256_HEX_LEN + 1], now[32];
	long long seq = 1;
	sqlite3_stmt *st = stmt(a, last_sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof(prev), "%s", (const char *)sqlite3_column_text(st, 1));
	}
	stmt_done(a, st);
	now_iso8601(now);
	audit_hash(prev, seq, now, action, subject, detail, hash);
	if (!(st = stmt(a, add_sql, e)))
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, seq);
	bind_text(st, 2, now);
	bind_text(st, 3, action);
	bind_text(st, 4, subject);
	bind_text(st, 5, detail);
	bind_text(st, 6, prev);
	bind_text(st, 7, hash);
	int rc = sqlite3_step(st);
	stmt_done(a, st);
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
	int err = exec(a, "BEGIN IMMEDIATE", e);
	if (err)
		return err;
	if ((err = audit_append(a, action, subject, detail, e))) {
		sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
		return err;
	}
	return exec(a, "COMMIT", e);
}

/* ---- holds and deletion ------------------------------------------------------------ */

/* The triggers that make the database itself refuse changes to held
 * articles, one pair per hold so that the message names it. */
static int hold_triggers(struct archive *a, long long hold, bool create, struct ferr *e)
{
	char *sql;
	if (create)
		sql = sqlite3_mprintf(
			"CREATE TRIGGER hold_%lld_update BEFORE UPDATE ON articles "
			"WHEN OLD.id IN (SELECT article_id FROM hold_articles WHERE hold_id = %lld) "
			"BEGIN SELECT RAISE(ABORT, 'article is under legal hold %lld: it cannot be changed or deleted'); END;"
			"CREATE TRIGGER hold_%lld_delete BEFORE DELETE ON articles "
			"WHEN OLD.id IN (SELECT article_id FROM hold_articles WHERE hold_id = %lld) "
			"BEGIN SELECT RAISE(ABORT, 'article is under legal hold %lld: it cannot be changed or deleted'); END;"
			"CREATE TRIGGER hold_%lld_revisions BEFORE UPDATE ON revisions "
			"WHEN OLD.article_id IN (SELECT article_id FROM hold_articles WHERE hold_id = %lld) "
			"BEGIN SELECT RAISE(ABORT, 'article is under legal hold %lld: it cannot be changed or deleted'); END;",
			hold, hold, hold, hold, hold, hold, hold, hold, hold);
	else
		sql = sqlite3_mprintf("DROP TRIGGER IF EXISTS hold_%lld_update;"
				      "DROP TRIGGER IF EXISTS hold_%lld_delete;"
				      "DROP TRIGGER IF EXISTS hold_%lld_revisions;",
				      hold, hold, hold);
	int err = exec(a, sql, e);
	sqlite3_free(sql);
	return err;
}

int archive_hold(struct archive *a, const long long *ids, size_t n, const char *selection,
		 const char *reason, long long *hold_id, struct ferr *e)
{
	char now[32];
	int err;
	sqlite3_stmt *st;
	now_iso8601(now);
	if ((err = exec(a, "BEGIN IMMEDIATE", e)))
		return err;
	if (!(st = stmt(a, "INSERT INTO holds (created, reason, selection) VALUES (?1, ?2, ?3)", e))) {
		err = FOLIO_EARCHIVE;
		goto fail;
	}
	bind_text(st, 1, now);
	bind_text(st, 2, reason);
	bind_text(st, 3, selection);
	int rc = sqlite3_step(st);
	stmt_done(a, st);
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
		if (!(st = stmt(a, "INSERT OR IGNORE INTO hold_articles VALUES (?1, ?2)", e))) {
			err = FOLIO_EARCHIVE;
			buf_release(&detail);
			goto fail;
		}
		sqlite3_bind_int64(st, 1, *hold_id);
		sqlite3_bind_int64(st, 2, ids[i]);
		rc = sqlite3_step(st);
		stmt_done(a, st);
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
	err = hold_triggers(a, *hold_id, true, e);
	if (!err)
		err = audit_append(a, "hold", subject, detail.data, e);
	buf_release(&detail);
	if (err)
		goto fail;
	return exec(a, "COMMIT", e);
fail:
	sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}

int archive_release(struct archive *a, long long hold_id, const char *reason, struct ferr *e)
{
	char now[32];
	int err;
	now_iso8601(now);
	if ((err = exec(a, "BEGIN IMMEDIATE", e)))
		return err;
	sqlite3_stmt *st = stmt(a,
				"UPDATE holds SET released = ?2, release_reason = ?3 "
				"WHERE id = ?1 AND released IS NULL",
				e);
	if (!st) {
		err = FOLIO_EARCHIVE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, hold_id);
	bind_text(st, 2, now);
	bind_text(st, 3, reason);
	int rc = sqlite3_step(st);
	stmt_done(a, st);
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
	err = hold_triggers(a, hold_id, false, e);
	if (!err)
		err = audit_append(a, "release", subject, detail.data, e);
	buf_release(&detail);
	if (err)
		goto fail;
	return exec(a, "COMMIT", e);
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
	sqlite3_stmt *st = stmt(a,
				"SELECT group_concat(h.id, ', ') FROM hold_articles ha JOIN holds h "
				"ON h.id = ha.hold_id WHERE ha.article_id = ?1 AND h.released IS NULL",
				NULL);
	char *out = NULL;
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		out = col_text(st, 0);
	stmt_done(a, st);
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
	if ((err = exec(a, "BEGIN IMMEDIATE", e)))
		return err;
	sqlite3_stmt *st = stmt(a,
				"SELECT x.title, x.body, o.size, o.storage, o.data, x.deleted, x.purged "
				"FROM articles x JOIN originals o ON o.id = x.original_id WHERE x.id = ?1",
				e);
	if (!st) {
		err = FOLIO_EARCHIVE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		stmt_done(a, st);
		err = ferr_set(e, FOLIO_ENOTFOUND, "no article with id %lld", id);
		goto fail;
	}
	bool was_deleted = sqlite3_column_type(st, 5) != SQLITE_NULL;
	bool was_purged = sqlite3_column_int(st, 6) != 0;
	char *title = col_text(st, 0);
	char *plain = was_deleted ? NULL : stored_plain(st, 1, 2, e);
	stmt_done(a, st);
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
		struct index_op op = { true, INDEX_ALL, id, title, plain };
		err = apply_index_op(a, &op, e);
	}
	free(title);
	free(plain);
	if (err)
		goto fail;
	if (!(st = stmt(a, "UPDATE articles SET deleted = coalesce(deleted, ?2), delete_reason = ?3 WHERE id = ?1", e))) {
		err = FOLIO_EARCHIVE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, now);
	bind_text(st, 3, reason);
	int rc = sqlite3_step(st);
	stmt_done(a, st);
	if (rc != SQLITE_DONE) {
		err = db_error(a, rc, e, "deleting");
		goto fail;
	}
	if (purge) {
		/* Content gone, hashes kept: the article's text fields, every
		 * revision's, and the bytes of every original they cite. */
		static const char purge_sql[] =
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
	return exec(a, "COMMIT", e);
fail:
	sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}
