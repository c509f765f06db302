/* encoding.c - deciding an input's encoding and decoding it to UTF-8. */
#include "encoding.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

int encoding_detect(const unsigned char *in, size_t len, bool markup, struct decoded *how,
		    struct ferr *e)
{
	static const unsigned char bom[] = { 0xEF, 0xBB, 0xBF };
	bool has_bom = len >= 3 && !memcmp(in, bom, 3);
	(void)markup;
	memset(how, 0, sizeof(*how));
	if (utf8_invalid_offset(in + (has_bom ? 3 : 0), len - (has_bom ? 3 : 0)) >= 0)
		return ferr_set(e, FOLIO_EINPUT, "not UTF-8; legacy encodings are not supported yet");
	how->encoding = "UTF-8";
	how->converter = "folio";
	how->evidence = has_bom ? "byte-order mark" : "valid UTF-8";
	how->confidence = 1.0;
	return 0;
}

int decode_to_utf8(const unsigned char *in, size_t len, const struct decode_options *opt,
		   struct buf *out, struct decoded *how, struct ferr *e)
{
	static const unsigned char bom[] = { 0xEF, 0xBB, 0xBF };
	bool has_bom = len >= 3 && !memcmp(in, bom, 3);
	const unsigned char *p = has_bom ? in + 3 : in;
	size_t n = has_bom ? len - 3 : len;
	long bad = utf8_invalid_offset(p, n);

	(void)opt;
	memset(how, 0, sizeof(*how));
	if (bad >= 0) {
		size_t off = (size_t)bad + (has_bom ? 3 : 0);
		char bytes[16] = "";
		size_t k = 0;
		for (size_t i = 0; i < 4 && off + i < len; i++)
			k += (size_t)snprintf(bytes + k, sizeof(bytes) - k, "%s%02X", i ? " " : "",
					      in[off + i]);
		return ferr_set(e, FOLIO_EINPUT,
				"not valid UTF-8 at byte %zu (bytes %s); legacy encodings are not "
				"supported yet",
				off, bytes);
	}
	buf_add(out, p, n);
	how->encoding = "UTF-8";
	how->converter = "folio";
	how->evidence = has_bom ? "byte-order mark" : "valid UTF-8";
	how->confidence = 1.0;
	return 0;
}

int encode_from_utf8(const char *utf8, size_t len, const char *target, bool subst,
		     struct buf *out, struct ferr *e)
{
	(void)subst;
	if (strcasecmp(target, "UTF-8"))
		return ferr_set(e, FOLIO_EUSAGE, "cannot encode to %s yet", target);
	buf_add(out, utf8, len);
	return 0;
}

const char *encoding_canonical(const char *name)
{
	return !strcasecmp(name, "UTF-8") || !strcasecmp(name, "utf8") ? "UTF-8" : NULL;
}
