/* plaintext.c - plain text as an article: see plaintext.h for the rules. */
#include "plaintext.h"
#include "webtext.h"
#include "../utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TITLE_MAX_CP 80
#define FALLBACK_TITLE_CP 40

struct pline {
	const char *s;
	size_t len;
};

static uint32_t cp_at(const char *s, size_t len, size_t i, size_t *w)
{
	uint32_t cp;
	int n = i < len ? utf8_decode((const unsigned char *)s + i, len - i, &cp) : 0;
	if (n <= 0) {
		*w = i < len ? 1 : 0;
		return i < len ? (unsigned char)s[i] : 0;
	}
	*w = (size_t)n;
	return cp;
}

static bool is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\f' || cp == 0x3000 || cp == 0xA0;
}

static void trim(const char **s, size_t *len)
{
	size_t w;
	while (*len && is_blank(cp_at(*s, *len, 0, &w))) {
		*s += w;
		*len -= w;
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r' ||
			(*s)[*len - 1] == '\f'))
		(*len)--;
	/* a trailing ideographic space */
	while (*len >= 3 && !memcmp(*s + *len - 3, "\xE3\x80\x80", 3))
		*len -= 3;
}

static bool is_deco(char c)
{
	return c == '=' || c == '-' || c == '*' || c == '#' || c == '~' || c == '_' || c == '+';
}

/* "=====", "-----", "* * *": a rule line, no words. */
static bool is_rule(const char *s, size_t len)
{
	size_t marks = 0;
	for (size_t i = 0; i < len; i++) {
		if (is_deco(s[i]))
			marks++;
		else if (s[i] != ' ' && s[i] != '\t')
			return false;
	}
	return marks >= 3;
}

static bool is_full_stop(uint32_t cp)
{
	return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF0E || cp == '.' ||
	       cp == '!' || cp == '?' || cp == 0xFF1B || cp == ';';
}

