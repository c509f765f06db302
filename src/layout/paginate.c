/* paginate.c - cover, contents and articles in columns, onto pages. */
#include "paginate.h"
#include "image.h"
#include "linebreak.h"
#include "../buf.h"
#include "../utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENERAL_SECTION "综合"

/* ---- flow items ---------------------------------------------------------- */

enum item_kind { IT_LINE, IT_GAP, IT_RULE, IT_IMAGE };

/* One unsplittable piece of a column: a line, a gap, a rule. */
struct item {
	enum item_kind kind;
	double h;      /* advance down the column */
	double ascent; /* IT_LINE: baseline below the item's top */
	double x;      /* inset from the column's left edge */
	double size;
	const struct set_para *para;
	size_t line;
	int para_id;   /* lines of one paragraph share it (widows, orphans) */
	int index, nlines;
	bool keep_next; /* no column break after this item */
	bool span;      /* part of a figure across all the columns */
	float gray;
	double rule_w;  /* IT_RULE, IT_IMAGE: width */
	int elem;       /* the structure element it is content of; -1: an artifact */
	const char *image; /* IT_IMAGE: file path (borrowed from the blocks) */
};

struct flow {
	struct item *v;
	size_t n, cap;
	struct set_para **paras; /* owned */
	size_t npara, para_cap;
	int next_para_id;
};

static void flow_release(struct flow *f)
{
	for (size_t i = 0; i < f->npara; i++) {
		set_para_release(f->paras[i]);
		free(f->paras[i]);
	}
	free(f->paras);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static struct item *flow_add(struct flow *f, enum item_kind kind, double h)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 128;
		f->v = xrealloc(f->v, f->cap * sizeof(*f->v));
	}
	struct item *it = &f->v[f->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->h = h;
	it->elem = -1;
	return it;
}

/* The context paginate works in. */
struct pager {
	const struct layout *l;
	const struct measurer *m;
	struct display *d;
	struct paginate_result *res;
	int line_id;
	/* per page: the section shown in the running head */
	const char **page_section;
	size_t page_section_cap;
	const char *current_section;
	const char *current_title;
	const char **page_title;
	const struct hyphenator *hyph; /* for body paragraphs, or NULL */
	/* Structure: the article being set, and the element the paragraphs
	 * added now belong to. */
	int art_elem, flow_elem;
};

/* A new structure element under parent; paragraphs added next are its. */
static int elem_for_flow(struct pager *pg, int parent, enum display_tag tag, const char *alt)
{
	return pg->flow_elem = display_elem(pg->d, parent, tag, NULL, alt);
}

static void note_missing(struct pager *pg, const struct set_para *p)
{
	for (size_t i = 0; i < p->nmissing; i++) {
		bool seen = false;
		for (size_t k = 0; k < pg->res->nmissing; k++)
			seen |= pg->res->missing[k] == p->missing[i];
		if (!seen) {
			pg->res->missing = xrealloc(pg->res->missing,
						    (pg->res->nmissing + 1) * sizeof(uint32_t));
			pg->res->missing[pg->res->nmissing++] = p->missing[i];
		}
	}
}

static struct face_choice faces_for(const struct layout *l, bool heading)
{
	struct face_choice f = { heading ? l->heading_font : l->body_font,
				 l->heading_font,
				 heading ? l->heading_font : l->emphasis_font,
				 heading ? l->latin_heading_font : l->latin_font,
				 heading ? l->latin_heading_font : l->latin_bold_font,
				 heading ? l->latin_heading_font : l->latin_italic_font,
				 l->mono_font };
	return f;
}

/* Count the paragraph's lines that break a clreq rule (there should be
 * none: the count is the typesetter's own audit, reported by editions). */
static void audit_lines(struct pager *pg, const struct set_para *p)
{
	size_t cap = p->len + 1, n = 0, i = 0;
	uint32_t *cps = xmalloc(cap * sizeof(*cps));
	size_t *offs = xmalloc(cap * sizeof(*offs));
	while (i < p->len) {
		int k = utf8_decode((const unsigned char *)p->text + i, p->len - i, &cps[n]);
		if (k < 0) {
			cps[n] = 0xFFFD;
			k = 1;
		}
		offs[n++] = i;
		i += (size_t)k;
	}
	bool *brk = xmalloc(cap * sizeof(*brk));
	lb_opportunities(cps, n, brk);
	size_t a = 0;
	for (size_t l = 0; l < p->nlines; l++) {
		while (a < n && offs[a] < p->lines[l].start)
			a++;
		size_t b = a;
		while (b < n && offs[b] < p->lines[l].end)
			b++;
		/* Where the text itself breaks the line (a hard break, a line
		 * of a code block), the break is the author's, not ours; a word
		 * broken with a hyphen is hyphenation's, counted apart. */
		size_t from = a > 0 && cps[a - 1] == '\n' ? a : 0;
		size_t to = (b > a && cps[b - 1] == '\n') || p->lines[l].hyphen ? b : n;
		if (b > a && !lb_line_ok(cps + from, to - from, a - from, b - from)) {
			/* A break where none was allowed is the typesetter's last
			 * resort: a word, number or URL wider than the column. */
			bool forced = (a > 0 && !brk[a]) || (b < n && !brk[b] && !utf8_is_space(cps[b]));
			if (forced)
				pg->res->forced_breaks++;
			else
				pg->res->clreq_breaks++;
		}
		a = b;
	}
	free(cps);
	free(offs);
	free(brk);
}

