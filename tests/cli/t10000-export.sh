#!/usr/bin/env bash
# folio export: JSON Lines and CSV that parse, Markdown that ingests back to
# the same articles (in UTF-8 and GB18030) and is a duplicate in the archive
# it came from, text with its header, a PDF per article, safe file names for
# hostile titles, selections, and failures that leave no partial file.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples

# Articles that are hard to write back: YAML syntax in every field, an
# explicit id, a zone other than +08:00, white space kept at the ends of a
# correction, characters beyond the BMP, no date, a hostile title, a very
# long title, and one with very little Chinese (GB18030 detection).
mkdir -p "$T/extra"
printf -- '---\ntitle: "../../etc/passwd\\n:*?"\ndate: 2019-02-01 08:00\nauthor: 黑客\n---\n\n路径穿越的标题。\n' > "$T/extra/hostile.md"
printf -- '---\ntitle: "..\\\\..\\\\boot.ini\\t\\u202Egpj.exe\\u0007"\ndate: 2019-02-01 09:00\nauthor: 黑客\n---\n\n反斜杠与控制字符。\n' > "$T/extra/hostile2.md"
cat > "$T/extra/yaml.md" <<'EOF'
---
title: '- 标题: "引号" #井号 & *星 ! %百分 @at `tick` [括号] {花}'
subtitle: "原标题：‘单引号’\\反斜杠"
date: 2019-02-02T10:11:12-05:00
authors: ["张三, 李四", "null", "~"]
contributors: ["yes", "123"]
editor: "#编辑"
source: "来源: 某报"
section: "- 要闻"
url: "https://example.com/a?b=1&c=2#frag"
correction: "  请发邮件至 a@b.c\t  "
tags: ["true", "---", "a: b"]
---

正文第一段，含有 𠀀（扩展B）、😀 和 €。

---

# 正文里的标题
EOF
cat > "$T/extra/explicit-id.md" <<'EOF'
---
title: 有明确编号的稿件
id: "XH-2019: 0042"
date: 2019年2月3日
author: 王五
---

编号稿件的正文。
EOF
cat > "$T/extra/undated.md" <<'EOF'
---
title: Undated note with one 說
author: Smith
---

This is an English body with one Chinese character 說 only.
EOF
long=$(printf '很长的标题%.0s' $(seq 1 30))
printf -- '---\ntitle: %s\ndate: 2019-02-05\n---\n\n长标题的正文。\n' "$long" > "$T/extra/long.md"

expect 0 "ingest the samples and the hard cases" folio ingest -q "$S" "$T/extra"
folio list --json > "$T/list.jsonl"
total=$(wc -l < "$T/list.jsonl")
ok_if "eleven articles to export ($total)" test "$total" = 11

# Compare two `folio list --json` outputs on every field but those that
# describe the stored file.
same_articles() { # A.jsonl B.jsonl
	python3 - "$1" "$2" <<'PY'
import json, sys
# (plausibility is of the file's whole text, front matter included; an
# exported page's date comes back from the front matter)
skip = {"id", "sha256", "encoding", "converter", "encoding_evidence", "encoding_confidence",
        "plausibility", "date_source", "filename", "format", "ingested"}
def load(p):
    rows = [json.loads(l) for l in open(p, encoding="utf-8")]
    rows = [{k: v for k, v in r.items() if k not in skip} for r in rows]
    return sorted(rows, key=lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True))
a, b = load(sys.argv[1]), load(sys.argv[2])
if a != b:
    for x, y in zip(a, b):
        for k in x:
            if x[k] != y.get(k):
                print("# differs:", k, repr(x[k])[:80], repr(y.get(k))[:80])
    print("# counts", len(a), len(b))
    sys.exit(1)
PY
}

