/* plausibility.c - scoring decoded text as Chinese, Japanese, Korean or
 * other writing against mojibake, and finding '?' marks of lost bytes. */
#include "plausibility.h"
#include "utf8.h"

#include <stdbool.h>
#include <stdint.h>

#include "cjk_frequency.inc"

enum class {
	C_HAN_FREQUENT, /* tier 2: the Hanzi of 90 % of Chinese text */
	C_HAN_COMMON,   /* tier 1: up to 99.9 % */
	C_HAN_RARE,     /* the rest of U+4E00..U+9FFF */
	C_HAN_EXT,      /* Extension A, compatibility ideographs, planes 2-3 */
	C_HANGUL,       /* the 2,350 syllables of KS X 1001 */
	C_HANGUL_RARE,  /* the other precomposed syllables */
	C_JAMO,
	C_KANA,         /* hiragana, katakana */
	C_HALF_KANA,    /* half-width katakana */
	C_CJK_PUNCT,    /* CJK symbols and punctuation, full-width forms */
	C_PUNCT,        /* general punctuation, Latin-1 symbols */
	C_LATIN,        /* accented Latin letters */
	C_GREEK_CYR,
	C_SYMBOL,       /* arrows, maths, box drawing, enclosed (①) */
	C_LETTER,       /* other scripts: Thai, Arabic, Hebrew, Indic... */
	C_EMOJI,
	C_BAD,          /* C1 controls, private use, U+FFFD, noncharacters */
	C_OTHER,
	C_COUNT
};

enum lang { L_ZH, L_JA, L_KO, L_OTHER, L_COUNT };

static const char *const lang_names[L_COUNT] = { "zh", "ja", "ko", "und" };

/* How plausible each class is in each language, in percent. */
static const unsigned char weights[L_COUNT][C_COUNT] = {
	/*            FREQ COMM RARE EXT HANG HRAR JAMO KANA HALF CJKP PUNC LAT GRCY SYM LETT EMO BAD OTH */
	[L_ZH] =    { 100, 60,  10,  5,  0,   0,   0,   10,  0,   100, 100, 30, 30,  50, 10,  50, 0,  20 },
	[L_JA] =    { 100, 50,  20,  5,  0,   0,   0,   100, 30,  100, 100, 30, 30,  50, 10,  50, 0,  20 },
	[L_KO] =    { 90,  60,  30,  5,  100, 10,  30,  10,  0,   100, 100, 30, 30,  50, 10,  50, 0,  20 },
	[L_OTHER] = { 10,  5,   0,   0,  10,  5,   10,  10,  0,   50,  100, 70, 100, 70, 100, 70, 0,  30 },
};

static bool bit(const unsigned char *map, uint32_t k)
{
	return (map[k >> 3] >> (k & 7)) & 1;
}

