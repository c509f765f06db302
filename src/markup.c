/* markup.c - folio's use of cmark: checking, plain text, first heading. */
#include "markup.h"
#include "buf.h"
#include "utf8.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

int markup_check(const char *md, size_t len, struct ferr *e)
{
	long bad = utf8_invalid_offset((const unsigned char *)md, len);
	if (bad >= 0)
		return ferr_set(e, FOLIO_EINPUT, "body is not valid UTF-8 at byte %ld", bad);
	if (memchr(md, '\0', len))
		return ferr_set(e, FOLIO_EINPUT, "body contains a NUL byte at byte %ld",
				(long)((const char *)memchr(md, '\0', len) - md));
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	if (!doc)
		return ferr_set(e, FOLIO_EINPUT, "Markdown could not be parsed");
	cmark_node_free(doc);
	return 0;
}

/* The last code point of b, or 0. */
static uint32_t last_cp(const struct buf *b)
{
	size_t i = b->len;
	uint32_t cp = 0;
	while (i > 0 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	if (i < b->len)
		utf8_decode((const unsigned char *)b->data + i, b->len - i, &cp);
	return cp;
}

static uint32_t first_cp_after(cmark_node *n)
{
	for (; n; n = cmark_node_next(n)) {
		const char *lit = cmark_node_get_literal(n);
		uint32_t cp;
		if (lit && *lit && utf8_decode((const unsigned char *)lit, strlen(lit), &cp) > 0)
			return cp;
		cmark_node *child = cmark_node_first_child(n);
		if (child)
			return first_cp_after(child);
	}
	return 0;
}

static bool is_block(cmark_node_type t)
{
	return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING ||
	       t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK ||
	       t == CMARK_NODE_THEMATIC_BREAK || t == CMARK_NODE_ITEM;
}

static void end_line(struct buf *out)
{
	buf_rtrim(out);
	if (out->len)
		buf_addc(out, '\n');
}

char *markup_plain(const char *md, size_t len)
{
	struct buf out = BUF_INIT;
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_EXIT) {
			if (is_block(t) && t != CMARK_NODE_ITEM)
				end_line(&out);
			continue;
		}
		switch (t) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			buf_adds(&out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK: {
			uint32_t before = last_cp(&out), after = first_cp_after(cmark_node_next(n));
			if (!(utf8_is_cjk(before) || utf8_is_cjk(after) || before > 0x2E80 ||
			      after > 0x2E80))
				buf_addc(&out, ' ');
			break;
		}
		case CMARK_NODE_LINEBREAK:
			buf_addc(&out, '\n');
			break;
		case CMARK_NODE_ITEM:
			end_line(&out);
			break;
		default:
			/* an image's alt text is its children: they follow as TEXT */
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	buf_rtrim(&out);
	return buf_detach(&out);
}

char *markup_first_heading(const char *md, size_t len, size_t *body_start)
{
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS);
	char *title = NULL;
	*body_start = 0;
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 1) {
			struct buf t = BUF_INIT;
			cmark_iter *it = cmark_iter_new(n);
			cmark_event_type ev;
			while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
				cmark_node *c = cmark_iter_get_node(it);
				if (ev == CMARK_EVENT_ENTER && (cmark_node_get_type(c) == CMARK_NODE_TEXT ||
								 cmark_node_get_type(c) == CMARK_NODE_CODE))
					buf_adds(&t, cmark_node_get_literal(c));
			}
			cmark_iter_free(it);
			title = buf_detach(&t);
			/* Offset of the line after the heading's last line. */
			int end_line_no = cmark_node_get_end_line(n);
			size_t off = 0;
			for (int line = 1; line <= end_line_no && off < len; off++)
				if (md[off] == '\n')
					line++;
			*body_start = off;
			break;
		}
		/* Only a heading before any other content counts as the title. */
		if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK)
			break;
	}
	cmark_node_free(doc);
	return title;
}

/* ---- the block tree ---------------------------------------------------- */

struct inline_ctx {
	struct buf text;
	struct block *b;
};

static void add_span(struct block *b, size_t start, size_t end, unsigned style, const char *href)
{
	if (end <= start)
		return;
	b->spans = xgrow(b->spans, b->nspans, sizeof(*b->spans));
	b->spans[b->nspans++] = (struct span){ start, end, style, href };
}

static const char *keep_href(struct block *b, const char *url)
{
	b->hrefs = xgrow(b->hrefs, b->nhrefs, sizeof(*b->hrefs));
	b->hrefs[b->nhrefs] = xstrdup(url ? url : "");
	return b->hrefs[b->nhrefs++];
}

