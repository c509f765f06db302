#!/usr/bin/env bash
# The archive: integrity checks that catch tampering, immutability enforced
# by the database, schema upgrades and refusals, locking.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
sql() { sqlite3 -batch "$FOLIO_ARCHIVE" "$@"; }

expect 0 "ingest the samples" folio ingest -q "$S"
# A file this small is stored as it is; the samples are stored compressed.
printf -- '---\ntitle: 短\n---\n\n短文。\n' > "$T/tiny.md"
expect 0 "ingest a tiny article" folio ingest -q "$T/tiny.md"
expect 0 "check passes on a sound archive" folio check
ok_if "check reports ok and counts originals" out_has "6 originals re-hashed: ok"
ok_if "WAL mode" test "$(sql 'PRAGMA journal_mode')" = wal
ok_if "schema version 11" test "$(sql "PRAGMA user_version")" = 11

# Originals can be neither changed nor deleted, even with direct SQL.
expect_fail "direct UPDATE of an original is refused" sql "UPDATE originals SET filename = 'x' WHERE id = 1"
ok_if "refused by the trigger" err_has "originals are never modified"
expect_fail "direct DELETE of an original is refused" sql "DELETE FROM originals WHERE id = 1"

# show --original gives back the exact bytes.
for f in "$S"/*; do
	case $f in *.md|*.txt) ;; *) continue;; esac
	id=$(sql "SELECT a.id FROM articles a JOIN originals o ON o.id = a.original_id WHERE o.filename = '$f'")
	folio show "$id" --original > "$T/orig"
	ok_if "show --original is byte-identical: $(basename "$f")" cmp -s "$f" "$T/orig"
done

# The archive reads without folio, as docs/archive-format.md says: sqlite3
# gives the original (a Zstandard frame or the raw bytes) and the body (a
# Zstandard frame with the original as its prefix); the zstd tool decodes
# both.  An archivist in ten years needs nothing folio wrote.
for id in $(sql "SELECT id FROM articles"); do
	rm -f "$T/o.bin" "$T/o.raw" "$T/b.zst"
	storage=$(sql "SELECT o.storage, writefile('$T/o.bin', o.data), writefile('$T/b.zst', a.body)
		FROM articles a JOIN originals o ON o.id = a.original_id WHERE a.id = $id" | cut -d'|' -f1)
	if [ "$storage" = zstd ]; then zstd -dq -c "$T/o.bin" > "$T/o.raw"; else cp "$T/o.bin" "$T/o.raw"; fi
	ok_if "article $id: sqlite3 and zstd give back the original, by its SHA-256" \
		test "$(sha256sum < "$T/o.raw" | cut -d' ' -f1)" = "$(sql "SELECT o.sha256 FROM articles a JOIN originals o ON o.id = a.original_id WHERE a.id = $id")"
	folio show "$id" --json | python3 -c 'import json, sys; sys.stdout.write(json.load(sys.stdin)["body"])' > "$T/body.want"
	ok_if "article $id: zstd -d -D ORIGINAL gives back the body" \
		sh -c 'zstd -dq -D "$1" -c "$2" | cmp -s - "$3"' _ "$T/o.raw" "$T/b.zst" "$T/body.want"
done

# Tampering (with the guard removed) is found and reported by article.
cp "$FOLIO_ARCHIVE" "$T/clean.db"
rm -f "$FOLIO_ARCHIVE-wal" "$FOLIO_ARCHIVE-shm"
raw=$(sql "SELECT a.id FROM articles a JOIN originals o ON o.id = a.original_id WHERE o.storage = 'raw' LIMIT 1")
packed=$(sql "SELECT a.id FROM articles a JOIN originals o ON o.id = a.original_id WHERE o.storage = 'zstd' LIMIT 1")
ok_if "samples include raw and compressed originals" test -n "$raw" -a -n "$packed"
sql "DROP TRIGGER originals_immutable;
     UPDATE originals SET data = CAST(replace(CAST(data AS TEXT), '。', '，') AS BLOB)
       WHERE id = (SELECT original_id FROM articles WHERE id = $raw);
     UPDATE originals SET data = substr(data, 1, length(data) - 9) || zeroblob(9)
       WHERE id = (SELECT original_id FROM articles WHERE id = $packed);"
expect 1 "check fails after tampering" folio check
ok_if "names the altered raw original's article" err_has "folio: article $raw "
ok_if "names the altered compressed original's article" err_has "folio: article $packed "
ok_if "says the hash does not match or the data is damaged" eval 'err_has "does not match its SHA-256" || err_has "damaged"'
expect 3 "show --original refuses a damaged original" folio show "$raw" --original
cp "$T/clean.db" "$FOLIO_ARCHIVE"

# An archive made by folio schema version 1 (before the search index) opens
# and is upgraded, its articles indexed.
rm -f "$T/v1.db"
sqlite3 -batch "$T/v1.db" < "$FOLIO_ROOT/tests/data/archive-v1.sql"
ok_if "fixture is schema version 1" test "$(sqlite3 "$T/v1.db" 'PRAGMA user_version')" = 1
expect 0 "a version-1 archive is upgraded on open" folio --archive "$T/v1.db" search 旧版
ok_if "its article is found after the upgrade" out_has "旧版档案里的文章"
expect 0 "one-character search works in the upgraded archive" folio --archive "$T/v1.db" search 档
ok_if "the character index was filled on upgrade" out_has "旧版档案里的文章"
ok_if "now schema version 11" test "$(sqlite3 "$T/v1.db" "PRAGMA user_version")" = 11
expect 0 "the upgraded archive checks clean" folio --archive "$T/v1.db" check

# Refusals: newer schema, not a database, another application's database.
cp "$T/clean.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 99"
expect 3 "an archive from a newer folio is refused" folio --archive "$T/newer.db" list
ok_if "the message says so" err_has "newer folio"
printf 'this is not a database, only text that goes on for a while............' > "$T/junk.db"
expect 3 "a file that is not a database is refused" folio --archive "$T/junk.db" list
ok_if "and the junk file is not overwritten" grep -q 'not a database' "$T/junk.db"
sqlite3 "$T/other.db" "CREATE TABLE t(x)"
expect 3 "another application's SQLite file is refused" folio --archive "$T/other.db" list
ok_if "the message says it is not a folio archive" err_has "not a folio archive"

# A writer that holds the lock past the busy timeout: exit 3, not a hang.
fifo=$T/lockfifo
mkfifo "$fifo"
sqlite3 -batch "$FOLIO_ARCHIVE" < "$fifo" > /dev/null &
holder=$!
exec 9>"$fifo"
echo "BEGIN IMMEDIATE; INSERT INTO meta VALUES ('lock', 'held');" >&9
sleep 0.5
FOLIO_BUSY_TIMEOUT_MS=300 expect 3 "a locked archive gives exit 3 after the timeout" folio ingest "$S/2019-01-08-library-hours.md"
ok_if "the message says locked" err_has "locked"
echo "ROLLBACK;" >&9
exec 9>&-
wait $holder
expect 0 "after the lock is released the archive works" folio check

# Only the commands that store create an archive: a typo in --archive is
# "no archive here", never an empty archive that checks ok
for c in "check" "list" "search 党" "show 1" "audit --verify" "export --format jsonl --all -o $T/typo.jsonl"; do
	expect 3 "$c on a missing archive" env FOLIO_ARCHIVE="$T/typo.db" "$FOLIO" $c
	ok_if "$c: says there is no archive" err_has "no archive here"
done
ok_if "and created none" test ! -e "$T/typo.db"
expect 3 "list in a missing directory" env FOLIO_ARCHIVE="$T/nodir/a.db" "$FOLIO" list
ok_if "creates no directory" test ! -e "$T/nodir"
: > "$T/empty.db"
expect 3 "an empty file is no archive" env FOLIO_ARCHIVE="$T/empty.db" "$FOLIO" check
ok_if "it says so" err_has "the file is empty"
ok_if "and the file stays empty" test ! -s "$T/empty.db"
expect 0 "init creates one" env FOLIO_ARCHIVE="$T/new.db" "$FOLIO" init
expect 0 "which then checks" env FOLIO_ARCHIVE="$T/new.db" "$FOLIO" check
done_testing
