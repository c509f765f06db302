/* ingest.c - from an input file to a stored article, one transaction each. */
/* realpath() is XSI */
#define _XOPEN_SOURCE 700
#include "ingest.h"
#include "images.h"
#include "html.h"
#include "markdown.h"
#include "webtext.h"
#include "plaintext.h"
#include "dates.h"
#include "../encoding.h"
#include "../hash.h"
#include "../markup.h"
#include "../text.h"
#include "../utf8.h"

#include <libxml/parser.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcasecmp(s + n - m, suffix);
}

/* Why the file is clearly not an article (a static reason), or NULL.  By
 * name for the usual binary formats, by content for anything with NUL bytes
 * that is not UTF-16 or UTF-32 (with a byte-order mark, by the pattern of
 * its NUL bytes, or as --encoding says). */
static const char *not_an_article(const char *name, const unsigned char *data, size_t len,
				  const char *forced)
{
	static const char *const binary[] = {
		".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".ico", ".heic",
		".mp3", ".mp4", ".m4a", ".wav", ".avi", ".mov", ".mkv", ".flv", ".zip", ".gz",
		".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".tar", ".exe", ".dll", ".so", ".o",
		".a", ".class", ".jar", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx",
		".ttf", ".otf", ".ttc", ".woff", ".woff2", ".db", ".sqlite",
	};
	for (size_t i = 0; i < ARRAY_SIZE(binary); i++)
		if (ends_with(name, binary[i]))
			return "not an article: an image, media, archive or binary file (by its name)";
	bool utf16_32 = encoding_wide_unicode(data, len) ||
			(forced && (!strncasecmp(forced, "utf-16", 6) || !strncasecmp(forced, "utf16", 5) ||
				    !strncasecmp(forced, "utf-32", 6) || !strncasecmp(forced, "utf32", 5) ||
				    !strncasecmp(forced, "ucs-", 4)));
	if (!utf16_32 && memchr(data, '\0', len < 65536 ? len : 65536))
		return "not an article: binary data (NUL bytes)";
	return NULL;
}

/* A file named as text that holds a NUL byte and does not start like a
 * known binary format (an image or archive misnamed): damaged text. */
static bool named_as_text(const char *name, const unsigned char *data, size_t len)
{
	/* With a NUL byte, "BM" and "RIFF" are a bitmap and a media file too. */
	if (encoding_binary_format(data, len) || (len >= 2 && !memcmp(data, "BM", 2)) ||
	    (len >= 4 && !memcmp(data, "RIFF", 4)))
		return false;
	static const char *const text[] = { ".md", ".markdown", ".txt", ".text", ".html", ".htm",
					    ".xhtml", ".xml" };
	for (size_t i = 0; i < ARRAY_SIZE(text); i++)
		if (ends_with(name, text[i]))
			return true;
	return false;
}

/* The longest value each metadata field may have, in bytes: far past any
 * real headline (a 2,000-byte title is some 660 Chinese characters), and
 * short enough that a broken front matter (a whole article after title:)
 * is caught at ingest rather than when a page cannot hold it. */
#define MAX_TITLE_BYTES 2000
#define MAX_FIELD_BYTES 1000
#define MAX_URL_BYTES 8000
#define MAX_NAMES 100

static int check_field(const char *what, const char *value, size_t max, struct ferr *e)
{
	size_t n = value ? strlen(value) : 0;
	if (n > max)
		return ferr_set(e, FOLIO_EINPUT,
				"the %s is %zu bytes long; folio takes at most %zu (is the metadata "
				"broken?)",
				what, n, max);
	return 0;
}

static int check_names(const char *what, const struct strlist *l, struct ferr *e)
{
	if (l->n > MAX_NAMES)
		return ferr_set(e, FOLIO_EINPUT, "%zu %s; folio takes at most %d", l->n, what,
				MAX_NAMES);
	for (size_t i = 0; i < l->n; i++)
		if (check_field(what, l->items[i], MAX_FIELD_BYTES, e))
			return FOLIO_EINPUT;
	return 0;
}

