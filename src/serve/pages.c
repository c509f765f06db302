/* serve/pages.c - what each route of the reading room shows. */
#include "pages.h"
#include "../edition.h"
#include "../hash.h"
#include "../markup.h"
#include "../search.h"
#include "../searchquery.h"
#include "../utf8.h"
#include "../version.h"

#include <cmark.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PER_PAGE 20

/* ---- helpers ---- */

static bool digits(const char *s, size_t n)
{
	if (n == 0 || n > 18)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool is_date(const char *s)
{
	int y, m, d;
	char tail;
	return s && strlen(s) == 10 && sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 &&
	       m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static bool is_month(const char *s)
{
	int y, m;
	char tail;
	return s && strlen(s) == 7 && sscanf(s, "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 &&
	       m <= 12 && s[4] == '-';
}

/* "YYYY-MM" at the start of s. */
static bool is_month_prefix(const char *s)
{
	char month[8];
	snprintf(month, sizeof(month), "%.7s", s);
	return is_month(month);
}

/* A query parameter, NULL when absent or empty. */
static const char *param(const struct page_request *rq, const char *name)
{
	const char *v = rq->param(rq->param_ctx, name);
	return v && *v ? v : NULL;
}

static void url_escape(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~')
			buf_addc(b, (char)*p);
		else {
			buf_addc(b, '%');
			buf_addc(b, hex[*p >> 4]);
			buf_addc(b, hex[*p & 15]);
		}
	}
}

static void set_html(struct page_response *out, int status, struct buf *html)
{
	out->status = status;
	out->type = "text/html; charset=utf-8";
	out->len = html->len;
	out->body = (unsigned char *)buf_detach(html);
}

static void plain_error(struct page_response *out, int status, const char *msg)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, msg);
	buf_addc(&b, '\n');
	out->status = status;
	out->type = "text/plain; charset=utf-8";
	out->len = b.len;
	out->body = (unsigned char *)buf_detach(&b);
}

static void render(const struct page_request *rq, struct page_response *out, int status,
		   const char *tpl, struct tnode *data)
{
	struct buf html = BUF_INIT;
	struct ferr e = FERR_INIT;
	t_set(data, "folio_version", FOLIO_VERSION);
	if (tset_render(rq->templates, tpl, data, &html, &e)) {
		buf_release(&html);
		plain_error(out, 500, e.msg);
	} else {
		set_html(out, status, &html);
	}
	t_free(data);
}

static void error_page(const struct page_request *rq, struct page_response *out, int status,
		       const char *title, const char *msg)
{
	struct tnode *d = t_map();
	t_set(d, "title", title);
	t_set(d, "message", msg);
	t_setf(d, "status", "%d", status);
	render(rq, out, status, "error", d);
}

static void archive_failed(const struct page_request *rq, struct page_response *out,
			   const struct ferr *e)
{
	/* A query stopped by the deadline, or the archive busy. */
	error_page(rq, out, 503, "暂时无法读取档案", e->msg);
}

/* The date part of an ISO time ("2019-01-08T10:30:00+08:00" -> "2019-01-08"). */
static void set_date(struct tnode *m, const char *key, const char *iso)
{
	char d[11] = "";
	if (iso)
		snprintf(d, sizeof(d), "%.10s", iso);
	t_set(m, key, d);
}

/* ---- home ---- */

static int add_month(void *ctx, const char *month, long long n)
{
	struct tnode *it = t_item(ctx);
	t_set(it, "month", *month ? month : "无日期");
	t_setf(it, "count", "%lld", n);
	if (*month)
		t_setf(it, "href", "/month/%s", month);
	return 0;
}

static int add_section(void *ctx, const char *section, long long n)
{
	struct tnode *it = t_item(ctx);
	t_set(it, "name", *section ? section : "未分栏");
	t_setf(it, "count", "%lld", n);
	if (*section) {
		struct buf h = BUF_INIT;
		buf_adds(&h, "/search?section=");
		url_escape(&h, section);
		t_set(it, "href", h.data);
		buf_release(&h);
	}
	return 0;
}

