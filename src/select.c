/* select.c - turning command-line selections into article ids. */
#include "select.h"
#include "buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool article_query_given(const struct article_query *q)
{
	return q->nids || q->query || q->sel.month || q->sel.from || q->sel.to || q->sel.section;
}

struct listed {
	long long *ids;
	size_t n, cap;
};

static int add_listed(void *ctx, const struct record *r)
{
	struct listed *l = ctx;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->ids = xrealloc(l->ids, l->cap * sizeof(*l->ids));
	}
	l->ids[l->n++] = r->id;
	return 0;
}

static bool contains(const long long *v, size_t n, long long x)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == x)
			return true;
	return false;
}

int select_articles(struct archive *a, const struct article_query *q, long long **ids, size_t *n,
		    struct ferr *e)
{
	struct listed l = { 0 };
	long long *matched = NULL;
	size_t nmatched = 0;
	int err = 0;
	*ids = NULL;
	*n = 0;
	bool dated = q->sel.month || q->sel.from || q->sel.to || q->sel.section;
	struct search_query sq = { 0 };
	if (q->query && !(err = searchquery_parse(q->query, &sq, e))) {
		err = archive_match_ids(a, &sq, &matched, &nmatched, e);
		searchquery_release(&sq);
	}
	if (err)
		return err;
	if (q->nids) {
		for (size_t i = 0; i < q->nids && !err; i++) {
			struct record r;
			if ((err = archive_get(a, q->ids[i], &r, e)))
				break;
			if (!contains(l.ids, l.n, r.id))
				add_listed(&l, &r);
			record_release(&r);
		}
	} else {
		err = archive_list(a, &q->sel, add_listed, &l, NULL, e);
	}
	if (!err && (q->query || (q->nids && dated))) {
		/* Keep those that also match the query and the dates. */
		struct listed dates = { 0 };
		if (q->nids && dated)
			err = archive_list(a, &q->sel, add_listed, &dates, NULL, e);
		size_t k = 0;
		for (size_t i = 0; i < l.n; i++)
			if ((!q->query || contains(matched, nmatched, l.ids[i])) &&
			    (!(q->nids && dated) || contains(dates.ids, dates.n, l.ids[i])))
				l.ids[k++] = l.ids[i];
		l.n = k;
		free(dates.ids);
	}
	free(matched);
	if (err) {
		free(l.ids);
		return err;
	}
	*ids = l.ids;
	*n = l.n;
	return 0;
}

int select_split(struct archive *a, const struct article_query *q, long long **ids, size_t *n,
		 long long **dead, size_t *ndead, struct ferr *e)
{
	struct listed tomb = { 0 }, named = { 0 };
	bool dated = q->sel.month || q->sel.from || q->sel.to || q->sel.section;
	*dead = NULL;
	*ndead = 0;
	int err = select_articles(a, q, ids, n, e);
	if (err)
		return err;
	/* A search never finds a tombstone: its words left the index with it. */
	if (!q->query && (dated || !q->nids))
		err = archive_tombstones(a, &q->sel, add_listed, &tomb, e);
	if (!err && q->nids) {
		/* Explicit ids: the deleted ones among them (and in the dates). */
		for (size_t i = 0; i < q->nids && !err; i++) {
			struct record r;
			if ((err = archive_get(a, q->ids[i], &r, e)))
				break;
			if (r.deleted && !q->query && (!dated || contains(tomb.ids, tomb.n, r.id)) &&
			    !contains(named.ids, named.n, r.id))
				add_listed(&named, &r);
			record_release(&r);
		}
		free(tomb.ids);
		tomb = named;
		named = (struct listed){ 0 };
	}
	if (err) {
		free(tomb.ids);
		free(*ids);
		*ids = NULL;
		*n = 0;
		return err;
	}
	size_t k = 0;
	for (size_t i = 0; i < *n; i++)
		if (!contains(tomb.ids, tomb.n, (*ids)[i]))
			(*ids)[k++] = (*ids)[i];
	*n = k;
	*dead = tomb.ids;
	*ndead = tomb.n;
	return 0;
}

bool parse_id_list(const char *s, long long **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	while (*s) {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (errno || end == s || v <= 0 || (*end && *end != ',')) {
			free(*ids);
			*ids = NULL;
			*n = 0;
			return false;
		}
		*ids = xrealloc(*ids, (*n + 1) * sizeof(**ids));
		(*ids)[(*n)++] = v;
		s = *end ? end + 1 : end;
	}
	return *n > 0;
}

char *article_query_describe(const struct article_query *q)
{
	struct buf b = BUF_INIT;
	if (q->nids) {
		buf_adds(&b, "ids=");
		for (size_t i = 0; i < q->nids; i++)
			buf_addf(&b, "%s%lld", i ? "," : "", q->ids[i]);
	}
	if (q->sel.month)
		buf_addf(&b, "%smonth=%s", b.len ? " " : "", q->sel.month);
	if (q->sel.from)
		buf_addf(&b, "%sfrom=%s", b.len ? " " : "", q->sel.from);
	if (q->sel.to)
		buf_addf(&b, "%sto=%s", b.len ? " " : "", q->sel.to);
	if (q->sel.section)
		buf_addf(&b, "%ssection=%s", b.len ? " " : "", q->sel.section);
	if (q->query)
		buf_addf(&b, "%squery=%s", b.len ? " " : "", q->query);
	if (!b.len)
		buf_adds(&b, "all");
	return buf_detach(&b);
}
