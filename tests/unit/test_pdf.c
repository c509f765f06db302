/* Unit tests: writing a display list as PDF.  The file is checked with the
 * tools a reader would use (qpdf, pdffonts, pdftotext, pdfinfo, pdftoppm):
 * structure, embedded subset fonts with ToUnicode maps, text that extracts
 * (Extension B and pinyin included) without warnings, byte-identical
 * rewrites, and ink where the glyphs should be. */
#include "test.h"
#include "fonts.h"
#include "hash.h"
#include "pdf.h"
#include "pdfpack.h"
#include "utf8.h"

#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE_W 420.0
#define PAGE_H 595.0
#define DPI 100.0

static char dir[] = "/tmp/folio-pdf.XXXXXX";

/* Glyphs the ink test looks at: where they were drawn. */
struct probe {
	const char *what;
	enum font_role font;
	double x, y, size;
	uint32_t cp;
	double lo, hi; /* the band of the em box to look in, from the baseline */
};

static struct probe probes[] = {
	{ "中 (serif)", FONT_SERIF, 40, 330, 48, 0x4E2D, -0.1, 0.85 },
	{ "𠮷 (rare-b)", FONT_RARE_B, 110, 330, 48, 0x20BB7, -0.1, 0.85 },
	{ "𬭶 (rare-b)", FONT_RARE_B, 180, 330, 48, 0x2CB76, -0.1, 0.85 },
	/* The marks of ǖ sit above the x-height: look only there. */
	{ "the marks of ǖ (latin)", FONT_LATIN, 250, 330, 48, 0x01D6, 0.62, 0.95 },
	{ "the marks of ǘ (serif)", FONT_SERIF, 320, 330, 48, 0x01D8, 0.62, 0.95 },
};

static char *run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Run a shell command; returns its exit status (-1 if it did not run). */
static int shell(const char *cmd)
{
	int st = system(cmd);
	return st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char *slurp(const char *path)
{
	unsigned char *data;
	size_t len;
	return read_file(path, &data, &len, NULL) == 0 ? (char *)data : xstrdup("");
}

static char *run(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char cmd[2048];
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	char *full = xasprintf("%s >%s/out.txt 2>%s/err.txt", cmd, dir, dir);
	int st = shell(full);
	free(full);
	char *path = xasprintf("%s/out.txt", dir);
	char *out = slurp(path);
	free(path);
	if (st != 0) {
		printf("# '%s' exited with %d\n", cmd, st);
		free(out);
		return NULL;
	}
	return out;
}

/* Lines of file containing the fixed string s (binary files too). */
static int grep_count(const char *file, const char *s)
{
	char *out = run("(grep -a -c -F -e '%s' '%s'; true)", s, file);
	int n = out ? atoi(out) : -1;
	free(out);
	return n;
}

static char *run_stderr(void)
{
	char *path = xasprintf("%s/err.txt", dir);
	char *err = slurp(path);
	free(path);
	return err;
}

static void text(struct display *d, int p, double x, double y, enum font_role f, double size,
		 const char *s)
{
	display_text(d, p, x, y, f, size, 0, s, strlen(s), -1);
}

static void build(struct display *d, struct fontset *fs)
{
	display_init(d);
	int p = display_add_page(d, PAGE_W, PAGE_H);
	text(d, p, 40, 540, FONT_SANS, 18, "折叠测试：今日要闻");
	display_text(d, p, 40, 510, FONT_SERIF, 10.5, 0.75, "中文排版测试，天地玄黄，宇宙洪荒。",
		     strlen("中文排版测试，天地玄黄，宇宙洪荒。"), 0);
	text(d, p, 40, 490, FONT_LATIN, 10.5, "Hello, folio! Pinyin: l\xc7\x96 l\xc7\x98 l\xc7\x9a l\xc7\x9c");
	text(d, p, 40, 470, FONT_SERIF, 10.5, "拼音：l\xc7\x96 l\xc7\x98 l\xc7\x9a l\xc7\x9c");
	text(d, p, 40, 450, FONT_RARE_B, 10.5, "\xf0\xa0\xae\xb7\xf0\xac\xad\xb6");
	text(d, p, 40, 430, FONT_KAI, 10.5, "楷体强调");
	text(d, p, 40, 415, FONT_MONO, 9, "int main(void) { return 0; }");
	/* A private-use character of the document's own, beside the astral
	 * ones that get private-use code points. */
	text(d, p, 200, 450, FONT_RARE_B, 10.5, "\xee\x80\x80");
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++) {
		char s[8];
		int n = utf8_encode(probes[i].cp, s);
		if (probes[i].cp == 0x01D6 || probes[i].cp == 0x01D8) {
			/* After an "l", so the mark must be found over the right letter. */
			probes[i].x += fontset_advance(fs, probes[i].font, 'l') * probes[i].size / 1000;
			text(d, p, probes[i].x - fontset_advance(fs, probes[i].font, 'l') *
						     probes[i].size / 1000,
			     probes[i].y, probes[i].font, probes[i].size, "l");
		}
		display_text(d, p, probes[i].x, probes[i].y, probes[i].font, probes[i].size, 0, s,
			     (size_t)n, -1);
	}
	display_rule(d, p, 40, 400, 380, 400, 0.5, 0);
	display_rule(d, p, 40, 300, 380, 300, 2, 0.5f);
	struct display_item *rect;
	display_rule(d, p, 40, 200, 200, 260, 1, 0.9f);
	rect = &d->pages[p].items[d->pages[p].n - 1];
	rect->kind = DISPLAY_RECT; /* display.h has no display_rect() yet */
	display_image(d, p, 220, 200, 48, 32, "tests/data/pdf/alpha.png");
	display_image(d, p, 280, 200, 67, 94, "tests/data/pdf/photo.jpg");
	display_image(d, p, 360, 200, 24, 16, "tests/data/pdf/alpha.png");
	display_link(d, p, 40, 100, 200, 120, "https://example.org/folio?a=1&b=2");
	text(d, p, 40, 105, FONT_LATIN, 10, "https://example.org/folio");

	int p2 = display_add_page(d, PAGE_W, PAGE_H);
	text(d, p2, 40, 540, FONT_SERIF, 12, "第二版：国内新闻");
	text(d, p2, 40, 520, FONT_LATIN_BOLD, 12, "Bold");
	text(d, p2, 100, 520, FONT_LATIN_ITALIC, 12, "Italic");
	text(d, p2, 160, 520, FONT_LATIN_SANS, 12, "Sans");
	text(d, p2, 220, 520, FONT_RARE, 12, "\xe3\x90\x80"); /* 㐀 U+3400, Extension A */
	text(d, p2, 260, 520, FONT_SERIF_BOLD, 12, "标题");

	display_outline(d, "第一版 要闻", 0, 0, 560);
	display_outline(d, "中文排版测试", 1, 0, 520);
	display_outline(d, "第二版 国内", 0, 1, 560);
	display_outline(d, "国内新闻", 1, 1, 550);
	d->title = xstrdup("测试版 folio");
	d->author = xstrdup("编辑部");
	d->subject = xstrdup("PDF 测试");
	d->keywords = xstrdup("folio, 测试");
	d->created = 1700000000; /* 2023-11-14T22:13:20Z */
}