static int add_listing(void *ctx, const struct listing *l)
{
	struct tnode *it = t_item(ctx);
	t_setf(it, "id", "%lld", l->id);
	t_set(it, "created", l->created);
	t_set(it, "selection", l->selection);
	t_set(it, "title", l->title_or_reason);
	t_set(it, "holder", l->holder);
	t_set(it, "sha256", l->sha256);
	t_set(it, "path", l->path);
	t_setf(it, "articles", "%lld", l->articles);
	t_setf(it, "pages", "%lld", l->pages);
	return 0;
}

static void home(const struct page_request *rq, struct page_response *out)
{
	struct tnode *d = t_map();
	struct ferr e = FERR_INIT;
	t_set(d, "title", "档案阅览室");
	if (archive_months(rq->a, add_month, t_list(d, "months"), &e) ||
	    archive_sections(rq->a, add_section, t_list(d, "sections"), &e) ||
	    archive_editions(rq->a, 10, add_listing, t_list(d, "editions"), &e) ||
	    archive_snapshots(rq->a, add_listing, t_list(d, "snapshots"), &e)) {
		t_free(d);
		archive_failed(rq, out, &e);
		return;
	}
	render(rq, out, 200, "home", d);
}

/* ---- search ---- */

struct hits {
	struct tnode *list;
	const char *marks;
	const char *author, *source; /* filters applied here when listing without words */
	long long n, skip, take;
};

/* An HTML snippet: escaped text, the matches in <mark>. */
static char *snippet_html(const char *body, const char *marks)
{
	char *plain = markup_plain(body, strlen(body));
	char *s = search_snippet_marked(plain, marks, 80, "\x01", "\x02");
	free(plain);
	struct buf b = BUF_INIT;
	for (const char *p = s; *p; p++) {
		if (*p == '\x01')
			buf_adds(&b, "<mark>");
		else if (*p == '\x02')
			buf_adds(&b, "</mark>");
		else {
			char one[2] = { *p, 0 };
			html_escape(&b, one);
		}
	}
	free(s);
	return buf_detach(&b);
}

static void add_hit(struct hits *h, const struct record *r)
{
	struct tnode *it = t_item(h->list);
	t_setf(it, "id", "%lld", r->id);
	t_set(it, "title", r->title);
	set_date(it, "date", r->published);
	t_set(it, "section", r->section);
	t_set(it, "authors", r->authors_text);
	t_set(it, "source", r->source);
	char *sn = snippet_html(r->body ? r->body : "", h->marks ? h->marks : "");
	t_html(it, "snippet", sn);
	free(sn);
}

static int on_hit(void *ctx, const struct record *r)
{
	add_hit(ctx, r);
	return 0;
}

/* Listing without words: the date and section filters in SQL, the names
 * here (exactly, as search's filters). */
static int on_listed(void *ctx, const struct record *r)
{
	struct hits *h = ctx;
	if (h->source && (!r->source || strcmp(r->source, h->source)))
		return 0;
	if (h->author) {
		bool by = r->editor && !strcmp(r->editor, h->author);
		if (!by && r->authors) {
			struct buf q = BUF_INIT;
			buf_add_json_string(&q, h->author);
			by = strstr(r->authors, q.data) != NULL;
			buf_release(&q);
		}
		if (!by)
			return 0;
	}
	if (h->n >= h->skip && h->n < h->skip + h->take)
		add_hit(h, r);
	h->n++;
	return 0;
}

struct facet_ctx {
	struct tnode *months, *sections;
	const char *base; /* the search URL without month and section */
};

static int on_facet(void *ctx, char kind, const char *value, long long n)
{
	struct facet_ctx *f = ctx;
	struct tnode *it = t_item(kind == 'm' ? f->months : f->sections);
	t_set(it, "value", *value ? value : kind == 'm' ? "无日期" : "未分栏");
	t_setf(it, "count", "%lld", n);
	if (*value) {
		struct buf h = BUF_INIT;
		buf_adds(&h, f->base);
		buf_adds(&h, kind == 'm' ? "&month=" : "&section=");
		url_escape(&h, value);
		t_set(it, "href", h.data);
		buf_release(&h);
	}
	return 0;
}

