/* ingest.c - `folio ingest`: files and directories into the archive. */
#include "cmd.h"
#include "../encoding.h"
#include "../read/dates.h"
#include "../read/ingest.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Articles share a commit until there are this many, or this much time has
 * passed: one commit per article would make ingest several times slower
 * (every commit flushes the search index to a new segment), while a
 * bounded batch keeps the write lock short for other writers (their busy
 * timeout is 10 s) and loses at most two seconds' work to a crash (a rerun
 * redoes it).  Measured at 100,000 articles: 2,000 / 1 s took 53.4 s,
 * 4,000 / 2 s (with FTS5 automerge 16) 48.5 s. */
#define BATCH_ARTICLES 4000
#define BATCH_SECONDS 2.0

enum outcome { OUT_NEW, OUT_REVISED, OUT_DUPLICATE, OUT_SKIPPED, OUT_FAILED, OUT_COUNT };
static const char *const outcome_names[] = { "new", "revised", "duplicate", "skipped", "failed" };

/* One input's result, held until its batch is committed. */
struct entry {
	char *path;
	enum outcome outcome;
	const char *encoding; /* static */
	long long article_id;
	int revision;
	bool lossy;
	char *reason;
};

struct ingest_run {
	struct archive *a;
	struct ingest_options opt;
	int verbose;         /* 0 quiet: summary only; 1 notable files; 2 every file */
	FILE *report;        /* --report: one JSON line per input, or NULL */
	long long counts[OUT_COUNT];
	struct entry *pending; /* the open batch's inputs, in order */
	size_t npending, cap;
	bool in_batch;
	double batch_start;
	bool archive_error;
	bool disk_full; /* stopped: the disk is full */
	/* progress on a terminal */
	bool progress;
	long long total, done;
	double started, last_progress;
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

static void report_line(struct ingest_run *run, const struct entry *en)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\"path\":");
	buf_add_json_string(&b, en->path);
	buf_addf(&b, ",\"status\":\"%s\",\"encoding\":", outcome_names[en->outcome]);
	buf_add_json_string(&b, en->encoding);
	if (en->article_id)
		buf_addf(&b, ",\"id\":%lld,\"revision\":%d", en->article_id, en->revision);
	else
		buf_adds(&b, ",\"id\":null,\"revision\":null");
	buf_addf(&b, ",\"lossy\":%s,\"reason\":", en->lossy ? "true" : "false");
	buf_add_json_string(&b, en->reason);
	buf_adds(&b, "}\n");
	fputs(b.data, run->report);
	buf_release(&b);
}

/* Settle the open batch: commit it, then report each of its inputs.  If the
 * commit fails, every input that was to be stored is reported failed. */
static void settle_batch(struct ingest_run *run)
{
	struct ferr e = FERR_INIT;
	int cerr = archive_batch_commit(run->a, &e);
	bool failed = cerr != 0;
	if (failed)
		*(cerr == FOLIO_ENOSPACE ? &run->disk_full : &run->archive_error) = true;
	for (size_t i = 0; i < run->npending; i++) {
		struct entry *en = &run->pending[i];
		if (failed && en->outcome != OUT_FAILED && en->outcome != OUT_SKIPPED) {
			en->outcome = OUT_FAILED;
			free(en->reason);
			en->reason = xasprintf("not stored: %s", e.msg);
			cmd_error(en->path, "%s", en->reason);
		}
		run->counts[en->outcome]++;
		bool show = run->verbose > 1 || (run->verbose == 1 && en->outcome != OUT_NEW &&
						 en->outcome != OUT_FAILED);
		if (show && en->outcome != OUT_FAILED) {
			char *shown = cmd_display_name(en->path);
			printf("%-10s %s (", outcome_names[en->outcome], shown);
			free(shown);
			if (en->article_id)
				printf("article %lld", en->article_id);
			if (en->outcome == OUT_REVISED)
				printf(", revision %d", en->revision);
			if (en->reason)
				printf("%s%s", en->article_id ? ": " : "", en->reason);
			printf(")\n");
		}
		if (run->report)
			report_line(run, en);
		free(en->path);
		free(en->reason);
	}
	run->npending = 0;
	run->in_batch = false;
	if (run->report)
		fflush(run->report);
}

