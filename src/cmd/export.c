/* export.c - `folio export`: selected articles as JSON Lines, CSV, Markdown, text or PDF. */
#include "cmd.h"
#include "../edition.h"
#include "../export.h"
#include "../select.h"
#include "../utf8.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Export the selected articles; returns the exit status. */
static int run_export(struct folio_ctx *ctx, const struct article_query *q,
		      struct export_options *opt)
{
	struct archive *a;
	struct ferr e = FERR_INIT;
	struct exporter *x = NULL;
	long long *ids = NULL, *dead = NULL;
	size_t n = 0, ndead = 0, done = 0, failed = 0, tombstones = 0;
	int rc, err;

	if ((rc = cmd_open_archive(ctx, &a, OPEN_READ)))
		return rc;
	err = select_split(a, q, &ids, &n, &dead, &ndead, &e);
	/* Data formats carry deleted articles as tombstones; the reading
	 * formats leave them out, and say so. */
	bool with_tombstones = !export_format_per_article(opt->format);
	if (!err && ndead && !with_tombstones)
		cmd_error("export", "%zu deleted article%s left out (JSON Lines and CSV exports "
			  "list them as tombstones)", ndead, ndead == 1 ? "" : "s");
	if (!err && n == 0 && !(ndead && with_tombstones))
		err = ferr_set(&e, FOLIO_ENOTFOUND, "no articles in that selection");
	if (err) {
		cmd_error("export", "%s", e.msg);
		goto done;
	}
	const char *output = strcmp(opt->output, "-") ? opt->output : "standard output";
	if ((err = exporter_open(a, opt, &x, &e))) {
		cmd_error(output, "%s", e.msg);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		struct record r;
		struct export_item item = { 0 };
		char subject[48];
		snprintf(subject, sizeof(subject), "article %lld", ids[i]);
		if ((err = archive_get(a, ids[i], &r, &e))) {
			cmd_error(subject, "%s", e.msg);
			if (err == FOLIO_EARCHIVE)
				goto done;
			failed++;
			continue;
		}
		err = exporter_add(x, &r, &item, &e);
		record_release(&r);
		for (size_t k = 0; k < item.nmissing; k++) {
			char ch[5] = { 0 };
			utf8_encode(item.missing[k], ch);
			cmd_error(item.path ? item.path : subject,
				  "warning: no font has U+%04X '%s'; it prints as an empty box",
				  item.missing[k], ch);
		}
		if (err) {
			cmd_error(err != FOLIO_EIO ? subject : item.path ? item.path : output, "%s", e.msg);
			failed++;
		}
		export_item_release(&item);
		/* Without its one output file, or the archive, the export cannot go on. */
		if (err == FOLIO_EARCHIVE || (err == FOLIO_EIO && !export_format_per_article(opt->format)))
			goto done;
	}
	for (size_t i = 0; with_tombstones && i < ndead; i++) {
		struct record r;
		struct export_item item = { 0 };
		if ((err = archive_get(a, dead[i], &r, &e))) {
			cmd_error("export", "article %lld: %s", dead[i], e.msg);
			goto done;
		}
		/* A tombstone: what was deleted, when, why and by which audit
		 * entry, but not its text. */
		free(r.body);
		r.body = NULL;
		err = exporter_add(x, &r, &item, &e);
		record_release(&r);
		export_item_release(&item);
		if (err) {
			cmd_error(output, "%s", e.msg);
			goto done;
		}
		tombstones++;
	}
	if ((err = exporter_finish(x, &done, &e))) {
		cmd_error(output, "%s", e.msg);
		goto done;
	}
	if (strcmp(opt->output, "-"))
		printf("%s: %zu article%s exported as %s%s%s", opt->output, done - tombstones,
		       done - tombstones == 1 ? "" : "s", export_format_name(opt->format),
		       opt->format == EXPORT_PDF ? "" : ", ",
		       opt->format == EXPORT_PDF ? "" : (opt->encoding ? opt->encoding : "utf-8"));
	if (strcmp(opt->output, "-") && tombstones)
		printf("; %zu deleted, as tombstone%s (no text)", tombstones, tombstones == 1 ? "" : "s");
	if (strcmp(opt->output, "-"))
		printf("\n");
	if (failed)
		cmd_error("export", "%zu of %zu article%s failed", failed, n, n == 1 ? "" : "s");
done:
	exporter_free(x);
	archive_close(a);
	free(ids);
	free(dead);
	if (rc)
		return rc;
	if (err)
		return cmd_exit_status(err);
	return failed ? EXIT_SOME_FAILED : EXIT_OK;
}

int cmd_export(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		SELECTION_OPTIONS,
		{ "format", required_argument, NULL, 'f' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "bom", no_argument, NULL, 'b' },
		{ "force", no_argument, NULL, 'F' },
		{ "all", no_argument, NULL, 'a' },
		{ "output", required_argument, NULL, 'o' },
		{ "pdfa", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct article_query q = { 0 };
	struct export_options opt = { 0 };
	struct ferr e = FERR_INIT;
	const char *format = NULL;
	bool all = false, help = false;
	int c, rc = 0;
	optind = 0;
	while (!rc && !help && (c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		int s = selection_option("export", c, optarg, &q);
		if (s < 0) {
			rc = EXIT_USAGE;
			break;
		}
		if (s)
			continue;
		switch (c) {
		case 'f': format = optarg; break;
		case 'e': opt.encoding = optarg; break;
		case 'b': opt.bom = true; break;
		case 'F': opt.force = true; break;
		case 'a': all = true; break;
		case 'o': opt.output = optarg; break;
		case 'P': opt.pdfa = optarg; break;
		case 'h': help = true; break;
		default: rc = cmd_option_error("export", argv, opts); break;
		}
	}
	char *data_dir = NULL;
	if (rc)
		;
	else if (help)
		rc = cmd_help_for("export");
	else if (optind < argc)
		rc = cmd_usage_error("export", "unexpected argument '%s'", argv[optind]);
	else if (!format)
		rc = cmd_usage_error("export", "give --format jsonl, csv, markdown, txt or pdf");
	else if (!export_format_parse(format, &opt.format))
		rc = cmd_usage_error("export", "unknown format '%s' (jsonl, csv, markdown, txt, pdf)",
				     format);
	else if (export_options_check(&opt, &e))
		rc = cmd_usage_error("export", "%s", e.msg);
	else if (all && article_query_given(&q))
		rc = cmd_usage_error("export", "--all selects every article: give it alone");
	else if (!all && !article_query_given(&q))
		rc = cmd_usage_error("export", "choose the articles: --all, --month, --from/--to, --section, --query or --ids");
	else {
		if (opt.format == EXPORT_PDF)
			opt.data_dir = data_dir = edition_data_dir();
		rc = run_export(ctx, &q, &opt);
	}
	free(data_dir);
	free((void *)q.ids);
	return rc;
}