/* Every metadata field within its bound. */
static int check_fields(const struct article *a, struct ferr *e)
{
	if (check_field("title", a->title, MAX_TITLE_BYTES, e) ||
	    check_field("subtitle", a->subtitle, MAX_TITLE_BYTES, e) ||
	    check_field("kicker", a->kicker, MAX_TITLE_BYTES, e) ||
	    check_field("page", a->page, MAX_FIELD_BYTES, e) ||
	    check_field("editor", a->editor, MAX_FIELD_BYTES, e) ||
	    check_field("source", a->source, MAX_FIELD_BYTES, e) ||
	    check_field("section", a->section, MAX_FIELD_BYTES, e) ||
	    check_field("correction", a->correction, MAX_FIELD_BYTES, e) ||
	    check_field("id", a->key, MAX_FIELD_BYTES, e) ||
	    check_field("url", a->url, MAX_URL_BYTES, e) || check_names("authors", &a->authors, e) ||
	    check_names("contributors", &a->contributors, e) || check_names("tags", &a->tags, e))
		return FOLIO_EINPUT;
	return 0;
}

/* HTML or XML by name, or by its first non-blank bytes: a declared
 * charset is then worth looking for. */
static bool looks_like_markup(const char *name, const unsigned char *data, size_t len)
{
	if (ends_with(name, ".html") || ends_with(name, ".htm") || ends_with(name, ".xhtml") ||
	    ends_with(name, ".xml"))
		return true;
	size_t i = 0;
	if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '<';
}

/* --cjk-punct: the stored title and body get full-width punctuation
 * between Han characters; the original is untouched. */
static void full_width_punctuation(struct article *a)
{
	char *t;
	if (a->title) {
		t = text_cjk_punct(a->title, strlen(a->title));
		free(a->title);
		a->title = t;
	}
	if (a->subtitle) {
		t = text_cjk_punct(a->subtitle, strlen(a->subtitle));
		free(a->subtitle);
		a->subtitle = t;
	}
	if (a->kicker) {
		t = text_cjk_punct(a->kicker, strlen(a->kicker));
		free(a->kicker);
		a->kicker = t;
	}
	t = text_cjk_punct(a->body.data, a->body.len);
	buf_reset(&a->body);
	buf_adds(&a->body, t);
	free(t);
}

/* Decide the reader: the --format option, else the file's name and text. */
static const char *detect_format(const char *name, const char *text, size_t len,
				 const char *wanted, struct ferr *e)
{
	if (wanted && strcmp(wanted, "auto")) {
		if (!strcmp(wanted, "markdown") || !strcmp(wanted, "webtext") || !strcmp(wanted, "html") ||
		    !strcmp(wanted, "text"))
			return wanted;
		ferr_set(e, FOLIO_EUSAGE, "unknown format '%s' (auto, markdown, webtext, html, text)",
			 wanted);
		return NULL;
	}
	if (html_sniff(text, len) || ends_with(name, ".html") || ends_with(name, ".htm") ||
	    ends_with(name, ".xhtml"))
		return "html";
	if (markdown_has_front_matter(text, len) || ends_with(name, ".md") ||
	    ends_with(name, ".markdown"))
		return "markdown";
	/* a web page's text has metadata lines (来源:, 编辑:, a byline);
	 * anything else is plain text */
	if (webtext_sniff(text, len))
		return "webtext";
	return "text";
}

static void trim_field(char **f)
{
	if (!*f)
		return;
	char *s = *f;
	size_t a = 0, b = strlen(s);
	while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n'))
		a++;
	while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n'))
		b--;
	if (a == b) {
		free(s);
		*f = NULL;
		return;
	}
	memmove(s, s + a, b - a);
	s[b - a] = '\0';
}

