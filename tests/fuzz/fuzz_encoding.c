/*
 * fuzz_encoding.c - decode_to_utf8() on any bytes, detected (markup on and
 * off, lossy on and off) and forced to one encoding the first byte picks;
 * encode_from_utf8() of valid UTF-8 to every target.
 *
 * Invariants: what decodes is valid UTF-8; a lossy decode never fails; a
 * strict decode never reports replacements; GB18030 and UTF-8 encode every
 * character, and GB18030 text decodes back to itself (but for a leading
 * U+FEFF, which is taken for a byte-order mark, and the private-use points
 * encoding.h names as the exception).
 */
#include "fuzz.h"
#include "encoding.h"
#include "utf8.h"

#include <stdbool.h>

static const char *const forced_names[] = {
	NULL, "GB18030", "GBK", "GB2312", "Big5", "Big5-HKSCS", "UTF-16", "UTF-16LE",
	"UTF-32BE", "Shift_JIS", "EUC-KR", "windows-1252", "no-such-encoding",
};

static const char *const targets[] = { "UTF-8", "GB18030", "GBK", "GB2312", "Big5", "cp936" };

/* Text that GB18030 must give back unchanged. */
static bool gb_round_trips(const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (k < 0)
			return false;
		if ((i == 0 && cp == 0xFEFF) || (cp >= 0xE78D && cp <= 0xE864))
			return false;
		i += (size_t)k;
	}
	return true;
}

static void check_encode(const char *utf8, size_t len)
{
	for (size_t t = 0; t < ARRAY_SIZE(targets); t++) {
		for (int subst = 0; subst <= 1; subst++) {
			struct buf out = BUF_INIT;
			struct ferr e = FERR_INIT;
			int rc = encode_from_utf8(utf8, len, targets[t], subst, &out, &e);
			FUZZ_CHECK(rc == 0 || rc == FOLIO_EINPUT, "%s: rc %d", targets[t], rc);
			FUZZ_CHECK(!subst || rc == 0, "%s with subst failed: %s", targets[t], e.msg);
			FUZZ_CHECK(!rc || out.len == 0, "%s: output left after failure", targets[t]);
			if (t == 0) {
				FUZZ_CHECK(rc == 0 && out.len == len && !memcmp(out.data, utf8, len),
					   "UTF-8 to UTF-8 changed the text");
			} else if (t == 1) {
				FUZZ_CHECK(rc == 0, "GB18030 lacks a character: %s", e.msg);
				if (!subst && gb_round_trips(utf8, len)) {
					struct decode_options opt = { "GB18030", false, false };
					struct buf back = BUF_INIT;
					struct decoded how;
					struct ferr e2 = FERR_INIT;
					int rc2 = decode_to_utf8((const unsigned char *)out.data, out.len,
								 &opt, &back, &how, &e2);
					FUZZ_CHECK(rc2 == 0, "GB18030 output does not decode: %s", e2.msg);
					FUZZ_CHECK(back.len == len && !memcmp(back.data, utf8, len),
						   "GB18030 round trip changed the text (%zu -> %zu bytes)",
						   len, back.len);
					buf_release(&back);
				}
			}
			buf_release(&out);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf lossy_text = BUF_INIT;

	if (size > FUZZ_MAX_INPUT)
		return -1;

	for (int markup = 0; markup <= 1; markup++) {
		for (int lossy = 0; lossy <= 1; lossy++) {
			struct decode_options opt = { NULL, lossy, markup };
			struct buf out = BUF_INIT;
			struct decoded how;
			struct ferr e = FERR_INIT;
			int rc = decode_to_utf8(data, size, &opt, &out, &how, &e);
			FUZZ_CHECK(rc == 0 || (!lossy && rc == FOLIO_EINPUT),
				   "markup %d lossy %d: rc %d: %s", markup, lossy, rc, e.msg);
			if (rc == 0) {
				FUZZ_CHECK(how.encoding && how.converter && how.evidence,
					   "struct decoded incomplete");
				FUZZ_CHECK(how.confidence >= 0 && how.confidence <= 1,
					   "confidence %g", how.confidence);
				FUZZ_CHECK(lossy || (!how.lossy && !how.replaced),
					   "strict decode replaced %zu", how.replaced);
				FUZZ_CHECK(utf8_invalid_offset((const unsigned char *)out.data, out.len) < 0,
					   "decoded %s is not valid UTF-8", how.encoding);
				if (lossy && !markup) {
					buf_release(&lossy_text);
					lossy_text = out;
					buf_init(&out);
				}
			} else {
				FUZZ_CHECK(e.msg[0], "failure without a message");
			}
			buf_release(&out);
		}
	}

	{
		struct decoded how;
		struct ferr e = FERR_INIT;
		(void)encoding_detect(data, size, size && data[0] == '<', &how, &e);
		(void)encoding_looks_like_markup("page.html", data, size);
	}

	if (size) {
		const char *forced = forced_names[data[0] % ARRAY_SIZE(forced_names)];
		if (forced) {
			for (int lossy = 0; lossy <= 1; lossy++) {
				struct decode_options opt = { forced, lossy, false };
				struct buf out = BUF_INIT;
				struct decoded how;
				struct ferr e = FERR_INIT;
				int rc = decode_to_utf8(data + 1, size - 1, &opt, &out, &how, &e);
				if (rc == 0)
					FUZZ_CHECK(utf8_invalid_offset((const unsigned char *)out.data,
								       out.len) < 0,
						   "forced %s: output not valid UTF-8", forced);
				else
					FUZZ_CHECK((rc == FOLIO_EUSAGE && !strcmp(forced, "no-such-encoding")) ||
						   (!lossy && rc == FOLIO_EINPUT),
						   "forced %s lossy %d: rc %d: %s", forced, lossy, rc, e.msg);
				buf_release(&out);
			}
		}
	}

	if (utf8_invalid_offset(data, size) < 0)
		check_encode((const char *)data, size);
	if (lossy_text.len && (lossy_text.len != size || memcmp(lossy_text.data, data, size)))
		check_encode(lossy_text.data, lossy_text.len);
	buf_release(&lossy_text);
	return 0;
}
