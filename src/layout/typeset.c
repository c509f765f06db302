/* typeset.c - one paragraph into justified lines of glyph runs. */
#include "typeset.h"
#include "linebreak.h"
#include "../util.h"
#include "../utf8.h"

#include <stdlib.h>
#include <string.h>

enum cls { CLS_CJK, CLS_LATIN, CLS_SPACE, CLS_NEWLINE };

/* What one code point of the paragraph became. */
struct ch {
	uint32_t cp;
	size_t off, len;
	enum cls cls;
	enum font_role font;
	unsigned style;
	const char *href;
	double w;   /* advance, pt */
	double gap; /* fixed space before it (Han-Latin quarter em), pt */
};

/* Set in the CJK face: CJK characters, CJK and full-width punctuation, and
 * the quotation marks, dashes, ellipsis and middle dot of Chinese text. */
static bool cjk_face(uint32_t cp)
{
	return utf8_is_cjk(cp) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D || cp == 0x2014 ||
	       cp == 0x2026 || cp == 0x00B7 || (cp >= 0x3100 && cp <= 0x312F) ||
	       (cp >= 0xFE30 && cp <= 0xFE4F);
}

/* Letters and digits: what gets a quarter em from neighbouring Han. */
static bool alnum_latin(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
	       (cp >= 0xC0 && cp <= 0x24F) || (cp >= 0x370 && cp <= 0x4FF);
}

static enum font_role pick_face(const struct face_choice *f, unsigned style, bool cjk)
{
	if (style & STYLE_CODE)
		return cjk ? f->cjk : f->mono;
	if (style & STYLE_STRONG)
		return cjk ? f->cjk_strong : f->latin_strong;
	if (style & STYLE_EMPH)
		return cjk ? f->cjk_emph : f->latin_emph;
	return cjk ? f->cjk : f->latin;
}

static void note_missing(struct set_para *p, uint32_t cp)
{
	for (size_t i = 0; i < p->nmissing; i++)
		if (p->missing[i] == cp)
			return;
	p->missing = xgrow(p->missing, p->nmissing, sizeof(*p->missing));
	p->missing[p->nmissing++] = cp;
}

/* The face that draws cp: the style's face, else the other script's face,
 * else the rare-character faces.  *adv receives its advance. */
static enum font_role choose_font(const struct measurer *m, const struct para_style *ps,
				  unsigned style, uint32_t cp, int *adv, struct set_para *p)
{
	bool cjk = cjk_face(cp);
	/* The style's face, the other script's, then every face with wide
	 * coverage: WenQuanYi has Hangul and kana, DejaVu Sans Hebrew, Greek
	 * and Cyrillic, HanaMin the rare ideographs. */
	enum font_role tries[] = { pick_face(&ps->faces, style, cjk),
				   pick_face(&ps->faces, style & STYLE_CODE, !cjk),
				   FONT_SANS,
				   FONT_LATIN_SANS,
				   FONT_RARE,
				   FONT_RARE_B,
				   FONT_MONO };
	for (size_t i = 0; i < ARRAY_SIZE(tries); i++) {
		int a = m->advance(m->ctx, tries[i], cp);
		if (a >= 0) {
			*adv = a;
			return tries[i];
		}
	}
	note_missing(p, cp);
	*adv = cjk ? 1000 : 500;
	return tries[0];
}

static void add_run(struct set_line *l, const struct set_run *r)
{
	l->runs = xgrow(l->runs, l->nruns, sizeof(*l->runs));
	l->runs[l->nruns++] = *r;
}

/* May the gap before chars[j] (inside a line) widen in justification? */
static bool stretchable(const struct ch *c, size_t j)
{
	if (c[j].cls == CLS_SPACE)
		return false;
	if (c[j - 1].cls == CLS_LATIN && c[j].cls == CLS_LATIN)
		return false; /* inside a Latin word or number */
	return true;
}

