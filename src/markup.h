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

/* ---- the block tree, for layout ---------------------------------------- */

/* Inline styles, as bits. */
enum {
	STYLE_STRONG = 1,
	STYLE_EMPH = 2,
	STYLE_CODE = 4,
	STYLE_LINK = 8,
};

/* A styled stretch of a block's text (byte offsets). */
struct span {
	size_t start, end;
	unsigned style;
	const char *href; /* STYLE_LINK: the URI (owned by the block) */
};

enum block_type {
	BLOCK_PARAGRAPH,
	BLOCK_HEADING,
	BLOCK_CODE,   /* a code block: text keeps its line breaks */
	BLOCK_RULE,   /* thematic break */
	BLOCK_IMAGE,  /* a paragraph that is only an image: url, text = alt */
	BLOCK_TABLE_ROW, /* a row of a GFM pipe table (cmark 0.30 has no tables):
			  * cells separated by " │ ", the header row strong */
};

/*
 * One leaf block of a Markdown body, with its context flattened: how deep
 * in block quotes and lists it sits, and for the first block of a list
 * item, its marker ("1." or "•").  Soft line breaks are resolved as in
 * markup_plain(); hard breaks are '\n' in text.
 */
struct block {
	enum block_type type;
	int level;    /* BLOCK_HEADING: 1-6 */
	int quote;    /* block-quote depth */
	int list;     /* list depth */
	char *marker; /* list item marker on its first block, else NULL */
	char *text;
	struct span *spans;
	size_t nspans;
	char *url;    /* BLOCK_IMAGE */
	char *file;   /* BLOCK_IMAGE: the file it is printed from, which the
		       * edition writes from the archive; NULL: not available */
	char **hrefs; /* the link targets spans point at */
	size_t nhrefs;
};

struct blocks {
	struct block *v;
	size_t n;
};

/* Parse md[0..len) into leaf blocks (appended to out).  Returns 0. */
int markup_blocks(const char *md, size_t len, struct blocks *out);
void blocks_release(struct blocks *b);

#endif
