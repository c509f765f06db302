/*
 * test.h - the smallest TAP producer: each check prints "ok N - what" or
 * "not ok N - what (file:line)"; test_done() prints the plan and returns
 * the exit status.  tests/run counts the lines.
 */
#ifndef FOLIO_TEST_H
#define FOLIO_TEST_H

#include <stdio.h>
#include <string.h>

static int test_n, test_failed;

#define CHECK(cond, ...) test_check_((cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)

#define CHECK_STR(got, want, ...)                                                    \
	do {                                                                         \
		const char *g_ = (got), *w_ = (want);                                \
		int ok_ = (g_ == NULL && w_ == NULL) || (g_ && w_ && !strcmp(g_, w_)); \
		test_check_(ok_, __FILE__, __LINE__, __VA_ARGS__);                   \
		if (!ok_)                                                            \
			printf("#   got:  %s\n#   want: %s\n", g_ ? g_ : "(null)",   \
			       w_ ? w_ : "(null)");                                  \
	} while (0)

static void test_check_(int ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), unused));

#include <stdarg.h>
static void test_check_(int ok, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	test_n++;
	printf("%sok %d - ", ok ? "" : "not ", test_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (!ok) {
		printf(" (%s:%d)", file, line);
		test_failed++;
	}
	printf("\n");
}

/* SKIP(what, why): a check that could not run, reported as TAP's
 * "ok N - what # SKIP why"; tests/run counts it as skipped, not passed. */
#define SKIP(what, ...) test_skip_(what, __VA_ARGS__)

static void test_skip_(const char *what, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), unused));
static void test_skip_(const char *what, const char *fmt, ...)
{
	va_list ap;
	test_n++;
	printf("ok %d - %s # SKIP ", test_n, what);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static int test_done(void) __attribute__((unused));
static int test_done(void)
{
	printf("1..%d\n", test_n);
	return test_failed ? 1 : 0;
}

#endif
