#!/usr/bin/env bash
# Legacy and re-encoded inputs: the samples ingest to identical articles
# from GB18030, GBK, UTF-16LE with BOM and UTF-8 with BOM; malformed files
# get a clear result and leave the archive sound; --lossy, --encoding.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples

# The fields that must not depend on the input's encoding.
fields() { # archive -> one line per article, sorted
	"$FOLIO" --archive "$1" list --json | python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line)
    for k in ("id", "sha256", "encoding", "converter", "encoding_evidence",
              "encoding_confidence", "filename", "ingested"):
        o.pop(k, None)
    print(json.dumps(o, ensure_ascii=False, sort_keys=True))' | sort
}

expect 0 "ingest the UTF-8 samples" folio --archive "$T/utf8.db" ingest -q "$S"
fields "$T/utf8.db" > "$T/utf8.txt"
ok_if "five articles as reference" test "$(wc -l < "$T/utf8.txt")" = 5
for enc in GB18030 GBK UTF-16LE-BOM UTF-8-BOM; do
	mkdir -p "$T/$enc"
	for f in "$S"/*; do
		out="$T/$enc/$(basename "$f")"
		case $enc in
		UTF-16LE-BOM) { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$f"; } > "$out" ;;
		UTF-8-BOM) { printf '\xef\xbb\xbf'; cat "$f"; } > "$out" ;;
		# GBK lacks the dump's no-break spaces and bullets, all in the
		# page's chrome: substituted, the article is the same.
		GBK) "$FOLIO" convert --to GBK --subst "$f" -o "$out" ;;
		*) "$FOLIO" convert --to "$enc" "$f" -o "$out" ;;
		esac
	done
	expect 0 "ingest the samples as $enc" folio --archive "$T/$enc.db" ingest -q "$T/$enc"
	fields "$T/$enc.db" > "$T/$enc.txt"
	ok_if "$enc gives the same articles as UTF-8" cmp -s "$T/utf8.txt" "$T/$enc.txt"
	expect 0 "$enc copies into the UTF-8 archive" folio --archive "$T/utf8.db" ingest "$T/$enc"
	ok_if "$enc copies are text-identical duplicates" out_has "0 new, 0 revised, 5 duplicate"
done
"$FOLIO" --archive "$T/GB18030.db" list --json | grep -o '"encoding":"[^"]*"' | sort -u > "$T/encs"
ok_if "the GB18030 copies are recorded as GB18030" grep -qx '"encoding":"GB18030"' "$T/encs"
id=$("$FOLIO" --archive "$T/GBK.db" list --json | head -1 | sed 's/^{"id":\([0-9]*\).*/\1/')
f=$("$FOLIO" --archive "$T/GBK.db" show "$id" --json | sed 's/.*"filename":"\([^"]*\)".*/\1/')
"$FOLIO" --archive "$T/GBK.db" show "$id" --original > "$T/orig"
ok_if "the GBK original is kept byte for byte" cmp -s "$f" "$T/orig"

# Malformed input: each gets a clear result; the archive stays sound.
M=$T/malformed
mkdir -p "$M"
printf -- '---\ntitle: 截断的文件\n---\n\n这是一段被截断的正文，最后一个字只剩半截\xe4\xb8' > "$M/truncated-utf8.md"
{ printf -- '---\ntitle: '; printf '截断的国标码' | iconv -t GB18030; printf '\n---\n\n'; printf '正文' | iconv -t GB18030; printf '\xd5'; } > "$M/truncated-gb.md"
{ printf '<?xml version="1.0" encoding="big5"?>\n<p>'; printf '中文繁體測試內容，這是一段較長的文字。' | iconv -t BIG5; printf '\xa3\x20\xf9\xff</p>\n'; } > "$M/invalid-big5.xml"
head -c 4096 /dev/urandom > "$M/junk.dat"
: > "$M/empty.md"
expect 1 "a batch of malformed files exits 1" folio ingest --report "$T/bad.jsonl" "$M"
ok_if "truncated UTF-8: clear failure" grep -q 'truncated-utf8.md","status":"failed".*byte' "$T/bad.jsonl"
ok_if "truncated GB18030: clear failure naming the offset" grep -q 'truncated-gb.md","status":"failed".*byte' "$T/bad.jsonl"
ok_if "invalid Big5 pair: clear failure" grep -q 'invalid-big5.xml","status":"failed"' "$T/bad.jsonl"
ok_if "binary junk: skipped or failed with a reason" grep -qE 'junk.dat","status":"(skipped|failed)".*"reason":"[^"]' "$T/bad.jsonl"
ok_if "empty file: failed, 'empty file'" grep -q 'empty.md","status":"failed".*empty file' "$T/bad.jsonl"
expect 0 "the archive checks clean after malformed input" folio check

# --lossy keeps the bad file, marked lossy, the original intact.
expect 0 "--lossy stores the truncated GB18030 file" folio ingest --lossy "$M/truncated-gb.md"
id=$(folio list --json | grep -F '截断的国标码' | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "show it" folio show "$id" --json
ok_if "marked lossy" out_has '"lossy":true'
ok_if "the bad byte became U+FFFD" out_has "正文�"
folio show "$id" --original > "$T/lossy-orig"
ok_if "its original is byte-identical" cmp -s "$M/truncated-gb.md" "$T/lossy-orig"

# --encoding overrides detection (Big5 read as Big5 whatever it declares).
{ printf -- '---\ntitle: '; printf '繁體標題' | iconv -t BIG5; printf '\n---\n\n'; printf '這是正文內容，用來測試指定編碼。' | iconv -t BIG5; printf '\n'; } > "$T/big5.md"
expect 0 "--encoding big5" folio ingest --encoding big5 "$T/big5.md"
expect 0 "list shows the Big5 title" folio list
ok_if "title decoded from Big5" out_has "繁體標題"
expect 2 "--encoding with an unknown name is a usage error" folio ingest --encoding klingon "$T/big5.md"

# A 50 MB file: a clear result in bounded time, and the archive still sound.
python3 -c '
import sys
body = ("百丈街道推进垃圾分类，" * 20 + "\n\n") * 80000
sys.stdout.write("---\ntitle: 五十兆的长文\ndate: 2019-01-31\n---\n\n" + body)' > "$T/big.md"
size=$(stat -c %s "$T/big.md")
ok_if "the big file is over 50 MB ($size bytes)" test "$size" -gt 50000000
expect 0 "a 50 MB article ingests" folio ingest "$T/big.md"
expect 0 "and the archive checks clean" folio check
expect 0 "and it is found" folio search 五十兆的长文 --limit 1
done_testing
