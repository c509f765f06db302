/* markdown.c - Markdown articles: YAML front matter (libyaml) and body. */
#include "markdown.h"
#include "dates.h"
#include "../markup.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

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

struct fm_parser {
	yaml_parser_t p;
	yaml_event_t ev;
	bool have_ev;
	struct ferr *e;
	int err;
};

static int fm_next(struct fm_parser *fp)
{
	if (fp->have_ev)
		yaml_event_delete(&fp->ev);
	fp->have_ev = false;
	if (!yaml_parser_parse(&fp->p, &fp->ev))
		return fp->err = ferr_set(fp->e, FOLIO_EINPUT, "front matter line %zu: %s",
					  fp->p.problem_mark.line + 2,
					  fp->p.problem ? fp->p.problem : "YAML error");
	fp->have_ev = true;
	if (fp->ev.type == YAML_ALIAS_EVENT ||
	    (fp->ev.type == YAML_SCALAR_EVENT && fp->ev.data.scalar.anchor) ||
	    (fp->ev.type == YAML_SEQUENCE_START_EVENT && fp->ev.data.sequence_start.anchor) ||
	    (fp->ev.type == YAML_MAPPING_START_EVENT && fp->ev.data.mapping_start.anchor))
		return fp->err = ferr_set(fp->e, FOLIO_EINPUT,
					  "front matter line %zu: YAML anchors and aliases are not accepted",
					  fp->ev.start_mark.line + 2);
	return 0;
}

/* Skip the value whose first event is current (a scalar, or a whole
 * sequence or mapping). */
static int fm_skip_value(struct fm_parser *fp)
{
	int depth = 0;
	do {
		if (fp->ev.type == YAML_SEQUENCE_START_EVENT || fp->ev.type == YAML_MAPPING_START_EVENT)
			depth++;
		else if (fp->ev.type == YAML_SEQUENCE_END_EVENT || fp->ev.type == YAML_MAPPING_END_EVENT)
			depth--;
		if (depth == 0)
			return 0;
		if (depth > 64)
			return fp->err = ferr_set(fp->e, FOLIO_EINPUT, "front matter nested too deeply");
	} while (!fm_next(fp));
	return fp->err;
}

static const char *scalar(struct fm_parser *fp)
{
	return (const char *)fp->ev.data.scalar.value;
}

