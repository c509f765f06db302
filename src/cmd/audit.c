/* audit.c - `folio audit`: the hash-chained log of every change. */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>

struct audit_out {
	bool quiet;
	long long n;
};

static void print_entry(void *ctx, const struct audit_entry *en)
{
	struct audit_out *o = ctx;
	o->n++;
	if (!o->quiet || !en->ok)
		printf("%6lld  %s  %-8s %-14s %s%s\n", en->seq, en->time ? en->time : "?",
		       en->action ? en->action : "?", en->subject ? en->subject : "?",
		       en->detail ? en->detail : "", en->ok ? "" : "  <-- BROKEN");
}

int cmd_audit(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "verify", no_argument, NULL, 'v' },
		{ "head", optional_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct audit_out o = { 0 };
	struct archive *a;
	struct ferr e = FERR_INIT;
	long long broken = 0;
	bool want_head = false;
	const char *head = NULL;
	char now_head[AUDIT_HEAD_LEN + 1];
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case 'v': o.quiet = true; break;
		case 'H': want_head = true; head = optarg; break;
		case 'h': return cmd_help_for("audit");
		default: return cmd_option_error("audit", argv, opts);
		}
	}
	/* --head SEQ:HASH as well as --head=SEQ:HASH */
	if (want_head && !head && o.quiet && optind < argc)
		head = argv[optind++];
	if (optind < argc)
		return cmd_usage_error("audit", "unexpected argument '%s'", argv[optind]);
	if (head && !o.quiet)
		return cmd_usage_error("audit", "--head SEQ:HASH is checked with --verify");
	if ((rc = cmd_open_archive(ctx, &a, OPEN_READ)))
		return rc;
	if (want_head && !head) {
		/* Print the head alone, for keeping elsewhere. */
		rc = archive_audit_head(a, now_head, &e);
		archive_close(a);
		if (rc) {
			cmd_error("audit", "%s", e.msg);
			return cmd_exit_status(rc);
		}
		printf("%s\n", now_head);
		return EXIT_OK;
	}
	rc = archive_audit(a, print_entry, &o, &broken, &e);
	int extends = 0;
	struct ferr he = FERR_INIT;
	if (!rc && head)
		extends = archive_audit_extends(a, head, &he);
	archive_close(a);
	if (rc) {
		cmd_error("audit", "%s", e.msg);
		return cmd_exit_status(rc);
	}
	if (broken) {
		cmd_error("audit", "the chain is broken at entry %lld: it or an entry before it was altered",
			  broken);
		return EXIT_SOME_FAILED;
	}
	if (extends == FOLIO_EUSAGE)
		return cmd_usage_error("audit", "%s", he.msg);
	if (extends) {
		cmd_error("audit", "the log does not extend head %s: %s", head, he.msg);
		return EXIT_SOME_FAILED;
	}
	if (o.quiet)
		printf("audit log: %lld entries, chain intact%s%s\n", o.n, head ? ", extends " : "",
		       head ? head : "");
	return EXIT_OK;
}
