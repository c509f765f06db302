/* snapshot.c - retention snapshots as BagIt bags (RFC 8493): writing one from the archive, verifying one alone. */
#define _DEFAULT_SOURCE /* realpath */
#include "snapshot.h"
#include "sign.h"
#include "tempfile.h"
#include "buf.h"
#include "edition.h"
#include "hash.h"
#include "layout/image.h"
#include "layout/layout.h"
#include "pdfread.h"
#include "recordjson.h"
#include "utf8.h"
#include "version.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define BAGIT_TXT "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
#define SAFE_NAME_MAX 120

/* ---- names, sizes, dates ------------------------------------------------------------ */

static bool ascii_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '_' || c == '+';
}

/* Code points that are invisible, spaces or line breaks: not in a name. */
static bool unsafe_code_point(uint32_t cp)
{
	return cp <= 0xA0 || cp == 0x3000 || cp == 0xFEFF || cp == 0xFFFD ||
	       (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
	       (cp >= 0x205F && cp <= 0x206F) || (cp >= 0xFFF0 && cp <= 0xFFFF);
}

char *snapshot_safe_name(const char *filename)
{
	const char *base = filename ? filename : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	struct buf b = BUF_INIT;
	const unsigned char *s = (const unsigned char *)base;
	size_t len = strlen(base), i = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(s + i, len - i, &cp);
		if (n == 1) {
			buf_addc(&b, ascii_safe(s[i]) ? (char)s[i] : '_');
		} else if (n < 0 || unsafe_code_point(cp)) {
			buf_addc(&b, '_');
			n = n < 0 ? 1 : n;
		} else {
			buf_add(&b, s + i, (size_t)n);
		}
		i += (size_t)n;
	}
	if (!b.len)
		buf_adds(&b, "original");
	if (b.data[0] == '.')
		b.data[0] = '_';
	if (b.len > SAFE_NAME_MAX) {
		/* Keep a short extension; cut the stem at a character boundary. */
		char *dot = strrchr(b.data, '.');
		size_t ext = dot && dot != b.data && strlen(dot) <= 16 ? strlen(dot) : 0;
		size_t stem = SAFE_NAME_MAX - ext;
		while (stem > 0 && ((unsigned char)b.data[stem] & 0xC0) == 0x80)
			stem--;
		memmove(b.data + stem, b.data + b.len - ext, ext);
		buf_truncate(&b, stem + ext);
	}
	return buf_detach(&b);
}

