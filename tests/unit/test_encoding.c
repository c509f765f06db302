/* Unit tests: encoding detection on real legacy feeds and web pages,
 * decoding (GB18030 fixes, Big5, UTF-16/32, bad bytes) and encoding back
 * to GB18030, GBK, GB2312 and Big5. */
#include "test.h"
#include "encoding.h"
#include "utf8.h"

#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Files the repository owns (tests/data/, see SOURCES.md there), and the
 * larger shared test collection, read as extra coverage when it is beside
 * the checkout. */
#define DATA "tests/data/"
#define SHARED_DATA "../shared/data/"

/* ---- helpers ---- */

static const char *find_bytes(const void *hay, size_t len, const char *needle)
{
	size_t k = strlen(needle);
	for (size_t i = 0; i + k <= len; i++)
		if (!memcmp((const char *)hay + i, needle, k))
			return (const char *)hay + i;
	return NULL;
}

static int decode(const void *in, size_t len, const char *forced, bool lossy, bool markup,
		  struct buf *out, struct decoded *how, struct ferr *e)
{
	struct decode_options opt = { forced, lossy, markup };
	buf_reset(out);
	e->code = 0;
	e->msg[0] = '\0';
	return decode_to_utf8(in, len, &opt, out, how, e);
}

static int encode(const char *utf8, const char *target, bool subst, struct buf *out,
		  struct ferr *e)
{
	buf_reset(out);
	e->code = 0;
	e->msg[0] = '\0';
	return encode_from_utf8(utf8, strlen(utf8), target, subst, out, e);
}

static size_t count(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, k = strlen(needle);
	for (size_t i = 0; i + k <= len; i++)
		if (!memcmp(hay + i, needle, k))
			n++;
	return n;
}

static void hex_is(const struct buf *b, const char *want_hex, const char *what)
{
	char got[256] = "";
	size_t k = 0;
	for (size_t i = 0; i < b->len && k + 3 < sizeof(got); i++)
		k += (size_t)snprintf(got + k, sizeof(got) - k, "%02x", (unsigned char)b->data[i]);
	CHECK_STR(got, want_hex, "%s", what);
}

/* ---- detection on real files ---- */

struct tally {
	int right, total;
};

/* The family an encoding name belongs to, for comparing expectations:
 * the whole GB family is one answer. */
static const char *family(const char *name)
{
	const char *c = encoding_canonical(name);
	if (!c)
		return name;
	if (!strcmp(c, "GB2312") || !strcmp(c, "GBK") || !strcmp(c, "GB18030"))
		return "GB18030";
	if (!strcmp(c, "Big5-HKSCS"))
		return "Big5";
	return c;
}

/* "Expect: GB18030" in the comment chardet's maintainers put at the top. */
static const char *expect_comment(const unsigned char *data, size_t len, char *out, size_t size)
{
	const char *p = find_bytes(data, len < 2048 ? len : 2048, "Expect:");
	size_t k = 0;
	if (!p)
		return NULL;
	p += 7;
	while (*p == ' ')
		p++;
	while (k + 1 < size && p[k] && p[k] != ' ' && p[k] != '\n' && p[k] != '\r' && p[k] != '-')
		out[k] = p[k], k++;
	out[k] = '\0';
	return out;
}

static void detect_file(const char *path, const char *want, struct tally *t, struct tally *stat)
{
	unsigned char *data;
	size_t len;
	struct ferr e = FERR_INIT;
	struct decoded how;
	struct buf out = BUF_INIT;
	char expect[32];

	if (read_file(path, &data, &len, &e)) {
		CHECK(0, "%s: read (%s)", path, e.msg);
		return;
	}
	if (expect_comment(data, len, expect, sizeof(expect)))
		want = expect;
	int err = encoding_detect(data, len, encoding_looks_like_markup(path, data, len), &how, &e);
	bool ok = !err && !strcmp(family(how.encoding), family(want));
	t->total++;
	t->right += ok;
	CHECK(ok, "%s detected as %s (%s)", path, want, err ? e.msg : how.evidence);
	if (!ok && !err)
		printf("#   got %s: %s\n", how.encoding, how.evidence);

	/* and it decodes, without a bad byte */
	err = decode(data, len, NULL, false, encoding_looks_like_markup(path, data, len), &out,
		     &how, &e);
	CHECK(!err && !how.lossy && out.len > 0, "%s decodes (%s)", path, err ? e.msg : "ok");

	/* Without what the file declares (the XML prolog cut off, no markup):
	 * the statistics alone must find it. */
	if (stat && strcmp(family(want), "UTF-8")) {
		const unsigned char *body = data;
		const char *q = len > 5 && !memcmp(data, "<?xml", 5) ? find_bytes(data, len, "?>") : NULL;
		if (q)
			body = (const unsigned char *)q + 2;
		err = encoding_detect(body, len - (size_t)(body - data), false, &how, &e);
		ok = !err && !strcmp(family(how.encoding), family(want));
		stat->total++;
		stat->right += ok;
		CHECK(ok, "%s without its declaration: %s (%s)", path, want,
		      err ? e.msg : how.evidence);
	}
	buf_release(&out);
	free(data);
}

