/* export.c - articles out of the archive: JSON Lines, CSV, Markdown, text, PDF. */
#include "export.h"
#include "layout/display.h"
#include "edition.h"
#include "encoding.h"
#include "markup.h"
#include "layout/image.h"
#include "recordjson.h"
#include "tempfile.h"
#include "utf8.h"
#include "read/article.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static const char UTF8_BOM[] = "\xEF\xBB\xBF";
static const char GB18030_BOM[] = "\x84\x31\x95\x33";

/* ---- formats ------------------------------------------------------------ */

static const struct {
	const char *name, *alias, *ext;
} formats[] = {
	[EXPORT_JSONL] = { "jsonl", "ndjson", "jsonl" },
	[EXPORT_CSV] = { "csv", NULL, "csv" },
	[EXPORT_MARKDOWN] = { "markdown", "md", "md" },
	[EXPORT_TXT] = { "txt", "text", "txt" },
	[EXPORT_PDF] = { "pdf", NULL, "pdf" },
};

bool export_format_parse(const char *name, enum export_format *out)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (!strcasecmp(name, formats[i].name) ||
		    (formats[i].alias && !strcasecmp(name, formats[i].alias))) {
			*out = (enum export_format)i;
			return true;
		}
	return false;
}

const char *export_format_name(enum export_format f)
{
	return formats[f].name;
}

bool export_format_per_article(enum export_format f)
{
	return f == EXPORT_MARKDOWN || f == EXPORT_TXT || f == EXPORT_PDF;
}

/* ---- safe file names ---------------------------------------------------- */

/* Characters that would make a name unsafe or unreadable: controls (C0,
 * DEL, C1) and invisible formatting (zero widths, bidirectional controls,
 * the BOM), which can disguise a name. */
static bool name_drops(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF ||
	       cp == 0xFFFE || cp == 0xFFFF;
}

/* Characters that separate words in a name: white space, path separators
 * and what Windows forbids in a name. */
static bool name_separates(uint32_t cp)
{
	return (cp != 0xFEFF && cp != 0x200B && utf8_is_space(cp)) || cp == 0x85 || cp == 0x2028 ||
	       cp == 0x2029 || cp == '/' || cp == '\\' ||
	       cp == ':' || cp == '*' || cp == '?' || cp == '"' || cp == '<' || cp == '>' ||
	       cp == '|';
}

char *export_file_name(const char *published, long long id, const char *title, const char *ext)
{
	struct buf b = BUF_INIT;
	bool dated = published && strlen(published) >= 10;
	for (int i = 0; dated && i < 10; i++)
		dated = (i == 4 || i == 7) ? published[i] == '-'
					   : (published[i] >= '0' && published[i] <= '9');
	if (dated)
		buf_add(&b, published, 10);
	else
		buf_adds(&b, "undated");
	buf_addf(&b, "-%lld", id);
	size_t stem = b.len;

	/* The title: separators become one '-', leading dots and dashes go. */
	struct buf t = BUF_INIT;
	const unsigned char *s = (const unsigned char *)(title ? title : "");
	size_t len = strlen((const char *)s), i = 0;
	bool dash = false;
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		if (name_separates(cp) || cp == '-') {
			dash = t.len > 0;
		} else if (!name_drops(cp) && !(cp == '.' && t.len == 0)) {
			if (dash)
				buf_addc(&t, '-');
			dash = false;
			buf_add(&t, s + i, (size_t)n);
		}
		i += (size_t)n;
	}
	if (t.len) {
		buf_addc(&b, '-');
		/* Cut at a character boundary within the bound. */
		size_t room = EXPORT_NAME_MAX > b.len ? EXPORT_NAME_MAX - b.len : 0, keep = 0;
		for (size_t k = 0; k < t.len;) {
			size_t n = 1;
			while (k + n < t.len && ((unsigned char)t.data[k + n] & 0xC0) == 0x80)
				n++;
			if (keep + n > room)
				break;
			keep += n;
			k += n;
		}
		buf_add(&b, t.data, keep);
		/* No trailing dot, dash or space (Windows drops them). */
		while (b.len > stem && (b.data[b.len - 1] == '.' || b.data[b.len - 1] == '-' ||
					b.data[b.len - 1] == ' '))
			b.len--;
		buf_truncate(&b, b.len);
	}
	buf_release(&t);
	if (ext && *ext)
		buf_addf(&b, ".%s", ext);
	return buf_detach(&b);
}

