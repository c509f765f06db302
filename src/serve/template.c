/* serve/template.c - a Mustache subset over a tree of copied values. */
#include "template.h"

#include <dirent.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tkind { T_TEXT, T_HTML, T_LIST, T_MAP };

struct tnode {
	enum tkind kind;
	char *key;  /* in a map: its key; in a list: NULL */
	char *text; /* T_TEXT, T_HTML */
	struct tnode **kids; /* T_LIST: items (maps); T_MAP: entries */
	size_t n;
};

static struct tnode *node(enum tkind kind, const char *key)
{
	struct tnode *t = xcalloc(1, sizeof(*t));
	t->kind = kind;
	t->key = key ? xstrdup(key) : NULL;
	return t;
}

struct tnode *t_map(void)
{
	return node(T_MAP, NULL);
}

void t_free(struct tnode *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		t_free(t->kids[i]);
	free(t->kids);
	free(t->key);
	free(t->text);
	free(t);
}

static void add_kid(struct tnode *parent, struct tnode *kid)
{
	parent->kids = xgrow(parent->kids, parent->n, sizeof(*parent->kids)); // NOLINT(bugprone-sizeof-expression): an array of pointers
	parent->kids[parent->n++] = kid;
}

static struct tnode *entry(const struct tnode *map, const char *key)
{
	for (size_t i = map->n; i > 0; i--)
		if (map->kids[i - 1]->key && !strcmp(map->kids[i - 1]->key, key))
			return map->kids[i - 1];
	return NULL;
}

static void set_value(struct tnode *map, const char *key, enum tkind kind, const char *text)
{
	struct tnode *t = entry(map, key);
	if (t && (t->kind == T_TEXT || t->kind == T_HTML)) {
		free(t->text);
		t->kind = kind;
		t->text = xstrdup(text ? text : "");
		return;
	}
	t = node(kind, key);
	t->text = xstrdup(text ? text : "");
	add_kid(map, t);
}

void t_set(struct tnode *map, const char *key, const char *text)
{
	set_value(map, key, T_TEXT, text);
}

void t_setf(struct tnode *map, const char *key, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	set_value(map, key, T_TEXT, b.data);
	buf_release(&b);
}

void t_html(struct tnode *map, const char *key, const char *html)
{
	set_value(map, key, T_HTML, html);
}

struct tnode *t_list(struct tnode *map, const char *key)
{
	struct tnode *t = entry(map, key);
	if (t && t->kind == T_LIST)
		return t;
	t = node(T_LIST, key);
	add_kid(map, t);
	return t;
}

struct tnode *t_item(struct tnode *list)
{
	struct tnode *m = node(T_MAP, NULL);
	add_kid(list, m);
	return m;
}

void html_escape(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default: buf_addc(out, *s);
		}
	}
}

/* ---- template sets ---- */

struct tpl {
	char *name;
	char *text;
};

struct tset {
	struct tpl *v;
	size_t n;
};

int tset_load(const char *dir, struct tset **out, struct ferr *e)
{
	DIR *d = opendir(dir);
	*out = NULL;
	if (!d)
		return ferr_set(e, FOLIO_EINPUT, "%s: cannot read the templates", dir);
	struct tset *s = xcalloc(1, sizeof(*s));
	struct dirent *de;
	int err = 0;
	while (!err && (de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len < 6 || strcmp(de->d_name + len - 5, ".html") || de->d_name[0] == '.')
			continue;
		char *path = xasprintf("%s/%s", dir, de->d_name);
		unsigned char *data;
		size_t n;
		err = read_file_max(path, 1 << 20, &data, &n, e);
		free(path);
		if (err)
			break;
		s->v = xgrow(s->v, s->n, sizeof(*s->v));
		s->v[s->n].name = xstrndup(de->d_name, len - 5);
		s->v[s->n].text = (char *)data;
		s->n++;
	}
	closedir(d);
	if (err) {
		tset_free(s);
		return err;
	}
	*out = s;
	return 0;
}

void tset_free(struct tset *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].text);
	}
	free(s->v);
	free(s);
}

static const char *find_tpl(const struct tset *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i].name) == len && !memcmp(s->v[i].name, name, len))
			return s->v[i].text;
	return NULL;
}

#define MAX_DEPTH 16

struct render {
	const struct tset *set;
	const struct tnode *stack[MAX_DEPTH * 2];
	int depth;
	struct buf *out;
	struct ferr *e;
	int partials;
};

static const struct tnode *lookup(const struct render *r, const char *key, size_t len)
{
	for (int i = r->depth - 1; i >= 0; i--) {
		const struct tnode *m = r->stack[i];
		for (size_t k = m->n; k > 0; k--) {
			const struct tnode *t = m->kids[k - 1];
			if (t->key && strlen(t->key) == len && !memcmp(t->key, key, len))
				return t;
		}
	}
	return NULL;
}

