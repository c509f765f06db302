/* layout.c - layout files: defaults, YAML keys, units, validation. */
#include "layout.h"
#include "../yamlmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MM (72.0 / 25.4)

static void defaults(struct layout *l)
{
	memset(l, 0, sizeof(*l));
	l->page_w = 210 * MM;
	l->page_h = 297 * MM;
	l->margin_top = 20 * MM;
	l->margin_bottom = 18 * MM;
	l->margin_inner = 18 * MM;
	l->margin_outer = 16 * MM;
	l->columns = 2;
	l->gutter = 7 * MM;
	l->body_size = 10;
	l->line_height = 1.6;
	l->indent_em = 2;
	l->title_size = 18;
	l->subtitle_size = 12;
	l->heading_size = 11;
	l->byline_size = 9;
	l->head_size = 8;
	l->paragraph_space = 0;
	l->body_font = FONT_SERIF;
	l->heading_font = FONT_SANS;
	l->emphasis_font = FONT_KAI;
	l->latin_font = FONT_LATIN;
	l->latin_bold_font = FONT_LATIN_BOLD;
	l->latin_italic_font = FONT_LATIN_ITALIC;
	l->latin_heading_font = FONT_LATIN_SANS;
	l->mono_font = FONT_MONO;
	l->title_font = FONT_SERIF_BOLD;
	l->latin_title_font = FONT_LATIN_BOLD;
	l->masthead = xstrdup("folio");
	l->header_left = xstrdup("{masthead}");
	l->header_right = xstrdup("{section}");
	l->footer = xstrdup("{page}");
	l->cover = true;
	l->contents = true;
	l->hyphenate = true;
	l->cjk_punct = true;
	l->wide_figures = true;
}

/* A length with its unit, in points; false if malformed. */
static bool parse_length(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s)
		return false;
	while (*end == ' ')
		end++;
	double k;
	if (!strcmp(end, "mm"))
		k = MM;
	else if (!strcmp(end, "cm"))
		k = 10 * MM;
	else if (!strcmp(end, "pt") || !*end)
		k = 1;
	else if (!strcmp(end, "in"))
		k = 72;
	else
		return false;
	*out = v * k;
	return isfinite(*out);
}

static bool parse_number(const char *s, double *out)
{
	char *end;
	*out = strtod(s, &end);
	return end != s && !*end && isfinite(*out);
}

static bool parse_bool(const char *s, bool *out)
{
	if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "on")) {
		*out = true;
		return true;
	}
	if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "off")) {
		*out = false;
		return true;
	}
	return false;
}

static const struct {
	const char *name;
	double w, h; /* mm */
} paper[] = {
	{ "A3", 297, 420 }, { "A4", 210, 297 }, { "A5", 148, 210 }, { "B5", 176, 250 },
	{ "Letter", 215.9, 279.4 },
};

struct length_key {
	const char *key;
	size_t offset;
	double min, max; /* pt */
};

#define OFF(f) offsetof(struct layout, f)

static const struct length_key lengths[] = {
	{ "margin-top", OFF(margin_top), 0, 300 },
	{ "margin-bottom", OFF(margin_bottom), 0, 300 },
	{ "margin-inner", OFF(margin_inner), 0, 300 },
	{ "margin-outer", OFF(margin_outer), 0, 300 },
	{ "gutter", OFF(gutter), 0, 200 },
	{ "body-size", OFF(body_size), 4, 72 },
	{ "title-size", OFF(title_size), 4, 144 },
	{ "subtitle-size", OFF(subtitle_size), 4, 144 },
	{ "heading-size", OFF(heading_size), 4, 144 },
	{ "byline-size", OFF(byline_size), 4, 72 },
	{ "head-size", OFF(head_size), 4, 72 },
	{ "paragraph-space", OFF(paragraph_space), 0, 72 },
};

