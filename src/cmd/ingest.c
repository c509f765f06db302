/* ingest.c - `folio ingest`: files and directories into the archive. */
#include "cmd.h"
#include "../compress.h"
#include "../encoding.h"
#include "../read/dates.h"
#include "../read/ingest.h"

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* Reading, decoding, parsing and compressing an input (ingest_file_prepare)
 * runs on helper threads while this thread stores, in input order: the
 * archive is written by one thread only, and the results are the same as
 * one thread's.  The queue between them holds up to QUEUE_SLOTS inputs and
 * QUEUE_BYTES of their files, so that the helpers keep going while a batch
 * commits (most of the search-index work happens then) without holding
 * unbounded memory. */
#define QUEUE_SLOTS 2048
#define QUEUE_BYTES (48LL * 1000 * 1000)
#define MAX_HELPERS 8
#define DEFAULT_HELPERS 3

enum outcome { OUT_NEW, OUT_REVISED, OUT_DUPLICATE, OUT_SKIPPED, OUT_FAILED, OUT_COUNT };
static const char *const outcome_names[] = { "new", "revised", "duplicate", "skipped", "failed" };

/* One input in the queue. */
/* A cleared slot is EMPTY (its zero value): a helper whose turn comes to a
 * slot the store has already taken and cleared must find nothing to do in
 * it, never an input with no path. */
enum slot_state { SLOT_EMPTY, SLOT_QUEUED, SLOT_WORKING, SLOT_READY };
struct slot {
	enum slot_state state;
	char *path;
	long long bytes;               /* the file's size, counted against QUEUE_BYTES */
	bool walk_failed;              /* the walk could not reach it: walk_msg says why */
	char *walk_msg;
	const char *skip_why;          /* left out by the walk (static), or NULL */
	struct ingest_prepared *prep;  /* prepared, or NULL (failed or skipped) */
	struct ingest_outcome out;
	int err;
	struct ferr e;
};

struct queue {
	pthread_mutex_t mu;
	pthread_cond_t queued; /* for helpers: an input was queued, or stop */
	pthread_cond_t ready;  /* for the storing thread: an input is ready */
	pthread_cond_t room;   /* unused slots */
	struct slot *slots;    /* a ring of QUEUE_SLOTS */
	unsigned long long head, next, tail; /* next to store, to prepare, to fill */
	long long bytes;       /* of the inputs queued and not yet stored */
	bool stop;
	const struct ingest_options *opt;
	pthread_t helpers[MAX_HELPERS];
	int nhelpers;
};

/* One input's result, held until its batch is committed. */
struct entry {
	char *path;
	enum outcome outcome;
	const char *encoding; /* static */
	long long article_id;
	int revision;
	bool lossy;
	char *reason;
	char *images;   /* JSON array of the body's images, or NULL */
	int missing;    /* how many of them could not be kept */
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
	struct queue queue;
	/* progress on a terminal */
	bool progress;
	long long total, done;
	double started, last_progress;
};


static void prepare_slot(struct queue *q, struct slot *sl)
{
	sl->e = (struct ferr)FERR_INIT;
	sl->err = ingest_file_prepare(sl->path, q->opt, &sl->prep, &sl->out, &sl->e);
}

static void *helper_main(void *arg)
{
	struct queue *q = arg;
	pthread_mutex_lock(&q->mu);
	for (;;) {
		while (!q->stop && q->next == q->tail)
			pthread_cond_wait(&q->queued, &q->mu);
		if (q->stop)
			break;
		struct slot *sl = &q->slots[q->next++ % QUEUE_SLOTS];
		if (sl->state != SLOT_QUEUED)
			continue;
		sl->state = SLOT_WORKING;
		pthread_mutex_unlock(&q->mu);
		prepare_slot(q, sl);
		pthread_mutex_lock(&q->mu);
		sl->state = SLOT_READY;
		pthread_cond_signal(&q->ready);
	}
	pthread_mutex_unlock(&q->mu);
	compress_thread_done();
	return NULL;
}

/* jobs helper threads (--jobs), or by default one for each processor but
 * the one that stores, at most DEFAULT_HELPERS; with none (one processor,
 * or --jobs 0) inputs are prepared in turn by the storing thread. */
