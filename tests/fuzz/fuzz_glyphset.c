/*
 * fuzz_glyphset.c - pdf_write() of glyph sets drawn from each font role's
 * own characters (libharu once failed with 0x1033 on about one glyph set
 * in a thousand; see test_glyph_sets in tests/unit/test_pdf.c), placed as
 * the parts of a page: headline, byline, body and running head.
 *
 *   byte 0   bit 0 clear: the display list is made here, each part's
 *              glyphs of each role one text item in that role (the body
 *              a line every 24 glyphs), the headline also the document
 *              title and a bookmark, the byline the author;
 *            bit 0 set: the parts go through the layout as an article:
 *              headline = kicker, title and subtitle, byline, body (a
 *              paragraph), running head = its section (the article
 *              layout's running head shows the title), set by paginate()
 *              with the layout bits 1-2 choose (article, monthly, booklet,
 *              article) and the real fonts as measurer
 *            bits 3-7: added to each part's type size, in quarter
 *              points (display list only)
 *   then 4 bytes a glyph, at most MAX_GLYPHS of them:
 *     byte 0 % 10          the role whose covered code points it comes from
 *     byte 0 / 10 % 4      its part: headline, byline, body, running head
 *     bytes 1-3            an index into the role's code points (little
 *                          endian, modulo their number)
 *
 * Invariant: pdf_write() succeeds; otherwise the harness prints the error
 * and every part's code points, and aborts.
 *
 * The fonts are found in $FOLIO_ROOT/fonts, else ./fonts, else beside the
 * executable (build/fuzz/ or build/tests/, two levels up); each role's
 * coverage is computed once, on the first input.  Without prepared fonts
 * (`make fonts`) the fuzzer reports itself skipped; a replay aborts.
 */
#include "fuzz.h"
#include "buf.h"
#include "fonts.h"
#include "pdf.h"
#include "utf8.h"
#include "layout/layout.h"
#include "layout/paginate.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

/* 4 KiB of glyphs: more only slows each input; a set this size is already
 * far past any headline and well under the 6400 private-use code points
 * the astral characters of one role may take. */
#define MAX_GLYPHS 1024
#define PARTS 4

int LLVMFuzzerInitialize(int *argc, char ***argv);

enum part { HEADLINE, BYLINE, BODY, RUNNING_HEAD };
static const char *const part_names[PARTS] = { "headline", "byline", "body", "running head" };

/* Kept for the whole run: the fonts, their coverage, the layouts, and the
 * directory the PDF is written to (and removed from) for each input. */
static struct {
	bool tried, ready;
	char why[512];
	char root[PATH_MAX];
	struct fontset *fs;
	uint32_t *cover[FONT_ROLE_COUNT];
	size_t ncover[FONT_ROLE_COUNT];
	struct layout lay[3];
	char dir[64];
	char *pdf;
} g;

static bool has_roles(const char *dir)
{
	char path[PATH_MAX + 16];
	struct stat st;
	snprintf(path, sizeof(path), "%s/fonts/roles", dir);
	return stat(path, &st) == 0;
}

/* Where fonts/ and layouts/ are. */
static bool find_root(void)
{
	const char *env = getenv("FOLIO_ROOT");
	if (env && *env && has_roles(env)) {
		snprintf(g.root, sizeof(g.root), "%s", env);
		return true;
	}
	if (has_roles(".")) {
		snprintf(g.root, sizeof(g.root), ".");
		return true;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return false;
	exe[n] = '\0';
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(exe, '/');
		if (!slash)
			break;
		*slash = '\0';
		if (has_roles(exe)) {
			snprintf(g.root, sizeof(g.root), "%s", exe);
			return true;
		}
	}
	return false;
}

static void cleanup(void)
{
	if (g.pdf) {
		unlink(g.pdf);
		free(g.pdf);
		g.pdf = NULL;
	}
	if (g.dir[0])
		rmdir(g.dir);
}

