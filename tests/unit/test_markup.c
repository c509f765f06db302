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
	/* The block list for layout. */
	const char *doc = "# 题\n\n段落**粗**和[链接](http://x)。\n\n> - 一\n> - 二\n\n1. 甲\n\n```\ncode\n```\n\n---\n\n"
			  "![说明](a.png)\n\n| 名 | 值 |\n|---|:--:|\n| `a` | [b](http://y) |\n";
	struct blocks bl = { 0 };
	markup_blocks(doc, strlen(doc), &bl);
	CHECK(bl.n == 10, "ten leaf blocks (%zu)", bl.n);
	if (bl.n == 10) {
		CHECK(bl.v[0].type == BLOCK_HEADING && bl.v[0].level == 1, "heading");
		CHECK_STR(bl.v[1].text, "段落粗和链接。", "paragraph text without markup");
		CHECK(bl.v[1].nspans == 2 && bl.v[1].spans[0].style == STYLE_STRONG &&
			      bl.v[1].spans[1].style == STYLE_LINK && !strcmp(bl.v[1].spans[1].href, "http://x"),
		      "strong and link spans");
		CHECK(bl.v[2].quote == 1 && bl.v[2].list == 1 && !strcmp(bl.v[2].marker, "•"),
		      "list in a quote, bullet marker");
		CHECK(!strcmp(bl.v[4].marker, "1."), "ordered marker");
		CHECK(bl.v[5].type == BLOCK_CODE && !strcmp(bl.v[5].text, "code"), "code block");
		CHECK(bl.v[6].type == BLOCK_RULE, "thematic break");
		CHECK(bl.v[7].type == BLOCK_IMAGE && !strcmp(bl.v[7].url, "a.png") && !strcmp(bl.v[7].text, "说明"),
		      "lone image with its alt text");
		CHECK(bl.v[8].type == BLOCK_TABLE_ROW && !strcmp(bl.v[8].text, "名 │ 值") &&
			      bl.v[8].nspans == 1 && bl.v[8].spans[0].style == STYLE_STRONG,
		      "table header row, strong: %s", bl.v[8].text);
		CHECK(bl.v[9].type == BLOCK_TABLE_ROW && !strcmp(bl.v[9].text, "a │ b"),
		      "table row, cells' Markdown read, delimiter row left out: %s", bl.v[9].text);
	}
	blocks_release(&bl);
	return test_done();
}