static void show_progress(struct ingest_run *run, bool final)
{
	double now = seconds_now();
	if (!run->progress || (!final && now - run->last_progress < 0.2))
		return;
	run->last_progress = now;
	double rate = run->done / (now - run->started > 1e-3 ? now - run->started : 1e-3);
	if (final) {
		fprintf(stderr, "\r\033[K");
		return;
	}
	fprintf(stderr, "\r\033[Kingest: %lld/%lld files, %.0f/s", run->done, run->total, rate);
	if (rate > 0 && run->total > run->done)
		fprintf(stderr, ", about %.0f s left", (run->total - run->done) / rate);
	fflush(stderr);
}

static struct entry *new_entry(struct ingest_run *run, const char *path)
{
	if (run->npending == run->cap) {
		run->cap = run->cap ? 2 * run->cap : 64;
		run->pending = xrealloc(run->pending, run->cap * sizeof(*run->pending));
	}
	struct entry *en = &run->pending[run->npending++];
	memset(en, 0, sizeof(*en));
	en->path = xstrdup(path);
	return en;
}

/* A directory entry the walk leaves out: reported as skipped, with why. */
static void skip_one(void *ctx, const char *path, const char *why)
{
	struct ingest_run *run = ctx;
	struct entry *en = new_entry(run, path);
	en->outcome = OUT_SKIPPED;
	en->reason = xstrdup(why);
}

static int ingest_one(void *ctx, const char *path, const struct ferr *walk_err)
{
	struct ingest_run *run = ctx;
	struct ingest_outcome out = { 0 };
	struct ferr e = FERR_INIT;

	if (interrupted)
		return 1;
	run->done++;
	show_progress(run, false);
	struct entry *en = new_entry(run, path);
	if (walk_err) {
		en->outcome = OUT_FAILED;
		en->reason = xstrdup(walk_err->msg);
		cmd_error(path, "%s", walk_err->msg);
		return 0;
	}
	if (!run->in_batch) {
		int berr = archive_batch_begin(run->a, &e);
		if (berr) {
			en->outcome = OUT_FAILED;
			en->reason = xstrdup(e.msg);
			cmd_error(path, "%s", e.msg);
			*(berr == FOLIO_ENOSPACE ? &run->disk_full : &run->archive_error) = true;
			return 1;
		}
		run->in_batch = true;
		run->batch_start = seconds_now();
	}
	int err = ingest_file(run->a, path, &run->opt, &out, &e);
	en->encoding = out.encoding;
	en->lossy = out.lossy;
	if (err) {
		en->outcome = OUT_FAILED;
		en->reason = xstrdup(e.msg);
		cmd_error(path, "%s", e.msg);
		if (err == FOLIO_EARCHIVE) {
			run->archive_error = true;
			return 1; /* the archive, not the file, failed: stop */
		}
		if (err == FOLIO_ENOSPACE) {
			run->disk_full = true;
			return 1; /* every further file would fail the same way */
		}
	} else {
		en->article_id = out.article_id;
		en->revision = out.revision;
		switch (out.status) {
		case INGEST_NEW: en->outcome = OUT_NEW; break;
		case INGEST_REVISED: en->outcome = OUT_REVISED; break;
		case INGEST_DUPLICATE: en->outcome = OUT_DUPLICATE; break;
		case INGEST_SKIPPED: en->outcome = OUT_SKIPPED; break;
		}
		if (out.why)
			en->reason = xstrdup(out.why);
	}
	if (run->npending >= BATCH_ARTICLES || seconds_now() - run->batch_start >= BATCH_SECONDS)
		settle_batch(run);
	return run->archive_error || run->disk_full ? 1 : 0;
}