/* The inline content of n as text with styled spans. */
static void collect_inlines(cmark_node *n, struct block *b)
{
	struct buf text = BUF_INIT;
	size_t starts[64] = { 0 };
	int depth = 0;
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(c);
		if (c == n)
			continue;
		bool container = t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG || t == CMARK_NODE_LINK;
		if (container) {
			if (ev == CMARK_EVENT_ENTER) {
				if (depth < 64)
					starts[depth] = text.len;
				depth++;
			} else {
				depth--;
				if (depth < 64) {
					unsigned style = t == CMARK_NODE_EMPH ? STYLE_EMPH
							 : t == CMARK_NODE_STRONG ? STYLE_STRONG
										   : STYLE_LINK;
					add_span(b, starts[depth], text.len, style,
						 t == CMARK_NODE_LINK ? keep_href(b, cmark_node_get_url(c)) : NULL);
				}
			}
			continue;
		}
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (t) {
		case CMARK_NODE_TEXT:
			buf_adds(&text, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_CODE: {
			size_t s = text.len;
			buf_adds(&text, cmark_node_get_literal(c));
			add_span(b, s, text.len, STYLE_CODE, NULL);
			break;
		}
		case CMARK_NODE_SOFTBREAK: {
			uint32_t before = last_cp(&text), after = first_cp_after(cmark_node_next(c));
			if (!(before > 0x2E80 || after > 0x2E80))
				buf_addc(&text, ' ');
			break;
		}
		case CMARK_NODE_LINEBREAK:
			buf_addc(&text, '\n');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	b->text = buf_detach(&text);
}

struct block_walk {
	struct blocks *out;
	int quote, list;
	char *marker;
	const char *md; /* the source, for tables cmark does not parse */
	size_t len;
	size_t *line_starts; /* offset of each source line (1-based index) */
	size_t nlines;
};

static struct block *new_block(struct block_walk *w, enum block_type type)
{
	w->out->v = xgrow(w->out->v, w->out->n, sizeof(*w->out->v));
	struct block *b = &w->out->v[w->out->n++];
	memset(b, 0, sizeof(*b));
	b->type = type;
	b->quote = w->quote;
	b->list = w->list;
	b->marker = w->marker;
	w->marker = NULL;
	return b;
}

/* A paragraph made of one image and nothing else but white space. */
static cmark_node *lone_image(cmark_node *para)
{
	cmark_node *img = NULL;
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		if (t == CMARK_NODE_IMAGE && !img)
			img = c;
		else if (t == CMARK_NODE_TEXT && strspn(cmark_node_get_literal(c), " \t") ==
							  strlen(cmark_node_get_literal(c)))
			continue;
		else if (t != CMARK_NODE_SOFTBREAK)
			return NULL;
	}
	return img;
}

/* The source line `line` (1-based) without its newline and outer blanks. */
static void source_line(const struct block_walk *w, int line, const char **p, size_t *n)
{
	size_t a = w->line_starts[line - 1];
	size_t b = (size_t)line < w->nlines ? w->line_starts[line] : w->len;
	while (b > a && (w->md[b - 1] == '\n' || w->md[b - 1] == ' ' || w->md[b - 1] == '\t' ||
			 w->md[b - 1] == '\r'))
		b--;
	while (a < b && (w->md[a] == ' ' || w->md[a] == '\t' || w->md[a] == '>'))
		a++;
	*p = w->md + a;
	*n = b - a;
}

static bool delimiter_row(const char *p, size_t n)
{
	bool dash = false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '-')
			dash = true;
		else if (p[i] != '|' && p[i] != ':' && p[i] != ' ')
			return false;
	}
	return dash;
}

/* A GFM pipe table, which Debian's cmark reads as a paragraph: one block per
 * row (the delimiter row left out), cells separated by " │ ", the header
 * row strong.  Cell text keeps its Markdown punctuation.  Returns false if
 * the paragraph is not a table. */
static bool table_rows(cmark_node *para, struct block_walk *w)
{
	int first = cmark_node_get_start_line(para), last = cmark_node_get_end_line(para);
	if (!w->line_starts || first < 1 || (size_t)last > w->nlines || last - first < 1)
		return false;
	for (int l = first; l <= last; l++) {
		const char *p;
		size_t n;
		source_line(w, l, &p, &n);
		if (n < 2 || p[0] != '|' || p[n - 1] != '|')
			return false;
		if (l == first + 1 && !delimiter_row(p, n))
			return false;
	}
	for (int l = first; l <= last; l++) {
		if (l == first + 1)
			continue;
		const char *p;
		size_t n;
		source_line(w, l, &p, &n);
		struct block *b = new_block(w, BLOCK_TABLE_ROW);
		struct buf t = BUF_INIT;
		size_t i = 1, cell = 0;
		while (i < n) {
			size_t j = i;
			while (j < n && !(p[j] == '|' && p[j - 1] != '\\'))
				j++;
			size_t a = i, z = j;
			while (a < z && p[a] == ' ')
				a++;
			while (z > a && p[z - 1] == ' ')
				z--;
			if (j < n || z > a) {
				if (cell++)
					buf_adds(&t, " │ ");
				buf_add(&t, p + a, z - a);
			}
			i = j + 1;
		}
		/* The cells' own Markdown (links, code, emphasis) read as one
		 * paragraph's inlines. */
		cmark_node *row = cmark_parse_document(t.data, t.len, CMARK_OPT_DEFAULT);
		cmark_node *rp = cmark_node_first_child(row);
		if (rp && cmark_node_get_type(rp) == CMARK_NODE_PARAGRAPH)
			collect_inlines(rp, b);
		else
			b->text = xstrdup(t.data);
		cmark_node_free(row);
		buf_release(&t);
		if (l == first)
			add_span(b, 0, strlen(b->text), STYLE_STRONG, NULL);
	}
	return true;
}

