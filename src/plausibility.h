/*
 * plausibility.h - how much a decoded text looks like real writing in
 * Chinese, Japanese or Korean, rather than mojibake: the bytes of one
 * encoding read as another.  encoding.c uses it to choose between the
 * codecs that accept the same bytes; `folio check` to find stored text that
 * nobody could read.
 *
 * The score is the share of the non-ASCII characters that a language
 * makes plausible, each weighted by what it is: for Chinese the frequent
 * Hanzi (src/cjk_frequency.inc, from jieba's dictionary) count fully,
 * rarer ones less, Extension A and compatibility ideographs, C1 controls,
 * private-use, unassigned and U+FFFD nothing; for Japanese kana and Kanji;
 * for Korean the Hangul syllables of KS X 1001 and Hanja.  The best language wins.  ASCII is
 * neither evidence for nor against.  Text with fewer than
 * PLAUSIBILITY_MIN_CHARS non-ASCII characters scores 1 with language
 * "und": too little to judge.
 *
 * Damage: a '?' that stands where a GBK or Big5 lead byte was lost (old
 * converters wrote one for a character they could not map) shifts the
 * pairs after it, and the characters there are rare.  Each such '?' next
 * to CJK text followed by a run of implausible characters is counted.
 *
 * No allocation; the struct holds only numbers and static strings.
 */
#ifndef FOLIO_PLAUSIBILITY_H
#define FOLIO_PLAUSIBILITY_H

#include <stddef.h>

/* Below this share a decode is not accepted as text (refused, or stored
 * under --lossy marked suspect). */
#define PLAUSIBILITY_THRESHOLD 0.75
/* ... or below this one when the file declares its encoding, the bytes
 * decode under it, and no other codec gives text even this plausible. */
#define PLAUSIBILITY_FLOOR 0.5
#define PLAUSIBILITY_MIN_CHARS 8

struct plausibility {
	double score;         /* 0..1 */
	const char *language; /* "zh", "ja", "ko", "und" (static) */
	size_t chars;         /* non-ASCII characters judged */
	size_t damaged;       /* '?' marks of a lost lead byte */
	size_t damaged_at;    /* byte offset in the UTF-8 text of the first */
};

/* Judge utf8[0..len) (valid UTF-8 expected; invalid bytes count as
 * implausible). */
void plausibility_of(const char *utf8, size_t len, struct plausibility *p);

/* Whether the judgement accepts the text as readable. */
int plausibility_ok(const struct plausibility *p);

#endif