static bool truthy(const struct tnode *t)
{
	if (!t)
		return false;
	if (t->kind == T_TEXT || t->kind == T_HTML)
		return t->text && *t->text;
	if (t->kind == T_LIST)
		return t->n > 0;
	return true;
}

/* The end of the section named key that starts at p: where its {{/key}}
 * begins, nested sections of the same name counted. */
static const char *section_end(const char *p, const char *key, size_t len, const char **after)
{
	int depth = 1;
	while ((p = strstr(p, "{{"))) {
		const char *q = p + 2;
		char c = *q;
		if ((c == '#' || c == '^' || c == '/') && !strncmp(q + 1, key, len) &&
		    !strncmp(q + 1 + len, "}}", 2)) {
			if (c == '/' && --depth == 0) {
				*after = q + 1 + len + 2;
				return p;
			}
			if (c != '/')
				depth++;
		}
		p = q;
	}
	return NULL;
}

static int render_span(struct render *r, const char *p, const char *end);

static int render_section(struct render *r, const struct tnode *t, bool inverted, const char *body,
			  const char *body_end)
{
	if (inverted)
		return truthy(t) ? 0 : render_span(r, body, body_end);
	if (!truthy(t))
		return 0;
	if (r->depth >= MAX_DEPTH * 2)
		return ferr_set(r->e, FOLIO_EINPUT, "templates nest too deep");
	if (t->kind == T_LIST) {
		for (size_t i = 0; i < t->n; i++) {
			r->stack[r->depth++] = t->kids[i];
			int err = render_span(r, body, body_end);
			r->depth--;
			if (err)
				return err;
		}
		return 0;
	}
	if (t->kind == T_MAP) {
		r->stack[r->depth++] = t;
		int err = render_span(r, body, body_end);
		r->depth--;
		return err;
	}
	return render_span(r, body, body_end);
}

static int render_span(struct render *r, const char *p, const char *end)
{
	while (p < end) {
		const char *open = strstr(p, "{{");
		if (!open || open >= end) {
			buf_add(r->out, p, (size_t)(end - p));
			return 0;
		}
		buf_add(r->out, p, (size_t)(open - p));
		bool triple = open[2] == '{';
		const char *name = open + (triple ? 3 : 2);
		char sigil = *name;
		if (sigil == '#' || sigil == '^' || sigil == '/' || sigil == '>' || sigil == '&')
			name++;
		const char *close = strstr(name, triple ? "}}}" : "}}");
		if (!close || close >= end)
			return ferr_set(r->e, FOLIO_EINPUT, "a {{ without its }}");
		size_t len = (size_t)(close - name);
		while (len && name[len - 1] == ' ')
			len--;
		while (len && *name == ' ') {
			name++;
			len--;
		}
		p = close + (triple ? 3 : 2);
		if (sigil == '#' || sigil == '^') {
			char key[128];
			if (len >= sizeof(key))
				return ferr_set(r->e, FOLIO_EINPUT, "a section name too long");
			memcpy(key, name, len);
			key[len] = '\0';
			const char *after;
			const char *body_end = section_end(p, key, len, &after);
			if (!body_end || body_end > end)
				return ferr_set(r->e, FOLIO_EINPUT, "section {{#%s}} is not closed", key);
			int err = render_section(r, lookup(r, name, len), sigil == '^', p, body_end);
			if (err)
				return err;
			p = after;
		} else if (sigil == '/') {
			return ferr_set(r->e, FOLIO_EINPUT, "{{/%.*s}} closes nothing", (int)len, name);
		} else if (sigil == '>') {
			const char *sub = find_tpl(r->set, name, len);
			if (!sub)
				return ferr_set(r->e, FOLIO_EINPUT, "no template %.*s", (int)len, name);
			if (++r->partials > 64)
				return ferr_set(r->e, FOLIO_EINPUT, "templates include each other");
			int err = render_span(r, sub, sub + strlen(sub));
			r->partials--;
			if (err)
				return err;
		} else {
			const struct tnode *t = lookup(r, name, len);
			if (t && t->kind == T_HTML && (triple || sigil == '&'))
				buf_adds(r->out, t->text);
			else if (t && (t->kind == T_TEXT || t->kind == T_HTML))
				html_escape(r->out, t->text);
		}
	}
	return 0;
}

int tset_render(const struct tset *s, const char *name, const struct tnode *data,
		struct buf *out, struct ferr *e)
{
	const char *tpl = find_tpl(s, name, strlen(name));
	if (!tpl)
		return ferr_set(e, FOLIO_EINPUT, "no template %s", name);
	struct render r = { s, { data }, 1, out, e, 0 };
	return render_span(&r, tpl, tpl + strlen(tpl));
}
