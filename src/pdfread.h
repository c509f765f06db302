/*
 * pdfread.h - reading back the files a PDF carries as its document's
 * associated files (ISO 32000-2 14.13, PDF/A-3 6.8): the catalog's /AF
 * array of file specifications and their embedded streams.  Read through
 * libqpdf, a full PDF parser, so that `folio verify` judges a PDF as any
 * other tool would, not by folio's knowledge of how it wrote the file.
 * The only file that includes libqpdf's headers.
 *
 * Ownership: pdf_associated_files() allocates the array and everything in
 * it; pdf_associated_free() frees them.
 */
#ifndef FOLIO_PDFREAD_H
#define FOLIO_PDFREAD_H

#include <stddef.h>
#include "util.h"

struct pdf_associated {
	char *name;         /* /UF, else /F, as UTF-8 ("" when neither) */
	char *relationship; /* the /AFRelationship name without '/', "" when none */
	char *mime;         /* the embedded stream's /Subtype, "" when none */
	unsigned char *data;/* the file's bytes, decoded from the stream */
	size_t len;
};

/* The associated files of the PDF at path, in /AF order (*n = 0 when it has
 * none).  FOLIO_EINPUT when the file is not a readable PDF or a listed file
 * has no embedded stream that decodes (the message says which); FOLIO_EIO
 * when it cannot be opened. */
int pdf_associated_files(const char *path, struct pdf_associated **out, size_t *n,
			 struct ferr *e);
void pdf_associated_free(struct pdf_associated *v, size_t n);

#endif
