#!/usr/bin/env bash
# Crash safety and concurrency: an ingest killed at 30 random moments, two
# ingests with a search loop and an edition at once, a full disk and a
# read-only archive.  Each ends with an archive that checks clean.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples

make_batch() { # DIR FIRST LAST: articles recombined from the sample's sentences
	mkdir -p "$1"
	python3 - "$1" "$2" "$3" "$S/yinzhou-2019-01-29-dangjian.txt" <<'PY'
import random, re, sys
d, a, b, src = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
text = open(src, encoding="utf-8").read()
pool = [s.strip() + "。" for s in re.split(r"[。\n]", text) if len(s.strip()) > 12]
rng = random.Random(a)
for i in range(a, b + 1):
    paras = ["".join(rng.choice(pool) for _ in range(5)) + f"编号{i}。" for _ in range(5)]
    with open(f"{d}/{i:05d}.md", "w", encoding="utf-8") as f:
        f.write(f"---\ntitle: 第{i}篇稿件\ndate: 2019-02-{i % 28 + 1:02d}\nauthor: 记者{i % 7}\n---\n\n" + "\n\n".join(paras) + "\n")
PY
}

# 1. SIGKILL at 30 random moments.
make_batch "$T/many" 1 6000
export FOLIO_ARCHIVE=$T/killed.db
bad=0 partial=0 midrun=0
for k in $(seq 1 30); do
	"$FOLIO" ingest -q "$T/many" > /dev/null 2>&1 &
	pid=$!
	# an ingest of these 6,000 small articles takes about a second (one
	# that finds them all stored, about as long): kill within the first
	sleep "0.$(printf '%03d' $((RANDOM % 1000)))"
	# kill -9 succeeds only if the ingest was still running
	kill -9 "$pid" 2> /dev/null && midrun=$((midrun + 1))
	wait "$pid" 2> /dev/null
	if ! "$FOLIO" check > /dev/null 2>&1; then
		bad=$((bad + 1))
		echo "# check failed after kill $k"
	fi
	a=$(sqlite3 "$FOLIO_ARCHIVE" "SELECT count(*) FROM articles" 2> /dev/null || echo x)
	o=$(sqlite3 "$FOLIO_ARCHIVE" "SELECT count(*) FROM originals" 2> /dev/null || echo y)
	au=$(sqlite3 "$FOLIO_ARCHIVE" "SELECT count(*) FROM audit WHERE action = 'ingest'" 2> /dev/null || echo z)
	if [ "$a" != "$o" ] || [ "$a" != "$au" ]; then
		bad=$((bad + 1))
		echo "# after kill $k: $a articles, $o originals, $au audit entries"
	fi
	[ "$a" != x ] && [ "$a" -gt "${last:-0}" ] && [ "$a" -lt 6000 ] && partial=$((partial + 1))
	last=$a
done
ok_if "30 kills: the archive checked clean and whole every time ($bad bad)" test "$bad" = 0
ok_if "kills landed while ingest ran ($midrun of 30; $partial after some commits)" test "$midrun" -ge 10
expect 0 "a rerun finishes the batch" folio ingest -q "$T/many"
ok_if "exactly 6000 articles" test "$(sqlite3 "$FOLIO_ARCHIVE" 'SELECT count(*) FROM articles')" = 6000
expect 0 "and it checks clean" folio check

# 2. Two ingests, a search loop and an edition at the same time.
export FOLIO_ARCHIVE=$T/busy.db
make_batch "$T/a" 10001 11500
make_batch "$T/b" 20001 21500
"$FOLIO" ingest -q "$S" > /dev/null
"$FOLIO" ingest -q "$T/a" > "$T/a.out" 2> "$T/a.err" &
p1=$!
"$FOLIO" ingest -q "$T/b" > "$T/b.out" 2> "$T/b.err" &
p2=$!
(
	fails=0
	for i in $(seq 1 40); do
		"$FOLIO" search 百丈 --limit 5 > /dev/null 2>> "$T/s.err"
		[ $? -le 1 ] || fails=$((fails + 1))
	done
	echo "$fails" > "$T/s.fails"
) &
p3=$!
"$FOLIO" edition --month 2019-01 -o "$T/e.pdf" > /dev/null 2> "$T/e.err" &
p4=$!
wait $p1; r1=$?
wait $p2; r2=$?
wait $p3
wait $p4; r4=$?
ok_if "both ingests succeeded ($r1 $r2)" test "$r1$r2" = 00
ok_if "the edition succeeded ($r4)" test "$r4" = 0
ok_if "no search failed" test "$(cat "$T/s.fails")" = 0
ok_if "nobody saw 'database is locked'" eval '! cat "$T"/*.err | grep -qi locked'
ok_if "counts add up: 5 + 1500 + 1500" test "$(sqlite3 "$FOLIO_ARCHIVE" 'SELECT count(*) FROM articles')" = 3005
expect 0 "the busy archive checks clean" folio check