void snapshot_size_text(unsigned long long bytes, char out[32])
{
	static const char *const units[] = { "kB", "MB", "GB", "TB", "PB", "EB" };
	if (bytes < 1000) {
		snprintf(out, 32, "%llu byte%s", bytes, bytes == 1 ? "" : "s");
		return;
	}
	double v = (double)bytes / 1000;
	size_t u = 0;
	while (v >= 1000 && u + 1 < ARRAY_SIZE(units)) {
		v /= 1000;
		u++;
	}
	snprintf(out, 32, v < 99.95 ? "%.1f %s" : "%.0f %s", v, units[u]);
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

void snapshot_add_years(const char *date, int years, char out[11])
{
	int y = 1970, m = 1, d = 1;
	if (sscanf(date, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		y = 1970, m = 1, d = 1;
	y = y + years < 0 ? 0 : y + years > 9999 ? 9999 : y + years;
	if (m == 2 && d == 29 && !leap_year(y))
		d = 28;
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u);
}

/* ---- files ------------------------------------------------------------------------ */

static int write_whole(const char *path, const void *data, size_t len, struct ferr *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	if (fd < 0)
		return ferr_set(e, FOLIO_EIO, "%s: %s", path, strerror(errno));
	if (write_fd_all(fd, data, len) != 0) {
		int err = ferr_set(e, FOLIO_EIO, "%s: %s", path, strerror(errno));
		close(fd);
		return err;
	}
	if (fsync(fd) != 0 || close(fd) != 0)
		return ferr_set(e, FOLIO_EIO, "%s: %s", path, strerror(errno));
	return 0;
}

static void sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Remove a directory tree this module made (lstat: links are not followed). */
enum { ALG_SHA256, ALG_SHA512, NALG };
static const char *const alg_names[NALG] = { "sha256", "sha512" };
static const size_t alg_hex_len[NALG] = { SHA256_HEX_LEN, SHA512_HEX_LEN };

static int alg_from_name(const char *name, size_t len)
{
	for (int i = 0; i < NALG; i++)
		if (strlen(alg_names[i]) == len && !memcmp(alg_names[i], name, len))
			return i;
	return -1;
}

struct progress {
	snapshot_progress_fn fn;
	void *ctx;
	const char *step;
	unsigned long long done, total;
	bool stopped;
};

static bool tick(struct progress *p)
{
	if (p->fn && !p->stopped && p->fn(p->ctx, p->step, p->done, p->total))
		p->stopped = true;
	return p->stopped;
}

/* Hash the file at path with the algorithms in want[] into sums[] (each
 * SHA512_HEX_LEN + 1 bytes), its size into *size; with sync, fsync it too. */
static int hash_file(const char *path, const bool want[NALG], char sums[NALG][SHA512_HEX_LEN + 1],
		     unsigned long long *size, bool sync, struct progress *pr, struct ferr *e)
{
	/* Never through a link, never blocked on a FIFO: only regular files
	 * are hashed (a bag's files are checked the same way). */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
	struct stat st;
	if (fd < 0)
		return ferr_set(e, FOLIO_EIO, "%s: %s", path,
				errno == ELOOP ? "a symbolic link" : strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ferr_set(e, FOLIO_EIO, "%s: not a regular file", path);
	}
	struct sha256_ctx_folio *h256 = want[ALG_SHA256] ? sha256_begin() : NULL;
	struct sha512_ctx_folio *h512 = want[ALG_SHA512] ? sha512_begin() : NULL;
	static unsigned char chunk[1 << 16];
	int err = 0;
	*size = 0;
	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			err = ferr_set(e, FOLIO_EIO, "%s: %s", path, strerror(errno));
			break;
		}
		if (r == 0)
			break;
		if (h256)
			sha256_add(h256, chunk, (size_t)r);
		if (h512)
			sha512_add(h512, chunk, (size_t)r);
		*size += (unsigned long long)r;
		pr->done += (unsigned long long)r;
		if (tick(pr)) {
			err = ferr_set(e, FOLIO_EINPUT, "interrupted");
			break;
		}
	}
	if (!err && sync && fsync(fd) != 0)
		err = ferr_set(e, FOLIO_EIO, "%s: %s", path, strerror(errno));
	close(fd);
	char scratch[SHA512_HEX_LEN + 1];
	if (h256)
		sha256_end(h256, err ? scratch : sums[ALG_SHA256]);
	if (h512)
		sha512_end(h512, err ? scratch : sums[ALG_SHA512]);
	return err;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- writing a bag ----------------------------------------------------------------- */

struct pathlist {
	char **v;
	size_t n, cap;
};

static void pathlist_add(struct pathlist *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = s;
}

static void pathlist_release(struct pathlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* A bag-info value on one line: control characters become spaces. */
static void add_info(struct buf *b, const char *label, const char *value)
{
	buf_addf(b, "%s: ", label);
	for (const char *p = value ? value : ""; *p; p++)
		buf_addc(b, ((unsigned char)*p < 0x20 || *p == 0x7F) ? ' ' : *p);
	buf_rtrim(b);
	buf_addc(b, '\n');
}

/* One article as it goes into the bag. */
struct bag_article {
	long long id;
	int revision;
	char *title, *published;
};

struct holds_in_force {
	const long long *ids; /* sorted */
	size_t n;
	struct buf lines; /* "hold 3: reason\n" ... */
	size_t count;
};

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

static void collect_hold(void *ctx, const struct hold_info *h)
{
	struct holds_in_force *hf = ctx;
	if (h->released || !h->article_ids)
		return;
	for (const char *p = h->article_ids; *p;) {
		char *end;
		long long id = strtoll(p, &end, 10);
		if (end == p)
			break;
		if (bsearch(&id, hf->ids, hf->n, sizeof(*hf->ids), cmp_ll)) {
			buf_addf(&hf->lines, "hold %lld: %s\n", h->id, h->reason ? h->reason : "");
			hf->count++;
			return;
		}
		p = *end ? end + 1 : end;
	}
}

struct revision_list {
	int *revs;
	char **names;
	size_t n;
};

static int collect_revision(void *ctx, const struct record *r)
{
	struct revision_list *l = ctx;
	l->revs = xgrow(l->revs, l->n, sizeof(*l->revs));
	l->names = xgrow(l->names, l->n, sizeof(*l->names));
	l->revs[l->n] = r->revision;
	l->names[l->n] = xstrdup(r->filename ? r->filename : "");
	l->n++;
	return 0;
}

struct bag_build {
	const struct snapshot_request *rq;
	struct snapshot_outcome *out;
	char *tmp;                /* the temporary bag directory */
	struct pathlist payload;   /* paths relative to the bag, "data/..." */
	struct bag_article *arts;
	size_t narts;
	struct buf purged;        /* README lines for originals left out */
	struct buf deleted;       /* README lines for the tombstones */
	struct buf deleted_info;  /* the Folio-Deleted value */
	struct progress pr;
	struct hyphenator *hyph;  /* shared by the PDFs, or NULL */
};

/* Lay out articles ids[0..n) with the layout into rel (a path in the bag,
 * which the payload list takes over, or frees on failure). */
static int write_pdf(struct bag_build *bb, struct archive *w, const long long *ids, size_t n,
		     const char *layout, char *rel, const struct display_attachment *att,
		     size_t natt, struct ferr *e)
{
	struct edition_request er = { 0 };
	struct edition_outcome eo;
	char *path = xasprintf("%s/%s", bb->tmp, rel);
	er.q.ids = ids;
	er.q.nids = n;
	er.layout = layout;
	er.output = path;
	er.data_dir = bb->rq->data_dir;
	er.hyph = bb->hyph;
	/* An article's PDF carries its evidence (PDF/A-3u); the edition is
	 * PDF/A-2u, as editions are. */
	er.pdfa = natt ? "3u" : NULL;
	er.attachments = att;
	er.nattachments = natt;
	int err = edition_make(w, &er, &eo, e);
	free(path);
	if (err)
		free(rel);
	else
		pathlist_add(&bb->payload, rel);
	return err;
}

/* Write one original of article id at revision rev (0: current); its bytes
 * are left in *keep when keep is given (empty when purged). */
static int write_original(struct bag_build *bb, struct archive *w, long long id, int rev,
			  int shown_rev, const char *filename, struct buf *keep, struct ferr *e)
{
	struct buf bytes = BUF_INIT;
	int err = archive_original(w, id, rev, &bytes, e);
	if (err == FOLIO_ENOTFOUND) {
		/* Purged: its bytes are gone for good; its SHA-256 stays in the archive copy. */
		buf_addf(&bb->purged, "- %lld r%d %s\n", id, shown_rev, filename);
		bb->out->purged++;
		buf_release(&bytes);
		return 0;
	}
	if (!err) {
		char *safe = snapshot_safe_name(filename);
		char *rel = xasprintf("data/originals/%lld-r%d-%s", id, shown_rev, safe);
		char *path = xasprintf("%s/%s", bb->tmp, rel);
		free(safe);
		if (!(err = write_whole(path, bytes.data, bytes.len, e))) {
			pathlist_add(&bb->payload, rel);
			bb->out->originals++;
		} else {
			free(rel);
		}
		free(path);
	}
	if (keep && !err) {
		*keep = bytes;
		return 0;
	}
	buf_release(&bytes);
	return err;
}

/* The media type of an original, from the format it was read as. */
static const char *original_mime(const char *format)
{
	if (format && !strcmp(format, "markdown"))
		return "text/markdown";
	if (format && !strcmp(format, "html"))
		return "text/html";
	if (format && *format)
		return "text/plain";
	return "application/octet-stream";
}

/* The images of article id's current original, each written once to
 * data/images/SHA256.EXT (the manifest lists a photo ten articles show
 * once), and listed under "images" in its record json. */
static int write_images(struct bag_build *bb, struct archive *w, long long id, struct buf *json,
			struct ferr *e)
{
	struct archive_image_row *rows = NULL;
	size_t n = 0;
	int err = archive_images(w, id, 0, &rows, &n, e);
	for (size_t i = 0; i < n && !err; i++) {
		if (!rows[i].sha256 || rows[i].purged)
			continue;
		char *rel = xasprintf("data/images/%s.%s", rows[i].sha256,
				      image_extension(rows[i].media_type));
		bool have = false;
		for (size_t k = 0; k < bb->payload.n && !have; k++)
			have = !strcmp(bb->payload.v[k], rel);
		if (have) {
			free(rel);
			continue;
		}
		struct buf bytes = BUF_INIT;
		char *path = xasprintf("%s/%s", bb->tmp, rel);
		char *dir = xasprintf("%s/data/images", bb->tmp);
		if (mkdir(dir, 0755) < 0 && errno != EEXIST)
			err = ferr_set(e, FOLIO_EIO, "%s: %s", dir, strerror(errno));
		free(dir);
		if (!err && !(err = archive_image_data(w, rows[i].sha256, &bytes, e)) &&
		    !(err = write_whole(path, bytes.data, bytes.len, e))) {
			pathlist_add(&bb->payload, rel);
			bb->out->images++;
			rel = NULL;
		}
		free(rel);
		free(path);
		buf_release(&bytes);
	}
	if (!err)
		record_json_add_images(json, rows, n);
	archive_image_rows_free(rows, n);
	return err;
}

static int write_article(struct bag_build *bb, struct archive *w, long long id, size_t k,
			 struct ferr *e)
{
	struct record r;
	struct revision_list revs = { 0 };
	struct buf json = BUF_INIT, original = BUF_INIT;
	int err = archive_get(w, id, &r, e);
	if (err)
		return err;
	/* Never bag as evidence what folio check would call unsound. */
	if ((err = archive_record_faults(w, &r, e)) || (err = archive_revision_faults(w, id, e))) {
		ferr_prefix(e, "article %lld cannot be bagged (folio check lists every fault)", id);
		record_release(&r);
		return err;
	}
	bb->arts[k].id = id;
	bb->arts[k].revision = r.revision;
	bb->arts[k].title = xstrdup(r.title ? r.title : "");
	bb->arts[k].published = xstrdup(r.published ? r.published : "");
	record_json(&json, &r, false);
	if ((err = write_images(bb, w, id, &json, e)))
		goto done;
	buf_addc(&json, '\n');
	char *rel = xasprintf("data/articles/%lld.json", id);
	char *path = xasprintf("%s/%s", bb->tmp, rel);
	err = write_whole(path, json.data, json.len, e);
	free(path);
	if (err) {
		free(rel);
		goto done;
	}
	pathlist_add(&bb->payload, rel);
	if ((err = write_original(bb, w, id, 0, r.revision, r.filename, &original, e)))
		goto done;
	if ((err = archive_revisions(w, id, collect_revision, &revs, e)))
		goto done;
	for (size_t i = 0; i < revs.n && !err; i++)
		err = write_original(bb, w, id, revs.revs[i], revs.revs[i], revs.names[i], NULL, e);
	if (err)
		goto done;

	/* The PDF carries the original it was set from (Source) and the
	 * record (Data): one PDF taken out of the bag still has its evidence. */
	char *orig_name = snapshot_safe_name(r.filename ? r.filename : "original");
	char *json_name = xasprintf("%lld.json", id);
	struct display_attachment att[2] = {
		{ json_name, "application/json", "Data", "folio record (folio show --json)",
		  (const unsigned char *)json.data, json.len, iso8601_epoch(r.ingested) },
		{ orig_name, original_mime(r.format), "Source",
		  "the original file, byte for byte", (const unsigned char *)original.data,
		  original.len, iso8601_epoch(r.ingested) },
	};
	size_t natt = r.purged ? 1 : 2;
	rel = xasprintf("data/articles/%lld.pdf", id);
	if ((err = write_pdf(bb, w, &id, 1, "article", rel, att, natt, e)))
		ferr_prefix(e, "article %lld as PDF", id);
	free(orig_name);
	free(json_name);
done:
	buf_release(&json);
	buf_release(&original);
	for (size_t i = 0; i < revs.n; i++)
		free(revs.names[i]);
	free(revs.names);
	free(revs.revs);
	record_release(&r);
	return err;
}

/* The deleted articles the selection covers, each as its tombstone record
 * (`folio show --json` without the text) in data/deleted/ID.json: the bag
 * says what was there and went, when, why and by which audit entry. */
static int write_tombstones(struct bag_build *bb, struct archive *a, const long long *dead,
			    size_t ndead, struct ferr *e)
{
	int err = 0;
	if (!ndead)
		return 0;
	char *dir = xasprintf("%s/data/deleted", bb->tmp);
	if (mkdir(dir, 0777) != 0)
		err = ferr_set(e, FOLIO_EIO, "%s: %s", dir, strerror(errno));
	free(dir);
	for (size_t i = 0; i < ndead && !err; i++) {
		struct record r;
		if ((err = archive_get(a, dead[i], &r, e)))
			break;
		free(r.body);
		r.body = NULL;
		struct buf json = BUF_INIT;
		record_json(&json, &r, false);
		buf_addc(&json, '\n');
		char *rel = xasprintf("data/deleted/%lld.json", r.id);
		char *path = xasprintf("%s/%s", bb->tmp, rel);
		if (!(err = write_whole(path, json.data, json.len, e)))
			pathlist_add(&bb->payload, rel);
		else
			free(rel);
		free(path);
		buf_release(&json);
		buf_addf(&bb->deleted, "- %lld %s %s — %s %s: %s (audit entry %lld)\n", r.id,
			 r.published ? r.published : "", r.title && *r.title ? r.title : "(purged)",
			 r.purged ? "purged" : "deleted", r.deleted ? r.deleted : "",
			 r.delete_reason ? r.delete_reason : "", r.delete_entry);
		buf_addf(&bb->deleted_info, "%s%lld (audit entry %lld)", i ? ", " : "", r.id,
			 r.delete_entry);
		bb->out->tombstones++;
		record_release(&r);
	}
	return err;
}

static void readme(struct bag_build *bb, struct buf *b, const char *organization,
		   const char *selection, const char *now, const char *legal_hold)
{
	const struct snapshot_request *rq = bb->rq;
	const struct snapshot_outcome *out = bb->out;
	buf_addf(b,
		 "# %s 留存快照 / retention snapshot\n\n"
		 "## 中文\n\n"
		 "这是 folio 新闻档案的一份留存快照，按 BagIt 格式（RFC 8493）打包。\n\n"
		 "- 制作时间（UTC）：%s\n"
		 "- 选择范围：%s\n"
		 "- 原因：%s\n"
		 "- 保管人：%s\n"
		 "- 保留至：%s（此日期之前不得销毁）\n"
		 "- 法律保全：%s\n"
		 "- 文章：%zu 篇；原始文件：%zu 个\n\n",
		 organization, now, selection, rq->reason, rq->holder ? rq->holder : "（未指定）",
		 out->retain_until, legal_hold, bb->narts, out->originals);
	buf_adds(b,
		 "### 内容\n\n"
		 "- `data/originals/编号-r修订号-文件名`：每篇文章每个修订版本的原始文件，逐字节不变\n"
		 "  （文件名中 `%`、空格和控制字符已换成 `_`）。\n"
		 "- `data/articles/编号.json`：文章的元数据和正文，与 `folio show --json` 相同。\n"
		 "- `data/images/SHA256.jpg|png`：文章引用的图片，逐字节不变，按内容哈希命名，\n"
		 "  多篇文章共用的图片只存一份（见各文章 JSON 的 `images`）。\n"
		 "- `data/articles/编号.pdf`：单篇文章的 PDF（article 版式）。\n"
		 "- `data/deleted/编号.json`：所选范围内已删除文章的“墓碑”记录（何时、为何、哪条审计\n"
		 "  记录删除），不含正文；只在有已删除文章时出现。\n"
		 "- `data/edition.pdf`：全部所选文章合成的一期 PDF（monthly 版式）。\n"
		 "- `data/archive.sqlite`：只含这些文章（及其修订和原始文件）的独立 folio 档案，\n"
		 "  SQLite 3 格式，可用 `sqlite3` 直接读取；用 folio 打开会改写文件，请先复制。\n"
		 "- 包根目录的 `bag-info.txt` 记录来源机构、日期、大小、原因、保留期限和法律保全；\n"
		 "  `manifest-sha256.txt`、`manifest-sha512.txt` 列出每个文件的校验值。\n"
		 "  其中 Source-Organization 取自 `--organization`，默认为 monthly 版式的报头；\n"
		 "  Retention-Until 取自 `--retain-until`，默认自打包日起 10 年（`--retain-years`）；\n"
		 "  Legal-Hold 逐行列出打包时对这些文章有效的法律保全（`hold 编号: 原因`），没有则为\n"
		 "  `none`；Bag-Size 用十进制单位（kB、MB）。\n\n"
		 "### 如何校验\n\n"
		 "在包的根目录（含 `bagit.txt` 的目录）运行：\n\n"
		 "    sha256sum -c manifest-sha256.txt\n"
		 "    sha512sum -c manifest-sha512.txt\n"
		 "    sha256sum -c tagmanifest-sha256.txt\n\n"
		 "或运行 `folio verify 包目录`，或任何 BagIt 校验工具（如 `bagit.py --validate`）。\n"
		 "`data/` 下不应有清单之外的文件。档案中记录的“包校验值”是\n"
		 "`tagmanifest-sha256.txt` 的 SHA-256：`sha256sum tagmanifest-sha256.txt`。\n\n");
	if (*out->signed_by)
		buf_addf(b,
			 "### 签名\n\n"
			 "`tagmanifest-sha256.txt.sig` 是对 `tagmanifest-sha256.txt` 的分离签名（OpenSSH\n"
			 "`ssh-keygen -Y sign`，命名空间 `%s`），签名密钥 %s。该清单覆盖 `bag-info.txt`\n"
			 "和所有清单，从而覆盖每个文件。用签名者的公钥文件 `KEY.pub` 校验：\n\n"
			 "    echo \"bag-signer namespaces=\\\"%s\\\" $(cat KEY.pub)\" > allowed_signers\n"
			 "    ssh-keygen -Y verify -f allowed_signers -I bag-signer -n %s \\\n"
			 "        -s tagmanifest-sha256.txt.sig < tagmanifest-sha256.txt\n\n"
			 "然后按上文校验各清单。\n\n",
			 SIGN_NAMESPACE, out->signed_by, SIGN_NAMESPACE, SIGN_NAMESPACE);
	buf_addf(b,
		 "## English\n\n"
		 "This is a retention snapshot of articles from a folio newsroom archive,\n"
		 "packaged as a BagIt bag (RFC 8493).\n\n"
		 "- Made (UTC): %s\n"
		 "- Selection: %s\n"
		 "- Reason: %s\n"
		 "- Holder: %s\n"
		 "- Retain until: %s (not to be destroyed before this date)\n"
		 "- Legal hold: %s\n"
		 "- Articles: %zu; original files: %zu\n\n",
		 now, selection, rq->reason, rq->holder ? rq->holder : "(not given)",
		 out->retain_until, legal_hold, bb->narts, out->originals);
	buf_adds(b,
		 "### Contents\n\n"
		 "- `data/originals/ID-rREVISION-NAME`: every original file of every revision of\n"
		 "  each article, byte for byte (`%`, spaces and control characters in names are `_`).\n"
		 "- `data/articles/ID.json`: the article's metadata and text, as `folio show --json`.\n"
		 "- `data/images/SHA256.jpg|png`: the images the articles show, byte for byte, named\n"
		 "  by their SHA-256 (a photo several articles show is there once; each article's\n"
		 "  JSON lists its images under `images`).\n"
		 "- `data/articles/ID.pdf`: the article as a PDF (article layout).\n"
		 "- `data/deleted/ID.json`: the tombstone of each deleted article the selection\n"
		 "  covers (when, why, by which audit entry), without its text; only if there are any.\n"
		 "- `data/edition.pdf`: all the selected articles as one edition (monthly layout).\n"
		 "- `data/archive.sqlite`: a self-contained folio archive of just these articles,\n"
		 "  their revisions and originals; SQLite 3, readable with `sqlite3` alone.  Opening\n"
		 "  it with folio rewrites it: work on a copy.\n"
		 "- `bag-info.txt` at the top of the bag holds the source organization, dates, size,\n"
		 "  reason, retention date and legal holds; `manifest-sha256.txt` and\n"
		 "  `manifest-sha512.txt` hold every file's checksums.  Source-Organization is\n"
		 "  `--organization`, by default the monthly layout's masthead; Retention-Until is\n"
		 "  `--retain-until`, by default 10 years from the bagging date (`--retain-years`);\n"
		 "  Legal-Hold is one line per legal hold in force on these articles when the bag\n"
		 "  was made (`hold N: reason`), or `none`; Bag-Size is in SI units (kB, MB).\n\n"
		 "### How to check it\n\n"
		 "In the bag's top directory (the one with `bagit.txt`) run:\n\n"
		 "    sha256sum -c manifest-sha256.txt\n"
		 "    sha512sum -c manifest-sha512.txt\n"
		 "    sha256sum -c tagmanifest-sha256.txt\n\n"
		 "or `folio verify BAG`, or any BagIt validator (such as `bagit.py --validate`).\n"
		 "There must be no file under `data/` that the manifests do not list.  The bag\n"
		 "checksum recorded in the archive is the SHA-256 of `tagmanifest-sha256.txt`:\n"
		 "`sha256sum tagmanifest-sha256.txt`.\n\n");
	if (*out->signed_by)
		buf_addf(b,
			 "### Signature\n\n"
			 "`tagmanifest-sha256.txt.sig` is a detached signature over\n"
			 "`tagmanifest-sha256.txt` (OpenSSH `ssh-keygen -Y sign`, namespace `%s`) by the\n"
			 "key %s.  That manifest covers `bag-info.txt` and every manifest, and so\n"
			 "every file.  With the signer's public key file `KEY.pub`:\n\n"
			 "    echo \"bag-signer namespaces=\\\"%s\\\" $(cat KEY.pub)\" > allowed_signers\n"
			 "    ssh-keygen -Y verify -f allowed_signers -I bag-signer -n %s \\\n"
			 "        -s tagmanifest-sha256.txt.sig < tagmanifest-sha256.txt\n\n"
			 "then check the manifests as above.\n\n",
			 SIGN_NAMESPACE, out->signed_by, SIGN_NAMESPACE, SIGN_NAMESPACE);
	buf_adds(b, "## 文章 / Articles\n\n");
	for (size_t i = 0; i < bb->narts; i++)
		buf_addf(b, "- %lld (r%d) %s %s\n", bb->arts[i].id, bb->arts[i].revision,
			 bb->arts[i].published, bb->arts[i].title);
	if (bb->deleted.len) {
		buf_adds(b, "\n## 已删除的文章 / Deleted articles (tombstones, without text)\n\n");
		buf_add(b, bb->deleted.data, bb->deleted.len);
	}
	if (bb->purged.len) {
		buf_adds(b, "\n## 已清除的原始文件 / Purged originals (bytes removed, SHA-256 kept in "
			    "archive.sqlite)\n\n");
		buf_add(b, bb->purged.data, bb->purged.len);
	}
}

/* The directory that will hold path, and its last component. */
static void split_output(const char *output, char **parent, char **base)
{
	char *p = xstrdup(output);
	size_t n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	char *slash = strrchr(p, '/');
	if (!slash) {
		*parent = xstrdup(".");
		*base = p;
	} else {
		*base = xstrdup(slash + 1);
		*parent = slash == p ? xstrdup("/") : xstrndup(p, (size_t)(slash - p));
		free(p);
	}
}

/* Hash the payload, then write the tag files: manifests, bagit.txt,
 * bag-info.txt, tag manifests. */
static int write_tags(struct bag_build *bb, const char *info_head, const char *info_tail,
		      struct ferr *e)
{
	struct buf man[NALG] = { BUF_INIT, BUF_INIT }, info = BUF_INIT, tag[NALG] = { BUF_INIT, BUF_INIT };
	const bool all[NALG] = { true, true };
	char sums[NALG][SHA512_HEX_LEN + 1];
	int err = 0;
	if (bb->payload.n > 1)
		qsort(bb->payload.v, bb->payload.n, sizeof(char *), cmp_str);
	bb->pr.step = "checksums";
	bb->pr.done = bb->pr.total = 0;
	for (size_t i = 0; i < bb->payload.n; i++) {
		struct stat st;
		char *path = xasprintf("%s/%s", bb->tmp, bb->payload.v[i]);
		if (stat(path, &st) == 0)
			bb->pr.total += (unsigned long long)st.st_size;
		free(path);
	}
	for (size_t i = 0; i < bb->payload.n && !err; i++) {
		unsigned long long size;
		char *path = xasprintf("%s/%s", bb->tmp, bb->payload.v[i]);
		err = hash_file(path, all, sums, &size, true, &bb->pr, e);
		free(path);
		if (err)
			break;
		for (int a = 0; a < NALG; a++)
			buf_addf(&man[a], "%s  %s\n", sums[a], bb->payload.v[i]);
		bb->out->bytes += size;
		bb->out->files++;
	}
	if (err)
		goto done;
	char size_text[32];
	snapshot_size_text(bb->out->bytes, size_text);
	buf_adds(&info, info_head);
	buf_addf(&info, "Payload-Oxum: %llu.%zu\n", bb->out->bytes, bb->out->files);
	add_info(&info, "Bag-Size", size_text);
	buf_adds(&info, info_tail);

	/* Tag files, in byte order of their names. */
	struct {
		const char *name;
		const struct buf *content;
	} tags[] = {
		{ "bag-info.txt", &info },
		{ "bagit.txt", NULL },
		{ "manifest-sha256.txt", &man[ALG_SHA256] },
		{ "manifest-sha512.txt", &man[ALG_SHA512] },
	};
	for (size_t t = 0; t < ARRAY_SIZE(tags) && !err; t++) {
		const char *data = tags[t].content ? tags[t].content->data : BAGIT_TXT;
		size_t len = tags[t].content ? tags[t].content->len : strlen(BAGIT_TXT);
		char *path = xasprintf("%s/%s", bb->tmp, tags[t].name);
		err = write_whole(path, data, len, e);
		free(path);
		sha256_hex(data, len, sums[ALG_SHA256]);
		sha512_hex(data, len, sums[ALG_SHA512]);
		for (int a = 0; a < NALG; a++)
			buf_addf(&tag[a], "%s  %s\n", sums[a], tags[t].name);
	}
	for (int a = 0; a < NALG && !err; a++) {
		char *path = xasprintf("%s/tagmanifest-%s.txt", bb->tmp, alg_names[a]);
		err = write_whole(path, tag[a].data, tag[a].len, e);
		free(path);
	}
	if (!err)
		sha256_hex(tag[ALG_SHA256].data, tag[ALG_SHA256].len, bb->out->bag_sha256);
done:
	for (int a = 0; a < NALG; a++) {
		buf_release(&man[a]);
		buf_release(&tag[a]);
	}
	buf_release(&info);
	return err;
}

/* The payload directories of a new bag (none may exist yet). */
static int make_bag_dirs(const char *tmp, struct ferr *e)
{
	static const char *const dirs[] = { "data", "data/originals", "data/articles" };
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++) {
		char *p = xasprintf("%s/%s", tmp, dirs[i]);
		int rc = mkdir(p, 0777);
		free(p);
		if (rc != 0)
			return ferr_set(e, FOLIO_EIO, "%s/%s: %s", tmp, dirs[i], strerror(errno));
	}
	return 0;
}

/* Fill the bag's payload from w, the private copy of the selected articles. */
static int write_payload(struct bag_build *bb, struct archive *w, const long long *ids, size_t n,
			 struct ferr *e)
{
	int err = 0;
	bb->pr.step = "articles";
	bb->pr.done = 0;
	bb->pr.total = n;
	for (size_t i = 0; i < n && !err; i++) {
		if (tick(&bb->pr))
			return ferr_set(e, FOLIO_EINPUT, "interrupted");
		err = write_article(bb, w, ids[i], i, e);
		bb->narts = i + 1;
		bb->pr.done++;
	}
	if (err)
		return err;
	bb->pr.step = "edition";
	bb->pr.done = bb->pr.total = 0;
	if (tick(&bb->pr))
		return ferr_set(e, FOLIO_EINPUT, "interrupted");
	if ((err = write_pdf(bb, w, ids, n, "monthly", xstrdup("data/edition.pdf"), NULL, 0, e))) {
		ferr_prefix(e, "the edition PDF");
		return err;
	}
	bb->pr.step = "copying the archive";
	if (tick(&bb->pr))
		return ferr_set(e, FOLIO_EINPUT, "interrupted");
	char *path = xasprintf("%s/data/archive.sqlite", bb->tmp);
	err = archive_copy_subset(w, ids, n, path, e);
	free(path);
	if (err)
		return err;
	pathlist_add(&bb->payload, xstrdup("data/archive.sqlite"));
	return 0;
}

static void remove_work_copy(const char *work)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	for (size_t i = 0; i < ARRAY_SIZE(suffixes); i++) {
		char *p = xasprintf("%s%s", work, suffixes[i]);
		unlink(p);
		free(p);
	}
}

