/* search.c - `folio search`: ranked full-text search with snippets. */
#include "cmd.h"
#include "../search.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

struct search_out {
	bool json;
	int n;
};

static int print_hit(void *ctx, const struct record *r)
{
	struct search_out *o = ctx;
	o->n++;
	if (o->json) {
		struct buf b = BUF_INIT;
		record_json(&b, r, true);
		puts(b.data);
		buf_release(&b);
	} else {
		printf("%6lld  %-10.10s  %s\n        %s\n", r->id, r->published ? r->published : "-",
		       r->title, r->snippet ? r->snippet : "");
	}
	return 0;
}

int cmd_search(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct search_out o = { 0 };
	struct search_info info;
	struct archive *a;
	struct ferr e = FERR_INIT;
	long limit = 20;
	int c, rc;
	char *end;
	optind = 0;
	while ((c = getopt_long(argc, argv, "n:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			errno = 0;
			limit = strtol(optarg, &end, 10);
			if (errno || *end || limit < 1 || limit > 1000)
				return cmd_usage_error("search", "--limit wants a number from 1 to 1000");
			break;
		case 'j': o.json = true; break;
		case 'h': return cmd_help_for("search");
		default: return cmd_usage_error("search", "unknown option");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("search", "no query given");
	/* Several arguments are one query: folio search 鄞州 党建 */
	struct buf q = BUF_INIT;
	for (int i = optind; i < argc; i++) {
		if (i > optind)
			buf_addc(&q, ' ');
		buf_adds(&q, argv[i]);
	}
	if (!archive_query_searchable(q.data)) {
		buf_release(&q);
		return cmd_usage_error("search", "query has no searchable words");
	}
	if ((rc = cmd_open_archive(ctx, &a, OPEN_READ))) {
		buf_release(&q);
		return rc;
	}
	rc = search_run(a, q.data, (int)limit, print_hit, &o, &info, &e);
	archive_close(a);
	buf_release(&q);
	if (rc) {
		if (rc == FOLIO_EUSAGE)
			return cmd_usage_error("search", "%s", e.msg);
		cmd_error("search", "%s", e.msg);
		return cmd_exit_status(rc);
	}
	if (!o.json && info.capped)
		fprintf(stderr,
			"folio: search: more than %lld articles match; ranked the newest %lld\n",
			info.ranked, info.ranked);
	if (o.n == 0) {
		if (!o.json)
			fprintf(stderr, "folio: search: nothing found\n");
		return EXIT_SOME_FAILED;
	}
	return EXIT_OK;
}
