/* fonts.c - the font roles on HarfBuzz: loading the faces fonts/roles names,
 * cached advances and coverage for the typesetter, and per-document subsets
 * whose characters above U+FFFF are moved to private-use code points so that
 * libharu can address them. */
#include "fonts.h"

#include <errno.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Advances are cached in pages of 256 code points, allocated on first use:
 * the typesetter asks for every character it measures. */
#define PAGE_BITS 8
#define PAGE_SIZE (1u << PAGE_BITS)
#define NPAGES ((0x10FFFFu >> PAGE_BITS) + 1)
#define ADV_UNKNOWN INT16_MIN
#define ADV_MISSING (-1)

/* Private-use code points handed to characters above U+FFFF in a subset. */
#define PUA_FIRST 0xE000u
#define PUA_LAST 0xF8FFu

/* Format 4 segments a subset's cmap is content with (see build_cmap). */
#define MAX_SEGMENTS_WANTED 64

struct face {
	char *path;    /* the file loaded, as resolved against the roles' directory */
	char *source;  /* what `make fonts` prepared it from, or NULL */
	unsigned index;
	hb_face_t *face;
	hb_font_t *font;
	unsigned upem;
	size_t coverage; /* SIZE_MAX until counted */
	int16_t *adv[NPAGES];
};

struct fontset {
	struct face roles[FONT_ROLE_COUNT];
};

static bool has_table(hb_face_t *face, const char *tag)
{
	hb_blob_t *b = hb_face_reference_table(face, hb_tag_from_string(tag, 4));
	bool has = hb_blob_get_length(b) > 0;
	hb_blob_destroy(b);
	return has;
}

/* Open f->path (face f->index) and check that libharu and the subsetter can
 * use it.  Fails with a reason that does not name the file. */
static int face_load(struct face *f, struct ferr *e)
{
	struct stat st;
	if (stat(f->path, &st) < 0)
		return ferr_set(e, FOLIO_EINPUT, "%s%s", strerror(errno),
				errno == ENOENT && f->source ? " (run `make fonts`)" : "");
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(f->path);
	if (!blob)
		return ferr_set(e, FOLIO_EINPUT, "cannot read it");
	unsigned nfaces = hb_face_count(blob);
	if (nfaces == 0) {
		hb_blob_destroy(blob);
		return ferr_set(e, FOLIO_EINPUT, "not a TrueType or OpenType font");
	}
	if (f->index >= nfaces) {
		hb_blob_destroy(blob);
		return ferr_set(e, FOLIO_EINPUT, "no face %u (it has %u)", f->index, nfaces);
	}
	f->face = hb_face_create(blob, f->index);
	hb_blob_destroy(blob); /* the face keeps its reference */
	f->upem = hb_face_get_upem(f->face);
	if (hb_face_get_glyph_count(f->face) == 0 || !has_table(f->face, "cmap") ||
	    !has_table(f->face, "hmtx"))
		return ferr_set(e, FOLIO_EINPUT, "not a usable font (no glyphs, cmap or hmtx)");
	/* libharu embeds only TrueType outlines (CFF fails with 0x1060). */
	if (!has_table(f->face, "glyf") || !has_table(f->face, "loca"))
		return ferr_set(e, FOLIO_EINPUT, "not a TrueType-outline font (no glyf table)");
	f->font = hb_font_create(f->face);
	f->coverage = SIZE_MAX;
	return 0;
}

static void face_release(struct face *f)
{
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	free(f->path);
	free(f->source);
	for (size_t i = 0; i < NPAGES; i++)
		free(f->adv[i]);
	memset(f, 0, sizeof(*f));
}

/* Split line (modified in place) at white space into at most max words;
 * returns the count, or max + 1 if there are more. */
