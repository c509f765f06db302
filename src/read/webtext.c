/*
 * webtext.c - reads a plain-text dump of a news web page: finds the
 * article's title, metadata and paragraphs among the site's navigation,
 * related links and footer.
 *
 * The rules know the family of CMS layouts, not particular sites:
 *
 *  1. Each line is classified as blank; metadata (a known key and a colon,
 *     "来源:…", "（责任编辑：…）", a byline "■张三" or "记者 张三 李四", a
 *     date, or several of these on one line); navigation ("|" menus, ">"
 *     breadcrumbs, "•" link lists, copyright footers); noise (【字号】
 *     toolbars, counters like "40.5K"); prose (has a full stop, or is long
 *     and punctuated); or short text (titles, headings, headlines).
 *  2. The body is the stretch of lines, unbroken by metadata, navigation or
 *     three short lines in a row (a headline list), that holds the most
 *     prose.  It runs from its first prose line to its last, followed by any
 *     parenthesised note ("(作者为…)").
 *  3. The title is the nearest title-like line above the body, looking past
 *     metadata, navigation and noise; a "——…" line just under it is the
 *     subtitle.  A headline that reads like a sentence may open the stretch.
 *  4. Metadata is read from the lines between the title and the body, and
 *     from the lines right after the body up to the first one that is not
 *     metadata; also from a bracketed byline early in the first paragraph
 *     ("本报讯（记者 张三）…", text kept) and a bracketed field closing the
 *     last one ("…。（责任编辑：李梦）", text dropped).  The first value
 *     found for a field wins; names accumulate.
 *  5. In the body, every line is a paragraph, trimmed of its indentation; a
 *     short line without punctuation is a section heading ("## 实施背景").
 *     Markdown metacharacters are escaped, nothing else in the text changes.
 */
#include "webtext.h"
#include "dates.h"
#include "../utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum kind {
	K_BLANK,
	K_META,  /* metadata: read, never body */
	K_NAV,   /* site chrome that ends a stretch of body */
	K_NOISE, /* chrome that is skipped wherever it stands */
	K_PROSE,
	K_SHORT,
};

struct line {
	const char *s; /* trimmed; not NUL-terminated */
	size_t len;
	size_t ncp;    /* code points */
	enum kind kind;
};

/* Lines longer than this are never metadata. */
#define META_MAX_CP 120
/* Short lines at most this long can be section headings. */
#define HEADING_MAX_CP 20
/* Prose without a full stop must be at least this long. */
#define PROSE_MIN_CP 25

/* ---- characters and spans ---------------------------------------------- */

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
		return (unsigned char)s[i];
	}
	*w = (size_t)n;
	return cp;
}

/* The code point ending at s[i] (0 at the start). */
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

static void trim(const char **s, size_t *len)
{
	trim_if(s, len, utf8_is_space);
}

static bool has_prefix(const char *s, size_t len, const char *p)
{
	size_t n = strlen(p);
	return len >= n && !memcmp(s, p, n);
}

static bool contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(s + i, needle, n))
			return true;
	return false;
}

static bool contains_any(const char *s, size_t len, const char *const *needles)
{
	for (; *needles; needles++)
		if (contains(s, len, *needles))
			return true;
	return false;
}

static bool is_ascii_letter(uint32_t cp)
{
	return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
}

/* Separates fields on a metadata line: white space and bars. */
static bool is_field_sep(uint32_t cp)
{
	return utf8_is_space(cp) || cp == '|' || cp == 0xFF5C /* ｜ */;
}

/* What a field value is trimmed of at both ends. */
static bool is_value_junk(uint32_t cp)
{
	return is_field_sep(cp) || cp == ',' || cp == ';' || cp == 0xFF0C /* ， */ ||
	       cp == 0xFF1B /* ； */ || cp == 0x3001 /* 、 */ || cp == 0x3002 /* 。 */;
}

/* Separates names in a byline. */
static bool is_name_sep(uint32_t cp)
{
	return utf8_is_space(cp) || cp == 0x3001 /* 、 */ || cp == 0xFF0C /* ， */ || cp == ',' ||
	       cp == 0xFF1B /* ； */ || cp == ';' || cp == '/' || cp == 0xFF0F /* ／ */ ||
	       cp == ':' || cp == 0xFF1A /* ： */;
}

static bool is_colon(uint32_t cp)
{
	return cp == ':' || cp == 0xFF1A;
}