/* Lay out chars[a..b) as one line: positions, then runs. */
static void set_line(struct set_para *p, const struct ch *c, size_t a, size_t b, double avail,
		     double offset, const struct para_style *ps, bool last, bool compressed)
{
	struct set_line line = { 0 };
	size_t end = b;
	while (end > a && (c[end - 1].cls == CLS_SPACE || c[end - 1].cls == CLS_NEWLINE))
		end--;
	line.start = a < (size_t)-1 ? c[a].off : 0;
	line.end = b > a ? c[b - 1].off + c[b - 1].len : line.start;
	line.last = last;
	line.compressed = compressed;

	double natural = 0;
	size_t nstretch = 0;
	for (size_t j = a; j < end; j++) {
		if (j > a) {
			natural += c[j].gap;
			if (stretchable(c, j))
				nstretch++;
		}
		natural += c[j].w;
	}
	if (compressed && end > a)
		natural -= c[end - 1].w / 2;
	line.width = natural;

	double per = 0, x = offset;
	if (ps->center)
		x += (avail - natural) / 2;
	else if (ps->right)
		x += avail - natural;
	else if (ps->justify && !last && nstretch && natural < avail)
		per = (avail - natural) / (double)nstretch;

	/* Each glyph's position, then runs of glyphs that one text-showing
	 * operation can draw: one face and style, and the same space after
	 * every glyph (the run's char_space). */
	struct set_run run = { 0 };
	size_t count = 0;
	for (size_t j = a; j < end; j++) {
		double step = j > a ? c[j].gap + (stretchable(c, j) ? per : 0) : 0;
		if (j > a)
			x += c[j - 1].w + step;
		bool joins = count > 0 && c[j].font == run.font && c[j].style == run.style &&
			     c[j].href == run.href &&
			     (count == 1 || (step - run.char_space < 1e-9 && run.char_space - step < 1e-9));
		if (joins) {
			if (count == 1)
				run.char_space = step;
			run.end = c[j].off + c[j].len;
			run.width += run.char_space + c[j].w;
			count++;
			continue;
		}
		if (count)
			add_run(&line, &run);
		memset(&run, 0, sizeof(run));
		run.start = c[j].off;
		run.end = c[j].off + c[j].len;
		run.font = c[j].font;
		run.style = c[j].style;
		run.href = c[j].href;
		run.x = x;
		run.width = c[j].w;
		count = 1;
	}
	if (count)
		add_run(&line, &run);
	/* A space that ended a line still belongs to its text (extraction). */
	(void)avail;
	p->lines = xgrow(p->lines, p->nlines, sizeof(*p->lines));
	p->lines[p->nlines++] = line;
}

