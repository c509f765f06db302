#!/usr/bin/env bash
# Decodes are accepted only when their text is plausible: Korean, Japanese
# and BOM-less UTF-16/32 read as what they are, never as Chinese mojibake;
# a damaged file keeps its own encoding and is refused at its bad bytes;
# '?'-damaged GBK is caught; check finds implausible stored text.
. "$(dirname "$0")/lib.sh"
L=$FOLIO_ROOT/tests/data/legacy

# Korean without any declaration: uchardet says UHC; EUC-KR wins on plausibility.
sed '1s/<?xml[^>]*>//' "$L/other/EUC-KR/critique.or.kr.xml" > "$T/kr.txt"
expect 0 "detect undeclared Korean" folio detect "$T/kr.txt"
ok_if "as EUC-KR, plausible as Korean" grep -qP "\tEUC-KR\t0\.\d\d\t.*plausibility 1\.00 \(ko\)$" "$OUT"
expect 0 "convert it to UTF-8" folio convert --to utf-8 "$T/kr.txt" -o "$T/kr.utf8"
ok_if "the same text as iconv -f CP949" eval "iconv -f CP949 -t UTF-8 '$T/kr.txt' | cmp -s - '$T/kr.utf8'"
ok_if "real Hangul, no Hanzi mojibake" eval "grep -q '한국' '$T/kr.utf8' || grep -q '에서' '$T/kr.utf8'"

# Japanese declared Shift_JIS with CP932 characters; Johab.
expect 0 "detect a Shift_JIS page with CP932 rows, and Johab" folio detect \
	"$L/other/CP932/www2.chuo-u.ac.jp-suishin.xml" "$L/other/Johab/mdir-doc.txt"
ok_if "Shift_JIS (by CP932)" grep -qP "suishin.xml\tShift_JIS\t" "$OUT"
ok_if "JOHAB, plausible as Korean" grep -qP "mdir-doc.txt\tJOHAB\t.*\(ko\)$" "$OUT"

# UTF-32 and UTF-16 without a byte-order mark.
expect 0 "detect BOM-less UTF-32BE" folio detect "$L/other/UTF-32BE/nobom-utf32be.txt"
ok_if "UTF-32BE, not 'ASCII only'" grep -qP "\tUTF-32BE\t" "$OUT"
expect 0 "convert it" folio convert --to utf-8 "$L/other/UTF-32BE/nobom-utf32be.txt" -o "$T/u32.txt"
ok_if "no NUL bytes in the output" eval "! tr -d '\n' < '$T/u32.txt' | od -An -tx1 | grep -q ' 00'"
ok_if "the same text as iconv -f UTF-32BE" eval "iconv -f UTF-32BE -t UTF-8 '$L/other/UTF-32BE/nobom-utf32be.txt' | cmp -s - '$T/u32.txt'"
{ printf -- '---\ntitle: 无字节序标记\ndate: 2019-01-05\n---\n\n'; cat "$T/u32.txt"; } | iconv -f UTF-8 -t UTF-16LE > "$T/u16.md"
expect 0 "ingest BOM-less UTF-16LE Markdown" folio ingest "$T/u16.md"
ok_if "stored, not skipped as binary" out_has "1 new"
expect 0 "and with --encoding utf-16le" folio ingest --encoding utf-16le "$T/u16.md"
ok_if "a duplicate of it" out_has "1 duplicate"

# Big5 with damaged bytes stays Big5: refused at the bad bytes, or U+FFFD.
python3 - "$L/big5/coolloud.org.tw.xml" "$T/b5bad.xml" <<'PY'
import sys
d = open(sys.argv[1], 'rb').read()
i = d.index(b'\xa4', 2000)
open(sys.argv[2], 'wb').write(d[:i] + b'\xff\xff' + d[i + 2:])
print(i, file=open(sys.argv[2] + '.at', 'w'))
PY
at=$(cat "$T/b5bad.xml.at")
expect 1 "damaged Big5 is refused" folio detect "$T/b5bad.xml"
ok_if "as Big5, at the bad bytes" err_has "not valid Big5 at byte $at (bytes FF FF)"
ok_if "not as GB18030 mojibake" eval "! grep -q GB18030 '$ERR'"
{ printf -- '---\ntitle: 苦勞網\ndate: 2005-12-01\n---\n\n'; cat "$T/b5bad.xml"; } > "$T/b5bad.md"
expect 0 "with --lossy it is kept" folio ingest --lossy --encoding big5 "$T/b5bad.md"
expect 0 "show --json" folio show --json 2
ok_if "as Big5, lossy, U+FFFD in the body" python3 -c "
import json,sys; r=json.load(open(sys.argv[1])); assert r['encoding']=='Big5' and r['lossy'] and '\ufffd' in r['body'], r['encoding']" "$OUT"

