/* typeset.c - one paragraph into justified lines of glyph runs. */
#include "typeset.h"
#include "linebreak.h"
#include "../util.h"
#include "../text.h"
#include "../utf8.h"

#include <math.h>
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
	bool elided; /* a space beside full-width punctuation: not printed */
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
/* Full-width opening and closing punctuation: brackets, quotes and stops
 * whose glyph holds its own blank half. */
static bool fw_opening(uint32_t cp)
{
	return cp >= 0x2000 && lb_no_end(cp);
}

static bool fw_closing(uint32_t cp)
{
	return lb_compressible(cp);
}

static bool stretchable(const struct ch *c, size_t j)
{
	if (c[j].cls == CLS_SPACE)
		return false;
	if (c[j - 1].cls == CLS_LATIN && c[j].cls == CLS_LATIN)
		return false; /* inside a Latin word or number */
	/* An opening bracket or quote stays with what it encloses, closing
	 * punctuation with the Latin word it follows (the few gaps of a line
	 * with Latin in it may open wide), and —— and …— are one mark each. */
	size_t k = j - 1;
	while (k > 0 && c[k].elided)
		k--;
	uint32_t a = c[k].cp, b = c[j].cp;
	if (fw_opening(a) || (fw_closing(b) && c[k].cls == CLS_LATIN) ||
	    (a == b && (b == 0x2014 || b == 0x2026)))
		return false;
	return true;
}

/* Lay out chars[a..b) as one line: positions, then runs. */
static void set_line(struct set_para *p, const struct ch *c, size_t a, size_t b, double avail,
		     double offset, const struct para_style *ps, bool last, bool compressed,
		     double hyphen)
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
	natural += hyphen;
	line.width = natural;

	/* Too wide by a little: the Han-Latin quarter ems give up to half of
	 * themselves (the line breaker only chose this line because they can). */
	double shrink = 0;
	size_t ngaps = 0;
	for (size_t j = a + 1; j < end; j++)
		if (c[j].gap > 0)
			ngaps++;
	if (natural > avail && ngaps) {
		shrink = (natural - avail) / (double)ngaps;
		if (shrink > ps->size / 8)
			shrink = ps->size / 8;
		natural -= shrink * (double)ngaps;
	}

	double per = 0, x = offset;
	if (ps->center)
		x += (avail - natural) / 2;
	else if (ps->right)
		x += avail - natural;
	else if (ps->justify && !last && nstretch && natural < avail)
		per = (avail - natural) / (double)nstretch;
	line.stretch = per;

	/* Each glyph's position, then runs of glyphs that one text-showing
	 * operation can draw: one face and style, and the same space after
	 * every glyph (the run's char_space). */
	struct set_run run = { 0 };
	size_t count = 0;
	for (size_t j = a; j < end; j++) {
		double step = j > a ? c[j].gap - (c[j].gap > 0 ? shrink : 0) +
					      (stretchable(c, j) ? per : 0)
				    : 0;
		if (j > a)
			x += c[j - 1].w + step;
		if (c[j].elided) { /* not drawn: the runs around it part */
			if (count)
				add_run(&line, &run);
			count = 0;
			continue;
		}
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
	if (hyphen > 0 && end > a) {
		line.hyphen = true;
		line.hyphen_x = x + c[end - 1].w;
		line.hyphen_font = c[end - 1].font;
	}
	/* A space that ended a line still belongs to its text (extraction). */
	(void)avail;
	p->lines = xgrow(p->lines, p->nlines, sizeof(*p->lines));
	p->lines[p->nlines++] = line;
}

/* ---- hyphenation ----------------------------------------------------------- */

/* ASCII punctuation that may cling to either end of a word. */
static bool word_punct(uint32_t cp)
{
	return cp && cp < 0x80 && strchr("\"'()[].,;:!?", (int)cp);
}

/* For every Latin run that is one English word (ASCII letters, with
 * punctuation at its ends only), set hyw[j] to the width of the hyphen a
 * line ending before c[j] would take, where the patterns allow that. */
static void hyphen_points(const struct ch *c, size_t n, const struct para_style *ps,
			  const struct measurer *m, double *hyw)
{
	char word[64];
	bool at[64];
	for (size_t j = 0; j < n;) {
		if (c[j].cls != CLS_LATIN) {
			j++;
			continue;
		}
		size_t r0 = j, r1 = j;
		while (r1 < n && c[r1].cls == CLS_LATIN)
			r1++;
		j = r1;
		while (r0 < r1 && word_punct(c[r0].cp))
			r0++;
		while (r1 > r0 && word_punct(c[r1 - 1].cp))
			r1--;
		size_t len = r1 - r0;
		if (len >= sizeof(word))
			continue;
		bool letters = true;
		for (size_t k = 0; k < len && letters; k++) {
			uint32_t cp = c[r0 + k].cp;
			letters = ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) &&
				  !(c[r0 + k].style & STYLE_CODE) && !c[r0 + k].href;
			word[k] = (char)cp;
		}
		if (!letters || !hyphenator_points(ps->hyph, word, len, at))
			continue;
		for (size_t k = 1; k < len; k++) {
			if (!at[k])
				continue;
			int adv = m->advance(m->ctx, c[r0 + k - 1].font, '-');
			if (adv > 0)
				hyw[r0 + k] = adv * ps->size / 1000.0;
		}
	}
}

