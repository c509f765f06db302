/* archive/open.c - opening and closing an archive: the schema, its versions and the migrations between them. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Version 9: every table that holds an article's text, history or original,
 * and the holds themselves, are guarded (guards.c); the triggers are
 * rewritten from their one definition, and each hold in force gets its
 * full set.  Editions and snapshots record the audit chain's head as they
 * were made (archive_audit_head). */
static const char schema_v9[] =
	"ALTER TABLE editions ADD COLUMN audit_head TEXT NOT NULL DEFAULT '';\n"
	"ALTER TABLE snapshots ADD COLUMN audit_head TEXT NOT NULL DEFAULT '';\n";

/* Version 10: the word index gets a third column, the article's authors,
 * editor, source and section, so that names are found as words.  The
 * index is contentless: it is made again and filled from every article. */
static const char schema_v10[] =
	"DROP TABLE search;\n"
	"CREATE VIRTUAL TABLE search USING fts5(title, body, meta, content='', tokenize='folio');\n"
	"INSERT INTO search(search, rank) VALUES ('automerge', 16);\n"
	"INSERT INTO search(search, rank) VALUES ('hashsize', 67108864);\n";

/* Version 11: the images an article's original references, kept by
 * content hash (one photo in ten articles is stored once), and for each
 * original the references in order, each with its caption and either its
 * image or why it could not be kept.  Guarded like the originals (the
 * guards are installed again, and every hold in force gets the guard on
 * its images). */
static const char schema_v11[] =
	"CREATE TABLE images (\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  sha256 TEXT NOT NULL UNIQUE,\n"
	"  media_type TEXT NOT NULL,\n"
	"  width INTEGER NOT NULL,\n"
	"  height INTEGER NOT NULL,\n"
	"  size INTEGER NOT NULL,\n"
	"  storage TEXT NOT NULL DEFAULT 'raw',\n"
	"  data BLOB NOT NULL,\n"
	"  stored TEXT NOT NULL\n"
	");\n"
	"CREATE TABLE original_images (\n"
	"  original_id INTEGER NOT NULL REFERENCES originals(id),\n"
	"  seq INTEGER NOT NULL,\n"
	"  ref TEXT NOT NULL,\n"
	"  caption TEXT NOT NULL DEFAULT '',\n"
	"  image_id INTEGER REFERENCES images(id),\n"
	"  missing TEXT,\n"
	"  PRIMARY KEY (original_id, seq),\n"
	"  CHECK ((image_id IS NULL) <> (missing IS NULL))\n"
	");\n"
	"CREATE INDEX original_images_image ON original_images(image_id);\n";

static int migrate_v9_guards(struct archive *a, struct ferr *e)
{
	int err = guards_install(a, e);
	sqlite3_stmt *st = NULL;
	if (err)
		return err;
	int rc = sqlite3_prepare_v2(a->db, "SELECT id FROM holds WHERE released IS NULL", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "guarding holds");
	while (!err && (rc = sqlite3_step(st)) == SQLITE_ROW)
		err = hold_guards(a, sqlite3_column_int64(st, 0), true, e);
	sqlite3_finalize(st);
	if (!err && rc != SQLITE_DONE)
		err = db_error(a, rc, e, "guarding holds");
	return err;
}

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



/* Fill one index from every article (upgrades that add an index), or with
 * live_only (schema 6 and later, which has tombstones) every article not
 * deleted. */
