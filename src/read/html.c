/*
 * html.c - reads a saved HTML news page: finds the article among the site's
 * navigation, related links, comments and footer, and writes its metadata
 * and its text as Markdown.  The only file that includes libxml2.
 *
 * The rules know page layouts in general, not particular sites:
 *
 *  1. libxml2 parses the page as UTF-8 whatever it declares, recovering
 *     from broken markup.  Never visible: script, style, noscript, iframe,
 *     object, svg, form controls, anything hidden (hidden attribute,
 *     display:none, visibility:hidden).  Chrome: nav, header, footer,
 *     aside, menu, and elements whose class or id says navigation, footer,
 *     sharing, related or recommended links, sidebars, ads, tags or
 *     copyright, unless it also says article, content, main, text, body,
 *     post, detail or 正文; chrome that holds half of the page's prose is
 *     not chrome after all.  Comment areas are chrome whatever they say.
 *  2. Text is weighed per block (the text between block boundaries): Han
 *     characters three, letters and digits one.  A block is prose when it
 *     weighs 30 with punctuation, or 75; a heading never is.  An element's
 *     score is its prose (plus three per punctuation mark), less all the
 *     text of its links and chrome, less half of its other text (labels,
 *     bylines, counters), plus a little per image outside a link.  The
 *     block element with the best score, a fifth better with an article-
 *     like class or id and a fifth worse with a chrome-like one, is the
 *     article; the innermost wins a tie.
 *  3. The article is written leaving out chrome, blocks with more link text
 *     than other text, and the title heading.  At both ends of the body,
 *     paragraphs that are metadata (来源：, 责任编辑：, 作者：, a date line,
 *     a byline "新华社记者 张三", 原标题：) are read, not written; so are
 *     toolbars ("【打印】【关闭】"), the title again and scraps of widgets
 *     (four letters or fewer, no punctuation), and at the end any heading.
 *     A bracketed field closing the last paragraph ("（责任编辑：李梦）") is
 *     read and cut.
 *  4. The title is og:title (unless it is the site's part of <title>, or a
 *     heading extends it: a truncated attribute); else the longest h1-h3
 *     heading that is part of <title>; else <title> split at "_", "|",
 *     " - ", "--", "—" and the like, keeping the part a heading repeats,
 *     or the longest.
 *  5. The time: meta article:published_time, pubdate, publishdate,
 *     og:release_date and kin, JSON-LD datePublished, a <time datetime>
 *     outside links and chrome, else the first date in the metadata lines.
 *     A meta date without a time of day takes it from those lines when they
 *     give the same day.
 *  6. Metadata lines ("来源：X 作者：Y 责任编辑：Z") are read between the
 *     title and the article, at its ends and just after it; meta
 *     name=author counts when no byline names anyone and it is not the
 *     site's name (a part of <title>), the source or the editor.
 *  7. The Markdown: paragraphs separated by blank lines, "## " headings (a
 *     short paragraph that is all bold is a heading too), "- " and "1. "
 *     lists, "> " quotes, [text](url) links and ![alt](src) images with
 *     URLs made absolute against <base> or the page's canonical URL, <br> a
 *     hard line break (two make a new paragraph), <pre> a fenced block.
 *     Markdown metacharacters in the text are escaped, so the Markdown
 *     renders back to the page's words.
 */
#include "html.h"
#include "dates.h"
#include "../buf.h"
#include "../utf8.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

/* Elements nested deeper than this are ignored (the recursion's bound). */
#define MAX_DEPTH 512
/* Below this depth the tree is flattened before it is read (flatten_deep),
 * so no text is lost to MAX_DEPTH. */
#define FLAT_DEPTH 400
/* Weights of a character in the score. */
#define W_HAN 3
#define W_WORD 1
#define W_PUNCT 3
#define W_IMAGE 3
/* A prose block: this much text (in weight) with punctuation, or more. */
#define PROSE_MIN 30
#define PROSE_LONG 75
/* The article must have at least this much prose (in weight). */
#define ARTICLE_MIN 60
/* Metadata lines are at most this many code points long. */
#define META_MAX_CP 100
/* A paragraph that is all bold is a heading when at most this long. */
#define BOLD_HEADING_MAX_CP 30

/* ---- characters ---------------------------------------------------------- */

static uint32_t cp_at(const char *s, size_t len, size_t i, size_t *w)
{
	uint32_t cp;
	int n;
	if (i >= len) {
		*w = 0;
		return 0;
	}
	n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
	if (n < 0) {
		*w = 1;
		return 0xFFFD;
	}
	*w = (size_t)n;
	return cp;
}

static uint32_t cp_before(const char *s, size_t i, size_t *w)
{
	size_t j = i;
	if (!i) {
		*w = 0;
		return 0;
	}
	do
		j--;
	while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80);
	return cp_at(s, i, j, w);
}

static bool is_ws(uint32_t cp)
{
	return cp == '\r' || cp == '\n' || cp == '\t' || cp == '\f' || utf8_is_space(cp);
}

/* Characters between which a line break in the source is not a space. */
static bool is_cjkish(uint32_t cp)
{
	return utf8_is_cjk(cp) || (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	       cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 || cp == 0x2014 ||
	       cp == 0x2026;
}

static bool is_punct(uint32_t cp)
{
	switch (cp) {
	case 0x3002: case 0xFF0C: case 0x3001: case 0xFF1B: case 0xFF1A: case 0xFF01:
	case 0xFF1F: case 0x201C: case 0x201D: case 0x2018: case 0x2019: case 0xFF08:
	case 0xFF09: case 0x300A: case 0x300B: case 0x2026: case 0x2014:
	case ',': case '.': case ';': case '!': case '?':
		return true;
	default:
		return false;
	}
}

/* Punctuation that makes a short line a sentence rather than a heading. */
static bool is_clause_punct(uint32_t cp)
{
	switch (cp) {
	case 0x3002: case 0xFF0C: case 0xFF1B: case 0xFF1A: case 0xFF01: case 0xFF1F:
	case ',': case ';': case ':': case '!': case '?':
		return true;
	default:
		return false;
	}
}

static bool is_letter(uint32_t cp)
{
	return utf8_is_cjk(cp) || utf8_is_word(cp);
}

/* Letters, digits and CJK characters in s[0..len). */
static size_t count_letters(const char *s, size_t len)
{
	size_t i = 0, w, n = 0;
	while (i < len) {
		if (is_letter(cp_at(s, len, i, &w)))
			n++;
		i += w;
	}
	return n;
}

static bool any_cp(const char *s, size_t len, bool (*pred)(uint32_t))
{
	size_t i = 0, w;
	while (i < len) {
		if (pred(cp_at(s, len, i, &w)))
			return true;
		i += w;
	}
	return false;
}

static void trim_if(const char **s, size_t *len, bool (*strip)(uint32_t))
{
	size_t w;
	while (*len && strip(cp_at(*s, *len, 0, &w))) {
		*s += w;
		*len -= w;
	}
	while (*len && strip(cp_before(*s, *len, &w)))
		*len -= w;
}

static bool has_prefix(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);
	return len >= n && !memcmp(s, p, n);
}

static const char *find_in(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; n && i + n <= len; i++)
		if (!memcmp(s + i, needle, n))
			return s + i;
	return NULL;
}

/* s with runs of white space made one space and both ends trimmed; the
 * caller frees the result. */
static char *collapse(const char *s)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(s), i = 0, w;
	bool space = false;
	while (i < len) {
		uint32_t cp = cp_at(s, len, i, &w);
		if (is_ws(cp)) {
			space = true;
		} else {
			if (space && b.len)
				buf_addc(&b, ' ');
			space = false;
			buf_add(&b, s + i, w);
		}
		i += w;
	}
	return buf_detach(&b);
}

/* ---- the parsed page ------------------------------------------------------ */

enum {
	N_HARD = 1 << 0,   /* never visible */
	N_CHROME = 1 << 1, /* visible, never the article */
	N_BLOCK = 1 << 2,
	N_LINK = 1 << 3,   /* an <a href> */
	N_NEGTAG = 1 << 4, /* nav, footer and the like */
	N_ALWAYS = 1 << 5, /* chrome whatever it holds: comments */
};

struct info {
	unsigned flags;
	int hint;      /* class and id: +1 article-like, -1 chrome-like, 0 */
	long text;     /* weight of the text outside links and chrome */
	long link;     /* weight of the text inside links and chrome */
	long prose;    /* weight of the text in prose blocks */
	long score;
	size_t first, last; /* pre-order numbers: this node, its last descendant */
};

struct page {
	xmlDocPtr doc;
	struct info *info; /* by pre-order number */
	size_t ninfo;
	long total_prose;
	char *title_tag;   /* <title> */
	char *base;        /* for relative URLs */
	struct strlist h;  /* h1-h3 texts, in page order */
};

static struct info *inf(xmlNodePtr n)
{
	return (struct info *)n->_private;
}

static bool is_el(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static bool is_heading(xmlNodePtr n)
{
	const char *nm = (const char *)n->name;
	return n->type == XML_ELEMENT_NODE && nm[0] == 'h' && nm[1] >= '1' && nm[1] <= '6' && !nm[2];
}

static bool name_in(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(name, *list))
			return true;
	return false;
}

static const char *const hard_tags[] = {
	"script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
	"embed", "applet", "svg", "math", "canvas", "select", "option", "optgroup", "textarea",
	"button", "input", "head", "title", "meta", "link", "base", "audio", "video", "source",
	"map", "area", "datalist", "dialog", NULL,
};

static const char *const chrome_tags[] = { "nav", "header", "footer", "aside", "menu", NULL };

static const char *const block_tags[] = {
	"address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dir",
	"div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
	"h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu", "nav",
	"ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr", "td",
	"th", "caption", "ul", "legend", "listing", "xmp", "plaintext", NULL,
};

static char *prop(xmlNodePtr n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static bool is_hidden(xmlNodePtr n)
{
	char *style;
	bool hidden = false;
	if (xmlHasProp(n, (const xmlChar *)"hidden"))
		return true;
	style = prop(n, "style");
	if (style) {
		char *c = collapse(style);
		size_t o = 0;
		for (size_t i = 0; c[i]; i++) /* drop spaces and lower the case */
			if (c[i] != ' ')
				c[o++] = (char)((c[i] >= 'A' && c[i] <= 'Z') ? c[i] + 32 : c[i]);
		c[o] = '\0';
		hidden = strstr(c, "display:none") || strstr(c, "visibility:hidden");
		free(c);
		xmlFree(style);
	}
	return hidden;
}

/* Class and id words.  Long words match anywhere ("articleContent"), short
 * ones only as whole words ("ad", not "head"). */
static const char *const pos_sub[] = { "article", "artical", "content", "detail", "story",
				       "正文", "entry", "maintext", "endtext", NULL };
static const char *const pos_word[] = { "main", "text", "body", "post", "txt", "zw", "cnt",
					"con", "wenzhang", "neirong", NULL };
static const char *const neg_sub[] = { "comment", "footer", "sidebar", "recommend", "related",
				       "share", "copyright", "breadcrumb", "navigation", "advert",
				       "sponsor", "banner", "social", "toolbar", "pinglun",
				       "tuijian", "fenxiang", "guanggao", "xiangguan", "relate",
				       "popup", "login", "subscribe", NULL };
static const char *const neg_word[] = { "nav", "navbar", "foot", "ad", "ads", "adv", "side",
					"menu", "tags", "tag", "hot", "rank", "more", "links",
					"crumb", "crumbs", "header", "top", "bottom", "topbar",
					"gg", "xgxw", "reply", "search", NULL };
/* Words that make an element chrome whatever it holds (a comment area):
 * a class word that is one of these or starts with one ("commentlist"),
 * not one that merely contains it ("recommend" is scored, not always). */
static const char *const always_word[] = { "comment", "pinglun", "reply", "replies", "respond",
					   NULL };

static bool any_sub(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strstr(s, *words))
			return true;
	return false;
}

