/* pdf.c - writing a display list as a PDF file through libharu: per-document
 * font subsets with characters above U+FFFF on private-use code points, a
 * ToUnicode map of our own in place of libharu's malformed one, outlines,
 * info, links and images, and byte-identical output for identical input.
 * The only file that includes libharu's headers. */
#include "pdf.h"
#include "hash.h"
#include "pdfpack.h"
#include "tempfile.h"
#include "utf8.h"
#include "version.h"

#include <errno.h>
#include <hpdf.h>
#include <hpdf_font.h>  /* internal: the font's ToUnicode stream (attr->cmap_stream) */
#include <hpdf_pages.h> /* internal: the page's content stream (attr->stream) */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* One embedded font: a face (several roles may share one) and what the
 * document draws with it. */
struct pdf_font {
	const char *path; /* the face, as the font set has it */
	unsigned index;
	uint8_t *used;    /* bitmap over U+0000..U+10FFFF */
	uint32_t *cps;    /* the same, as an ascending list */
	size_t ncps;
	struct font_subset subset;
	HPDF_Font font;
	const char *name; /* its PostScript name, owned by libharu */
};

struct pdf_writer {
	const struct display *d;
	struct fontset *fs;
	HPDF_Doc doc;
	/* The first error libharu reported through on_error(). */
	HPDF_STATUS error, detail;
	struct pdf_font fonts[FONT_ROLE_COUNT];
	int nfonts;
	int font_of_role[FONT_ROLE_COUNT]; /* index into fonts, or -1 */
	struct sha256_ctx_folio *hash;     /* of everything that goes in: for /ID */
	/* Images already loaded, by path: an image shown twice is embedded once. */
	struct { const char *path; HPDF_Image image; } *images;
	size_t nimages;
	/* The JPEGs among them, whose bytes go in as the PDF is packed. */
	struct pdf_pack_file *files;
	size_t nfiles;
	char *tmp_dir; /* where temporary files go: the target's directory */
	char id_hex[SHA256_HEX_LEN + 1]; /* the content hash behind /ID */
	/* Tagged PDF: every marked-content sequence with an MCID, in drawing
	 * order (so by page, then MCID). */
	bool tagged;
	struct mark { int elem, page, mcid; } *marks;
	size_t nmarks;
};

/* The sRGB profile of the PDF/A output intent (Debian's icc-profiles-free). */
#define PDF_ICC_SRGB "/usr/share/color/icc/sRGB.icc"
#define PDF_PRODUCER "folio " FOLIO_VERSION

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct pdf_writer *w = data;
	if (!w->error) {
		w->error = error;
		w->detail = detail;
	}
}

static const char *error_meaning(HPDF_STATUS code)
{
	switch (code) {
	case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
	case HPDF_FILE_IO_ERROR: return "file read or write failed";
	case HPDF_FILE_OPEN_ERROR: return "cannot open file";
	case HPDF_INVALID_DATE_TIME: return "invalid date";
	case HPDF_INVALID_IMAGE: return "invalid image";
	case HPDF_INVALID_JPEG_DATA: return "invalid JPEG data";
	case HPDF_INVALID_PNG_IMAGE: return "invalid PNG image";
	case HPDF_LIBPNG_ERROR: return "libpng failed";
	case HPDF_UNSUPPORTED_JPEG_FORMAT: return "unsupported JPEG format";
	case HPDF_INVALID_PARAMETER: return "invalid parameter";
	case HPDF_PAGE_INVALID_SIZE: return "invalid page size";
	case HPDF_PAGE_INVALID_FONT_SIZE: return "invalid font size";
	case HPDF_REAL_OUT_OF_RANGE: return "number out of range";
	case HPDF_STRING_OUT_OF_RANGE: return "string too long";
	case HPDF_TTF_CANNOT_EMBEDDING_FONT: return "the font does not allow embedding";
	case HPDF_TTF_INVALID_CMAP: return "invalid font cmap";
	case HPDF_TTF_INVALID_FOMAT: return "invalid TrueType font";
	case HPDF_TTF_MISSING_TABLE: return "a table is missing from the font";
	case HPDF_INVALID_URI: return "invalid URI";
	case HPDF_ZLIB_ERROR: return "zlib failed";
	case HPDF_INVALID_DOCUMENT: return "document unusable after an earlier error";
	default: return "libharu failed";
	}
}

/* Turn the recorded libharu error into *e (always FOLIO_EIO: whatever went
 * wrong inside libharu, no PDF was written).  `what` says what was being
 * done. */
static int haru_error(struct pdf_writer *w, const char *what, struct ferr *e)
{
	if (!w->error)
		return ferr_set(e, FOLIO_EIO, "%s: libharu failed without saying why", what);
	if (w->error == HPDF_FILE_OPEN_ERROR || w->error == HPDF_FILE_IO_ERROR)
		return ferr_set(e, FOLIO_EIO, "%s: libharu error 0x%04X: %s (%s)", what,
				(unsigned)w->error, error_meaning(w->error),
				strerror((int)w->detail));
	return ferr_set(e, FOLIO_EIO, "%s: libharu error 0x%04X (detail %u): %s", what,
			(unsigned)w->error, (unsigned)w->detail, error_meaning(w->error));
}

static void hash_add_str(struct pdf_writer *w, const char *s)
{
	if (s)
		sha256_add(w->hash, s, strlen(s) + 1);
	else
		sha256_add(w->hash, "", 0);
}

static void hash_addf(struct pdf_writer *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void hash_addf(struct pdf_writer *w, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	/* With its terminating NUL, which separates it from what follows. */
	sha256_add(w->hash, tmp, n < 0 ? 0 : (size_t)n < sizeof(tmp) ? (size_t)n + 1 : sizeof(tmp));
}

/* ---- fonts ---- */

#define BIT_SET(map, cp) ((map)[(cp) >> 3] |= (uint8_t)(1u << ((cp) & 7)))
#define BIT_HAS(map, cp) (((map)[(cp) >> 3] >> ((cp) & 7)) & 1u)
#define CP_LIMIT 0x110000u

/* Decode UTF-8 leniently: an invalid byte stands for U+FFFD. */
static size_t next_cp(const char *s, size_t len, size_t i, uint32_t *cp)
{
	int n = utf8_decode((const unsigned char *)s + i, len - i, cp);
	if (n < 0) {
		*cp = 0xFFFD;
		return i + 1;
	}
	return i + (size_t)n;
}

/* Group the roles the document uses by face and collect each face's code
 * points. */
/* What is drawn for cp in role's face: cp, or for a character the face
 * lacks (folio warns of it) a white square, else a space: never the
 * .notdef glyph (ISO 19005-2 6.2.11.8).  The run's ActualText then gives
 * the true character. */
static uint32_t printable(struct pdf_writer *w, enum font_role role, uint32_t cp)
{
	if (fontset_has(w->fs, role, cp))
		return cp;
	return fontset_has(w->fs, role, 0x25A1) ? 0x25A1 : 0x20;
}

static void collect_fonts(struct pdf_writer *w)
{
	for (int r = 0; r < FONT_ROLE_COUNT; r++)
		w->font_of_role[r] = -1;
	for (size_t p = 0; p < w->d->npages; p++) {
		const struct display_page *pg = &w->d->pages[p];
		for (size_t i = 0; i < pg->n; i++) {
			const struct display_item *it = &pg->items[i];
			if (it->kind != DISPLAY_TEXT || (unsigned)it->font >= FONT_ROLE_COUNT)
				continue;
			int f = w->font_of_role[it->font];
			if (f < 0) {
				const char *path = fontset_path(w->fs, it->font);
				unsigned index = fontset_face_index(w->fs, it->font);
				for (f = 0; f < w->nfonts; f++)
					if (!strcmp(w->fonts[f].path, path) && w->fonts[f].index == index)
						break;
				if (f == w->nfonts) {
					struct pdf_font *pf = &w->fonts[w->nfonts++];
					pf->path = path;
					pf->index = index;
					pf->used = xcalloc(CP_LIMIT / 8, 1);
				}
				w->font_of_role[it->font] = f;
			}
			uint8_t *used = w->fonts[f].used;
			size_t len = strlen(it->text);
			uint32_t cp;
			for (size_t k = 0; k < len;) {
				k = next_cp(it->text, len, k, &cp);
				BIT_SET(used, printable(w, it->font, cp));
			}
		}
	}
}

static void hex16(struct buf *b, unsigned v)
{
	buf_addf(b, "%04X", v & 0xFFFF);
}

/* cp as UTF-16BE hex digits (a surrogate pair above U+FFFF). */
static void hex_utf16(struct buf *b, uint32_t cp)
{
	if (cp > 0xFFFF) {
		cp -= 0x10000;
		hex16(b, 0xD800 + (cp >> 10));
		hex16(b, 0xDC00 + (cp & 0x3FF));
	} else {
		hex16(b, cp);
	}
}

struct cid_map {
	uint32_t cid, uni;
};

static int cid_map_cmp(const void *a, const void *b)
{
	const struct cid_map *x = a, *y = b;
	return x->cid < y->cid ? -1 : x->cid > y->cid;
}

/* One line of a ToUnicode CMap: CIDs lo..hi mapped to uni.. onwards. */
struct bf_line {
	uint32_t lo, hi, uni;
};

static void bf_block(struct buf *out, const struct bf_line *l, size_t n, bool range)
{
	/* At most 100 lines between begin and end, as the CMap format asks. */
	for (size_t i = 0; i < n; i += 100) {
		size_t k = n - i < 100 ? n - i : 100;
		buf_addf(out, "%zu %s\n", k, range ? "beginbfrange" : "beginbfchar");
		for (size_t j = i; j < i + k; j++) {
			buf_addc(out, '<');
			hex16(out, l[j].lo);
			if (range) {
				buf_adds(out, "> <");
				hex16(out, l[j].hi);
			}
			buf_adds(out, "> <");
			hex_utf16(out, l[j].uni);
			buf_adds(out, ">\n");
		}
		buf_adds(out, range ? "endbfrange\n" : "endbfchar\n");
	}
}

/* A ToUnicode CMap for map[0..n) (sorted by CID): runs of CIDs and BMP code
 * points rising together within one 256-block become bfrange lines (the
 * format increments only the last byte), everything else bfchar. */
static void tounicode_cmap(const struct cid_map *map, size_t n, struct buf *out)
{
	struct bf_line *ranges = xmalloc((n + 1) * sizeof(*ranges));
	struct bf_line *chars = xmalloc((n + 1) * sizeof(*chars));
	size_t nranges = 0, nchars = 0;
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && map[j].cid == map[j - 1].cid + 1 &&
				map[j].uni == map[j - 1].uni + 1 && map[j].uni <= 0xFFFF &&
				map[j].cid >> 8 == map[i].cid >> 8 && map[j].uni >> 8 == map[i].uni >> 8;
		     j++)
			;
		struct bf_line l = { map[i].cid, map[j - 1].cid, map[i].uni };
		if (j - i > 1)
			ranges[nranges++] = l;
		else
			chars[nchars++] = l;
	}
	buf_adds(out, "/CIDInit /ProcSet findresource begin\n"
		      "12 dict begin\n"
		      "begincmap\n"
		      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		      "/CMapName /Adobe-Identity-UCS def\n"
		      "/CMapType 2 def\n"
		      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	bf_block(out, ranges, nranges, true);
	bf_block(out, chars, nchars, false);
	buf_adds(out, "endcmap\n"
		      "CMapName currentdict /CMap defineresource pop\n"
		      "end\n"
		      "end\n");
	free(ranges);
	free(chars);
}