/* Set a paragraph and append its lines to the flow. */
static void add_paragraph(struct pager *pg, struct flow *f, const char *text, size_t len,
			  const struct span *spans, size_t nspans, const struct para_style *ps,
			  double leading, double x, float gray, bool keep_next)
{
	struct set_para *p = xmalloc(sizeof(*p));
	typeset_paragraph(text, len, spans, nspans, ps, pg->m, p);
	note_missing(pg, p);
	audit_lines(pg, p);
	if (f->npara == f->para_cap) {
		f->para_cap = f->para_cap ? 2 * f->para_cap : 32;
		f->paras = xrealloc(f->paras, f->para_cap * sizeof(*f->paras)); // NOLINT(bugprone-sizeof-expression): an array of pointers
	}
	f->paras[f->npara++] = p;
	int id = f->next_para_id++;
	for (size_t i = 0; i < p->nlines; i++) {
		struct item *it = flow_add(f, IT_LINE, leading);
		it->ascent = (leading - ps->size) / 2 + 0.88 * ps->size;
		it->x = x;
		it->size = ps->size;
		it->para = p;
		it->line = i;
		it->para_id = id;
		it->index = (int)i;
		it->nlines = (int)p->nlines;
		it->gray = gray;
		it->keep_next = keep_next;
		it->elem = pg->flow_elem;
	}
}

static void add_gap(struct flow *f, double h)
{
	if (h > 0)
		flow_add(f, IT_GAP, h);
}

static double text_height(const struct layout *l);

/* The body of an article, for columns of width w; a wide figure is set
 * wide_w wide (the text width), its items marked span. */