static void detect_dir(const char *dir, const char *want, struct tally *t, struct tally *stat)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	CHECK(d != NULL, "%s exists", dir);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		names[n++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		size_t k = strlen(name);
		/* web pages: the .html files; expected text and JSON are not pages */
		bool page = k > 5 && !strcmp(name + k - 5, ".html");
		if (!strcmp(want, "(pages)")) {
			if (page)
				detect_file(name,
					    strstr(name, "archive.org.he.xinhuanet.com") ? "GB18030"
											   : "UTF-8",
					    t, stat);
		} else {
			detect_file(name, want, t, stat);
		}
		free(names[i]);
	}
	free(names);
}

static void test_real_files(void)
{
	struct tally t = { 0, 0 }, stat = { 0, 0 };
	detect_dir(DATA "legacy/gb2312", "GB18030", &t, &stat);
	detect_dir(DATA "legacy/big5", "Big5", &t, &stat);
	/* the saved news pages: UTF-8 (gne pages too, whatever they declare)
	 * but for the Wayback capture of a GB2312 Xinhua page */
	detect_dir(DATA "html", "(pages)", &t, &stat);
	detect_dir(DATA "legacy/pages", "(pages)", &t, &stat);
	printf("# detection accuracy: %d/%d\n", t.right, t.total);
	printf("# detection accuracy without declared charsets (statistics only): %d/%d\n",
	       stat.right, stat.total);
	CHECK(t.total >= 40, "at least 40 real files checked (%d)", t.total);
}

/* Every legacy file the repository holds, by its true encoding (the name
 * of its folder): right, wrong or refused, with what it declares and with
 * the declaration cut off.  Wrong must be 0: a refusal is honest, a wrong
 * encoding is mojibake stored as text. */
static void test_legacy_table(void)
{
	static const struct {
		const char *dir, *truth;
	} sets[] = {
		{ DATA "legacy/gb2312", "GB18030" },      { DATA "legacy/pages", "GB18030" },
		{ DATA "legacy/big5", "Big5" },           { DATA "legacy/other/EUC-KR", "EUC-KR" },
		{ DATA "legacy/other/Johab", "JOHAB" },   { DATA "legacy/other/SHIFT_JIS", "Shift_JIS" },
		{ DATA "legacy/other/CP932", "Shift_JIS" }, { DATA "legacy/other/EUC-JP", "EUC-JP" },
		{ DATA "legacy/other/UTF-16LE", "UTF-16LE" }, { DATA "legacy/other/UTF-16BE", "UTF-16BE" },
		{ DATA "legacy/other/UTF-32BE", "UTF-32BE" },
	};
	int wrong_all = 0, files = 0;
	printf("# %-10s %5s %5s %7s | without the declaration: %5s %5s %7s\n", "encoding", "right",
	       "wrong", "refused", "right", "wrong", "refused");
	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++) {
		int n[2][3] = { { 0 } }; /* [declared/stripped][right, wrong, refused] */
		DIR *d = opendir(sets[i].dir);
		struct dirent *de;
		CHECK(d != NULL, "%s exists", sets[i].dir);
		while (d && (de = readdir(d))) {
			if (de->d_name[0] == '.' || strstr(de->d_name, ".md"))
				continue;
			char *path = xasprintf("%s/%s", sets[i].dir, de->d_name);
			unsigned char *data;
			size_t len;
			struct ferr e = FERR_INIT;
			if (read_file(path, &data, &len, &e)) {
				free(path);
				continue;
			}
			files++;
			for (int strip = 0; strip < 2; strip++) {
				const unsigned char *body = data;
				const char *q = strip && len > 5 && !memcmp(data, "<?xml", 5)
							? find_bytes(data, len, "?>")
							: NULL;
				if (strip && !q)
					q = NULL;
				if (q)
					body = (const unsigned char *)q + 2;
				struct decoded how;
				struct buf out = BUF_INIT;
				struct decode_options opt = { NULL, false, !strip };
				int err = decode_to_utf8(body, len - (size_t)(body - data), &opt, &out,
							 &how, &e);
				int k = err ? 2 : !strcmp(how.encoding, sets[i].truth) ? 0 : 1;
				n[strip][k]++;
				if (k == 1)
					printf("#   WRONG %s%s: %s (%s)\n", path,
					       strip ? " without its declaration" : "", how.encoding,
					       how.evidence);
				else if (k == 2)
					printf("#   refused %s%s: %s\n", path,
					       strip ? " without its declaration" : "", e.msg);
				buf_release(&out);
			}
			free(data);
			free(path);
		}
		if (d)
			closedir(d);
		printf("# %-10s %5d %5d %7d | %29d %5d %7d\n", sets[i].truth, n[0][0], n[0][1],
		       n[0][2], n[1][0], n[1][1], n[1][2]);
		CHECK(n[0][1] == 0 && n[1][1] == 0, "%s: no file read as another encoding",
		      sets[i].truth);
		CHECK(n[0][2] == 0, "%s: every file read, with what it declares", sets[i].truth);
		wrong_all += n[0][1] + n[1][1];
	}
	CHECK(files >= 45 && wrong_all == 0, "%d legacy files, none read wrong", files);
}

