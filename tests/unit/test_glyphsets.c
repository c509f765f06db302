/* Unit tests: random glyph sets, drawn from each font role's own
 * characters, set the way `folio print` and `folio edition` set an article
 * (markup_blocks, paginate with the real layouts and fonts and the
 * hyphenation patterns, pdf_write), each set at once headline (kicker,
 * title, subtitle), byline, body paragraph, end note and running head (the
 * article's title feeds the running head of the article layout, its
 * section that of monthly and booklet), every PDF written without error.
 * Then, end to end, such articles ingested into a temporary archive and
 * printed by edition_make, one by one and as editions.
 *
 * Seeded, so a failure repeats: it prints the seed, the document and its
 * glyph sets; FOLIO_GLYPHSET_SEED=S FOLIO_GLYPHSET_DOC=N sets that one
 * document again, FOLIO_GLYPHSET_DOCS=N sets more (or fewer). */
#include "test.h"
#include "buf.h"
#include "edition.h"
#include "fonts.h"
#include "markup.h"
#include "pdf.h"
#include "utf8.h"
#include "util.h"
#include "layout/hyphenate.h"
#include "layout/layout.h"
#include "layout/paginate.h"
#include "read/ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Documents in the layout tier: of every eight, six prints (one article,
 * layout article, as `folio print`), a monthly and a booklet edition of
 * EDITION_ARTICLES articles (as `folio edition`). */
#define DOCS 640
#define EDITION_ARTICLES 14
/* Articles ingested and printed one by one by edition_make, then as one
 * monthly edition and one booklet. */
#define E2E_ARTICLES 24
#define SET_MAX 48

static char dir[] = "/tmp/folio-glyphsets.XXXXXX";
static const char *root = ".";
static bool keep; /* FOLIO_KEEP_TEST_FILES: leave the last PDFs in dir */
static uint64_t base_seed = 0x5EED6C7970685E75ull;

struct cover {
	uint32_t *cp;
	size_t n;
};
static struct cover cover[FONT_ROLE_COUNT];

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13, *s ^= *s >> 7, *s ^= *s << 17;
	return *s;
}

/* One document's own seed (splitmix64 of the base and its number). */
static uint64_t doc_seed(int doc)
{
	uint64_t z = base_seed + 0x9E3779B97F4A7C15ull * (uint64_t)(doc + 1);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	return z ? z : 1;
}

/* A glyph set: 1..SET_MAX characters of one role's face, or (role ==
 * FONT_ROLE_COUNT) of any role's, each from a role of its own. */
struct glyph_set {
	int role;
	uint32_t cp[SET_MAX];
	int n;
};

static void draw_set(uint64_t *s, int role, struct glyph_set *g)
{
	g->role = role;
	g->n = 1 + (int)(next(s) % SET_MAX);
	for (int i = 0; i < g->n; i++) {
		int r = role < FONT_ROLE_COUNT ? role : (int)(next(s) % FONT_ROLE_COUNT);
		g->cp[i] = cover[r].cp[next(s) % cover[r].n];
	}
}

static const char *set_role(const struct glyph_set *g)
{
	return g->role < FONT_ROLE_COUNT ? font_role_name((enum font_role)g->role) : "mixed";
}

static void print_set(const char *what, const struct glyph_set *g)
{
	printf("#   %s (%s, %d): ", what, set_role(g), g->n);
	for (int i = 0; i < g->n; i++)
		printf("%sU+%04X", i ? " " : "", g->cp[i]);
	printf("\n");
}

/* The role whose coverage has cp (the set's own, for a set of one role)
 * and cp's index in it. */
static int cover_index(int role, uint32_t cp, size_t *at)
{
	for (int r = 0; r < FONT_ROLE_COUNT; r++) {
		int k = role < FONT_ROLE_COUNT ? role : r;
		size_t lo = 0, hi = cover[k].n;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (cover[k].cp[mid] < cp)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < cover[k].n && cover[k].cp[lo] == cp) {
			*at = lo;
			return k;
		}
	}
	return -1;
}

/* The document's glyphs as an input of tests/fuzz/fuzz_glyphset.c in its
 * layout mode, in hex (`xxd -r -p` makes the file): a print's set in all
 * four parts, an edition's sets each glyph in one. */
