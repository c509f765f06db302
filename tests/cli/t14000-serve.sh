#!/usr/bin/env bash
# folio serve: every page, status code and header over HTTP (curl); hostile
# input (markup in a title, a 10,000-character query, %00, ../, invalid
# UTF-8, 200 connections at once); read-only while ingest writes; loopback
# by default, a token off it; then the same path in headless Chromium with
# screenshots (tests/browser/reading_room.py), when it is installed.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
expect 0 "ingest the samples" folio ingest -q "$S"
mkdir -p "$T/hostile"
cat > "$T/hostile/x.md" <<'EOF'
---
title: <script>alert(1)</script>"onerror=x 标题
date: 2019-01-30
author: <b>坏人</b>
---
正文里有 <img src=x onerror=alert(2)> 和 [链接](javascript:alert(3))。
EOF
expect 0 "ingest an article with markup in its fields" folio ingest -q "$T/hostile/x.md"
bad=$(folio list --json | grep -F 'onerror' | sed 's/^{"id":\([0-9]*\).*/\1/')
lib=$(folio list --json | grep -F '图书馆' | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "hold one article" folio hold "$lib" --reason "诉讼保全"
expect 0 "and snapshot it" folio snapshot "$lib" --reason 测试 -o "$T/bag"
# A revision of the library article: its diff shows on the page.
sed 's/外借图书的到期日/借阅图书的到期日/' "$S/2019-01-08-library-hours.md" > "$T/rev.md"
expect 0 "release the hold so that a revision can be stored" folio release 1 --reason 结案
expect 0 "ingest a revision" folio ingest -q "$T/rev.md"

serve_start() { # ARGS...: start folio serve, set PORT and SPID
	"$FOLIO" serve "$@" > "$T/serve.out" 2> "$T/serve.err" &
	SPID=$!
	for _ in $(seq 50); do
		grep -q "serving" "$T/serve.out" 2> /dev/null && break
		sleep 0.1
	done
	PORT=$(sed -n 's/.*:\([0-9]*\)\/ .*/\1/p' "$T/serve.out")
}
serve_stop() { kill "$SPID" 2> /dev/null; wait "$SPID" 2> /dev/null; }
trap 'serve_stop; rm -rf "$T"' EXIT

audit_before=$(folio audit | wc -l)
serve_start --listen 127.0.0.1:0 --cache "$T/cache"
ok_if "serve says where it listens" test -n "$PORT"
U=http://127.0.0.1:$PORT
get() { # PATH [CURL ARGS]: body in $T/body, headers in $T/head, status in $CODE
	local p=$1; shift
	CODE=$(curl -s --path-as-is -D "$T/head" -o "$T/body" -w '%{http_code}' "$@" "$U$p")
}
head_has() { grep -qiF -- "$1" "$T/head"; }
body_has() { grep -qF -- "$1" "$T/body"; }

for p in / "/search?q=%E7%99%BE%E4%B8%88" "/article/$lib" "/month/2019-01" /snapshots /holds; do
	get "$p"
	ok_if "GET $p: 200, HTML" eval '[ "$CODE" = 200 ] && head_has "Content-Type: text/html; charset=utf-8"'
	ok_if "GET $p: security headers" eval 'head_has "Content-Security-Policy: default-src '"'"'none'"'"'" && head_has "X-Content-Type-Options: nosniff"'
	ok_if "GET $p: the page is zh-CN with a main landmark" eval 'body_has "<html lang=\"zh-CN\">" && body_has "<main id=\"main\">"'
done
get /static/style.css
ok_if "the stylesheet" eval '[ "$CODE" = 200 ] && head_has "text/css"'

get /
ok_if "home lists the months with counts" eval 'body_has "/month/2019-01" && body_has "5 篇"'
ok_if "home lists the sections" body_has "文化"
ok_if "and the snapshot" body_has "测试"

get "/search?q=%E7%99%BE%E4%B8%88"
ok_if "search 百丈: 4 results, counted" body_has "共 4 篇"
ok_if "the matches marked" body_has "<mark>百丈</mark>"
ok_if "facets per month, as links keeping the query" body_has "/search?q=%E7%99%BE%E4%B8%88&amp;month=2019-01"
get "/search?q=%E7%99%BE%E4%B8%88&month=2019-01"
ok_if "the month facet filters: 3" body_has "共 3 篇"
get "/search?q=%E7%99%BE%E4%B8%88+-%E5%85%9A%E5%BB%BA&sort=date"
ok_if "exclusion and sort by date in the URL" body_has "共 3 篇"
get "/search?section=%E6%96%87%E5%8C%96"
ok_if "a section without words lists its articles" eval 'body_has "共 1 篇" && body_has "区图书馆"'
get "/search?q=%22%E5%85%9A"
ok_if "a refused query is 400, saying why" eval '[ "$CODE" = 400 ] && body_has "a quote is opened and not closed"'
get "/search?q=x&from=2019-13-40"
ok_if "a bad date is 400" test "$CODE" = 400

get "/article/$lib"
ok_if "the article: title, byline, source" eval 'body_has "区图书馆春节期间开放时间调整" && body_has "林晓" && body_has "鄞州新闻网"'
ok_if "the body rendered from Markdown" body_has "<h2>服务安排</h2>"
ok_if "the encoding and its evidence" eval 'body_has "UTF-8" && body_has "valid UTF-8"'
ok_if "the revision, with a diff" eval 'body_has "<del>馆方提醒，外借图书" && body_has "<ins>馆方提醒，借阅图书"'
ok_if "links to the original and the PDF" eval 'body_has "/article/'$lib'/original" && body_has "/article/'$lib'.pdf"'

get "/article/$lib/original"
ok_if "the original: 200" test "$CODE" = 200
ok_if "byte for byte what folio show --original gives" eval 'folio show "$lib" --original | cmp -s - "$T/body"'
ok_if "its type and charset" head_has "Content-Type: text/markdown; charset=utf-8"
ok_if "as an attachment with its file name (the revision's)" head_has 'Content-Disposition: attachment; filename="rev.md"'
ok_if "sandboxed: never run as a page" head_has "Content-Security-Policy: sandbox"

get "/article/$lib.pdf"
ok_if "the article as PDF" eval '[ "$CODE" = 200 ] && head_has "application/pdf" && head -c 5 "$T/body" | grep -q "%PDF-"'
cp "$T/body" "$T/article.pdf"
pdf_checks "$T/article.pdf" "区图书馆"

get /month/2019-01
ok_if "the month: its articles by date and section" eval 'body_has "<time>2019-01-08</time>" && body_has "文化"'
t0=$(date +%s.%N)
get /month/2019-01/edition.pdf
t1=$(date +%s.%N)
ok_if "the month's edition as PDF" eval '[ "$CODE" = 200 ] && head -c 5 "$T/body" | grep -q "%PDF-"'
cp "$T/body" "$T/ed1.pdf"
get /month/2019-01/edition.pdf
cmp -s "$T/body" "$T/ed1.pdf"
ok_if "asked again: the same bytes" test $? = 0
ok_if "typeset once: one cached edition for the month and one article PDF" \
	test "$(ls "$T/cache" | grep -c '\.pdf$')" = 2
echo "# first edition request $(python3 -c "print(round($t1 - $t0, 2))") s"

get /snapshots
ok_if "snapshots: reason, selection, checksum" eval 'body_has "测试" && grep -qE "<code>[0-9a-f]{64}</code>" "$T/body"'
get /holds
ok_if "holds: reason and release" eval 'body_has "诉讼保全" && body_has "结案"'

# ---- errors ----
get /nothing-here
ok_if "an unknown page is 404" test "$CODE" = 404
get /article/99999
ok_if "an unknown article is 404" test "$CODE" = 404
get /article/abc
ok_if "a malformed id is 404" test "$CODE" = 404
get /month/2019-13
ok_if "a malformed month is 404" test "$CODE" = 404
for m in POST PUT DELETE PATCH; do
	get / -X "$m" -d x=1
	ok_if "$m is 405 with Allow: GET, HEAD" eval '[ "$CODE" = 405 ] && head_has "Allow: GET, HEAD"'
done
get / -I
ok_if "HEAD is answered" test "$CODE" = 200

# ---- hostile input ----
get "/article/$bad"
ok_if "markup in a title is escaped" body_has "&lt;script&gt;alert(1)&lt;/script&gt;&quot;onerror=x"
ok_if "no <script> from the article reaches the page" eval '! grep -qi "<script" "$T/body"'
ok_if "raw HTML in the body is left out, javascript: links dropped" \
	eval '! grep -qi "onerror=alert(2)" "$T/body" && ! grep -qi "javascript:" "$T/body"'
get "/search?q=%3Cscript%3E%22onerror%3D"
ok_if "a query with markup is escaped back into the form" eval '! grep -q "<script>\"onerror=" "$T/body" && body_has "value=\"&lt;script&gt;&quot;onerror=\""'
get "/search?q=$(printf 'a%.0s' $(seq 10000))"
ok_if "a 10,000-character query is 400" eval '[ "$CODE" = 400 ] && body_has "bytes long"'
get "/search?q=%00"
ok_if "%00 is no error" test "$CODE" = 200
get "/search?q=%FF%FE%E5"
ok_if "invalid UTF-8 is 400" eval '[ "$CODE" = 400 ] && body_has "not valid UTF-8"'
for p in "/static/../../etc/passwd" "/article/1/../../../etc/passwd" "/%2e%2e/%2e%2e/etc/passwd" "/static/..%2f..%2fetc%2fpasswd"; do
	get "$p"
	ok_if "path traversal $p is 404, nothing read" eval '[ "$CODE" = 404 ] && ! body_has "root:"'
done

# 200 connections at once, and ingest writing meanwhile.
mkdir -p "$T/more"
for i in $(seq 30); do
	printf -- '---\ntitle: 并发写入第%d篇\ndate: 2019-02-%02d\n---\n\n并发写入的正文%d。\n' "$i" $(( (i % 28) + 1 )) "$i" > "$T/more/$i.md"
done
"$FOLIO" ingest -q "$T/more" > "$T/ingest.out" 2>&1 &
IPID=$!
mkdir -p "$T/answers"
seq 200 | xargs -P 200 -I{} curl -s -o "$T/answers/{}" -w '%{http_code}\n' "$U/search?q=%E7%99%BE%E4%B8%88" > "$T/codes"
wait "$IPID"
ok_if "ingest beside the server succeeded" eval 'grep -q "30 new" "$T/ingest.out"'
ok_if "200 concurrent requests: every one 200" eval '[ "$(grep -c "^200$" "$T/codes")" = 200 ] || { sort "$T/codes" | uniq -c | sed "s/^/#   /"; grep -L "共 4 篇" "$T"/answers/* | head -3 | xargs -r sed "s/<[^>]*>//g" | grep -v "^[[:space:]]*$" | head -20 | sed "s/^/#   /"; tail -5 "$T/serve.err" | sed "s/^/#   /"; false; }'
get "/search?q=%E5%B9%B6%E5%8F%91%E5%86%99%E5%85%A5"
ok_if "and the server sees what ingest wrote" body_has "共 30 篇"
ok_if "the server still answers" eval 'get /; [ "$CODE" = 200 ]'
# Each worker remembers its recent searches; a write by another connection
# must make every one of them forget (asked on many connections, so that
# every worker thread answers at least once before and after).
Q="/search?q=%E5%B9%B6%E5%8F%91%E5%86%99%E5%85%A5"
seq 16 | xargs -P 8 -I{} curl -s -o "$T/answers/before{}" "$U$Q"
printf -- '---\ntitle: 并发写入之后\ndate: 2019-02-27\n---\n\n并发写入以后又写一篇。\n' > "$T/one-more.md"
"$FOLIO" ingest -q "$T/one-more.md" > /dev/null 2>&1
seq 16 | xargs -P 8 -I{} curl -s -o "$T/answers/after{}" "$U$Q"
ok_if "searches remembered before a write: 30 each" \
	test "$(grep -l "共 30 篇" "$T"/answers/before* | wc -l)" = 16
ok_if "after another connection writes, no worker answers from memory: 31 each" \
	test "$(grep -l "共 31 篇" "$T"/answers/after* | wc -l)" = 16
serve_stop
ok_if "it stopped on SIGTERM without a word on stderr (sanitizers included)" \
	eval '[ ! -s "$T/serve.err" ] || { sed "s/^/#   /" "$T/serve.err" | head -20; false; }'

ok_if "the server wrote nothing to the archive: its audit log is what ingest added" \
	test "$(folio audit | wc -l)" = $((audit_before + 31))

# ---- who may ask ----
expect 2 "another address is refused without --allow-remote" folio serve --listen 0.0.0.0:0
ok_if "saying how" err_has "--allow-remote"
expect 2 "--allow-remote without a token is refused" folio serve --listen 0.0.0.0:0 --allow-remote
ok_if "saying so" err_has "--token"
ip=$(hostname -I 2> /dev/null | tr ' ' '\n' | grep -E '^[0-9]+\.' | grep -v '^127\.' | head -1)
if [ -n "$ip" ]; then
	serve_start --listen 0.0.0.0:0 --allow-remote --token 0123456789abcdef0123 --cache "$T/cache"
	R=http://$ip:$PORT
	ok_if "off loopback without the token: 403" \
		test "$(curl -s -o /dev/null -w '%{http_code}' "$R/")" = 403
	ok_if "with a wrong token: 403" \
		test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer wrongwrongwrongwrong' "$R/")" = 403
	ok_if "with the token: 200" \
		test "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer 0123456789abcdef0123' "$R/")" = 200
	ok_if "?token= once sets a cookie" eval 'curl -s -D - -o /dev/null "$R/?token=0123456789abcdef0123" | grep -qi "Set-Cookie: folio_token="'
	ok_if "loopback needs none" test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/")" = 200
	serve_stop
else
	echo "ok $((_n + 1)) # SKIP this machine has no address off loopback: the token was not tried remotely"
	_n=$((_n + 1))
fi

# ---- in a real browser ----
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && /usr/bin/python3 -c 'import selenium' 2> /dev/null; then
	# A fresh archive of the samples alone: what the script expects to see.
	FOLIO_ARCHIVE=$T/browser.db "$FOLIO" ingest -q "$S"
	FOLIO_ARCHIVE=$T/browser.db serve_start --listen 127.0.0.1:0 --cache "$T/cache2"
	shots=${FOLIO_SCREENSHOTS:-$FOLIO_ROOT/build/screenshots}
	mkdir -p "$shots"
	/usr/bin/python3 "$FOLIO_ROOT/tests/browser/reading_room.py" "http://127.0.0.1:$PORT" "$shots" \
		"$S/2019-01-08-library-hours.md" > "$T/browser" 2>&1
	rc=$?
	sed 's/^/#   /' "$T/browser"
	ok_if "headless Chromium: search, filter, article, original, month edition (screenshots in $shots)" test "$rc" = 0
	serve_stop
else
	echo "ok $((_n + 1)) # SKIP chromium, chromium-driver or python3-selenium is not installed (make deps installs them)"
	_n=$((_n + 1))
fi
done_testing
