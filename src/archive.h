/*
 * archive.h - the dated SQLite archive: originals, articles, revisions and
 * the search index, the audit chain, holds and deletion.  Implemented in
 * src/archive/, one noun a file (see archive/internal.h for the map); only
 * those files include <sqlite3.h>, and all SQL lives there, with bound
 * parameters only.
 *
 * Ownership: archive_open() returns a handle the caller closes with
 * archive_close().  struct record fields are heap strings owned by the
 * record; record_release() frees them.  Callbacks receive records that are
 * valid only during the call.
 *
 * Errors: functions return 0 or a negative FOLIO_E* code with the reason in
 * *e.  FOLIO_EARCHIVE means the archive itself is unusable (not a database,
 * corrupt, locked past the busy timeout, made by a newer folio).
 */
#ifndef FOLIO_ARCHIVE_H
#define FOLIO_ARCHIVE_H

#include <stddef.h>
#include <stdbool.h>
#include "buf.h"
#include "searchquery.h"
#include "util.h"
#include "read/article.h"

/* The schema version this folio writes; archives with a lower version are
 * upgraded on open, archives with a higher one are refused. */
#define ARCHIVE_SCHEMA_VERSION 11

struct archive;

/* Open (creating if needed, with its directory) and upgrade the archive at
 * path.  busy_timeout_ms bounds how long a write waits for another writer. */
int archive_open(const char *path, int busy_timeout_ms, struct archive **out, struct ferr *e);

/* As archive_open(), but only an archive that is there: a missing path, a
 * missing directory or an empty file is FOLIO_EARCHIVE ("no archive"),
 * and nothing is created.  For every command that does not store. */
int archive_open_existing(const char *path, int busy_timeout_ms, struct archive **out,
			  struct ferr *e);
/* For the commands that only read (list, show, search, check, audit,
 * export): as archive_open_existing() when the file and its directory are
 * writable; otherwise -- read-only media, a read-only directory, another
 * user's archive, a bag's data/archive.sqlite (always) -- opened read-only,
 * so that nothing is written and no journal, WAL or shared-memory file is
 * made (immutable when the file is in WAL mode without a WAL file).  Such
 * an archive is never upgraded: an older schema is FOLIO_EARCHIVE, saying
 * why.  Writes through the handle fail with SQLITE_READONLY. */
int archive_open_read(const char *path, int busy_timeout_ms, struct archive **out,
		      struct ferr *e);
/* Read-only whatever the file's permissions (SQLITE_OPEN_READONLY; WAL
 * readers see what writers commit), never upgraded: for `folio serve`,
 * which must have no write path.  Errors as archive_open_read(). */
int archive_open_strict_read(const char *path, int busy_timeout_ms, struct archive **out,
			     struct ferr *e);
/* One read transaction, for a handle kept open across many requests (the
 * reading room's): every query until archive_read_end() sees the archive
 * as it was at the first, whatever writers commit meanwhile.  Begin checks
 * that the file is still the folio archive of the schema this folio reads
 * (another folio may have upgraded it since it was opened), and forgets
 * the searches remembered (archive_remember_searches) if any connection
 * changed the archive since the last transaction.  End resets statements
 * left running and returns non-zero when the handle is not idle after it
 * (the caller then closes it rather than reuse it). */
int archive_read_begin(struct archive *a, struct ferr *e);
int archive_read_end(struct archive *a);
/* Keep the results of recent searches (the matches, in order, and their
 * facets) in up to `bytes` of memory, for archive_search() inside
 * archive_read_begin()/archive_read_end() only; a search asked again while
 * the archive is unchanged, or another page of it, then costs no match.
 * Off (0) by default; the memory is the handle's, freed by archive_close(). */
void archive_remember_searches(struct archive *a, size_t bytes);
/* Queries through a stop after ms milliseconds from now (SQLITE_INTERRUPT,
 * reported as an archive error); 0 lifts the limit. */
void archive_set_deadline(struct archive *a, int ms);
/* Long reads (archive_check) report how far they are: step, done, total. */
typedef void (*archive_progress_fn)(void *ctx, const char *step, long long done, long long total);
void archive_set_progress(struct archive *a, archive_progress_fn fn, void *ctx);
void archive_close(struct archive *a);
int archive_schema_version(struct archive *a);

