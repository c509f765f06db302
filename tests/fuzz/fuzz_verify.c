/*
 * fuzz_verify.c - snapshot_verify() on bags made from the input, in a
 * fresh temporary directory for each input (removed before returning).
 * Byte 0 chooses how the bag is made:
 *
 *   bit 0 clear: a VALID bag.  The rest is a payload file name, '\n', and
 *     its content; the harness writes bagit.txt, the payload (under
 *     data/, or data/sub/ with bit 1), manifest-sha256.txt with its real
 *     checksum, bag-info.txt with the real Payload-Oxum, and with bit 2 a
 *     tagmanifest-sha256.txt.  A name RFC 8493 allows without percent-
 *     encoding is kept (no '%', CR, LF or other controls, no '/', no outer
 *     blanks, not "." or ".."), any other becomes "payload.txt".  The
 *     verifier must find no problem, one file of the content's length,
 *     and (bit 2) the tag manifest's checksum.  With bit 3 the progress
 *     function asks to stop: FOLIO_EINPUT, or 0 if it was never called.
 *
 *   bit 0 set: a MANGLED bag.  The rest is split at NUL bytes into
 *     bagit.txt, manifest-sha256.txt, bag-info.txt, tagmanifest-sha256.txt,
 *     manifest-sha512.txt, data/a.txt and data/dir/b.txt (missing sections
 *     are missing files).  The verifier must examine it (0) and count as
 *     problems exactly the reports that are not warnings.
 *
 * Until src/snapshot.c exists this harness builds as a stub that says so
 * and exits; tests/fuzz/run reports it as skipped.
 */
#include "fuzz.h"

#if __has_include("snapshot.c")

#include "hash.h"
#include "snapshot.h"
#include "utf8.h"

#include <errno.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

/* What one input created, to remove it all afterwards. */
struct tree {
	char root[64];
	char *paths[16]; /* files then directories, removed in reverse order */
	size_t n;
};

static char *tree_path(struct tree *t, const char *rel)
{
	size_t n = strlen(t->root) + strlen(rel) + 2;
	char *p = malloc(n);
	if (!p)
		abort();
	snprintf(p, n, "%s/%s", t->root, rel);
	return p;
}

static void tree_note(struct tree *t, char *path)
{
	FUZZ_CHECK(t->n < ARRAY_SIZE(t->paths), "harness: too many paths");
	t->paths[t->n++] = path;
}

static void tree_mkdir(struct tree *t, const char *rel)
{
	char *p = tree_path(t, rel);
	if (mkdir(p, 0700))
		abort();
	tree_note(t, p);
}

static void tree_write(struct tree *t, const char *rel, const void *data, size_t len)
{
	char *p = tree_path(t, rel);
	FILE *f = fopen(p, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f))
		abort();
	tree_note(t, p);
}

static void tree_remove(struct tree *t)
{
	while (t->n) {
		char *p = t->paths[--t->n];
		if (remove(p))
			abort();
		free(p);
	}
	if (rmdir(t->root))
		abort();
}

struct reports {
	size_t problems, warnings;
};

static void on_problem(void *ctx, enum snapshot_problem kind, const char *path, const char *detail)
{
	struct reports *r = ctx;
	FUZZ_CHECK(path && detail, "report without a path or detail");
	FUZZ_CHECK(kind >= SNAPSHOT_MISSING && kind <= SNAPSHOT_WARNING, "kind %d", (int)kind);
	if (kind == SNAPSHOT_WARNING)
		r->warnings++;
	else
		r->problems++;
	/* Reading them all is what the command does. */
	(void)strlen(path);
	(void)strlen(detail);
}

struct stop {
	bool stop;
	size_t calls;
};

static int on_progress(void *ctx, const char *step, unsigned long long done, unsigned long long total)
{
	struct stop *s = ctx;
	FUZZ_CHECK(step, "progress without a step");
	(void)done;
	(void)total;
	s->calls++;
	return s->stop;
}

/* A payload name the manifest can carry as it is. */
static bool plain_name(const uint8_t *s, size_t n)
{
	if (n == 0 || n > 200 || utf8_invalid_offset(s, n) >= 0)
		return false;
	if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	if (s[0] == ' ' || s[n - 1] == ' ')
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] == 0x7F || s[i] == '%' || s[i] == '/')
			return false;
	return true;
}

