/*
 * markdown.h - the reader for Markdown articles with YAML front matter:
 *
 *   ---
 *   title: 党建综合示范区的探索与实践
 *   date: 2019-01-29 15:42
 *   author: [邵英豪]
 *   editor: 陈珊云
 *   source: 鄞州新闻网
 *   section: 要闻
 *   url: https://...
 *   tags: [党建, 百丈]
 *   ---
 *   body in CommonMark
 *
 * Keys: title, subtitle (or original_title), date (or published), author
 * or authors (a string or a list), contributors, editor, source, section,
 * url, tags, correction, id (an explicit identity).  Unknown keys are
 * ignored.  Without a title key, a leading "# heading" is the title.
 * YAML aliases and anchors are refused (they serve no purpose in front
 * matter and make alias bombs possible).
 */
#ifndef FOLIO_MARKDOWN_H
#define FOLIO_MARKDOWN_H

#include <stddef.h>
#include "article.h"
#include "../util.h"

/* Read text[0..len) (valid UTF-8, LF line endings) into *a (initialised by
 * the caller).  Returns 0, or FOLIO_EINPUT naming the key or line at fault. */
int article_from_markdown(const char *text, size_t len, struct article *a, struct ferr *e);

/* true if text starts with a front matter block. */
bool markdown_has_front_matter(const char *text, size_t len);

#endif
