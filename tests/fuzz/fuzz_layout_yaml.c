/*
 * fuzz_layout_yaml.c - layout_parse() on any bytes.
 *
 * Invariants: a layout that is accepted has finite, positive dimensions
 * inside the ranges layout.c enforces, a text area of at least an inch,
 * columns at least six body characters wide, font roles that exist and
 * every template string set; a refused one comes with a message.
 */
#include "fuzz.h"
#include "layout/layout.h"

#include <math.h>
#include <stdbool.h>

static bool in(double x, double lo, double hi)
{
	return isfinite(x) && x >= lo && x <= hi;
}

static bool role_ok(enum font_role r)
{
	return (int)r >= 0 && r < FONT_ROLE_COUNT;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_MAX_INPUT)
		return -1;
	char *text = fuzz_strndup(data, size);
	struct layout l;
	struct ferr e = FERR_INIT;

	int rc = layout_parse("fuzz.yaml", text, size, &l, &e);
	FUZZ_CHECK(rc == 0 || rc == FOLIO_EINPUT, "rc %d", rc);
	if (rc == 0) {
		FUZZ_CHECK(l.name && l.masthead && l.header_left && l.header_right && l.footer,
			   "a string of the layout is NULL");
		FUZZ_CHECK(in(l.page_w, 72, 14400) && in(l.page_h, 72, 14400), "page %g x %g",
			   l.page_w, l.page_h);
		FUZZ_CHECK(in(l.margin_top, 0, 300) && in(l.margin_bottom, 0, 300) &&
				   in(l.margin_inner, 0, 300) && in(l.margin_outer, 0, 300),
			   "margins");
		FUZZ_CHECK(l.columns >= 1 && l.columns <= 6, "columns %d", l.columns);
		FUZZ_CHECK(in(l.gutter, 0, 200), "gutter %g", l.gutter);
		FUZZ_CHECK(in(l.body_size, 4, 72) && in(l.line_height, 1, 4) && in(l.indent_em, 0, 10),
			   "body %g line-height %g indent %g", l.body_size, l.line_height, l.indent_em);
		FUZZ_CHECK(in(l.title_size, 4, 144) && in(l.subtitle_size, 4, 144) &&
				   in(l.heading_size, 4, 144) && in(l.byline_size, 4, 72) &&
				   in(l.head_size, 4, 72) && in(l.paragraph_space, 0, 72),
			   "type sizes");
		FUZZ_CHECK(l.page_w - l.margin_inner - l.margin_outer >= 72 &&
				   l.page_h - l.margin_top - l.margin_bottom >= 72,
			   "text area under 1in");
		double cw = layout_column_width(&l);
		FUZZ_CHECK(isfinite(cw) && cw >= 6 * l.body_size, "column width %g", cw);
		FUZZ_CHECK(role_ok(l.body_font) && role_ok(l.heading_font) && role_ok(l.emphasis_font) &&
				   role_ok(l.latin_font) && role_ok(l.latin_bold_font) &&
				   role_ok(l.latin_italic_font) && role_ok(l.latin_heading_font) &&
				   role_ok(l.mono_font),
			   "font role out of range");
		layout_release(&l);
	} else {
		FUZZ_CHECK(e.msg[0], "failure without a message");
	}
	free(text);
	return 0;
}
