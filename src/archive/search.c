/* archive/search.c - a parsed query and its filters as SQL over the two
 * full-text indexes; ranked or newest-first results. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The SQL being built and the text values its ?s take, in order. */
struct sqlq {
	struct buf sql;
	const char *binds[2 * SEARCHQUERY_MAX_TERMS + 16];
	char *owned[2 * SEARCHQUERY_MAX_TERMS + 16];
	int nbinds;
};

static void bind_owned(struct sqlq *s, char *v)
{
	s->owned[s->nbinds] = v;
	s->binds[s->nbinds++] = v;
	buf_addc(&s->sql, '?');
}

static void bind_borrowed(struct sqlq *s, const char *v)
{
	s->owned[s->nbinds] = NULL;
	s->binds[s->nbinds++] = v;
	buf_addc(&s->sql, '?');
}

/* One term as FTS5 text: a quoted string (quotes in it doubled), which the
 * folio tokenizers cut as they cut the documents, "…"* for a prefix. */
static void fts_term(struct buf *b, const struct sq_term *t)
{
	buf_addc(b, '"');
	for (const char *p = t->text; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
	if (t->prefix)
		buf_addc(b, '*');
}

enum clause_kind { CLAUSE_TEXT, CLAUSE_CHARS, CLAUSE_MIXED };

static enum clause_kind kind_of(const struct sq_clause *c)
{
	size_t single = 0;
	for (size_t i = 0; i < c->n; i++)
		single += c->terms[i].single_char;
	return single == 0 ? CLAUSE_TEXT : single == c->n ? CLAUSE_CHARS : CLAUSE_MIXED;
}

/* The clause's terms of one index, joined by OR, in parentheses. */
static void clause_expr(struct buf *b, const struct sq_clause *c, bool chars)
{
	bool first = true;
	buf_addc(b, '(');
	for (size_t i = 0; i < c->n; i++) {
		if (c->terms[i].single_char != chars)
			continue;
		if (!first)
			buf_adds(b, " OR ");
		fts_term(b, &c->terms[i]);
		first = false;
	}
	buf_addc(b, ')');
}

/* The clauses of one kind and sign joined by AND (positive) or OR
 * (negative, to be excluded together), or "" when there are none. */
static char *join_clauses(const struct search_query *q, enum clause_kind kind, bool negated)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < q->n; i++) {
		const struct sq_clause *c = &q->clauses[i];
		if (c->negated != negated || kind_of(c) != kind)
			continue;
		if (b.len)
			buf_adds(&b, negated ? " OR " : " AND ");
		clause_expr(&b, c, kind == CLAUSE_CHARS);
	}
	return buf_detach(&b);
}

static void add_filters(struct sqlq *s, const struct search_request *rq)
{
	const struct selection *sel = &rq->sel;
	char *from = NULL, *to = NULL;
	if (sel->month) {
		from = xasprintf("%.7s-01", sel->month);
		to = xasprintf("%.7s-31", sel->month);
	}
	bool any = sel->from || sel->to || sel->month || sel->section || rq->author || rq->source ||
		   rq->held || rq->revised;
	if (!any)
		return;
	buf_adds(&s->sql, " AND rowid IN (SELECT id FROM articles WHERE deleted IS NULL");
	if (sel->from) {
		buf_adds(&s->sql, " AND pub_date >= ");
		bind_borrowed(s, sel->from);
	}
	if (sel->to) {
		buf_adds(&s->sql, " AND pub_date <= ");
		bind_borrowed(s, sel->to);
	}
	if (from) {
		buf_adds(&s->sql, " AND pub_date >= ");
		bind_owned(s, from);
		buf_adds(&s->sql, " AND pub_date <= ");
		bind_owned(s, to);
	}
	if (sel->section) {
		buf_adds(&s->sql, " AND section = ");
		bind_borrowed(s, sel->section);
	}
	if (rq->source) {
		buf_adds(&s->sql, " AND source = ");
		bind_borrowed(s, rq->source);
	}
	if (rq->author) {
		/* One of its authors, or its editor, by the whole name. */
		buf_adds(&s->sql, " AND (editor = ");
		bind_borrowed(s, rq->author);
		buf_adds(&s->sql, " OR EXISTS (SELECT 1 FROM json_each(articles.authors) WHERE value = ");
		bind_borrowed(s, rq->author);
		buf_adds(&s->sql, "))");
	}
	if (rq->held)
		buf_adds(&s->sql, " AND id IN (SELECT ha.article_id FROM hold_articles ha JOIN holds h "
				  "ON h.id = ha.hold_id WHERE h.released IS NULL)");
	if (rq->revised)
		buf_adds(&s->sql, " AND id IN (SELECT article_id FROM revisions)");
	buf_addc(&s->sql, ')');
}