int snapshot_make(struct archive *a, const struct snapshot_request *rq,
		  struct snapshot_outcome *out, struct ferr *e)
{
	struct bag_build bb = { 0 };
	struct holds_in_force hf = { 0 };
	struct archive *w = NULL;
	long long *ids = NULL, *sorted = NULL, *dead = NULL;
	size_t n = 0, ndead = 0;
	char *parent = NULL, *base = NULL, *work = NULL, *selection = NULL, *organization = NULL;
	char now[32], today[11];
	struct buf head = BUF_INIT, tail = BUF_INIT, text = BUF_INIT, list = BUF_INIT;
	char audit_head[AUDIT_HEAD_LEN + 1] = "";
	struct stat st;
	int err = 0;
	bool renamed = false;

	memset(out, 0, sizeof(*out));
	bb.rq = rq;
	bb.out = out;
	bb.pr = (struct progress){ rq->progress, rq->progress_ctx, "selecting", 0, 0, false };
	buf_init(&bb.purged);
	buf_init(&bb.deleted);
	buf_init(&bb.deleted_info);
	/* With SOURCE_DATE_EPOCH, every time the bag holds is that one: the
	 * same archive and selection give a byte-identical bag. */
	bool fixed_time = source_date_iso8601(now);
	if (!fixed_time)
		now_iso8601(now);
	snprintf(today, sizeof(today), "%.10s", now);
	if (!rq->reason || !*rq->reason)
		return ferr_set(e, FOLIO_EUSAGE, "a snapshot needs a reason");
	if (!rq->output || !*rq->output)
		return ferr_set(e, FOLIO_EUSAGE, "a snapshot needs an output directory");
	if (rq->retain_until) {
		if (strlen(rq->retain_until) != 10)
			return ferr_set(e, FOLIO_EUSAGE, "retention date '%s' is not YYYY-MM-DD",
					rq->retain_until);
		if (strcmp(rq->retain_until, today) < 0)
			return ferr_set(e, FOLIO_EUSAGE, "retention date %s is before today, %s",
					rq->retain_until, today);
		snprintf(out->retain_until, sizeof(out->retain_until), "%s", rq->retain_until);
	} else {
		snapshot_add_years(today, rq->retain_years > 0 ? rq->retain_years : SNAPSHOT_RETAIN_YEARS,
				   out->retain_until);
	}
	if (lstat(rq->output, &st) == 0)
		return ferr_set(e, FOLIO_EIO, "%s: already exists; a snapshot goes into a new directory",
				rq->output);
	if (rq->sign_key) {
		/* Before any work: a key that cannot sign must not cost a bag. */
		char *fp;
		if ((err = sign_fingerprint(rq->sign_key, &fp, e)))
			return err;
		snprintf(out->signed_by, sizeof(out->signed_by), "%s", fp);
		free(fp);
	}

