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
 * File-backed JPEG streams: a photo need not be held in memory while the
 * document is built.  The writer gives libharu a stub instead of the JPEG
 * (pdf_pack_jpeg_stub(): the file's own markers up to its frame header,
 * from which libharu takes the size and colour space, behind a comment
 * naming the file's place in the list given to pdf_pack()).  An image
 * stream whose data is exactly such a stub is written with the file's
 * bytes in its place, read in pieces, and its /Length object given the
 * file's size; the result is the PDF libharu would have written had it
 * been given the whole file.
 *
 * Ownership: the caller keeps the input, the file list and fd; the packed
 * PDF is written to fd (only what goes between the files is held, a
 * buffer of about a megabyte).
 */
#ifndef FOLIO_PDFPACK_H
#define FOLIO_PDFPACK_H

#include <stddef.h>
#include "buf.h"
#include "hash.h"
#include "util.h"

/* One file behind a stub: its path, and the stub's length (a stream whose
 * data has another length is not this file's). */
struct pdf_pack_file {
	const char *path;
	size_t stub_len;
};

/* Append to out the stub standing for file `index` of the list, made from
 * jpeg[0..header_end): the JPEG's bytes from its start to the end of its
 * frame header (SOFn), which must begin with SOI. */
void pdf_pack_jpeg_stub(const unsigned char *jpeg, size_t header_end, size_t index,
			struct buf *out);

/* Pack pdf[0..len) and write it to fd, the streams standing for files[i]
 * replaced by those files' bytes.  FOLIO_EINPUT, with the reason, when the
 * input is not a PDF of the form above; FOLIO_EIO when a file cannot be
 * read (named) or fd cannot be written (errno's reason).  Offsets count
 * from the first byte written; *sum (unless NULL) gets the length and
 * SHA-256 of all that was written. */
int pdf_pack(const unsigned char *pdf, size_t len, const struct pdf_pack_file *files,
	     size_t nfiles, int fd, struct written_sum *sum, struct ferr *e);

#endif
