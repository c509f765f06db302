/* dates.c - finds and parses publication dates in the forms Chinese news pages write them. */
#include "dates.h"
#include "../utf8.h"

#include <stdint.h>
#include <string.h>

/* What matching at one position found. */
enum match {
	MATCH_NONE, /* not shaped like a date */
	MATCH_OK,
	MATCH_BAD,  /* shaped like a date, but no such day or time */
};

/* The code point at s[i] and its width in *w (0 at the end).  Bytes that
 * are not UTF-8 read as themselves, one at a time, so scanning never stalls. */
static uint32_t char_at(const char *s, size_t len, size_t i, size_t *w)
{
	uint32_t cp;
	int n;
	if (i >= len) {
		*w = 0;
		return 0;
	}
	n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
	if (n < 0) {
		*w = 1;
		return (unsigned char)s[i];
	}
	*w = (size_t)n;
	return cp;
}

/* The code point that ends just before s[i] (0 at the start). */
static uint32_t char_before(const char *s, size_t i, size_t *w)
{
	size_t j = i;
	if (!i) {
		*w = 0;
		return 0;
	}
	do
		j--;
	while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80);
	return char_at(s, i, j, w);
}

/* ASCII and full-width digits; -1 for anything else. */
static int digit_value(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (int)(cp - 0xFF10);
	return -1;
}

/* Full-width forms of the separators count as the ASCII ones. */
static uint32_t fold_punct(uint32_t cp)
{
	switch (cp) {
	case 0xFF0D: return '-';
	case 0xFF0E: return '.';
	case 0xFF0F: return '/';
	case 0xFF1A: return ':';
	case 0xFF0B: return '+';
	default: return cp;
	}
}

/* Read the whole run of digits at *i; its value (saturating) in *val.
 * Returns the number of digits, 0 if there is no digit at *i. */
static int read_digits(const char *s, size_t len, size_t *i, int *val)
{
	int n = 0, v = 0;
	for (;;) {
		size_t w;
		int dv = digit_value(char_at(s, len, *i, &w));
		if (dv < 0)
			break;
		if (v < 100000000)
			v = v * 10 + dv;
		n++;
		*i += w;
	}
	*val = v;
	return n;
}

/* Month, day and hour fields have one or two digits. */
static bool one_or_two(int ndigits)
{
	return ndigits == 1 || ndigits == 2;
}

/* Skip blanks inside a line (not line breaks); returns how many. */
static int skip_blanks(const char *s, size_t len, size_t *i)
{
	int n = 0;
	for (;;) {
		size_t w;
		uint32_t cp = char_at(s, len, *i, &w);
		if (!w || cp == '\n' || cp == '\r' || !utf8_is_space(cp))
			return n;
		*i += w;
		n++;
	}
}

static bool accept_char(const char *s, size_t len, size_t *i, uint32_t want)
{
	size_t w;
	if (fold_punct(char_at(s, len, *i, &w)) != want || !w)
		return false;
	*i += w;
	return true;
}

/* YYYYMMDD as eight digits standing alone (no digit before or after). */
static bool compact_date(const char *s, struct pubdate *d)
{
	for (const char *p = s; *p; p++) {
		if (p[0] < '0' || p[0] > '9' || (p > s && p[-1] >= '0' && p[-1] <= '9'))
			continue;
		int k = 0;
		while (p[k] >= '0' && p[k] <= '9')
			k++;
		if (k == 8 && (p[0] == '1' || p[0] == '2')) {
			int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
			int m = (p[4] - '0') * 10 + (p[5] - '0'), dd = (p[6] - '0') * 10 + (p[7] - '0');
			if (y >= 1900 && date_valid(y, m, dd)) {
				memset(d, 0, sizeof(*d));
				memcpy(d->date, p, 4);
				d->date[4] = '-';
				memcpy(d->date + 5, p + 4, 2);
				d->date[7] = '-';
				memcpy(d->date + 8, p + 6, 2);
				d->date[10] = '\0';
				return true;
			}
		}
		p += k - 1;
	}
	return false;
}