static void valid_bag(struct tree *t, const uint8_t *data, size_t size, unsigned flags)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t name_len = nl ? (size_t)(nl - data) : 0;
	const uint8_t *content = nl ? nl + 1 : data;
	size_t content_len = size - (size_t)(content - data);
	char name[256], rel[300], sha[SHA256_HEX_LEN + 1];
	const char *bagit = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n";

	if (plain_name(data, name_len)) {
		memcpy(name, data, name_len);
		name[name_len] = '\0';
	} else {
		strcpy(name, "payload.txt");
	}
	snprintf(rel, sizeof(rel), "data/%s%s", flags & 2 ? "sub/" : "", name);

	tree_write(t, "bagit.txt", bagit, strlen(bagit));
	tree_mkdir(t, "data");
	if (flags & 2)
		tree_mkdir(t, "data/sub");
	tree_write(t, rel, content, content_len);

	char info[128], *manifest;
	int info_len = snprintf(info, sizeof(info), "Payload-Oxum: %zu.1\n", content_len);
	sha256_hex(content, content_len, sha);
	size_t mlen = strlen(sha) + strlen(rel) + 4;
	manifest = malloc(mlen);
	if (!manifest)
		abort();
	snprintf(manifest, mlen, "%s  %s\n", sha, rel);
	tree_write(t, "manifest-sha256.txt", manifest, strlen(manifest));
	tree_write(t, "bag-info.txt", info, (size_t)info_len);

	char tag[512], tag_sha[SHA256_HEX_LEN + 1] = "";
	if (flags & 4) {
		char s1[SHA256_HEX_LEN + 1], s2[SHA256_HEX_LEN + 1], s3[SHA256_HEX_LEN + 1];
		sha256_hex(bagit, strlen(bagit), s1);
		sha256_hex(info, (size_t)info_len, s2);
		sha256_hex(manifest, strlen(manifest), s3);
		int tl = snprintf(tag, sizeof(tag), "%s  bag-info.txt\n%s  bagit.txt\n%s  manifest-sha256.txt\n",
				  s2, s1, s3);
		tree_write(t, "tagmanifest-sha256.txt", tag, (size_t)tl);
		sha256_hex(tag, (size_t)tl, tag_sha);
	}

	struct reports r = { 0, 0 };
	struct stop st = { (flags & 8) != 0, 0 };
	struct snapshot_check out;
	struct ferr e = FERR_INIT;
	memset(&out, 0, sizeof(out));
	int rc = snapshot_verify(t->root, on_problem, &r, on_progress, &st, &out, &e);
	if (st.stop && st.calls) {
		FUZZ_CHECK(rc == FOLIO_EINPUT, "stopped by progress, rc %d", rc);
	} else {
		FUZZ_CHECK(rc == 0, "a valid bag (payload %s) not examined: rc %d: %s", rel, rc, e.msg);
		FUZZ_CHECK(out.problems == 0 && r.problems == 0,
			   "a valid bag (payload \"%s\", %zu bytes) has %zu problems", rel,
			   content_len, out.problems);
		FUZZ_CHECK(out.files == 1 && out.bytes == content_len,
			   "%zu files, %llu bytes; expected 1, %zu", out.files, out.bytes, content_len);
		FUZZ_CHECK(strstr(out.algorithms, "sha256"), "algorithms \"%.64s\"", out.algorithms);
		FUZZ_CHECK(memchr(out.bag_sha256, '\0', sizeof(out.bag_sha256)) &&
				   !strcmp(out.bag_sha256, tag_sha),
			   "bag_sha256 \"%.65s\", expected \"%s\"", out.bag_sha256, tag_sha);
	}
	free(manifest);
}

static void mangled_bag(struct tree *t, const uint8_t *data, size_t size)
{
	static const char *const files[] = {
		"bagit.txt",   "manifest-sha256.txt", "bag-info.txt",    "tagmanifest-sha256.txt",
		"manifest-sha512.txt", "data/a.txt", "data/dir/b.txt",
	};
	size_t at = 0;
	for (size_t f = 0; f < ARRAY_SIZE(files) && at <= size; f++) {
		const uint8_t *z = memchr(data + at, '\0', size - at);
		size_t len = z ? (size_t)(z - (data + at)) : size - at;
		if (f == 5)
			tree_mkdir(t, "data");
		if (f == 6)
			tree_mkdir(t, "data/dir");
		tree_write(t, files[f], data + at, len);
		at += len + 1;
		if (!z)
			break;
	}

	struct reports r = { 0, 0 };
	struct snapshot_check out;
	struct ferr e = FERR_INIT;
	memset(&out, 0, sizeof(out));
	int rc = snapshot_verify(t->root, on_problem, &r, NULL, NULL, &out, &e);
	FUZZ_CHECK(rc == 0, "a bag directory not examined: rc %d: %s", rc, e.msg);
	FUZZ_CHECK(out.problems == r.problems, "%zu problems counted, %zu reported", out.problems,
		   r.problems);
	FUZZ_CHECK(memchr(out.algorithms, '\0', sizeof(out.algorithms)) &&
			   memchr(out.bag_sha256, '\0', sizeof(out.bag_sha256)),
		   "strings in snapshot_check not terminated");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > FUZZ_MAX_INPUT)
		return -1;
	struct tree t = { .n = 0 };
	const char *tmp = getenv("TMPDIR");
	snprintf(t.root, sizeof(t.root), "%s/fuzz-bag-XXXXXX",
		 tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
	if (!mkdtemp(t.root))
		abort();
	if (data[0] & 1)
		mangled_bag(&t, data + 1, size - 1);
	else
		valid_bag(&t, data + 1, size - 1, data[0]);
	tree_remove(&t);
	return 0;
}

#else /* no src/snapshot.c yet */

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	printf("fuzz_verify: skipped: src/snapshot.c is not written yet\n");
	exit(0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	(void)data;
	(void)size;
	return 0;
}

#endif
