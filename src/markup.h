/*
 * markup.h - Markdown through cmark: checking a body, turning it into the
 * plain text that search indexes and exports print, finding its first
 * heading.  The only file that includes <cmark.h>.
 *
 * Ownership: functions returning char * return a heap string the caller
 * frees with free().
 */
#ifndef FOLIO_MARKUP_H
#define FOLIO_MARKUP_H

#include <stddef.h>
#include "util.h"

/* Parse md[0..len) with cmark.  Fails (FOLIO_EINPUT) when the text is not
 * valid UTF-8 (with the byte offset) or contains NUL bytes. */
int markup_check(const char *md, size_t len, struct ferr *e);

/*
 * The plain text of a Markdown body: one line per paragraph, heading, list
 * item or code line; inline markup dropped, images as their alt text; a soft
 * line break between two CJK characters joins them, elsewhere it becomes a
 * space.  Deterministic: search and the archive rely on the same input
 * always giving the same text (MARKUP_PLAIN_VERSION changes when the rules
 * do, so stored indexes can be rebuilt).
 */
#define MARKUP_PLAIN_VERSION 1
char *markup_plain(const char *md, size_t len);

/* The text of the first level-1 heading, or NULL.  *body_start receives the
 * offset just after that heading's line, for callers that lift it out as the
 * title (set to 0 when there is none). */
char *markup_first_heading(const char *md, size_t len, size_t *body_start);

#endif