/* The blocks of the document in order, walked with cmark's iterator, not
 * by recursion: an article may nest quotes and lists 50,000 deep.  Ordered
 * lists number their items from a stack of counters, one per open list. */
static void walk_blocks(cmark_node *doc, struct block_walk *w)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	int *num = NULL;      /* the next number of each open list, */
	bool *ordered = NULL; /* and whether it is ordered */
	size_t open = 0, cap = 0;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		struct block *b;
		cmark_node *img;
		bool enter = ev == CMARK_EVENT_ENTER, skip = false;
		if (c == doc)
			continue;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_BLOCK_QUOTE:
			w->quote += enter ? 1 : -1;
			break;
		case CMARK_NODE_LIST:
			if (enter) {
				if (open == cap) {
					cap = cap ? 2 * cap : 16;
					num = xrealloc(num, cap * sizeof(*num));
					ordered = xrealloc(ordered, cap * sizeof(*ordered));
				}
				ordered[open] = cmark_node_get_list_type(c) == CMARK_ORDERED_LIST;
				num[open++] = cmark_node_get_list_start(c);
				w->list++;
			} else if (open) { /* an exit always follows its entry */
				open--;
				w->list--;
			}
			break;
		case CMARK_NODE_ITEM:
			if (enter && open) {
				free(w->marker);
				w->marker = ordered[open - 1] ? xasprintf("%d.", num[open - 1]++) : xstrdup("•");
			}
			break;
		case CMARK_NODE_PARAGRAPH:
			if (!enter)
				break;
			skip = true; /* its inlines are read here */
			if (table_rows(c, w))
				break;
			if ((img = lone_image(c))) {
				b = new_block(w, BLOCK_IMAGE);
				b->url = xstrdup(cmark_node_get_url(img) ? cmark_node_get_url(img) : "");
				collect_inlines(img, b);
			} else {
				b = new_block(w, BLOCK_PARAGRAPH);
				collect_inlines(c, b);
			}
			break;
		case CMARK_NODE_HEADING:
			if (!enter)
				break;
			skip = true;
			b = new_block(w, BLOCK_HEADING);
			b->level = cmark_node_get_heading_level(c);
			collect_inlines(c, b);
			break;
		case CMARK_NODE_CODE_BLOCK: {
			if (!enter)
				break;
			b = new_block(w, BLOCK_CODE);
			const char *lit = cmark_node_get_literal(c);
			size_t l = strlen(lit);
			while (l && lit[l - 1] == '\n')
				l--;
			b->text = xstrndup(lit, l);
			break;
		}
		case CMARK_NODE_THEMATIC_BREAK:
			if (!enter)
				break;
			b = new_block(w, BLOCK_RULE);
			b->text = xstrdup("");
			break;
		default:
			break; /* raw HTML blocks are not printed; inlines are read above */
		}
		if (skip) /* on to the paragraph's or heading's exit */
			cmark_iter_reset(it, c, CMARK_EVENT_EXIT);
	}
	cmark_iter_free(it);
	free(num);
	free(ordered);
}

int markup_blocks(const char *md, size_t len, struct blocks *out)
{
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS);
	struct block_walk w = { out, 0, 0, NULL, md, len, NULL, 0 };
	w.line_starts = xmalloc((len + 2) * sizeof(size_t));
	w.line_starts[w.nlines++] = 0;
	for (size_t i = 0; i < len; i++)
		if (md[i] == '\n' && i + 1 < len)
			w.line_starts[w.nlines++] = i + 1;
	walk_blocks(doc, &w);
	free(w.line_starts);
	free(w.marker);
	cmark_node_free(doc);
	return 0;
}

void blocks_release(struct blocks *b)
{
	for (size_t i = 0; i < b->n; i++) {
		struct block *x = &b->v[i];
		free(x->marker);
		free(x->text);
		free(x->spans);
		free(x->url);
		free(x->file);
		for (size_t h = 0; h < x->nhrefs; h++)
			free(x->hrefs[h]);
		free(x->hrefs);
	}
	free(b->v);
	b->v = NULL;
	b->n = 0;
}
