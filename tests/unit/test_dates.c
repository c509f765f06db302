/* test_dates.c - date_parse, date_find and date_valid on the forms news pages use. */
#include "read/dates.h"
#include "test.h"

/* date_parse(in) must succeed and format as want. */
static void parses(const char *in, const char *want)
{
	struct pubdate d;
	struct ferr e = FERR_INIT;
	char out[32] = "";
	int rc = date_parse(in, &d, &e);
	if (!rc)
		pubdate_format(&d, out);
	CHECK(rc == 0, "date_parse(\"%s\") succeeds", in);
	if (rc)
		printf("#   error: %s\n", e.msg);
	CHECK_STR(out, want, "date_parse(\"%s\")", in);
}

/* date_parse(in) must fail with FOLIO_EINPUT and a message that quotes it. */
static void rejects(const char *in, const char *quoted)
{
	struct pubdate d;
	struct ferr e = FERR_INIT;
	int rc = date_parse(in, &d, &e);
	CHECK(rc == FOLIO_EINPUT, "date_parse(\"%s\") fails with FOLIO_EINPUT", in);
	CHECK(strstr(e.msg, quoted) != NULL, "message for \"%s\" names it: %s", in, e.msg);
}

/* date_find(in) finds want ("" for nothing), starting at byte `at`. */
static void finds(const char *in, const char *want, size_t at, size_t to)
{
	struct pubdate d;
	size_t start = 99, end = 99;
	char out[32] = "";
	bool found = date_find(in, strlen(in), &d, &start, &end);
	if (found)
		pubdate_format(&d, out);
	CHECK_STR(out, want, "date_find(\"%s\")", in);
	if (*want)
		CHECK(found && start == at && end == to, "date_find(\"%s\") spans [%zu,%zu), got [%zu,%zu)",
		      in, at, to, start, end);
}

