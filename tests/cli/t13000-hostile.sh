#!/usr/bin/env bash
# The catalogue of hostile and broken input: each case names its input, the
# command, the exit status and message it must give; every case runs under
# a memory limit and a time limit, and after each the archive must still
# pass folio check.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
H=$T/hostile
mkdir -p "$H"
expect 0 "ingest the samples first" folio ingest -q "$S"

# hostile NAME STATUS MESSAGE -- COMMAND...
#   STATUS: the exit status wanted ("nz" for any failure); MESSAGE: a
#   substring of stderr+stdout ("" for none).  Limits: 1.5 GB of memory,
#   60 s.  Then folio check must pass.
n_cases=0
# AddressSanitizer reserves terabytes of address space: under it the memory
# limit is left to the sanitizer run's own checks (the plain run enforces it).
vlimit=1500000
if ldd "$FOLIO" 2> /dev/null | grep -q libasan; then
	vlimit=unlimited
	echo "# built with AddressSanitizer: no ulimit -v"
fi
hostile() {
	local name=$1 want=$2 msg=$3
	shift 4
	n_cases=$((n_cases + 1))
	( ulimit -v "$vlimit"; timeout 60 "$@" ) > "$OUT" 2> "$ERR"
	local rc=$?
	local ok=1
	if [ "$want" = nz ]; then [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] || ok=0
	else [ "$rc" = "$want" ] || ok=0; fi
	[ "$rc" -ge 124 ] && ok=0 # timeout, or killed by a signal
	if [ -n "$msg" ] && ! cat "$OUT" "$ERR" | grep -qF -- "$msg"; then ok=0; fi
	[ $ok = 1 ] || echo "#   exit status $rc, wanted $want; message wanted: $msg"
	_report $ok "$name"
	"$FOLIO" check > "$T/check.out" 2>&1 || { echo "#   folio check failed after: $name"; cat "$T/check.out" | sed 's/^/#     /' | head -5; _report 0 "archive sound after: $name"; }
}
md() { printf -- '---\ntitle: %s\ndate: 2019-01-02\n---\n\n%s\n' "$1" "$2"; }

# --- encodings -----------------------------------------------------------
printf -- '---\ntitle: 截断\n---\n\n这是一段被截断的正文，最后一个字只剩半截\xe4\xb8' > "$H/trunc-utf8.md"
hostile "truncated UTF-8 at the end" 1 "cut off" -- "$FOLIO" ingest "$H/trunc-utf8.md"
printf -- '---\ntitle: 过长\n---\n\n这是正文，这是正文，这是正文，这是正文。过长编码\xc0\xaf\xe0\x80\xaf这是正文。\n' > "$H/overlong.md"
hostile "overlong UTF-8 sequences" 1 "not valid" -- "$FOLIO" ingest "$H/overlong.md"
printf -- '---\ntitle: 代理\n---\n\n这是正文，这是正文，这是正文，这是正文，这是正文。孤立代理\xed\xa0\x80这是正文。\n' > "$H/surrogate.md"
hostile "a lone surrogate encoded in UTF-8" 1 "not valid" -- "$FOLIO" ingest "$H/surrogate.md"
{ printf '正文：'; printf '中文国标码测试，这是一段正常的文字。' | iconv -t GB18030; printf '\x81\x30\xff'; } > "$H/bad-gb.txt"
hostile "an invalid GB18030 four-byte sequence" 1 "byte" -- "$FOLIO" ingest --encoding gb18030 "$H/bad-gb.txt"
{ printf '<?xml version="1.0" encoding="big5"?><p>'; printf '繁體中文測試內容，這是一段較長的文字。' | iconv -t BIG5; printf '\xa3\x20</p>'; } > "$H/bad-big5.xml"
hostile "an invalid Big5 pair" 1 "Big5" -- "$FOLIO" ingest "$H/bad-big5.xml"
printf -- '---\ntitle: 零\n---\n\n正文\0正文\n' > "$H/nul.md"
hostile "NUL bytes in a Markdown file" 1 "a NUL byte at byte 26" -- "$FOLIO" ingest "$H/nul.md"
printf '\xff\xfe' > "$H/bom-only.md"
hostile "a UTF-16 byte-order mark and nothing else" 1 "" -- "$FOLIO" ingest "$H/bom-only.md"
printf '\xef\xbb\xbf' > "$H/utf8-bom-only.md"
hostile "a UTF-8 byte-order mark and nothing else" 1 "" -- "$FOLIO" ingest "$H/utf8-bom-only.md"
hostile "--encoding naming no encoding" 2 "unknown encoding" -- "$FOLIO" ingest --encoding ebcdic-klingon "$S"
md "生僻" "𠮷野家的𠮷字国标码（GBK）里没有。" > "$H/astral.md"
hostile "convert to GBK what GBK lacks" 1 "lacks" -- "$FOLIO" convert --to gbk "$H/astral.md"
hostile "convert to an unknown encoding" 2 "" -- "$FOLIO" convert --to morse "$S/2019-01-08-library-hours.md"

