/*
 * ingest.h - taking input files into the archive: read the bytes, decide
 * the format and encoding, normalise, hand the text to the right reader,
 * and store the article with its original in one transaction.
 *
 * Ownership: nothing returned here needs freeing but a struct
 * ingest_prepared (ingest_prepared_free()); `why`, `format` and `encoding`
 * in struct ingest_outcome point at static strings.
 *
 * Threads: ingest_file_prepare() touches no archive and no shared state, so
 * several threads may prepare inputs at once while one stores them
 * (ingest_prepared_store(), on the archive's own thread).
 */
#ifndef FOLIO_INGEST_H
#define FOLIO_INGEST_H

#include <stdbool.h>
#include "../archive.h"

struct ingest_options {
	const char *format;   /* "auto" (NULL), "markdown", "webtext" or "html" */
	const char *section;  /* overrides the section the file gives */
	const char *encoding; /* overrides encoding detection (NULL: detect) */
	bool lossy;           /* keep files with undecodable bytes, as U+FFFD */
	bool cjk_punct;       /* ASCII , : ; ! ? ( ) between Han -> full width */
	const struct pubdate *date; /* --date: for files whose text and name give none */
};

/* Where an article's date comes from, in this order: the file's own text
 * ("front matter" of Markdown, the "page" for web-text dumps and HTML: its
 * metadata or date lines), its "file name" (or folders), the "--date" the
 * archivist gave. */

/* The largest file taken as one article: a month of a newspaper is a few
 * MB of text; 64 MB is far past any article and keeps memory bounded. */
#define INGEST_MAX_BYTES (64LL * 1000 * 1000)

/* The path that stands for standard input: read as one article, named so
 * in the archive, given to the walk's fn as it is (only as a path given,
 * never found inside a directory). */
#define INGEST_STDIN "-"

enum ingest_status { INGEST_NEW, INGEST_REVISED, INGEST_DUPLICATE, INGEST_SKIPPED };

struct ingest_outcome {
	enum ingest_status status;
	long long article_id;
	int revision;
	const char *why;      /* duplicate or skip reason */
	const char *format;
	const char *encoding;
	bool lossy;           /* undecodable bytes were replaced */
	const char *images;   /* the body's images as a JSON array (each ref
			       * with its sha256 and bytes, or why it is
			       * missing), or NULL: valid until the prepared
			       * input is freed */
};

/* Ingest one file.  Returns 0 (outcome filled) or a negative code with the
 * reason in *e (not prefixed with the path).  FOLIO_EARCHIVE means the
 * archive failed, not the file: callers should stop. */
int ingest_file(struct archive *a, const char *path, const struct ingest_options *opt,
		struct ingest_outcome *out, struct ferr *e);

/* The same in two steps: read, decode, parse and compress the file, on any
 * thread; then store it, in input order, on the archive's thread.  Prepare
 * returns 0 with *prep set, 0 with *prep NULL when the input is skipped
 * (out->status INGEST_SKIPPED, out->why), or an error for the file. */
struct ingest_prepared;
int ingest_file_prepare(const char *path, const struct ingest_options *opt,
			struct ingest_prepared **prep, struct ingest_outcome *out, struct ferr *e);
int ingest_prepared_store(struct archive *a, struct ingest_prepared *p,
			  struct ingest_outcome *out, struct ferr *e);
void ingest_prepared_free(struct ingest_prepared *p);
/* Once, before threads prepare inputs: sets up the libraries that must be
 * set up once (libxml2's parser). */
void ingest_threads_init(void);

/* Ingest bytes already in memory; `name` is recorded as the file name. */
int ingest_bytes(struct archive *a, const char *name, const unsigned char *data, size_t len,
		 const struct ingest_options *opt, struct ingest_outcome *out, struct ferr *e);

/* Walk paths (files and directories, recursively, in name order; hidden
 * entries skipped) and call fn for each regular file.  Problems with a path
 * itself (missing, unreadable directory) go to fn with err set.  A non-zero
 * return from fn stops the walk and is returned. */
typedef int (*walk_fn)(void *ctx, const char *path, const struct ferr *err);
int ingest_walk(const char *const *paths, int npaths, walk_fn fn, void *ctx);

/* The same, saying what it leaves out: a symbolic link inside a walked
 * directory is followed only when it stays inside the path given (or with
 * follow_symlinks); a directory reached again through a link (a loop, by
 * device and inode) is not walked twice.  skip(ctx, path, why) is called for
 * each entry left out (may be NULL). */
typedef void (*skip_fn)(void *ctx, const char *path, const char *why);
int ingest_walk_links(const char *const *paths, int npaths, bool follow_symlinks, walk_fn fn,
		      skip_fn skip, void *ctx);

/* The identity key of an article: its explicit id, else its URL, else its
 * publication date, first author and title; an undated article without id
 * or URL is identified by its text (content_sha256, the fingerprint of its
 * stored fields), so it is never taken for a revision of another.  Caller
 * frees. */
char *article_identity(const struct article *a, const char *content_sha256);

#endif
