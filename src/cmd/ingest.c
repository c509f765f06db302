/* ingest.c - `folio ingest`: files and directories into the archive. */
#include "cmd.h"
#include "../read/ingest.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

struct ingest_run {
	struct archive *a;
	struct ingest_options opt;
	int verbose; /* 0 quiet: summary only; 1 notable files; 2 every file */
	long long n_new, n_revised, n_duplicate, n_skipped, n_failed;
	int archive_error;
};

static int ingest_one(void *ctx, const char *path, const struct ferr *walk_err)
{
	struct ingest_run *run = ctx;
	struct ingest_outcome out;
	struct ferr e = FERR_INIT;

	if (walk_err) {
		cmd_error(path, "%s", walk_err->msg);
		run->n_failed++;
		return 0;
	}
	int err = ingest_file(run->a, path, &run->opt, &out, &e);
	if (err == FOLIO_EARCHIVE) {
		cmd_error(path, "%s", e.msg);
		run->n_failed++;
		run->archive_error = 1;
		return 1; /* the archive, not the file, failed: stop */
	}
	if (err) {
		cmd_error(path, "%s", e.msg);
		run->n_failed++;
		return 0;
	}
	switch (out.status) {
	case INGEST_NEW:
		run->n_new++;
		if (run->verbose > 1)
			printf("new        %s (article %lld)\n", path, out.article_id);
		break;
	case INGEST_REVISED:
		run->n_revised++;
		if (run->verbose)
			printf("revised    %s (article %lld, revision %d)\n", path, out.article_id,
			       out.revision);
		break;
	case INGEST_DUPLICATE:
		run->n_duplicate++;
		if (run->verbose)
			printf("duplicate  %s (article %lld: %s)\n", path, out.article_id, out.why);
		break;
	case INGEST_SKIPPED:
		run->n_skipped++;
		if (run->verbose)
			printf("skipped    %s (%s)\n", path, out.why);
		break;
	}
	return 0;
}

int cmd_ingest(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "section", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct ingest_run run = { .verbose = 1 };
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "f:s:vqh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "auto") && strcmp(optarg, "markdown") && strcmp(optarg, "webtext"))
				return cmd_usage_error("ingest", "unknown format '%s' (auto, markdown, webtext)",
						       optarg);
			run.opt.format = optarg;
			break;
		case 's': run.opt.section = optarg; break;
		case 'v': run.verbose = 2; break;
		case 'q': run.verbose = 0; break;
		case 'h': return cmd_help_for("ingest");
		default: return cmd_usage_error("ingest", "unknown option");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("ingest", "no files or directories given");
	if ((rc = cmd_open_archive(ctx, &run.a)))
		return rc;
	ingest_walk((const char *const *)argv + optind, argc - optind, ingest_one, &run);
	archive_close(run.a);
	printf("%lld new, %lld revised, %lld duplicate, %lld failed", run.n_new, run.n_revised,
	       run.n_duplicate, run.n_failed);
	if (run.n_skipped)
		printf(", %lld skipped", run.n_skipped);
	printf("\n");
	if (run.archive_error)
		return EXIT_ARCHIVE;
	return run.n_failed ? EXIT_SOME_FAILED : EXIT_OK;
}
