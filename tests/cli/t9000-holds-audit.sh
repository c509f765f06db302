#!/usr/bin/env bash
# Legal holds enforced by the database, deletion with tombstones and purges,
# and the hash-chained audit log.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
sql() { sqlite3 -batch "$FOLIO_ARCHIVE" "$@"; }
expect 0 "ingest the samples" folio ingest -q "$S"
bus=$(folio list --json | grep -F '公交线路' | sed 's/^{"id":\([0-9]*\).*/\1/')
lib=$(folio list --json | grep -F '图书馆' | sed 's/^{"id":\([0-9]*\).*/\1/')

expect 2 "a hold needs a reason" folio hold "$bus"
expect 2 "a hold needs articles" folio hold --reason x
expect 0 "hold two articles" folio hold "$bus" "$lib" --reason "诉讼保全"
ok_if "the hold is numbered" out_has "hold 1: 2 articles held"
expect 0 "hold by selection" folio hold --month 2019-03 --reason "另案"
ok_if "one March article held" out_has "hold 2: 1 article held"
expect 0 "list the holds" folio hold --list
ok_if "both in force" test "$(grep -c 'IN FORCE' "$OUT")" = 2

expect 1 "a held article cannot be deleted" folio delete "$bus" --reason "测试"
ok_if "the message names the hold" err_has "under legal hold 1"
sed 's/不超过15分钟/不超过12分钟/' "$S/2019-01-15-bus-routes.md" > "$T/corrected.md"
expect 1 "a held article takes no new revision" folio ingest "$T/corrected.md"
ok_if "refused by the database, naming the hold" err_has "legal hold 1"
expect_fail "a direct SQL update of a held article fails" sql "UPDATE articles SET title = 'x' WHERE id = $bus"
ok_if "the database names the hold" err_has "legal hold 1"
expect_fail "a direct SQL delete of a held article fails" sql "DELETE FROM articles WHERE id = $lib"
expect_fail "a held article's revisions cannot be changed by SQL either" sql "UPDATE articles SET revision = 9 WHERE id = $bus"

expect 2 "release needs a reason" folio release 1
expect 1 "release of a hold that does not exist" folio release 99 --reason x
expect 0 "release hold 1" folio release 1 --reason "结案"
expect 1 "released twice" folio release 1 --reason again
expect 0 "after release the revision goes in" folio ingest "$T/corrected.md"
ok_if "as revision 2" out_has "1 revised"

# Deletion keeps a tombstone; purge keeps only hashes.
expect 0 "delete an article" folio delete "$lib" --reason "作者要求"
expect 1 "it is no longer found" folio search 图书馆
expect 0 "nor listed" folio list
ok_if "four articles listed" test "$(grep -c '^ *[0-9]' "$OUT")" = 4
ok_if "its tombstone keeps the time and reason" test "$(sql "SELECT delete_reason FROM articles WHERE id = $lib AND deleted IS NOT NULL")" = "作者要求"
ok_if "its original is still there" test "$(sql "SELECT storage FROM originals o JOIN articles a ON a.original_id = o.id WHERE a.id = $lib")" != purged
expect 1 "deleting it again is refused" folio delete "$lib" --reason again
expect 0 "show of a deleted article" folio show "$lib"
ok_if "says it is deleted, when and why" grep -qE '^DELETED: +deleted on [0-9T:Z-]+, reason: 作者要求' "$OUT"
expect 0 "show --json of it" folio show "$lib" --json
ok_if "carries the tombstone" out_has '"deleted":{"time":"'
ok_if "with its reason and audit entry" out_has '"reason":"作者要求","purged":false,"audit_entry":'
expect 1 "ingesting its original again is refused" folio ingest "$S/2019-01-08-library-hours.md"
ok_if "naming the article, the deletion and its audit entry" grep -qE "same bytes as article $lib, which was deleted on .*reason: 作者要求; audit entry [0-9]+" "$ERR"
sed 's/照常运行/正常运行/' "$S/2019-01-08-library-hours.md" > "$T/changed-lib.md"
expect 1 "a changed copy is not a revision of the tombstone" folio ingest "$T/changed-lib.md"
ok_if "it says the article was deleted" err_has "a deleted article is not stored again"
ok_if "and the article stays deleted, at revision 1" test "$(sql "SELECT revision FROM articles WHERE id = $lib AND deleted IS NOT NULL")" = 1
sha=$(sql "SELECT o.sha256 FROM originals o JOIN articles a ON a.original_id = o.id WHERE a.id = $bus")
expect 0 "purge an article with revisions" folio delete "$bus" --purge --reason "隐私"
ok_if "its text is gone" test "$(sql "SELECT title || length(body) FROM articles WHERE id = $bus")" = 0
ok_if "its revisions' text is gone" test "$(sql "SELECT count(*) FROM revisions WHERE article_id = $bus AND (purged = 0 OR length(body) > 0)")" = 0
ok_if "its originals' bytes are gone" test "$(sql "SELECT count(*) FROM originals WHERE (storage <> 'purged' OR length(data) > 0) AND id IN (SELECT original_id FROM revisions WHERE article_id = $bus UNION SELECT original_id FROM articles WHERE id = $bus)")" = 0
ok_if "their SHA-256 are kept" test "$(sql "SELECT count(*) FROM originals WHERE sha256 = '$sha'")" = 1
expect_fail "a purged original cannot be changed otherwise" sql "UPDATE originals SET sha256 = 'x' WHERE sha256 = '$sha'"
expect 0 "the archive checks clean after deletions" folio check

# The audit log: every change, chained.
expect 0 "audit prints the log" folio audit
for action in ingest revise hold release delete purge; do
	ok_if "the log has a '$action' entry" grep -qE "^ *[0-9]+  [^ ]+  $action " "$OUT"
done
expect 0 "edition is logged" folio edition --month 2019-01 -o "$T/e.pdf"
expect 0 "audit --verify" folio audit --verify
ok_if "the chain is intact" out_has "chain intact"
expect_fail "the log is append-only" sql "UPDATE audit SET detail = '{}' WHERE seq = 3"
expect_fail "entries cannot be removed" sql "DELETE FROM audit WHERE seq = 3"
cp "$FOLIO_ARCHIVE" "$T/tampered.db"
rm -f "$FOLIO_ARCHIVE-wal" "$FOLIO_ARCHIVE-shm"
sqlite3 "$T/tampered.db" "DROP TRIGGER audit_append_only; UPDATE audit SET detail = '{\"reason\":\"forged\"}' WHERE action = 'hold' AND seq = (SELECT min(seq) FROM audit WHERE action = 'hold')"
broken=$(sqlite3 "$T/tampered.db" "SELECT min(seq) FROM audit WHERE action = 'hold'")
expect 1 "a tampered log fails verification" folio --archive "$T/tampered.db" audit --verify
ok_if "naming the first broken entry ($broken)" err_has "broken at entry $broken"
expect 1 "and folio check fails" folio --archive "$T/tampered.db" check
ok_if "check names the audit log" err_has "audit log"
done_testing