char *article_identity(const struct article *a, const char *content_sha256)
{
	if (a->key)
		return xasprintf("id:%s", a->key);
	if (a->url)
		return xasprintf("url:%s", a->url);
	/* Without a date a shared title is no evidence: undated briefs (简讯,
	 * 图片新闻) and the pages of one photo story share titles.  Each text
	 * is then its own article; the same text again is still a duplicate. */
	if (!a->published.date[0])
		return xasprintf("text:%s", content_sha256);
	/* Date, first author and title, with white space left out so a
	 * re-wrapped title is still the same article.  The author is part of
	 * it because two reporters' pieces can share a headline on one day. */
	struct buf b = BUF_INIT;
	buf_addf(&b, "title:%s:%s:", a->published.date, a->authors.n ? a->authors.items[0] : "");
	const unsigned char *s = (const unsigned char *)a->title;
	size_t len = strlen(a->title), i = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0)
			n = 1;
		else if (!utf8_is_space(cp))
			buf_add(&b, s + i, (size_t)n);
		i += (size_t)n;
	}
	return buf_detach(&b);
}

/* Everything ingest knows of one input before it touches the archive. */
struct ingest_prepared {
	unsigned char *data; /* the file's bytes, owned */
	size_t len;
	char *name;
	struct buf decoded;
	struct decoded how;
	struct article art;
	char *text, *identity, *plain;
	char sha[SHA256_HEX_LEN + 1], content_sha[SHA256_HEX_LEN + 1], published[32];
	struct archive_entry in;
	struct archive_packed packed;
	bool has_packed;
	struct found_images images;
	struct archive_image *aimages;
	char *images_json; /* for the report */
};

void ingest_prepared_free(struct ingest_prepared *p)
{
	if (!p)
		return;
	article_release(&p->art);
	buf_release(&p->decoded);
	free(p->text);
	free(p->identity);
	free(p->plain);
	free(p->name);
	free(p->data);
	if (p->has_packed)
		archive_packed_release(&p->packed);
	found_images_release(&p->images);
	free(p->aimages);
	free(p->images_json);
	free(p);
}

/* Read, decode, parse and compress data (taken: freed with p, or here on
 * failure).  0 with *prep set, 0 with *prep NULL for a skipped input
 * (out->status, out->why), or an error. */
/* The images the body references, read from beside the input (base_dir,
 * or NULL) into p, and listed for the archive and the report. */
static void gather_images(struct ingest_prepared *p, const char *base_dir)
{
	images_find(p->art.body.data, p->art.body.len, base_dir, &p->images);
	if (!p->images.n)
		return;
	p->aimages = xcalloc(p->images.n, sizeof(*p->aimages));
	struct buf j = BUF_INIT;
	buf_addc(&j, '[');
	for (size_t i = 0; i < p->images.n; i++) {
		const struct found_image *f = &p->images.v[i];
		p->aimages[i] = (struct archive_image){
			.ref = f->ref, .caption = f->caption,
			.data = f->missing ? NULL : (const unsigned char *)f->data.data,
			.len = f->data.len, .sha256 = f->sha256, .media_type = f->media_type,
			.width = f->width, .height = f->height, .missing = f->missing,
		};
		buf_adds(&j, i ? ",{\"ref\":" : "{\"ref\":");
		buf_add_json_string(&j, strncmp(f->ref, "data:", 5) ? f->ref : "data:…");
		if (f->missing) {
			buf_adds(&j, ",\"missing\":");
			buf_add_json_string(&j, f->missing);
		} else {
			buf_addf(&j, ",\"sha256\":\"%s\",\"bytes\":%zu", f->sha256, f->data.len);
		}
		buf_addc(&j, '}');
	}
	buf_addc(&j, ']');
	p->images_json = buf_detach(&j);
	p->in.images = p->aimages;
	p->in.nimages = p->images.n;
}

