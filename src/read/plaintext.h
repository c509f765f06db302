/*
 * plaintext.h - the reader for plain text: a file with no web-page chrome,
 * no front matter and no markup, such as a letter, a notice or a README.
 *
 * The first line is the title when it reads like one (short, not a
 * sentence, or set apart by a blank or a rule line such as "=====");
 * decoration around it ("= 标题 =") and letter-spacing ("欢 迎 阅 读")
 * are taken off.  When no line reads like a title, the title is the first
 * sentence of the text (at most 40 characters, "…" when cut).  Paragraphs
 * are separated by blank lines, their hard line breaks joined (no space
 * between two Chinese characters); a text without blank lines has a
 * paragraph per line.  Rule lines are dropped.  Nothing else is guessed:
 * no author, date or source is read from plain text.
 */
#ifndef FOLIO_PLAINTEXT_H
#define FOLIO_PLAINTEXT_H

#include <stddef.h>
#include "article.h"
#include "../util.h"

/* Read text[0..len) (valid UTF-8) into *a (initialised by the caller with
 * article_init(), released with article_release()); the body is Markdown.
 * Returns 0, or FOLIO_EINPUT when the text has no words at all. */
int article_from_plaintext(const char *text, size_t len, struct article *a, struct ferr *e);

#endif
