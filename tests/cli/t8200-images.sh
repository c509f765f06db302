#!/usr/bin/env bash
# Photos belong to the archive: an article's JPEG and PNG (with alpha), a
# data: URL and a saved page's _files/ folder are kept at ingest, once per
# SHA-256; references that cannot be kept (a web URL, a missing file) are
# reported with why; the files are then deleted and the article printed
# from the archive alone (pdfimages), scaled down when it is far beyond
# print; show --image gives the exact bytes back; check re-hashes them; a
# snapshot and an export carry them; purge takes what no other article
# shows.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/in/pics" "$T/keep"
# A large JPEG (an A4 page at 300 dpi, 2480 x 3508) made by pdftoppm, and
# a PNG with an alpha channel.
printf -- '---\ntitle: 封面\ndate: 2019-01-02\n---\n\n鄞州新闻的封面。\n' > "$T/cover.md"
folio --archive "$T/cover.db" ingest -q "$T/cover.md" > /dev/null
folio --archive "$T/cover.db" print 1 -o "$T/cover.pdf" > /dev/null
pdftoppm -jpeg -r 300 -f 1 -l 1 -singlefile "$T/cover.pdf" "$T/in/pics/photo"
python3 - "$T/in/pics/alpha.png" "$T/keep/dot.png" <<'PY'
import struct, sys, zlib
def png(w, h, blue):
    raw = b"".join(b"\0" + b"".join(bytes([(x * 3) % 256, (y * 5) % 256, blue, 255 if (x - w // 2) ** 2 + (y - h // 2) ** 2 < (h * 9 // 20) ** 2 else 40]) for x in range(w)) for y in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 6, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png(320, 200, 160))
open(sys.argv[2], "wb").write(png(16, 16, 40))
PY
cp "$T/in/pics/photo.jpg" "$T/in/pics/alpha.png" "$T/keep/"
jpeg_w=$(python3 -c "import sys; d=open(sys.argv[1],'rb').read(); i=d.find(b'\xff\xc0'); print(int.from_bytes(d[i+7:i+9],'big'))" "$T/keep/photo.jpg")
ok_if "the test photo is large ($jpeg_w pixels wide)" test "$jpeg_w" -ge 2000
dot=$(base64 -w0 < "$T/keep/dot.png")
cat > "$T/in/photo.md" <<EOF
---
title: 图片新闻：社区活动
date: 2019-01-12
---

百丈街道举行社区活动，居民踊跃参加。

![活动现场](pics/photo.jpg)

![透明标志](pics/alpha.png "标志")

![网络图片](https://example.com/x.jpg)

![不存在的图](pics/gone.jpg)

第二段正文。
EOF
cat > "$T/in/second.md" <<EOF
---
title: 同一张照片的另一篇
date: 2019-01-13
---

另一篇文章也用了这张照片。

![活动现场再次刊出](pics/photo.jpg)

![内嵌图](data:image/png;base64,$dot)
EOF
mkdir -p "$T/in/page_files"
cp "$T/keep/alpha.png" "$T/in/page_files/logo.png"
cat > "$T/in/page.html" <<'EOF'
<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>网页保存的文章</title></head>
<body><article><h1>网页保存的文章</h1><p>发布时间：2019-01-14</p>
<p>这是一篇从网页保存下来的文章，图片在 _files 文件夹里。</p>
<figure><img src="page_files/logo.png" alt="网页里的标志"><figcaption>网页里的标志</figcaption></figure>
<p>第二段。</p></article></body></html>
EOF

expect 0 "ingest the three" folio ingest "$T/in/photo.md" "$T/in/second.md" "$T/in/page.html" --report "$T/report.jsonl"
ok_if "ingest warns that two images were not kept" err_has "photo.md: warning: 2 images not kept"
ok_if "the report gives each image its hash" \
	eval 'grep -F photo.md "$T/report.jsonl" | grep -q "\"ref\":\"pics/photo.jpg\",\"sha256\":\"$(sha256sum < "$T/keep/photo.jpg" | cut -c1-64)\""'
ok_if "the report says the web URL is not downloaded" \
	eval 'grep -F photo.md "$T/report.jsonl" | grep -q "\"ref\":\"https://example.com/x.jpg\",\"missing\":\"a https: URL, which folio does not download"'
ok_if "and that a file was not found" \
	eval 'grep -F photo.md "$T/report.jsonl" | grep -q "\"ref\":\"pics/gone.jpg\",\"missing\":\"file not found"'
ok_if "the same photo in two articles, the same logo in two files, each stored once" \
	test "$(sqlite3 "$FOLIO_ARCHIVE" 'SELECT count(*) FROM images')" = 3
ok_if "seven references listed for three originals" \
	test "$(sqlite3 "$FOLIO_ARCHIVE" 'SELECT count(*) FROM original_images')" = 7

# Nothing beside the archive any more.
rm -rf "$T/in"
expect 0 "show lists the images" folio show 1
ok_if "kept ones with type and size" out_has "1: pics/photo.jpg, image/jpeg ${jpeg_w}x"
ok_if "missing ones with why" out_has "3: https://example.com/x.jpg, MISSING: a https: URL"
expect 0 "show --json" folio show 1 --json
ok_if "lists four images, two kept" eval 'python3 -c "
import json, sys
im = json.load(open(sys.argv[1]))[\"images\"]
assert len(im) == 4 and sum(1 for i in im if \"sha256\" in i) == 2, im
assert im[1][\"caption\"] == \"透明标志\" and im[1][\"media_type\"] == \"image/png\"
" "$OUT"'
folio show 1 --image 1 > "$T/out.jpg"
ok_if "show --image 1 gives the JPEG back byte for byte" cmp -s "$T/out.jpg" "$T/keep/photo.jpg"
folio show 1 --image 2 > "$T/out.png"
ok_if "show --image 2 the PNG" cmp -s "$T/out.png" "$T/keep/alpha.png"
expect 1 "show --image 3, a web URL, is refused" folio show 1 --image 3
ok_if "saying why" err_has "not in the archive: a https: URL"
expect 2 "show --image 0 is a usage error" folio show 1 --image 0

expect 0 "print the article from the archive alone" folio print 1 -o "$T/one.pdf"
ok_if "the summary counts the images and says the large one was scaled" out_has "2 images (larger ones scaled to 300 dpi)"
pdfimages -list "$T/one.pdf" > "$T/imgs"
ok_if "pdfimages: the JPEG, the PNG and its alpha mask" \
	test "$(grep -c ' image \| smask ' "$T/imgs")" = 3 -a "$(grep -c ' smask ' "$T/imgs")" = 1
printed_w=$(awk '$9 == "jpeg" {print $4}' "$T/imgs" | head -1)
ok_if "the JPEG printed smaller than it was ($printed_w of $jpeg_w pixels), above 250 dpi" \
	eval '[ -n "$printed_w" ] && [ "$printed_w" -lt "$jpeg_w" ] && awk "\$9 == \"jpeg\" {exit !(\$13 >= 250)}" "$T/imgs"'
ok_if "the PNG at its own 320 x 200" eval 'grep -q " image  *320  *200 " "$T/imgs"'
ok_if "the web URL prints as its description" eval 'pdftotext "$T/one.pdf" - | grep -q "［图片：网络图片］"'
pdf_checks "$T/one.pdf"
expect 0 "print it again" folio print 1 -o "$T/again.pdf"
ok_if "the two prints are byte-identical (photos come from a new temporary directory each time)" \
	cmp -s "$T/one.pdf" "$T/again.pdf"
# The PDF's SHA-256 in the summary, counted as it was written, is the file's.
ok_if "the summary's SHA-256 is the file's" eval 'grep -q "sha256 $(sha256sum "$T/again.pdf" | cut -c1-64)" "$OUT"'
expect 0 "the saved page's image prints too" folio print 3 -o "$T/page.pdf"
ok_if "one image with its mask" test "$(pdfimages -list "$T/page.pdf" | grep -c ' image \| smask ')" = 2

expect 0 "check re-hashes the images" folio check
ok_if "and counts them" out_has "and 3 images re-hashed: ok"

expect 0 "snapshot both articles" folio snapshot 1 2 --reason 图片测试 -o "$T/bag"
ok_if "the bag holds each image once" test "$(ls "$T/bag/data/images" | wc -l)" = 3
ok_if "the manifest lists each once" test "$(grep -c ' data/images/' "$T/bag/manifest-sha256.txt")" = 3
ok_if "named by its SHA-256, the bytes exact" \
	cmp -s "$T/bag/data/images/$(sha256sum < "$T/keep/photo.jpg" | cut -c1-64).jpg" "$T/keep/photo.jpg"
ok_if "the article's JSON lists its images" \
	eval 'python3 -c "import json,sys; assert len(json.load(open(sys.argv[1]))[\"images\"]) == 4" "$T/bag/data/articles/1.json"'
expect 0 "the bag verifies" folio verify "$T/bag"
ok_if "its PDF has the photos" test "$(pdfimages -list "$T/bag/data/articles/1.pdf" | awk '$3 == "image"' | wc -l)" = 2

expect 0 "export Markdown" folio export --ids 1 --format markdown -o "$T/md"
ok_if "the images beside it, by hash" test "$(ls "$T/md/images" | wc -l)" = 2
ok_if "and the Markdown points at them" eval 'grep -q "](images/$(sha256sum < "$T/keep/photo.jpg" | cut -c1-64).jpg)" "$T"/md/*.md'
expect 0 "which ingests again with its photos" folio --archive "$T/again.db" ingest "$T"/md/*.md
ok_if "the same bytes" test "$(sqlite3 "$T/again.db" 'SELECT group_concat(sha256) FROM (SELECT sha256 FROM images ORDER BY sha256)')" = \
	"$(sqlite3 "$FOLIO_ARCHIVE" "SELECT group_concat(sha256) FROM (SELECT sha256 FROM images i WHERE id IN (SELECT image_id FROM original_images WHERE original_id = 1) ORDER BY sha256)")"

# Changed bytes are found.
cp "$FOLIO_ARCHIVE" "$T/tampered.db"
sqlite3 "$T/tampered.db" "DROP TRIGGER images_immutable; UPDATE images SET data = x'00' || substr(data, 2) WHERE id = 1"
expect 1 "check finds a changed image" folio --archive "$T/tampered.db" check
ok_if "naming it" err_has "stored image does not match its SHA-256"

# Purge: the photo article 2 shares with article 1 stays; the data: image,
# only article 2's, goes.
expect 0 "purge article 2" folio delete 2 --purge --reason 测试清除
ok_if "its own image is purged, the shared photo kept" \
	test "$(sqlite3 "$FOLIO_ARCHIVE" "SELECT group_concat(storage, ',') FROM (SELECT storage FROM images ORDER BY id)")" = "raw,raw,purged"
ok_if "article 1 still shows its photo" eval 'folio show 1 --image 1 | cmp -s - "$T/keep/photo.jpg"'
expect 0 "and the archive checks clean" folio check


# A CMYK photo (as press agencies send them; Adobe's inverted CMYK): PDF/A
# with its sRGB output intent cannot hold DeviceCMYK, so the edition prints
# it converted to RGB, its colours right; --pdfa none keeps it CMYK.  The
# archive keeps the original bytes either way.
mkdir -p "$T/cm"
cp "$FOLIO_ROOT/tests/data/pdf/cmyk-adobe.jpg" "$T/cm/"
printf -- '---\ntitle: 通讯社照片\ndate: 2019-02-01\n---\n\n一张印刷用的照片。\n\n![青与品红](cmyk-adobe.jpg)\n' > "$T/cm/a.md"
expect 0 "ingest an article with a CMYK photo" folio --archive "$T/cm.db" ingest -q "$T/cm/a.md"
expect 0 "print it (PDF/A-2u)" folio --archive "$T/cm.db" print 1 -o "$T/cm.pdf"
ok_if "the summary says the CMYK photo was converted" out_has "CMYK ones converted to RGB"
ok_if "pdfimages: one RGB image, no CMYK" \
	eval 'pdfimages -list "$T/cm.pdf" | awk '"'"'$3 == "image" {n++; if ($6 != "rgb") bad = 1} END {exit !(n == 1 && !bad)}'"'"
pdf_checks "$T/cm.pdf"
# The left half printed cyan, the right half magenta (an ink/light or
# inversion mistake gives red and green, or black).
pdftoppm -r 72 -png "$T/cm.pdf" "$T/cmpage"
ok_if "its colours: cyan on the left, magenta on the right" python3 - "$T/cmpage-1.png" <<'PY'
import sys, zlib, struct
d = open(sys.argv[1], "rb").read()
w, h, bd, ct = struct.unpack(">IIBB", d[16:26])
assert bd == 8 and ct == 2, (bd, ct)
idat, at = b"", 8
while at < len(d):
    n = struct.unpack(">I", d[at:at + 4])[0]
    if d[at + 4:at + 8] == b"IDAT":
        idat += d[at + 8:at + 8 + n]
    at += 12 + n
raw, rows, prev, i = zlib.decompress(idat), [], bytearray(3 * w), 0
for y in range(h):
    f, line = raw[i], bytearray(raw[i + 1:i + 1 + 3 * w]); i += 1 + 3 * w
    for x in range(3 * w):
        a = line[x - 3] if x >= 3 else 0; b = prev[x]; c = prev[x - 3] if x >= 3 else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(line); prev = line
def kind(px):
    r, g, b = px
    if r < 80 and g > 170 and b > 170: return "cyan"
    if r > 170 and g < 80 and b > 170: return "magenta"
    return None
seen = [kind(tuple(rows[y][3 * x:3 * x + 3])) for y in range(h) for x in range(w)]
cx = [x for y in range(h) for x in range(w) if seen[y * w + x] == "cyan"]
mx = [x for y in range(h) for x in range(w) if seen[y * w + x] == "magenta"]
assert len(cx) > 500 and len(mx) > 500, (len(cx), len(mx))
assert max(cx) < min(mx), (max(cx), min(mx))
PY
expect 0 "with --pdfa none" folio --archive "$T/cm.db" print 1 --pdfa none -o "$T/cm-plain.pdf"
ok_if "the photo stays CMYK" eval 'pdfimages -list "$T/cm-plain.pdf" | grep -q " cmyk "'
ok_if "and the archive keeps the CMYK original" \
	eval 'folio --archive "$T/cm.db" show 1 --image 1 | cmp -s - "$FOLIO_ROOT/tests/data/pdf/cmyk-adobe.jpg"'


# A damaged CMYK photo that libjpeg cannot decode (its Huffman tables
# overwritten) cannot be converted, and PDF/A cannot hold it as it is: it
# prints as its description, with a warning, and the edition is made.
python3 - "$FOLIO_ROOT/tests/data/pdf/cmyk-adobe.jpg" "$T/cm/bad.jpg" <<'PY'
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = d.find(b"\xff\xc4")
d[i + 4:i + 40] = b"\xff" * 36
open(sys.argv[2], "wb").write(d)
PY
printf -- '---\ntitle: 损坏的照片\ndate: 2019-02-02\n---\n\n照片已损坏。\n\n![损坏的青色](bad.jpg)\n' > "$T/cm/bad.md"
expect 0 "ingest an article with a damaged CMYK photo" folio --archive "$T/cm.db" ingest -q "$T/cm/bad.md"
expect 0 "print it: the edition is made" folio --archive "$T/cm.db" print 2 -o "$T/cm-bad.pdf"
ok_if "with a warning that says why" err_has "1 CMYK photo could not be decoded to convert for PDF/A"
ok_if "the photo prints as its description" eval 'pdftotext "$T/cm-bad.pdf" - | grep -q "［图片：损坏的青色］"'
ok_if "and no image is in the PDF" test "$(pdfimages -list "$T/cm-bad.pdf" | awk '$3 == "image"' | wc -l)" = 0
pdf_checks "$T/cm-bad.pdf"

done_testing