static int prepare(const char *name, unsigned char *data, size_t len,
		   const struct ingest_options *opt, bool pack, const char *base_dir,
		   struct ingest_prepared **prep, struct ingest_outcome *out, struct ferr *e)
{
	const char *format;
	size_t text_len = 0;
	int err;

	memset(out, 0, sizeof(*out));
	*prep = NULL;
	if (len == 0) {
		free(data);
		return ferr_set(e, FOLIO_EINPUT, "empty file");
	}
	if ((out->why = not_an_article(name, data, len, opt->encoding))) {
		const unsigned char *nul = memchr(data, '\0', len);
		if (nul && named_as_text(name, data, len)) {
			out->why = NULL;
			err = ferr_set(e, FOLIO_EINPUT,
				       "a NUL byte at byte %zu: a text file damaged, or not text at all "
				       "(use --encoding for UTF-16/32)",
				       (size_t)(nul - data));
			free(data);
			return err;
		}
		out->status = INGEST_SKIPPED;
		free(data);
		return 0;
	}
	struct ingest_prepared *p = xcalloc(1, sizeof(*p));
	p->data = data;
	p->len = len;
	p->name = xstrdup(name);
	p->decoded = (struct buf)BUF_INIT;
	article_init(&p->art);
	struct article *art = &p->art;

	struct decode_options dopt = { opt->encoding, opt->lossy, looks_like_markup(name, data, len) };
	if ((err = decode_to_utf8(data, len, &dopt, &p->decoded, &p->how, e)))
		goto fail;
	out->encoding = p->how.encoding;
	out->lossy = p->how.lossy;
	if (!(p->text = text_normalize(p->decoded.data, p->decoded.len, &text_len, e))) {
		err = FOLIO_EINPUT;
		goto fail;
	}
	if (!(format = detect_format(name, p->text, text_len, opt->format, e))) {
		err = e ? e->code : FOLIO_EINPUT;
		goto fail;
	}
	out->format = format;
	if (!strcmp(format, "markdown"))
		err = article_from_markdown(p->text, text_len, art, e);
	else if (!strcmp(format, "html"))
		err = article_from_html(p->text, text_len, art, e);
	else if (!strcmp(format, "text"))
		err = article_from_plaintext(p->text, text_len, art, e);
	else
		err = article_from_webtext(p->text, text_len, art, e);
	if (err)
		goto fail;
	/* The article owns its fields: the decoded text is no longer needed,
	 * and a prepared input may wait a while to be stored. */
	buf_release(&p->decoded);
	free(p->text);
	p->text = NULL;
	if (opt->section)
		article_set(&art->section, opt->section);
	if (opt->cjk_punct)
		full_width_punctuation(art);
	trim_field(&art->title);
	trim_field(&art->subtitle);
	trim_field(&art->kicker);
	trim_field(&art->page);
	trim_field(&art->editor);
	trim_field(&art->source);
	trim_field(&art->section);
	trim_field(&art->url);
	if (!art->title) {
		err = ferr_set(e, FOLIO_EINPUT, "no title");
		goto fail;
	}
	if ((err = check_fields(art, e)))
		goto fail;
	p->plain = markup_plain(art->body.data, art->body.len);
	if (!*p->plain) {
		err = ferr_set(e, FOLIO_EINPUT, "no body text");
		goto fail;
	}
	const char *date_source = NULL;
	if (art->published.date[0])
		date_source = !strcmp(format, "markdown") ? "front matter" : "page";
	else if (date_from_path(name, &art->published))
		date_source = "file name";
	else if (opt->date && opt->date->date[0]) {
		art->published = *opt->date;
		date_source = "--date";
	}
	pubdate_format(&art->published, p->published);
	article_fingerprint(art, p->published, p->content_sha);
	p->identity = article_identity(art, p->content_sha);
	sha256_hex(data, len, p->sha);