	if ((err = select_split(a, rq->q, &ids, &n, &dead, &ndead, e)))
		goto done;
	if (n == 0) {
		err = ndead ? ferr_set(e, FOLIO_ENOTFOUND,
				       "no articles in that selection, only %zu deleted one%s",
				       ndead, ndead == 1 ? "" : "s")
			    : ferr_set(e, FOLIO_ENOTFOUND, "no articles in that selection");
		goto done;
	}
	sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, ids, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_ll);
	hf.ids = sorted;
	hf.n = n;
	buf_init(&hf.lines);
	if ((err = archive_holds(a, collect_hold, &hf, e)))
		goto done;
	out->holds = hf.count;

	if (rq->organization && *rq->organization) {
		organization = xstrdup(rq->organization);
	} else {
		struct layout lay;
		char *dir = xasprintf("%s/layouts", rq->data_dir);
		err = layout_load(dir, "monthly", &lay, e);
		free(dir);
		if (err)
			goto done;
		organization = xstrdup(lay.masthead && *lay.masthead ? lay.masthead : "folio");
		layout_release(&lay);
	}

	/* The bag is built beside its destination and renamed into place. */
	split_output(rq->output, &parent, &base);
	if ((err = temp_dir(parent, base, &bb.tmp, e)))
		goto done;
	if ((err = make_bag_dirs(bb.tmp, e)))
		goto done;
	if ((err = write_tombstones(&bb, a, dead, ndead, e)))
		goto done;

	/* One consistent copy of the selected articles, in one read transaction;
	 * everything in the payload is made from it. */
	bb.pr.step = "copying the archive";
	if (tick(&bb.pr)) {
		err = ferr_set(e, FOLIO_EINPUT, "interrupted");
		goto done;
	}
	work = xasprintf("%s/work.sqlite", bb.tmp);
	if ((err = archive_copy_subset(a, ids, n, work, e)))
		goto done;
	if ((err = archive_open(work, 10000, &w, e)))
		goto done;
	bb.arts = xcalloc(n, sizeof(*bb.arts));
	/* One set of hyphenation patterns for every PDF of the bag; without
	 * them each edition tries again and goes on unhyphenated. */
	struct ferr he = FERR_INIT;
	bb.hyph = edition_hyphenator(&he);
	err = write_payload(&bb, w, ids, n, e);
	archive_close(w);
	w = NULL;
	remove_work_copy(work);
	if (err)
		goto done;

	selection = article_query_describe(rq->q);
	const char *legal_hold = hf.count ? hf.lines.data : "none";
	/* README: hold lines joined with "; " for its single-line fields. */
	struct buf holds_one_line = BUF_INIT;
	if (hf.count) {
		for (const char *p = hf.lines.data; *p; p++) {
			if (*p != '\n')
				buf_addc(&holds_one_line, *p);
			else if (p[1])
				buf_adds(&holds_one_line, "; ");
		}
	} else {
		buf_adds(&holds_one_line, "none");
	}
	readme(&bb, &text, organization, selection, now, holds_one_line.data);
	buf_release(&holds_one_line);
	char *readme_path = xasprintf("%s/data/README.md", bb.tmp);
	err = write_whole(readme_path, text.data, text.len, e);
	free(readme_path);
	if (err)
		goto done;
	pathlist_add(&bb.payload, xstrdup("data/README.md"));

	/* bag-info.txt: the reserved labels, then folio's own. */
	add_info(&head, "Source-Organization", organization);
	add_info(&head, "Bagging-Date", today);
	buf_reset(&text);
	buf_addf(&text, "folio retention snapshot of %zu article%s (selection: %s); reason: %s", n,
		 n == 1 ? "" : "s", selection, rq->reason);
	add_info(&tail, "External-Description", text.data);
	add_info(&tail, "Bag-Software-Agent", "folio " FOLIO_VERSION " (snapshot)");
	add_info(&tail, "Retention-Until", out->retain_until);
	if (hf.count) {
		for (char *line = hf.lines.data, *nl; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			*nl = '\0';
			add_info(&tail, "Legal-Hold", line);
			*nl = '\n';
		}
	} else {
		add_info(&tail, "Legal-Hold", legal_hold);
	}
	if (rq->holder && *rq->holder)
		add_info(&tail, "Holder", rq->holder);
	add_info(&tail, "Folio-Snapshot-Time", now);
	add_info(&tail, "Folio-Selection", selection);
	add_info(&tail, "Folio-Reason", rq->reason);
	buf_reset(&text);
	buf_addc(&list, '[');
	for (size_t i = 0; i < bb.narts; i++) {
		buf_addf(&text, "%s%lld r%d", i ? ", " : "", bb.arts[i].id, bb.arts[i].revision);
		buf_addf(&list, "%s[%lld,%d]", i ? "," : "", bb.arts[i].id, bb.arts[i].revision);
	}
	buf_addc(&list, ']');
	add_info(&tail, "Folio-Articles", text.data);
	if (bb.deleted_info.len)
		add_info(&tail, "Folio-Deleted", bb.deleted_info.data);
	/* The audit chain's head as the bag was made: whoever keeps the bag
	 * can later prove the archive's log still extends it. */
	if ((err = archive_audit_head(a, audit_head, e)))
		goto done;
	add_info(&tail, "Folio-Audit-Head", audit_head);
	if (rq->sign_key) {
		buf_reset(&text);
		buf_addf(&text, "%s, ssh-keygen -Y sign, namespace %s, in tagmanifest-sha256.txt%s",
			 out->signed_by, SIGN_NAMESPACE, SIGN_SUFFIX);
		add_info(&tail, "Folio-Signed-By", text.data);
	}
	if ((err = write_tags(&bb, head.data, tail.data, e)))
		goto done;
	if (rq->sign_key) {
		char *tm = xasprintf("%s/tagmanifest-sha256.txt", bb.tmp);
		err = sign_file(rq->sign_key, tm, e);
		free(tm);
		if (err)
			goto done;
	}
	out->articles = bb.narts;

	/* Into place, durably; never over anything that appeared meanwhile. */
	mode_t mask = umask(0);
	umask(mask);
	chmod(bb.tmp, 0777 & ~mask);
	char *sub[] = { xasprintf("%s/data/originals", bb.tmp), xasprintf("%s/data/articles", bb.tmp),
			xasprintf("%s/data/deleted", bb.tmp), xasprintf("%s/data", bb.tmp) };
	for (size_t i = 0; i < ARRAY_SIZE(sub); i++) {
		sync_dir(sub[i]);
		free(sub[i]);
	}
	sync_dir(bb.tmp);
	if (lstat(rq->output, &st) == 0) {
		err = ferr_set(e, FOLIO_EIO, "%s: already exists; a snapshot goes into a new directory",
			       rq->output);
		goto done;
	}
	if (rename(bb.tmp, rq->output) != 0) {
		err = ferr_set(e, FOLIO_EIO, "%s: %s", rq->output, strerror(errno));
		goto done;
	}
	renamed = true;
	sync_dir(parent);

	char *abs = realpath(rq->output, NULL);
	struct snapshot_row row = { selection, rq->reason, rq->holder, abs ? abs : rq->output,
				    list.data, out->bag_sha256, audit_head };
	err = archive_record_snapshot(a, &row, &out->snapshot_id, e);
	free(abs);
	if (err)
		ferr_prefix(e, "%s: the bag is complete but was not recorded in the archive",
			    rq->output);