static int split_words(char *line, char **words, int max)
{
	int n = 0;
	for (char *p = line;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			return n;
		if (n == max)
			return max + 1;
		words[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static bool parse_index(const char *s, unsigned *out)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > 1000 || *s == '-')
		return false;
	*out = (unsigned)v;
	return true;
}

static char *resolve(const char *dir, const char *path)
{
	return path[0] == '/' ? xstrdup(path) : xasprintf("%s/%s", dir, path);
}

/* One roles line: "role file [index] [from source [index]]". */
static int parse_line(struct fontset *fs, const char *dir, char *line, struct ferr *e)
{
	char *w[7];
	char *hash = strchr(line, '#');
	if (hash)
		*hash = '\0';
	int n = split_words(line, w, 6);
	if (n == 0)
		return 0;
	int from = n;
	for (int i = 0; i < n; i++)
		if (!strcmp(w[i], "from"))
			from = i;
	if (n > 6 || from < 2 || from > 3 || (from < n && n - from - 1 != 1 && n - from - 1 != 2))
		return ferr_set(e, FOLIO_EINPUT, "expected \"role file [index] [from source [index]]\"");
	int role = font_role_by_name(w[0]);
	if (role < 0)
		return ferr_set(e, FOLIO_EINPUT, "unknown role '%s'", w[0]);
	struct face *f = &fs->roles[role];
	if (f->path)
		return ferr_set(e, FOLIO_EINPUT, "role '%s' given twice", w[0]);
	if (from == 3 && !parse_index(w[2], &f->index))
		return ferr_set(e, FOLIO_EINPUT, "bad face index '%s'", w[2]);
	f->path = resolve(dir, w[1]);
	if (from < n)
		f->source = xstrdup(w[from + 1]);
	return 0;
}

int fontset_open(const char *dir, struct fontset **out, struct ferr *e)
{
	char *roles_path = xasprintf("%s/roles", dir);
	unsigned char *text;
	size_t len;
	struct fontset *fs = xcalloc(1, sizeof(*fs));
	int rc = read_file(roles_path, &text, &len, e);
	if (rc < 0) {
		ferr_prefix(e, "%s", roles_path);
		goto fail;
	}
	int lineno = 0;
	for (char *line = (char *)text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if ((rc = parse_line(fs, dir, line, e)) < 0) {
			ferr_prefix(e, "%s:%d", roles_path, lineno);
			free(text);
			goto fail;
		}
	}
	free(text);
	for (int r = 0; r < FONT_ROLE_COUNT; r++) {
		if (!fs->roles[r].path) {
			rc = ferr_set(e, FOLIO_EINPUT, "%s: role '%s' is missing", roles_path,
				      font_role_name(r));
			goto fail;
		}
	}
	for (int r = 0; r < FONT_ROLE_COUNT; r++) {
		struct face *f = &fs->roles[r];
		if ((rc = face_load(f, e)) < 0) {
			ferr_prefix(e, "font role '%s': %s", font_role_name(r), f->path);
			goto fail;
		}
	}
	free(roles_path);
	*out = fs;
	return 0;
fail:
	free(roles_path);
	fontset_close(fs);
	*out = NULL;
	return rc;
}

void fontset_close(struct fontset *fs)
{
	if (!fs)
		return;
	for (int r = 0; r < FONT_ROLE_COUNT; r++)
		face_release(&fs->roles[r]);
	free(fs);
}

static struct face *face_of(struct fontset *fs, enum font_role role)
{
	return (unsigned)role < FONT_ROLE_COUNT && fs->roles[role].font ? &fs->roles[role] : NULL;
}

int fontset_advance(struct fontset *fs, enum font_role role, uint32_t cp)
{
	struct face *f = face_of(fs, role);
	if (!f || cp > 0x10FFFF)
		return ADV_MISSING;
	int16_t **page = &f->adv[cp >> PAGE_BITS];
	if (!*page) {
		*page = xmalloc(PAGE_SIZE * sizeof(**page));
		for (size_t i = 0; i < PAGE_SIZE; i++)
			(*page)[i] = ADV_UNKNOWN;
	}
	int16_t *slot = &(*page)[cp & (PAGE_SIZE - 1)];
	if (*slot == ADV_UNKNOWN) {
		hb_codepoint_t gid;
		if (!hb_font_get_nominal_glyph(f->font, cp, &gid)) {
			*slot = ADV_MISSING;
		} else {
			/* Truncated like libharu's /W widths, so that what the
			 * typesetter measures is what the PDF viewer places. */
			long adv = (long)hb_font_get_glyph_h_advance(f->font, gid);
			long w = adv * 1000 / (long)f->upem;
			*slot = (int16_t)(w < 0 ? 0 : w > INT16_MAX ? INT16_MAX : w);
		}
	}
	return *slot;
}

bool fontset_has(struct fontset *fs, enum font_role role, uint32_t cp)
{
	return fontset_advance(fs, role, cp) >= 0;
}

const char *fontset_path(struct fontset *fs, enum font_role role)
{
	struct face *f = face_of(fs, role);
	return f ? f->path : NULL;
}

const char *fontset_source(struct fontset *fs, enum font_role role)
{
	struct face *f = face_of(fs, role);
	return f ? f->source : NULL;
}

unsigned fontset_face_index(struct fontset *fs, enum font_role role)
{
	struct face *f = face_of(fs, role);
	return f ? f->index : 0;
}

size_t fontset_coverage(struct fontset *fs, enum font_role role)
{
	struct face *f = face_of(fs, role);
	if (!f)
		return 0;
	if (f->coverage == SIZE_MAX) {
		hb_set_t *set = hb_set_create();
		hb_face_collect_unicodes(f->face, set);
		f->coverage = hb_set_get_population(set);
		hb_set_destroy(set);
	}
	return f->coverage;
}

/* ---- subsets ---- */

struct mapping {
	uint32_t code;
	uint32_t gid;
};

static int mapping_cmp(const void *a, const void *b)
{
	const struct mapping *x = a, *y = b;
	return x->code < y->code ? -1 : x->code > y->code;
}

static void put16(struct buf *b, unsigned v)
{
	unsigned char c[2] = { (unsigned char)(v >> 8), (unsigned char)v };
	buf_add(b, c, 2);
}

static void set16(struct buf *b, size_t at, unsigned v)
{
	b->data[at] = (char)(v >> 8);
	b->data[at + 1] = (char)v;
}

struct segment {
	uint32_t start, end; /* code points */
	size_t first;        /* index of its first mapping */
	bool delta;          /* gids follow the codes: no glyphIdArray entries */
};

/* Cut the sorted mappings m[0..n) into format 4 segments, a gap of at most
 * max_gap unmapped code points staying inside a segment (as zeros in the
 * glyphIdArray).  Returns the count; segs has room for n + 1. */
static size_t make_segments(const struct mapping *m, size_t n, uint32_t max_gap,
			    struct segment *segs)
{
	size_t ns = 0;
	for (size_t i = 0; i < n;) {
		struct segment *s = &segs[ns++];
		s->start = s->end = m[i].code;
		s->first = i;
		s->delta = true;
		for (i++; i < n && m[i].code - s->end - 1 <= max_gap; i++) {
			if (m[i].code != s->end + 1 ||
			    m[i].gid - m[i].code != m[s->first].gid - m[s->first].code)
				s->delta = false;
			s->end = m[i].code;
		}
	}
	return ns;
}

static size_t format4_length(const struct segment *segs, size_t ns)
{
	size_t len = 16 + 8 * (ns + 1); /* + the closing 0xFFFF segment */
	for (size_t i = 0; i < ns; i++)
		if (!segs[i].delta)
			len += 2 * ((size_t)segs[i].end - segs[i].start + 1);
	return len;
}

/* A cmap table with one format 4 subtable (for Unicode and Windows BMP, the
 * only kind libharu reads) mapping m[0..n) (sorted, codes below U+FFFF). */
static int build_cmap(const struct mapping *m, size_t n, struct buf *out, struct ferr *e)
{
	struct segment *segs = xmalloc((n + 1) * sizeof(*segs));
	size_t ns = 0, len = 0;
	/* libharu finds a code's segment by a linear search, for each of the
	 * 65536 CIDs when it builds the font and for every character drawn:
	 * keep segments few by letting them span gaps of unmapped code points
	 * (zeros in the glyphIdArray), as long as the subtable stays within
	 * its 64 KB and not much bigger than needed. */
	uint32_t best_gap = UINT32_MAX;
	size_t best_ns = SIZE_MAX;
	for (uint32_t gap = 0; gap <= 0x10000; gap = gap ? gap * 4 : 4) {
		ns = make_segments(m, n, gap, segs);
		len = format4_length(segs, ns);
		if (len > 0xFFFF)
			continue;
		if (ns < best_ns) {
			best_ns = ns;
			best_gap = gap;
		}
		if (ns <= MAX_SEGMENTS_WANTED)
			break;
	}
	if (best_gap == UINT32_MAX) {
		free(segs);
		return ferr_set(e, FOLIO_EINPUT, "too many characters for one cmap subtable");
	}
	ns = make_segments(m, n, best_gap, segs);
	len = format4_length(segs, ns);
	unsigned segcount = (unsigned)ns + 1, search = 1, selector = 0;
	while (search * 2 <= segcount) {
		search *= 2;
		selector++;
	}
	buf_reset(out);
	put16(out, 0);  /* cmap version */
	put16(out, 2);  /* encoding records */
	put16(out, 0);  /* Unicode, BMP */
	put16(out, 3);
	put16(out, 0);
	put16(out, 20);
	put16(out, 3);  /* Windows, Unicode BMP */
	put16(out, 1);
	put16(out, 0);
	put16(out, 20);
	size_t base = out->len;
	put16(out, 4);
	put16(out, (unsigned)len);
	put16(out, 0); /* language */
	put16(out, segcount * 2);
	put16(out, search * 2);
	put16(out, selector);
	put16(out, segcount * 2 - search * 2);
	for (size_t i = 0; i < ns; i++)
		put16(out, segs[i].end);
	put16(out, 0xFFFF);
	put16(out, 0); /* reservedPad */
	for (size_t i = 0; i < ns; i++)
		put16(out, segs[i].start);
	put16(out, 0xFFFF);
	for (size_t i = 0; i < ns; i++)
		put16(out, segs[i].delta ? (m[segs[i].first].gid - segs[i].start) & 0xFFFF : 0);
	put16(out, 1); /* 0xFFFF + 1 = glyph 0 */
	size_t range_at = out->len;
	for (size_t i = 0; i <= ns; i++)
		put16(out, 0); /* idRangeOffset, filled below */
	for (size_t i = 0; i < ns; i++) {
		if (segs[i].delta)
			continue;
		/* Bytes from this idRangeOffset entry to the segment's glyphs. */
		set16(out, range_at + 2 * i, (unsigned)(out->len - (range_at + 2 * i)));
		size_t k = segs[i].first;
		for (uint32_t c = segs[i].start; c <= segs[i].end; c++) {
			if (m[k].code == c)
				put16(out, m[k++].gid);
			else
				put16(out, 0);
		}
	}
	free(segs);
	if (out->len - base != len)
		return ferr_set(e, FOLIO_EINPUT, "internal error: cmap length %zu, expected %zu",
				out->len - base, len);
	return 0;
}

static void drop_tables(hb_subset_input_t *input)
{
	/* Nothing reads these in a PDF: libharu embeds only its 13 tables, and
	 * keeping GSUB would also pull in glyphs through its closure. */
	static const char *const drop[] = {
		"GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "kern", "morx", "mort",
		"kerx", "vhea", "vmtx", "VORG", "gasp", "hdmx", "LTSH", "VDMX", "DSIG",
		"FFTM", "EBDT", "EBLC", "EBSC", "BDF ", "CBDT", "CBLC", "sbix", "COLR",
		"CPAL", "SVG ", "meta", "PCLT",
	};
	hb_set_t *set = hb_subset_input_set(input, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < ARRAY_SIZE(drop); i++)
		hb_set_add(set, hb_tag_from_string(drop[i], 4));
}

/* The subset face as a font file, its cmap replaced by `cmap`. */
static void serialize_with_cmap(hb_face_t *subset_builder, hb_blob_t *cmap, struct buf *out)
{
	/* The subsetter returns a builder face, which cannot list its tables:
	 * serialize it and read that back. */
	hb_blob_t *file = hb_face_reference_blob(subset_builder);
	hb_face_t *subset = hb_face_create(file, 0);
	hb_blob_destroy(file);
	hb_face_t *builder = hb_face_builder_create();
	hb_tag_t tags[64];
	unsigned start = 0, count;
	do {
		count = ARRAY_SIZE(tags);
		hb_face_get_table_tags(subset, start, &count, tags);
		for (unsigned i = 0; i < count; i++) {
			if (tags[i] == HB_TAG('c', 'm', 'a', 'p'))
				continue;
			hb_blob_t *t = hb_face_reference_table(subset, tags[i]);
			hb_face_builder_add_table(builder, tags[i], t);
			hb_blob_destroy(t);
		}
		start += count;
	} while (count == ARRAY_SIZE(tags));
	hb_face_builder_add_table(builder, HB_TAG('c', 'm', 'a', 'p'), cmap);
	/* libharu writes 13 tables into a memory stream, then seeks to each
	 * table's start to sum it.  A table it lacks is written empty at the
	 * stream's end, and seeking to the end of a stream whose size is an
	 * exact multiple of its 4096-byte buffers fails with 0x1033
	 * (HPDF_INVALID_OBJECT): one document in some thousands, by the sizes
	 * of its glyph sets.  So none of them is ever missing: the hinting
	 * tables the subsetter drops come back as one zero cvt entry and
	 * programs that push nothing (NPUSHB 0). */
	static const char no_cvt[2] = { 0, 0 }, no_program[2] = { 0x40, 0x00 };
	static const struct {
		hb_tag_t tag;
		const char *data;
	} filler[] = {
		{ HB_TAG('c', 'v', 't', ' '), no_cvt },
		{ HB_TAG('f', 'p', 'g', 'm'), no_program },
		{ HB_TAG('p', 'r', 'e', 'p'), no_program },
	};
	for (size_t i = 0; i < ARRAY_SIZE(filler); i++) {
		hb_blob_t *have = hb_face_reference_table(subset, filler[i].tag);
		if (!hb_blob_get_length(have)) {
			hb_blob_t *t = hb_blob_create(filler[i].data, 2, HB_MEMORY_MODE_READONLY, NULL, NULL);
			hb_face_builder_add_table(builder, filler[i].tag, t);
			hb_blob_destroy(t);
		}
		hb_blob_destroy(have);
	}
	hb_blob_t *blob = hb_face_reference_blob(builder);
	unsigned len;
	const char *data = hb_blob_get_data(blob, &len);
	buf_reset(out);
	buf_add(out, data, len);
	hb_blob_destroy(blob);
	hb_face_destroy(builder);
	hb_face_destroy(subset);
}

int fontset_subset(struct fontset *fs, enum font_role role, const uint32_t *cps, size_t n,
		   struct font_subset *out, struct ferr *e)
{
	memset(out, 0, sizeof(*out));
	buf_init(&out->ttf);
	struct face *f = face_of(fs, role);
	if (!f)
		return ferr_set(e, FOLIO_EUSAGE, "no font for role %d", (int)role);

	hb_subset_input_t *input = hb_subset_input_create_or_fail();
	if (!input)
		return ferr_set(e, FOLIO_EIO, "out of memory in the font subsetter");
	hb_set_t *unicodes = hb_subset_input_unicode_set(input);
	for (size_t i = 0; i < n; i++)
		if (cps[i] != 0xFFFF && cps[i] <= 0x10FFFF)
			hb_set_add(unicodes, cps[i]);
	drop_tables(input);
	hb_subset_input_set_flags(input, HB_SUBSET_FLAGS_NO_HINTING);

	int rc = 0;
	struct mapping *m = NULL;
	hb_face_t *subset = NULL;
	hb_blob_t *cmap_blob = NULL;
	struct buf cmap = BUF_INIT;
	hb_subset_plan_t *plan = hb_subset_plan_create_or_fail(f->face, input);
	if (plan)
		subset = hb_subset_plan_execute_or_fail(plan);
	if (!subset) {
		rc = ferr_set(e, FOLIO_EINPUT, "font role '%s': %s: subsetting failed",
			      font_role_name(role), f->path);
		goto out;
	}

	/* Which new glyph each kept code point has; astral ones get the next
	 * private-use code point this document does not use itself. */
	const hb_map_t *cp_to_old = hb_subset_plan_unicode_to_old_glyph_mapping(plan);
	const hb_map_t *old_to_new = hb_subset_plan_old_to_new_glyph_mapping(plan);
	size_t nkept = hb_set_get_population(unicodes), nm = 0;
	m = xmalloc((nkept + 1) * sizeof(*m));
	out->astral = xmalloc((nkept + 1) * sizeof(*out->astral));
	out->pua = xmalloc((nkept + 1) * sizeof(*out->pua));
	uint32_t next_pua = PUA_FIRST;
	hb_codepoint_t cp = HB_SET_VALUE_INVALID;
	while (hb_set_next(unicodes, &cp)) {
		hb_codepoint_t old = hb_map_get(cp_to_old, cp), gid;
		if (old == HB_MAP_VALUE_INVALID ||
		    (gid = hb_map_get(old_to_new, old)) == HB_MAP_VALUE_INVALID)
			continue; /* the face lacks it: it will show as .notdef */
		uint32_t code = cp;
		if (cp > 0xFFFF) {
			while (next_pua <= PUA_LAST && hb_set_has(unicodes, next_pua))
				next_pua++;
			if (next_pua > PUA_LAST) {
				rc = ferr_set(e, FOLIO_EINPUT,
					      "font role '%s': more characters above U+FFFF than "
					      "private-use code points to draw them with",
					      font_role_name(role));
				goto out;
			}
			code = next_pua++;
			out->astral[out->nastral] = cp;
			out->pua[out->nastral++] = code;
		}
		m[nm].code = code;
		m[nm++].gid = gid;
	}
	qsort(m, nm, sizeof(*m), mapping_cmp);
	if ((rc = build_cmap(m, nm, &cmap, e)) < 0) {
		ferr_prefix(e, "font role '%s'", font_role_name(role));
		goto out;
	}
	cmap_blob = hb_blob_create(cmap.data, (unsigned)cmap.len, HB_MEMORY_MODE_READONLY, NULL,
				   NULL);
	serialize_with_cmap(subset, cmap_blob, &out->ttf);
out:
	hb_blob_destroy(cmap_blob);
	buf_release(&cmap);
	free(m);
	hb_face_destroy(subset);
	hb_subset_plan_destroy(plan);
	hb_subset_input_destroy(input);
	if (rc < 0)
		font_subset_release(out);
	return rc;
}

void font_subset_release(struct font_subset *s)
{
	buf_release(&s->ttf);
	free(s->astral);
	free(s->pua);
	s->astral = s->pua = NULL;
	s->nastral = 0;
}