static void body_flow(struct pager *pg, const struct blocks *body, double w, double wide_w,
		      struct flow *f)
{
	const struct layout *l = pg->l;
	double size = l->body_size, leading = size * l->line_height;
	/* The open groups: a block quote, a list and its item, a table. */
	int quote = -1, list = -1, item = -1, table = -1;
	for (size_t b = 0; b < body->n; b++) {
		const struct block *bl = &body->v[b];
		int parent = pg->art_elem;
		if (!bl->quote)
			quote = -1;
		else if (quote < 0)
			quote = display_elem(pg->d, parent, TAG_BLOCKQUOTE, NULL, NULL);
		if (quote >= 0)
			parent = quote;
		if (!bl->list) {
			list = item = -1;
		} else {
			if (list < 0)
				list = display_elem(pg->d, parent, TAG_L, NULL, NULL);
			if (bl->marker || item < 0)
				item = display_elem(pg->d, list, TAG_LI, NULL, NULL);
			parent = item;
		}
		if (bl->type != BLOCK_TABLE_ROW)
			table = -1;
		double inset = (bl->quote + bl->list) * 2 * size;
		if (inset > w / 2)
			inset = w / 2; /* deep nesting: the text keeps half the column */
		struct para_style ps = { 0 };
		ps.cjk_punct = l->cjk_punct;
		ps.size = size;
		ps.width = w - inset;
		ps.justify = true;
		ps.faces = faces_for(l, false);
		if (bl->quote)
			ps.faces.cjk = l->emphasis_font; /* quotations in Kai */
		switch (bl->type) {
		case BLOCK_HEADING: {
			double hs = bl->level <= 2 ? l->heading_size : size;
			ps.size = hs;
			ps.faces = faces_for(l, true);
			ps.justify = false;
			elem_for_flow(pg, parent, bl->level <= 2 ? TAG_H2 : TAG_H3, NULL);
			add_gap(f, leading * 0.5);
			add_paragraph(pg, f, bl->text, strlen(bl->text), bl->spans, bl->nspans, &ps,
				      hs * 1.5, inset, 0, true);
			break;
		}
		case BLOCK_PARAGRAPH: {
			if (bl->list)
				pg->flow_elem = item; /* the item's text is the item's */
			else
				elem_for_flow(pg, parent, TAG_P, NULL);
			ps.indent = bl->marker ? 0 : l->indent_em * size;
			ps.hyph = pg->hyph;
			struct buf t = BUF_INIT;
			size_t shift = 0;
			if (bl->marker) {
				/* The marker hangs in the inset of the first line. */
				buf_addf(&t, "%s ", bl->marker);
				shift = t.len;
			}
			buf_adds(&t, bl->text);
			struct span *sp = NULL;
			if (bl->nspans) {
				sp = xmalloc(bl->nspans * sizeof(*sp));
				for (size_t i = 0; i < bl->nspans; i++) {
					sp[i] = bl->spans[i];
					sp[i].start += shift;
					sp[i].end += shift;
				}
			}
			add_paragraph(pg, f, t.data, t.len, sp, bl->nspans, &ps, leading, inset, 0,
				      false);
			free(sp);
			buf_release(&t);
			if (l->paragraph_space > 0)
				add_gap(f, l->paragraph_space);
			break;
		}
		case BLOCK_CODE: {
			ps.justify = false;
			ps.size = size * 0.85;
			struct span all = { 0, strlen(bl->text), STYLE_CODE, NULL };
			elem_for_flow(pg, parent, TAG_P, NULL);
			add_gap(f, leading * 0.25);
			add_paragraph(pg, f, bl->text, strlen(bl->text), &all, 1, &ps, ps.size * 1.4,
				      inset + size, 0, false);
			add_gap(f, leading * 0.25);
			break;
		}
		case BLOCK_IMAGE: {
			int pw, ph;
			double colh = text_height(l) * 0.6;
			if (bl->file && image_dimensions(bl->file, &pw, &ph, NULL) == 0) {
				/* At 150 dpi, no wider than the column (or all the
				 * columns, for a wide one), no taller than most of
				 * a column; never split. */
				bool wide = layout_figure_spans(l, pw, ph, bl->quote || bl->list);
				double fw = wide ? wide_w : w;
				double iw = pw * 72.0 / 150, ih;
				if (iw > fw - inset)
					iw = fw - inset;
				ih = iw * ph / pw;
				if (ih > colh) {
					ih = colh;
					iw = ih * pw / ph;
				}
				size_t first = f->n;
				add_gap(f, leading * 0.3);
				struct item *it = flow_add(f, IT_IMAGE, ih + leading * 0.3);
				it->x = inset + (fw - inset - iw) / 2;
				it->rule_w = iw;
				it->image = bl->file;
				/* A figure says what it shows: its caption, else that
				 * it is a photo. */
				it->elem = display_elem(pg->d, parent, TAG_FIGURE, NULL,
							*bl->text ? bl->text : "图片");
				if (*bl->text) {
					it->keep_next = true; /* the caption stays with it */
					elem_for_flow(pg, it->elem, TAG_CAPTION, NULL);
					ps.center = true;
					ps.justify = false;
					ps.size = l->byline_size;
					ps.width = fw - inset;
					add_paragraph(pg, f, bl->text, strlen(bl->text), NULL, 0, &ps,
						      l->byline_size * 1.5, inset, 0.3f, false);
				}
				/* Room between the figure and the text under it. */
				add_gap(f, leading * (wide ? 0.5 : 0.3));
				if (wide)
					for (size_t k = first; k < f->n; k++)
						f->v[k].span = true;
				break;
			}
			/* An image the archive does not hold (a web URL, a file
			 * that was not there at ingest): its description stands
			 * in its place. */
			struct buf t = BUF_INIT;
			elem_for_flow(pg, parent, TAG_P, NULL);
			buf_addf(&t, "［图片：%s］", *bl->text ? bl->text : bl->url);
			ps.center = true;
			ps.justify = false;
			ps.faces.cjk = l->emphasis_font;
			add_paragraph(pg, f, t.data, t.len, NULL, 0, &ps, leading, inset, 0.35f, false);
			buf_release(&t);
			break;
		}
		case BLOCK_RULE: {
			add_gap(f, leading * 0.5);
			struct item *it = flow_add(f, IT_RULE, leading * 0.5);
			it->x = inset + (w - inset) / 3;
			it->rule_w = (w - inset) / 3;
			it->gray = 0.4f;
			break;
		}
		case BLOCK_TABLE_ROW: {
			/* A row is never split; rows are set small, unjustified,
			 * with a hairline between them. */
			ps.justify = false;
			ps.size = size * 0.85;
			if (table < 0)
				table = display_elem(pg->d, parent, TAG_TABLE, NULL, NULL);
			int tr = display_elem(pg->d, table, TAG_TR, NULL, NULL);
			elem_for_flow(pg, tr, TAG_TD, NULL);
			size_t first = f->n;
			add_paragraph(pg, f, bl->text, strlen(bl->text), bl->spans, bl->nspans, &ps,
				      ps.size * 1.45, inset, 0, false);
			for (size_t i = first; i + 1 < f->n; i++)
				f->v[i].keep_next = true;
			struct item *it = flow_add(f, IT_RULE, size * 0.35);
			it->x = inset;
			it->rule_w = w - inset;
			it->gray = 0.7f;
			break;
		}
		}
	}
}

/* ---- columns ------------------------------------------------------------- */

/* May a column end before it[k], the column having begun at it[start]? */
static bool break_ok(const struct item *it, size_t start, size_t k)
{
	const struct item *a = &it[k - 1], *b = &it[k];
	if (a->keep_next)
		return false;
	if (a->kind == IT_LINE && b->kind == IT_LINE && a->para_id == b->para_id) {
		int before = a->index + 1, after = a->nlines - b->index;
		if (before < 2 || after < 2)
			return false; /* an orphan or a widow */
		(void)start;
	}
	return true;
}

/* The index after the last item that goes into a column of height h
 * starting at it[i]; gaps at the top of a column are dropped. */
