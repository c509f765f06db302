#!/usr/bin/env bash
# HTML pages nobody tuned the reader for: comment words on the page's own
# classes, bylines with icons, <title> naming only the column and the site,
# placeholder authors, a media name in class="source", share bars and page
# tools at the ends of the body, 原标题 repeating the title, deep nesting.
# The pages are in tests/data/html/cases/ (see SOURCES.md there).
. "$(dirname "$0")/lib.sh"
C=$FOLIO_ROOT/tests/data/html/cases
n=0
# FILE FIELD EXPECTED: ingest FILE into an archive of its own, then the
# field of `show 1 --json` must equal EXPECTED (JSON, compared as data)
field_is() {
	n=$((n + 1))
	local db=$T/a$n.db
	FOLIO_ARCHIVE=$db "$FOLIO" ingest --format html "$C/$1" > /dev/null 2> "$T/err$n" ||
		{ _report 0 "$1: ingested"; sed 's/^/#   /' "$T/err$n"; return; }
	FOLIO_ARCHIVE=$db "$FOLIO" show 1 --json > "$T/show$n.json"
	ok_if "$1: $2 is $3" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
got, want = d.get(sys.argv[2]), json.loads(sys.argv[3])
if got != want:
    print("#   got %r, wanted %r" % (got, want)); sys.exit(1)' "$T/show$n.json" "$2" "$3"
}
body_has_not() { # FILE TEXT...
	local f=$1; shift
	FOLIO_ARCHIVE=$T/b.db "$FOLIO" ingest --format html "$C/$f" > /dev/null 2>&1
	local id; id=$(FOLIO_ARCHIVE=$T/b.db "$FOLIO" list | tail -1 | awk '{print $1}')
	FOLIO_ARCHIVE=$T/b.db "$FOLIO" show "$id" > "$T/body.txt"
	for t in "$@"; do
		ok_if "$f: no '$t' in the body" eval "! grep -qF -- '$t' '$T/body.txt'"
	done
	ok_if "$f: the article text is kept" grep -qF "带动村民就业六百多人" "$T/body.txt"
}

# a class word with "comment" on <html> and <body> does not make the page chrome
field_is html-class-comments.html title '"村企结对助力乡村振兴"'
field_is html-class-comments.html source '"示例日报"'
# a byline with icons: its date and author, not a comment counter
field_is byline-icons.html published '"2019-03-04T10:20:00+08:00"'
field_is byline-icons.html authors '["张三"]'
# the byline's <time> is a link to the article itself; the related
# posts' times below are not the article's
field_is byline-time-in-link.html published '"2019-03-04T10:20:00+08:00"'
# <title> is "综合新闻--示例新闻网": the heading above the text is the title
field_is title-column-site.html title '"村企结对助力乡村振兴"'
# "村企结对助力乡村振兴 示例新闻网": the site's name after a space goes
field_is title-site-after-space.html title '"村企结对助力乡村振兴"'
# <meta name="author" content="name, email@gmail.com"> is no author
field_is author-placeholder.html authors '[]'
field_is author-placeholder.html source '"示例日报"'
# a media name in class="source" is the source, and no author
field_is source-class.html source '"示例日报"'
field_is source-class.html authors '[]'
# （原标题：…） equal to the title is no subtitle
field_is original-title-same.html subtitle 'null'
# share bars, page tools, comment widgets at the ends of the body
body_has_not body-end-chrome.html 分享到 扫一扫在手机打开当前页面 打印字体 关注公众号 返回示例新闻网首页 我要跟帖

# a page nested 600 <div>s deep is read, its heading and text kept
python3 -c '
b = "<p>" + "这是一段足够长的新闻正文，用来测试很深的嵌套结构是否还能读出来。" * 3 + "</p>"
print("<html><head><title>深</title></head><body>" + "<div>" * 600 + "<h1>深层嵌套的新闻标题</h1>" + b + "</div>" * 600 + "</body></html>")' > "$T/deep.html"
expect 0 "a page nested 600 elements deep is read" env FOLIO_ARCHIVE=$T/d.db "$FOLIO" ingest --format html "$T/deep.html"
expect 0 "show it" env FOLIO_ARCHIVE=$T/d.db "$FOLIO" show 1 --json
ok_if "its title is the heading above the text" eval "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"title\"]==\"深层嵌套的新闻标题\", d[\"title\"]' '$OUT'"
ok_if "its text is kept" grep -qF "很深的嵌套结构" "$OUT"
done_testing