/* The private-use code point a subset draws cp with, or cp itself. */
static uint32_t drawn_as(const struct font_subset *s, uint32_t cp)
{
	if (cp <= 0xFFFF)
		return cp;
	size_t lo = 0, hi = s->nastral;
	while (lo < hi) { /* astral[] is ascending */
		size_t mid = (lo + hi) / 2;
		if (s->astral[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->nastral && s->astral[lo] == cp ? s->pua[lo] : cp;
}

/* Replace libharu's ToUnicode stream for pf (a copy of its encoding CMap,
 * which viewers reject) with one mapping every CID the document draws. */
static int replace_tounicode(struct pdf_writer *w, struct pdf_font *pf, struct ferr *e)
{
	HPDF_FontAttr attr = (HPDF_FontAttr)pf->font->attr;
	HPDF_Dict stream = attr ? attr->cmap_stream : NULL;
	if (!stream || !stream->stream)
		return ferr_set(e, FOLIO_EIO, "%s: libharu made no ToUnicode stream", pf->path);
	size_t n = 0;
	struct cid_map *map = xmalloc((pf->ncps + 1) * sizeof(*map));
	for (size_t i = 0; i < pf->ncps; i++) {
		uint32_t cid = drawn_as(&pf->subset, pf->cps[i]);
		if (cid > 0xFFFF)
			continue; /* the face lacks it; libharu draws a space */
		map[n].cid = cid;
		map[n++].uni = pf->cps[i];
	}
	/* Astral characters come last but have private-use CIDs. */
	qsort(map, n, sizeof(*map), cid_map_cmp);
	struct buf cmap = BUF_INIT;
	tounicode_cmap(map, n, &cmap);
	free(map);
	HPDF_MemStream_FreeData(stream->stream);
	HPDF_Stream_Write(stream->stream, (const HPDF_BYTE *)cmap.data, (HPDF_UINT)cmap.len);
	buf_release(&cmap);
	/* Keys of the encoding CMap it was copied from, meaningless here
	 * (a missing key is no error: RemoveElement only returns a code). */
	static const char *const keys[] = { "Type", "CMapName", "CIDSystemInfo", "WMode" };
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		HPDF_Dict_RemoveElement(stream, keys[i]);
	if (w->error)
		return haru_error(w, "writing the ToUnicode map", e);
	return 0;
}

/* Write data to a new temporary file in the target's directory; returns its
 * path (caller frees and passes to temp_remove()) or NULL with *e set. */
static char *write_temp(struct pdf_writer *w, const char *what, const void *data, size_t len,
			struct ferr *e)
{
	char *path;
	int fd = temp_file(w->tmp_dir, what, &path, e);
	if (fd < 0)
		return NULL;
	if (write_fd_all(fd, data, len) != 0 || close(fd) < 0) {
		ferr_set(e, FOLIO_EIO, "%s", strerror(errno));
		close(fd);
		temp_remove(path);
		free(path);
		return NULL;
	}
	return path;
}

static int load_fonts(struct pdf_writer *w, struct ferr *e)
{
	for (int f = 0; f < w->nfonts; f++) {
		struct pdf_font *pf = &w->fonts[f];
		size_t cap = 1024;
		pf->cps = xmalloc(cap * sizeof(*pf->cps));
		for (uint32_t cp = 0; cp < CP_LIMIT; cp++) {
			if (!(cp & 7) && !pf->used[cp >> 3]) {
				cp += 7; /* a whole empty byte */
				continue;
			}
			if (BIT_HAS(pf->used, cp)) {
				if (pf->ncps == cap)
					pf->cps = xrealloc(pf->cps, (cap *= 2) * sizeof(*pf->cps));
				pf->cps[pf->ncps++] = cp;
			}
		}
		int role = 0;
		while (w->font_of_role[role] != f)
			role++;
		int rc = fontset_subset(w->fs, role, pf->cps, pf->ncps, &pf->subset, e);
		if (rc < 0)
			return rc;
		sha256_add(w->hash, pf->subset.ttf.data, pf->subset.ttf.len);

		char *tmp = write_temp(w, "font", pf->subset.ttf.data, pf->subset.ttf.len, e);
		if (!tmp)
			return FOLIO_EIO;
		const char *name = HPDF_LoadTTFontFromFile(w->doc, tmp, HPDF_TRUE);
		/* libharu keeps the file open to copy glyphs from when saving. */
		temp_remove(tmp);
		free(tmp);
		if (!name || w->error)
			return haru_error(w, pf->path, e);
		/* libharu keys fonts by PostScript name: a second face with the same
		 * name would silently be drawn with the first. */
		for (int g = 0; g < f; g++)
			if (!strcmp(w->fonts[g].name, name))
				return ferr_set(e, FOLIO_EINPUT,
						"%s and %s have the same PostScript name %s",
						w->fonts[g].path, pf->path, name);
		pf->name = name;
		pf->font = HPDF_GetFont(w->doc, name, "UTF-8");
		if (!pf->font || w->error)
			return haru_error(w, pf->path, e);
		if ((rc = replace_tounicode(w, pf, e)) < 0)
			return rc;
	}
	return 0;
}

/* ---- pages ---- */

/* What the page's content stream has set, so that nothing is set twice. */
struct page_state {
	bool in_text;
	HPDF_Font font;
	double size, char_space;
	double gray_fill, gray_stroke, line_width;
	double dash_on, dash_off;
	/* In a text object: the start of the current text line (what the last
	 * Td moved to), in hundredths of a point, and where the next glyph
	 * would go after the last string shown, if anything was shown. */
	long long line_x, line_y;
	double pen_x;
	bool pen;
	/* The open marked-content sequence: whose content (an element, or -1
	 * for an artifact), and whether it began inside the text object (it
	 * must then end inside it). */
	int page_index, mc_elem, next_mcid;
	bool mc_open, mc_in_text;
};

/* Content the page's stream gets directly from us, not through libharu's
 * operator calls: it has no call for TJ or for dashes in fractions of a
 * point, writes every string in hex and every number as a float with five
 * decimals.  Only operators that leave libharu's own bookkeeping untouched
 * are written this way (text positioning, strings, Tc, d); fonts, colours,
 * BT/ET and paths still go through libharu. */
static void put(struct pdf_writer *w, HPDF_Page page, const struct buf *b)
{
	HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
	HPDF_STATUS rc = HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)b->data,
					   (HPDF_UINT)b->len);
	if (rc != HPDF_OK && !w->error) {
		w->error = rc;
		w->detail = 0;
	}
}

/* v as a PDF number with at most `decimals` (<= 4) digits after the point,
 * trailing zeros dropped: 12.5, -3, 0.07.  No locale, no exponent. */
static void add_number(struct buf *b, double v, int decimals)
{
	static const long long scale[] = { 1, 10, 100, 1000, 10000 };
	long long r = llround(v * (double)scale[decimals]);
	if (r < 0) {
		buf_addc(b, '-');
		r = -r;
	}
	buf_addf(b, "%lld", r / scale[decimals]);
	long long frac = r % scale[decimals];
	if (frac) {
		char digits[24];
		snprintf(digits, sizeof(digits), "%0*lld", decimals, frac);
		size_t n = strlen(digits);
		while (n > 0 && digits[n - 1] == '0')
			n--;
		buf_addc(b, '.');
		buf_add(b, digits, n);
	}
}

static void put_str(struct pdf_writer *w, HPDF_Page page, const char *s)
{
	struct buf b = { (char *)s, strlen(s), 0 };
	put(w, page, &b);
}

static void mc_close(struct pdf_writer *w, HPDF_Page page, struct page_state *st)
{
	if (st->mc_open) {
		put_str(w, page, "EMC\n");
		st->mc_open = false;
	}
}

/* Make what is drawn next content of elem (-1: an artifact), opening a
 * marked-content sequence unless the open one is already that, here. */
static void mc_begin(struct pdf_writer *w, HPDF_Page page, struct page_state *st, int elem)
{
	if (!w->tagged || (st->mc_open && st->mc_elem == elem && st->mc_in_text == st->in_text))
		return;
	mc_close(w, page, st);
	if (elem < 0) {
		put_str(w, page, "/Artifact BMC\n");
	} else {
		struct buf b = BUF_INIT;
		buf_addf(&b, "/%s<</MCID %d>>BDC\n", display_tag_name(w->d->elems[elem].tag),
			 st->next_mcid);
		put(w, page, &b);
		buf_release(&b);
		w->marks = xgrow(w->marks, w->nmarks, sizeof(*w->marks));
		w->marks[w->nmarks++] = (struct mark){ elem, st->page_index, st->next_mcid++ };
	}
	st->mc_open = true;
	st->mc_elem = elem;
	st->mc_in_text = st->in_text;
}

static void end_text(struct pdf_writer *w, HPDF_Page page, struct page_state *st)
{
	if (st->mc_open && st->mc_in_text)
		mc_close(w, page, st);
	if (st->in_text) {
		HPDF_Page_EndText(page);
		st->in_text = false;
	}
}

static void set_fill(HPDF_Page page, struct page_state *st, double gray)
{
	if (st->gray_fill != gray) {
		HPDF_Page_SetGrayFill(page, (HPDF_REAL)gray);
		st->gray_fill = gray;
	}
}

/* it->text with astral characters replaced by the subset's private-use code
 * points and invalid bytes by U+FFFD. */
static bool text_for_haru(struct pdf_writer *w, const struct display_item *it,
			  const struct font_subset *s, struct buf *out)
{
	size_t len = strlen(it->text);
	uint32_t cp;
	char enc[4];
	bool substituted = false;
	buf_reset(out);
	for (size_t k = 0; k < len;) {
		size_t at = k;
		k = next_cp(it->text, len, k, &cp);
		uint32_t shown = printable(w, it->font, cp);
		bool same = shown == cp;
		substituted = substituted || !same;
		uint32_t draw = drawn_as(s, shown);
		if (same && draw == cp && k - at == (size_t)utf8_encode(cp, enc) && cp != 0xFFFD)
			buf_add(out, it->text + at, k - at);
		else
			buf_add(out, enc, (size_t)utf8_encode(draw, enc));
	}
	return substituted;
}

static uint32_t crc32_png(const unsigned char *p, size_t n)
{
	static uint32_t table[256];
	if (!table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;
			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	uint32_t c = 0xFFFFFFFFu;
	while (n--)
		c = table[(c ^ *p++) & 0xFF] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Check a PNG's chunk structure and checksums before libharu sees it:
 * libharu's libpng error handler returns instead of jumping out, so libpng
 * aborts the process on a damaged file.  (Damage that keeps the checksums
 * right would still get through.) */
static int check_png(const char *path, struct ferr *e)
{
	unsigned char *data;
	size_t len;
	if (read_file(path, &data, &len, e) < 0)
		return FOLIO_EINPUT;
	const char *why = NULL;
	bool ihdr = false, idat = false, iend = false;
	size_t at = 8;
	while (!iend && !why) {
		if (len - at < 12) {
			why = "truncated";
			break;
		}
		uint32_t n = be32(data + at);
		const unsigned char *type = data + at + 4;
		if (n > len - at - 12) {
			why = "truncated";
			break;
		}
		if (crc32_png(type, n + 4) != be32(data + at + 8 + n)) {
			why = "checksum mismatch";
			break;
		}
		if (!ihdr && memcmp(type, "IHDR", 4))
			why = "no IHDR first";
		else if (!memcmp(type, "IHDR", 4)) {
			const unsigned char *h = type + 4;
			unsigned depth = h[8], color = h[9];
			bool ok = n == 13 && be32(h) && be32(h + 4) && be32(h) <= 30000 &&
				  be32(h + 4) <= 30000 && h[10] == 0 && h[11] == 0 && h[12] <= 1;
			ok = ok && ((color == 0 && (depth == 1 || depth == 2 || depth == 4 ||
						    depth == 8 || depth == 16)) ||
				    (color == 3 && depth <= 8 && (depth & (depth - 1)) == 0) ||
				    ((color == 2 || color == 4 || color == 6) &&
				     (depth == 8 || depth == 16)));
			if (!ok)
				why = "unsupported or invalid header";
			ihdr = true;
		} else if (!memcmp(type, "IDAT", 4)) {
			idat = true;
		} else if (!memcmp(type, "IEND", 4)) {
			iend = true;
		}
		at += 12 + (size_t)n;
	}
	if (!why && !idat)
		why = "no image data";
	free(data);
	if (why)
		return ferr_set(e, FOLIO_EINPUT, "image %s: damaged PNG (%s)", path, why);
	return 0;
}

/* Check that a JPEG has the frame header libharu looks for, walking the
 * markers as it does but within the file: libharu reads past the end of a
 * damaged file without noticing and embeds garbage.  Returns the number
 * of colour components (1, 3 or 4) or a negative code; *header_end is
 * where the frame header ends. */
static int check_jpeg(const unsigned char *data, size_t len, const char *path,
		      size_t *header_end, struct ferr *e)
{
	int comps = 0;
	const char *why = "no frame header";
	for (size_t at = 2; len - at >= 4;) {
		unsigned tag = (unsigned)data[at] << 8 | data[at + 1];
		size_t size = (size_t)data[at + 2] << 8 | data[at + 3];
		if (tag == 0xFFC0 || tag == 0xFFC1 || tag == 0xFFC2 || tag == 0xFFC9) {
			const unsigned char *h = data + at + 4;
			if (len - at < 10 || size < 8 || size > len - at - 2)
				why = "truncated";
			else if (h[0] != 8 || !(h[1] | h[2]) || !(h[3] | h[4]) ||
				 (h[5] != 1 && h[5] != 3 && h[5] != 4))
				why = "unsupported frame (8-bit gray, RGB or CMYK only)";
			else {
				why = NULL;
				comps = h[5];
				*header_end = at + 2 + size;
			}
			break;
		}
		if ((tag & 0xFF00) != 0xFF00 || size < 2) {
			why = "lost marker";
			break;
		}
		at += 2 + size;
		if (at > len) {
			why = "truncated";
			break;
		}
	}
	if (why)
		return ferr_set(e, FOLIO_EINPUT, "image %s: damaged JPEG (%s)", path, why);
	return comps;
}

/* A JPEG as an image whose bytes stay in the file until the PDF is
 * written (pdfpack.h): libharu gets a stub of its header. */
static HPDF_Image load_jpeg(struct pdf_writer *w, const char *path, int *rc, struct ferr *e)
{
	unsigned char *data;
	size_t len, header_end = 0;
	if (read_file(path, &data, &len, e) < 0) {
		*rc = FOLIO_EINPUT;
		return NULL;
	}
	*rc = check_jpeg(data, len, path, &header_end, e);
	/* PDF/A allows DeviceCMYK only under a CMYK output intent; the
	 * edition converts CMYK photos before they come here. */
	if (*rc == 4 && w->d->pdfa != DISPLAY_PDFA_NONE)
		*rc = ferr_set(e, FOLIO_EINPUT,
			       "image %s: a CMYK JPEG, which a PDF/A file with an sRGB "
			       "output intent cannot hold (--pdfa none keeps CMYK)",
			       path);
	if (*rc < 0) {
		free(data);
		return NULL;
	}
	struct buf stub = BUF_INIT;
	pdf_pack_jpeg_stub(data, header_end, w->nfiles, &stub);
	free(data);
	HPDF_Image image = HPDF_LoadJpegImageFromMem(w->doc, (const HPDF_BYTE *)stub.data,
						     (HPDF_UINT)stub.len);
	if (image) {
		w->files = xgrow(w->files, w->nfiles, sizeof(*w->files));
		w->files[w->nfiles].path = path;
		w->files[w->nfiles++].stub_len = stub.len;
	}
	buf_release(&stub);
	*rc = 0;
	return image;
}

/* The image at path, loaded once per document, in *out. */
static int load_image(struct pdf_writer *w, const char *path, HPDF_Image *out, struct ferr *e)
{
	for (size_t i = 0; i < w->nimages; i++)
		if (!strcmp(w->images[i].path, path)) {
			*out = w->images[i].image;
			return 0;
		}
	unsigned char magic[8] = { 0 };
	FILE *f = fopen(path, "rb");
	if (!f)
		return ferr_set(e, FOLIO_EINPUT, "image %s: %s", path, strerror(errno));
	size_t got = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	HPDF_Image image;
	int rc;
	if (got == 8 && !memcmp(magic, "\x89PNG\r\n\x1a\n", 8)) {
		if ((rc = check_png(path, e)) < 0)
			return rc;
		image = HPDF_LoadPngImageFromFile(w->doc, path);
	} else if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF) {
		image = load_jpeg(w, path, &rc, e);
		if (rc < 0)
			return rc;
	} else {
		return ferr_set(e, FOLIO_EINPUT, "image %s: neither PNG nor JPEG", path);
	}
	if (!image || w->error) {
		char *what = xasprintf("image %s", path);
		rc = haru_error(w, what, e);
		free(what);
		return rc;
	}
	/* libharu stores a PNG's alpha channel (SMask) uncompressed; compress
	 * it like everything else. */
	HPDF_Dict smask = HPDF_Dict_GetItem(image, "SMask", HPDF_OCLASS_DICT);
	if (smask)
		smask->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	w->images = xgrow(w->images, w->nimages, sizeof(*w->images));
	w->images[w->nimages].path = path;
	w->images[w->nimages++].image = image;
	*out = image;
	return 0;
}

/* Show `text` (it->text as text_for_haru made it) at it->x, it->y in the
 * current font.  A run that goes on the line of the run before it is moved
 * there by a TJ adjustment from where that run ended, and every other run by
 * a Td from the start of the last line: a bulletin page then holds a few
 * bytes of positioning per line instead of a text matrix per run.  Strings
 * are written as bytes (two per character: libharu's UTF-8 encoding makes a
 * character's CID its code point), not in hex. */
static void show_text(struct pdf_writer *w, HPDF_Page page, struct page_state *st,
		      const struct display_item *it, const struct buf *text,
		      const struct pdf_font *pf, bool substituted)
{
	struct buf ops = BUF_INIT;
	if (st->char_space != it->char_space) {
		add_number(&ops, it->char_space, 3);
		buf_adds(&ops, " Tc\n");
		st->char_space = it->char_space;
	}
	long long x = llround(it->x * 100), y = llround(it->y * 100);
	double gap = it->x - st->pen_x;
	if (!st->pen || y != st->line_y || gap < -it->size || gap > 4 * it->size) {
		add_number(&ops, (double)(x - st->line_x) / 100, 2);
		buf_addc(&ops, ' ');
		add_number(&ops, (double)(y - st->line_y) / 100, 2);
		buf_adds(&ops, " Td\n");
		st->line_x = x;
		st->line_y = y;
		gap = 0;
	}
	/* An artifact (an added hyphen) is marked content whose actual text
	 * is empty: viewers draw it and extract nothing for it.  A run that
	 * justification spread (character spacing of a twentieth of an em or
	 * more) carries its text as ActualText, or extraction would find a
	 * space between every two of its characters. */
	bool spread = !it->artifact && it->text && it->text[0] &&
		      (it->char_space >= it->size / 20 || substituted);
	/* Latin runs in a Chinese document say their language: English, as
	 * the hyphenation of editions takes them to be. */
	bool latin = w->tagged && !it->artifact && it->elem >= 0 &&
		     (it->font == FONT_LATIN || it->font == FONT_LATIN_BOLD ||
		      it->font == FONT_LATIN_ITALIC || it->font == FONT_LATIN_SANS ||
		      it->font == FONT_MONO);
	bool span = it->artifact || spread || latin;
	if (span)
		buf_adds(&ops, latin ? "/Span<</Lang(en)" : "/Span<<");
	if (it->artifact)
		buf_adds(&ops, "/ActualText()");
	else if (spread) {
		buf_adds(&ops, "/ActualText<FEFF");
		size_t tl = strlen(it->text);
		for (size_t k = 0; k < tl;) {
			uint32_t c;
			k = next_cp(it->text, tl, k, &c);
			hex_utf16(&ops, c);
		}
		buf_adds(&ops, ">");
	}
	if (span)
		buf_adds(&ops, ">>BDC\n");
	/* TJ moves by -n/1000 of the font size. */
	double adjust = -gap * 1000 / it->size;
	bool tj = fabs(adjust) >= 0.05;
	if (tj) {
		buf_addc(&ops, '[');
		add_number(&ops, adjust, 1);
	}
	buf_addc(&ops, '(');
	size_t glyphs = 0;
	uint32_t cp;
	for (size_t k = 0; k < text->len; glyphs++) {
		k = next_cp(text->data, text->len, k, &cp);
		/* libharu's encoder draws what is above U+FFFF as a space. */
		unsigned cid = cp > 0xFFFF ? 0x20 : cp;
		unsigned char bytes[2] = { (unsigned char)(cid >> 8), (unsigned char)cid };
		for (int b = 0; b < 2; b++) {
			switch (bytes[b]) {
			case '(': case ')': case '\\': buf_addc(&ops, '\\'); buf_addc(&ops, (char)bytes[b]); break;
			case '\r': buf_adds(&ops, "\\r"); break;
			case '\n': buf_adds(&ops, "\\n"); break;
			default: buf_addc(&ops, (char)bytes[b]);
			}
		}
	}
	buf_adds(&ops, tj ? ")]TJ\n" : ")Tj\n");
	if (span)
		buf_adds(&ops, "EMC\n");
	put(w, page, &ops);
	buf_release(&ops);
	/* The advance, from the widths libharu writes into the font's /W (this
	 * also marks the glyphs as used for libharu's own subsetting). */
	HPDF_TextWidth tw = HPDF_Font_TextWidth(pf->font, (const HPDF_BYTE *)text->data,
						(HPDF_UINT)text->len);
	double x0 = (double)x / 100;
	st->pen_x = x0 + (double)tw.width * it->size / 1000 + (double)glyphs * it->char_space;
	st->pen = true;
}

static int draw_item(struct pdf_writer *w, HPDF_Page page, struct page_state *st,
		     const struct display_item *it, struct buf *tmp, struct ferr *e)
{
	hash_addf(w, "%d %.4f %.4f %.4f %.4f %.4f %.4f %d %.4f %.4f", (int)it->kind, it->x, it->y,
		  it->x1, it->y1, it->width, (double)it->gray, (int)it->font, it->size,
		  it->char_space);
	/* An image by its file's name and size, not its directory: photos
	 * come from a temporary directory of a new name each time, under
	 * names made from their content. */
	const char *slash = it->kind == DISPLAY_IMAGE && it->text ? strrchr(it->text, '/') : NULL;
	hash_add_str(w, slash ? slash + 1 : it->text);
	struct stat ist;
	if (it->kind == DISPLAY_IMAGE && it->text && stat(it->text, &ist) == 0)
		hash_addf(w, "%lld", (long long)ist.st_size);
	hash_addf(w, "%d %d", (int)it->artifact, it->elem);
	switch (it->kind) {
	case DISPLAY_TEXT: {
		if ((unsigned)it->font >= FONT_ROLE_COUNT)
			return ferr_set(e, FOLIO_EUSAGE, "text in unknown font role %d", (int)it->font);
		struct pdf_font *pf = &w->fonts[w->font_of_role[it->font]];
		if (!st->in_text) {
			mc_close(w, page, st); /* one begun outside cannot end inside */
			HPDF_Page_BeginText(page);
			st->in_text = true;
			st->line_x = st->line_y = 0;
			st->pen = false;
		}
		if (st->font != pf->font || st->size != it->size) {
			HPDF_Page_SetFontAndSize(page, pf->font, (HPDF_REAL)it->size);
			st->font = pf->font;
			st->size = it->size;
		}
		mc_begin(w, page, st, it->elem);
		set_fill(page, st, it->gray);
		bool substituted = text_for_haru(w, it, &pf->subset, tmp);
		show_text(w, page, st, it, tmp, pf, substituted);
		break;
	}
	case DISPLAY_RULE:
		end_text(w, page, st);
		mc_begin(w, page, st, it->elem);
		if (st->gray_stroke != it->gray) {
			HPDF_Page_SetGrayStroke(page, it->gray);
			st->gray_stroke = it->gray;
		}
		if (st->line_width != it->width) {
			HPDF_Page_SetLineWidth(page, (HPDF_REAL)it->width);
			st->line_width = it->width;
		}
		if (st->dash_on != it->dash_on || st->dash_off != it->dash_off) {
			struct buf d = BUF_INIT;
			buf_addc(&d, '[');
			if (it->dash_on > 0 || it->dash_off > 0) {
				add_number(&d, it->dash_on, 2);
				buf_addc(&d, ' ');
				add_number(&d, it->dash_off, 2);
			}
			buf_adds(&d, "] 0 d\n");
			put(w, page, &d);
			buf_release(&d);
			st->dash_on = it->dash_on;
			st->dash_off = it->dash_off;
		}
		HPDF_Page_MoveTo(page, (HPDF_REAL)it->x, (HPDF_REAL)it->y);
		HPDF_Page_LineTo(page, (HPDF_REAL)it->x1, (HPDF_REAL)it->y1);
		HPDF_Page_Stroke(page);
		break;
	case DISPLAY_RECT:
		end_text(w, page, st);
		mc_begin(w, page, st, it->elem);
		set_fill(page, st, it->gray);
		HPDF_Page_Rectangle(page, (HPDF_REAL)it->x, (HPDF_REAL)it->y,
				    (HPDF_REAL)(it->x1 - it->x), (HPDF_REAL)(it->y1 - it->y));
		HPDF_Page_Fill(page);
		break;
	case DISPLAY_IMAGE: {
		end_text(w, page, st);
		mc_begin(w, page, st, it->elem);
		HPDF_Image image = NULL;
		if (!it->text)
			return ferr_set(e, FOLIO_EUSAGE, "an image without a file");
		int rc = load_image(w, it->text, &image, e);
		if (rc < 0)
			return rc;
		HPDF_Page_DrawImage(page, image, (HPDF_REAL)it->x, (HPDF_REAL)it->y,
				    (HPDF_REAL)(it->x1 - it->x), (HPDF_REAL)(it->y1 - it->y));
		break;
	}
	case DISPLAY_LINK: {
		HPDF_Rect rect = { (HPDF_REAL)it->x, (HPDF_REAL)it->y, (HPDF_REAL)it->x1,
				   (HPDF_REAL)it->y1 };
		HPDF_Annotation annot = HPDF_Page_CreateURILinkAnnot(page, rect, it->text);
		if (annot) {
			HPDF_LinkAnnot_SetBorderStyle(annot, 0, 0, 0);
			/* Printed with the page (ISO 19005-2 6.3.2: the Print flag). */
			HPDF_Dict_AddNumber(annot, "F", 4);
		}
		break;
	}
	}
	if (w->error) {
		static const char *const kinds[] = {
			[DISPLAY_TEXT] = "drawing text", [DISPLAY_RULE] = "drawing a rule",
			[DISPLAY_RECT] = "drawing a box", [DISPLAY_IMAGE] = "drawing an image",
			[DISPLAY_LINK] = "adding a link",
		};
		return haru_error(w, kinds[it->kind], e);
	}
	return 0;
}

static int draw_pages(struct pdf_writer *w, HPDF_Page *pages, struct ferr *e)
{
	struct buf tmp = BUF_INIT;
	int rc = 0;
	for (size_t p = 0; p < w->d->npages && rc == 0; p++) {
		const struct display_page *pg = &w->d->pages[p];
		hash_addf(w, "page %.4f %.4f", pg->width, pg->height);
		HPDF_Page page = pages[p] = HPDF_AddPage(w->doc);
		if (page) {
			HPDF_Page_SetWidth(page, (HPDF_REAL)pg->width);
			HPDF_Page_SetHeight(page, (HPDF_REAL)pg->height);
		}
		if (!page || w->error) {
			rc = haru_error(w, "adding a page", e);
			break;
		}
		/* libharu's defaults: black, no extra spacing, 1 pt lines. */
		struct page_state st = { .line_width = 1, .page_index = (int)p };
		for (size_t i = 0; i < pg->n && rc == 0; i++)
			rc = draw_item(w, page, &st, &pg->items[i], &tmp, e);
		if (rc == 0) {
			end_text(w, page, &st);
			mc_close(w, page, &st);
		}
	}
	buf_release(&tmp);
	return rc;
}

/* A PDF text string for s (UTF-8): ASCII as it is, anything else as
 * UTF-16BE with its byte-order mark, characters above U+FFFF as surrogate
 * pairs (libharu's own UTF-8 encoder turns those into spaces).  Returns
 * NULL for pure ASCII (libharu's string is right) or on a libharu error. */
static HPDF_Binary text_string(struct pdf_writer *w, const char *s)
{
	size_t len = strlen(s), i = 0;
	bool ascii = true;
	for (size_t k = 0; k < len; k++)
		ascii = ascii && (unsigned char)s[k] < 0x80;
	if (ascii)
		return NULL;
	struct buf b = BUF_INIT;
	buf_add(&b, "\xFE\xFF", 2);
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n < 0) {
			cp = 0xFFFD;
			n = 1;
		}
		i += (size_t)n;
		unsigned units[2] = { cp, 0 }, nu = 1;
		if (cp > 0xFFFF) {
			units[0] = 0xD800 + ((cp - 0x10000) >> 10);
			units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
			nu = 2;
		}
		for (unsigned u = 0; u < nu; u++) {
			char be[2] = { (char)(units[u] >> 8), (char)(units[u] & 0xFF) };
			buf_add(&b, be, 2);
		}
	}
	HPDF_Binary bin = HPDF_Binary_New(w->doc->mmgr, (HPDF_BYTE *)b.data, (HPDF_UINT)b.len);
	buf_release(&b);
	return bin;
}

