/* main.c - folio's entry point: global options, then one command. */
#include "cmd/cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tempfile.h"
#include "version.h"
#define DEFAULT_ARCHIVE "archive/folio.db"
#define DEFAULT_BUSY_TIMEOUT_MS 10000

void cmd_overview_to_stderr(void);

int main(int argc, char **argv)
{
	struct folio_ctx ctx = { NULL, DEFAULT_BUSY_TIMEOUT_MS };
	int i = 1;

	temp_install_handlers();
	/* Commands name a refused option themselves (cmd_option_error), once. */
	opterr = 0;
	/* Global options come before the command. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *arg = argv[i];
		if (!strcmp(arg, "--version")) {
			printf("folio %s\n", FOLIO_VERSION);
			return EXIT_OK;
		} else if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			return cmd_help(1, argv, &ctx);
		} else if (!strcmp(arg, "--archive")) {
			if (i + 1 >= argc) {
				cmd_error("--archive", "needs a path");
				return EXIT_USAGE;
			}
			ctx.archive_path = argv[++i];
		} else if (!strncmp(arg, "--archive=", 10)) {
			ctx.archive_path = arg + 10;
		} else {
			cmd_error(arg, "unknown option (see 'folio help')");
			return EXIT_USAGE;
		}
	}
	if (i >= argc) {
		cmd_overview_to_stderr();
		return EXIT_USAGE;
	}
	if (!ctx.archive_path || !*ctx.archive_path)
		ctx.archive_path = getenv("FOLIO_ARCHIVE");
	if (!ctx.archive_path || !*ctx.archive_path)
		ctx.archive_path = DEFAULT_ARCHIVE;
	const char *busy = getenv("FOLIO_BUSY_TIMEOUT_MS");
	if (busy && *busy) {
		char *end;
		errno = 0;
		long ms = strtol(busy, &end, 10);
		if (errno || *end || ms < 0 || ms > 3600000) {
			cmd_error("FOLIO_BUSY_TIMEOUT_MS", "wants milliseconds from 0 to 3600000");
			return EXIT_USAGE;
		}
		ctx.busy_timeout_ms = (int)ms;
	}

	const struct command *c = command_find(argv[i]);
	if (!c) {
		cmd_error(argv[i], "no such command (see 'folio help')");
		return EXIT_USAGE;
	}
	return c->fn(argc - i, argv + i, &ctx);
}
