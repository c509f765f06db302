/* Unit tests: an edition paginated with a fixed-width fake measurer,
 * checked from the display list (clreq, bounds, bookmarks, pages). */
#include "test.h"
#include "buf.h"
#include "layout/layout.h"
#include "layout/linebreak.h"
#include "layout/paginate.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>

static int fake_advance(void *ctx, enum font_role role, uint32_t cp)
{
	(void)ctx;
	(void)role;
	if (cp == ' ')
		return 250;
	return cp >= 0x2E80 ? 1000 : 500;
}

static const struct measurer fake = { NULL, fake_advance };

static char *read_text(const char *path)
{
	unsigned char *d;
	size_t n;
	if (read_file(path, &d, &n, NULL))
		return NULL;
	return (char *)d;
}

/* The text of every typeset line, in order (line ids ascend). */
struct lines {
	char **text;
	int n;
};

static void collect_lines(const struct display *d, struct lines *out)
{
	int max = -1;
	for (size_t p = 0; p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].n; i++)
			if (d->pages[p].items[i].line > max)
				max = d->pages[p].items[i].line;
	out->n = max + 1;
	out->text = xcalloc((size_t)out->n + 1, sizeof(char *));
	struct buf *b = xcalloc((size_t)out->n + 1, sizeof(struct buf));
	for (size_t p = 0; p < d->npages; p++)
		for (size_t i = 0; i < d->pages[p].n; i++) {
			const struct display_item *it = &d->pages[p].items[i];
			if (it->kind == DISPLAY_TEXT && it->line >= 0)
				buf_adds(&b[it->line], it->text);
		}
	for (int i = 0; i < out->n; i++)
		out->text[i] = buf_detach(&b[i]);
	free(b);
}

static uint32_t first_cp(const char *s)
{
	uint32_t cp = 0;
	utf8_decode((const unsigned char *)s, strlen(s), &cp);
	return cp;
}

static uint32_t last_cp(const char *s)
{
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	size_t i = n;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	uint32_t cp = 0;
	if (i > 0)
		utf8_decode((const unsigned char *)s + i - 1, n - i + 1, &cp);
	return cp;
}

