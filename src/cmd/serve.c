/* serve.c - `folio serve`: the reading room in a browser. */
#include "cmd.h"
#include "../edition.h"
#include "../serve/server.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_serve(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "allow-remote", no_argument, NULL, 'r' },
		{ "token", required_argument, NULL, 't' },
		{ "cache", required_argument, NULL, 'c' },
		{ "threads", required_argument, NULL, 'j' },
		{ "search-memory", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct server_config c = { 0 };
	c.archive_path = ctx->archive_path;
	c.listen = "127.0.0.1:8080";
	c.token = getenv("FOLIO_SERVE_TOKEN");
	c.threads = 4;
	c.search_memory_mib = 8;
	int ch;
	optind = 0;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'l': c.listen = optarg; break;
		case 'r': c.allow_remote = true; break;
		case 't': c.token = optarg; break;
		case 'c': c.cache_dir = optarg; break;
		case 'j': {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || *end || v < 1 || v > 16)
				return cmd_usage_error("serve", "--threads wants a number from 1 to 16");
			c.threads = (int)v;
			break;
		}
		case 'm': {
			char *end;
			errno = 0;
			long v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 0 || v > 1024)
				return cmd_usage_error("serve",
						       "--search-memory wants MiB from 0 (off) to 1024");
			c.search_memory_mib = (int)v;
			break;
		}
		case 'h': return cmd_help_for("serve");
		default: return cmd_option_error("serve", argv, opts);
		}
	}
	if (optind < argc)
		return cmd_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	char *data = edition_data_dir();
	char *cache = NULL;
	if (!c.cache_dir) {
		const char *t = getenv("TMPDIR");
		cache = xasprintf("%s/folio-serve-%ld", t && *t ? t : "/tmp", (long)getuid());
		c.cache_dir = cache;
	}
	c.data_dir = data;
	struct ferr e = FERR_INIT;
	int rc = server_run(&c, &e);
	free(data);
	free(cache);
	if (rc == FOLIO_EUSAGE)
		return cmd_usage_error("serve", "%s", e.msg);
	if (rc) {
		cmd_error("serve", "%s", e.msg);
		return cmd_exit_status(rc);
	}
	return EXIT_OK;
}
