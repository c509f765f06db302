/* Unit tests: the search tokenizer (CJK bigrams, run-final unigrams, words). */
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
	buf_adds(b, kind == TOKEN_WORD ? "w:" : kind == TOKEN_BIGRAM ? "b:" : "u:");
	buf_add(b, term, len);
	return 0;
}

static void check_tokens(const char *text, bool query, const char *want)
{
	struct buf b = BUF_INIT;
	tokenize(text, strlen(text), query, collect, &b);
	CHECK_STR(b.data, want, "%s %s", query ? "query" : "document", text);
	buf_release(&b);
}

static int spans_ok(void *ctx, enum token_kind kind, const char *term, size_t len, size_t start,
		    size_t end)
{
	const char *text = ctx;
	(void)len;
	/* Bigram and unigram terms are the very bytes of the text span. */
	if (kind != TOKEN_WORD && memcmp(text + start, term, end - start))
		return 1;
	return 0;
}

int main(void)
{
	check_tokens("鄞州区", false, "b:鄞州 b:州区 u:区");
	check_tokens("鄞州区", true, "b:鄞州 b:州区");
	check_tokens("党", true, "u:党");
	check_tokens("党", false, "u:党");
	check_tokens("百丈，党建。", false, "b:百丈 u:丈 b:党建 u:建");
	check_tokens("PM2.5 和 GDP", false, "w:pm2 w:5 u:和 w:gdp");
	check_tokens("Ｄｅｂｉａｎ１２", false, "w:debian12");
	check_tokens("Ünïcode ÉTÉ", false, "w:ünïcode w:été");
	check_tokens("5G网络", false, "w:5g b:网络 u:络");
	check_tokens("\"*()-", false, "");
	check_tokens("", false, "");
	/* Extension B characters are Han too. */
	check_tokens("𠮷野家", false, "b:𠮷野 b:野家 u:家");
	/* Invalid bytes separate terms rather than joining them. */
	check_tokens("党\xff建", false, "u:党 u:建");
	const char *t = "近年来,为顺应新时代党的建设总要求";
	CHECK(tokenize(t, strlen(t), false, spans_ok, (void *)t) == 0, "term spans point at the text");
	return test_done();
}