static bool setup(void)
{
	static const char *const layouts[3] = { "article", "monthly", "booklet" };
	struct ferr e = FERR_INIT;
	if (g.tried)
		return g.ready;
	g.tried = true;
	if (!find_root()) {
		snprintf(g.why, sizeof(g.why), "no fonts/roles in $FOLIO_ROOT, . or above the executable");
		return false;
	}
	char *dir = xasprintf("%s/fonts", g.root);
	int rc = fontset_open(dir, &g.fs, &e);
	free(dir);
	if (rc) {
		snprintf(g.why, sizeof(g.why), "fonts (run `make fonts`): %s", e.msg);
		return false;
	}
	for (int r = 0; r < FONT_ROLE_COUNT; r++) {
		size_t cap = 1024, n = 0;
		uint32_t *v = xmalloc(cap * sizeof(*v));
		for (uint32_t cp = 0x21; cp < 0x30000; cp++) {
			if ((cp >= 0xD800 && cp < 0xE000) || !fontset_has(g.fs, (enum font_role)r, cp))
				continue;
			if (n == cap)
				v = xrealloc(v, (cap *= 2) * sizeof(*v));
			v[n++] = cp;
		}
		if (!n) {
			snprintf(g.why, sizeof(g.why), "the %s face covers nothing",
				 font_role_name((enum font_role)r));
			return false;
		}
		g.cover[r] = v;
		g.ncover[r] = n;
	}
	dir = xasprintf("%s/layouts", g.root);
	for (int k = 0; k < 3; k++)
		if (layout_load(dir, layouts[k], &g.lay[k], &e)) {
			snprintf(g.why, sizeof(g.why), "layout %s: %s", layouts[k], e.msg);
			free(dir);
			return false;
		}
	free(dir);
	const char *tmp = getenv("TMPDIR");
	snprintf(g.dir, sizeof(g.dir), "%s/folio-fuzz-glyphset.XXXXXX",
		 tmp && *tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (!mkdtemp(g.dir)) {
		g.dir[0] = '\0';
		snprintf(g.why, sizeof(g.why), "cannot make a temporary directory");
		return false;
	}
	g.pdf = xasprintf("%s/glyphs.pdf", g.dir);
	atexit(cleanup);
	g.ready = true;
	return true;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!setup()) {
		printf("fuzz_glyphset: skipped: %s\n", g.why);
		exit(0);
	}
	return 0;
}

/* The glyphs of one part drawn from one role. */
struct run {
	uint32_t cp[MAX_GLYPHS];
	size_t n;
};

static void add_utf8(struct buf *b, const struct run *r, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++) {
		char s[4];
		buf_add(b, s, (size_t)utf8_encode(r->cp[i], s));
	}
}

static void report(const struct run (*runs)[FONT_ROLE_COUNT], const char *how, const char *msg)
{
	fprintf(stderr, "fuzz_glyphset: %s: pdf_write failed: %s\n", how, msg);
	for (int p = 0; p < PARTS; p++)
		for (int r = 0; r < FONT_ROLE_COUNT; r++) {
			const struct run *ru = &runs[p][r];
			if (!ru->n)
				continue;
			fprintf(stderr, "  %s, %s (%zu):", part_names[p], font_role_name((enum font_role)r),
				ru->n);
			for (size_t i = 0; i < ru->n; i++)
				fprintf(stderr, " U+%04X", ru->cp[i]);
			fprintf(stderr, "\n");
		}
}

/* The display list made here: every part's glyphs in their own roles. */
static void direct(struct display *d, const struct run (*runs)[FONT_ROLE_COUNT], double bump)
{
	static const double size[PARTS] = { 22, 9, 10.5, 8 };
	const double w = 595, h = 842;
	int page = display_add_page(d, w, h);
	double y[PARTS] = { h - 120, h - 150, h - 190, h - 50 };
	struct buf title = BUF_INIT, author = BUF_INIT;
	for (int p = 0; p < PARTS; p++) {
		double sz = size[p] + bump;
		for (int r = 0; r < FONT_ROLE_COUNT; r++) {
			const struct run *ru = &runs[p][r];
			size_t per = p == BODY ? 24 : ru->n;
			for (size_t i = 0; i < ru->n; i += per) {
				struct buf t = BUF_INIT;
				size_t end = i + per < ru->n ? i + per : ru->n;
				add_utf8(&t, ru, i, end);
				if (y[p] < 40) { /* the body runs on to a new page */
					page = display_add_page(d, w, h);
					y[p] = h - 60;
				}
				display_text(d, page, 60, y[p], (enum font_role)r, sz, p == BODY ? 0.25 : 0,
					     t.data, t.len, -1);
				y[p] -= sz * (p == BODY ? 1.7 : 1.3);
				buf_release(&t);
			}
			if (p == HEADLINE)
				add_utf8(&title, ru, 0, ru->n);
			if (p == BYLINE)
				add_utf8(&author, ru, 0, ru->n);
		}
	}
	if (title.len) {
		display_outline(d, title.data, 0, 0, h - 100);
		d->title = buf_detach(&title);
	}
	if (author.len)
		d->author = buf_detach(&author);
	buf_release(&title);
	buf_release(&author);
	d->created = 1700000000;
}

