/*
 * select.h - which articles a command means: a month, a date range, a
 * section, a search query, a list of ids, or several of these together
 * (all must hold).  Shared by export, snapshot, hold and edition.
 */
#ifndef FOLIO_SELECT_H
#define FOLIO_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include "archive.h"

struct article_query {
	struct selection sel;  /* month, from, to, section */
	const char *query;     /* full-text search, or NULL */
	const long long *ids;  /* explicit ids, or NULL */
	size_t nids;
};

/* true if q selects anything at all (an empty query selects nothing, on
 * purpose: commands refuse to act on "everything" by accident). */
bool article_query_given(const struct article_query *q);

/* The ids of the selected articles, in publication order (explicit ids:
 * in the order given, each checked to exist, deleted ones included unless
 * dates are given too; a selection by date, section or query lists no
 * deleted article).  Caller frees *ids.
 * FOLIO_ENOTFOUND for an id that does not exist; FOLIO_EUSAGE for a query
 * with no searchable words. */
int select_articles(struct archive *a, const struct article_query *q, long long **ids, size_t *n,
		    struct ferr *e);

/* The articles q selects, split in two: the live ones in *ids, and in
 * *dead the deleted ones (tombstones) it names or covers: explicit ids
 * that were deleted (within the dates, if any are given), and those whose
 * date and section a selection without ids covers.  A search query finds
 * no tombstones.  Both in select_articles()'s order; caller frees both. */
int select_split(struct archive *a, const struct article_query *q, long long **ids, size_t *n,
		 long long **dead, size_t *ndead, struct ferr *e);

/* Parse "3,5,8" into a new array.  false if malformed. */
bool parse_id_list(const char *s, long long **ids, size_t *n);

/* A one-line description of the selection ("month=2019-01 query=百丈"),
 * for records and bag-info.  Caller frees. */
char *article_query_describe(const struct article_query *q);

#endif
