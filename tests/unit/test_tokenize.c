/* Unit tests: the search tokenizers (CJK bigrams and words; single characters). */
#include "test.h"
#include "buf.h"
#include "tokenize.h"

#include <stdbool.h>

static int collect(void *ctx, enum token_kind kind, const char *term, size_t len, size_t start,
		   size_t end)
{
	struct buf *b = ctx;
	(void)start;
	(void)end;
	if (b->len)
		buf_addc(b, ' ');
	buf_adds(b, kind == TOKEN_WORD ? "w:" : kind == TOKEN_BIGRAM ? "b:" : "c:");
	buf_add(b, term, len);
	return 0;
}

static void check_tokens(const char *text, enum tokenize_mode mode, const char *want)
{
	struct buf b = BUF_INIT;
	tokenize(text, strlen(text), mode, collect, &b);
	CHECK_STR(b.data, want, "%s %s", mode == TOKENIZE_CHARS ? "chars" : "bigrams", text);
	buf_release(&b);
}

static int spans_ok(void *ctx, enum token_kind kind, const char *term, size_t len, size_t start,
		    size_t end)
{
	const char *text = ctx;
	(void)len;
	/* Bigram and character terms are the very bytes of the text span. */
	if (kind != TOKEN_WORD && memcmp(text + start, term, end - start))
		return 1;
	return 0;
}

int main(void)
{
	const enum tokenize_mode B = TOKENIZE_BIGRAMS, C = TOKENIZE_CHARS;
	check_tokens("鄞州区", B, "b:鄞州 b:州区");
	check_tokens("鄞州区", C, "c:鄞 c:州 c:区");
	check_tokens("党", B, "");
	check_tokens("党", C, "c:党");
	check_tokens("百丈，党建。", B, "b:百丈 b:党建");
	check_tokens("百丈，党建。", C, "c:百 c:丈 c:党 c:建");
	check_tokens("PM2.5 和 GDP", B, "w:pm2 w:5 w:gdp");
	check_tokens("PM2.5 和 GDP", C, "c:和");
	check_tokens("Ｄｅｂｉａｎ１２", B, "w:debian12");
	check_tokens("Ünïcode ÉTÉ", B, "w:ünïcode w:été");
	check_tokens("5G网络", B, "w:5g b:网络");
	check_tokens("\"*()-", B, "");
	check_tokens("", B, "");
	/* Extension B characters are Han too. */
	check_tokens("𠮷野家", B, "b:𠮷野 b:野家");
	check_tokens("𠮷野家", C, "c:𠮷 c:野 c:家");
	/* Invalid bytes separate terms rather than joining them. */
	check_tokens("党\xff建", B, "");
	check_tokens("党\xff建设", B, "b:建设");
	const char *t = "近年来,为顺应新时代党的建设总要求";
	CHECK(tokenize(t, strlen(t), B, spans_ok, (void *)t) == 0, "bigram spans point at the text");
	CHECK(tokenize(t, strlen(t), C, spans_ok, (void *)t) == 0, "character spans point at the text");
	return test_done();
}