/* Punctuation that makes a line a sentence rather than a heading. */
static bool is_clause_punct(uint32_t cp)
{
	switch (cp) {
	case 0x3002: /* 。 */
	case 0xFF0C: /* ， */
	case 0xFF1B: /* ； */
	case 0xFF1A: /* ： */
	case 0xFF01: /* ！ */
	case 0xFF1F: /* ？ */
	case 0x2026: /* … */
	case ',': case ';': case ':': case '!': case '?':
		return true;
	default:
		return false;
	}
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

static size_t count_cp(const char *s, size_t len, uint32_t want)
{
	size_t i = 0, w, n = 0;
	while (i < len) {
		if (cp_at(s, len, i, &w) == want)
			n++;
		i += w;
	}
	return n;
}

static bool is_cjk_or_letter(uint32_t cp)
{
	return utf8_is_cjk(cp) || utf8_is_word(cp);
}

static bool is_full_stop(uint32_t cp)
{
	return cp == 0x3002;
}

/* The closing bracket for an opening one, or 0. */
static uint32_t closer_of(uint32_t open)
{
	switch (open) {
	case '(': return ')';
	case '[': return ']';
	case 0xFF08: return 0xFF09; /* （） */
	case 0x3010: return 0x3011; /* 【】 */
	case 0x3014: return 0x3015; /* 〔〕 */
	case 0xFF3B: return 0xFF3D; /* ［］ */
	default: return 0;
	}
}

/* If the whole span is one bracketed group "（…）", narrow it to the inside. */
static bool unwrap_brackets(const char **s, size_t *len)
{
	size_t w1, w2, i, w;
	uint32_t open = cp_at(*s, *len, 0, &w1), close = closer_of(open);
	if (!close || *len < 2 || cp_before(*s, *len, &w2) != close || w1 + w2 > *len)
		return false;
	for (i = w1; i < *len - w2; i += w) {
		uint32_t cp = cp_at(*s, *len - w2, i, &w);
		if (cp == open || cp == close)
			return false;
	}
	*s += w1;
	*len -= w1 + w2;
	trim(s, len);
	return true;
}

/* A note in brackets on a line of its own: "(作者为百丈街道党工委书记)". */
static bool is_bracket_note(const char *s, size_t len)
{
	size_t w;
	uint32_t open = cp_at(s, len, 0, &w);
	return (open == '(' || open == 0xFF08) && unwrap_brackets(&s, &len);
}

/* ---- names and metadata fields ----------------------------------------- */

enum field {
	F_SOURCE,
	F_EDITOR,
	F_AUTHOR,
	F_CONTRIB,
	F_SUBTITLE,
	F_CORRECTION,
	F_DATE,
	F_SECTION,
	F_TAGS,
	F_OTHER, /* known, but nothing folio keeps (字号, 浏览, 分享到) */
	F_NONE,  /* a filler word in a byline (报道) */
};

/* Keys of "key: value" metadata.  The longest key that matches wins. */
static const struct meta_key {
	const char *word;
	enum field field;
} meta_keys[] = {
	{ "责任编辑", F_EDITOR }, { "本文编辑", F_EDITOR }, { "编辑", F_EDITOR },
	{ "责编", F_EDITOR },
	{ "来源", F_SOURCE }, { "稿源", F_SOURCE }, { "出处", F_SOURCE },
	{ "新闻来源", F_SOURCE }, { "文章来源", F_SOURCE }, { "信息来源", F_SOURCE },
	{ "稿件来源", F_SOURCE }, { "消息来源", F_SOURCE },
	{ "作者", F_AUTHOR }, { "撰文", F_AUTHOR }, { "撰稿", F_AUTHOR }, { "文", F_AUTHOR },
	{ "记者", F_AUTHOR }, { "本报记者", F_AUTHOR }, { "特约记者", F_AUTHOR },
	{ "见习记者", F_AUTHOR }, { "首席记者", F_AUTHOR },
	{ "通讯员", F_CONTRIB }, { "实习生", F_CONTRIB }, { "摄影", F_CONTRIB },
	{ "摄影记者", F_CONTRIB }, { "图", F_CONTRIB }, { "摄", F_CONTRIB },
	{ "原标题", F_SUBTITLE }, { "副标题", F_SUBTITLE },
	{ "纠错", F_CORRECTION }, { "纠错邮箱", F_CORRECTION }, { "纠错电话", F_CORRECTION },
	{ "时间", F_DATE }, { "日期", F_DATE }, { "发布时间", F_DATE }, { "发表时间", F_DATE },
	{ "发布日期", F_DATE }, { "更新时间", F_DATE }, { "发稿时间", F_DATE },
	{ "栏目", F_SECTION }, { "频道", F_SECTION },
	{ "关键词", F_TAGS }, { "关键字", F_TAGS }, { "标签", F_TAGS },
	{ "字号", F_OTHER }, { "浏览", F_OTHER }, { "浏览次数", F_OTHER }, { "点击", F_OTHER },
	{ "点击数", F_OTHER }, { "阅读", F_OTHER }, { "阅读量", F_OTHER }, { "分享", F_OTHER },
	{ "分享到", F_OTHER }, { "打印", F_OTHER }, { "图片来源", F_OTHER }, { "评论", F_OTHER },
	{ "审核", F_OTHER }, { "校对", F_OTHER }, { "监制", F_OTHER }, { "初审", F_OTHER },
	{ "复审", F_OTHER }, { "终审", F_OTHER }, { "主编", F_OTHER }, { "值班主任", F_OTHER },
};

/* Words in a byline that say what the names after them did.  One-character
 * roles count only as whole tokens ("文/张三"), longer ones also as prefixes
 * ("记者张立新"). */
static const struct role {
	const char *word;
	enum field field;
} roles[] = {
	{ "本报记者", F_AUTHOR }, { "特约记者", F_AUTHOR }, { "见习记者", F_AUTHOR },
	{ "首席记者", F_AUTHOR }, { "摄影记者", F_CONTRIB }, { "记者", F_AUTHOR },
	{ "作者", F_AUTHOR }, { "撰文", F_AUTHOR }, { "撰稿", F_AUTHOR },
	{ "通讯员", F_CONTRIB }, { "实习生", F_CONTRIB }, { "摄影", F_CONTRIB },
	{ "文", F_AUTHOR }, { "图", F_CONTRIB }, { "摄", F_CONTRIB },
	{ "报道", F_NONE }, { "发自", F_NONE }, { "等", F_NONE },
};

static bool is_role_field(enum field f)
{
	return f == F_AUTHOR || f == F_CONTRIB;
}

/* A personal name: two to eight letters or ideographs, with the middle dots
 * of transcribed foreign names. */
static bool name_ok(const char *s, size_t len)
{
	size_t i = 0, w, n = 0;
	while (i < len) {
		uint32_t cp = cp_at(s, len, i, &w);
		if (!utf8_is_han(cp) && !is_ascii_letter(cp) && cp != 0xB7 && cp != 0x2022 &&
		    cp != 0x30FB)
			return false;
		n++;
		i += w;
	}
	return n >= 2 && n <= 8;
}

static void add_name(struct article *a, enum field role, const char *s, size_t len)
{
	struct strlist *l = role == F_CONTRIB ? &a->contributors : &a->authors;
	char *name = xstrndup(s, len);
	if (!strlist_has(l, name))
		strlist_add(l, name);
	free(name);
}

/* Read the names of a byline such as "记者 张立新 通讯员 王晓燕", starting in
 * role `role`.  Adds them to *a when a is not NULL.  Returns the number of
 * names, or -1 when `strict` and a token is neither a role nor a name. */
static int parse_names(const char *s, size_t len, enum field role, bool strict,
		       struct article *a)
{
	size_t i = 0, w;
	int names = 0;

	while (i < len) {
		size_t start, tlen;
		const char *tok;
		bool is_role = false;

		while (i < len && is_name_sep(cp_at(s, len, i, &w)))
			i += w;
		if (i >= len)
			break;
		start = i;
		while (i < len && !is_name_sep(cp_at(s, len, i, &w)))
			i += w;
		tok = s + start;
		tlen = i - start;
		for (size_t r = 0; r < ARRAY_SIZE(roles); r++) {
			size_t rl = strlen(roles[r].word);
			if (!has_prefix(tok, tlen, roles[r].word))
				continue;
			if (rl == tlen || (utf8_count(roles[r].word, rl) >= 2 && roles[r].field != F_NONE)) {
				if (roles[r].field != F_NONE)
					role = roles[r].field;
				tok += rl;
				tlen -= rl;
				is_role = true;
				break;
			}
		}
		if (is_role && !tlen)
			continue;
		if (!name_ok(tok, tlen)) {
			if (strict)
				return -1;
			continue;
		}
		if (a)
			add_name(a, role, tok, tlen);
		names++;
	}
	return names;
}

/* The metadata key at s[i], if any: its index in meta_keys.  *after is set
 * past the key and its colon; *colon says whether there was one (a byline
 * role may also take "/").  A key must be followed by a colon, "/" or white
 * space: "作者为…" and "编辑部" are not keys. */
static int key_at(const char *s, size_t len, size_t i, size_t *after, bool *colon)
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
	cp = cp_at(s, len, j, &w);
	if (is_colon(cp) || (cp == '/' && is_role_field(meta_keys[best].field))) {
		*colon = true;
		*after = j + w;
		return best;
	}
	if (!w || utf8_is_space(cp)) {
		size_t k = j;
		while (k < len && utf8_is_space(cp_at(s, len, k, &w)))
			k += w;
		if (is_colon(cp_at(s, len, k, &w))) { /* "来源 ：" */
			*colon = true;
			*after = k + w;
		} else {
			*colon = false;
			*after = j;
		}
		return best;
	}
	return -1;
}