	/* how.evidence may point into how.evidence_buf: p does not move. */
	p->in = (struct archive_entry){
		.original = p->data,
		.original_len = len,
		.original_sha256 = p->sha,
		.filename = p->name,
		.format = format,
		.encoding = p->how.encoding,
		.converter = p->how.converter,
		.replaced = p->how.replaced,
		.evidence = p->how.evidence,
		.confidence = p->how.confidence,
		.plausibility = p->how.plausibility,
		.language = p->how.language,
		.suspect = p->how.suspect,
		.article = art,
		.identity = p->identity,
		.published = p->published[0] ? p->published : NULL,
		.date_source = date_source,
		.pub_date = art->published.date[0] ? art->published.date : NULL,
		.plain = p->plain,
		.chars = text_char_count(p->plain, strlen(p->plain)),
		.content_sha256 = p->content_sha,
		.lossy = p->how.lossy,
	};
	gather_images(p, base_dir);
	out->images = p->images_json;
	if (pack) {
		if (archive_entry_pack(&p->in, &p->packed)) {
			err = ferr_set(e, FOLIO_EIO, "cannot compress the article (out of memory?)");
			goto fail;
		}
		p->has_packed = true;
		p->in.packed = &p->packed;
	}
	*prep = p;
	return 0;
fail:
	ingest_prepared_free(p);
	return err;
}

int ingest_prepared_store(struct archive *ar, struct ingest_prepared *p,
			  struct ingest_outcome *out, struct ferr *e)
{
	struct store_result res;
	int err = archive_store(ar, &p->in, &res, e);
	if (err)
		return err;
	out->status = res.status == STORE_NEW	  ? INGEST_NEW
		      : res.status == STORE_REVISED ? INGEST_REVISED
						    : INGEST_DUPLICATE;
	out->article_id = res.article_id;
	out->revision = res.revision;
	out->why = res.why;
	out->images = res.status == STORE_DUPLICATE && !res.images_added ? NULL : p->images_json;
	return 0;
}

int ingest_bytes(struct archive *ar, const char *name, const unsigned char *data, size_t len,
		 const struct ingest_options *opt, struct ingest_outcome *out, struct ferr *e)
{
	struct ingest_prepared *p;
	unsigned char *copy = xmalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';
	int err = prepare(name, copy, len, opt, false, NULL, &p, out, e);
	if (err || !p)
		return err;
	err = ingest_prepared_store(ar, p, out, e);
	ingest_prepared_free(p);
	return err;
}

void ingest_threads_init(void)
{
	xmlInitParser();
}

int ingest_file_prepare(const char *path, const struct ingest_options *opt,
			struct ingest_prepared **prep, struct ingest_outcome *out, struct ferr *e)
{
	unsigned char *data;
	size_t len;
	struct stat st;
	*prep = NULL;
	memset(out, 0, sizeof(*out));
	/* Memory for one article is several times its size (the bytes, their
	 * decoding, normalisation, Markdown, compression): bounded here. */
	bool in = !strcmp(path, INGEST_STDIN);
	if (!in && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > INGEST_MAX_BYTES)
		return ferr_set(e, FOLIO_EINPUT,
				"file is %lld MB: larger than the %lld MB folio takes for one article",
				(long long)st.st_size / 1000000, INGEST_MAX_BYTES / 1000000);
	/* Standard input is read to its end, as far as one article may go;
	 * the images it names are looked for from the current directory. */
	int err = in ? read_file_max("/dev/stdin", INGEST_MAX_BYTES, &data, &len, e)
		     : read_file(path, &data, &len, e);
	if (err)
		return err;
	char *dir = xstrdup(in ? "." : path), *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else {
		free(dir);
		dir = xstrdup(".");
	}
	err = prepare(path, data, len, opt, true, dir, prep, out, e);
	free(dir);
	return err;
}