/* ---- choosing the breaks ---------------------------------------------------
 *
 * Breaks are chosen for the whole paragraph at once, after Knuth and Plass:
 * among all ways to break it where clreq allows, the one with the least
 * total demerits, a line's demerits growing with the cube of how far its
 * gaps must open.  A line of Han characters has little to give, so where a
 * long number or Latin word will not fit, the greedy choice leaves one line
 * very loose; looking ahead spreads that space over the lines before it or
 * moves a break so that no line has to take it all. */

static size_t skip_spaces(const struct ch *c, size_t n, size_t a)
{
	while (a < n && c[a].cls == CLS_SPACE)
		a++;
	return a;
}

/* Demerits of a line of natural width `natural` with slack to spread over
 * `stretch` gaps. */
static double demerits(double natural, size_t stretch, double shrink, double avail,
		       double size, bool last, bool justify)
{
	double slack = avail - natural;
	if (slack < -0.01) /* shrunk: shrink (> 0) is what it could give */
		return 1 + 100 * pow(-slack / shrink, 3);
	if (last || !justify || slack < 0.01)
		return 1;
	/* What a gap may comfortably open: a tenth of an em. */
	double comfort = size * 0.1 * (double)(stretch ? stretch : 1) / (stretch ? 1 : 10);
	double r = slack / comfort;
	double bad = r > 100 ? 1e8 : 100 * r * r * r;
	return (1 + bad) * (1 + bad);
}

/* The best way found to break [s, j): its demerits (< 0: none yet), where
 * its last line began, whether that line was cut where clreq gives no break
 * (a word wider than the column) and whether it ends compressed. */
struct fit_node {
	double demerits;
	size_t from;
	bool cut, compressed;
	double hyphen; /* the width of the hyphen it ends with, or 0 */
};

/* Break chars [s, e) (e is n or one past a hard break) into lines and set
 * them.  Lines end where brk[] allows or at e; a line that cannot reach
 * any such place is cut where the measure runs out, at a cost that makes
 * every other way better. */
static void fit_segment(struct set_para *p, const struct ch *c, size_t n, size_t s, size_t e,
			const bool *brk, const double *hyw, const struct para_style *ps, bool first)
{
	size_t len = e - s;
	struct fit_node *node = xmalloc((len + 1) * sizeof(*node));
	for (size_t k = 0; k <= len; k++)
		node[k].demerits = -1;
	node[0] = (struct fit_node){ 0, 0, false, false, 0 };
	bool hard = c[e - 1].cls == CLS_NEWLINE;
	bool end_last = skip_spaces(c, n, e) >= n || hard;

	for (size_t i = 0; i < len; i++) {
		if (node[i].demerits < 0)
			continue;
		bool at_start = i == 0 && first;
		size_t a = at_start ? s : skip_spaces(c, e, s + i);
		double avail = ps->width - (at_start ? ps->indent : 0);
		if (a >= e) { /* only spaces left: they end the line before */
			if (node[len].demerits < 0 || node[i].demerits < node[len].demerits)
				node[len] = (struct fit_node){ node[i].demerits, i, false, false, 0 };
			continue;
		}
		/* Lines [a, j): widths to the last character that is not white
		 * space, grown one character at a time. */
		double x = 0, natural = 0, gaps = 0, gaps_ink = 0;
		size_t stretch = 0, stretch_ink = 0, fit_end = a;
		bool any = false;
		for (size_t j = a; j < e; j++) {
			if (j > a) {
				x += c[j].gap;
				gaps += c[j].gap;
				if (stretchable(c, j))
					stretch++;
			}
			x += c[j].w;
			bool ink = c[j].cls != CLS_SPACE && c[j].cls != CLS_NEWLINE;
			if (ink) {
				natural = x;
				stretch_ink = stretch;
				gaps_ink = gaps;
			}
			double shrink = gaps_ink / 2; /* what set_line may take back */
			size_t k = j + 1; /* a line [a, k) */
			bool compressed = false;
			double w = natural;
			if (w > avail + 1e-6 && ink && lb_compressible(c[j].cp) &&
			    w - c[j].w / 2 - shrink <= avail + 1e-6) {
				w -= c[j].w / 2;
				compressed = true;
			}
			if (w - shrink > avail + 1e-6)
				break;
			fit_end = k;
			/* Inside a word where the patterns allow: with a hyphen. */
			double hy = k < e && !brk[k] ? hyw[k] : 0;
			if (k < e && !brk[k] && (hy <= 0 || w + hy - shrink > avail + 1e-6))
				continue;
			any = true;
			bool last = k == e ? end_last : skip_spaces(c, n, k) >= n;
			double d = node[i].demerits + demerits(w + hy, stretch_ink, shrink, avail,
							       ps->size, last, ps->justify);
			/* A word broken, after its own hyphen or with one added:
			 * only to save a looser line (TeX's \hyphenpenalty and
			 * \exhyphenpenalty, in demerits). */
			if (k < e && c[k - 1].cls == CLS_LATIN && c[k].cls == CLS_LATIN)
				d += 3000;
			struct fit_node *t = &node[k - s];
			if (t->demerits < 0 || d < t->demerits)
				*t = (struct fit_node){ d, i, false, compressed, hy };
		}
		if (!any) {
			size_t k = fit_end > a ? fit_end : a + 1;
			double d = node[i].demerits + 1e18;
			struct fit_node *t = &node[k - s];
			if (t->demerits < 0 || d < t->demerits)
				*t = (struct fit_node){ d, i, true, false, 0 };
		}
	}
	/* Walk back from the end, then set the lines in order. */
	size_t nl = 0;
	size_t *ends = xmalloc((len + 1) * sizeof(*ends));
	for (size_t k = len; k > 0; k = node[k].from)
		ends[nl++] = k;
	for (size_t l = nl; l-- > 0;) {
		size_t k = ends[l], i = node[k].from;
		bool at_start = i == 0 && first;
		size_t a = at_start ? s : skip_spaces(c, e, s + i);
		if (a >= e)
			continue;
		bool last = k == len ? end_last : skip_spaces(c, n, s + k) >= n;
		set_line(p, c, a, s + k, ps->width - (at_start ? ps->indent : 0),
			 at_start ? ps->indent : 0, ps, last, node[k].compressed, node[k].hyphen);
	}
	free(ends);
	free(node);
}