int main(void)
{
	struct layout lay;
	struct ferr e = FERR_INIT;
	CHECK(layout_load("layouts", "monthly", &lay, &e) == 0, "monthly layout loads: %s", e.msg);

	/* Three articles: the long web dump's body three times over, in two
	 * sections, so that columns and pages fill. */
	char *md = read_text("tests/data/webtext/yinzhou-body.md");
	CHECK(md != NULL, "test body present");
	if (!md)
		return test_done();
	struct blocks body = { 0 };
	markup_blocks(md, strlen(md), &body);
	struct page_article arts[3] = {
		{ "要闻", "党建综合示范区的探索与实践", NULL, "文／邵英豪　来源：鄞州新闻网", "（责任编辑：陈珊云）", NULL, &body, NULL },
		{ "要闻", "第二篇：同一篇正文再排一次，看分栏和换页", "副题在这里", "文／记者", NULL, NULL, &body, NULL },
		{ "社区", "第三篇", NULL, NULL, NULL, NULL, &body, NULL },
	};
	struct edition_info info = { "测试刊　2019年1月", "2019年1月", "第1期", 1548000000 };
	struct display d;
	struct paginate_result res;
	display_init(&d);
	CHECK(paginate(&lay, &fake, NULL, arts, 3, &info, &d, &res, &e) == 0, "paginates");
	CHECK(res.pages >= 5, "cover, contents and several pages of articles (%d)", res.pages);
	CHECK(res.first_page[0] == 2 && res.first_page[1] > res.first_page[0] &&
		      res.first_page[2] > res.first_page[1],
	      "articles in order after cover and contents (%d %d %d)", res.first_page[0],
	      res.first_page[1], res.first_page[2]);
	CHECK(d.noutlines == 5, "bookmarks: 2 sections + 3 articles (%zu)", d.noutlines);
	CHECK(d.outlines[0].level == 0 && !strcmp(d.outlines[0].title, "要闻") &&
		      d.outlines[1].level == 1 && d.outlines[3].level == 0,
	      "sections are level 0, articles level 1");

	/* Every text item lies inside its page. */
	bool inside = true;
	for (size_t p = 0; p < d.npages; p++)
		for (size_t i = 0; i < d.pages[p].n; i++) {
			const struct display_item *it = &d.pages[p].items[i];
			if (it->kind != DISPLAY_TEXT)
				continue;
			double w = 0;
			const char *s = it->text;
			size_t k = 0, n = strlen(s);
			while (k < n) {
				uint32_t cp = 0;
				int q = utf8_decode((const unsigned char *)s + k, n - k, &cp);
				w += fake_advance(NULL, it->font, cp) * it->size / 1000 + it->char_space;
				k += (size_t)(q > 0 ? q : 1);
			}
			if (it->x < 0 || it->y < 0 || it->x + w - it->char_space > d.pages[p].width + 0.01 ||
			    it->y > d.pages[p].height)
				inside = false;
		}
	CHECK(inside, "all text inside the page");

	/* No typeset line breaks a clreq rule. */
	struct lines ls;
	collect_lines(&d, &ls);
	int bad = 0;
	for (int i = 0; i < ls.n; i++) {
		if (!*ls.text[i])
			continue;
		if (lb_no_start(first_cp(ls.text[i])) && first_cp(ls.text[i]) != 0x2014) {
			printf("# line starts with closing punctuation: %s\n", ls.text[i]);
			bad++;
		}
		if (lb_no_end(last_cp(ls.text[i]))) {
			printf("# line ends with opening punctuation: %s\n", ls.text[i]);
			bad++;
		}
		if (i + 1 < ls.n && last_cp(ls.text[i]) == 0x2014 && first_cp(ls.text[i + 1]) == 0x2014) {
			printf("# —— split: %s / %s\n", ls.text[i], ls.text[i + 1]);
			bad++;
		}
	}
	printf("# %d lines checked\n", ls.n);
	CHECK(ls.n > 300 && bad == 0, "no clreq break in %d lines (%d bad)", ls.n, bad);
	for (int i = 0; i < ls.n; i++)
		free(ls.text[i]);
	free(ls.text);

	display_release(&d);
	paginate_result_release(&res);
	blocks_release(&body);
	free(md);

	/* Bad layouts are refused with the key and the reason. */
	struct {
		const char *yaml, *want;
	} bad_layouts[] = {
		{ "columns: 0\n", "'columns' must be a whole number" },
		{ "columns: 2.5\n", "'columns' must be a whole number" },
		{ "body-size: -3pt\n", "'body-size' must be from" },
		{ "gutter: 10furlongs\n", "'gutter' must be a length" },
		{ "page: A9\n", "'page' must be A3" },
		{ "fonts:\n  body: comic\n", "'fonts.body': 'comic' is no font role" },
		{ "colour: red\n", "'colour' is not a layout key" },
		{ "cover: maybe\n", "'cover' must be true or false" },
		{ "margin-inner: 100mm\nmargin-outer: 100mm\n", "margins leave less than" },
		{ "a: &x 1\nb: *x\n", "anchors and aliases" },
		{ "columns: [1, 2]\n", "must be a single value" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(bad_layouts); i++) {
		struct layout l2;
		int err = layout_parse("x.yaml", bad_layouts[i].yaml, strlen(bad_layouts[i].yaml), &l2, &e);
		CHECK(err == FOLIO_EINPUT && strstr(e.msg, bad_layouts[i].want),
		      "bad layout refused: %s", e.msg);
		if (!err)
			layout_release(&l2);
	}
	struct layout l3;
	CHECK(layout_load("layouts", "booklet", &l3, &e) == 0 && l3.columns == 1, "booklet loads");
	layout_release(&l3);
	CHECK(layout_load("layouts", "article", &l3, &e) == 0 && l3.metadata_block, "article loads");
	layout_release(&l3);
	CHECK(layout_load("layouts", "nonesuch", &l3, &e) == FOLIO_EINPUT && strstr(e.msg, "nonesuch"),
	      "a missing layout names the file: %s", e.msg);
	layout_release(&lay);
	return test_done();
}
