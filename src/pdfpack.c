/* pdfpack.c - moving a PDF's dictionaries into object streams. */
#include "pdfpack.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <zlib.h>

/* Objects in one object stream: enough to compress well, few enough that
 * a reader fetching one object decodes little. */
#define PACK_PER_STREAM 200
/* Written to the file descriptor whenever this much has gathered. */
#define PACK_FLUSH (1u << 20)
/* The comment of a JPEG stub (see pdfpack.h): the index follows. */
#define STUB_TAG "folio-pack-file "

struct obj {
	unsigned num;
	size_t off, end;        /* "N 0 obj" .. after "endobj": the span in the input */
	size_t body, body_end;  /* the value between "obj" and "endobj" */
	bool stream;
	unsigned in_stream, index; /* where packed: object stream number, index */
	size_t new_off;           /* where written, when not packed */
	size_t file;              /* a stream standing for files[file - 1], or 0 */
	size_t data, data_end;    /* that stream's data */
	unsigned length_obj;      /* and the object holding its /Length */
};

/* The output: a buffer written to fd as it fills; err is the first
 * failure, after which nothing more is written. */
struct sink {
	int fd;
	struct buf b;
	unsigned long long flushed;
	struct sha256_ctx_folio *hash;
	int err;
	struct ferr *e;
};

static void sink_flush(struct sink *s)
{
	sha256_add(s->hash, s->b.data, s->b.len);
	if (!s->err && write_fd_all(s->fd, s->b.data, s->b.len) != 0)
		s->err = ferr_set(s->e, FOLIO_EIO, "%s", strerror(errno));
	s->flushed += s->b.len;
	buf_reset(&s->b);
}

static void sink_add(struct sink *s, const void *p, size_t n)
{
	buf_add(&s->b, p, n);
	if (s->b.len >= PACK_FLUSH)
		sink_flush(s);
}