done:
	if (w)
		archive_close(w);
	if (bb.tmp && !renamed)
		temp_remove(bb.tmp);
	else if (bb.tmp)
		temp_forget(bb.tmp);
	for (size_t i = 0; i < bb.narts; i++) {
		free(bb.arts[i].title);
		free(bb.arts[i].published);
	}
	free(bb.arts);
	free(bb.tmp);
	pathlist_release(&bb.payload);
	buf_release(&bb.purged);
	buf_release(&bb.deleted);
	buf_release(&bb.deleted_info);
	hyphenator_close(bb.hyph);
	buf_release(&hf.lines);
	buf_release(&head);
	buf_release(&tail);
	buf_release(&text);
	buf_release(&list);
	free(ids);
	free(dead);
	free(sorted);
	free(parent);
	free(base);
	free(work);
	free(selection);
	free(organization);
	return err;
}

/* ---- verifying a bag --------------------------------------------------------------- */

struct listed {
	char *path;
	int manifest; /* index into the verifier's manifests */
	char *sum;
};

struct manifest {
	char *name; /* "manifest-sha256.txt" */
	int alg;    /* -1: not one folio can check */
	bool tag;
};

struct verifier {
	const char *dir;
	snapshot_problem_fn fn;
	void *fn_ctx;
	struct snapshot_check *out;
	struct manifest *mans;
	size_t nmans, npayload_mans;
	struct listed *entries;
	size_t nentries;
	struct pathlist disk;            /* payload files on disk, sorted */
	unsigned long long *disk_sizes; /* parallel to disk.v */
	struct pathlist refused;         /* tag files reported as breaking the rules */
	struct progress pr;
};

