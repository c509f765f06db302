/* markdown.c - Markdown articles: YAML front matter and a CommonMark body. */
#include "markdown.h"
#include "dates.h"
#include "../markup.h"
#include "../yamlmap.h"

#include <stddef.h>

#include <stdlib.h>
#include <string.h>

/* Length of the opening "---" line, or 0 if the text has none. */
static size_t fence_len(const char *s, size_t len)
{
	if (len >= 4 && !memcmp(s, "---\n", 4))
		return 4;
	return 0;
}

bool markdown_has_front_matter(const char *text, size_t len)
{
	return fence_len(text, len) > 0;
}

/* Find the closing "---" or "..." line; returns the offset of that line and
 * sets *after to the offset just past it, or returns (size_t)-1. */
static size_t find_close(const char *s, size_t len, size_t from, size_t *after)
{
	size_t i = from;
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - s) : len;
		size_t n = end - i;
		while (n > 0 && (s[i + n - 1] == ' ' || s[i + n - 1] == '\t'))
			n--;
		if (n == 3 && (!memcmp(s + i, "---", 3) || !memcmp(s + i, "...", 3))) {
			*after = nl ? end + 1 : end;
			return i;
		}
		i = nl ? end + 1 : len;
	}
	return (size_t)-1;
}

/* Split a comma/、-separated string into the list. */
static void split_names(const char *s, struct strlist *l)
{
	const char *p = s;
	while (*p) {
		size_t n = strcspn(p, ",;");
		const char *cut = strstr(p, "、");
		const char *cut2 = strstr(p, "，");
		if (cut && (size_t)(cut - p) < n)
			n = (size_t)(cut - p);
		if (cut2 && (size_t)(cut2 - p) < n)
			n = (size_t)(cut2 - p);
		const char *a = p, *b = p + n;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a) {
			char *name = xstrndup(a, (size_t)(b - a));
			if (!strlist_has(l, name))
				strlist_add(l, name);
			free(name);
		}
		p += n;
		if (!*p)
			break;
		p += (!strncmp(p, "、", 3) || !strncmp(p, "，", 3)) ? 3 : 1;
	}
}

/* The front matter's keys that hold one string, and where they go. */
static char **string_field(struct article *a, const char *key)
{
	static const struct {
		const char *key;
		size_t offset;
	} fields[] = {
		{ "title", offsetof(struct article, title) },
		{ "kicker", offsetof(struct article, kicker) },
		{ "page", offsetof(struct article, page) },
		{ "subtitle", offsetof(struct article, subtitle) },
		{ "original_title", offsetof(struct article, subtitle) },
		{ "editor", offsetof(struct article, editor) },
		{ "source", offsetof(struct article, source) },
		{ "section", offsetof(struct article, section) },
		{ "url", offsetof(struct article, url) },
		{ "correction", offsetof(struct article, correction) },
		{ "id", offsetof(struct article, key) },
	};
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (!strcmp(fields[i].key, key))
			return (char **)((char *)a + fields[i].offset);
	return NULL;
}

static struct strlist *list_field(struct article *a, const char *key)
{
	if (!strcmp(key, "author") || !strcmp(key, "authors"))
		return &a->authors;
	if (!strcmp(key, "contributors"))
		return &a->contributors;
	if (!strcmp(key, "tags"))
		return &a->tags;
	return NULL;
}

static bool is_null(const struct yaml_entry *en)
{
	return !*en->value || (en->plain && (!strcmp(en->value, "~") || !strcmp(en->value, "null")));
}

static int front_matter_entry(const struct yaml_entry *en, struct article *a, struct ferr *e)
{
	const char *dot = strchr(en->key, '.');
	char *top = dot ? xstrndup(en->key, (size_t)(dot - en->key)) : xstrdup(en->key);
	char **str = string_field(a, top);
	struct strlist *list = list_field(a, top);
	bool date = !strcmp(top, "date") || !strcmp(top, "published");
	int err = 0;

	if (dot && (str || list || date)) {
		err = ferr_set(e, FOLIO_EINPUT, "front matter line %zu: '%s' must be %s", en->line, top,
			       list ? "a name or a list of names" : "a single value");
	} else if (str) {
		if (en->list)
			err = ferr_set(e, FOLIO_EINPUT, "front matter line %zu: '%s' must be a single value",
				       en->line, top);
		else
			article_set(str, is_null(en) ? NULL : en->value);
	} else if (list) {
		strlist_release(list);
		if (en->list) {
			for (size_t i = 0; i < en->nitems; i++)
				if (*en->items[i] && !strlist_has(list, en->items[i]))
					strlist_add(list, en->items[i]);
		} else if (!is_null(en)) {
			split_names(en->value, list);
		}
	} else if (date) {
		struct ferr de = FERR_INIT;
		if (en->list)
			err = ferr_set(e, FOLIO_EINPUT, "front matter line %zu: '%s' must be a single value",
				       en->line, top);
		else if (!is_null(en) && date_parse(en->value, &a->published, &de))
			err = ferr_set(e, FOLIO_EINPUT, "front matter line %zu: %s", en->line, de.msg);
	}
	/* other keys are not folio's: ignored */
	free(top);
	return err;
}

static int parse_front_matter(const char *yaml, size_t len, struct article *a, struct ferr *e)
{
	struct yaml_map m;
	/* The front matter starts on the file's second line. */
	int err = yaml_map_parse(yaml, len, 1, &m, e);
	if (err) {
		if (e) {
			char msg[sizeof(e->msg)];
			memcpy(msg, e->msg, sizeof(msg));
			ferr_set(e, err, "front matter %.*s", (int)sizeof(msg) - 16, msg);
		}
		return err;
	}
	for (size_t i = 0; i < m.n && !err; i++)
		err = front_matter_entry(&m.v[i], a, e);
	yaml_map_release(&m);
	return err;
}

int article_from_markdown(const char *text, size_t len, struct article *a, struct ferr *e)
{
	size_t body = 0, open = fence_len(text, len);
	int err;

	if (open) {
		size_t after;
		size_t close = find_close(text, len, open, &after);
		if (close == (size_t)-1)
			return ferr_set(e, FOLIO_EINPUT, "front matter has no closing '---' line");
		if ((err = parse_front_matter(text + open, close - open, a, e)))
			return err;
		body = after;
	}
	if ((err = markup_check(text + body, len - body, e)))
		return err;
	if (!a->title) {
		size_t rest = 0;
		a->title = markup_first_heading(text + body, len - body, &rest);
		if (a->title && !*a->title) {
			free(a->title);
			a->title = NULL;
		}
		if (a->title)
			body += rest;
	}
	if (!a->title)
		return ferr_set(e, FOLIO_EINPUT,
				"no title: give 'title:' in the front matter or start with '# heading'");
	while (body < len && text[body] == '\n')
		body++;
	buf_add(&a->body, text + body, len - body);
	buf_rtrim(&a->body);
	if (a->body.len)
		buf_addc(&a->body, '\n');
	return 0;
}
