#!/usr/bin/env bash
# PDF/A and tagged PDF: prints, editions and exports are PDF/A-2u, a
# snapshot's article PDFs PDF/A-3u carrying the original and the record;
# every one is tagged, its structure in reading order and its bookmarks
# the structure's; tests/pdfa/check.py (which is not a validator) finds no
# rule it checks broken, and can find each broken (its self-test); verify
# catches an embedded original that differs; the same input gives the same
# bytes.  docs/pdfa.md says what is checked and by what.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
CHECK=$FOLIO_ROOT/tests/pdfa/check.py
PY=/usr/bin/python3 # Debian's, which has pikepdf
export SOURCE_DATE_EPOCH=1546300800

expect 0 "the checker's self-test: every rule it checks can fail" "$FOLIO_ROOT/tests/pdfa/selftest.py"
expect 0 "ingest the samples" folio ingest -q "$S"
lib=$(folio list --json | grep -F '图书馆' | sed 's/^{"id":\([0-9]*\).*/\1/')

# ---- a print: PDF/A-2u, tagged ----
expect 0 "print an article" folio print "$lib" -o "$T/a.pdf"
pdf_checks "$T/a.pdf" "区图书馆春节期间开放时间调整"
pdfinfo "$T/a.pdf" > "$T/info"
ok_if "pdfinfo: Tagged: yes" grep -q '^Tagged: *yes' "$T/info"
ok_if "pdfinfo: a metadata stream" grep -q '^Metadata Stream: *yes' "$T/info"
ok_if "PDF 1.7, the base of PDF/A-2" grep -q '^PDF version: *1.7' "$T/info"
expect 0 "the checker, part 2, tagged, language zh-CN" "$CHECK" "$T/a.pdf" --part 2 --tagged --lang zh-CN
ok_if "it says it is not a validator, and never 'PDF/A valid'" \
	eval 'grep -q "^checked [0-9]* rules, 0 failed (this checker does not establish PDF/A conformance" "$OUT" &&
		! grep -Eq "PDF/A[- ]?valid([^a]|$)" "$OUT"'

pdfinfo -struct-text "$T/a.pdf" > "$T/struct"
# Reading order: title, byline, the paragraphs and the heading as the
# article has them, the editor's line last.
order_ok() { # file string...: each string on a later line than the one before
	local f=$1 last=0 n; shift
	for s in "$@"; do
		n=$(grep -nF -- "$s" "$f" | head -1 | cut -d: -f1)
		[ -n "$n" ] && [ "$n" -gt "$last" ] || return 1
		last=$n
	done
}
ok_if "pdfinfo -struct-text: Document > Sect > Art > H1 first" \
	eval 'sed -n 1,4p "$T/struct" | tr -d " " | tr "\n" " " | LC_ALL=C grep -q "^Document Sect.* Art.* H1"'
ok_if "the structure is in reading order: title, byline, body, heading, body, editor" \
	order_ok "$T/struct" 区图书馆春节期间开放时间调整 林晓 记者从区图书馆获悉 服务安排 馆方提醒 责任编辑
ok_if "the page number is an artifact, not text of the structure" eval '! grep -qx " *\"1\"" "$T/struct"'

# ---- an edition: an Art per article, bookmarks the structure's ----
expect 0 "the January edition" folio edition --month 2019-01 -o "$T/jan.pdf"
pdf_checks "$T/jan.pdf"
"$PY" - "$T/jan.pdf" > "$T/tree" <<'PY'
import sys, pikepdf
pdf = pikepdf.open(sys.argv[1])
def walk(e, depth, out):
    s = str(e.get("/S", ""))[1:]
    out.append((depth, s, str(e.get("/T", ""))))
    k = e.get("/K")
    kids = k if isinstance(k, pikepdf.Array) else [k] if k is not None else []
    for c in kids:
        if isinstance(c, pikepdf.Dictionary) and "/S" in c:
            walk(c, depth + 1, out)
out = []
walk(pdf.Root.StructTreeRoot.K, 0, out)
arts = [t for d, s, t in out if s == "Art"]
sects = [t for d, s, t in out if s == "Sect" and t]
print("arts", len(arts))
print("tocs", sum(1 for d, s, t in out if s == "TOCI"))
with pdf.open_outline() as ol:
    secs = [i.title for i in ol.root]
    titles = [k.title for i in ol.root for k in i.children]
print("bookmarks-match", secs == sects and titles == arts)
PY
ok_if "one Art per article (an article continued on a page is one Art)" grep -qx "arts 4" "$T/tree"
ok_if "the contents: a TOCI per section and article" grep -qx "tocs 8" "$T/tree"
ok_if "bookmarks: sections and articles, as the structure has them" grep -qx "bookmarks-match True" "$T/tree"
ok_if "running heads are artifacts: the masthead is in the structure only on the cover" \
	eval '[ "$(grep -c "\"鄞州新闻\"" "$T/struct")" -le 1 ]'

# ---- Latin text says its language ----
qpdf --qdf --object-streams=disable "$T/jan.pdf" "$T/jan-qdf.pdf"
ok_if "a Latin run is a Span with /Lang (en)" grep -aq '/Span<</Lang(en)>>BDC' "$T/jan-qdf.pdf"