# UTF-8 with three bad bytes: UTF-8, at the real bad byte; --lossy UTF-8.
python3 - "$T/u8bad.md" <<'PY'
import sys
u = '这是一篇测试文章，内容是关于社区党建工作的报道。'.encode()
open(sys.argv[1], 'wb').write(b'---\ntitle: t\n---\n\n' + u[:30] + b'\xff' + u[30:39] + b'\xfe\xfd' + u[39:] + b'\n')
PY
expect 1 "UTF-8 with bad bytes is refused" folio ingest "$T/u8bad.md"
ok_if "naming UTF-8 and byte 48, the first bad one" err_has "not valid UTF-8 at byte 48"
expect 0 "with --lossy" folio ingest --lossy "$T/u8bad.md"
expect 0 "show --json" folio show --json 3
ok_if "stored as UTF-8 with three U+FFFD" python3 -c "
import json,sys; r=json.load(open(sys.argv[1])); assert r['encoding']=='UTF-8' and r['body'].count('\ufffd')==3, r['encoding']" "$OUT"

# GBK whose lead bytes were lost to '?': the pairs after it shift.
python3 - "$T/gbq.md" <<'PY'
import sys
g = '近年来，为顺应新时代党的建设总要求，百丈街道践行全域党建理念，推进社区党建、单位党建、行业党建等多业态党建互联互动。'.encode('gbk')
open(sys.argv[1], 'wb').write('---\ntitle: 损坏\n---\n\n'.encode('gbk') + g[:20] + b'?' + g[21:41] + b'?' + g[42:] + b'\n')
PY
expect 1 "'?'-damaged GBK is refused" folio ingest "$T/gbq.md"
ok_if "with the '?' named" err_has "damaged GB18030 text: the '?' at byte"
expect 0 "with --lossy it is kept" folio ingest --lossy "$T/gbq.md"
expect 0 "show --json" folio show --json 4
ok_if "marked suspect" python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['suspect']" "$OUT"
expect 1 "folio check reports it" folio check
ok_if "as damaged text" err_has "article 4: the text is damaged"

# Korean forced through GB18030 is stored (the user's word) but check finds it.
export FOLIO_ARCHIVE=$T/forced.db
cp "$L/other/EUC-KR/alogblog.com.xml" "$T/kr.html"
expect 0 "Korean ingested with --encoding gb18030" folio ingest --encoding gb18030 "$T/kr.html"
expect 1 "folio check" folio check
ok_if "finds the text implausible" err_has "the text is not plausible"

# A Markdown file with a NUL byte is a failure, not a silent skip.
printf -- '---\ntitle: 空字节\n---\n\n正文\0正文\n' > "$T/nul.md"
expect 1 "a NUL byte in Markdown fails" folio ingest "$T/nul.md"
ok_if "naming its offset" err_has "a NUL byte at byte"

# A page that declares its encoding and is full of rare characters on
# purpose (Windows extension characters) is stored, its plausibility under
# the usual share but no rival reading near it; check judges it by the same
# rule as ingest and does not call it wrong.
export FOLIO_ARCHIVE=$T/rare.db
expect 0 "ingest the declared Shift_JIS page of rare characters" folio ingest "$L/other/CP932/www2.chuo-u.ac.jp-suishin.xml"
expect 0 "show it" folio show 1
ok_if "its plausibility is under 0.75" grep -qE '^plausibility: 0\.[0-6][0-9] \(ja\)' "$OUT"
expect 0 "check accepts it" folio check
ok_if "ok" out_has ": ok"

done_testing