static void problem(struct verifier *v, enum snapshot_problem kind, const char *path,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void problem(struct verifier *v, enum snapshot_problem kind, const char *path,
		    const char *fmt, ...)
{
	char detail[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (kind != SNAPSHOT_WARNING)
		v->out->problems++;
	if (v->fn)
		v->fn(v->fn_ctx, kind, path, detail);
}

/* Tag files are read under the rules payload files have: a regular file in
 * the bag (not a link, a FIFO or a device), and of a bounded size, so that
 * a bag cannot make folio read without end or outside itself. */
#define TAG_FILE_MAX (256u << 20)   /* a manifest of some million files */
#define TAG_INFO_MAX (1u << 20)     /* bagit.txt, bag-info.txt */

enum tag_read { TAG_OK, TAG_ABSENT, TAG_REFUSED };

/* Report the tag file name as refused, once however often it is met. */
static enum tag_read refuse_tag(struct verifier *v, const char *name, const char *why)
{
	for (size_t i = 0; i < v->refused.n; i++)
		if (!strcmp(v->refused.v[i], name))
			return TAG_REFUSED;
	pathlist_add(&v->refused, xstrdup(name));
	problem(v, SNAPSHOT_INVALID, name, "%s", why);
	return TAG_REFUSED;
}

#define TAG_LINK "a symbolic link: tag files must be regular files in the bag"

/* Read the tag file name into a new NUL-terminated buffer (caller frees).
 * TAG_ABSENT: it is not there; TAG_REFUSED: it is there but breaks a rule
 * or cannot be read, reported as a problem here. */
static enum tag_read read_tag(struct verifier *v, const char *name, unsigned char **data,
			      size_t *len)
{
	size_t max = strncmp(name, "manifest-", 9) && strncmp(name, "tagmanifest-", 12)
			     ? TAG_INFO_MAX : TAG_FILE_MAX;
	char *path = xasprintf("%s/%s", v->dir, name);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
	free(path);
	*data = NULL;
	*len = 0;
	if (fd < 0) {
		if (errno == ENOENT)
			return TAG_ABSENT;
		return refuse_tag(v, name, errno == ELOOP ? TAG_LINK : strerror(errno));
	}
	struct stat st;
	const char *why = NULL;
	if (fstat(fd, &st) != 0)
		why = strerror(errno);
	else if (!S_ISREG(st.st_mode))
		why = "not a regular file: tag files must be regular files in the bag";
	else if ((unsigned long long)st.st_size > max)
		why = "too large for a tag file";
	if (why) {
		close(fd);
		return refuse_tag(v, name, why);
	}
	unsigned char *buf = xmalloc((size_t)st.st_size + 1);
	size_t n = 0;
	for (;;) {
		/* one byte more than fstat said: a file growing now is refused */
		ssize_t r = read(fd, buf + n, (size_t)st.st_size + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			why = strerror(errno);
			break;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > (size_t)st.st_size) {
			why = "changed while it was read";
			break;
		}
	}
	close(fd);
	if (why) {
		free(buf);
		return refuse_tag(v, name, why);
	}
	buf[n] = 0;
	*data = buf;
	*len = n;
	return TAG_OK;
}

/* The next line of text[*pos..len) (LF, CR LF or CR ends it); false at the end. */
static bool next_line(const char *text, size_t len, size_t *pos, const char **line, size_t *n)
{
	if (*pos >= len)
		return false;
	size_t i = *pos;
	while (i < len && text[i] != '\n' && text[i] != '\r')
		i++;
	*line = text + *pos;
	*n = i - *pos;
	if (i < len && text[i] == '\r' && i + 1 < len && text[i + 1] == '\n')
		i++;
	*pos = i + 1;
	return true;
}

static void check_bagit_txt(struct verifier *v)
{
	unsigned char *data;
	size_t len, pos = 0, n;
	const char *line;
	bool version = false, encoding = false;
	enum tag_read r = read_tag(v, "bagit.txt", &data, &len);
	if (r == TAG_ABSENT)
		problem(v, SNAPSHOT_MISSING, "bagit.txt", "not a bag without it");
	if (r != TAG_OK)
		return;
	while (next_line((char *)data, len, &pos, &line, &n)) {
		if (n > 15 && !memcmp(line, "BagIt-Version: ", 15))
			version = true;
		else if (n > 29 && !memcmp(line, "Tag-File-Character-Encoding: ", 29))
			encoding = true;
	}
	if (!version || !encoding)
		problem(v, SNAPSHOT_INVALID, "bagit.txt", "needs BagIt-Version and Tag-File-Character-Encoding");
	free(data);
}

/* Manifest paths: %0A, %0D and %25 decoded (RFC 8493 2.1.3). */
static char *decode_path(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n) {
			char h[3] = { s[i + 1], s[i + 2], 0 };
			if (!strcasecmp(h, "0A") || !strcasecmp(h, "0D") || !strcasecmp(h, "25")) {
				buf_addc(&b, (char)strtol(h, NULL, 16));
				i += 2;
				continue;
			}
		}
		buf_addc(&b, s[i]);
	}
	return buf_detach(&b);
}

/* A path inside the bag: relative, no "." or ".." component, no empty one. */
static bool safe_bag_path(const char *p)
{
	if (!*p || *p == '/')
		return false;
	for (const char *c = p; *c;) {
		const char *end = strchr(c, '/');
		size_t n = end ? (size_t)(end - c) : strlen(c);
		if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n + (end ? 1 : 0);
		if (end && !*c)
			return false;
	}
	return true;
}

static bool hex_sum(const char *s, size_t n, int alg)
{
	if (alg >= 0 && n != alg_hex_len[alg])
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("0123456789abcdefABCDEF", s[i]))
			return false;
	return n > 0;
}

static void read_manifest(struct verifier *v, int m)
{
	const struct manifest *man = &v->mans[m];
	unsigned char *data;
	size_t len, pos = 0, n, lineno = 0;
	const char *line;
	if (read_tag(v, man->name, &data, &len) != TAG_OK)
		return; /* it was in the directory a moment ago; or refused */
	if (!strcmp(man->name, "tagmanifest-sha256.txt"))
		sha256_hex(data, len, v->out->bag_sha256);
	while (next_line((char *)data, len, &pos, &line, &n)) {
		lineno++;
		if (n == 0)
			continue;
		size_t i = 0;
		while (i < n && line[i] != ' ' && line[i] != '\t')
			i++;
		size_t sum_len = i;
		while (i < n && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (sum_len == 0 || i == n || i == sum_len) {
			problem(v, SNAPSHOT_INVALID, man->name, "line %zu is not CHECKSUM PATH", lineno);
			continue;
		}
		char *path = decode_path(line + i, n - i);
		if (!safe_bag_path(path) || (!man->tag && strncmp(path, "data/", 5)) ||
		    (man->tag && !strncmp(path, "data/", 5))) {
			problem(v, SNAPSHOT_INVALID, man->name, "line %zu: '%s' is not a %s file's path",
				lineno, path, man->tag ? "tag" : "payload");
			free(path);
			continue;
		}
		if (!hex_sum(line, sum_len, man->alg)) {
			problem(v, SNAPSHOT_INVALID, man->name, "line %zu: not a %s checksum", lineno,
				man->alg >= 0 ? alg_names[man->alg] : "hexadecimal");
			free(path);
			continue;
		}
		v->entries = xgrow(v->entries, v->nentries, sizeof(*v->entries));
		v->entries[v->nentries++] = (struct listed){ path, m, xstrndup(line, sum_len) };
	}
	free(data);
}

/* The manifests and tag manifests in the bag's top directory, by name. */
static int find_manifests(struct verifier *v, struct ferr *e)
{
	DIR *d = opendir(v->dir);
	struct dirent *de;
	struct pathlist names = { 0 };
	if (!d)
		return ferr_set(e, FOLIO_ENOTFOUND, "%s: %s", v->dir, strerror(errno));
	while ((de = readdir(d)))
		if (!strncmp(de->d_name, "manifest-", 9) || !strncmp(de->d_name, "tagmanifest-", 12))
			pathlist_add(&names, xstrdup(de->d_name));
	closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(char *), cmp_str);
	/* Payload manifests first. */
	v->mans = xcalloc(names.n ? names.n : 1, sizeof(*v->mans));
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < names.n; i++) {
			const char *name = names.v[i];
			bool tag = name[0] == 't';
			size_t pre = tag ? 12 : 9, len = strlen(name);
			if (tag != (pass == 1))
				continue;
			if (len <= pre + 4 || strcmp(name + len - 4, ".txt")) {
				continue;
			}
			struct manifest *m = &v->mans[v->nmans++];
			m->name = xstrdup(name);
			m->tag = tag;
			m->alg = alg_from_name(name + pre, len - pre - 4);
			if (!tag)
				v->npayload_mans++;
			if (m->alg < 0)
				problem(v, SNAPSHOT_WARNING, name,
					"folio cannot check this algorithm; only that its files are there");
		}
	pathlist_release(&names);
	return 0;
}

/* Every file under data/, recursively; anything but regular files and
 * directories is a problem. */
