/* similar.c - the share of character bigrams two texts have in common. */
#include "similar.h"
#include "utf8.h"

#include <stdint.h>
#include <string.h>

#define MAP_BITS 65536

/* Set the bit of every bigram of s; returns how many bigrams. */
static size_t bigrams(const char *s, size_t len, unsigned char map[MAP_BITS / 8])
{
	const unsigned char *p = (const unsigned char *)s;
	uint32_t prev = 0, cp;
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		int k = utf8_decode(p + i, len - i, &cp);
		if (k <= 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		if (utf8_is_space(cp))
			continue;
		if (prev) {
			uint32_t h = (prev * 2654435761u) ^ (cp * 40503u);
			h = (h ^ (h >> 16)) & (MAP_BITS - 1);
			map[h >> 3] |= (unsigned char)(1u << (h & 7));
			n++;
		}
		prev = cp;
	}
	return n;
}

static size_t count_common(const unsigned char *x, const unsigned char *y, size_t *in_x)
{
	size_t both = 0, ones = 0;
	for (size_t i = 0; i < MAP_BITS / 8; i++) {
		both += (size_t)__builtin_popcount(x[i] & y[i]);
		ones += (size_t)__builtin_popcount(x[i]);
	}
	*in_x = ones;
	return both;
}

double text_shared(const char *a, size_t alen, const char *b, size_t blen)
{
	unsigned char ma[MAP_BITS / 8], mb[MAP_BITS / 8];
	memset(ma, 0, sizeof(ma));
	memset(mb, 0, sizeof(mb));
	size_t na = bigrams(a, alen, ma), nb = bigrams(b, blen, mb);
	if (!na || !nb)
		return 1.0;
	size_t in_a, in_b;
	size_t both = count_common(ma, mb, &in_a);
	(void)count_common(mb, mb, &in_b);
	size_t smaller = in_a < in_b ? in_a : in_b;
	return smaller ? (double)both / (double)smaller : 1.0;
}