# ---- JSON Lines ----
expect 0 "jsonl to a file" folio export --format jsonl --all -o "$T/all.jsonl"
ok_if "reports the count" out_has "11 articles exported as jsonl"
ok_if "every line parses, with the keys of 'folio show --json'" python3 - "$T/all.jsonl" "$("$FOLIO" show 1 --json)" <<'PY'
import json, sys
keys = list(json.loads(sys.argv[2]).keys())
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 11, len(rows)
assert all(list(r.keys()) == keys for r in rows)
PY
ok_if "the same lines as 'folio list --json'" cmp -s "$T/all.jsonl" "$T/list.jsonl"
ok_if "every text is NFC, by Python's unicodedata" python3 - "$T/all.jsonl" <<'PY'
import json, sys, unicodedata
def texts(v):
    if isinstance(v, str): yield v
    elif isinstance(v, list):
        for x in v: yield from texts(x)
    elif isinstance(v, dict):
        for x in v.values(): yield from texts(x)
n = 0
for line in open(sys.argv[1], encoding="utf-8", errors="strict"):
    for t in texts(json.loads(line)):
        assert unicodedata.is_normalized("NFC", t), t[:40]
        n += 1
assert n > 100, n
PY
expect 0 "jsonl to standard output" folio export --format jsonl --all -o -
ok_if "the same bytes" cmp -s "$OUT" "$T/all.jsonl"
expect 1 "an existing file is not replaced" folio export --format jsonl --all -o "$T/all.jsonl"
ok_if "says so" err_has "already exists (--force replaces it)"
expect 0 "--force replaces it" folio export --format jsonl --all --force -o "$T/all.jsonl"
expect 0 "jsonl in GB18030" folio export --format jsonl --encoding gb18030 --all -o "$T/all-gb.jsonl"
ok_if "decodes from GB18030 to the same lines" eval 'iconv -f GB18030 -t UTF-8 "$T/all-gb.jsonl" | cmp -s - "$T/all.jsonl"'

# ---- CSV ----
check_csv() { # FILE ENCODING
	python3 - "$1" "$2" "$T/all.jsonl" <<'PY'
import csv, json, sys
path, enc, jl = sys.argv[1:]
raw = open(path, "rb").read()
assert raw.split(b"\n", 1)[0].endswith(b"\r"), "CRLF after the header"
with open(path, encoding=enc, newline="") as f:
    rows = list(csv.reader(f))
want = [json.loads(l) for l in open(jl, encoding="utf-8")]
assert rows[0] == list(want[0].keys()), rows[0]
assert len(rows) == len(want) + 1, len(rows)
for row, w in zip(rows[1:], want):
    for k, v in zip(rows[0], row):
        x = w[k]
        if isinstance(x, list):
            assert json.loads(v) == x, (k, v)
        elif isinstance(x, bool):
            assert v == ("true" if x else "false"), (k, v)
        elif isinstance(x, float):
            assert abs(float(v) - x) < 1e-9, (k, v, x)
        else:
            assert v == ("" if x is None else str(x)), (k, v[:40], str(x)[:40])
PY
}
expect 0 "csv" folio export --format csv --all -o "$T/all.csv"
ok_if "parses with python's csv module: header row, every field" check_csv "$T/all.csv" utf-8
ok_if "no byte-order mark by default" test "$(head -c 3 "$T/all.csv")" = "id,"
expect 0 "csv with --bom" folio export --format csv --bom --all -o "$T/bom.csv"
ok_if "starts with the UTF-8 BOM" test "$(head -c 3 "$T/bom.csv" | od -An -tx1 | tr -d ' ')" = efbbbf
ok_if "parses as utf-8-sig, every field" check_csv "$T/bom.csv" utf-8-sig
expect 0 "csv in GB18030" folio export --format csv --encoding gb18030 --all -o "$T/gb.csv"
ok_if "parses as GB18030, every field" check_csv "$T/gb.csv" gb18030

# ---- Markdown: the round trip ----
expect 0 "markdown" folio export --format markdown --all -o "$T/md"
ok_if "one file per article" test "$(find "$T/md" -type f | wc -l)" = 11
expect 0 "ingest the export into a fresh archive" folio --archive "$T/fresh.db" ingest -q "$T/md"
ok_if "eleven new articles" out_has "11 new, 0 revised, 0 duplicate, 0 failed"
folio --archive "$T/fresh.db" list --json > "$T/fresh.jsonl"
ok_if "the same articles, every field" same_articles "$T/list.jsonl" "$T/fresh.jsonl"
expect 0 "re-ingest the export into the original archive" folio ingest -q "$T/md"
ok_if "only duplicates" out_has "0 new, 0 revised, 11 duplicate, 0 failed"
expect 1 "exporting into the same directory again is refused" folio export --format markdown --all -o "$T/md"
ok_if "naming the file" eval 'err_has "$T/md/2019-01-08-" && err_has "already exists"'
expect 0 "--force replaces them" folio export --format markdown --all --force -o "$T/md"
ok_if "no temporary file left behind" test "$(find "$T/md" -name '.*' | wc -l)" = 0

