/*
 * fuzz_markdown.c - article_from_markdown() on any valid UTF-8, then the
 * markup calls ingest and layout make: markup_check(), markup_plain(),
 * markup_first_heading() and markup_blocks(), on the input and on the
 * body the reader returned.
 *
 * Invariants: fuzz_check_article() on the article; every block has text,
 * spans inside it, links pointing at one of the block's hrefs.
 */
#include "fuzz_article.h"
#include "read/markdown.h"

static void check_markup(const char *md, size_t len)
{
	struct ferr e = FERR_INIT;
	struct blocks bl = { NULL, 0 };
	size_t body_start = 12345;

	(void)markup_check(md, len, &e);

	char *plain = markup_plain(md, len);
	FUZZ_CHECK(plain, "markup_plain returned NULL");
	FUZZ_CHECK(utf8_invalid_offset((const unsigned char *)plain, strlen(plain)) < 0,
		   "markup_plain output is not valid UTF-8");
	free(plain);

	char *heading = markup_first_heading(md, len, &body_start);
	FUZZ_CHECK(body_start <= len, "body_start %zu past the end (%zu)", body_start, len);
	FUZZ_CHECK(heading || body_start == 0, "no heading but body_start %zu", body_start);
	free(heading);

	FUZZ_CHECK(markup_blocks(md, len, &bl) == 0, "markup_blocks failed");
	for (size_t i = 0; i < bl.n; i++) {
		const struct block *b = &bl.v[i];
		FUZZ_CHECK(b->text, "block %zu (type %d) has no text", i, (int)b->type);
		size_t tl = strlen(b->text);
		FUZZ_CHECK(utf8_invalid_offset((const unsigned char *)b->text, tl) < 0,
			   "block %zu text is not valid UTF-8", i);
		FUZZ_CHECK(b->type != BLOCK_HEADING || (b->level >= 1 && b->level <= 6),
			   "heading level %d", b->level);
		FUZZ_CHECK(b->type != BLOCK_IMAGE || b->url, "image block without url");
		FUZZ_CHECK(b->quote >= 0 && b->list >= 0, "negative depth");
		for (size_t s = 0; s < b->nspans; s++) {
			const struct span *sp = &b->spans[s];
			FUZZ_CHECK(sp->start < sp->end && sp->end <= tl,
				   "block %zu span %zu [%zu,%zu) outside text of %zu bytes", i, s,
				   sp->start, sp->end, tl);
			if (sp->style & STYLE_LINK) {
				bool found = false;
				for (size_t h = 0; h < b->nhrefs && !found; h++)
					found = sp->href == b->hrefs[h];
				FUZZ_CHECK(found, "link span %zu href not owned by block %zu", s, i);
			}
		}
	}
	blocks_release(&bl);
}

static int read_markdown(const char *text, size_t len, struct article *a, struct ferr *e)
{
	(void)markdown_has_front_matter(text, len);
	return article_from_markdown(text, len, a, e);
}

/* The markup calls on the body the reader returned, then on the input. */
static void more(const char *text, size_t len, const struct article *a)
{
	if (a)
		check_markup(a->body.data, a->body.len);
	check_markup(text, len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_read_article(data, size, read_markdown, more);
}
