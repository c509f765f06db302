/* pdfpack.c - moving a PDF's dictionaries into object streams. */
#include "pdfpack.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Objects in one object stream: enough to compress well, few enough that
 * a reader fetching one object decodes little. */
#define PACK_PER_STREAM 200

struct obj {
	unsigned num;
	size_t off, end;        /* "N 0 obj" .. after "endobj": the span in the input */
	size_t body, body_end;  /* the value between "obj" and "endobj" */
	bool stream;
	unsigned in_stream, index; /* where packed: object stream number, index */
	size_t new_off;           /* where written, when not packed */
};

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

static int cmp_off(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

/* The last occurrence of needle in [from, to), or SIZE_MAX. */
static size_t find_last(const unsigned char *p, size_t from, size_t to, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = to; i >= from + n; i--)
		if (!memcmp(p + i - n, needle, n))
			return i - n;
	return SIZE_MAX;
}

static int deflate_buf(const unsigned char *in, size_t len, struct buf *out, struct ferr *e)
{
	uLongf cap = compressBound((uLong)len);
	unsigned char *z = xmalloc(cap);
	if (compress2(z, &cap, in, (uLong)len, Z_DEFAULT_COMPRESSION) != Z_OK) {
		free(z);
		return ferr_set(e, FOLIO_EIO, "zlib could not compress %zu bytes", len);
	}
	buf_add(out, (const char *)z, cap);
	free(z);
	return 0;
}

/* Read the classic cross-reference section at xref: the objects in use,
 * and the trailer dictionary's inside in [*t0, *t1). */
static int read_xref(const unsigned char *p, size_t len, size_t xref, struct obj **objs,
		     size_t *nobjs, size_t *t0, size_t *t1, struct ferr *e)
{
	size_t i = xref + 4;
	struct obj *v = NULL;
	size_t n = 0;
	if (xref + 4 > len || memcmp(p + xref, "xref", 4))
		return ferr_set(e, FOLIO_EINPUT, "startxref does not lead to a cross-reference table");
	for (;;) {
		while (i < len && is_space(p[i]))
			i++;
		if (i + 7 <= len && !memcmp(p + i, "trailer", 7))
			break;
		unsigned long start, count;
		int used = 0;
		char line[64];
		size_t k = 0;
		while (i + k < len && k < sizeof(line) - 1 && p[i + k] != '\n' && p[i + k] != '\r') {
			line[k] = (char)p[i + k];
			k++;
		}
		line[k] = '\0';
		if (sscanf(line, "%lu %lu%n", &start, &count, &used) != 2 || count > 10000000) {
			free(v);
			return ferr_set(e, FOLIO_EINPUT, "a cross-reference subsection header is malformed");
		}
		i += k;
		while (i < len && (p[i] == '\n' || p[i] == '\r'))
			i++;
		for (unsigned long j = 0; j < count; j++, i += 20) {
			if (i + 20 > len) {
				free(v);
				return ferr_set(e, FOLIO_EINPUT, "the cross-reference table is cut short");
			}
			if (p[i + 17] != 'n')
				continue;
			unsigned long long off = strtoull((const char *)p + i, NULL, 10);
			unsigned long gen = strtoul((const char *)p + i + 11, NULL, 10);
			if (gen != 0 || off >= xref) {
				free(v);
				return ferr_set(e, FOLIO_EINPUT,
						"object %lu: generation %lu or offset %llu is not one "
						"a freshly written PDF has", start + j, gen, off);
			}
			v = xgrow(v, n, sizeof(*v));
			memset(&v[n], 0, sizeof(v[n]));
			v[n].num = (unsigned)(start + j);
			v[n].off = (size_t)off;
			n++;
		}
	}
	i += 7;
	while (i < len && is_space(p[i]))
		i++;
	size_t end = find_last(p, i, len, ">>");
	if (i + 2 > len || memcmp(p + i, "<<", 2) || end == SIZE_MAX) {
		free(v);
		return ferr_set(e, FOLIO_EINPUT, "the trailer is not a dictionary");
	}
	*t0 = i + 2;
	*t1 = end;
	*objs = v;
	*nobjs = n;
	return 0;
}