static const struct {
	const char *key;
	size_t offset;
} roles[] = {
	{ "fonts.body", OFF(body_font) },
	{ "fonts.heading", OFF(heading_font) },
	{ "fonts.emphasis", OFF(emphasis_font) },
	{ "fonts.latin", OFF(latin_font) },
	{ "fonts.latin-bold", OFF(latin_bold_font) },
	{ "fonts.latin-italic", OFF(latin_italic_font) },
	{ "fonts.latin-heading", OFF(latin_heading_font) },
	{ "fonts.mono", OFF(mono_font) },
	{ "fonts.title", OFF(title_font) },
	{ "fonts.latin-title", OFF(latin_title_font) },
};

static const struct {
	const char *key;
	size_t offset;
} texts[] = {
	{ "masthead", OFF(masthead) },
	{ "header-left", OFF(header_left) },
	{ "header-right", OFF(header_right) },
	{ "footer", OFF(footer) },
};

static const struct {
	const char *key;
	size_t offset;
} flags[] = {
	{ "cover", OFF(cover) },
	{ "contents", OFF(contents) },
	{ "metadata-block", OFF(metadata_block) },
	{ "hyphenate", OFF(hyphenate) },
	{ "full-width-punctuation", OFF(cjk_punct) },
	{ "wide-figures", OFF(wide_figures) },
};

static int bad(struct ferr *e, const char *name, const struct yaml_entry *en, const char *why)
{
	return ferr_set(e, FOLIO_EINPUT, "%s: line %zu: '%s' %s", name, en->line, en->key, why);
}

static int apply(const char *name, const struct yaml_entry *en, struct layout *l, struct ferr *e)
{
	char *base = (char *)l;
	if (en->list)
		return bad(e, name, en, "must be a single value, not a list");
	const char *v = en->value;
	if (!strcmp(en->key, "name")) {
		free(l->name);
		l->name = xstrdup(v);
		return 0;
	}
	if (!strcmp(en->key, "page")) {
		for (size_t i = 0; i < ARRAY_SIZE(paper); i++)
			if (!strcasecmp(v, paper[i].name)) {
				l->page_w = paper[i].w * MM;
				l->page_h = paper[i].h * MM;
				return 0;
			}
		char w[32], h[32];
		if (sscanf(v, "%31s x %31s", w, h) == 2 && parse_length(w, &l->page_w) &&
		    parse_length(h, &l->page_h) && l->page_w >= 72 && l->page_h >= 72 &&
		    l->page_w <= 14400 && l->page_h <= 14400)
			return 0;
		return bad(e, name, en, "must be A3, A4, A5, B5, Letter or \"WIDTH x HEIGHT\" (e.g. 210mm x 297mm), 1in to 200in");
	}
	if (!strcmp(en->key, "pdfa")) {
		int level = display_pdfa_by_name(v);
		if (level < 0)
			return bad(e, name, en, "must be 2u (PDF/A-2u), 3u (PDF/A-3u) or none");
		l->pdfa = (enum display_pdfa)level;
		return 0;
	}
	if (!strcmp(en->key, "columns")) {
		double c;
		if (!parse_number(v, &c) || c != floor(c) || c < 1 || c > 6)
			return bad(e, name, en, "must be a whole number from 1 to 6");
		l->columns = (int)c;
		return 0;
	}
	if (!strcmp(en->key, "line-height")) {
		if (!parse_number(v, &l->line_height) || l->line_height < 1 || l->line_height > 4)
			return bad(e, name, en, "must be a factor of the body size from 1 to 4");
		return 0;
	}
	if (!strcmp(en->key, "indent")) {
		if (!parse_number(v, &l->indent_em) || l->indent_em < 0 || l->indent_em > 10)
			return bad(e, name, en, "must be a number of em from 0 to 10");
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(lengths); i++)
		if (!strcmp(en->key, lengths[i].key)) {
			/* offsetof(struct layout, a double member): the cast is exact */
			// cppcheck-suppress invalidPointerCast
			double *f = (double *)(base + lengths[i].offset), x;
			if (!parse_length(v, &x))
				return bad(e, name, en, "must be a length such as 18mm or 10pt");
			if (x < lengths[i].min || x > lengths[i].max) {
				char why[96];
				snprintf(why, sizeof(why), "must be from %gpt to %gpt", lengths[i].min,
					 lengths[i].max);
				return bad(e, name, en, why);
			}
			*f = x;
			return 0;
		}
	for (size_t i = 0; i < ARRAY_SIZE(roles); i++)
		if (!strcmp(en->key, roles[i].key)) {
			int r = font_role_by_name(v);
			if (r < 0)
				return ferr_set(e, FOLIO_EINPUT,
						"%s: line %zu: '%s': '%s' is no font role (see 'folio fonts')",
						name, en->line, en->key, v);
			*(enum font_role *)(base + roles[i].offset) = (enum font_role)r;
			return 0;
		}
	for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
		if (!strcmp(en->key, texts[i].key)) {
			char **f = (char **)(base + texts[i].offset);
			free(*f);
			*f = xstrdup(v);
			return 0;
		}
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (!strcmp(en->key, flags[i].key)) {
			if (!parse_bool(v, (bool *)(base + flags[i].offset)))
				return bad(e, name, en, "must be true or false");
			return 0;
		}
	return bad(e, name, en, "is not a layout key (see layouts/README.md)");
}