static int add_outlines(struct pdf_writer *w, HPDF_Page *pages, struct ferr *e)
{
	HPDF_Encoder utf8 = HPDF_GetEncoder(w->doc, "UTF-8");
	HPDF_Outline section = NULL;
	for (size_t i = 0; i < w->d->noutlines; i++) {
		const struct display_outline *o = &w->d->outlines[i];
		hash_addf(w, "outline %d %d %.4f", o->level, o->page, o->y);
		hash_add_str(w, o->title);
		if (o->page < 0 || (size_t)o->page >= w->d->npages)
			return ferr_set(e, FOLIO_EUSAGE, "outline '%s' points at page %d of %zu",
					o->title, o->page + 1, w->d->npages);
		HPDF_Outline parent = o->level > 0 && section ? section : NULL;
		HPDF_Outline ol = HPDF_CreateOutline(w->doc, parent, o->title, utf8);
		HPDF_Binary title = ol ? text_string(w, o->title) : NULL;
		if (title)
			HPDF_Dict_Add(ol, "Title", title);
		if (ol) {
			HPDF_Destination dst = HPDF_Page_CreateDestination(pages[o->page]);
			if (dst) {
				/* Fit the page width, the entry's top at the window's. */
				HPDF_Destination_SetFitH(dst, (HPDF_REAL)o->y);
				HPDF_Outline_SetDestination(ol, dst);
			}
			if (o->level == 0) {
				HPDF_Outline_SetOpened(ol, HPDF_TRUE);
				section = ol;
			}
		}
		if (!ol || w->error)
			return haru_error(w, "adding an outline entry", e);
	}
	return 0;
}

