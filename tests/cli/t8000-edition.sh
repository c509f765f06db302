#!/usr/bin/env bash
# Editions and printed articles: every PDF passes qpdf, embeds subset fonts
# with ToUnicode maps, gives its text back in reading order through
# pdftotext without a warning, has its bookmarks, is byte-identical when
# made again, and is recorded in the archive.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
MD=$FOLIO_ROOT/tests/data/markdown
expect 0 "ingest the samples" folio ingest -q "$S"

pdf_ok() { pdf_checks "$1"; } # text into $T/text

# The body text of an article, paragraph by paragraph, as it should print.
paragraphs() { # id
	"$FOLIO" show "$1" --json | python3 -c '
import json, re, sys
body = json.load(sys.stdin)["body"]
for para in re.split(r"\n\s*\n", body):
    para = re.sub(r"^(#+|>)\s*", "", para.strip(), flags=re.M)
    para = re.sub(r"\\(.)", r"\1", para)
    para = re.sub(r"\s+", "", para)
    if para:
        print(para)'
}

expect 0 "edition of January 2019" folio edition --month 2019-01 --issue 1 -o "$T/jan.pdf"
ok_if "reports pages, articles and no clreq break" eval 'out_has "4 articles" && out_has "(0 breaking clreq"'
ok_if "and no loose line (gaps opened by over a quarter em)" out_lacks "loose"
pdf_ok "$T/jan.pdf"
ok_if "the cover has the masthead and the month" eval 'head -5 "$T/text" | grep -q 鄞州新闻 && grep -q "2019 年 1 月" "$T/text"'
ok_if "the contents page lists the articles" grep -q "目" "$T/text"

# Each article's text comes back, in reading order: in content-stream order
# (-raw), which folio writes column by column, from the body area only (the
# running heads and page numbers are outside it).
pdftotext -raw -x 0 -y 64 -W 595 -H 718 "$T/jan.pdf" - 2> /dev/null | tr -d ' \n\f' > "$T/flat"
for id in $(folio list --month 2019-01 --json | sed 's/^{"id":\([0-9]*\).*/\1/'); do
	paragraphs "$id" > "$T/paras"
	python3 - "$T/flat" "$T/paras" > "$T/order" <<'PY'
import sys
# the edition prints ASCII , : ; ! ? ( ) between Han full width (tested
# below): compare both sides with the ASCII forms
fw = str.maketrans("，：；！？（）", ",:;!?()")
flat = open(sys.argv[1], encoding="utf-8").read().translate(fw)
pos, missing = 0, []
for p in open(sys.argv[2], encoding="utf-8").read().translate(fw).split("\n"):
    if not p:
        continue
    k = flat.find(p, pos)
    if k < 0:
        missing.append(p[:20])
    else:
        pos = k + len(p)
print("missing" if missing else "ok", len(missing), *missing)
PY
	ok_if "article $id: every paragraph extracts, in order ($(cat "$T/order" | cut -c1-60))" grep -q '^ok' "$T/order"
done

# Bookmarks: a section with its articles under it.
qpdf --json --json-key=outlines "$T/jan.pdf" > "$T/outlines.json"
ok_if "bookmarks: 4 sections, 4 articles under them" python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))["outlines"]
assert len(o) == 4, len(o)
assert sum(len(s["kids"]) for s in o) == 4
assert o[0]["title"] == "文化" and o[0]["kids"][0]["title"] == "区图书馆春节期间开放时间调整"
' "$T/outlines.json"

# Byte-identical when made again; SOURCE_DATE_EPOCH sets the date.
expect 0 "the same edition again" folio edition --month 2019-01 --issue 1 -o "$T/jan2.pdf"
ok_if "byte-identical" cmp -s "$T/jan.pdf" "$T/jan2.pdf"
SOURCE_DATE_EPOCH=1548979200 "$FOLIO" edition --month 2019-01 -o "$T/sde.pdf" > /dev/null
ok_if "SOURCE_DATE_EPOCH is the creation date" eval 'pdfinfo "$T/sde.pdf" | grep -q "CreationDate:.*2019"'
ok_if "document info title in Chinese" eval 'pdfinfo "$T/jan.pdf" | grep -q "Title:.*鄞州新闻"'

# Recorded in the archive with the PDF's checksum.
want=$(sha256sum "$T/jan.pdf" | cut -d' ' -f1)
got=$(sqlite3 "$FOLIO_ARCHIVE" "SELECT sha256 FROM editions ORDER BY id LIMIT 1")
ok_if "the edition's SHA-256 is recorded" test "$want" = "$got"
ok_if "with its articles and revisions" test "$(sqlite3 "$FOLIO_ARCHIVE" "SELECT json_array_length(articles) FROM editions LIMIT 1")" = 4