static void search_page(const struct page_request *rq, struct page_response *out)
{
	static const char *const keys[] = { "q",      "from", "to",   "month", "section",
					    "author", "source", "held", "revised", "sort" };
	struct tnode *d = t_map();
	struct buf base = BUF_INIT, facet_base = BUF_INIT;
	struct search_request sr = { 0 };
	struct search_query sq = { 0 };
	struct ferr e = FERR_INIT;
	const char *q = param(rq, "q");
	t_set(d, "title", q ? q : "检索");
	buf_adds(&base, "/search?");
	buf_adds(&facet_base, "/search?");
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *v = param(rq, keys[i]);
		if (!v)
			continue;
		t_set(d, keys[i], v);
		if (!strcmp(keys[i], "held") || !strcmp(keys[i], "revised") ||
		    (!strcmp(keys[i], "sort") && !strcmp(v, "date")))
			t_set(d, keys[i][0] == 's' ? "sort_date" : keys[i], "1");
		buf_addf(&base, "%s%s=", base.len > 8 ? "&" : "", keys[i]);
		url_escape(&base, v);
		if (strcmp(keys[i], "month") && strcmp(keys[i], "section")) {
			buf_addf(&facet_base, "%s%s=", facet_base.len > 8 ? "&" : "", keys[i]);
			url_escape(&facet_base, v);
		}
	}
	sr.sel.from = param(rq, "from");
	sr.sel.to = param(rq, "to");
	sr.sel.month = param(rq, "month");
	sr.sel.section = param(rq, "section");
	sr.author = param(rq, "author");
	sr.source = param(rq, "source");
	sr.held = param(rq, "held") != NULL;
	sr.revised = param(rq, "revised") != NULL;
	const char *sort = param(rq, "sort");
	sr.by_date = sort && !strcmp(sort, "date");
	const char *pg = param(rq, "page");
	long page = 1;
	if (pg) {
		char *end;
		errno = 0;
		page = strtol(pg, &end, 10);
		if (errno || *end || page < 1 || page > 10000)
			page = 0;
	}
	const char *bad = NULL;
	if ((sr.sel.from && !is_date(sr.sel.from)) || (sr.sel.to && !is_date(sr.sel.to)))
		bad = "日期应写作 YYYY-MM-DD";
	else if (sr.sel.month && !is_month(sr.sel.month))
		bad = "月份应写作 YYYY-MM";
	else if (sort && strcmp(sort, "date") && strcmp(sort, "rank"))
		bad = "排序只能是 rank 或 date";
	else if (!page)
		bad = "页码应是 1 到 10000 的数";
	else if (q && searchquery_parse(q, &sq, &e))
		bad = e.msg;
	if (bad) {
		t_set(d, "error", bad);
		buf_release(&base);
		buf_release(&facet_base);
		render(rq, out, 400, "search", d);
		return;
	}
	sr.limit = PER_PAGE;
	sr.offset = (int)((page - 1) * PER_PAGE);
	char *marks = q ? searchquery_highlight(&sq) : NULL;
	struct hits h = { t_list(d, "results"), marks, sr.author, sr.source, 0,
			  (page - 1) * PER_PAGE, PER_PAGE };
	struct search_info info = { 0 };
	int err = 0;
	long long total = 0;
	bool any_filter = sr.sel.from || sr.sel.to || sr.sel.month || sr.sel.section ||
			  sr.author || sr.source;
	if (q) {
		sr.q = &sq;
		struct facet_ctx f = { t_list(d, "facet_months"), t_list(d, "facet_sections"),
				       facet_base.data };
		sr.facet = on_facet;
		sr.facet_ctx = &f;
		err = archive_search(rq->a, &sr, on_hit, &h, &info, &e);
		total = info.ranked;
		if (info.capped)
			t_setf(d, "capped", "%lld", info.ranked);
		if (info.faceted < info.ranked)
			t_setf(d, "faceted", "%lld", info.faceted);
	} else if (any_filter) {
		/* No words: the articles the filters choose, by date. */
		if (sr.held || sr.revised)
			t_set(d, "note", "“在押”与“有修订”只与检索词一起使用");
		err = archive_list(rq->a, &sr.sel, on_listed, &h, NULL, &e);
		total = h.n;
	}
	if (err) {
		free(marks);
		searchquery_release(&sq);
		buf_release(&base);
		buf_release(&facet_base);
		t_free(d);
		if (err == FOLIO_EUSAGE)
			error_page(rq, out, 400, "无法检索", e.msg);
		else
			archive_failed(rq, out, &e);
		return;
	}
	if (q || any_filter) {
		t_set(d, "searched", "1");
		t_setf(d, "total", "%lld", total);
		long long pages = (total + PER_PAGE - 1) / PER_PAGE;
		t_setf(d, "page", "%ld", page);
		t_setf(d, "pages", "%lld", pages ? pages : 1);
		if (page > 1)
			t_setf(d, "prev", "%s&page=%ld", base.data, page - 1);
		if (page < pages)
			t_setf(d, "next", "%s&page=%ld", base.data, page + 1);
	}
	free(marks);
	searchquery_release(&sq);
	buf_release(&base);
	buf_release(&facet_base);
	render(rq, out, 200, "search", d);
}

