/*
 * template.h - the reading room's HTML templates (layouts/web/NAME.html): a
 * small subset of Mustache over a tree of values the server builds.
 *
 *   {{name}}            the value, HTML-escaped (every text value, always)
 *   {{{name}}}          a value built as HTML by the server (t_html); a text
 *                       value is escaped here too, so nothing typed by a user
 *                       or read from an article reaches the page unescaped
 *   {{#name}}…{{/name}} for each item of a list; once for a non-empty text
 *                       or a map (its keys then visible inside)
 *   {{^name}}…{{/name}} once when name is missing, empty text or an empty list
 *   {{>name}}           the template name.html of the same set
 * Names are looked up in the innermost item first, then outwards.
 *
 * Ownership: t_map() allocates a tree; t_free() frees it and everything
 * added to it.  Values are copied.
 */
#ifndef FOLIO_SERVE_TEMPLATE_H
#define FOLIO_SERVE_TEMPLATE_H

#include <stddef.h>
#include "../buf.h"
#include "../util.h"

struct tnode;

struct tnode *t_map(void);
void t_free(struct tnode *t);
/* Set key in map to text (escaped when shown). */
void t_set(struct tnode *map, const char *key, const char *text);
void t_setf(struct tnode *map, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Set key to HTML the server made (shown as it is by {{{key}}}). */
void t_html(struct tnode *map, const char *key, const char *html);
/* The list at key (made if missing); t_item() appends a new map to it. */
struct tnode *t_list(struct tnode *map, const char *key);
struct tnode *t_item(struct tnode *list);

/* A set of templates read from dir (every NAME.html in it). */
struct tset;
int tset_load(const char *dir, struct tset **out, struct ferr *e);
void tset_free(struct tset *s);
/* Render template name with data, appended to out.  FOLIO_EINPUT for an
 * unknown template or a malformed one (an unclosed section). */
int tset_render(const struct tset *s, const char *name, const struct tnode *data,
		struct buf *out, struct ferr *e);

/* s HTML-escaped (& < > " ') appended to out. */
void html_escape(struct buf *out, const char *s);

#endif