/* Find each object's span and value; decide whether it is a stream. */
static int read_objects(const unsigned char *p, size_t xref, struct obj *v, size_t n,
			struct ferr *e)
{
	qsort(v, n, sizeof(*v), cmp_off);
	for (size_t k = 0; k < n; k++) {
		struct obj *o = &v[k];
		o->end = k + 1 < n ? v[k + 1].off : xref;
		char head[32];
		int hl = snprintf(head, sizeof(head), "%u 0 obj", o->num);
		if (o->off + (size_t)hl > o->end || memcmp(p + o->off, head, (size_t)hl))
			return ferr_set(e, FOLIO_EINPUT, "object %u is not where the table says", o->num);
		size_t eo = find_last(p, o->off + (size_t)hl, o->end, "endobj");
		if (eo == SIZE_MAX)
			return ferr_set(e, FOLIO_EINPUT, "object %u has no endobj", o->num);
		o->body = o->off + (size_t)hl;
		o->body_end = eo;
		while (o->body < o->body_end && is_space(p[o->body]))
			o->body++;
		while (o->body_end > o->body && is_space(p[o->body_end - 1]))
			o->body_end--;
		/* A stream's value ends with the keyword endstream, after an
		 * end of line (a name such as /endstream has a slash). */
		size_t kw = 9;
		o->stream = o->body_end - o->body > kw &&
			    !memcmp(p + o->body_end - kw, "endstream", kw) &&
			    is_space(p[o->body_end - kw - 1]);
		/* The end of an object is after endobj and its end of line. */
		o->end = eo + 6;
		while (o->end < (k + 1 < n ? v[k + 1].off : xref) && (p[o->end] == '\r' || p[o->end] == '\n'))
			o->end++;
	}
	return 0;
}

static void put_be(struct buf *b, unsigned long long v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		buf_addc(b, (char)((v >> (8 * i)) & 0xFF));
}

