#!/usr/bin/env bash
# Reading back: list by date, month, range and section; show as text and JSON.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
expect 0 "ingest the samples" folio ingest -q "$S"

expect 0 "list all" folio list
ok_if "header row" out_has "PUBLISHED"
ok_if "sorted by publication date" test "$(sed -n '2p' "$OUT" | grep -c '2019-01-08')" = 1
ok_if "last is March" test "$(tail -1 "$OUT" | grep -c '2019-03-08')" = 1
expect 0 "list --month 2019-01" folio list --month 2019-01 --json
ok_if "four January articles" test "$(wc -l < "$OUT")" = 4
expect 0 "list --from/--to" folio list --from 2019-01-15 --to 2019-01-22 --json
ok_if "two articles in range (inclusive)" test "$(wc -l < "$OUT")" = 2
expect 0 "list --section 民生" folio list --section 民生 --json
ok_if "one article in 民生" test "$(wc -l < "$OUT")" = 1
expect 1 "an empty month finds nothing" folio list --month 2018-12
expect 0 "list --json gives one object per line" folio list --json
ok_if "five lines of JSON" test "$(grep -c '^{"id":' "$OUT")" = 5
if command -v python3 >/dev/null; then
	ok_if "every line parses as JSON with the required keys" python3 -c '
import json, sys
keys = {"id","title","subtitle","authors","editor","source","section","published","url","body","chars","sha256","encoding","ingested","revision"}
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert keys <= o.keys(), keys - o.keys()
    assert isinstance(o["authors"], list)
' "$OUT"
fi
expect 0 "show as text" folio show 1
ok_if "text shows labelled fields" eval 'out_has "title:" && out_has "sha256:"'
expect 1 "show a missing id" folio show 999
ok_if "says no such article" err_has "no article with id 999"
expect 1 "show --original of a missing id" folio show 999 --original
done_testing