static void walk_payload(struct verifier *v, const char *rel)
{
	char *path = xasprintf("%s/%s", v->dir, rel);
	DIR *d = opendir(path);
	struct dirent *de;
	struct pathlist names = { 0 };
	if (!d) {
		problem(v, SNAPSHOT_INVALID, rel, "cannot be read: %s", strerror(errno));
		free(path);
		return;
	}
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			pathlist_add(&names, xasprintf("%s/%s", rel, de->d_name));
	closedir(d);
	free(path);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < names.n; i++) {
		struct stat st;
		char *full = xasprintf("%s/%s", v->dir, names.v[i]);
		if (lstat(full, &st) != 0)
			problem(v, SNAPSHOT_INVALID, names.v[i], "%s", strerror(errno));
		else if (S_ISDIR(st.st_mode))
			walk_payload(v, names.v[i]);
		else if (!S_ISREG(st.st_mode))
			problem(v, SNAPSHOT_INVALID, names.v[i], "not a regular file");
		else {
			v->disk_sizes = xgrow(v->disk_sizes, v->disk.n, sizeof(*v->disk_sizes));
			v->disk_sizes[v->disk.n] = (unsigned long long)st.st_size;
			pathlist_add(&v->disk, names.v[i]);
			names.v[i] = NULL;
		}
		free(full);
	}
	pathlist_release(&names);
}

static int cmp_listed(const void *a, const void *b)
{
	const struct listed *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	return c ? c : x->manifest - y->manifest;
}

/* Check one path's group of manifest entries [from, to) against the file. */
static int check_group(struct verifier *v, size_t from, size_t to, bool on_disk, struct ferr *e)
{
	const char *path = v->entries[from].path;
	if (!on_disk) {
		problem(v, SNAPSHOT_MISSING, path, "listed in %s", v->mans[v->entries[from].manifest].name);
		return 0;
	}
	bool want[NALG] = { false, false };
	for (size_t i = from; i < to; i++)
		if (v->mans[v->entries[i].manifest].alg >= 0)
			want[v->mans[v->entries[i].manifest].alg] = true;
	char sums[NALG][SHA512_HEX_LEN + 1];
	unsigned long long size;
	char *full = xasprintf("%s/%s", v->dir, path);
	struct ferr he = FERR_INIT;
	int err = hash_file(full, want, sums, &size, false, &v->pr, &he);
	free(full);
	if (err == FOLIO_EIO) {
		problem(v, SNAPSHOT_INVALID, path, "cannot be read");
		return 0;
	}
	if (err)
		return ferr_set(e, err, "%s", he.msg);
	struct buf differ = BUF_INIT;
	size_t ndiffer = 0;
	for (size_t i = from; i < to; i++) {
		const struct manifest *m = &v->mans[v->entries[i].manifest];
		if (m->alg >= 0 && strcasecmp(sums[m->alg], v->entries[i].sum)) {
			buf_addf(&differ, "%s%s", ndiffer ? ", " : "", alg_names[m->alg]);
			ndiffer++;
		}
	}
	if (ndiffer)
		problem(v, SNAPSHOT_ALTERED, path, "%s checksum%s differ%s", differ.data,
			ndiffer == 1 ? "" : "s", ndiffer == 1 ? "s" : "");
	buf_release(&differ);
	return 0;
}

/* Whether the tag file rel is there to be hashed: a regular file (lstat: a
 * link is reported, never followed). */
static enum tag_read tag_file_there(struct verifier *v, const char *rel)
{
	struct stat st;
	char *full = xasprintf("%s/%s", v->dir, rel);
	int rc = lstat(full, &st);
	free(full);
	if (rc != 0)
		return TAG_ABSENT;
	if (!S_ISREG(st.st_mode))
		return refuse_tag(v, rel, S_ISLNK(st.st_mode) ? TAG_LINK : "not a regular file");
	return TAG_OK;
}

static void check_oxum(struct verifier *v)
{
	unsigned char *data;
	size_t len, pos = 0, n;
	const char *line;
	if (read_tag(v, "bag-info.txt", &data, &len) != TAG_OK)
		return; /* optional; if a tag manifest lists it, that reports it missing */
	while (next_line((char *)data, len, &pos, &line, &n)) {
		if (n < 13 || strncasecmp(line, "Payload-Oxum:", 13))
			continue;
		char value[64];
		size_t k = 13;
		while (k < n && (line[k] == ' ' || line[k] == '\t'))
			k++;
		snprintf(value, sizeof(value), "%.*s", (int)(n - k), line + k);
		unsigned long long octets;
		size_t count;
		int used = 0;
		if (sscanf(value, "%llu.%zu%n", &octets, &count, &used) != 2 || value[used]) {
			problem(v, SNAPSHOT_INVALID, "bag-info.txt", "Payload-Oxum '%s' is not OCTETS.COUNT",
				value);
		} else if (octets != v->out->bytes || count != v->out->files) {
			problem(v, SNAPSHOT_INVALID, "bag-info.txt",
				"Payload-Oxum says %llu bytes in %zu files, the payload has %llu in %zu",
				octets, count, v->out->bytes, v->out->files);
		}
	}
	free(data);
}

/* Whether the bag says folio made it (bag-info.txt's Bag-Software-Agent),
 * or has folio's payload (data/archive.sqlite). */
static bool made_by_folio(struct verifier *v)
{
	struct stat st;
	char *db = xasprintf("%s/data/archive.sqlite", v->dir);
	bool folio = lstat(db, &st) == 0;
	free(db);
	char *info = xasprintf("%s/bag-info.txt", v->dir);
	unsigned char *data;
	size_t len, pos = 0, n;
	const char *line;
	struct ferr e = FERR_INIT;
	if (!folio && lstat(info, &st) == 0 && S_ISREG(st.st_mode) &&
	    read_file_max(info, TAG_INFO_MAX, &data, &len, &e) == 0) {
		while (next_line((char *)data, len, &pos, &line, &n))
			if (n >= 25 && !strncasecmp(line, "Bag-Software-Agent: folio", 25))
				folio = true;
		free(data);
	}
	free(info);
	return folio;
}

int snapshot_bag_info(const char *dir, const char *label, char **value, struct ferr *e)
{
	*value = NULL;
	char *info = xasprintf("%s/bag-info.txt", dir);
	struct stat st;
	unsigned char *data = NULL;
	size_t len, pos = 0, n, want = strlen(label);
	const char *line;
	int err = 0;
	if (lstat(info, &st) != 0) {
		err = ferr_set(e, FOLIO_ENOTFOUND, "%s: %s", info, strerror(errno));
	} else if (!S_ISREG(st.st_mode)) {
		err = ferr_set(e, FOLIO_EINPUT, "%s: not a regular file", info);
	} else if ((err = read_file_max(info, TAG_INFO_MAX, &data, &len, e)) != 0) {
		err = FOLIO_EINPUT;
	} else {
		struct buf b = BUF_INIT;
		bool in = false, found = false;
		while (next_line((char *)data, len, &pos, &line, &n)) {
			if (in && n && (line[0] == ' ' || line[0] == '\t')) {
				size_t i = 0;
				while (i < n && (line[i] == ' ' || line[i] == '\t'))
					i++;
				buf_addc(&b, ' ');
				buf_add(&b, line + i, n - i);
				continue;
			}
			if (found)
				break;
			in = n > want && line[want] == ':' && !strncasecmp(line, label, want);
			if (in) {
				size_t i = want + 1;
				while (i < n && (line[i] == ' ' || line[i] == '\t'))
					i++;
				buf_add(&b, line + i, n - i);
				found = true;
			}
		}
		if (found) {
			buf_rtrim(&b);
			*value = b.data ? buf_detach(&b) : xstrdup("");
		} else {
			buf_release(&b);
			err = ferr_set(e, FOLIO_ENOTFOUND, "%s: no %s", info, label);
		}
	}
	free(data);
	free(info);
	return err;
}

static bool listed_in(const struct verifier *v, int m, const char *path)
{
	for (size_t i = 0; i < v->nentries; i++)
		if (v->entries[i].manifest == m && !strcmp(v->entries[i].path, path))
			return true;
	return false;
}

/* The tag manifests protect bag-info.txt (Retention-Until, Legal-Hold) and
 * the payload manifests: each must list bagit.txt, bag-info.txt when there
 * is one, and every payload manifest.  In a bag folio made a gap is a
 * problem; in another tool's bag (tag manifests are optional in RFC 8493)
 * a warning. */
static void check_tag_coverage(struct verifier *v)
{
	bool folio = made_by_folio(v);
	enum snapshot_problem kind = folio ? SNAPSHOT_INVALID : SNAPSHOT_WARNING;
	struct stat st;
	char *info = xasprintf("%s/bag-info.txt", v->dir);
	bool has_info = lstat(info, &st) == 0;
	free(info);
	size_t ntag = 0;
	for (size_t m = 0; m < v->nmans; m++) {
		if (!v->mans[m].tag)
			continue;
		ntag++;
		if (!listed_in(v, (int)m, "bagit.txt"))
			problem(v, kind, v->mans[m].name,
				"does not list bagit.txt: it could be changed undetected");
		if (has_info && !listed_in(v, (int)m, "bag-info.txt"))
			problem(v, kind, v->mans[m].name,
				"does not list bag-info.txt: its fields (Retention-Until, Legal-Hold, "
				"Payload-Oxum) could be changed undetected");
		for (size_t p = 0; p < v->nmans; p++)
			if (!v->mans[p].tag && !listed_in(v, (int)m, v->mans[p].name))
				problem(v, kind, v->mans[m].name,
					"does not list %s: the payload's checksums could be replaced undetected",
					v->mans[p].name);
	}
	if (!ntag)
		problem(v, kind, "tagmanifest-sha256.txt",
			"the bag has no tag manifest: bagit.txt, bag-info.txt and the manifests "
			"could be changed undetected");
}

