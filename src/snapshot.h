/*
 * snapshot.h - retention snapshots: BagIt bags (RFC 8493) of chosen
 * articles, written from the archive, and their verification, which needs
 * nothing but the bag.
 *
 * A bag made by snapshot_make() holds, beside bagit.txt and bag-info.txt,
 * manifest-sha256.txt, manifest-sha512.txt, tagmanifest-sha256.txt and
 * tagmanifest-sha512.txt, the payload under data/:
 *
 *   data/README.md                      what the bag is and how to check it (Chinese, English)
 *   data/originals/ID-rREV-NAME         every original of the articles, byte for byte
 *                                       (the current revision's and each earlier one's)
 *   data/articles/ID.json               the article as `folio show --json` prints it
 *   data/articles/ID.pdf                the article set with the "article" layout
 *   data/edition.pdf                    the selection as one edition ("monthly" layout)
 *   data/archive.sqlite                 a self-contained folio archive of just these
 *                                       articles, their revisions and originals
 *
 * Everything in the payload comes from one consistent copy of the archive,
 * taken in one read transaction.  Payload names never hold '%', CR or LF
 * (so manifests need no percent-encoding) and the manifests are sorted by
 * path, byte order.  The bag is built in a temporary directory beside the
 * destination and renamed into place when complete: the destination never
 * holds half a bag.
 *
 * Ownership: callers own every string they pass in; out-parameters are
 * filled in place, nothing is allocated for the caller except where said.
 * Errors: 0 or a negative FOLIO_E* code with the reason in *e.
 */
#ifndef FOLIO_SNAPSHOT_H
#define FOLIO_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include "archive.h"
#include "select.h"
#include "util.h"

/* Called as work advances: `step` names it ("copying the archive",
 * "articles", "edition", "checksums"), done/total count articles or bytes.
 * Return non-zero to stop: the operation cleans up and fails with
 * FOLIO_EINPUT, "interrupted". */
typedef int (*snapshot_progress_fn)(void *ctx, const char *step, unsigned long long done,
				    unsigned long long total);

struct snapshot_request {
	const struct article_query *q; /* which articles (must select something) */
	const char *reason;            /* why the snapshot is taken (required) */
	const char *holder;            /* who keeps it, or NULL */
	const char *organization;      /* Source-Organization; NULL: the monthly layout's masthead */
	const char *retain_until;      /* YYYY-MM-DD, or NULL: retain_years from the bagging date */
	int retain_years;              /* 0: SNAPSHOT_RETAIN_YEARS */
	const char *output;            /* the bag's directory; must not exist */
	const char *data_dir;          /* where fonts/ and layouts/ are */
	const char *sign_key;          /* OpenSSH private key: sign the tag manifest, or NULL */
	snapshot_progress_fn progress; /* may be NULL */
	void *progress_ctx;
};

#define SNAPSHOT_RETAIN_YEARS 10

struct snapshot_outcome {
	long long snapshot_id;      /* as recorded in the archive */
	size_t articles, originals; /* originals written (purged ones cannot be) */
	size_t images;              /* image files written, each once */
	size_t purged;              /* originals left out because they were purged */
	size_t tombstones;          /* deleted articles recorded in data/deleted/ */
	size_t files;               /* payload files */
	unsigned long long bytes;   /* payload bytes */
	char bag_sha256[65];        /* SHA-256 of tagmanifest-sha256.txt */
	char retain_until[11];
	size_t holds;               /* legal holds in force on the articles */
	char signed_by[160];        /* the signing key's fingerprint and type, "" unsigned */
};

/* Write the bag for rq and record the snapshot in the archive (snapshots
 * table and audit log, with the bag checksum and the bag's absolute path).
 * FOLIO_EUSAGE for a missing reason or a retention date before today;
 * FOLIO_ENOTFOUND when nothing is selected; FOLIO_EIO when the output
 * exists or cannot be written; FOLIO_EINPUT for bad layouts or fonts, or
 * when the progress function asked to stop.  On failure nothing is left at
 * rq->output.  If the bag was written but could not be recorded, the bag
 * stays and the error says so. */
int snapshot_make(struct archive *a, const struct snapshot_request *rq,
		  struct snapshot_outcome *out, struct ferr *e);

/* What verification found wrong. */
enum snapshot_problem {
	SNAPSHOT_MISSING, /* listed in a manifest, not on disk */
	SNAPSHOT_EXTRA,   /* under data/ on disk, in no manifest */
	SNAPSHOT_ALTERED, /* on disk, a checksum differs */
	SNAPSHOT_INVALID, /* anything else: bagit.txt, a manifest line, Payload-Oxum */
	SNAPSHOT_WARNING, /* not a problem: e.g. a manifest in an algorithm folio cannot check */
};

/* path is relative to the bag ("data/articles/3.json", "bag-info.txt"),
 * detail says more (may be ""); both valid only during the call. */
typedef void (*snapshot_problem_fn)(void *ctx, enum snapshot_problem kind, const char *path,
				    const char *detail);

struct snapshot_check {
	size_t problems;          /* every report but warnings */
	size_t files;             /* payload files on disk */
	unsigned long long bytes; /* their bytes */
	char algorithms[64];      /* payload manifest algorithms checked: "sha256 sha512" */
	char bag_sha256[65];      /* SHA-256 of tagmanifest-sha256.txt, "" if none */
};

/* Check the bag at dir without the archive: bagit.txt, every payload
 * manifest (sha256, sha512; others are reported as warnings), every tag
 * manifest, that every payload file is in every manifest, and bag-info's
 * Payload-Oxum.  Each problem goes to fn (which may be NULL).  Returns 0
 * when the bag could be examined, whatever was found (see out->problems);
 * FOLIO_ENOTFOUND when dir is not a directory; FOLIO_EINPUT when stopped
 * by progress. */
int snapshot_verify(const char *dir, snapshot_problem_fn fn, void *fn_ctx,
		    snapshot_progress_fn progress, void *progress_ctx, struct snapshot_check *out,
		    struct ferr *e);

/* The value of bag-info.txt's first field `label` (case-insensitive) in
 * the bag at dir, continuation lines joined with a space, into *value
 * (caller frees).  bag-info.txt must be a regular file of bounded size.
 * FOLIO_ENOTFOUND when the bag has no bag-info.txt or no such field;
 * FOLIO_EINPUT when bag-info.txt cannot be read. */
int snapshot_bag_info(const char *dir, const char *label, char **value, struct ferr *e);

/* A payload file name from an original's file name: its last component,
 * with anything but letters, digits, "._-+" and printable non-ASCII
 * characters turned into '_' (so never '%', '/', CR, LF or a space), no
 * leading '.', at most 120 bytes with the extension kept.  Caller frees. */
char *snapshot_safe_name(const char *filename);

/* Bytes as a short human-readable size, in SI units: "812 bytes",
 * "2.4 MB", "242 kB". */
void snapshot_size_text(unsigned long long bytes, char out[32]);

/* date (YYYY-MM-DD) plus years, 29 February becoming 28 in common years. */
void snapshot_add_years(const char *date, int years, char out[11]);

#endif
