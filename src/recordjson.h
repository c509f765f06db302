/*
 * recordjson.h - an article record as JSON: the keys of `folio show
 * --json`, shared by show, list, search, export and snapshots, so that
 * every JSON folio writes about an article has the same shape.
 */
#ifndef FOLIO_RECORDJSON_H
#define FOLIO_RECORDJSON_H

#include <stdbool.h>
#include "archive.h"
#include "buf.h"

/* Append r as one JSON object (no newline) to b: id, title, subtitle,
 * authors, contributors, editor, source, section, published, url,
 * correction, tags, body, chars, sha256, encoding, format, filename,
 * ingested, revision, lossy; plus snippet and rank when with_search. */
/* The value of the record's "deleted" key: null, or the tombstone as
 * {"time", "reason", "purged"}. */
void record_json_deleted(struct buf *b, const struct record *r);

void record_json(struct buf *b, const struct record *r, bool with_search);

/* The article's images (archive_images()) as a JSON array: each with seq,
 * ref (a data: URL shortened to "data:…"), caption, and either sha256,
 * media_type, width, height, bytes (and purged) or missing. */
void record_images_json(struct buf *b, const struct archive_image_row *v, size_t n);

/* b holds one JSON object (record_json()): add "images" to it, when the
 * article references any (else the object keeps the keys of list --json). */
void record_json_add_images(struct buf *b, const struct archive_image_row *v, size_t n);

#endif
