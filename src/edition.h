/*
 * edition.h - printed editions: which articles go in (a month, a date
 * range, a list of ids), in which order (by section, sections in order of
 * their first article, articles by publication date), set with a layout
 * into a PDF, and recorded in the archive with the PDF's SHA-256.
 *
 * The same archive, layout and fonts give a byte-identical PDF: the
 * document's dates come from SOURCE_DATE_EPOCH when set, else from the
 * latest ingest time among its articles.
 */
#ifndef FOLIO_EDITION_H
#define FOLIO_EDITION_H

#include <stddef.h>
#include <stdint.h>
#include "archive.h"
#include "layout/hyphenate.h"
#include "select.h"
#include "util.h"

struct edition_request {
	struct article_query q; /* which articles */
	const char *layout;    /* layout name or path ("monthly") */
	const char *title;     /* document title; NULL: masthead and month */
	int issue;             /* issue number, 0 for none */
	const char *output;    /* PDF path */
	const char *data_dir;  /* where fonts/ and layouts/ are */
	bool record;           /* record the edition in the archive */
	/* English hyphenation patterns loaded by the caller, for callers that
	 * make many editions (snapshots, PDF exports); borrowed.  NULL: the
	 * edition loads its own (edition_hyphenator) when its layout hyphenates. */
	const struct hyphenator *hyph;
	/* The standard the PDF is written to: "2u", "3u", "none"; NULL: the
	 * layout's (2u unless it says otherwise). */
	const char *pdfa;
	/* Files the PDF carries as associated files (PDF/A-3u only); borrowed. */
	const struct display_attachment *attachments;
	size_t nattachments;
};

struct edition_outcome {
	int pages;
	size_t articles;
	int images;   /* image blocks printed from the archive */
	int images_scaled; /* of the distinct images, how many were scaled down */
	int images_to_rgb; /* and how many CMYK photos were converted to RGB */
	int images_unusable; /* damaged CMYK photos left out of a PDF/A file */
	size_t bytes;
	char sha256[65];
	long long edition_id;
	uint32_t missing[32]; /* characters no font has (the first 32) */
	size_t nmissing;
	long long lines, clreq_breaks, forced_breaks, hyphenated, loose;
	/* set when the layout asks for hyphenation but the patterns could not be
	 * loaded: why (the edition is made without hyphenation) */
	char hyphen_warning[256];
};

/* The English hyphenation patterns editions use: $FOLIO_HYPHEN_DICT, else
 * HYPHEN_DICT_DEFAULT (layout/hyphenate.h).  NULL with *e set when they
 * cannot be loaded.  Free with hyphenator_close(). */
struct hyphenator *edition_hyphenator(struct ferr *e);

/* Make the edition.  FOLIO_ENOTFOUND when the selection is empty;
 * FOLIO_EINPUT for a bad layout or fonts, or for explicit ids naming a
 * deleted article (the message says when, why and which audit entry);
 * FOLIO_EIO when the PDF cannot be written. */
int edition_make(struct archive *a, const struct edition_request *rq, struct edition_outcome *out,
		 struct ferr *e);

/* The directory holding fonts/ and layouts/: $FOLIO_DATA, else the first of
 * the executable's directory and its parent that has fonts/roles, else ".".
 * Caller frees. */
char *edition_data_dir(void);

#endif
