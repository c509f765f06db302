/* verify.c - `folio verify`: check a snapshot bag (or any BagIt bag) without the archive. */
#include "cmd.h"
#include "../sign.h"
#include "../snapshot.h"

#include <getopt.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
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

/* A recorded snapshot's articles, JSON [[id, revision], ...], as the bag's
 * Folio-Articles writes them: "id rREV, id rREV". */
static char *articles_text(const char *json)
{
	struct buf b = BUF_INIT;
	const char *p = json ? json : "";
	long long v[2];
	int k = 0;
	size_t pairs = 0;
	while (*p) {
		if (*p >= '0' && *p <= '9') {
			char *end;
			v[k++] = strtoll(p, &end, 10);
			p = end;
			if (k == 2) {
				buf_addf(&b, "%s%lld r%lld", pairs++ ? ", " : "", v[0], v[1]);
				k = 0;
			}
		} else {
			p++;
		}
	}
	return b.data ? buf_detach(&b) : xstrdup("");
}

/* One difference between the bag and the archive, reported as verify's
 * other problems are. */
static void mismatch(struct verify_run *run, size_t *n, const char *kind, const char *path,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void mismatch(struct verify_run *run, size_t *n, const char *kind, const char *path,
		     const char *fmt, ...)
{
	va_list ap;
	clear_progress(run);
	printf("%-8s %s: ", kind, path);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	(*n)++;
}

/* Compare the bag with the snapshot the archive recorded: checksum,
 * selection, reason, articles, audit head, and the audit log's entry.
 * Returns an exit status; *differences counts what disagreed. */
static int compare_with_archive(struct verify_run *run, struct folio_ctx *ctx, const char *dir,
				const struct snapshot_check *chk, size_t *differences,
				long long *snapshot_id)
{
	static const struct {
		const char *label;
		size_t field; /* offset in struct snapshot_record */
	} fields[] = {
		{ "Folio-Selection", offsetof(struct snapshot_record, selection) },
		{ "Folio-Reason", offsetof(struct snapshot_record, reason) },
		{ "Folio-Audit-Head", offsetof(struct snapshot_record, audit_head) },
	};
	struct archive *a;
	struct snapshot_record rec;
	struct ferr e = FERR_INIT;
	char *head = NULL;
	int rc = cmd_open_archive(ctx, &a, OPEN_READ);
	if (rc)
		return rc;
	if (snapshot_bag_info(dir, "Folio-Audit-Head", &head, &e) == FOLIO_EINPUT) {
		cmd_error(dir, "%s", e.msg);
		archive_close(a);
		return EXIT_SOME_FAILED;
	}
	e = (struct ferr)FERR_INIT;
	int err = archive_find_snapshot(a, *chk->bag_sha256 ? chk->bag_sha256 : NULL, head, &rec, &e);
	if (err == FOLIO_ENOTFOUND) {
		mismatch(run, differences, "invalid", ctx->archive_path,
			 "no snapshot recorded with this bag's checksum (%s) or audit head (%s)",
			 *chk->bag_sha256 ? chk->bag_sha256 : "none", head ? head : "none");
		goto done;
	} else if (err) {
		cmd_error(ctx->archive_path, "%s", e.msg);
		rc = cmd_exit_status(err);
		goto done;
	}
	*snapshot_id = rec.id;
	if (strcmp(rec.bag_sha256, chk->bag_sha256))
		mismatch(run, differences, "altered", "tagmanifest-sha256.txt",
			 "the bag's checksum %s is not snapshot %lld's, recorded as %s",
			 *chk->bag_sha256 ? chk->bag_sha256 : "(none)", rec.id, rec.bag_sha256);
	if (!rec.audited)
		mismatch(run, differences, "altered", ctx->archive_path,
			 "snapshot %lld's record has no audit entry with its checksum %s", rec.id,
			 rec.bag_sha256);
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++) {
		const char *want = *(char *const *)((const char *)&rec + fields[i].field);
		char *have = NULL;
		e = (struct ferr)FERR_INIT;
		snapshot_bag_info(dir, fields[i].label, &have, &e);
		if (!have || strcmp(have, want ? want : ""))
			mismatch(run, differences, "altered", "bag-info.txt",
				 "%s is '%s', snapshot %lld recorded '%s'", fields[i].label,
				 have ? have : "(none)", rec.id, want ? want : "");
		free(have);
	}
	char *want = articles_text(rec.articles), *have = NULL;
	e = (struct ferr)FERR_INIT;
	snapshot_bag_info(dir, "Folio-Articles", &have, &e);
	if (!have || strcmp(have, want))
		mismatch(run, differences, "altered", "bag-info.txt",
			 "Folio-Articles is '%s', snapshot %lld recorded '%s'", have ? have : "(none)",
			 rec.id, want);
	free(want);
	free(have);
	/* The archive's log must still hold the head the bag was made at. */
	e = (struct ferr)FERR_INIT;
	if (*rec.audit_head && archive_audit_extends(a, rec.audit_head, &e) != 0)
		mismatch(run, differences, "altered", ctx->archive_path,
			 "the audit log no longer extends the bag's head %s: %s", rec.audit_head, e.msg);
	snapshot_record_release(&rec);
done:
	free(head);
	archive_close(a);
	return rc;
}

