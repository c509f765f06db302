/* Unit tests: snapshot bag names, sizes and dates, and verification of
 * hand-made BagIt bags (valid, percent-encoded names, each kind of damage). */
#include "test.h"
#include "hash.h"
#include "snapshot.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[] = "/tmp/folio-snapshot.XXXXXX";

static void safe_is(const char *in, const char *want, const char *what)
{
	char *got = snapshot_safe_name(in);
	CHECK_STR(got, want, "safe name: %s", what);
	free(got);
}

static void size_is(unsigned long long n, const char *want)
{
	char got[32];
	snapshot_size_text(n, got);
	CHECK_STR(got, want, "size %llu", n);
}

static void years_is(const char *date, int years, const char *want)
{
	char got[11];
	snapshot_add_years(date, years, got);
	CHECK_STR(got, want, "%s plus %d years", date, years);
}

static void put(const char *dir, const char *rel, const char *text)
{
	char *path = xasprintf("%s/%s", dir, rel);
	FILE *f = fopen(path, "wb");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	free(path);
}

/* A small bag at dir: two payload files (one named with '%' and a space),
 * both manifests, bag-info with its Payload-Oxum, a sha256 tag manifest
 * listing every other tag file. */
static void make_bag(const char *dir)
{
	static const char *const files[][2] = {
		{ "data/a.txt", "第一份文件\n" },
		{ "data/sub/50% off.txt", "percent\n" },
	};
	static const char *const listed[] = { "data/a.txt", "data/sub/50%25 off.txt" };
	char *sub = xasprintf("%s/data", dir);
	mkdir(dir, 0777);
	mkdir(sub, 0777);
	free(sub);
	sub = xasprintf("%s/data/sub", dir);
	mkdir(sub, 0777);
	free(sub);
	char m256[1024] = "", m512[1024] = "", line[512], info[256], tag[1024] = "";
	size_t bytes = 0;
	for (size_t i = 0; i < 2; i++) {
		char h256[SHA256_HEX_LEN + 1], h512[SHA512_HEX_LEN + 1];
		put(dir, files[i][0], files[i][1]);
		sha256_hex(files[i][1], strlen(files[i][1]), h256);
		sha512_hex(files[i][1], strlen(files[i][1]), h512);
		snprintf(line, sizeof(line), "%s  %s\n", h256, listed[i]);
		strcat(m256, line);
		snprintf(line, sizeof(line), "%s %s\r\n", h512, listed[i]); /* one space, CRLF: allowed */
		strcat(m512, line);
		bytes += strlen(files[i][1]);
	}
	snprintf(info, sizeof(info), "Source-Organization: 测试\nPayload-Oxum: %zu.2\n", bytes);
	static const char bagit[] = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";
	put(dir, "bagit.txt", bagit);
	put(dir, "bag-info.txt", info);
	put(dir, "manifest-sha256.txt", m256);
	put(dir, "manifest-sha512.txt", m512);
	const char *tags[][2] = { { "bag-info.txt", info }, { "bagit.txt", bagit },
				  { "manifest-sha256.txt", m256 }, { "manifest-sha512.txt", m512 } };
	for (size_t i = 0; i < ARRAY_SIZE(tags); i++) {
		char h[SHA256_HEX_LEN + 1];
		sha256_hex(tags[i][1], strlen(tags[i][1]), h);
		snprintf(line, sizeof(line), "%s  %s\n", h, tags[i][0]);
		strcat(tag, line);
	}
	put(dir, "tagmanifest-sha256.txt", tag);
}

struct seen {
	int kinds[5];
	char first[256], last[256];
};

static void note(void *ctx, enum snapshot_problem kind, const char *path, const char *detail)
{
	struct seen *s = ctx;
	(void)detail;
	s->kinds[kind]++;
	if (!s->first[0])
		snprintf(s->first, sizeof(s->first), "%s", path);
	snprintf(s->last, sizeof(s->last), "%s", path);
}

static int verify(const char *dir, struct seen *s, struct snapshot_check *chk)
{
	memset(s, 0, sizeof(*s));
	return snapshot_verify(dir, note, s, NULL, NULL, chk, NULL);
}

static void remove_bag(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(cmd);
}