/* Where the value starting at s[i] ends: at the next "key:" that follows a
 * separator, or at the end of the line. */
static size_t value_end(const char *s, size_t len, size_t i)
{
	size_t w, after;
	bool colon;
	while (i < len) {
		uint32_t cp = cp_at(s, len, i, &w);
		i += w;
		if (is_field_sep(cp) && i < len && !is_field_sep(cp_at(s, len, i, &w)) &&
		    key_at(s, len, i, &after, &colon) >= 0 && colon)
			return i;
	}
	return len;
}

/* A copy of a value with any date in it taken out ("鄞州新闻网 19-01-29
 * 15:42"); the date goes to *d.  The caller frees the copy. */
static char *value_without_date(const char *s, size_t len, struct pubdate *d, bool *dated)
{
	struct buf b = BUF_INIT;
	size_t ds, de, vlen;
	const char *v;
	char *out;

	*dated = date_find(s, len, d, &ds, &de);
	if (*dated) {
		buf_add(&b, s, ds);
		buf_add(&b, " ", 1);
		buf_add(&b, s + de, len - de);
	} else {
		buf_add(&b, s, len);
	}
	v = b.data;
	vlen = b.len;
	trim_if(&v, &vlen, is_value_junk);
	out = xstrndup(v, vlen);
	buf_release(&b);
	return out;
}