/* ---- article ---- */

struct revs {
	struct record *v;
	size_t n;
};

static int keep_revision(void *ctx, const struct record *r)
{
	struct revs *rv = ctx;
	rv->v = xgrow(rv->v, rv->n, sizeof(*rv->v));
	struct record *c = &rv->v[rv->n++];
	memset(c, 0, sizeof(*c));
	c->revision = r->revision;
	c->title = xstrdup(r->title ? r->title : "");
	c->body = xstrdup(r->body ? r->body : "");
	c->ingested = xstrdup(r->ingested ? r->ingested : "");
	c->filename = xstrdup(r->filename ? r->filename : "");
	return 0;
}

/* The paragraphs of a body (blank-line separated, trimmed). */
static size_t paragraphs(const char *body, char ***out)
{
	size_t n = 0;
	char **v = NULL;
	const char *p = body;
	while (*p) {
		while (*p == '\n')
			p++;
		if (!*p)
			break;
		const char *end = strstr(p, "\n\n");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && (p[len - 1] == '\n' || p[len - 1] == ' '))
			len--;
		v = xgrow(v, n, sizeof(*v));
		v[n++] = xstrndup(p, len);
		p += end ? (size_t)(end - p) : strlen(p);
	}
	*out = v;
	return n;
}

/* A paragraph diff from a to b (longest common subsequence), as items
 * {text, op: same | del | ins} of list. */
static void diff_into(struct tnode *list, const char *a, const char *b)
{
	char **pa, **pb;
	size_t na = paragraphs(a, &pa), nb = paragraphs(b, &pb);
	if (na > 2000 || nb > 2000) {
		struct tnode *it = t_item(list);
		t_set(it, "text", "（段落过多，不逐段比较）");
		t_set(it, "same", "1");
	} else {
		size_t *lcs = xcalloc((na + 1) * (nb + 1), sizeof(*lcs));
#define L(i, j) lcs[(i) * (nb + 1) + (j)]
		for (size_t i = na; i-- > 0;)
			for (size_t j = nb; j-- > 0;)
				L(i, j) = !strcmp(pa[i], pb[j]) ? L(i + 1, j + 1) + 1
								 : (L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));
		size_t i = 0, j = 0;
		while (i < na || j < nb) {
			struct tnode *it = t_item(list);
			if (i < na && j < nb && !strcmp(pa[i], pb[j])) {
				t_set(it, "text", pa[i]);
				t_set(it, "same", "1");
				i++;
				j++;
			} else if (j < nb && (i == na || L(i, j + 1) >= L(i + 1, j))) {
				t_set(it, "text", pb[j++]);
				t_set(it, "ins", "1");
			} else {
				t_set(it, "text", pa[i++]);
				t_set(it, "del", "1");
			}
		}
#undef L
		free(lcs);
	}
	for (size_t i = 0; i < na; i++)
		free(pa[i]);
	for (size_t i = 0; i < nb; i++)
		free(pb[i]);
	free(pa);
	free(pb);
}

