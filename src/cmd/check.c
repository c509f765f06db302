/* check.c - `folio check`: database integrity and every original re-hashed. */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>

static void report(void *ctx, const char *subject, const char *message)
{
	cmd_progress_end(ctx); /* the problem on a line of its own */
	cmd_error(subject, "%s", message);
}

static void progress(void *ctx, const char *step, long long done, long long total)
{
	cmd_progress_show(ctx, step, (unsigned long long)done, (unsigned long long)total, false);
}

int cmd_check(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0, 0, 0, 0 } };
	struct archive *a;
	struct ferr e = FERR_INIT;
	long long problems = 0, originals = 0, articles = 0, revisions = 0, n_orig = 0;
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help_for("check");
		return cmd_option_error("check", argv, opts);
	}
	if (optind < argc)
		return cmd_usage_error("check", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_open_archive(ctx, &a, OPEN_READ)))
		return rc;
	/* On a terminal, how far it is: 15,000 articles take many seconds. */
	struct cmd_progress pl;
	cmd_progress_init(&pl, "check");
	archive_set_progress(a, progress, &pl);
	long long images = 0;
	rc = archive_check(a, report, &pl, &problems, &originals, &images, &e);
	cmd_progress_end(&pl);
	if (!rc)
		rc = archive_counts(a, &articles, &revisions, &n_orig, &e);
	archive_close(a);
	if (rc) {
		cmd_error(ctx->archive_path, "%s", e.msg);
		return EXIT_ARCHIVE;
	}
	printf("%s: %lld articles, %lld earlier revisions, %lld originals ", ctx->archive_path,
	       articles, revisions, originals);
	if (images)
		printf("and %lld image%s ", images, images == 1 ? "" : "s");
	printf("re-hashed: %s\n", problems ? "PROBLEMS FOUND" : "ok");
	return problems ? EXIT_SOME_FAILED : EXIT_OK;
}