/* "SELECT rowid, rank FROM … WHERE …": every article the request matches. */
static int build(struct sqlq *s, const struct search_request *rq, struct ferr *e)
{
	const struct search_query *q = rq->q;
	char *text_pos = join_clauses(q, CLAUSE_TEXT, false);
	char *text_neg = join_clauses(q, CLAUSE_TEXT, true);
	char *chars_pos = join_clauses(q, CLAUSE_CHARS, false);
	char *chars_neg = join_clauses(q, CLAUSE_CHARS, true);
	buf_reset(&s->sql);
	if (*text_pos) {
		buf_adds(&s->sql, "SELECT rowid, bm25(search, 10.0, 1.0, 5.0) FROM search WHERE search MATCH ");
		if (*text_neg)
			bind_owned(s, xasprintf("(%s) NOT (%s)", text_pos, text_neg));
		else
			bind_owned(s, xstrdup(text_pos));
		if (*chars_pos) {
			buf_adds(&s->sql, " AND rowid IN (SELECT rowid FROM search_chars WHERE search_chars MATCH ");
			bind_owned(s, *chars_neg ? xasprintf("(%s) NOT (%s)", chars_pos, chars_neg)
						 : xstrdup(chars_pos));
			buf_addc(&s->sql, ')');
		} else if (*chars_neg) {
			buf_adds(&s->sql, " AND rowid NOT IN (SELECT rowid FROM search_chars WHERE search_chars MATCH ");
			bind_owned(s, xstrdup(chars_neg));
			buf_addc(&s->sql, ')');
		}
	} else if (*chars_pos) {
		buf_adds(&s->sql, "SELECT rowid, bm25(search_chars) FROM search_chars WHERE search_chars MATCH ");
		bind_owned(s, *chars_neg ? xasprintf("(%s) NOT (%s)", chars_pos, chars_neg)
					 : xstrdup(chars_pos));
		if (*text_neg) {
			buf_adds(&s->sql, " AND rowid NOT IN (SELECT rowid FROM search WHERE search MATCH ");
			bind_owned(s, xstrdup(text_neg));
			buf_addc(&s->sql, ')');
		}
	} else {
		/* Only clauses mixing words and single characters: the rows
		 * of the first, unranked. */
		buf_adds(&s->sql, "SELECT rowid, 0.0 FROM articles WHERE deleted IS NULL");
		if (*text_neg) {
			buf_adds(&s->sql, " AND rowid NOT IN (SELECT rowid FROM search WHERE search MATCH ");
			bind_owned(s, xstrdup(text_neg));
			buf_addc(&s->sql, ')');
		}
		if (*chars_neg) {
			buf_adds(&s->sql, " AND rowid NOT IN (SELECT rowid FROM search_chars WHERE search_chars MATCH ");
			bind_owned(s, xstrdup(chars_neg));
			buf_addc(&s->sql, ')');
		}
	}
	/* A clause mixing both: a row of either index. */
	for (size_t i = 0; i < q->n; i++) {
		const struct sq_clause *c = &q->clauses[i];
		if (c->negated || kind_of(c) != CLAUSE_MIXED)
			continue;
		struct buf w = BUF_INIT, ch = BUF_INIT;
		clause_expr(&w, c, false);
		clause_expr(&ch, c, true);
		buf_adds(&s->sql, " AND rowid IN (SELECT rowid FROM search WHERE search MATCH ");
		bind_owned(s, buf_detach(&w));
		buf_adds(&s->sql, " UNION SELECT rowid FROM search_chars WHERE search_chars MATCH ");
		bind_owned(s, buf_detach(&ch));
		buf_addc(&s->sql, ')');
	}
	add_filters(s, rq);
	free(text_pos);
	free(text_neg);
	free(chars_pos);
	free(chars_neg);
	(void)e;
	return 0;
}