# ---- --pdfa none, and a bad level ----
expect 0 "print --pdfa none" folio print "$lib" --pdfa none -o "$T/plain.pdf"
ok_if "no XMP packet then" eval '! grep -aq "pdfaid:part" "$T/plain.pdf"'
expect 1 "and the checker says so (it can fail on folio's output)" "$CHECK" "$T/plain.pdf" --part 2
ok_if "naming the clause" out_has "FAIL 6.6.2.1"
expect 2 "--pdfa 4u is refused" folio print "$lib" --pdfa 4u -o "$T/x.pdf"
ok_if "saying which levels there are" err_has "2u, 3u or none"
expect 2 "--pdfa with a text export is refused" folio export --format jsonl --pdfa 2u -o "$T/x.jsonl"

# ---- exports ----
expect 0 "export as PDF" folio export --format pdf --month 2019-01 -o "$T/exp"
pdf_checks "$(ls "$T"/exp/*.pdf | head -1)"

# ---- reproducible ----
expect 0 "the same print again" folio print "$lib" -o "$T/a2.pdf"
ok_if "byte-identical (XMP dates and IDs derived, not random)" cmp -s "$T/a.pdf" "$T/a2.pdf"

# ---- characters above U+FFFF in the metadata ----
mkdir -p "$T/astral"
cat > "$T/astral/a.md" <<'EOF'
---
title: 𠮷野家与𬭶的故事
date: 2019-01-20
author: 王𠮷
---
正文一段，说到𠮷字。
EOF
expect 0 "ingest an article titled with Extension B characters" folio ingest -q "$T/astral/a.md"
astral=$(folio list --json | grep -F '野家' | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "print it" folio print "$astral" -o "$T/astral.pdf"
expect 0 "Info and XMP agree, characters above U+FFFF included" "$CHECK" "$T/astral.pdf" --part 2 --tagged
ok_if "the XMP title holds 𠮷 as UTF-8" grep -aq '<rdf:li xml:lang="x-default">𠮷野家与𬭶的故事</rdf:li>' "$T/astral.pdf"
ok_if "pdfinfo shows the title" eval 'pdfinfo "$T/astral.pdf" | grep -q "^Title: *𠮷野家与𬭶的故事"'

# ---- a snapshot: PDF/A-3u with the evidence inside ----
expect 0 "snapshot the library article" folio snapshot "$lib" --reason 测试 -o "$T/bag"
P=$T/bag/data/articles/$lib.pdf
pdf_checks "$P" "区图书馆"
expect 0 "the checker, part 3, with associated files" "$CHECK" "$P" --part 3 --tagged --attachments
pdfdetach -list "$P" > "$T/detach" 2>&1
ok_if "pdfdetach lists the record and the original" \
	eval 'grep -q "^2 embedded files" "$T/detach" && grep -q "$lib.json" "$T/detach" && grep -q "library-hours.md" "$T/detach"'
orig=$(ls "$T"/bag/data/originals/"$lib"-r1-*)
n=$(grep -n "library-hours" "$T/detach" | head -1 | cut -d: -f2 | tr -d ' ')
pdfdetach -save "$n" -o "$T/out.md" "$P" 2>/dev/null
ok_if "the embedded original is the bag's original, byte for byte" cmp -s "$T/out.md" "$orig"
ok_if "and the archive's" eval 'folio show "$lib" --original | cmp -s - "$T/out.md"'
n=$(grep -n "$lib.json" "$T/detach" | head -1 | cut -d: -f2 | tr -d ' ')
pdfdetach -save "$n" -o "$T/out.json" "$P" 2>/dev/null
ok_if "the embedded record is data/articles/ID.json" cmp -s "$T/out.json" "$T/bag/data/articles/$lib.json"
expect 0 "verify: the bag and the evidence its PDF carries" folio verify "$T/bag"

expect 0 "the same snapshot again" folio snapshot "$lib" --reason 测试 -o "$T/bag2"
ok_if "the article PDF is byte-identical" cmp -s "$P" "$T/bag2/data/articles/$lib.pdf"

# An adversary replaces the original inside the PDF and rewrites every
# manifest to match: the checksums agree, the evidence does not.
"$PY" - "$T/bag" "$lib" <<'PY'
import hashlib, os, sys, pikepdf
bag, aid = sys.argv[1], sys.argv[2]
path = f"{bag}/data/articles/{aid}.pdf"
pdf = pikepdf.open(path, allow_overwriting_input=True)
for spec in pdf.Root.AF:
    if spec.AFRelationship == "/Source":
        s = spec.EF.F
        s.write(s.read_bytes().replace("图书馆".encode(), "图书室".encode(), 1))
pdf.save(path)
def fix(manifest, files):
    alg = manifest.split("-")[1].split(".")[0]
    lines = []
    for line in open(f"{bag}/{manifest}", encoding="utf-8"):
        digest, name = line.rstrip("\n").split(" ", 1)
        name = name.lstrip(" *")
        if name in files:
            digest = hashlib.new(alg, open(f"{bag}/{name}", "rb").read()).hexdigest()
        lines.append(f"{digest}  {name}\n")
    open(f"{bag}/{manifest}", "w", encoding="utf-8").writelines(lines)
rel = f"data/articles/{aid}.pdf"
names = sorted(os.listdir(bag))
for m in names:
    if m.startswith("manifest-"):
        fix(m, {rel})
for m in names:
    if m.startswith("tagmanifest-"):
        fix(m, set(n for n in names if n.startswith("manifest-")))
PY
ok_if "the manifests agree with the altered PDF" eval '(cd "$T/bag" && sha256sum -c --quiet manifest-sha256.txt)'
expect 1 "verify refuses the bag" folio verify "$T/bag"
ok_if "saying the original inside the PDF is not the one its record names" \
	eval 'out_has "is not the one its record names" || err_has "is not the one its record names"'

done_testing
