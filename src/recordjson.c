/* recordjson.c - article records as JSON objects. */
#include "recordjson.h"

#include <string.h>

static void json_field(struct buf *b, const char *key, const char *value)
{
	buf_addf(b, ",\"%s\":", key);
	buf_add_json_string(b, value);
}

/* A stored JSON array, or [] when absent. */
static void json_raw_array(struct buf *b, const char *key, const char *value)
{
	buf_addf(b, ",\"%s\":%s", key, value && *value ? value : "[]");
}

void record_json_deleted(struct buf *b, const struct record *r)
{
	if (r->deleted) {
		buf_adds(b, "{\"time\":");
		buf_add_json_string(b, r->deleted);
		buf_adds(b, ",\"reason\":");
		buf_add_json_string(b, r->delete_reason ? r->delete_reason : "");
		buf_addf(b, ",\"purged\":%s", r->purged ? "true" : "false");
		if (r->delete_entry > 0)
			buf_addf(b, ",\"audit_entry\":%lld", r->delete_entry);
		buf_addc(b, '}');
	} else {
		buf_adds(b, r->purged ? "{\"purged\":true}" : "null");
	}
}

void record_json(struct buf *b, const struct record *r, bool with_search)
{
	buf_addf(b, "{\"id\":%lld", r->id);
	json_field(b, "title", r->title);
	json_field(b, "subtitle", r->subtitle);
	json_field(b, "kicker", r->kicker);
	json_raw_array(b, "authors", r->authors);
	json_raw_array(b, "contributors", r->contributors);
	json_field(b, "editor", r->editor);
	json_field(b, "source", r->source);
	json_field(b, "section", r->section);
	json_field(b, "page", r->page);
	json_field(b, "published", r->published);
	json_field(b, "date_source", r->date_source && *r->date_source ? r->date_source : NULL);
	json_field(b, "url", r->url);
	json_field(b, "correction", r->correction);
	json_raw_array(b, "tags", r->tags);
	json_field(b, "body", r->body);
	buf_addf(b, ",\"chars\":%lld", r->chars);
	json_field(b, "sha256", r->sha256);
	json_field(b, "encoding", r->encoding);
	json_field(b, "converter", r->converter);
	/* how the original was read, and how plausible its text is: null
	 * when the archive did not record it (before schema 7) */
	json_field(b, "encoding_evidence", r->evidence && *r->evidence ? r->evidence : NULL);
	if (r->confidence >= 0)
		buf_addf(b, ",\"encoding_confidence\":%.2f", r->confidence);
	else
		buf_adds(b, ",\"encoding_confidence\":null");
	if (r->plausibility >= 0)
		buf_addf(b, ",\"plausibility\":%.2f", r->plausibility);
	else
		buf_adds(b, ",\"plausibility\":null");
	json_field(b, "language", r->language && *r->language ? r->language : NULL);
	buf_addf(b, ",\"suspect\":%s", r->suspect ? "true" : "false");
	json_field(b, "format", r->format);
	json_field(b, "filename", r->filename);
	json_field(b, "ingested", r->ingested);
	buf_addf(b, ",\"revision\":%d", r->revision);
	buf_addf(b, ",\"lossy\":%s", r->lossy ? "true" : "false");
	/* A tombstone says so wherever the record goes (show, exports, bags). */
	buf_adds(b, ",\"deleted\":");
	record_json_deleted(b, r);
	if (with_search) {
		json_field(b, "snippet", r->snippet);
		buf_addf(b, ",\"rank\":%.6f", r->rank);
	}
	buf_addc(b, '}');
}


void record_images_json(struct buf *b, const struct archive_image_row *v, size_t n)
{
	buf_addc(b, '[');
	for (size_t i = 0; i < n; i++) {
		const struct archive_image_row *r = &v[i];
		buf_addf(b, "%s{\"seq\":%d,\"ref\":", i ? "," : "", r->seq);
		buf_add_json_string(b, strncmp(r->ref, "data:", 5) ? r->ref : "data:…");
		buf_adds(b, ",\"caption\":");
		buf_add_json_string(b, r->caption ? r->caption : "");
		if (r->sha256) {
			buf_addf(b, ",\"sha256\":\"%s\",\"media_type\":\"%s\",\"width\":%d,"
				    "\"height\":%d,\"bytes\":%lld",
				 r->sha256, r->media_type, r->width, r->height, r->size);
			if (r->purged)
				buf_adds(b, ",\"purged\":true");
		} else {
			buf_adds(b, ",\"missing\":");
			buf_add_json_string(b, r->missing ? r->missing : "");
		}
		buf_addc(b, '}');
	}
	buf_addc(b, ']');
}

void record_json_add_images(struct buf *b, const struct archive_image_row *v, size_t n)
{
	if (!n || !b->len || b->data[b->len - 1] != '}')
		return;
	b->len--;
	b->data[b->len] = '\0';
	buf_adds(b, ",\"images\":");
	record_images_json(b, v, n);
	buf_addc(b, '}');
}