# One article with the article layout: a metadata block.
id=$(folio list --json | grep -F '党建综合示范区' | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "folio print" folio print "$id" -o "$T/one.pdf"
pdf_ok "$T/one.pdf"
ok_if "the metadata block has the original's SHA-256" grep -q "SHA-256" "$T/text"
ok_if "the end note has the editor" grep -q "责任编辑：陈珊云" "$T/text"
expect 0 "the booklet layout" folio edition --month 2019-01 --layout booklet -o "$T/booklet.pdf"
pdf_ok "$T/booklet.pdf"
ok_if "A5 pages" eval 'pdfinfo "$T/booklet.pdf" | grep -q "419.5[0-9]* x 595"'

# Hyphenation: English words in narrow columns break with a hyphen that is
# drawn but does not extract; without patterns, a warning and no hyphen.
export FOLIO_ARCHIVE=$T/hy.db
para="本期介绍的项目涉及 internationalization 与 telecommunications 两个方面，负责人表示 responsibilities 将逐步明确，相关 documentation 也会同步更新。"
{ printf -- '---\ntitle: 英文单词断字\ndate: 2019-01-05\n---\n\n'; for i in 1 2 3 4 5 6; do printf '%s\n\n' "$para"; done; } > "$T/hy.md"
expect 0 "ingest an article with long English words" folio ingest "$T/hy.md"
# One column as narrow as the monthly's two, so the text reads in order.
sed 's/^columns: 2/columns: 1/; s/^margin-inner: .*/margin-inner: 60mm/; s/^margin-outer: .*/margin-outer: 60mm/' \
	"$FOLIO_ROOT/layouts/monthly.yaml" > "$T/narrow.yaml"
expect 0 "set it in a narrow column" folio edition --ids 1 --layout "$T/narrow.yaml" -o "$T/hy.pdf"
hyphenated=$(sed -n 's/.* \([0-9]*\) hyphenated.*/\1/p' "$OUT")
ok_if "some lines end in a word broken with a hyphen (${hyphenated:-0})" test "${hyphenated:-0}" -gt 0
pdftotext "$T/hy.pdf" "$T/hy.txt"
ok_if "the hyphens are not in the extracted text" eval '! grep -q -- - "$T/hy.txt"'
flat_para=$(printf '%s' "$para" | tr -d ' ')
ok_if "every paragraph comes back whole" \
	test "$(tr -d ' \n\f' < "$T/hy.txt" | grep -o -F -- "$flat_para" | wc -l)" -eq 6
pdf_ok "$T/hy.pdf"
FOLIO_HYPHEN_DICT=/nonexistent/hyph.dic expect 0 "without the patterns" folio edition --ids 1 --layout "$T/narrow.yaml" -o "$T/nohy.pdf"
ok_if "a warning names the patterns" err_has "/nonexistent/hyph.dic"
ok_if "and nothing is hyphenated" out_lacks "hyphenated"
sed 's/^cover: true/cover: true\nhyphenate: false/' "$T/narrow.yaml" > "$T/nohy.yaml"
expect 0 "a layout with hyphenate: false" folio edition --ids 1 --layout "$T/nohy.yaml" -o "$T/nohy2.pdf"
ok_if "hyphenates nothing" out_lacks "hyphenated"

# Punctuation as printed: ASCII , ( ) between Han full width (the stored
# text untouched), no space printed beside full-width punctuation, and
# nothing in the text clreq forbids at a line start or end, counted from
# where pdftotext finds the text (tests/pdf/clreq_lines.py).
export FOLIO_ARCHIVE=$T/punct.db
pp="近年来,为顺应新时代的要求(试行),这一章假定最新的稳定版的代号为：bullseye 。有一张地图叫做“SOURCE CODE”，它非常准确。 下一句说“ 空格 ”，太快——每周都有。"
{ printf -- '---\ntitle: 标点与空格\ndate: 2019-01-06\n---\n\n'; for i in 1 2 3 4 5 6 7 8; do printf '%s%s\n\n' "$(printf '第%.0s' $(seq "$i"))" "$pp"; done; } > "$T/punct.md"
expect 0 "ingest an article with ASCII punctuation and stray spaces" folio ingest "$T/punct.md"
expect 0 "print it in the narrow column" folio edition --ids 1 --layout "$T/narrow.yaml" -o "$T/punct.pdf"
pdftotext "$T/punct.pdf" "$T/punct.txt"
ok_if "ASCII punctuation between Han prints full width" \
	eval 'grep -q "近年来，为顺应" "$T/punct.txt" && grep -q "（试行）" "$T/punct.txt" && ! grep -q "近年来,为" "$T/punct.txt"'
ok_if "the stored text keeps what came in" eval 'folio show 1 | grep -q "近年来,为顺应"'
ok_if "no space is printed before 。 or inside “ ”" \
	eval 'tr -d "\n" < "$T/punct.txt" | grep -q "bullseye。" && ! grep -q "bullseye 。\|“ 空格" "$T/punct.txt"'
read -r plines pbad < <(tests/pdf/clreq_lines.py "$T/punct.pdf")
ok_if "no printed line starts with closing or ends with opening punctuation ($pbad of $plines)" \
	test "${plines:-0}" -gt 20 -a "${pbad:-1}" = 0
pdf_ok "$T/punct.pdf"
sed 's/^cover: true/cover: true\nfull-width-punctuation: false/' "$T/narrow.yaml" > "$T/ascii.yaml"
expect 0 "a layout with full-width-punctuation: false" folio edition --ids 1 --layout "$T/ascii.yaml" -o "$T/ascii.pdf"
ok_if "prints the ASCII comma" eval 'pdftotext "$T/ascii.pdf" - | grep -q "近年来,为顺应"'

# Characters beyond the BMP and pinyin, from real Markdown.
export FOLIO_ARCHIVE=$T/rare.db
printf -- '---\ntitle: 生僻字与拼音\ndate: 2019-01-05\n---\n\n𠮷野家的“𠮷”，金属元素𬭶，拼音 lǖ lǘ lǚ lǜ。\n' > "$T/rare.md"
# LXGW's History.md has no title of its own: give it one.
{ printf -- '---\ntitle: 霞鹜文楷更新历史\ndate: 2022-04-10\n---\n\n'; cat "$MD/debian-font-docs/lxgw-wenkai-History.md"; } > "$T/history.md"
expect 0 "ingest rare characters" folio ingest "$T/rare.md" "$T/history.md" \
	"$MD/chinese-copywriting-guidelines/README.zh-Hans.md"
expect 0 "print the rare-character article" folio print 1 -o "$T/rare.pdf"
pdf_ok "$T/rare.pdf"
ok_if "𠮷 and 𬭶 extract" eval 'grep -q "𠮷野家" "$T/text" && grep -q "𬭶" "$T/text"'
ok_if "pinyin extracts" grep -q "lǖ lǘ lǚ lǜ" "$T/text"
expect 0 "an edition of the real Markdown (Extension B-G, nested lists, code)" folio edition --ids 2,3 -o "$T/real.pdf"
ok_if "real Markdown sets with no clreq break" out_has "(0 breaking clreq"
pdf_ok "$T/real.pdf"
# Code blocks end lines where the author did (CREATE TABLE test1 ( ...): no
# clreq break of the typesetter's.
expect 0 "ingest release notes with SQL code blocks" folio ingest "$MD/pingcap-docs-cn/release-7.0.0.md"
expect 0 "and set them" folio edition --ids 4 -o "$T/code.pdf"
ok_if "code lines ending in ( are the author's breaks, not clreq breaks" out_has "(0 breaking clreq"
python3 - "$T/text" > "$T/astral" <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
print(sum(1 for c in t if ord(c) > 0xFFFF))
PY
ok_if "hundreds of characters above U+FFFF come back ($(cat "$T/astral"))" test "$(cat "$T/astral")" -gt 100

# Images: a local PNG beside the article is placed; a web image, which
# cannot be fetched when printing, is described in its place.
mkdir -p "$T/img"
cp "$FOLIO_ROOT/tests/data/pdf/alpha.png" "$T/img/"
printf -- '---\ntitle: 图片测试\ndate: 2019-01-09\n---\n\n正文第一段。\n\n![本地图片的说明](alpha.png)\n\n正文第二段。\n\n![网上的图片](https://example.org/a.png)\n' > "$T/img/img.md"
expect 0 "ingest an article with images" folio --archive "$T/img.db" ingest "$T/img/img.md"
expect 0 "print it" folio --archive "$T/img.db" print 1 -o "$T/img.pdf"
pdf_ok "$T/img.pdf"
ok_if "the local image is in the PDF" eval 'pdfimages -list "$T/img.pdf" | grep -q " image "'
ok_if "its caption prints" grep -q "本地图片的说明" "$T/text"
ok_if "the web image is described" grep -q "图片：网上的图片" "$T/text"

# Every page has ink.
pdftoppm -r 20 -gray "$T/jan.pdf" "$T/page"
blank=0
for p in "$T"/page-*.pgm; do
	dark=$(python3 -c '
import sys
data = open(sys.argv[1], "rb").read()
# binary PGM: header of 4 tokens, then pixels
parts = data.split(maxsplit=4)
print(sum(1 for b in parts[4] if b < 128))' "$p")
	[ "$dark" -gt 50 ] || blank=$((blank + 1))
done
ok_if "no page of the edition is blank" test "$blank" = 0

# Errors: clear message, non-zero exit, nothing written.
export FOLIO_ARCHIVE=$T/archive.db
printf 'columns: 9\n' > "$T/bad.yaml"
expect 1 "a bad layout file is refused" folio edition --month 2019-01 --layout "$T/bad.yaml" -o "$T/bad.pdf"
ok_if "naming the key and the reason" err_has "'columns' must be a whole number from 1 to 6"
ok_if "and no PDF is written" test ! -e "$T/bad.pdf"
expect 1 "an empty month" folio edition --month 2018-02 -o "$T/none.pdf"
ok_if "says there are no articles" err_has "no articles"
expect 1 "an output directory that does not exist" folio edition --month 2019-01 -o "$T/no/such/dir/x.pdf"
ok_if "names the output" err_has "$T/no/such/dir/x.pdf"
expect 2 "no selection is a usage error" folio edition -o "$T/x.pdf"
expect 2 "no output is a usage error" folio edition --month 2019-01
expect 1 "print of a missing article" folio print 999 -o "$T/x.pdf"

# A headline whose glyph set once made libharu fail (0x1033): it prints,
# alone and in an edition of its month
printf -- '---\ntitle: 图片与透明度测试\ndate: 2019-03-02\n---\n\n这是正文，用来测试标题的字形子集。\n' > "$T/glyphs.md"
expect 0 "ingest the headline" env FOLIO_ARCHIVE="$T/g.db" "$FOLIO" ingest "$T/glyphs.md"
expect 0 "print it" env FOLIO_ARCHIVE="$T/g.db" "$FOLIO" print 1 -o "$T/glyphs.pdf"
pdf_ok "$T/glyphs.pdf"
ok_if "its headline extracts" grep -qF "图片与透明度测试" "$T/text"
expect 0 "an edition of its month" env FOLIO_ARCHIVE="$T/g.db" "$FOLIO" edition --month 2019-03 -o "$T/glyphs-ed.pdf"
pdf_ok "$T/glyphs-ed.pdf"
# Characters above U+FFFF in the document title and the bookmarks are
# UTF-16 surrogate pairs, not spaces
printf -- '---\ntitle: 𠮷野家的牛丼\ndate: 2019-04-02\n---\n\n这是正文。\n' > "$T/astral.md"
expect 0 "ingest an astral headline" env FOLIO_ARCHIVE="$T/s.db" "$FOLIO" ingest "$T/astral.md"
expect 0 "print it" env FOLIO_ARCHIVE="$T/s.db" "$FOLIO" print 1 -o "$T/astral.pdf"
pdf_ok "$T/astral.pdf"
ok_if "its /Title keeps 𠮷" sh -c "pdfinfo '$T/astral.pdf' | grep -qF 'Title:           𠮷野家的牛丼'"
expect 0 "an edition of its month" env FOLIO_ARCHIVE="$T/s.db" "$FOLIO" edition --month 2019-04 -o "$T/astral-ed.pdf"
pdf_ok "$T/astral-ed.pdf"
ok_if "its bookmark keeps 𠮷" sh -c "qpdf --json '$T/astral-ed.pdf' | grep -qF '\"/Title\": \"u:𠮷野家的牛丼\"'"
# A line that justification spreads wide (long Latin words in a narrow
# column) copies as its text: no space between every two characters.
printf -- '---\ntitle: 复制测试\ndate: 2019-05-03\n---\n\n第二段：“引号”里有 internationalization 和 telecommunications 两个很长的英文词，还有 https://www.example.com/very/long/path 这样的网址，这一段要足够长以便被两端对齐排版。\n' > "$T/spread.md"
expect 0 "ingest an article with long Latin words" env FOLIO_ARCHIVE="$T/s.db" "$FOLIO" ingest "$T/spread.md"
expect 0 "an edition of it in two columns" env FOLIO_ARCHIVE="$T/s.db" "$FOLIO" edition --month 2019-05 -o "$T/spread.pdf"
pdf_ok "$T/spread.pdf"
ok_if "the content spreads a run with character spacing" sh -c "qpdf --qdf --object-streams=disable '$T/spread.pdf' - | grep -aqE '^[0-9.]+ Tc\$'"
ok_if "pdftotext gives the spread lines' text unspaced" eval "grep -qF '第二段：“引号”里有' '$T/text' && grep -qF '两个很长的英文词' '$T/text'"
done_testing
