/*
 * fuzz_article.h - what the reader harnesses check on every article a
 * reader returns, and the one input they all run (fuzz_read_article).
 */
#ifndef FOLIO_FUZZ_ARTICLE_H
#define FOLIO_FUZZ_ARTICLE_H

#include "fuzz.h"
#include "markup.h"
#include "read/article.h"
#include "read/dates.h"
#include "utf8.h"

static inline void fuzz_check_field(const char *what, const char *s)
{
	if (s)
		FUZZ_CHECK(utf8_invalid_offset((const unsigned char *)s, strlen(s)) < 0,
			   "%s is not valid UTF-8", what);
}

static inline void fuzz_check_list(const char *what, const struct strlist *l)
{
	FUZZ_CHECK(l->n == 0 || l->items, "%s: %zu items, no array", what, l->n);
	for (size_t i = 0; i < l->n; i++) {
		FUZZ_CHECK(l->items[i], "%s[%zu] is NULL", what, i);
		fuzz_check_field(what, l->items[i]);
	}
}

/* A reader's result: valid UTF-8 throughout, a real date or none, and a
 * body that markup_plain() (what ingest does next) can take. */
static inline void fuzz_check_article(const struct article *a)
{
	fuzz_check_field("title", a->title);
	fuzz_check_field("subtitle", a->subtitle);
	fuzz_check_field("editor", a->editor);
	fuzz_check_field("source", a->source);
	fuzz_check_field("section", a->section);
	fuzz_check_field("url", a->url);
	fuzz_check_field("correction", a->correction);
	fuzz_check_field("key", a->key);
	fuzz_check_list("authors", &a->authors);
	fuzz_check_list("contributors", &a->contributors);
	fuzz_check_list("tags", &a->tags);
	FUZZ_CHECK(a->body.data && a->body.data[a->body.len] == '\0', "body buffer broken");
	FUZZ_CHECK(utf8_invalid_offset((const unsigned char *)a->body.data, a->body.len) < 0,
		   "body is not valid UTF-8");

	const struct pubdate *d = &a->published;
	FUZZ_CHECK(memchr(d->date, '\0', sizeof(d->date)), "date not terminated");
	if (d->date[0]) {
		int y, m, day;
		FUZZ_CHECK(strlen(d->date) == 10 && sscanf(d->date, "%4d-%2d-%2d", &y, &m, &day) == 3 &&
				   date_valid(y, m, day),
			   "bad date \"%.10s\"", d->date);
		if (d->has_time)
			FUZZ_CHECK(d->hour >= 0 && d->hour < 24 && d->minute >= 0 && d->minute < 60 &&
					   d->second >= 0 && d->second < 60 && d->offset_min >= -14 * 60 &&
					   d->offset_min <= 14 * 60,
				   "bad time %d:%d:%d %+d", d->hour, d->minute, d->second, d->offset_min);
	} else {
		FUZZ_CHECK(!d->has_time, "a time without a date");
	}
	char when[32];
	pubdate_format(d, when);

	char *plain = markup_plain(a->body.data, a->body.len);
	FUZZ_CHECK(plain, "markup_plain returned NULL");
	FUZZ_CHECK(utf8_invalid_offset((const unsigned char *)plain, strlen(plain)) < 0,
		   "plain text of the body is not valid UTF-8");
	free(plain);
}

/* A reader harness's input: valid UTF-8 only (anything else is rejected),
 * given to `read`, which must return an article that passes
 * fuzz_check_article() or fail with FOLIO_EINPUT and a message.  Then
 * `more` (may be NULL) sees the text and the article (NULL if the read
 * failed). */
static inline int fuzz_read_article(const uint8_t *data, size_t size,
				    int (*read)(const char *, size_t, struct article *, struct ferr *),
				    void (*more)(const char *, size_t, const struct article *))
{
	if (size > FUZZ_MAX_INPUT || utf8_invalid_offset(data, size) >= 0)
		return -1;
	char *text = fuzz_strndup(data, size);
	struct article a;
	struct ferr e = FERR_INIT;

	article_init(&a);
	int rc = read(text, size, &a, &e);
	FUZZ_CHECK(rc == 0 || rc == FOLIO_EINPUT, "rc %d", rc);
	if (rc == 0)
		fuzz_check_article(&a);
	else
		FUZZ_CHECK(e.msg[0], "failure without a message");
	if (more)
		more(text, size, rc == 0 ? &a : NULL);
	article_release(&a);
	free(text);
	return 0;
}

#endif
