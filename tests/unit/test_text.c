/* Unit tests: NFC normalisation (with its fast path) and character counts. */
#include "test.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

static void nfc_is(const char *in, const char *want, const char *what)
{
	size_t n;
	char *out = text_normalize(in, strlen(in), &n, NULL);
	CHECK_STR(out, want, "%s", what);
	CHECK(out && n == strlen(want), "%s: length", what);
	free(out);
}

int main(void)
{
	nfc_is("党建综合示范区，“全域党建”——好。", "党建综合示范区，“全域党建”——好。", "plain Chinese unchanged");
	nfc_is("Cafe\xcc\x81", "Caf\xc3\xa9", "e + combining acute composes to é");
	nfc_is("\xe8\xb1\x88", "\xe8\xb1\x88", "U+8C48 stays");
	nfc_is("\xef\xa4\x80", "\xe8\xb1\x88", "CJK compatibility U+F900 becomes U+8C48");
	nfc_is("\xe2\x84\xa6", "\xce\xa9", "OHM SIGN becomes GREEK OMEGA");
	nfc_is("l\xc7\x96 l\xc7\x98", "l\xc7\x96 l\xc7\x98", "pinyin ǖ ǘ stay composed");
	nfc_is("lu\xcc\x88\xcc\x84", "l\xc7\x96", "u + diaeresis + macron composes to ǖ");
	nfc_is("a\r\nb\rc\n", "a\nb\nc\n", "CR LF and CR become LF");
	nfc_is("\xe3\x81\x8b\xe3\x82\x99", "\xe3\x81\x8c", "kana + combining dakuten composes");
	CHECK(text_char_count("百丈 街道\n　推进", strlen("百丈 街道\n　推进")) == 6,
	      "white space, including U+3000, is not counted");
	CHECK(text_char_count("abc 1,2", 7) == 6, "Latin letters and punctuation count");

	/* Full-width punctuation between Han, and where each byte went. */
	const char *in = "要求(试行),这是a,b:c,近年来,为";
	size_t map[64];
	char *fw = text_cjk_punct_map(in, strlen(in), map);
	CHECK_STR(fw, "要求（试行），这是a,b:c,近年来，为", "( ) and the comma after them full width, a,b:c left alone");
	CHECK(map[strlen(in)] == strlen(fw), "map[len] is the output's length");
	CHECK(map[6] == 6 && !memcmp(fw + map[6], "（", 3), "the '(' maps to the （");
	CHECK(!memcmp(fw + map[strlen("要求(试行)")], "，", 3), "the comma after ')' maps to its ，");
	CHECK(!memcmp(fw + map[strlen("要求(试行),这是")], "a", 1), "Latin keeps its place");
	free(fw);
	return test_done();
}
