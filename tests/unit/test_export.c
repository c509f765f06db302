/* Unit tests: export's safe file names, and Markdown front matter that the
 * Markdown reader takes back to the same fields. */
#include "test.h"
#include "export.h"
#include "read/markdown.h"

#include <stdlib.h>

static void name_is(const char *published, long long id, const char *title, const char *want,
		    const char *what)
{
	char *got = export_file_name(published, id, title, "md");
	CHECK_STR(got, want, "%s", what);
	free(got);
}

static bool valid_utf8(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		int n = *p < 0x80 ? 1 : (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
		if (!n)
			return false;
		for (int i = 1; i < n; i++)
			if ((p[i] & 0xC0) != 0x80)
				return false;
		p += n;
	}
	return true;
}

static void names(void)
{
	name_is("2019-01-29T15:42:00+08:00", 5, "党建综合示范区的探索与实践",
		"2019-01-29-5-党建综合示范区的探索与实践.md", "date, id and title");
	name_is("2019-01-22", 3, "寒假 志愿服务\t进社区", "2019-01-22-3-寒假-志愿服务-进社区.md",
		"white space becomes '-'");
	name_is(NULL, 7, "Undated", "undated-7-Undated.md", "no date");
	name_is("2019-02-01T08:00:00+08:00", 1, "../../etc/passwd\n:*?",
		"2019-02-01-1-etc-passwd.md", "path separators, dots, newline, Windows characters");
	name_is("2019-02-01", 2, "..\\..\\boot.ini\x07\xe2\x80\xaegpj.exe",
		"2019-02-01-2-boot.inigpj.exe.md", "backslashes, a bell and a bidi override");
	name_is("2019-02-01", 3, "...", "2019-02-01-3.md", "a title of dots leaves the stem");
	name_is("2019-02-01", 4, "a -- b　c", "2019-02-01-4-a-b-c.md",
		"runs of dashes and ideographic space collapse");
	name_is("2019-02-01", 5, "end.", "2019-02-01-5-end.md", "no trailing dot");
	name_is("garbage", 6, "x", "undated-6-x.md", "a published value that is not a date");

	struct buf t = BUF_INIT;
	for (int i = 0; i < 60; i++)
		buf_adds(&t, "很长");
	char *got = export_file_name("2019-02-05", 12, t.data, "md");
	size_t stem = strlen(got) - 3;
	CHECK(stem <= EXPORT_NAME_MAX && stem > EXPORT_NAME_MAX - 4,
	      "a long title is cut within %d bytes (%zu)", EXPORT_NAME_MAX, stem);
	CHECK(valid_utf8(got), "at a character boundary");
	free(got);
	buf_release(&t);
}

static void front_matter(void)
{
	struct record r = { 0 };
	r.id = 9;
	r.revision = 1;
	r.identity = "id:XH: 42";
	r.title = "- 标题: \"引号\" #井号 & *星 ! [括号] {花} \\ 'x'";
	r.subtitle = "line\nbreak\u2028and\x7f";
	r.authors = "[\"张三, 李四\",\"null\",\"\\u00e9\\\"q\\\"\"]";
	r.contributors = "[]";
	r.tags = "[\"~\",\"---\",\"a: b\",\"\\ud83d\\ude00\"]";
	r.editor = "#编辑";
	r.source = "来源: 某报";
	r.section = "- 要闻";
	r.url = "https://example.com/a?b=1&c=2#frag";
	r.correction = "  a@b.c\t  ";
	r.published = "2019-02-02T10:11:12-05:00";
	r.body = "正文。\n\n---\n\n# 标题\n";

	struct buf md = BUF_INIT;
	export_render(&md, EXPORT_MARKDOWN, &r);
	struct article a;
	struct ferr e = FERR_INIT;
	article_init(&a);
	int err = article_from_markdown(md.data, md.len, &a, &e);
	CHECK(err == 0, "the front matter parses (%s)", e.msg);
	CHECK_STR(a.title, r.title, "title");
	CHECK_STR(a.subtitle, r.subtitle, "subtitle with a newline, U+2028 and DEL");
	CHECK(a.authors.n == 3, "three authors");
	if (a.authors.n == 3) {
		CHECK_STR(a.authors.items[0], "张三, 李四", "an author with a comma stays one");
		CHECK_STR(a.authors.items[1], "null", "an author named null stays a string");
		CHECK_STR(a.authors.items[2], "\xc3\xa9\"q\"", "JSON escapes in the stored list");
	}
	CHECK(a.contributors.n == 0, "no contributors");
	CHECK(a.tags.n == 4 && !strcmp(a.tags.items[0], "~") && !strcmp(a.tags.items[3], "😀"),
	      "tags, a surrogate pair included");
	CHECK_STR(a.editor, r.editor, "editor");
	CHECK_STR(a.source, r.source, "source");
	CHECK_STR(a.section, r.section, "section");
	CHECK_STR(a.url, r.url, "url");
	CHECK_STR(a.correction, r.correction, "correction keeps its white space");
	CHECK_STR(a.key, "XH: 42", "an explicit id");
	char published[32];
	pubdate_format(&a.published, published);
	CHECK_STR(published, r.published, "the publication time with its offset");
	CHECK_STR(a.body.data, r.body, "the body");
	article_release(&a);

	/* Without an explicit identity there is no id key. */
	r.identity = "url:https://example.com/a?b=1&c=2#frag";
	buf_reset(&md);
	export_render(&md, EXPORT_MARKDOWN, &r);
	CHECK(!strstr(md.data, "\nid:"), "no id: for an identity by URL");
	buf_release(&md);
}

static void csv(void)
{
	struct record r = { 0 };
	struct buf b = BUF_INIT;
	r.id = 1;
	r.title = "a, \"b\"";
	r.body = "x\ny";
	r.authors = "[\"甲\"]";
	export_render(&b, EXPORT_CSV, &r);
	CHECK(!strncmp(b.data, "1,\"a, \"\"b\"\"\",,,\"[\"\"甲\"\"]\",[],", 29),
	      "commas and quotes quoted, quotes doubled, an absent list as []");
	CHECK(strstr(b.data, ",\"x\ny\",") != NULL, "a line break is quoted");
	CHECK(b.len >= 2 && !strcmp(b.data + b.len - 2, "\r\n"), "CRLF ends the record");
	buf_reset(&b);
	export_csv_header(&b);
	CHECK(!strncmp(b.data, "id,title,subtitle,kicker,authors,", 33) && strstr(b.data, ",lossy,deleted\r\n"),
	      "the header row, the tombstone last");
	buf_release(&b);
}

int main(void)
{
	enum export_format f;
	CHECK(export_format_parse("md", &f) && f == EXPORT_MARKDOWN, "md is markdown");
	CHECK(!export_format_parse("docx", &f), "docx is not a format");
	CHECK(export_format_per_article(EXPORT_PDF) && !export_format_per_article(EXPORT_CSV),
	      "pdf per article, csv one file");
	names();
	front_matter();
	csv();
	return test_done();
}
