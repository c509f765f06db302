/* searchquery.c - parsing the search syntax (searchquery.h). */
#include "searchquery.h"
#include "buf.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* A piece of the query between spaces, or a quoted phrase. */
struct lexeme {
	const char *s;
	size_t len;
	bool quoted;
};

static bool is_space_at(const char *s, size_t len, size_t i, size_t *width)
{
	unsigned char c = (unsigned char)s[i];
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
		*width = 1;
		return true;
	}
	/* U+3000 IDEOGRAPHIC SPACE, as Chinese keyboards type it */
	if (i + 3 <= len && !memcmp(s + i, "\xE3\x80\x80", 3)) {
		*width = 3;
		return true;
	}
	return false;
}

/* An opening quote at i: '"' or U+201C; its width, else 0. */
static size_t open_quote(const char *s, size_t len, size_t i)
{
	if (s[i] == '"')
		return 1;
	if (i + 3 <= len && !memcmp(s + i, "\xE2\x80\x9C", 3))
		return 3;
	return 0;
}

static size_t close_quote(const char *s, size_t len, size_t i)
{
	if (s[i] == '"')
		return 1;
	if (i + 3 <= len && !memcmp(s + i, "\xE2\x80\x9D", 3))
		return 3;
	return 0;
}

/* The searchable runs in s[0..len): how many, how many CJK characters in
 * all, whether all are Latin words. */
static void runs_of(const char *s, size_t len, size_t *runs, size_t *cjk_chars, bool *latin_only)
{
	*runs = *cjk_chars = 0;
	*latin_only = true;
	bool in = false, in_cjk = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (k < 0) {
			i++;
			in = false;
			continue;
		}
		i += (size_t)k;
		bool cjk = utf8_is_cjk(cp), word = !cjk && utf8_is_word(cp);
		if (!cjk && !word) {
			in = false;
			continue;
		}
		if (cjk) {
			(*cjk_chars)++;
			*latin_only = false;
		}
		if (!in || in_cjk != cjk)
			(*runs)++;
		in = true;
		in_cjk = cjk;
	}
}

/* The next searchable run in s[*i..len): its span and whether it is one
 * CJK character alone.  false when there is none. */
static bool next_run(const char *s, size_t len, size_t *i, size_t *start, size_t *end,
		     bool *lone_cjk)
{
	while (*i < len) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)s + *i, len - *i, &cp);
		if (k > 0 && (utf8_is_cjk(cp) || utf8_is_word(cp))) {
			bool cjk = utf8_is_cjk(cp);
			size_t chars = 0;
			*start = *i;
			while (*i < len && (k = utf8_decode((const unsigned char *)s + *i, len - *i, &cp)) > 0 &&
			       (cjk ? utf8_is_cjk(cp) : (!utf8_is_cjk(cp) && utf8_is_word(cp)))) {
				*i += (size_t)k;
				chars++;
			}
			*end = *i;
			*lone_cjk = cjk && chars == 1;
			return true;
		}
		*i += k > 0 ? (size_t)k : 1;
	}
	return false;
}

static int add_one(struct search_query *q, const struct lexeme *lx, bool negated, bool join,
		   struct ferr *e);

/* A term as typed.  Unquoted text of several runs (车APP, 鄞州，党建) is
 * each run required, as before; a quoted phrase (or one in an OR or an
 * exclusion) is one phrase, and a lone CJK character in a phrase, which
 * the word index cannot place, is required as well. */
static int add_term(struct search_query *q, const struct lexeme *lx, bool negated, bool join,
		    struct ferr *e)
{
	size_t runs, cjk;
	bool latin;
	size_t len = lx->len;
	if (!lx->quoted && len > 0 && lx->s[len - 1] == '*')
		len--;
	runs_of(lx->s, len, &runs, &cjk, &latin);
	if (runs <= 1 || join || negated) {
		return add_one(q, lx, negated, join, e);
	}
	size_t i = 0, a, b;
	bool lone;
	int err = 0, added = 1;
	if (lx->quoted) {
		if ((err = add_one(q, lx, false, false, e)) < 0)
			return err;
		while (next_run(lx->s, lx->len, &i, &a, &b, &lone))
			if (lone) {
				struct lexeme one = { lx->s + a, b - a, false };
				if ((err = add_one(q, &one, false, false, e)) < 0)
					return err;
			}
		return 0;
	}
	while (next_run(lx->s, lx->len, &i, &a, &b, &lone)) {
		/* A * at the end belongs to the last run. */
		size_t end = b < lx->len && lx->s[b] == '*' && b + 1 == lx->len ? b + 1 : b;
		struct lexeme one = { lx->s + a, end - a, false };
		if ((err = add_one(q, &one, false, false, e)) < 0)
			return err;
		added = 0;
	}
	return added;
}

