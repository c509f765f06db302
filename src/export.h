/*
 * export.h - articles out of the archive as files other tools read: JSON
 * Lines and CSV (one file for all the articles), Markdown with YAML front
 * matter, plain text and PDF (one file per article, in a directory), in
 * UTF-8 or GB18030.
 *
 * What each format promises:
 *  - jsonl: one object per line with the keys of `folio show --json`.
 *    A deleted article the selection covers is a tombstone: its record
 *    with "body": null and its "deleted" object (when, why, audit entry).
 *  - csv: RFC 4180 (CRLF between records, fields quoted when they hold a
 *    comma, a quote or a line break, quotes doubled), a header row of the
 *    same keys; authors, contributors and tags as JSON arrays, null as an
 *    empty field; a tombstone has an empty body and its "deleted" column.
 *  - markdown: front matter `folio ingest` reads back to the same article:
 *    the same text fields, publication time and offset, body, and the
 *    same identity (an explicit `id:` only when the article had one), so
 *    that re-ingesting the file is a duplicate ("same text").
 *  - txt: a header of "label：value" lines, a blank line, then the body as
 *    plain text, one line per paragraph.
 *  - pdf: the article set with the "article" layout, as `folio print`.
 * GB18030 output decodes back to exactly the text written (checked for
 * each article); a Markdown or text file whose GB18030 bytes folio's
 * detection would not read as GB18030 starts with the GB18030 byte-order
 * mark (84 31 95 33).
 *
 * Every file is written to a temporary file beside it and renamed into
 * place, so a failure leaves no partial file; an existing file is replaced
 * only when asked (force).
 *
 * Ownership: functions returning char * return heap strings the caller
 * frees; struct exporter is freed with exporter_free().  Errors are
 * negative FOLIO_E* codes with the reason in *e.
 */
#ifndef FOLIO_EXPORT_H
#define FOLIO_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "archive.h"
#include "buf.h"
#include "select.h"
#include "util.h"

enum export_format { EXPORT_JSONL, EXPORT_CSV, EXPORT_MARKDOWN, EXPORT_TXT, EXPORT_PDF };

/* "jsonl", "csv", "markdown" (or "md"), "txt" (or "text"), "pdf".  false
 * for anything else. */
bool export_format_parse(const char *name, enum export_format *out);
const char *export_format_name(enum export_format f);
/* true for the formats written one file per article into a directory. */
bool export_format_per_article(enum export_format f);

/* Longest file name stem export_file_name() makes, in bytes. */
#define EXPORT_NAME_MAX 100

/*
 * A file name for an article that is safe in any directory:
 * "YYYY-MM-DD-ID-title.ext" ("undated-ID-title.ext" without a date).  The
 * title loses '/', '\\', control and invisible formatting characters and
 * leading dots; white space and the characters Windows forbids (: * ? " <
 * > |) become '-', runs of '-' one; the stem is cut at a character boundary
 * to at most EXPORT_NAME_MAX bytes.  ext is without its dot ("md").
 */
char *export_file_name(const char *published, long long id, const char *title, const char *ext);

/* The article's text in one format, as UTF-8, appended to b.  jsonl and
 * csv append one line (record) each, with its line ending; csv's header
 * row comes from export_csv_header(). */
void export_render(struct buf *b, enum export_format f, const struct record *r);
void export_csv_header(struct buf *b);

struct export_options {
	enum export_format format;
	const char *encoding; /* "UTF-8" (or NULL) or "GB18030" */
	bool bom;             /* a byte-order mark at the start of each file */
	bool force;           /* replace existing files */
	const char *output;   /* jsonl, csv: a file, or "-" for standard output;
			       * the others: a directory, created if missing */
	const char *data_dir; /* pdf: where fonts/ and layouts/ are */
	const char *pdfa;     /* pdf: "2u", "3u", "none"; NULL: the layout's (2u) */
};

/* What exporter_add() wrote. */
struct export_item {
	char *path;            /* the file written (per-article formats), or NULL */
	uint32_t missing[8];   /* pdf: characters no font has (the first 8) */
	size_t nmissing;
};

void export_item_release(struct export_item *it);

/* FOLIO_EUSAGE, with the reason, for options that do not fit together: an
 * encoding other than UTF-8 or GB18030, an encoding for PDF, a BOM in JSON
 * Lines or PDF, no output, standard output for a per-article format. */
int export_options_check(const struct export_options *opt, struct ferr *e);

struct exporter;

/* Start an export: create the output directory, or the temporary file
 * beside the output file (refusing an existing file without force).
 * FOLIO_EUSAGE as export_options_check(); FOLIO_EIO when the output
 * cannot be made. */
int exporter_open(struct archive *a, const struct export_options *opt, struct exporter **out,
		  struct ferr *e);

/* Export one article.  A failure concerns that article alone (FOLIO_EINPUT:
 * its text does not survive the encoding; FOLIO_EIO with a file named:
 * that file exists or could not be written), except that FOLIO_EIO from a
 * one-file export means the output failed and the export cannot go on. */
int exporter_add(struct exporter *x, const struct record *r, struct export_item *item,
		 struct ferr *e);

/* Finish: a one-file export is renamed into place (or flushed, for
 * standard output).  *count receives the articles exported. */
int exporter_finish(struct exporter *x, size_t *count, struct ferr *e);

/* Free x; an unfinished one-file export leaves nothing behind. */
void exporter_free(struct exporter *x);

#endif