/* Every page of the shared collection, when it is there: more pages than
 * the repository keeps, the same rule. */
static void test_shared_pages(void)
{
	struct tally t = { 0, 0 }, stat = { 0, 0 };
	const char *page_dirs[] = { "html/gne", "html/newspaper", "html/trafilatura",
				    "html/readability/gmw", "html/readability/pixnet",
				    "html/readability/qq" };
	DIR *probe = opendir(SHARED_DATA "html");
	if (!probe) {
		SKIP("detection on every page of " SHARED_DATA "html", "not present beside the checkout");
		return;
	}
	closedir(probe);
	for (size_t i = 0; i < sizeof(page_dirs) / sizeof(page_dirs[0]); i++) {
		char dir[128];
		snprintf(dir, sizeof(dir), SHARED_DATA "%s", page_dirs[i]);
		detect_dir(dir, "(pages)", &t, &stat);
	}
	printf("# shared pages: detection accuracy %d/%d\n", t.right, t.total);
}

/* Real GB2312 and Big5 feeds convert back to their own bytes: the GB2312
 * ones through the — and · that glibc's GB2312 table spells differently. */
static void test_real_round_trips(void)
{
	const char *dirs[] = { DATA "legacy/gb2312", DATA "legacy/big5" };
	const char *targets[] = { "GB2312", "Big5" };
	for (int i = 0; i < 2; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *de;
		int same = 0, files = 0;
		while (d && (de = readdir(d))) {
			char *path;
			unsigned char *data;
			size_t len;
			struct buf text = BUF_INIT, back = BUF_INIT;
			struct decoded how;
			struct ferr e = FERR_INIT;
			if (de->d_name[0] == '.')
				continue;
			path = xasprintf("%s/%s", dirs[i], de->d_name);
			if (!read_file(path, &data, &len, &e)) {
				files++;
				if (!decode(data, len, NULL, false, false, &text, &how, &e) &&
				    !encode_from_utf8(text.data, text.len, targets[i], false, &back, &e) &&
				    back.len == len && !memcmp(back.data, data, len))
					same++;
				else
					printf("#   %s: %s\n", path, e.msg);
				free(data);
			}
			buf_release(&text);
			buf_release(&back);
			free(path);
		}
		if (d)
			closedir(d);
		CHECK(files > 0 && same == files, "%s feeds: UTF-8 and back to %s is byte-identical (%d/%d)",
		      targets[i], targets[i], same, files);
	}
}

/* ---- detection on synthetic input ---- */

