#!/bin/sh
# make demo: ingest the bundled samples into archive/folio.db, show what
# was stored, print January 2019 as an edition PDF and one article, export
# the samples, and write and verify a retention snapshot (all under
# archive/demo-out/).  Running it again shows the same articles recognised as
# duplicates: nothing is stored twice, and an existing archive is never
# deleted.
set -e
cd "$(dirname "$0")/.."
FOLIO_ARCHIVE=archive/folio.db
export FOLIO_ARCHIVE
if [ -t 1 ]; then bold=$(printf '\033[1m'); plain=$(printf '\033[0m'); else bold= plain=; fi
step() { printf '\n%s$ %s%s\n' "$bold" "$*" "$plain"; }

step ./folio ingest archive/samples
./folio ingest archive/samples
step ./folio list
./folio list
step ./folio list --month 2019-01 --section 民生
./folio list --month 2019-01 --section 民生
id=$(./folio list --json | grep -F '党建综合示范区的探索与实践' | head -1 | sed 's/^{"id":\([0-9]*\).*/\1/')
step ./folio show "$id"
./folio show "$id" | head -24
echo "..."
step ./folio search 百丈
./folio search 百丈
step ./folio search 党 --limit 3
./folio search 党 --limit 3
# Outputs of earlier demos are replaced (the archive itself never is).
rm -rf archive/demo-out
mkdir -p archive/demo-out
step ./folio edition --month 2019-01 --issue 1 -o archive/demo-out/edition-2019-01.pdf
./folio edition --month 2019-01 --issue 1 -o archive/demo-out/edition-2019-01.pdf
step ./folio print "$id" -o archive/demo-out/article-$id.pdf
./folio print "$id" -o "archive/demo-out/article-$id.pdf"
step ./folio export --format markdown --encoding gb18030 --all -o archive/demo-out/export-gb18030
./folio export --format markdown --encoding gb18030 --all -o archive/demo-out/export-gb18030
step ./folio export --format jsonl --month 2019-01 -o archive/demo-out/2019-01.jsonl
./folio export --format jsonl --month 2019-01 -o archive/demo-out/2019-01.jsonl
step ./folio snapshot --month 2019-01 --reason "demo: January 2019 as published" -o archive/demo-out/snapshot-2019-01
./folio snapshot --month 2019-01 --reason "demo: January 2019 as published" -o archive/demo-out/snapshot-2019-01
step ./folio verify archive/demo-out/snapshot-2019-01
./folio verify archive/demo-out/snapshot-2019-01
step "(cd archive/demo-out/snapshot-2019-01 && sha256sum -c --quiet manifest-sha256.txt && echo manifest ok)"
(cd archive/demo-out/snapshot-2019-01 && sha256sum -c --quiet manifest-sha256.txt && echo "manifest-sha256.txt: every file ok")
step ./folio audit --verify
./folio audit --verify
step ./folio check
./folio check
