/* Unit tests: Markdown checking, plain text and first heading (cmark). */
#include "test.h"
#include "markup.h"
#include "util.h"

#include <stdlib.h>

static void plain_is(const char *md, const char *want)
{
	char *p = markup_plain(md, strlen(md));
	CHECK_STR(p, want, "plain text of %s", md);
	free(p);
}

int main(void)
{
	struct ferr e = FERR_INIT;
	plain_is("# 标题\n\n第一段。\n\n第二段。\n", "标题\n第一段。\n第二段。");
	plain_is("中文软\n换行", "中文软换行");
	plain_is("soft\nbreak", "soft break");
	plain_is("**粗体**和*斜体*、`代码`", "粗体和斜体、代码");
	plain_is("- 一\n- 二\n\n1. 三\n", "一\n二\n三");
	plain_is("> 引文。\n", "引文。");
	plain_is("![图片说明](a.png) [链接](http://x)", "图片说明 链接");
	plain_is("```\ncode line\n```\n", "code line");
	plain_is("1\\. 不是列表\n", "1. 不是列表");
	CHECK(markup_check("正常。", strlen("正常。"), &e) == 0, "valid Markdown passes");
	CHECK(markup_check("bad \xc3\x28", 6, &e) == FOLIO_EINPUT, "invalid UTF-8 is refused");
	CHECK(strstr(e.msg, "byte 4") != NULL, "with the byte offset: %s", e.msg);
	CHECK(markup_check("a\0b", 3, &e) == FOLIO_EINPUT, "a NUL byte is refused");
	size_t rest;
	const char *md = "# 题目\n\n正文。\n";
	char *h = markup_first_heading(md, strlen(md), &rest);
	CHECK_STR(h, "题目", "first heading");
	CHECK_STR(md + rest, "\n正文。\n", "body starts after the heading line");
	free(h);
	h = markup_first_heading("正文。\n\n# 后面的标题\n", 26, &rest);
	CHECK(h == NULL, "a heading after text is not the title");
	free(h);
	return test_done();
}
