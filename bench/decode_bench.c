/*
 * decode_bench.c - decoding throughput of folio's decode_to_utf8().
 *
 * usage: decode_bench FILE [RUNS [BASELINE_SECONDS]]
 *
 * Decodes FILE RUNS times (default 5) and prints markdown table rows
 * "| decoder | seconds | MB/s | × baseline |" with the median run: once
 * with detection (what ingest does: UTF-8 check, uchardet on the Han-rich
 * part, then the GB18030 decoder) and once with the encoding given.  With
 * BASELINE_SECONDS (iconv(1) on the same bytes, timed by bench/run) the
 * last column is folio's time over the baseline's.
 */
#define _POSIX_C_SOURCE 200809L
#include "encoding.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

#define MAX_RUNS 101

/* Median seconds of runs decodes; 0 on error. */
static double time_decode(const unsigned char *data, size_t len, const char *forced, int runs,
			  const char **encoding)
{
	double t[MAX_RUNS];
	struct buf out = BUF_INIT;
	for (int i = 0; i < runs; i++) {
		struct decode_options opt = { forced, false, false };
		struct decoded how;
		struct ferr e = FERR_INIT;
		buf_reset(&out);
		double t0 = now_s();
		if (decode_to_utf8(data, len, &opt, &out, &how, &e)) {
			fprintf(stderr, "decode_bench: %s\n", e.msg);
			buf_release(&out);
			return 0;
		}
		t[i] = now_s() - t0;
		*encoding = how.encoding;
	}
	buf_release(&out);
	qsort(t, (size_t)runs, sizeof(double), cmp_double);
	return t[runs / 2];
}

int main(int argc, char **argv)
{
	unsigned char *data;
	size_t len;
	struct ferr e = FERR_INIT;
	int runs = argc > 2 ? atoi(argv[2]) : 5;
	double baseline = argc > 3 ? atof(argv[3]) : 0;
	const char *enc = "?";

	if (argc < 2 || runs < 1 || runs > MAX_RUNS) {
		fprintf(stderr, "usage: decode_bench FILE [RUNS [BASELINE_SECONDS]]\n");
		return 2;
	}
	if (read_file(argv[1], &data, &len, &e)) {
		fprintf(stderr, "decode_bench: %s: %s\n", argv[1], e.msg);
		return 1;
	}
	struct {
		const char *label, *forced;
	} modes[] = {
		{ "**folio decode_to_utf8**, detected", NULL },
		{ "folio decode_to_utf8, --encoding gb18030", "gb18030" },
	};
	for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
		double s = time_decode(data, len, modes[m].forced, runs, &enc);
		if (s <= 0) {
			free(data);
			return 1;
		}
		printf("| %s (as %s) | %.3f | %.0f |", modes[m].label, enc, s, (double)len / s / 1e6);
		if (baseline > 0)
			printf(" %.2f |\n", s / baseline);
		else
			printf(" – |\n");
	}
	free(data);
	return 0;
}
