/* display.c - building and freeing the display list. */
#include "display.h"
#include "../util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Positions to a hundredth of a point (3.5 µm): finer is invisible, and
 * shorter numbers make smaller content streams. */
static double q(double v)
{
	return round(v * 100) / 100;
}

static const char *const role_names[FONT_ROLE_COUNT] = {
	[FONT_SERIF] = "serif",
	[FONT_SANS] = "sans",
	[FONT_KAI] = "kai",
	[FONT_LATIN] = "latin",
	[FONT_LATIN_BOLD] = "latin-bold",
	[FONT_LATIN_ITALIC] = "latin-italic",
	[FONT_LATIN_SANS] = "latin-sans",
	[FONT_MONO] = "mono",
	[FONT_RARE] = "rare",
	[FONT_RARE_B] = "rare-b",
	[FONT_SERIF_BOLD] = "serif-bold",
};

const char *font_role_name(enum font_role role)
{
	return role < FONT_ROLE_COUNT ? role_names[role] : "?";
}

int font_role_by_name(const char *name)
{
	for (int i = 0; i < FONT_ROLE_COUNT; i++)
		if (!strcmp(role_names[i], name))
			return i;
	return -1;
}

static const char *const pdfa_names[] = {
	[DISPLAY_PDFA_2U] = "2u", [DISPLAY_PDFA_3U] = "3u", [DISPLAY_PDFA_NONE] = "none",
};

int display_pdfa_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(pdfa_names) / sizeof(*pdfa_names); i++)
		if (!strcmp(pdfa_names[i], name))
			return (int)i;
	return -1;
}

const char *display_pdfa_name(enum display_pdfa level)
{
	return (unsigned)level < sizeof(pdfa_names) / sizeof(*pdfa_names) ? pdfa_names[level] : "?";
}

static const char *const tag_names[TAG_COUNT] = {
	[TAG_DOCUMENT] = "Document", [TAG_SECT] = "Sect", [TAG_ART] = "Art",
	[TAG_TOC] = "TOC", [TAG_TOCI] = "TOCI", [TAG_H1] = "H1", [TAG_H2] = "H2",
	[TAG_H3] = "H3", [TAG_P] = "P", [TAG_L] = "L", [TAG_LI] = "LI",
	[TAG_BLOCKQUOTE] = "BlockQuote", [TAG_TABLE] = "Table", [TAG_TR] = "TR",
	[TAG_TD] = "TD", [TAG_FIGURE] = "Figure", [TAG_CAPTION] = "Caption",
};

const char *display_tag_name(enum display_tag tag)
{
	return (unsigned)tag < TAG_COUNT ? tag_names[tag] : "NonStruct";
}

void display_init(struct display *d)
{
	memset(d, 0, sizeof(*d));
	d->current_elem = -1;
}

int display_elem(struct display *d, int parent, enum display_tag tag, const char *title,
		 const char *alt)
{
	if (d->nelems == 0 && tag != TAG_DOCUMENT)
		display_elem(d, -1, TAG_DOCUMENT, NULL, NULL);
	if (d->nelems == d->elems_cap) {
		d->elems_cap = d->elems_cap ? 2 * d->elems_cap : 64;
		d->elems = xrealloc(d->elems, d->elems_cap * sizeof(*d->elems));
	}
	struct display_elem *el = &d->elems[d->nelems];
	el->tag = tag;
	el->parent = d->nelems == 0 ? -1 : parent < 0 ? 0 : parent;
	el->title = title ? xstrdup(title) : NULL;
	el->alt = alt ? xstrdup(alt) : NULL;
	return (int)d->nelems++;
}

void display_set_elem(struct display *d, int elem)
{
	d->current_elem = elem;
}

void display_release(struct display *d)
{
	for (size_t p = 0; p < d->npages; p++) {
		for (size_t i = 0; i < d->pages[p].n; i++)
			free(d->pages[p].items[i].text);
		free(d->pages[p].items);
	}
	free(d->pages);
	for (size_t i = 0; i < d->noutlines; i++)
		free(d->outlines[i].title);
	free(d->outlines);
	free(d->title);
	free(d->author);
	free(d->subject);
	free(d->keywords);
	for (size_t i = 0; i < d->nelems; i++) {
		free(d->elems[i].title);
		free(d->elems[i].alt);
	}
	free(d->elems);
	display_init(d);
}

int display_add_page(struct display *d, double width, double height)
{
	if (d->npages == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->pages = xrealloc(d->pages, d->cap * sizeof(*d->pages));
	}
	struct display_page *pg = &d->pages[d->npages];
	memset(pg, 0, sizeof(*pg));
	pg->width = width;
	pg->height = height;
	return (int)d->npages++;
}

static struct display_item *add_item(struct display *d, int p, enum display_kind kind)
{
	struct display_page *pg = &d->pages[p];
	if (pg->n == pg->cap) {
		pg->cap = pg->cap ? 2 * pg->cap : 64;
		pg->items = xrealloc(pg->items, pg->cap * sizeof(*pg->items));
	}
	struct display_item *it = &pg->items[pg->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->line = -1;
	it->elem = d->current_elem;
	return it;
}

void display_text(struct display *d, int p, double x, double y, enum font_role font, double size,
		  double char_space, const char *text, size_t len, int line)
{
	struct display_item *it = add_item(d, p, DISPLAY_TEXT);
	it->x = q(x);
	it->y = q(y);
	it->font = font;
	it->size = size;
	it->char_space = round(char_space * 1000) / 1000;
	it->text = xstrndup(text, len);
	it->line = line;
}

void display_artifact(struct display *d, int p, double x, double y, enum font_role font,
		      double size, const char *text, int line)
{
	display_text(d, p, x, y, font, size, 0, text, strlen(text), line);
	d->pages[p].items[d->pages[p].n - 1].artifact = true;
}

void display_rule(struct display *d, int p, double x0, double y0, double x1, double y1,
		  double width, float gray)
{
	struct display_item *it = add_item(d, p, DISPLAY_RULE);
	it->x = q(x0);
	it->y = q(y0);
	it->x1 = q(x1);
	it->y1 = q(y1);
	it->width = width;
	it->gray = gray;
}

void display_dashed_rule(struct display *d, int p, double x0, double y0, double x1, double y1,
			 double width, float gray, double on, double off)
{
	display_rule(d, p, x0, y0, x1, y1, width, gray);
	struct display_item *it = &d->pages[p].items[d->pages[p].n - 1];
	it->dash_on = q(on);
	it->dash_off = q(off);
}

void display_image(struct display *d, int p, double x, double y, double w, double h,
		   const char *path)
{
	struct display_item *it = add_item(d, p, DISPLAY_IMAGE);
	it->x = x;
	it->y = y;
	it->x1 = x + w;
	it->y1 = y + h;
	it->text = xstrdup(path);
}

void display_link(struct display *d, int p, double x0, double y0, double x1, double y1,
		  const char *uri)
{
	struct display_item *it = add_item(d, p, DISPLAY_LINK);
	it->x = x0;
	it->y = y0;
	it->x1 = x1;
	it->y1 = y1;
	it->text = xstrdup(uri);
}

void display_outline(struct display *d, const char *title, int level, int page, double y)
{
	if (d->noutlines == d->outlines_cap) {
		d->outlines_cap = d->outlines_cap ? 2 * d->outlines_cap : 16;
		d->outlines = xrealloc(d->outlines, d->outlines_cap * sizeof(*d->outlines));
	}
	struct display_outline *o = &d->outlines[d->noutlines++];
	o->title = xstrdup(title);
	o->level = level;
	o->page = page;
	o->y = y;
}