static void sqlq_release(struct sqlq *s)
{
	for (int i = 0; i < s->nbinds; i++)
		free(s->owned[i]);
	buf_release(&s->sql);
	s->nbinds = 0;
}

static sqlite3_stmt *prepare(struct archive *a, struct sqlq *s, int *rc)
{
	sqlite3_stmt *st = NULL;
	*rc = sqlite3_prepare_v2(a->db, s->sql.data, -1, &st, NULL);
	if (*rc != SQLITE_OK)
		return NULL;
	for (int i = 0; i < s->nbinds; i++)
		sqlite3_bind_text(st, i + 1, s->binds[i], -1, SQLITE_STATIC);
	return st;
}

static int cmp_hit(const void *x, const void *y)
{
	const struct hit *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1; /* bm25: lower is better */
	return a->id > b->id ? -1 : a->id < b->id;
}

/* Counts per month and per section of the first n hits (the matches
 * ranked, or the newest by date): one lookup per hit by id, no second
 * search. */
static int facets(struct archive *a, struct found *f, size_t n, struct ferr *e)
{
	static const char *const sql[2] = {
		"SELECT coalesce(substr(x.pub_date, 1, 7), ''), count(*) FROM articles x "
		"WHERE x.id IN (SELECT value FROM json_each(?1)) GROUP BY 1 ORDER BY 1 DESC",
		"SELECT coalesce(x.section, ''), count(*) FROM articles x "
		"WHERE x.id IN (SELECT value FROM json_each(?1)) GROUP BY 1 ORDER BY 2 DESC, 1",
	};
	struct buf ids = BUF_INIT;
	buf_addc(&ids, '[');
	for (size_t i = 0; i < n; i++)
		buf_addf(&ids, "%s%lld", i ? "," : "", f->hits[i].id);
	buf_addc(&ids, ']');
	size_t cap = 0;
	int err = 0;
	for (int k = 0; k < 2 && !err; k++) {
		sqlite3_stmt *st = db_stmt(a, sql[k], e);
		if (!st) {
			err = FOLIO_EARCHIVE;
			break;
		}
		db_bind_text(st, 1, ids.data);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (f->nfacets == cap) {
				cap = cap ? 2 * cap : 32;
				f->facets = xrealloc(f->facets, cap * sizeof(*f->facets));
			}
			const char *v = (const char *)sqlite3_column_text(st, 0);
			f->facets[f->nfacets++] = (struct facet_count){ k == 0 ? 'm' : 's',
									xstrdup(v ? v : ""),
									sqlite3_column_int64(st, 1) };
		}
		db_stmt_done(a, st);
		if (rc != SQLITE_DONE)
			err = db_error(a, rc, e, "counting matches");
	}
	buf_release(&ids);
	return err;
}

/* What the built query finds, in the order a results page lists it. */
static int run_match(struct archive *a, struct sqlq *s, bool by_date, struct found *f,
		     struct ferr *e)
{
	int rc;
	size_t cap = 0;
	sqlite3_stmt *st = prepare(a, s, &rc);
	if (!st)
		return db_error(a, rc, e, "searching");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (f->n == cap) {
			cap = cap ? 2 * cap : 256;
			f->hits = xrealloc(f->hits, cap * sizeof(*f->hits));
		}
		f->hits[f->n].id = sqlite3_column_int64(st, 0);
		f->hits[f->n].rank = sqlite3_column_double(st, 1);
		f->n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "searching");
	if (!by_date) {
		f->capped = f->n > RANK_CAP;
		if (f->capped)
			f->n = RANK_CAP;
		if (f->n)
			qsort(f->hits, f->n, sizeof(*f->hits), cmp_hit);
	}
	return 0;
}

/* The search as a key of the handle's memory: whether facets were
 * counted, the SQL, and every value bound to it. */