struct holds_of {
	long long id;
	struct tnode *list;
};

static void on_hold(void *ctx, const struct hold_info *h)
{
	struct holds_of *ho = ctx;
	if (h->released || !h->article_ids)
		return;
	char want[32];
	snprintf(want, sizeof(want), "%lld", ho->id);
	for (const char *p = h->article_ids; *p;) {
		size_t n = strcspn(p, ",");
		if (n == strlen(want) && !strncmp(p, want, n)) {
			struct tnode *it = t_item(ho->list);
			t_setf(it, "id", "%lld", h->id);
			t_set(it, "reason", h->reason);
			t_set(it, "created", h->created);
			return;
		}
		p += n + (p[n] == ',');
	}
}

/* Article id into *r; false (the response filled: 404, or 503) when it
 * cannot be read. */
static bool get_article(const struct page_request *rq, struct page_response *out, long long id,
			struct record *r)
{
	struct ferr e = FERR_INIT;
	int err = archive_get(rq->a, id, r, &e);
	if (err == FOLIO_ENOTFOUND)
		error_page(rq, out, 404, "没有这篇文章", e.msg);
	else if (err)
		archive_failed(rq, out, &e);
	return err == 0;
}

static void article_page(const struct page_request *rq, struct page_response *out, long long id)
{
	struct record r;
	struct ferr e = FERR_INIT;
	if (!get_article(rq, out, id, &r))
		return;
	int err;
	struct tnode *d = t_map();
	t_setf(d, "id", "%lld", r.id);
	t_set(d, "title", r.title);
	t_set(d, "subtitle", r.subtitle);
	t_set(d, "kicker", r.kicker);
	t_set(d, "authors", r.authors_text);
	t_set(d, "contributors", r.contributors_text);
	t_set(d, "editor", r.editor);
	t_set(d, "source", r.source);
	t_set(d, "section", r.section);
	t_set(d, "page_no", r.page);
	t_set(d, "published", r.published);
	t_set(d, "date_source", r.date_source);
	t_set(d, "url", r.url);
	t_set(d, "correction", r.correction);
	t_set(d, "encoding", r.encoding);
	t_set(d, "converter", r.converter);
	t_set(d, "evidence", r.evidence);
	if (r.confidence >= 0)
		t_setf(d, "confidence", "%.2f", r.confidence);
	if (r.plausibility >= 0)
		t_setf(d, "plausibility", "%.2f", r.plausibility);
	t_set(d, "language", r.language);
	t_set(d, "format", r.format);
	t_set(d, "filename", r.filename);
	t_set(d, "sha256", r.sha256);
	t_set(d, "ingested", r.ingested);
	t_setf(d, "revision", "%d", r.revision);
	if (r.suspect)
		t_set(d, "suspect", "1");
	if (r.lossy)
		t_set(d, "lossy", "1");
	if (r.deleted) {
		t_set(d, "deleted", r.deleted);
		t_set(d, "delete_reason", r.delete_reason);
	}
	if (r.body && !r.deleted) {
		/* cmark's default leaves raw HTML out and drops javascript: links. */
		char *html = cmark_markdown_to_html(r.body, strlen(r.body), CMARK_OPT_DEFAULT);
		t_html(d, "body", html);
		free(html);
	}
	struct revs rv = { 0 };
	err = archive_revisions(rq->a, id, keep_revision, &rv, &e);
	struct tnode *list = t_list(d, "revisions");
	for (size_t i = rv.n; !err && i-- > 0;) {
		struct tnode *it = t_item(list);
		t_setf(it, "revision", "%d", rv.v[i].revision);
		t_set(it, "title", rv.v[i].title);
		t_set(it, "ingested", rv.v[i].ingested);
		t_set(it, "filename", rv.v[i].filename);
		const char *next = i + 1 < rv.n ? rv.v[i + 1].body : r.body ? r.body : "";
		t_setf(it, "next", "%d", i + 1 < rv.n ? rv.v[i + 1].revision : r.revision);
		diff_into(t_list(it, "diff"), rv.v[i].body, next);
	}
	for (size_t i = 0; i < rv.n; i++)
		record_release(&rv.v[i]);
	free(rv.v);
	struct holds_of ho = { id, t_list(d, "holds") };
	if (!err)
		err = archive_holds(rq->a, on_hold, &ho, &e);
	record_release(&r);
	if (err) {
		t_free(d);
		archive_failed(rq, out, &e);
		return;
	}
	render(rq, out, 200, "article", d);
}

