/* init.c - `folio init`: create (or upgrade) the archive explicitly. */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>

int cmd_init(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0, 0, 0, 0 } };
	struct archive *a;
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help_for("init");
		return cmd_option_error("init", argv, opts);
	}
	if (optind < argc)
		return cmd_usage_error("init", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_open_archive(ctx, &a, OPEN_CREATE)))
		return rc;
	printf("archive %s ready (schema version %d)\n", ctx->archive_path, archive_schema_version(a));
	archive_close(a);
	return EXIT_OK;
}
