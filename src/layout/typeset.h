/*
 * typeset.h - setting one paragraph of Chinese (and mixed) text into lines:
 * a font for every character, clreq line breaks (linebreak.h) chosen for
 * the whole paragraph at once (least total demerits, after Knuth and Plass,
 * so that a long word or number does not leave one line gaping), a quarter
 * em between Han and Latin or digits that may give up half of itself to
 * keep a character on its line, full-width punctuation compressed to half
 * width at a line end when that saves pushing a character down, and
 * justification that spreads the extra space between characters (never
 * inside a Latin word), the last line left as it is.  English words break
 * with a hyphen where the patterns allow, when that saves a loose line.
 *
 * Layout never sees the PDF library: widths come from a measurer, which the
 * font set implements (fonts.h) and tests fake.
 *
 * Ownership: struct set_para owns its lines and runs and a copy of the
 * text; set_para_release() frees them.
 */
#ifndef FOLIO_TYPESET_H
#define FOLIO_TYPESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "display.h"
#include "hyphenate.h"
#include "../markup.h"

struct measurer {
	void *ctx;
	/* advance of cp in role's face, in thousandths of an em; -1 if the
	 * face has no glyph for it */
	int (*advance)(void *ctx, enum font_role role, uint32_t cp);
};

/* The faces a paragraph uses, by style. */
struct face_choice {
	enum font_role cjk, cjk_strong, cjk_emph;
	enum font_role latin, latin_strong, latin_emph;
	enum font_role mono;
};

struct para_style {
	double size;       /* font size, pt */
	double width;      /* measure, pt */
	double indent;     /* first-line indent, pt */
	bool justify;      /* spread lines to the full width (not the last) */
	bool center;       /* centre every line (headlines, cover) */
	bool right;        /* set every line flush right (end notes) */
	struct face_choice faces;
	/* English words may break with a hyphen where these patterns allow
	 * (NULL: never) */
	const struct hyphenator *hyph;
	/* ASCII , : ; ! ? ( ) between Han printed full width (text_cjk_punct);
	 * the set paragraph's text is then the converted copy */
	bool cjk_punct;
};

/* One glyph run of a set line: text[start..end) in one font, drawn from x
 * (relative to the line's start) with char_space after every character. */
struct set_run {
	size_t start, end;
	enum font_role font;
	double x;
	double char_space;
	double width; /* drawn width, char_space included */
	unsigned style;
	const char *href;
};

struct set_line {
	struct set_run *runs;
	size_t nruns;
	size_t start, end; /* the line's text span (trailing spaces included) */
	double width;      /* natural width before justification */
	bool last;         /* the paragraph's last line */
	bool compressed;   /* its final punctuation was set at half width */
	/* it ends inside a word, which takes a hyphen: drawn at hyphen_x in
	 * hyphen_font, not part of the text */
	bool hyphen;
	double hyphen_x;
	enum font_role hyphen_font;
	double stretch;    /* what justification added to each gap that widens, pt */
};

struct set_para {
	char *text; /* copy of the paragraph's text */
	size_t len;
	struct set_line *lines;
	size_t nlines;
	/* characters no face has (each once), for a warning naming them */
	uint32_t *missing;
	size_t nmissing;
};

/* Set text[0..len) (UTF-8, no newlines except hard breaks '\n') with the
 * given styled spans (may be NULL/0) into out.  Returns 0. */
int typeset_paragraph(const char *text, size_t len, const struct span *spans, size_t nspans,
		      const struct para_style *ps, const struct measurer *m, struct set_para *out);
void set_para_release(struct set_para *p);

/* The width of text in one role at size (for running heads, page numbers). */
double measure_text(const struct measurer *m, enum font_role role, double size, const char *text);

#endif