/* ---- rendering ---------------------------------------------------------- */

/* Four hex digits at p into *v. */
static bool hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int k = 0; k < 4; k++) {
		char c = p[k];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return false;
		*v = *v * 16 + (unsigned)d;
	}
	return true;
}

/* The strings of a stored JSON array of strings (as the archive writes
 * them), appended to l. */
static void json_strings(const char *json, struct strlist *l)
{
	const char *p = json ? strchr(json, '[') : NULL;
	if (!p)
		return;
	p++;
	for (;;) {
		while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		if (*p != '"')
			return;
		p++;
		struct buf s = BUF_INIT;
		while (*p && *p != '"') {
			if (*p != '\\') {
				buf_addc(&s, *p++);
				continue;
			}
			p++;
			switch (*p) {
			case 'n': buf_addc(&s, '\n'); break;
			case 't': buf_addc(&s, '\t'); break;
			case 'r': buf_addc(&s, '\r'); break;
			case 'b': buf_addc(&s, '\b'); break;
			case 'f': buf_addc(&s, '\f'); break;
			case 'u': {
				unsigned cp = 0, lo = 0;
				if (!hex4(p + 1, &cp))
					break;
				p += 4;
				if (cp >= 0xD800 && cp <= 0xDBFF && p[1] == '\\' && p[2] == 'u' &&
				    hex4(p + 3, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					p += 6;
				}
				if (cp && !(cp >= 0xD800 && cp <= 0xDFFF)) {
					char u[4];
					buf_add(&s, u, (size_t)utf8_encode(cp, u));
				}
				break;
			}
			case '\0': p--; break;
			default: buf_addc(&s, *p); break; /* " \ / */
			}
			p++;
		}
		if (*p == '"')
			p++;
		strlist_add(l, s.data);
		buf_release(&s);
	}
}

/* s as a YAML double-quoted scalar: every character that YAML would read
 * differently, or not at all, escaped. */
static void yaml_quoted(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;
	buf_addc(b, '"');
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(p + i, len - i, &cp);
		if (n < 0) {
			buf_adds(b, "\\uFFFD");
			i++;
			continue;
		}
		if (cp == '"')
			buf_adds(b, "\\\"");
		else if (cp == '\\')
			buf_adds(b, "\\\\");
		else if (cp == '\n')
			buf_adds(b, "\\n");
		else if (cp == '\t')
			buf_adds(b, "\\t");
		else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 ||
			 cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF)
			buf_addf(b, "\\u%04X", (unsigned)cp);
		else
			buf_add(b, p + i, (size_t)n);
		i += (size_t)n;
	}
	buf_addc(b, '"');
}

static void yaml_field(struct buf *b, const char *key, const char *value)
{
	if (!value)
		return;
	buf_addf(b, "%s: ", key);
	yaml_quoted(b, value);
	buf_addc(b, '\n');
}

static void yaml_list(struct buf *b, const char *key, const char *json)
{
	struct strlist l = { 0 };
	json_strings(json, &l);
	if (l.n) {
		buf_addf(b, "%s: [", key);
		for (size_t i = 0; i < l.n; i++) {
			if (i)
				buf_adds(b, ", ");
			yaml_quoted(b, l.items[i]);
		}
		buf_adds(b, "]\n");
	}
	strlist_release(&l);
}

/* Front matter the Markdown reader takes back to the same fields: every
 * value double-quoted, lists in flow style, `id` only when the article's
 * identity is an explicit one (else the URL or date, first author and
 * title make the same identity again). */