static size_t fit_column(const struct item *it, size_t i, size_t n, double h, double *used)
{
	double u = 0;
	while (i < n && it[i].kind == IT_GAP)
		i++;
	size_t start = i, j = i;
	while (j < n && u + it[j].h <= h + 1e-6)
		u += it[j++].h;
	if (j >= n) {
		*used = u;
		return n;
	}
	if (j == start) { /* an item taller than the column: set it anyway */
		*used = it[j].h;
		return j + 1;
	}
	for (size_t k = j; k > start; k--) {
		if (break_ok(it, start, k)) {
			double v = 0;
			for (size_t q = start; q < k; q++)
				v += it[q].h;
			/* Give up keeping things together rather than leave most
			 * of the column empty. */
			if (v >= h * 0.6 || k == j)
				*used = v;
			else
				break;
			return k;
		}
	}
	*used = u;
	return j;
}

/* Where `cols` columns of height h starting at it[i] end. */
static size_t fit_columns(const struct item *it, size_t i, size_t n, int cols, double h,
			  double *tallest)
{
	*tallest = 0;
	for (int c = 0; c < cols && i < n; c++) {
		double used;
		i = fit_column(it, i, n, h, &used);
		if (used > *tallest)
			*tallest = used;
	}
	return i;
}

/* ---- drawing ------------------------------------------------------------- */

static double page_left(const struct layout *l, int page)
{
	/* Page 1 is a right-hand page: its inner margin is on the left. */
	return page % 2 == 0 ? l->margin_inner : l->margin_outer;
}

static double text_height(const struct layout *l)
{
	return l->page_h - l->margin_top - l->margin_bottom;
}

static int new_page(struct pager *pg)
{
	int p = display_add_page(pg->d, pg->l->page_w, pg->l->page_h);
	if ((size_t)p >= pg->page_section_cap || !pg->page_section || !pg->page_title) {
		pg->page_section_cap = (size_t)p * 2 + 16;
		pg->page_section = xrealloc(pg->page_section, pg->page_section_cap * sizeof(char *));
		pg->page_title = xrealloc(pg->page_title, pg->page_section_cap * sizeof(char *));
	}
	pg->page_section[p] = pg->current_section;
	pg->page_title[p] = pg->current_title;
	return p;
}

/* Draw a line's runs with their left edge at x and baseline at y. */
static void draw_line(struct pager *pg, int page, const struct set_para *p, size_t li, double x,
		      double y, double size)
{
	const struct set_line *ln = &p->lines[li];
	int id = pg->line_id++;
	for (size_t r = 0; r < ln->nruns; r++) {
		const struct set_run *run = &ln->runs[r];
		display_text(pg->d, page, x + run->x, y, run->font, size, run->char_space,
			     p->text + run->start, run->end - run->start, id);
		if (run->href && *run->href)
			display_link(pg->d, page, x + run->x, y - 0.2 * size, x + run->x + run->width,
				     y + 0.85 * size, run->href);
	}
	if (ln->stretch > size / 4)
		pg->res->loose++;
	if (ln->hyphen) { /* drawn, but not part of the text */
		display_artifact(pg->d, page, x + ln->hyphen_x, y, ln->hyphen_font, size, "-", id);
		pg->res->hyphenated++;
	}
	pg->res->lines++;
}

/* Draw items [a, b) as one column whose top is at y_top (PDF y), left x. */
static void draw_column(struct pager *pg, int page, const struct item *it, size_t a, size_t b,
			double x, double y_top)
{
	double y = y_top;
	while (a < b && it[a].kind == IT_GAP)
		a++;
	for (size_t i = a; i < b; i++) {
		const struct item *t = &it[i];
		display_set_elem(pg->d, t->elem);
		if (t->kind == IT_LINE)
			draw_line(pg, page, t->para, t->line, x + t->x, y - t->ascent, t->size);
		else if (t->kind == IT_IMAGE)
			display_image(pg->d, page, x + t->x, y - t->h, t->rule_w, t->h - pg->l->body_size * pg->l->line_height * 0.3, t->image);
		else if (t->kind == IT_RULE)
			display_rule(pg->d, page, x + t->x, y - t->h / 2, x + t->x + t->rule_w,
				     y - t->h / 2, 0.5, t->gray);
		y -= t->h;
	}
	display_set_elem(pg->d, -1);
}

/* Draw a full-width flow (headline, cover, contents) at y_top; returns
 * its height. */
static double draw_block(struct pager *pg, int page, const struct flow *f, double x, double y_top)
{
	double h = 0;
	for (size_t i = 0; i < f->n; i++)
		h += f->v[i].h;
	draw_column(pg, page, f->v, 0, f->n, x, y_top);
	return h;
}

/* ---- templates ------------------------------------------------------------ */