/* The original's media type, from the format it was read as and its
 * encoding. */
static char *original_type(const struct record *r)
{
	const char *type = !r->format ? "application/octet-stream"
			   : !strcmp(r->format, "markdown") ? "text/markdown"
			   : !strcmp(r->format, "html")     ? "text/html"
							    : "text/plain";
	if (!strcmp(type, "application/octet-stream") || !r->encoding || !*r->encoding)
		return xstrdup(type);
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s; charset=", type);
	for (const char *p = r->encoding; *p; p++)
		buf_addc(&b, (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p);
	return buf_detach(&b);
}

/* KIND; filename="ascii"; filename*=UTF-8''percent-encoded (RFC 6266). */
static char *disposition(const char *kind, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	struct buf b = BUF_INIT;
	buf_addf(&b, "%s; filename=\"", kind);
	for (const char *p = base; *p; p++)
		buf_addc(&b, ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7F || *p == '"' ||
			      *p == '\\')
				     ? '_'
				     : *p);
	buf_adds(&b, "\"; filename*=UTF-8''");
	url_escape(&b, base);
	return buf_detach(&b);
}

static void original(const struct page_request *rq, struct page_response *out, long long id)
{
	struct record r;
	struct ferr e = FERR_INIT;
	if (!get_article(rq, out, id, &r))
		return;
	int err;
	struct buf bytes = BUF_INIT;
	err = archive_original(rq->a, id, 0, &bytes, &e);
	if (err) {
		record_release(&r);
		buf_release(&bytes);
		if (err == FOLIO_ENOTFOUND)
			error_page(rq, out, 410, "原件已被清除", e.msg);
		else
			archive_failed(rq, out, &e);
		return;
	}
	out->status = 200;
	out->owned_type = original_type(&r);
	out->disposition = disposition("attachment", r.filename ? r.filename : "original");
	out->len = bytes.len;
	out->body = (unsigned char *)buf_detach(&bytes);
	record_release(&r);
}

/* ---- PDFs made on demand ---- */

struct ids {
	long long *v;
	size_t n;
	struct sha256_ctx_folio *key;
};

static int add_key(void *ctx, const struct record *r)
{
	struct ids *ids = ctx;
	ids->v = xgrow(ids->v, ids->n, sizeof(*ids->v));
	ids->v[ids->n++] = r->id;
	char line[200];
	int n = snprintf(line, sizeof(line), "%lld %d %s\n", r->id, r->revision,
			 r->content_sha256 ? r->content_sha256 : "");
	sha256_add(ids->key, line, (size_t)n);
	return 0;
}

/* Make (or find in the cache) the PDF of the articles with the layout; the
 * cache key is a hash of the layout, folio's version and each article's
 * id, revision and content fingerprint, so the same month twice is typeset
 * once, and a revised article makes a new PDF. */