int layout_parse(const char *name, const char *text, size_t len, struct layout *out,
		 struct ferr *e)
{
	struct yaml_map m;
	int err = yaml_map_parse(text, len, 0, &m, e);
	defaults(out);
	out->name = xstrdup(name);
	if (err) {
		ferr_prefix(e, "%s", name);
		layout_release(out);
		return err;
	}
	for (size_t i = 0; i < m.n && !err; i++)
		err = apply(name, &m.v[i], out, e);
	yaml_map_release(&m);
	if (!err) {
		double text_w = layout_text_width(out);
		double text_h = out->page_h - out->margin_top - out->margin_bottom;
		if (text_w < 72 || text_h < 72)
			err = ferr_set(e, FOLIO_EINPUT, "%s: the margins leave less than 1in of text area", name);
		else if (layout_column_width(out) < 6 * out->body_size)
			err = ferr_set(e, FOLIO_EINPUT,
				       "%s: columns narrower than 6 characters of body text: fewer columns, a smaller gutter or a smaller body-size",
				       name);
	}
	if (err)
		layout_release(out);
	return err;
}

int layout_load(const char *dir, const char *name_or_path, struct layout *out, struct ferr *e)
{
	size_t n = strlen(name_or_path);
	bool is_path = strchr(name_or_path, '/') || (n > 5 && !strcmp(name_or_path + n - 5, ".yaml"));
	char *path = is_path ? xstrdup(name_or_path) : xasprintf("%s/%s.yaml", dir, name_or_path);
	unsigned char *data;
	size_t len;
	int err = read_file(path, &data, &len, e);
	if (err) {
		ferr_prefix(e, "%s", path);
		free(path);
		return err == FOLIO_EIO ? FOLIO_EINPUT : err;
	}
	err = layout_parse(path, (const char *)data, len, out, e);
	free(data);
	free(path);
	return err;
}

void layout_release(struct layout *l)
{
	free(l->name);
	free(l->masthead);
	free(l->header_left);
	free(l->header_right);
	free(l->footer);
	memset(l, 0, sizeof(*l));
}

bool layout_figure_spans(const struct layout *l, int pw, int ph, bool nested)
{
	return l->wide_figures && l->columns > 1 && !nested && pw > 0 && ph > 0 &&
	       (long long)pw * 5 >= (long long)ph * 6 &&
	       pw * 72.0 / 150 > 1.5 * layout_column_width(l);
}

double layout_text_width(const struct layout *l)
{
	return l->page_w - l->margin_inner - l->margin_outer;
}

double layout_column_width(const struct layout *l)
{
	double text_w = layout_text_width(l);
	return (text_w - (l->columns - 1) * l->gutter) / l->columns;
}
