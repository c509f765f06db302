/* Unit tests: font roles (fonts/roles and the faces `make fonts` prepares),
 * cached advances, coverage, and per-document subsets with private-use code
 * points for characters above U+FFFF. */
#include "test.h"
#include "fonts.h"

#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define U_ZHONG 0x4E2D     /* 中 */
#define U_JI 0x20BB7       /* 𠮷 (Extension B) */
#define U_CB76 0x2CB76     /* 𬭶 (Extension E) */
#define U_NOWHERE 0x10FFFD /* plane 16 private use: no face has it */

static char tmpdir[] = "/tmp/folio-fonts.XXXXXX";

static int open_with_roles(const char *roles, struct ferr *e)
{
	char *path = xasprintf("%s/roles", tmpdir);
	FILE *f = fopen(path, "w");
	fputs(roles, f);
	fclose(f);
	free(path);
	struct fontset *fs;
	int rc = fontset_open(tmpdir, &fs, e);
	fontset_close(fs);
	return rc;
}

static void test_errors(void)
{
	struct ferr e = FERR_INIT;
	CHECK(open_with_roles("serif /no/such.ttf\n", &e) == FOLIO_EINPUT && strstr(e.msg, "sans"),
	      "a roles file without every role fails, naming a missing one: %s", e.msg);
	CHECK(open_with_roles("bold x.ttf\n", &e) == FOLIO_EINPUT && strstr(e.msg, "roles:1") &&
		      strstr(e.msg, "unknown role 'bold'"),
	      "an unknown role fails with its line: %s", e.msg);
	CHECK(open_with_roles("serif a.ttf 1 2\n", &e) == FOLIO_EINPUT, "extra words fail: %s",
	      e.msg);

	/* Every role present, serif's file missing. */
	struct buf roles = BUF_INIT;
	char cwd[4096];
	if (!getcwd(cwd, sizeof(cwd)))
		cwd[0] = '\0';
	for (int r = 0; r < FONT_ROLE_COUNT; r++)
		buf_addf(&roles, "%s %s/fonts/prepared/%s.ttf from /x\n", font_role_name(r), cwd,
			 r == FONT_SERIF ? "nonexistent" : font_role_name(r));
	CHECK(open_with_roles(roles.data, &e) == FOLIO_EINPUT && strstr(e.msg, "'serif'") &&
		      strstr(e.msg, "nonexistent.ttf") && strstr(e.msg, "make fonts"),
	      "a missing file names the role, the file and the remedy: %s", e.msg);
	buf_release(&roles);

	/* A file that is not a font. */
	buf_init(&roles);
	for (int r = 0; r < FONT_ROLE_COUNT; r++)
		buf_addf(&roles, "%s %s\n", font_role_name(r),
			 r == FONT_KAI ? "roles" : "../../dev/null");
	CHECK(open_with_roles(roles.data, &e) == FOLIO_EINPUT, "a non-font fails: %s", e.msg);
	buf_release(&roles);
	char *path = xasprintf("%s/roles", tmpdir);
	unlink(path);
	free(path);
}

/* The extents of cp's glyph in the font file at path (zeros if none). */
static hb_glyph_extents_t extents_in_file(const char *path, uint32_t cp)
{
	hb_blob_t *blob = hb_blob_create_from_file(path);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_font_t *font = hb_font_create(face);
	hb_codepoint_t gid;
	hb_glyph_extents_t ext = { 0, 0, 0, 0 };
	if (hb_font_get_nominal_glyph(font, cp, &gid))
		hb_font_get_glyph_extents(font, gid, &ext);
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return ext;
}

static hb_glyph_extents_t last_extents;

/* Look cp up in a subset font file's cmap; returns the glyph or 0, and
 * whether that glyph has an outline (its extents in last_extents). */