/* The bag's signature: checked with key when given (a bag without one is
 * then a problem), else only noted (*signature: bag-info's
 * Folio-Signed-By, or the file's name).  *said: ssh-keygen's confirmation. */
static int check_signature(struct verify_run *run, const char *dir, const char *key,
			   struct snapshot_check *chk, char **signature, char **said)
{
	static const char name[] = "tagmanifest-sha256.txt" SIGN_SUFFIX;
	char *sig = xasprintf("%s/%s", dir, name), *tm = xasprintf("%s/tagmanifest-sha256.txt", dir);
	struct stat st;
	struct ferr e = FERR_INIT;
	int rc = EXIT_OK;
	bool there = lstat(sig, &st) == 0;
	if (there && snapshot_bag_info(dir, "Folio-Signed-By", signature, &e) != 0)
		*signature = xstrdup(name);
	if (!key)
		goto done;
	if (!there) {
		mismatch(run, &chk->problems, "missing", name,
			 "--key was given, but the bag is not signed");
	} else {
		e = (struct ferr)FERR_INIT;
		int err = sign_verify(key, tm, sig, said, &e);
		if (err == FOLIO_EINPUT)
			mismatch(run, &chk->problems, "invalid", name, "%s", e.msg);
		else if (err) {
			cmd_error("verify", "%s", e.msg);
			rc = cmd_exit_status(err);
		}
	}
done:
	free(sig);
	free(tm);
	return rc;
}

int cmd_verify(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' },
					      { "archive", required_argument, NULL, 'a' },
					      { "key", required_argument, NULL, 'k' },
					      { 0, 0, 0, 0 } };
	const char *archive = NULL, *key = NULL;
	struct verify_run run = { isatty(STDERR_FILENO) != 0, false, 0 };
	struct snapshot_check chk;
	struct ferr e = FERR_INIT;
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help_for("verify");
		if (c == 'a' || c == 'k') {
			*(c == 'a' ? &archive : &key) = optarg;
			continue;
		}
		return cmd_option_error("verify", argv, opts);
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
	char *signature = NULL, *said = NULL;
	if ((rc = check_signature(&run, dir, key, &chk, &signature, &said))) {
		free(signature);
		free(said);
		return rc;
	}
	size_t differences = 0;
	long long snapshot_id = 0;
	if (archive) {
		struct folio_ctx actx = *ctx;
		actx.archive_path = archive;
		if ((rc = compare_with_archive(&run, &actx, dir, &chk, &differences, &snapshot_id))) {
			free(signature);
			free(said);
			return rc;
		}
	}
	if (chk.problems) {
		free(said);
		free(signature);
		printf("%s: NOT VALID: %zu problem%s\n", dir, chk.problems, chk.problems == 1 ? "" : "s");
		if (differences)
			printf("%s: does NOT match the archive %s: %zu difference%s\n", dir, archive,
			       differences, differences == 1 ? "" : "s");
		return EXIT_SOME_FAILED;
	}
	char size[32];
	snapshot_size_text(chk.bytes, size);
	printf("%s: valid bag: %zu payload files, %s (%llu bytes), %s checked\n", dir, chk.files,
	       size, chk.bytes, chk.algorithms);
	if (*chk.bag_sha256)
		printf("bag checksum (SHA-256 of tagmanifest-sha256.txt): %s\n", chk.bag_sha256);
	if (said)
		printf("signature: good, with %s: %s\n", key, said);
	else if (signature)
		printf("signed by %s; check it with --key PUBKEY\n", signature);
	free(said);
	free(signature);
	if (differences) {
		printf("%s: does NOT match the archive %s: %zu difference%s\n", dir, archive,
		       differences, differences == 1 ? "" : "s");
		return EXIT_SOME_FAILED;
	}
	if (archive)
		printf("%s: matches snapshot %lld of %s (checksum, selection, reason, articles, audit "
		       "head; the audit log extends it)\n",
		       dir, snapshot_id, archive);
	return EXIT_OK;
}
