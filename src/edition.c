/* edition.c - choosing, ordering and printing an edition's articles. */
#define _DEFAULT_SOURCE /* realpath */
#include "edition.h"
#include "layout/image.h"
#include "layout/imagefit.h"
#include "tempfile.h"
#include "fonts.h"
#include "hash.h"
#include "markup.h"
#include "pdf.h"
#include "layout/layout.h"
#include "layout/paginate.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Sections in the order of their first article; articles by date within. */
struct entry {
	struct record r;
	size_t section_rank;
	size_t order;
};

static int cmp_entry(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	if (a->section_rank != b->section_rank)
		return a->section_rank < b->section_rank ? -1 : 1;
	return a->order < b->order ? -1 : a->order > b->order;
}

static bool same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* "2019-01-29T15:42:00+08:00" -> "2019年1月29日 15:42". */
static void chinese_date(const char *iso, struct buf *out)
{
	int y, m, d, hh, mm;
	if (!iso)
		return;
	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &m, &d, &hh, &mm) == 5)
		buf_addf(out, "%d年%d月%d日 %02d:%02d", y, m, d, hh, mm);
	else if (sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) == 3)
		buf_addf(out, "%d年%d月%d日", y, m, d);
}

static void byline(const struct record *r, struct buf *out)
{
	if (r->authors_text)
		buf_addf(out, "文／%s", r->authors_text);
	if (r->contributors_text)
		buf_addf(out, "%s通讯员／%s", out->len ? "　" : "", r->contributors_text);
	if (r->source)
		buf_addf(out, "%s来源：%s", out->len ? "　" : "", r->source);
	if (r->published) {
		if (out->len)
			buf_adds(out, "　");
		chinese_date(r->published, out);
	}
}

static void endnote(const struct record *r, struct buf *out)
{
	if (r->editor)
		buf_addf(out, "（责任编辑：%s）", r->editor);
	if (r->correction)
		buf_addf(out, "%s纠错：%s", out->len ? "　" : "", r->correction);
}

static void metadata(const struct record *r, struct buf *out)
{
	buf_addf(out, "档案编号：%lld（第%d版）", r->id, r->revision);
	if (r->url)
		buf_addf(out, "\n原文网址：%s", r->url);
	if (r->filename)
		buf_addf(out, "\n原始文件：%s（%s）", r->filename, r->encoding ? r->encoding : "");
	if (r->sha256)
		buf_addf(out, "\nSHA-256：%s", r->sha256);
}


/* The images of one edition, written from the archive into tmpdir once
 * each (by SHA-256), for layout and the PDF: printing never reads the
 * paths an article's Markdown names, only what the archive kept. */
struct image_files {
	char *tmpdir;
	char **sha, **path;
	size_t n;
	int scaled;       /* how many were scaled down for print */
	int to_rgb;       /* how many CMYK photos were converted to RGB */
	int unusable;     /* CMYK photos PDF/A cannot hold that could not be converted */
	int max_w, max_h; /* pixels: 300 dpi at a column's width, most of its height */
	int wide_w;       /* pixels: 300 dpi across the text, for a figure that spans */
	int *fit_w;       /* per file: the max_w it was made for */
	const struct layout *lay;
	bool rgb_only;    /* PDF/A (sRGB output intent): CMYK photos converted */
};

static void image_files_release(struct image_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->sha[i]);
		free(f->path[i]);
	}
	free(f->sha);
	free(f->path);
	free(f->fit_w);
	if (f->tmpdir)
		temp_remove(f->tmpdir);
	free(f->tmpdir);
	memset(f, 0, sizeof(*f));
}

/* The file of the image with that hash, written on first use; NULL when
 * it cannot be (purged, damaged, or no temporary directory). */
