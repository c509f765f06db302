/* test_webtext.c - the web-page text reader on two real dumps and on
 * synthetic ones in other layouts of the same family. */
#include "read/webtext.h"
#include "test.h"

#include <stdlib.h>

#define YINZHOU "tests/data/webtext/yinzhou-2019-01-29-dangjian.txt"
#define BAIZHANG "tests/data/webtext/baizhang-2019-03-08-lajifenlei.txt"

static char *slurp(const char *path, size_t *len)
{
	unsigned char *data = NULL;
	struct ferr e = FERR_INIT;
	if (read_file(path, &data, len, &e)) {
		printf("# cannot read %s: %s (run from the project root)\n", path, e.msg);
		*len = 0;
		return calloc(1, 1);
	}
	return (char *)data;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* Paragraphs (blocks separated by a blank line) in a Markdown body. */
static int paragraphs(const char *body)
{
	return *body ? count(body, "\n\n") + 1 : 0;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	return n >= t && !strcmp(s + n - t, tail);
}

static int headings(const char *body)
{
	int n = !strncmp(body, "## ", 3);
	return n + count(body, "\n## ");
}

static char *published(const struct article *a)
{
	static char out[32];
	pubdate_format(&a->published, out);
	return out;
}

static void check_absent(const struct article *a, const char *const *chrome, const char *which)
{
	for (; *chrome; chrome++)
		CHECK(!strstr(a->body.data, *chrome), "%s: no \"%s\" in the body", which, *chrome);
}

/* Strip a line's indentation (ASCII spaces, U+3000) and trailing blanks. */
static void trim_line(const char **s, size_t *len)
{
	for (;;) {
		if (*len >= 1 && **s == ' ') {
			++*s, --*len;
		} else if (*len >= 3 && !memcmp(*s, "\xe3\x80\x80", 3)) {
			*s += 3, *len -= 3;
		} else {
			break;
		}
	}
	while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\r'))
		--*len;
}

/* The expected body of the yinzhou sample, built from its lines 10-50:
 * every non-blank line a paragraph, the four section names headings. */
static char *yinzhou_expected(const char *text)
{
	static const char *const heads[] = { "实施背景", "主要做法", "成效反响", "经验启示" };
	struct buf b = BUF_INIT;
	const char *p = text;
	for (int line = 1; *p; line++) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *s = p;
		trim_line(&s, &len);
		if (line >= 10 && line <= 50 && len) {
			if (b.len)
				buf_adds(&b, "\n");
			for (size_t h = 0; h < ARRAY_SIZE(heads); h++)
				if (len == strlen(heads[h]) && !memcmp(s, heads[h], len))
					buf_adds(&b, "## ");
			buf_add(&b, s, len);
			buf_adds(&b, "\n");
		}
		p = nl ? nl + 1 : p + len;
	}
	return buf_detach(&b);
}

