/* encoding.c - deciding an input's encoding, decoding it to UTF-8 through
 * glibc iconv, and encoding UTF-8 back to GB18030, GBK, GB2312 and Big5. */
#include "encoding.h"
#include "plausibility.h"
#include "utf8.h"

#include <errno.h>
#include <gnu/libc-version.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

/* How a codec is decoded: UTF-8 is checked and copied by folio, the GB
 * family goes through iconv GB18030 with folio's fixes around it, Big5
 * falls back to Big5-HKSCS, everything else is plain iconv. */
enum kind { K_UTF8, K_GB, K_BIG5, K_UNICODE, K_OTHER };

struct codec {
	const char *name;  /* canonical: what struct decoded reports */
	const char *iconv; /* glibc iconv's name */
	enum kind kind;
	bool single_byte;  /* any byte string decodes: weak evidence */
	const char *aliases; /* lower case, '|' around each */
};

static const struct codec codecs[] = {
	{ "UTF-8", "UTF-8", K_UTF8, false, "|utf-8|utf8|unicode-1-1-utf-8|x-unicode20utf8|" },
	{ "GB18030", "GB18030", K_GB, false, "|gb18030|gb-18030|gb_18030|" },
	{ "GBK", "GBK", K_GB, false, "|gbk|cp936|ms936|windows-936|x-gbk|936|" },
	{ "GB2312", "GB2312", K_GB, false,
	  "|gb2312|gb_2312|gb_2312-80|gb-2312|euc-cn|euccn|x-euc-cn|csgb2312|chinese|"
	  "iso-ir-58|csiso58gb231280|cn-gb|" },
	{ "Big5", "BIG5", K_BIG5, false,
	  "|big5|big-5|cn-big5|x-x-big5|csbig5|big5-eten|cp950|windows-950|x-big5|" },
	{ "Big5-HKSCS", "BIG5-HKSCS", K_BIG5, false, "|big5-hkscs|big5hkscs|" },
	{ "UTF-16LE", "UTF-16LE", K_UNICODE, false, "|utf-16le|utf16le|" },
	{ "UTF-16BE", "UTF-16BE", K_UNICODE, false, "|utf-16be|utf16be|" },
	{ "UTF-16", "UTF-16", K_UNICODE, false, "|utf-16|utf16|" },
	{ "UTF-32LE", "UTF-32LE", K_UNICODE, false, "|utf-32le|utf32le|" },
	{ "UTF-32BE", "UTF-32BE", K_UNICODE, false, "|utf-32be|utf32be|" },
	{ "UTF-32", "UTF-32", K_UNICODE, false, "|utf-32|utf32|" },
	{ "EUC-TW", "EUC-TW", K_OTHER, false, "|euc-tw|euctw|x-euc-tw|cns11643|" },
	{ "EUC-JP", "EUC-JP", K_OTHER, false, "|euc-jp|eucjp|x-euc-jp|" },
	/* Shift_JIS is read as CP932, its Windows superset (NEC and IBM rows:
	 * ①, ㈱, 髙), as browsers do; glibc's SHIFT_JIS would also turn every
	 * backslash and tilde into ¥ and ‾. */
	{ "Shift_JIS", "CP932", K_OTHER, false,
	  "|shift_jis|shift-jis|sjis|x-sjis|ms_kanji|csshiftjis|cp932|windows-31j|ms932|" },
	/* EUC-KR is read as CP949 (UHC), its superset with all 11,172
	 * syllables, as browsers do. */
	{ "EUC-KR", "CP949", K_OTHER, false,
	  "|euc-kr|euckr|cseuckr|ks_c_5601-1987|ksc5601|cp949|uhc|windows-949|x-windows-949|" },
	{ "JOHAB", "JOHAB", K_OTHER, false, "|johab|cp1361|" },
	{ "ISO-2022-JP", "ISO-2022-JP-2", K_OTHER, false, "|iso-2022-jp|csiso2022jp|iso-2022-jp-2|" },
	{ "ISO-2022-KR", "ISO-2022-KR", K_OTHER, false, "|iso-2022-kr|csiso2022kr|" },
	{ "ISO-2022-CN", "ISO-2022-CN-EXT", K_OTHER, false, "|iso-2022-cn|iso-2022-cn-ext|" },
	{ "US-ASCII", "ASCII", K_OTHER, true, "|us-ascii|ascii|ansi_x3.4-1968|iso646-us|" },
	{ "ISO-8859-1", "ISO-8859-1", K_OTHER, true,
	  "|iso-8859-1|iso8859-1|iso_8859-1|latin1|l1|" },
	{ "windows-1252", "CP1252", K_OTHER, true, "|windows-1252|cp1252|x-cp1252|" },
};

/* The targets encode_from_utf8() writes. */
static bool is_target(const struct codec *c)
{
	return c->kind == K_UTF8 || c->kind == K_GB || !strcmp(c->name, "Big5");
}

static const struct codec *codec_find(const char *name)
{
	char key[48];
	size_t n = strlen(name);
	if (!n || n + 3 > sizeof(key) || strchr(name, '|'))
		return NULL;
	key[0] = '|';
	for (size_t i = 0; i < n; i++)
		key[i + 1] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
	key[n + 1] = '|';
	key[n + 2] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(codecs); i++)
		if (strstr(codecs[i].aliases, key))
			return &codecs[i];
	return NULL;
}

const char *encoding_canonical(const char *name)
{
	const struct codec *c = name ? codec_find(name) : NULL;
	return c ? c->name : NULL;
}

/* Names built at run time (converters, encodings only iconv knows) live as
 * long as the process, so struct decoded can point at them like at static
 * strings.  There are only ever a handful.  (folio is single-threaded.) */
static const char *intern(const char *s)
{
	struct interned {
		struct interned *next;
		char s[];
	};
	static struct interned *list;
	struct interned *p;
	for (p = list; p; p = p->next)
		if (!strcmp(p->s, s))
			return p->s;
	size_t n = strlen(s) + 1;
	p = xmalloc(sizeof(*p) + n);
	memcpy(p->s, s, n);
	p->next = list;
	list = p;
	return p->s;
}

static bool iconv_knows(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);
	if (cd == (iconv_t)-1)
		return false;
	iconv_close(cd);
	return true;
}

bool encoding_supported(const char *name)
{
	return name && *name && (codec_find(name) || iconv_knows(name));
}

bool encoding_can_encode(const char *name)
{
	const struct codec *c = name ? codec_find(name) : NULL;
	return c && is_target(c);
}

/* A codec for a name folio does not know but iconv does; false if iconv
 * does not know it either. */
static bool codec_from_iconv(const char *name, struct codec *out)
{
	char upper[48];
	size_t n = strlen(name);
	if (!n || n >= sizeof(upper) || !iconv_knows(name))
		return false;
	for (size_t i = 0; i <= n; i++)
		upper[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 'a' + 'A' : name[i]);
	*out = (struct codec){ intern(upper), intern(name), K_OTHER, false, "" };
	return true;
}

static const char *converter_name(const char *iconv_name)
{
	char s[96];
	snprintf(s, sizeof(s), "glibc %s iconv %s", gnu_get_libc_version(), iconv_name);
	return intern(s);
}

