/*
 * fonts.h - the faces folio sets type in, by role (see enum font_role in
 * layout/display.h): metrics and coverage for the typesetter, and
 * per-document subsets for the PDF backend.  fonts.c is the only file that
 * includes HarfBuzz.
 *
 * Which file serves which role is written in fonts/roles (one line each:
 * "role  path  [face-index]"); `make fonts` prepares the files (composite
 * glyphs decomposed, which libharu cannot follow) into fonts/prepared/.
 *
 * Ownership: fontset_open() returns a set the caller closes with
 * fontset_close().  struct font_subset owns its buffers; font_subset_release()
 * frees them.
 */
#ifndef FOLIO_FONTS_H
#define FOLIO_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "util.h"
#include "layout/display.h"

struct fontset;

/* Load every role named in dir/roles (dir is usually "fonts"; relative
 * paths in it are relative to dir).  Every role must be listed.  A role whose
 * file is missing or is not a usable TrueType font fails the whole set with
 * FOLIO_EINPUT naming the role, the file and the reason.  The files are
 * mapped, not read: opening is cheap. */
int fontset_open(const char *dir, struct fontset **out, struct ferr *e);
void fontset_close(struct fontset *fs);

/* The advance width of cp in role's face, in thousandths of an em, or -1
 * when the face has no glyph for it.  Cached: called for every character
 * the typesetter measures. */
int fontset_advance(struct fontset *fs, enum font_role role, uint32_t cp);
bool fontset_has(struct fontset *fs, enum font_role role, uint32_t cp);

/* Where the role's face came from (for `folio fonts`): the file loaded and
 * its face index, and the file `make fonts` prepared it from (the "from"
 * part of its roles line; NULL if none).  Owned by the set. */
const char *fontset_path(struct fontset *fs, enum font_role role);
unsigned fontset_face_index(struct fontset *fs, enum font_role role);
const char *fontset_source(struct fontset *fs, enum font_role role);
/* How many code points the role's face covers. */
size_t fontset_coverage(struct fontset *fs, enum font_role role);

/*
 * A subset of one face for one document: only the glyphs of the given code
 * points.  Code points above U+FFFF (which libharu's UTF-8 encoder cannot
 * address) are given private-use code points in the subset's cmap:
 * astral[i] is drawn as pua[i] (astral[] ascending); the PDF's ToUnicode
 * map gives back the true code point.  The private-use code points count up from U+E000, skipping
 * any of cps[] itself.  The subset's cmap is a single format 4 table (the
 * only kind libharu reads); hinting and layout tables are dropped.  Code
 * points the face lacks are left out (they would draw as .notdef).
 */
struct font_subset {
	struct buf ttf; /* the subset font file */
	uint32_t *astral, *pua;
	size_t nastral;
};

/* Fill *out (which needs no initialising) with the subset of role's face for
 * cps[0..n) (any order, duplicates allowed).  Fails with FOLIO_EINPUT when
 * the subsetter fails or there are more code points above U+FFFF than the
 * 6400 private-use ones; *out is then empty.  Release *out either way. */
int fontset_subset(struct fontset *fs, enum font_role role, const uint32_t *cps, size_t n,
		   struct font_subset *out, struct ferr *e);
void font_subset_release(struct font_subset *s);

#endif
