#!/usr/bin/env bash
# An adversary with plain sqlite3: every change to a held article, its
# history, its original or the hold itself is refused by the database; a
# change made after dropping the triggers is found by folio check.  Each
# case runs on a fresh copy of one archive.  A table of the cases is printed
# at the end.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
base=$T/base.db
FOLIO_ARCHIVE=$base expect 0 "ingest the samples" folio ingest -q "$S"
sed 's/不超过15分钟/不超过12分钟/' "$S/2019-01-15-bus-routes.md" > "$T/corrected.md"
FOLIO_ARCHIVE=$base expect 0 "a second revision of one article" folio ingest "$T/corrected.md"
bus=$(FOLIO_ARCHIVE=$base folio list --json | grep -F '公交线路' | sed 's/^{"id":\([0-9]*\).*/\1/')
lib=$(FOLIO_ARCHIVE=$base folio list --json | grep -F '图书馆' | sed 's/^{"id":\([0-9]*\).*/\1/')
other=$(FOLIO_ARCHIVE=$base folio list --json | grep -vF -e '公交线路' -e '图书馆' | head -1 | sed 's/^{"id":\([0-9]*\).*/\1/')
FOLIO_ARCHIVE=$base expect 0 "hold two articles" folio hold "$bus" "$lib" --reason "诉讼保全"
FOLIO_ARCHIVE=$base expect 0 "the untouched archive checks clean" folio check
sqlite3 "$base" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
bus_orig=$(sqlite3 "$base" "SELECT original_id FROM articles WHERE id = $bus")

TABLE=$T/table
: > "$TABLE"
fresh() { rm -f "$T/a.db" "$T/a.db-wal" "$T/a.db-shm"; cp "$base" "$T/a.db"; }

# refused NAME SQL: the database refuses SQL, and check finds nothing changed.
refused() {
	local name=$1 sql=$2
	fresh
	expect_fail "refused: $name" sqlite3 -batch -bail "$T/a.db" "BEGIN; $sql; COMMIT"
	local got=changed
	if grep -qE "legal hold|never|append-only" "$ERR"; then got=refused; fi
	ok_if "  the database says why ($name)" test "$got" = refused
	FOLIO_ARCHIVE=$T/a.db expect 0 "  and the archive still checks clean ($name)" folio check
	printf '%-58s refused   %s\n' "$name" "$got" >> "$TABLE"
}

# detected NAME WANT SQL: SQL succeeds (it drops what guards it first), and
# folio check fails naming WANT.
detected() {
	local name=$1 want=$2 sql=$3
	fresh
	expect 0 "done by dropping triggers: $name" sqlite3 -batch "$T/a.db" "$sql"
	FOLIO_ARCHIVE=$T/a.db expect 1 "  check fails ($name)" folio check
	local got=missed
	if grep -qF -- "$want" "$ERR"; then got=detected; fi
	ok_if "  naming: $want" test "$got" = detected
	printf '%-58s detected  %s\n' "$name" "$got" >> "$TABLE"
}

refused "delete a held article's revisions" "DELETE FROM revisions WHERE article_id = $bus"
refused "purge a held article's original" "UPDATE originals SET storage = 'purged', data = x'' WHERE id = $bus_orig"
refused "take an article out of a hold" "DELETE FROM hold_articles WHERE hold_id = 1"
refused "move an article to another hold" "UPDATE hold_articles SET hold_id = 7 WHERE hold_id = 1"
refused "mark a hold released" "UPDATE holds SET released = '2026-01-01T00:00:00Z', release_reason = 'x' WHERE id = 1"
refused "delete a hold" "DELETE FROM holds WHERE id = 1"
refused "edit a held article's title" "UPDATE articles SET title = 'x' WHERE id = $bus"
refused "delete a held article" "DELETE FROM articles WHERE id = $lib"
refused "add a revision to a held article" "INSERT INTO revisions SELECT * FROM revisions WHERE article_id = $bus AND revision = 1"
refused "delete revisions, the hold's own trigger dropped" "DROP TRIGGER hold_1_revisions_delete; DELETE FROM revisions WHERE article_id = $bus"
refused "delete an article that is not held" "DELETE FROM articles WHERE id = $other"
refused "edit an audit entry" "UPDATE audit SET detail = '{}' WHERE seq = 2"

detected "release a hold behind folio's back" "marked released, but the audit log has no release" \
	"DROP TRIGGER hold_1_release; UPDATE holds SET released = '2026-01-01T00:00:00Z' WHERE id = 1"
detected "empty a hold behind folio's back" "no longer in it, but the audit log says it was held" \
	"DROP TRIGGER hold_1_members; DROP TRIGGER hold_articles_kept; DELETE FROM hold_articles WHERE hold_id = 1"
detected "drop a hold's trigger" "trigger hold_1_update: is missing" "DROP TRIGGER hold_1_update"
detected "drop an archive-wide trigger" "trigger revisions_kept: is missing" "DROP TRIGGER revisions_kept"
detected "replace a trigger with one that never fires" "trigger hold_1_revisions: is not as folio wrote it" \
	"DROP TRIGGER hold_1_revisions; CREATE TRIGGER hold_1_revisions BEFORE UPDATE ON revisions WHEN 0 BEGIN SELECT 1; END"
detected "add a trigger of one's own" "trigger sneaky: is not one of folio's" \
	"CREATE TRIGGER sneaky AFTER INSERT ON articles BEGIN SELECT 1; END"
detected "leave a released hold's trigger behind" "belongs to a hold that is not in force" \
	"CREATE TRIGGER hold_9_update BEFORE UPDATE ON articles WHEN 0 BEGIN SELECT 1; END"

# The release folio makes is not a tamper: triggers go, check stays clean.
fresh
FOLIO_ARCHIVE=$T/a.db expect 0 "folio release" folio release 1 --reason "结案"
ok_if "the hold's triggers are gone" test "$(sqlite3 "$T/a.db" "SELECT count(*) FROM sqlite_master WHERE name GLOB 'hold_1_*'")" = 0
FOLIO_ARCHIVE=$T/a.db expect 0 "and check is clean after it" folio check

echo "# tamper table: case, expected, result"
sed 's/^/#   /' "$TABLE"
tried=$(wc -l < "$TABLE")
ok_count=$(grep -cE ' (refused +refused|detected +detected)$' "$TABLE")
echo "# $tried cases tried, $(grep -c ' refused *refused$' "$TABLE") refused, $(grep -c 'detected *detected$' "$TABLE") detected"
ok_if "every case refused or detected" test "$ok_count" = "$tried"
done_testing