static void test_declared(void)
{
	struct buf out = BUF_INIT, gb = BUF_INIT, page = BUF_INIT;
	struct decoded how;
	struct ferr e = FERR_INIT;
	const char *text = "新华网石家庄6月4日电，话剧《约定无期限》在河北各市巡演结束，观众反响热烈。";

	CHECK(!encode(text, "GB18030", false, &gb, &e), "synthetic GB2312 text");
	/* The Wayback trap: a <script charset="utf-8"> before the real <meta>. */
	buf_adds(&page, "<html><head><script src=\"a.js\" charset=\"utf-8\"></script>\n"
			"<!-- <meta charset=\"big5\"> -->\n"
			"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"/>\n"
			"<title>");
	buf_add(&page, gb.data, gb.len);
	buf_adds(&page, "</title></head><body>");
	buf_add(&page, gb.data, gb.len);
	buf_adds(&page, "</body></html>\n");
	CHECK(!decode(page.data, page.len, NULL, false, true, &out, &how, &e),
	      "trap page decodes (%s)", e.msg);
	CHECK_STR(how.encoding, "GB18030", "only <meta> counts, not <script charset>");
	CHECK(strstr(how.evidence, "<meta> declares gb2312") != NULL, "evidence names the <meta>: %s",
	      how.evidence);
	CHECK(count(out.data, out.len, text) == 2, "the text comes out twice");

	/* gb2312 declared, UTF-8 bytes: UTF-8 wins */
	buf_reset(&page);
	buf_adds(&page, "<html><head><meta charset=\"gb2312\"><title>");
	buf_adds(&page, text);
	buf_adds(&page, "</title></head></html>");
	CHECK(!decode(page.data, page.len, NULL, false, true, &out, &how, &e), "lying page decodes");
	CHECK_STR(how.encoding, "UTF-8", "a page declaring gb2312 in UTF-8 is UTF-8");
	CHECK(strstr(how.evidence, "contradict") != NULL, "evidence says the declaration lies: %s",
	      how.evidence);
	CHECK(out.len == page.len && !memcmp(out.data, page.data, page.len), "UTF-8 passes unchanged");

	/* an XML prolog counts without markup; a wrong one is overruled */
	buf_reset(&page);
	buf_adds(&page, "<?xml version=\"1.0\" encoding=\"big5\"?>\n<rss><title>");
	buf_add(&page, gb.data, gb.len);
	buf_adds(&page, "</title></rss>\n");
	CHECK(!decode(page.data, page.len, NULL, false, false, &out, &how, &e) &&
		      !strcmp(how.encoding, "GB18030") && count(out.data, out.len, text) == 1,
	      "big5 declared on GB bytes: GB18030 (%s)", how.evidence);
	buf_reset(&page);
	buf_adds(&page, "<?xml version='1.0' encoding='GBK'?>\n<rss>");
	buf_add(&page, gb.data, gb.len);
	buf_adds(&page, "</rss>\n");
	CHECK(!decode(page.data, page.len, NULL, false, false, &out, &how, &e) &&
		      !strcmp(how.encoding, "GB18030") && strstr(how.evidence, "XML prolog"),
	      "XML prolog honoured without markup: %s", how.evidence);
	/* a prolog saying utf-8 on GB bytes: the statistics decide */
	buf_reset(&page);
	buf_adds(&page, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss>");
	buf_add(&page, gb.data, gb.len);
	buf_adds(&page, "</rss>\n");
	CHECK(!decode(page.data, page.len, NULL, false, false, &out, &how, &e) &&
		      !strcmp(how.encoding, "GB18030"),
	      "utf-8 declared on GB bytes: GB18030 (%s)", how.evidence);
	CHECK(strstr(how.evidence, "not UTF-8 at byte") != NULL, "evidence says so: %s",
	      how.evidence);

	/* a few Han characters in much ASCII */
	buf_reset(&page);
	for (int i = 0; i < 20; i++)
		buf_adds(&page, "<a href=\"/news/index.html\">home</a> | ");
	buf_add(&page, gb.data, 8); /* 新华网石 */
	buf_adds(&page, "\n");
	CHECK(!decode(page.data, page.len, NULL, false, false, &out, &how, &e) &&
		      !strcmp(how.encoding, "GB18030"),
	      "four Han characters in 800 bytes of ASCII: GB18030 (%s)", how.evidence);
	CHECK(how.confidence < 0.9, "with low confidence (%.2f)", how.confidence);

	buf_release(&out);
	buf_release(&gb);
	buf_release(&page);
}

/* ---- decoding ---- */

static void test_gb_decoding(void)
{
	struct buf out = BUF_INIT;
	struct decoded how;
	struct ferr e = FERR_INIT;

	CHECK(!decode("\x80", 1, "GB18030", false, false, &out, &how, &e), "0x80 decodes");
	CHECK_STR(out.data, "€", "0x80 is the euro sign");
	CHECK(!decode("\xbc\xdb\xb8\xf1\x80" "100", 8, "gbk", false, false, &out, &how, &e),
	      "GBK price decodes");
	CHECK_STR(out.data, "价格€100", "GBK text with 0x80");
	CHECK_STR(how.encoding, "GB18030", "GBK is read as GB18030");
	CHECK(strstr(how.converter, "iconv GB18030") && strstr(how.converter, "glibc "),
	      "converter names glibc iconv: %s", how.converter);
	CHECK(!decode("\x81\x39\xee\x39\x95\x34\xb2\x35", 8, "GB18030", false, false, &out, &how, &e),
	      "four-byte sequences decode");
	CHECK_STR(out.data, "㐀𠮷", "㐀 and 𠮷 survive");
	CHECK(!decode("\xa1\xaa\xa1\xa4", 4, "gb2312", false, false, &out, &how, &e), "GB2312 dashes");
	CHECK_STR(out.data, "\xe2\x80\x94\xc2\xb7", "A1AA A1A4 are U+2014 U+00B7, as GB18030 reads them");

	/* GB18030-2022 private-use normalisation */
	CHECK(!decode("\xa6\xd9\xa6\xda\xfe\x59\xfe\x51", 8, "GB18030", false, false, &out, &how, &e),
	      "two-byte codes of the changed characters decode");
	CHECK_STR(out.data, "\xef\xb8\x90\xef\xb8\x92\xe9\xbe\xb4\xf0\xa0\x82\x87",
		  "A6D9 A6DA FE59 FE51 are U+FE10 U+FE12 U+9FB4 U+20087");
	CHECK(!decode("\x84\x31\x82\x36\x82\x35\x90\x37\x84\x31\x83\x35\x82\x35\x91\x34", 16,
		      "GB18030", false, false, &out, &how, &e),
	      "GB18030-2005 four-byte codes glibc rejects decode (%s)", e.msg);
	CHECK_STR(out.data, "\xef\xb8\x90\xe9\xbe\xb4\xef\xb8\x99\xe9\xbe\xbb",
		  "84318236 82359037 84318335 82359134 are U+FE10 U+9FB4 U+FE19 U+9FBB");
	CHECK(!how.lossy, "without replacements");

	/* bad bytes */
	CHECK(decode("\xd6\xd0\xce\xc4\x81\x20" "abc", 9, "GB18030", false, false, &out, &how, &e) ==
		      FOLIO_EINPUT,
	      "a lead byte before a space is an error");
	CHECK_STR(e.msg, "not valid GB18030 at byte 4 (bytes 81 20)", "message gives offset and bytes");
	CHECK(out.len == 0, "no output on error");
	CHECK(decode("\xd6\xd0\xce\xc4\xd6", 5, "GB18030", false, false, &out, &how, &e) ==
		      FOLIO_EINPUT,
	      "a character cut off by the end is an error");
	CHECK_STR(e.msg, "not valid GB18030 at byte 4 (bytes D6, cut off by the end of the input)",
		  "truncation message");
	CHECK(decode("\xd6\xd0\xce\xc4\x81\x30\x81", 7, "GB18030", false, false, &out, &how, &e) ==
		      FOLIO_EINPUT &&
		      strstr(e.msg, "at byte 4 (bytes 81 30 81, cut off"),
	      "a four-byte sequence cut off: %s", e.msg);
	CHECK(decode("\xd6\xd0\xff\xce\xc4", 5, "GB18030", false, false, &out, &how, &e) ==
		      FOLIO_EINPUT,
	      "0xFF is an error");
	CHECK_STR(e.msg, "not valid GB18030 at byte 2 (bytes FF CE)", "0xFF message");
	CHECK(decode("\x84\x31\xa5\x30", 4, "GB18030", false, false, &out, &how, &e) == FOLIO_EINPUT &&
		      strstr(e.msg, "bytes 84 31 A5 30"),
	      "an unassigned four-byte code is one bad sequence: %s", e.msg);

	/* lossy */
	CHECK(!decode("\xd6\xd0\x81\x20\xce\xc4\xff\xd0\xc2\x84\x31\xa5\x30\xce\xc5\xd6", 16,
		      "GB18030", true, false, &out, &how, &e),
	      "lossy decoding succeeds");
	CHECK_STR(out.data, "中\xef\xbf\xbd 文\xef\xbf\xbd新\xef\xbf\xbd闻\xef\xbf\xbd",
		  "each bad sequence is one U+FFFD, the good bytes after it kept");
	CHECK(how.lossy && how.replaced == 4, "replaced = 4 (%zu)", how.replaced);

	/* auto-detected GB text with a bad byte: the error is GB18030's */
	{
		struct buf gb = BUF_INIT;
		encode("中华人民共和国国务院新闻办公室今天举行新闻发布会，介绍有关情况。", "GB18030", false,
		       &gb, &e);
		buf_addc(&gb, '\xff');
		buf_adds(&gb, "end");
		CHECK(decode(gb.data, gb.len, NULL, false, false, &out, &how, &e) == FOLIO_EINPUT,
		      "detected GB18030 with a bad byte fails");
		CHECK(strstr(e.msg, "not valid GB18030 at byte") && strstr(e.msg, "(bytes FF 65)"),
		      "message: %s", e.msg);
		CHECK(!decode(gb.data, gb.len, NULL, true, false, &out, &how, &e) && how.replaced == 1 &&
			      !strcmp(how.encoding, "GB18030"),
		      "lossy: GB18030 with one replacement");
		buf_release(&gb);
	}
	buf_release(&out);
}

static void test_other_decoding(void)
{
	struct buf out = BUF_INIT;
	struct decoded how;
	struct ferr e = FERR_INIT;

	/* Big5 */
	CHECK(!decode("\xa4\xa4\xa4\xe5", 4, "big5", false, false, &out, &how, &e), "Big5 decodes");
	CHECK_STR(out.data, "中文", "Big5 中文");
	CHECK_STR(how.encoding, "Big5", "reported as Big5");
	CHECK(decode("\xa4\xa4\xa3\xc0\xa4\xe5", 6, "big5", false, false, &out, &how, &e) ==
		      FOLIO_EINPUT,
	      "an unassigned Big5 pair is an error");
	CHECK_STR(e.msg, "not valid Big5 at byte 2 (bytes A3 C0)", "Big5 message");
	CHECK(decode("\xa4\xa4\xa4\x30", 4, "big5", false, false, &out, &how, &e) == FOLIO_EINPUT,
	      "a Big5 lead before a digit is an error");
	CHECK_STR(e.msg, "not valid Big5 at byte 2 (bytes A4 30)", "Big5 bad trail message");
	CHECK(!decode("\xa4\xa4\xa4\x30", 4, "big5", true, false, &out, &how, &e) &&
		      !strcmp(out.data, "中\xef\xbf\xbd" "0") && how.replaced == 1,
	      "lossy Big5 keeps the digit");
	CHECK(!decode("\xa4\xa4\x87\x40", 4, "big5", false, false, &out, &how, &e) &&
		      !strcmp(how.encoding, "Big5-HKSCS"),
	      "Big5 that needs HKSCS falls back to it (%s)", how.encoding);
	CHECK_STR(out.data, "中\xe4\x8f\xb0", "HKSCS 8740 is U+43F0");

	/* UTF-16 and UTF-32 */
	CHECK(!decode("\xff\xfe\x2d\x4e\x87\x65", 6, NULL, false, false, &out, &how, &e) &&
		      !strcmp(how.encoding, "UTF-16LE") && !strcmp(out.data, "中文"),
	      "UTF-16LE with BOM");
	CHECK(strstr(how.evidence, "byte-order mark FF FE") != NULL, "evidence: %s", how.evidence);
	CHECK(!decode("\xfe\xff\x4e\x2d\x65\x87\xd8\x42\xdf\xb7", 10, NULL, false, false, &out, &how,
		      &e) &&
		      !strcmp(how.encoding, "UTF-16BE") && !strcmp(out.data, "中文𠮷"),
	      "UTF-16BE with BOM and a surrogate pair");
	CHECK(!decode("\xff\xfe\x00\x00\x2d\x4e\x00\x00\xb7\x0b\x02\x00", 12, NULL, false, false, &out,
		      &how, &e) &&
		      !strcmp(how.encoding, "UTF-32LE") && !strcmp(out.data, "中𠮷"),
	      "UTF-32LE with BOM");
	CHECK(!decode("\x00\x00\xfe\xff\x00\x00\x4e\x2d", 8, NULL, false, false, &out, &how, &e) &&
		      !strcmp(how.encoding, "UTF-32BE") && !strcmp(out.data, "中"),
	      "UTF-32BE with BOM");
	CHECK(decode("\xff\xfe\x2d\x4e\x00\xd8\x41\x00", 8, NULL, false, false, &out, &how, &e) ==
		      FOLIO_EINPUT,
	      "a lone surrogate in UTF-16 is an error");
	CHECK(strstr(e.msg, "not valid UTF-16LE at byte 4") != NULL, "message: %s", e.msg);
	CHECK(decode("\xff\xfe\x2d\x4e\x87", 5, NULL, false, false, &out, &how, &e) == FOLIO_EINPUT &&
		      strstr(e.msg, "at byte 4 (bytes 87, cut off"),
	      "odd byte at the end of UTF-16: %s", e.msg);
	{
		const char u16[] = "T\0i\0t\0l\0e\0:\0 \0-\x4e\x87\x65\n\0";
		CHECK(!decode(u16, sizeof(u16) - 1, NULL, false, false, &out, &how, &e) &&
			      !strcmp(how.encoding, "UTF-16LE") && !strcmp(out.data, "Title: 中文\n"),
		      "UTF-16LE without a BOM, by its NUL bytes (%s)", how.encoding);
	}

	/* UTF-8 */
	CHECK(!decode("\xef\xbb\xbf中文", 9, NULL, false, false, &out, &how, &e) &&
		      !strcmp(out.data, "中文") && !strcmp(how.encoding, "UTF-8"),
	      "UTF-8 BOM dropped");
	CHECK(!decode("", 0, NULL, false, false, &out, &how, &e) && out.len == 0 &&
		      !strcmp(how.encoding, "UTF-8") && !strcmp(how.evidence, "empty input"),
	      "empty input is empty UTF-8");
	CHECK(!decode("", 0, "gb18030", false, false, &out, &how, &e) && out.len == 0,
	      "empty input with a forced encoding");
	{
		struct buf u = BUF_INIT;
		for (int i = 0; i < 5; i++)
			buf_adds(&u, "中华人民共和国国务院新闻办公室");
		buf_add(&u, "\xe4\xb8", 2); /* a character cut in two */
		buf_adds(&u, "。");
		CHECK(decode(u.data, u.len, NULL, false, false, &out, &how, &e) == FOLIO_EINPUT &&
			      strstr(e.msg, "not valid UTF-8 at byte 225 (bytes E4 B8)"),
		      "UTF-8 with a damaged character stays UTF-8: %s", e.msg);
		CHECK(!decode(u.data, u.len, NULL, true, false, &out, &how, &e) && how.replaced == 1 &&
			      !strcmp(how.encoding, "UTF-8") &&
			      count(out.data, out.len, "\xef\xbf\xbd") == 1,
		      "lossy: one U+FFFD");
		buf_release(&u);
	}

	/* forced names */
	CHECK(decode("abc", 3, "no-such-encoding", false, false, &out, &how, &e) == FOLIO_EUSAGE,
	      "an unknown forced encoding is a usage error");
	CHECK(!decode("caf\xe9", 4, "latin1", false, false, &out, &how, &e) &&
		      !strcmp(out.data, "café") && !strcmp(how.encoding, "ISO-8859-1"),
	      "forced latin1 is canonicalised to ISO-8859-1");
	CHECK(!decode("\xc1", 1, "koi8-r", false, false, &out, &how, &e) &&
		      !strcmp(out.data, "а") && !strcmp(how.encoding, "KOI8-R"),
	      "a name only iconv knows works (%s)", how.encoding);
	CHECK(!decode("\x82\xa0", 2, "cp932", false, false, &out, &how, &e) &&
		      !strcmp(out.data, "あ") && !strcmp(how.encoding, "Shift_JIS"),
	      "cp932 is read as Shift_JIS, by CP932 (%s)", how.encoding);
	CHECK(!decode("\xef\xbb\xbf" "a", 4, "utf-8", false, false, &out, &how, &e) &&
		      !strcmp(out.data, "a"),
	      "forced UTF-8 drops its BOM");
	CHECK(!decode("\x84\x31\x95\x33\xd6\xd0", 6, NULL, false, false, &out, &how, &e) &&
		      !strcmp(out.data, "中") && !strcmp(how.encoding, "GB18030"),
	      "GB18030 byte-order mark");
	buf_release(&out);
}

/* ---- encoding ---- */

static void append_cp(struct buf *b, uint32_t cp)
{
	char u[4];
	buf_add(b, u, (size_t)utf8_encode(cp, u));
}

/* The standard character a GB18030 private-use point comes back as. */
static uint32_t normalised(uint32_t cp)
{
	static const uint32_t map[][2] = {
		{ 0xE78D, 0xFE10 }, { 0xE78E, 0xFE12 }, { 0xE78F, 0xFE11 }, { 0xE790, 0xFE13 },
		{ 0xE791, 0xFE14 }, { 0xE792, 0xFE15 }, { 0xE793, 0xFE16 }, { 0xE794, 0xFE17 },
		{ 0xE795, 0xFE18 }, { 0xE796, 0xFE19 }, { 0xE81E, 0x9FB4 }, { 0xE826, 0x9FB5 },
		{ 0xE82B, 0x9FB6 }, { 0xE82C, 0x9FB7 }, { 0xE832, 0x9FB8 }, { 0xE843, 0x9FB9 },
		{ 0xE854, 0x9FBA }, { 0xE864, 0x9FBB }, { 0xE816, 0x20087 }, { 0xE817, 0x20089 },
		{ 0xE818, 0x200CC }, { 0xE831, 0x215D7 }, { 0xE83B, 0x2298F }, { 0xE855, 0x241FE },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i][0] == cp)
			return map[i][1];
	return cp;
}

