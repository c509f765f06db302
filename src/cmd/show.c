/* show.c - `folio show`: one article, its original bytes or its history. */
#include "cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_field(const char *label, const char *value)
{
	printf("%-13s %s\n", label, value ? value : "-");
}

static void print_record(const struct record *r)
{
	printf("%-13s %lld (revision %d)\n", "id:", r->id, r->revision);
	if (r->deleted)
		printf("%-13s %s on %s, reason: %s, audit entry %lld%s\n", "DELETED:",
		       r->purged ? "purged" : "deleted", r->deleted,
		       r->delete_reason ? r->delete_reason : "-", r->delete_entry,
		       r->purged ? " (content removed, hashes kept)" : " (a tombstone: out of list and search)");
	if (r->kicker)
		print_field("kicker:", r->kicker);
	print_field("title:", r->title);
	print_field("subtitle:", r->subtitle);
	print_field("authors:", r->authors_text);
	print_field("contributors:", r->contributors_text);
	print_field("editor:", r->editor);
	print_field("source:", r->source);
	print_field("section:", r->section);
	print_field("tags:", r->tags_text);
	if (r->page)
		print_field("page:", r->page);
	if (r->published && r->date_source && *r->date_source) {
		char *p = xasprintf("%s (from: %s)", r->published, r->date_source);
		print_field("published:", p);
		free(p);
	} else {
		print_field("published:", r->published);
	}
	print_field("url:", r->url);
	print_field("correction:", r->correction);
	printf("%-13s %lld\n", "chars:", r->chars);
	printf("%-13s %s (%s, %s)\n", "original:", r->filename, r->format, r->encoding);
	if (r->converter && *r->converter)
		print_field("decoded by:", r->converter);
	if (r->evidence && *r->evidence)
		print_field("evidence:", r->evidence);
	if (r->plausibility >= 0)
		printf("%-13s %.2f (%s)%s\n", "plausibility:", r->plausibility,
		       r->language && *r->language ? r->language : "?",
		       r->suspect ? ", SUSPECT: kept under --lossy" : "");
	print_field("sha256:", r->sha256);
	print_field("ingested:", r->ingested);
	printf("\n%s", r->body);
}

struct show_out {
	bool json;
};

static int print_revision(void *ctx, const struct record *r)
{
	struct show_out *o = ctx;
	if (o->json) {
		struct buf b = BUF_INIT;
		record_json(&b, r, false);
		puts(b.data);
		buf_release(&b);
	} else {
		printf("revision %d  ingested %s  %s  %s\n", r->revision, r->ingested, r->sha256,
		       r->title);
	}
	return 0;
}

int cmd_show(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "original", no_argument, NULL, 'o' },
		{ "revisions", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct show_out o = { 0 };
	bool original = false, revisions = false;
	struct archive *a;
	struct record r;
	struct ferr e = FERR_INIT;
	int c, rc;
	optind = 0;
	while ((c = getopt_long(argc, argv, "jorh", opts, NULL)) != -1) {
		switch (c) {
		case 'j': o.json = true; break;
		case 'o': original = true; break;
		case 'r': revisions = true; break;
		case 'h': return cmd_help_for("show");
		default: return cmd_option_error("show", argv, opts);
		}
	}
	if (optind != argc - 1)
		return cmd_usage_error("show", "give one article id");
	char *end;
	errno = 0;
	long long id = strtoll(argv[optind], &end, 10);
	if (errno || *end || end == argv[optind] || id <= 0)
		return cmd_usage_error("show", "'%s' is not an article id", argv[optind]);
	if (original && (o.json || revisions))
		return cmd_usage_error("show", "--original writes the bytes alone; it takes no other option");
	if ((rc = cmd_open_archive(ctx, &a, OPEN_READ)))
		return rc;
	if (original) {
		struct buf bytes = BUF_INIT;
		rc = archive_original(a, id, 0, &bytes, &e);
		if (!rc && fwrite(bytes.data, 1, bytes.len, stdout) != bytes.len)
			rc = ferr_set(&e, FOLIO_EIO, "cannot write to standard output");
		buf_release(&bytes);
	} else if ((rc = archive_get(a, id, &r, &e)) == 0) {
		if (revisions) {
			if (!o.json)
				printf("article %lld: %d revision%s\n", id, r.revision,
				       r.revision == 1 ? "" : "s");
			rc = archive_revisions(a, id, print_revision, &o, &e);
			if (!rc)
				print_revision(&o, &r);
		} else if (o.json) {
			struct buf b = BUF_INIT;
			record_json(&b, &r, false);
			puts(b.data);
			buf_release(&b);
		} else {
			print_record(&r);
		}
		record_release(&r);
	}
	archive_close(a);
	if (rc) {
		cmd_error("show", "%s", e.msg);
		return cmd_exit_status(rc);
	}
	return EXIT_OK;
}