static int set_info(struct pdf_writer *w, struct ferr *e)
{
	const struct display *d = w->d;
	struct { HPDF_InfoType type; const char *key, *value; } attrs[] = {
		{ HPDF_INFO_TITLE, "Title", d->title },
		{ HPDF_INFO_AUTHOR, "Author", d->author },
		{ HPDF_INFO_SUBJECT, "Subject", d->subject },
		{ HPDF_INFO_KEYWORDS, "Keywords", d->keywords },
		{ HPDF_INFO_CREATOR, "Creator", "folio" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++) {
		hash_add_str(w, attrs[i].value);
		if (!attrs[i].value || !*attrs[i].value)
			continue;
		/* libharu makes the info dictionary; the value is then
		 * replaced by a UTF-16 string where it is not ASCII. */
		HPDF_SetInfoAttr(w->doc, attrs[i].type, attrs[i].value);
		HPDF_Binary v = w->doc->info ? text_string(w, attrs[i].value) : NULL;
		if (v)
			HPDF_Dict_Add(w->doc->info, attrs[i].key, v);
	}
	hash_addf(w, "created %lld", d->created);
	if (d->created) {
		time_t t = (time_t)d->created;
		struct tm tm;
		if (!gmtime_r(&t, &tm))
			return ferr_set(e, FOLIO_EUSAGE, "creation time %lld out of range", d->created);
		/* libharu would write "Z00'00'"; the form the PDF reference
		 * gives for UTC is written instead, and the XMP twin says the
		 * same instant (add_metadata). */
		char date[64];
		snprintf(date, sizeof(date), "D:%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		HPDF_Dict info = w->doc->info; /* made by the Creator entry above */
		if (info) {
			HPDF_Dict_Add(info, "CreationDate", HPDF_String_New(w->doc->mmgr, date, NULL));
			HPDF_Dict_Add(info, "ModDate", HPDF_String_New(w->doc->mmgr, date, NULL));
		}
	}
	if (w->doc->info)
		HPDF_Dict_Add(w->doc->info, "Producer", HPDF_String_New(w->doc->mmgr, PDF_PRODUCER, NULL));
	if (w->error)
		return haru_error(w, "setting the document info", e);
	return 0;
}

/* /ID in the trailer: a hash of what went in, so that the same display list
 * and fonts give the same file. */
static int set_id(struct pdf_writer *w, struct ferr *e)
{
	char *hex = w->id_hex;
	sha256_end(w->hash, hex);
	w->hash = NULL;
	HPDF_BYTE id[16];
	for (int i = 0; i < 16; i++) {
		unsigned v;
		sscanf(hex + 2 * (size_t)i, "%2x", &v);
		id[i] = (HPDF_BYTE)v;
	}
	HPDF_Array arr = HPDF_Array_New(w->doc->mmgr);
	if (arr) {
		HPDF_Array_Add(arr, HPDF_Binary_New(w->doc->mmgr, id, sizeof(id)));
		HPDF_Array_Add(arr, HPDF_Binary_New(w->doc->mmgr, id, sizeof(id)));
		HPDF_Dict_Add(w->doc->trailer, "ID", arr);
	}
	if (!arr || w->error)
		return haru_error(w, "setting the document ID", e);
	return 0;
}

/* ---- the structure tree (tagged PDF, ISO 32000-1 14.7-14.8) ---- */

static int cmp_mark_elem(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;
	if (x->elem != y->elem)
		return x->elem < y->elem ? -1 : 1;
	if (x->page != y->page)
		return x->page < y->page ? -1 : 1;
	return x->mcid < y->mcid ? -1 : x->mcid > y->mcid;
}

/* The structure tree from the display's elements and the marked content
 * drawn for them: a StructTreeRoot over the Document, each element's /K its
 * children (in reading order, as they were added) and then its content
 * (marked-content references, by page), the parent tree that leads from
 * each page's MCIDs back to their elements, /StructParents on every page,
 * and /MarkInfo. */
static int add_structure(struct pdf_writer *w, HPDF_Page *pages, struct ferr *e)
{
	const struct display *d = w->d;
	HPDF_MMgr mm = w->doc->mmgr;
	size_t n = d->nelems;
	HPDF_Dict root = HPDF_Dict_New(mm);
	if (!root || HPDF_Xref_Add(w->doc->xref, root) != HPDF_OK)
		return haru_error(w, "adding the structure tree", e);
	HPDF_Dict *el = xcalloc(n, sizeof(*el)); // NOLINT(bugprone-sizeof-expression): HPDF_Dict is a handle
	size_t *nkids = xcalloc(n, sizeof(*nkids));
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		const struct display_elem *x = &d->elems[i];
		hash_addf(w, "elem %d %d", (int)x->tag, x->parent);
		hash_add_str(w, x->title);
		hash_add_str(w, x->alt);
		if (x->parent >= 0 && (size_t)x->parent < i)
			nkids[x->parent]++;
		el[i] = HPDF_Dict_New(mm);
		if (!el[i] || HPDF_Xref_Add(w->doc->xref, el[i]) != HPDF_OK) {
			rc = haru_error(w, "adding the structure tree", e);
			goto out;
		}
	}
	/* Marks grouped by element, each group in page and MCID order. */
	struct mark *by_elem = xcalloc(w->nmarks ? w->nmarks : 1, sizeof(*by_elem));
	memcpy(by_elem, w->marks, w->nmarks * sizeof(*by_elem));
	qsort(by_elem, w->nmarks, sizeof(*by_elem), cmp_mark_elem);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		const struct display_elem *x = &d->elems[i];
		HPDF_Dict_AddName(el[i], "S", display_tag_name(x->tag));
		HPDF_Dict_Add(el[i], "P", x->parent >= 0 && (size_t)x->parent < i ? el[x->parent] : root);
		if (x->title) {
			HPDF_Binary t = text_string(w, x->title);
			HPDF_Dict_Add(el[i], "T", t ? (void *)t : (void *)HPDF_String_New(mm, x->title, NULL));
		}
		if (x->alt) {
			HPDF_Binary t = text_string(w, x->alt);
			HPDF_Dict_Add(el[i], "Alt", t ? (void *)t : (void *)HPDF_String_New(mm, x->alt, NULL));
		}
		size_t m0 = m;
		while (m < w->nmarks && by_elem[m].elem == (int)i)
			m++;
		/* Content on one page only: the page on the element, MCIDs as
		 * numbers; else a reference per sequence with its page. */
		bool one_page = m > m0 && by_elem[m - 1].page == by_elem[m0].page;
		if (one_page)
			HPDF_Dict_Add(el[i], "Pg", pages[by_elem[m0].page]);
		size_t total = nkids[i] + (m - m0);
		if (total == 1 && one_page && !nkids[i]) {
			HPDF_Dict_AddNumber(el[i], "K", by_elem[m0].mcid);
			continue;
		}
		HPDF_Array k = HPDF_Array_New(mm);
		if (!k)
			break;
		for (size_t c = i + 1; nkids[i] && c < n; c++)
			if (d->elems[c].parent == (int)i)
				HPDF_Array_Add(k, el[c]);
		for (size_t j = m0; j < m; j++) {
			if (one_page) {
				HPDF_Array_AddNumber(k, by_elem[j].mcid);
				continue;
			}
			HPDF_Dict mcr = HPDF_Dict_New(mm);
			if (!mcr)
				break;
			HPDF_Dict_AddName(mcr, "Type", "MCR");
			HPDF_Dict_Add(mcr, "Pg", pages[by_elem[j].page]);
			HPDF_Dict_AddNumber(mcr, "MCID", by_elem[j].mcid);
			HPDF_Array_Add(k, mcr);
		}
		HPDF_Dict_Add(el[i], "K", k);
	}
	free(by_elem);
	/* The parent tree: page i's MCIDs 0, 1, ... to their elements. */
	HPDF_Dict tree = HPDF_Dict_New(mm);
	HPDF_Array nums = HPDF_Array_New(mm);
	if (!tree || !nums) {
		rc = haru_error(w, "adding the structure tree", e);
		goto out;
	}
	size_t k = 0;
	for (size_t p = 0; p < d->npages; p++) {
		HPDF_Dict_AddNumber(pages[p], "StructParents", (HPDF_INT32)p);
		HPDF_Array arr = HPDF_Array_New(mm);
		if (!arr)
			break;
		for (; k < w->nmarks && w->marks[k].page == (int)p; k++)
			HPDF_Array_Add(arr, el[w->marks[k].elem]);
		HPDF_Array_AddNumber(nums, (HPDF_INT32)p);
		HPDF_Array_Add(nums, arr);
	}
	HPDF_Dict_Add(tree, "Nums", nums);
	HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
	HPDF_Dict_Add(root, "K", el[0]);
	HPDF_Dict_Add(root, "ParentTree", tree);
	HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)d->npages);
	HPDF_Dict_Add(w->doc->catalog, "StructTreeRoot", root);
	HPDF_Dict mark = HPDF_Dict_New(mm);
	if (mark) {
		HPDF_Dict_AddBoolean(mark, "Marked", HPDF_TRUE);
		HPDF_Dict_Add(w->doc->catalog, "MarkInfo", mark);
	}
	if (!mark || w->error)
		rc = haru_error(w, "adding the structure tree", e);