static void pdf_of(const struct page_request *rq, struct page_response *out, struct ids *ids,
		   const char *layout, const char *name)
{
	char key[SHA256_HEX_LEN + 1];
	sha256_add(ids->key, layout, strlen(layout));
	sha256_add(ids->key, FOLIO_VERSION, strlen(FOLIO_VERSION));
	sha256_end(ids->key, key);
	ids->key = NULL;
	char *path = xasprintf("%s/%s.pdf", rq->cache_dir, key);
	struct ferr e = FERR_INIT;
	unsigned char *data = NULL;
	size_t len = 0;
	struct stat st;
	int err = 0;
	if (stat(path, &st) != 0) {
		struct edition_request er = { 0 };
		struct edition_outcome eo;
		er.q.ids = ids->v;
		er.q.nids = ids->n;
		er.layout = layout;
		er.output = path;
		er.data_dir = rq->data_dir;
		er.record = false;
		err = edition_make(rq->a, &er, &eo, &e);
	}
	if (!err)
		err = read_file(path, &data, &len, &e);
	free(path);
	if (err) {
		error_page(rq, out, 500, "无法生成 PDF", e.msg);
		return;
	}
	out->status = 200;
	out->type = "application/pdf";
	out->body = data;
	out->len = len;
	/* shown in the browser, saved under this name */
	out->disposition = disposition("inline", name);
	out->cache = xstrdup("private, max-age=300");
}

static void article_pdf(const struct page_request *rq, struct page_response *out, long long id)
{
	struct record r;
	struct ferr e = FERR_INIT;
	int err = archive_get(rq->a, id, &r, &e);
	if (err == FOLIO_ENOTFOUND || (!err && r.deleted)) {
		if (!err)
			record_release(&r);
		error_page(rq, out, 404, "没有这篇文章", err ? e.msg : "这篇文章已被删除");
		return;
	}
	if (err) {
		archive_failed(rq, out, &e);
		return;
	}
	struct ids ids = { NULL, 0, sha256_begin() };
	add_key(&ids, &r);
	record_release(&r);
	char name[64];
	snprintf(name, sizeof(name), "folio-%lld.pdf", id);
	pdf_of(rq, out, &ids, "article", name);
	free(ids.v);
}

/* ---- month ---- */

struct month_ctx {
	struct tnode *days;
	char last[11];
	struct tnode *day_items;
	long long n;
};

static int on_month_article(void *ctx, const struct record *r)
{
	struct month_ctx *m = ctx;
	char day[11] = "";
	if (r->published)
		snprintf(day, sizeof(day), "%.10s", r->published);
	if (!m->day_items || strcmp(day, m->last)) {
		struct tnode *it = t_item(m->days);
		t_set(it, "day", day);
		m->day_items = t_list(it, "articles");
		snprintf(m->last, sizeof(m->last), "%s", day);
	}
	struct tnode *a = t_item(m->day_items);
	t_setf(a, "id", "%lld", r->id);
	t_set(a, "title", r->title);
	t_set(a, "section", r->section ? r->section : "未分栏");
	t_set(a, "authors", r->authors_text);
	m->n++;
	return 0;
}

static void month_page(const struct page_request *rq, struct page_response *out,
		       const char *month, bool pdf)
{
	struct selection sel = { 0 };
	struct ferr e = FERR_INIT;
	sel.month = month;
	if (pdf) {
		struct ids ids = { NULL, 0, sha256_begin() };
		int err = archive_list(rq->a, &sel, add_key, &ids, NULL, &e);
		if (err || ids.n == 0) {
			char hex[SHA256_HEX_LEN + 1];
			sha256_end(ids.key, hex); /* frees it */
			if (err)
				archive_failed(rq, out, &e);
			else
				error_page(rq, out, 404, "这个月没有文章", month);
		} else {
			char name[64];
			snprintf(name, sizeof(name), "folio-%s.pdf", month);
			pdf_of(rq, out, &ids, "monthly", name);
		}
		free(ids.v);
		return;
	}
	struct tnode *d = t_map();
	t_set(d, "title", month);
	t_set(d, "month", month);
	struct month_ctx m = { t_list(d, "days"), "", NULL, 0 };
	int err = archive_list(rq->a, &sel, on_month_article, &m, NULL, &e);
	if (err) {
		t_free(d);
		archive_failed(rq, out, &e);
		return;
	}
	t_setf(d, "count", "%lld", m.n);
	render(rq, out, m.n ? 200 : 404, "month", d);
}

/* ---- snapshots and holds ---- */

