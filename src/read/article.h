/*
 * article.h - one article as folio understands it: metadata plus a
 * Markdown body.  Readers fill it; the archive stores it; commands print it.
 *
 * Ownership: every char * field is NULL (unknown) or a heap string owned by
 * the struct; article_release() frees them all.  `authors` and
 * `contributors` are string lists owned the same way.
 */
#ifndef FOLIO_ARTICLE_H
#define FOLIO_ARTICLE_H

#include <stddef.h>
#include <stdbool.h>
#include "../buf.h"

struct strlist {
	char **items;
	size_t n;
};

void strlist_add(struct strlist *l, const char *s); /* copies s */
void strlist_release(struct strlist *l);
bool strlist_has(const struct strlist *l, const char *s);

/*
 * A publication time as a reader found it.  `date` is "YYYY-MM-DD" (empty
 * when unknown).  When has_time is set, hour/minute/second and the UTC
 * offset in minutes are meaningful; readers use +08:00 when the source
 * names no zone.
 */
struct pubdate {
	char date[11];
	bool has_time;
	int hour, minute, second;
	int offset_min;
};

/* "2019-01-29T15:42:00+08:00", "2019-01-29", or "" when unknown. */
void pubdate_format(const struct pubdate *d, char out[32]);

struct article {
	char *kicker;         /* the line printed above the title (引题) */
	char *title;
	char *subtitle;       /* subtitle, or the original title (原标题) */
	struct strlist authors;
	struct strlist contributors; /* 通讯员 and the like */
	char *editor;
	char *source;
	char *section;
	char *page;           /* the printed page a newspaper gave it (版次: "A3") */
	char *url;
	char *correction;     /* where to send corrections (纠错) */
	char *key;            /* an explicit identity the source gave, if any */
	struct pubdate published;
	struct strlist tags;
	struct buf body;      /* Markdown, UTF-8 */
};

/* The fields an article's content fingerprint covers, as stored: lists
 * as their items, published as pubdate_format() wrote it. */
struct content_fields {
	const char *title, *subtitle, *editor, *source, *section, *url, *correction, *published,
		*body, *kicker, *page;
	const struct strlist *authors, *contributors, *tags;
};

/* The content fingerprint (content_sha256): the SHA-256 of every stored
 * field.  Equal fingerprints mean text-identical inputs; folio check
 * re-derives it from the stored fields to prove them unchanged. */
void content_fingerprint(const struct content_fields *f, char out[65]);
void article_fingerprint(const struct article *a, const char *published, char out[65]);

void article_init(struct article *a);
void article_release(struct article *a);

/* Replace *field with a copy of s (NULL clears it). */
void article_set(char **field, const char *s);

#endif
