/* edition.c - `folio edition` and `folio print`: PDF editions and articles. */
#include "cmd.h"
#include <stdbool.h>
#include "../edition.h"
#include "../layout/display.h"
#include "../select.h"
#include "../utf8.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* --pdfa LEVEL: checked here, so that a typo costs no typesetting. */
static int pdfa_option(const char *cmd, const char *arg, struct edition_request *rq)
{
	if (display_pdfa_by_name(arg) < 0)
		return cmd_usage_error(cmd, "--pdfa wants 2u, 3u or none, not '%s'", arg);
	rq->pdfa = arg;
	return 0;
}

/* An existing output is replaced only with --force, as export does. */
static int output_free(const char *cmd, const char *path, bool force)
{
	struct stat st;
	if (!force && stat(path, &st) == 0)
		return cmd_usage_error(cmd, "%s exists: give --force to replace it", path);
	return 0;
}

static int run_edition(struct folio_ctx *ctx, const char *cmd, struct edition_request *rq)
{
	struct archive *a;
	struct edition_outcome out;
	struct ferr e = FERR_INIT;
	int rc;
	char *dir = edition_data_dir();
	rq->data_dir = dir;
	if ((rc = cmd_open_archive(ctx, &a, OPEN_WRITE))) {
		free(dir);
		return rc;
	}
	rc = edition_make(a, rq, &out, &e);
	archive_close(a);
	free(dir);
	for (size_t i = 0; i < out.nmissing; i++) {
		char ch[5] = { 0 };
		utf8_encode(out.missing[i], ch);
		cmd_error(cmd, "warning: no font has U+%04X '%s'; it prints as an empty box",
			  out.missing[i], ch);
	}
	if (out.hyphen_warning[0])
		cmd_error(cmd, "warning: %s; English words are not hyphenated", out.hyphen_warning);
	if (out.images_unusable)
		cmd_error(cmd,
			  "warning: %d CMYK photo%s could not be decoded to convert for PDF/A and "
			  "print%s as the description (--pdfa none prints %s as stored)",
			  out.images_unusable, out.images_unusable == 1 ? "" : "s",
			  out.images_unusable == 1 ? "s" : "", out.images_unusable == 1 ? "it" : "them");
	if (rc) {
		/* The PDF writer names the file itself: never twice. */
		size_t ol = strlen(rq->output);
		if (rc == FOLIO_EIO && !strncmp(e.msg, rq->output, ol) && e.msg[ol] == ':')
			fprintf(stderr, "folio: %s\n", e.msg);
		else
			cmd_error(rc == FOLIO_EIO ? rq->output : cmd, "%s", e.msg);
		return cmd_exit_status(rc);
	}
	printf("%s: %d pages, %zu article%s, ", rq->output, out.pages, out.articles,
	       out.articles == 1 ? "" : "s");
	if (out.images) {
		const char *why = out.images_scaled && out.images_to_rgb
					  ? " (larger ones scaled to 300 dpi, CMYK ones converted to RGB)"
				  : out.images_scaled ? " (larger ones scaled to 300 dpi)"
				  : out.images_to_rgb ? " (CMYK ones converted to RGB for PDF/A)"
						      : "";
		printf("%d image%s%s, ", out.images, out.images == 1 ? "" : "s", why);
	}
	printf("%lld lines (%lld breaking clreq", out.lines, out.clreq_breaks);
	if (out.hyphenated)
		printf(", %lld hyphenated", out.hyphenated);
	if (out.loose)
		printf(", %lld loose", out.loose);
	if (out.forced_breaks)
		printf(", %lld cut inside a word wider than the column", out.forced_breaks);
	printf("), %zu bytes, sha256 %s", out.bytes, out.sha256);
	if (out.edition_id)
		printf(" (edition %lld)", out.edition_id);
	printf("\n");
	return EXIT_OK;
}

int cmd_edition(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		SELECTION_OPTIONS,
		{ "layout", required_argument, NULL, 'l' },
		{ "title", required_argument, NULL, 't' },
		{ "issue", required_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "pdfa", required_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct edition_request rq = { 0 };
	bool force = false;
	int c, rc = 0;
	rq.record = true;
	optind = 0;
	while (!rc && (c = getopt_long(argc, argv, "l:t:n:o:h", opts, NULL)) != -1) {
		int s = selection_option("edition", c, optarg, &rq.q);
		if (s < 0) {
			rc = EXIT_USAGE;
			break;
		}
		if (s)
			continue;
		switch (c) {
		case 'l': rq.layout = optarg; break;
		case 't': rq.title = optarg; break;
		case 'n': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 100000)
				rc = cmd_usage_error("edition", "--issue wants a number from 1");
			else
				rq.issue = (int)v;
			break;
		}
		case 'o': rq.output = optarg; break;
		case 'P': rc = pdfa_option("edition", optarg, &rq); break;
		case 'f': force = true; break;
		case 'h': rc = -1; break;
		default: rc = cmd_option_error("edition", argv, opts); break;
		}
	}
	if (rc == -1)
		rc = cmd_help_for("edition");
	else if (rc)
		;
	else if (optind < argc)
		rc = cmd_usage_error("edition", "unexpected argument '%s'", argv[optind]);
	else if (!rq.output)
		rc = cmd_usage_error("edition", "no output: give -o FILE.pdf");
	else if (!article_query_given(&rq.q))
		rc = cmd_usage_error("edition", "choose the articles: --month, --from/--to, --section, --query or --ids");
	else if (!(rc = output_free("edition", rq.output, force)))
		rc = run_edition(ctx, "edition", &rq);
	free((void *)rq.q.ids);
	return rc;
}

int cmd_print(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "layout", required_argument, NULL, 'l' },
		{ "output", required_argument, NULL, 'o' },
		{ "pdfa", required_argument, NULL, 'P' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct edition_request rq = { 0 };
	bool force = false;
	long long id;
	int c;
	rq.layout = "article";
	optind = 0;
	while ((c = getopt_long(argc, argv, "l:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': rq.layout = optarg; break;
		case 'o': rq.output = optarg; break;
		case 'P':
			if (pdfa_option("print", optarg, &rq))
				return EXIT_USAGE;
			break;
		case 'f': force = true; break;
		case 'h': return cmd_help_for("print");
		default: return cmd_option_error("print", argv, opts);
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error("print", "give one article id");
	char *end;
	errno = 0;
	id = strtoll(argv[optind], &end, 10);
	if (errno || *end || id <= 0)
		return cmd_usage_error("print", "'%s' is not an article id", argv[optind]);
	if (!rq.output)
		return cmd_usage_error("print", "no output: give -o FILE.pdf");
	rq.q.ids = &id;
	rq.q.nids = 1;
	rq.record = true;
	int rc = output_free("print", rq.output, force);
	return rc ? rc : run_edition(ctx, "print", &rq);
}
