/*
 * hyphenate.h - where an English word may take a hyphen at a line end,
 * from the TeX-derived patterns Debian ships for LibreOffice
 * (hyphen-en-us: /usr/share/hyphen/hyph_en_US.dic).  hyphenate.c is the
 * only file that includes <hyphen.h> (libhyphen).
 *
 * Ownership: hyphenator_open() returns a struct the caller frees with
 * hyphenator_close(); hyphenator_points() writes into the caller's array.
 */
#ifndef FOLIO_HYPHENATE_H
#define FOLIO_HYPHENATE_H

#include <stdbool.h>
#include <stddef.h>
#include "../util.h"

struct hyphenator;

/* Where Debian's US English patterns are. */
#define HYPHEN_DICT_DEFAULT "/usr/share/hyphen/hyph_en_US.dic"

/* Load the patterns in path.  Returns NULL with *e set (FOLIO_EIO) when
 * the file cannot be read as a libhyphen dictionary. */
struct hyphenator *hyphenator_open(const char *path, struct ferr *e);
void hyphenator_close(struct hyphenator *h);

/* For the word w[0..n) (ASCII letters only), set at[i] for 0 < i < n when
 * the word may break before w[i] with a hyphen, clear the rest; returns how
 * many points it set.  At least two letters stay before a break and three
 * after it.  Words of under five or over 60 letters and words with two or
 * more capitals (acronyms, names like GitHub) get none. */
size_t hyphenator_points(const struct hyphenator *h, const char *w, size_t n, bool *at);

#endif
