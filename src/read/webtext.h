/*
 * webtext.h - the reader for text dumps of news web pages: site navigation,
 * a title, bylines, body paragraphs, metadata lines (编辑:, 来源:, 原标题:,
 * 纠错:, 责任编辑：) and the site footer, all in one plain-text file.
 *
 * It finds the article in the page and leaves the chrome out.  It knows the
 * family of layouts, not particular sites: see webtext.c for the rules.
 */
#ifndef FOLIO_WEBTEXT_H
#define FOLIO_WEBTEXT_H

#include <stddef.h>
#include "article.h"
#include "../util.h"

/* Read the dump text[0..len) (valid UTF-8) into *a, which the caller has
 * initialised with article_init() and releases with article_release().
 * The body is written as Markdown: paragraphs separated by blank lines,
 * in-body section headings as "## heading", Markdown metacharacters in the
 * text escaped so the body renders back to the same words.
 * Returns 0, or FOLIO_EINPUT when no article is found (no title, no body). */
int article_from_webtext(const char *text, size_t len, struct article *a, struct ferr *e);

/* true if the text looks like a web-page dump rather than Markdown: used by
 * format detection ("auto"). */
bool webtext_sniff(const char *text, size_t len);

/* Append s[0..len) to b so that CommonMark renders it back as the same
 * text (inline metacharacters escaped; at the start, what would open a
 * heading, list, quote or rule).  heading: s follows "## ". */
void webtext_escape(struct buf *b, const char *s, size_t len, bool heading);

#endif
