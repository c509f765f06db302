#!/usr/bin/env bash
# Batch ingest that loses nothing: reports, skipped files, full-width
# punctuation on request, and interruptions (SIGINT, SIGKILL) that leave
# every committed article whole and let a rerun finish the batch.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples

# --report: one JSON line per input, in input order.
mkdir -p "$T/in"
cp "$S"/* "$T/in/"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' > "$T/in/photo.png"
printf 'PK\3\4\0\0binary\0junk' > "$T/in/notes.bin"
printf -- '---\ntitle: [bad\n---\nx\n' > "$T/in/broken.md"
expect 1 "ingest with a bad file exits 1" folio ingest --report "$T/report.jsonl" "$T/in"
ok_if "report has one line per input (8)" test "$(wc -l < "$T/report.jsonl")" = 8
ok_if "new articles reported with id and encoding" \
	grep -qF "{\"path\":\"$T/in/2019-01-08-library-hours.md\",\"status\":\"new\",\"encoding\":\"UTF-8\",\"id\":" "$T/report.jsonl"
ok_if "the image is skipped, with a reason" \
	grep -qE "\"path\":\"$T/in/photo.png\",\"status\":\"skipped\".*\"reason\":\"not an article" "$T/report.jsonl"
ok_if "binary junk is skipped by content" \
	grep -qE "\"path\":\"$T/in/notes.bin\",\"status\":\"skipped\".*NUL bytes" "$T/report.jsonl"
ok_if "the broken file is failed, with the reason" \
	grep -qE "\"path\":\"$T/in/broken.md\",\"status\":\"failed\".*\"reason\":\"front matter" "$T/report.jsonl"
ok_if "summary counts skipped files" out_has "5 new, 0 revised, 0 duplicate, 1 failed, 2 skipped"
if command -v python3 >/dev/null; then
	ok_if "every report line is JSON with the documented keys" python3 -c '
import json, sys
for line in open(sys.argv[1]):
    o = json.loads(line)
    assert {"path", "status", "encoding", "id", "reason"} <= o.keys()
    assert o["status"] in ("new", "revised", "duplicate", "skipped", "failed")
' "$T/report.jsonl"
fi
expect 1 "the same batch again" folio ingest --report "$T/report2.jsonl" "$T/in"
ok_if "nothing new the second time" out_has "0 new, 0 revised, 5 duplicate, 1 failed, 2 skipped"
ok_if "second report says duplicate" test "$(grep -c '"status":"duplicate"' "$T/report2.jsonl")" = 5
expect 1 "a report in a missing directory is an error" folio ingest --report "$T/no/such/dir/r.jsonl" "$T/in"
ok_if "naming the report path" err_has "$T/no/such/dir/r.jsonl"

# Progress on a terminal, nothing of it otherwise.
if command -v script > /dev/null; then
	script -qec "$FOLIO --archive $T/tty.db ingest -q $T/in" /dev/null > "$T/tty.out" 2>&1
	ok_if "on a terminal, a progress line with done/total and rate" grep -qE 'ingest: [0-9]+/8 files, [0-9]+/s' "$T/tty.out"
fi
"$FOLIO" --archive "$T/notty.db" ingest -q "$T/in" > "$T/notty.out" 2>&1
ok_if "not on a terminal: no progress line" eval '! grep -q "files, " "$T/notty.out"'

# --cjk-punct changes the stored text only.
export FOLIO_ARCHIVE=$T/punct.db
expect 0 "ingest the yinzhou dump with --cjk-punct" folio ingest --cjk-punct "$S/yinzhou-2019-01-29-dangjian.txt"
expect 0 "show it" folio show 1 --json
ok_if "近年来,为顺应 became full width" out_has "近年来，为顺应新时代"
ok_if "百丈(划船) became full width" out_has "百丈（划船）党建"
ok_if "要求:大势所趋 became full width" out_has "挑战：大势所趋"
folio show 1 --original > "$T/orig.txt"
ok_if "the original is unchanged" cmp -s "$S/yinzhou-2019-01-29-dangjian.txt" "$T/orig.txt"
expect 0 "without the option the text keeps ASCII punctuation" folio --archive "$T/plain.db" ingest "$S/yinzhou-2019-01-29-dangjian.txt"
folio --archive "$T/plain.db" show 1 --json > "$OUT"
ok_if "ASCII comma kept by default" out_has "近年来,为顺应新时代"

# Interruptions.  A batch of small articles, killed at several moments.
mkdir -p "$T/many"
for i in $(seq 1 4000); do
	d=$(( (i % 28) + 1 ))
	printf -- '---\ntitle: 第%d篇稿件\ndate: 2019-02-%02d\nauthor: 记者%d\n---\n\n这是第%d篇测试稿件的正文，用来检验中断以后档案是否完整。\n\n第二段：百丈街道，编号%d。\n' \
		"$i" "$d" "$((i % 7))" "$i" "$i" > "$T/many/$(printf %04d "$i").md"
done
export FOLIO_ARCHIVE=$T/killed.db
partial=0
for delay in 0.05 0.15 0.4; do
	"$FOLIO" ingest -q "$T/many" > /dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	expect 0 "after kill -9 at ${delay}s the archive checks clean" folio check
	n_art=$(sqlite3 "$FOLIO_ARCHIVE" "SELECT count(*) FROM articles")
	n_orig=$(sqlite3 "$FOLIO_ARCHIVE" "SELECT count(*) FROM originals")
	ok_if "after kill -9 at ${delay}s: every article has its original ($n_art = $n_orig)" test "$n_art" = "$n_orig"
	[ "$n_art" -lt 4000 ] && partial=$((partial + 1))
done
ok_if "at least one kill came before the batch was done ($partial of 3)" test "$partial" -ge 1
expect 0 "a rerun finishes the batch" folio ingest -q "$T/many"
ok_if "exactly 4000 articles in the end" test "$(sqlite3 "$FOLIO_ARCHIVE" 'SELECT count(*) FROM articles')" = 4000
expect 0 "and the archive checks clean" folio check
expect 0 "a search of characters and digits finds the last of them" folio search 第4000篇
ok_if "search by a phrase finds exactly one" test "$(folio search 第4000篇稿件 --json | wc -l)" = 1

# Ctrl-C at 0.1 s (ingest stores some 15,000 small files a second); on a loaded machine the signal may come only after the
# batch is done, so sooner again on a fresh archive, up to three times.
for delay in 0.1 0.05 0.02; do
	export FOLIO_ARCHIVE=$T/int-$delay.db
	"$FOLIO" ingest -q "$T/many" > "$T/int.out" 2> "$T/int.err" &
	pid=$!
	sleep "$delay"
	kill -INT "$pid"
	wait "$pid"
	rc=$?
	[ "$(sqlite3 "$FOLIO_ARCHIVE" "SELECT count(*) FROM articles" 2> /dev/null || echo 0)" -lt 4000 ] && break
done
ok_if "Ctrl-C stops ingest with exit 1 (got $rc)" test "$rc" = 1
ok_if "and says it was interrupted" grep -q "interrupted" "$T/int.err"
stored=$(sqlite3 "$FOLIO_ARCHIVE" "SELECT count(*) FROM articles")
ok_if "the summary counts what was committed ($stored)" grep -q "^$stored new" "$T/int.out"
expect 0 "a rerun after Ctrl-C finishes" folio ingest -q "$T/many"
ok_if "the rest are new" out_has "$((4000 - stored)) new, 0 revised, $stored duplicate"
ok_if "Ctrl-C came before the end ($stored of 4000 stored)" test "$stored" -lt 4000
# Files are prepared on helper threads and stored in order: the same inputs
# with no helper and with four give the same articles, ids, messages and
# report, in the same order (every kind of input: Markdown, web text, HTML,
# legacy encodings, bad files, duplicates, revisions).
for j in 0 4; do
	export FOLIO_ARCHIVE=$T/jobs-$j.db
	expect_fail "ingest with --jobs $j (some test files are bad on purpose)" \
		folio ingest -v --jobs $j --report "$T/jobs-$j.jsonl" "$FOLIO_ROOT/tests/data" "$FOLIO_ROOT/archive/samples"
	cp "$OUT" "$T/jobs-$j.out"; cp "$ERR" "$T/jobs-$j.err"
	folio list --json | sed 's/"ingested":"[^"]*"//' > "$T/jobs-$j.list"
	expect 0 "the archive made with --jobs $j checks" folio check
done
ok_if "many articles stored" test "$(wc -l < "$T/jobs-4.list")" -ge 50
ok_if "--jobs 0 and --jobs 4: the same lines, in the same order" cmp -s "$T/jobs-0.out" "$T/jobs-4.out"
ok_if "the same messages for the bad files, in the same order" cmp -s "$T/jobs-0.err" "$T/jobs-4.err"
ok_if "the same report" cmp -s "$T/jobs-0.jsonl" "$T/jobs-4.jsonl"
ok_if "the same articles, ids and fields" cmp -s "$T/jobs-0.list" "$T/jobs-4.list"
expect 2 "--jobs out of range is refused" folio ingest --jobs 99 "$FOLIO_ROOT/archive/samples"

done_testing