static bool is_spaced_cjk(uint32_t cp)
{
	return utf8_is_cjk(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       cp == 0x2014 || cp == 0x2026 || cp == 0x201C || cp == 0x201D;
}

/* The title line without its frame ("=  标题  ="), letter-spacing taken out
 * when most of its words are single characters ("欢 迎 阅 读"). */
static char *clean_title(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t tokens = 0, singles = 0, i = 0, w;
	while (len && is_deco(s[0]))
		s++, len--;
	while (len && is_deco(s[len - 1]))
		len--;
	trim(&s, &len);
	while (i < len) {
		size_t start, n = 0;
		while (i < len && is_blank(cp_at(s, len, i, &w)))
			i += w;
		start = i;
		while (i < len && !is_blank(cp_at(s, len, i, &w))) {
			i += w;
			n++;
		}
		if (i > start) {
			tokens++;
			singles += n == 1;
		}
	}
	bool spaced = tokens >= 4 && singles * 10 >= tokens * 7;
	uint32_t prev = 0;
	for (i = 0; i < len;) {
		uint32_t cp = cp_at(s, len, i, &w);
		if (is_blank(cp)) {
			size_t j = i;
			uint32_t next;
			while (j < len && is_blank(cp_at(s, len, j, &w)))
				j += w;
			next = cp_at(s, len, j, &w);
			/* letter-spaced: a single space is spacing, a wider gap is
			 * a word space (kept only between Latin words) */
			if (!spaced ||
			    (j - i > 1 && !is_spaced_cjk(prev) && !is_spaced_cjk(next)))
				buf_addc(&b, ' ');
			i = j;
			continue;
		}
		buf_add(&b, s + i, w);
		prev = cp;
		i += w;
	}
	return buf_detach(&b);
}

/* Join a paragraph's lines: no space between two Chinese characters. */
static void add_paragraph(struct buf *body, const struct pline *l, size_t first, size_t last)
{
	struct buf p = BUF_INIT;
	for (size_t i = first; i < last; i++) {
		size_t w;
		if (p.len && l[i].len) {
			size_t pw = 0;
			uint32_t before = 0;
			for (size_t k = p.len; k > 0; k--)
				if (((unsigned char)p.data[k - 1] & 0xC0) != 0x80) {
					before = cp_at(p.data, p.len, k - 1, &pw);
					break;
				}
			if (!(is_spaced_cjk(before) && is_spaced_cjk(cp_at(l[i].s, l[i].len, 0, &w))))
				buf_addc(&p, ' ');
		}
		buf_add(&p, l[i].s, l[i].len);
	}
	if (p.len) {
		if (body->len)
			buf_adds(body, "\n");
		webtext_escape(body, p.data, p.len, false);
		buf_adds(body, "\n");
	}
	buf_release(&p);
}

/* The first sentence of the text, at most FALLBACK_TITLE_CP characters. */
static char *first_sentence(const char *s, size_t len)
{
	size_t i = 0, n = 0, w;
	while (i < len && n < FALLBACK_TITLE_CP) {
		uint32_t cp = cp_at(s, len, i, &w);
		if (cp == '\n')
			break;
		if (is_full_stop(cp))
			return xstrndup(s, i);
		i += w;
		n++;
	}
	if (i < len && s[i] != '\n')
		return xasprintf("%.*s…", (int)i, s);
	return xstrndup(s, i);
}

int article_from_plaintext(const char *text, size_t len, struct article *a, struct ferr *e)
{
	struct pline *l = NULL;
	size_t n = 0, cap = 0, i = 0, first, t;
	bool blank_lines = false;

	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i <= len) {
		const char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
		size_t end = nl ? (size_t)(nl - text) : len;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			l = xrealloc(l, cap * sizeof(*l));
		}
		l[n].s = text + i;
		l[n].len = end - i;
		trim(&l[n].s, &l[n].len);
		if (is_rule(l[n].s, l[n].len))
			l[n].len = 0;
		n++;
		if (!nl)
			break;
		i = end + 1;
	}
	for (first = 0; first < n && !l[first].len; first++)
		;
	if (first == n) {
		free(l);
		return ferr_set(e, FOLIO_EINPUT, "no text");
	}
	/* the title line: short, and not a sentence unless set apart */
	t = first;
	size_t ncp = utf8_count(l[t].s, l[t].len), w;
	bool apart = t + 1 >= n || !l[t + 1].len;
	uint32_t last_cp = 0;
	for (size_t k = 0; k < l[t].len; k += w)
		last_cp = cp_at(l[t].s, l[t].len, k, &w);
	bool have_title = ncp <= TITLE_MAX_CP && (apart ? ncp <= 40 || !is_full_stop(last_cp)
						       : !is_full_stop(last_cp) && ncp <= 40);
	for (i = first + 1; i < n; i++)
		if (!l[i].len && i + 1 < n && l[i + 1].len)
			blank_lines = true;
	article_set(&a->title, NULL);
	if (have_title) {
		a->title = clean_title(l[t].s, l[t].len);
		if (!*a->title) {
			free(a->title);
			a->title = NULL;
			have_title = false;
		}
	}
	size_t body_from = have_title ? t + 1 : first;
	if (!have_title)
		a->title = first_sentence(l[first].s, (size_t)(text + len - l[first].s));
	buf_reset(&a->body);
	for (i = body_from; i < n;) {
		while (i < n && !l[i].len)
			i++;
		if (i >= n)
			break;
		size_t j = i + 1;
		if (blank_lines)
			while (j < n && l[j].len)
				j++;
		add_paragraph(&a->body, l, i, j);
		i = j;
	}
	free(l);
	if (!a->body.len) {
		/* a one-line text: its line is the body too */
		webtext_escape(&a->body, a->title, strlen(a->title), false);
		buf_adds(&a->body, "\n");
	}
	return 0;
}