/*
 * GB18030's private-use characters.  GB18030-2000/2005 mapped 24 two-byte
 * codes to private-use code points because Unicode lacked the characters;
 * Unicode 4.1 added them.  GB18030-2022 moved 18 of them (ten vertical
 * forms, eight CJK ideographs) to the standard characters and swapped the
 * four-byte codes those characters had in 2005 to the private-use points.
 * Sources: GB18030-2022 as implemented by WHATWG encoding_rs
 * (GB18030_2022_OVERRIDE_PUA/_BYTES, gb18030_2022.rs), ICU 73.2 and Java 21
 * (JDK-8301119); Ken Lunde, CJKV Information Processing, 2nd ed., table
 * 3-37 for all 24; every row below checked against glibc 2.36 and Python's
 * GB18030-2005 codec.
 *
 * glibc decodes the two-byte codes to the standard characters (also the
 * last six, which GB18030-2022 leaves private: glibc follows Unicode 4.1
 * there, as ICU did), rejects the 2005 four-byte codes of the 18, and
 * cannot encode any of the 24 private-use points.  folio therefore
 *   - decodes the 18 four-byte codes (from GB18030-2005 encoders: Python,
 *     Java before 21, ICU before 73) to the standard characters, which is
 *     what they meant in 2005 and the normalised form of what they mean in
 *     2022;
 *   - maps any of the 24 private-use points in iconv's output to the
 *     standard characters, so a glibc that follows GB18030-2022 to the
 *     letter gives the same text as this one;
 *   - encodes the standard characters through iconv (to the two-byte codes
 *     below) and the 24 private-use points to the same two-byte codes, which
 *     is what GB18030-2005 gave them.  Text holding only standard characters
 *     therefore round-trips unchanged; the 24 private-use points come back
 *     as their standard characters, which is the normalisation.
 */
struct gb_pua {
	uint16_t pua;
	uint32_t standard;
	unsigned char two[2];  /* the 2005 code of pua = glibc's code of standard */
	unsigned char four[4]; /* the 2005 code of standard; glibc rejects the 18 */
};

static const struct gb_pua gb_puas[] = {
	{ 0xE78D, 0xFE10, { 0xA6, 0xD9 }, { 0x84, 0x31, 0x82, 0x36 } },
	{ 0xE78E, 0xFE12, { 0xA6, 0xDA }, { 0x84, 0x31, 0x82, 0x38 } },
	{ 0xE78F, 0xFE11, { 0xA6, 0xDB }, { 0x84, 0x31, 0x82, 0x37 } },
	{ 0xE790, 0xFE13, { 0xA6, 0xDC }, { 0x84, 0x31, 0x82, 0x39 } },
	{ 0xE791, 0xFE14, { 0xA6, 0xDD }, { 0x84, 0x31, 0x83, 0x30 } },
	{ 0xE792, 0xFE15, { 0xA6, 0xDE }, { 0x84, 0x31, 0x83, 0x31 } },
	{ 0xE793, 0xFE16, { 0xA6, 0xDF }, { 0x84, 0x31, 0x83, 0x32 } },
	{ 0xE794, 0xFE17, { 0xA6, 0xEC }, { 0x84, 0x31, 0x83, 0x33 } },
	{ 0xE795, 0xFE18, { 0xA6, 0xED }, { 0x84, 0x31, 0x83, 0x34 } },
	{ 0xE796, 0xFE19, { 0xA6, 0xF3 }, { 0x84, 0x31, 0x83, 0x35 } },
	{ 0xE81E, 0x9FB4, { 0xFE, 0x59 }, { 0x82, 0x35, 0x90, 0x37 } },
	{ 0xE826, 0x9FB5, { 0xFE, 0x61 }, { 0x82, 0x35, 0x90, 0x38 } },
	{ 0xE82B, 0x9FB6, { 0xFE, 0x66 }, { 0x82, 0x35, 0x90, 0x39 } },
	{ 0xE82C, 0x9FB7, { 0xFE, 0x67 }, { 0x82, 0x35, 0x91, 0x30 } },
	{ 0xE832, 0x9FB8, { 0xFE, 0x6D }, { 0x82, 0x35, 0x91, 0x31 } },
	{ 0xE843, 0x9FB9, { 0xFE, 0x7E }, { 0x82, 0x35, 0x91, 0x32 } },
	{ 0xE854, 0x9FBA, { 0xFE, 0x90 }, { 0x82, 0x35, 0x91, 0x33 } },
	{ 0xE864, 0x9FBB, { 0xFE, 0xA0 }, { 0x82, 0x35, 0x91, 0x34 } },
	/* Still private in GB18030-2022; glibc decodes the two-byte codes to
	 * Extension B, whose own four-byte codes it also decodes. */
	{ 0xE816, 0x20087, { 0xFE, 0x51 }, { 0 } },
	{ 0xE817, 0x20089, { 0xFE, 0x52 }, { 0 } },
	{ 0xE818, 0x200CC, { 0xFE, 0x53 }, { 0 } },
	{ 0xE831, 0x215D7, { 0xFE, 0x6C }, { 0 } },
	{ 0xE83B, 0x2298F, { 0xFE, 0x76 }, { 0 } },
	{ 0xE855, 0x241FE, { 0xFE, 0x91 }, { 0 } },
};

static const struct gb_pua *gb_pua_by_cp(uint32_t cp)
{
	if (cp < 0xE78D || cp > 0xE864)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(gb_puas); i++)
		if (gb_puas[i].pua == cp)
			return &gb_puas[i];
	return NULL;
}

static const struct gb_pua *gb_pua_by_four(const unsigned char *s, size_t n)
{
	if (n < 4 || (s[0] != 0x82 && s[0] != 0x84))
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(gb_puas); i++)
		if (gb_puas[i].four[0] && !memcmp(gb_puas[i].four, s, 4))
			return &gb_puas[i];
	return NULL;
}

/* Replace the 24 private-use points in b->data[from..] with their standard
 * characters.  Their UTF-8 is EE 9E 8D .. EE A1 A4, so a memchr for 0xEE
 * finds the candidates; text without them is not copied. */
static void gb_normalize_pua(struct buf *b, size_t from)
{
	struct buf fixed = BUF_INIT;
	size_t copied = from, i = from;
	bool any = false;
	while (i < b->len) {
		const char *hit = memchr(b->data + i, 0xEE, b->len - i);
		uint32_t cp;
		const struct gb_pua *p;
		if (!hit)
			break;
		i = (size_t)(hit - b->data);
		if (utf8_decode((const unsigned char *)hit, b->len - i, &cp) != 3 ||
		    !(p = gb_pua_by_cp(cp))) {
			i++;
			continue;
		}
		if (!any) {
			buf_add(&fixed, b->data, from);
			any = true;
		}
		char u[4];
		buf_add(&fixed, b->data + copied, i - copied);
		buf_add(&fixed, u, (size_t)utf8_encode(p->standard, u));
		i += 3;
		copied = i;
	}
	if (!any)
		return;
	buf_add(&fixed, b->data + copied, b->len - copied);
	buf_release(b);
	*b = fixed;
}

/* ---- decoding ---- */

/* The result of one decoding attempt. */
struct attempt {
	const char *used;  /* iconv name actually used (Big5 may become Big5-HKSCS) */
	size_t replaced;   /* bad sequences replaced (lossy) */
	bool bad;          /* stopped at a bad sequence (not lossy) */
	size_t bad_at;     /* its offset in the whole input */
	size_t bad_len;
	bool truncated;    /* the input ends inside a character */
};

static const char replacement[] = "\xEF\xBF\xBD";

/* How many bytes at s[0..n) make up one bad sequence for kind: the bytes
 * that have the shape of one character, so the next good one survives. */
static size_t bad_length(enum kind kind, const char *iconv_name, const unsigned char *s, size_t n)
{
	if (kind == K_UNICODE) {
		size_t unit = strstr(iconv_name, "32") ? 4 : 2;
		return n < unit ? n : unit;
	}
	if (kind == K_UTF8) {
		size_t want = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 1, k = 1;
		while (k < want && k < n && (s[k] & 0xC0) == 0x80)
			k++;
		return k;
	}
	if (kind == K_GB && n >= 4 && s[0] >= 0x81 && s[0] <= 0xFE && s[1] >= 0x30 &&
	    s[1] <= 0x39 && s[2] >= 0x81 && s[2] <= 0xFE && s[3] >= 0x30 && s[3] <= 0x39)
		return 4; /* a four-byte code with no character */
	if ((kind == K_GB || kind == K_BIG5) && n >= 2 && s[0] >= 0x81 && s[0] <= 0xFE &&
	    ((s[1] >= 0x40 && s[1] <= 0x7E) || (s[1] >= 0xA1 && s[1] <= 0xFE) ||
	     (kind == K_GB && s[1] >= 0x80 && s[1] <= 0xA0)))
		return 2; /* a pair with no character */
	return 1;
}

