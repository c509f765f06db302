/* hyphenate.c - English hyphenation points through libhyphen. */
#include "hyphenate.h"

#include <errno.h>
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hyphenator {
	HyphenDict *dict;
};

struct hyphenator *hyphenator_open(const char *path, struct ferr *e)
{
	/* libhyphen reports nothing but NULL: check the file first so the
	 * message can say why. */
	FILE *f = fopen(path, "r");
	if (!f) {
		ferr_set(e, FOLIO_EIO, "hyphenation patterns %s: %s", path, strerror(errno));
		return NULL;
	}
	fclose(f);
	HyphenDict *dict = hnj_hyphen_load(path);
	if (!dict) {
		ferr_set(e, FOLIO_EIO, "hyphenation patterns %s: not a libhyphen dictionary", path);
		return NULL;
	}
	struct hyphenator *h = xmalloc(sizeof(*h));
	h->dict = dict;
	return h;
}

void hyphenator_close(struct hyphenator *h)
{
	if (!h)
		return;
	hnj_hyphen_free(h->dict);
	free(h);
}

enum { MIN_WORD = 5, MAX_WORD = 60, LEFT_MIN = 2, RIGHT_MIN = 3 };

size_t hyphenator_points(const struct hyphenator *h, const char *w, size_t n, bool *at)
{
	for (size_t i = 0; i < n; i++)
		at[i] = false;
	if (!h || n < MIN_WORD || n > MAX_WORD)
		return 0;
	char lower[MAX_WORD + 1], hyphens[MAX_WORD + 5];
	int capitals = 0;
	for (size_t i = 0; i < n; i++) {
		char c = w[i];
		if (c >= 'A' && c <= 'Z') {
			capitals++;
			c = (char)(c - 'A' + 'a');
		} else if (c < 'a' || c > 'z') {
			return 0;
		}
		lower[i] = c;
	}
	lower[n] = '\0';
	if (capitals > 1)
		return 0;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL;
	if (hnj_hyphen_hyphenate3(h->dict, lower, (int)n, hyphens, NULL, &rep, &pos, &cut,
				  LEFT_MIN, RIGHT_MIN, LEFT_MIN, RIGHT_MIN) != 0) {
		free(rep);
		free(pos);
		free(cut);
		return 0;
	}
	/* Non-standard hyphenation (replacements) does not happen in English;
	 * if a dictionary asks for it, leave the word alone. */
	size_t count = 0;
	if (!rep) {
		/* hyphens[i] odd: a break after lower[i]. */
		for (size_t i = LEFT_MIN - 1; i + RIGHT_MIN < n; i++)
			if (hyphens[i] & 1) {
				at[i + 1] = true;
				count++;
			}
	} else {
		for (size_t i = 0; i < n; i++)
			free(rep[i]);
	}
	free(rep);
	free(pos);
	free(cut);
	return count;
}