# 3. A full disk.
expect 0 "the samples in an archive of their own" folio --archive "$T/samples.db" ingest -q "$S"
mnt=$T/small
mkdir -p "$mnt"
if mount -t tmpfs -o size=1m tmpfs "$mnt" 2> /dev/null; then
	trap 'umount "$mnt" 2>/dev/null; rm -rf "$T"' EXIT
	export FOLIO_ARCHIVE=$mnt/full.db
	expect 0 "the samples fit on the small disk" folio ingest -q "$S"
	expect 1 "ingest onto a full disk fails, as a failed write (exit 1, not 3)" folio ingest -q "$T/many"
	ok_if "saying so" err_has "No space left on device"
	ok_if "and stopping there, not trying every other file" err_has "the disk is full: stopped there"
	stored=$(sqlite3 "$FOLIO_ARCHIVE" "SELECT count(*) FROM articles")
	ok_if "what was committed is there ($stored articles, the samples at least)" test "$stored" -ge 5
	expect 0 "the archive still opens and checks clean" folio check
	expect 0 "and lists" folio list
	ok_if "the same articles" test "$(grep -c '^ *[0-9]' "$OUT")" = "$stored"
	expect 1 "an edition to the full disk fails" folio --archive "$T/killed.db" edition --month 2019-02 -o "$mnt/e.pdf"
	ok_if "and leaves no partial PDF" test ! -e "$mnt/e.pdf"
	ok_if "saying why" err_has "No space left on device"
	dd if=/dev/zero of="$mnt/fill" bs=4k 2>/dev/null # whatever SQLite gave back since
	expect 1 "export --format pdf to the full disk fails" \
		folio --archive "$T/samples.db" export --month 2019-01 --format pdf -o "$mnt/pdfs"
	ok_if "saying why, not as a zlib failure" eval 'err_has "No space left on device" && ! grep -q zlib "$ERR"'
	expect 1 "a snapshot to the full disk fails (exit 1, the archive is fine)" \
		folio --archive "$T/samples.db" snapshot --month 2019-01 --reason x -o "$mnt/bag"
	ok_if "saying why" err_has "No space left on device"
	ok_if "no bag, and no temporary file or directory is left" \
		eval 'test ! -e "$mnt/bag" && ! find "$mnt" -name ".*folio-tmp*" | grep -q .'
	umount "$mnt"
else
	echo "ok $((_n + 1)) # SKIP no tmpfs mount here (not root?): the full-disk case was not run"
	_n=$((_n + 1))
fi

# 3b. Temporaries of a process that died (kill -9, a crash) are removed by
# the next run in that directory; a live process's are left alone.
d=$T/stale
mkdir -p "$d"
sleep 60 & live=$!
(exit 0) & dead=$!; wait "$dead"
host=$(hostname | tr '/-' '__')
mkdir -p "$d/.bag.folio-tmp-$dead@$host-AbC123/data" "$d/.other.folio-tmp-$live@$host-XyZ789"
echo x >"$d/.bag.folio-tmp-$dead@$host-AbC123/data/big"
: >"$d/.e.pdf.folio-tmp-$dead@$host-QwE456"
: >"$d/.e.pdf.folio-tmp-$dead@another_host-QwE456"
: >"$d/.e.pdf.tmp-$dead-QwE456"
expect 0 "an edition into that directory" folio --archive "$T/samples.db" edition --month 2019-01 -o "$d/e.pdf"
ok_if "removes the dead process's temporary bag" test ! -e "$d/.bag.folio-tmp-$dead@$host-AbC123"
ok_if "and its temporary file" test ! -e "$d/.e.pdf.folio-tmp-$dead@$host-QwE456"
ok_if "keeps a live process's" test -d "$d/.other.folio-tmp-$live@$host-XyZ789"
ok_if "keeps another host's" test -e "$d/.e.pdf.folio-tmp-$dead@another_host-QwE456"
ok_if "keeps names not of folio's form" test -e "$d/.e.pdf.tmp-$dead-QwE456"
kill "$live" 2>/dev/null; wait "$live" 2>/dev/null

# 3c. A snapshot killed with SIGTERM, and one killed with SIGKILL: the
# first removes its temporary files itself, the next run the second's.
export FOLIO_ARCHIVE=$T/samples.db
mkdir -p "$T/sig"
for sig in TERM KILL; do
	"$FOLIO" snapshot --month 2019-01 --reason x -o "$T/sig/bag-$sig" >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 1 100); do
		ls -A "$T/sig" 2>/dev/null | grep -q folio-tmp && break
		sleep 0.05
	done
	kill -$sig "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
left=$(find "$T/sig" -maxdepth 1 -name '.*folio-tmp*' | wc -l)
ok_if "after SIGTERM and SIGKILL at most the SIGKILLed snapshot's directory is left ($left)" test "$left" -le 1
expect 0 "the next snapshot there" folio snapshot --month 2019-01 --reason x -o "$T/sig/bag"
ok_if "leaves no temporary behind, the dead one's removed" \
	test -z "$(find "$T/sig" -maxdepth 1 -name '.*folio-tmp*')"

# 4. A read-only archive, as a user who may not write it.
if command -v runuser > /dev/null && [ "$(id -u)" = 0 ]; then
	ro=$T/ro
	mkdir -p "$ro"
	cp "$T/killed.db" "$ro/archive.db"
	"$FOLIO" --archive "$ro/archive.db" check > /dev/null
	chmod 755 "$T"
	chmod 555 "$ro"
	chmod 444 "$ro/archive.db"
	as_nobody() { runuser -u nobody -- "$FOLIO" --archive "$ro/archive.db" "$@"; }
	as_nobody ingest -q "$S" > "$OUT" 2> "$ERR"
	rc=$?
	ok_if "ingest into a read-only archive fails (exit $rc)" test "$rc" -ne 0
	ok_if "with a clear message" eval 'grep -qiE "read-only|readonly|permission|cannot open|unable" "$ERR"'
	chmod 755 "$ro"
	chmod 644 "$ro/archive.db"
	expect 0 "the archive still checks clean" folio --archive "$ro/archive.db" check
	ok_if "nothing was added" test "$(sqlite3 "$ro/archive.db" 'SELECT count(*) FROM articles')" = 6000
else
	echo "# not root: the read-only case was not run"
fi
done_testing
