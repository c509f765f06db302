/*
 * dates.h - publication dates and times as Chinese news sources write them:
 * "2019-01-29 15:42:08", "19-01-29 15:42", "2019年1月29日", "2019/1/29",
 * ISO 8601 with or without an offset.
 *
 * A time without a zone is taken as China Standard Time (+08:00).  A
 * two-digit year YY means 20YY.  Impossible dates (2019-02-30, month 13,
 * 25:00) are not dates.  Nothing here allocates.
 */
#ifndef FOLIO_DATES_H
#define FOLIO_DATES_H

#include <stddef.h>
#include "article.h"
#include "../util.h"

#define FOLIO_DEFAULT_OFFSET_MIN (8 * 60)

/* Find the first date (with its time, if one follows) in s[0..len).
 * Returns true and fills *d, and the byte span [*start, *end) it covered;
 * false when there is none.  start/end may be NULL. */
bool date_find(const char *s, size_t len, struct pubdate *d, size_t *start, size_t *end);

/* Parse the whole of s (leading/trailing white space allowed) as a date or
 * date-time.  Returns 0, or FOLIO_EINPUT with a message saying why. */
int date_parse(const char *s, struct pubdate *d, struct ferr *e);

/* The date a file's path gives, when its text gives none: in the file's
 * name first ("2019-01-08.txt", "20190109.txt", "2019年1月11日.txt",
 * "news_2019-01-10_003.txt"), then in its folders ("2019/01/08/x.txt",
 * "2019-01/08.txt" is not taken: a month alone is not a date).  A date
 * only, no time.  Returns true and fills *d. */
bool date_from_path(const char *path, struct pubdate *d);

/* true if y-m-d is a real calendar date (Gregorian, year 1000..9999). */
bool date_valid(int y, int m, int d);

#endif
