/* read/images.c - finding and reading the images an article references. */
#include "images.h"
#include "../layout/image.h"
#include "../util.h"

#include <cmark.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The text of an image node's children (its alt text). */
static void alt_text(cmark_node *n, struct buf *b)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);
		if (lit)
			buf_adds(b, lit);
		else if (cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK)
			buf_addc(b, ' ');
		alt_text(c, b);
	}
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* A relative reference as a file name: %XX decoded, ?query and #fragment
 * dropped.  NULL when it decodes to a NUL byte. */
static char *ref_to_path(const char *ref)
{
	struct buf b = BUF_INIT;
	for (const char *s = ref; *s && *s != '?' && *s != '#'; s++) {
		int h, l;
		if (*s == '%' && (h = hexval(s[1])) >= 0 && (l = hexval(s[2])) >= 0) {
			if (!(h | l)) {
				buf_release(&b);
				return NULL;
			}
			buf_addc(&b, (char)(h << 4 | l));
			s += 2;
		} else {
			buf_addc(&b, *s);
		}
	}
	return buf_detach(&b);
}

/* The scheme of ref ("https", "data"), or "" when it has none. */
static void scheme_of(const char *ref, char *out, size_t n)
{
	size_t i = 0;
	out[0] = '\0';
	while (ref[i] && ((ref[i] >= 'a' && ref[i] <= 'z') || (ref[i] >= 'A' && ref[i] <= 'Z') ||
			  (i > 0 && ((ref[i] >= '0' && ref[i] <= '9') || ref[i] == '+' ||
				     ref[i] == '-' || ref[i] == '.'))))
		i++;
	/* "C:" is a drive, not a scheme */
	if (ref[i] != ':' || i < 2 || i >= n)
		return;
	for (size_t k = 0; k < i; k++)
		out[k] = (char)(ref[k] >= 'A' && ref[k] <= 'Z' ? ref[k] + 32 : ref[k]);
	out[i] = '\0';
}

static void set_missing(struct found_image *f, const char *fmt, const char *arg)
{
	free(f->missing);
	f->missing = xasprintf(fmt, arg);
	buf_release(&f->data);
	f->data = (struct buf)BUF_INIT;
}

/* Fill f's bytes from a data: URL ("data:image/png;base64,...."). */
static void from_data_url(struct found_image *f)
{
	const char *comma = strchr(f->ref, ',');
	if (!comma) {
		set_missing(f, "a data: URL without data%s", "");
		return;
	}
	size_t head = (size_t)(comma - f->ref);
	bool b64 = head >= 7 && !strncmp(comma - 7, ";base64", 7);
	if (!b64) {
		set_missing(f, "a data: URL that is not base64%s", "");
		return;
	}
	if (buf_add_base64(&f->data, comma + 1, strlen(comma + 1)))
		set_missing(f, "a data: URL whose base64 is damaged%s", "");
}

static void from_file(struct found_image *f, const char *base_dir)
{
	char *rel = ref_to_path(f->ref);
	if (!rel || !*rel) {
		set_missing(f, "%s", "an empty or invalid file reference");
		free(rel);
		return;
	}
	char *path = rel[0] == '/' || !base_dir ? xstrdup(rel) : xasprintf("%s/%s", base_dir, rel);
	free(rel);
	struct stat st;
	if (!base_dir && path[0] != '/') {
		set_missing(f, "%s", "a relative path, and the input has no directory (standard input)");
	} else if (stat(path, &st) < 0) {
		char *why = xasprintf("%s: %s", path, strerror(errno));
		set_missing(f, "file not found (%s)", why);
		free(why);
	} else if (!S_ISREG(st.st_mode)) {
		set_missing(f, "%s: not a regular file", path);
	} else if (st.st_size > IMAGE_MAX_BYTES) {
		set_missing(f, "%s: larger than the 64 MB folio keeps for one image", path);
	} else {
		unsigned char *data;
		size_t len;
		struct ferr e = FERR_INIT;
		if (read_file(path, &data, &len, &e) < 0) {
			set_missing(f, "%s", e.msg);
		} else {
			buf_add(&f->data, data, len);
			free(data);
		}
	}
	free(path);
}

static void resolve(struct found_image *f, const char *base_dir)
{
	char scheme[16];
	scheme_of(f->ref, scheme, sizeof(scheme));
	if (!strcmp(scheme, "data"))
		from_data_url(f);
	else if (*scheme)
		set_missing(f, "a %s: URL, which folio does not download: save the file beside the "
			       "article and refer to it by a relative path",
			    scheme);
	else
		from_file(f, base_dir);
	if (f->missing)
		return;
	const char *why = NULL;
	if (image_probe((const unsigned char *)f->data.data, f->data.len, &f->width, &f->height,
			&f->media_type, &why)) {
		set_missing(f, "%s", why);
		return;
	}
	sha256_hex(f->data.data, f->data.len, f->sha256);
}

void images_find(const char *md, size_t len, const char *base_dir, struct found_images *out)
{
	memset(out, 0, sizeof(*out));
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	if (!doc)
		return;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_IMAGE)
			continue;
		const char *url = cmark_node_get_url(n);
		if (!url || !*url)
			continue;
		bool seen = false;
		for (size_t i = 0; i < out->n && !seen; i++)
			seen = !strcmp(out->v[i].ref, url);
		if (seen)
			continue;
		out->v = xgrow(out->v, out->n, sizeof(*out->v));
		struct found_image *f = &out->v[out->n++];
		memset(f, 0, sizeof(*f));
		f->ref = xstrdup(url);
		f->data = (struct buf)BUF_INIT;
		struct buf cap = BUF_INIT;
		alt_text(n, &cap);
		const char *title = cmark_node_get_title(n);
		if (!cap.len && title)
			buf_adds(&cap, title);
		f->caption = buf_detach(&cap);
		resolve(f, base_dir);
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
}

void found_images_release(struct found_images *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].ref);
		free(f->v[i].caption);
		free(f->v[i].missing);
		buf_release(&f->v[i].data);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}
