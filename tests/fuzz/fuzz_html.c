/*
 * fuzz_html.c - article_from_html() (and html_sniff()) on any valid UTF-8;
 * the article it returns must pass fuzz_check_article().
 */
#include "fuzz_article.h"
#include "read/html.h"

/* The sniffer first, on the same text, as ingest calls it. */
static int read_html(const char *text, size_t len, struct article *a, struct ferr *e)
{
	(void)html_sniff(text, len);
	return article_from_html(text, len, a, e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_read_article(data, size, read_html, NULL);
}