/* Decoding UTF-8 is checking it: copy the valid runs, and with lossy put
 * U+FFFD for each bad sequence. */
static void decode_utf8(const unsigned char *in, size_t len, size_t base, bool lossy,
			struct buf *out, struct attempt *a)
{
	size_t i = 0;
	while (i < len) {
		long bad = utf8_invalid_offset(in + i, len - i);
		size_t good = bad < 0 ? len - i : (size_t)bad;
		if (out)
			buf_add(out, in + i, good);
		i += good;
		if (i == len)
			break;
		size_t n = bad_length(K_UTF8, "UTF-8", in + i, len - i);
		if (!lossy) {
			a->bad = true;
			a->bad_at = base + i;
			a->bad_len = n;
			/* a valid start cut short by the end of the input */
			a->truncated = i + n == len && in[i] >= 0xC2 && in[i] <= 0xF4 &&
				       n < (size_t)(in[i] >= 0xF0 ? 4 : in[i] >= 0xE0 ? 3 : 2);
			return;
		}
		if (out)
			buf_add(out, replacement, 3);
		a->replaced++;
		i += n;
	}
}

/* Decode in[0..len) from iconv_name to UTF-8, appending to out, or only
 * check it when out is NULL.  base is in's offset in the whole input, for
 * error positions.  Returns 0 (a->bad says whether it stopped at a bad
 * sequence) or FOLIO_EUSAGE when iconv does not know the name. */