/* Scores class and id: sets *hint and whether the element is chrome
 * whatever it holds (a comment area). */
static void class_hint(xmlNodePtr n, int *hint, bool *always)
{
	char *attr[2] = { prop(n, "class"), prop(n, "id") };
	bool pos = false, neg = false;
	*always = false;
	for (int k = 0; k < 2; k++) {
		char *s = attr[k], *lower;
		size_t len, i, start;
		if (!s)
			continue;
		len = strlen(s);
		lower = xstrdup(s);
		for (i = 0; i < len; i++)
			if (lower[i] >= 'A' && lower[i] <= 'Z')
				lower[i] = (char)(lower[i] + 32);
		pos = pos || any_sub(lower, pos_sub);
		neg = neg || any_sub(lower, neg_sub);
		/* words: split at anything not a letter or digit, and where a
		 * lower-case letter meets an upper-case one ("mainText") */
		for (i = 0, start = 0; i <= len; i++) {
			bool end = i == len || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
						  (s[i] >= '0' && s[i] <= '9'));
			bool camel = !end && i > start && s[i] >= 'A' && s[i] <= 'Z' && s[i - 1] >= 'a' &&
				     s[i - 1] <= 'z';
			if ((end || camel) && i > start) {
				char word[32];
				size_t wl = i - start < sizeof(word) - 1 ? i - start : sizeof(word) - 1;
				memcpy(word, lower + start, wl);
				word[wl] = '\0';
				for (const char *const *p = pos_word; *p; p++)
					pos = pos || !strcmp(word, *p);
				for (const char *const *p = neg_word; *p; p++)
					neg = neg || !strcmp(word, *p);
				for (const char *const *p = always_word; *p; p++)
					*always = *always || (!strncmp(word, *p, strlen(*p)) &&
							      strncmp(word, "commentary", 10));
			}
			if (end)
				start = i + 1;
			else if (camel)
				start = i;
		}
		free(lower);
		xmlFree(s);
	}
	*hint = pos == neg ? 0 : pos ? 1 : -1;
	if (*always)
		*hint = -1; /* "comment-content" is comments all the same */
}

static bool is_link(xmlNodePtr n)
{
	char *href;
	bool link;
	if (!is_el(n, "a"))
		return false;
	href = prop(n, "href");
	link = href && *href && href[0] != '#' && strncasecmp(href, "javascript:", 11);
	xmlFree(href);
	return link;
}

/* ---- very deep pages ------------------------------------------------------ */

/* Within e, replace every element child that has element children of its own
 * by those children (and a <br> after a block, so its text stays a line of
 * its own), until e's subtree is at most two levels deep.  Iterative: the
 * subtree may be a hundred thousand levels deep. */
static void flatten_under(xmlNodePtr e)
{
	xmlNodePtr c = e->children;
	while (c) {
		xmlNodePtr next = c->next, first = NULL, k;
		bool nested = false;
		if (c->type == XML_ELEMENT_NODE)
			for (k = c->children; k && !nested; k = k->next)
				nested = k->type == XML_ELEMENT_NODE;
		if (!nested) {
			c = next;
			continue;
		}
		while ((k = c->children)) { /* move the children up, in order */
			xmlUnlinkNode(k);
			xmlAddPrevSibling(c, k);
			if (!first)
				first = k;
		}
		if (name_in((const char *)c->name, block_tags))
			xmlAddPrevSibling(c, xmlNewDocNode(c->doc, NULL, (const xmlChar *)"br", NULL));
		xmlUnlinkNode(c);
		xmlFreeNode(c);
		c = first ? first : next; /* look at what moved up */
	}
}

/* Flatten every element at FLAT_DEPTH (walked without recursion).  Returns
 * whether anything was that deep. */
static bool flatten_deep(xmlNodePtr root)
{
	xmlNodePtr n = root;
	int depth = 0;
	bool deep = false;
	while (n) {
		if (n->type == XML_ELEMENT_NODE && depth == FLAT_DEPTH && n->children) {
			flatten_under(n);
			deep = true;
		} else if (n->type == XML_ELEMENT_NODE && n->children && depth < FLAT_DEPTH) {
			n = n->children;
			depth++;
			continue;
		}
		while (n && !n->next && n != root) {
			n = n->parent;
			depth--;
		}
		if (!n || n == root)
			break;
		n = n->next;
	}
	return deep;
}

/* Number the nodes and give each element its flags. */
static void annotate(struct page *p, xmlNodePtr n, int depth, bool hard)
{
	for (; n; n = n->next) {
		struct info *in;
		size_t self;
		if (n->type != XML_ELEMENT_NODE && n->type != XML_TEXT_NODE &&
		    n->type != XML_CDATA_SECTION_NODE)
			continue;
		if (p->ninfo % 256 == 0)
			p->info = xrealloc(p->info, (p->ninfo + 256) * sizeof(*p->info));
		self = p->ninfo++;
		in = &p->info[self];
		memset(in, 0, sizeof(*in));
		in->first = self;
		/* the array may move: pointers are set once it is complete */
		n->_private = (void *)(uintptr_t)(in->first + 1);
		if (n->type == XML_ELEMENT_NODE) {
			const char *name = (const char *)n->name;
			bool always;
			unsigned flags = 0;
			if (hard || depth >= MAX_DEPTH || name_in(name, hard_tags) || is_hidden(n))
				flags |= N_HARD;
			if (name_in(name, chrome_tags))
				flags |= N_NEGTAG;
			if (name_in(name, block_tags))
				flags |= N_BLOCK;
			if (is_link(n))
				flags |= N_LINK;
			/* the page's classes say nothing of one element in it
			 * ("flag-unfollowComments-on" on <html>) */
			if (strcmp(name, "html") && strcmp(name, "body"))
				class_hint(n, &in->hint, &always);
			else
				always = false;
			if (always)
				flags |= N_ALWAYS;
			in->flags = flags;
			if (depth < MAX_DEPTH)
				annotate(p, n->children, depth + 1, flags & N_HARD);
		} else if (hard) {
			in->flags = N_HARD;
		}
		p->info[self].last = p->ninfo - 1; /* `in` may have moved */
	}
}

static void link_info(struct page *p, xmlNodePtr n, int depth)
{
	for (; n; n = n->next) {
		if (!n->_private || (n->type != XML_ELEMENT_NODE && n->type != XML_TEXT_NODE &&
				     n->type != XML_CDATA_SECTION_NODE)) {
			n->_private = NULL;
			continue;
		}
		n->_private = &p->info[(uintptr_t)n->_private - 1];
		if (n->type == XML_ELEMENT_NODE && depth < MAX_DEPTH)
			link_info(p, n->children, depth + 1);
	}
}

/* ---- scoring ---------------------------------------------------------------- */

struct acc {
	long text, link, punct;
};

static void weigh_text(const char *s, struct acc *a, bool link)
{
	size_t len = strlen(s), i = 0, w;
	while (i < len) {
		uint32_t cp = cp_at(s, len, i, &w);
		long wt = 0;
		if (utf8_is_cjk(cp))
			wt = W_HAN;
		else if (utf8_is_word(cp))
			wt = W_WORD;
		else if (is_punct(cp) && !link)
			a->punct++;
		if (link)
			a->link += wt;
		else
			a->text += wt;
		i += w;
	}
}

static bool is_chrome(const struct page *p, const struct info *in)
{
	if (in->flags & N_ALWAYS)
		return true;
	if (!(in->flags & N_NEGTAG) && in->hint >= 0)
		return false;
	if (in->hint > 0)
		return false;
	return in->prose * 2 < p->total_prose;
}

/* Weigh the subtree of each node in the list n; inline text goes to the
 * enclosing block's *a.  With `chrome_known`, chrome counts as links. */
static void weigh(struct page *p, xmlNodePtr n, struct acc *a, bool link, bool chrome_known)
{
	for (; n; n = n->next) {
		struct info *in = inf(n);
		if (!in || (in->flags & N_HARD))
			continue;
		if (n->type != XML_ELEMENT_NODE) {
			if (n->content)
				weigh_text((const char *)n->content, a, link);
			continue;
		}
		bool in_link = link || (in->flags & N_LINK);
		if (chrome_known && is_chrome(p, in)) {
			in->flags |= N_CHROME;
			in_link = true;
		} else {
			in->flags &= ~(unsigned)N_CHROME;
		}
		struct acc own = { 0, 0, 0 }, *to = (in->flags & N_BLOCK) ? &own : a;
		long before_text = to->text, before_link = to->link;
		long child_score = 0, child_prose = 0, child_text = 0, child_link = 0;

		weigh(p, n->children, to, in_link, chrome_known);
		/* what the element children hold, then this element's own text */
		for (xmlNodePtr c = n->children; c; c = c->next) {
			struct info *ci = inf(c);
			if (!ci || c->type != XML_ELEMENT_NODE || (ci->flags & N_HARD))
				continue;
			child_score += ci->score;
			child_prose += ci->prose;
			if (ci->flags & N_BLOCK) {
				child_text += ci->text;
				child_link += ci->link;
			}
		}
		if (in->flags & N_BLOCK) {
			/* a heading is never prose, however it is punctuated: the
			 * title must not pull the article's bounds out to it */
			bool prose = own.text >= PROSE_MIN && (own.punct > 0 || own.text >= PROSE_LONG) &&
				     !is_heading(n);
			in->text = own.text + child_text;
			in->link = own.link + child_link;
			in->prose = child_prose + (prose ? own.text : 0);
			/* text that is neither prose nor links (labels, counters,
			 * bylines) counts half against: the article is the
			 * tightest element around the prose */
			in->score = child_score - own.link +
				    (prose ? own.text + W_PUNCT * own.punct : -own.text / 2);
		} else {
			/* inline: its text went to the enclosing block; it keeps its
			 * own share for link density */
			in->text = to->text - before_text + child_text;
			in->link = to->link - before_link + child_link;
			in->prose = child_prose;
			in->score = child_score;
		}
	}
}

/* Does the list n hold a block the page calls its article ("content",
 * "article") that is not itself a comment area? */
static bool holds_article(xmlNodePtr n, int depth)
{
	for (; n; n = n->next) {
		struct info *in = inf(n);
		if (!in || n->type != XML_ELEMENT_NODE || (in->flags & (N_HARD | N_ALWAYS)))
			continue;
		if (in->hint > 0 && in->prose > 0)
			return true;
		if (depth < MAX_DEPTH && holds_article(n->children, depth + 1))
			return true;
	}
	return false;
}

/* A comment-area word on an ancestor of the article ("has-comments" on a
 * page wrapper) does not make the article chrome: an element that holds
 * most of the page's prose and the article block is not a comment area. */