static const char *image_file(struct archive *a, struct image_files *f, const char *sha,
			      const char *media_type, int max_w, int max_h)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->sha[i], sha) && f->fit_w[i] == max_w)
			return f->path[i];
	struct ferr e = FERR_INIT;
	if (!f->tmpdir) {
		const char *t = getenv("TMPDIR");
		if (temp_dir(t && *t ? t : "/tmp", "images", &f->tmpdir, &e))
			return NULL;
	}
	struct buf bytes = BUF_INIT;
	char *path = NULL;
	if (!archive_image_data(a, sha, &bytes, &e)) {
		/* No more pixels than 300 dpi at the largest size it can print. */
		struct buf fit = BUF_INIT;
		int fw, fh;
		int did = image_fit((const unsigned char *)bytes.data, bytes.len, media_type, max_w,
				    max_h, f->rgb_only, &fit, &fw, &fh, &e);
		if (did == IMAGE_FIT_UNUSABLE) {
			/* Printed as its description, as a missing image is. */
			buf_release(&fit);
			buf_release(&bytes);
			f->unusable++;
			return NULL;
		}
		if (did > 0) {
			buf_release(&bytes);
			bytes = fit;
			f->scaled += (did & IMAGE_FIT_SCALED) != 0;
			f->to_rgb += (did & IMAGE_FIT_TO_RGB) != 0;
		} else {
			buf_release(&fit);
		}
		path = xasprintf("%s/%s-%d.%s", f->tmpdir, sha, max_w, image_extension(media_type));
		FILE *out = fopen(path, "wb");
		bool ok = out && fwrite(bytes.data, 1, bytes.len, out) == bytes.len;
		if (out && fclose(out) != 0)
			ok = false;
		if (!ok) {
			free(path);
			path = NULL;
		}
	}
	buf_release(&bytes);
	if (!path)
		return NULL;
	f->sha = xgrow(f->sha, f->n, sizeof(*f->sha));
	f->path = xgrow(f->path, f->n, sizeof(*f->path));
	f->fit_w = xgrow(f->fit_w, f->n, sizeof(*f->fit_w));
	f->fit_w[f->n] = max_w;
	f->sha[f->n] = xstrdup(sha);
	f->path[f->n++] = path;
	return path;
}

/* Point each image block of article r's body at its file from the archive. */
static int attach_images(struct archive *a, const struct record *r, struct blocks *body,
			 struct image_files *f, int *printed, struct ferr *e)
{
	struct archive_image_row *rows = NULL;
	size_t nrows = 0;
	int err = 0;
	for (size_t b = 0; b < body->n && !err; b++) {
		struct block *bl = &body->v[b];
		if (bl->type != BLOCK_IMAGE || !bl->url)
			continue;
		if (!rows && (err = archive_images(a, r->id, r->revision, &rows, &nrows, e)))
			break;
		for (size_t i = 0; i < nrows; i++)
			if (!strcmp(rows[i].ref, bl->url) && rows[i].sha256 && !rows[i].purged) {
				/* A figure across the columns prints wider. */
				bool wide = layout_figure_spans(f->lay, rows[i].width, rows[i].height,
								bl->quote || bl->list);
				const char *path = image_file(a, f, rows[i].sha256, rows[i].media_type,
							      wide ? f->wide_w : f->max_w, f->max_h);
				if (path) {
					bl->file = xstrdup(path);
					(*printed)++;
				}
				break;
			}
	}
	archive_image_rows_free(rows, nrows);
	return err;
}

static int measure_advance(void *ctx, enum font_role role, uint32_t cp)
{
	return fontset_advance(ctx, role, cp);
}

char *edition_data_dir(void)
{
	const char *env = getenv("FOLIO_DATA");
	if (env && *env)
		return xstrdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 2; up++) {
			char *slash = strrchr(exe, '/');
			if (!slash)
				break;
			*slash = '\0';
			char *roles = xasprintf("%s/fonts/roles", exe);
			struct stat st;
			bool found = stat(roles, &st) == 0;
			free(roles);
			if (found)
				return xstrdup(exe);
		}
	}
	return xstrdup(".");
}

struct hyphenator *edition_hyphenator(struct ferr *e)
{
	const char *dict = getenv("FOLIO_HYPHEN_DICT");
	return hyphenator_open(dict && *dict ? dict : HYPHEN_DICT_DEFAULT, e);
}

int edition_make(struct archive *a, const struct edition_request *rq, struct edition_outcome *out,
		 struct ferr *e)
{
	long long *ids = NULL;
	size_t nids = 0;
	struct entry *ents = NULL;
	struct blocks *bodies = NULL;
	struct page_article *arts = NULL;
	struct buf *strs = NULL; /* byline, endnote, meta per article */
	struct layout lay;
	bool have_layout = false;
	struct fontset *fs = NULL;
	struct display d;
	struct paginate_result res = { 0 };
	struct image_files imgs = { 0 };
	int images = 0; /* image blocks printed from the archive */
	size_t n = 0;
	int err = 0;

