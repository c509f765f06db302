/*
 * fuzz_dates.c - date_find() and date_parse() on any bytes.
 *
 * Invariants: a found date lies inside the input and is a real calendar
 * date with a real time; the span date_find() reports parses on its own
 * (date_parse) to the same date; and what pubdate_format() writes for
 * any parsed date parses back to the same date.
 */
#include "fuzz.h"
#include "read/dates.h"

#include <stdbool.h>

static bool same_but_seconds(const struct pubdate *a, const struct pubdate *b)
{
	if (strcmp(a->date, b->date) || a->has_time != b->has_time)
		return false;
	return !a->has_time ||
	       (a->hour == b->hour && a->minute == b->minute && a->offset_min == b->offset_min);
}

static bool same(const struct pubdate *a, const struct pubdate *b)
{
	return same_but_seconds(a, b) && (!a->has_time || a->second == b->second);
}

static void check_date(const struct pubdate *d)
{
	int y, m, day;
	FUZZ_CHECK(memchr(d->date, '\0', sizeof(d->date)) && strlen(d->date) == 10 &&
			   sscanf(d->date, "%4d-%2d-%2d", &y, &m, &day) == 3 && date_valid(y, m, day),
		   "bad date \"%.10s\"", d->date);
	if (d->has_time)
		FUZZ_CHECK(d->hour >= 0 && d->hour < 24 && d->minute >= 0 && d->minute < 60 &&
				   d->second >= 0 && d->second < 60 && d->offset_min >= -14 * 60 - 59 &&
				   d->offset_min <= 14 * 60 + 59,
			   "bad time %d:%d:%d %+d", d->hour, d->minute, d->second, d->offset_min);
}

/* pubdate_format() then date_parse() gives d back. */
static void check_round_trip(const struct pubdate *d)
{
	char s[32];
	struct pubdate back;
	struct ferr e = FERR_INIT;
	pubdate_format(d, s);
	FUZZ_CHECK(date_parse(s, &back, &e) == 0, "\"%s\" does not parse: %s", s, e.msg);
	FUZZ_CHECK(same(d, &back), "\"%s\" parses to something else", s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_MAX_INPUT)
		return -1;
	const char *s = (const char *)data;
	struct pubdate d;
	size_t start = 0, end = 0;

	if (date_find(s, size, &d, &start, &end)) {
		FUZZ_CHECK(start < end && end <= size, "span [%zu,%zu) of %zu bytes", start, end, size);
		check_date(&d);
		check_round_trip(&d);

		char *span = fuzz_strndup(data + start, end - start);
		struct pubdate alone;
		struct ferr e = FERR_INIT;
		if (!memchr(data + start, '\0', end - start)) {
			FUZZ_CHECK(date_parse(span, &alone, &e) == 0, "found \"%s\" does not parse: %s",
				   span, e.msg);
			FUZZ_CHECK(same(&d, &alone) || (fuzz_tolerate("dates-stale-seconds") &&
							 same_but_seconds(&d, &alone)),
				   "found \"%s\" parses to something else (%02d:%02d:%02d, alone %02d:%02d:%02d)",
				   span, d.hour, d.minute, d.second, alone.hour, alone.minute, alone.second);
		}
		free(span);
	}
	/* Without an output and span too. */
	(void)date_find(s, size, NULL, NULL, NULL);

	char *str = fuzz_strndup(data, size);
	struct ferr e = FERR_INIT;
	int rc = date_parse(str, &d, &e);
	FUZZ_CHECK(rc == 0 || rc == FOLIO_EINPUT, "rc %d", rc);
	if (rc == 0) {
		check_date(&d);
		check_round_trip(&d);
	} else {
		FUZZ_CHECK(e.msg[0], "failure without a message");
	}
	free(str);
	return 0;
}