static void expand(struct buf *out, const char *tpl, const struct edition_info *info,
		   const struct layout *l, const char *section, const char *title, int page)
{
	for (const char *p = tpl; *p; p++) {
		const char *end = *p == '{' ? strchr(p, '}') : NULL;
		if (!end) {
			buf_addc(out, *p);
			continue;
		}
		size_t n = (size_t)(end - p - 1);
		const char *key = p + 1;
		if (n == 8 && !strncmp(key, "masthead", n))
			buf_adds(out, l->masthead);
		else if (n == 5 && !strncmp(key, "month", n))
			buf_adds(out, info->month_label ? info->month_label : "");
		else if (n == 5 && !strncmp(key, "issue", n))
			buf_adds(out, info->issue_label ? info->issue_label : "");
		else if (n == 7 && !strncmp(key, "section", n))
			buf_adds(out, section ? section : "");
		else if (n == 5 && !strncmp(key, "title", n))
			buf_adds(out, title ? title : "");
		else if (n == 4 && !strncmp(key, "page", n))
			buf_addf(out, "%d", page);
		else
			buf_add(out, p, n + 2);
		p = end;
	}
}

/* A single line of text at x (left, centre or right aligned) and baseline y. */
static void draw_label(struct pager *pg, int page, const char *text, enum font_role cjk,
		       enum font_role latin, double size, double x, double w, double y, int align,
		       float gray)
{
	if (!*text)
		return;
	struct para_style ps = { 0 };
	ps.cjk_punct = pg->l->cjk_punct;
	ps.size = size;
	ps.width = w;
	ps.faces = faces_for(pg->l, false);
	ps.faces.cjk = cjk;
	ps.faces.latin = latin;
	ps.center = align == 0;
	ps.right = align > 0;
	struct set_para p;
	typeset_paragraph(text, strlen(text), NULL, 0, &ps, pg->m, &p);
	note_missing(pg, &p);
	if (p.nlines) {
		const struct set_line *ln = &p.lines[0];
		for (size_t r = 0; r < ln->nruns; r++) {
			const struct set_run *run = &ln->runs[r];
			display_text(pg->d, page, x + run->x, y, run->font, size, run->char_space,
				     p.text + run->start, run->end - run->start, -1);
		}
		(void)gray;
	}
	set_para_release(&p);
}

static void running_heads(struct pager *pg, const struct edition_info *info, int first_numbered)
{
	const struct layout *l = pg->l;
	if (!pg->page_section || !pg->page_title)
		return; /* no page */
	display_set_elem(pg->d, -1); /* running heads and folios are artifacts */
	for (int p = first_numbered; p < (int)pg->d->npages; p++) {
		double x = page_left(l, p), w = layout_text_width(l);
		double top = l->page_h - l->margin_top;
		struct buf left = BUF_INIT, right = BUF_INIT, foot = BUF_INIT;
		expand(&left, l->header_left, info, l, pg->page_section[p], pg->page_title[p], p + 1);
		expand(&right, l->header_right, info, l, pg->page_section[p], pg->page_title[p], p + 1);
		expand(&foot, l->footer, info, l, pg->page_section[p], pg->page_title[p], p + 1);
		double hy = top + l->head_size * 1.2;
		/* Outer edge for the section: right on right-hand pages. */
		bool recto = p % 2 == 0;
		draw_label(pg, p, left.data, l->heading_font, l->latin_heading_font, l->head_size, x, w, hy,
			   recto ? -1 : 1, 0.3f);
		draw_label(pg, p, right.data, l->body_font, l->latin_font, l->head_size, x, w, hy,
			   recto ? 1 : -1, 0.3f);
		if (left.len || right.len)
			display_rule(pg->d, p, x, top + l->head_size * 0.6, x + w,
				     top + l->head_size * 0.6, 0.4, 0.3f);
		draw_label(pg, p, foot.data, l->body_font, l->latin_font, l->head_size, x, w,
			   l->margin_bottom - l->head_size * 2.5, 0, 0.3f);
		buf_release(&left);
		buf_release(&right);
		buf_release(&foot);
	}
}

/* ---- cover and contents --------------------------------------------------- */

static void cover_page(struct pager *pg, const struct edition_info *info,
		       const struct page_article *arts, size_t n)
{
	const struct layout *l = pg->l;
	int p = new_page(pg);
	double x = page_left(l, p), w = layout_text_width(l);
	double top = l->page_h - l->margin_top;
	double mast = fmin(w / (utf8_count(l->masthead, strlen(l->masthead)) + 1), 64);
	int cover = display_elem(pg->d, -1, TAG_SECT, NULL, NULL);
	display_set_elem(pg->d, display_elem(pg->d, cover, TAG_P, NULL, NULL));
	draw_label(pg, p, l->masthead, l->heading_font, l->latin_heading_font, mast, x, w,
		   top - mast * 1.4, 0, 0);
	double y = top - mast * 2.2;
	display_set_elem(pg->d, -1);
	display_rule(pg->d, p, x, y, x + w, y, 2.0, 0);
	struct buf line = BUF_INIT;
	buf_addf(&line, "%s%s%s", info->month_label ? info->month_label : "",
		 info->issue_label ? "　" : "", info->issue_label ? info->issue_label : "");
	if (line.len)
		display_set_elem(pg->d, display_elem(pg->d, cover, TAG_P, NULL, NULL));
	draw_label(pg, p, line.data, l->heading_font, l->latin_heading_font, l->subtitle_size, x, w,
		   y - l->subtitle_size * 1.8, 0, 0);
	buf_release(&line);
	y -= l->subtitle_size * 3;
	display_set_elem(pg->d, -1);
	display_rule(pg->d, p, x, y, x + w, y, 0.5, 0);
	/* The issue's headlines, as many as fit. */
	y -= l->title_size * 1.5;
	for (size_t i = 0; i < n && y > l->margin_bottom + l->title_size * 2; i++) {
		display_set_elem(pg->d, display_elem(pg->d, cover, TAG_P, NULL, NULL));
		draw_label(pg, p, arts[i].title, l->heading_font, l->latin_heading_font,
			   l->subtitle_size, x, w, y, -1, 0);
		y -= l->subtitle_size * 2.2;
	}
	display_set_elem(pg->d, -1);
}