static void test_yinzhou(void)
{
	static const char *const chrome[] = {
		"央行关于美将中国列", "联系我们", "Copyright", "相关阅读", "宁波公益广告作品库",
		"分享到", "字号", "我区整治路域环境保障", "40.5K", "大型系列人物专访",
		"讲文明树新风", "邵英豪", "■", "原标题", "编辑:", "来源:", "纠错", "1481280278",
		"周秀芳大爱之举", "主管:", "•", NULL,
	};
	size_t len;
	char *text = slurp(YINZHOU, &len), *want;
	struct article a;
	struct ferr e = FERR_INIT;
	int rc;

	article_init(&a);
	rc = article_from_webtext(text, len, &a, &e);
	CHECK(rc == 0, "yinzhou: read (%s)", e.msg);
	CHECK(webtext_sniff(text, len), "yinzhou: sniffed as a web-page dump");
	CHECK_STR(a.title, "党建综合示范区的探索与实践", "yinzhou: title");
	CHECK(a.authors.n == 1, "yinzhou: one author (got %zu)", a.authors.n);
	CHECK_STR(a.authors.n ? a.authors.items[0] : NULL, "邵英豪", "yinzhou: author from ■ byline");
	CHECK(a.contributors.n == 0, "yinzhou: no contributors");
	CHECK_STR(a.editor, "陈珊云", "yinzhou: editor");
	CHECK_STR(a.source, "鄞州新闻网", "yinzhou: source without the date");
	CHECK_STR(published(&a), "2019-01-29T15:42:00+08:00", "yinzhou: published");
	CHECK_STR(a.subtitle, NULL, "yinzhou: empty 原标题 leaves no subtitle");
	CHECK_STR(a.correction, "1481280278@qq.com", "yinzhou: correction contact");

	CHECK(!strncmp(a.body.data,
		       "近年来,为顺应新时代党的建设总要求,百丈街道践行“全域党建”理念,推进社区党建、"
		       "单位党建、行业党建等多业态党建互联互动,条条块块双向用力,深度打造百丈(划船)"
		       "党建综合示范区,走出了一条“区域统筹、条块融合、多方联动、整片建强”的新路子。\n\n",
		       strlen("近年来,为顺应新时代党的建设总要求,百丈街道践行“全域党建”理念,推进社区党建、"
			      "单位党建、行业党建等多业态党建互联互动,条条块块双向用力,深度打造百丈(划船)"
			      "党建综合示范区,走出了一条“区域统筹、条块融合、多方联动、整片建强”的新路子。\n\n")),
	      "yinzhou: the body starts with the first paragraph, exactly");
	CHECK(ends_with(a.body.data, "\n\n(作者为百丈街道党工委书记)\n"),
	      "yinzhou: the body ends with (作者为百丈街道党工委书记)");
	CHECK(paragraphs(a.body.data) == 21, "yinzhou: 17 paragraphs and 4 headings (got %d blocks)",
	      paragraphs(a.body.data));
	CHECK(headings(a.body.data) == 4, "yinzhou: 4 headings (got %d)", headings(a.body.data));
	CHECK(strstr(a.body.data, "\n\n## 实施背景\n\n") && strstr(a.body.data, "\n\n## 主要做法\n\n") &&
	      strstr(a.body.data, "\n\n## 成效反响\n\n") && strstr(a.body.data, "\n\n## 经验启示\n\n"),
	      "yinzhou: the section names are headings");
	CHECK(strstr(a.body.data, "启示一:做强党建引领,关键在于铸就战斗堡垒群。") != NULL,
	      "yinzhou: ASCII , and : inside Chinese text kept");
	CHECK(!strstr(a.body.data, "\n ") && !strstr(a.body.data, "\n\xe3\x80\x80") &&
	      a.body.data[0] != ' ', "yinzhou: indentation stripped");
	want = yinzhou_expected(text);
	CHECK_STR(a.body.data, want, "yinzhou: the whole body, every paragraph in order");
	check_absent(&a, chrome, "yinzhou");
	free(want);
	article_release(&a);
	free(text);
}

static void test_baizhang(void)
{
	static const char *const chrome[] = {
		"首页", "手机版", "百丈街道推进垃圾分类“定时定点”投放", "来源", "作者", "字号",
		"打印本页", "责任编辑", "李梦", "相关阅读", "鄞州召开2019年城市管理工作会议",
		"我区再添三个", "分享到", "2019-03-08", NULL,
	};
	size_t len;
	char *text = slurp(BAIZHANG, &len);
	struct article a;
	struct ferr e = FERR_INIT;
	int rc;

	article_init(&a);
	rc = article_from_webtext(text, len, &a, &e);
	CHECK(rc == 0, "baizhang: read (%s)", e.msg);
	CHECK(webtext_sniff(text, len), "baizhang: sniffed as a web-page dump");
	CHECK_STR(a.title, "百丈街道推进垃圾分类“定时定点”投放", "baizhang: title");
	CHECK_STR(published(&a), "2019-03-08T09:15:22+08:00", "baizhang: published");
	CHECK_STR(a.source, "鄞州日报", "baizhang: source");
	CHECK(a.authors.n == 1 && !strcmp(a.authors.items[0], "张立新"), "baizhang: author 张立新");
	CHECK(a.contributors.n == 1 && !strcmp(a.contributors.items[0], "王晓燕"),
	      "baizhang: contributor 王晓燕");
	CHECK_STR(a.editor, "李梦", "baizhang: editor from （责任编辑：李梦）");
	CHECK_STR(a.subtitle, NULL, "baizhang: no subtitle");
	CHECK_STR(a.correction, NULL, "baizhang: no correction contact");
	CHECK_STR(a.body.data,
		  "本报讯\xe3\x80\x80" "3月7日上午，百丈街道在朱雀社区召开垃圾分类工作推进会，部署“定时定点”投放试点工作。\n"
		  "\n"
		  "据介绍，试点将在朱雀、划船、演武三个社区先行展开，每天早晚各设两小时投放时段，"
		  "其余时间撤桶并点。街道同时组织了120余名志愿者，在投放点开展引导和宣传。\n"
		  "\n"
		  "“刚开始大家不太习惯，现在基本都能按时分好类再拿下来。”划船社区居民陈阿姨说。\n"
		  "\n"
		  "下一步，街道将结合试点经验在辖区内逐步推广，并通过积分兑换等方式提升居民参与率。\n",
		  "baizhang: four paragraphs, indents stripped, inner full-width space kept");
	check_absent(&a, chrome, "baizhang");
	article_release(&a);
	free(text);
}

