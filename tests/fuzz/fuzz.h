/*
 * fuzz.h - what every libFuzzer harness in tests/fuzz/ shares: the input
 * size limit, a NUL-terminated copy of the input (every real caller hands
 * the readers a buffer with a terminator after len bytes, so the copy has
 * exactly one: reading past it is still caught), and invariant checks that
 * abort with a message libFuzzer saves as a crash.
 *
 * Harnesses keep no state between inputs: everything they allocate is
 * freed before LLVMFuzzerTestOneInput returns.
 */
#ifndef FOLIO_FUZZ_H
#define FOLIO_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Inputs over this are not worth the time: every reader is linear or
 * close to it, and real articles are far smaller. */
#define FUZZ_MAX_INPUT (1u << 20)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A heap copy of data[0..size) with a NUL after it; caller frees. */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Whether the known library bug `id` (a file name under regressions/,
 * e.g. "dates-stale-seconds") is to be let through, so a run can look
 * past it: FOLIO_FUZZ_TOLERATE="id,id".  Off by default. */
static inline int fuzz_tolerate(const char *id)
{
	const char *list = getenv("FOLIO_FUZZ_TOLERATE");
	size_t n = strlen(id);
	for (const char *p = list; p && (p = strstr(p, id)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

/* An invariant the library promises; a violation is a finding. */
#define FUZZ_CHECK(cond, ...)                                                          \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: invariant failed: ", __FILE__,         \
				__LINE__);                                             \
			fprintf(stderr, __VA_ARGS__);                                  \
			fprintf(stderr, " [%s]\n", #cond);                             \
			abort();                                                       \
		}                                                                      \
	} while (0)

#endif
