/* ingest.c - `folio ingest`: files and directories into the archive. */
#include "cmd.h"
#include "../read/ingest.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* Articles share a commit until there are this many, or this much time has
 * passed: one commit per article would make ingest several times slower
 * (every commit flushes the search index), while a bounded batch keeps the
 * write lock short for other writers and loses little to a crash. */
#define BATCH_ARTICLES 500
#define BATCH_SECONDS 0.5

struct counts {
	long long n_new, n_revised, n_duplicate, n_skipped, n_failed;
};

struct ingest_run {
	struct archive *a;
	struct ingest_options opt;
	int verbose; /* 0 quiet: summary only; 1 notable files; 2 every file */
	struct counts done;    /* committed */
	struct counts pending; /* stored in the open batch, not yet committed */
	struct buf pending_lines; /* their report lines, printed after the commit */
	struct buf pending_paths; /* NUL-separated, to name them if the commit fails */
	long long n_pending;
	double batch_start;
	int archive_error;
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add_counts(struct counts *to, const struct counts *from)
{
	to->n_new += from->n_new;
	to->n_revised += from->n_revised;
	to->n_duplicate += from->n_duplicate;
	to->n_skipped += from->n_skipped;
	to->n_failed += from->n_failed;
}

/* Commit the open batch; only then are its articles reported as stored. */
static int commit_batch(struct ingest_run *run)
{
	struct ferr e = FERR_INIT;
	int err = archive_batch_commit(run->a, &e);
	if (err) {
		for (const char *p = run->pending_paths.data;
		     p < run->pending_paths.data + run->pending_paths.len; p += strlen(p) + 1)
			cmd_error(p, "not stored: %s", e.msg);
		run->done.n_failed += run->n_pending;
		run->archive_error = 1;
	} else {
		fputs(run->pending_lines.data, stdout);
		add_counts(&run->done, &run->pending);
	}
	memset(&run->pending, 0, sizeof(run->pending));
	buf_reset(&run->pending_lines);
	buf_reset(&run->pending_paths);
	run->n_pending = 0;
	return err;
}

static int ingest_one(void *ctx, const char *path, const struct ferr *walk_err)
{
	struct ingest_run *run = ctx;
	struct ingest_outcome out;
	struct ferr e = FERR_INIT;
	struct counts *c = &run->pending;

	if (interrupted)
		return 1;
	if (walk_err) {
		cmd_error(path, "%s", walk_err->msg);
		run->done.n_failed++;
		return 0;
	}
	if (run->n_pending == 0) {
		if (archive_batch_begin(run->a, &e)) {
			cmd_error(path, "%s", e.msg);
			run->done.n_failed++;
			run->archive_error = 1;
			return 1;
		}
		run->batch_start = seconds_now();
	}
	int err = ingest_file(run->a, path, &run->opt, &out, &e);
	if (err == FOLIO_EARCHIVE) {
		cmd_error(path, "%s", e.msg);
		run->done.n_failed++;
		run->archive_error = 1;
		return 1; /* the archive, not the file, failed: stop */
	}
	if (err) {
		cmd_error(path, "%s", e.msg);
		run->done.n_failed++;
	} else {
		struct buf *l = &run->pending_lines;
		switch (out.status) {
		case INGEST_NEW:
			c->n_new++;
			if (run->verbose > 1)
				buf_addf(l, "new        %s (article %lld)\n", path, out.article_id);
			break;
		case INGEST_REVISED:
			c->n_revised++;
			if (run->verbose)
				buf_addf(l, "revised    %s (article %lld, revision %d)\n", path,
					 out.article_id, out.revision);
			break;
		case INGEST_DUPLICATE:
			c->n_duplicate++;
			if (run->verbose)
				buf_addf(l, "duplicate  %s (article %lld: %s)\n", path, out.article_id,
					 out.why);
			break;
		case INGEST_SKIPPED:
			c->n_skipped++;
			if (run->verbose)
				buf_addf(l, "skipped    %s (%s)\n", path, out.why);
			break;
		}
	}
	buf_adds(&run->pending_paths, path);
	buf_addc(&run->pending_paths, '\0');
	run->n_pending++;
	if (run->n_pending >= BATCH_ARTICLES || seconds_now() - run->batch_start >= BATCH_SECONDS)
		if (commit_batch(run))
			return 1;
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
	struct ingest_run run = { .verbose = 1, .pending_lines = BUF_INIT, .pending_paths = BUF_INIT };
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
	/* Ctrl-C or a polite kill: finish the current file, commit, stop. */
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	ingest_walk((const char *const *)argv + optind, argc - optind, ingest_one, &run);
	if (run.n_pending)
		commit_batch(&run);
	archive_close(run.a);
	buf_release(&run.pending_lines);
	buf_release(&run.pending_paths);
	if (interrupted)
		cmd_error("ingest", "interrupted: what was committed is complete; run again to finish");
	printf("%lld new, %lld revised, %lld duplicate, %lld failed", run.done.n_new,
	       run.done.n_revised, run.done.n_duplicate, run.done.n_failed);
	if (run.done.n_skipped)
		printf(", %lld skipped", run.done.n_skipped);
	printf("\n");
	if (run.archive_error)
		return EXIT_ARCHIVE;
	return run.done.n_failed || interrupted ? EXIT_SOME_FAILED : EXIT_OK;
}
