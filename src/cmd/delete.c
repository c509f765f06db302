/* delete.c - `folio delete`: tombstones, and purges for data that must go. */
#include "cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

int cmd_delete(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "purge", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *reason = NULL;
	bool purge = false;
	struct archive *a;
	struct ferr e = FERR_INIT;
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "r:ph", opts, NULL)) != -1) {
		switch (c) {
		case 'r': reason = optarg; break;
		case 'p': purge = true; break;
		case 'h': return cmd_help_for("delete");
		default: return cmd_option_error("delete", argv, opts);
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error("delete", "give one article id");
	char *end;
	errno = 0;
	long long id = strtoll(argv[optind], &end, 10);
	if (errno || *end || id <= 0)
		return cmd_usage_error("delete", "'%s' is not an article id", argv[optind]);
	if (!reason || !*reason)
		return cmd_usage_error("delete", "a deletion needs --reason");
	if ((rc = cmd_open_archive(ctx, &a, OPEN_WRITE)))
		return rc;
	rc = archive_delete(a, id, reason, purge, &e);
	archive_close(a);
	if (rc) {
		cmd_error("delete", "%s", e.msg);
		return cmd_exit_status(rc);
	}
	printf("article %lld %s: %s\n", id, purge ? "purged (content removed, hashes kept)" : "deleted (tombstone kept)",
	       reason);
	return EXIT_OK;
}