static void print_fuzz_input(const struct glyph_set *sets, size_t n, int kind)
{
	printf("#   as a fuzz_glyphset input (hex): %02x", 1 | kind << 1);
	int written = 0;
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < sets[i].n; k++)
			for (int part = 0; part < 4; part++) {
				size_t at;
				int r = cover_index(sets[i].role, sets[i].cp[k], &at);
				if (r < 0 || written == 1024 || (n > 1 && part != (k + (int)i) % 4))
					continue;
				printf("%02x%02x%02x%02x", r + 10 * part, (unsigned)(at & 0xFF),
				       (unsigned)(at >> 8 & 0xFF), (unsigned)(at >> 16 & 0xFF));
				written++;
			}
	printf("\n");
}

static void add_utf8(struct buf *b, const struct glyph_set *g)
{
	for (int i = 0; i < g->n; i++) {
		char s[4];
		buf_add(b, s, (size_t)utf8_encode(g->cp[i], s));
	}
}

/* The set as Markdown text: ASCII punctuation escaped, so it is all text. */
static void add_escaped(struct buf *b, const struct glyph_set *g)
{
	for (int i = 0; i < g->n; i++) {
		uint32_t c = g->cp[i];
		if (c < 0x80 && c > 0x20 && !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= 'a' && c <= 'z'))
			buf_addc(b, '\\');
		char s[4];
		buf_add(b, s, (size_t)utf8_encode(c, s));
	}
}

/* A body: the set in the Markdown that sends it to its role's face (bold
 * for sans and latin-bold, emphasis for kai and latin-italic, a code block
 * for mono, a heading for latin-sans), then as a plain paragraph. */
static void body_markdown(const struct glyph_set *g, struct buf *md)
{
	switch (g->role) {
	case FONT_SANS:
	case FONT_LATIN_BOLD:
		buf_adds(md, "**");
		add_escaped(md, g);
		buf_adds(md, "**\n\n");
		break;
	case FONT_KAI:
	case FONT_LATIN_ITALIC:
		buf_adds(md, "*");
		add_escaped(md, g);
		buf_adds(md, "*\n\n");
		break;
	case FONT_LATIN_SANS:
		buf_adds(md, "## ");
		add_escaped(md, g);
		buf_adds(md, "\n\n");
		break;
	case FONT_MONO: /* indented: nothing in it can end the block */
		buf_adds(md, "    ");
		add_utf8(md, g);
		buf_adds(md, "\n\n");
		break;
	default:
		break;
	}
	add_escaped(md, g);
	buf_adds(md, "\n");
}

/* An article's texts, from one glyph set, as edition.c makes them from a
 * record: byline "文／authors　来源：source　date", end note "（责任编辑：
 * editor）", the metadata block of layouts that have one. */
struct article_text {
	struct glyph_set g;
	struct buf title, byline, endnote, meta, md;
	struct blocks body;
};

static void article_text_make(struct article_text *t, long long id, const struct layout *lay)
{
	struct buf *b[] = { &t->title, &t->byline, &t->endnote, &t->meta, &t->md };
	for (size_t i = 0; i < ARRAY_SIZE(b); i++)
		buf_init(b[i]);
	add_utf8(&t->title, &t->g);
	buf_adds(&t->byline, "文／");
	add_utf8(&t->byline, &t->g);
	buf_adds(&t->byline, "　来源：folio 测试　2019年1月29日 15:42");
	buf_adds(&t->endnote, "（责任编辑：");
	add_utf8(&t->endnote, &t->g);
	buf_adds(&t->endnote, "）");
	if (lay->metadata_block)
		buf_addf(&t->meta,
			 "档案编号：%lld（第1版）\n原文网址：https://example.org/glyphs/%lld\n"
			 "SHA-256：%064lld",
			 id, id, id);
	body_markdown(&t->g, &t->md);
	markup_blocks(t->md.data, t->md.len, &t->body);
}

static void article_text_release(struct article_text *t)
{
	buf_release(&t->title);
	buf_release(&t->byline);
	buf_release(&t->endnote);
	buf_release(&t->meta);
	buf_release(&t->md);
	blocks_release(&t->body);
}

static int measure_advance(void *ctx, enum font_role role, uint32_t cp)
{
	return fontset_advance(ctx, role, cp);
}

struct tier {
	struct fontset *fs;
	const struct hyphenator *hyph;
	struct layout lay[3]; /* article, monthly, booklet */
	int docs, sets, failed, pages;
	int kind_docs[3];
	double kind_seconds[3];
	long long missing; /* characters no face has where they were set */
	double seconds;
};

static const char *const layout_names[] = { "article", "monthly", "booklet" };

/* 0: a print, 1: a monthly edition, 2: a booklet. */
static int doc_kind(int doc)
{
	return doc % 8 < 6 ? 0 : doc % 8 - 5;
}

/* Set document `doc` and write it to path.  Returns 0, or the error of
 * pdf_write after printing what the document held. */