struct contents_entry {
	const char *section; /* non-NULL: a section heading line */
	size_t article;
};

/* How many contents lines fit on a page. */
static int contents_per_page(const struct layout *l)
{
	double lh = l->body_size * 1.9;
	int k = (int)((text_height(l) - l->title_size * 3) / lh);
	return k > 1 ? k : 1;
}

/* The contents; their heading's structure element is `heading` (on the
 * first contents page; repeated, an artifact), each line a TOCI of toc. */
static void contents_pages(struct pager *pg, const struct page_article *arts,
			   const struct contents_entry *ents, size_t nents, int first_page_number,
			   const int *article_page, int heading, int toc)
{
	const struct layout *l = pg->l;
	int per = contents_per_page(l);
	double lh = l->body_size * 1.9;
	for (size_t e = 0; e < nents; e++) {
		int p = first_page_number + (int)(e / (size_t)per);
		double x = page_left(l, p), w = layout_text_width(l);
		double top = l->page_h - l->margin_top;
		if (e % (size_t)per == 0) {
			display_set_elem(pg->d, e == 0 ? heading : -1);
			draw_label(pg, p, "目　录", l->heading_font, l->latin_heading_font, l->title_size,
				   x, w, top - l->title_size * 1.5, 0, 0);
		}
		display_set_elem(pg->d, display_elem(pg->d, toc, TAG_TOCI, NULL, NULL));
		double y = top - l->title_size * 3 - (double)(e % (size_t)per) * lh;
		if (ents[e].section) {
			draw_label(pg, p, ents[e].section, l->heading_font, l->latin_heading_font,
				   l->heading_size, x, w, y, -1, 0);
			continue;
		}
		char num[16];
		snprintf(num, sizeof(num), "%d", article_page[ents[e].article] + 1);
		double nw = measure_text(pg->m, l->latin_font, l->body_size, num);
		/* The title, cut with … to leave room for the leaders. */
		const char *title = arts[ents[e].article].title;
		double room = w - nw - 3 * l->body_size - l->body_size * 2;
		struct buf t = BUF_INIT;
		size_t i = 0, len = strlen(title);
		double tw = 0;
		while (i < len) {
			uint32_t cp = 0;
			int k = utf8_decode((const unsigned char *)title + i, len - i, &cp);
			if (k < 0)
				k = 1;
			double cw = pg->m->advance(pg->m->ctx, l->body_font, cp);
			cw = (cw < 0 ? 1000 : cw) * l->body_size / 1000;
			if (tw + cw > room) {
				buf_adds(&t, "…");
				break;
			}
			buf_add(&t, title + i, (size_t)k);
			tw += cw;
			i += (size_t)k;
		}
		draw_label(pg, p, t.data, l->body_font, l->latin_font, l->body_size,
			   x + l->body_size * 2, w, y, -1, 0);
		/* The number after the title: the order a reader reads them. */
		draw_label(pg, p, num, l->body_font, l->latin_font, l->body_size, x, w, y, 1, 0);
		display_set_elem(pg->d, -1);
		/* Dot leaders between title and number. */
		double lx = x + l->body_size * 2 + tw + l->body_size * 1.5, rx = x + w - nw - l->body_size;
		double step = l->body_size * 0.6, ly = y + l->body_size * 0.3;
		int dots = 0;
		for (double dx = lx; dx + 2 < rx; dx += step)
			dots++;
		if (dots > 0) /* one dashed rule: a dot every `step` */
			display_dashed_rule(pg->d, p, lx, ly, lx + (dots - 1) * step + 0.6, ly, 0.6,
					    0.45f, 0.6, step - 0.6);
		buf_release(&t);
	}
	display_set_elem(pg->d, -1);
}

/* ---- articles ------------------------------------------------------------- */

