/* detect.c - `folio detect`: which encoding each file is in, and why. */
#include "cmd.h"
#include "../encoding.h"
#include "../read/ingest.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static void print_json(const char *path, const struct decoded *how)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\"path\":");
	buf_add_json_string(&b, path);
	buf_adds(&b, ",\"encoding\":");
	buf_add_json_string(&b, how->encoding);
	buf_adds(&b, ",\"converter\":");
	buf_add_json_string(&b, how->converter);
	buf_adds(&b, ",\"evidence\":");
	buf_add_json_string(&b, how->evidence);
	buf_addf(&b, ",\"plausibility\":%.2f,\"language\":", how->plausibility);
	buf_add_json_string(&b, how->language);
	buf_addf(&b, ",\"confidence\":%.2f}", how->confidence);
	puts(b.data);
	buf_release(&b);
}

int cmd_detect(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	bool json = false;
	int c, status = EXIT_OK;

	(void)ctx;
	optind = 0;
	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = true; break;
		case 'h': return cmd_help_for("detect");
		default: return cmd_option_error("detect", argv, opts);
		}
	}
	if (optind >= argc)
		return cmd_usage_error("detect", "name at least one file");
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];
		struct ferr e = FERR_INIT;
		struct decoded how;
		unsigned char *data = NULL;
		size_t len = 0;
		int err = read_file_max(path, INGEST_MAX_BYTES, &data, &len, &e);
		if (!err)
			err = encoding_detect(data, len, encoding_looks_like_markup(path, data, len),
					      &how, &e);
		free(data);
		if (err) {
			cmd_error(path, "%s", e.msg);
			status = EXIT_SOME_FAILED;
			continue;
		}
		if (json)
			print_json(path, &how);
		else
			printf("%s\t%s\t%.2f\t%s\tplausibility %.2f (%s)\n", path, how.encoding,
			       how.confidence, how.evidence, how.plausibility, how.language);
	}
	fflush(stdout);
	return status;
}