static unsigned subset_glyph(const struct font_subset *s, uint32_t cp, bool *inked)
{
	hb_blob_t *blob = hb_blob_create(s->ttf.data, (unsigned)s->ttf.len,
					 HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_font_t *font = hb_font_create(face);
	hb_codepoint_t gid = 0;
	hb_glyph_extents_t ext = { 0, 0, 0, 0 };
	if (!hb_font_get_nominal_glyph(font, cp, &gid))
		gid = 0;
	*inked = gid && hb_font_get_glyph_extents(font, gid, &ext) && ext.width > 0 &&
		 ext.height != 0;
	last_extents = ext;
	hb_font_destroy(font);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return gid;
}

static void test_subsets(struct fontset *fs)
{
	struct ferr e = FERR_INIT;
	struct font_subset s;
	bool inked;

	uint32_t han[] = { U_ZHONG, 0x6587, 'A', 0x3002, U_ZHONG };
	CHECK(fontset_subset(fs, FONT_SERIF, han, ARRAY_SIZE(han), &s, &e) == 0,
	      "serif subset: %s", e.msg);
	CHECK(s.ttf.len > 500 && s.ttf.len < 20000, "serif subset is small (%zu bytes)",
	      s.ttf.len);
	CHECK(s.nastral == 0, "no astral code points in it");
	CHECK(subset_glyph(&s, U_ZHONG, &inked) && inked, "its cmap maps 中 to an outline");
	CHECK(subset_glyph(&s, 'A', &inked) && inked, "and A");
	CHECK(!subset_glyph(&s, 0x4E00, &inked), "but not 一, which was not asked for");
	font_subset_release(&s);

	/* U+E000 is in the document: the private-use code points skip it. */
	uint32_t rare[] = { U_CB76, U_JI, 0xE000, U_NOWHERE };
	CHECK(fontset_subset(fs, FONT_RARE_B, rare, ARRAY_SIZE(rare), &s, &e) == 0,
	      "rare-b subset: %s", e.msg);
	CHECK(s.ttf.len > 500 && s.ttf.len < 20000, "rare-b subset is small (%zu bytes)",
	      s.ttf.len);
	CHECK(s.nastral == 2, "two astral code points mapped (not U+10FFFD, which it lacks)");
	if (s.nastral == 2) {
		CHECK(s.astral[0] == U_JI && s.pua[0] == 0xE001, "𠮷 drawn as U+E001 (got U+%04X)",
		      (unsigned)s.pua[0]);
		CHECK(s.astral[1] == U_CB76 && s.pua[1] == 0xE002, "𬭶 drawn as U+E002 (got U+%04X)",
		      (unsigned)s.pua[1]);
	}
	const char *path = fontset_path(fs, FONT_RARE_B);
	unsigned g1 = subset_glyph(&s, 0xE001, &inked);
	hb_glyph_extents_t want = extents_in_file(path, U_JI);
	CHECK(g1 && inked && !memcmp(&last_extents, &want, sizeof(want)),
	      "the subset's cmap maps U+E001 to the outline of 𠮷 (same extents)");
	unsigned g2 = subset_glyph(&s, 0xE002, &inked);
	want = extents_in_file(path, U_CB76);
	CHECK(g2 && inked && g2 != g1 && !memcmp(&last_extents, &want, sizeof(want)),
	      "and U+E002 to that of 𬭶");
	CHECK(!subset_glyph(&s, U_JI, &inked), "the cmap has no astral subtable (format 4 only)");
	font_subset_release(&s);
	CHECK(s.astral == NULL && s.ttf.len == 0, "release empties the subset");

	/* More characters above U+FFFF than private-use code points. */
	size_t n = 0;
	uint32_t *many = xmalloc(20000 * sizeof(*many));
	for (uint32_t cp = 0x20000; n < 6500 && cp < 0x2A6D6; cp++)
		if (fontset_has(fs, FONT_RARE_B, cp))
			many[n++] = cp;
	CHECK(fontset_subset(fs, FONT_RARE_B, many, n, &s, &e) == FOLIO_EINPUT &&
		      strstr(e.msg, "private-use") && s.ttf.len == 0 && !s.astral,
	      "6500 astral characters are too many for one font: %s", e.msg);
	font_subset_release(&s);

	/* Many scattered code points still fit one format 4 subtable. */
	n = 0;
	for (uint32_t cp = 0x4E00; cp < 0x9FA5; cp += 2)
		many[n++] = cp;
	CHECK(fontset_subset(fs, FONT_SERIF, many, n, &s, &e) == 0,
	      "a subset of %zu scattered characters: %s", n, e.msg);
	CHECK(subset_glyph(&s, 0x9FA4, &inked) && inked && !subset_glyph(&s, 0x9FA3, &inked),
	      "maps the last one and not its neighbour");
	font_subset_release(&s);
	free(many);
}

int main(void)
{
	struct ferr e = FERR_INIT;
	struct fontset *fs;
	if (!mkdtemp(tmpdir))
		return 1;
	test_errors();
	rmdir(tmpdir);

	int rc = fontset_open("fonts", &fs, &e);
	CHECK(rc == 0, "the roles in fonts/roles load (run `make fonts` first): %s", e.msg);
	if (rc < 0)
		return test_done();

	CHECK(fontset_advance(fs, FONT_SERIF, U_ZHONG) == 1000, "中 is 1000/1000 em in serif");
	CHECK(fontset_advance(fs, FONT_SERIF, U_ZHONG) == 1000, "and again, from the cache");
	CHECK(fontset_advance(fs, FONT_SANS, U_ZHONG) == 1000, "and in sans");
	CHECK(fontset_advance(fs, FONT_LATIN, 'A') == 705, "A is 705 in Noto Serif (705/1000)");
	CHECK(fontset_advance(fs, FONT_SERIF_BOLD, U_ZHONG) == 1000, "中 is 1000/1000 em in serif-bold");
	for (int r = 0; r < 3; r++) {
		enum font_role role = r == 0 ? FONT_SERIF : r == 1 ? FONT_SERIF_BOLD : FONT_SANS;
		CHECK(fontset_advance(fs, role, 0x2014) == 1000,
		      "the em dash is full width in %s (its Chinese form, 1000)", font_role_name(role));
	}
	CHECK(fontset_advance(fs, FONT_MONO, 'i') == fontset_advance(fs, FONT_MONO, 'W'),
	      "mono is monospaced");
	CHECK(fontset_advance(fs, FONT_LATIN, 0x01D6) > 0, "Noto Serif has ǖ");
	CHECK(fontset_advance(fs, FONT_LATIN, U_ZHONG) == -1, "Noto Serif lacks 中: -1");
	CHECK(fontset_has(fs, FONT_RARE_B, U_JI), "rare-b has 𠮷 U+20BB7");
	CHECK(fontset_has(fs, FONT_RARE_B, U_CB76), "rare-b has 𬭶 U+2CB76");
	CHECK(fontset_advance(fs, FONT_RARE_B, U_JI) == 1000, "𠮷 is 1000/1000 em");
	CHECK(fontset_has(fs, FONT_SERIF, U_JI), "serif (Noto CJK SC) has 𠮷 too");
	CHECK(!fontset_has(fs, FONT_SERIF, 0x20000) && fontset_has(fs, FONT_RARE_B, 0x20000),
	      "𠀀 U+20000 is only in rare-b");
	bool anywhere = false;
	for (int r = 0; r < FONT_ROLE_COUNT; r++)
		anywhere |= fontset_has(fs, r, U_NOWHERE);
	CHECK(!anywhere, "no face has U+10FFFD");
	CHECK(!fontset_has(fs, FONT_ROLE_COUNT, 'A') && !fontset_has(fs, FONT_SERIF, 0x110000),
	      "a bad role or code point has nothing");

	CHECK(fontset_coverage(fs, FONT_SERIF) > 20000, "serif covers %zu code points",
	      fontset_coverage(fs, FONT_SERIF));
	CHECK(fontset_coverage(fs, FONT_RARE_B) > 50000, "rare-b covers %zu code points",
	      fontset_coverage(fs, FONT_RARE_B));
	CHECK(fontset_coverage(fs, FONT_LATIN) > 2000 && fontset_coverage(fs, FONT_LATIN) < 10000,
	      "latin covers %zu code points", fontset_coverage(fs, FONT_LATIN));

	const char *path = fontset_path(fs, FONT_SERIF), *src = fontset_source(fs, FONT_SERIF);
	CHECK(path && strstr(path, "prepared/serif.ttf"), "serif is loaded from %s", path);
	CHECK(src && strstr(src, "NotoSerifCJK-Regular.ttc"), "prepared from %s", src);
	CHECK(fontset_face_index(fs, FONT_SERIF) == 0, "face 0 of the prepared file");
	src = fontset_source(fs, FONT_SERIF_BOLD);
	CHECK(src && strstr(src, "NotoSerifCJK-Bold.ttc"), "serif-bold prepared from %s", src);

	test_subsets(fs);
	fontset_close(fs);
	return test_done();
}