static void render_markdown(struct buf *b, const struct record *r)
{
	buf_adds(b, "---\n");
	yaml_field(b, "kicker", r->kicker);
	yaml_field(b, "title", r->title ? r->title : "");
	yaml_field(b, "subtitle", r->subtitle);
	yaml_field(b, "date", r->published && *r->published ? r->published : NULL);
	yaml_list(b, "authors", r->authors);
	yaml_list(b, "contributors", r->contributors);
	yaml_field(b, "editor", r->editor);
	yaml_field(b, "source", r->source);
	yaml_field(b, "section", r->section);
	yaml_field(b, "page", r->page);
	yaml_field(b, "url", r->url);
	yaml_field(b, "correction", r->correction);
	yaml_list(b, "tags", r->tags);
	if (r->identity && !strncmp(r->identity, "id:", 3))
		yaml_field(b, "id", r->identity + 3);
	buf_adds(b, "---\n\n");
	if (r->body)
		buf_adds(b, r->body);
}

/* One header line of the text format; line breaks in the value become
 * spaces so that the header stays one line per field. */
static void txt_field(struct buf *b, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	buf_adds(b, label);
	buf_adds(b, "：");
	for (const char *p = value; *p; p++)
		buf_addc(b, (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p);
	buf_addc(b, '\n');
}

static char *joined(const char *json)
{
	struct strlist l = { 0 };
	struct buf b = BUF_INIT;
	json_strings(json, &l);
	for (size_t i = 0; i < l.n; i++) {
		if (i)
			buf_adds(&b, "、");
		buf_adds(&b, l.items[i]);
	}
	strlist_release(&l);
	return buf_detach(&b);
}

static void render_txt(struct buf *b, const struct record *r)
{
	char *authors = joined(r->authors), *contributors = joined(r->contributors),
	     *tags = joined(r->tags), *number = xasprintf("%lld（第%d版）", r->id, r->revision);
	txt_field(b, "引题", r->kicker);
	txt_field(b, "标题", r->title);
	txt_field(b, "副标题", r->subtitle);
	txt_field(b, "作者", authors);
	txt_field(b, "通讯员", contributors);
	txt_field(b, "编辑", r->editor);
	txt_field(b, "来源", r->source);
	txt_field(b, "栏目", r->section);
	txt_field(b, "版面", r->page);
	txt_field(b, "发布时间", r->published);
	txt_field(b, "网址", r->url);
	txt_field(b, "纠错", r->correction);
	txt_field(b, "标签", tags);
	txt_field(b, "档案编号", number);
	buf_addc(b, '\n');
	char *plain = markup_plain(r->body ? r->body : "", r->body ? strlen(r->body) : 0);
	buf_adds(b, plain);
	if (b->len && b->data[b->len - 1] != '\n')
		buf_addc(b, '\n');
	free(plain);
	free(authors);
	free(contributors);
	free(tags);
	free(number);
}

static const char *const csv_keys[] = {
	"id",	      "title", "subtitle", "kicker", "authors",  "contributors", "editor",   "source",
	"section",    "page", "published", "date_source", "url",  "correction", "tags",	   "body",	   "chars",
	"sha256",     "encoding", "converter", "encoding_evidence", "encoding_confidence",
	"plausibility", "language", "suspect", "format", "filename", "ingested", "revision", "lossy",
	"deleted",
};

static void csv_field(struct buf *b, const char *s, bool last)
{
	if (s && s[strcspn(s, ",\"\r\n")]) {
		buf_addc(b, '"');
		for (const char *p = s; *p; p++) {
			if (*p == '"')
				buf_addc(b, '"');
			buf_addc(b, *p);
		}
		buf_addc(b, '"');
	} else if (s) {
		buf_adds(b, s);
	}
	buf_adds(b, last ? "\r\n" : ",");
}

void export_csv_header(struct buf *b)
{
	for (size_t i = 0; i < ARRAY_SIZE(csv_keys); i++)
		csv_field(b, csv_keys[i], i + 1 == ARRAY_SIZE(csv_keys));
}

static void render_csv(struct buf *b, const struct record *r)
{
	char id[24], chars[24], revision[16], confidence[16] = "", plausibility[16] = "";
	snprintf(id, sizeof(id), "%lld", r->id);
	if (r->confidence >= 0)
		snprintf(confidence, sizeof(confidence), "%.2f", r->confidence);
	if (r->plausibility >= 0)
		snprintf(plausibility, sizeof(plausibility), "%.2f", r->plausibility);
	snprintf(chars, sizeof(chars), "%lld", r->chars);
	snprintf(revision, sizeof(revision), "%d", r->revision);
	const char *array = "[]";
	const char *v[] = {
		id,
		r->title,
		r->subtitle,
		r->kicker,
		r->authors && *r->authors ? r->authors : array,
		r->contributors && *r->contributors ? r->contributors : array,
		r->editor,
		r->source,
		r->section,
		r->page,
		r->published,
		r->date_source && *r->date_source ? r->date_source : NULL,
		r->url,
		r->correction,
		r->tags && *r->tags ? r->tags : array,
		r->body,
		chars,
		r->sha256,
		r->encoding,
		r->converter,
		r->evidence,
		confidence,
		plausibility,
		r->language,
		r->suspect ? "true" : "false",
		r->format,
		r->filename,
		r->ingested,
		revision,
		r->lossy ? "true" : "false",
		NULL, /* filled below */
	};
	struct buf deleted = BUF_INIT;
	if (r->deleted || r->purged) {
		record_json_deleted(&deleted, r);
		v[ARRAY_SIZE(v) - 1] = deleted.data;
	}
	_Static_assert(ARRAY_SIZE(v) == ARRAY_SIZE(csv_keys), "a value for every CSV column");
	for (size_t i = 0; i < ARRAY_SIZE(v); i++)
		csv_field(b, v[i], i + 1 == ARRAY_SIZE(v));
	buf_release(&deleted);
}

void export_render(struct buf *b, enum export_format f, const struct record *r)
{
	switch (f) {
	case EXPORT_JSONL:
		record_json(b, r, false);
		buf_addc(b, '\n');
		break;
	case EXPORT_CSV: render_csv(b, r); break;
	case EXPORT_MARKDOWN: render_markdown(b, r); break;
	case EXPORT_TXT: render_txt(b, r); break;
	case EXPORT_PDF: break; /* laid out by edition_make() */
	}
}

/* ---- selection ---------------------------------------------------------- */

/* ---- files -------------------------------------------------------------- */

/* A new empty temporary file beside path, readable as any new file is;
 * *fd receives it open for writing.  Caller frees the name and removes the
 * file with temp_remove() unless it went into place. */
static char *temp_beside(const char *path, int *fd, struct ferr *e)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	char *dir = !slash ? xstrdup(".") : slash == path ? xstrdup("/")
							    : xstrndup(path, (size_t)(slash - path));
	char *tmp;
	*fd = temp_file(dir, base, &tmp, e);
	free(dir);
	return *fd < 0 ? NULL : tmp;
}