static int decode_iconv(const char *iconv_name, enum kind kind, const unsigned char *in,
			size_t len, size_t base, bool lossy, struct buf *out, struct attempt *a)
{
	struct buf scratch = BUF_INIT;
	struct buf *dst = out ? out : &scratch;
	size_t start = dst->len;
	char *ip = (char *)in;
	size_t il = len;
	iconv_t cd = iconv_open("UTF-8", iconv_name);

	if (cd == (iconv_t)-1)
		return FOLIO_EUSAGE;
	a->used = iconv_name;
	/* GB and Big5 grow at most 3/2 into UTF-8; others grow on demand. */
	buf_grow(dst, out ? il + il / 2 + 16 : 65536);
	for (;;) {
		char *op = dst->data + dst->len;
		size_t room = dst->cap - dst->len - 1, ol = room;
		bool flush = il == 0; /* write out any state iconv holds back */
		size_t r = flush ? iconv(cd, NULL, NULL, &op, &ol) : iconv(cd, &ip, &il, &op, &ol);
		int err = errno;
		dst->len += room - ol;
		dst->data[dst->len] = '\0';
		if (!out && dst->len > 32768)
			buf_reset(dst);
		if (r != (size_t)-1) {
			if (flush)
				break;
			continue;
		}
		if (err == E2BIG) {
			if (!out && dst->len)
				buf_reset(dst);
			else
				buf_grow(dst, (dst->cap - dst->len) * 2 + 64);
			continue;
		}
		if (flush)
			break;
		size_t at = (size_t)(ip - (char *)in);
		const unsigned char *s = in + at;
		if (err == EILSEQ && kind == K_GB) {
			const struct gb_pua *p;
			char u[4];
			if (s[0] == 0x80) { /* GBK/CP936's euro sign */
				buf_add(dst, "\xE2\x82\xAC", 3);
				ip++;
				il--;
				continue;
			}
			if ((p = gb_pua_by_four(s, il))) {
				buf_add(dst, u, (size_t)utf8_encode(p->standard, u));
				ip += 4;
				il -= 4;
				continue;
			}
		}
		size_t n = err == EINVAL ? il : bad_length(kind, iconv_name, s, il);
		if (!lossy) {
			a->bad = true;
			a->bad_at = base + at;
			a->bad_len = n;
			a->truncated = err == EINVAL;
			break;
		}
		buf_add(dst, replacement, 3);
		a->replaced++;
		ip += n;
		il -= n;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	iconv_close(cd);
	buf_release(&scratch);
	if (out && kind == K_GB && !a->bad)
		gb_normalize_pua(out, start);
	return 0;
}

/* Decode with codec c, appending to out (NULL: only check).  Big5 that
 * plain BIG5 rejects is retried as Big5-HKSCS.  Leaves out as it was when
 * it stops at a bad sequence. */
static int decode_with(const struct codec *c, const unsigned char *in, size_t len, size_t base,
		       bool lossy, struct buf *out, struct attempt *a)
{
	size_t start = out ? out->len : 0;
	int err = 0;
	memset(a, 0, sizeof(*a));
	a->used = c->iconv;
	if (c->kind == K_UTF8) {
		decode_utf8(in, len, base, lossy, out, a);
	} else if (c->kind == K_GB) {
		err = decode_iconv("GB18030", K_GB, in, len, base, lossy, out, a);
	} else if (c->kind == K_BIG5 && !strcmp(c->iconv, "BIG5")) {
		err = decode_iconv("BIG5", K_BIG5, in, len, base, false, out, a);
		if (!err && a->bad) {
			struct attempt hk = { 0 };
			if (out)
				buf_truncate(out, start);
			err = decode_iconv("BIG5-HKSCS", K_BIG5, in, len, base, false, out, &hk);
			if (!err && !hk.bad) {
				*a = hk;
			} else if (!err && lossy) {
				if (out)
					buf_truncate(out, start);
				memset(a, 0, sizeof(*a));
				err = decode_iconv("BIG5", K_BIG5, in, len, base, true, out, a);
			}
		}
	} else {
		err = decode_iconv(c->iconv, c->kind, in, len, base, lossy, out, a);
	}
	if (out && a->bad)
		buf_truncate(out, start);
	/* a byte-order mark the decoder passed through (GB18030's 84 31 95 33) */
	if (out && !a->bad && out->len - start >= 3 &&
	    !memcmp(out->data + start, "\xEF\xBB\xBF", 3)) {
		memmove(out->data + start, out->data + start + 3, out->len - start - 3);
		buf_truncate(out, out->len - 3);
	}
	return err;
}

static int bad_input(struct ferr *e, const char *encoding, const unsigned char *in, size_t len,
		     const struct attempt *a)
{
	char hex[16] = "";
	size_t show = a->bad_len < 2 ? 2 : a->bad_len > 4 ? 4 : a->bad_len, k = 0;
	for (size_t i = 0; i < show && a->bad_at + i < len; i++)
		k += (size_t)snprintf(hex + k, sizeof(hex) - k, "%s%02X", i ? " " : "",
				      in[a->bad_at + i]);
	return ferr_set(e, FOLIO_EINPUT, "not valid %s at byte %zu (bytes %s%s)", encoding,
			a->bad_at, hex, a->truncated ? ", cut off by the end of the input" : "");
}

/* ---- evidence ---- */

/* Byte-order marks, longest first (UTF-32LE's starts like UTF-16LE's). */
static const struct bom {
	const char *bytes;
	size_t len;
	const char *codec;
	const char *hex;
} boms[] = {
	{ "\x00\x00\xFE\xFF", 4, "UTF-32BE", "00 00 FE FF" },
	{ "\xFF\xFE\x00\x00", 4, "UTF-32LE", "FF FE 00 00" },
	{ "\x84\x31\x95\x33", 4, "GB18030", "84 31 95 33" },
	{ "\xEF\xBB\xBF", 3, "UTF-8", "EF BB BF" },
	{ "\xFE\xFF", 2, "UTF-16BE", "FE FF" },
	{ "\xFF\xFE", 2, "UTF-16LE", "FF FE" },
};

static bool ci_prefix(const unsigned char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	return n >= k && !strncasecmp((const char *)s, lit, k);
}

static const unsigned char *ci_find(const unsigned char *s, const unsigned char *end,
				    const char *lit)
{
	size_t k = strlen(lit);
	for (; s + k <= end; s++)
		if ((*s | 0x20) == (lit[0] | 0x20) && !strncasecmp((const char *)s, lit, k))
			return s;
	return NULL;
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Copy a charset name (letters, digits, - _ . : ( )) from s, lower case. */
static bool take_name(const unsigned char *s, const unsigned char *end, char *name, size_t size)
{
	size_t k = 0;
	while (s < end && (*s == '"' || *s == '\'' || is_space(*s)))
		s++;
	for (; s < end && k + 1 < size; s++) {
		unsigned char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_' || c == '.' || c == ':' || c == '(' || c == ')'))
			break;
		name[k++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	name[k] = '\0';
	return k > 0;
}

/* <?xml version="1.0" encoding="gb2312"?> at the start of the input. */
static bool xml_declared(const unsigned char *s, size_t n, char *name, size_t size)
{
	const unsigned char *end, *p;
	size_t i = 0;
	while (i < n && is_space(s[i]))
		i++;
	if (!ci_prefix(s + i, n - i, "<?xml"))
		return false;
	end = s + (n - i > 512 ? i + 512 : n);
	p = s + i + 5;
	const unsigned char *close = ci_find(p, end, "?>");
	if (close)
		end = close;
	while ((p = ci_find(p, end, "encoding"))) {
		p += 8;
		while (p < end && is_space(*p))
			p++;
		if (p < end && *p == '=')
			return take_name(p + 1, end, name, size);
	}
	return false;
}

/* The value of attribute `attr` in the tag s[0..end), or NULL. */
static const unsigned char *tag_attr(const unsigned char *s, const unsigned char *end,
				     const char *attr, const unsigned char **vend)
{
	size_t k = strlen(attr);
	while (s < end) {
		while (s < end && (is_space(*s) || *s == '/'))
			s++;
		const unsigned char *name = s;
		while (s < end && !is_space(*s) && *s != '=' && *s != '/')
			s++;
		size_t nlen = (size_t)(s - name);
		while (s < end && is_space(*s))
			s++;
		const unsigned char *v = s, *ve = s;
		if (s < end && *s == '=') {
			s++;
			while (s < end && is_space(*s))
				s++;
			if (s < end && (*s == '"' || *s == '\'')) {
				unsigned char q = *s++;
				v = s;
				while (s < end && *s != q)
					s++;
				ve = s;
				if (s < end)
					s++;
			} else {
				v = s;
				while (s < end && !is_space(*s))
					s++;
				ve = s;
			}
		}
		if (nlen == k && !strncasecmp((const char *)name, attr, k)) {
			*vend = ve;
			return v;
		}
		if (nlen == 0 && s == v)
			s++;
	}
	return NULL;
}

/* The charset an HTML page declares in a <meta> (charset="..." or
 * http-equiv + content="...; charset=..."), looking through its first
 * 64 KB and skipping comments, scripts and styles: only <meta> counts, not
 * the charset attribute of a <script> (a Wayback capture puts one before
 * the page's own <meta>). */
static bool meta_declared(const unsigned char *s, size_t n, char *name, size_t size)
{
	const unsigned char *end = s + (n < 65536 ? n : 65536), *p = s;
	while ((p = memchr(p, '<', (size_t)(end - p)))) {
		size_t left = (size_t)(end - p);
		const unsigned char *close;
		if (ci_prefix(p, left, "<!--")) {
			close = ci_find(p + 4, end, "-->");
		} else if (ci_prefix(p, left, "<script")) {
			close = ci_find(p + 7, end, "</script");
		} else if (ci_prefix(p, left, "<style")) {
			close = ci_find(p + 6, end, "</style");
		} else if (ci_prefix(p, left, "<body") || ci_prefix(p, left, "</head")) {
			return false;
		} else if (ci_prefix(p, left, "<meta") && left > 5 &&
			   (is_space(p[5]) || p[5] == '/')) {
			const unsigned char *tag_end = memchr(p, '>', left), *v, *ve;
			if (!tag_end)
				return false;
			if ((v = tag_attr(p + 5, tag_end, "charset", &ve)) &&
			    take_name(v, ve, name, size))
				return true;
			if (tag_attr(p + 5, tag_end, "http-equiv", &ve) &&
			    (v = tag_attr(p + 5, tag_end, "content", &ve)) &&
			    (v = ci_find(v, ve, "charset"))) {
				v += 7;
				while (v < ve && is_space(*v))
					v++;
				if (v < ve && *v == '=' && take_name(v + 1, ve, name, size))
					return true;
			}
			close = tag_end;
		} else {
			close = p + 1;
		}
		/* nothing left after this tag (a window may end on '<') */
		if (!close || close + 1 >= end)
			return false;
		p = close + 1;
	}
	return false;
}

/* The declared charset: the XML prolog always, <meta> when markup.
 * *where says which. */
static bool declared_charset(const unsigned char *s, size_t n, bool markup, char *name,
			     size_t size, const char **where)
{
	if (xml_declared(s, n, name, size)) {
		*where = "XML prolog";
		return true;
	}
	if (markup && meta_declared(s, n, name, size)) {
		*where = "<meta>";
		return true;
	}
	return false;
}

/* The Han-rich part of a legacy text: the runs of bytes >= 0x80 with the
 * short ASCII gaps between them, each run ending one byte past its last
 * high byte (a trail byte may be ASCII), joined by newlines.  Statistical
 * detection sees the Chinese text without the markup and navigation around
 * it, which would otherwise outvote it. */
#define SAMPLE_MAX 16384
#define RUN_GAP 8

static void han_rich_sample(const unsigned char *s, size_t n, struct buf *sample)
{
	size_t i = 0;
	while (i < n && sample->len < SAMPLE_MAX) {
		while (i < n && s[i] < 0x80)
			i++;
		if (i == n)
			break;
		size_t start = i, last = i, gap = 0, limit = start + (SAMPLE_MAX - sample->len);
		for (; i < n && i < limit; i++) {
			if (s[i] >= 0x80) {
				last = i;
				gap = 0;
			} else if (++gap > RUN_GAP) {
				break;
			}
		}
		size_t stop = last + 2 <= n ? last + 2 : n;
		buf_add(sample, s + start, stop - start);
		buf_addc(sample, '\n');
		i = stop;
	}
}

/* How sure uchardet is, from the number of Han characters it saw
 * (docs/encodings.md: 4 characters 0%, 8 about 62%, 16 about 97%, 32 or
 * more all right). */
static double confidence_for(size_t han_chars)
{
	return han_chars >= 32 ? 0.99 : han_chars >= 16 ? 0.95 : han_chars >= 8 ? 0.6
	       : han_chars >= 4 ? 0.3 : 0.15;
}

/* The share of two-byte characters in the frequent part of GB2312
 * (punctuation and both levels of Hanzi) and of Big5 (punctuation and the
 * common Hanzi, A140-C67E): each is about 1 for its own text and about 0.6
 * for the other's.  Used only when uchardet names neither.  Returns the
 * number of multi-byte characters, about. */
static size_t cjk_shares(const unsigned char *s, size_t n, double *gb, double *big5)
{
	size_t pairs = 0, gb_hits = 0, big5_hits = 0;
	for (size_t i = 0; i + 1 < n;) {
		unsigned char a = s[i], b = s[i + 1];
		if (a < 0x81) {
			i++;
			continue;
		}
		pairs++;
		gb_hits += a >= 0xA1 && a <= 0xF7 && b >= 0xA1 && b <= 0xFE;
		big5_hits += a >= 0xA1 && a <= 0xC6 &&
			     ((b >= 0x40 && b <= 0x7E) || (b >= 0xA1 && b <= 0xFE));
		i += 2;
	}
	*gb = pairs ? (double)gb_hits / (double)pairs : 0;
	*big5 = pairs ? (double)big5_hits / (double)pairs : 0;
	return pairs;
}

/* ---- deciding ---- */

static void set_how(struct decoded *how, const struct codec *c, const struct attempt *a,
		    double confidence)
{
	const char *used = a->used ? a->used : c->iconv ? c->iconv : "";
	how->encoding = c->kind == K_GB ? "GB18030" : c->name;
	if (c->kind == K_BIG5 && !strcmp(used, "BIG5-HKSCS"))
		how->encoding = "Big5-HKSCS";
	how->converter = c->kind == K_UTF8 ? "folio (UTF-8 checked and copied)"
			 : c->kind == K_GB ? converter_name("GB18030")
					   : converter_name(used);
	how->confidence = confidence;
	how->lossy = a->replaced > 0;
	how->replaced = a->replaced;
}

static void evidence(struct decoded *how, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void evidence(struct decoded *how, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(how->evidence_buf, sizeof(how->evidence_buf), fmt, ap);
	va_end(ap);
	how->evidence = how->evidence_buf;
}

/* UTF-8 with a few bad bytes (a damaged file, a cut) rather than a legacy
 * encoding: many valid multi-byte sequences, few invalid ones.  Legacy
 * Chinese text is almost all invalid as UTF-8. */
static bool mostly_utf8(const unsigned char *s, size_t n)
{
	size_t good = 0, bad = 0, i = 0;
	uint32_t cp;
	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		int k = utf8_decode(s + i, n - i, &cp);
		if (k > 0) {
			good++;
			i += (size_t)k;
		} else if (++bad >= 8 && bad * 20 > good) {
			return false; /* soon, for legacy text */
		} else {
			/* one bad sequence: its lead byte and the continuation
			 * bytes after it (a character cut off counts once) */
			i++;
			while (i < n && (s[i] & 0xC0) == 0x80)
				i++;
		}
	}
	return good >= 8 && bad * 20 <= good;
}

/* Codec for a name folio or iconv knows. */
static bool codec_for(const char *name, struct codec *out)
{
	const struct codec *k = codec_find(name);
	if (k) {
		*out = *k;
		return true;
	}
	return codec_from_iconv(name, out);
}

/* What the statistics say about a legacy text. */
struct statistics {
	bool done;
	char said[32];    /* uchardet's answer, or "" */
	size_t bytes;     /* how much text it saw */
	size_t han;       /* about how many multi-byte characters */
	double gb_share, big5_share;
};

static void han_statistics(const unsigned char *in, size_t len, struct statistics *st)
{
	struct buf sample = BUF_INIT;
	uchardet_t ud = uchardet_new();
	st->done = true;
	st->said[0] = '\0';
	han_rich_sample(in, len, &sample);
	st->bytes = sample.len;
	if (ud) {
		if (!uchardet_handle_data(ud, sample.data, sample.len)) {
			uchardet_data_end(ud);
			snprintf(st->said, sizeof(st->said), "%s", uchardet_get_charset(ud));
		}
		uchardet_delete(ud);
	}
	st->han = cjk_shares((const unsigned char *)sample.data, sample.len, &st->gb_share,
			     &st->big5_share);
	buf_release(&sample);
}

/* A declared GB charset on Big5 bytes, or the reverse, decodes cleanly more
 * often than not (most pairs of each are valid in the other), so the
 * declaration is checked against uchardet too: overruled when uchardet,
 * on enough text to be sure, names the other one and the bytes decode
 * under it. */
static bool declared_contradicted(const struct codec *c, const unsigned char *in, size_t len,
				  struct statistics *st)
{
	const struct codec *other;
	struct attempt a;
	if (c->kind != K_GB && c->kind != K_BIG5)
		return false;
	if (!st->done)
		han_statistics(in, len, st);
	other = st->said[0] ? codec_find(st->said) : NULL;
	if (!other || st->han < 32 || (other->kind != K_GB && other->kind != K_BIG5) ||
	    other->kind == c->kind)
		return false;
	decode_with(other, in, len, 0, false, NULL, &a);
	return !a.bad;
}

/* UTF-32 or UTF-16 without a byte-order mark: ASCII and BMP characters
 * leave NUL bytes in fixed places of each code unit (UTF-32BE 00 00 00 41,
 * UTF-16LE 41 00).  Text in an 8-bit encoding has no NUL bytes. */
static const char *unicode_by_nuls(const unsigned char *s, size_t n)
{
	size_t m = n < 8192 ? n & ~(size_t)3 : 8192, nul[4] = { 0 };
	if (m < 8)
		return NULL;
	for (size_t i = 0; i < m; i++)
		nul[i & 3] += !s[i];
	size_t units = m / 4;
	/* UTF-32: the two high bytes of every unit are zero (BMP text), the
	 * lowest byte seldom */
	if (nul[0] == units && nul[1] * 2 >= units && nul[3] * 8 < units)
		return "UTF-32BE";
	if (nul[3] == units && nul[2] * 2 >= units && nul[0] * 8 < units)
		return "UTF-32LE";
	size_t even = nul[0] + nul[2], odd = nul[1] + nul[3], pairs = m / 2;
	if (odd >= pairs / 8 && even * 16 <= odd)
		return "UTF-16LE";
	if (even >= pairs / 8 && odd * 16 <= even)
		return "UTF-16BE";
	return NULL;
}

/* ISO-2022-JP, -KR or -CN: 7-bit text with the escape sequences that
 * switch to a double-byte set. */
static const char *iso2022_by_escapes(const unsigned char *s, size_t n)
{
	static const struct {
		const char *esc;
		const char *codec;
	} escapes[] = {
		{ "\x1B$B", "ISO-2022-JP" },  { "\x1B$@", "ISO-2022-JP" },
		{ "\x1B$(D", "ISO-2022-JP" }, { "\x1B$)C", "ISO-2022-KR" },
		{ "\x1B$)A", "ISO-2022-CN" }, { "\x1B$)G", "ISO-2022-CN" },
	};
	const unsigned char *esc = memchr(s, 0x1B, n);
	if (!esc)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] >= 0x80)
			return NULL;
	for (; esc; esc = memchr(esc + 1, 0x1B, n - (size_t)(esc + 1 - s)))
		for (size_t i = 0; i < ARRAY_SIZE(escapes); i++) {
			size_t k = strlen(escapes[i].esc);
			if ((size_t)(s + n - esc) >= k && !memcmp(esc, escapes[i].esc, k))
				return escapes[i].codec;
			if (esc + 1 >= s + n)
				return NULL;
		}
	return NULL;
}

/* How many valid multi-byte UTF-8 sequences s[0..n) holds (up to 16). */
static size_t utf8_sequences(const unsigned char *s, size_t n)
{
	size_t good = 0;
	uint32_t cp;
	for (size_t i = 0; i < n && good < 16;) {
		int k = s[i] < 0x80 ? 1 : utf8_decode(s + i, n - i, &cp);
		if (k > 1)
			good++;
		i += k > 0 ? (size_t)k : 1;
	}
	return good;
}

/* A codec the statistics weigh, and what it gave on the sample. */
enum { PRIOR_NONE, PRIOR_UCHARDET, PRIOR_DECLARED };

struct candidate {
	struct codec c;
	int prior;   /* what named it: the file, uchardet, or folio's list */
	double score; /* plausibility of its text, less its bad bytes */
	struct plausibility p;
};

/* The same decoder: the GB family is one (GB18030), Big5 and Big5-HKSCS
 * are one. */
static bool same_codec(const struct codec *x, const struct codec *y)
{
	if (x->kind == K_GB || x->kind == K_BIG5)
		return x->kind == y->kind;
	return !strcmp(x->iconv, y->iconv);
}

static void add_candidate(struct candidate *v, size_t *n, const struct codec *c, int prior)
{
	for (size_t i = 0; i < *n; i++)
		if (same_codec(&v[i].c, c)) {
			if (prior > v[i].prior)
				v[i].prior = prior;
			return;
		}
	memset(&v[*n], 0, sizeof(v[*n]));
	v[*n].c = *c;
	v[*n].prior = prior;
	(*n)++;
}

/* What wins: plausibility, with a head start of 0.05 for uchardet's word
 * and 0.1 for the file's. */
static double ranked(const struct candidate *c)
{
	return c->score + 0.05 * c->prior;
}

/* Where, in the input, the first '?' that stands for a lost lead byte is:
 * a '?' followed by a byte of a multi-byte character.  -1 if none. */
static long lost_byte_offset(const unsigned char *in, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++)
		if (in[i] == '?' && in[i + 1] >= 0x80)
			return (long)i;
	return -1;
}

static int judge_output_at(struct decoded *how, const struct codec *c, const unsigned char *in,
			   size_t len, bool lossy, struct buf *out, size_t start, bool record_only,
			   double threshold, struct ferr *e);

/* Judge the text the decoder gave (out from start; when out is NULL the
 * input is decoded again into a scratch buffer), record the judgement in
 * how, and refuse text that is implausible or damaged, unless record_only
 * (valid UTF-8 is what it is) or lossy (kept, marked suspect). */
static int judge_output(struct decoded *how, const struct codec *c, const unsigned char *in,
			size_t len, bool lossy, struct buf *out, size_t start, bool record_only,
			struct ferr *e)
{
	return judge_output_at(how, c, in, len, lossy, out, start, record_only,
			       PLAUSIBILITY_THRESHOLD, e);
}

/* The same with the share of plausible characters required. */
static int judge_output_at(struct decoded *how, const struct codec *c, const unsigned char *in,
			   size_t len, bool lossy, struct buf *out, size_t start, bool record_only,
			   double threshold, struct ferr *e)
{
	struct buf scratch = BUF_INIT;
	struct plausibility p;
	if (out) {
		plausibility_of(out->data + start, out->len - start, &p);
	} else if (c->kind == K_UTF8 && record_only) {
		plausibility_of((const char *)in, len, &p);
	} else {
		struct attempt a;
		decode_with(c, in, len, 0, true, &scratch, &a);
		plausibility_of(scratch.data, scratch.len, &p);
	}
	buf_release(&scratch);
	how->plausibility = p.score;
	how->language = p.language;
	how->damaged = p.damaged;
	if (record_only || (p.score >= threshold && !p.damaged))
		return 0;
	if (lossy) {
		how->suspect = true;
		return 0;
	}
	if (out)
		buf_truncate(out, start);
	if (p.damaged) {
		long at = lost_byte_offset(in, len);
		if (at >= 0)
			return ferr_set(e, FOLIO_EINPUT,
					"damaged %s text: the '?' at byte %ld stands for a lost byte, and "
					"the characters after it are shifted (%zu places in all); --lossy "
					"keeps it, marked suspect",
					how->encoding, at, p.damaged);
		return ferr_set(e, FOLIO_EINPUT,
				"damaged %s text: %zu '?' marks stand for lost bytes, the characters "
				"after them shifted; --lossy keeps it, marked suspect",
				how->encoding, p.damaged);
	}
	return ferr_set(e, FOLIO_EINPUT,
			"not plausible as text in %s: only %.0f%% of its %zu characters are likely "
			"(best reading: %s); the encoding is probably wrong (--encoding NAME), or "
			"--lossy keeps it, marked suspect",
			how->encoding, p.score * 100, p.chars, p.language);
}

/* Decide the encoding of in[0..len) and decode it into out (NULL: only
 * decide, for `folio detect`). */
static int decide(const unsigned char *in, size_t len, const struct decode_options *opt,
		  struct buf *out, struct decoded *how, struct ferr *e)
{
	const struct codec *utf8 = codec_find("UTF-8");
	struct attempt a = { 0 };
	struct codec c;
	bool lossy = opt && opt->lossy, markup = opt && opt->markup;
	size_t start = out ? out->len : 0;

	memset(how, 0, sizeof(*how));
	how->evidence = "";
	how->plausibility = 1.0;
	how->language = "und";

	/* 1. The caller's word.  A byte-order mark goes as the U+FEFF it
	 * decodes to (decode_with drops it). */
	if (opt && opt->forced && *opt->forced && strcasecmp(opt->forced, "auto")) {
		if (!codec_for(opt->forced, &c))
			return ferr_set(e, FOLIO_EUSAGE, "unknown encoding '%s'", opt->forced);
		if (decode_with(&c, in, len, 0, lossy, out, &a))
			return ferr_set(e, FOLIO_EUSAGE, "unknown encoding '%s'", opt->forced);
		set_how(how, &c, &a, 1.0);
		if (c.kind == K_GB && strcmp(c.name, "GB18030"))
			evidence(how, "given as %s (read as GB18030, its superset)", opt->forced);
		else
			evidence(how, "given as %s", opt->forced);
		if (a.bad)
			return bad_input(e, how->encoding, in, len, &a);
		return judge_output(how, &c, in, len, lossy, out, start, true, e);
	}

	/* 2. Nothing to go on. */
	if (len == 0) {
		set_how(how, utf8, &a, 1.0);
		evidence(how, "empty input");
		return 0;
	}

	/* A file that starts as an image, archive or program does is no
	 * text, whatever codec would accept its bytes. */
	const char *binary = encoding_binary_format(in, len);
	if (binary)
		return ferr_set(e, FOLIO_EINPUT, "%s, not text in any encoding", binary);

	/* 3. A byte-order mark. */
	for (size_t i = 0; i < ARRAY_SIZE(boms); i++) {
		if (len < boms[i].len || memcmp(in, boms[i].bytes, boms[i].len))
			continue;
		c = *codec_find(boms[i].codec);
		decode_with(&c, in + boms[i].len, len - boms[i].len, boms[i].len, lossy, out, &a);
		set_how(how, &c, &a, 1.0);
		evidence(how, "byte-order mark %s", boms[i].hex);
		if (a.bad)
			return bad_input(e, how->encoding, in, len, &a);
		return judge_output(how, &c, in + boms[i].len, len - boms[i].len, lossy, out, start,
				    true, e);
	}

	/* 4. UTF-32 or UTF-16 without a mark, by where the NUL bytes are: text
	 * in an 8-bit or multi-byte legacy encoding has none. */
	const char *wide = memchr(in, '\0', len < 8192 ? len : 8192) ? unicode_by_nuls(in, len) : NULL;
	if (wide) {
		c = *codec_find(wide);
		decode_with(&c, in, len, 0, lossy, out, &a);
		set_how(how, &c, &a, 0.8);
		evidence(how, "no byte-order mark; NUL bytes in the pattern of %s", wide);
		if (a.bad)
			return bad_input(e, how->encoding, in, len, &a);
		return judge_output(how, &c, in, len, lossy, out, start, false, e);
	}

	/* 5. ISO-2022: 7-bit text that switches character sets with escapes. */
	const char *iso2022 = iso2022_by_escapes(in, len);
	if (iso2022) {
		c = *codec_find(iso2022);
		decode_with(&c, in, len, 0, lossy, out, &a);
		set_how(how, &c, &a, 0.95);
		evidence(how, "%s escape sequences", iso2022);
		if (a.bad)
			return bad_input(e, how->encoding, in, len, &a);
		return judge_output(how, &c, in, len, lossy, out, start, false, e);
	}

	/* 6. Valid UTF-8: legacy text almost never is, past a few characters,
	 * so this outranks what the text says about itself.  Its plausibility
	 * is recorded, never a reason to refuse: the bytes are unambiguous. */
	char declared[40] = "";
	const char *where = NULL;
	bool has_declared = declared_charset(in, len, markup, declared, sizeof(declared), &where);
	const struct codec *dk = has_declared ? codec_find(declared) : NULL;
	long not_utf8 = utf8_invalid_offset(in, len);
	if (not_utf8 < 0) {
		bool ascii = true;
		for (size_t i = 0; i < len && ascii; i++)
			ascii = in[i] < 0x80;
		if (out)
			buf_add(out, in, len);
		set_how(how, utf8, &a, 1.0);
		if (ascii)
			evidence(how, "ASCII only");
		else if (has_declared && (!dk || dk->kind != K_UTF8))
			evidence(how, "valid UTF-8 (%s declares %s, which the bytes contradict)", where,
				 declared);
		else
			evidence(how, "valid UTF-8");
		return judge_output(how, utf8, in, len, lossy, out, start, true, e);
	}
	if (mostly_utf8(in, len)) {
		memset(&a, 0, sizeof(a));
		decode_with(utf8, in, len, 0, lossy, out, &a);
		set_how(how, utf8, &a, 0.9);
		evidence(how, "UTF-8 but for a few bad bytes, the first at byte %ld", not_utf8);
		if (a.bad)
			return bad_input(e, how->encoding, in, len, &a);
		return judge_output(how, utf8, in, len, lossy, out, start, false, e);
	}

	/* 7. The codecs the text could be in, each judged by how plausible the
	 * text it gives is (on the Han-rich part), with a small head start for
	 * what the file declares and what uchardet says.  The winner decodes the
	 * whole file; if it fails on some bytes, that is an error naming them
	 * (or U+FFFD under --lossy): never another codec because the believed
	 * one failed. */
	struct statistics st = { 0 };
	char rejected[96] = "";
	struct candidate cands[16];
	size_t ncand = 0;
	han_statistics(in, len, &st);
	if (has_declared) {
		if (!codec_for(declared, &c) || c.kind == K_UNICODE) {
			snprintf(rejected, sizeof(rejected), "%s declares %s, unusable; ", where, declared);
		} else if (c.kind == K_UTF8) {
			snprintf(rejected, sizeof(rejected), "%s declares %s, not UTF-8 at byte %ld; ",
				 where, declared, not_utf8);
		} else if (declared_contradicted(&c, in, len, &st)) {
			snprintf(rejected, sizeof(rejected), "%s declares %s, the statistics disagree; ",
				 where, declared);
		} else {
			add_candidate(cands, &ncand, &c, PRIOR_DECLARED);
		}
	}
	struct codec said_codec;
	bool said_ok = st.said[0] && codec_for(st.said, &said_codec) && said_codec.kind != K_UTF8 &&
		       said_codec.kind != K_UNICODE && !said_codec.single_byte;
	if (said_ok)
		add_candidate(cands, &ncand, &said_codec, PRIOR_UCHARDET);
	static const char *const tried[] = { "GB18030", "Big5", "EUC-KR", "Shift_JIS", "EUC-JP",
					     "JOHAB" };
	for (size_t i = 0; i < ARRAY_SIZE(tried); i++)
		add_candidate(cands, &ncand, codec_find(tried[i]), PRIOR_NONE);
	if (utf8_sequences(in, len) >= 2)
		add_candidate(cands, &ncand, utf8, PRIOR_NONE);

	struct buf sample = BUF_INIT, text = BUF_INIT;
	han_rich_sample(in, len, &sample);
	size_t win = 0, second = SIZE_MAX;
	for (size_t i = 0; i < ncand; i++) {
		struct attempt t;
		buf_reset(&text);
		decode_with(&cands[i].c, (const unsigned char *)sample.data, sample.len, 0, true, &text,
			    &t);
		plausibility_of(text.data, text.len, &cands[i].p);
		double bad = cands[i].p.chars ? (double)t.replaced / (double)cands[i].p.chars : 0;
		cands[i].score = cands[i].p.score * (bad * 3 >= 1 ? 0 : 1 - bad * 3);
		if (i && ranked(&cands[i]) > ranked(&cands[win])) {
			second = win;
			win = i;
		} else if (i && (second == SIZE_MAX || ranked(&cands[i]) > ranked(&cands[second]))) {
			second = i;
		}
	}
	buf_release(&sample);
	buf_release(&text);

	if (st.han < PLAUSIBILITY_MIN_CHARS && cands[win].prior < PRIOR_DECLARED) {
		/* Too little text to judge: Chinese if the bytes look like it
		 * (this is a Chinese archive), else what uchardet says. */
		bool looks_cjk = (st.gb_share > st.big5_share ? st.gb_share : st.big5_share) >= 0.5;
		const struct codec *pick =
			looks_cjk || !said_ok
				? codec_find(st.big5_share > st.gb_share + 0.1 ? "Big5" : "GB18030")
				: &said_codec;
		for (size_t i = 0; i < ncand; i++)
			if (same_codec(&cands[i].c, pick))
				win = i;
	}
	const struct candidate *w = &cands[win];
	double margin = second == SIZE_MAX ? 1 : w->score - cands[second].score;
	double conf = confidence_for(st.han) * (margin >= 0.1 ? 1 : 0.5 + 5 * (margin > 0 ? margin : 0));
	if (w->prior == PRIOR_DECLARED)
		conf = said_ok && same_codec(&said_codec, &w->c) && st.han >= 32 ? 0.99 : 0.95;
	char judged[128] = "";
	size_t k = 0;
	for (size_t i = 0; i < ncand && k < sizeof(judged) - 24; i++) {
		size_t j = i == 0 ? win : i <= win ? i - 1 : i; /* the winner first */
		if (j == win && i)
			continue;
		k += (size_t)snprintf(judged + k, sizeof(judged) - k, "%s%s %.2f", i ? ", " : "",
				      cands[j].c.kind == K_GB ? "GB18030" : cands[j].c.name,
				      cands[j].score);
	}

	decode_with(&w->c, in, len, 0, lossy, out, &a);
	set_how(how, &w->c, &a, conf);
	if (w->prior == PRIOR_DECLARED)
		evidence(how, "%s declares %s; the bytes decode as %s (plausible: %s)", where, declared,
			 how->encoding, judged);
	else
		evidence(how, "%suchardet %s%s on %zu bytes of non-ASCII text; plausible: %s", rejected,
			 *st.said ? "says " : "undecided", st.said, st.bytes, judged);
	if (a.bad)
		return bad_input(e, how->encoding, in, len, &a);
	/* What the file declares, decoding cleanly, with no other reading
	 * anywhere near plausible (a page of rare characters, a table of
	 * symbols), is believed at a lower share. */
	bool unrivalled = w->prior == PRIOR_DECLARED &&
			  (second == SIZE_MAX || cands[second].score < PLAUSIBILITY_FLOOR);
	return judge_output_at(how, &w->c, in, len, lossy, out, start, false,
			       unrivalled ? PLAUSIBILITY_FLOOR : PLAUSIBILITY_THRESHOLD, e);
}

int decode_to_utf8(const unsigned char *in, size_t len, const struct decode_options *opt,
		   struct buf *out, struct decoded *how, struct ferr *e)
{
	return decide(in, len, opt, out, how, e);
}

int encoding_detect(const unsigned char *in, size_t len, bool markup, struct decoded *how,
		    struct ferr *e)
{
	struct decode_options opt = { NULL, false, markup };
	return decide(in, len, &opt, NULL, how, e);
}

const char *encoding_binary_format(const unsigned char *in, size_t len)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *what;
	} formats[] = {
		{ "\x89PNG\r\n\x1A\n", 8, "a PNG image" },
		{ "\xFF\xD8\xFF", 3, "a JPEG image" },
		{ "GIF87a", 6, "a GIF image" },
		{ "GIF89a", 6, "a GIF image" },
		{ "%PDF-", 5, "a PDF document" },
		{ "PK\x03\x04", 4, "a ZIP archive (or an office document)" },
		{ "\x1F\x8B\x08", 3, "gzip-compressed data" },
		{ "\x28\xB5\x2F\xFD", 4, "Zstandard-compressed data" },
		{ "7z\xBC\xAF\x27\x1C", 6, "a 7-Zip archive" },
		{ "\x7F" "ELF", 4, "a program (ELF)" },
		{ "SQLite format 3", 16, "an SQLite database" }, /* with its NUL */
	};
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (len >= formats[i].len && !memcmp(in, formats[i].magic, formats[i].len))
			return formats[i].what;
	if (len >= 12 && !memcmp(in, "RIFF", 4) && !memcmp(in + 8, "WEBP", 4))
		return "a WebP image";
	return NULL;
}