/* An image the input references: its bytes, or why they are not kept. */
struct archive_image {
	const char *ref;     /* the reference as the body writes it */
	const char *caption; /* alt text or title, "" if none */
	const unsigned char *data; /* NULL when missing */
	size_t len;
	const char *sha256;  /* hex, when data */
	const char *media_type;
	int width, height;
	const char *missing; /* why not kept, when !data */
};

/* What ingest hands the archive for one input file. */
struct archive_entry {
	const unsigned char *original; /* the file's exact bytes */
	size_t original_len;
	const char *original_sha256;   /* hex SHA-256 of those bytes */
	const char *filename;          /* as given on the command line */
	const char *format;            /* "markdown", "webtext", ... */
	const char *encoding;          /* e.g. "UTF-8" */
	const char *converter;         /* what decoded it, e.g. "glibc 2.36 iconv GB18030" */
	size_t replaced;               /* undecodable sequences replaced (--lossy) */
	const char *evidence;          /* why that encoding (encoding.h) */
	double confidence;             /* 0..1 */
	double plausibility;           /* how plausible the decoded text is, 0..1 */
	const char *language;          /* "zh", "ja", "ko", "und" */
	bool suspect;                  /* implausible or damaged, kept under --lossy */
	const struct article *article; /* metadata and Markdown body (NFC) */
	const char *identity;          /* what makes two inputs the same article */
	const char *published;         /* ISO 8601 or NULL */
	const char *date_source;       /* where the date came from (ingest.h), or NULL */
	const char *pub_date;          /* YYYY-MM-DD or NULL */
	const char *plain;             /* plain text of the body, for search */
	long long chars;               /* characters of the body text */
	const char *content_sha256;    /* fingerprint of the stored text fields */
	bool lossy;                    /* text had undecodable bytes replaced */
	const struct archive_packed *packed; /* compressed beforehand, or NULL: archive_store() packs it */
	const struct archive_image *images;  /* what the body references, in order */
	size_t nimages;
};

/* The compression archive_store() does, done beforehand so that it can run
 * on another thread (archive_entry_pack() touches no archive and is safe
 * on any thread): the original as a Zstandard frame when that saves at
 * least an eighth (else `original` is empty and the bytes are stored raw),
 * and the body as a delta against the original.  The caller owns it and
 * frees it with archive_packed_release(); it must outlive the store. */
struct archive_packed {
	struct buf original;
	bool original_packed;
	struct buf body;
};
int archive_entry_pack(const struct archive_entry *in, struct archive_packed *p);
void archive_packed_release(struct archive_packed *p);

enum store_status { STORE_NEW, STORE_REVISED, STORE_DUPLICATE };

struct store_result {
	enum store_status status;
	long long article_id;
	int revision;
	const char *why; /* why it was judged new, revised or duplicate (static) */
	double shared;   /* share of the text shared with the article of the same
			  * title, date and author; -1 when none was compared */
	int images_added; /* a duplicate of an original stored before images were
			   * kept: how many of its image references were listed now */
};

/* Store one article in a single transaction: its original, the article (new
 * or a new revision of the one with the same identity, the earlier state
 * kept in revisions) and its search entry.  Byte-identical input (same
 * original SHA-256) or text-identical input (same content fingerprint) is a
 * duplicate and stores nothing. */
/* One exception: a byte-identical original that the archive holds without
 * any list of images (stored before folio kept them, schema 11) gets the
 * input's images listed and kept, with an audit entry ("images"); the
 * article itself is untouched. */
int archive_store(struct archive *a, const struct archive_entry *in, struct store_result *res,
		  struct ferr *e);

/*
 * Batches: between archive_batch_begin() and archive_batch_commit(), every
 * archive_store() is a savepoint inside one write transaction, so that many
 * articles share one commit (and the search index one flush).  Each article
 * is still all or nothing: a failing one is rolled back alone.  Nothing in
 * the batch is durable, or visible to others, until the commit; a crash
 * before it loses the whole batch and never part of an article.  Callers
 * report outcomes only after the commit.  archive_close() rolls back an
 * open batch.
 */
int archive_batch_begin(struct archive *a, struct ferr *e);
int archive_batch_commit(struct archive *a, struct ferr *e);
void archive_batch_rollback(struct archive *a);