int main(void)
{
	/* the forms Chinese news pages use */
	parses("2019-01-29 15:42:08", "2019-01-29T15:42:08+08:00");
	parses("19-01-29 15:42", "2019-01-29T15:42:00+08:00");
	parses("2019年1月29日", "2019-01-29");
	parses("2019年1月29日 15:42", "2019-01-29T15:42:00+08:00");
	parses("2019年01月29日15:42", "2019-01-29T15:42:00+08:00");
	parses("2019 年 1 月 29 日", "2019-01-29");
	parses("2019年1月29号", "2019-01-29");
	parses("2019年1月29日 15时42分", "2019-01-29T15:42:00+08:00");
	parses("2019/1/29", "2019-01-29");
	parses("2019.01.29", "2019-01-29");
	parses("19.01.29", "2019-01-29");
	parses("2019-1-9", "2019-01-09");
	parses("2019-01-29 15：42", "2019-01-29T15:42:00+08:00");
	/* a zone named before the time (BBC Chinese) */
	parses("2012年12月10日, 格林尼治标准时间10:41", "2012-12-10T10:41:00+00:00");
	parses("2019年1月29日 北京时间15:42", "2019-01-29T15:42:00+08:00");
	parses("2019-01-29 GMT 07:42", "2019-01-29T07:42:00+00:00");
	rejects("2019-01-29 GMT", "not a date");
	parses("２０１９年１月２９日", "2019-01-29");
	parses("2019-03-08\xe3\x80\x80" "09:15:22", "2019-03-08T09:15:22+08:00");
	parses("  2019-01-29 \xe3\x80\x80", "2019-01-29");
	parses("2019-01-29 0:05", "2019-01-29T00:05:00+08:00");
	parses("2019-01-29 23:59:59", "2019-01-29T23:59:59+08:00");

	/* ISO 8601 and its zones */
	parses("2019-01-29T15:42:00+08:00", "2019-01-29T15:42:00+08:00");
	parses("2019-01-29T07:42:00Z", "2019-01-29T07:42:00+00:00");
	parses("2019-01-29T15:42:00+0800", "2019-01-29T15:42:00+08:00");
	parses("2019-01-29T15:42:00.250+05:30", "2019-01-29T15:42:00+05:30");
	parses("2019-01-29T02:00-05:00", "2019-01-29T02:00:00-05:00");
	parses("2019-01-29T15:42", "2019-01-29T15:42:00+08:00");
	parses("2019-01-29 15:42:00+08:00", "2019-01-29T15:42:00+08:00");
	parses("2001-12-14 21:59:43.10 -5", "2001-12-14T21:59:43-05:00");
	parses("2019-01-29 15:42 +8", "2019-01-29T15:42:00+08:00");
	rejects("2019-01-29T15:42:00+15:00", "2019-01-29T15:42:00+15:00");

	/* leap years */
	parses("2020-02-29", "2020-02-29");
	parses("2000-02-29", "2000-02-29");
	rejects("2019-02-29", "2019-02-29");
	rejects("1900-02-29", "1900-02-29");
	rejects("2100-02-29", "2100-02-29");

	/* impossible dates and times */
	rejects("2019-02-30", "2019-02-30");
	rejects("19-02-30", "19-02-30");
	rejects("2019-13-01", "2019-13-01");
	rejects("2019-00-10", "2019-00-10");
	rejects("2019-04-31", "2019-04-31");
	rejects("2019年2月30日", "2019年2月30日");
	rejects("2019-01-29 24:00", "24:00");
	rejects("2019-01-29 24:61", "24:61");
	rejects("2019-01-29 12:60", "12:60");
	rejects("0999-01-01", "0999-01-01");

	/* not dates at all */
	rejects("", "empty");
	rejects("yesterday", "yesterday");
	rejects("2019-01-29 and more", "2019-01-29 and more");
	rejects("2019年1月", "2019年1月");
	rejects("20190129", "20190129");
	rejects("0574-87666666", "0574-87666666");

	/* date_valid on its own */
	CHECK(date_valid(2024, 2, 29), "2024-02-29 is a day");
	CHECK(!date_valid(2023, 2, 29), "2023-02-29 is not");
	CHECK(date_valid(2019, 12, 31), "2019-12-31 is a day");
	CHECK(!date_valid(2019, 11, 31), "2019-11-31 is not");
	CHECK(!date_valid(10000, 1, 1), "year 10000 is out of range");

	/* finding a date in a line of text */
	finds("来源:鄞州新闻网 19-01-29 15:42", "2019-01-29T15:42:00+08:00", 23, 37);
	finds("2019-03-08 09:15:22\xe3\x80\x80来源：鄞州日报", "2019-03-08T09:15:22+08:00", 0, 19);
	finds("发布时间：2019年3月8日", "2019-03-08", 15, 30);
	finds("截至2019年3月8日上午，已有", "2019-03-08", 6, 21);
	finds("时间：2019-01-29 15：42：08　作者", "2019-01-29T15:42:08+08:00", 9, 32);
	finds("于2019-02-30和2019-03-01两天", "2019-03-01", 16, 26);
	finds("2019-01-29 24:61 then 2019-01-30", "2019-01-30", 22, 32);
	finds("会议于15:42-16:30在2019-01-29举行", "2019-01-29", 23, 33);
	finds("2019-01-29 15:42-16:30", "2019-01-29T15:42:00+08:00", 0, 16);
	finds("2019-03-08 09:00-10:00 开放", "2019-03-08T09:00:00+08:00", 0, 16);

	/* phone numbers, mail addresses, versions and addresses are not dates */
	finds("违法和不良信息举报电话:0574-87666666", "", 0, 0);
	finds("纠错:1481280278@qq.com", "", 0, 0);
	finds("电话：0574-8766-6666", "", 0, 0);
	finds("IP 192.168.10.12", "", 0, 0);
	finds("10.1.2.3", "", 0, 0);
	finds("版本 v10.2.3", "", 0, 0);
	finds("编号 120190129", "", 0, 0);
	finds("共16家单位,涵盖22家单位,覆盖面超过6万人。", "", 0, 0);
	finds("浙ICP备09065152号 浙新办[2006]18号", "", 0, 0);
	finds("", "", 0, 0);
	/* Found by fuzzing: seconds that are not there do not stick. */
	{
		struct pubdate fd;
		size_t a0, b0;
		const char *t1 = "2019年1月29日10时30分15名学生参加";
		CHECK(date_find(t1, strlen(t1), &fd, &a0, &b0) && fd.has_time && fd.second == 0,
		      "15名 after 10时30分 is not seconds");
		const char *t2 = "2019-01-29 15:42:5";
		CHECK(date_find(t2, strlen(t2), &fd, &a0, &b0) && fd.second == 0, "a one-digit :5 is not seconds");
	}
	return test_done();
}