static void set_once(char **field, const char *v)
{
	if (!*field && *v)
		article_set(field, v);
}

static void set_date_once(struct article *a, const struct pubdate *d)
{
	if (!a->published.date[0])
		a->published = *d;
}

/* Check (a == NULL) or record one "key: value" field.  Returns false when
 * the value does not fit the key, which makes the line not metadata. */
static bool apply_field(enum field f, const char *s, size_t len, struct article *a)
{
	struct pubdate d;
	bool dated;
	char *v;
	size_t ncp;

	trim_if(&s, &len, is_value_junk);
	ncp = utf8_count(s, len);
	switch (f) {
	case F_DATE:
		if (!date_find(s, len, &d, NULL, NULL))
			return false;
		if (a)
			set_date_once(a, &d);
		return true;
	case F_SOURCE:
	case F_EDITOR:
	case F_SECTION:
		if (ncp > 40 || any_cp(s, len, is_full_stop))
			return false;
		if (a) {
			v = value_without_date(s, len, &d, &dated);
			set_once(f == F_SOURCE ? &a->source : f == F_EDITOR ? &a->editor : &a->section, v);
			if (dated)
				set_date_once(a, &d);
			free(v);
		}
		return true;
	case F_AUTHOR:
	case F_CONTRIB:
		if (ncp > 60 || any_cp(s, len, is_full_stop))
			return false;
		if (a) {
			v = value_without_date(s, len, &d, &dated);
			parse_names(v, strlen(v), f, false, a);
			if (dated)
				set_date_once(a, &d);
			free(v);
		}
		return true;
	case F_SUBTITLE:
		if (a && len) {
			v = xstrndup(s, len);
			set_once(&a->subtitle, v);
			free(v);
		}
		return true;
	case F_CORRECTION:
		if (ncp > 80)
			return false;
		if (a && len) {
			v = xstrndup(s, len);
			set_once(&a->correction, v);
			free(v);
		}
		return true;
	case F_TAGS:
		if (a)
			for (size_t i = 0, w; i < len;) {
				size_t start;
				while (i < len && is_name_sep(cp_at(s, len, i, &w)))
					i += w;
				start = i;
				while (i < len && !is_name_sep(cp_at(s, len, i, &w)))
					i += w;
				if (i > start) {
					v = xstrndup(s + start, i - start);
					if (!strlist_has(&a->tags, v))
						strlist_add(&a->tags, v);
					free(v);
				}
			}
		return true;
	case F_OTHER:
	case F_NONE:
		return ncp <= 60;
	}
	return false;
}

/* "星期五", "周五": may follow a date on a metadata line. */
static size_t weekday_len(const char *s, size_t len)
{
	static const char *const prefixes[] = { "星期", "礼拜", "周" };
	for (size_t p = 0; p < ARRAY_SIZE(prefixes); p++) {
		size_t pl = strlen(prefixes[p]), w;
		uint32_t cp;
		if (!has_prefix(s, len, prefixes[p]))
			continue;
		cp = cp_at(s, len, pl, &w);
		if (cp == 0x4E00 || cp == 0x4E8C || cp == 0x4E09 || cp == 0x56DB || cp == 0x4E94 ||
		     cp == 0x516D || cp == 0x65E5 || cp == 0x5929)
			return pl + w;
	}
	return 0;
}

enum meta { META_NO, META_DATE, META_FIELDS };

/* An e-paper's page line: "第A3版：综合新闻", "第03版 要闻", "A3版：综合新闻",
 * "第5版" — the printed page, and the page's name as the section.  With a
 * non-NULL a, records them (the first page line wins). */
