#!/usr/bin/env bash
# folio detect and folio convert: encodings of real files, conversions that
# round-trip, refusals with positions, output files and directories.
. "$(dirname "$0")/lib.sh"

S=$FOLIO_ROOT/archive/samples
L=$FOLIO_ROOT/tests/data/legacy
H=$FOLIO_ROOT/tests/data/html
D=$FOLIO_ROOT/tests/data/encoding

# detect
expect 0 "detect real GB2312, Big5 and UTF-8 files" folio detect \
	"$L/gb2312/lily.blogsome.com.xml" "$L/big5/_ude_1.txt" "$H/gne-people__1.html" \
	"$L/pages/archive.org.he.xinhuanet.com.25340717.html" "$S/yinzhou-2019-01-29-dangjian.txt"
ok_if "one line per file" test "$(wc -l < "$OUT")" -eq 5
ok_if "the GB2312 feed is GB18030, by its XML prolog" \
	grep -qP "^\Q$L/gb2312/lily.blogsome.com.xml\E\tGB18030\t0\.\d\d\tXML prolog declares gb2312" "$OUT"
ok_if "the Big5 text is Big5, by uchardet" \
	grep -qP "^\Q$L/big5/_ude_1.txt\E\tBig5\t0\.\d\d\tuchardet says BIG5" "$OUT"
ok_if "a page declaring gb2312 in UTF-8 is UTF-8" \
	grep -qP "^\Q$H/gne-people__1.html\E\tUTF-8\t1\.00\tvalid UTF-8 \(<meta> declares gb2312" "$OUT"
ok_if "the Wayback page is GB18030 by its <meta>, not its <script charset>" \
	grep -qP "archive.org.he.xinhuanet.com.25340717.html\tGB18030\t0\.\d\d\t<meta> declares gb2312" "$OUT"
ok_if "a sample is UTF-8, plausible as Chinese" grep -qP "yinzhou-2019-01-29-dangjian.txt\tUTF-8\t1\.00\tvalid UTF-8\tplausibility 0\.9\d \(zh\)$" "$OUT"
expect 0 "detect --json" folio detect --json "$L/big5/coolloud.org.tw.xml" "$D/trap.html"
ok_if "JSON Lines with encoding, converter and confidence" \
	eval "head -1 '$OUT' | grep -qF '\"encoding\":\"Big5\",\"converter\":\"glibc ' && head -1 '$OUT' | grep -qE '\"confidence\":(0\.9[0-9]|1\.00)}'"
ok_if "the synthetic trap page is GB18030" eval "tail -1 '$OUT' | grep -qF '\"encoding\":\"GB18030\"'"
ok_if "each line is a JSON object" python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$OUT"
expect 1 "detect of a missing file fails" folio detect "$T/nope.txt" "$S/2019-01-08-library-hours.md"
ok_if "the missing file is named" err_has "folio: $T/nope.txt: cannot open"
ok_if "the other file is still reported" out_has "2019-01-08-library-hours.md	UTF-8"
printf '\xd6\xd0\xce\xc4\xff\xfe\xfd' > "$T/junk.bin"
expect 1 "bytes that fit no encoding fail" folio detect "$T/junk.bin"
ok_if "with the offset and bytes" err_has "$T/junk.bin: not valid GB18030 at byte 4 (bytes FF FE)"
# A photo or a PDF is no text: said so, not called Shift_JIS or GB18030
# because some codec takes its first bytes.
printf '%%PDF-1.7\n%%\xe2\xe3\xcf\xd3\n' > "$T/x.pdf"
expect 1 "detect of a JPEG, a PNG and a PDF fails" folio detect \
	"$FOLIO_ROOT/tests/data/pdf/photo.jpg" "$FOLIO_ROOT/tests/data/pdf/alpha.png" "$T/x.pdf"
ok_if "the JPEG is called a JPEG image" err_has "photo.jpg: a JPEG image, not text in any encoding"
ok_if "the PNG a PNG image" err_has "alpha.png: a PNG image, not text in any encoding"
ok_if "the PDF a PDF document" err_has "x.pdf: a PDF document, not text in any encoding"
expect 1 "convert of a JPEG fails the same way" folio convert --to utf-8 "$FOLIO_ROOT/tests/data/pdf/photo.jpg"
ok_if "saying it is a JPEG image" err_has "photo.jpg: a JPEG image, not text in any encoding"
printf 'BMW 与 GIF 动图：新闻\n' > "$T/bmw.txt"
expect 0 "text that begins like no signature is still text" folio detect "$T/bmw.txt"
expect 2 "detect without files is a usage error" folio detect
expect 2 "detect with an unknown option is a usage error" folio detect --bogus x
for c in detect convert; do
	expect 0 "folio $c --help works" folio $c --help
	ok_if "folio $c --help shows its usage" out_has "usage: folio $c"
done