static int exists_error(struct ferr *e)
{
	return ferr_set(e, FOLIO_EIO, "already exists (--force replaces it)");
}

/* Move the finished temporary file tmp to path: replacing what is there
 * with force, else only if nothing is (a hard link fails on an existing
 * name, so no check-then-rename race).  tmp is gone afterwards. */
static int put_in_place(const char *tmp, const char *path, bool force, struct ferr *e)
{
	int err = 0;
	if (force) {
		if (rename(tmp, path))
			err = ferr_set(e, FOLIO_EIO, "cannot replace it: %s", strerror(errno));
	} else if (link(tmp, path) == 0) {
		;
	} else if (errno == EEXIST) {
		err = exists_error(e);
	} else {
		/* A file system without hard links. */
		struct stat st;
		if (lstat(path, &st) == 0)
			err = exists_error(e);
		else if (rename(tmp, path))
			err = ferr_set(e, FOLIO_EIO, "cannot create it: %s", strerror(errno));
	}
	temp_remove(tmp);
	return err;
}

/* Write a whole file through a temporary file and a rename. */
static int write_file_atomically(const char *path, const struct buf *data, bool force,
				 struct ferr *e)
{
	int fd, err;
	char *tmp = temp_beside(path, &fd, e);
	if (!tmp)
		return FOLIO_EIO;
	err = write_fd_all(fd, data->data, data->len) != 0
		      ? ferr_set(e, FOLIO_EIO, "cannot write it: %s", strerror(errno))
		      : 0;
	if (!err && fsync(fd))
		err = ferr_set(e, FOLIO_EIO, "cannot write it: %s", strerror(errno));
	if (close(fd) && !err)
		err = ferr_set(e, FOLIO_EIO, "cannot write it: %s", strerror(errno));
	if (!err)
		err = put_in_place(tmp, path, force, e);
	else
		temp_remove(tmp);
	free(tmp);
	return err;
}

