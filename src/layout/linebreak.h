/*
 * linebreak.h - where a line of Chinese (and mixed Chinese/Latin) text may
 * break, after the W3C "Requirements for Chinese Text Layout" (clreq),
 * basic level:
 *
 *  - no line starts with closing punctuation  。，、；：？！）］｝〕〉》」』】〗’”…—～·
 *    or its ASCII counterparts . , ; : ? ! ) ] } %;
 *  - no line ends with opening punctuation  （［｛〔〈《「『【〖‘“  or ( [ {,
 *    spaces after it or not ("“ SOURCE" never breaks after the quote), and
 *    no space before closing punctuation is a break ("bullseye 。");
 *  - —— and …… are never split;
 *  - Latin words, numbers with their units (10.5米, 6万, 30%) and URLs break
 *    only at spaces, after the hyphen of a compound word (Set-Group-ID), or
 *    after a hyphen or slash inside a long run (a URL or a path);
 *  - anywhere else between CJK characters (and between symbols set like
 *    them: radicals, enclosed and compatibility CJK, arrows, shapes...).
 *
 * Pure functions on caller-owned arrays; nothing here allocates.
 */
#ifndef FOLIO_LINEBREAK_H
#define FOLIO_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Closing punctuation: may not begin a line. */
bool lb_no_start(uint32_t cp);
/* Opening punctuation: may not end a line. */
bool lb_no_end(uint32_t cp);
/* Full-width punctuation whose glyph is half ink, half space: may be set
 * at half width at the end of a line (。，、；：？！ and closing brackets). */
bool lb_compressible(uint32_t cp);

/* For the n code points of a paragraph, set brk[i] (0 < i < n) when a line
 * may begin at cps[i]; brk[0] is false.  A break before a space is never
 * allowed: spaces stay at the end of the line they follow. */
void lb_opportunities(const uint32_t *cps, size_t n, bool *brk);

/* true if a line from cps[a] to cps[b-1] keeps every rule above on its own
 * (used by tests to check typeset lines: first not no-start, last not
 * no-end, and no split inside ——, ……, a Latin word or a number). */
bool lb_line_ok(const uint32_t *cps, size_t n, size_t a, size_t b);

#endif