# convert: UTF-8 -> GB18030 -> UTF-8 is byte-identical
expect 0 "the samples convert to GB18030 into a new directory" \
	folio convert --to gb18030 "$S"/* -o "$T/gb"
ok_if "each output keeps its name" eval "ls '$T/gb' | diff - <(ls '$S')"
ok_if "the outputs are not UTF-8 any more" eval "! iconv -f UTF-8 -t UTF-8 '$T/gb/yinzhou-2019-01-29-dangjian.txt' >/dev/null 2>&1"
ok_if "iconv reads them as GB18030" eval "iconv -f GB18030 -t UTF-8 '$T/gb/yinzhou-2019-01-29-dangjian.txt' | cmp -s - '$S/yinzhou-2019-01-29-dangjian.txt'"
expect 0 "and back to UTF-8, detected" folio convert --to utf-8 "$T/gb"/* -o "$T/back"
same=1
for f in "$S"/*; do cmp -s "$f" "$T/back/$(basename "$f")" || same=0; done
ok_if "UTF-8 -> GB18030 -> UTF-8 is byte-identical for every sample" test $same = 1
expect 0 "one file to standard output" folio convert --from gb18030 --to utf-8 "$T/gb/2019-01-15-bus-routes.md"
ok_if "standard output is the original" cmp -s "$OUT" "$S/2019-01-15-bus-routes.md"

# real legacy files back to their own encodings
expect 0 "a GB2312 feed to UTF-8" folio convert --to utf-8 "$L/gb2312/lily.blogsome.com.xml" -o "$T/lily.xml"
expect 0 "and back to GB2312, — and · included" folio convert --to gb2312 "$T/lily.xml" -o "$T/lily.gb"
ok_if "byte-identical to the original" cmp -s "$T/lily.gb" "$L/gb2312/lily.blogsome.com.xml"
expect 0 "the trap page to UTF-8 and back to GB2312" eval "folio convert --to utf-8 '$D/trap.html' -o '$T/trap.html' && folio convert --to gb2312 '$T/trap.html' -o '$T/trap.gb'"
ok_if "byte-identical too" cmp -s "$T/trap.gb" "$D/trap.html"
expect 0 "a Big5 feed to UTF-8 and back" eval "folio convert --to utf-8 '$L/big5/coolloud.org.tw.xml' -o '$T/cool.xml' && folio convert --to big5 '$T/cool.xml' -o '$T/cool.b5'"
ok_if "byte-identical to the original" cmp -s "$T/cool.b5" "$L/big5/coolloud.org.tw.xml"

# refusals
printf '第一行\n吉祥𠮷字 ©\n' > "$T/astral.txt"
echo "old" > "$T/astral.gbk"
expect 1 "GBK refuses 𠮷 and ©" folio convert --to gbk "$T/astral.txt" -o "$T/astral.gbk"
ok_if "each listed with line and column" \
	err_has "folio: $T/astral.txt: GBK lacks 2 characters: U+20BB7 '𠮷' at line 2 column 3, U+00A9 '©' at line 2 column 6"
ok_if "the existing output is untouched" eval "[ \"\$(cat '$T/astral.gbk')\" = old ]"
ok_if "no temporary file is left" eval "[ \$(ls -a '$T' | grep -c '^\.astral') = 0 ]"
expect 0 "with --subst it converts" folio convert --to gbk --subst "$T/astral.txt" -o "$T/astral.gbk"
ok_if "with '?' for the missing characters" eval "iconv -f GBK -t UTF-8 '$T/astral.gbk' | grep -qF '吉祥?字 ?'"
printf '中国新闻说明\n' > "$T/simplified.txt"
expect 1 "Big5 refuses simplified characters" folio convert --to big5 "$T/simplified.txt"
ok_if "listed" err_has "Big5 lacks 3 characters: U+56FD '国' at line 1 column 2, U+95FB '闻' at line 1 column 4, U+8BF4 '说' at line 1 column 5"
ok_if "nothing on standard output" test ! -s "$OUT"
expect 1 "bad input bytes with --from" folio convert --from utf-8 --to gb18030 "$T/gb/2019-01-15-bus-routes.md"
ok_if "name the offset" err_has "not valid UTF-8 at byte"

# several files
mkdir -p "$T/in/a" "$T/in/b"
printf '甲文件\n' > "$T/in/a/one.txt"
printf '乙文件\n' > "$T/in/b/two.txt"
printf '丙文件\n' > "$T/in/b/one.txt"
expect 1 "two inputs of the same name into one directory" \
	folio convert --to gb18030 "$T/in/a/one.txt" "$T/in/b/two.txt" "$T/in/b/one.txt" -o "$T/out/deep"
ok_if "the directory was created, parents too" test -d "$T/out/deep"
ok_if "the first two written" eval "[ -s '$T/out/deep/one.txt' ] && [ -s '$T/out/deep/two.txt' ]"
ok_if "the second one.txt is refused" err_has "$T/in/b/one.txt: $T/out/deep/one.txt was already written"
ok_if "the first one.txt kept" eval "iconv -f GB18030 -t UTF-8 '$T/out/deep/one.txt' | grep -qF 甲文件"
expect 0 "one input into an existing directory" folio convert --to gbk "$T/in/b/two.txt" -o "$T/out"
ok_if "keeps its name there" test -s "$T/out/two.txt"

# usage errors
expect 2 "convert without --to" folio convert "$T/astral.txt"
ok_if "says so" err_has "--to"
expect 2 "convert to an unknown encoding" folio convert --to utf-16 "$T/astral.txt"
expect 2 "convert from an unknown encoding" folio convert --from klingon --to utf-8 "$T/astral.txt"
expect 2 "convert without files" folio convert --to utf-8
expect 2 "several files without -o" folio convert --to utf-8 "$T/in/a/one.txt" "$T/in/b/two.txt"
expect 2 "several files with -o a regular file" \
	folio convert --to utf-8 "$T/in/a/one.txt" "$T/in/b/two.txt" -o "$T/astral.txt"
expect 2 "unknown option" folio convert --to utf-8 --bogus "$T/astral.txt"
expect 1 "a missing input" folio convert --to utf-8 "$T/nope.txt"
ok_if "is named" err_has "folio: $T/nope.txt: cannot open"
done_testing
