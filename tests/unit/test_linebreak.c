/* Unit tests: clreq line-break opportunities. */
#include "test.h"
#include "layout/linebreak.h"
#include "utf8.h"

/* The text with '|' wherever a line may begin (other than at the start). */
static void breaks_are(const char *text, const char *want)
{
	uint32_t cps[256] = { 0 };
	bool brk[256];
	size_t n = 0, i = 0, len = strlen(text);
	char out[1024];
	size_t o = 0;
	while (i < len && n < 256) {
		int k = utf8_decode((const unsigned char *)text + i, len - i, &cps[n]);
		i += (size_t)k;
		n++;
	}
	lb_opportunities(cps, n, brk);
	for (size_t j = 0; j < n; j++) {
		if (brk[j])
			out[o++] = '|';
		o += (size_t)utf8_encode(cps[j], out + o);
	}
	out[o] = '\0';
	CHECK_STR(out, want, "breaks in %s", text);
}

int main(void)
{
	breaks_are("百丈街道", "百|丈|街|道");
	breaks_are("党建，百丈。", "党|建，|百|丈。");
	breaks_are("“全域党建”理念", "“全|域|党|建”|理|念");
	breaks_are("《人民日报》报道", "《人|民|日|报》|报|道");
	breaks_are("巡查——上报", "巡|查——|上|报");
	breaks_are("等等……好", "等|等……|好");
	breaks_are("采用10.5米纯电动", "采|用|10.5米|纯|电|动");
	breaks_are("覆盖6万人", "覆|盖|6万|人");
	breaks_are("Debian 是一个", "Debian |是|一|个");
	breaks_are("使用 shell 命令", "使|用 |shell |命|令");
	breaks_are("增长30%以上", "增|长|30%|以|上");
	breaks_are("(作者)", "(作|者)");
	breaks_are("一廊·一堂", "一|廊·|一|堂");
	breaks_are("见https://example.org/a/b/c", "见|https://example.org/|a/|b/|c");
	breaks_are("设置Set-Group-ID位", "设|置|Set-|Group-|ID|位");
	breaks_are("请re-enter和A-1型", "请|re-|enter|和|A-1型");
	breaks_are("电话0574-88888888", "电|话|0574-88888888");
	breaks_are("GDP增长", "GDP|增|长");

	uint32_t l[] = { 0x767E, 0x3002, 0x4E08 }; /* 百。丈 */
	CHECK(!lb_line_ok(l, 3, 1, 3), "a line may not start with 。");
	CHECK(lb_line_ok(l, 3, 0, 2), "a line may end with 。");
	uint32_t o[] = { 0x8BF4, 0x201C, 0x597D }; /* 说“好 */
	CHECK(!lb_line_ok(o, 3, 0, 2), "a line may not end with “");
	uint32_t d[] = { 0x67E5, 0x2014, 0x2014, 0x4E0A }; /* 查——上 */
	CHECK(!lb_line_ok(d, 4, 0, 2), "—— may not be split");
	uint32_t w[] = { 'a', 'b', 'c' };
	CHECK(!lb_line_ok(w, 3, 0, 2), "a Latin word may not be split");
	CHECK(lb_compressible(0xFF0C) && !lb_compressible(0x767E), "，compresses, 百 does not");
	return test_done();
}