static void test_all_scalars(void)
{
	struct buf text = BUF_INIT, want = BUF_INIT, gb = BUF_INIT, back = BUF_INIT;
	struct decoded how;
	struct ferr e = FERR_INIT;
	size_t changed = 0;

	for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		append_cp(&text, cp);
		append_cp(&want, normalised(cp));
		changed += normalised(cp) != cp;
	}
	CHECK(!encode_from_utf8(text.data, text.len, "GB18030", false, &gb, &e),
	      "every scalar value encodes to GB18030 (%s)", e.msg);
	CHECK(!decode(gb.data, gb.len, "GB18030", false, false, &back, &how, &e),
	      "and decodes back (%s)", e.msg);
	CHECK(back.len == want.len && !memcmp(back.data, want.data, want.len),
	      "U+0000..U+10FFFF minus surrogates round-trip, the %zu private-use points as their "
	      "standard characters", changed);
	CHECK(changed == 24, "24 private-use points are normalised");

	/* text of standard characters round-trips exactly, these included */
	buf_reset(&gb);
	/* (all of Unicode is no plausible text: detected, it is kept only
	 * under --lossy, marked suspect) */
	CHECK(!encode_from_utf8(want.data, want.len, "GB18030", false, &gb, &e) &&
		      !decode(gb.data, gb.len, NULL, true, false, &back, &how, &e) && how.suspect &&
		      back.len == want.len && !memcmp(back.data, want.data, want.len),
	      "normalised text round-trips identically (detected as %s)", how.encoding);
	buf_release(&text);
	buf_release(&want);
	buf_release(&gb);
	buf_release(&back);
}

