/*
 * fuzz_webtext.c - article_from_webtext() (and webtext_sniff()) on any
 * valid UTF-8; the article it returns must pass fuzz_check_article().
 */
#include "fuzz_article.h"
#include "read/webtext.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_MAX_INPUT || utf8_invalid_offset(data, size) >= 0)
		return -1;
	char *text = fuzz_strndup(data, size);
	struct article a;
	struct ferr e = FERR_INIT;

	(void)webtext_sniff(text, size);
	article_init(&a);
	int rc = article_from_webtext(text, size, &a, &e);
	FUZZ_CHECK(rc == 0 || rc == FOLIO_EINPUT, "rc %d", rc);
	if (rc == 0)
		fuzz_check_article(&a);
	else
		FUZZ_CHECK(e.msg[0], "failure without a message");
	article_release(&a);
	free(text);
	return 0;
}
