/*
 * search_bench.c - search latency, folio's index beside a baseline.
 *
 * usage: search_bench FOLIO_ARCHIVE BASELINE_DB QUERY...
 *
 * For each query: the median and 95th percentile of `runs` top-20 ranked
 * searches with snippets through folio's library, and the same query
 * through the baseline's FTS5 trigram table (bm25 + snippet(); queries under
 * three characters cannot use a trigram index and fall back to LIKE, as a
 * user of that baseline would have to).
 */
#define _POSIX_C_SOURCE 200809L
#include "archive.h"
#include "search.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct counter {
	int n;
};

static int count_hit(void *ctx, const struct record *r)
{
	struct counter *c = ctx;
	(void)r;
	c->n++;
	return 0;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

#define RUNS 21

int main(int argc, char **argv)
{
	struct archive *a;
	struct ferr e = FERR_INIT;
	sqlite3 *base = NULL;
	if (argc < 4) {
		fprintf(stderr, "usage: search_bench ARCHIVE BASELINE_DB QUERY...\n");
		return 2;
	}
	if (archive_open(argv[1], 10000, &a, &e)) {
		fprintf(stderr, "search_bench: %s\n", e.msg);
		return 1;
	}
	if (sqlite3_open_v2(argv[2], &base, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "search_bench: %s: cannot open\n", argv[2]);
		return 1;
	}
	printf("| query | folio hits | folio median ms | folio p95 ms | ranked | baseline hits | baseline median ms | baseline p95 ms |\n");
	printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
	for (int q = 3; q < argc; q++) {
		double t[RUNS], b[RUNS];
		struct counter c = { 0 };
		struct search_info info;
		int bhits = 0;
		for (int i = 0; i < RUNS; i++) {
			c.n = 0;
			double t0 = now_ms();
			/* Parsing is part of a search's cost. */
			struct search_query sq;
			struct search_request rq = { 0 };
			if (searchquery_parse(argv[q], &sq, &e) == 0) {
				rq.q = &sq;
				rq.limit = 20;
				search_run(a, &rq, count_hit, &c, &info, &e);
				searchquery_release(&sq);
			}
			t[i] = now_ms() - t0;
		}
		bool trigram = utf8_chars(argv[q]) >= 3;
		const char *sql = trigram
			? "SELECT rowid, snippet(base_fts, 1, '[', ']', '…', 16) FROM base_fts "
			  "WHERE base_fts MATCH ?1 ORDER BY rank LIMIT 20"
			: "SELECT rowid, substr(body, 1, 64) FROM base WHERE title LIKE '%' || ?1 || '%' "
			  "OR body LIKE '%' || ?1 || '%' LIMIT 20";
		sqlite3_stmt *st;
		sqlite3_prepare_v2(base, sql, -1, &st, NULL);
		char *quoted = NULL;
		for (int i = 0; i < RUNS; i++) {
			bhits = 0;
			double t0 = now_ms();
			sqlite3_reset(st);
			free(quoted);
			quoted = malloc(strlen(argv[q]) + 3);
			sprintf(quoted, "\"%s\"", argv[q]);
			sqlite3_bind_text(st, 1, trigram ? quoted : argv[q], -1, SQLITE_TRANSIENT);
			while (sqlite3_step(st) == SQLITE_ROW)
				bhits++;
			b[i] = now_ms() - t0;
		}
		free(quoted);
		sqlite3_finalize(st);
		qsort(t, RUNS, sizeof(double), cmp_double);
		qsort(b, RUNS, sizeof(double), cmp_double);
		printf("| %s | %d | %.2f | %.2f | %s%lld | %d | %.2f | %.2f |\n", argv[q], c.n, t[RUNS / 2],
		       t[RUNS * 95 / 100], info.capped ? "newest " : "all ", info.ranked, bhits,
		       b[RUNS / 2], b[RUNS * 95 / 100]);
	}
	sqlite3_close(base);
	archive_close(a);
	return 0;
}