static void headline_flow(struct pager *pg, const struct page_article *a, double w,
			  struct flow *f)
{
	const struct layout *l = pg->l;
	struct para_style ps = { 0 };
	ps.cjk_punct = l->cjk_punct;
	ps.faces = faces_for(l, true);
	ps.width = w;
	ps.center = l->columns > 1;
	int art = pg->art_elem;
	if (a->kicker && *a->kicker) {
		elem_for_flow(pg, art, TAG_P, NULL);
		ps.size = l->subtitle_size;
		ps.faces = faces_for(l, false);
		ps.faces.cjk = l->emphasis_font;
		add_paragraph(pg, f, a->kicker, strlen(a->kicker), NULL, 0, &ps,
			      l->subtitle_size * 1.5, 0, 0, true);
		ps.faces = faces_for(l, true);
	}
	ps.size = l->title_size;
	ps.faces.cjk = ps.faces.cjk_strong = ps.faces.cjk_emph = l->title_font;
	ps.faces.latin = ps.faces.latin_strong = ps.faces.latin_emph = l->latin_title_font;
	elem_for_flow(pg, art, TAG_H1, NULL);
	add_paragraph(pg, f, a->title, strlen(a->title), NULL, 0, &ps, l->title_size * 1.35, 0, 0,
		      true);
	if (a->subtitle && *a->subtitle) {
		ps.size = l->subtitle_size;
		ps.faces = faces_for(l, false);
		ps.faces.cjk = l->emphasis_font;
		struct buf t = BUF_INIT;
		elem_for_flow(pg, art, TAG_P, NULL);
		buf_addf(&t, "——%s", a->subtitle);
		add_paragraph(pg, f, t.data, t.len, NULL, 0, &ps, l->subtitle_size * 1.5, 0, 0, true);
		buf_release(&t);
	}
	if (a->byline && *a->byline) {
		ps.size = l->byline_size;
		ps.faces = faces_for(l, false);
		add_gap(f, l->byline_size * 0.4);
		elem_for_flow(pg, art, TAG_P, NULL);
		add_paragraph(pg, f, a->byline, strlen(a->byline), NULL, 0, &ps, l->byline_size * 1.6, 0,
			      0.25f, true);
	}
	if (a->meta && *a->meta) {
		ps.size = l->byline_size;
		ps.center = false;
		ps.faces = faces_for(l, false);
		add_gap(f, l->byline_size * 0.6);
		const char *s = a->meta;
		while (*s) {
			const char *nl = strchr(s, '\n');
			size_t n = nl ? (size_t)(nl - s) : strlen(s);
			elem_for_flow(pg, art, TAG_P, NULL);
			add_paragraph(pg, f, s, n, NULL, 0, &ps, l->byline_size * 1.5, 0, 0.25f, true);
			s += n + (nl ? 1 : 0);
		}
	}
	struct item *rule = flow_add(f, IT_RULE, l->body_size * 1.2);
	rule->rule_w = w;
	rule->gray = 0.5f;
}

static void endnote_flow(struct pager *pg, const struct page_article *a, double w, struct flow *f)
{
	if (!a->endnote || !*a->endnote)
		return;
	const struct layout *l = pg->l;
	struct para_style ps = { 0 };
	ps.cjk_punct = l->cjk_punct;
	ps.faces = faces_for(l, false);
	ps.width = w;
	ps.right = true;
	ps.size = l->byline_size;
	add_gap(f, l->body_size * 0.3);
	elem_for_flow(pg, pg->art_elem, TAG_P, NULL);
	add_paragraph(pg, f, a->endnote, strlen(a->endnote), NULL, 0, &ps, l->byline_size * 1.6, 0,
		      0.25f, false);
}

static double flow_height(const struct flow *f, size_t a, size_t b)
{
	double h = 0;
	for (size_t i = a; i < b; i++)
		h += f->v[i].h;
	return h;
}

/* Set one article from y (distance below the text area's top) on page *page. */
static void place_article(struct pager *pg, const struct page_article *a, int *page, double *y,
			  int *first_page, double *dest_y)
{
	const struct layout *l = pg->l;
	double W = layout_text_width(l), H = text_height(l), cw = layout_column_width(l);
	double top = l->page_h - l->margin_top;
	struct flow head = { 0 }, body = { 0 };
	headline_flow(pg, a, W, &head);
	body_flow(pg, a->body, cw, W, &body);
	endnote_flow(pg, a, cw, &body);

	/* The headline and at least three lines, or a new page. */
	double need = flow_height(&head, 0, head.n) + 3 * l->body_size * l->line_height;
	if (*page < 0 || H - *y < need) {
		*page = new_page(pg);
		*y = 0;
	}
	pg->page_section[*page] = pg->page_section[*page] ? pg->page_section[*page] : a->section;
	*first_page = *page;
	*dest_y = top - *y;
	*y += draw_block(pg, *page, &head, page_left(l, *page), top - *y);

	size_t i = 0;
	while (i < body.n) {
		if (body.v[i].span) {
			/* A wide figure and its caption, across the columns; on
			 * the next page when it does not fit below the text. */
			size_t j = i;
			while (j < body.n && body.v[j].span)
				j++;
			double h = flow_height(&body, i, j);
			if (*y > 0 && *y + h > H) {
				*page = new_page(pg);
				*y = 0;
			}
			draw_column(pg, *page, body.v, i, j, page_left(l, *page), top - *y);
			*y += h;
			i = j;
			continue;
		}
		/* The text up to the next wide figure (or the end), on the
		 * next page when a figure left less than two lines. */
		if (i > 0 && body.v[i - 1].span && H - *y < 2 * l->body_size * l->line_height) {
			*page = new_page(pg);
			*y = 0;
		}
		size_t seg = i;
		while (seg < body.n && !body.v[seg].span)
			seg++;
		double avail = H - *y, tallest;
		size_t end = fit_columns(body.v, i, seg, l->columns, avail, &tallest);
		if (end >= seg && l->columns > 1) {
			/* The text ends here: balance its columns. */
			double lo = flow_height(&body, i, seg) / l->columns, hi = avail;
			for (int iter = 0; iter < 24 && hi - lo > 0.5; iter++) {
				double mid = (lo + hi) / 2, t;
				if (fit_columns(body.v, i, seg, l->columns, mid, &t) >= seg)
					hi = mid;
				else
					lo = mid;
			}
			avail = hi;
		}
		double x = page_left(l, *page);
		size_t c0 = i;
		tallest = 0;
		for (int c = 0; c < l->columns && c0 < seg; c++) {
			double used;
			size_t c1 = fit_column(body.v, c0, seg, avail, &used);
			draw_column(pg, *page, body.v, c0, c1, x + c * (cw + l->gutter), top - *y);
			if (used > tallest)
				tallest = used;
			c0 = c1;
		}
		i = c0;
		if (i < seg) {
			pg->current_section = a->section;
			pg->current_title = a->title;
			*page = new_page(pg);
			*y = 0;
		} else if (seg < body.n) {
			*y += tallest;
		} else {
			*y += tallest + l->body_size * l->line_height * 1.5;
		}
	}
	flow_release(&head);
	flow_release(&body);
}