int fill_index(struct archive *a, int which, bool live_only, struct ferr *e)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(a->db,
				    live_only ? "SELECT x.id, x.title, x.body, o.size, o.storage, o.data, "
						ARTICLE_META_SQL " FROM articles x "
						"JOIN originals o ON o.id = x.original_id "
						"WHERE x.deleted IS NULL"
					      : "SELECT x.id, x.title, x.body, o.size, o.storage, o.data, "
						ARTICLE_META_SQL " FROM articles x "
						"JOIN originals o ON o.id = x.original_id",
				    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_error(a, rc, e, "filling the search index");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		char *plain = stored_plain(st, 2, 3, e);
		int err = plain ? index_article(a, id, (const char *)sqlite3_column_text(st, 1), plain,
						(const char *)sqlite3_column_text(st, 6), false, which, e)
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

static int migrate_v10_fill(struct archive *a, struct ferr *e)
{
	return fill_index(a, INDEX_WORDS, true, e);
}

/* Version 2's word index is made again by version 10, which fills it. */
static int migrate_v2_fill(struct archive *a, struct ferr *e)
{
	(void)a;
	(void)e;
	return 0;
}

static int migrate_v3_fill(struct archive *a, struct ferr *e)
{
	return fill_index(a, INDEX_CHARS, false, e);
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
	{ schema_v9, migrate_v9_guards },
	{ schema_v10, migrate_v10_fill },
	{ schema_v11, migrate_v9_guards },
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
	db_exec(a, "PRAGMA foreign_keys = OFF", NULL);
	err = migrate_locked(a, e);
	db_exec(a, "PRAGMA foreign_keys = ON", NULL);
	return err;
}

static int migrate_locked(struct archive *a, struct ferr *e)
{
	int version = 0, app = 0, tables = 0, err;

	if ((err = db_exec(a, "BEGIN IMMEDIATE", e)))
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
		if ((err = db_exec(a, m->sql, e)) || (m->after && (err = m->after(a, e)))) {
			ferr_prefix(e, "upgrading the archive to version %d", v + 1);
			goto fail;
		}
		snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", v + 1);
		if ((err = db_exec(a, sql, e)))
			goto fail;
	}
	if (version == 0) {
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA application_id = %d", FOLIO_APPLICATION_ID);
		if ((err = db_exec(a, sql, e)))
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
	return db_exec(a, "COMMIT", e);
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

/* The checks every command that does not create an archive makes first. */
static int archive_is_there(const char *path, struct ferr *e)
{
	struct stat st;
	if (stat(path, &st) < 0)
		return ferr_set(e, FOLIO_EARCHIVE, "%s: no archive here (%s); 'folio init' or 'folio ingest' "
			       "creates one", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return ferr_set(e, FOLIO_EARCHIVE, "%s: not an archive: not a regular file", path);
	if (st.st_size == 0)
		return ferr_set(e, FOLIO_EARCHIVE, "%s: not an archive: the file is empty", path);
	return 0;
}

int archive_open_existing(const char *path, int busy_timeout_ms, struct archive **out,
			  struct ferr *e)
{
	*out = NULL;
	int err = archive_is_there(path, e);
	return err ? err : archive_open(path, busy_timeout_ms, out, e);
}

/* path as an SQLite URI (file:...?mode=ro...), '%', '?' and '#' escaped. */
static char *ro_uri(const char *path, bool immutable)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "file:");
	for (const char *c = path; *c; c++) {
		if (*c == '%' || *c == '?' || *c == '#')
			buf_addf(&b, "%%%02X", (unsigned char)*c);
		else
			buf_addc(&b, *c);
	}
	buf_adds(&b, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	return buf_detach(&b);
}

static bool can_write(const char *path)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	bool ok = access(path, W_OK) == 0 && access(slash ? dir : ".", W_OK) == 0;
	free(dir);
	return ok;
}

static long long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* Whether path is the archive copy inside a BagIt bag (DIR/data/archive.sqlite
 * beside DIR/bagit.txt): evidence, never upgraded. */
static bool in_bag(const char *path)
{
	size_t n = strlen(path);
	static const char tail[] = "data/archive.sqlite";
	if (n < sizeof(tail) - 1 || strcmp(path + n - (sizeof(tail) - 1), tail) ||
	    (n > sizeof(tail) - 1 && path[n - sizeof(tail)] != '/'))
		return false;
	char *bagit = xasprintf("%.*sbagit.txt", (int)(n - (sizeof(tail) - 1)), path);
	bool yes = access(bagit, F_OK) == 0;
	free(bagit);
	return yes;
}

/* The file's first bytes, read through the connection's own descriptor.
 * Opening the file a second time and closing it would drop every POSIX
 * lock this process holds on it, those of other connections included
 * (sqlite.org/howtocorrupt.html, 2.2): a server's reader threads would
 * lose theirs, and a writer's checkpoint could then reset the WAL under
 * them ("database disk image is malformed"). */
static int read_header(sqlite3 *db, unsigned char *head, int n)
{
	sqlite3_file *f = NULL;
	if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &f) != SQLITE_OK || !f ||
	    !f->pMethods)
		return -1;
	return f->pMethods->xRead(f, head, n, 0) == SQLITE_OK ? 0 : -1;
}