# --- sizes ---------------------------------------------------------------
: > "$H/empty.md"
hostile "a 0-byte file" 1 "empty file" -- "$FOLIO" ingest "$H/empty.md"
truncate -s 200M "$H/huge.md"
hostile "a 200 MB file" 1 "larger than the 64 MB" -- "$FOLIO" ingest "$H/huge.md"
rm -f "$H/huge.md"
python3 -c 'import sys; sys.stdout.write("---\ntitle: 一行\ndate: 2019-01-03\n---\n\n" + "百丈街道推进垃圾分类，" * 160000 + "\n")' > "$H/long-line.md"
hostile "a 5 MB single line" 0 "1 new" -- "$FOLIO" ingest "$H/long-line.md"
hostile "an edition of the 5 MB line" 0 "0 breaking clreq" -- "$FOLIO" edition --from 2019-01-03 --to 2019-01-03 -o "$H/long.pdf"

# --- Markdown and front matter -------------------------------------------
python3 -c 'print("---\ntitle: 深列表\ndate: 2019-01-04\n---\n"); print("- " * 10000 + "层\n\n正文。")' > "$H/deep-list.md"
hostile "10,000 levels of nested lists" 0 "" -- "$FOLIO" ingest "$H/deep-list.md"
python3 -c 'print("---\ntitle: 深引用\ndate: 2019-01-05\n---\n"); print(">" * 10000 + " 引文")' > "$H/deep-quote.md"
hostile "10,000 levels of block quotes" 0 "" -- "$FOLIO" ingest "$H/deep-quote.md"
hostile "an edition with the deep nesting" 0 "" -- "$FOLIO" edition --from 2019-01-04 --to 2019-01-05 -o "$H/deep.pdf"
pdf_checks "$H/deep.pdf" "引文"
# 50,000 levels: the block walk once recursed that deep and crashed every
# edition, print and snapshot of the month
python3 -c 'print("---\ntitle: 更深引用\ndate: 2019-01-07\n---\n"); print(">" * 50000 + " 引文\n"); print("- " * 50000 + "层")' > "$H/deeper.md"
hostile "50,000 levels of quotes and of lists" 0 "1 new" -- "$FOLIO" ingest "$H/deeper.md"
deeper_id=$("$FOLIO" list --from 2019-01-07 --to 2019-01-07 | awk 'NR == 2 {print $1}')
hostile "print it" 0 "" -- "$FOLIO" print "$deeper_id" -o "$H/deeper.pdf"
hostile "an edition of its days" 0 "" -- "$FOLIO" edition --from 2019-01-07 --to 2019-01-07 -o "$H/deeper-ed.pdf"
hostile "export it as PDF" 0 "" -- "$FOLIO" export --format pdf --from 2019-01-07 --to 2019-01-07 -o "$H/deeper-pdf"
for f in "$H/deeper.pdf" "$H/deeper-ed.pdf" "$H"/deeper-pdf/*.pdf; do pdf_checks "$f" "更深引用"; done
python3 -c '
rows = "".join("| 格%d | %s |\n" % (i, "内容" * 20) for i in range(20000))
print("---\ntitle: 大表\ndate: 2019-01-06\n---\n\n| 名 | 值 |\n|---|---|\n" + rows)' > "$H/huge-table.md"
hostile "a table of 20,000 rows" 0 "" -- "$FOLIO" ingest "$H/huge-table.md"
hostile "an edition with the huge table" 0 "" -- "$FOLIO" edition --from 2019-01-06 --to 2019-01-06 -o "$H/table.pdf"
pdf_checks "$H/table.pdf" "19999" # its last row
printf -- '---\na: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\ntitle: 炸弹\n---\n\n正文。\n' > "$H/bomb.md"
hostile "a YAML alias bomb" 1 "aliases" -- "$FOLIO" ingest "$H/bomb.md"
printf -- '---\ntitle: [1, 2]\n---\n\n正文。\n' > "$H/title-list.md"
hostile "a title that is a list" 1 "'title' must be a single value" -- "$FOLIO" ingest "$H/title-list.md"
printf -- '---\ntitle: 映射\nauthor: {name: 张三}\n---\n\n正文。\n' > "$H/author-map.md"
hostile "an author that is a mapping" 1 "'author' must be" -- "$FOLIO" ingest "$H/author-map.md"
printf -- '---\ntitle: 日期\ndate: [2019, 1, 2]\n---\n\n正文。\n' > "$H/date-list.md"
hostile "a date that is a list" 1 "'date' must be a single value" -- "$FOLIO" ingest "$H/date-list.md"
printf -- '---\ntitle: 二月三十\ndate: 19-02-30\n---\n\n正文。\n' > "$H/feb30.md"
hostile "a date 19-02-30" 1 "invalid date" -- "$FOLIO" ingest "$H/feb30.md"
printf -- '---\ntitle: 十三月\ndate: 2019-13-01\n---\n\n正文。\n' > "$H/month13.md"
hostile "a date 2019-13-01" 1 "invalid date" -- "$FOLIO" ingest "$H/month13.md"
printf -- '---\ntitle: 时间\ndate: 2019-01-02 25:61\n---\n\n正文。\n' > "$H/hour25.md"
hostile "a time 25:61" 1 "" -- "$FOLIO" ingest "$H/hour25.md"
printf -- '---\ntitle: 未闭合\n\n正文。\n' > "$H/unclosed.md"
hostile "front matter never closed" 1 "no closing" -- "$FOLIO" ingest "$H/unclosed.md"
printf -- '---\n: : :\n  - [\n---\n\n正文。\n' > "$H/broken-yaml.md"
hostile "broken YAML" 1 "front matter line" -- "$FOLIO" ingest "$H/broken-yaml.md"
printf -- '---\ntitle: 标题\n---\n\n' > "$H/no-body.md"
hostile "an article with no body" 1 "no body" -- "$FOLIO" ingest "$H/no-body.md"
printf -- '---\ndate: 2019-01-02\n---\n\n只有正文。\n' > "$H/no-title.md"
hostile "an article with no title" 1 "no title" -- "$FOLIO" ingest "$H/no-title.md"
md "脚本" '<script>alert(1)</script><img src=x onerror=alert(1)>

正文里有 [点我](javascript:alert(1)) 和 <b onclick="x()">粗体</b>。' > "$H/html-in-md.md"
hostile "raw HTML and javascript: links in Markdown" 0 "" -- "$FOLIO" ingest "$H/html-in-md.md"

# --- HTML and web dumps --------------------------------------------------
python3 -c 'print("<html><head><title>深</title></head><body>" + "<div>" * 100000 + "<p>很深的正文，很深的正文，很深的正文，很深的正文。</p>" + "</div>" * 100000 + "</body></html>")' > "$H/deep.html"
hostile "HTML with 100,000 nested elements is read" 0 "1 new" -- "$FOLIO" ingest "$H/deep.html"
"$FOLIO" search 很深的正文 > "$T/deep.out" 2>&1
ok_if "the deeply nested text is in the archive" grep -q "深" "$T/deep.out"
printf '<html><body><p>未闭合的<b>标签<i>' > "$H/unclosed.html"
hostile "HTML cut off mid-tag" nz "" -- "$FOLIO" ingest "$H/unclosed.html"
printf '<html><head><meta charset="gb2312"></head><body><p>声明是国标码但实际是UTF-8编码的正文内容，足够长的一段话。</p></body></html>' > "$H/lying.html"
hostile "HTML whose charset lies" nz "" -- "$FOLIO" ingest "$H/lying.html"
printf '首页 | 新闻 | 联系我们\nCopyright 2019\n' > "$H/chrome-only.txt"
hostile "a web dump with only navigation" 1 "" -- "$FOLIO" ingest --format webtext "$H/chrome-only.txt"
python3 -c 'print("标题\n" + "■" * 100000)' > "$H/bylines.txt"
hostile "100,000 byline markers" nz "" -- "$FOLIO" ingest --format webtext "$H/bylines.txt"

# --- files and directories -----------------------------------------------
mkdir -p "$H/loop/a"
ln -s .. "$H/loop/a/up"
md "循环里的文章" "正文。" > "$H/loop/a/ok.md"
hostile "a directory with a symlink loop: walked once, the loop skipped" 0 "a symlink loop" -- "$FOLIO" ingest "$H/loop"
ok_if "the article in it stored once" test "$(grep -c '循环' "$OUT" || true)" -le 1
mkdir -p "$H/links"
ln -s /etc/passwd "$H/links/passwd.md"
ln -s ../loop/a/ok.md "$H/links/out.md"
hostile "a symlink out of the tree is not followed" 0 "a symbolic link out of the directory given" -- "$FOLIO" ingest "$H/links"
hostile "with --follow-symlinks it is" 1 "passwd.md: no title" -- "$FOLIO" ingest --follow-symlinks "$H/links"
python3 -c 'print("---\ntitle: " + "长" * 2000000 + "\ndate: 2019-01-02\n---\n\n正文。")' > "$H/long-title.md"
hostile "a 2-million-character title" 1 "the title is 6000000 bytes long; folio takes at most 2000" -- "$FOLIO" ingest "$H/long-title.md"
hostile "detect reads no endless input" 1 "larger than 64 MB" -- "$FOLIO" detect /dev/zero
hostile "nor does convert" 1 "larger than 64 MB" -- "$FOLIO" convert --to utf-8 /dev/zero -o "$T/zero.txt"
mkdir -p "$H/latin1"
md "拉丁名" "正文。" > "$H/latin1/"$'caf\xe9.md'
hostile "a file name that is not UTF-8" 0 "" -- "$FOLIO" ingest --report "$T/latin1.jsonl" "$H/latin1"
ok_if "the report is valid JSON" python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]" "$T/latin1.jsonl"
"$FOLIO" list --json > "$T/latin1-list.jsonl"
ok_if "list --json is valid JSON" python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]" "$T/latin1-list.jsonl"
mkdir -p "$H/unreadable"
md "读不到" "正文。" > "$H/unreadable/x.md"
if [ "$(id -u)" = 0 ]; then
	# an archive the unprivileged user may write, inputs it may not read
	chmod 755 "$T" "$H"
	mkdir -p "$T/nb" && chown nobody "$T/nb"
	chmod 000 "$H/unreadable"
	hostile "an unreadable directory" 1 "cannot read directory" -- runuser -u nobody -- "$FOLIO" --archive "$T/nb/nobody.db" ingest "$H/unreadable"
	chmod 755 "$H/unreadable"
	chmod 000 "$H/unreadable/x.md"
	hostile "an unreadable file" 1 "cannot open" -- runuser -u nobody -- "$FOLIO" --archive "$T/nb/nobody.db" ingest "$H/unreadable/x.md"
	chmod 644 "$H/unreadable/x.md"
fi
nl=$'name\nwith-newline.md'
md "换行文件名" "正文一段，文件名里有换行。" > "$H/$nl"
hostile "a file name with a newline" 0 "1 new" -- "$FOLIO" ingest "$H/$nl"
mkdir -p "$H/dots/in"
md "点点" "正文两段，路径里有点点斜杠。" > "$H/dots/in/x.md"
hostile "a path with ../ in it" 0 "1 new" -- "$FOLIO" ingest "$H/dots/in/../in/../../dots/in/x.md"
hostile "a path that does not exist" 1 "No such file" -- "$FOLIO" ingest "$H/nothing-here"
mkfifo "$H/fifo.md"
hostile "a FIFO instead of a file" 1 "not a regular file" -- "$FOLIO" ingest "$H/fifo.md"
rm -f "$H/fifo.md"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' > "$H/photo.md"
hostile "an image named .md" 0 "skipped" -- "$FOLIO" ingest "$H/photo.md"

# --- searches ----------------------------------------------------------------
for q in '"' '*' 'NEAR(百丈 街道)' '百丈 OR 街道' 'title:百丈' '^百丈' "'; DROP TABLE articles; --" '百丈 AND' '(' '-百丈' '百丈*' '{百丈}'; do
	hostile "search syntax taken literally: $q" nz "" -- bash -c "'$FOLIO' search \"\$1\" > /dev/null; r=\$?; [ \$r -le 2 ] && exit 1 || exit \$r" _ "$q"
done
hostile "a search of 100,000 characters" nz "" -- bash -c "'$FOLIO' search \"\$(python3 -c 'print(\"百丈\" * 50000)')\" > /dev/null; [ \$? -le 1 ] && exit 1 || exit 2"
hostile "search still works after all that" 0 "" -- "$FOLIO" search 百丈

# --- layouts and fonts ---------------------------------------------------------
for bad in 'columns: -2' 'body-size: -10pt' 'body-size: 100000pt' 'gutter: 1e308mm' 'page: "1mm x 1mm"' 'page: "100000in x 1in"' 'line-height: 0' 'margin-top: 900mm' 'fonts:\n  body: ../../etc/passwd' 'indent: nan'; do
	printf "$bad\n" > "$H/bad.yaml"
	hostile "a layout with $bad" 1 "" -- "$FOLIO" edition --month 2019-01 --layout "$H/bad.yaml" -o "$H/bad.pdf"
done
mkdir -p "$H/data/fonts" "$H/data/layouts"
cp "$FOLIO_ROOT/layouts/"*.yaml "$H/data/layouts/"
sed "s#prepared/#$FOLIO_ROOT/fonts/prepared/#" "$FOLIO_ROOT/fonts/roles" > "$H/data/fonts/roles"
echo "this is not a font" > "$H/data/fonts/fake.ttf"
sed -i "s#^serif .*#serif $H/data/fonts/fake.ttf#" "$H/data/fonts/roles"
hostile "a font file that is not a font" 1 "serif" -- env FOLIO_DATA="$H/data" "$FOLIO" edition --month 2019-01 -o "$H/font.pdf"

# --- outputs ---------------------------------------------------------------------
hostile "an edition into a missing directory" 1 "" -- "$FOLIO" edition --month 2019-01 -o "$H/missing/dir/e.pdf"
mkdir -p "$H/ro-out"
if [ "$(id -u)" = 0 ]; then
	chmod 555 "$H/ro-out"
	chmod 755 "$T"
	mkdir -p "$T/nb2"
	"$FOLIO" export --format jsonl --all -o /dev/null > /dev/null 2>&1
	sqlite3 "$FOLIO_ARCHIVE" "VACUUM INTO '$T/nb2/shared.db'"
	chown -R nobody "$T/nb2"
	hostile "an export into a directory it may not write" 1 "" -- runuser -u nobody -- "$FOLIO" --archive "$T/nb2/shared.db" export --format jsonl --all -o "$H/ro-out/x.jsonl"
	chmod 755 "$H/ro-out"
fi
md '../../../etc/passwd' '标题想逃出导出目录。' > "$H/evil1.md"
md 'a/b\\c:d*e?f"g<h>i|j' '标题里都是文件名里不许用的字符。' > "$H/evil2.md"
md "$(printf 'x%.0s' $(seq 1 600))" '标题极长。' > "$H/evil3.md"
"$FOLIO" ingest -q "$H/evil1.md" "$H/evil2.md" "$H/evil3.md" > /dev/null
hostile "exports whose titles would make unsafe names" 0 "" -- "$FOLIO" export --format markdown --all -o "$H/out"
ok_if "every exported file stays in the output directory" eval '[ -z "$(find "$H" -path "$H/out" -prune -o -newer "$H/evil3.md" -name "*.md" -print | grep -v "^$H/out")" ]'
ok_if "no exported name is longer than 255 bytes" eval '! ls "$H/out" | awk "length > 255" | grep -q .'
ok_if "no exported name has a slash or a newline" eval '[ "$(ls "$H/out" | wc -l)" = "$(find "$H/out" -maxdepth 1 -type f | wc -l)" ]'

# A newline in a file name keeps the output one line per file.
mkdir -p "$T/nl"
printf -- '---\ntitle: 换行名\n---\n\n正文。\n' > "$T/nl/a
b.md"
printf 'x' > "$T/nl/bad
name.md"
expect 1 "a directory with newlines in its names" folio ingest -v "$T/nl"
ok_if "the stored one is one line, its newline shown as \\n" out_has "new        $T/nl/a\nb.md ("
ok_if "the failed one too" err_has "folio: $T/nl/bad\nname.md: no title"
ok_if "no line of output starts with a name's tail" eval "! grep -q '^b.md\|^name.md' '$OUT' '$ERR'"

echo "# $n_cases hostile cases"
ok_if "the catalogue has at least 60 cases ($n_cases)" test "$n_cases" -ge 60
expect 0 "and at the end the archive is sound" folio check
done_testing