/* ---- the whole edition ------------------------------------------------------ */

int paginate(const struct layout *l, const struct measurer *m, const struct hyphenator *hyph,
	     const struct page_article *arts, size_t n, const struct edition_info *info,
	     struct display *out, struct paginate_result *res, struct ferr *e)
{
	struct pager pg = { l, m, out, res, 0, NULL, 0, NULL, NULL, NULL, NULL, -1, -1 };
	pg.hyph = l->hyphenate ? hyph : NULL;
	memset(res, 0, sizeof(*res));
	res->first_page = xcalloc(n ? n : 1, sizeof(int));
	(void)e;

	out->title = xstrdup(info->title ? info->title : l->masthead);
	out->author = xstrdup(l->masthead);
	out->subject = xstrdup(info->month_label ? info->month_label : "");
	out->created = info->created;

	/* Contents entries: a heading line per section, a line per article. */
	struct contents_entry *ents = xcalloc(2 * n + 1, sizeof(*ents));
	size_t nents = 0;
	struct buf keywords = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const char *sec = arts[i].section ? arts[i].section : GENERAL_SECTION;
		const char *prev = i ? (arts[i - 1].section ? arts[i - 1].section : GENERAL_SECTION) : NULL;
		if (!prev || strcmp(prev, sec)) {
			ents[nents++].section = sec;
			if (keywords.len)
				buf_adds(&keywords, ", ");
			buf_adds(&keywords, sec);
		}
		ents[nents].section = NULL;
		ents[nents++].article = i;
	}
	out->keywords = buf_detach(&keywords);

	int first_numbered = 0;
	if (l->cover) {
		cover_page(&pg, info, arts, n);
		first_numbered = 1;
	}
	int contents_first = (int)out->npages;
	int toc_heading = -1, toc = -1;
	if (l->contents && n > 1) {
		/* Made now, so that the contents come before the articles in the
		 * structure as on paper; they are drawn when the pages are known. */
		toc_heading = display_elem(out, -1, TAG_H1, NULL, NULL);
		toc = display_elem(out, -1, TAG_TOC, "目录", NULL);
		int pages = (int)((nents + (size_t)contents_per_page(l) - 1) / (size_t)contents_per_page(l));
		for (int k = 0; k < pages; k++)
			new_page(&pg);
	}

	int page = -1;
	double y = 0;
	const char *last_section = NULL;
	int sect = -1;
	for (size_t i = 0; i < n; i++) {
		const char *sec = arts[i].section ? arts[i].section : GENERAL_SECTION;
		pg.current_section = sec;
		pg.current_title = arts[i].title;
		/* Sections and articles as the bookmarks have them. */
		if (!last_section || strcmp(last_section, sec))
			sect = display_elem(out, -1, TAG_SECT, sec, NULL);
		pg.art_elem = display_elem(out, sect, TAG_ART, arts[i].title, NULL);
		double dest;
		place_article(&pg, &arts[i], &page, &y, &res->first_page[i], &dest);
		if (!last_section || strcmp(last_section, sec))
			display_outline(out, sec, 0, res->first_page[i], dest);
		display_outline(out, arts[i].title, 1, res->first_page[i], dest);
		last_section = sec;
	}
	if (l->contents && n > 1)
		contents_pages(&pg, arts, ents, nents, contents_first, res->first_page, toc_heading,
			       toc);
	running_heads(&pg, info, first_numbered);
	res->pages = (int)out->npages;
	free(ents);
	free(pg.page_section);
	free(pg.page_title);
	return 0;
}

void paginate_result_release(struct paginate_result *r)
{
	free(r->first_page);
	free(r->missing);
	memset(r, 0, sizeof(*r));
}
