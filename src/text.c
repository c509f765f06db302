/* text.c - NFC and line-ending normalisation, character counts. */
#include "text.h"
#include "buf.h"
#include "utf8.h"

#include <stdlib.h>
#include <utf8proc.h>

char *text_normalize(const char *s, size_t len, size_t *out_len, struct ferr *e)
{
	struct buf lf = BUF_INIT;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n;

	buf_grow(&lf, len);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r') {
			buf_addc(&lf, '\n');
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else {
			buf_addc(&lf, s[i]);
		}
	}
	n = utf8proc_map((const utf8proc_uint8_t *)lf.data, (utf8proc_ssize_t)lf.len, &nfc,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	buf_release(&lf);
	if (n < 0) {
		ferr_set(e, FOLIO_EINPUT, "cannot normalise text: %s", utf8proc_errmsg(n));
		return NULL;
	}
	if (out_len)
		*out_len = (size_t)n;
	return (char *)nfc;
}

long long text_char_count(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	long long count = 0;
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int n = utf8_decode(p + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		if (!utf8_is_space(cp))
			count++;
		i += (size_t)n;
	}
	return count;
}