/* One article (or one revision of it) as read back. */
struct record {
	long long id;
	int revision;
	char *identity, *title, *subtitle, *authors, *contributors, *editor, *source, *section,
		*url, *correction, *tags, *published, *body, *sha256, *encoding, *format, *filename,
		*ingested, *created;
	/* authors, contributors and tags are JSON arrays of strings; the
	 * _text forms join the names with 、 for people (NULL when none) */
	char *authors_text, *contributors_text;
	char *tags_text; /* the tags joined with 、, NULL when none */
	char *converter; /* what decoded the original ("" for UTF-8 read as is) */
	char *evidence;  /* why that encoding ("" before schema 7) */
	char *language;  /* of the text as decoded: "zh", "ja", "ko", "und"; "" unknown */
	double confidence, plausibility; /* 0..1; -1 when not recorded (before schema 7) */
	bool suspect;    /* stored under --lossy although implausible or damaged */
	char *date_source; /* "front matter", "page", "file name", "--date"; "" none or unknown */
	char *kicker;      /* the line above the headline (引题); NULL when none */
	char *page;        /* the printed page (版次) a newspaper gave it, "A3"; NULL when none */
	char *content_sha256; /* the fingerprint of the fields (article_fingerprint) */
	bool purged;          /* content removed by folio delete --purge, hashes kept */
	char *deleted;        /* when folio delete made it a tombstone; NULL if not */
	char *delete_reason;  /* why (archive_get, archive_tombstones) */
	long long delete_entry; /* the audit entry that deleted it (the same) */
	long long chars;
	bool lossy;
	double rank;   /* search only */
	char *snippet; /* search only; filled by the search module */
};

void record_release(struct record *r);

/* Which articles: every field optional (NULL / 0). Dates are YYYY-MM-DD and
 * inclusive; month is YYYY-MM. */
struct selection {
	const char *from, *to, *month, *section;
};

typedef int (*record_fn)(void *ctx, const struct record *r);

/* Read article id (current revision).  FOLIO_ENOTFOUND if there is none. */
int archive_get(struct archive *a, long long id, struct record *out, struct ferr *e);

/* Call fn for every earlier revision of article id, oldest first. */
int archive_revisions(struct archive *a, long long id, record_fn fn, void *ctx, struct ferr *e);

/* The exact original bytes of article id at revision (0: current) into out. */
int archive_original(struct archive *a, long long id, int revision, struct buf *out,
		     struct ferr *e);

/* The images the original of article id at revision (0: current)
 * references, in order (archive_store()).  *out is the caller's, freed with
 * archive_image_rows_free(). */
struct archive_image_row {
	int seq;            /* 1, 2, ... in the order of the body */
	char *ref, *caption;
	char *missing;      /* why it was not kept, or NULL */
	char *sha256, *media_type; /* NULL when missing */
	int width, height;
	long long size;
	bool purged;        /* its bytes removed by folio delete --purge */
};
int archive_images(struct archive *a, long long id, int revision, struct archive_image_row **out,
		   size_t *n, struct ferr *e);
void archive_image_rows_free(struct archive_image_row *v, size_t n);
/* The bytes of the image with that SHA-256, appended to out, checked
 * against the hash (FOLIO_EARCHIVE if they differ; FOLIO_ENOTFOUND if none
 * or purged). */
int archive_image_data(struct archive *a, const char *sha256, struct buf *out, struct ferr *e);

/* Call fn for each selected article, by publication date then id. *count
 * receives the number of articles listed (may be NULL). */
int archive_list(struct archive *a, const struct selection *sel, record_fn fn, void *ctx,
		 long long *count, struct ferr *e);

/* Call fn for each deleted article (tombstone) whose date and section sel
 * covers, in the same order, deleted, delete_reason and delete_entry
 * filled.  archive_list() never lists these. */
int archive_tombstones(struct archive *a, const struct selection *sel, record_fn fn, void *ctx,
		       struct ferr *e);

struct search_info {
	long long ranked; /* how many matching articles were ranked */
	bool capped;      /* more matched: only the newest `ranked` were ranked */
	long long faceted; /* how many of the matches the facets counted */
};

/* A search: the parsed query (searchquery.h) and filters, all of which must
 * hold.  Filters are exact: section, source, and author (one of the
 * article's authors, or its editor, by the whole name). */
