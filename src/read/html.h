/*
 * html.h - the reader for saved HTML news pages: finds the article in the
 * page (title, publication time, author, source, main text) and leaves out
 * scripts, styles, navigation, comments, related links and footers.
 * html.c is the only file that includes libxml2's HTML parser.
 */
#ifndef FOLIO_HTML_H
#define FOLIO_HTML_H

#include <stdbool.h>
#include <stddef.h>
#include "article.h"
#include "../util.h"

/* Read the page text[0..len), already decoded to UTF-8 (the caller has
 * honoured the page's real charset; any <meta charset> in it is ignored),
 * into *a (initialised by the caller).  The body is Markdown: paragraphs,
 * headings, lists, block quotes, links, images by URL.  Returns 0, or
 * FOLIO_EINPUT when no article is found. */
int article_from_html(const char *text, size_t len, struct article *a, struct ferr *e);

/* true if the text looks like an HTML document (doctype, <html>, <head> or
 * <body> near the start, allowing for a BOM, white space and comments). */
bool html_sniff(const char *text, size_t len);

#endif
