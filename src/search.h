/*
 * search.h - searching the archive for people: ranked results with a
 * snippet of the text around the first match.
 *
 * Ownership: records handed to the callback (snippet included) are valid
 * only during the call.
 */
#ifndef FOLIO_SEARCH_H
#define FOLIO_SEARCH_H

#include "archive.h"

/* archive_search() with a snippet around the query's first match filled
 * in each record.  Errors as archive_search(). */
int search_run(struct archive *a, const struct search_request *rq, record_fn fn, void *ctx,
	       struct search_info *info, struct ferr *e);

/* A snippet of plain around the first occurrence of any of the query's
 * words, matches marked [like this]; about `width` characters.  Caller
 * frees.  Exposed for tests. */
char *search_snippet(const char *plain, const char *query, int width);
/* The same with the marks given (for HTML, where [ and ] are text). */
char *search_snippet_marked(const char *plain, const char *query, int width, const char *open,
			    const char *close);

#endif
