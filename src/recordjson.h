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

#endif
