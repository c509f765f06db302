/*
 * display.h - the display list: what a page shows, free of any PDF library.
 * The typesetter and paginator build it; the PDF backend (pdf.c) draws it;
 * tests read it (every line's text and position) without rendering.
 *
 * Coordinates are PDF points (1/72 inch), origin at the bottom-left of the
 * page, y upwards.  Text is placed by its baseline start.
 *
 * Ownership: a struct display owns its pages, their items and every string
 * in them; display_release() frees all.  The add functions copy strings.
 */
#ifndef FOLIO_DISPLAY_H
#define FOLIO_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Font roles: what a face is for.  fonts/roles maps each to a file. */
enum font_role {
	FONT_SERIF,       /* Chinese body text (Noto Serif CJK SC) */
	FONT_SANS,        /* Chinese headings and strong text (Noto Sans CJK SC Bold) */
	FONT_KAI,         /* Chinese emphasis (AR PL UKai) */
	FONT_LATIN,       /* Latin body text (Noto Serif) */
	FONT_LATIN_BOLD,  /* Latin strong text and titles (Noto Serif Bold) */
	FONT_LATIN_ITALIC,/* Latin emphasis (Noto Serif Italic) */
	FONT_LATIN_SANS,  /* Latin in headings (Noto Sans Bold) */
	FONT_MONO,        /* code (DejaVu Sans Mono) */
	FONT_RARE,        /* characters the others lack, BMP and Extension A/B (HanaMin A) */
	FONT_RARE_B,      /* Extension B and beyond (HanaMin B) */
	FONT_SERIF_BOLD,  /* Chinese titles (Noto Serif CJK SC Bold) */
	FONT_ROLE_COUNT
};

/* The role's name as layouts and `folio fonts` write it ("serif", ...). */
const char *font_role_name(enum font_role role);
/* The role for a name, or -1. */
int font_role_by_name(const char *name);

/* Structure types (ISO 32000-1 14.8.4): what a piece of content is, for
 * tagged PDF.  The structure tree is the document in reading order,
 * whatever the order of drawing. */
enum display_tag {
	TAG_DOCUMENT, TAG_SECT, TAG_ART, TAG_TOC, TAG_TOCI, TAG_H1, TAG_H2, TAG_H3, TAG_P,
	TAG_L, TAG_LI, TAG_BLOCKQUOTE, TAG_TABLE, TAG_TR, TAG_TD, TAG_FIGURE, TAG_CAPTION,
	TAG_COUNT
};

/* The standard structure type's name ("Document", "P"). */
const char *display_tag_name(enum display_tag tag);

/* One structure element.  Elements are numbered in the order they were
 * added; a parent's children are in that order: add them in reading order. */
struct display_elem {
	enum display_tag tag;
	int parent;  /* an element, or -1 for the root (the Document) */
	char *title; /* /T: a section's or article's title, or NULL */
	char *alt;   /* /Alt: a figure's description, or NULL */
};

enum display_kind { DISPLAY_TEXT, DISPLAY_RULE, DISPLAY_RECT, DISPLAY_IMAGE, DISPLAY_LINK };

struct display_item {
	enum display_kind kind;
	double x, y;        /* TEXT: baseline start; RULE: from; RECT, IMAGE, LINK: lower left */
	double x1, y1;      /* RULE: to; RECT, IMAGE, LINK: upper right */
	double width;       /* RULE: line width */
	double dash_on, dash_off; /* RULE: a dashed line, dashes dash_on long and
	                           * dash_off apart from its start; 0, 0: solid */
	float gray;         /* TEXT, RULE, RECT: 0 black .. 1 white */
	enum font_role font;/* TEXT */
	double size;        /* TEXT: font size */
	double char_space;  /* TEXT: extra space after every character (justification) */
	char *text;         /* TEXT: UTF-8, all of it in `font`; IMAGE: file path; LINK: URI */
	int line;           /* TEXT: index of the typeset line it belongs to (for tests), or -1 */
	bool artifact;      /* TEXT: drawn but not part of the text (a hyphen added
	                     * at a line break): extracts as nothing */
	int elem;           /* the structure element it is content of, or -1: an
	                     * artifact (running heads, page numbers, rules) */
};

struct display_page {
	double width, height;
	struct display_item *items;
	size_t n, cap;
};

struct display_outline {
	char *title;
	int level; /* 0: section, 1: article under it */
	int page;  /* index into pages */
	double y;  /* top of the destination */
};

/* The standard a PDF is written to.  PDF/A-2u (ISO 19005-2, level U: every
 * character maps to Unicode) is the default; PDF/A-3u also allows files
 * embedded as the document's associated files. */
enum display_pdfa { DISPLAY_PDFA_2U, DISPLAY_PDFA_3U, DISPLAY_PDFA_NONE };

/* "2u", "3u", "none" -> the level, or -1. */
int display_pdfa_by_name(const char *name);
const char *display_pdfa_name(enum display_pdfa level);

/* A file embedded in the PDF as an associated file of the document (PDF/A-3
 * only): the bytes are borrowed from the caller, who keeps them until the
 * PDF is written. */
struct display_attachment {
	const char *name;         /* file name, UTF-8 */
	const char *mime;         /* "text/plain", "application/json" */
	const char *relationship; /* "Source", "Data", "Supplement", ... */
	const char *description;  /* UTF-8, or NULL */
	const unsigned char *data;
	size_t len;
	long long mtime;          /* seconds since the epoch, 0: unknown */
};

struct display {
	struct display_page *pages;
	size_t npages, cap;
	struct display_outline *outlines;
	size_t noutlines, outlines_cap;
	/* document info, UTF-8; NULL when unknown */
	char *title, *author, *subject, *keywords;
	long long created; /* seconds since the epoch, for /CreationDate; 0: none */
	enum display_pdfa pdfa;
	const char *lang;  /* the document's language (BCP 47), NULL: zh-CN; static */
	const struct display_attachment *attachments; /* borrowed; PDF/A-3u only */
	size_t nattachments;
	struct display_elem *elems; /* the structure tree; elems[0] is the Document */
	size_t nelems, elems_cap;
	int current_elem; /* what items added now are content of (-1: artifacts) */
};

void display_init(struct display *d);
void display_release(struct display *d);
/* Start a new page; returns its index. */
int display_add_page(struct display *d, double width, double height);
/* Append to page p (copies text). */
void display_text(struct display *d, int p, double x, double y, enum font_role font, double size,
		  double char_space, const char *text, size_t len, int line);
void display_rule(struct display *d, int p, double x0, double y0, double x1, double y1,
		  double width, float gray);
/* Text that is drawn but is not part of the document's text (the hyphen
 * of a word broken at a line end): text extraction gives nothing for it. */
void display_artifact(struct display *d, int p, double x, double y, enum font_role font,
		      double size, const char *text, int line);
/* A dashed rule: dashes `on` long, `off` apart, the first at (x0, y0). */
void display_dashed_rule(struct display *d, int p, double x0, double y0, double x1, double y1,
			 double width, float gray, double on, double off);
void display_image(struct display *d, int p, double x, double y, double w, double h,
		   const char *path);
void display_link(struct display *d, int p, double x0, double y0, double x1, double y1,
		  const char *uri);
void display_outline(struct display *d, const char *title, int level, int page, double y);

/* Add a structure element under parent (-1: under the Document, element
 * 0, made with the first element added); returns its number.  Copies the strings
 * (either may be NULL). */
int display_elem(struct display *d, int parent, enum display_tag tag, const char *title,
		 const char *alt);
/* Items added from now on are content of elem (-1: artifacts, the default). */
void display_set_elem(struct display *d, int elem);

#endif