static void unflag_always(struct page *p, xmlNodePtr n, int depth)
{
	for (; n; n = n->next) {
		struct info *in = inf(n);
		if (!in || n->type != XML_ELEMENT_NODE || (in->flags & N_HARD))
			continue;
		if ((in->flags & N_ALWAYS) && in->prose * 2 > p->total_prose &&
		    holds_article(n->children, depth + 1)) {
			in->flags &= ~(unsigned)N_ALWAYS;
			in->hint = 0;
		}
		if (depth < MAX_DEPTH)
			unflag_always(p, n->children, depth + 1);
	}
}

/* Images outside links add to the score of their blocks. */
static long image_bonus(xmlNodePtr n, bool link, int depth)
{
	long bonus = 0;
	for (; n; n = n->next) {
		struct info *in = inf(n);
		if (!in || n->type != XML_ELEMENT_NODE || (in->flags & (N_HARD | N_CHROME)))
			continue;
		bool l = link || (in->flags & N_LINK);
		long b = 0;
		if (is_el(n, "img") && !l)
			b = W_IMAGE;
		if (depth < MAX_DEPTH)
			b += image_bonus(n->children, l, depth + 1);
		in->score += b;
		bonus += b;
	}
	return bonus;
}

/* The article: the block element with the best hinted score. */
static xmlNodePtr best_block(xmlNodePtr n, xmlNodePtr best, long *best_score, int depth)
{
	for (; n; n = n->next) {
		struct info *in = inf(n);
		if (!in || n->type != XML_ELEMENT_NODE || (in->flags & (N_HARD | N_CHROME)))
			continue;
		if ((in->flags & N_BLOCK) && in->prose > 0 && !is_el(n, "p") && !is_el(n, "li") &&
		    !is_el(n, "tr")) {
			long s = in->score * (10 + 2 * in->hint) / 10;
			if (s >= *best_score) {
				*best_score = s;
				best = n;
			}
		}
		if (depth < MAX_DEPTH)
			best = best_block(n->children, best, best_score, depth + 1);
	}
	return best;
}


/* ---- the page as lines, for titles and metadata ------------------------------ */

struct line {
	char *text;       /* collapsed */
	size_t pos;       /* pre-order number of its first text node */
	xmlNodePtr block; /* the block it is in */
};

struct lines {
	struct line *l;
	size_t n, cap;
	struct buf cur;
	size_t cur_pos;
	xmlNodePtr cur_block;
};

static void lines_end(struct lines *ls)
{
	char *t = collapse(ls->cur.data);
	buf_reset(&ls->cur);
	if (!*t) {
		free(t);
		return;
	}
	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? 2 * ls->cap : 64;
		ls->l = xrealloc(ls->l, ls->cap * sizeof(*ls->l));
	}
	ls->l[ls->n].text = t;
	ls->l[ls->n].pos = ls->cur_pos;
	ls->l[ls->n].block = ls->cur_block;
	ls->n++;
}

/* Labels that may stand in an element of their own before their value. */
static const char *const labels[] = { "来源", "作者", "记者", "编辑", "责任编辑", "稿源", NULL };

/* Does s[0..len) end with a label standing alone (at its start, or after
 * a space or a bar)? */
static bool ends_with_label(const char *s, size_t len)
{
	size_t w;
	while (len && is_ws(cp_before(s, len, &w)))
		len -= w;
	for (const char *const *l = labels; *l; l++) {
		size_t ll = strlen(*l);
		if (len < ll || memcmp(s + len - ll, *l, ll))
			continue;
		if (len == ll)
			return true;
		uint32_t before = cp_before(s, len - ll, &w);
		if (is_ws(before) || before == '|' || before == 0xFF5C)
			return true;
	}
	return false;
}

static bool starts_with_colon(const char *s)
{
	size_t len = strlen(s), i = 0, w;
	uint32_t cp = 0;
	while (i < len && is_ws(cp = cp_at(s, len, i, &w)))
		i += w;
	return i < len && (cp == ':' || cp == 0xFF1A);
}

static void lines_walk(struct lines *ls, xmlNodePtr n, xmlNodePtr block, int depth)
{
	for (; n; n = n->next) {
		struct info *in = inf(n);
		if (!in || (in->flags & N_HARD))
			continue;
		if (n->type != XML_ELEMENT_NODE) {
			if (!n->content)
				continue;
			if (!ls->cur.len) {
				ls->cur_pos = in->first;
				ls->cur_block = block;
			} else if (ends_with_label(ls->cur.data, ls->cur.len) &&
				   !starts_with_colon((const char *)n->content)) {
				/* "来源<span>CSDN</span>": a label and its value
				 * in elements of their own */
				buf_adds(&ls->cur, "：");
			}
			buf_adds(&ls->cur, (const char *)n->content);
			continue;
		}
		if (is_el(n, "br")) {
			lines_end(ls);
			continue;
		}
		if (in->flags & N_ALWAYS) /* a comment area, or its counter */
			continue;
		if (in->flags & N_BLOCK) {
			lines_end(ls);
			if (depth < MAX_DEPTH)
				lines_walk(ls, n->children, n, depth + 1);
			lines_end(ls);
		} else if (depth < MAX_DEPTH) {
			lines_walk(ls, n->children, block, depth + 1);
		}
	}
}

static void lines_release(struct lines *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		free(ls->l[i].text);
	free(ls->l);
	buf_release(&ls->cur);
}

/* ---- metadata in the page's head ------------------------------------------------ */

struct head {
	char *og_title, *canonical, *og_url, *meta_url, *base;
	char *author, *source, *site;
	/* class="source" elements: their text and pre-order number */
	char *source_el[8];
	size_t source_pos[8], nsource;
	char *date;       /* from meta, JSON-LD or <time> */
	char *time_link;  /* the first <time> inside a link ("posted on"), */
	size_t time_link_pos; /* and its pre-order number */
	int date_rank;    /* lower is better */
};

static void head_release(struct head *h)
{
	free(h->og_title);
	free(h->canonical);
	free(h->og_url);
	free(h->meta_url);
	free(h->base);
	free(h->author);
	free(h->source);
	free(h->site);
	for (size_t i = 0; i < h->nsource; i++)
		free(h->source_el[i]);
	free(h->date);
	free(h->time_link);
}

static void set_if_empty(char **field, const char *v)
{
	if (!*field && v) {
		char *c = collapse(v);
		if (*c)
			*field = c;
		else
			free(c);
	}
}

/* Meta names (name, property or itemprop) that give the publication time,
 * best first. */
static const char *const date_metas[] = {
	"article:published_time", "og:article:published_time", "datepublished",
	"published_time", "og:published_time", "pubdate", "publishdate", "publish_date",
	"publishtime", "publish_time", "firstpublishedtime", "apub:time", "og:release_date",
	"release_date", "og:time",
	"dc.date.issued", "dc.date", "sailthru.date", "date", NULL,
};

static void offer_date(struct head *h, const char *v, int rank)
{
	struct pubdate d;
	if (!v || (h->date && rank >= h->date_rank))
		return;
	if (date_parse(v, &d, NULL) != 0 && !date_find(v, strlen(v), &d, NULL, NULL))
		return;
	free(h->date);
	h->date = xstrdup(v);
	h->date_rank = rank;
}

static void read_meta(struct head *h, xmlNodePtr n)
{
	char *keys[3] = { prop(n, "property"), prop(n, "name"), prop(n, "itemprop") };
	char *content = prop(n, "content");
	for (int k = 0; k < 3 && content; k++) {
		char *key;
		if (!keys[k])
			continue;
		key = collapse(keys[k]);
		for (char *c = key; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
		if (!strcmp(key, "og:title"))
			set_if_empty(&h->og_title, content);
		else if (!strcmp(key, "og:url"))
			set_if_empty(&h->og_url, content);
		else if (!strcmp(key, "url"))
			set_if_empty(&h->meta_url, content);
		else if (!strcmp(key, "author") || !strcmp(key, "article:author"))
			set_if_empty(&h->author, content);
		else if (!strcmp(key, "source") || !strcmp(key, "contentsource"))
			set_if_empty(&h->source, content);
		else if (!strcmp(key, "og:site_name") || !strcmp(key, "application-name"))
			set_if_empty(&h->site, content);
		for (int r = 0; date_metas[r]; r++)
			if (!strcmp(key, date_metas[r]))
				offer_date(h, content, r);
		free(key);
	}
	for (int k = 0; k < 3; k++)
		xmlFree(keys[k]);
	xmlFree(content);
}

/* "datePublished": "2019-01-29T15:42:00+08:00" in a JSON-LD script (or
 * Baidu's "pubDate"); also "firstpublishedtime" in a page's inline script
 * data, offered at the given rank. */
static void read_json_key(struct head *h, const char *s, const char *key, int rank)
{
	const char *p = strstr(s, key);
	const char *q, *end;
	if (!p)
		return;
	p += strlen(key);
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == ':')
		p++;
	if (*p != '"')
		return;
	q = p + 1;
	end = strchr(q, '"');
	if (!end || end - q > 64)
		return;
	char *v = xstrndup(q, (size_t)(end - q));
	offer_date(h, v, rank);
	free(v);
}

static void read_json_ld(struct head *h, const char *s)
{
	read_json_key(h, s, "\"datePublished\"", 100);
	read_json_key(h, s, "\"pubDate\"", 101);
}

static char *node_text(xmlNodePtr n)
{
	xmlChar *t = xmlNodeGetContent(n);
	char *c = collapse(t ? (const char *)t : "");
	xmlFree(t);
	return c;
}

static bool inside(xmlNodePtr n, const char *name)
{
	for (n = n->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (!strcmp((const char *)n->name, name))
			return true;
	return false;
}

static bool in_chrome_or_link(xmlNodePtr n)
{
	for (; n && n->type == XML_ELEMENT_NODE; n = n->parent)
		if (inf(n) && (inf(n)->flags & (N_CHROME | N_LINK | N_HARD)))
			return true;
	return false;
}

/* Is `word` one of the words of n's class (split at anything that is not
 * a letter or digit, case ignored)? */
static bool has_class_word(xmlNodePtr n, const char *word)
{
	char *c = prop(n, "class");
	size_t wl = strlen(word);
	bool hit = false;
	for (const char *s = c; s && *s && !hit;) {
		size_t k = 0;
		while (s[k] && ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z'))
			k++;
		hit = k == wl && !strncasecmp(s, word, wl);
		s += k ? k : 1;
	}
	xmlFree(c);
	return hit;
}

static void read_head(struct page *p, struct head *h, xmlNodePtr n, int depth)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		if (!strcmp(name, "meta")) {
			read_meta(h, n);
		} else if (!strcmp(name, "title")) {
			if (!p->title_tag && !inside(n, "svg"))
				p->title_tag = node_text(n);
		} else if (!strcmp(name, "link")) {
			char *rel = prop(n, "rel"), *href = prop(n, "href");
			if (rel && href && !strcasecmp(rel, "canonical"))
				set_if_empty(&h->canonical, href);
			xmlFree(rel);
			xmlFree(href);
		} else if (!strcmp(name, "base")) {
			char *href = prop(n, "href");
			set_if_empty(&h->base, href);
			xmlFree(href);
		} else if (!strcmp(name, "script")) {
			char *type = prop(n, "type");
			xmlChar *t = xmlNodeGetContent(n);
			if (t && type && !strcasecmp(type, "application/ld+json"))
				read_json_ld(h, (const char *)t);
			else if (t)
				read_json_key(h, (const char *)t, "\"firstpublishedtime\"", 150);
			xmlFree(t);
			xmlFree(type);
		} else if (h->nsource < 8 && inf(n) && !(inf(n)->flags & (N_HARD | N_ALWAYS)) &&
			   (has_class_word(n, "source") || has_class_word(n, "laiyuan"))) {
			/* a media name set apart: <a class="source">参考消息</a>
			 * (often in a top bar that scores as chrome) */
			char *t = node_text(n);
			if (*t && utf8_count(t, strlen(t)) <= 30 && !strpbrk(t, "0123456789")) {
				h->source_el[h->nsource] = t;
				h->source_pos[h->nsource++] = inf(n)->first;
			} else {
				free(t);
			}
		} else if (!strcmp(name, "time") && !in_chrome_or_link(n)) {
			/* not the times of the other articles a sidebar lists */
			char *dt = prop(n, "datetime");
			offer_date(h, dt, 200);
			xmlFree(dt);
		} else if (!strcmp(name, "time") && !h->time_link && inf(n) &&
			   !(inf(n)->flags & (N_HARD | N_ALWAYS))) {
			/* a byline's "posted on" time is a link to the article
			 * itself: taken later if it is within the article */
			char *dt = prop(n, "datetime");
			bool chrome = false;
			for (xmlNodePtr a = n; a && a->type == XML_ELEMENT_NODE; a = a->parent)
				chrome = chrome || (inf(a) && (inf(a)->flags & (N_CHROME | N_HARD)));
			if (dt && !chrome) {
				h->time_link = xstrdup(dt);
				h->time_link_pos = inf(n)->first;
			}
			xmlFree(dt);
		} else if ((!strcmp(name, "h1") || !strcmp(name, "h2") || !strcmp(name, "h3")) &&
			   inf(n) && !(inf(n)->flags & N_HARD)) {
			char *t = node_text(n);
			if (*t)
				strlist_add(&p->h, t);
			free(t);
		}
		if (depth < MAX_DEPTH)
			read_head(p, h, n->children, depth + 1);
	}
}