/* ---- encodings ---------------------------------------------------------- */

/* Whether bytes decode (as folio's ingest would: detected, or as forced)
 * to exactly text; else *bad_cp gets the first character that does not. */
static bool reads_back(const struct buf *bytes, const char *forced, const struct buf *text,
		       uint32_t *bad_cp)
{
	struct buf back = BUF_INIT;
	struct decoded how;
	struct decode_options opt = { forced, false, false };
	bool same = decode_to_utf8((const unsigned char *)bytes->data, bytes->len, &opt, &back, &how,
				   NULL) == 0 &&
		    back.len == text->len && !memcmp(back.data, text->data, text->len);
	if (!same) {
		size_t i = 0;
		while (i < text->len && i < back.len && text->data[i] == back.data[i])
			i++;
		while (i > 0 && ((unsigned char)text->data[i] & 0xC0) == 0x80)
			i--;
		*bad_cp = 0;
		if (i < text->len)
			utf8_decode((const unsigned char *)text->data + i, text->len - i, bad_cp);
	}
	buf_release(&back);
	return same;
}

/* text (UTF-8) in the output encoding into out, with a BOM when asked.
 * GB18030 is checked to decode back to the same text; a whole file that
 * folio would read in this encoding only with a BOM gets one. */
static int encode_text(const struct buf *text, bool gb18030, bool bom, bool whole_file,
		       struct buf *out, struct ferr *e)
{
	buf_reset(out);
	if (!gb18030) {
		if (bom)
			buf_adds(out, UTF8_BOM);
		buf_add(out, text->data, text->len);
		return 0;
	}
	struct buf enc = BUF_INIT;
	uint32_t bad = 0;
	int err = encode_from_utf8(text->data, text->len, "GB18030", false, &enc, e);
	if (err)
		goto done;
	if (whole_file) {
		if (bom || !reads_back(&enc, NULL, text, &bad))
			buf_add(out, GB18030_BOM, 4);
		buf_add(out, enc.data, enc.len);
		if (!reads_back(out, NULL, text, &bad))
			err = ferr_set(e, FOLIO_EINPUT,
				       "U+%04X does not come back from GB18030 as itself; export in UTF-8",
				       (unsigned)bad);
	} else {
		if (bom)
			buf_add(out, GB18030_BOM, 4);
		buf_add(out, enc.data, enc.len);
		if (!reads_back(&enc, "GB18030", text, &bad))
			err = ferr_set(e, FOLIO_EINPUT,
				       "U+%04X does not come back from GB18030 as itself; export in UTF-8",
				       (unsigned)bad);
	}
done:
	buf_release(&enc);
	return err;
}

/* ---- the exporter ------------------------------------------------------- */