static bool page_line(const char *s, size_t len, struct article *a)
{
	size_t i = 0, start, digits = 0, w;
	if (has_prefix(s, len, "第"))
		i += strlen("第");
	start = i;
	if (i < len && s[i] >= 'A' && s[i] <= 'Z')
		i++;
	while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 3) {
		i++;
		digits++;
	}
	if (!digits || !has_prefix(s + i, len - i, "版"))
		return false;
	size_t end = i;
	i += strlen("版");
	/* "版" must end the line or be followed by a separator and a name */
	const char *name = s + i;
	size_t nlen = len - i;
	if (nlen) {
		uint32_t cp = cp_at(name, nlen, 0, &w);
		if (!is_colon(cp) && !utf8_is_space(cp))
			return false;
		name += w;
		nlen -= w;
		trim(&name, &nlen);
		if (!nlen || utf8_count(name, nlen) > 20 || any_cp(name, nlen, is_clause_punct))
			return false;
	}
	if (a) {
		if (!a->page) {
			a->page = xstrndup(s + start, end - start);
			/* "03" is page 3 */
			char *p = a->page;
			size_t z = (p[0] >= 'A' && p[0] <= 'Z') ? 1 : 0;
			while (p[z] == '0' && p[z + 1])
				memmove(p + z, p + z + 1, strlen(p + z));
		}
		if (nlen && !a->section)
			a->section = xstrndup(name, nlen);
	}
	return true;
}

static bool is_byline_marker(uint32_t cp)
{
	return cp == 0x25A0 /* ■ */ || cp == 0x25A1 /* □ */ || cp == 0x25CF /* ● */ ||
	       cp == 0x25C6 /* ◆ */ || cp == 0x25C7 /* ◇ */;
}

/* Is the (trimmed) line metadata?  META_DATE for a bare date, META_FIELDS for
 * fields or a byline.  With a non-NULL a, also records what it says. */
static enum meta meta_line(const char *s, size_t len, struct article *a)
{
	size_t i = 0, w, after, ds, de;
	bool colon, dated = false, any = false;
	struct pubdate d;
	int k;

	if (a && meta_line(s, len, NULL) == META_NO)
		return META_NO;
	if (!len || utf8_count(s, len) > META_MAX_CP)
		return META_NO;
	if (page_line(s, len, a))
		return META_FIELDS;
	unwrap_brackets(&s, &len);

	if (is_byline_marker(cp_at(s, len, 0, &w))) {
		s += w;
		len -= w;
		trim(&s, &len);
		return parse_names(s, len, F_AUTHOR, true, a) > 0 ? META_FIELDS : META_NO;
	}

	if (date_find(s, len, &d, &ds, &de) && ds == 0) {
		dated = true;
		if (a)
			set_date_once(a, &d);
		i = de;
		while (i < len && is_field_sep(cp_at(s, len, i, &w)))
			i += w;
		i += weekday_len(s + i, len - i);
	}
	while (i < len) {
		size_t end;
		while (i < len && is_field_sep(cp_at(s, len, i, &w)))
			i += w;
		if (i >= len)
			break;
		k = key_at(s, len, i, &after, &colon);
		if (k < 0)
			return META_NO;
		if (!colon) {
			/* "记者 张三 李四", "责任编辑 李梦": a line of names */
			enum field f = meta_keys[k].field;
			if (any || dated)
				return META_NO;
			if (is_role_field(f))
				return parse_names(s + i, len - i, F_AUTHOR, true, a) > 0 ? META_FIELDS
											: META_NO;
			if (f == F_EDITOR && parse_names(s + after, len - after, F_NONE, true, NULL) == 1) {
				if (a)
					apply_field(f, s + after, len - after, a);
				return META_FIELDS;
			}
			return META_NO;
		}
		end = value_end(s, len, after);
		if (!apply_field(meta_keys[k].field, s + after, end - after, a))
			return META_NO;
		any = true;
		i = end;
	}
	return any ? META_FIELDS : dated ? META_DATE : META_NO;
}

/* ---- classifying lines -------------------------------------------------- */

static bool is_bullet(uint32_t cp)
{
	return cp == 0x2022 /* • */ || cp == 0xB7 /* · */ || cp == 0x25AA /* ▪ */ ||
	       cp == 0x25BA /* ► */ || cp == 0x25B6 /* ▶ */ || cp == 0x2023 /* ‣ */ ||
	       cp == 0x25E6 /* ◦ */ || cp == 0x25CB /* ○ */ || cp == 0x2192 /* → */ ||
	       cp == 0xBB /* » */;
}

/* Menus ("手机版 | 数字报 | 无障碍"), breadcrumbs, link lists, footers. */
static bool is_nav(const char *s, size_t len)
{
	static const char *const crumbs[] = { " > ", ">>", "＞", "›", " » ", "->", NULL };
	static const char *const footers[] = { "Copyright", "COPYRIGHT", "copyright", "©",
					       "版权所有", "ICP备", "ICP证", NULL };
	size_t w;

	if (is_bullet(cp_at(s, len, 0, &w)))
		return true;
	if (any_cp(s, len, is_full_stop))
		return false;
	return count_cp(s, len, '|') + count_cp(s, len, 0xFF5C /* ｜ */) >= 2 ||
	       contains_any(s, len, crumbs) || contains_any(s, len, footers);
}