/* Another layout: no indentation, blank lines between paragraphs, a date
 * on its own line, 作者 and 责任编辑 on lines of their own, Markdown
 * metacharacters in the text. */
static void test_separate_lines(void)
{
	static const char text[] =
		"网站首页 | 本地 | 图片 | 视频\n"
		"当前位置：首页 > 本地新闻\n"
		"\n"
		"市图书馆新馆今日开放\n"
		"2019年3月8日　星期五\n"
		"来源：城市晚报\n"
		"作者：李华、赵强\n"
		"\n"
		"市图书馆新馆今天上午正式对外开放，首日接待读者三千余人次。\n"
		"\n"
		"新馆共设阅览座位1200个，藏书量达到150万册，其中*珍本*和[古籍]单独存放。\n"
		"\n"
		"- 馆方提醒，借阅须持有效证件，<b>周一</b>闭馆。\n"
		"\n"
		"1. 读者可在网上预约座位，也可以到服务台办理。\n"
		"\n"
		"# 这一行以井号开头，同样只是正文里的一段话而已。\n"
		"\n"
		"责任编辑：王敏\n"
		"\n"
		"相关新闻\n"
		"市博物馆推出春季特展\n"
		"区文化馆开设公益课堂\n"
		"版权所有 © 城市晚报社 2019\n";
	struct article a;
	struct ferr e = FERR_INIT;
	int rc;

	article_init(&a);
	rc = article_from_webtext(text, sizeof(text) - 1, &a, &e);
	CHECK(rc == 0, "separate lines: read (%s)", e.msg);
	CHECK(webtext_sniff(text, sizeof(text) - 1), "separate lines: sniffed");
	CHECK_STR(a.title, "市图书馆新馆今日开放", "separate lines: title");
	CHECK_STR(published(&a), "2019-03-08", "separate lines: date-only publication");
	CHECK_STR(a.source, "城市晚报", "separate lines: source");
	CHECK(a.authors.n == 2 && !strcmp(a.authors.items[0], "李华") &&
	      !strcmp(a.authors.items[1], "赵强"), "separate lines: two authors split at 、");
	CHECK_STR(a.editor, "王敏", "separate lines: editor");
	CHECK_STR(a.body.data,
		  "市图书馆新馆今天上午正式对外开放，首日接待读者三千余人次。\n"
		  "\n"
		  "新馆共设阅览座位1200个，藏书量达到150万册，其中\\*珍本\\*和\\[古籍\\]单独存放。\n"
		  "\n"
		  "\\- 馆方提醒，借阅须持有效证件，\\<b\\>周一\\</b\\>闭馆。\n"
		  "\n"
		  "1\\. 读者可在网上预约座位，也可以到服务台办理。\n"
		  "\n"
		  "\\# 这一行以井号开头，同样只是正文里的一段话而已。\n",
		  "separate lines: paragraphs, Markdown metacharacters escaped");
	CHECK(!strstr(a.body.data, "相关新闻") && !strstr(a.body.data, "市博物馆") &&
	      !strstr(a.body.data, "版权所有") && !strstr(a.body.data, "王敏"),
	      "separate lines: chrome after the body left out");
	article_release(&a);
}

/* A third layout: a byline of reporters without a colon, a headline ending
 * in a question mark, ASCII-space indents, a heading, an ISO date, "文/ 图/"
 * credits, the editor in square brackets, and the editor in brackets at the
 * end of the last paragraph. */