/* ---- the title ------------------------------------------------------------------- */

static size_t cp_count(const char *s)
{
	return utf8_count(s, strlen(s));
}

/* Is the code point at s[i] a separator of title parts?  *w its width. */
static bool title_sep_at(const char *s, size_t len, size_t i, size_t *w)
{
	size_t cw, pw;
	uint32_t cp = cp_at(s, len, i, &cw);
	uint32_t prev = cp_before(s, i, &pw);
	*w = cw;
	switch (cp) {
	case '_': case '|': case 0xFF5C: /* ｜ */ case 0x2013: /* – */ case 0x2014: /* — */
	case 0x4E28: /* 丨 */
		return cp != 0x4E28 || (i > 0 && (prev == ' ' || prev == 0x3000));
	case '-': {
		size_t nw;
		uint32_t next = cp_at(s, len, i + cw, &nw);
		/* not in "1-10月" or "COVID-19" */
		return !((prev >= '0' && prev <= '9') && (next >= '0' && next <= '9')) &&
		       !(next >= '0' && next <= '9' && ((prev | 0x20) >= 'a' && (prev | 0x20) <= 'z'));
	}
	case ':':
		return i + 1 < len && s[i + 1] == ':'; /* " :: " */
	case '@':
		return prev == ' ';
	default:
		return false;
	}
}

/* The parts of a <title>: "多地项目…曝露？_网易财经" gives two. */
static void title_parts(const char *t, struct strlist *parts)
{
	size_t len = strlen(t), i = 0, start = 0, w;
	while (i <= len) {
		if (i == len || title_sep_at(t, len, i, &w)) {
			const char *s = t + start;
			size_t n = i - start;
			trim_if(&s, &n, is_ws);
			if (n) {
				char *part = xstrndup(s, n);
				strlist_add(parts, part);
				free(part);
			}
			if (i == len)
				break;
			while (i < len && (title_sep_at(t, len, i, &w) || is_ws(cp_at(t, len, i, &w))))
				i += w;
			start = i;
			continue;
		}
		cp_at(t, len, i, &w);
		i += w;
	}
}

/* Which part of <title> is the article's title. */
static char *title_from_tag(const struct page *p)
{
	struct strlist parts = { NULL, 0 };
	const char *best = NULL;
	char *out;
	title_parts(p->title_tag, &parts);
	/* a part that a heading repeats */
	for (size_t i = 0; i < parts.n && !best; i++)
		for (size_t k = 0; k < p->h.n && !best; k++)
			if (!strcmp(parts.items[i], p->h.items[k]) && cp_count(parts.items[i]) >= 2)
				best = parts.items[i];
	for (size_t i = 0; i < parts.n && !best; i++) {
		size_t n = cp_count(parts.items[i]);
		bool longest = true;
		for (size_t k = 0; k < parts.n; k++)
			if (cp_count(parts.items[k]) > n)
				longest = false;
		if (longest)
			best = parts.items[i];
	}
	out = xstrdup(best ? best : p->title_tag);
	strlist_release(&parts);
	return out;
}

/* The longest h1-h3 heading that is part of s (at least a third of it). */
static const char *heading_in(const struct page *p, const char *s)
{
	const char *best = NULL;
	size_t blen = 0, slen = strlen(s);
	for (size_t k = 0; k < p->h.n; k++) {
		const char *h = p->h.items[k];
		size_t hl = strlen(h);
		if (hl > blen && hl * 3 >= slen && cp_count(h) >= 2 && strstr(s, h)) {
			best = h;
			blen = hl;
		}
	}
	return best;
}

/* Is s the site's name in <title>: a part of it after the first? */
static bool is_site_part(const char *tag, const char *s)
{
	struct strlist parts = { NULL, 0 };
	bool site = false;
	title_parts(tag, &parts);
	for (size_t i = 1; i < parts.n; i++)
		if (!strcmp(parts.items[i], s))
			site = true;
	strlist_release(&parts);
	return site;
}

/* The title; `above` is the heading right above the article text, or NULL. */
static char *choose_title(const struct page *p, const struct head *h, const char *above)
{
	const char *tag = p->title_tag && *p->title_tag ? p->title_tag : NULL;
	const char *hd;
	if (h->og_title && (!tag || (strcmp(h->og_title, tag) && !is_site_part(tag, h->og_title)))) {
		/* a heading that starts with og:title and goes on: the
		 * attribute was cut short by broken quoting */
		for (size_t k = 0; k < p->h.n; k++)
			if (strlen(p->h.items[k]) > strlen(h->og_title) &&
			    has_prefix(p->h.items[k], strlen(p->h.items[k]), h->og_title) &&
			    tag && strstr(tag, p->h.items[k]))
				return xstrdup(p->h.items[k]);
		return xstrdup(h->og_title);
	}
	if (tag && (hd = heading_in(p, tag)))
		return xstrdup(hd);
	if (tag) {
		/* no heading repeats <title>: "综合新闻--某某网" names the
		 * column and the site; the headline is the heading right
		 * above the article text, when it says more */
		char *t = title_from_tag(p);
		if (above && cp_count(above) >= 4 && cp_count(above) > cp_count(t)) {
			free(t);
			return xstrdup(above);
		}
		return t;
	}
	if (h->og_title)
		return xstrdup(h->og_title);
	if (above)
		return xstrdup(above);
	return p->h.n ? xstrdup(p->h.items[0]) : NULL;
}

/* The heading nearest the start of the article text: the last heading
 * line in the few lines before it, else a heading among its first lines. */
static const char *heading_above(const struct lines *ls, size_t first_line)
{
	size_t from = first_line > 8 ? first_line - 8 : 0;
	for (size_t i = first_line; i > from; i--)
		if (is_heading(ls->l[i - 1].block))
			return ls->l[i - 1].text;
	for (size_t i = first_line; i < ls->n && i < first_line + 3; i++)
		if (is_heading(ls->l[i].block))
			return ls->l[i].text;
	return NULL;
}

/* Is `name` the site's: its og:site_name, the article's source, or in the
 * page's copyright line? */
static bool names_site(const struct lines *ls, const struct head *h, const struct article *a,
		       const char *name)
{
	if ((h->site && !strcmp(h->site, name)) || (a->source && !strcmp(a->source, name)))
		return true;
	for (size_t i = ls->n; i > 0; i--) {
		const char *t = ls->l[i - 1].text;
		if ((strstr(t, "\xC2\xA9") || strstr(t, "Copyright") || strstr(t, "copyright") ||
		     strstr(t, "版权所有")) && strstr(t, name))
			return true;
	}
	return false;
}

/* "村企结对助力乡村振兴 某某网": a site's name after a space in the title
 * is taken off (in place). */
static void strip_site_name(const struct lines *ls, const struct head *h, struct article *a)
{
	char *t = a->title;
	size_t len = strlen(t), i = len, w;
	while (i > 0) {
		uint32_t cp = cp_before(t, i, &w);
		if (cp == ' ' || cp == 0x3000)
			break;
		i -= w;
	}
	if (i == 0 || i == len)
		return;
	const char *name = t + i;
	size_t sp = i - w; /* where the space starts */
	if (cp_count(name) < 2 || utf8_count(t, sp) < 4 || !names_site(ls, h, a, name))
		return;
	while (sp > 0 && is_ws(cp_before(t, sp, &w)))
		sp -= w;
	t[sp] = '\0';
}

/* ---- metadata lines ------------------------------------------------------------- */

enum field { F_SOURCE, F_EDITOR, F_AUTHOR, F_CONTRIB, F_DATE, F_SUBTITLE, F_OTHER };

static const struct meta_key {
	const char *word;
	enum field field;
} meta_keys[] = {
	{ "来源", F_SOURCE }, { "稿源", F_SOURCE }, { "出处", F_SOURCE }, { "文章来源", F_SOURCE },
	{ "新闻来源", F_SOURCE }, { "本文来源", F_SOURCE }, { "信息来源", F_SOURCE },
	{ "稿件来源", F_SOURCE }, { "消息来源", F_SOURCE }, { "转载自", F_SOURCE },
	{ "责任编辑", F_EDITOR }, { "编辑", F_EDITOR }, { "责编", F_EDITOR }, { "本文编辑", F_EDITOR },
	{ "作者", F_AUTHOR }, { "记者", F_AUTHOR }, { "本报记者", F_AUTHOR }, { "撰文", F_AUTHOR },
	{ "撰稿", F_AUTHOR }, { "文", F_AUTHOR }, { "特约记者", F_AUTHOR }, { "见习记者", F_AUTHOR },
	{ "首席记者", F_AUTHOR }, { "采写", F_AUTHOR }, { "执笔", F_AUTHOR },
	{ "通讯员", F_CONTRIB }, { "实习生", F_CONTRIB }, { "摄影", F_CONTRIB }, { "图", F_CONTRIB },
	{ "摄", F_CONTRIB },
	{ "时间", F_DATE }, { "日期", F_DATE }, { "发布时间", F_DATE }, { "发表时间", F_DATE },
	{ "发布日期", F_DATE }, { "更新时间", F_DATE }, { "发稿时间", F_DATE },
	{ "原标题", F_SUBTITLE },
	{ "字号", F_OTHER }, { "浏览", F_OTHER }, { "阅读", F_OTHER }, { "点击", F_OTHER },
	{ "分享到", F_OTHER }, { "审核", F_OTHER }, { "校对", F_OTHER }, { "监制", F_OTHER },
	{ "主编", F_OTHER }, { "终审", F_OTHER }, { "初审", F_OTHER }, { "复审", F_OTHER },
	{ "图片来源", F_OTHER }, { "视频来源", F_OTHER }, { "出品", F_OTHER }, { "策划", F_OTHER },
};