static void queue_start(struct queue *q, const struct ingest_options *opt, int jobs)
{
	memset(q, 0, sizeof(*q));
	q->opt = opt;
	q->slots = xcalloc(QUEUE_SLOTS, sizeof(*q->slots));
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->queued, NULL);
	pthread_cond_init(&q->ready, NULL);
	pthread_cond_init(&q->room, NULL);
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	int want = jobs >= 0	? jobs
		   : cpus > 1 ? (int)(cpus - 1 < DEFAULT_HELPERS ? cpus - 1 : DEFAULT_HELPERS)
			      : 0;
	/* Markup parsing (libxml2) sets itself up once, before any thread. */
	ingest_threads_init();
	for (int i = 0; i < want; i++) {
		if (pthread_create(&q->helpers[q->nhelpers], NULL, helper_main, q) != 0)
			break; /* fewer helpers: slower, the same results */
		q->nhelpers++;
	}
}

static void slot_clear(struct slot *sl)
{
	free(sl->path);
	free(sl->walk_msg);
	ingest_prepared_free(sl->prep);
	memset(sl, 0, sizeof(*sl));
}

/* Stop the helpers and drop what was queued and not stored: those inputs
 * were not tried, as when a run stops between files. */
static void queue_stop(struct queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->stop = true;
	pthread_cond_broadcast(&q->queued);
	pthread_mutex_unlock(&q->mu);
	for (int i = 0; i < q->nhelpers; i++)
		pthread_join(q->helpers[i], NULL);
	for (; q->head < q->tail; q->head++)
		slot_clear(&q->slots[q->head % QUEUE_SLOTS]);
	free(q->slots);
	pthread_mutex_destroy(&q->mu);
	pthread_cond_destroy(&q->queued);
	pthread_cond_destroy(&q->ready);
	pthread_cond_destroy(&q->room);
}

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