static void fit_paragraph(struct set_para *p, const struct ch *c, size_t n, const bool *brk,
			  const double *hyw, const struct para_style *ps)
{
	size_t s = 0;
	bool first = true;
	while (s < n) {
		size_t e = s;
		while (e < n && c[e].cls != CLS_NEWLINE)
			e++;
		if (e < n)
			e++; /* the hard break ends its line */
		if (!first)
			s = skip_spaces(c, n, s);
		if (s < e)
			fit_segment(p, c, n, s, e, brk, hyw, ps, first);
		first = false;
		s = e;
	}
}

int typeset_paragraph(const char *text, size_t len, const struct span *spans, size_t nspans,
		      const struct para_style *ps, const struct measurer *m, struct set_para *out)
{
	struct ch *c = NULL;
	uint32_t *cps = NULL;
	bool *brk = NULL;
	size_t n = 0, cap = 0, i = 0;

	memset(out, 0, sizeof(*out));
	struct span *moved = NULL;
	if (ps->cjk_punct) {
		/* Printed with full-width punctuation between Han; the spans
		 * follow their characters to where they went. */
		size_t *map = xmalloc((len + 1) * sizeof(*map));
		out->text = text_cjk_punct_map(text, len, map);
		out->len = map[len];
		moved = xmalloc((nspans ? nspans : 1) * sizeof(*moved));
		for (size_t s = 0; s < nspans; s++) {
			moved[s] = spans[s];
			moved[s].start = map[spans[s].start < len ? spans[s].start : len];
			moved[s].end = map[spans[s].end < len ? spans[s].end : len];
		}
		free(map);
		spans = moved;
	} else {
		out->text = xstrndup(text, len);
		out->len = len;
	}
	text = out->text;
	len = out->len;
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
	/* A space beside full-width punctuation ("bullseye 。", "“ SOURCE",
	 * "。 下") would add to the blank the punctuation's glyph already
	 * holds: it is not printed (the stored text keeps it). */
	for (size_t j = 0; j < n; j++) {
		if (c[j].cp != ' ')
			continue;
		size_t p0 = j, q = j;
		while (p0 > 0 && c[p0 - 1].cls == CLS_SPACE)
			p0--;
		while (q < n && c[q].cls == CLS_SPACE)
			q++;
		uint32_t before = p0 > 0 ? c[p0 - 1].cp : 0, after = q < n ? c[q].cp : 0;
		if (fw_opening(before) || fw_closing(before) || fw_opening(after) || fw_closing(after)) {
			c[j].elided = true;
			c[j].w = 0;
		}
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

	double *hyw = xcalloc(n ? n : 1, sizeof(*hyw));
	if (ps->hyph)
		hyphen_points(c, n, ps, m, hyw);
	fit_paragraph(out, c, n, brk, hyw, ps);
	free(moved);
	free(hyw);
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