struct exporter {
	struct archive *a;
	struct export_options opt;
	bool gb18030;
	char *tmp;      /* one file: the temporary file being written */
	FILE *fp;       /* one file: tmp or stdout */
	bool to_stdout;
	bool first;     /* nothing written to the one file yet */
	size_t count;
	struct buf text, bytes;
	struct hyphenator *hyph; /* for PDFs: loaded with the first, shared */
	bool hyph_tried;
};

void export_item_release(struct export_item *it)
{
	free(it->path);
	it->path = NULL;
	it->nmissing = 0;
}

int export_options_check(const struct export_options *opt, struct ferr *e)
{
	const char *enc = opt->encoding ? encoding_canonical(opt->encoding) : "UTF-8";
	enum export_format f = opt->format;
	if (!enc || (strcmp(enc, "UTF-8") && strcmp(enc, "GB18030")))
		return ferr_set(e, FOLIO_EUSAGE, "cannot export in '%s' (utf-8 or gb18030)",
				opt->encoding);
	if (f == EXPORT_PDF && strcmp(enc, "UTF-8"))
		return ferr_set(e, FOLIO_EUSAGE, "a PDF has no text encoding to choose");
	if (opt->pdfa && f != EXPORT_PDF)
		return ferr_set(e, FOLIO_EUSAGE, "--pdfa is for --format pdf");
	if (opt->pdfa && display_pdfa_by_name(opt->pdfa) < 0)
		return ferr_set(e, FOLIO_EUSAGE, "--pdfa wants 2u, 3u or none, not '%s'", opt->pdfa);
	if (opt->bom && (f == EXPORT_PDF || f == EXPORT_JSONL))
		return ferr_set(e, FOLIO_EUSAGE, "--bom is for csv, markdown and txt");
	if (!opt->output || !*opt->output)
		return ferr_set(e, FOLIO_EUSAGE, "no output: give -o %s",
				export_format_per_article(f) ? "DIR" : "FILE (or - for standard output)");
	if (export_format_per_article(f) && !strcmp(opt->output, "-"))
		return ferr_set(e, FOLIO_EUSAGE, "%s writes a file per article: give -o DIR",
				export_format_name(f));
	return 0;
}

int exporter_open(struct archive *a, const struct export_options *opt, struct exporter **out,
		  struct ferr *e)
{
	enum export_format f = opt->format;
	int err;
	*out = NULL;
	if ((err = export_options_check(opt, e)))
		return err;

	struct exporter *x = xcalloc(1, sizeof(*x));
	x->a = a;
	x->opt = *opt;
	x->gb18030 = opt->encoding && !strcmp(encoding_canonical(opt->encoding), "GB18030");
	x->first = true;
	buf_init(&x->text);
	buf_init(&x->bytes);
	struct stat st;
	if (export_format_per_article(f)) {
		err = make_dirs(opt->output, e);
	} else if (!strcmp(opt->output, "-")) {
		x->to_stdout = true;
		x->fp = stdout;
	} else if (stat(opt->output, &st) == 0 && S_ISDIR(st.st_mode)) {
		err = ferr_set(e, FOLIO_EIO, "is a directory (%s writes one file)",
			       export_format_name(f));
	} else if (!opt->force && lstat(opt->output, &st) == 0) {
		err = exists_error(e);
	} else {
		int fd;
		if (!(x->tmp = temp_beside(opt->output, &fd, e)))
			err = FOLIO_EIO;
		else if (!(x->fp = fdopen(fd, "wb"))) {
			err = ferr_set(e, FOLIO_EIO, "%s: %s", x->tmp, strerror(errno));
			close(fd);
		}
	}
	if (err) {
		exporter_free(x);
		return err;
	}
	*out = x;
	return 0;
}

/* Append to the one file; FOLIO_EIO when it cannot be written. */
static int put(struct exporter *x, const struct buf *b, struct ferr *e)
{
	if (b->len && fwrite(b->data, 1, b->len, x->fp) != b->len)
		return ferr_set(e, FOLIO_EIO, "cannot write it: %s", strerror(errno));
	return 0;
}

