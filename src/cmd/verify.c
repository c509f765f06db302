/* verify.c - `folio verify`: check a snapshot bag (or any BagIt bag) without the archive. */
#include "cmd.h"
#include "../snapshot.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct verify_run {
	bool progress;   /* stderr is a terminal */
	bool shown;      /* a progress line is on screen */
	double last;
};

static double seconds_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clear_progress(struct verify_run *run)
{
	if (run->shown) {
		fprintf(stderr, "\r\033[K");
		fflush(stderr);
		run->shown = false;
	}
}

static int progress(void *ctx, const char *step, unsigned long long done, unsigned long long total)
{
	struct verify_run *run = ctx;
	double now = seconds_now();
	if (interrupted)
		return 1;
	if (!run->progress || now - run->last < 0.2)
		return 0;
	char d[32], t[32];
	snapshot_size_text(done, d);
	snapshot_size_text(total, t);
	fprintf(stderr, "\r\033[Kverify: %s, %s of %s", step, d, t);
	fflush(stderr);
	run->last = now;
	run->shown = true;
	return 0;
}

static void report(void *ctx, enum snapshot_problem kind, const char *path, const char *detail)
{
	static const char *const names[] = { "missing", "extra", "altered", "invalid" };
	struct verify_run *run = ctx;
	clear_progress(run);
	if (kind == SNAPSHOT_WARNING) {
		cmd_error(path, "warning: %s", detail);
		return;
	}
	printf("%-8s %s%s%s\n", names[kind], path, *detail ? ": " : "", detail);
	fflush(stdout);
}

int cmd_verify(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0, 0, 0, 0 } };
	struct verify_run run = { isatty(STDERR_FILENO) != 0, false, 0 };
	struct snapshot_check chk;
	struct ferr e = FERR_INIT;
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	int c, rc;
	(void)ctx;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help_for("verify");
		return cmd_usage_error("verify", "unknown option");
	}
	if (optind != argc - 1)
		return cmd_usage_error("verify", "give one bag directory");
	const char *dir = argv[optind];
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rc = snapshot_verify(dir, report, &run, progress, &run, &chk, &e);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	clear_progress(&run);
	if (rc) {
		cmd_error("verify", "%s", interrupted ? "interrupted" : e.msg);
		return EXIT_SOME_FAILED;
	}
	if (chk.problems) {
		printf("%s: NOT VALID: %zu problem%s\n", dir, chk.problems, chk.problems == 1 ? "" : "s");
		return EXIT_SOME_FAILED;
	}
	char size[32];
	snapshot_size_text(chk.bytes, size);
	printf("%s: valid bag: %zu payload files, %s (%llu bytes), %s checked\n", dir, chk.files,
	       size, chk.bytes, chk.algorithms);
	if (*chk.bag_sha256)
		printf("bag checksum (SHA-256 of tagmanifest-sha256.txt): %s\n", chk.bag_sha256);
	return EXIT_OK;
}
