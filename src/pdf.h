/*
 * pdf.h - writing a display list as a PDF file with libharu.  pdf.c is the
 * only file that includes <hpdf.h>.
 *
 * What it guarantees: fonts embedded as per-document subsets (fonts.h),
 * a correct ToUnicode map for every font (libharu's own is malformed), so
 * the text extracts, Extension B and later characters included; outlines
 * (bookmarks) and document info in UTF-8; link annotations; PNG and JPEG
 * images; byte-identical output for the same display list and fonts (the
 * dates come from display.created, the /ID from the content); compact page
 * content (strings as bytes, runs on a line placed from the run before).
 */
#ifndef FOLIO_PDF_H
#define FOLIO_PDF_H

#include "fonts.h"
#include "hash.h"
#include "layout/display.h"
#include "util.h"

/* Write d to path (through a temporary file renamed into place, so a
 * failure never leaves a partial PDF).  Returns 0, or: FOLIO_EIO for any
 * libharu error (its code and what it means in the message) or a file that
 * cannot be written; FOLIO_EINPUT for a missing or damaged image (PNG and
 * JPEG are checked before libharu sees them: it would abort or embed
 * garbage) or a font that cannot be subset; FOLIO_EUSAGE for a display list
 * without pages or with an outline entry pointing at no page.  Temporary
 * files (the subset fonts too) go in path's directory and are removed. */
int pdf_write(const struct display *d, struct fontset *fs, const char *path, struct ferr *e);

/* pdf_write, and the length and SHA-256 of the file written in *sum. */
int pdf_write_summed(const struct display *d, struct fontset *fs, const char *path,
		     struct written_sum *sum, struct ferr *e);

#endif
