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
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct audit_out o = { 0 };
	struct archive *a;
	struct ferr e = FERR_INIT;
	long long broken = 0;
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case 'v': o.quiet = true; break;
		case 'h': return cmd_help_for("audit");
		default: return cmd_usage_error("audit", "unknown option");
		}
	}
	if (optind < argc)
		return cmd_usage_error("audit", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_open_archive(ctx, &a, false)))
		return rc;
	rc = archive_audit(a, print_entry, &o, &broken, &e);
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
	if (o.quiet)
		printf("audit log: %lld entries, chain intact\n", o.n);
	return EXIT_OK;
}