static int open_read(const char *path, int busy_timeout_ms, bool strict, struct archive **out,
		     struct ferr *e);

int archive_open_read(const char *path, int busy_timeout_ms, struct archive **out,
		      struct ferr *e)
{
	return open_read(path, busy_timeout_ms, false, out, e);
}

int archive_open_strict_read(const char *path, int busy_timeout_ms, struct archive **out,
			     struct ferr *e)
{
	return open_read(path, busy_timeout_ms, true, out, e);
}

int archive_read_begin(struct archive *a, struct ferr *e)
{
	if (a->reading)
		return ferr_set(e, FOLIO_EUSAGE, "%s: a read transaction is already open", a->path);
	int err = db_exec(a, "BEGIN", e);
	if (err)
		return err;
	a->reading = true;
	static const char sql[] =
		"SELECT u.user_version, p.application_id, d.data_version "
		"FROM pragma_user_version u, pragma_application_id p, pragma_data_version d";
	sqlite3_stmt *st = db_stmt(a, sql, e);
	if (!st) {
		archive_read_end(a);
		return FOLIO_EARCHIVE;
	}
	int rc = sqlite3_step(st);
	int version = sqlite3_column_int(st, 0), app = sqlite3_column_int(st, 1);
	long long data_version = sqlite3_column_int64(st, 2);
	db_stmt_done(a, st);
	if (rc != SQLITE_ROW)
		err = db_error(a, rc, e, "beginning to read");
	else if (app != FOLIO_APPLICATION_ID)
		err = ferr_set(e, FOLIO_EARCHIVE, "%s: no longer a folio archive", a->path);
	else if (version != ARCHIVE_SCHEMA_VERSION)
		err = ferr_set(e, FOLIO_EARCHIVE,
			       "%s: the archive's schema is now version %d; this folio reads version %d",
			       a->path, version, ARCHIVE_SCHEMA_VERSION);
	if (err) {
		archive_read_end(a);
		return err;
	}
	/* data_version changes when another connection commits: what was
	 * remembered of the archive may no longer be true. */
	if (data_version != a->data_version)
		search_memory_forget(a);
	a->data_version = data_version;
	return 0;
}

int archive_read_end(struct archive *a)
{
	for (sqlite3_stmt *st = sqlite3_next_stmt(a->db, NULL); st; st = sqlite3_next_stmt(a->db, st))
		if (sqlite3_stmt_busy(st))
			sqlite3_reset(st);
	if (!sqlite3_get_autocommit(a->db))
		sqlite3_exec(a->db, "COMMIT", NULL, NULL, NULL);
	a->reading = false;
	return sqlite3_get_autocommit(a->db) ? 0 : FOLIO_EARCHIVE;
}

static int progress_deadline(void *ctx)
{
	const struct archive *a = ctx;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > a->deadline.tv_sec ||
	       (now.tv_sec == a->deadline.tv_sec && now.tv_nsec > a->deadline.tv_nsec);
}

void archive_set_progress(struct archive *a, archive_progress_fn fn, void *ctx)
{
	a->progress = fn;
	a->progress_ctx = ctx;
}

