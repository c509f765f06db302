/*
 * pdfpack.h - a PDF made smaller without changing a byte of what it says:
 * its objects other than streams are moved, verbatim, into compressed
 * object streams (ISO 32000-1 7.5.7), found through a cross-reference
 * stream (7.5.8) in place of the classic table.  libharu writes every
 * dictionary as plain text; a tagged edition has thousands of small ones
 * (one per paragraph in the structure tree), which packed take a tenth of
 * the room.
 *
 * The input is a complete PDF with one classic cross-reference section (as
 * libharu writes it: no incremental updates, no encryption); anything else
 * is refused, never guessed at.  Object numbers are kept; streams are
 * copied byte for byte; the same input gives the same output.
 *
 * Ownership: pdf_pack() fills *out (a struct buf the caller releases).
 */
#ifndef FOLIO_PDFPACK_H
#define FOLIO_PDFPACK_H

#include <stddef.h>
#include "buf.h"
#include "util.h"

/* Pack pdf[0..len) into out (appended to).  FOLIO_EINPUT, with the reason,
 * when the input is not a PDF of the form above. */
int pdf_pack(const unsigned char *pdf, size_t len, struct buf *out, struct ferr *e);

#endif
