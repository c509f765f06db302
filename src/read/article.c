/* article.c - the article record shared by readers, archive and commands. */
#include "article.h"
#include "../util.h"
#include "../hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strlist_add(struct strlist *l, const char *s)
{
	l->items = xgrow(l->items, l->n, sizeof(*l->items));
	l->items[l->n++] = xstrdup(s);
}

void strlist_release(struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

bool strlist_has(const struct strlist *l, const char *s)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->items[i], s))
			return true;
	return false;
}

void pubdate_format(const struct pubdate *d, char out[32])
{
	if (!d->date[0]) {
		out[0] = '\0';
	} else if (!d->has_time) {
		snprintf(out, 32, "%s", d->date);
	} else {
		int off = d->offset_min < 0 ? -d->offset_min : d->offset_min;
		snprintf(out, 32, "%sT%02d:%02d:%02d%c%02d:%02d", d->date, d->hour, d->minute,
			 d->second, d->offset_min < 0 ? '-' : '+', off / 60, off % 60);
	}
}

void article_init(struct article *a)
{
	memset(a, 0, sizeof(*a));
	buf_init(&a->body);
}

void article_release(struct article *a)
{
	free(a->kicker);
	free(a->title);
	free(a->subtitle);
	strlist_release(&a->authors);
	strlist_release(&a->contributors);
	free(a->editor);
	free(a->source);
	free(a->section);
	free(a->page);
	free(a->url);
	free(a->correction);
	free(a->key);
	strlist_release(&a->tags);
	buf_release(&a->body);
	article_init(a);
}

void article_set(char **field, const char *s)
{
	free(*field);
	*field = s ? xstrdup(s) : NULL;
}

static void fingerprint_field(struct sha256_ctx_folio *c, const char *s)
{
	if (s)
		sha256_add(c, s, strlen(s));
	sha256_add(c, "\x1f", 1);
}

static void fingerprint_list(struct sha256_ctx_folio *c, const struct strlist *l)
{
	for (size_t i = 0; l && i < l->n; i++) {
		sha256_add(c, l->items[i], strlen(l->items[i]));
		sha256_add(c, "\x1e", 1);
	}
	sha256_add(c, "\x1f", 1);
}

void content_fingerprint(const struct content_fields *f, char out[65])
{
	struct sha256_ctx_folio *c = sha256_begin();
	fingerprint_field(c, f->title);
	fingerprint_field(c, f->subtitle);
	fingerprint_list(c, f->authors);
	fingerprint_list(c, f->contributors);
	fingerprint_field(c, f->editor);
	fingerprint_field(c, f->source);
	fingerprint_field(c, f->section);
	fingerprint_field(c, f->url);
	fingerprint_field(c, f->correction);
	fingerprint_field(c, f->published);
	fingerprint_list(c, f->tags);
	fingerprint_field(c, f->body);
	/* fields newer than the fingerprint count only when present, so that
	 * an article stored before them keeps its fingerprint */
	if (f->kicker || f->page) {
		sha256_add(c, "\x1d", 1);
		fingerprint_field(c, f->kicker);
		fingerprint_field(c, f->page);
	}
	sha256_end(c, out);
}

void article_fingerprint(const struct article *a, const char *published, char out[65])
{
	struct content_fields f = { a->title,	   a->subtitle, a->editor, a->source, a->section,
				    a->url,	   a->correction, published, a->body.data, a->kicker,
				    a->page,	   &a->authors, &a->contributors, &a->tags };
	content_fingerprint(&f, out);
}