void archive_set_deadline(struct archive *a, int ms)
{
	if (ms <= 0) {
		sqlite3_progress_handler(a->db, 0, NULL, NULL);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &a->deadline);
	a->deadline.tv_sec += ms / 1000;
	a->deadline.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (a->deadline.tv_nsec >= 1000000000L) {
		a->deadline.tv_sec++;
		a->deadline.tv_nsec -= 1000000000L;
	}
	sqlite3_progress_handler(a->db, 10000, progress_deadline, a);
}

static int open_read(const char *path, int busy_timeout_ms, bool strict, struct archive **out,
		     struct ferr *e)
{
	*out = NULL;
	int err = archive_is_there(path, e);
	if (err)
		return err;
	bool writable = can_write(path), bag = in_bag(path);
	char *wal_path = xasprintf("%s-wal", path);
	long long wal_size = file_size(wal_path);
	free(wal_path);

	struct archive *a = xcalloc(1, sizeof(*a));
	a->path = xstrdup(path);
	a->read_only = true;
	unsigned char head[100];
	char *uri = ro_uri(path, false);
	int rc = sqlite3_open_v2(uri, &a->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		err = ferr_set(e, FOLIO_EARCHIVE, "%s: cannot open archive: %s", path,
			       a->db ? sqlite3_errmsg(a->db) : sqlite3_errstr(rc));
		goto fail;
	}
	if (read_header(a->db, head, (int)sizeof(head)) || memcmp(head, "SQLite format 3", 16)) {
		err = ferr_set(e, FOLIO_EARCHIVE, "%s: not a folio archive (not an SQLite database)",
			       path);
		goto fail;
	}
	bool wal = head[18] == 2;

	/* A writable archive is opened as every command opens it (WAL, upgraded
	 * if older), unless it is a bag's copy.  Otherwise read-only: nothing is
	 * written, no journal or WAL file is made.  A read-only WAL-mode file
	 * without a WAL file has all its content in the main file and nobody
	 * who could write is writing it: opened immutable, SQLite then needs no
	 * shared memory file either.  (Closing this first connection is safe:
	 * SQLite keeps its descriptor open while another connection of the
	 * process holds locks on the file.) */
	if (writable && !bag && !strict) {
		archive_close(a);
		return archive_open(path, busy_timeout_ms, out, e);
	}
	if (wal && wal_size <= 0 && !writable) {
		sqlite3_close(a->db);
		a->db = NULL;
		uri = ro_uri(path, true);
		rc = sqlite3_open_v2(uri, &a->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
		free(uri);
	}
	int version = 0, app = 0;
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(a->db, busy_timeout_ms);
		sqlite3_extended_result_codes(a->db, 1);
		if (archive_fts_register(a->db) != SQLITE_OK) {
			err = ferr_set(e, FOLIO_EARCHIVE, "%s: this SQLite has no FTS5", path);
			goto fail;
		}
		err = pragma_int(a, "PRAGMA user_version", &version, e);
		if (!err)
			err = pragma_int(a, "PRAGMA application_id", &app, e);
	}
	if (rc != SQLITE_OK || err) {
		const char *why = a->db ? sqlite3_errmsg(a->db) : sqlite3_errstr(rc);
		if (wal && wal_size > 0 && !writable)
			err = ferr_set(e, FOLIO_EARCHIVE,
				       "%s: read-only, and its WAL file (%s-wal) holds changes not yet in "
				       "the archive file, which SQLite cannot read without write access "
				       "to the directory (%s): copy the archive with its -wal and -shm "
				       "files somewhere writable",
				       path, path, why);
		else
			err = ferr_set(e, FOLIO_EARCHIVE, "%s: cannot open archive read-only: %s", path, why);
		goto fail;
	}
	if (app != FOLIO_APPLICATION_ID) {
		err = ferr_set(e, FOLIO_EARCHIVE, "%s: not a folio archive (another SQLite database)", path);
		goto fail;
	}
	if (version > ARCHIVE_SCHEMA_VERSION) {
		err = ferr_set(e, FOLIO_EARCHIVE,
			       "%s: archive schema version %d was made by a newer folio; this folio "
			       "reads versions up to %d: upgrade folio",
			       path, version, ARCHIVE_SCHEMA_VERSION);
		goto fail;
	}
	if (version < ARCHIVE_SCHEMA_VERSION) {
		err = ferr_set(e, FOLIO_EARCHIVE,
			       "%s: archive schema version %d; this folio reads version %d, and "
			       "upgrading would write to %s: copy it somewhere writable, where "
			       "folio upgrades it",
			       path, version, ARCHIVE_SCHEMA_VERSION,
			       bag ? "a bag's evidence" : writable ? "it, which this command never does ('folio init' upgrades it)" : "a read-only file");
		goto fail;
	}
	*out = a;
	return 0;
fail:
	archive_close(a);
	return err;
}