static enum class classify(uint32_t cp)
{
	if (cp >= 0x4E00 && cp <= 0x9FFF)
		return bit(hanzi_tier2, cp - 0x4E00) ? C_HAN_FREQUENT
		       : bit(hanzi_tier1, cp - 0x4E00) ? C_HAN_COMMON : C_HAN_RARE;
	if ((cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFF))
		return C_HAN_EXT;
	if (cp >= 0xAC00 && cp <= 0xD7A3)
		return bit(hangul_ksx1001, cp - 0xAC00) ? C_HANGUL : C_HANGUL_RARE;
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F))
		return C_JAMO;
	if (cp >= 0x3040 && cp <= 0x30FF)
		return C_KANA;
	if (cp >= 0xFF61 && cp <= 0xFF9F)
		return C_HALF_KANA;
	if ((cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF01 && cp <= 0xFF60) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFFE0 && cp <= 0xFFEE))
		return C_CJK_PUNCT;
	if ((cp >= 0x80 && cp <= 0x9F) || (cp >= 0xE000 && cp <= 0xF8FF) || cp == 0xFFFD ||
	    (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE || cp >= 0xF0000)
		return C_BAD;
	if ((cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 ||
	    (cp >= 0x2000 && cp <= 0x206F))
		return C_PUNCT;
	if ((cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x1E00 && cp <= 0x1EFF))
		return C_LATIN;
	if (cp >= 0x370 && cp <= 0x52F)
		return C_GREEK_CYR;
	if ((cp >= 0x2100 && cp <= 0x2BFF) || (cp >= 0x3200 && cp <= 0x33FF))
		return C_SYMBOL;
	if (cp >= 0x1F000 && cp <= 0x1FAFF)
		return C_EMOJI;
	if ((cp >= 0x530 && cp <= 0x10FF) || (cp >= 0x1200 && cp <= 0x1DFF) ||
	    (cp >= 0xA000 && cp <= 0xABFF))
		return C_LETTER;
	return C_OTHER;
}

/* A character that a Chinese text is made of: Hanzi or CJK punctuation. */
static bool cjk_text(enum class c)
{
	return c <= C_HAN_EXT || c == C_CJK_PUNCT;
}

/* After a '?' at s[i]: do the next few non-ASCII characters look shifted
 * (mostly rare Hanzi and symbols rather than frequent Hanzi)?  Also
 * requires CJK text right before or right after the '?'. */
static bool lost_lead_byte(const unsigned char *s, size_t len, size_t i, enum class before)
{
	size_t j = i + 1, seen = 0, good = 0;
	bool next_cjk = false;
	while (j < len && seen < 6) {
		uint32_t cp;
		if (s[j] < 0x80) {
			if (seen == 0 && s[j] != '?')
				return false; /* ASCII right after: an ordinary '?' */
			j++;
			continue;
		}
		int k = utf8_decode(s + j, len - j, &cp);
		if (k <= 0)
			break;
		enum class c = classify(cp);
		if (seen == 0)
			next_cjk = cjk_text(c);
		seen++;
		good += c == C_HAN_FREQUENT || c == C_CJK_PUNCT || c == C_KANA || c == C_HANGUL;
		j += (size_t)k;
	}
	if (seen < 3 || !(next_cjk || cjk_text(before)))
		return false;
	return good * 2 < seen;
}

void plausibility_of(const char *utf8, size_t len, struct plausibility *p)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t counts[C_COUNT] = { 0 }, n = 0;
	enum class last = C_OTHER;
	p->damaged = 0;
	p->damaged_at = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		if (s[i] < 0x80) {
			if (s[i] == '?' && lost_lead_byte(s, len, i, last)) {
				if (!p->damaged++)
					p->damaged_at = i;
			}
			if (s[i] > ' ')
				last = C_OTHER;
			i++;
			continue;
		}
		/* the common case, read inline: U+4000..U+9FFF, three bytes
		 * led by E4..E9 (no space and no overlong form among them) */
		if (s[i] >= 0xE4 && s[i] <= 0xE9 && i + 2 < len && (s[i + 1] & 0xC0) == 0x80 &&
		    (s[i + 2] & 0xC0) == 0x80) {
			cp = (uint32_t)(s[i] & 0x0F) << 12 | (uint32_t)(s[i + 1] & 0x3F) << 6 |
			     (uint32_t)(s[i + 2] & 0x3F);
			i += 3;
			if (cp >= 0x4E00) /* classify()'s first case, without the call */
				last = bit(hanzi_tier2, cp - 0x4E00) ? C_HAN_FREQUENT
				       : bit(hanzi_tier1, cp - 0x4E00) ? C_HAN_COMMON : C_HAN_RARE;
			else
				last = classify(cp);
			counts[last]++;
			n++;
			continue;
		}
		int k = utf8_decode(s + i, len - i, &cp);
		if (k <= 0) {
			counts[C_BAD]++;
			n++;
			i++;
			continue;
		}
		i += (size_t)k;
		if (utf8_is_space(cp))
			continue;
		last = classify(cp);
		counts[last]++;
		n++;
	}
	p->chars = n;
	if (n < PLAUSIBILITY_MIN_CHARS) {
		p->score = 1.0;
		p->language = lang_names[L_OTHER];
		return;
	}
	double best = -1;
	enum lang best_lang = L_OTHER;
	for (int l = 0; l < L_COUNT; l++) {
		double sum = 0;
		for (int c = 0; c < C_COUNT; c++)
			sum += (double)weights[l][c] * (double)counts[c];
		double score = sum / (100.0 * (double)n);
		/* Japanese is written with kana, Korean with Hangul: without
		 * them, Kanji or Hanja alone are Chinese. */
		if (l == L_JA && counts[C_KANA] * 20 < n)
			score *= 0.5;
		if (l == L_KO && counts[C_HANGUL] * 5 < n)
			score *= 0.5;
		if (score > best) {
			best = score;
			best_lang = (enum lang)l;
		}
	}
	p->score = best;
	p->language = lang_names[best_lang];
	/* the shifted pairs of a lost lead byte are a GBK/Big5 failure */
	if (best_lang != L_ZH)
		p->damaged = p->damaged_at = 0;
}

int plausibility_ok(const struct plausibility *p)
{
	return p->score >= PLAUSIBILITY_THRESHOLD && p->damaged == 0;
}