bool date_from_path(const char *path, struct pubdate *d)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	struct pubdate found;
	/* the name, then the folders (the whole path: 2019/01/08/x.txt) */
	if ((date_find(base, strlen(base), &found, NULL, NULL) || compact_date(base, &found)) ||
	    (base > path && date_find(path, (size_t)(base - path), &found, NULL, NULL))) {
		memset(d, 0, sizeof(*d));
		memcpy(d->date, found.date, sizeof(d->date));
		d->offset_min = FOLIO_DEFAULT_OFFSET_MIN;
		return true;
	}
	return false;
}

bool date_valid(int y, int m, int d)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int max;
	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1)
		return false;
	max = days[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	return d <= max;
}

/* "2019-01-29", "19/1/29", "2019.01.29" or "2019年1月29日" at *i. */
static enum match match_ymd(const char *s, size_t len, size_t *i, int *y, int *m, int *d,
			    bool *chinese)
{
	size_t j = *i, w;
	int ny = read_digits(s, len, &j, y);
	uint32_t sep;

	if (ny != 4 && ny != 2)
		return MATCH_NONE;
	sep = fold_punct(char_at(s, len, j, &w));
	if (sep == '-' || sep == '/' || sep == '.') {
		j += w;
		if (!one_or_two(read_digits(s, len, &j, m)) || !accept_char(s, len, &j, sep))
			return MATCH_NONE;
		if (!one_or_two(read_digits(s, len, &j, d)))
			return MATCH_NONE;
		/* 2019-01-29-5 or 10.1.2.3: part of a longer number, not a date */
		if (fold_punct(char_at(s, len, j, &w)) == sep &&
		    digit_value(char_at(s, len, j + w, &w)) >= 0)
			return MATCH_NONE;
		*chinese = false;
	} else {
		size_t k = j;
		skip_blanks(s, len, &k);
		if (ny != 4 || !accept_char(s, len, &k, 0x5E74 /* 年 */))
			return MATCH_NONE;
		skip_blanks(s, len, &k);
		if (!one_or_two(read_digits(s, len, &k, m)))
			return MATCH_NONE;
		skip_blanks(s, len, &k);
		if (!accept_char(s, len, &k, 0x6708 /* 月 */))
			return MATCH_NONE;
		skip_blanks(s, len, &k);
		if (!one_or_two(read_digits(s, len, &k, d)))
			return MATCH_NONE;
		skip_blanks(s, len, &k);
		if (!accept_char(s, len, &k, 0x65E5 /* 日 */) && !accept_char(s, len, &k, 0x53F7 /* 号 */))
			return MATCH_NONE;
		j = k;
		*chinese = true;
	}
	if (ny == 2)
		*y += 2000;
	*i = j;
	return date_valid(*y, *m, *d) ? MATCH_OK : MATCH_BAD;
}

/* "Z", "+08:00", "+0800", "+08" or (as YAML writes it) " -5" at *i; leaves
 * *i alone when there is no well-formed zone there.  A minus zone only when
 * allow_minus: after a bare "09:00", "-10:00" is the end of a time range. */
static bool match_zone(const char *s, size_t len, size_t *i, int *offset_min, bool allow_minus)
{
	size_t j = *i, w;
	uint32_t cp = fold_punct(char_at(s, len, j, &w));
	int hh, mm = 0, n;

	if (cp == 'Z') {
		*offset_min = 0;
		*i = j + w;
		return true;
	}
	if (cp == ' ') {
		j += w;
		cp = fold_punct(char_at(s, len, j, &w));
	}
	if (cp == 0x2212 /* minus sign */)
		cp = '-';
	if (cp != '+' && (cp != '-' || !allow_minus))
		return false;
	j += w;
	n = read_digits(s, len, &j, &hh);
	if (n == 4) {
		mm = hh % 100;
		hh /= 100;
	} else if (n == 1 || n == 2) {
		size_t k = j;
		if (accept_char(s, len, &k, ':')) {
			if (read_digits(s, len, &k, &mm) != 2)
				return false;
			j = k;
		}
	} else {
		return false;
	}
	if (hh > 14 || mm > 59)
		return false;
	*offset_min = (cp == '+' ? 1 : -1) * (hh * 60 + mm);
	*i = j;
	return true;
}

