/* Unit tests: the Markdown reader (front matter through libyaml). */
#include "test.h"
#include "read/markdown.h"

static int read_md(const char *md, struct article *a, struct ferr *e)
{
	article_init(a);
	return article_from_markdown(md, strlen(md), a, e);
}

int main(void)
{
	struct article a;
	struct ferr e = FERR_INIT;
	char when[32];

	const char *full = "---\n"
			   "title: \"党建: 新路子\"\n"
			   "subtitle: 副题\n"
			   "date: 2019-01-29 15:42\n"
			   "author: [邵英豪, 李四]\n"
			   "contributors: 王五、赵六\n"
			   "editor: 陈珊云\n"
			   "source: 鄞州新闻网\n"
			   "section: 要闻\n"
			   "url: https://example.org/a/1\n"
			   "tags: [党建, 百丈]\n"
			   "unknown_key: {nested: [1, 2]}\n"
			   "---\n\n正文第一段。\n\n## 小标题\n\n正文第二段。\n";
	CHECK(read_md(full, &a, &e) == 0, "full front matter reads: %s", e.msg);
	CHECK_STR(a.title, "党建: 新路子", "title");
	CHECK_STR(a.subtitle, "副题", "subtitle");
	pubdate_format(&a.published, when);
	CHECK_STR(when, "2019-01-29T15:42:00+08:00", "date with +08:00");
	CHECK(a.authors.n == 2 && !strcmp(a.authors.items[1], "李四"), "author list");
	CHECK(a.contributors.n == 2 && !strcmp(a.contributors.items[1], "赵六"), "contributors split at 、");
	CHECK_STR(a.editor, "陈珊云", "editor");
	CHECK_STR(a.source, "鄞州新闻网", "source");
	CHECK_STR(a.section, "要闻", "section");
	CHECK_STR(a.url, "https://example.org/a/1", "url");
	CHECK(a.tags.n == 2, "tags");
	CHECK_STR(a.body.data, "正文第一段。\n\n## 小标题\n\n正文第二段。\n", "body after the front matter");
	article_release(&a);

	CHECK(read_md("# 标题在正文里\n\n内容。\n", &a, &e) == 0, "no front matter, # heading title");
	CHECK_STR(a.title, "标题在正文里", "title from the heading");
	CHECK_STR(a.body.data, "内容。\n", "heading lifted out of the body");
	CHECK(a.published.date[0] == '\0', "no date");
	article_release(&a);

	CHECK(read_md("---\ndate: 2019-01-05\n---\n\n只有正文。\n", &a, &e) == FOLIO_EINPUT,
	      "no title at all is refused");
	CHECK(strstr(e.msg, "no title") != NULL, "message: %s", e.msg);
	article_release(&a);
	CHECK(read_md("---\ntitle: x\ndate: 2019-13-01\n---\n\nb\n", &a, &e) == FOLIO_EINPUT,
	      "month 13 refused");
	CHECK(strstr(e.msg, "line 3") != NULL, "message names the line: %s", e.msg);
	article_release(&a);
	CHECK(read_md("---\ntitle: {a: 1}\n---\n\nb\n", &a, &e) == FOLIO_EINPUT, "mapping title refused");
	CHECK(strstr(e.msg, "'title'") != NULL, "message names the key: %s", e.msg);
	article_release(&a);
	CHECK(read_md("---\nauthor: [[a]]\ntitle: t\n---\n\nb\n", &a, &e) == FOLIO_EINPUT,
	      "nested author list refused");
	article_release(&a);
	CHECK(read_md("---\nx: &a [1]\ny: [*a, *a]\ntitle: t\n---\n\nb\n", &a, &e) == FOLIO_EINPUT,
	      "aliases refused");
	CHECK(strstr(e.msg, "alias") != NULL, "message says alias: %s", e.msg);
	article_release(&a);
	CHECK(read_md("---\ntitle: t\n: : :\n---\n\nb\n", &a, &e) == FOLIO_EINPUT, "broken YAML refused");
	article_release(&a);
	CHECK(read_md("---\n- a\n- b\n---\n\nb\n", &a, &e) == FOLIO_EINPUT, "a list is not front matter");
	article_release(&a);
	CHECK(read_md("---\ntitle: t\n\nbody never closed\n", &a, &e) == FOLIO_EINPUT,
	      "unclosed front matter refused");
	article_release(&a);
	CHECK(read_md("---\ntitle: t\ndate: ~\nauthor: \"\"\n---\nb\n", &a, &e) == 0, "null values read");
	CHECK(a.published.date[0] == '\0' && a.authors.n == 0, "null date and empty author are unknown");
	article_release(&a);
	return test_done();
}
