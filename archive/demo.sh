#!/bin/sh
# make demo: ingest the bundled samples into archive/folio.db, show what
# was stored, and print January 2019 as an edition PDF and one article.  Running it again shows the same articles recognised as
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
step ./folio edition --month 2019-01 --issue 1 -o archive/edition-2019-01.pdf
./folio edition --month 2019-01 --issue 1 -o archive/edition-2019-01.pdf
step ./folio print "$id" -o archive/article-$id.pdf
./folio print "$id" -o "archive/article-$id.pdf"
step ./folio check
./folio check