static bool failed_outcome(enum outcome o)
{
	return o == OUT_FAILED;
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
	if (en->images && !failed_outcome(en->outcome))
		buf_addf(&b, ",\"images\":%s", en->images);
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
		/* Images that could not be kept are said, not only reported. */
		if (en->missing && run->verbose && en->outcome != OUT_FAILED)
			cmd_error(en->path, "warning: %d image%s not kept (--report lists which and why)",
				 en->missing, en->missing == 1 ? "" : "s");
		if (run->report)
			report_line(run, en);
		free(en->path);
		free(en->reason);
		free(en->images);
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

/* Store one input taken from the queue, in input order, and account for
 * it.  Returns 1 when the run must stop. */
static int store_one(struct ingest_run *run, struct slot *sl)
{
	struct ingest_outcome out = sl->out;
	struct ferr e = FERR_INIT;
	const char *path = sl->path;

	struct entry *en = new_entry(run, path);
	if (sl->skip_why) {
		en->outcome = OUT_SKIPPED;
		en->reason = xstrdup(sl->skip_why);
		return 0;
	}
	run->done++;
	show_progress(run, false);
	if (sl->walk_failed) {
		en->outcome = OUT_FAILED;
		en->reason = xstrdup(sl->walk_msg);
		cmd_error(path, "%s", sl->walk_msg);
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
	int err = sl->err;
	if (!err && sl->prep)
		err = ingest_prepared_store(run->a, sl->prep, &out, &e);
	else if (err)
		e = sl->e;
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
		if (out.images) {
			en->images = xstrdup(out.images);
			for (const char *m = out.images; (m = strstr(m, "\"missing\":")); m++)
				en->missing++;
		}
	}
	if (run->npending >= BATCH_ARTICLES || seconds_now() - run->batch_start >= BATCH_SECONDS)
		settle_batch(run);
	return run->archive_error || run->disk_full ? 1 : 0;
}

/* Store the oldest queued input, waiting for it when wait is set (else
 * only if it is ready).  Returns 1 when the run must stop, -1 when there
 * was nothing to store, else 0. */
static int store_next(struct ingest_run *run, bool wait)
{
	struct queue *q = &run->queue;
	pthread_mutex_lock(&q->mu);
	if (q->head == q->tail) {
		pthread_mutex_unlock(&q->mu);
		return -1;
	}
	struct slot *sl = &q->slots[q->head % QUEUE_SLOTS];
	if (sl->state == SLOT_QUEUED && !q->nhelpers) {
		/* no helper threads: prepare it here */
		sl->state = SLOT_WORKING;
		pthread_mutex_unlock(&q->mu);
		prepare_slot(q, sl);
		pthread_mutex_lock(&q->mu);
		sl->state = SLOT_READY;
	}
	while (sl->state != SLOT_READY) {
		if (!wait) {
			pthread_mutex_unlock(&q->mu);
			return -1;
		}
		pthread_cond_wait(&q->ready, &q->mu);
	}
	pthread_mutex_unlock(&q->mu);
	/* The helpers never touch a ready slot, nor the ring's head. */
	int stop = store_one(run, sl);
	pthread_mutex_lock(&q->mu);
	q->bytes -= sl->bytes;
	slot_clear(sl); /* under the lock: helpers read its state */
	q->head++;
	pthread_mutex_unlock(&q->mu);
	return stop;
}

/* Queue an input (a path to prepare, a walk failure or a skip), storing
 * older ones while the queue is full.  Returns 1 when the run must stop. */
static int enqueue(struct ingest_run *run, const char *path, const struct ferr *walk_err,
		   const char *skip_why)
{
	struct queue *q = &run->queue;
	long long bytes = 0;
	struct stat st;
	if (!walk_err && !skip_why && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		bytes = (long long)st.st_size;
	for (;;) {
		pthread_mutex_lock(&q->mu);
		bool full = q->tail - q->head >= QUEUE_SLOTS ||
			    (q->bytes + bytes > QUEUE_BYTES && q->head < q->tail);
		pthread_mutex_unlock(&q->mu);
		if (!full)
			break;
		int rc = store_next(run, true);
		if (rc > 0)
			return 1;
	}
	pthread_mutex_lock(&q->mu);
	struct slot *sl = &q->slots[q->tail % QUEUE_SLOTS];
	memset(sl, 0, sizeof(*sl));
	sl->path = xstrdup(path);
	sl->bytes = bytes;
	if (walk_err) {
		sl->walk_failed = true;
		sl->walk_msg = xstrdup(walk_err->msg);
		sl->state = SLOT_READY;
	} else if (skip_why) {
		sl->skip_why = skip_why;
		sl->state = SLOT_READY;
	} else {
		sl->state = SLOT_QUEUED;
	}
	q->bytes += bytes;
	q->tail++;
	pthread_cond_signal(&q->queued);
	pthread_mutex_unlock(&q->mu);
	/* Store whatever is already ready, so that results keep flowing. */
	int rc;
	while ((rc = store_next(run, false)) == 0)
		;
	return rc > 0;
}

/* A directory entry the walk leaves out: reported as skipped, with why. */
static void skip_one(void *ctx, const char *path, const char *why)
{
	struct ingest_run *run = ctx;
	if (run->archive_error || run->disk_full)
		return;
	(void)enqueue(run, path, NULL, why);
}

static int ingest_one(void *ctx, const char *path, const struct ferr *walk_err)
{
	struct ingest_run *run = ctx;
	if (interrupted || run->archive_error || run->disk_full)
		return 1;
	return enqueue(run, path, walk_err, NULL);
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
		{ "jobs", required_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct ingest_run run = { .verbose = 1 };
	struct pubdate given_date;
	bool follow = false;
	const char *report_path = NULL;
	int c, rc, jobs = -1;
	optind = 0;
	while ((c = getopt_long(argc, argv, "f:s:e:r:j:vqh", opts, NULL)) != -1) {
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
		case 'j': {
			char *end;
			errno = 0;
			long n = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || n < 0 || n > MAX_HELPERS)
				return cmd_usage_error("ingest", "--jobs wants a number from 0 to %d",
						       MAX_HELPERS);
			jobs = (int)n;
			break;
		}
		case 'v': run.verbose = 2; break;
		case 'q': run.verbose = 0; break;
		case 'h': return cmd_help_for("ingest");
		default: return cmd_option_error("ingest", argv, opts);
		}
	}
	if (optind >= argc)
		return cmd_usage_error("ingest", "no files or directories given");
	int stdins = 0;
	for (int i = optind; i < argc; i++)
		stdins += !strcmp(argv[i], INGEST_STDIN);
	if (stdins > 1)
		return cmd_usage_error("ingest", "'-' (standard input) given more than once");
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
	queue_start(&run.queue, &run.opt, jobs);
	ingest_walk_links(paths, npaths, follow, ingest_one, skip_one, &run);
	/* The inputs still queued, unless the run was stopped. */
	while (!interrupted && !run.archive_error && !run.disk_full && store_next(&run, true) == 0)
		;
	queue_stop(&run.queue);
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