/* The record's body with each reference to an image the archive keeps
 * pointed at images/SHA256.EXT (beside the exported files); NULL when
 * nothing changes.  Caller frees. */
static char *body_with_image_files(const char *body, const struct archive_image_row *v, size_t n)
{
	if (!body)
		return NULL;
	char *cur = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!v[i].sha256 || v[i].purged)
			continue;
		const char *src = cur ? cur : body;
		char *needle = xasprintf("](%s", v[i].ref);
		char *to = xasprintf("](images/%s.%s", v[i].sha256,
				     image_extension(v[i].media_type));
		struct buf b = BUF_INIT;
		const char *p = src, *hit;
		bool any = false;
		size_t nl = strlen(needle);
		while ((hit = strstr(p, needle))) {
			char after = hit[nl];
			buf_add(&b, p, (size_t)(hit - p));
			if (after == ')' || after == ' ' || after == '\t') {
				buf_adds(&b, to);
				any = true;
			} else {
				buf_add(&b, hit, nl);
			}
			p = hit + nl;
		}
		buf_adds(&b, p);
		free(needle);
		free(to);
		if (any) {
			free(cur);
			cur = buf_detach(&b);
		} else {
			buf_release(&b);
		}
	}
	return cur;
}

/* Per-article exports: the images of the article into DIR/images, each
 * once, named by their SHA-256. */
static int copy_images(struct exporter *x, const struct archive_image_row *v, size_t n,
		       struct ferr *e)
{
	int err = 0;
	for (size_t i = 0; i < n && !err; i++) {
		if (!v[i].sha256 || v[i].purged)
			continue;
		char *dir = xasprintf("%s/images", x->opt.output);
		char *path = xasprintf("%s/%s.%s", dir, v[i].sha256,
				       image_extension(v[i].media_type));
		struct stat st;
		if (stat(path, &st) != 0 || st.st_size != v[i].size) {
			struct buf bytes = BUF_INIT;
			if (!(err = make_dirs(dir, e)) && !(err = archive_image_data(x->a, v[i].sha256, &bytes, e)))
				err = write_file_atomically(path, &bytes, true, e);
			buf_release(&bytes);
		}
		free(dir);
		free(path);
	}
	return err;
}

static int add_to_one_file(struct exporter *x, const struct record *r, struct ferr *e)
{
	int err;
	if (x->first) {
		/* The BOM and the CSV header open the file. */
		buf_reset(&x->text);
		if (x->opt.format == EXPORT_CSV)
			export_csv_header(&x->text);
		if ((err = encode_text(&x->text, x->gb18030, x->opt.bom, false, &x->bytes, e)) ||
		    (err = put(x, &x->bytes, e)))
			return err;
		x->first = false;
	}
	buf_reset(&x->text);
	export_render(&x->text, x->opt.format, r);
	if (x->opt.format == EXPORT_JSONL) {
		/* the images as show --json lists them */
		struct archive_image_row *rows = NULL;
		size_t nrows = 0;
		if ((err = archive_images(x->a, r->id, 0, &rows, &nrows, e)))
			return err;
		bool nl = x->text.len && x->text.data[x->text.len - 1] == '\n';
		if (nl)
			x->text.data[--x->text.len] = '\0';
		record_json_add_images(&x->text, rows, nrows);
		if (nl)
			buf_addc(&x->text, '\n');
		archive_image_rows_free(rows, nrows);
	}
	if ((err = encode_text(&x->text, x->gb18030, false, false, &x->bytes, e)))
		return err;
	return put(x, &x->bytes, e);
}