static int measure_advance(void *ctx, enum font_role role, uint32_t cp)
{
	return fontset_advance(ctx, role, cp);
}

/* The parts as an article, through paginate(). */
static void through_layout(struct display *d, const struct run (*runs)[FONT_ROLE_COUNT],
			   const struct layout *lay)
{
	struct buf text[PARTS];
	for (int p = 0; p < PARTS; p++) {
		buf_init(&text[p]);
		for (int r = 0; r < FONT_ROLE_COUNT; r++)
			add_utf8(&text[p], &runs[p][r], 0, runs[p][r].n);
	}
	struct buf byline = BUF_INIT;
	buf_addf(&byline, "文／%s　来源：folio　2019年1月29日 15:42", text[BYLINE].data);
	/* The body as markup_blocks() gives it for one paragraph. */
	struct block para = { 0 };
	para.type = BLOCK_PARAGRAPH;
	para.text = text[BODY].data;
	struct blocks body = { &para, text[BODY].len ? 1 : 0 };
	const char *headline = text[HEADLINE].len ? text[HEADLINE].data : "标题";
	struct page_article art = { text[RUNNING_HEAD].data, headline, headline, byline.data,
				    NULL, NULL, &body, headline };
	struct edition_info info = { headline, "2019年1月", "第1期", 1700000000 };
	struct measurer m = { g.fs, measure_advance };
	struct paginate_result res;
	struct ferr e = FERR_INIT;
	FUZZ_CHECK(paginate(lay, &m, NULL, &art, 1, &info, d, &res, &e) == 0, "paginate: %s",
		   e.msg);
	paginate_result_release(&res);
	for (int p = 0; p < PARTS; p++)
		buf_release(&text[p]);
	buf_release(&byline);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > FUZZ_MAX_INPUT)
		return -1;
	if (!setup()) {
		fprintf(stderr, "fuzz_glyphset: %s\n", g.why);
		abort();
	}
	struct run(*runs)[FONT_ROLE_COUNT] = calloc(PARTS, sizeof(*runs));
	if (!runs)
		abort();
	size_t nglyphs = (size - 1) / 4;
	if (nglyphs > MAX_GLYPHS)
		nglyphs = MAX_GLYPHS;
	for (size_t i = 0; i < nglyphs; i++) {
		const uint8_t *q = data + 1 + 4 * i;
		int role = q[0] % FONT_ROLE_COUNT, part = q[0] / FONT_ROLE_COUNT % PARTS;
		size_t index = (size_t)q[1] | (size_t)q[2] << 8 | (size_t)q[3] << 16;
		struct run *ru = &runs[part][role];
		ru->cp[ru->n++] = g.cover[role][index % g.ncover[role]];
	}

	bool layout = data[0] & 1;
	const struct layout *lay = &g.lay[(data[0] >> 1 & 3) % 3];
	struct display d;
	struct ferr e = FERR_INIT;
	display_init(&d);
	if (layout)
		through_layout(&d, runs, lay);
	else
		direct(&d, runs, (data[0] >> 3) / 4.0);
	if (pdf_write(&d, g.fs, g.pdf, &e) != 0) {
		report(runs, layout ? lay->name : "display list", e.msg);
		abort();
	}
	unlink(g.pdf);
	display_release(&d);
	free(runs);
	return 0;
}