	memset(out, 0, sizeof(*out));
	display_init(&d);
	if ((err = select_articles(a, &rq->q, &ids, &nids, e)))
		goto done;
	if (nids == 0) {
		err = ferr_set(e, FOLIO_ENOTFOUND, "no articles in that selection");
		goto done;
	}
	n = nids;
	ents = xcalloc(n, sizeof(*ents));
	for (size_t i = 0; i < n; i++) {
		if ((err = archive_get(a, ids[i], &ents[i].r, e))) {
			n = i;
			goto done;
		}
		ents[i].order = i;
		/* Only explicit ids reach a tombstone: a deleted article is out
		 * of print as it is out of list and search. */
		const struct record *r = &ents[i].r;
		if (r->deleted) {
			err = ferr_set(e, FOLIO_EINPUT,
				       "article %lld was %s on %s (reason: %s; audit entry %lld): a "
				       "deleted article is not laid out",
				       r->id, r->purged ? "purged" : "deleted", r->deleted,
				       r->delete_reason ? r->delete_reason : "none given", r->delete_entry);
			n = i + 1;
			goto done;
		}
	}
	/* Rank sections by their first article. */
	for (size_t i = 0; i < n; i++) {
		ents[i].section_rank = i;
		for (size_t k = 0; k < i; k++)
			if (same(ents[k].r.section, ents[i].r.section)) {
				ents[i].section_rank = ents[k].section_rank;
				break;
			}
	}
	qsort(ents, n, sizeof(*ents), cmp_entry);

	char *layouts = xasprintf("%s/layouts", rq->data_dir);
	err = layout_load(layouts, rq->layout ? rq->layout : "monthly", &lay, e);
	free(layouts);
	if (err)
		goto done;
	have_layout = true;
	char *fonts = xasprintf("%s/fonts", rq->data_dir);
	err = fontset_open(fonts, &fs, e);
	free(fonts);
	if (err)
		goto done;