/* The page size of new archives, as the PRAGMA takes it. */
#define ARCHIVE_PAGE_SIZE_TEXT "16384"

static int set_autocheckpoint(struct archive *a, int pages, struct ferr *e)
{
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA wal_autocheckpoint = %d", pages);
	return db_exec(a, sql, e);
}

int archive_open(const char *path, int busy_timeout_ms, struct archive **out, struct ferr *e)
{
	return archive_open_clock(path, busy_timeout_ms, NULL, out, e);
}

int archive_open_clock(const char *path, int busy_timeout_ms, const char *fixed_time,
		       struct archive **out, struct ferr *e)
{
	struct archive *a = xcalloc(1, sizeof(*a));
	int rc, err;

	*out = NULL;
	a->path = xstrdup(path);
	if (fixed_time)
		snprintf(a->fixed_time, sizeof(a->fixed_time), "%s", fixed_time);
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
	/* A new archive gets 16 KiB pages (SQLite's default is 4 KiB): ingest
	 * writes its pages to the WAL and again to the database, a system call
	 * each, and a quarter as many of them made ingest of 100,000 articles
	 * 44 s instead of 46-52 s, for the same file size and search times.
	 * An archive made before keeps its pages. */
	int pages = -1, page_size = 4096;
	if (!pragma_int(a, "PRAGMA page_count", &pages, NULL) && pages == 0)
		db_exec(a, "PRAGMA page_size = " ARCHIVE_PAGE_SIZE_TEXT, NULL);
	/* WAL: readers never block the writer.  synchronous=NORMAL in WAL mode
	 * keeps every committed transaction consistent across a crash; a power
	 * loss may lose the last commits, never half of one. */
	if ((err = db_exec(a, "PRAGMA journal_mode = WAL", e)) ||
	    (err = db_exec(a, "PRAGMA synchronous = NORMAL", e)) ||
	    (err = db_exec(a, "PRAGMA foreign_keys = ON", e)) ||
	    /* 64 MiB of page cache and checkpoints every 40 MiB of WAL: the
	     * index's segment merges reread and rewrite the same pages. */
	    (err = db_exec(a, "PRAGMA cache_size = -65536", e)) ||
	    (err = pragma_int(a, "PRAGMA page_size", &page_size, e)) ||
	    (err = set_autocheckpoint(a, 40 * 1024 * 1024 / (page_size > 0 ? page_size : 4096), e)) ||
	    (err = migrate(a, e))) {
		/* A full disk stays a full disk; anything else here makes the
		 * archive unusable. */
		if (err != FOLIO_EARCHIVE && err != FOLIO_ENOSPACE) {
			char why[sizeof(e->msg)];
			snprintf(why, sizeof(why), "%s", e ? e->msg : "cannot open archive");
			err = ferr_set(e, FOLIO_EARCHIVE, "%s", why);
		}
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
	search_memory_free(a->memory);
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