int main(void)
{
	safe_is("archive/samples/2019-01-08-library-hours.md", "2019-01-08-library-hours.md",
		"the last component");
	safe_is("鄞州新闻/党建 综合%示范区.txt", "党建_综合_示范区.txt", "Chinese kept; space and % replaced");
	safe_is("a\r\nb\tc.md", "a__b_c.md", "CR, LF and tab replaced");
	safe_is(".hidden", "_hidden", "no hidden files");
	safe_is("C:\\docs\\报道.htm", "报道.htm", "Windows paths too");
	safe_is("bad\xff\xfe.txt", "bad__.txt", "invalid UTF-8 replaced");
	safe_is("全角\xe3\x80\x80空格.md", "全角_空格.md", "ideographic space replaced");
	safe_is("", "original", "an empty name");
	char longname[400];
	memset(longname, 0, sizeof(longname));
	for (int i = 0; i < 60; i++)
		strcat(longname, "党");
	strcat(longname, ".markdown");
	char *cut = snapshot_safe_name(longname);
	CHECK(strlen(cut) <= 120, "long names are cut to 120 bytes");
	CHECK(strlen(cut) > 9 && !strcmp(cut + strlen(cut) - 9, ".markdown"), "keeping the extension");
	CHECK(strlen(cut) == 111 + 9 - (111 % 3), "at a character boundary");
	free(cut);

	size_is(0, "0 bytes");
	size_is(1, "1 byte");
	size_is(999, "999 bytes");
	size_is(242361, "242 kB");
	size_is(2400000, "2.4 MB");
	size_is(99940000, "99.9 MB");
	size_is(3000000000ULL, "3.0 GB");

	years_is("2026-11-26", 10, "2036-11-26");
	years_is("2024-02-29", 1, "2025-02-28");
	years_is("2024-02-29", 4, "2028-02-29");

	if (!mkdtemp(root)) {
		CHECK(0, "temporary directory");
		return test_done();
	}
	char *bag = xasprintf("%s/bag", root);
	struct seen s;
	struct snapshot_check chk;
	make_bag(bag);
	CHECK(verify(bag, &s, &chk) == 0, "a hand-made bag can be verified");
	CHECK(chk.problems == 0, "and is valid (%zu problems, last %s)", chk.problems, s.last);
	CHECK(chk.files == 2, "two payload files");
	CHECK_STR(chk.algorithms, "sha256 sha512", "both algorithms checked");
	CHECK(strlen(chk.bag_sha256) == 64, "the bag checksum is reported");

	put(bag, "data/a.txt", "第一份文件?\n");
	verify(bag, &s, &chk);
	CHECK(s.kinds[SNAPSHOT_ALTERED] == 1 && !strcmp(s.first, "data/a.txt"),
	      "a changed file is altered");
	CHECK(s.kinds[SNAPSHOT_INVALID] == 1, "and the Payload-Oxum is wrong");
	remove_bag(bag);

	make_bag(bag);
	char *p = xasprintf("%s/data/sub/50%% off.txt", bag);
	unlink(p);
	free(p);
	verify(bag, &s, &chk);
	CHECK(s.kinds[SNAPSHOT_MISSING] == 1, "a deleted file is missing, once for both manifests");
	CHECK_STR(s.first, "data/sub/50% off.txt", "named with its '%%' decoded");
	remove_bag(bag);

	make_bag(bag);
	put(bag, "data/sub/new.txt", "x");
	verify(bag, &s, &chk);
	CHECK(s.kinds[SNAPSHOT_EXTRA] == 1, "an added file is extra");
	remove_bag(bag);

	make_bag(bag);
	put(bag, "bag-info.txt", "Source-Organization: 别处\nPayload-Oxum: 26.2\n");
	verify(bag, &s, &chk);
	CHECK(s.kinds[SNAPSHOT_ALTERED] == 1 && !strcmp(s.last, "bag-info.txt"),
	      "an edited bag-info.txt is altered");
	remove_bag(bag);

	make_bag(bag);
	put(bag, "manifest-sha1.txt", "");
	verify(bag, &s, &chk);
	CHECK(s.kinds[SNAPSHOT_WARNING] == 2,
	      "an algorithm folio cannot check is a warning, and so is its absence from the "
	      "tag manifest (%d)", s.kinds[SNAPSHOT_WARNING]);
	CHECK(s.kinds[SNAPSHOT_INVALID] == 2, "and the files it does not list are problems");
	remove_bag(bag);

	/* A tag manifest that skips bag-info.txt: a warning in another tool's
	 * bag, a problem in one folio made. */
	make_bag(bag);
	put(bag, "tagmanifest-sha256.txt", "");
	verify(bag, &s, &chk);
	CHECK(s.kinds[SNAPSHOT_WARNING] == 4 && chk.problems == 0,
	      "an empty tag manifest in another tool's bag: four warnings (%d), no problem",
	      s.kinds[SNAPSHOT_WARNING]);
	put(bag, "bag-info.txt", "Bag-Software-Agent: folio 1.0\nPayload-Oxum: 24.2\n");
	verify(bag, &s, &chk);
	CHECK(s.kinds[SNAPSHOT_INVALID] == 4, "in folio's bag four problems (%d)",
	      s.kinds[SNAPSHOT_INVALID]);
	CHECK_STR(s.first, "tagmanifest-sha256.txt", "named by the tag manifest");
	remove_bag(bag);

	make_bag(bag);
	put(bag, "bagit.txt", "BagIt-Version: 1.0\n");
	verify(bag, &s, &chk);
	CHECK(s.kinds[SNAPSHOT_INVALID] == 1, "bagit.txt without its encoding is invalid");
	remove_bag(bag);

	CHECK(snapshot_verify(bag, note, &s, NULL, NULL, &chk, NULL) == FOLIO_ENOTFOUND,
	      "no bag there at all");
	free(bag);
	rmdir(root);
	return test_done();
}
