/* util.c - allocation, error records, whole-file reads and timestamps. */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* timegm */
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int ferr_set(struct ferr *e, int code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
		e->code = code;
	}
	return code;
}

void ferr_prefix(struct ferr *e, const char *fmt, ...)
{
	char prefix[256], old[sizeof(e->msg)];
	va_list ap;
	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	size_t np = strlen(prefix), no = strlen(old), cap = sizeof(e->msg) - 1, k = 0;
	for (size_t i = 0; i < np && k < cap; i++)
		e->msg[k++] = prefix[i];
	for (size_t i = 0; i < 2 && k < cap; i++)
		e->msg[k++] = ": "[i];
	for (size_t i = 0; i < no && k < cap; i++)
		e->msg[k++] = old[i];
	e->msg[k] = '\0';
}

static void oom(size_t n)
{
	fprintf(stderr, "folio: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		oom(count * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *xgrow(void *p, size_t n, size_t elem)
{
	if (n == 0)
		return xrealloc(p, 8 * elem);
	if (n >= 8 && (n & (n - 1)) == 0)
		return xrealloc(p, 2 * n * elem);
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char *p;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

int make_dirs(const char *path, struct ferr *e)
{
	char *p = xstrdup(path);
	int err = 0;
	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s)
			continue;
		char saved = *s;
		*s = '\0';
		struct stat st;
		if (mkdir(p, 0777) && errno != EEXIST) {
			err = ferr_set(e, FOLIO_EIO, "cannot create directory %s: %s", p, strerror(errno));
			break;
		}
		if (stat(p, &st) || !S_ISDIR(st.st_mode)) {
			err = ferr_set(e, FOLIO_EIO, "%s is not a directory", p);
			break;
		}
		*s = saved;
		if (!saved)
			break;
	}
	free(p);
	return err;
}

int read_file(const char *path, unsigned char **out, size_t *len, struct ferr *e)
{
	return read_file_max(path, SIZE_MAX - 1, out, len, e);
}

int write_fd_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int read_file_max(const char *path, size_t max, unsigned char **out, size_t *len,
		  struct ferr *e)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t cap = 0, n = 0;
	struct stat st;

	*out = NULL;
	*len = 0;
	if (!f)
		return ferr_set(e, FOLIO_EIO, "cannot open: %s", strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return ferr_set(e, FOLIO_EIO, "is a directory");
	}
	/* Room for the whole file and a little more, so that reaching its
	 * end does not double the buffer. */
	cap = (st.st_size > 0 && (size_t)st.st_size <= max ? (size_t)st.st_size : 4096) + 4097;
	data = xmalloc(cap);
	for (;;) {
		size_t got;
		if (n > max) {
			fclose(f);
			free(data);
			return ferr_set(e, FOLIO_EINPUT, "larger than %zu MB: not read", max / 1000000);
		}
		if (n + 1 >= cap) {
			cap *= 2;
			data = xrealloc(data, cap);
		}
		got = fread(data + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int saved = errno;
		fclose(f);
		free(data);
		return ferr_set(e, FOLIO_EIO, "read error: %s", strerror(saved));
	}
	fclose(f);
	data[n] = '\0';
	*out = data;
	*len = n;
	return 0;
}

bool source_date_iso8601(char out[32])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	if (!sde || !*sde)
		return false;
	errno = 0;
	long long v = strtoll(sde, &end, 10);
	if (*end || errno || v < 0)
		return false;
	time_t t = (time_t)v;
	struct tm tm;
	if (!gmtime_r(&t, &tm))
		return false;
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return true;
}

long long iso8601_epoch(const char *iso)
{
	struct tm tm = { 0 };
	if (!iso || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
			   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

void now_iso8601(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
