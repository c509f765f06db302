#!/usr/bin/env bash
# A wide figure spans the columns: in the two-column monthly layout, a
# landscape photo from the archive prints across both columns with its
# caption centred under it, the article's text in balanced columns above
# it and in columns below it, no word overlapping it; a portrait photo
# stays in its column; `wide-figures: false` keeps the landscape one in its
# column too.  Positions come from the PDF's content streams (pikepdf) and
# pdftotext -bbox; the page is rendered to build/figures/ to look at.
. "$(dirname "$0")/lib.sh"

shots=${FOLIO_SCREENSHOTS:-$FOLIO_ROOT/build/figures}
mkdir -p "$T/in/pics" "$shots"
# The photos: parts of a printed page, 3600 x 2100 (landscape, far more
# pixels than print needs) and 600 x 900 (portrait) pixels, made by
# pdftoppm.
printf -- '---\ntitle: 风景\ndate: 2019-01-02\n---\n\n东钱湖的风景。\n' > "$T/src.md"
folio --archive "$T/src.db" ingest -q "$T/src.md" > /dev/null
folio --archive "$T/src.db" print 1 -o "$T/src.pdf" > /dev/null
pdftoppm -jpeg -r 450 -f 1 -l 1 -x 0 -y 0 -W 3600 -H 2100 -singlefile "$T/src.pdf" "$T/in/pics/wide"
pdftoppm -jpeg -r 150 -f 1 -l 1 -x 100 -y 100 -W 600 -H 900 -singlefile "$T/src.pdf" "$T/in/pics/tall"

para() { # N WORD: a paragraph of about 120 characters
	local i s=""
	for ((i = 0; i < 8; i++)); do s+="第$1段$2，鄞州区各街道认真落实。"; done
	echo "$s"
	echo
}
{
	printf -- '---\ntitle: 图片报道：东钱湖全景\ndate: 2019-01-12\n---\n\n'
	for n in 1 2 3 4 5 6; do para "$n" 前文; done
	printf '![宽幅照片：东钱湖全景](pics/wide.jpg)\n\n'
	for n in 7 8 9 10 11 12; do para "$n" 后文; done
	printf '![竖幅照片：湖边的塔](pics/tall.jpg)\n\n'
	for n in 13 14; do para "$n" 结尾; done
} > "$T/in/lake.md"
expect 0 "ingest the article with a landscape and a portrait photo" folio ingest -q "$T/in/lake.md"
rm -rf "$T/in/pics"
# The monthly layout without its cover and contents, so that the article
# starts on page 1.
sed -e 's/^name:.*/name: wide/' -e 's/^cover:.*/cover: false/' -e 's/^contents:.*/contents: false/' \
	"$FOLIO_ROOT/layouts/monthly.yaml" > "$T/wide.yaml"
expect 0 "the edition prints them from the archive" \
	folio edition --month 2019-01 --layout "$T/wide.yaml" -o "$T/ed.pdf"
out_has "2 images" || echo "# $(cat "$OUT")"
ok_if "it says 2 images" out_has "2 images"
pdf_checks "$T/ed.pdf" "宽幅照片：东钱湖全景"

# Where each image is drawn: page, x, y, width, height (pt), from the cm
# before each Do, and its width in pixels; the words of the page say where
# the columns are.
geometry() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
for n, page in enumerate(pdf.pages, 1):
    cm = None
    for operands, op in pikepdf.parse_content_stream(page):
        if str(op) == "cm":
            cm = [float(v) for v in operands]
        elif str(op) == "Do" and cm:
            xobj = page.Resources.XObject[operands[0]]
            if xobj.get("/Subtype") == "/Image":
                print(n, cm[4], cm[5], cm[0], cm[3], int(xobj.Width))
PY
}
geometry "$T/ed.pdf" > "$T/geo"
ok_if "two images are drawn" test "$(wc -l < "$T/geo")" = 2
read -r wpage wx wy ww wh wpx <<< "$(awk '$6 != 600' "$T/geo")"
read -r tpage tx ty tw th tpx <<< "$(awk '$6 == 600' "$T/geo")"
echo "# wide: page $wpage at $wx,$wy, $ww x $wh pt; tall: page $tpage at $tx,$ty, $tw x $th pt"
pdftotext -bbox "$T/ed.pdf" "$T/bbox.html"
# The words of a page: xMin yMin xMax yMax (y down from the top) text.
words() {
	python3 - "$T/bbox.html" "$1" <<'PY'
import re, sys
page = int(sys.argv[2])
html = open(sys.argv[1], encoding="utf-8").read()
pages = re.split(r"<page ", html)[1:]
for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', pages[page - 1]):
    print(*m.groups())
PY
}
words "$wpage" > "$T/words"
ph=$(pdfinfo "$T/ed.pdf" | awk '/^Page size/ {print $5}')
pw=$(pdfinfo "$T/ed.pdf" | awk '/^Page size/ {print $3}')
# The columns: where the words below the running head and above the page
# number start left and right of the page's middle, and where the right
# column ends.
read -r left right right_end <<< "$(awk -v mid="$pw" '$2 > 110 && $4 < 780 { if ($1 < mid / 2) { if (!l || $1 < l) l = $1 } else { if (!r || $1 < r) r = $1; if ($3 > e) e = $3 } } END { print l, r, e }' "$T/words")"
ok_if "the page has text in two columns (${left:-?} and ${right:-?} to ${right_end:-?})" \
	eval "[ -n '$right_end' ] && awk 'BEGIN { exit !($right - $left > 150) }'"