/* The current value as one string (a scalar; null/empty gives NULL). */
static int fm_string(struct fm_parser *fp, const char *key, char **out)
{
	if (fp->ev.type != YAML_SCALAR_EVENT)
		return fp->err = ferr_set(fp->e, FOLIO_EINPUT,
					  "front matter line %zu: '%s' must be a single value",
					  fp->ev.start_mark.line + 2, key);
	const char *v = scalar(fp);
	bool plain = fp->ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	free(*out);
	*out = NULL;
	if (*v && !(plain && (!strcmp(v, "~") || !strcmp(v, "null"))))
		*out = xstrdup(v);
	return 0;
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

/* The current value as a list: a scalar (split at commas) or a sequence of
 * scalars. */
static int fm_list(struct fm_parser *fp, const char *key, struct strlist *l)
{
	strlist_release(l);
	if (fp->ev.type == YAML_SCALAR_EVENT) {
		split_names(scalar(fp), l);
		return 0;
	}
	if (fp->ev.type != YAML_SEQUENCE_START_EVENT)
		return fp->err = ferr_set(fp->e, FOLIO_EINPUT,
					  "front matter line %zu: '%s' must be a name or a list of names",
					  fp->ev.start_mark.line + 2, key);
	while (!fm_next(fp) && fp->ev.type != YAML_SEQUENCE_END_EVENT) {
		if (fp->ev.type != YAML_SCALAR_EVENT)
			return fp->err = ferr_set(fp->e, FOLIO_EINPUT,
						  "front matter line %zu: '%s' items must be plain values",
						  fp->ev.start_mark.line + 2, key);
		if (*scalar(fp) && !strlist_has(l, scalar(fp)))
			strlist_add(l, scalar(fp));
	}
	return fp->err;
}

static int fm_value(struct fm_parser *fp, const char *key, struct article *a)
{
	char *s = NULL;
	int err = 0;
	if (!strcmp(key, "title")) {
		err = fm_string(fp, key, &a->title);
	} else if (!strcmp(key, "subtitle") || !strcmp(key, "original_title")) {
		err = fm_string(fp, key, &a->subtitle);
	} else if (!strcmp(key, "author") || !strcmp(key, "authors")) {
		err = fm_list(fp, key, &a->authors);
	} else if (!strcmp(key, "contributors")) {
		err = fm_list(fp, key, &a->contributors);
	} else if (!strcmp(key, "tags")) {
		err = fm_list(fp, key, &a->tags);
	} else if (!strcmp(key, "editor")) {
		err = fm_string(fp, key, &a->editor);
	} else if (!strcmp(key, "source")) {
		err = fm_string(fp, key, &a->source);
	} else if (!strcmp(key, "section")) {
		err = fm_string(fp, key, &a->section);
	} else if (!strcmp(key, "url")) {
		err = fm_string(fp, key, &a->url);
	} else if (!strcmp(key, "correction")) {
		err = fm_string(fp, key, &a->correction);
	} else if (!strcmp(key, "id")) {
		err = fm_string(fp, key, &a->key);
	} else if (!strcmp(key, "date") || !strcmp(key, "published")) {
		size_t line = fp->ev.start_mark.line + 2;
		if (!(err = fm_string(fp, key, &s)) && s) {
			struct ferr de = FERR_INIT;
			if (date_parse(s, &a->published, &de))
				err = fp->err = ferr_set(fp->e, FOLIO_EINPUT, "front matter line %zu: %s",
							 line, de.msg);
		}
		free(s);
	} else {
		err = fm_skip_value(fp);
	}
	return err;
}

static int parse_front_matter(const char *yaml, size_t len, struct article *a, struct ferr *e)
{
	struct fm_parser fp = { .e = e };
	int depth_ok = 0;
	yaml_parser_initialize(&fp.p);
	yaml_parser_set_input_string(&fp.p, (const unsigned char *)yaml, len);
	yaml_parser_set_encoding(&fp.p, YAML_UTF8_ENCODING);

	/* STREAM-START, DOCUMENT-START, then a mapping (or nothing at all). */
	while (!fm_next(&fp)) {
		if (fp.ev.type == YAML_STREAM_START_EVENT || fp.ev.type == YAML_DOCUMENT_START_EVENT)
			continue;
		break;
	}
	if (fp.err)
		goto done;
	if (fp.ev.type == YAML_STREAM_END_EVENT || fp.ev.type == YAML_DOCUMENT_END_EVENT)
		goto done; /* empty front matter */
	if (fp.ev.type == YAML_SCALAR_EVENT && !*scalar(&fp))
		goto done;
	if (fp.ev.type != YAML_MAPPING_START_EVENT) {
		ferr_set(e, FOLIO_EINPUT, "front matter must be a set of 'key: value' lines");
		fp.err = FOLIO_EINPUT;
		goto done;
	}
	depth_ok = 1;
	while (!fm_next(&fp) && fp.ev.type != YAML_MAPPING_END_EVENT) {
		if (fp.ev.type != YAML_SCALAR_EVENT) {
			ferr_set(e, FOLIO_EINPUT, "front matter line %zu: keys must be plain words",
				 fp.ev.start_mark.line + 2);
			fp.err = FOLIO_EINPUT;
			break;
		}
		char *key = xstrdup(scalar(&fp));
		if (!fm_next(&fp))
			fm_value(&fp, key, a);
		free(key);
		if (fp.err)
			break;
	}
done:
	(void)depth_ok;
	if (fp.have_ev)
		yaml_event_delete(&fp.ev);
	yaml_parser_delete(&fp.p);
	return fp.err;
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