static void sink_addf(struct sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sink_addf(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vaddf(&s->b, fmt, ap);
	va_end(ap);
	if (s->b.len >= PACK_FLUSH)
		sink_flush(s);
}

/* Where the next byte goes, from the start of the output. */
static unsigned long long sink_pos(const struct sink *s)
{
	return s->flushed + s->b.len;
}

void pdf_pack_jpeg_stub(const unsigned char *jpeg, size_t header_end, size_t index,
			struct buf *out)
{
	char tag[48];
	int n = snprintf(tag, sizeof(tag), STUB_TAG "%zu", index);
	buf_add(out, "\xFF\xD8\xFF\xFE", 4);
	buf_addc(out, (char)(((unsigned)n + 2) >> 8));
	buf_addc(out, (char)(((unsigned)n + 2) & 0xFF));
	buf_add(out, tag, (size_t)n);
	if (header_end > 2)
		buf_add(out, jpeg + 2, header_end - 2);
}

/* The value of the object numbered num, when it is a plain non-negative
 * integer (as libharu writes a stream's /Length); -1 otherwise. */
static long long int_value(const unsigned char *p, const struct obj *v, const size_t *by_num,
			   unsigned next, unsigned num)
{
	if (num >= next || !by_num[num])
		return -1;
	const struct obj *o = &v[by_num[num] - 1];
	if (o->stream || o->body == o->body_end || o->body_end - o->body > 18)
		return -1;
	long long x = 0;
	for (size_t i = o->body; i < o->body_end; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		x = x * 10 + (p[i] - '0');
	}
	return x;
}

/* If stream object o is a stub for one of files, note which, where its
 * data lies and its /Length object.  A stub that matches no file is an
 * error: printed as it is, it would be a photo without its pixels. */
static int find_stub(const unsigned char *p, struct obj *o, const struct obj *v,
		     const size_t *by_num, unsigned next, const struct pdf_pack_file *files,
		     size_t nfiles, struct ferr *e)
{
	static const char kw[] = "stream";
	size_t kl = sizeof(kw) - 1, tl = sizeof(STUB_TAG) - 1;
	/* libharu ends the dictionary with ">>", then "stream" and an end of
	 * line; the data starts with the JPEG's SOI and comment. */
	size_t at = o->body;
	while (at + kl + 8 <= o->body_end &&
	       (memcmp(p + at, kw, kl) || (p[at + kl] != '\r' && p[at + kl] != '\n')))
		at++;
	if (at + kl + 8 > o->body_end)
		return 0;
	size_t data = at + kl + (p[at + kl] == '\r' && p[at + kl + 1] == '\n' ? 2 : 1);
	if (o->body_end - data < 6 + tl || memcmp(p + data, "\xFF\xD8\xFF\xFE", 4) ||
	    memcmp(p + data + 6, STUB_TAG, tl))
		return 0;
	size_t com = (size_t)p[data + 4] << 8 | p[data + 5], index = 0, i = data + 6 + tl;
	bool digits = false;
	for (; i < data + 4 + com && i < o->body_end && p[i] >= '0' && p[i] <= '9';
	     i++, digits = true)
		index = index * 10 + (size_t)(p[i] - '0');
	unsigned length_obj = 0;
	const unsigned char *l = NULL;
	for (size_t k = o->body; k + 8 < at; k++)
		if (!memcmp(p + k, "/Length ", 8)) {
			l = p + k + 8;
			break;
		}
	if (l)
		for (; *l >= '0' && *l <= '9'; l++)
			length_obj = length_obj * 10 + (unsigned)(*l - '0');
	long long length = l && !strncmp((const char *)l, " 0 R", 4)
				   ? int_value(p, v, by_num, next, length_obj) : -1;
	if (!digits || i != data + 4 + com || index >= nfiles || length < 0 ||
	    (size_t)length != files[index].stub_len || (size_t)length > o->body_end - data)
		return ferr_set(e, FOLIO_EINPUT,
				"object %u: a photo's placeholder that stands for no file", o->num);
	o->file = index + 1;
	o->data = data;
	o->data_end = data + (size_t)length;
	o->length_obj = length_obj;
	return 0;
}

/* Write stream object o with files[o->file - 1]'s bytes as its data; its
 * length in *size. */
static int copy_file_stream(const unsigned char *p, const struct obj *o,
			    const struct pdf_pack_file *f, struct sink *s, unsigned long long *size)
{
	FILE *in = fopen(f->path, "rb");
	if (!in)
		return ferr_set(s->e, FOLIO_EIO, "%s: %s", f->path, strerror(errno));
	sink_add(s, p + o->off, o->data - o->off);
	unsigned char chunk[65536];
	size_t n;
	*size = 0;
	while (!s->err && (n = fread(chunk, 1, sizeof(chunk), in)) > 0) {
		sink_add(s, chunk, n);
		*size += n;
	}
	int rc = 0;
	if (ferror(in))
		rc = ferr_set(s->e, FOLIO_EIO, "%s: %s", f->path, strerror(errno));
	fclose(in);
	sink_add(s, p + o->data_end, o->end - o->data_end);
	return rc ? rc : s->err;
}

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

int pdf_pack(const unsigned char *p, size_t len, const struct pdf_pack_file *files,
	     size_t nfiles, int fd, struct written_sum *sum, struct ferr *e)
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
	if (nfiles) {
		size_t *by_num = xcalloc(next, sizeof(*by_num));
		for (size_t k = 0; k < n; k++)
			by_num[v[k].num] = k + 1;
		for (size_t k = 0; k < n && !err; k++)
			if (v[k].stream)
				err = find_stub(p, &v[k], v, by_num, next, files, nfiles, e);
		free(by_num);
	}
	if (err) {
		buf_release(&trailer);
		free(v);
		return err;
	}

	struct sink out = { .fd = fd, .b = BUF_INIT, .hash = sha256_begin(), .e = e };
	/* The sizes of the files written in place of stubs, by the number
	 * of the object that holds each one's /Length. */
	unsigned long long *file_len = xcalloc(next, sizeof(*file_len));
	bool *is_len = xcalloc(next, sizeof(*is_len));
	buf_reserve(&out.b, PACK_FLUSH + 65536);
	sink_add(&out, p, v[0].off); /* header and binary comment */
	for (size_t k = 0; k < n && !err; k++)
		if (v[k].stream) {
			v[k].new_off = (size_t)sink_pos(&out);
			if (!v[k].file) {
				sink_add(&out, p + v[k].off, v[k].end - v[k].off);
				continue;
			}
			/* find_stub found the /Length object among the objects. */
			unsigned lo = v[k].length_obj;
			err = copy_file_stream(p, &v[k], &files[v[k].file - 1], &out, &file_len[lo]);
			is_len[lo] = true;
		}
	err = err ? err : out.err;
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
			if (is_len[v[k].num])
				buf_addf(&bodies, "%llu", file_len[v[k].num]);
			else
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
		stream_off[nstreams++] = (size_t)sink_pos(&out);
		sink_addf(&out, "%u 0 obj\n<</Type/ObjStm/N %u/First %zu/Filter/FlateDecode/Length %zu>>\nstream\n",
			  num, count, index.len - bodies.len, z.len);
		sink_add(&out, z.data, z.len);
		sink_addf(&out, "\nendstream\nendobj\n");
		err = out.err;
	}
	buf_release(&index);
	buf_release(&bodies);
	if (!err) {
		/* The cross-reference stream: type, offset or object stream,
		 * generation or index; W [1 4 2]. */
		unsigned xnum = next++;
		unsigned long long xoff = sink_pos(&out);
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
				sink_addf(&out, "%u 0 obj\n<</Type/XRef/Size %u/W[1 4 2]", xnum, next);
				sink_add(&out, trailer.data, trailer.len);
				sink_addf(&out, "/Filter/FlateDecode/Length %zu>>\nstream\n", z.len);
				sink_add(&out, z.data, z.len);
				sink_addf(&out, "\nendstream\nendobj\nstartxref\n%llu\n%%%%EOF\n", xoff);
				sink_flush(&out);
				err = out.err;
			}
			buf_release(&t);
			free(kind);
			free(f2);
			free(f3);
		}
	}
	buf_release(&z);
	buf_release(&trailer);
	char hex[SHA256_HEX_LEN + 1];
	sha256_end(out.hash, hex);
	if (sum && !err) {
		sum->bytes = sink_pos(&out);
		memcpy(sum->sha256, hex, sizeof(hex));
	}
	buf_release(&out.b);
	free(stream_off);
	free(file_len);
	free(is_len);
	free(v);
	return err;
}