struct search_request {
	const struct search_query *q;
	struct selection sel;        /* from, to, month, section */
	const char *author, *source;
	bool held;                   /* under a legal hold in force */
	bool revised;                /* with earlier revisions */
	int limit, offset;           /* limit 0: all */
	bool by_date;                /* newest publication first, not by rank */
	/* When set, called with what the search matched counted per month
	 * (kind 'm', "2019-01", "" undated) and per section (kind 's', ""
	 * none), before any record: the facets of a results page.  Over the
	 * matches ranked (the newest RANK_CAP when there are more), or every
	 * match by date. */
	int (*facet)(void *ctx, char kind, const char *value, long long n);
	void *facet_ctx;
};

/* Full-text search over title, body and the people, source and section.
 * Calls fn with up to limit records from offset (best first, or newest
 * first by_date; rank filled; snippet NULL).  Ranked: only the newest
 * RANK_CAP matches are ranked (info->capped says so); by date: all.
 * info->ranked is how many matched (of those ranked).  FOLIO_EUSAGE if the
 * query has no searchable term. */
int archive_search(struct archive *a, const struct search_request *rq, record_fn fn, void *ctx,
		   struct search_info *info, struct ferr *e);

/* Integrity: PRAGMA integrity_check, the search index's own check, and
 * every original and image re-hashed.  fn is called with a message for each problem
 * (subject is e.g. "article 12" or "archive").  *problems gets the count. */
typedef void (*problem_fn)(void *ctx, const char *subject, const char *message);
int archive_check(struct archive *a, problem_fn fn, void *ctx, long long *problems,
		  long long *originals_checked, long long *images_checked, struct ferr *e);

/* What is wrong with one stored record, if anything: a field or the body
 * that is not valid UTF-8 or not in NFC, or fields that no longer give the
 * content fingerprint stored with them (edited since ingest, or a body
 * that was swapped).  0 when sound (or purged: its content is gone on
 * purpose); FOLIO_EARCHIVE with the fault in *e otherwise. */
int archive_record_faults(struct archive *a, const struct record *r, struct ferr *e);

/* Whether article id's revisions are numbered 1 to its current one without
 * a gap; FOLIO_EARCHIVE with what is missing or extra in *e if not. */
int archive_revision_faults(struct archive *a, long long id, struct ferr *e);

/* Counts for summaries. */
int archive_counts(struct archive *a, long long *articles, long long *revisions,
		   long long *originals, struct ferr *e);

/* A printed edition, as recorded. */
struct edition_row {
	const char *selection; /* "month=2019-01", "ids=1,2,3" ... */
	const char *layout;
	const char *title;
	int pages;
	const char *sha256;    /* of the PDF file */
	size_t bytes;
	const char *path;
	const char *articles;  /* JSON: [[id, revision], ...] */
};

int archive_record_edition(struct archive *a, const struct edition_row *row, long long *id,
			   struct ferr *e);

/* A retention snapshot, as recorded. */
struct snapshot_row {
	const char *selection, *reason, *holder, *path;
	const char *articles;   /* JSON: [[id, revision], ...] */
	const char *bag_sha256; /* SHA-256 of the bag's tagmanifest-sha256.txt */
	const char *audit_head; /* the chain's head written into the bag */
};

int archive_record_snapshot(struct archive *a, const struct snapshot_row *row, long long *id,
			    struct ferr *e);

/* A recorded snapshot, as archive_find_snapshot() reads it.  Heap strings,
 * freed by snapshot_record_release(). */
struct snapshot_record {
	long long id;
	char *created, *selection, *reason, *path, *articles, *bag_sha256, *audit_head;
	bool audited; /* the audit log's entry for it records the same bag checksum */
};
void snapshot_record_release(struct snapshot_record *r);

/* The snapshot recorded with bag checksum bag_sha256; failing that (NULL or
 * no such record), the latest one recorded with audit head audit_head.
 * 0 and *out filled, or FOLIO_ENOTFOUND. */
int archive_find_snapshot(struct archive *a, const char *bag_sha256, const char *audit_head,
			  struct snapshot_record *out, struct ferr *e);

/* ---- browsing (the reading room) ---- */

/* A value and how many articles have it. */
typedef int (*count_fn)(void *ctx, const char *value, long long n);