expect 0 "markdown in GB18030" folio export --format markdown --encoding gb18030 --all -o "$T/md-gb"
ok_if "the files are GB18030, not UTF-8" python3 - "$T/md-gb" <<'PY'
import os, sys
d = sys.argv[1]
for n in os.listdir(d):
    b = open(os.path.join(d, n), "rb").read()
    try:
        b.decode("utf-8")
        sys.exit("valid UTF-8: " + n)
    except UnicodeDecodeError:
        pass
PY
ok_if "iconv -f GB18030 reads every file" eval 'for f in "$T"/md-gb/*; do iconv -f GB18030 -t UTF-8 "$f" > /dev/null || exit 1; done'
# A file with little Chinese gets a GB18030 BOM if detection alone would not
# read it as GB18030.
ok_if "the file with little Chinese has a GB18030 BOM or is detected as GB18030" \
	eval 'test "$(head -c 4 "$T"/md-gb/undated-*.md | od -An -tx1 | tr -d " ")" = 84319533 ||
		"$FOLIO" detect "$T"/md-gb/undated-*.md | grep -qP "\tGB18030\t"' 
expect 0 "ingest the GB18030 export into a fresh archive" folio --archive "$T/fresh-gb.db" ingest -q "$T/md-gb"
ok_if "eleven new articles" out_has "11 new, 0 revised, 0 duplicate, 0 failed"
folio --archive "$T/fresh-gb.db" list --json > "$T/fresh-gb.jsonl"
ok_if "the same articles, every field" same_articles "$T/list.jsonl" "$T/fresh-gb.jsonl"
expect 0 "re-ingest the GB18030 export into the original archive" folio ingest -q "$T/md-gb"
ok_if "only duplicates" out_has "0 new, 0 revised, 11 duplicate, 0 failed"

# ---- safe names ----
ok_if "nothing but files in the output directory" test "$(find "$T/md" -mindepth 1 ! -type f | wc -l)" = 0
ok_if "no name with a control character" test "$(ls "$T/md" | LC_ALL=C grep -c '[[:cntrl:]]')" = 0
ok_if "nothing escaped the output directory" eval '! find "$T" -name passwd -o -name "boot.ini*" | grep -q .'
ok_if "the hostile title is a plain name" eval 'ls "$T/md" | grep -qx "2019-02-01-[0-9]*-etc-passwd.md"'
ok_if "backslashes, a bidi override and a bell are gone" eval 'ls "$T/md" | grep -qx "2019-02-01-[0-9]*-boot.ini-gpj.exe.md"'
ok_if "YAML syntax in a title gives a plain name" eval 'ls "$T/md" | grep -q "^2019-02-02-[0-9]*-标题-引号-#井号"'
ok_if "the long title is cut at a character, within 100 bytes" python3 - "$T/md" <<'PY'
import os, sys
names = [n for n in os.listdir(sys.argv[1]) if "很长的标题" in n]
assert len(names) == 1
stem = names[0][:-3].encode("utf-8")
assert 90 <= len(stem) <= 100, len(stem)
stem.decode("utf-8")
PY

# ---- text ----
expect 0 "txt" folio export --format txt --all -o "$T/txt"
lib=$(ls "$T/txt" | grep 区图书馆)
ok_if "the metadata header" eval 'head -1 "$T/txt/$lib" | grep -qx "标题：区图书馆春节期间开放时间调整" &&
	grep -qx "作者：林晓" "$T/txt/$lib" && grep -qx "发布时间：2019-01-08T10:30:00+08:00" "$T/txt/$lib" &&
	grep -qx "标签：图书馆、春节" "$T/txt/$lib"'
