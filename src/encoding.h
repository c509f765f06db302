/*
 * encoding.h - recognising how an input file is encoded, decoding it to
 * UTF-8, and encoding UTF-8 back to legacy character sets.  encoding.c is
 * the only file that includes <iconv.h> (and uchardet).
 *
 * Evidence, strongest first: a byte-order mark (UTF-8, UTF-16LE/BE,
 * UTF-32LE/BE); the NUL bytes of UTF-32 or UTF-16 without one; ISO-2022
 * escapes; valid UTF-8.  Otherwise every codec the text could be in (the
 * one declared in an HTML <meta> or XML prolog, uchardet's answer on the
 * Han-rich part, GB18030, Big5, EUC-KR, Shift_JIS, EUC-JP, JOHAB, UTF-8
 * with bad bytes) decodes that part, and the one whose text is the most
 * plausible as writing (plausibility.h) wins, what the file declares and
 * what uchardet says weighing a little.  The winner decodes the whole file;
 * bytes it cannot decode are an error, never a reason to try another.  A
 * decoded legacy text that is still implausible, or damaged ('?' for lost
 * bytes), is refused, or kept marked suspect under lossy.  The whole GB family (GB2312, GBK, CP936, GB18030) is decoded as
 * GB18030, byte 0x80 as €, and the GB18030-2005 private-use code points
 * that GB18030-2022 gave standard characters are mapped to those, so the
 * same text always gives the same Unicode.
 *
 * Ownership: decoded or encoded bytes are appended to a caller-owned
 * struct buf; strings in struct decoded are static or live in the struct.
 */
#ifndef FOLIO_ENCODING_H
#define FOLIO_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include "buf.h"
#include "util.h"

/*
 * What callers can rely on (details and sources in encoding.c):
 *  - GB18030: every Unicode scalar value encodes, and decodes back to
 *    itself, except the 24 private-use code points GB18030-2005 used for
 *    characters Unicode 4.1 added (ten in U+E78D..U+E796, fourteen from
 *    U+E816 to U+E864): those encode to the two-byte codes glibc gives
 *    the standard characters, so they come back as U+FE10..U+FE19,
 *    U+9FB4..U+9FBB and six Extension B ideographs.  Text without those
 *    private-use points round-trips byte for byte.  GB18030-2005's
 *    four-byte codes for the 18 characters GB18030-2022 changed, which
 *    glibc rejects, decode to the standard characters too.
 *  - Lossy decoding puts one U+FFFD for each bad sequence (a byte, a pair
 *    or a four-byte code with no character) and keeps the bytes after it.
 *  - Error messages give byte offsets in the whole input, a BOM included.
 *  - Strings in struct decoded live as long as the process, except
 *    evidence, which may point into the struct's own evidence_buf.
 */

struct decoded {
	const char *encoding;  /* canonical name: "UTF-8", "GB18030", "Big5", "UTF-16LE", ... */
	const char *converter; /* what decoded it, e.g. "glibc 2.36 iconv GB18030" */
	const char *evidence;  /* why this encoding: points into evidence_buf or static */
	double confidence;     /* 0..1 */
	bool lossy;            /* undecodable bytes were replaced with U+FFFD */
	size_t replaced;       /* how many */
	double plausibility;   /* how likely the text is real writing (plausibility.h) */
	const char *language;  /* the writing it is most like: "zh", "ja", "ko", "und" */
	size_t damaged;        /* '?' marks standing for lost bytes */
	bool suspect;          /* implausible or damaged, kept only because of --lossy */
	char evidence_buf[320];
};

struct decode_options {
	const char *forced; /* --encoding: use this encoding (any name iconv knows), or NULL */
	bool lossy;         /* replace invalid bytes with U+FFFD instead of failing */
	bool markup;        /* HTML or XML: look for a declared charset */
};

/* Decode in[0..len) to UTF-8 (any BOM dropped) into out.  Returns 0, or
 * FOLIO_EINPUT with a message naming the encoding, the first bad byte
 * offset and the offending bytes ("not valid GB18030 at byte 1234 (bytes
 * 81 20)"); with opt->lossy such bytes become U+FFFD and how->lossy is set.
 * FOLIO_EUSAGE for an unknown forced encoding.  FOLIO_EINPUT also when the
 * text of a legacy encoding is not plausible or is damaged; with
 * opt->lossy it is kept and how->suspect set.  The plausibility of the text
 * is always recorded in how. */
int decode_to_utf8(const unsigned char *in, size_t len, const struct decode_options *opt,
		   struct buf *out, struct decoded *how, struct ferr *e);

/* Only decide (no output): for `folio detect`.  Same evidence order.
 * Both refuse input that starts as a known binary format does
 * (encoding_binary_format()), unless an encoding is forced. */
int encoding_detect(const unsigned char *in, size_t len, bool markup, struct decoded *how,
		    struct ferr *e);

/* Encode UTF-8 text to target ("UTF-8", "GB18030", "GBK", "GB2312", "Big5",
 * case-insensitive, usual aliases accepted) into out.  Characters the
 * target lacks: FOLIO_EINPUT with each one and its position (line, column)
 * listed in the message (the first few, and a count), or with subst they
 * become '?' (GB18030 and UTF-8 lack none).  Text decoded from GB2312 by
 * way of GB18030 (— · as U+2014 U+00B7) converts back to GB2312. */
int encode_from_utf8(const char *utf8, size_t len, const char *target, bool subst,
		     struct buf *out, struct ferr *e);

/* The canonical name of an encoding name or alias ("gb2312" -> "GB2312",
 * "cp936" -> "GBK", "utf8" -> "UTF-8"), or NULL when folio does not know it. */
const char *encoding_canonical(const char *name);

/* Whether `name` can be given as decode_options.forced: folio knows it, or
 * glibc iconv does. */
bool encoding_supported(const char *name);

/* Whether encode_from_utf8() can write `name` (UTF-8, GB18030, GBK,
 * GB2312, Big5 and their aliases). */
bool encoding_can_encode(const char *name);

/* What binary format in[0..len) starts with, by its signature ("a JPEG
 * image", "a PDF document", ...), or NULL: images, archives, compressed
 * data, programs, databases.  Only signatures no text starts with. */
const char *encoding_binary_format(const unsigned char *in, size_t len);

/* "UTF-16LE", "UTF-16BE", "UTF-32LE" or "UTF-32BE" when in[0..len) is
 * that, by a byte-order mark or by the pattern of its NUL bytes; else NULL. */
const char *encoding_wide_unicode(const unsigned char *in, size_t len);

/* Whether a file is worth searching for a declared <meta> charset: an
 * HTML or XML file name, or content that starts with '<'. */
bool encoding_looks_like_markup(const char *filename, const unsigned char *in, size_t len);

#endif
