/* list.c - `folio list`: articles by publication date, as a table or JSON. */
#include "cmd.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct list_out {
	bool json;
	const char *author; /* only articles by this author or editor (whole name) */
	long long limit;    /* at most this many rows; 0: all */
	long long shown;
};

static bool by_author(const struct record *r, const char *name)
{
	if (r->editor && !strcmp(r->editor, name))
		return true;
	struct buf q = BUF_INIT;
	buf_add_json_string(&q, name);
	bool found = r->authors && strstr(r->authors, q.data);
	buf_release(&q);
	return found;
}

/* "2019-01-29T15:42:00+08:00" -> "2019-01-29 15:42" for the table. */
static void short_date(const char *published, char out[17])
{
	if (!published) {
		snprintf(out, 17, "-");
		return;
	}
	snprintf(out, 17, "%.10s%s%.5s", published, strlen(published) > 10 ? " " : "",
		 strlen(published) > 11 ? published + 11 : "");
}

static int print_row(void *ctx, const struct record *r)
{
	struct list_out *o = ctx;
	if ((o->author && !by_author(r, o->author)) || (o->limit && o->shown >= o->limit))
		return 0;
	o->shown++;
	if (o->json) {
		struct buf b = BUF_INIT;
		record_json(&b, r, false);
		puts(b.data);
		buf_release(&b);
	} else {
		char date[17];
		short_date(r->published, date);
		printf("%6lld  %-16s  %6lld  ", r->id, date, r->chars);
		print_padded(r->section ? r->section : "-", 8);
		printf("  %s\n", r->title);
	}
	return 0;
}

static int print_section(void *ctx, const char *section, long long n)
{
	(void)ctx;
	printf("%6lld  %s\n", n, *section ? section : "-");
	return 0;
}

static int print_section_json(void *ctx, const char *section, long long n)
{
	(void)ctx;
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\"section\":");
	if (*section)
		buf_add_json_string(&b, section);
	else
		buf_adds(&b, "null");
	buf_addf(&b, ",\"articles\":%lld}", n);
	puts(b.data);
	buf_release(&b);
	return 0;
}

int cmd_list(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'F' },
		{ "to", required_argument, NULL, 'T' },
		{ "month", required_argument, NULL, 'm' },
		{ "section", required_argument, NULL, 's' },
		{ "author", required_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'n' },
		{ "sections", no_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct selection sel = { 0 };
	bool sections = false;
	struct list_out o = { 0 };
	struct archive *a;
	struct ferr e = FERR_INIT;
	long long n = 0;
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "F:T:m:s:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'F':
		case 'T':
			if (!valid_date_arg(optarg, false))
				return cmd_usage_error("list", "--%s wants a date YYYY-MM-DD, not '%s'",
						       c == 'F' ? "from" : "to", optarg);
			*(c == 'F' ? &sel.from : &sel.to) = optarg;
			break;
		case 'm':
			if (!valid_date_arg(optarg, true))
				return cmd_usage_error("list", "--month wants YYYY-MM, not '%s'", optarg);
			sel.month = optarg;
			break;
		case 's': sel.section = optarg; break;
		case 'a': o.author = optarg; break;
		case 'n': {
			char *end;
			long long v = strtoll(optarg, &end, 10);
			if (*end || v < 1)
				return cmd_usage_error("list", "--limit wants a number from 1");
			o.limit = v;
			break;
		}
		case 'S': sections = true; break;
		case 'j': o.json = true; break;
		case 'h': return cmd_help_for("list");
		default: return cmd_option_error("list", argv, opts);
		}
	}
	if (optind < argc)
		return cmd_usage_error("list", "unexpected argument '%s'", argv[optind]);
	if ((rc = cmd_open_archive(ctx, &a, OPEN_READ)))
		return rc;
	if (sections) {
		rc = archive_sections(a, o.json ? print_section_json : print_section, NULL, &e);
		archive_close(a);
		if (rc) {
			cmd_error("list", "%s", e.msg);
			return cmd_exit_status(rc);
		}
		return EXIT_OK;
	}
	if (!o.json)
		printf("%6s  %-16s  %6s  %-8s  %s\n", "ID", "PUBLISHED", "CHARS", "SECTION", "TITLE");
	rc = archive_list(a, &sel, print_row, &o, &n, &e);
	archive_close(a);
	if (rc) {
		cmd_error("list", "%s", e.msg);
		return cmd_exit_status(rc);
	}
	return o.shown ? EXIT_OK : EXIT_SOME_FAILED;
}