static int count_file(void *ctx, const char *path, const struct ferr *err)
{
	(void)path;
	(void)err;
	(*(long long *)ctx)++;
	return 0;
}

int cmd_ingest(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "section", required_argument, NULL, 's' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "lossy", no_argument, NULL, 'L' },
		{ "cjk-punct", no_argument, NULL, 'P' },
		{ "date", required_argument, NULL, 'D' },
		{ "follow-symlinks", no_argument, NULL, 'S' },
		{ "report", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct ingest_run run = { .verbose = 1 };
	struct pubdate given_date;
	bool follow = false;
	const char *report_path = NULL;
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "f:s:e:r:vqh", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "auto") && strcmp(optarg, "markdown") && strcmp(optarg, "webtext") &&
			    strcmp(optarg, "html") && strcmp(optarg, "text"))
				return cmd_usage_error("ingest",
						       "unknown format '%s' (auto, markdown, webtext, html, text)",
						       optarg);
			run.opt.format = optarg;
			break;
		case 's': run.opt.section = optarg; break;
		case 'e':
			if (!encoding_supported(optarg))
				return cmd_usage_error("ingest", "unknown encoding '%s'", optarg);
			run.opt.encoding = optarg;
			break;
		case 'L': run.opt.lossy = true; break;
		case 'P': run.opt.cjk_punct = true; break;
		case 'S': follow = true; break;
		case 'D': {
			struct ferr de = FERR_INIT;
			if (date_parse(optarg, &given_date, &de))
				return cmd_usage_error("ingest", "--date '%s': %s", optarg, de.msg);
			run.opt.date = &given_date;
			break;
		}
		case 'r': report_path = optarg; break;
		case 'v': run.verbose = 2; break;
		case 'q': run.verbose = 0; break;
		case 'h': return cmd_help_for("ingest");
		default: return cmd_usage_error("ingest", "unknown option");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("ingest", "no files or directories given");
	if (report_path) {
		run.report = !strcmp(report_path, "-") ? stdout : fopen(report_path, "w");
		if (!run.report) {
			cmd_error(report_path, "cannot write the report: %s", strerror(errno));
			return EXIT_SOME_FAILED;
		}
	}
	if ((rc = cmd_open_archive(ctx, &run.a, OPEN_CREATE))) {
		if (run.report && run.report != stdout)
			fclose(run.report);
		return rc;
	}
	const char *const *paths = (const char *const *)argv + optind;
	int npaths = argc - optind;
	run.progress = isatty(STDERR_FILENO) && run.verbose < 2;
	if (run.progress)
		ingest_walk_links(paths, npaths, follow, count_file, NULL, &run.total);
	run.started = seconds_now();

	/* Ctrl-C or a polite kill: finish the current file, commit, stop. */
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	ingest_walk_links(paths, npaths, follow, ingest_one, skip_one, &run);
	settle_batch(&run);
	show_progress(&run, true);
	archive_close(run.a);
	free(run.pending);
	if (run.report && run.report != stdout && fclose(run.report) != 0)
		cmd_error(report_path, "cannot write the report: %s", strerror(errno));
	if (interrupted)
		cmd_error("ingest", "interrupted: what was committed is complete; run again to finish");
	printf("%lld new, %lld revised, %lld duplicate, %lld failed", run.counts[OUT_NEW],
	       run.counts[OUT_REVISED], run.counts[OUT_DUPLICATE], run.counts[OUT_FAILED]);
	if (run.counts[OUT_SKIPPED])
		printf(", %lld skipped", run.counts[OUT_SKIPPED]);
	printf("\n");
	if (run.disk_full)
		cmd_error("ingest", "the disk is full: stopped there; what was committed is complete, "
			  "the files after it were not tried");
	if (run.archive_error)
		return EXIT_ARCHIVE;
	return run.counts[OUT_FAILED] || interrupted ? EXIT_SOME_FAILED : EXIT_OK;
}
