/* search.c - ranked search with snippets made from the stored body. */
#include "search.h"
#include "buf.h"
#include "markup.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

struct segment {
	const char *s;
	size_t len;
	bool word; /* compare ASCII case-insensitively */
};

/* The query's runs of CJK or word characters, as the index sees them. */
static size_t query_segments(const char *q, struct segment *segs, size_t max)
{
	const unsigned char *s = (const unsigned char *)q;
	size_t len = strlen(q), i = 0, n = 0;
	while (i < len && n < max) {
		uint32_t cp;
		int k = utf8_decode(s + i, len - i, &cp);
		if (k < 0 || (!utf8_is_cjk(cp) && !utf8_is_word(cp))) {
			i += k < 0 ? 1 : (size_t)k;
			continue;
		}
		bool cjk = utf8_is_cjk(cp);
		size_t start = i;
		while (i < len && (k = utf8_decode(s + i, len - i, &cp)) > 0 &&
		       (cjk ? utf8_is_cjk(cp) : utf8_is_word(cp)))
			i += (size_t)k;
		segs[n].s = q + start;
		segs[n].len = i - start;
		segs[n].word = !cjk;
		n++;
	}
	return n;
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

static bool match_at(const char *p, size_t left, const struct segment *sg)
{
	if (sg->len > left)
		return false;
	if (!sg->word)
		return !memcmp(p, sg->s, sg->len);
	for (size_t i = 0; i < sg->len; i++)
		if (lower(p[i]) != lower(sg->s[i]))
			return false;
	return true;
}

/* Length of the segment matching at p, or 0. */
static size_t any_match(const char *p, size_t left, const struct segment *segs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (match_at(p, left, &segs[i]))
			return segs[i].len;
	return 0;
}

static size_t back_chars(const char *s, size_t pos, int n)
{
	while (pos > 0 && n > 0) {
		pos--;
		while (pos > 0 && ((unsigned char)s[pos] & 0xC0) == 0x80)
			pos--;
		n--;
	}
	return pos;
}

char *search_snippet(const char *plain, const char *query, int width)
{
	return search_snippet_marked(plain, query, width, "[", "]");
}

char *search_snippet_marked(const char *plain, const char *query, int width, const char *open,
			    const char *close)
{
	struct segment segs[32];
	size_t nseg = query_segments(query, segs, ARRAY_SIZE(segs));
	size_t len = strlen(plain), first = len, pos;
	struct buf out = BUF_INIT;

	for (pos = 0; pos < len && first == len; pos++)
		if (((unsigned char)plain[pos] & 0xC0) != 0x80 && any_match(plain + pos, len - pos, segs, nseg))
			first = pos;
	if (first == len)
		first = 0;
	size_t start = back_chars(plain, first, width / 4);
	if (start > 0)
		buf_adds(&out, "…");
	int chars = 0;
	pos = start;
	while (pos < len && chars < width) {
		size_t m = any_match(plain + pos, len - pos, segs, nseg);
		if (m) {
			buf_adds(&out, open);
			buf_add(&out, plain + pos, m);
			buf_adds(&out, close);
			pos += m;
			chars += (int)utf8_count(plain + pos - m, m);
			continue;
		}
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)plain + pos, len - pos, &cp);
		if (k < 0)
			k = 1;
		if (plain[pos] == '\n')
			buf_addc(&out, ' ');
		else
			buf_add(&out, plain + pos, (size_t)k);
		pos += (size_t)k;
		chars++;
	}
	if (pos < len)
		buf_adds(&out, "…");
	return buf_detach(&out);
}

struct snip_ctx {
	const char *query;
	record_fn fn;
	void *ctx;
};

static int with_snippet(void *ctx, const struct record *r)
{
	struct snip_ctx *c = ctx;
	struct record copy = *r;
	char *plain = markup_plain(r->body, strlen(r->body));
	copy.snippet = search_snippet(plain, c->query, 64);
	int rc = c->fn(c->ctx, &copy);
	free(copy.snippet);
	free(plain);
	return rc;
}

int search_run(struct archive *a, const struct search_request *rq, record_fn fn, void *ctx,
	       struct search_info *info, struct ferr *e)
{
	char *marks = rq->q ? searchquery_highlight(rq->q) : xstrdup("");
	struct snip_ctx c = { marks, fn, ctx };
	int err = archive_search(a, rq, with_snippet, &c, info, e);
	free(marks);
	return err;
}