static int add_pdf(struct exporter *x, const struct record *r, const char *path,
		   struct export_item *item, struct ferr *e)
{
	int fd;
	char *tmp = temp_beside(path, &fd, e);
	if (!tmp)
		return FOLIO_EIO;
	close(fd);
	long long id = r->id;
	struct edition_request rq = { 0 };
	struct edition_outcome out;
	rq.q.ids = &id;
	rq.q.nids = 1;
	rq.layout = "article";
	rq.output = tmp;
	rq.data_dir = x->opt.data_dir ? x->opt.data_dir : ".";
	rq.record = false;
	rq.pdfa = x->opt.pdfa;
	if (!x->hyph_tried) {
		struct ferr he = FERR_INIT;
		x->hyph = edition_hyphenator(&he);
		x->hyph_tried = true;
	}
	rq.hyph = x->hyph;
	int err = edition_make(x->a, &rq, &out, e);
	for (size_t i = 0; i < out.nmissing && item->nmissing < ARRAY_SIZE(item->missing); i++)
		item->missing[item->nmissing++] = out.missing[i];
	if (!err)
		err = put_in_place(tmp, path, x->opt.force, e);
	else
		temp_remove(tmp);
	free(tmp);
	return err;
}

int exporter_add(struct exporter *x, const struct record *r, struct export_item *item,
		 struct ferr *e)
{
	enum export_format f = x->opt.format;
	int err;
	memset(item, 0, sizeof(*item));
	if (!export_format_per_article(f)) {
		if (!(err = add_to_one_file(x, r, e)))
			x->count++;
		return err;
	}
	char *name = export_file_name(r->published, r->id, r->title, formats[f].ext);
	size_t dir = strlen(x->opt.output);
	while (dir > 1 && x->opt.output[dir - 1] == '/')
		dir--;
	item->path = xasprintf("%.*s/%s", (int)dir, x->opt.output, name);
	free(name);
	struct stat st;
	if (!x->opt.force && lstat(item->path, &st) == 0)
		return exists_error(e);
	if (f == EXPORT_PDF) {
		err = add_pdf(x, r, item->path, item, e);
	} else {
		struct archive_image_row *rows = NULL;
		size_t nrows = 0;
		if ((err = archive_images(x->a, r->id, 0, &rows, &nrows, e)) ||
		    (err = copy_images(x, rows, nrows, e))) {
			archive_image_rows_free(rows, nrows);
			return err;
		}
		struct record rr = *r;
		char *body = f == EXPORT_MARKDOWN ? body_with_image_files(r->body, rows, nrows) : NULL;
		if (body)
			rr.body = body;
		archive_image_rows_free(rows, nrows);
		buf_reset(&x->text);
		export_render(&x->text, f, &rr);
		free(body);
		err = encode_text(&x->text, x->gb18030, x->opt.bom, true, &x->bytes, e);
		if (!err)
			err = write_file_atomically(item->path, &x->bytes, x->opt.force, e);
	}
	if (!err)
		x->count++;
	return err;
}

int exporter_finish(struct exporter *x, size_t *count, struct ferr *e)
{
	int err = 0;
	*count = x->count;
	if (export_format_per_article(x->opt.format)) {
		/* Make the new names durable. */
		int fd = open(x->opt.output, O_RDONLY);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
		return 0;
	}
	if (fflush(x->fp) || ferror(x->fp) || (!x->to_stdout && fsync(fileno(x->fp))))
		err = ferr_set(e, FOLIO_EIO, "cannot write it: %s", strerror(errno));
	if (!x->to_stdout) {
		if (fclose(x->fp) && !err)
			err = ferr_set(e, FOLIO_EIO, "cannot write it: %s", strerror(errno));
		x->fp = NULL;
		if (!err) {
			err = put_in_place(x->tmp, x->opt.output, x->opt.force, e);
		} else {
			temp_remove(x->tmp);
		}
		free(x->tmp);
		x->tmp = NULL;
	}
	return err;
}

void exporter_free(struct exporter *x)
{
	if (!x)
		return;
	if (x->fp && !x->to_stdout)
		fclose(x->fp);
	if (x->tmp) {
		temp_remove(x->tmp);
		free(x->tmp);
	}
	buf_release(&x->text);
	buf_release(&x->bytes);
	hyphenator_close(x->hyph);
	free(x);
}