const char *encoding_wide_unicode(const unsigned char *in, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(boms); i++)
		if (len >= boms[i].len && !memcmp(in, boms[i].bytes, boms[i].len))
			return strncmp(boms[i].codec, "UTF-", 4) || !strcmp(boms[i].codec, "UTF-8")
				       ? NULL
				       : boms[i].codec;
	return unicode_by_nuls(in, len);
}

bool encoding_looks_like_markup(const char *filename, const unsigned char *in, size_t len)
{
	static const char *const exts[] = { ".html", ".htm", ".xhtml", ".shtml", ".xml",
					    ".rss", ".atom" };
	const char *dot = filename ? strrchr(filename, '.') : NULL;
	size_t i = 0;
	for (size_t j = 0; dot && j < ARRAY_SIZE(exts); j++)
		if (!strcasecmp(dot, exts[j]))
			return true;
	if (len >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && is_space(in[i]))
		i++;
	return i < len && in[i] == '<';
}

/* ---- encoding ---- */

/* Bytes for a character iconv cannot write to the target, or 0. */
static size_t encode_fallback(const struct codec *t, uint32_t cp, unsigned char bytes[4])
{
	const struct gb_pua *p;
	if (!strcmp(t->name, "GB2312")) {
		/* glibc's GB2312 has A1AA and A1A4 as U+2015 and U+30FB; GB18030,
		 * which reads GB2312 files here, gives U+2014 and U+00B7. */
		if (cp == 0x2014 || cp == 0x00B7) {
			bytes[0] = 0xA1;
			bytes[1] = cp == 0x2014 ? 0xAA : 0xA4;
			return 2;
		}
	} else if (!strcmp(t->name, "GB18030") && (p = gb_pua_by_cp(cp))) {
		memcpy(bytes, p->two, 2);
		return 2;
	}
	return 0;
}

