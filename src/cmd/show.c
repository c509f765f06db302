/* show.c - `folio show`: one article, its original bytes or its history. */
#include "cmd.h"
#include "../layout/image.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
}

/* The images, one line each: what `show --image N` writes out. */
static void print_images(const struct archive_image_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct archive_image_row *im = &v[i];
		const char *ref = strncmp(im->ref, "data:", 5) ? im->ref : "data:…";
		if (im->sha256)
			printf("%-13s %d: %s, %s %dx%d, %lld bytes, sha256 %s%s%s%s\n", i ? "" : "images:",
			       im->seq, ref, im->media_type, im->width, im->height, im->size, im->sha256,
			       im->purged ? ", PURGED" : "", *im->caption ? ": " : "", im->caption);
		else
			printf("%-13s %d: %s, MISSING: %s%s%s\n", i ? "" : "images:", im->seq, ref,
			       im->missing, *im->caption ? ": " : "", im->caption);
	}
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
		{ "image", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct show_out o = { 0 };
	bool original = false, revisions = false;
	long long image = 0;
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
		case 'i': {
			char *iend;
			errno = 0;
			image = strtoll(optarg, &iend, 10);
			if (errno || *iend || iend == optarg || image <= 0)
				return cmd_usage_error("show", "--image %s: give the image's number (1, 2, ...; "
							       "folio show ID lists them)", optarg);
			break;
		}
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
	if (original && (o.json || revisions || image))
		return cmd_usage_error("show", "--original writes the bytes alone; it takes no other option");
	if (image && (o.json || revisions))
		return cmd_usage_error("show", "--image writes the image's bytes alone; it takes no other option");
	if ((rc = cmd_open_archive(ctx, &a, OPEN_READ)))
		return rc;
	if (original) {
		struct buf bytes = BUF_INIT;
		rc = archive_original(a, id, 0, &bytes, &e);
		if (!rc && fwrite(bytes.data, 1, bytes.len, stdout) != bytes.len)
			rc = ferr_set(&e, FOLIO_EIO, "cannot write to standard output");
		buf_release(&bytes);
	} else if (image) {
		struct archive_image_row *rows = NULL;
		size_t nrows = 0;
		rc = archive_images(a, id, 0, &rows, &nrows, &e);
		const struct archive_image_row *im = NULL;
		for (size_t i = 0; !rc && i < nrows; i++)
			if (rows[i].seq == image)
				im = &rows[i];
		if (!rc && !im)
			rc = ferr_set(&e, FOLIO_ENOTFOUND, "article %lld has no image %lld (it has %zu)", id,
				      image, nrows);
		else if (!rc && !im->sha256)
			rc = ferr_set(&e, FOLIO_ENOTFOUND, "article %lld, image %lld (%s): not in the archive: %s",
				      id, image, im->ref, im->missing);
		else if (!rc && isatty(STDOUT_FILENO))
			rc = ferr_set(&e, FOLIO_EUSAGE, "--image writes the image's bytes: redirect them to a file "
							"(folio show %lld --image %lld > photo.%s)",
				      id, image, image_extension(im->media_type));
		struct buf bytes = BUF_INIT;
		if (!rc && im)
			rc = archive_image_data(a, im->sha256, &bytes, &e);
		if (!rc && fwrite(bytes.data, 1, bytes.len, stdout) != bytes.len)
			rc = ferr_set(&e, FOLIO_EIO, "cannot write to standard output");
		buf_release(&bytes);
		archive_image_rows_free(rows, nrows);
	} else if ((rc = archive_get(a, id, &r, &e)) == 0) {
		struct archive_image_row *rows = NULL;
		size_t nrows = 0;
		if (!revisions)
			rc = archive_images(a, id, 0, &rows, &nrows, &e);
		if (revisions) {
			if (!o.json)
				printf("article %lld: %d revision%s\n", id, r.revision,
				       r.revision == 1 ? "" : "s");
			rc = archive_revisions(a, id, print_revision, &o, &e);
			if (!rc)
				print_revision(&o, &r);
		} else if (rc) {
			/* the images could not be read: said below */
		} else if (o.json) {
			struct buf b = BUF_INIT;
			record_json(&b, &r, false);
			record_json_add_images(&b, rows, nrows);
			puts(b.data);
			buf_release(&b);
		} else {
			print_record(&r);
			print_images(rows, nrows);
			printf("\n%s", r.body);
		}
		archive_image_rows_free(rows, nrows);
		record_release(&r);
	}
	archive_close(a);
	if (rc) {
		cmd_error("show", "%s", e.msg);
		return cmd_exit_status(rc);
	}
	return EXIT_OK;
}