out:
	free(el);
	free(nkids);
	return rc;
}

/* ---- PDF/A: metadata, output intent, associated files ---- */

/* s as XML character data: markup escaped, and what XML 1.0 cannot hold
 * (C0 controls but tab and newline, invalid UTF-8) left out. */
static void xml_text(struct buf *b, const char *s)
{
	size_t len = s ? strlen(s) : 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		switch (cp) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		default:
			if ((cp >= 0x20 || cp == '\t' || cp == '\n') && cp != 0xFFFE && cp != 0xFFFF)
				buf_add(b, s + i, (size_t)n);
		}
		i += (size_t)n;
	}
}

static void iso_date(struct buf *b, long long t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm))
		buf_addf(b, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The XMP packet: PDF/A identification (ISO 19005-2 6.6.4) and the twin of
 * every /Info entry (6.6.3), with the same text and the same instants. */
static void xmp_packet(const struct pdf_writer *w, struct buf *x)
{
	const struct display *d = w->d;
	bool three = d->pdfa == DISPLAY_PDFA_3U;
	buf_adds(x, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		    "  <rdf:Description rdf:about=\"\"\n"
		    "    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"\n"
		    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		    "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
		    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
	buf_addf(x, "   <pdfaid:part>%d</pdfaid:part>\n   <pdfaid:conformance>U</pdfaid:conformance>\n",
		 three ? 3 : 2);
	buf_adds(x, "   <dc:format>application/pdf</dc:format>\n");
	if (d->title && *d->title) {
		buf_adds(x, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(x, d->title);
		buf_adds(x, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (d->author && *d->author) {
		buf_adds(x, "   <dc:creator><rdf:Seq><rdf:li>");
		xml_text(x, d->author);
		buf_adds(x, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (d->subject && *d->subject) {
		buf_adds(x, "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(x, d->subject);
		buf_adds(x, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	buf_addf(x, "   <dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n",
		 d->lang ? d->lang : "zh-CN");
	if (d->keywords && *d->keywords) {
		buf_adds(x, "   <pdf:Keywords>");
		xml_text(x, d->keywords);
		buf_adds(x, "</pdf:Keywords>\n");
	}
	buf_adds(x, "   <pdf:Producer>" PDF_PRODUCER "</pdf:Producer>\n"
		    "   <xmp:CreatorTool>folio</xmp:CreatorTool>\n");
	if (d->created) {
		static const char *const keys[] = { "CreateDate", "ModifyDate", "MetadataDate" };
		for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
			buf_addf(x, "   <xmp:%s>", keys[k]);
			iso_date(x, d->created);
			buf_addf(x, "</xmp:%s>\n", keys[k]);
		}
	}
	/* Derived from the content, as /ID is: the same input, the same file. */
	const char *h = w->id_hex;
	buf_addf(x, "   <xmpMM:DocumentID>uuid:%.8s-%.4s-%.4s-%.4s-%.12s</xmpMM:DocumentID>\n",
		 h, h + 8, h + 12, h + 16, h + 20);
	buf_addf(x, "   <xmpMM:InstanceID>uuid:%.8s-%.4s-%.4s-%.4s-%.12s</xmpMM:InstanceID>\n",
		 h + 32, h + 40, h + 44, h + 48, h + 52);
	buf_adds(x, "  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n");
	/* Room to edit the packet in place, as XMP writers leave. */
	for (int i = 0; i < 8; i++)
		buf_adds(x, "                                                                               \n");
	buf_adds(x, "<?xpacket end=\"w\"?>");
}

static int read_small_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && out->len < (1u << 22))
		buf_add(out, chunk, n);
	int bad = ferror(f);
	fclose(f);
	return bad ? -1 : 0;
}

/* An sRGB output intent (6.2.3): DeviceRGB and DeviceGray are then
 * allowed, and so are soft masks (6.2.10). */
static int add_output_intent(struct pdf_writer *w, struct ferr *e)
{
	struct buf icc = BUF_INIT;
	if (read_small_file(PDF_ICC_SRGB, &icc) < 0 || icc.len < 128) {
		buf_release(&icc);
		return ferr_set(e, FOLIO_EINPUT,
				"PDF/A needs the sRGB colour profile %s (Debian package "
				"icc-profiles-free; 'make deps' installs it), or --pdfa none",
				PDF_ICC_SRGB);
	}
	HPDF_MMgr mm = w->doc->mmgr;
	HPDF_Dict profile = HPDF_DictStream_New(mm, w->doc->xref);
	HPDF_Dict intent = HPDF_Dict_New(mm);
	HPDF_Array intents = HPDF_Array_New(mm);
	if (profile && intent && intents) {
		profile->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		HPDF_Dict_AddNumber(profile, "N", 3);
		HPDF_Stream_Write(profile->stream, (const HPDF_BYTE *)icc.data, (HPDF_UINT)icc.len);
		HPDF_Dict_AddName(intent, "Type", "OutputIntent");
		HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
		HPDF_Dict_Add(intent, "OutputConditionIdentifier",
			      HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
		HPDF_Dict_Add(intent, "RegistryName", HPDF_String_New(mm, "http://www.color.org", NULL));
		HPDF_Dict_Add(intent, "Info", HPDF_String_New(mm, "sRGB IEC61966-2.1", NULL));
		HPDF_Dict_Add(intent, "DestOutputProfile", profile);
		HPDF_Array_Add(intents, intent);
		HPDF_Dict_Add(w->doc->catalog, "OutputIntents", intents);
	}
	hash_addf(w, "icc %zu", icc.len);
	buf_release(&icc);
	if (!profile || !intent || !intents || w->error)
		return haru_error(w, "adding the output intent", e);
	return 0;
}

static int add_metadata(struct pdf_writer *w, struct ferr *e)
{
	struct buf x = BUF_INIT;
	xmp_packet(w, &x);
	HPDF_Dict meta = HPDF_DictStream_New(w->doc->mmgr, w->doc->xref);
	if (meta) {
		/* Uncompressed, so that any tool finds the packet (6.6.2.1). */
		meta->filter = HPDF_STREAM_FILTER_NONE;
		HPDF_Dict_AddName(meta, "Type", "Metadata");
		HPDF_Dict_AddName(meta, "Subtype", "XML");
		HPDF_Stream_Write(meta->stream, (const HPDF_BYTE *)x.data, (HPDF_UINT)x.len);
		HPDF_Dict_Add(w->doc->catalog, "Metadata", meta);
	}
	buf_release(&x);
	if (!meta || w->error)
		return haru_error(w, "adding the XMP metadata", e);
	return 0;
}

/* A file name as a PDF byte string (/F): its ASCII letters, digits and
 * ".-_" kept, anything else as '_'; the true name goes in /UF. */
static char *ascii_name(const char *name)
{
	char *s = xstrdup(name);
	for (char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'))
			*p = '_';
	return s;
}

/* Each attachment as an embedded file (ISO 32000-1 7.11.4) and an
 * associated file of the document (ISO 19005-3 6.8): a file specification
 * with /F, /UF, /AFRelationship, listed in the catalog's /AF and in the
 * /EmbeddedFiles name tree (names in byte order: the tree is sorted). */
static int add_attachments(struct pdf_writer *w, struct ferr *e)
{
	const struct display *d = w->d;
	if (!d->nattachments)
		return 0;
	if (d->pdfa != DISPLAY_PDFA_3U)
		return ferr_set(e, FOLIO_EUSAGE, "embedded files need PDF/A-3 (--pdfa 3u)");
	HPDF_MMgr mm = w->doc->mmgr;
	HPDF_Array af = HPDF_Array_New(mm), names = HPDF_Array_New(mm);
	HPDF_Dict tree = HPDF_Dict_New(mm), namedict = HPDF_Dict_New(mm);
	if (!af || !names || !tree || !namedict)
		return haru_error(w, "embedding files", e);
	size_t n = d->nattachments;
	size_t *order = xcalloc(n, sizeof(*order));
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		while (j > 0 && strcmp(d->attachments[order[j - 1]].name, d->attachments[i].name) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = i;
	}
	for (size_t k = 0; k < n; k++) {
		const struct display_attachment *a = &d->attachments[order[k]];
		hash_add_str(w, a->name);
		hash_add_str(w, a->mime);
		hash_add_str(w, a->relationship);
		hash_add_str(w, a->description);
		hash_addf(w, "%zu %lld", a->len, a->mtime);
		sha256_add(w->hash, a->data, a->len);
		HPDF_Dict file = HPDF_DictStream_New(mm, w->doc->xref);
		HPDF_Dict params = HPDF_Dict_New(mm), ef = HPDF_Dict_New(mm);
		HPDF_Dict spec = HPDF_Dict_New(mm);
		if (!file || !params || !ef || !spec || HPDF_Xref_Add(w->doc->xref, spec) != HPDF_OK)
			break;
		file->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		HPDF_Dict_AddName(file, "Type", "EmbeddedFile");
		HPDF_Dict_AddName(file, "Subtype", a->mime);
		HPDF_Dict_AddNumber(params, "Size", (HPDF_INT32)a->len);
		if (a->mtime) {
			struct buf t = BUF_INIT;
			time_t tt = (time_t)a->mtime;
			struct tm tm;
			if (gmtime_r(&tt, &tm))
				buf_addf(&t, "D:%04d%02d%02d%02d%02d%02dZ", tm.tm_year + 1900,
					 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
			if (t.len)
				HPDF_Dict_Add(params, "ModDate", HPDF_String_New(mm, t.data, NULL));
			buf_release(&t);
		}
		/* An MD5 of the bytes, as the reference defines /CheckSum. */
		unsigned char md5[16];
		md5_digest_bytes(a->data, a->len, md5);
		HPDF_Dict_Add(params, "CheckSum", HPDF_Binary_New(mm, md5, sizeof(md5)));
		HPDF_Dict_Add(file, "Params", params);
		if (a->len)
			HPDF_Stream_Write(file->stream, a->data, (HPDF_UINT)a->len);
		char *f = ascii_name(a->name);
		HPDF_Dict_AddName(spec, "Type", "Filespec");
		HPDF_Dict_Add(spec, "F", HPDF_String_New(mm, f, NULL));
		HPDF_Binary uf = text_string(w, a->name);
		HPDF_Dict_Add(spec, "UF", uf ? (void *)uf : (void *)HPDF_String_New(mm, a->name, NULL));
		if (a->description) {
			HPDF_Binary desc = text_string(w, a->description);
			HPDF_Dict_Add(spec, "Desc", desc ? (void *)desc
							 : (void *)HPDF_String_New(mm, a->description, NULL));
		}
		HPDF_Dict_AddName(spec, "AFRelationship", a->relationship);
		HPDF_Dict_Add(ef, "F", file);
		HPDF_Dict_Add(ef, "UF", file);
		HPDF_Dict_Add(spec, "EF", ef);
		HPDF_Array_Add(af, spec);
		/* The tree's key: the name as UTF-16 when it is not ASCII. */
		HPDF_Binary key = text_string(w, a->name);
		HPDF_Array_Add(names, key ? (void *)key : (void *)HPDF_String_New(mm, a->name, NULL));
		HPDF_Array_Add(names, spec);
		free(f);
	}
	free(order);
	HPDF_Dict_Add(tree, "Names", names);
	HPDF_Dict_Add(namedict, "EmbeddedFiles", tree);
	HPDF_Dict_Add(w->doc->catalog, "Names", namedict);
	HPDF_Dict_Add(w->doc->catalog, "AF", af);
	if (w->error)
		return haru_error(w, "embedding files", e);
	return 0;
}

/* What a PDF/A file has beyond an ordinary one: PDF 1.7 (ISO 32000-1, on
 * which ISO 19005-2 and -3 are built), the output intent, the metadata
 * packet; and in every PDF, the language and the title shown as the
 * window's. */
static int add_document_entries(struct pdf_writer *w, struct ferr *e)
{
	HPDF_MMgr mm = w->doc->mmgr;
	w->doc->pdf_version = HPDF_VER_17;
	HPDF_Dict_Add(w->doc->catalog, "Lang",
		      HPDF_String_New(mm, w->d->lang ? w->d->lang : "zh-CN", NULL));
	HPDF_Dict prefs = HPDF_Dict_New(mm);
	if (prefs) {
		HPDF_Dict_AddBoolean(prefs, "DisplayDocTitle", HPDF_TRUE);
		HPDF_Dict_Add(w->doc->catalog, "ViewerPreferences", prefs);
	}
	if (!prefs || w->error)
		return haru_error(w, "setting the catalog", e);
	if (w->d->pdfa == DISPLAY_PDFA_NONE)
		return w->d->nattachments ? add_attachments(w, e) : 0;
	int rc;
	if ((rc = add_output_intent(w, e)) < 0 || (rc = add_attachments(w, e)) < 0)
		return rc;
	return 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Write the document to a temporary file beside path, then rename it into
 * place.  libharu writes into memory (its photos as stubs); the bytes are
 * packed and go to disk here, the photos read from their files on the
 * way, so a failed write names its reason (a full disk as "No space left
 * on device", not as a zlib failure). */
static int save(struct pdf_writer *w, const char *path, struct written_sum *sum,
		struct ferr *e)
{
	if (HPDF_SaveToStream(w->doc) != HPDF_OK || w->error)
		return haru_error(w, "writing the PDF", e);
	char *tmp = NULL;
	int fd = temp_file(w->tmp_dir, "pdf", &tmp, e);
	if (fd < 0)
		return FOLIO_EIO;
	int rc = 0;
	HPDF_ResetStream(w->doc);
	struct buf raw = BUF_INIT;
	buf_reserve(&raw, HPDF_GetStreamSize(w->doc));
	unsigned char chunk[65536];
	for (;;) {
		HPDF_UINT32 n = sizeof(chunk);
		HPDF_STATUS st = HPDF_ReadFromStream(w->doc, chunk, &n);
		if (st != HPDF_OK && st != HPDF_STREAM_EOF) {
			rc = haru_error(w, "writing the PDF", e);
			break;
		}
		buf_add(&raw, (const char *)chunk, n);
		if (st == HPDF_STREAM_EOF || n == 0)
			break;
	}
	/* libharu's document is not needed any more: freed before the copy
	 * is packed, so that it is held once. */
	HPDF_Free(w->doc);
	w->doc = NULL;
	/* The dictionaries into object streams (a tagged edition's structure
	 * tree is thousands of them), the photos from their files. */
	if (!rc && (rc = pdf_pack((const unsigned char *)raw.data, raw.len, w->files, w->nfiles,
				  fd, sum, e)) < 0)
		ferr_prefix(e, "writing the PDF");
	buf_release(&raw);
	if (!rc && close(fd) < 0)
		rc = ferr_set(e, FOLIO_EIO, "%s", strerror(errno));
	else if (rc)
		close(fd);
	if (!rc && rename(tmp, path) < 0)
		rc = ferr_set(e, FOLIO_EIO, "%s", strerror(errno));
	if (rc < 0)
		temp_remove(tmp);
	else
		temp_forget(tmp);
	free(tmp);
	return rc;
}

int pdf_write(const struct display *d, struct fontset *fs, const char *path, struct ferr *e)
{
	return pdf_write_summed(d, fs, path, NULL, e);
}

int pdf_write_summed(const struct display *d, struct fontset *fs, const char *path,
		     struct written_sum *sum, struct ferr *e)
{
	struct pdf_writer w;
	memset(&w, 0, sizeof(w));
	w.d = d;
	w.fs = fs;
	w.tmp_dir = dir_of(path);
	w.hash = sha256_begin();
	HPDF_Page *pages = xcalloc(d->npages ? d->npages : 1, sizeof(*pages)); // NOLINT(bugprone-sizeof-expression): HPDF_Page is a handle
	int rc = 0;

	if (d->npages == 0) {
		rc = ferr_set(e, FOLIO_EUSAGE, "no pages to write");
		goto out;
	}
	w.doc = HPDF_New(on_error, &w);
	if (!w.doc) {
		rc = ferr_set(e, FOLIO_EIO, "libharu could not start a document");
		goto out;
	}
	HPDF_SetCompressionMode(w.doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(w.doc);
	HPDF_SetCurrentEncoder(w.doc, "UTF-8");
	if (w.error) {
		rc = haru_error(&w, "setting up UTF-8", e);
		goto out;
	}
	collect_fonts(&w);
	w.tagged = d->nelems > 0;
	if ((rc = load_fonts(&w, e)) < 0 || (rc = draw_pages(&w, pages, e)) < 0 ||
	    (w.tagged && (rc = add_structure(&w, pages, e)) < 0) ||
	    (rc = add_outlines(&w, pages, e)) < 0 || (rc = set_info(&w, e)) < 0 ||
	    (rc = add_document_entries(&w, e)) < 0 || (rc = set_id(&w, e)) < 0 ||
	    (w.d->pdfa != DISPLAY_PDFA_NONE && (rc = add_metadata(&w, e)) < 0))
		goto out;
	rc = save(&w, path, sum, e);
out:
	if (rc < 0)
		ferr_prefix(e, "%s", path);
	if (w.doc)
		HPDF_Free(w.doc);
	for (int f = 0; f < w.nfonts; f++) {
		free(w.fonts[f].used);
		free(w.fonts[f].cps);
		font_subset_release(&w.fonts[f].subset);
	}
	if (w.hash) {
		char hex[SHA256_HEX_LEN + 1];
		sha256_end(w.hash, hex);
	}
	free(w.images);
	free(w.files);
	free(w.marks);
	free(w.tmp_dir);
	free(pages);
	return rc;
}