/* Zones named before the time: "2012年12月10日, 格林尼治标准时间10:41"
 * (BBC), "2019年1月29日 北京时间15:42". */
static const struct zone_word {
	const char *word;
	int offset_min;
} zone_words[] = {
	{ "格林尼治标准时间", 0 }, { "格林威治标准时间", 0 }, { "格林尼治时间", 0 },
	{ "格林威治时间", 0 }, { "北京时间", 8 * 60 }, { "GMT", 0 }, { "UTC", 0 },
};

/* A zone word at *j, after an optional comma and blanks: moves *j past it
 * (and the blanks after) and gives its offset.  Otherwise *j stays. */
static bool match_zone_word(const char *s, size_t len, size_t *j, int *offset_min)
{
	size_t k = *j, w;
	uint32_t cp = char_at(s, len, k, &w);
	if (cp == ',' || cp == 0xFF0C)
		k += w;
	skip_blanks(s, len, &k);
	for (size_t z = 0; z < sizeof(zone_words) / sizeof(zone_words[0]); z++) {
		size_t zl = strlen(zone_words[z].word);
		if (len - k >= zl && !memcmp(s + k, zone_words[z].word, zl)) {
			k += zl;
			skip_blanks(s, len, &k);
			*offset_min = zone_words[z].offset_min;
			*j = k;
			return true;
		}
	}
	return false;
}

/* A time after a date at *i: "15:42", "15:42:08", "T15:42:00.5+08:00",
 * "15时42分", ", 格林尼治标准时间10:41".  MATCH_NONE leaves *i alone. */
static enum match match_time(const char *s, size_t len, size_t *i, bool chinese,
			     struct pubdate *d)
{
	size_t j = *i, w, k;
	int h, m, sec = 0, frac, named_offset = 0;
	bool iso = false, seconds = false, named;

	named = match_zone_word(s, len, &j, &named_offset);
	if (named) {
		/* the time follows the zone's name */
	} else if (fold_punct(char_at(s, len, j, &w)) == 'T' && !chinese) {
		j += w;
		iso = true;
	} else if (!skip_blanks(s, len, &j) && !chinese)
		return MATCH_NONE;
	if (!one_or_two(read_digits(s, len, &j, &h)))
		return MATCH_NONE;
	if (accept_char(s, len, &j, ':')) {
		if (read_digits(s, len, &j, &m) != 2)
			return MATCH_NONE;
		k = j;
		int sv = 0;
		if (accept_char(s, len, &k, ':') && read_digits(s, len, &k, &sv) == 2) {
			j = k;
			sec = sv;
			seconds = true;
		}
		k = j;
		if (accept_char(s, len, &k, '.') && read_digits(s, len, &k, &frac) > 0)
			j = k;
	} else if (accept_char(s, len, &j, 0x65F6 /* 时 */) ||
		   accept_char(s, len, &j, 0x70B9 /* 点 */)) {
		if (!one_or_two(read_digits(s, len, &j, &m)) ||
		    !accept_char(s, len, &j, 0x5206 /* 分 */))
			return MATCH_NONE;
		k = j;
		int sv = 0;
		if (one_or_two(read_digits(s, len, &k, &sv)) &&
		    accept_char(s, len, &k, 0x79D2 /* 秒 */)) {
			j = k;
			sec = sv; /* only when the seconds were really there */
		}
	} else {
		return MATCH_NONE;
	}
	d->offset_min = named ? named_offset : FOLIO_DEFAULT_OFFSET_MIN;
	match_zone(s, len, &j, &d->offset_min, iso || seconds);
	if (h > 23 || m > 59 || sec > 59)
		return MATCH_BAD;
	d->has_time = true;
	d->hour = h;
	d->minute = m;
	d->second = sec;
	*i = j;
	return MATCH_OK;
}

