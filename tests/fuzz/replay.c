/*
 * replay.c - runs a libFuzzer harness over files without libFuzzer, so
 * that `make check` (gcc, and ASan/UBSan when SANITIZE is set) replays the
 * committed seeds and every input that once broke folio.  Prints TAP: one
 * line per file; a crash ends the program, which tests/run counts as a
 * failure.
 *
 * usage: replay_NAME FILE...
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int n = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			printf("not ok %d - cannot read %s\n", ++n, argv[i]);
			continue;
		}
		size_t cap = 1 << 16, len = 0;
		uint8_t *buf = malloc(cap);
		size_t got;
		while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
			len += got;
			if (len == cap)
				buf = realloc(buf, cap *= 2);
		}
		fclose(f);
		if (!buf)
			abort();
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
		printf("ok %d - replayed %s\n", ++n, argv[i]);
	}
	printf("1..%d\n", n);
	return 0;
}