struct missing {
	uint32_t cp;
	size_t line, column;
};

#define MISSING_LISTED 10

/* Say which characters target lacks: "GBK lacks 3 characters: U+20BB7
 * '𠮷' at line 1 column 3, ..., and 1 more". */
static int lacks(struct ferr *e, const char *target, const struct missing *m, size_t n)
{
	char msg[sizeof(e->msg)];
	size_t k = (size_t)snprintf(msg, sizeof(msg), "%s lacks %zu character%s: ", target, n,
				    n == 1 ? "" : "s");
	size_t listed = 0;
	for (; listed < n && listed < MISSING_LISTED; listed++) {
		char item[96], u[5] = "";
		uint32_t cp = m[listed].cp;
		/* quote only what prints: not controls, format characters or
		 * private use */
		bool show = cp >= 0xA0 && !(cp >= 0x2000 && cp <= 0x200F) &&
			    !(cp >= 0x2028 && cp <= 0x202F) && !(cp >= 0x2060 && cp <= 0x206F) &&
			    cp != 0xFEFF && !(cp >= 0xE000 && cp <= 0xF8FF) && cp < 0xE0000;
		if (show)
			u[utf8_encode(cp, u)] = '\0';
		int w = snprintf(item, sizeof(item), "%sU+%04X%s%s%s at line %zu column %zu",
				 listed ? ", " : "", (unsigned)cp, show ? " '" : "", u,
				 show ? "'" : "", m[listed].line, m[listed].column);
		if (k + (size_t)w + 24 >= sizeof(msg))
			break;
		memcpy(msg + k, item, (size_t)w + 1);
		k += (size_t)w;
	}
	if (listed < n)
		snprintf(msg + k, sizeof(msg) - k, ", and %zu more", n - listed);
	return ferr_set(e, FOLIO_EINPUT, "%s", msg);
}