/* A toolbar made of bracketed buttons: "【字号 大 中 小】【打印本页】". */
static bool is_toolbar(const char *s, size_t len)
{
	size_t i = 0, w, groups = 0;
	bool spaced = false;
	while (i < len) {
		uint32_t open = cp_at(s, len, i, &w), close = closer_of(open), cp;
		if (utf8_is_space(open)) {
			i += w;
			continue;
		}
		if (!close)
			return false;
		for (i += w;; i += w) {
			cp = cp_at(s, len, i, &w);
			if (!w)
				return false;
			if (cp == close)
				break;
			if (utf8_is_space(cp))
				spaced = true;
		}
		i += w;
		groups++;
	}
	return groups >= 2 || (groups == 1 && spaced);
}

static bool is_sentence_punct(uint32_t cp)
{
	return is_clause_punct(cp) && cp != ':' && cp != 0xFF1A;
}

static enum kind classify(const char *s, size_t len, size_t ncp)
{
	if (!len)
		return K_BLANK;
	if (meta_line(s, len, NULL) != META_NO)
		return K_META;
	if (is_nav(s, len))
		return K_NAV;
	if (is_toolbar(s, len) || (ncp <= 20 && !any_cp(s, len, utf8_is_cjk)))
		return K_NOISE;
	if (any_cp(s, len, is_full_stop) ||
	    (ncp >= PROSE_MIN_CP && (any_cp(s, len, is_sentence_punct) ||
				     contains(s, len, "、"))))
		return K_PROSE;
	return K_SHORT;
}

/* Split text into trimmed, classified lines.  Returns the count; *out is
 * freed by the caller. */
static size_t split_lines(const char *text, size_t len, struct line **out)
{
	size_t n = 0, cap = 16, i = 0;
	struct line *lines = xmalloc(cap * sizeof(*lines));

	if (has_prefix(text, len, "\xEF\xBB\xBF"))
		i = 3;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		struct line *l;
		if (n == cap) {
			cap *= 2;
			lines = xrealloc(lines, cap * sizeof(*lines));
		}
		l = &lines[n++];
		l->s = text + i;
		l->len = end - i;
		trim(&l->s, &l->len);
		l->ncp = utf8_count(l->s, l->len);
		l->kind = classify(l->s, l->len, l->ncp);
		i = end + 1;
	}
	*out = lines;
	return n;
}

/* ---- finding the article ------------------------------------------------ */

/* The stretch of lines holding the most prose: [*first, *last], both prose
 * lines.  Returns false when there is no prose at all. */
static bool find_body(const struct line *l, size_t n, size_t *first, size_t *last)
{
	size_t best = 0, score = 0, cur_first = 0, cur_last = 0, shorts = 0;
	bool open = false, found = false;

	for (size_t i = 0; i <= n; i++) {
		enum kind k = i < n ? l[i].kind : K_NAV;
		bool close = false;
		switch (k) {
		case K_BLANK:
		case K_NOISE:
			break;
		case K_META:
		case K_NAV:
			close = true;
			break;
		case K_SHORT:
			if (++shorts >= 3)
				close = true;
			break;
		case K_PROSE:
			shorts = 0;
			if (!open) {
				open = true;
				cur_first = i;
				score = 0;
			}
			cur_last = i;
			score += l[i].ncp;
			break;
		}
		if (close) {
			if (k != K_SHORT)
				shorts = 0;
			if (open && (!found || score > best)) {
				found = true;
				best = score;
				*first = cur_first;
				*last = cur_last;
			}
			open = false;
		}
	}
	return found;
}

/* Could this line be a headline? */
static bool title_like(const struct line *l)
{
	size_t w;
	if (l->kind != K_SHORT && l->kind != K_PROSE)
		return false;
	if (l->ncp < 2 || l->ncp > 80 || any_cp(l->s, l->len, is_full_stop))
		return false;
	uint32_t last = cp_before(l->s, l->len, &w);
	if (last == 0xFF0C || last == 0x3001 || last == 0xFF1B || last == 0xFF1A || last == ',' ||
	    last == ';' || last == ':')
		return false;
	return any_cp(l->s, l->len, is_cjk_or_letter);
}

static bool is_dash(uint32_t cp)
{
	return cp == 0x2014 /* — */ || cp == 0x2015 || cp == '-' || utf8_is_space(cp);
}

/* A subtitle line: "——记百丈街道的垃圾分类". */
static bool is_dash_line(const struct line *l)
{
	size_t w;
	uint32_t cp = cp_at(l->s, l->len, 0, &w);
	return (cp == 0x2014 || cp == 0x2015 || cp == '-') && is_dash(cp_at(l->s, l->len, w, &w));
}

