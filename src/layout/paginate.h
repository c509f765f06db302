/*
 * paginate.h - an edition's pages: cover, contents, and the articles set in
 * columns, each under a headline across the columns, with running heads,
 * page numbers and bookmarks.
 *
 * Columns are filled in turn; the last page of an article has its columns
 * balanced.  No paragraph leaves a single line at the foot of a column
 * (orphan) or at the head of the next (widow); a heading stays with the
 * first lines after it; images and rules are never split.
 *
 * Ownership: everything in struct page_article and struct edition_info is
 * borrowed for the call; the display list receives copies.
 */
#ifndef FOLIO_PAGINATE_H
#define FOLIO_PAGINATE_H

#include "display.h"
#include "layout.h"
#include "hyphenate.h"
#include "typeset.h"
#include "../markup.h"
#include "../util.h"

struct page_article {
	const char *section;  /* NULL: printed under "综合" */
	const char *title;
	const char *subtitle; /* may be NULL */
	const char *byline;   /* authors, source and date, one line */
	const char *endnote;  /* editor and correction contact, or NULL */
	const char *meta;     /* metadata block ('\n' between lines), or NULL */
	const struct blocks *body;
	const char *kicker;   /* the line above the title (引题), or NULL */
};

struct edition_info {
	const char *title;       /* document title */
	const char *month_label; /* "2019年1月" for {month} */
	const char *issue_label; /* "第1期" for {issue}, or NULL */
	long long created;       /* for the document info; 0: none */
};

struct paginate_result {
	int *first_page; /* per article: index of the page its headline is on */
	uint32_t *missing; /* characters no face has, each once */
	size_t nmissing;
	int pages;
	/* lines set; lines whose text breaks a clreq rule (should be 0); lines
	 * cut inside a word, number or URL wider than the column (nowhere else
	 * to break) */
	long long lines, clreq_breaks, forced_breaks;
	long long hyphenated; /* lines ending in a word broken with a hyphen */
	long long loose;      /* lines whose gaps justification opened by over 1/4 em */
};

/* Lay out the articles.  hyph (may be NULL) hyphenates English words in
 * body paragraphs when the layout asks for it. */
int paginate(const struct layout *l, const struct measurer *m, const struct hyphenator *hyph,
	     const struct page_article *arts, size_t n, const struct edition_info *info,
	     struct display *out, struct paginate_result *res, struct ferr *e);
void paginate_result_release(struct paginate_result *r);

#endif
