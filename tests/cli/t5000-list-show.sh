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

# ---- the papercuts a daily user meets ----
lib=$(folio list --json | grep -F '图书馆' | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "show as text" folio show "$lib"
ok_if "text show has the tags" out_has "图书馆、春节"
expect 0 "list --author 林晓" folio list --author 林晓
ok_if "only that author's article" eval '[ "$(tail -n +2 "$OUT" | wc -l)" = 1 ] && out_has 区图书馆'
expect 0 "list --author matches an editor too: 李梦" folio list --author 李梦 --json
ok_if "both articles 李梦 edited" test "$(wc -l < "$OUT")" = 2
expect 1 "list --author with part of a name finds nothing" folio list --author 林
expect 0 "list --limit 2" folio list --limit 2 --json
ok_if "two rows" test "$(wc -l < "$OUT")" = 2
expect 2 "list --limit 0 is refused" folio list --limit 0
expect 0 "list --sections" folio list --sections
ok_if "each section with its count" eval 'grep -qE "^ +1  文化$" "$OUT" && grep -qE "^ +2  -$" "$OUT"'
expect 0 "list --sections --json" folio list --sections --json
ok_if "as JSON lines" eval 'python3 -c "import json,sys; [json.loads(l) for l in open(sys.argv[1])]" "$OUT" && out_has "\"section\":\"文化\",\"articles\":1"'
expect 2 "an unknown option" folio list --limti 3
ok_if "named once, in one message" eval '[ "$(grep -c "" "$ERR")" = 2 ] && err_has "unknown option '"'"'--limti'"'"'" && ! err_has "unrecognized"'
expect 2 "--archive after the command" folio list --archive "$T/x.db"
ok_if "says where it goes" err_has "--archive goes before the command"
expect 2 "an option without its value" folio list --month
ok_if "says it needs one" err_has "--month needs a value"
expect 0 "print an article" folio print "$lib" -o "$T/p.pdf"
expect 2 "print over an existing file is refused" folio print "$lib" -o "$T/p.pdf"
ok_if "saying --force replaces it" err_has "exists: give --force to replace it"
expect 0 "print --force replaces it" folio print "$lib" --force -o "$T/p.pdf"
expect 0 "an edition" folio edition --month 2019-01 -o "$T/e.pdf"
expect 2 "an edition over an existing file is refused too" folio edition --month 2019-01 -o "$T/e.pdf"
expect_fail "a PDF that cannot be written" folio print "$lib" -o /proc/folio-x.pdf
ok_if "names the path once" eval '[ "$(grep -o "/proc/folio-x.pdf" "$ERR" | wc -l)" = 1 ]'

# check shows how far it is on a terminal (script(1) gives it one).
mkdir -p "$T/many"
for i in $(seq 140); do
	printf -- '---\ntitle: 第%d篇\ndate: 2019-05-01\n---\n\n正文%d。\n' "$i" "$i" > "$T/many/$i.md"
done
expect 0 "ingest 140 more" folio ingest -q "$T/many"
if command -v script > /dev/null; then
	FOLIO_ARCHIVE=$FOLIO_ARCHIVE script -qc "$FOLIO check" /dev/null > "$T/tty" 2>&1
	ok_if "check on a terminal shows its progress" grep -qE "check: (originals re-hashed|articles read back), [0-9]+ of 145" "$T/tty"
	ok_if "and still its result" grep -q "145 articles, 0 earlier revisions, 145 originals re-hashed: ok" "$T/tty"
fi
expect 0 "check without a terminal" folio check
ok_if "prints no progress line" eval '! grep -q "read back" "$OUT" "$ERR"'
done_testing