/* Where a top-level key's value starts in a JSON object folio wrote
 * (record_json: keys are plain, a quote inside a string is escaped), or
 * NULL. */
static const char *json_value(const char *json, size_t len, const char *key)
{
	char pat[64];
	int pl = snprintf(pat, sizeof(pat), "\"%s\":", key);
	for (size_t i = 1; pl > 0 && i + (size_t)pl <= len; i++)
		if (json[i] == '"' && !memcmp(json + i, pat, (size_t)pl) &&
		    (json[i - 1] == ',' || json[i - 1] == '{'))
			return json + i + pl;
	return NULL;
}

static const struct pdf_associated *find_associated(const struct pdf_associated *v, size_t n,
						    const char *relationship)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].relationship, relationship))
			return &v[i];
	return NULL;
}

/* One article PDF's evidence: its embedded record must be the bag's
 * data/articles/ID.json byte for byte, and its embedded original must be
 * data/originals/ID-rREV-NAME byte for byte, with the SHA-256 the record
 * gives. */
static void check_article_pdf(struct verifier *v, const char *rel, long long id)
{
	char *path = xasprintf("%s/%s", v->dir, rel);
	struct pdf_associated *att = NULL;
	size_t natt = 0;
	struct ferr e = FERR_INIT;
	unsigned char *json = NULL, *orig = NULL;
	size_t json_len = 0, orig_len = 0;
	char *json_rel = xasprintf("data/articles/%lld.json", id), *orig_rel = NULL;
	char *full = NULL;
	if (pdf_associated_files(path, &att, &natt, &e)) {
		problem(v, SNAPSHOT_INVALID, rel, "its embedded files cannot be read: %s", e.msg);
		goto done;
	}
	if (!natt) {
		problem(v, SNAPSHOT_WARNING, rel,
			"carries no embedded original or record (made before folio embedded them)");
		goto done;
	}
	const struct pdf_associated *data = find_associated(att, natt, "Data");
	const struct pdf_associated *source = find_associated(att, natt, "Source");
	full = xasprintf("%s/%s", v->dir, json_rel);
	if (!data) {
		problem(v, SNAPSHOT_INVALID, rel, "carries no record (an associated file /Data)");
		goto done;
	}
	if (read_file(full, &json, &json_len, &e)) {
		problem(v, SNAPSHOT_MISSING, json_rel, "the record its PDF carries has no twin here");
		goto done;
	}
	if (data->len != json_len || memcmp(data->data, json, json_len)) {
		problem(v, SNAPSHOT_ALTERED, rel, "the record it carries differs from %s", json_rel);
		goto done;
	}
	const char *sha = json_value((const char *)json, json_len, "sha256");
	const char *rev = json_value((const char *)json, json_len, "revision");
	if (!source) {
		/* Only a purged article's PDF carries no original. */
		const char *purged = json_value((const char *)json, json_len, "purged");
		if (!purged || strncmp(purged, "true", 4))
			problem(v, SNAPSHOT_INVALID, rel, "carries no original (an associated file /Source)");
		goto done;
	}
	char hex[SHA256_HEX_LEN + 1];
	sha256_hex(source->data, source->len, hex);
	if (!sha || *sha != '"' || strncmp(sha + 1, hex, SHA256_HEX_LEN) || sha[1 + SHA256_HEX_LEN] != '"') {
		problem(v, SNAPSHOT_ALTERED, rel,
			"the original it carries (SHA-256 %s) is not the one its record names", hex);
		goto done;
	}
	orig_rel = xasprintf("data/originals/%lld-r%lld-%s", id, rev ? strtoll(rev, NULL, 10) : 0,
			     source->name);
	free(full);
	full = xasprintf("%s/%s", v->dir, orig_rel);
	if (read_file(full, &orig, &orig_len, &e)) {
		problem(v, SNAPSHOT_MISSING, orig_rel, "the original %s carries has no twin here", rel);
		goto done;
	}
	if (orig_len != source->len || memcmp(orig, source->data, orig_len))
		problem(v, SNAPSHOT_ALTERED, rel, "the original it carries differs from %s", orig_rel);
done:
	pdf_associated_free(att, natt);
	free(json);
	free(orig);
	free(json_rel);
	free(orig_rel);
	free(full);
	free(path);
}

/* Every data/articles/ID.pdf of a folio bag carries its evidence. */
static void check_evidence(struct verifier *v)
{
	if (!made_by_folio(v))
		return;
	for (size_t i = 0; i < v->disk.n; i++) {
		long long id;
		int end = 0;
		const char *p = v->disk.v[i];
		if (sscanf(p, "data/articles/%lld.pdf%n", &id, &end) == 1 && end > 0 && !p[end])
			check_article_pdf(v, p, id);
	}
}

int snapshot_verify(const char *dir, snapshot_problem_fn fn, void *fn_ctx,
		    snapshot_progress_fn progress, void *progress_ctx, struct snapshot_check *out,
		    struct ferr *e)
{
	struct verifier v = { 0 };
	struct stat st;
	int err = 0;
	memset(out, 0, sizeof(*out));
	if (stat(dir, &st) != 0)
		return ferr_set(e, FOLIO_ENOTFOUND, "%s: %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return ferr_set(e, FOLIO_ENOTFOUND, "%s: not a directory", dir);
	v.dir = dir;
	v.fn = fn;
	v.fn_ctx = fn_ctx;
	v.out = out;
	v.pr = (struct progress){ progress, progress_ctx, "checksums", 0, 0, false };

	check_bagit_txt(&v);
	if ((err = find_manifests(&v, e)))
		goto done;
	if (v.npayload_mans == 0)
		problem(&v, SNAPSHOT_INVALID, "manifest-sha256.txt", "the bag has no payload manifest");
	for (size_t m = 0; m < v.nmans; m++)
		read_manifest(&v, (int)m);
	check_tag_coverage(&v);
	if (v.nentries > 1)
		qsort(v.entries, v.nentries, sizeof(*v.entries), cmp_listed);

	char *data_dir = xasprintf("%s/data", dir);
	if (stat(data_dir, &st) != 0 || !S_ISDIR(st.st_mode))
		problem(&v, SNAPSHOT_MISSING, "data/", "the payload directory");
	else
		walk_payload(&v, "data");
	free(data_dir);
	for (size_t i = 0; i < v.disk.n; i++) {
		out->bytes += v.disk_sizes[i];
		v.pr.total += v.disk_sizes[i];
	}
	out->files = v.disk.n;
	for (size_t i = 0; i < v.nentries; i++)
		if (v.mans[v.entries[i].manifest].tag) {
			char *full = xasprintf("%s/%s", dir, v.entries[i].path);
			if (stat(full, &st) == 0)
				v.pr.total += (unsigned long long)st.st_size;
			free(full);
		}

	/* Walk the listed paths (sorted) beside the payload on disk (sorted). */
	size_t d = 0;
	for (size_t i = 0; i < v.nentries && !err;) {
		size_t j = i;
		bool tag = v.mans[v.entries[i].manifest].tag;
		while (j < v.nentries && !strcmp(v.entries[j].path, v.entries[i].path))
			j++;
		if (tag) {
			enum tag_read there = tag_file_there(&v, v.entries[i].path);
			if (there != TAG_REFUSED)
				err = check_group(&v, i, j, there == TAG_OK, e);
			i = j;
			continue;
		}
		int c = -1;
		while (d < v.disk.n && (c = strcmp(v.disk.v[d], v.entries[i].path)) < 0) {
			problem(&v, SNAPSHOT_EXTRA, v.disk.v[d], "in no manifest");
			d++;
		}
		bool on_disk = d < v.disk.n && c == 0;
		if (on_disk)
			d++;
		/* Every payload file must be in every payload manifest. */
		size_t k = i;
		for (size_t m = 0; m < v.npayload_mans; m++) {
			while (k < j && v.entries[k].manifest < (int)m)
				k++;
			if ((k == j || v.entries[k].manifest != (int)m) && on_disk)
				problem(&v, SNAPSHOT_INVALID, v.entries[i].path, "not in %s", v.mans[m].name);
		}
		err = check_group(&v, i, j, on_disk, e);
		i = j;
	}
	for (; d < v.disk.n && !err; d++)
		problem(&v, SNAPSHOT_EXTRA, v.disk.v[d], "in no manifest");
	if (err)
		goto done;
	check_oxum(&v);
	check_evidence(&v);

	struct buf algs = BUF_INIT;
	for (size_t m = 0; m < v.npayload_mans; m++)
		if (v.mans[m].alg >= 0)
			buf_addf(&algs, "%s%s", algs.len ? " " : "", alg_names[v.mans[m].alg]);
	snprintf(out->algorithms, sizeof(out->algorithms), "%s", algs.data);
	buf_release(&algs);
done:
	for (size_t i = 0; i < v.nentries; i++) {
		free(v.entries[i].path);
		free(v.entries[i].sum);
	}
	free(v.entries);
	for (size_t m = 0; m < v.nmans; m++)
		free(v.mans[m].name);
	free(v.mans);
	pathlist_release(&v.disk);
	pathlist_release(&v.refused);
	free(v.disk_sizes);
	return err;
}