static void test_reporters(void)
{
	static const char text[] =
		"【字号 大 中 小】\n"
		"菜价为何连涨三周？\n"
		"本报记者 张三 李四\n"
		"发布时间：2019-03-08T10:00:00+08:00　浏览次数：1024\n"
		"文/王五 图/赵七\n"
		"    连日来，本市蔬菜批发价格持续上涨，叶菜类涨幅最为明显。\n"
		"    记者走访了三个批发市场，发现到货量比上月减少约两成。\n"
		"    原因分析\n"
		"    业内人士表示，近期持续阴雨影响了周边产区的采收和运输。\n"
		"    预计随着天气好转，菜价将在两周内逐步回落。（责任编辑：孙八）\n"
		"[编辑:周九]\n"
		"分享到：微信 微博\n";
	struct article a;
	struct ferr e = FERR_INIT;
	int rc;

	article_init(&a);
	rc = article_from_webtext(text, sizeof(text) - 1, &a, &e);
	CHECK(rc == 0, "reporters: read (%s)", e.msg);
	CHECK_STR(a.title, "菜价为何连涨三周？", "reporters: title with a question mark");
	CHECK_STR(published(&a), "2019-03-08T10:00:00+08:00", "reporters: ISO publication time");
	CHECK(a.authors.n == 3 && !strcmp(a.authors.items[0], "张三") &&
	      !strcmp(a.authors.items[1], "李四") && !strcmp(a.authors.items[2], "王五"),
	      "reporters: authors 张三 李四 王五 (got %zu)", a.authors.n);
	CHECK(a.contributors.n == 1 && !strcmp(a.contributors.items[0], "赵七"),
	      "reporters: photographer 赵七 is a contributor");
	CHECK_STR(a.editor, "孙八", "reporters: the first editor found wins");
	CHECK_STR(a.source, NULL, "reporters: no source");
	CHECK_STR(a.body.data,
		  "连日来，本市蔬菜批发价格持续上涨，叶菜类涨幅最为明显。\n"
		  "\n"
		  "记者走访了三个批发市场，发现到货量比上月减少约两成。\n"
		  "\n"
		  "## 原因分析\n"
		  "\n"
		  "业内人士表示，近期持续阴雨影响了周边产区的采收和运输。\n"
		  "\n"
		  "预计随着天气好转，菜价将在两周内逐步回落。\n",
		  "reporters: paragraphs, heading, trailing editor note removed");
	article_release(&a);
}

/* A fourth layout: a headline with one bar in it and a "——" subtitle, a
 * date-and-fields line with single spaces, reporters named in brackets in
 * the first paragraph, and text that needs Markdown escapes. */
static void test_lead_byline(void)
{
	static const char text[] =
		"新闻 | 本地 | 视频\n"
		"两会聚焦 | 代表委员热议民生实事\n"
		"——来自市人代会的报道\n"
		"2019-03-08 08:30 稿件来源：市融媒体中心 编辑：周一 审核：吴二\n"
		"\n"
		"本报讯（记者 郑三 通讯员 王四）市十六届人大四次会议今天上午开幕，代表们围绕民生实事展开热议。\n"
		"+ 加号开头的一段话，后面还有 A &amp; B 与 C & D 的说明。\n"
		"反斜杠\\和`反引号`以及_下划线_都要原样显示。\n"
		"3) 第三条建议获得了多数代表的支持。\n";
	struct article a;
	struct ferr e = FERR_INIT;
	int rc;

	article_init(&a);
	rc = article_from_webtext(text, sizeof(text) - 1, &a, &e);
	CHECK(rc == 0, "lead byline: read (%s)", e.msg);
	CHECK_STR(a.title, "两会聚焦 | 代表委员热议民生实事", "lead byline: a headline with one bar");
	CHECK_STR(a.subtitle, "来自市人代会的报道", "lead byline: the —— line is the subtitle");
	CHECK_STR(published(&a), "2019-03-08T08:30:00+08:00", "lead byline: published");
	CHECK_STR(a.source, "市融媒体中心", "lead byline: source");
	CHECK_STR(a.editor, "周一", "lead byline: editor stops at the next key");
	CHECK(a.authors.n == 1 && !strcmp(a.authors.items[0], "郑三"), "lead byline: author 郑三");
	CHECK(a.contributors.n == 1 && !strcmp(a.contributors.items[0], "王四"),
	      "lead byline: contributor 王四");
	CHECK_STR(a.body.data,
		  "本报讯（记者 郑三 通讯员 王四）市十六届人大四次会议今天上午开幕，代表们围绕民生实事展开热议。\n"
		  "\n"
		  "\\+ 加号开头的一段话，后面还有 A \\&amp; B 与 C & D 的说明。\n"
		  "\n"
		  "反斜杠\\\\和\\`反引号\\`以及\\_下划线\\_都要原样显示。\n"
		  "\n"
		  "3\\) 第三条建议获得了多数代表的支持。\n",
		  "lead byline: text kept, Markdown escaped");
	article_release(&a);
}