/* A P5 PGM (what pdftoppm -gray writes). */
struct pgm {
	int w, h;
	unsigned char *px;
};

static bool read_pgm(const char *path, struct pgm *g)
{
	unsigned char *data;
	size_t len;
	if (read_file(path, &data, &len, NULL) < 0)
		return false;
	int maxval, off = 0;
	if (sscanf((char *)data, "P5 %d %d %d%n", &g->w, &g->h, &maxval, &off) != 3 ||
	    maxval != 255 || (size_t)off + 1 + (size_t)g->w * (size_t)g->h > len) {
		free(data);
		return false;
	}
	g->px = xmalloc((size_t)g->w * (size_t)g->h);
	memcpy(g->px, data + off + 1, (size_t)g->w * (size_t)g->h);
	free(data);
	return true;
}

/* Dark pixels in the box x0..x1, y0..y1 (PDF points). */
static int ink(const struct pgm *g, double x0, double y0, double x1, double y1)
{
	int n = 0;
	int c0 = (int)(x0 * DPI / 72), c1 = (int)(x1 * DPI / 72);
	int r0 = (int)((PAGE_H - y1) * DPI / 72), r1 = (int)((PAGE_H - y0) * DPI / 72);
	for (int r = r0 < 0 ? 0 : r0; r <= r1 && r < g->h; r++)
		for (int c = c0 < 0 ? 0 : c0; c <= c1 && c < g->w; c++)
			n += g->px[(size_t)r * (size_t)g->w + (size_t)c] < 128;
	return n;
}