int ingest_file(struct archive *a, const char *path, const struct ingest_options *opt,
		struct ingest_outcome *out, struct ferr *e)
{
	struct ingest_prepared *p;
	int err = ingest_file_prepare(path, opt, &p, out, e);
	if (err || !p)
		return err;
	err = ingest_prepared_store(a, p, out, e);
	ingest_prepared_free(p);
	return err;
}

static int cmp_names(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* What a walk carries down: the links rule and the directories above. */
struct walk {
	walk_fn fn;
	skip_fn skip;
	void *ctx;
	bool follow;
	const char *root;   /* the realpath of the path given, for links */
	dev_t dev[80];      /* the directories on the way down */
	ino_t ino[80];
};

static bool inside(const char *root, const char *target)
{
	size_t n = strlen(root);
	return !strncmp(root, target, n) && (target[n] == '/' || target[n] == '\0' ||
					      (n && root[n - 1] == '/'));
}

static int walk_path(struct walk *w, const char *path, int depth)
{
	struct stat st, lst;
	struct ferr err = FERR_INIT;

	if (depth == 0 && !strcmp(path, INGEST_STDIN))
		return w->fn(w->ctx, path, NULL);
	if (depth > 0 && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		char *target = realpath(path, NULL);
		bool ok = target && (w->follow || (w->root && inside(w->root, target)));
		if (!ok && w->skip)
			w->skip(w->ctx, path,
				target ? "a symbolic link out of the directory given (--follow-symlinks "
					 "follows it)"
				       : "a symbolic link to nothing");
		free(target);
		if (!ok)
			return 0;
	}
	if (stat(path, &st) != 0) {
		ferr_set(&err, FOLIO_EIO, "%s", strerror(errno));
		return w->fn(w->ctx, path, &err);
	}
	if (S_ISREG(st.st_mode))
		return w->fn(w->ctx, path, NULL);
	if (!S_ISDIR(st.st_mode)) {
		/* Reading a FIFO or a device could block or never end. */
		ferr_set(&err, FOLIO_EINPUT, "not a regular file (a FIFO, device or socket)");
		return w->fn(w->ctx, path, &err);
	}
	for (int i = 0; i < depth; i++)
		if (w->dev[i] == st.st_dev && w->ino[i] == st.st_ino) {
			if (w->skip)
				w->skip(w->ctx, path, "a directory already being walked (a symlink loop)");
			return 0;
		}
	if (depth >= (int)(sizeof(w->dev) / sizeof(w->dev[0]))) {
		ferr_set(&err, FOLIO_EIO, "directories nested too deeply");
		return w->fn(w->ctx, path, &err);
	}
	w->dev[depth] = st.st_dev;
	w->ino[depth] = st.st_ino;
	DIR *d = opendir(path);
	if (!d) {
		ferr_set(&err, FOLIO_EIO, "cannot read directory: %s", strerror(errno));
		return w->fn(w->ctx, path, &err);
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue; /* ., .., and hidden files such as .git */
		names = xgrow(names, n, sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	int rc = 0;
	size_t plen = strlen(path);
	for (size_t i = 0; i < n; i++) {
		if (!rc) {
			char *child = xasprintf("%s%s%s", path,
						plen && path[plen - 1] == '/' ? "" : "/", names[i]);
			rc = walk_path(w, child, depth + 1);
			free(child);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int ingest_walk_links(const char *const *paths, int npaths, bool follow_symlinks, walk_fn fn,
		      skip_fn skip, void *ctx)
{
	for (int i = 0; i < npaths; i++) {
		struct walk w = { .fn = fn, .skip = skip, .ctx = ctx, .follow = follow_symlinks };
		char *root = realpath(paths[i], NULL);
		w.root = root;
		int rc = walk_path(&w, paths[i], 0);
		free(root);
		if (rc)
			return rc;
	}
	return 0;
}

int ingest_walk(const char *const *paths, int npaths, walk_fn fn, void *ctx)
{
	return ingest_walk_links(paths, npaths, false, fn, NULL, ctx);
}