static bool is_colon(uint32_t cp)
{
	return cp == ':' || cp == 0xFF1A;
}

/* Separates the fields of a metadata line. */
static bool is_field_sep(uint32_t cp)
{
	return is_ws(cp) || cp == '|' || cp == 0xFF5C || cp == 0x4E28 /* 丨 */ || cp == '/' ||
	       cp == '[' || cp == ']' || cp == 0x3010 || cp == 0x3011 || cp == '(' || cp == ')' ||
	       cp == 0xFF08 || cp == 0xFF09;
}

static bool is_value_junk(uint32_t cp)
{
	return is_field_sep(cp) || cp == ',' || cp == ';' || cp == 0xFF0C || cp == 0xFF1B ||
	       cp == 0x3001 || cp == 0x3002 || is_colon(cp);
}

/* The key at s[i] followed by a colon (or "/" after a role like 文):
 * returns its index and sets *after past the colon, or -1. */
static int key_at(const char *s, size_t len, size_t i, size_t *after)
{
	int best = -1;
	size_t blen = 0, j, w;
	uint32_t cp;
	for (size_t k = 0; k < ARRAY_SIZE(meta_keys); k++) {
		size_t kl = strlen(meta_keys[k].word);
		if (kl > blen && has_prefix(s + i, len - i, meta_keys[k].word)) {
			best = (int)k;
			blen = kl;
		}
	}
	if (best < 0)
		return -1;
	j = i + blen;
	while (j < len && (s[j] == ' ' || is_ws(cp_at(s, len, j, &w)))) {
		cp_at(s, len, j, &w);
		j += w;
	}
	cp = cp_at(s, len, j, &w);
	if (is_colon(cp) || cp == '|' || cp == 0xFF5C /* ｜ */ || cp == 0xFE31 /* ︱ */ ||
	    (cp == 0x4E28 /* 丨 */ && j > i + blen) ||
	    (cp == '/' && (meta_keys[best].field == F_AUTHOR || meta_keys[best].field == F_CONTRIB))) {
		*after = j + w;
		return best;
	}
	return -1;
}

/* What templates and content systems put where no author was entered. */
static const char *const placeholder_names[] = {
	"name", "author", "admin", "administrator", "user", "username", "editor", "webmaster",
	"unknown", "null", "none", "undefined", "anonymous", "guest", "root", "test", "yourname",
	"佚名", "未知", "匿名", "管理员", "本站", "小编", "网站编辑", "系统管理员", NULL,
};

static bool is_placeholder_name(const char *s, size_t len)
{
	for (const char *const *p = placeholder_names; *p; p++)
		if (strlen(*p) == len && !strncasecmp(s, *p, len))
			return true;
	return false;
}

/* A name: two to eight letters or ideographs (with the dots of foreign
 * names), not a placeholder. */