ok_if "a blank line, then the body text" eval 'grep -qx "" "$T/txt/$lib" && grep -q "^记者从区图书馆获悉" "$T/txt/$lib" && grep -qx "服务安排" "$T/txt/$lib"'
expect 0 "txt in GB18030 with --bom" folio export --format txt --encoding gb18030 --bom --all -o "$T/txt-gb"
ok_if "starts with the GB18030 BOM and decodes" eval 'test "$(head -c 4 "$T/txt-gb/$lib" | od -An -tx1 | tr -d " ")" = 84319533 &&
	iconv -f GB18030 -t UTF-8 "$T/txt-gb/$lib" | tail -c +4 | cmp -s - "$T/txt/$lib"'

# ---- PDF ----
expect 0 "pdf for January" folio export --format pdf --month 2019-01 -o "$T/pdf"
ok_if "four PDFs" test "$(ls "$T/pdf" | grep -c '\.pdf$')" = 4
for f in "$T"/pdf/*.pdf; do
	t=$(basename "$f" .pdf); t=${t#*-*-*-*-}
	pdf_checks "$f" "${t:0:6}" # the title, from the file name
done
ok_if "each holds its article" eval 'pdftotext "$T"/pdf/2019-01-08-*.pdf - | grep -q 区图书馆'

# ---- selections ----
ids_of() { python3 -c 'import json, sys; print(",".join(str(json.loads(l)["id"]) for l in open(sys.argv[1], encoding="utf-8")))' "$1"; }
expect 0 "--month 2019-01" folio export --format jsonl --month 2019-01 -o "$T/jan.jsonl"
ok_if "the four January articles" test "$(ids_of "$T/jan.jsonl")" = "$(folio list --month 2019-01 --json | python3 -c 'import json, sys; print(",".join(str(json.loads(l)["id"]) for l in sys.stdin))')"
expect 0 "--query 百丈" folio export --format jsonl --query 百丈 -o "$T/q.jsonl"
ok_if "the articles search finds" test "$(ids_of "$T/q.jsonl" | tr , '\n' | sort -n | tr '\n' ' ')" = \
	"$(folio search 百丈 --json | python3 -c 'import json, sys; print(" ".join(sorted((str(json.loads(l)["id"]) for l in sys.stdin), key=int)))') "
ok_if "some, not all" eval 'test "$(wc -l < "$T/q.jsonl")" -ge 2 && test "$(wc -l < "$T/q.jsonl")" -lt 11'
expect 0 "--ids 3,1" folio export --format jsonl --ids 3,1 -o "$T/ids.jsonl"
ok_if "those, in that order" test "$(ids_of "$T/ids.jsonl")" = "3,1"
expect 0 "--section 文化 --month 2019-01" folio export --format jsonl --section 文化 --month 2019-01 -o -
ok_if "one article" test "$(wc -l < "$OUT")" = 1

# ---- failures ----
expect 1 "nothing selected" folio export --format jsonl --month 2000-01 -o "$T/none.jsonl"
ok_if "says so, and writes nothing" eval 'err_has "no articles in that selection" && test ! -e "$T/none.jsonl"'
expect 1 "nothing selected: no directory made" folio export --format markdown --month 2000-01 -o "$T/none"
ok_if "no directory" test ! -e "$T/none"
expect 2 "unknown format" folio export --format docx --all -o "$T/x"
ok_if "names it" err_has "unknown format 'docx'"
expect 2 "unknown encoding" folio export --format csv --encoding big5 --all -o "$T/x"
ok_if "names it" err_has "cannot export in 'big5'"
expect 2 "no format" folio export --all -o "$T/x"
expect 2 "no selection" folio export --format jsonl -o "$T/x"
expect 2 "no output" folio export --format jsonl --all
expect 2 "--bom with jsonl" folio export --format jsonl --bom --all -o "$T/x"
expect 2 "an encoding for pdf" folio export --format pdf --encoding gb18030 --all -o "$T/x"
expect 2 "markdown to standard output" folio export --format markdown --all -o -
expect 2 "a bad month" folio export --format jsonl --month 2019-13 -o "$T/x"
ok_if "the usage errors wrote nothing" test ! -e "$T/x"
: > "$T/afile"
expect 1 "unwritable output file" folio export --format jsonl --all -o "$T/afile/out.jsonl"
ok_if "a clear error" err_has "folio: $T/afile/out.jsonl: cannot create a file in $T/afile: Not a directory"
expect 1 "unwritable output directory" folio export --format markdown --all -o "$T/afile/dir"
ok_if "a clear error" err_has "$T/afile is not a directory"
expect 1 "a directory given for a one-file format" folio export --format csv --all -o "$T/md"
ok_if "says so" err_has "is a directory"
ok_if "no partial or temporary file anywhere" test "$(find "$T" -maxdepth 1 -name '.*.jsonl.*' -o -maxdepth 1 -name '.*.csv.*' | wc -l)" = 0

# A character GB18030 gives back as another: refused for that article only.
printf -- '---\ntitle: "私用区\\uE78D字符"\ndate: 2019-02-06\n---\n\n正文。\n' > "$T/pua.md"
expect 0 "ingest an article with U+E78D" folio --archive "$T/pua.db" ingest -q "$T/pua.md" "$S/2019-01-08-library-hours.md"
expect 1 "its GB18030 export fails" folio --archive "$T/pua.db" export --format markdown --encoding gb18030 --all -o "$T/pua"
ok_if "naming the character" err_has "U+E78D does not come back from GB18030"
ok_if "the other article is exported" test "$(ls "$T/pua" | wc -l)" = 1

# Deleted articles: tombstones in the data formats, left out of the others.
bus=$(folio list --json | grep -F '公交线路' | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "delete an article" folio delete "$bus" --reason "测试"
expect 0 "export everything" folio export --format jsonl --all -o "$T/after.jsonl"
ok_if "ten articles and one tombstone" eval 'test "$(wc -l < "$T/after.jsonl")" = 11'
ok_if "says how many tombstones" out_has "10 articles exported as jsonl, utf-8; 1 deleted, as tombstone (no text)"
grep -F "\"id\":$bus," "$T/after.jsonl" > "$T/tomb.json"
ok_if "the tombstone has no text" grep -qF '"body":null' "$T/tomb.json"
ok_if "the deletion: when, why, which audit entry" grep -qE '"deleted":\{"time":"[0-9T:Z-]+","reason":"测试","purged":false,"audit_entry":[0-9]+\}' "$T/tomb.json"
ok_if "the body's words are nowhere in the export" eval '! grep -q 纯电动公交车 "$T/after.jsonl"'
ok_if "the audit entry is the delete" eval 'folio audit | grep -qE "^ +$(sed "s/.*\"audit_entry\":\([0-9]*\).*/\1/" "$T/tomb.json") .* delete +article $bus "'
expect 0 "--ids naming only the deleted article, as CSV" folio export --format csv --ids "$bus" -o "$T/deleted.csv"
ok_if "a header and the tombstone row" eval 'test "$(grep -c $'"'"'\r$'"'"' "$T/deleted.csv")" = 2'
ok_if "its deleted column" grep -qF '"{""time"":' "$T/deleted.csv"
expect 1 "--ids naming only the deleted article, as Markdown" folio export --format markdown --ids "$bus" -o "$T/deleted-md"
ok_if "says it was left out, and that nothing is left" eval 'err_has "1 deleted article left out (JSON Lines and CSV exports list them as tombstones)" && err_has "no articles"'
expect 1 "an edition naming it" folio edition --ids "$bus" -o "$T/deleted.pdf"
ok_if "refused: when, why, which entry" err_has "article $bus was deleted on"
ok_if "no PDF" test ! -e "$T/deleted.pdf"
expect 0 "purge another" folio delete "$(ids_of "$T/jan.jsonl" | cut -d, -f1)" --purge --reason "测试"
expect 0 "--ids with the purged and a live article" folio export --format markdown --ids "$(ids_of "$T/jan.jsonl" | cut -d, -f1),$(ids_of "$T/jan.jsonl" | cut -d, -f3)" -o "$T/mixed"
ok_if "only the live one" test "$(ls "$T/mixed" | wc -l)" = 1
ok_if "and the purged one named as left out" err_has "1 deleted article left out"

expect 0 "help" folio export --help
ok_if "mentions --force" out_has "--force"
done_testing
