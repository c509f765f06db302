#!/usr/bin/env bash
# An archive made before folio kept images (schema 10) holds its articles'
# originals but no list of their photos.  Ingesting the same files again,
# with their photos beside them, is a duplicate that lists and keeps the
# photos (with an audit entry), so that editions made after the upgrade
# have them; the articles themselves are untouched, and a third ingest
# changes nothing.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/in/pics"
printf -- '---\ntitle: 封面\ndate: 2019-01-02\n---\n\n鄞州新闻的封面。\n' > "$T/cover.md"
folio --archive "$T/cover.db" ingest -q "$T/cover.md" > /dev/null
folio --archive "$T/cover.db" print 1 -o "$T/cover.pdf" > /dev/null
pdftoppm -jpeg -r 40 -f 1 -l 1 -singlefile "$T/cover.pdf" "$T/in/pics/photo"
cat > "$T/in/news.md" << 'MD'
---
title: 社区活动
date: 2019-01-12
---

百丈街道举行社区活动，居民踊跃参加。

![活动现场](pics/photo.jpg)
MD
expect 0 "ingest an article with a photo" folio ingest -q "$T/in/news.md"
# The archive as schema 10 left it: no image tables, its user_version 10.
sqlite3 "$FOLIO_ARCHIVE" "DROP TABLE original_images; DROP TABLE images; PRAGMA user_version = 10;"
ok_if "the archive is now schema 10 without images" \
	test "$(sqlite3 "$FOLIO_ARCHIVE" "PRAGMA user_version; SELECT count(*) FROM sqlite_master WHERE name = 'images'" | tr '\n' ' ')" = "10 0 "
expect 0 "folio upgrades it" folio show 1 --json
ok_if "the article lists no images" python3 -c "import json,sys; sys.exit(json.load(open(sys.argv[1])).get('images') not in ([], None))" "$OUT"
expect 0 "an edition of it has no photo" folio print 1 -o "$T/before.pdf"
ok_if "pdfimages finds none" test "$(pdfimages -list "$T/before.pdf" | tail -n +3 | wc -l)" = 0

expect 0 "the same file again, its photo beside it" folio ingest --report "$T/report.jsonl" "$T/in/news.md"
ok_if "is a duplicate" out_has "1 duplicate"
ok_if "the report says its images are listed now" \
	grep -q "stored before images were kept: its images are listed now" "$T/report.jsonl"
expect 0 "show --json" folio show 1 --json
ok_if "now lists the photo, kept" python3 -c "
import json, sys
im = json.load(open(sys.argv[1]))['images']
sys.exit(not (len(im) == 1 and im[0]['ref'] == 'pics/photo.jpg' and im[0].get('sha256')))" "$OUT"
ok_if "the article is still revision 1" python3 -c "import json,sys; sys.exit(json.load(open(sys.argv[1]))['revision'] != 1)" "$OUT"
rm -rf "$T/in/pics"
expect 0 "printed from the archive alone" folio print 1 -o "$T/after.pdf"
ok_if "it has the photo" test "$(pdfimages -list "$T/after.pdf" | tail -n +3 | wc -l)" = 1
expect 0 "the audit log says so" folio audit
ok_if "with an images entry" out_has "images"
expect 0 "the audit chain verifies" folio audit --verify
expect 0 "check finds the archive clean" folio check

mkdir -p "$T/in/pics"
cp "$T/cover.pdf" "$T/in/pics/photo.jpg" # other bytes under the same name
expect 0 "a third ingest" folio ingest --report "$T/report2.jsonl" "$T/in/news.md"
ok_if "is a plain duplicate" grep -q '"same bytes as an archived original"' "$T/report2.jsonl"
expect 0 "show --json" folio show 1 --json
ok_if "and the listed photo is the one kept before" python3 -c "import json,sys; sys.exit(len(json.load(open(sys.argv[1]))['images']) != 1)" "$OUT"
done_testing