static void test_encoding(void)
{
	struct buf out = BUF_INIT, back = BUF_INIT;
	struct decoded how;
	struct ferr e = FERR_INIT;

	CHECK(!encode("中文", "GB18030", false, &out, &e), "GB18030");
	hex_is(&out, "d6d0cec4", "中文 in GB18030");
	CHECK(!encode("中文", "big5", false, &out, &e), "Big5");
	hex_is(&out, "a4a4a4e5", "中文 in Big5");
	CHECK(!encode("€", "gbk", false, &out, &e), "€ in GBK");
	hex_is(&out, "80", "€ is 0x80 in GBK");
	CHECK(!encode("\xee\x9e\x8d\xef\xb8\x90\xee\xa0\x96\xf0\xa0\x82\x87", "GB18030", false, &out,
		      &e),
	      "private-use and standard forms encode");
	hex_is(&out, "a6d9a6d9fe51fe51", "U+E78D and U+FE10 are A6D9, U+E816 and U+20087 FE51");

	/* — and · from a GB2312 file go back to GB2312 */
	CHECK(!decode("\xd6\xd0\xa1\xaa\xa1\xa4", 6, "gb2312", false, false, &back, &how, &e),
	      "GB2312 with — ·");
	CHECK(!encode(back.data, "GB2312", false, &out, &e), "encodes back to GB2312 (%s)", e.msg);
	hex_is(&out, "d6d0a1aaa1a4", "the same bytes");
	CHECK(!encode("\xe2\x80\x95\xe3\x83\xbb", "gb2312", false, &out, &e), "U+2015 U+30FB too");
	hex_is(&out, "a1aaa1a4", "glibc's own GB2312 forms");

	/* refusals */
	CHECK(encode("a𠮷b\n©c€", "GBK", false, &out, &e) == FOLIO_EINPUT, "GBK lacks 𠮷 and ©");
	CHECK_STR(e.msg,
		  "GBK lacks 2 characters: U+20BB7 '𠮷' at line 1 column 2, U+00A9 '©' at line 2 column 1",
		  "each listed with its position");
	CHECK(out.len == 0, "nothing written on refusal");
	CHECK(encode("价格€", "GB2312", false, &out, &e) == FOLIO_EINPUT &&
		      !strcmp(e.msg, "GB2312 lacks 1 character: U+20AC '€' at line 1 column 3"),
	      "GB2312 lacks €: %s", e.msg);
	CHECK(encode("中国\n台灣 说明", "Big5", false, &out, &e) == FOLIO_EINPUT &&
		      !strcmp(e.msg, "Big5 lacks 2 characters: U+56FD '国' at line 1 column 2, "
				     "U+8BF4 '说' at line 2 column 4"),
	      "Big5 lacks simplified characters: %s", e.msg);
	{
		struct buf many = BUF_INIT;
		for (int i = 0; i < 13; i++)
			buf_adds(&many, "x𠮷");
		CHECK(encode(many.data, "gbk", false, &out, &e) == FOLIO_EINPUT &&
			      strstr(e.msg, "GBK lacks 13 characters: U+20BB7 '𠮷' at line 1 column 2, ") &&
			      strstr(e.msg, "at line 1 column 20, and 3 more"),
		      "ten listed, then a count: %s", e.msg);
		buf_release(&many);
	}
	CHECK(encode("\xe2\x80\x8b", "gbk", false, &out, &e) == FOLIO_EINPUT &&
		      !strcmp(e.msg, "GBK lacks 1 character: U+200B at line 1 column 1"),
	      "invisible characters are not quoted: %s", e.msg);

	/* --subst */
	CHECK(!encode("a𠮷b\n©c", "GBK", true, &out, &e), "with subst GBK succeeds");
	CHECK_STR(out.data, "a?b\n?c", "each missing character is '?'");
	CHECK(!encode("中国说", "big5", true, &out, &e), "with subst Big5 succeeds");
	hex_is(&out, "a4a43f3f", "中?? in Big5");

	/* bad input and targets */
	CHECK(encode("ab\xff", "GBK", false, &out, &e) == FOLIO_EINPUT &&
		      !strcmp(e.msg, "not valid UTF-8 at byte 2"),
	      "invalid UTF-8 input: %s", e.msg);
	CHECK(encode("ab\xff", "utf-8", false, &out, &e) == FOLIO_EINPUT, "invalid UTF-8 to UTF-8");
	CHECK(encode("a", "shift_jis", false, &out, &e) == FOLIO_EUSAGE, "unsupported target");
	CHECK(!encode("𠮷", "utf8", false, &out, &e) && !strcmp(out.data, "𠮷"), "UTF-8 target");
	CHECK(!encode("", "GB2312", false, &out, &e) && out.len == 0, "empty input encodes to nothing");
	buf_release(&out);
	buf_release(&back);
}