static void test_ink(const char *pdf, struct fontset *fs)
{
	char *out = run("pdftoppm -r %d -gray -f 1 -l 1 -singlefile '%s' '%s/page'", (int)DPI, pdf,
			dir);
	CHECK(out != NULL, "pdftoppm renders page 1");
	free(out);
	char *path = xasprintf("%s/page.pgm", dir);
	struct pgm g;
	bool ok = read_pgm(path, &g);
	free(path);
	CHECK(ok, "and its PGM reads");
	if (!ok)
		return;
	CHECK(ink(&g, 0, 560, PAGE_W, PAGE_H) == 0, "no ink where nothing is drawn");
	for (size_t i = 0; i < ARRAY_SIZE(probes); i++) {
		const struct probe *pr = &probes[i];
		double adv = fontset_advance(fs, pr->font, pr->cp) * pr->size / 1000;
		int n = ink(&g, pr->x + 1, pr->y + pr->lo * pr->size, pr->x + adv - 1,
			    pr->y + pr->hi * pr->size);
		CHECK(n > 20, "%s has ink (%d dark pixels)", pr->what, n);
	}
	free(g.px);
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* Files in dir other than the ones the test itself makes. */
static int stray_files(void)
{
	int n = 0;
	DIR *dp = opendir(dir);
	struct dirent *de;
	while (dp && (de = readdir(dp)))
		if (de->d_name[0] == '.' && strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	if (dp)
		closedir(dp);
	return n;
}

static void test_tools(const char *pdf)
{
	char *out = run("qpdf --check '%s'", pdf);
	CHECK(out != NULL, "qpdf --check passes");
	free(out);

	out = run("pdffonts '%s'", pdf);
	CHECK(out != NULL, "pdffonts runs");
	int fonts = 0, good = 0;
	for (char *line = out ? strstr(out, "\n---") : NULL; line && (line = strchr(line + 1, '\n'));) {
		if (!line[1])
			break;
		fonts++;
		char *eol = strchr(line + 1, '\n');
		size_t n = eol ? (size_t)(eol - line - 1) : strlen(line + 1);
		char *row = xstrndup(line + 1, n);
		if (strstr(row, "CID TrueType") && strstr(row, " yes yes yes "))
			good++;
		else
			printf("# %s\n", row);
		free(row);
	}
	CHECK(fonts == FONT_ROLE_COUNT, "one font per role used (%d)", fonts);
	CHECK(good == fonts, "every font is an embedded CID TrueType subset with ToUnicode");
	free(out);

	out = run("pdftotext -enc UTF-8 '%s' -", pdf);
	char *err = run_stderr();
	CHECK(out != NULL, "pdftotext runs");
	CHECK(!strcmp(err, ""), "pdftotext has nothing to say on stderr: %s", err);
	const char *want[] = {
		"折叠测试：今日要闻", "中文排版测试，天地玄黄，宇宙洪荒。",
		"Hello, folio! Pinyin: l\xc7\x96 l\xc7\x98 l\xc7\x9a l\xc7\x9c",
		"拼音：l\xc7\x96 l\xc7\x98 l\xc7\x9a l\xc7\x9c",
		"\xf0\xa0\xae\xb7\xf0\xac\xad\xb6", "楷体强调", "int main(void) { return 0; }",
		"\xee\x80\x80", "第二版：国内新闻", "Bold", "Italic", "\xe3\x90\x80",
	};
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		CHECK(out && strstr(out, want[i]), "the text has \"%s\"", want[i]);
	free(out);
	free(err);

	out = run("pdfinfo '%s'", pdf);
	CHECK(out && strstr(out, "测试版 folio") && strstr(out, "编辑部") &&
		      strstr(out, "folio, 测试") && strstr(out, "Pages:           2"),
	      "pdfinfo shows the title, author, keywords in Chinese and 2 pages");
	CHECK(out && strstr(out, "CreationDate:") && strstr(out, "2023"), "and the creation date");
	free(out);

	out = run("qpdf --json --json-key=outlines '%s'", pdf);
	CHECK(out && strstr(out, "第一版 要闻") && strstr(out, "中文排版测试") &&
		      strstr(out, "国内新闻"),
	      "the outlines have the Chinese titles");
	/* Nested: qpdf indents a kid deeper than its parent. */
	CHECK(out && strstr(out, "\n      \"title\": \"第一版 要闻\"") &&
		      strstr(out, "\n          \"title\": \"中文排版测试\""),
	      "the article is under its section");
	free(out);

	out = run("qpdf --qdf --object-streams=disable '%s' '%s/qdf.pdf'", pdf, dir);
	CHECK(out != NULL, "qpdf --qdf expands it");
	free(out);
	char *qdf = xasprintf("%s/qdf.pdf", dir);
	CHECK(grep_count(qdf, "/URI (https://example.org/folio?a=1&b=2)") == 1 &&
		      grep_count(qdf, "/Border [") == 1 && grep_count(qdf, "/Subtype /Link") == 1,
	      "the link is a URI link annotation");
	CHECK(grep_count(qdf, "/ToUnicode") == FONT_ROLE_COUNT &&
		      grep_count(qdf, "begincidrange") == 0 && grep_count(qdf, "beginbfchar") > 0 &&
		      grep_count(qdf, "beginbfrange") > 0,
	      "ToUnicode maps use bfchar and bfrange");
	/* The document's own U+E000, which no face has, is drawn as a white
	 * square (never .notdef, PDF/A-2 6.2.11.8) and extracts as itself
	 * through /ActualText (the pdftotext check above), so the private-use
	 * code points for the astral characters may start at U+E000. */
	CHECK(grep_count(qdf, "<E000> <D842DFB7>") == 1 && grep_count(qdf, "<E001> <D872DF76>") == 1,
	      "astral characters map back as surrogate pairs, the document's own U+E000 kept");
	CHECK(grep_count(qdf, "/ActualText<feffe000>") == 1, /* qpdf writes hex in lower case */
	      "a character no face has is drawn with its text as /ActualText");
	CHECK(grep_count(qdf, "/SMask") == 1, "the PNG's alpha channel is kept (one image object)");
	CHECK(grep_count(qdf, "folio-pack-file") == 0, "no photo's placeholder is left in the file");
	free(qdf);
	/* The photo went in from its file while the PDF was packed: the same
	 * bytes, as pdfimages -j gives a DCT stream back. */
	out = run("pdfimages -j '%s' '%s/img' && ls '%s'/img-*.jpg | wc -l | grep -qx 1 && "
		  "cmp '%s'/img-*.jpg tests/data/pdf/photo.jpg",
		  pdf, dir, dir, dir);
	CHECK(out != NULL, "the JPEG in the PDF is byte for byte tests/data/pdf/photo.jpg");
	free(out);
	out = run("grep -a -c '^/ID \\[ <[0-9A-F]\\{32\\}> <[0-9A-F]\\{32\\}> \\]' '%s'", pdf);
	CHECK(out && atoi(out) == 1, "the trailer has an /ID");
	free(out);
}

/* pdf_pack on a PDF made by hand: a stream that is a photo's stub is
 * written with the file's bytes and its /Length object given their
 * number; a stub that stands for no file is refused. */
static void test_pack_files(void)
{
	struct ferr e = FERR_INIT;
	const unsigned char jpeg[] = "\xFF\xD8\xFF\xC0\x00\x0B\x08\x00\x01\x00\x01\x01\x01\x11\x00"
				     "\xFF\xDA rest of the photo \xFF\xD9";
	char *photo = xasprintf("%s/pack.jpg", dir);
	FILE *f = fopen(photo, "wb");
	fwrite(jpeg, 1, sizeof(jpeg) - 1, f);
	fclose(f);
	struct buf stub = BUF_INIT;
	pdf_pack_jpeg_stub(jpeg, 15, 0, &stub);
	for (int bad = 0; bad < 2; bad++) {
		struct buf pdf = BUF_INIT;
		size_t off[3];
		buf_adds(&pdf, "%PDF-1.7\n");
		off[0] = pdf.len;
		buf_adds(&pdf, "1 0 obj\n<</Type/Catalog/Pages 3 0 R>>\nendobj\n");
		off[1] = pdf.len;
		buf_adds(&pdf, "2 0 obj\n<</Type/XObject/Subtype/Image/Length 4 0 R>>\nstream\r\n");
		buf_add(&pdf, stub.data, stub.len);
		buf_adds(&pdf, "\nendstream\nendobj\n");
		off[2] = pdf.len;
		buf_adds(&pdf, "3 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n");
		size_t off4 = pdf.len;
		buf_addf(&pdf, "4 0 obj\n%zu\nendobj\n", stub.len);
		size_t xref = pdf.len;
		buf_addf(&pdf, "xref\n0 5\n0000000000 65535 f \n%010zu 00000 n \n%010zu 00000 n \n"
			       "%010zu 00000 n \n%010zu 00000 n \ntrailer\n<</Size 5/Root 1 0 R>>\n"
			       "startxref\n%zu\n%%%%EOF\n", off[0], off[1], off[2], off4, xref);
		struct pdf_pack_file file = { photo, stub.len + (size_t)bad };
		char *out = xasprintf("%s/packed.pdf", dir);
		int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		struct written_sum sum;
		int rc = pdf_pack((const unsigned char *)pdf.data, pdf.len, &file, 1, fd, &sum, &e);
		close(fd);
		if (bad) {
			CHECK(rc == FOLIO_EINPUT && strstr(e.msg, "object 2") &&
				      strstr(e.msg, "placeholder"),
			      "a stub of another length is refused: %s", e.msg);
		} else {
			CHECK(rc == 0, "pdf_pack with a file: %s", e.msg);
			char *got = run("qpdf --check '%s' > /dev/null && qpdf --show-object=2 --raw-stream-data '%s' | cmp - '%s' && "
					"qpdf --show-object=4 '%s'", out, out, photo, out);
			CHECK(got && atoi(got) == (int)sizeof(jpeg) - 1,
			      "the stream is the file's bytes and its /Length their number (%s)",
			      got ? got : "qpdf failed");
			free(got);
			unsigned char *back;
			size_t len;
			char hex[SHA256_HEX_LEN + 1] = "";
			if (read_file(out, &back, &len, &e) == 0) {
				sha256_hex(back, len, hex);
				free(back);
			}
			CHECK(sum.bytes == len && !strcmp(sum.sha256, hex),
			      "the sum is the written file's length and SHA-256");
		}
		free(out);
		buf_release(&pdf);
	}
	buf_release(&stub);
	free(photo);
}

static void test_errors(const struct display *d, struct fontset *fs)
{
	struct ferr e = FERR_INIT;
	CHECK(pdf_write(d, fs, "/nonexistent-dir/x.pdf", &e) == FOLIO_EIO,
	      "an unwritable directory fails with FOLIO_EIO: %s", e.msg);

	struct display bad;
	display_init(&bad);
	int p = display_add_page(&bad, PAGE_W, PAGE_H);
	text(&bad, p, 40, 40, FONT_SERIF, 12, "图");
	display_image(&bad, p, 0, 0, 10, 10, "tests/data/pdf/no-such.png");
	char *path = xasprintf("%s/bad.pdf", dir);
	CHECK(pdf_write(&bad, fs, path, &e) == FOLIO_EINPUT && strstr(e.msg, "no-such.png"),
	      "a missing image fails naming it: %s", e.msg);
	CHECK(!file_exists(path), "and leaves no file");
	display_release(&bad);

	char *img = xasprintf("%s/broken.png", dir);
	FILE *f = fopen(img, "wb");
	fputs("\x89PNG\r\n\x1a\nthis is no PNG", f);
	fclose(f);
	display_init(&bad);
	p = display_add_page(&bad, PAGE_W, PAGE_H);
	display_image(&bad, p, 0, 0, 10, 10, img);
	CHECK(pdf_write(&bad, fs, path, &e) == FOLIO_EINPUT && strstr(e.msg, "damaged PNG"),
	      "a damaged PNG fails (and libpng does not abort): %s", e.msg);
	CHECK(!file_exists(path), "and leaves no file");
	unlink(img);
	free(img);
	display_release(&bad);

	img = xasprintf("%s/broken.jpg", dir);
	f = fopen(img, "wb");
	fputs("\xff\xd8\xff\xe0 this is no JPEG", f);
	fclose(f);
	display_init(&bad);
	p = display_add_page(&bad, PAGE_W, PAGE_H);
	display_image(&bad, p, 0, 0, 10, 10, img);
	CHECK(pdf_write(&bad, fs, path, &e) == FOLIO_EINPUT && strstr(e.msg, "damaged JPEG"),
	      "a damaged JPEG fails (libharu would embed it): %s", e.msg);
	CHECK(!file_exists(path), "and leaves no file");
	unlink(img);
	free(img);
	display_release(&bad);

	display_init(&bad);
	CHECK(pdf_write(&bad, fs, path, &e) == FOLIO_EUSAGE, "no pages: %s", e.msg);
	CHECK(!file_exists(path), "and no file");
	p = display_add_page(&bad, PAGE_W, PAGE_H);
	display_outline(&bad, "无处", 0, 3, 100);
	CHECK(pdf_write(&bad, fs, path, &e) == FOLIO_EUSAGE && strstr(e.msg, "无处"),
	      "an outline entry pointing at no page: %s", e.msg);
	display_release(&bad);
	display_init(&bad);
	CHECK(!file_exists(path), "and no file");
	p = display_add_page(&bad, 1, 1); /* libharu's minimum page size is 3 pt */
	CHECK(pdf_write(&bad, fs, path, &e) == FOLIO_EIO && strstr(e.msg, "0x1054"),
	      "an impossible page size fails with libharu's code: %s", e.msg);
	CHECK(!file_exists(path), "and leaves no file");
	display_release(&bad);
	free(path);
	CHECK(stray_files() == 0, "no temporary files are left behind");
}

/* Text the fonts cannot show, or that is not even UTF-8, still makes a
 * valid PDF whose text extracts without complaint. */
static void test_odd_text(struct fontset *fs)
{
	struct ferr e = FERR_INIT;
	struct display d;
	display_init(&d);
	int p = display_add_page(&d, PAGE_W, PAGE_H);
	text(&d, p, 40, 500, FONT_SERIF, 12, "缺字\xf4\x8f\xbf\xbd与坏字节\xff\xc3(完)");
	text(&d, p, 40, 480, FONT_LATIN, 12, "中 not in DejaVu");
	text(&d, p, 40, 460, FONT_LATIN, 12, "");
	char *path = xasprintf("%s/odd.pdf", dir);
	CHECK(pdf_write(&d, fs, path, &e) == 0, "unknown, missing and invalid characters: %s",
	      e.msg);
	char *out = run("pdftotext -enc UTF-8 '%s' -", path);
	char *err = run_stderr();
	CHECK(out && strstr(out, "缺字") && strstr(out, "与坏字节\xef\xbf\xbd\xef\xbf\xbd(完)") &&
		      strstr(out, "not in DejaVu"),
	      "the text extracts, invalid bytes as U+FFFD");
	CHECK(!strcmp(err, ""), "without warnings: %s", err);
	free(out);
	free(err);
	out = run("qpdf --check '%s'", path);
	CHECK(out != NULL, "qpdf --check passes");
	free(out);
	unlink(path);
	free(path);
	display_release(&d);
}

/* Any set of glyphs makes a PDF.  libharu once failed with 0x1033 on one
 * glyph set in some thousands (a headline of eight characters, 图片与透明度
 * 测试): the size of its font program decided it.  Here: that headline, then
 * documents of random glyph sets drawn from every role's own characters,
 * each role at once, all written and checked (seeded, so a failure
 * repeats). */
#define GLYPH_DOCS 150

static void test_glyph_sets(struct fontset *fs)
{
	struct ferr e = FERR_INIT;
	uint32_t *cover[FONT_ROLE_COUNT];
	size_t ncover[FONT_ROLE_COUNT];
	uint64_t seed = 0x9E3779B97F4A7C15ull;
	char *path = xasprintf("%s/glyphs.pdf", dir);
	int failed = 0;
	struct display d;

	display_init(&d);
	int p = display_add_page(&d, PAGE_W, PAGE_H);
	text(&d, p, 40, 500, FONT_SANS, 22, "图片与透明度测试");
	CHECK(pdf_write(&d, fs, path, &e) == 0, "the headline that made libharu fail: %s", e.msg);
	display_release(&d);

	for (int r = 0; r < FONT_ROLE_COUNT; r++) {
		size_t cap = 1024;
		cover[r] = xmalloc(cap * sizeof(uint32_t));
		ncover[r] = 0;
		for (uint32_t cp = 0x21; cp < 0x30000; cp++) {
			if ((cp >= 0xD800 && cp < 0xE000) || !fontset_has(fs, (enum font_role)r, cp))
				continue;
			if (ncover[r] == cap)
				cover[r] = xrealloc(cover[r], (cap *= 2) * sizeof(uint32_t));
			cover[r][ncover[r]++] = cp;
		}
	}
	for (int doc = 0; doc < GLYPH_DOCS && !failed; doc++) {
		display_init(&d);
		p = display_add_page(&d, PAGE_W, PAGE_H);
		for (int r = 0; r < FONT_ROLE_COUNT; r++) {
			char s[64 * 4 + 1];
			size_t len = 0;
			if (!ncover[r])
				continue;
			seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
			int k = 1 + (int)(seed % 48);
			for (int i = 0; i < k; i++) {
				seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
				len += utf8_encode(cover[r][seed % ncover[r]], s + len);
			}
			s[len] = '\0';
			text(&d, p, 40, 560 - 24 * r, (enum font_role)r, 9 + r, s);
		}
		if (pdf_write(&d, fs, path, &e) != 0) {
			failed = 1;
			printf("# document %d of random glyph sets: %s\n", doc, e.msg);
		}
		display_release(&d);
	}
	CHECK(!failed, "%d documents of random glyph sets in all %d roles are written", GLYPH_DOCS,
	      (int)FONT_ROLE_COUNT);
	char *out = run("qpdf --check '%s'", path);
	CHECK(out != NULL, "the last passes qpdf --check");
	free(out);
	for (int r = 0; r < FONT_ROLE_COUNT; r++)
		free(cover[r]);
	unlink(path);
	free(path);
}

/* Two roles on one face share one embedded subset. */
static void test_shared_face(void)
{
	struct ferr e = FERR_INIT;
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = '\0';
	struct buf roles = BUF_INIT;
	for (int r = 0; r < FONT_ROLE_COUNT; r++)
		buf_addf(&roles, "%s %s/fonts/prepared/%s.ttf\n", font_role_name(r), cwd,
			 r == FONT_LATIN_BOLD ? "latin" : font_role_name(r));
	char *path = xasprintf("%s/roles", dir);
	FILE *f = fopen(path, "w");
	fputs(roles.data, f);
	fclose(f);
	buf_release(&roles);
	struct fontset *fs;
	CHECK(fontset_open(dir, &fs, &e) == 0, "a roles file with latin-bold = latin: %s", e.msg);
	unlink(path);
	free(path);
	if (!fs)
		return;
	struct display d;
	display_init(&d);
	int p = display_add_page(&d, PAGE_W, PAGE_H);
	text(&d, p, 40, 500, FONT_LATIN, 12, "plain");
	text(&d, p, 40, 480, FONT_LATIN_BOLD, 12, "bold");
	text(&d, p, 40, 460, FONT_SERIF, 12, "中文");
	path = xasprintf("%s/shared.pdf", dir);
	CHECK(pdf_write(&d, fs, path, &e) == 0, "writes: %s", e.msg);
	char *out = run("pdffonts '%s' | tail -n +3 | wc -l", path);
	CHECK(out && atoi(out) == 2, "with two fonts, not three");
	free(out);
	out = run("pdftotext '%s' -", path);
	CHECK(out && strstr(out, "plain") && strstr(out, "bold") && strstr(out, "中文"),
	      "and all the text");
	free(out);
	unlink(path);
	free(path);
	display_release(&d);
	fontset_close(fs);
}

/* Runs that go on one line are placed from where the run before them ended
 * (a TJ adjustment), runs on other lines by moves from the line before:
 * each must still land exactly where the display list put it, with its
 * text intact (CIDs whose bytes are ( ) \\ CR LF are escaped). */
static void test_positions(struct fontset *fs)
{
	struct display d;
	display_init(&d);
	int p = display_add_page(&d, PAGE_W, PAGE_H);
	struct { double x, y; enum font_role f; double size, cs; const char *s; } runs[] = {
		{ 40, 500, FONT_SERIF, 10.5, 0.37, "上不小丨丩" },      /* 4E0A 4E0D 5C0F 4E28 4E29 */
		{ 130.25, 500, FONT_LATIN, 10.5, 0, "f(x)\\y" },
		{ 190.5, 500, FONT_SERIF, 10.5, 0.125, "中文" },
		{ 240, 500, FONT_SANS, 14, 0, "标题" },
		{ 60.75, 470.5, FONT_SERIF, 9, 0, "下一行" },            /* back to the left */
		{ 300, 470.5, FONT_LATIN_BOLD, 9, 0.2, "far" },         /* beyond a TJ's reach */
		{ 100, 300, FONT_MONO, 9, 0, "(((" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++)
		display_text(&d, p, runs[i].x, runs[i].y, runs[i].f, runs[i].size, runs[i].cs,
			     runs[i].s, strlen(runs[i].s), -1);
	char *pdf = xasprintf("%s/positions.pdf", dir);
	struct ferr e = FERR_INIT;
	CHECK(pdf_write(&d, fs, pdf, &e) == 0, "pdf_write: %s", e.msg);
	char *out = run("pdftotext -bbox -enc UTF-8 '%s' -", pdf);
	CHECK(out != NULL, "pdftotext -bbox runs");
	for (size_t i = 0; out && i < ARRAY_SIZE(runs); i++) {
		/* <word xMin="40.000000" yMin=... >text</word>, text escaped */
		char *esc = xstrdup(runs[i].s);
		bool found = false;
		double xmin = -1;
		for (char *w = strstr(out, "<word "); w; w = strstr(w + 1, "<word ")) {
			char *gt = strchr(w, '>'), *end = gt ? strstr(gt, "</word>") : NULL;
			if (!end || (size_t)(end - gt - 1) != strlen(esc) ||
			    memcmp(gt + 1, esc, strlen(esc)))
				continue;
			found = true;
			xmin = strtod(strstr(w, "xMin=\"") + 6, NULL);
			break;
		}
		CHECK(found, "run %zu (\"%s\") comes back whole", i, runs[i].s);
		CHECK(fabs(xmin - runs[i].x) < 0.02, "run %zu starts at %.2f (at %.3f)", i, runs[i].x,
		      xmin);
		free(esc);
	}
	free(out);
	free(pdf);
	display_release(&d);

	/* An artifact (the hyphen of a word broken at a line end) is drawn but
	 * extracts as nothing: "hyphen-" + "ation" gives "hyphen", "ation". */
	display_init(&d);
	p = display_add_page(&d, PAGE_W, PAGE_H);
	display_text(&d, p, 40, 300, FONT_LATIN, 40, 0, "hyphen", 6, -1);
	double w = 0;
	for (const char *c = "hyphen"; *c; c++)
		w += fontset_advance(fs, FONT_LATIN, (uint32_t)*c) * 40.0 / 1000;
	display_artifact(&d, p, 40 + w, 300, FONT_LATIN, 40, "-", -1);
	display_text(&d, p, 40, 250, FONT_LATIN, 40, 0, "ation", 5, -1);
	pdf = xasprintf("%s/artifact.pdf", dir);
	CHECK(pdf_write(&d, fs, pdf, &e) == 0, "pdf_write with an artifact: %s", e.msg);
	out = run("pdftotext -enc UTF-8 '%s' -", pdf);
	CHECK(out && strstr(out, "hyphen") && strstr(out, "ation") && !strchr(out, '-'),
	      "the hyphen does not extract");
	free(out);
	out = run("qpdf --check '%s'", pdf);
	CHECK(out != NULL, "qpdf --check passes with the marked content");
	free(out);
	out = run("pdftoppm -r %d -gray -f 1 -l 1 -singlefile '%s' '%s/artifact'", (int)DPI, pdf, dir);
	free(out);
	char *pgm = xasprintf("%s/artifact.pgm", dir);
	struct pgm g;
	if (read_pgm(pgm, &g)) {
		double hw = fontset_advance(fs, FONT_LATIN, '-') * 40.0 / 1000;
		int n = ink(&g, 40 + w + 1, 300 + 5, 40 + w + hw - 1, 300 + 15);
		CHECK(n > 20, "but it is drawn (%d dark pixels)", n);
		free(g.px);
	} else {
		CHECK(0, "the artifact page renders");
	}
	free(pgm);
	free(pdf);
	display_release(&d);
}

int main(void)
{
	struct ferr e = FERR_INIT;
	struct fontset *fs;
	if (!mkdtemp(dir))
		return 1;
	if (fontset_open("fonts", &fs, &e) < 0) {
		CHECK(0, "fonts load (run `make fonts`): %s", e.msg);
		return test_done();
	}
	struct display d;
	build(&d, fs);

	char *one = xasprintf("%s/one.pdf", dir), *two = xasprintf("%s/two.pdf", dir);
	CHECK(pdf_write(&d, fs, one, &e) == 0, "pdf_write: %s", e.msg);
	CHECK(pdf_write(&d, fs, two, &e) == 0, "pdf_write again: %s", e.msg);
	struct stat st;
	if (stat(one, &st) < 0)
		st.st_size = 0;
	CHECK(st.st_size > 1000 && st.st_size < 200000,
	      "the PDF is %lld bytes", (long long)st.st_size);
	mode_t mask = umask(0);
	umask(mask);
	CHECK((st.st_mode & 0777) == (0666 & ~mask), "its mode follows the umask");
	char *out = run("cmp '%s' '%s'", one, two);
	CHECK(out != NULL, "two writes are byte-identical");
	free(out);
	CHECK(stray_files() == 0, "no temporary files are left behind");

	test_tools(one);
	test_ink(one, fs);

	/* Changing the content changes the /ID. */
	d.title[0] = 'X';
	CHECK(pdf_write(&d, fs, two, &e) == 0, "pdf_write a changed document: %s", e.msg);
	char *cmp = xasprintf("cmp -s '%s' '%s'", one, two);
	CHECK(shell(cmp) == 1, "gives a different file");
	free(cmp);

	test_errors(&d, fs);
	test_pack_files();
	test_odd_text(fs);
	test_positions(fs);
	test_glyph_sets(fs);
	test_shared_face();

	display_release(&d);
	fontset_close(fs);
	free(one);
	free(two);
	char *rm = xasprintf("rm -rf '%s'", dir);
	if (!getenv("FOLIO_KEEP_TEST_FILES"))
		shell(rm);
	else
		printf("# files kept in %s\n", dir);
	free(rm);
	return test_done();
}
