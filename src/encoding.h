/*
 * encoding.h - recognising how an input file is encoded and decoding it to
 * UTF-8.  The only module that knows about character sets.
 *
 * Handled: UTF-8 with or without a byte-order mark.  Anything else is
 * refused with the byte offset and the offending bytes.
 *
 * Ownership: the decoded text is appended to a caller-owned struct buf.
 */
#ifndef FOLIO_ENCODING_H
#define FOLIO_ENCODING_H

#include <stddef.h>
#include "buf.h"
#include "util.h"

struct decoded {
	const char *encoding; /* static name: "UTF-8" */
	const char *evidence; /* static: "byte-order mark", "valid UTF-8" */
};

/* Decode in[0..len) to UTF-8 (BOM dropped) into out.  Returns 0, or
 * FOLIO_EINPUT with a message naming the first bad byte offset. */
int decode_to_utf8(const unsigned char *in, size_t len, struct buf *out, struct decoded *how,
		   struct ferr *e);

#endif