static bool heading_like(const struct line *l)
{
	return l->kind == K_SHORT && l->ncp <= HEADING_MAX_CP &&
	       !any_cp(l->s, l->len, is_clause_punct) && !is_bracket_note(l->s, l->len);
}

/* ---- writing Markdown --------------------------------------------------- */

/* Append s so that CommonMark renders it back as the same text: backslash
 * before the inline metacharacters everywhere, and before what would start a
 * heading, list, block quote or rule at the start of a paragraph. */
void webtext_escape(struct buf *b, const char *s, size_t len, bool heading)
{
	size_t i = 0;

	if (len && !heading) {
		size_t n = 0;
		if (s[0] == '#') {
			while (n < len && s[n] == '#')
				n++;
			if (n <= 6 && (n == len || s[n] == ' ' || s[n] == '\t'))
				buf_addc(b, '\\');
		} else if (s[0] == '-' || s[0] == '+') {
			bool rule = s[0] == '-';
			for (n = 0; n < len; n++)
				if (s[n] != s[0] && s[n] != ' ' && s[n] != '\t')
					rule = false;
			if (rule || len == 1 || s[1] == ' ' || s[1] == '\t')
				buf_addc(b, '\\');
		} else if (s[0] >= '0' && s[0] <= '9') {
			while (n < len && n < 10 && s[n] >= '0' && s[n] <= '9')
				n++;
			if (n <= 9 && n < len && (s[n] == '.' || s[n] == ')') &&
			    (n + 1 == len || s[n + 1] == ' ' || s[n + 1] == '\t')) {
				buf_add(b, s, n);
				buf_addc(b, '\\');
				i = n;
			}
		}
	}
	for (; i < len; i++) {
		char c = s[i];
		if (strchr("\\`*_[]<>", c) || (c == '#' && heading)) {
			buf_addc(b, '\\');
		} else if (c == '&') {
			/* "&amp;" would render as "&": escape what looks like an entity */
			size_t j = i + 1;
			if (j < len && s[j] == '#')
				j++;
			while (j < len && ((s[j] >= '0' && s[j] <= '9') || is_ascii_letter((unsigned char)s[j])))
				j++;
			if (j > i + 1 && j < len && s[j] == ';')
				buf_addc(b, '\\');
		}
		buf_addc(b, c);
	}
}

/* The last paragraph may end with the editor in brackets:
 * "…参与率。（责任编辑：李梦）".  Records it and shortens the paragraph. */
static void take_trailing_meta(const char *s, size_t *len, struct article *a)
{
	size_t w, i;
	uint32_t close = cp_before(s, *len, &w);
	if (close != ')' && close != 0xFF09)
		return;
	for (i = *len - w; i > 0;) {
		size_t ow;
		uint32_t cp = cp_before(s, i, &ow);
		i -= ow;
		if (cp == close)
			return;
		if (closer_of(cp) == close) {
			if (i > 0 && meta_line(s + i, *len - i, NULL) == META_FIELDS) {
				meta_line(s + i, *len - i, a);
				*len = i;
				trim(&s, len);
			}
			return;
		}
	}
}

/* The first paragraph often names its reporters in brackets near its start:
 * "本报讯（记者 张三 通讯员 李四）3月7日…".  Records them; the text stays. */
static void take_lead_byline(const char *s, size_t len, struct article *a)
{
	size_t i = 0, w, n;
	for (n = 0; i < len && n < 12; n++, i += w) {
		uint32_t open = cp_at(s, len, i, &w), close = closer_of(open);
		size_t j, cw;
		if (!close)
			continue;
		for (j = i + w; j < len; j += cw) {
			uint32_t cp = cp_at(s, len, j, &cw);
			if (cp == open)
				return;
			if (cp == close) {
				if (meta_line(s + i, j + cw - i, NULL) == META_FIELDS)
					meta_line(s + i, j + cw - i, a);
				return;
			}
		}
		return;
	}
}

static void write_body(const struct line *l, size_t first, size_t last, struct article *a)
{
	struct buf *b = &a->body;
	size_t final = last;
	bool lead = true;

	while (final > first && l[final].kind == K_BLANK)
		final--;
	buf_reset(b);
	for (size_t i = first; i <= last; i++) {
		const char *s = l[i].s;
		size_t len = l[i].len;
		bool heading;
		if (l[i].kind == K_BLANK || l[i].kind == K_NOISE)
			continue;
		if (i == final)
			take_trailing_meta(s, &len, a);
		if (!len)
			continue;
		heading = heading_like(&l[i]) && i != final;
		if (lead && !heading) {
			take_lead_byline(s, len, a);
			lead = false;
		}
		if (b->len)
			buf_adds(b, "\n");
		if (heading)
			buf_adds(b, "## ");
		webtext_escape(b, s, len, heading);
		buf_adds(b, "\n");
	}
}