static void snapshots_page(const struct page_request *rq, struct page_response *out)
{
	struct tnode *d = t_map();
	struct ferr e = FERR_INIT;
	t_set(d, "title", "保全快照");
	if (archive_snapshots(rq->a, add_listing, t_list(d, "snapshots"), &e)) {
		t_free(d);
		archive_failed(rq, out, &e);
		return;
	}
	render(rq, out, 200, "snapshots", d);
}

static void on_any_hold(void *ctx, const struct hold_info *h)
{
	struct tnode *it = t_item(ctx);
	t_setf(it, "id", "%lld", h->id);
	t_set(it, "created", h->created);
	t_set(it, "reason", h->reason);
	t_set(it, "selection", h->selection);
	t_set(it, "released", h->released);
	t_set(it, "release_reason", h->release_reason);
	t_setf(it, "articles", "%lld", h->articles);
	struct tnode *ids = t_list(it, "ids");
	for (const char *p = h->article_ids ? h->article_ids : ""; *p;) {
		size_t n = strcspn(p, ",");
		struct tnode *one = t_item(ids);
		char idbuf[32];
		snprintf(idbuf, sizeof(idbuf), "%.*s", (int)(n < 20 ? n : 20), p);
		t_set(one, "id", idbuf);
		p += n + (p[n] == ',');
	}
}

static void holds_page(const struct page_request *rq, struct page_response *out)
{
	struct tnode *d = t_map();
	struct ferr e = FERR_INIT;
	t_set(d, "title", "法律保全");
	if (archive_holds(rq->a, on_any_hold, t_list(d, "holds"), &e)) {
		t_free(d);
		archive_failed(rq, out, &e);
		return;
	}
	render(rq, out, 200, "holds", d);
}

static void static_file(const struct page_request *rq, struct page_response *out, const char *name,
			const char *type)
{
	char *path = xasprintf("%s/layouts/web/%s", rq->data_dir, name);
	unsigned char *data;
	size_t len;
	struct ferr e = FERR_INIT;
	int err = read_file_max(path, 1 << 20, &data, &len, &e);
	free(path);
	if (err) {
		plain_error(out, 404, "not found");
		return;
	}
	out->status = 200;
	out->type = type;
	out->body = data;
	out->len = len;
	out->cache = xstrdup("public, max-age=3600");
}

/* ---- routes ---- */

void page_handle(const struct page_request *rq, struct page_response *out)
{
	memset(out, 0, sizeof(*out));
	const char *p = rq->path;
	size_t n = strlen(p);
	if (!strcmp(p, "/")) {
		home(rq, out);
	} else if (!strcmp(p, "/search")) {
		search_page(rq, out);
	} else if (!strcmp(p, "/snapshots")) {
		snapshots_page(rq, out);
	} else if (!strcmp(p, "/holds")) {
		holds_page(rq, out);
	} else if (!strcmp(p, "/static/style.css")) {
		static_file(rq, out, "style.css", "text/css; charset=utf-8");
	} else if (!strncmp(p, "/article/", 9)) {
		const char *id = p + 9;
		size_t k = strspn(id, "0123456789");
		long long v = digits(id, k) ? strtoll(id, NULL, 10) : 0;
		if (v > 0 && !id[k])
			article_page(rq, out, v);
		else if (v > 0 && !strcmp(id + k, "/original"))
			original(rq, out, v);
		else if (v > 0 && !strcmp(id + k, ".pdf"))
			article_pdf(rq, out, v);
		else
			error_page(rq, out, 404, "找不到这个页面", p);
	} else if (!strncmp(p, "/month/", 7) && is_month_prefix(p + 7) &&
		   (n == 14 || (n == 26 && !strcmp(p + 14, "/edition.pdf")))) {
		char month[8];
		snprintf(month, sizeof(month), "%.7s", p + 7);
		month_page(rq, out, month, n == 26);
	} else {
		error_page(rq, out, 404, "找不到这个页面", p);
	}
}

void page_response_release(struct page_response *r)
{
	free(r->body);
	free(r->disposition);
	free(r->cache);
	free(r->owned_type);
	memset(r, 0, sizeof(*r));
}