/* Live articles per month ("2019-01"; "" for undated), newest first. */
int archive_months(struct archive *a, count_fn fn, void *ctx, struct ferr *e);
/* Live articles per section ("" for none), most first. */
int archive_sections(struct archive *a, count_fn fn, void *ctx, struct ferr *e);
/* A recorded edition or snapshot as listed (strings valid during the call). */
struct listing {
	long long id;
	const char *created, *selection, *title_or_reason, *holder, *sha256, *path;
	long long pages, bytes, articles;
};
typedef int (*listing_fn)(void *ctx, const struct listing *l);
/* The latest `limit` editions (0: all), newest first. */
int archive_editions(struct archive *a, int limit, listing_fn fn, void *ctx, struct ferr *e);
/* Every snapshot recorded, newest first. */
int archive_snapshots(struct archive *a, listing_fn fn, void *ctx, struct ferr *e);

/* Every article matching query (as archive_search reads it), by id; no
 * ranking, no cap.  Caller frees *ids. */
int archive_match_ids(struct archive *a, const struct search_query *q, long long **ids, size_t *n,
		      struct ferr *e);

/* Write a new, self-contained folio archive at path (which must not exist)
 * holding only the given articles with their revisions and originals and
 * its own search index, copied in one read transaction: a consistent copy,
 * never a copy of the live file.  Left in rollback-journal mode, one file. */
int archive_copy_subset(struct archive *a, const long long *ids, size_t n, const char *path,
			struct ferr *e);

/* ---- legal holds, deletion, the audit log ---- */

/* Hold articles: while a hold is in force the database itself (triggers
 * naming the hold) refuses to change or delete them, revisions included.
 * *hold_id receives the new hold's id. */
int archive_hold(struct archive *a, const long long *ids, size_t n, const char *selection,
		 const char *reason, long long *hold_id, struct ferr *e);
/* Release a hold in force; FOLIO_ENOTFOUND if there is none by that id. */
int archive_release(struct archive *a, long long hold_id, const char *reason, struct ferr *e);

struct hold_info {
	long long id;
	const char *created, *reason, *selection, *released, *release_reason;
	long long articles;
	const char *article_ids; /* "3,5,8" */
};
typedef void (*hold_fn)(void *ctx, const struct hold_info *h);
int archive_holds(struct archive *a, hold_fn fn, void *ctx, struct ferr *e);

/* Delete an article: out of search and listings, a tombstone kept (its
 * row, with the time and reason).  With purge, its content and every
 * revision's and original's bytes are removed too, their sizes and
 * SHA-256 kept.  Refused (FOLIO_EINPUT, naming the hold) for a held
 * article. */
int archive_delete(struct archive *a, long long id, const char *reason, bool purge,
		   struct ferr *e);

/* One audit log entry, as read back; ok is false when its link to the
 * previous entry or its own hash does not hold. */
struct audit_entry {
	long long seq;
	const char *time, *action, *subject, *detail, *prev, *hash;
	bool ok;
};
typedef void (*audit_fn)(void *ctx, const struct audit_entry *en);

/* Walk the audit log in order, checking the chain; *broken_seq receives
 * the first entry that does not hold (0 if all do). */
int archive_audit(struct archive *a, audit_fn fn, void *ctx, long long *broken_seq,
		  struct ferr *e);

/* The chain's head: its last entry as "SEQ:HASH" ("0:" and 64 zeros for
 * an empty log).  Kept outside the archive (in a bag, a record, a safe),
 * it lets archive_audit_extends() prove later that nothing up to it was
 * removed or rewritten. */
#define AUDIT_HEAD_LEN (20 + 1 + 64)
int archive_audit_head(struct archive *a, char head[AUDIT_HEAD_LEN + 1], struct ferr *e);

/* Whether the log still holds head ("SEQ:HASH") as the entry it names.
 * FOLIO_EUSAGE for a malformed head; FOLIO_EINPUT with the reason in *e
 * when the log does not extend it. */
int archive_audit_extends(struct archive *a, const char *head, struct ferr *e);

/* Cross-check the audit log with the tables: every article, revision,
 * deletion, edition and snapshot has its entry and every entry's subject
 * exists.  Faults through fn, counted in *problems. */
int archive_audit_cross_check(struct archive *a, problem_fn fn, void *ctx, long long *problems,
			      struct ferr *e);

/* Append an entry on its own (for actions outside the archive's own
 * transactions, such as a snapshot written to disk).  detail is JSON. */
int archive_audit_note(struct archive *a, const char *action, const char *subject,
		       const char *detail, struct ferr *e);

/* Register folio's FTS5 tokenizer on a connection (archive/fts.c). */
struct sqlite3;
int archive_fts_register(struct sqlite3 *db);

#endif
