/*
 * layout.h - a layout: the page, its columns and margins, the fonts by role
 * and the type sizes, the running head and foot, and whether an edition has
 * a cover and contents.  Read from a YAML file in layouts/ (see
 * layouts/README.md for every key); a bad file is refused naming the key
 * and the reason.
 *
 * Lengths in the file take units: mm, cm, pt, in ("18mm", "10pt");
 * line-height is a factor of the body size; indent is in em.
 *
 * Ownership: struct layout owns its strings; layout_release() frees them.
 */
#ifndef FOLIO_LAYOUT_H
#define FOLIO_LAYOUT_H

#include <stdbool.h>
#include "display.h"
#include "../util.h"

struct layout {
	char *name;
	double page_w, page_h;              /* pt */
	double margin_top, margin_bottom, margin_inner, margin_outer;
	int columns;
	double gutter;
	double body_size, line_height, indent_em;
	double title_size, subtitle_size, heading_size, byline_size, head_size;
	double paragraph_space;             /* extra space between paragraphs, pt */
	enum font_role body_font, heading_font, emphasis_font, latin_font, latin_bold_font,
		latin_italic_font, latin_heading_font, mono_font;
	enum font_role title_font, latin_title_font; /* article titles */
	char *masthead;       /* the bulletin's name on the cover and running heads */
	char *header_left, *header_right, *footer; /* templates: {masthead} {month} {issue} {section} {title} {page} */
	bool cover, contents, metadata_block;
	bool hyphenate; /* English words in body text may break with a hyphen */
	bool cjk_punct; /* ASCII , : ; ! ? ( ) between Han printed full width */
	bool wide_figures; /* a landscape photo may span all the columns */
	enum display_pdfa pdfa; /* the standard the PDF is written to (pdfa: 2u) */
};

/* Find a layout by name (layouts/NAME.yaml under dir) or as a path (when
 * the argument contains '/' or ends in .yaml) and read it. */
int layout_load(const char *dir, const char *name_or_path, struct layout *out, struct ferr *e);

/* Read a layout from YAML text; `name` is used in messages. */
int layout_parse(const char *name, const char *text, size_t len, struct layout *out,
		 struct ferr *e);

void layout_release(struct layout *l);

/* Whether a photo of pw x ph pixels is set across all the columns: a
 * landscape one (6:5 or wider) that would print more than a column and a
 * half wide at 150 dpi, in a layout of several columns with wide-figures
 * on, not nested in a quotation or list. */
bool layout_figure_spans(const struct layout *l, int pw, int ph, bool nested);

/* The width of the text area (all the columns and gutters). */
double layout_text_width(const struct layout *l);

/* The text width of one column. */
double layout_column_width(const struct layout *l);

#endif