static int one_document(struct tier *t, int doc, const char *path)
{
	uint64_t s = doc_seed(doc);
	int kind = doc_kind(doc);
	const struct layout *lay = &t->lay[kind];
	size_t n = kind == 0 ? 1 : EDITION_ARTICLES;
	struct article_text *txt = xcalloc(n, sizeof(*txt));
	struct page_article *arts = xcalloc(n, sizeof(*arts));
	struct glyph_set title_set;
	struct buf title = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		/* Every role's characters in turn, and one set in eleven mixed. */
		draw_set(&s, (int)(((size_t)doc * EDITION_ARTICLES + i) % (FONT_ROLE_COUNT + 1)),
			 &txt[i].g);
		article_text_make(&txt[i], (long long)doc * 100 + (long long)i + 1, lay);
		arts[i] = (struct page_article){ txt[i].title.data, /* section: running head */
						 txt[i].title.data,
						 txt[i].title.data,
						 txt[i].byline.data,
						 txt[i].endnote.data,
						 lay->metadata_block ? txt[i].meta.data : NULL,
						 &txt[i].body,
						 txt[i].title.data };
	}
	/* The document title, as edition_make chooses it: the article's for a
	 * print, masthead and month for a monthly, a --title for a booklet. */
	if (kind == 0) {
		buf_adds(&title, txt[0].title.data);
	} else if (kind == 1) {
		buf_addf(&title, "%s　2019年1月　第%d期", lay->masthead, doc + 1);
	} else {
		draw_set(&s, (int)(next(&s) % (FONT_ROLE_COUNT + 1)), &title_set);
		add_utf8(&title, &title_set);
	}
	char issue[32];
	snprintf(issue, sizeof(issue), "第%d期", doc + 1);
	struct edition_info info = { title.data, kind == 1 ? "2019年1月" : NULL,
				     kind == 1 ? issue : NULL, 1700000000 };
	struct measurer meas = { t->fs, measure_advance };
	struct display d;
	struct paginate_result res;
	struct ferr e = FERR_INIT;
	display_init(&d);
	int err = paginate(lay, &meas, lay->hyphenate ? t->hyph : NULL, arts, n, &info, &d, &res, &e);
	if (!err)
		err = pdf_write(&d, t->fs, path, &e);
	t->docs++;
	t->sets += (int)n + (kind == 2);
	t->pages += res.pages;
	t->missing += (long long)res.nmissing;
	if (err) {
		printf("# document %d (seed 0x%016llX, layout %s, %zu articles): %s\n", doc,
		       (unsigned long long)base_seed, lay->name, n, e.msg);
		printf("#   again: FOLIO_GLYPHSET_SEED=0x%016llX FOLIO_GLYPHSET_DOC=%d %s\n",
		       (unsigned long long)base_seed, doc, "build/tests/test_glyphsets");
		if (kind == 2)
			print_set("edition title", &title_set);
		struct glyph_set *sets = xcalloc(n, sizeof(*sets));
		for (size_t i = 0; i < n; i++) {
			char what[32];
			snprintf(what, sizeof(what), "article %zu", i + 1);
			print_set(what, &txt[i].g);
			sets[i] = txt[i].g;
		}
		print_fuzz_input(sets, n, kind);
		free(sets);
	}
	display_release(&d);
	paginate_result_release(&res);
	for (size_t i = 0; i < n; i++)
		article_text_release(&txt[i]);
	free(txt);
	free(arts);
	buf_release(&title);
	return err;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int shell(const char *cmd)
{
	int st = system(cmd);
	return st == -1 ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* qpdf --check on path, or a skip when there is no qpdf. */
static void qpdf_check(const char *path, const char *what)
{
	if (shell("command -v qpdf >/dev/null 2>&1") != 0) {
		SKIP(what, "no qpdf");
		return;
	}
	char *cmd = xasprintf("qpdf --check '%s' >/dev/null 2>&1", path);
	CHECK(shell(cmd) == 0, "%s passes qpdf --check", what);
	free(cmd);
}

static void test_layout_path(struct tier *t)
{
	struct ferr e = FERR_INIT;
	char *layouts = xasprintf("%s/layouts", root);
	int loaded = 0;
	for (int k = 0; k < 3; k++)
		loaded += layout_load(layouts, layout_names[k], &t->lay[k], &e) == 0;
	free(layouts);
	CHECK(loaded == 3, "the layouts article, monthly and booklet load: %s", e.msg);
	if (loaded < 3)
		return;
	const char *only = getenv("FOLIO_GLYPHSET_DOC");
	const char *many = getenv("FOLIO_GLYPHSET_DOCS");
	int first = 0, docs = DOCS;
	if (only && *only) {
		first = atoi(only);
		docs = first + 1;
	} else if (many && *many) {
		docs = atoi(many);
	}
	char *path[3];
	for (int k = 0; k < 3; k++)
		path[k] = xasprintf("%s/%s.pdf", dir, layout_names[k]);
	double t0 = now();
	for (int doc = first; doc < docs; doc++) {
		double t1 = now();
		int k = doc_kind(doc);
		if (one_document(t, doc, path[k]))
			t->failed++;
		t->kind_docs[k]++;
		t->kind_seconds[k] += now() - t1;
	}
	t->seconds = now() - t0;
	for (int k = 0; k < 3; k++)
		if (t->kind_docs[k])
			printf("# %s: %d documents, %.1f ms each\n", layout_names[k], t->kind_docs[k],
			       1000 * t->kind_seconds[k] / t->kind_docs[k]);
	printf("# layout tier: %d documents (%d pages), %d glyph sets, %.1f s; %lld characters "
	       "without a face where they were set\n",
	       t->docs, t->pages, t->sets, t->seconds, t->missing);
	CHECK(t->failed == 0,
	      "%d documents (prints; monthly and booklet editions of %d articles) of %d random "
	      "glyph sets, each as headline, byline, body and running head, are written "
	      "(%d failed)",
	      t->docs, EDITION_ARTICLES, t->sets, t->failed);
	for (int k = 0; k < 3; k++) {
		if (access(path[k], F_OK) == 0) {
			char what[64];
			snprintf(what, sizeof(what), "the last %s", layout_names[k]);
			qpdf_check(path[k], what);
		}
		if (!keep)
			unlink(path[k]);
		free(path[k]);
	}
	for (int k = 0; k < 3; k++)
		layout_release(&t->lay[k]);
}

/* ---- end to end: ingest, then edition_make ---------------------------- */

/* A YAML double-quoted scalar of the set: every character escaped. */
static void add_yaml(struct buf *b, const struct glyph_set *g)
{
	buf_addc(b, '"');
	for (int i = 0; i < g->n; i++)
		buf_addf(b, g->cp[i] > 0xFFFF ? "\\U%08X" : "\\u%04X", g->cp[i]);
	buf_addc(b, '"');
}

static void test_end_to_end(const struct hyphenator *hyph)
{
	struct ferr e = FERR_INIT;
	struct archive *a;
	char *db = xasprintf("%s/archive.db", dir);
	int rc = archive_open(db, 5000, &a, &e);
	free(db);
	CHECK(rc == 0, "a temporary archive opens: %s", e.msg);
	if (rc)
		return;
	uint64_t s = doc_seed(-1);
	struct glyph_set sets[E2E_ARTICLES];
	long long ids[E2E_ARTICLES];
	int set_of[E2E_ARTICLES]; /* the glyph set of ids[i] */
	size_t nids = 0;
	int refused = 0;
	for (int i = 0; i < E2E_ARTICLES; i++) {
		struct glyph_set *g = &sets[i];
		draw_set(&s, i % (FONT_ROLE_COUNT + 1), g);
		struct buf md = BUF_INIT;
		buf_adds(&md, "---\ntitle: ");
		add_yaml(&md, g);
		buf_adds(&md, "\nkicker: ");
		add_yaml(&md, g);
		buf_adds(&md, "\nauthor: [");
		add_yaml(&md, g);
		buf_adds(&md, "]\nsection: ");
		add_yaml(&md, g);
		buf_adds(&md, "\neditor: ");
		add_yaml(&md, g);
		buf_addf(&md, "\nsource: folio 测试\ndate: 2019-01-29 15:42\n"
			      "url: https://example.org/glyphs/%d\n---\n",
			 i);
		body_markdown(g, &md);
		char name[32];
		snprintf(name, sizeof(name), "glyphs-%d.md", i);
		struct ingest_options opt = { 0 };
		struct ingest_outcome out;
		e = (struct ferr)FERR_INIT;
		if (ingest_bytes(a, name, (const unsigned char *)md.data, md.len, &opt, &out, &e) ||
		    out.status != INGEST_NEW) {
			/* Not what this test is about, but worth knowing. */
			printf("# ingest of article %d did not store it: %s\n", i,
			       e.msg[0] ? e.msg : out.why ? out.why : "");
			print_set("its glyph set", g);
			refused++;
		} else {
			set_of[nids] = i;
			ids[nids++] = out.article_id;
		}
		buf_release(&md);
	}
	printf("# end to end: %zu of %d articles ingested\n", nids, E2E_ARTICLES);
	CHECK(nids > E2E_ARTICLES / 2, "most glyph-set articles ingest (%d refused)", refused);

	char *pdf = xasprintf("%s/print.pdf", dir);
	int failed = 0;
	double t0 = now();
	for (size_t i = 0; i < nids; i++) {
		struct edition_request rq = { 0 };
		struct edition_outcome out;
		rq.q.ids = &ids[i];
		rq.q.nids = 1;
		rq.layout = "article";
		rq.output = pdf;
		rq.data_dir = root;
		rq.record = true;
		rq.hyph = hyph;
		e = (struct ferr)FERR_INIT;
		if (edition_make(a, &rq, &out, &e)) {
			printf("# folio print %lld (seed 0x%016llX): %s\n", ids[i],
			       (unsigned long long)base_seed, e.msg);
			print_set("its glyph set", &sets[set_of[i]]);
			failed++;
		}
	}
	CHECK(failed == 0, "edition_make prints each of the %zu articles as `folio print` does",
	      nids);
	qpdf_check(pdf, "the last print");

	static const char *const editions[] = { "monthly", "booklet" };
	for (size_t k = 0; k < ARRAY_SIZE(editions); k++) {
		struct edition_request rq = { 0 };
		struct edition_outcome out;
		rq.q.ids = ids;
		rq.q.nids = nids;
		rq.layout = editions[k];
		rq.issue = 1;
		rq.output = pdf;
		rq.data_dir = root;
		rq.record = true;
		rq.hyph = hyph;
		e = (struct ferr)FERR_INIT;
		rc = edition_make(a, &rq, &out, &e);
		CHECK(rc == 0 && out.articles == nids,
		      "and a %s edition of all of them (%d pages): %s", editions[k], out.pages,
		      e.msg);
		qpdf_check(pdf, editions[k]);
	}
	printf("# end to end: %zu prints and 2 editions in %.1f s\n", nids, now() - t0);
	if (!keep)
		unlink(pdf);
	free(pdf);
	archive_close(a);
}

static void coverage(struct fontset *fs)
{
	for (int r = 0; r < FONT_ROLE_COUNT; r++) {
		size_t cap = 1024;
		cover[r].cp = xmalloc(cap * sizeof(uint32_t));
		cover[r].n = 0;
		for (uint32_t cp = 0x21; cp < 0x30000; cp++) {
			if ((cp >= 0xD800 && cp < 0xE000) || !fontset_has(fs, (enum font_role)r, cp))
				continue;
			if (cover[r].n == cap)
				cover[r].cp = xrealloc(cover[r].cp, (cap *= 2) * sizeof(uint32_t));
			cover[r].cp[cover[r].n++] = cp;
		}
	}
}

int main(void)
{
	struct ferr e = FERR_INIT;
	struct tier t = { 0 };
	const char *env = getenv("FOLIO_ROOT");
	if (env && *env)
		root = env;
	keep = getenv("FOLIO_KEEP_TEST_FILES") != NULL;
	env = getenv("FOLIO_GLYPHSET_SEED");
	if (env && *env)
		base_seed = strtoull(env, NULL, 0);
	printf("# seed 0x%016llX\n", (unsigned long long)base_seed);
	if (!mkdtemp(dir))
		return 1;
	char *fonts = xasprintf("%s/fonts", root);
	int rc = fontset_open(fonts, &t.fs, &e);
	free(fonts);
	if (rc < 0) {
		CHECK(0, "fonts load (run `make fonts`): %s", e.msg);
		return test_done();
	}
	coverage(t.fs);
	int empty = 0;
	for (int r = 0; r < FONT_ROLE_COUNT; r++)
		empty += cover[r].n == 0;
	CHECK(empty == 0, "every role's face covers some characters (%d cover none)", empty);
	if (empty)
		return test_done();

	struct ferr he = FERR_INIT;
	struct hyphenator *hyph = edition_hyphenator(&he);
	if (!hyph)
		printf("# no hyphenation: %s\n", he.msg);
	test_layout_path(&t);
	if (!getenv("FOLIO_GLYPHSET_DOC"))
		test_end_to_end(hyph);
	hyphenator_close(hyph);

	for (int r = 0; r < FONT_ROLE_COUNT; r++)
		free(cover[r].cp);
	fontset_close(t.fs);
	char *rm = xasprintf("rm -rf '%s'", dir);
	if (!keep)
		shell(rm);
	else
		printf("# files kept in %s\n", dir);
	free(rm);
	return test_done();
}
