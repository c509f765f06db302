/* snapshot.c - `folio snapshot`: a retention snapshot of chosen articles as a BagIt bag. */
#include "cmd.h"
#include "../edition.h"
#include "../select.h"
#include "../snapshot.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* The progress line; non-zero (stop) once Ctrl-C was pressed. */
static int show_progress(void *ctx, const char *step, unsigned long long done,
			 unsigned long long total)
{
	if (interrupted)
		return 1;
	cmd_progress_show(ctx, step, done, total, !strcmp(step, "checksums"));
	return 0;
}

static int run_snapshot(struct folio_ctx *ctx, struct snapshot_request *rq)
{
	struct archive *a;
	struct snapshot_outcome out;
	struct ferr e = FERR_INIT;
	struct cmd_progress pl;
	cmd_progress_init(&pl, "snapshot");
	struct sigaction sa = { .sa_handler = on_signal }, old_int, old_term;
	int rc;
	if ((rc = cmd_open_archive(ctx, &a, OPEN_WRITE)))
		return rc;
	char *dir = edition_data_dir();
	rq->data_dir = dir;
	rq->progress = show_progress;
	/* pl outlives every use: the request is done with before we return,
	 * and both pointers are cleared below. */
	// cppcheck-suppress autoVariables
	rq->progress_ctx = &pl;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rc = snapshot_make(a, rq, &out, &e);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	cmd_progress_end(&pl);
	rq->progress_ctx = NULL;
	rq->data_dir = NULL;
	archive_close(a);
	free(dir);
	if (rc) {
		if (interrupted)
			cmd_error("snapshot", "interrupted: nothing was written to %s", rq->output);
		else if (rc == FOLIO_EUSAGE)
			return cmd_usage_error("snapshot", "%s", e.msg);
		else
			cmd_error("snapshot", "%s", e.msg);
		return cmd_exit_status(rc);
	}
	char size[32];
	snapshot_size_text(out.bytes, size);
	printf("snapshot %lld: %s: %zu article%s, %zu original%s, %zu files, %s (%llu bytes)\n",
	       out.snapshot_id, rq->output, out.articles, out.articles == 1 ? "" : "s",
	       out.originals, out.originals == 1 ? "" : "s", out.files, size, out.bytes);
	if (out.tombstones)
		printf("%zu deleted article%s recorded as tombstone%s in data/deleted/ (no text)\n",
		       out.tombstones, out.tombstones == 1 ? "" : "s", out.tombstones == 1 ? "" : "s");
	if (out.purged)
		printf("%zu purged original%s left out (their SHA-256 is in data/archive.sqlite)\n",
		       out.purged, out.purged == 1 ? "" : "s");
	printf("retain until %s; legal holds in force: %zu\n", out.retain_until, out.holds);
	printf("bag checksum (SHA-256 of tagmanifest-sha256.txt): %s\n", out.bag_sha256);
	if (*out.signed_by)
		printf("signed: tagmanifest-sha256.txt.sig by %s (ssh-keygen -Y, namespace folio-bag)\n",
		       out.signed_by);
	return EXIT_OK;
}

int cmd_snapshot(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		SELECTION_OPTIONS,
		{ "reason", required_argument, NULL, 'r' },
		{ "holder", required_argument, NULL, 'H' },
		{ "organization", required_argument, NULL, 'O' },
		{ "retain-until", required_argument, NULL, 'U' },
		{ "retain-years", required_argument, NULL, 'Y' },
		{ "output", required_argument, NULL, 'o' },
		{ "sign", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct article_query q = { 0 };
	struct snapshot_request rq = { 0 };
	int c, rc = EXIT_OK;
	optind = 0;
	while ((c = getopt_long(argc, argv, "r:o:h", opts, NULL)) != -1) {
		int s = selection_option("snapshot", c, optarg, &q);
		if (s < 0) {
			free((void *)q.ids);
			return EXIT_USAGE;
		}
		if (s)
			continue;
		switch (c) {
		case 'r': rq.reason = optarg; break;
		case 'H': rq.holder = optarg; break;
		case 'O': rq.organization = optarg; break;
		case 'U':
			if (!valid_date_arg(optarg, false))
				rc = cmd_usage_error("snapshot", "--retain-until wants a date YYYY-MM-DD, not '%s'",
						     optarg);
			rq.retain_until = optarg;
			break;
		case 'Y': {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 1000)
				rc = cmd_usage_error("snapshot", "--retain-years wants a number of years from 1");
			rq.retain_years = (int)v;
			break;
		}
		case 'o': rq.output = optarg; break;
		case 'S': rq.sign_key = optarg; break;
		case 'h': free((void *)q.ids); return cmd_help_for("snapshot");
		default: free((void *)q.ids); return cmd_option_error("snapshot", argv, opts);
		}
		if (rc) {
			free((void *)q.ids);
			return rc;
		}
	}
	/* Article ids may also be given as arguments. */
	if (selection_ids_from_args("snapshot", argc, argv, optind, &q)) {
		free((void *)q.ids);
		return EXIT_USAGE;
	}
	long long *ids = (long long *)q.ids;
	rq.q = &q;
	if (!article_query_given(&q))
		rc = cmd_usage_error("snapshot", "name the articles: IDs or --month, --from/--to, --section, --query, --ids");
	else if (!rq.reason || !*rq.reason)
		rc = cmd_usage_error("snapshot", "a snapshot needs --reason");
	else if (!rq.output || !*rq.output)
		rc = cmd_usage_error("snapshot", "no output: give -o DIR (a directory that does not exist yet)");
	else if (rq.retain_until && rq.retain_years)
		rc = cmd_usage_error("snapshot", "--retain-until and --retain-years do not go together");
	else
		rc = run_snapshot(ctx, &rq);
	free(ids);
	return rc;
}
