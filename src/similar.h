/*
 * similar.h - how much of one text another shares, to tell a corrected
 * article (a revision) from a different article that happens to have the
 * same title and date.
 *
 * The measure: of the character pairs (bigrams, white space left out) of
 * the smaller text, the share that also occur in the other, each set kept
 * as a 2^16-bit hash map.  A corrected article shares nearly all (0.8 and
 * up); two different briefs under one title share little (under 0.3).  No
 * allocation beyond a fixed 16 KB on the stack.
 */
#ifndef FOLIO_SIMILAR_H
#define FOLIO_SIMILAR_H

#include <stddef.h>

/* Below this share two texts are different articles. */
#define SIMILAR_SAME_ARTICLE 0.5

/* The share (0..1) of the smaller text's bigrams found in the other; 1 when
 * either text has none. */
double text_shared(const char *a, size_t alen, const char *b, size_t blen);

#endif