	d.pdfa = lay.pdfa;
	if (rq->pdfa) {
		int level = display_pdfa_by_name(rq->pdfa);
		if (level < 0) {
			err = ferr_set(e, FOLIO_EUSAGE, "--pdfa %s: must be 2u, 3u or none", rq->pdfa);
			goto done;
		}
		d.pdfa = (enum display_pdfa)level;
	}
	imgs.rgb_only = d.pdfa != DISPLAY_PDFA_NONE;
	/* Layout prints a photo at most a column wide and 0.6 of its height. */
	imgs.max_w = (int)(layout_column_width(&lay) / 72 * 300 + 0.5);
	imgs.max_h = (int)((lay.page_h - lay.margin_top - lay.margin_bottom) * 0.6 / 72 * 300 + 0.5);
	imgs.wide_w = (int)(layout_text_width(&lay) / 72 * 300 + 0.5);
	imgs.lay = &lay;
	bodies = xcalloc(n, sizeof(*bodies));
	arts = xcalloc(n, sizeof(*arts));
	strs = xcalloc(3 * n, sizeof(*strs));
	long long created = 0;
	for (size_t i = 0; i < n; i++) {
		const struct record *r = &ents[i].r;
		markup_blocks(r->body, strlen(r->body), &bodies[i]);
		if ((err = attach_images(a, r, &bodies[i], &imgs, &images, e)))
			goto done;
		byline(r, &strs[3 * i]);
		endnote(r, &strs[3 * i + 1]);
		if (lay.metadata_block)
			metadata(r, &strs[3 * i + 2]);
		arts[i] = (struct page_article){ r->section, r->title, r->subtitle, strs[3 * i].data,
						 strs[3 * i + 1].data,
						 lay.metadata_block ? strs[3 * i + 2].data : NULL,
						 &bodies[i], r->kicker };
		long long t = iso8601_epoch(r->ingested);
		if (t > created)
			created = t;
	}
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde)
		created = strtoll(sde, NULL, 10);

	struct buf month = BUF_INIT, issue = BUF_INIT, title = BUF_INIT;
	int y, m;
	if (rq->q.sel.month && sscanf(rq->q.sel.month, "%4d-%2d", &y, &m) == 2)
		buf_addf(&month, "%d年%d月", y, m);
	else if (rq->q.sel.from || rq->q.sel.to)
		buf_addf(&month, "%s至%s", rq->q.sel.from ? rq->q.sel.from : "",
			 rq->q.sel.to ? rq->q.sel.to : "");
	if (rq->issue > 0)
		buf_addf(&issue, "第%d期", rq->issue);
	if (rq->title)
		buf_adds(&title, rq->title);
	else if (n == 1 && !lay.cover)
		buf_adds(&title, ents[0].r.title);
	else
		buf_addf(&title, "%s%s%s%s%s", lay.masthead, month.len ? "　" : "", month.data,
			 issue.len ? "　" : "", issue.data);
	struct edition_info info = { title.data, month.len ? month.data : NULL,
				     issue.len ? issue.data : NULL, created };
	struct measurer meas = { fs, measure_advance };
	struct hyphenator *own = NULL;
	const struct hyphenator *hyph = rq->hyph;
	if (lay.hyphenate && !hyph) {
		struct ferr he = FERR_INIT;
		hyph = own = edition_hyphenator(&he);
		if (!own)
			snprintf(out->hyphen_warning, sizeof(out->hyphen_warning), "%s", he.msg);
	}
	err = paginate(&lay, &meas, hyph, arts, n, &info, &d, &res, e);
	hyphenator_close(own);
	/* The display list holds copies of all it shows: the articles' text
	 * and blocks are not needed while the PDF is written. */
	for (size_t i = 0; i < n; i++) {
		blocks_release(&bodies[i]);
		free(ents[i].r.body);
		ents[i].r.body = NULL;
	}
	if (!err && rq->nattachments && d.pdfa != DISPLAY_PDFA_3U)
		err = ferr_set(e, FOLIO_EUSAGE, "files embedded in a PDF need PDF/A-3u, not %s",
			       display_pdfa_name(d.pdfa));
	d.attachments = rq->attachments;
	d.nattachments = rq->nattachments;
	struct written_sum sum;
	if (!err && !(err = pdf_write_summed(&d, fs, rq->output, &sum, e))) {
		memcpy(out->sha256, sum.sha256, sizeof(out->sha256));
		out->bytes = (size_t)sum.bytes;
	}
	out->pages = res.pages;
	out->articles = n;
	out->images = images;
	out->images_scaled = imgs.scaled;
	out->images_to_rgb = imgs.to_rgb;
	out->images_unusable = imgs.unusable;
	out->lines = res.lines;
	out->clreq_breaks = res.clreq_breaks;
	out->forced_breaks = res.forced_breaks;
	out->hyphenated = res.hyphenated;
	out->loose = res.loose;
	for (size_t i = 0; i < res.nmissing && i < ARRAY_SIZE(out->missing); i++)
		out->missing[out->nmissing++] = res.missing[i];
	if (!err && rq->record) {
		struct buf sel = BUF_INIT, list = BUF_INIT;
		char *desc = article_query_describe(&rq->q);
		buf_adds(&sel, desc);
		free(desc);
		buf_addc(&list, '[');
		for (size_t i = 0; i < n; i++)
			buf_addf(&list, "%s[%lld,%d]", i ? "," : "", ents[i].r.id, ents[i].r.revision);
		buf_addc(&list, ']');
		struct edition_row row = { sel.data, lay.name, title.data, res.pages, out->sha256,
					   out->bytes, rq->output, list.data };
		err = archive_record_edition(a, &row, &out->edition_id, e);
		buf_release(&sel);
		buf_release(&list);
	}
	buf_release(&month);
	buf_release(&issue);
	buf_release(&title);
done:
	for (size_t i = 0; i < n; i++) {
		record_release(&ents[i].r);
		if (bodies)
			blocks_release(&bodies[i]);
	}
	if (strs)
		for (size_t i = 0; i < 3 * n; i++)
			buf_release(&strs[i]);
	free(strs);
	free(arts);
	free(bodies);
	free(ents);
	free(ids);
	display_release(&d);
	paginate_result_release(&res);
	image_files_release(&imgs);
	if (fs)
		fontset_close(fs);
	if (have_layout)
		layout_release(&lay);
	return err;
}