static void memory_key(const struct sqlq *s, bool faceted, struct buf *key)
{
	buf_addc(key, faceted ? 'f' : '-');
	buf_add(key, s->sql.data, s->sql.len + 1);
	for (int i = 0; i < s->nbinds; i++)
		buf_add(key, s->binds[i], strlen(s->binds[i]) + 1);
}

int archive_search(struct archive *a, const struct search_request *rq, record_fn fn, void *ctx,
		   struct search_info *info, struct ferr *e)
{
	struct sqlq s = { BUF_INIT, { 0 }, { 0 }, 0 };
	struct found mine = { 0 };
	int err = 0;
	memset(info, 0, sizeof(*info));
	if (!rq->q || !rq->q->n)
		return ferr_set(e, FOLIO_EUSAGE, "the query has no searchable words");
	build(&s, rq, e);
	if (rq->by_date) {
		/* Every match, newest publication first. */
		struct buf outer = BUF_INIT;
		buf_addf(&outer, "SELECT m.rowid, 0.0 FROM (%s) m JOIN articles x ON x.id = m.rowid "
				 "ORDER BY x.pub_date DESC, x.published DESC, x.id DESC", s.sql.data);
		buf_release(&s.sql);
		s.sql = outer;
	} else {
		/* Newest first, at most RANK_CAP + 1 rows: FTS5 walks its
		 * doclists in rowid order and stops, so a term in most
		 * articles costs no more than a rare one. */
		buf_addf(&s.sql, " ORDER BY rowid DESC LIMIT %d", RANK_CAP + 1);
	}
	struct buf key = BUF_INIT;
	memory_key(&s, rq->facet != NULL, &key);
	const struct found *f = search_memory_find(a, key.data, key.len);
	if (!f) {
		err = run_match(a, &s, rq->by_date, &mine, e);
		/* By date every match is listed, but the facets count the
		 * newest RANK_CAP (by publication) as ranked searches do. */
		if (!err && rq->facet && mine.n)
			err = facets(a, &mine, mine.n > RANK_CAP ? RANK_CAP : mine.n, e);
		f = &mine;
	}
	sqlq_release(&s);
	info->capped = f->capped;
	info->ranked = (long long)f->n;
	info->faceted = (long long)(f->n > RANK_CAP ? RANK_CAP : f->n);
	for (size_t i = 0; !err && rq->facet && i < f->nfacets; i++)
		err = rq->facet(rq->facet_ctx, f->facets[i].kind, f->facets[i].value, f->facets[i].n);
	size_t from = rq->offset > 0 ? (size_t)rq->offset : 0;
	size_t limit = rq->limit > 0 ? (size_t)rq->limit : f->n;
	for (size_t i = from; i < f->n && i - from < limit && !err; i++) {
		struct record r;
		if ((err = archive_get(a, f->hits[i].id, &r, e)))
			break;
		r.rank = f->hits[i].rank;
		err = fn(ctx, &r);
		record_release(&r);
	}
	/* Only a complete answer is remembered; f points into the memory
	 * when it was found there, which keeping would change. */
	if (f == &mine) {
		if (!err)
			search_memory_keep(a, key.data, key.len, &mine);
		found_release(&mine);
	}
	buf_release(&key);
	return err;
}

int archive_match_ids(struct archive *a, const struct search_query *q, long long **ids, size_t *n,
		      struct ferr *e)
{
	struct search_request rq = { 0 };
	struct sqlq s = { BUF_INIT, { 0 }, { 0 }, 0 };
	size_t cap = 0;
	int rc, err = 0;
	*ids = NULL;
	*n = 0;
	if (!q || !q->n)
		return ferr_set(e, FOLIO_EUSAGE, "the query has no searchable words");
	rq.q = q;
	build(&s, &rq, e);
	buf_adds(&s.sql, " ORDER BY rowid");
	sqlite3_stmt *st = prepare(a, &s, &rc);
	if (!st) {
		err = db_error(a, rc, e, "searching");
		sqlq_release(&s);
		return err;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 256;
			*ids = xrealloc(*ids, cap * sizeof(**ids));
		}
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlq_release(&s);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return db_error(a, rc, e, "searching");
	}
	return 0;
}