static int add_one(struct search_query *q, const struct lexeme *lx, bool negated, bool join,
		   struct ferr *e)
{
	const char *s = lx->s;
	size_t len = lx->len;
	bool prefix = false;
	if (!lx->quoted && len > 0 && s[len - 1] == '*') {
		prefix = true;
		len--;
	}
	size_t runs, cjk;
	bool latin;
	runs_of(s, len, &runs, &cjk, &latin);
	if (runs == 0) {
		if (prefix)
			return ferr_set(e, FOLIO_EUSAGE, "'*' needs at least two letters before it");
		return 1; /* punctuation only: nothing to look for, and no harm */
	}
	if (prefix && !latin)
		prefix = false; /* Chinese is found inside longer words anyway */
	if (prefix && (runs != 1 || utf8_count(s, len) < 2))
		return ferr_set(e, FOLIO_EUSAGE,
				"'%.*s*': a * goes after one Latin word of at least two letters",
				(int)len, s);
	size_t total = 0;
	for (size_t i = 0; i < q->n; i++)
		total += q->clauses[i].n;
	if (total >= SEARCHQUERY_MAX_TERMS)
		return ferr_set(e, FOLIO_EUSAGE, "more than %d terms: search for fewer",
				SEARCHQUERY_MAX_TERMS);
	struct sq_term t = { xstrndup(s, len), lx->quoted || runs > 1, prefix,
			     runs == 1 && cjk == 1 };
	struct sq_clause *c;
	if (join) {
		c = &q->clauses[q->n - 1];
	} else {
		q->clauses = xgrow(q->clauses, q->n, sizeof(*q->clauses));
		c = &q->clauses[q->n++];
		memset(c, 0, sizeof(*c));
		c->negated = negated;
	}
	c->terms = xgrow(c->terms, c->n, sizeof(*c->terms));
	c->terms[c->n++] = t;
	return 0;
}

int searchquery_parse(const char *query, struct search_query *out, struct ferr *e)
{
	memset(out, 0, sizeof(*out));
	size_t len = strlen(query);
	if (len > SEARCHQUERY_MAX_BYTES)
		return ferr_set(e, FOLIO_EUSAGE, "the query is %zu bytes long; at most %d", len,
				SEARCHQUERY_MAX_BYTES);
	if (utf8_invalid_offset((const unsigned char *)query, len) >= 0)
		return ferr_set(e, FOLIO_EUSAGE, "the query is not valid UTF-8");
	bool pending_or = false, negate_next = false;
	int err = 0;
	for (size_t i = 0; i < len && !err;) {
		size_t w;
		if (is_space_at(query, len, i, &w)) {
			i += w;
			continue;
		}
		struct lexeme lx = { query + i, 0, false };
		bool minus = false;
		if (query[i] == '-' && i + 1 < len && !is_space_at(query, len, i + 1, &w)) {
			minus = true;
			i++;
		}
		size_t q = open_quote(query, len, i);
		if (q) {
			size_t j = i + q;
			size_t c = 0;
			while (j < len && !(c = close_quote(query, len, j)))
				j++;
			if (j >= len) {
				err = ferr_set(e, FOLIO_EUSAGE, "a quote is opened and not closed");
				break;
			}
			lx = (struct lexeme){ query + i + q, j - i - q, true };
			i = j + c;
		} else {
			size_t j = i;
			while (j < len && !is_space_at(query, len, j, &w) && !open_quote(query, len, j))
				j++;
			lx = (struct lexeme){ query + i, j - i, false };
			i = j;
		}
		if (!lx.quoted && !minus && lx.len == 2 && !memcmp(lx.s, "OR", 2)) {
			if (!out->n || pending_or || negate_next) {
				err = ferr_set(e, FOLIO_EUSAGE, "OR needs a term on each side");
				break;
			}
			if (out->clauses[out->n - 1].negated) {
				err = ferr_set(e, FOLIO_EUSAGE, "an excluded term cannot be part of an OR");
				break;
			}
			pending_or = true;
			continue;
		}
		/* AND is what spaces mean already. */
		if (!lx.quoted && !minus && lx.len == 3 && !memcmp(lx.s, "AND", 3))
			continue;
		if (!lx.quoted && !minus && lx.len == 3 && !memcmp(lx.s, "NOT", 3)) {
			if (pending_or) {
				err = ferr_set(e, FOLIO_EUSAGE, "an excluded term cannot be part of an OR");
				break;
			}
			if (negate_next) {
				err = ferr_set(e, FOLIO_EUSAGE, "NOT NOT: say what to leave out once");
				break;
			}
			negate_next = true;
			continue;
		}
		bool negated = minus || negate_next;
		if (negated && pending_or) {
			err = ferr_set(e, FOLIO_EUSAGE, "an excluded term cannot be part of an OR");
			break;
		}
		int r = add_term(out, &lx, negated, pending_or, e);
		if (r < 0) {
			err = r;
			break;
		}
		if (r == 0) {
			pending_or = false;
			negate_next = false;
		}
	}
	if (!err && (pending_or || negate_next))
		err = ferr_set(e, FOLIO_EUSAGE, "%s with nothing after it", pending_or ? "OR" : "NOT");
	bool positive = false;
	for (size_t i = 0; i < out->n; i++)
		positive = positive || !out->clauses[i].negated;
	if (!err && !positive)
		err = ferr_set(e, FOLIO_EUSAGE,
			       out->n ? "only exclusions: say what to look for as well"
				      : "the query has no searchable words");
	if (err)
		searchquery_release(out);
	return err;
}

void searchquery_release(struct search_query *q)
{
	for (size_t i = 0; i < q->n; i++) {
		for (size_t k = 0; k < q->clauses[i].n; k++)
			free(q->clauses[i].terms[k].text);
		free(q->clauses[i].terms);
	}
	free(q->clauses);
	memset(q, 0, sizeof(*q));
}

char *searchquery_highlight(const struct search_query *q)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < q->n; i++) {
		if (q->clauses[i].negated)
			continue;
		for (size_t k = 0; k < q->clauses[i].n; k++) {
			if (b.len)
				buf_addc(&b, ' ');
			buf_adds(&b, q->clauses[i].terms[k].text);
		}
	}
	return buf_detach(&b);
}
