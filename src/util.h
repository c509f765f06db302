/*
 * util.h - allocation that never returns NULL, and the error record that
 * library code fills instead of printing or exiting.
 *
 * Ownership: xmalloc/xcalloc/xrealloc/xstrdup/xstrndup/xasprintf return
 * memory the caller frees with free().  They abort the process on
 * out-of-memory, which is the one failure no caller can recover from.
 *
 * Errors: a function that can fail takes a `struct ferr *` (may be NULL),
 * fills it through ferr_set() and returns the (negative) code.  Only the
 * command layer turns an ferr into "folio: <subject>: <reason>" and an exit
 * status.
 */
#ifndef FOLIO_UTIL_H
#define FOLIO_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>

/* Error codes: 0 is success, every failure is negative. */
enum {
	FOLIO_OK = 0,
	FOLIO_EINPUT = -1,   /* the input is bad (this file, this query) */
	FOLIO_EIO = -2,      /* reading or writing a file failed */
	FOLIO_EARCHIVE = -3, /* the archive is unusable: corrupt, locked, too new */
	FOLIO_ENOTFOUND = -4,/* the thing asked for does not exist */
	FOLIO_EUSAGE = -5,   /* the caller asked for something meaningless */
	FOLIO_ENOSPACE = -6, /* the disk (or quota) is full: a write failed, though
			      * neither the input nor the archive is at fault */
};

struct ferr {
	int code;
	char msg[512];
};

#define FERR_INIT { 0, "" }

/* Record code and a printf-style message in *e (if e is non-NULL).  Returns
 * code, so callers can write `return ferr_set(e, FOLIO_EINPUT, "...")`. */
int ferr_set(struct ferr *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the message already in *e with "prefix: ". */
void ferr_prefix(struct ferr *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* Room for element n of an array of n elements that only ever grows one at
 * a time through this function: capacity doubles at powers of two, so
 * appending n elements costs O(n), not O(n^2) of copying.  p may be NULL
 * when n is 0. */
void *xgrow(void *p, size_t n, size_t elem);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Read a whole file into a new buffer (NUL-terminated for convenience, the
 * terminator not counted in *len).  Caller frees *out.  Fails with
 * FOLIO_EIO and a message naming the reason (not the path). */
int read_file(const char *path, unsigned char **out, size_t *len, struct ferr *e);

/* The same, reading at most max bytes: a longer file or an endless stream
 * (/dev/zero) fails with FOLIO_EINPUT "larger than ..." once past max. */
int read_file_max(const char *path, size_t max, unsigned char **out, size_t *len,
		  struct ferr *e);

/* Write all of data[0..len) to fd, going on after EINTR and short writes.
 * 0, or -1 with errno set (EIO when write() wrote nothing). */
int write_fd_all(int fd, const void *data, size_t len);

/* mkdir -p: path and every directory above it, as needed.  Fails with
 * FOLIO_EIO naming the directory that could not be made or that is not a
 * directory. */
int make_dirs(const char *path, struct ferr *e);

/* The current time as an ISO 8601 UTC string "2019-01-29T07:42:00Z". */
void now_iso8601(char out[32]);

/* Seconds since the epoch of an ISO 8601 UTC time "YYYY-MM-DDTHH:MM:SSZ"
 * (as now_iso8601 writes it); 0 for NULL or another form. */
long long iso8601_epoch(const char *iso);

/* SOURCE_DATE_EPOCH (reproducible-builds.org), if set to a whole number of
 * seconds, as an ISO 8601 UTC time in out: true; false (out untouched) if
 * unset or not such a number.  For outputs that must be byte-identical
 * when made again (editions, snapshots), never for the archive's own
 * record of when things happened. */
bool source_date_iso8601(char out[32]);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
