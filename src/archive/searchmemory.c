/* archive/searchmemory.c - a handle's memory of recent searches: what each
 * found (the matches in order, whether they were capped, the facets), under
 * the search's own SQL and values, kept while the archive is unchanged.
 *
 * archive_read_begin() reads PRAGMA data_version inside its transaction and
 * forgets everything when another connection has committed since the last
 * begin, so a remembered answer is always the answer of the snapshot being
 * read.  The oldest-used searches go first when the memory is full. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct kept {
	char *key;
	size_t len;
	struct found f;
	size_t bytes;
	unsigned long long used;
};

struct search_memory {
	size_t limit, bytes;
	struct kept *v;
	size_t n, cap;
	unsigned long long tick;
};

/* At most this many searches, whatever their size: finding one is a scan. */
#define MAX_KEPT 256

void found_release(struct found *f)
{
	free(f->hits);
	for (size_t i = 0; i < f->nfacets; i++)
		free(f->facets[i].value);
	free(f->facets);
	memset(f, 0, sizeof(*f));
}

static size_t found_bytes(const struct found *f, size_t key_len)
{
	size_t b = sizeof(struct kept) + key_len + f->n * sizeof(struct hit) +
		   f->nfacets * sizeof(struct facet_count);
	for (size_t i = 0; i < f->nfacets; i++)
		b += strlen(f->facets[i].value) + 1;
	return b;
}

static void drop(struct search_memory *m, size_t i)
{
	m->bytes -= m->v[i].bytes;
	free(m->v[i].key);
	found_release(&m->v[i].f);
	m->v[i] = m->v[--m->n];
}

void archive_remember_searches(struct archive *a, size_t bytes)
{
	if (!bytes) {
		search_memory_free(a->memory);
		a->memory = NULL;
		return;
	}
	if (!a->memory)
		a->memory = xcalloc(1, sizeof(*a->memory));
	a->memory->limit = bytes;
}

const struct found *search_memory_find(struct archive *a, const char *key, size_t len)
{
	struct search_memory *m = a->memory;
	if (!m || !a->reading)
		return NULL;
	for (size_t i = 0; i < m->n; i++)
		if (m->v[i].len == len && !memcmp(m->v[i].key, key, len)) {
			m->v[i].used = ++m->tick;
			return &m->v[i].f;
		}
	return NULL;
}

void search_memory_keep(struct archive *a, const char *key, size_t len, struct found *f)
{
	struct search_memory *m = a->memory;
	size_t bytes = found_bytes(f, len);
	if (!m || !a->reading || bytes > m->limit / 4) {
		found_release(f);
		return;
	}
	while (m->n && (m->bytes + bytes > m->limit || m->n >= MAX_KEPT)) {
		size_t old = 0;
		for (size_t i = 1; i < m->n; i++)
			if (m->v[i].used < m->v[old].used)
				old = i;
		drop(m, old);
	}
	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	struct kept *k = &m->v[m->n++];
	k->key = xmalloc(len);
	memcpy(k->key, key, len);
	k->len = len;
	k->f = *f;
	k->bytes = bytes;
	k->used = ++m->tick;
	m->bytes += bytes;
	memset(f, 0, sizeof(*f));
}

void search_memory_forget(struct archive *a)
{
	struct search_memory *m = a->memory;
	while (m && m->n)
		drop(m, m->n - 1);
}

void search_memory_free(struct search_memory *m)
{
	if (!m)
		return;
	while (m->n)
		drop(m, m->n - 1);
	free(m->v);
	free(m);
}