static bool name_ok(const char *s, size_t len)
{
	size_t i = 0, w, n = 0;
	if (is_placeholder_name(s, len))
		return false;
	while (i < len) {
		uint32_t cp = cp_at(s, len, i, &w);
		if (!utf8_is_han(cp) && !((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') && cp != 0xB7 &&
		    cp != 0x2022 && cp != 0x30FB)
			return false;
		n++;
		i += w;
	}
	return n >= 2 && n <= 8;
}

static bool is_name_sep(uint32_t cp)
{
	return is_ws(cp) || cp == 0x3001 || cp == 0xFF0C || cp == ',' || cp == 0xFF1B || cp == ';' ||
	       cp == '/' || cp == 0xFF0F || cp == '&' || cp == 0xFF06;
}

/* A meta author that is no person's name: a template's "name,
 * email@gmail.com", "{{author}}", a link, a placeholder word. */
static bool author_placeholder(const char *s)
{
	size_t len = strlen(s), i = 0, w;
	if (strpbrk(s, "@{}$%<>") || strstr(s, "://") || strstr(s, "www."))
		return true;
	while (i < len) { /* any placeholder word among the names */
		size_t start;
		while (i < len && (is_name_sep(cp_at(s, len, i, &w)) || s[i] == ','))
			i += w;
		start = i;
		while (i < len && !is_name_sep(cp_at(s, len, i, &w)) && s[i] != ',')
			i += w;
		if (i > start && is_placeholder_name(s + start, i - start))
			return true;
	}
	return false;
}

/* Words in a byline that say what the names after them did. */
static const char *const roles[] = { "记者", "通讯员", "实习生", "作者", "编辑", "摄影", NULL };

/* Where the name in the token s[0..len) starts: after the last role word
 * in it ("南都见习记者林子沛").  Returns len when the token is all role. */
static size_t after_role(const char *s, size_t len, bool *role)
{
	size_t start = 0;
	*role = false;
	for (const char *const *r = roles; *r; r++) {
		const char *p = s, *hit;
		while ((hit = find_in(p, len - (size_t)(p - s), *r))) {
			p = hit + strlen(*r);
			if ((size_t)(p - s) > start)
				start = (size_t)(p - s);
			*role = true;
		}
	}
	return start;
}

/* Add the names in s[0..len) to *l (NULL: only count them).  Returns the
 * number of names, or -1 when `strict` and a token is neither a name nor
 * a role. */
static int add_names(struct strlist *l, const char *s, size_t len, bool strict)
{
	size_t i = 0, w;
	int names = 0;
	while (i < len) {
		size_t start;
		bool role;
		while (i < len && is_name_sep(cp_at(s, len, i, &w)))
			i += w;
		start = i;
		while (i < len && !is_name_sep(cp_at(s, len, i, &w)))
			i += w;
		const char *tok = s + start;
		size_t tl = i - start, skip = after_role(tok, tl, &role);
		tok += skip;
		tl -= skip;
		if (!tl && role)
			continue;
		if (!tl || !name_ok(tok, tl)) {
			if (strict)
				return -1;
			continue;
		}
		names++;
		if (l) {
			char *name = xstrndup(tok, tl);
			if (!strlist_has(l, name))
				strlist_add(l, name);
			free(name);
		}
	}
	return names;
}

/* A byline without a colon: "澎湃新闻记者 段彦超 廖艳", "本报记者 王五".
 * Records the names when a is not NULL. */
static bool byline(const char *s, size_t len, struct article *a)
{
	const char *hit = find_in(s, len, "记者");
	size_t w, i, lead;
	if (!hit || utf8_count(s, len) > 40 || any_cp(s, len, is_clause_punct))
		return false;
	/* what comes before the role is an outlet's name, not a sentence */
	for (lead = 0, i = 0; s + i < hit; i += w)
		if (is_letter(cp_at(s, len, i, &w)))
			lead++;
	if (lead > 10)
		return false;
	if (add_names(NULL, hit, len - (size_t)(hit - s), true) < 1)
		return false;
	if (a)
		add_names(&a->authors, hit, len - (size_t)(hit - s), true);
	return true;
}

static void set_once_n(char **field, const char *s, size_t len)
{
	if (!*field && len) {
		char *v = xstrndup(s, len);
		article_set(field, v);
		free(v);
	}
}

/* Record one field's value s[0..len) (a may be NULL: only check it).
 * Returns false when the value does not fit the key. */
static bool apply_field(enum field f, const char *s, size_t len, struct article *a)
{
	struct pubdate d;
	size_t ds, de, w;
	bool dated;
	trim_if(&s, &len, is_value_junk);
	dated = date_find(s, len, &d, &ds, &de);
	if (f == F_DATE) {
		if (!dated)
			return false;
		if (a && !a->published.date[0])
			a->published = d;
		return true;
	}
	if (f == F_SUBTITLE) {
		if (a)
			set_once_n(&a->subtitle, s, len);
		return len > 0;
	}
	if (f == F_OTHER || !len)
		return true; /* "作者：" with nothing after it says nothing */
	if (dated) { /* "来源：鄞州新闻网 19-01-29 15:42": the date is not the value */
		if (a && !a->published.date[0])
			a->published = d;
		len = ds;
		trim_if(&s, &len, is_value_junk);
	}
	if (utf8_count(s, len) > 40 || any_cp(s, len, is_clause_punct))
		return false;
	/* the value ends at a gap: "来源：新华网  作者：张三" */
	for (size_t i = 0; i < len; i += w) {
		uint32_t cp = cp_at(s, len, i, &w);
		if (cp == 0x3000 || cp == '|' || cp == 0xFF5C || (cp == ' ' && i + 1 < len && s[i + 1] == ' ')) {
			len = i;
			break;
		}
	}
	trim_if(&s, &len, is_value_junk);
	if (!len)
		return false;
	if (!a)
		return true;
	switch (f) {
	case F_SOURCE:
		set_once_n(&a->source, s, len);
		break;
	case F_EDITOR: {
		/* "史建磊_NBJ11331": a staff code after the name */
		const char *us = memchr(s, '_', len);
		if (us && us > s)
			len = (size_t)(us - s);
		set_once_n(&a->editor, s, len);
		break;
	}
	case F_AUTHOR:
		add_names(&a->authors, s, len, false);
		break;
	case F_CONTRIB:
		add_names(&a->contributors, s, len, false);
		break;
	default:
		break;
	}
	return true;
}

/* A key and its colon at s[i]: a key of two or more characters anywhere,
 * a one-character key ("文/") only after a separator. */
static int field_at(const char *s, size_t len, size_t i, size_t *after)
{
	size_t w;
	int k = key_at(s, len, i, after);
	if (k < 0)
		return -1;
	if (utf8_count(meta_keys[k].word, strlen(meta_keys[k].word)) >= 2 || i == 0)
		return k;
	uint32_t before = cp_before(s, i, &w);
	return is_field_sep(before) || is_colon(before) ? k : -1;
}

/* Is s[0..len) a metadata line: fields ("来源：X 编辑：Y"), a date with a
 * little beside it, or one of these in brackets?  When a is not NULL the
 * fields are recorded. */
static bool meta_line(const char *s, size_t len, struct article *a)
{
	size_t i = 0, w, fields = 0, lead = len, after, ds, de;
	struct pubdate d;
	bool ok = true;

	trim_if(&s, &len, is_value_junk);
	if (!len || utf8_count(s, len) > META_MAX_CP)
		return false;
	while (i < len) {
		int k = field_at(s, len, i, &after);
		if (k < 0) {
			cp_at(s, len, i, &w);
			i += w;
			continue;
		}
		if (!fields)
			lead = i;
		/* the value runs to the next key */
		size_t j = after, end = len;
		while (j < len) {
			size_t a2;
			if (field_at(s, len, j, &a2) >= 0) {
				end = j;
				break;
			}
			cp_at(s, len, j, &w);
			j += w;
		}
		if (!apply_field(meta_keys[k].field, s + after, end - after, NULL))
			ok = false;
		else if (a)
			apply_field(meta_keys[k].field, s + after, end - after, a);
		fields++;
		i = end;
	}
	if (fields) {
		/* before the first field, only a date and a few words:
		 * "2017-03-10 09:58 来源：…", "新华网河北频道 ( 2012-06-04 ) 稿件来源：…" */
		size_t other;
		if (date_find(s, lead, &d, &ds, &de)) {
			other = count_letters(s, ds) + count_letters(s + de, lead - de);
			if (a && ok && other <= 12 && !a->published.date[0])
				a->published = d;
		} else {
			other = count_letters(s, lead);
		}
		return ok && other <= 12;
	}
	if (byline(s, len, a))
		return true;
	/* a date line: "2019-09-07 13:43:45 证券市场红周刊" */
	if (date_find(s, len, &d, &ds, &de) && count_letters(s, ds) + count_letters(s + de, len - de) <= 12 &&
	    !any_cp(s, ds, is_clause_punct) && !any_cp(s + de, len - de, is_clause_punct)) {
		if (a && !a->published.date[0])
			a->published = d;
		return true;
	}
	return false;
}

/* ---- bylines without labels ---------------------------------------------------- */

/* How the names of newspapers, sites and agencies end: 南方都市报, TNW中文站. */
static const char *const outlet_ends[] = { "报", "网", "社", "台", "站", "新闻", "周刊", "杂志",
					   "客户端", "频道", "广播", NULL };

static bool outlet_like(const char *s, size_t len)
{
	size_t n;
	trim_if(&s, &len, is_ws);
	n = utf8_count(s, len);
	if (n < 3 || n > 20 || any_cp(s, len, is_clause_punct) || find_in(s, len, " "))
		return false;
	for (const char *const *e = outlet_ends; *e; e++) {
		size_t el = strlen(*e);
		if (len > el && !memcmp(s + len - el, *e, el))
			return true;
	}
	return false;
}

/* A line between the title and the text that says who without saying so:
 * "石佳/中国青年报" (a name and an outlet), "原创 南方都市报 2019-09-09
 * 16:01:46" or "TNW中文站2016年10月14日07:17" (an outlet beside the date). */
static void header_line(const char *s, size_t len, struct article *a)
{
	static const char *const kinds[] = { "原创", "转载", "独家", NULL };
	const char *slash = find_in(s, len, "/");
	struct pubdate d;
	size_t ds, de;
	if (!slash)
		slash = find_in(s, len, "／");
	if (slash && utf8_count(s, len) <= 30) {
		const char *name = s, *out = slash + (*slash == '/' ? 1 : 3);
		size_t nl = (size_t)(slash - s), ol = len - (size_t)(out - s);
		trim_if(&name, &nl, is_ws);
		trim_if(&out, &ol, is_ws);
		if (name_ok(name, nl) && outlet_like(out, ol)) {
			char *v = xstrndup(name, nl);
			if (!strlist_has(&a->authors, v))
				strlist_add(&a->authors, v);
			free(v);
			set_once_n(&a->source, out, ol);
		}
		return;
	}
	if (a->source || !date_find(s, len, &d, &ds, &de))
		return;
	const char *rest = s, *tail = s + de;
	size_t rl = ds, tl = len - de;
	trim_if(&tail, &tl, is_ws);
	if (tl) /* something after the date too: not this form */
		return;
	trim_if(&rest, &rl, is_ws);
	for (const char *const *k = kinds; *k; k++) /* the kind of piece */
		if (has_prefix(rest, rl, *k)) {
			rest += strlen(*k);
			rl -= strlen(*k);
			trim_if(&rest, &rl, is_ws);
		}
	if (outlet_like(rest, rl))
		set_once_n(&a->source, rest, rl);
}

/* ---- writing Markdown ----------------------------------------------------------- */

enum frame_kind { FR_QUOTE, FR_ITEM };

struct frame {
	enum frame_kind kind;
	char marker[24];   /* "- ", "12. " */
	bool used;         /* the marker has been written */
	bool *list_loose;  /* the list this item is in */
	int index;         /* item number in its list (0 the first) */
};

struct emitted {
	size_t start, end; /* the block's bytes in the output, separator excluded */
	char *plain;       /* its text, for metadata at the ends */
	bool top;          /* not inside a list or quote */
	bool rich;         /* has links or images */
	bool heading;
};

struct md {
	const struct page *p;
	struct buf out;
	struct buf para;
	size_t para_cps, bold_cps;
	bool para_rich;       /* has links or images */
	struct buf plain;     /* the paragraph's text, unescaped */
	bool space, space_nl;
	uint32_t last;        /* last visible code point on the line, 0 at its start */
	int bold, heading, pre;
	struct frame fr[64];
	int depth;
	xmlNodePtr skip;      /* the title heading */
	struct emitted *em;
	size_t nem, capem;
};

/* Write the line prefixes of the open quotes and list items: the item
 * marker on an item's first line, its indentation after.  A blank line
 * gets only the quote marks. */
static void md_frame_prefix(struct md *m, struct buf *b, bool first_line, bool blank)
{
	for (int i = 0; i < m->depth; i++) {
		struct frame *f = &m->fr[i];
		if (f->kind == FR_QUOTE) {
			/* a blank line before the quote's first block is not in it */
			if (!blank || f->used)
				buf_adds(b, blank ? ">" : "> ");
			if (!blank)
				f->used = true;
		} else if (first_line && !f->used) {
			buf_adds(b, f->marker);
			f->used = true;
		} else if (!blank) {
			for (size_t k = 0; k < strlen(f->marker); k++)
				buf_addc(b, ' ');
		}
	}
}

/* Escape what would start a block at the beginning of a line. */
static void add_line_start_escape(struct buf *b, const char *s, size_t len)
{
	size_t n = 0;
	if (!len)
		return;
	if (s[0] == '#') {
		while (n < len && s[n] == '#')
			n++;
		if (n <= 6 && (n == len || s[n] == ' '))
			buf_addc(b, '\\');
	} else if (s[0] == '-' || s[0] == '+' || s[0] == '=') {
		bool rule = true;
		for (n = 0; n < len; n++)
			if (s[n] != s[0] && s[n] != ' ')
				rule = false;
		if (rule || (s[0] != '=' && (len == 1 || s[1] == ' ')))
			buf_addc(b, '\\');
	} else if (s[0] == '~' && len >= 3 && s[1] == '~' && s[2] == '~') {
		buf_addc(b, '\\');
	} else if (s[0] >= '0' && s[0] <= '9') {
		while (n < len && n < 10 && s[n] >= '0' && s[n] <= '9')
			n++;
		if (n <= 9 && n < len && (s[n] == '.' || s[n] == ')') &&
		    (n + 1 == len || s[n + 1] == ' ')) {
			buf_add(b, s, n);
			buf_addc(b, '\\');
			buf_add(b, s + n, len - n);
			return;
		}
	}
	buf_add(b, s, len);
}

static void md_separator(struct md *m, bool tight)
{
	if (!m->out.len)
		return;
	buf_addc(&m->out, '\n');
	if (!tight) {
		md_frame_prefix(m, &m->out, false, true);
		buf_addc(&m->out, '\n');
	}
}

static bool is_bold_heading(const struct md *m)
{
	const char *s = m->plain.data;
	size_t len = m->plain.len;
	return !m->heading && !m->para_rich && m->para_cps && m->bold_cps == m->para_cps &&
	       m->para_cps <= BOLD_HEADING_MAX_CP && !any_cp(s, len, is_clause_punct) &&
	       !memchr(s, '#', len) && m->depth == 0;
}

static void md_flush(struct md *m)
{
	struct buf *p = &m->para;
	int level = m->heading;
	bool tight = false;
	struct frame *item = NULL;
	size_t start;

	m->space = false;
	while (p->len && p->data[p->len - 1] == '\n')
		p->len--;
	p->data[p->len] = '\0';
	if (!p->len || (!m->para_cps && !m->para_rich)) {
		buf_reset(p);
		buf_reset(&m->plain);
		m->para_cps = m->bold_cps = 0;
		m->para_rich = false;
		m->last = 0;
		return;
	}
	if (!level && is_bold_heading(m))
		level = 2;
	for (int i = m->depth - 1; i >= 0; i--)
		if (m->fr[i].kind == FR_ITEM) {
			item = &m->fr[i];
			break;
		}
	if (item) {
		if (!item->used)
			tight = item->index > 0 && !*item->list_loose;
		else
			*item->list_loose = true;
	}
	md_separator(m, tight);
	start = m->out.len;
	if (m->pre) {
		const char *fence = strstr(p->data, "```") ? "~~~~" : "```";
		md_frame_prefix(m, &m->out, true, false);
		buf_adds(&m->out, fence);
		buf_addc(&m->out, '\n');
		for (size_t i = 0; i <= p->len;) {
			const char *nl = memchr(p->data + i, '\n', p->len - i);
			size_t end = nl ? (size_t)(nl - p->data) : p->len;
			md_frame_prefix(m, &m->out, false, false);
			buf_add(&m->out, p->data + i, end - i);
			buf_addc(&m->out, '\n');
			i = end + 1;
		}
		md_frame_prefix(m, &m->out, false, false);
		buf_adds(&m->out, fence);
	} else {
		size_t i = 0;
		bool first = true;
		while (i <= p->len) {
			const char *nl = memchr(p->data + i, '\n', p->len - i);
			size_t end = nl ? (size_t)(nl - p->data) : p->len;
			const char *s = p->data + i;
			size_t n = end - i;
			while (n && *s == ' ') {
				s++;
				n--;
			}
			while (n && s[n - 1] == ' ')
				n--;
			if (!first)
				buf_adds(&m->out, level ? " " : "\\\n");
			md_frame_prefix(m, &m->out, first, false);
			if (first && level)
				buf_adds(&m->out, level <= 2 ? "## " : level == 3 ? "### " : "#### ");
			if (level)
				buf_add(&m->out, s, n);
			else
				add_line_start_escape(&m->out, s, n);
			first = false;
			i = end + 1;
		}
	}
	if (m->nem == m->capem) {
		m->capem = m->capem ? 2 * m->capem : 32;
		m->em = xrealloc(m->em, m->capem * sizeof(*m->em));
	}
	m->em[m->nem].start = start;
	m->em[m->nem].end = m->out.len;
	m->em[m->nem].plain = m->para_rich && !m->para_cps ? xstrdup("") : collapse(m->plain.data);
	m->em[m->nem].top = m->depth == 0 && !m->pre;
	m->em[m->nem].rich = m->para_rich;
	m->em[m->nem].heading = level > 0;
	m->nem++;
	buf_reset(p);
	buf_reset(&m->plain);
	m->para_cps = m->bold_cps = 0;
	m->para_rich = false;
	m->last = 0;
}

/* Resolve pending white space before something visible: a space, unless
 * the space was a line break between Chinese characters. */
static void md_space(struct md *m, uint32_t next)
{
	if (m->space && m->last && !(m->space_nl && is_cjkish(m->last) && (!next || is_cjkish(next)))) {
		buf_addc(&m->para, ' ');
		buf_addc(&m->plain, ' ');
	}
	m->space = m->space_nl = false;
}

static void md_text(struct md *m, const char *s)
{
	size_t len = strlen(s), i = 0, w;
	if (m->pre) {
		buf_adds(&m->para, s);
		buf_adds(&m->plain, s);
		m->para_cps += utf8_count(s, len);
		return;
	}
	while (i < len) {
		uint32_t cp = cp_at(s, len, i, &w);
		if (is_ws(cp)) {
			m->space = true;
			if (cp == '\n' || cp == '\r')
				m->space_nl = true;
			i += w;
			continue;
		}
		md_space(m, cp);
		if (cp < 0x80) {
			char c = (char)cp;
			if (strchr("\\`*_[]<>", c) || (c == '#' && m->heading)) {
				buf_addc(&m->para, '\\');
			} else if (c == '&') {
				/* "&amp;" would render as "&" */
				size_t j = i + 1;
				if (j < len && s[j] == '#')
					j++;
				while (j < len && ((s[j] >= '0' && s[j] <= '9') ||
						   ((s[j] | 0x20) >= 'a' && (s[j] | 0x20) <= 'z')))
					j++;
				if (j > i + 1 && j < len && s[j] == ';')
					buf_addc(&m->para, '\\');
			}
		}
		buf_add(&m->para, s + i, w);
		buf_add(&m->plain, s + i, w);
		m->last = cp;
		m->para_cps++;
		if (m->bold)
			m->bold_cps++;
		i += w;
	}
}

/* A URL for a Markdown destination: absolute against the page's base,
 * with the characters that would end it encoded. */
static void md_url(struct md *m, const char *url)
{
	xmlChar *abs = m->p->base ? xmlBuildURI((const xmlChar *)url, (const xmlChar *)m->p->base) : NULL;
	const char *u = abs ? (const char *)abs : url;
	char *c = collapse(u);
	for (const char *s = c; *s; s++) {
		if (*s == ' ' || *s == '(' || *s == ')' || *s == '<' || *s == '>' || *s == '\\' ||
		    (unsigned char)*s < 0x20)
			buf_addf(&m->para, "%%%02X", (unsigned char)*s);
		else
			buf_addc(&m->para, *s);
	}
	free(c);
	xmlFree(abs);
}

static bool usable_src(const char *s)
{
	return s && *s && strncasecmp(s, "data:", 5) && strncasecmp(s, "javascript:", 11) &&
	       !strstr(s, "blank.gif") && !strstr(s, "grey.gif") && !strstr(s, "loading");
}

static bool is_file_name(const char *s)
{
	static const char *const ext[] = { ".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp" };
	size_t n = strlen(s);
	for (size_t i = 0; i < ARRAY_SIZE(ext); i++) {
		size_t e = strlen(ext[i]);
		if (n > e && !strcasecmp(s + n - e, ext[i]))
			return true;
	}
	return false;
}

static void md_image(struct md *m, xmlNodePtr n)
{
	static const char *const attrs[] = { "data-original", "data-src", "original", "data-lazy-src",
					     "src", NULL };
	char *src = NULL, *alt;
	char *s = prop(n, "src");
	if (usable_src(s)) {
		src = s;
	} else {
		xmlFree(s);
		for (int i = 0; attrs[i] && !src; i++) {
			s = prop(n, attrs[i]);
			if (usable_src(s))
				src = s;
			else
				xmlFree(s);
		}
	}
	if (!src)
		return;
	alt = prop(n, "alt");
	if (alt && is_file_name(alt)) { /* "IMG_3886.jpg" describes nothing */
		xmlFree(alt);
		alt = NULL;
	}
	md_space(m, 0);
	buf_adds(&m->para, "![");
	if (alt) {
		char *c = collapse(alt);
		bool space = m->space;
		uint32_t last = m->last;
		size_t cps = m->para_cps, bold = m->bold_cps, plain = m->plain.len;
		md_text(m, c);
		/* alt text is not the paragraph's text */
		m->para_cps = cps;
		m->bold_cps = bold;
		m->plain.len = plain;
		m->plain.data[plain] = '\0';
		m->space = space;
		m->last = last;
		free(c);
		xmlFree(alt);
	}
	buf_adds(&m->para, "](");
	md_url(m, src);
	buf_addc(&m->para, ')');
	m->para_rich = true;
	m->last = ')';
	xmlFree(src);
}

static bool has_block(xmlNodePtr n, int depth)
{
	for (; n; n = n->next) {
		struct info *in = inf(n);
		if (!in || n->type != XML_ELEMENT_NODE || (in->flags & N_HARD))
			continue;
		if ((in->flags & N_BLOCK) || (depth < MAX_DEPTH && has_block(n->children, depth + 1)))
			return true;
	}
	return false;
}

/* More link text than other text: a list of links. */
static bool link_dense(const struct info *in)
{
	return in->link > 0 && in->link > in->text;
}

static void md_children(struct md *m, xmlNodePtr n, int depth);

static void md_node(struct md *m, xmlNodePtr n, int depth)
{
	struct info *in = inf(n);
	const char *name;

	if (!in || (in->flags & (N_HARD | N_CHROME)))
		return;
	if (n->type != XML_ELEMENT_NODE) {
		if (n->content)
			md_text(m, (const char *)n->content);
		return;
	}
	if (n == m->skip || depth >= MAX_DEPTH)
		return;
	name = (const char *)n->name;
	if (!strcmp(name, "br")) {
		if (m->pre) {
			buf_addc(&m->para, '\n');
		} else if (m->para.len && m->para.data[m->para.len - 1] == '\n') {
			md_flush(m); /* two line breaks: a new paragraph */
		} else if (m->para_cps || m->para_rich) {
			buf_addc(&m->para, '\n');
			m->space = m->space_nl = false;
			m->last = 0;
		}
		return;
	}
	if (!strcmp(name, "img")) {
		md_image(m, n);
		return;
	}
	if (!strcmp(name, "hr")) {
		md_flush(m);
		return;
	}
	if (!(in->flags & N_BLOCK)) {
		bool bold = !strcmp(name, "strong") || !strcmp(name, "b");
		if (is_link(n) && !has_block(n->children, depth + 1)) {
			char *href = prop(n, "href");
			size_t open;
			md_space(m, 0);
			open = m->para.len;
			buf_addc(&m->para, '[');
			m->bold += bold;
			md_children(m, n->children, depth + 1);
			m->bold -= bold;
			if (m->para.len == open + 1) {
				m->para.len = open; /* nothing inside: no link */
				m->para.data[open] = '\0';
			} else {
				m->space = false;
				buf_adds(&m->para, "](");
				md_url(m, href);
				buf_addc(&m->para, ')');
				m->para_rich = true;
			}
			xmlFree(href);
			return;
		}
		m->bold += bold;
		md_children(m, n->children, depth + 1);
		m->bold -= bold;
		return;
	}
	/* a block */
	if (link_dense(in) && !is_el(n, "body"))
		return;
	md_flush(m);
	if (is_heading(n)) {
		m->heading = name[1] - '0';
		md_children(m, n->children, depth + 1);
		md_flush(m);
		m->heading = 0;
		return;
	}
	if (!strcmp(name, "pre") || !strcmp(name, "listing") || !strcmp(name, "xmp")) {
		m->pre++;
		md_children(m, n->children, depth + 1);
		md_flush(m);
		m->pre--;
		return;
	}
	if ((!strcmp(name, "ul") || !strcmp(name, "ol")) && m->depth < (int)ARRAY_SIZE(m->fr)) {
		bool loose = false, ordered = !strcmp(name, "ol");
		int index = 0;
		long number = 1;
		char *start = ordered ? prop(n, "start") : NULL;
		if (start) {
			char *end;
			long v = strtol(start, &end, 10);
			if (end != start && v >= 0 && v < 100000000)
				number = v;
			xmlFree(start);
		}
		for (xmlNodePtr c = n->children; c; c = c->next) {
			struct info *ci = inf(c);
			if (!ci || (ci->flags & (N_HARD | N_CHROME)))
				continue;
			if (!is_el(c, "li")) {
				md_node(m, c, depth + 1);
				md_flush(m);
				continue;
			}
			if (link_dense(ci) || m->depth >= (int)ARRAY_SIZE(m->fr))
				continue;
			struct frame *f = &m->fr[m->depth++];
			memset(f, 0, sizeof(*f));
			f->kind = FR_ITEM;
			f->list_loose = &loose;
			f->index = index;
			if (ordered)
				snprintf(f->marker, sizeof(f->marker), "%ld. ", number);
			else
				strcpy(f->marker, "- ");
			md_children(m, c->children, depth + 2);
			md_flush(m);
			m->depth--;
			if (f->used) {
				index++;
				number++;
			}
		}
		return;
	}
	if (!strcmp(name, "blockquote") && m->depth < (int)ARRAY_SIZE(m->fr)) {
		struct frame *f = &m->fr[m->depth++];
		memset(f, 0, sizeof(*f));
		f->kind = FR_QUOTE;
		md_children(m, n->children, depth + 1);
		md_flush(m);
		m->depth--;
		return;
	}
	md_children(m, n->children, depth + 1);
	md_flush(m);
}

static void md_children(struct md *m, xmlNodePtr n, int depth)
{
	for (; n; n = n->next)
		md_node(m, n, depth);
}

/* The last paragraph may end with a field in brackets:
 * "…参与率。（责任编辑：李梦）".  Records it and returns the shorter length. */
static size_t trailing_field(const char *s, size_t len, struct article *a)
{
	size_t w, i;
	uint32_t close = cp_before(s, len, &w);
	uint32_t open = close == ')' ? '(' : close == 0xFF09 ? 0xFF08 : close == 0x3011 ? 0x3010 :
			close == ']' ? '[' : 0;
	if (!open)
		return len;
	for (i = len - w; i > 0;) {
		size_t ow;
		uint32_t cp = cp_before(s, i, &ow);
		i -= ow;
		if (cp == close)
			return len;
		if (cp == open) {
			if (i > 0 && meta_line(s + i, len - i, NULL)) {
				meta_line(s + i, len - i, a);
				return i;
			}
			return len;
		}
	}
	return len;
}

/* A toolbar of bracketed buttons: "【关闭窗口】 【打印本稿】". */
static bool is_toolbar(const char *s)
{
	size_t len = strlen(s), i = 0, w, groups = 0;
	while (i < len) {
		uint32_t open = cp_at(s, len, i, &w), close;
		if (is_ws(open)) {
			i += w;
			continue;
		}
		size_t start, letters;
		close = open == 0x3010 ? 0x3011 : open == '[' ? ']' : 0;
		if (!close)
			return false;
		for (i += w, start = i; i < len && cp_at(s, len, i, &w) != close; i += w)
			;
		if (i >= len)
			return false;
		/* buttons are a few words, not a sentence */
		letters = count_letters(s + start, i - start);
		if (letters > 10 || any_cp(s + start, i - start, is_clause_punct))
			return false;
		i += w;
		groups++;
	}
	return groups > 0;
}

/* What share bars, page tools and comment widgets say, left at the ends
 * of a body: "分享到：微信 微博", "扫一扫在手机打开当前页面", "打印字体：放大
 * 正常 缩小", "评论(0) 我要跟帖", "返回某某网首页>>". */
static const char *const tool_phrases[] = {
	"分享到", "扫一扫", "当前页面", "打印字体", "字体：大", "字号：大", "关注公众号",
	"关注我们", "我要跟帖", "我要评论", "发表评论", "查看评论", "网友评论", "评论(", "评论（",
	"打印本页", "打印本文", "关闭窗口", "收藏本文", "返回顶部", "推荐给朋友", "手机看新闻",
	"下载客户端", NULL,
};

static bool is_tool_line(const char *s)
{
	size_t len = strlen(s);
	if (utf8_count(s, len) > 40 || find_in(s, len, "。") || find_in(s, len, "，"))
		return false;
	for (const char *const *p = tool_phrases; *p; p++)
		if (strstr(s, *p))
			return true;
	/* "返回示例新闻网首页>>" */
	const char *back = strstr(s, "返回");
	return back && strstr(back, "首页");
}

/* Is this paragraph at an end of the body not the article's: metadata
 * (read into *a), the title again, a toolbar, or a scrap of a widget
 * ("图集", "+1")? */
static bool end_junk(const struct emitted *e, struct article *a, const char *title)
{
	const char *s = e->plain;
	size_t len = strlen(s);
	if (!e->top || (!len && e->rich))
		return false;
	if (meta_line(s, len, NULL)) {
		meta_line(s, len, a);
		return true;
	}
	return (title && !strcmp(s, title)) || is_toolbar(s) || is_tool_line(s) ||
	       (!e->heading && count_letters(s, len) <= 4 && !any_cp(s, len, is_punct));
}

/* Copy the body into *a without the junk at its ends. */
static void md_finish(struct md *m, struct article *a, const char *title)
{
	size_t first = 0, last = m->nem;
	while (first < last && end_junk(&m->em[first], a, title))
		first++;
	/* at the end, a heading with nothing under it is a widget's */
	while (last > first && (end_junk(&m->em[last - 1], a, title) || m->em[last - 1].heading))
		last--;
	buf_reset(&a->body);
	if (first < last) {
		struct emitted *e = &m->em[last - 1];
		size_t end = e->end;
		/* a bracketed field closing the last paragraph */
		if (e->top) {
			const char *s = m->out.data + e->start;
			size_t len = trailing_field(s, e->end - e->start, a);
			while (len && (s[len - 1] == ' '))
				len--;
			if (len)
				end = e->start + len;
		}
		buf_add(&a->body, m->out.data + m->em[first].start, end - m->em[first].start);
		buf_addc(&a->body, '\n');
	}
}

/* ---- the whole page ---------------------------------------------------------------- */

/* Do a and b say the same words: equal but for spaces, punctuation and
 * quotes of another width ("龙湖集团"暗伤"" and "龙湖集团“暗伤”")? */
static bool same_words(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i = 0, k = 0, wa, wb;
	for (;;) {
		uint32_t ca = 0, cb = 0;
		while (i < la && !(utf8_is_word(ca = cp_at(a, la, i, &wa)) || utf8_is_cjk(ca)))
			i += wa;
		while (k < lb && !(utf8_is_word(cb = cp_at(b, lb, k, &wb)) || utf8_is_cjk(cb)))
			k += wb;
		if (i >= la || k >= lb)
			return i >= la && k >= lb;
		if (ca >= 0xFF01 && ca <= 0xFF5E) /* full-width letters and digits */
			ca -= 0xFEE0;
		if (cb >= 0xFF01 && cb <= 0xFF5E)
			cb -= 0xFEE0;
		if (ca != cb)
			return false;
		i += wa;
		k += wb;
	}
}

static bool is_digits_or_site(const char *s, const char *title_tag, const char *title)
{
	bool letters = false;
	for (const char *c = s; *c; c++)
		if (!(*c >= '0' && *c <= '9') && *c != ' ')
			letters = true;
	if (!letters)
		return true;
	/* the site's name: in <title> but not in the article's title */
	return title_tag && strstr(title_tag, s) && !(title && strstr(title, s));
}

static xmlNodePtr find_line_block(const struct lines *ls, const char *title, size_t *idx)
{
	if (!title)
		return NULL;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < ls->n; i++) {
			xmlNodePtr b = ls->l[i].block;
			if ((pass == 0 && !is_heading(b)) || strcmp(ls->l[i].text, title))
				continue;
			*idx = i;
			return b;
		}
	return NULL;
}

int article_from_html(const char *text, size_t len, struct article *a, struct ferr *e)
{
	struct page p;
	struct head h;
	struct lines ls;
	struct md m;
	xmlNodePtr root, best, title_el;
	long best_score = 0;
	size_t title_line = 0, first_line, last_line;
	char *title;
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		   HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
	int rc = 0;

	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) {
		text += 3;
		len -= 3;
	}
	if (len > INT_MAX)
		return ferr_set(e, FOLIO_EINPUT, "page too large (%zu bytes)", len);
	memset(&p, 0, sizeof(p));
	memset(&h, 0, sizeof(h));
	memset(&ls, 0, sizeof(ls));
	buf_init(&ls.cur);
	p.doc = htmlReadMemory(text, (int)len, NULL, "UTF-8", opts);
	root = p.doc ? xmlDocGetRootElement(p.doc) : NULL;
	if (!root) {
		if (p.doc)
			xmlFreeDoc(p.doc);
		return ferr_set(e, FOLIO_EINPUT, "not an HTML page");
	}
	flatten_deep(root);
	annotate(&p, root, 0, false);
	link_info(&p, root, 0);

	/* score twice: the second time chrome counts against its ancestors,
	 * knowing how much of the page's prose each element holds */
	{
		struct acc top = { 0, 0, 0 };
		weigh(&p, root, &top, false, false);
		p.total_prose = inf(root)->prose;
		unflag_always(&p, root, 0);
		memset(&top, 0, sizeof(top));
		weigh(&p, root, &top, false, true);
		image_bonus(root, false, 0);
	}
	read_head(&p, &h, root, 0);
	p.base = h.base ? h.base : h.canonical ? h.canonical : h.og_url;
	best = best_block(root, NULL, &best_score, 0);
	if (!best || inf(best)->prose < ARTICLE_MIN) {
		rc = ferr_set(e, FOLIO_EINPUT, "no article text found in the page");
		goto out;
	}

	lines_walk(&ls, root, root, 0);
	lines_end(&ls);
	for (first_line = 0; first_line < ls.n && ls.l[first_line].pos < inf(best)->first; first_line++)
		;
	for (last_line = first_line; last_line < ls.n && ls.l[last_line].pos <= inf(best)->last;
	     last_line++) /* lines are in page order, numbered as their text nodes */
		;

	title = choose_title(&p, &h, heading_above(&ls, first_line));
	article_set(&a->title, NULL);
	a->title = title;
	if (!title || !*title) {
		rc = ferr_set(e, FOLIO_EINPUT, "no article title found in the page");
		goto out;
	}
	set_if_empty(&a->url, h.canonical ? h.canonical : h.og_url ? h.og_url : h.meta_url);
	title_el = find_line_block(&ls, title, &title_line);

	/* the body */
	memset(&m, 0, sizeof(m));
	m.p = &p;
	buf_init(&m.out);
	buf_init(&m.para);
	buf_init(&m.plain);
	m.skip = title_el;
	md_node(&m, best, 0);
	md_flush(&m);
	md_finish(&m, a, title);

	/* metadata lines between the title and the article, and after it */
	{
		size_t from = title_el && title_line < first_line && first_line - title_line <= 15 ?
				      title_line + 1 : first_line > 8 ? first_line - 8 : 0;
		for (size_t i = from; i < first_line; i++) {
			meta_line(ls.l[i].text, strlen(ls.l[i].text), a);
			if (title_el)
				header_line(ls.l[i].text, strlen(ls.l[i].text), a);
		}
		if (title_el && title_line >= first_line && title_line < last_line)
			for (size_t i = title_line + 1; i < last_line && i <= title_line + 6; i++) {
				meta_line(ls.l[i].text, strlen(ls.l[i].text), a);
				header_line(ls.l[i].text, strlen(ls.l[i].text), a);
			}
		/* the article's last lines (some are chrome, left out of the
		 * body) and the lines after it */
		for (size_t i = last_line > first_line + 10 ? last_line - 10 : first_line;
		     i < ls.n && i < last_line + 6; i++)
			meta_line(ls.l[i].text, strlen(ls.l[i].text), a);
	}

	if (h.time_link && h.time_link_pos <= inf(best)->last)
		offer_date(&h, h.time_link, 210);
	/* the time: a meta date, with the time of day from the page text when
	 * the meta gives only the day */
	if (h.date) {
		struct pubdate d;
		if (date_parse(h.date, &d, NULL) == 0 || date_find(h.date, strlen(h.date), &d, NULL, NULL)) {
			if (!(!d.has_time && a->published.has_time && !strcmp(a->published.date, d.date)))
				a->published = d;
		}
	}
	if (!a->source && h.source) {
		const char *s = h.source;
		size_t n = strlen(s), after;
		if (key_at(s, n, 0, &after) >= 0)
			s += after;
		char *v = collapse(s);
		if (*v)
			article_set(&a->source, v);
		free(v);
	}
	/* the first class="source" element before the article's end */
	for (size_t i = 0; i < h.nsource && !a->source && h.source_pos[i] <= inf(best)->last; i++) {
		const char *s = h.source_el[i];
		size_t n = strlen(s), after;
		int k = key_at(s, n, 0, &after);
		if (k < 0 || meta_keys[k].field == F_SOURCE) {
			char *v = collapse(k < 0 ? s : s + after);
			if (*v && !any_cp(v, strlen(v), is_clause_punct))
				article_set(&a->source, v);
			free(v);
		}
	}
	/* "（原标题：…）" that is the title again is no subtitle */
	if (a->subtitle && same_words(a->subtitle, a->title))
		article_set(&a->subtitle, NULL);
	/* a heading that reads so is the page's own title: left whole */
	if (!title_el || !is_heading(title_el))
		strip_site_name(&ls, &h, a);
	if (h.author && !a->authors.n && cp_count(h.author) <= 30 && !author_placeholder(h.author) &&
	    !is_digits_or_site(h.author, p.title_tag, a->title) &&
	    !(a->source && !strcmp(a->source, h.author)) &&
	    !(a->editor && !strcmp(a->editor, h.author)))
		strlist_add(&a->authors, h.author);

	for (size_t i = 0; i < m.nem; i++)
		free(m.em[i].plain);
	free(m.em);
	buf_release(&m.out);
	buf_release(&m.para);
	buf_release(&m.plain);
	if (!a->body.len)
		rc = ferr_set(e, FOLIO_EINPUT, "no article text found in the page");
out:
	lines_release(&ls);
	head_release(&h);
	strlist_release(&p.h);
	free(p.title_tag);
	free(p.info);
	xmlFreeDoc(p.doc);
	return rc;
}

