/* search.c - `folio search`: ranked full-text search with snippets. */
#include "cmd.h"
#include "../search.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static int search_main(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "limit", required_argument, NULL, 'n' },
		{ "offset", required_argument, NULL, 'O' },
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "month", required_argument, NULL, 'm' },
		{ "section", required_argument, NULL, 's' },
		{ "author", required_argument, NULL, 'a' },
		{ "source", required_argument, NULL, 'S' },
		{ "held", no_argument, NULL, 'H' },
		{ "revised", no_argument, NULL, 'R' },
		{ "sort", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct search_out o = { 0 };
	struct search_info info;
	struct search_request rq = { 0 };
	struct search_query sq;
	struct archive *a;
	struct ferr e = FERR_INIT;
	long v;
	int c, rc;
	char *end;
	rq.limit = 20;
	optind = 0;
	while ((c = getopt_long(argc, argv, "n:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
		case 'O':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (c == 'n' && (errno || *end || v < 1 || v > 1000))
				return cmd_usage_error("search", "--limit wants a number from 1 to 1000");
			if (c == 'O' && (errno || *end || v < 0 || v > 1000000))
				return cmd_usage_error("search", "--offset wants a number from 0");
			*(c == 'n' ? &rq.limit : &rq.offset) = (int)v;
			break;
		case 'F':
		case 'T':
			if (!valid_date_arg(optarg, false))
				return cmd_usage_error("search", "--%s wants a date YYYY-MM-DD, not '%s'",
						       c == 'F' ? "from" : "to", optarg);
			*(c == 'F' ? &rq.sel.from : &rq.sel.to) = optarg;
			break;
		case 'm':
			if (!valid_date_arg(optarg, true))
				return cmd_usage_error("search", "--month wants YYYY-MM, not '%s'", optarg);
			rq.sel.month = optarg;
			break;
		case 's': rq.sel.section = optarg; break;
		case 'a': rq.author = optarg; break;
		case 'S': rq.source = optarg; break;
		case 'H': rq.held = true; break;
		case 'R': rq.revised = true; break;
		case 'o':
			if (!strcmp(optarg, "date"))
				rq.by_date = true;
			else if (strcmp(optarg, "rank"))
				return cmd_usage_error("search", "--sort wants rank or date, not '%s'", optarg);
			break;
		case 'j': o.json = true; break;
		case 'h': return cmd_help_for("search");
		default: return cmd_option_error("search", argv, opts);
		}
	}
	if (optind >= argc)
		return cmd_usage_error("search", "no query given");
	/* Several arguments are one query: folio search 鄞州 党建 */
	struct buf q = BUF_INIT;
	for (int i = optind; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			continue; /* cmd_search's: the words after it are the query's */
		if (q.len)
			buf_addc(&q, ' ');
		buf_adds(&q, argv[i]);
	}
	rc = searchquery_parse(q.data, &sq, &e);
	buf_release(&q);
	if (rc)
		return cmd_usage_error("search", "%s", e.msg);
	rq.q = &sq;
	if ((rc = cmd_open_archive(ctx, &a, OPEN_READ))) {
		searchquery_release(&sq);
		return rc;
	}
	rc = search_run(a, &rq, print_hit, &o, &info, &e);
	archive_close(a);
	searchquery_release(&sq);
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

int cmd_search(int argc, char **argv, struct folio_ctx *ctx)
{
	/* An exclusion (-广告, -app) is part of the query, not an option:
	 * what starts with one '-' and is not -n, -j or -h goes after a "--",
	 * in order, so that getopt leaves it to the query; so does what
	 * follows the user's own "--". */
	char **args = xcalloc((size_t)argc + 2, sizeof(*args)); // NOLINT(bugprone-sizeof-expression): an array of pointers
	char **words = xcalloc((size_t)argc + 1, sizeof(*words)); // NOLINT(bugprone-sizeof-expression): an array of pointers
	int nargs = 0, nwords = 0;
	bool rest = false;
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];
		if (i > 0 && !rest && !strcmp(s, "--")) {
			rest = true;
			continue;
		}
		if (i > 0 && (rest || (s[0] == '-' && s[1] && s[1] != '-' && !strchr("njh", s[1]))))
			words[nwords++] = argv[i];
		else
			args[nargs++] = argv[i];
	}
	args[nargs++] = "--";
	for (int i = 0; i < nwords; i++)
		args[nargs++] = words[i];
	free(words);
	int rc = search_main(nargs, args, ctx);
	free(args);
	return rc;
}
