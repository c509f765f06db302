#!/usr/bin/env bash
# Reads never write, and evidence opens anywhere: an archive in a read-only
# directory, a read-only archive file, a bag kept read-only -- list, show,
# search, check, audit --verify and export work, and no journal, WAL or
# shared-memory file appears.  A read-only archive whose WAL holds changes
# SQLite cannot read is refused, saying why, never read stale.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

# The reader: root may write anything, so as root the reading commands run
# as the unprivileged user nobody (the files stay readable to all).
if [ "$(id -u)" = 0 ]; then
	chmod 755 "$T"
	reader() { setpriv --reuid=65534 --regid=65534 --clear-groups "$FOLIO" "$@"; }
else
	reader() { "$FOLIO" "$@"; }
fi
# files DIR: the names in DIR, one line.
files() { (cd "$1" && ls -A | tr '\n' ' '); }

A=$T/ro/a.db
expect 0 "ingest the samples" folio --archive "$A" ingest -q "$S"
expect 0 "a snapshot" folio --archive "$A" snapshot --month 2019-01 --reason "证据" -o "$T/bag"
expect 0 "an export to compare with" folio --archive "$A" export --all --format jsonl -o "$T/before.jsonl"
chmod -R a+rX "$T/ro" "$T/bag"
chmod -R a-w "$T/ro" "$T/bag"
before=$(files "$T/ro")
mkdir "$T/out" && chmod 777 "$T/out"

expect 0 "list in a read-only directory" reader --archive "$A" list
ok_if "lists the five samples" test "$(grep -c "^ *[0-9]" "$OUT")" = 5
expect 0 "show" reader --archive "$A" show 1
ok_if "with its title" out_has "区图书馆春节期间开放时间调整"
expect 0 "search" reader --archive "$A" search 图书馆
ok_if "finds it" out_has "区图书馆春节期间开放时间调整"
expect 0 "check" reader --archive "$A" check
ok_if "says ok, the search index checked too" out_has "re-hashed: ok"
expect 0 "audit --verify" reader --archive "$A" audit --verify
ok_if "the chain is intact" out_has "chain intact"
expect 0 "export" reader --archive "$A" export --all --format jsonl -o "$T/out/x.jsonl"
ok_if "the same export as from the writable archive" cmp -s "$T/before.jsonl" "$T/out/x.jsonl"
ok_if "no file appeared beside the archive" test "$(files "$T/ro")" = "$before"
expect 3 "a command that writes says why it cannot" reader --archive "$A" hold 1 --reason x
ok_if "names the archive" err_has "$A"

# The bag's copy of the archive, read-only.
D=$T/bag/data/archive.sqlite
bag_before=$(files "$T/bag/data")
for c in list "show 1" check "audit --verify"; do
	# shellcheck disable=SC2086
	expect 0 "the bag's archive copy: $c" reader --archive "$D" $c
done
ok_if "no file appeared in the bag" test "$(files "$T/bag/data")" = "$bag_before"
expect 0 "and the bag still verifies" folio verify "$T/bag"

# Even writable, a bag's copy is opened read-only: evidence is never touched.
chmod -R u+w "$T/bag"
sum=$(sha256sum "$D")
expect 0 "a writable bag's copy: list" folio --archive "$D" list
expect 0 "check" folio --archive "$D" check
ok_if "the copy is unchanged" test "$(sha256sum "$D")" = "$sum"
ok_if "no file appeared in the bag" test "$(files "$T/bag/data")" = "$bag_before"
expect 0 "the bag verifies" folio verify "$T/bag"

# A WAL file with changes not in the main file, in a read-only directory:
# SQLite cannot read it without making its shared-memory file.  Refused.
mkdir "$T/w"
python3 - "$T/ro/a.db" "$T/w" <<'EOF'
import shutil, sqlite3, sys
src, dst = sys.argv[1], sys.argv[2]
shutil.copy(src, dst + "/a.db")
c = sqlite3.connect(dst + "/a.db")
c.execute("PRAGMA journal_mode=WAL")
c.execute("PRAGMA wal_autocheckpoint=0")
c.execute("INSERT INTO meta(key, value) VALUES ('probe', 'x')")
c.commit()
shutil.copy(dst + "/a.db", dst + "/b.db")
shutil.copy(dst + "/a.db-wal", dst + "/b.db-wal")
c.close()
EOF
rm -f "$T/w/a.db"* && chmod -R a+rX "$T/w" && chmod -R a-w "$T/w"
expect 3 "a read-only archive with an unreadable WAL is refused" reader --archive "$T/w/b.db" list
ok_if "saying why" err_has "holds changes not yet in the archive file"
ok_if "and nothing was made" test "$(files "$T/w")" = "b.db b.db-wal "

done_testing