int typeset_paragraph(const char *text, size_t len, const struct span *spans, size_t nspans,
		      const struct para_style *ps, const struct measurer *m, struct set_para *out)
{
	struct ch *c = NULL;
	uint32_t *cps = NULL;
	bool *brk = NULL;
	size_t n = 0, cap = 0, i = 0;

	memset(out, 0, sizeof(*out));
	out->text = xstrndup(text, len);
	out->len = len;
	while (i < len) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)text + i, len - i, &cp);
		if (k < 0) {
			cp = 0xFFFD;
			k = 1;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			c = xrealloc(c, cap * sizeof(*c));
		}
		struct ch *h = &c[n];
		memset(h, 0, sizeof(*h));
		h->cp = cp;
		h->off = i;
		h->len = (size_t)k;
		for (size_t s = 0; s < nspans; s++)
			if (spans[s].start <= i && i < spans[s].end) {
				h->style |= spans[s].style;
				if (spans[s].href)
					h->href = spans[s].href;
			}
		if (cp == '\n') {
			h->cls = CLS_NEWLINE;
		} else if (utf8_is_space(cp)) {
			h->cls = CLS_SPACE;
		} else {
			h->cls = cjk_face(cp) ? CLS_CJK : CLS_LATIN;
		}
		int adv = 0;
		if (h->cls == CLS_NEWLINE) {
			h->font = ps->faces.latin;
		} else if (h->cls == CLS_SPACE) {
			h->font = pick_face(&ps->faces, h->style, cp == 0x3000);
			adv = m->advance(m->ctx, h->font, cp == 0x3000 ? 0x3000 : ' ');
			if (adv < 0)
				adv = cp == 0x3000 ? 1000 : 250;
		} else {
			h->font = choose_font(m, ps, h->style, cp, &adv, out);
		}
		h->w = adv * ps->size / 1000.0;
		i += (size_t)k;
		n++;
	}
	/* A quarter em between Han and Latin letters or digits, where no
	 * space already separates them. */
	for (size_t j = 1; j < n; j++) {
		uint32_t a = c[j - 1].cp, b = c[j].cp;
		if ((utf8_is_han(a) && alnum_latin(b)) || (alnum_latin(a) && utf8_is_han(b)))
			c[j].gap = ps->size / 4;
	}
	cps = xmalloc((n ? n : 1) * sizeof(*cps));
	brk = xmalloc((n ? n : 1) * sizeof(*brk));
	for (size_t j = 0; j < n; j++)
		cps[j] = c[j].cp;
	lb_opportunities(cps, n, brk);

	/* Greedy fitting, line by line. */
	size_t a = 0;
	bool first = true;
	while (a < n) {
		if (!first)
			while (a < n && c[a].cls == CLS_SPACE)
				a++;
		if (a >= n)
			break;
		double indent = first ? ps->indent : 0;
		double avail = ps->width - indent;
		double x = 0;
		size_t best = 0; /* a line may end before c[best] */
		size_t b = n;
		bool compressed = false, forced = false;
		for (size_t j = a; j < n; j++) {
			if (c[j].cls == CLS_NEWLINE) {
				b = j + 1;
				forced = true;
				break;
			}
			if (j > a && brk[j])
				best = j;
			x += (j > a ? c[j].gap : 0) + c[j].w;
			if (c[j].cls == CLS_SPACE || x <= avail + 1e-6)
				continue;
			/* Over the measure at c[j]. */
			if (lb_compressible(c[j].cp) && x - c[j].w / 2 <= avail + 1e-6 &&
			    (j + 1 == n || brk[j + 1] || c[j + 1].cls == CLS_SPACE)) {
				b = j + 1;
				compressed = true;
			} else if (best > a) {
				b = best;
				/* The line now ends at c[best-1]: compressed if that
				 * is what makes it fit. */
			} else {
				b = j > a ? j : j + 1; /* nothing allowed: cut */
			}
			break;
		}
		/* The last line: nothing but white space after it. */
		size_t rest = b;
		while (rest < n && c[rest].cls == CLS_SPACE)
			rest++; /* (a hard break after it still makes another line) */
		bool last = rest >= n;
		set_line(out, c, a, b, avail, indent, ps, last || forced, compressed);
		a = b;
		first = false;
	}
	free(c);
	free(cps);
	free(brk);
	return 0;
}

void set_para_release(struct set_para *p)
{
	for (size_t i = 0; i < p->nlines; i++)
		free(p->lines[i].runs);
	free(p->lines);
	free(p->text);
	free(p->missing);
	memset(p, 0, sizeof(*p));
}

double measure_text(const struct measurer *m, enum font_role role, double size, const char *text)
{
	size_t len = strlen(text), i = 0;
	double w = 0;
	while (i < len) {
		uint32_t cp;
		int k = utf8_decode((const unsigned char *)text + i, len - i, &cp);
		if (k < 0) {
			k = 1;
			cp = 0xFFFD;
		}
		int a = m->advance(m->ctx, role, cp);
		w += (a < 0 ? 1000 : a) * size / 1000.0;
		i += (size_t)k;
	}
	return w;
}
