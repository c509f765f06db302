/* hold.c - `folio hold`, `folio release`: legal holds on articles. */
#include "cmd.h"
#include "../select.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_hold(void *ctx, const struct hold_info *h)
{
	(void)ctx;
	printf("hold %lld  %s  %s  %lld article%s (%s)  %s\n", h->id, h->created,
	       h->released ? "released" : "IN FORCE", h->articles, h->articles == 1 ? "" : "s",
	       h->article_ids ? h->article_ids : "", h->reason);
	if (h->released)
		printf("        released %s: %s\n", h->released,
		       h->release_reason ? h->release_reason : "");
}

int cmd_hold(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		SELECTION_OPTIONS,
		{ "reason", required_argument, NULL, 'r' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct article_query q = { 0 };
	const char *reason = NULL;
	bool list = false;
	struct archive *a;
	struct ferr e = FERR_INIT;
	int c, rc = EXIT_OK;
	optind = 0;
	while ((c = getopt_long(argc, argv, "r:lh", opts, NULL)) != -1) {
		int s = selection_option("hold", c, optarg, &q);
		if (s < 0) {
			free((void *)q.ids);
			return EXIT_USAGE;
		}
		if (s)
			continue;
		switch (c) {
		case 'r': reason = optarg; break;
		case 'l': list = true; break;
		case 'h': free((void *)q.ids); return cmd_help_for("hold");
		default: free((void *)q.ids); return cmd_option_error("hold", argv, opts);
		}
	}
	/* Article ids may also be given as arguments. */
	if (selection_ids_from_args("hold", argc, argv, optind, &q)) {
		free((void *)q.ids);
		return EXIT_USAGE;
	}
	long long *ids = (long long *)q.ids;
	if (!list && !article_query_given(&q))
		rc = cmd_usage_error("hold", "name the articles: IDs or --month, --from/--to, --section, --query, --ids");
	else if (!list && (!reason || !*reason))
		rc = cmd_usage_error("hold", "a hold needs --reason");
	if (rc) {
		free(ids);
		return rc;
	}
	if ((rc = cmd_open_archive(ctx, &a, OPEN_WRITE))) {
		free(ids);
		return rc;
	}
	if (list) {
		rc = archive_holds(a, print_hold, NULL, &e);
	} else {
		long long *sel = NULL, hold;
		size_t n = 0;
		rc = select_articles(a, &q, &sel, &n, &e);
		if (!rc && n == 0)
			rc = ferr_set(&e, FOLIO_ENOTFOUND, "no articles in that selection");
		if (!rc) {
			char *desc = article_query_describe(&q);
			rc = archive_hold(a, sel, n, desc, reason, &hold, &e);
			free(desc);
		}
		if (!rc)
			printf("hold %lld: %zu article%s held: %s\n", hold, n, n == 1 ? "" : "s", reason);
		free(sel);
	}
	archive_close(a);
	free(ids);
	if (rc) {
		cmd_error("hold", "%s", e.msg);
		return cmd_exit_status(rc);
	}
	return EXIT_OK;
}

int cmd_release(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *reason = NULL;
	struct archive *a;
	struct ferr e = FERR_INIT;
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 'h': return cmd_help_for("release");
		default: return cmd_option_error("release", argv, opts);
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error("release", "give one hold id");
	char *end;
	errno = 0;
	long long id = strtoll(argv[optind], &end, 10);
	if (errno || *end || id <= 0)
		return cmd_usage_error("release", "'%s' is not a hold id", argv[optind]);
	if (!reason || !*reason)
		return cmd_usage_error("release", "a release needs --reason");
	if ((rc = cmd_open_archive(ctx, &a, OPEN_WRITE)))
		return rc;
	rc = archive_release(a, id, reason, &e);
	archive_close(a);
	if (rc) {
		cmd_error("release", "%s", e.msg);
		return cmd_exit_status(rc);
	}
	printf("hold %lld released: %s\n", id, reason);
	return EXIT_OK;
}