col_w=$(awk "BEGIN { print $right_end - $right }")
ok_if "the landscape photo spans both columns (${ww:-?} pt wide, a column ${col_w} pt)" \
	awk "BEGIN { exit !(${ww:-0} > 1.5 * $col_w && ${wx:-0} < $left + 1 && ${wx:-0} + ${ww:-0} > $right + 100) }"
ok_if "its centre is the centre of the text" \
	awk "BEGIN { c = ${wx:-0} + ${ww:-0} / 2; m = ($left + $right_end) / 2; exit !(c > m - 12 && c < m + 12) }"
# pdftotext's y runs down from the top: the image spans [ph-wy-wh, ph-wy].
top=$(awk "BEGIN { print $ph - $wy - $wh }")
bottom=$(awk "BEGIN { print $ph - $wy }")
ok_if "no word overlaps it" \
	eval "! awk -v t=$top -v b=$bottom -v x0=$wx -v x1=$(awk "BEGIN { print $wx + $ww }") '\$4 > t + 0.5 && \$2 < b - 0.5 && \$3 > x0 && \$1 < x1 { print; bad = 1 } END { exit !bad }' '$T/words'"
ok_if "text from before it sits above it in both columns" \
	eval "awk -v t=$top -v mid=$pw '\$5 ~ /前文/ && \$4 <= t + 0.5 { if (\$1 < mid / 2) l = 1; else r = 1 } END { exit !(l && r) }' '$T/words'"
ok_if "no text from after it sits above it" \
	eval "! awk -v t=$top '\$5 ~ /后文/ && \$4 <= t { bad = 1 } END { exit !bad }' '$T/words'"
ok_if "text from after it goes on below it in both columns" \
	eval "awk -v b=$bottom -v mid=$pw '\$5 ~ /后文/ && \$2 >= b { if (\$1 < mid / 2) l = 1; else r = 1 } END { exit !(l && r) }' '$T/words'"
cap=$(awk '$5 ~ /宽幅照片/ { print $1, $2, $3 }' "$T/words" | head -1)
read -r cx0 cy0 cx1 <<< "$cap"
ok_if "the caption is under the photo, centred on it ($cap)" \
	awk "BEGIN { c = (${cx0:-0} + ${cx1:-0}) / 2; m = $wx + $ww / 2; exit !(${cy0:-0} >= $bottom - 2 && ${cy0:-0} < $bottom + 30 && c > m - 3 && c < m + 3) }"
# Scaled for print at the width it prints at, not a column's: about 300 dpi.
dpi=$(awk "BEGIN { printf \"%d\", ${wpx:-0} / (${ww:-1} / 72) }")
ok_if "the wide photo is scaled to about 300 dpi across the text ($wpx pixels, $dpi dpi)" \
	test "$dpi" -ge 250 -a "$dpi" -le 350 -a "${wpx:-0}" -lt 3600
ok_if "the portrait photo stays in its column (${tw} pt wide)" \
	awk "BEGIN { exit !(${tw:-999} <= $col_w + 1) }"
pdftoppm -png -r 60 -f "$wpage" -l "$wpage" -singlefile "$T/ed.pdf" "$shots/wide-figure"
ok_if "the page is rendered ($shots/wide-figure.png)" test -s "$shots/wide-figure.png"

# The layout can keep every figure in its column.
sed 's/^name:.*/name: narrow/' "$T/wide.yaml" > "$T/narrow.yaml"
cp "$T/narrow.yaml" "$T/bad.yaml"
echo "wide-figures: false" >> "$T/narrow.yaml"
expect 0 "a layout with wide-figures: false" \
	folio edition --month 2019-01 --layout "$T/narrow.yaml" -o "$T/narrow.pdf"
geometry "$T/narrow.pdf" > "$T/geo2"
read -r _ _ _ nw _ _ <<< "$(awk '$6 != 600' "$T/geo2")"
ok_if "keeps the landscape photo in its column (${nw} pt wide)" awk "BEGIN { exit !(${nw:-999} <= $col_w + 1) }"
echo "wide-figures: perhaps" >> "$T/bad.yaml"
expect_fail "a wide-figures that is neither true nor false is refused" \
	folio edition --month 2019-01 --layout "$T/bad.yaml" -o "$T/bad.pdf"
ok_if "naming the key" err_has "wide-figures"
done_testing