int pdf_pack(const unsigned char *p, size_t len, struct buf *out, struct ferr *e)
{
	if (len < 16 || memcmp(p, "%PDF-1.", 7))
		return ferr_set(e, FOLIO_EINPUT, "not a PDF");
	size_t sx = find_last(p, len > 1024 ? len - 1024 : 0, len, "startxref");
	if (sx == SIZE_MAX)
		return ferr_set(e, FOLIO_EINPUT, "no startxref");
	size_t xref = (size_t)strtoull((const char *)p + sx + 9, NULL, 10);
	struct obj *v = NULL;
	size_t n = 0, t0, t1;
	int err = read_xref(p, len, xref, &v, &n, &t0, &t1, e);
	if (err)
		return err;
	if (n == 0) {
		free(v);
		return ferr_set(e, FOLIO_EINPUT, "no objects");
	}
	/* A trailer of another kind of file (updates, encryption) is refused. */
	struct buf trailer = BUF_INIT;
	buf_add(&trailer, (const char *)p + t0, t1 - t0);
	if (strstr(trailer.data, "/Prev") || strstr(trailer.data, "/Encrypt") ||
	    strstr(trailer.data, "/XRefStm")) {
		buf_release(&trailer);
		free(v);
		return ferr_set(e, FOLIO_EINPUT, "the PDF has updates or encryption");
	}
	if ((err = read_objects(p, xref, v, n, e))) {
		buf_release(&trailer);
		free(v);
		return err;
	}
	/* The trailer's entries but /Size go into the cross-reference stream. */
	char *size = strstr(trailer.data, "/Size");
	if (size) {
		char *q = size + 5;
		while (*q == ' ' || (*q >= '0' && *q <= '9'))
			q++;
		memmove(size, q, strlen(q) + 1);
		trailer.len = strlen(trailer.data);
	}
	unsigned next = 0;
	for (size_t k = 0; k < n; k++)
		if (v[k].num >= next)
			next = v[k].num + 1;

	size_t start = out->len;
	buf_add(out, (const char *)p, v[0].off); /* header and binary comment */
	for (size_t k = 0; k < n; k++)
		if (v[k].stream) {
			v[k].new_off = out->len - start;
			buf_add(out, (const char *)p + v[k].off, v[k].end - v[k].off);
		}
	/* Everything else, in object streams of up to PACK_PER_STREAM. */
	size_t nstreams = 0;
	size_t *stream_off = NULL;
	unsigned first_stream = next;
	struct buf index = BUF_INIT, bodies = BUF_INIT, z = BUF_INIT;
	for (size_t k = 0; k < n && !err;) {
		buf_reset(&index);
		buf_reset(&bodies);
		buf_reset(&z);
		unsigned num = next++, count = 0;
		for (; k < n && count < PACK_PER_STREAM; k++) {
			if (v[k].stream)
				continue;
			buf_addf(&index, "%u %zu ", v[k].num, bodies.len);
			buf_add(&bodies, (const char *)p + v[k].body, v[k].body_end - v[k].body);
			buf_addc(&bodies, '\n');
			v[k].in_stream = num;
			v[k].index = count++;
		}
		if (!count) {
			next--;
			break;
		}
		buf_add(&index, bodies.data, bodies.len);
		if ((err = deflate_buf((const unsigned char *)index.data, index.len, &z, e)))
			break;
		stream_off = xgrow(stream_off, nstreams, sizeof(*stream_off));
		stream_off[nstreams++] = out->len - start;
		buf_addf(out, "%u 0 obj\n<</Type/ObjStm/N %u/First %zu/Filter/FlateDecode/Length %zu>>\nstream\n",
			 num, count, index.len - bodies.len, z.len);
		buf_add(out, z.data, z.len);
		buf_adds(out, "\nendstream\nendobj\n");
	}
	buf_release(&index);
	buf_release(&bodies);
	if (!err) {
		/* The cross-reference stream: type, offset or object stream,
		 * generation or index; W [1 4 2]. */
		unsigned xnum = next++;
		size_t xoff = out->len - start;
		if (xoff > UINT32_MAX) {
			err = ferr_set(e, FOLIO_EINPUT, "a PDF over 4 GB is not packed");
		} else {
			struct buf t = BUF_INIT;
			unsigned char *kind = xcalloc(next, 1);
			unsigned long long *f2 = xcalloc(next, sizeof(*f2));
			unsigned *f3 = xcalloc(next, sizeof(*f3));
			f3[0] = 65535;
			for (size_t k = 0; k < n; k++) {
				unsigned o = v[k].num;
				kind[o] = v[k].stream ? 1 : 2;
				f2[o] = v[k].stream ? v[k].new_off : v[k].in_stream;
				f3[o] = v[k].stream ? 0 : v[k].index;
			}
			for (size_t s = 0; s < nstreams; s++) {
				kind[first_stream + s] = 1;
				f2[first_stream + s] = stream_off[s];
			}
			kind[xnum] = 1;
			f2[xnum] = xoff;
			for (unsigned o = 0; o < next; o++) {
				put_be(&t, kind[o], 1);
				put_be(&t, f2[o], 4);
				put_be(&t, f3[o], 2);
			}
			buf_reset(&z);
			if (!(err = deflate_buf((const unsigned char *)t.data, t.len, &z, e))) {
				buf_addf(out, "%u 0 obj\n<</Type/XRef/Size %u/W[1 4 2]", xnum, next);
				buf_add(out, trailer.data, trailer.len);
				buf_addf(out, "/Filter/FlateDecode/Length %zu>>\nstream\n", z.len);
				buf_add(out, z.data, z.len);
				buf_addf(out, "\nendstream\nendobj\nstartxref\n%zu\n%%%%EOF\n", xoff);
			}
			buf_release(&t);
			free(kind);
			free(f2);
			free(f3);
		}
	}
	buf_release(&z);
	buf_release(&trailer);
	free(stream_off);
	free(v);
	if (err)
		out->len = start;
	return err;
}