/* A list of related headlines between the body and more text: three short
 * lines in a row end the body. */
static void test_headline_list(void)
{
	static const char text[] =
		"市区新增三处口袋公园\n"
		"来源：城市晚报\n"
		"\n"
		"今年以来，市区新建口袋公园三处，总面积约一万平方米，方便市民就近休闲。\n"
		"公园内设置了健身步道、儿童游乐设施和休息座椅，受到周边居民欢迎。\n"
		"相关新闻\n"
		"市区道路绿化提升工程启动\n"
		"城北公园完成改造\n"
		"本站声明：转载请注明出处。\n";
	struct article a;
	struct ferr e = FERR_INIT;
	int rc;

	article_init(&a);
	rc = article_from_webtext(text, sizeof(text) - 1, &a, &e);
	CHECK(rc == 0, "headline list: read (%s)", e.msg);
	CHECK_STR(a.title, "市区新增三处口袋公园", "headline list: title");
	CHECK_STR(a.source, "城市晚报", "headline list: source");
	CHECK_STR(a.body.data,
		  "今年以来，市区新建口袋公园三处，总面积约一万平方米，方便市民就近休闲。\n"
		  "\n"
		  "公园内设置了健身步道、儿童游乐设施和休息座椅，受到周边居民欢迎。\n",
		  "headline list: the list and what follows it stay out");
	article_release(&a);
}

/* Inputs with no article in them. */
static void test_no_article(void)
{
	static const struct {
		const char *text, *what, *msg;
	} cases[] = {
		{ "", "empty file", "no body paragraphs found" },
		{ "\n  \n\xe3\x80\x80\n", "blank lines", "no body paragraphs found" },
		{ "首页 | 新闻 | 图片\n首页 > 新闻中心 > 要闻\n• 专题一\n• 专题二\n",
		  "navigation only", "no body paragraphs found" },
		{ "来源：新华社\n\n这是一段没有标题的正文，说明了事情的经过和结果。\n",
		  "body without a title", "no article title found" },
		{ "首页 | 新闻 | 图片 | 视频\n首页 > 新闻\n\n这是一段没有标题的正文，说明了事情的经过和结果。\n",
		  "only a menu above the body", "no article title found" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct article a;
		struct ferr e = FERR_INIT;
		int rc;
		article_init(&a);
		rc = article_from_webtext(cases[i].text, strlen(cases[i].text), &a, &e);
		CHECK(rc == FOLIO_EINPUT, "%s: FOLIO_EINPUT", cases[i].what);
		CHECK_STR(e.msg, cases[i].msg, "%s: message", cases[i].what);
		article_release(&a);
	}
}

static void test_sniff(void)
{
	static const char front[] = "---\ntitle: 标题\n---\n\n来源：新华社\n\n正文。\n";
	static const char heading[] = "# 标题\n\n来源：新华社\n\n正文。\n";
	static const char plain[] = "一段普通的文字。\n\n另一段普通的文字。\n";
	static const char byline[] = "标题\n\n■邵英豪\n\n正文，正文。\n";
	CHECK(!webtext_sniff(front, sizeof(front) - 1), "sniff: front matter is Markdown");
	CHECK(!webtext_sniff(heading, sizeof(heading) - 1), "sniff: ATX heading is Markdown");
	CHECK(!webtext_sniff(plain, sizeof(plain) - 1), "sniff: plain text without metadata");
	CHECK(webtext_sniff(byline, sizeof(byline) - 1), "sniff: a ■ byline");
	CHECK(!webtext_sniff("", 0), "sniff: empty input");
}

int main(void)
{
	test_yinzhou();
	test_baizhang();
	test_separate_lines();
	test_reporters();
	test_lead_byline();
	test_headline_list();
	test_no_article();
	test_sniff();
	return test_done();
}