/* "YYYY-MM-DD" for a date already known to be valid. */
static void format_ymd(char out[11], int y, int m, int d)
{
	int v[3] = { y, m, d }, width[3] = { 4, 2, 2 };
	char *p = out;
	for (int f = 0; f < 3; f++) {
		for (int k = width[f] - 1; k >= 0; k--) {
			p[k] = (char)('0' + v[f] % 10);
			v[f] /= 10;
		}
		p += width[f];
		*p++ = f < 2 ? '-' : '\0';
	}
}

/* A date, and the time after it if there is one, starting exactly at s[*i].
 * On MATCH_OK *i moves past it; *why says what was wrong on MATCH_BAD. */
static enum match match_at(const char *s, size_t len, size_t *i, struct pubdate *d,
			   const char **why)
{
	size_t j = *i;
	int y = 0, m = 0, day = 0;
	bool chinese = false;
	enum match r;
	struct pubdate t;

	r = match_ymd(s, len, &j, &y, &m, &day, &chinese);
	if (r != MATCH_OK) {
		if (y < 1000 || y > 9999)
			*why = "year out of range (1000-9999)";
		else if (m < 1 || m > 12)
			*why = "no such month";
		else
			*why = "no such day in that month";
		return r;
	}
	memset(&t, 0, sizeof(t));
	format_ymd(t.date, y, m, day);
	t.offset_min = FOLIO_DEFAULT_OFFSET_MIN;
	r = match_time(s, len, &j, chinese, &t);
	if (r == MATCH_BAD) {
		*why = "no such time of day";
		return r;
	}
	*d = t;
	*i = j;
	return MATCH_OK;
}

/* Could a date start at s[i]?  Not in the middle of a number, a dotted
 * address or an identifier: "0574-87666666", "10.1.2.3", "v10.2.3". */
static bool may_start_date(const char *s, size_t len, size_t i)
{
	size_t w, w2;
	uint32_t prev;
	if (digit_value(char_at(s, len, i, &w)) < 0)
		return false;
	prev = fold_punct(char_before(s, i, &w));
	if (digit_value(prev) >= 0 || (prev < 0x80 && ((prev | 0x20) >= 'a' && (prev | 0x20) <= 'z')))
		return false;
	if (prev == '-' || prev == '/' || prev == '.' || prev == ':' || prev == '+' || prev == '@')
		return digit_value(char_before(s, i - w, &w2)) < 0;
	return true;
}

bool date_find(const char *s, size_t len, struct pubdate *d, size_t *start, size_t *end)
{
	size_t i = 0;
	while (i < len) {
		size_t w, j = i;
		const char *why;
		int ignored;
		struct pubdate t;

		if (!may_start_date(s, len, i)) {
			char_at(s, len, i, &w);
			i += w;
			continue;
		}
		if (match_at(s, len, &j, &t, &why) == MATCH_OK) {
			if (d)
				*d = t;
			if (start)
				*start = i;
			if (end)
				*end = j;
			return true;
		}
		read_digits(s, len, &i, &ignored);
	}
	return false;
}

int date_parse(const char *s, struct pubdate *d, struct ferr *e)
{
	size_t len = strlen(s), i = 0, j, w;
	const char *why = NULL;
	enum match r;
	struct pubdate t;
	int shown;

	skip_blanks(s, len, &i);
	while (len > i && utf8_is_space(char_before(s, len, &w)))
		len -= w;
	if (i == len)
		return ferr_set(e, FOLIO_EINPUT, "empty date");
	j = i;
	r = match_at(s, len, &j, &t, &why);
	shown = len - i > 200 ? 200 : (int)(len - i);
	if (r == MATCH_BAD)
		return ferr_set(e, FOLIO_EINPUT, "invalid date \"%.*s\": %s", shown, s + i, why);
	if (r != MATCH_OK || j != len)
		return ferr_set(e, FOLIO_EINPUT, "not a date: \"%.*s\"", shown, s + i);
	*d = t;
	return 0;
}
