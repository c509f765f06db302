#!/usr/bin/env bash
# Today's faces: Noto Serif CJK SC for body text, its Bold for titles, Noto
# Sans CJK SC Bold for headings, Noto Serif for Latin (fonts/roles); the
# CFF originals converted to TrueType by fonts/prepare.py with the
# Simplified Chinese forms in the cmap, so that —— is two full-width dashes
# that join into one rule; a layout chooses the roles it sets in.
. "$(dirname "$0")/lib.sh"

PREP=$FOLIO_ROOT/fonts/prepared
ok_if "the prepared faces: each dash spans its whole advance, one em (two for ⸺)" \
	/usr/bin/python3 - "$PREP" <<'PY'
import sys
from fontTools.ttLib import TTFont
for role in ("serif", "serif-bold", "sans"):
    f = TTFont(f"{sys.argv[1]}/{role}.ttf")
    cmap, glyf, hmtx = f.getBestCmap(), f["glyf"], f["hmtx"]
    for cp, em in ((0x2014, 1), (0x2E3A, 2)):
        g = glyf[cmap[cp]]
        adv = hmtx[cmap[cp]][0]
        assert adv == em * f["head"].unitsPerEm, (role, hex(cp), adv)
        assert g.xMin == 0 and g.xMax == adv, (role, hex(cp), g.xMin, g.xMax, adv)
        # the Chinese form: centred on the em box, not on the Latin x-height
        assert g.yMin > 300 and g.yMax < 450, (role, hex(cp), g.yMin, g.yMax)
PY

cat > "$T/a.md" <<'EOF2'
---
title: 新面孔的标题
date: 2019-01-05
---

正文用宋体——也就是 Noto Serif CJK——排印，Latin words in Noto Serif。

## 小标题用黑体

第二段。
EOF2
expect 0 "ingest" folio ingest -q "$T/a.md"
expect 0 "print it" folio print 1 -o "$T/a.pdf"
pdf_checks "$T/a.pdf" "新面孔的标题"
pdffonts "$T/a.pdf" > "$T/fonts"
ok_if "the title in Noto Serif CJK SC Bold" grep -q "+NotoSerifCJKsc-Bold" "$T/fonts"
ok_if "the body in Noto Serif CJK SC Regular" grep -q "+NotoSerifCJKsc-Regular" "$T/fonts"
ok_if "the heading in Noto Sans CJK SC Bold" grep -q "+NotoSansCJKsc-Bold" "$T/fonts"
ok_if "Latin in Noto Serif" grep -q "+NotoSerif-Regular" "$T/fonts"
ok_if "no face of the old set (UMing, Zen Hei, DejaVu Serif)" \
	eval '! grep -Eq "UMing|ZenHei|DejaVuSerif" "$T/fonts"'
ok_if "pdftotext gives —— back as the two dashes it is" \
	eval 'pdftotext "$T/a.pdf" - | grep -q "正文用宋体——也就是"'

# A layout names the roles it sets in: titles in sans here.
sed 's/^  body: serif$/  body: serif\n  title: sans/' "$FOLIO_ROOT/layouts/article.yaml" > "$T/sans-title.yaml"
grep -q "title: sans" "$T/sans-title.yaml" || \
	printf 'fonts:\n  title: sans\n' >> "$T/sans-title.yaml"
expect 0 "a layout with fonts.title: sans" folio print 1 --layout "$T/sans-title.yaml" -o "$T/b.pdf"
ok_if "then no serif bold is embedded" eval '! pdffonts "$T/b.pdf" | grep -q "NotoSerifCJKsc-Bold"'
printf 'fonts:\n  title: nosuchrole\n' > "$T/bad.yaml"
expect 1 "a layout naming a role that does not exist" folio print 1 --layout "$T/bad.yaml" -o "$T/c.pdf"
ok_if "is refused, naming it" err_has "'fonts.title': 'nosuchrole' is no font role"

done_testing