static void test_names(void)
{
	CHECK_STR(encoding_canonical("gb2312"), "GB2312", "gb2312");
	CHECK_STR(encoding_canonical("EUC-CN"), "GB2312", "EUC-CN");
	CHECK_STR(encoding_canonical("cp936"), "GBK", "cp936");
	CHECK_STR(encoding_canonical("x-gbk"), "GBK", "x-gbk");
	CHECK_STR(encoding_canonical("GB18030"), "GB18030", "GB18030");
	CHECK_STR(encoding_canonical("utf8"), "UTF-8", "utf8");
	CHECK_STR(encoding_canonical("UTF-8"), "UTF-8", "UTF-8");
	CHECK_STR(encoding_canonical("BIG5"), "Big5", "BIG5");
	CHECK_STR(encoding_canonical("big5-hkscs"), "Big5-HKSCS", "big5-hkscs");
	CHECK_STR(encoding_canonical("utf-16le"), "UTF-16LE", "utf-16le");
	CHECK_STR(encoding_canonical("latin1"), "ISO-8859-1", "latin1");
	CHECK(encoding_canonical("klingon") == NULL, "unknown name");
	CHECK(encoding_supported("cp932") && !encoding_supported("klingon"), "supported names");
	CHECK(encoding_can_encode("gbk") && encoding_can_encode("big5") &&
		      !encoding_can_encode("utf-16le") && !encoding_can_encode("big5-hkscs"),
	      "encodable targets");
	CHECK(encoding_looks_like_markup("a.HTML", (const unsigned char *)"x", 1) &&
		      encoding_looks_like_markup("a.txt", (const unsigned char *)"  <rss>", 7) &&
		      !encoding_looks_like_markup("a.txt", (const unsigned char *)"text", 4),
	      "markup guess");
}

int main(void)
{
	test_real_files();
	test_shared_pages();
	test_legacy_table();
	test_real_round_trips();
	test_declared();
	test_gb_decoding();
	test_other_decoding();
	test_all_scalars();
	test_encoding();
	test_names();
	return test_done();
}