/* ---- sniffing ---------------------------------------------------------------------- */

static bool prefix_ci(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);
	return len >= n && !strncasecmp(s, p, n);
}

bool html_sniff(const char *text, size_t len)
{
	size_t i = 0;
	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && i < 4096) {
		const char *s = text + i;
		size_t n = len - i;
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' || *s == '\f') {
			i++;
		} else if (prefix_ci(s, n, "<!--")) {
			const char *end = find_in(s + 4, n - 4, "-->");
			if (!end)
				return false;
			i = (size_t)(end - text) + 3;
		} else if (prefix_ci(s, n, "<?xml")) {
			const char *end = find_in(s, n, "?>");
			if (!end)
				return false;
			i = (size_t)(end - text) + 2;
		} else {
			static const char *const starts[] = { "<!doctype html", "<html", "<head", "<body" };
			for (size_t k = 0; k < ARRAY_SIZE(starts); k++) {
				size_t sl = strlen(starts[k]);
				if (prefix_ci(s, n, starts[k]) &&
				    (n == sl || s[sl] == '>' || s[sl] == ' ' || s[sl] == '\t' ||
				     s[sl] == '\r' || s[sl] == '\n' || s[sl] == '/'))
					return true;
			}
			return false;
		}
	}
	return false;
}
