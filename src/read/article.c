/* article.c - the article record shared by readers, archive and commands. */
#include "article.h"
#include "../util.h"

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
