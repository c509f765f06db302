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
# A step whose articles the user may have deleted or changed since an
# earlier demo (the README's delete example, say) exits 1 (nothing found,
# or some inputs refused): it says so and the demo goes on.  Any other
# failure (a usage error, an unusable archive, a crash) stops the demo.
tolerant() {
	rc=0
	"$@" || rc=$?
	if [ "$rc" = 1 ]; then
		echo "(exit status 1: the archive no longer holds what this step shows; the demo goes on)"
	elif [ "$rc" != 0 ]; then
		exit "$rc"
	fi
}

step ./folio ingest archive/samples
tolerant ./folio ingest archive/samples
step ./folio list
tolerant ./folio list
step ./folio list --month 2019-01 --section 民生
tolerant ./folio list --month 2019-01 --section 民生
id=$(./folio list --json | grep -F '党建综合示范区的探索与实践' | head -1 | sed 's/^{"id":\([0-9]*\).*/\1/')
# That article deleted: any other.
[ -n "$id" ] || id=$(./folio list --json | head -1 | sed 's/^{"id":\([0-9]*\).*/\1/')
step ./folio show "$id"
./folio show "$id" | head -24
echo "..."
step ./folio search 百丈
tolerant ./folio search 百丈
step ./folio search 党 --limit 3
tolerant ./folio search 党 --limit 3
# Outputs of earlier demos are replaced (the archive itself never is).
rm -rf archive/demo-out
mkdir -p archive/demo-out
step ./folio edition --month 2019-01 --issue 1 -o archive/demo-out/edition-2019-01.pdf
tolerant ./folio edition --month 2019-01 --issue 1 -o archive/demo-out/edition-2019-01.pdf
step ./folio print "$id" -o archive/demo-out/article-$id.pdf
tolerant ./folio print "$id" -o "archive/demo-out/article-$id.pdf"
step ./folio export --format markdown --encoding gb18030 --all -o archive/demo-out/export-gb18030
tolerant ./folio export --format markdown --encoding gb18030 --all -o archive/demo-out/export-gb18030
step ./folio export --format jsonl --month 2019-01 -o archive/demo-out/2019-01.jsonl
tolerant ./folio export --format jsonl --month 2019-01 -o archive/demo-out/2019-01.jsonl
step ./folio snapshot --month 2019-01 --reason "demo: January 2019 as published" -o archive/demo-out/snapshot-2019-01
tolerant ./folio snapshot --month 2019-01 --reason "demo: January 2019 as published" -o archive/demo-out/snapshot-2019-01
step ./folio verify archive/demo-out/snapshot-2019-01
tolerant ./folio verify archive/demo-out/snapshot-2019-01
step "(cd archive/demo-out/snapshot-2019-01 && sha256sum -c --quiet manifest-sha256.txt && echo manifest ok)"
tolerant sh -c "(cd archive/demo-out/snapshot-2019-01 && sha256sum -c --quiet manifest-sha256.txt && echo \"manifest-sha256.txt: every file ok\")"
step ./folio audit --verify
./folio audit --verify
step ./folio check
./folio check
