/*
 * searchquery.h - what a search query means, for every place that takes
 * one (folio search, selections by --query, the reading room): one parser,
 * so the same words find the same articles everywhere.
 *
 *   鄞州 党建          both (spaces mean AND); Chinese of any length, a run
 *                      of Chinese characters found as written
 *   "about article"    the words next to each other, in this order
 *   -广告, NOT 广告     without it
 *   图书馆 OR 书房      either; OR joins the terms beside it and binds
 *                      tighter than the spaces: 鄞州 图书馆 OR 书房 is
 *                      鄞州 AND (图书馆 OR 书房)
 *   库*                 Latin words beginning so (at least two letters);
 *                      after Chinese text a * changes nothing, since
 *                      Chinese is found inside longer words anyway
 *
 * Refused, with a message saying why (never read as literal words): an OR
 * or NOT with nothing on one side, an excluded term inside an OR, a quote
 * left open, a query of exclusions only, a query over 1,000 bytes or of
 * more than 32 terms, a * after fewer than two letters.  Words are matched
 * in the title, the body, and the authors, editor, source and section.
 *
 * Ownership: searchquery_parse() fills *out, searchquery_release() frees it.
 */
#ifndef FOLIO_SEARCHQUERY_H
#define FOLIO_SEARCHQUERY_H

#include <stdbool.h>
#include <stddef.h>
#include "util.h"

#define SEARCHQUERY_MAX_BYTES 1000
#define SEARCHQUERY_MAX_TERMS 32

/* One term: text to find (UTF-8, as typed, without quotes or *). */
struct sq_term {
	char *text;
	bool phrase;      /* given in quotes */
	bool prefix;      /* ended with * (Latin words only) */
	bool single_char; /* one CJK character and nothing else: the character index */
};

/* Terms joined by OR; a clause is negated (-x, NOT x) only when it has
 * exactly one term. */
struct sq_clause {
	struct sq_term *terms;
	size_t n;
	bool negated;
};

/* Clauses joined by AND. */
struct search_query {
	struct sq_clause *clauses;
	size_t n;
};

/* Parse q.  FOLIO_EUSAGE with the reason when it is refused (see above) or
 * has nothing to look for. */
int searchquery_parse(const char *q, struct search_query *out, struct ferr *e);
void searchquery_release(struct search_query *q);

/* The positive terms, space-separated: what a snippet marks.  Caller frees. */
char *searchquery_highlight(const struct search_query *q);

#endif
