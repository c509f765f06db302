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

# The stored text itself, changed where no hold guards it.
detected "edit an article's title" "do not give its content fingerprint" \
	"UPDATE articles SET title = '改过的标题' WHERE id = $other"
detected "edit an article's authors" "do not give its content fingerprint" \
	"UPDATE articles SET authors = '[\"某人\"]' WHERE id = $other"
detected "edit an article's date" "do not give its content fingerprint" \
	"UPDATE articles SET published = '2001-01-01' WHERE id = $other"
detected "swap an article's body with another's" "article $other" \
	"UPDATE articles SET body = (SELECT body FROM articles WHERE id = $lib) WHERE id = $other"
detected "store text that is not valid UTF-8" "is not valid UTF-8" \
	"UPDATE articles SET title = CAST(x'e4b8ade6' AS TEXT) WHERE id = $other"
detected "store text that is not in NFC" "is not in Unicode NFC" \
	"UPDATE articles SET title = 'Cafe' || char(769) WHERE id = $other"
detected "delete an earlier revision" "a revision was deleted or added" \
	"DROP TRIGGER hold_1_revisions_delete; DROP TRIGGER revisions_kept; DELETE FROM revisions WHERE article_id = $bus"

# A snapshot never bags an article check would call unsound.
fresh
sqlite3 "$T/a.db" "UPDATE articles SET body = (SELECT body FROM articles WHERE id = $lib) WHERE id = $other"
month=$(sqlite3 "$T/a.db" "SELECT substr(pub_date, 1, 7) FROM articles WHERE id = $other")
FOLIO_ARCHIVE=$T/a.db expect 3 "a snapshot of a month holding a swapped body is refused" \
	folio snapshot --month "$month" --reason "归档" -o "$T/bad-bag"
ok_if "naming the article and the fault" err_has "article $other cannot be bagged"
ok_if "and no bag is left" test ! -e "$T/bad-bag"
ok_if "nor a temporary directory" test -z "$(ls -A "$T" | grep -F '.bad-bag')"

# The chain anchored outside the archive: its head is kept (here in a
# file, as a court would keep a bag), and every rewrite of the log before
# it is found, whatever hashes the adversary recomputed.
fresh
FOLIO_ARCHIVE=$T/a.db expect 0 "an edition is recorded" folio edition --month 2019-01 -o "$T/e.pdf"
ok_if "its record keeps the chain's head" test -n "$(sqlite3 "$T/a.db" "SELECT audit_head FROM editions WHERE audit_head GLOB '[0-9]*:*'")"
FOLIO_ARCHIVE=$T/a.db expect 0 "a snapshot" folio snapshot --month 2019-01 --reason "归档" -o "$T/bag"
bag_head=$(sed -n 's/^Folio-Audit-Head: //p' "$T/bag/bag-info.txt")
ok_if "bag-info.txt holds the chain's head" test -n "$bag_head"
FOLIO_ARCHIVE=$T/a.db expect 0 "audit --head prints the head" folio audit --head
head=$(cat "$OUT")
ok_if "as SEQ:HASH" grep -qE '^[0-9]+:[0-9a-f]{64}$' "$OUT"
FOLIO_ARCHIVE=$T/a.db expect 0 "the log extends the bag's head" folio audit --verify --head "$bag_head"
FOLIO_ARCHIVE=$T/a.db expect 0 "and the head kept now" folio audit --verify --head "$head"
FOLIO_ARCHIVE=$T/a.db expect 2 "a malformed head is a usage error" folio audit --verify --head 12:xyz
sqlite3 "$T/a.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
cp "$T/a.db" "$T/anchored.db"

# chain NAME WANT-CHECK SQL-OR-PYTHON: tamper with a copy of the anchored
# archive; audit --verify --head must fail, check must name WANT-CHECK.
chain() {
	local name=$1 want=$2 how=$3
	rm -f "$T/a.db-wal" "$T/a.db-shm"; cp "$T/anchored.db" "$T/a.db"
	eval "$how"
	FOLIO_ARCHIVE=$T/a.db expect 1 "audit --verify --head fails: $name" folio audit --verify --head "$head"
	local got=missed
	FOLIO_ARCHIVE=$T/a.db folio check >"$OUT" 2>"$ERR"
	if [ $? = 1 ] && grep -qF -- "$want" "$ERR"; then got=detected; fi
	ok_if "  check names: $want" test "$got" = detected
	printf '%-58s detected  %s\n' "$name" "$got" >> "$TABLE"
}
# The log rewritten with every hash recomputed (audit.c's chain: SHA-256 of
# prev, seq, time, action, subject and detail joined by newlines).
rehash='import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1]); prev = "0" * 64
for seq, t, act, sub, det in db.execute("SELECT seq, time, action, subject, detail FROM audit ORDER BY seq").fetchall():
    h = hashlib.sha256("\n".join([prev, str(seq), t, act, sub, det]).encode()).hexdigest()
    db.execute("UPDATE audit SET prev = ?, hash = ? WHERE seq = ?", (prev, h, seq)); prev = h
db.commit()'
chain "delete the last entries of the log" "has no entry in the audit log" \
	'sqlite3 "$T/a.db" "DROP TRIGGER audit_kept; DELETE FROM audit WHERE seq >= (SELECT max(seq) - 1 FROM audit)"'
chain "delete every entry of the log" "have no ingest entry" \
	'sqlite3 "$T/a.db" "DROP TRIGGER audit_kept; DELETE FROM audit"'
chain "edit an entry and recompute every hash after it" "trigger audit_append_only: is missing" \
	'sqlite3 "$T/a.db" "DROP TRIGGER audit_append_only; UPDATE audit SET detail = replace(detail, \"诉讼保全\", \"forged\") WHERE action = \"hold\""; python3 -c "$rehash" "$T/a.db"'

# A forged release appended with a correct hash extends the head, but
# check finds a hold in force that the log calls released.
rm -f "$T/a.db-wal" "$T/a.db-shm"; cp "$T/anchored.db" "$T/a.db"
python3 -c 'import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
seq, t, prev = db.execute("SELECT seq, time, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
row = [prev, str(seq + 1), t, "release", "hold 1", "{}"]
h = hashlib.sha256("\n".join(row).encode()).hexdigest()
db.execute("INSERT INTO audit VALUES (?, ?, ?, ?, ?, ?, ?)", (seq + 1, t, "release", "hold 1", "{}", prev, h))
db.commit()' "$T/a.db"
FOLIO_ARCHIVE=$T/a.db expect 0 "a forged release with a good hash: the chain holds" folio audit --verify --head "$head"
got=missed
FOLIO_ARCHIVE=$T/a.db folio check >"$OUT" 2>"$ERR"
if [ $? = 1 ] && grep -qF "is in force, but the audit log has it released" "$ERR"; then got=detected; fi
ok_if "  but check finds the hold still in force" test "$got" = detected
printf '%-58s detected  %s\n' "append a forged release entry, hashes recomputed" "$got" >> "$TABLE"

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