int encode_from_utf8(const char *utf8, size_t len, const char *target, bool subst,
		     struct buf *out, struct ferr *e)
{
	const struct codec *t = target ? codec_find(target) : NULL;
	const unsigned char *in = (const unsigned char *)utf8;
	size_t start = out->len;
	struct missing listed[MISSING_LISTED];
	size_t nmissing = 0;
	/* where line and column counting has got to */
	size_t at = 0, line = 1, column = 1;
	long bad;

	if (!t || !is_target(t))
		return ferr_set(e, FOLIO_EUSAGE,
				"cannot encode to '%s' (UTF-8, GB18030, GBK, GB2312 or Big5)",
				target ? target : "");
	if (t->kind == K_UTF8) {
		if ((bad = utf8_invalid_offset(in, len)) >= 0)
			return ferr_set(e, FOLIO_EINPUT, "not valid UTF-8 at byte %ld", bad);
		buf_add(out, utf8, len);
		return 0;
	}

	iconv_t cd = iconv_open(t->iconv, "UTF-8");
	if (cd == (iconv_t)-1)
		return ferr_set(e, FOLIO_EUSAGE, "iconv cannot encode to %s", t->iconv);
	char *ip = (char *)utf8;
	size_t il = len;
	buf_grow(out, il + 16);
	for (;;) {
		char *op = out->data + out->len;
		size_t room = out->cap - out->len - 1, ol = room;
		size_t r = il ? iconv(cd, &ip, &il, &op, &ol) : iconv(cd, NULL, NULL, &op, &ol);
		int err = errno;
		out->len += room - ol;
		out->data[out->len] = '\0';
		if (r != (size_t)-1) {
			if (!il)
				break;
			continue;
		}
		if (err == E2BIG) {
			buf_grow(out, (out->cap - out->len) * 2 + 64);
			continue;
		}
		size_t pos = (size_t)(ip - utf8);
		uint32_t cp;
		int n = utf8_decode(in + pos, il, &cp);
		if (n < 0 || err != EILSEQ) {
			iconv_close(cd);
			buf_truncate(out, start);
			return ferr_set(e, FOLIO_EINPUT, "not valid UTF-8 at byte %zu", pos);
		}
		unsigned char bytes[4];
		size_t nb = encode_fallback(t, cp, bytes);
		if (nb) {
			buf_add(out, bytes, nb);
		} else {
			for (; at < pos; at++) {
				if (in[at] == '\n') {
					line++;
					column = 1;
				} else if ((in[at] & 0xC0) != 0x80) {
					column++;
				}
			}
			if (nmissing < MISSING_LISTED)
				listed[nmissing] = (struct missing){ cp, line, column };
			nmissing++;
			if (subst)
				buf_addc(out, '?');
		}
		ip += n;
		il -= (size_t)n;
	}
	iconv_close(cd);
	if (nmissing && !subst) {
		buf_truncate(out, start);
		return lacks(e, t->name, listed, nmissing);
	}
	return 0;
}
