/* markup.c - folio's use of cmark: checking, plain text, first heading. */
#include "markup.h"
#include "buf.h"
#include "utf8.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

int markup_check(const char *md, size_t len, struct ferr *e)
{
	long bad = utf8_invalid_offset((const unsigned char *)md, len);
	if (bad >= 0)
		return ferr_set(e, FOLIO_EINPUT, "body is not valid UTF-8 at byte %ld", bad);
	if (memchr(md, '\0', len))
		return ferr_set(e, FOLIO_EINPUT, "body contains a NUL byte at byte %ld",
				(long)((const char *)memchr(md, '\0', len) - md));
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	if (!doc)
		return ferr_set(e, FOLIO_EINPUT, "Markdown could not be parsed");
	cmark_node_free(doc);
	return 0;
}

/* The last code point of b, or 0. */
static uint32_t last_cp(const struct buf *b)
{
	size_t i = b->len;
	uint32_t cp = 0;
	while (i > 0 && ((unsigned char)b->data[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	if (i < b->len)
		utf8_decode((const unsigned char *)b->data + i, b->len - i, &cp);
	return cp;
}

static uint32_t first_cp_after(cmark_node *n)
{
	for (; n; n = cmark_node_next(n)) {
		const char *lit = cmark_node_get_literal(n);
		uint32_t cp;
		if (lit && *lit && utf8_decode((const unsigned char *)lit, strlen(lit), &cp) > 0)
			return cp;
		cmark_node *child = cmark_node_first_child(n);
		if (child)
			return first_cp_after(child);
	}
	return 0;
}

static bool is_block(cmark_node_type t)
{
	return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING ||
	       t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_HTML_BLOCK ||
	       t == CMARK_NODE_THEMATIC_BREAK || t == CMARK_NODE_ITEM;
}

static void end_line(struct buf *out)
{
	buf_rtrim(out);
	if (out->len)
		buf_addc(out, '\n');
}

char *markup_plain(const char *md, size_t len)
{
	struct buf out = BUF_INIT;
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT);
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (ev == CMARK_EVENT_EXIT) {
			if (is_block(t) && t != CMARK_NODE_ITEM)
				end_line(&out);
			continue;
		}
		switch (t) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_adds(&out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_CODE_BLOCK:
			buf_adds(&out, cmark_node_get_literal(n));
			break;
		case CMARK_NODE_SOFTBREAK: {
			uint32_t before = last_cp(&out), after = first_cp_after(cmark_node_next(n));
			if (!(utf8_is_cjk(before) || utf8_is_cjk(after) || before > 0x2E80 ||
			      after > 0x2E80))
				buf_addc(&out, ' ');
			break;
		}
		case CMARK_NODE_LINEBREAK:
			buf_addc(&out, '\n');
			break;
		case CMARK_NODE_ITEM:
			end_line(&out);
			break;
		case CMARK_NODE_IMAGE:
			/* the alt text is the image's children: they follow as TEXT */
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	buf_rtrim(&out);
	return buf_detach(&out);
}

char *markup_first_heading(const char *md, size_t len, size_t *body_start)
{
	cmark_node *doc = cmark_parse_document(md, len, CMARK_OPT_DEFAULT | CMARK_OPT_SOURCEPOS);
	char *title = NULL;
	*body_start = 0;
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) == 1) {
			struct buf t = BUF_INIT;
			cmark_iter *it = cmark_iter_new(n);
			cmark_event_type ev;
			while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
				cmark_node *c = cmark_iter_get_node(it);
				if (ev == CMARK_EVENT_ENTER && (cmark_node_get_type(c) == CMARK_NODE_TEXT ||
								 cmark_node_get_type(c) == CMARK_NODE_CODE))
					buf_adds(&t, cmark_node_get_literal(c));
			}
			cmark_iter_free(it);
			title = buf_detach(&t);
			/* Offset of the line after the heading's last line. */
			int end_line_no = cmark_node_get_end_line(n);
			size_t off = 0;
			for (int line = 1; line <= end_line_no && off < len; off++)
				if (md[off] == '\n')
					line++;
			*body_start = off;
			break;
		}
		/* Only a heading before any other content counts as the title. */
		if (cmark_node_get_type(n) != CMARK_NODE_HTML_BLOCK)
			break;
	}
	cmark_node_free(doc);
	return title;
}
