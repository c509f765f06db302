/* Unit tests: search snippets. */
#include "test.h"
#include "search.h"

#include <stdlib.h>

int main(void)
{
	char *s = search_snippet("第一行。\n百丈街道推进垃圾分类，百丈的居民都参与。", "百丈", 64);
	CHECK_STR(s, "第一行。 [百丈]街道推进垃圾分类，[百丈]的居民都参与。", "all matches marked, newline as space");
	free(s);
	s = search_snippet("Debian and debian", "DEBIAN", 64);
	CHECK_STR(s, "[Debian] and [debian]", "Latin words case-insensitive");
	free(s);
	s = search_snippet("一二三四五六七八九十一二三四五六七八九十目标在这里然后还有很多很多很多字", "目标", 16);
	CHECK(strncmp(s, "…", 3) == 0, "leading ellipsis when cut: %s", s);
	CHECK(strstr(s, "[目标]") != NULL, "match inside the window: %s", s);
	CHECK(strcmp(s + strlen(s) - 3, "…") == 0, "trailing ellipsis when cut: %s", s);
	free(s);
	s = search_snippet("没有匹配的文字", "火星", 64);
	CHECK_STR(s, "没有匹配的文字", "no match: the start of the text");
	free(s);
	return test_done();
}