int article_from_webtext(const char *text, size_t len, struct article *a, struct ferr *e)
{
	struct line *l;
	size_t n = split_lines(text, len, &l), first = 0, last = 0, title = 0, sub, i;
	bool have_title = false;

	sub = n;
	if (!find_body(l, n, &first, &last)) {
		free(l);
		return ferr_set(e, FOLIO_EINPUT, "no body paragraphs found");
	}
	/* a parenthesised note right after the body belongs to it */
	for (i = last + 1; i < n; i++) {
		if (l[i].kind == K_BLANK || l[i].kind == K_NOISE)
			continue;
		if ((l[i].kind != K_SHORT && l[i].kind != K_PROSE) || !is_bracket_note(l[i].s, l[i].len))
			break;
		last = i;
	}
	/* a headline that reads like a sentence starts the stretch itself */
	if (title_like(&l[first]) && l[first].ncp <= 40 && first < last) {
		title = first;
		have_title = true;
		while (first < last && (first == title || l[first].kind == K_BLANK))
			first++;
	}
	for (i = first; !have_title && i-- > 0;) {
		if (l[i].kind == K_BLANK || l[i].kind == K_META || l[i].kind == K_NAV ||
		    l[i].kind == K_NOISE)
			continue;
		if (!title_like(&l[i]))
			break;
		if (sub == n && is_dash_line(&l[i])) {
			sub = i; /* "——记…": the subtitle under the headline */
			continue;
		}
		title = i;
		have_title = true;
	}
	if (!have_title) {
		free(l);
		return ferr_set(e, FOLIO_EINPUT, "no article title found");
	}

	article_set(&a->title, NULL);
	a->title = xstrndup(l[title].s, l[title].len);
	/* Above the title: an e-paper's page line, and the kicker (引题) — a
	 * "——…" line, or on an e-paper page a short line right under the page
	 * line. */
	size_t above = title, page_at = n;
	for (i = 0; i < title; i++)
		if (l[i].kind == K_META && page_line(l[i].s, l[i].len, NULL)) {
			page_line(l[i].s, l[i].len, a);
			page_at = i;
			break;
		}
	while (above > 0 && l[above - 1].kind == K_BLANK)
		above--;
	if (above > 0) {
		const struct line *k = &l[above - 1];
		size_t before = above - 1;
		while (before > 0 && l[before - 1].kind == K_BLANK)
			before--;
		bool under_page = page_at < n && before > 0 && before - 1 == page_at;
		if (title_like(k) && k->ncp <= 60 && (is_dash_line(k) || under_page))
			a->kicker = xstrndup(k->s, k->len);
	}
	if (sub < n) {
		const char *s = l[sub].s;
		size_t slen = l[sub].len;
		char *v;
		trim_if(&s, &slen, is_dash);
		v = xstrndup(s, slen);
		article_set(&a->subtitle, v);
		free(v);
	}
	for (i = title + 1; i < first; i++)
		if (l[i].kind == K_META)
			meta_line(l[i].s, l[i].len, a);
	write_body(l, first, last, a);
	for (i = last + 1; i < n; i++) {
		if (l[i].kind == K_BLANK || l[i].kind == K_NOISE)
			continue;
		if (l[i].kind != K_META)
			break;
		meta_line(l[i].s, l[i].len, a);
	}
	free(l);
	if (!a->body.len)
		return ferr_set(e, FOLIO_EINPUT, "no body paragraphs found");
	return 0;
}

/* A line only Markdown writes: an ATX heading, a code fence, a quote. */
static bool is_markdown_line(const struct line *l)
{
	size_t h = 0;
	while (h < l->len && l->s[h] == '#')
		h++;
	return (h >= 1 && h <= 6 && h < l->len && l->s[h] == ' ') ||
	       has_prefix(l->s, l->len, "```") || has_prefix(l->s, l->len, "~~~") ||
	       has_prefix(l->s, l->len, "> ");
}

bool webtext_sniff(const char *text, size_t len)
{
	struct line *l;
	size_t n = split_lines(text, len, &l), fields = 0, markdown = 0, i;

	for (i = 0; i < n && l[i].kind == K_BLANK; i++)
		;
	/* YAML front matter or HTML: never a text dump */
	if (i < n && ((l[i].len == 3 && has_prefix(l[i].s, l[i].len, "---")) || l[i].s[0] == '<')) {
		free(l);
		return false;
	}
	/* metadata lines must outnumber the lines only Markdown has */
	for (; i < n; i++) {
		if (is_markdown_line(&l[i]))
			markdown++;
		else if (l[i].kind == K_META && meta_line(l[i].s, l[i].len, NULL) == META_FIELDS)
			fields++;
	}
	free(l);
	return fields > markdown;
}
