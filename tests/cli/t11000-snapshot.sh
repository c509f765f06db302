#!/usr/bin/env bash
# Retention snapshots: BagIt bags (RFC 8493) written by `folio snapshot`,
# checked by `folio verify` and by sha256sum/sha512sum, tampered with in
# every way and each caught.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
sql() { sqlite3 -batch "$FOLIO_ARCHIVE" "$@"; }
# flip_byte FILE OFFSET: xor one byte with 1, in place.
flip_byte() {
	python3 -c 'import sys; p, o = sys.argv[1], int(sys.argv[2]); b = bytearray(open(p, "rb").read()); b[o] ^= 1; open(p, "wb").write(b)' "$1" "$2"
}
# in_bag DIR CMD...: run CMD inside DIR.
in_bag() { local d=$1; shift; (cd "$d" && "$@"); }
pdf_ok() { qpdf --check "$1" >/dev/null 2>&1; }
# sum_fails DIR PROGRAM MANIFEST: PROGRAM -c MANIFEST, run in DIR, fails.
sum_fails() { ! (cd "$1" && "$2" -c --quiet "$3") >/dev/null 2>&1; }
leftovers() { ls -A "$T" | grep -c '\.tmp-' ; }

expect 0 "ingest the samples" folio ingest -q "$S"
bus=$(folio list --json | grep -F '公交线路' | sed 's/^{"id":\([0-9]*\).*/\1/')
lib=$(folio list --json | grep -F '图书馆' | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "hold one article" folio hold "$bus" --reason "诉讼保全"

B=$T/bag
expect 2 "--reason is required" folio snapshot --from 2019-01-01 --to 2019-12-31 -o "$B"
ok_if "the message asks for it" err_has "--reason"
expect 2 "a selection is required" folio snapshot --reason x -o "$B"
expect 2 "an output is required" folio snapshot --month 2019-01 --reason x
expect 2 "a retention date in the past is refused" folio snapshot --month 2019-01 --reason x --retain-until 2001-01-01 -o "$B"
expect 1 "nothing selected" folio snapshot --month 2018-01 --reason x -o "$B"
ok_if "nothing written for those" test ! -e "$B" -a "$(leftovers)" = 0

expect 0 "snapshot of every sample" folio snapshot --from 2019-01-01 --to 2019-12-31 \
	--reason "年度留存 annual retention" --holder "档案室" -o "$B"
ok_if "it says what it wrote" out_has "snapshot 1: $B: 5 articles, 5 originals"
ok_if "no temporary directory is left" test "$(leftovers)" = 0

# Structure and tag files.
for f in bagit.txt bag-info.txt manifest-sha256.txt manifest-sha512.txt tagmanifest-sha256.txt \
	data/README.md data/edition.pdf data/archive.sqlite; do
	ok_if "the bag has $f" test -s "$B/$f"
done
ok_if "bagit.txt declares version 1.0 and UTF-8" \
	test "$(cat "$B/bagit.txt")" = "$(printf 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8')"
info=$B/bag-info.txt
oxum=$(in_bag "$B" find data -type f -printf '%s\n' | awk '{ s += $1; n++ } END { print s "." n }')
year=$(date -u +%Y)
for label in "Source-Organization: 鄞州新闻" "Bagging-Date: $(date -u +%F)" "Payload-Oxum: $oxum" \
	"Retention-Until: $((year + 10))-" "Legal-Hold: hold 1: 诉讼保全" "Holder: 档案室" \
	"Folio-Reason: 年度留存 annual retention" "Folio-Selection: from=2019-01-01 to=2019-12-31"; do
	ok_if "bag-info.txt has '$label'" grep -qF -- "$label" "$info"
done
ok_if "Bag-Size is human-readable" grep -qE '^Bag-Size: [0-9.]+ (bytes|kB|MB|GB)$' "$info"
ok_if "External-Description has the selection and the reason" \
	grep -qE '^External-Description: .*from=2019-01-01 to=2019-12-31.*年度留存 annual retention' "$info"
ok_if "the README is in Chinese and English" grep -q '如何校验' "$B/data/README.md"
ok_if "the README says how to check the bag" grep -qF 'sha256sum -c manifest-sha256.txt' "$B/data/README.md"
ok_if "no payload name holds %, CR or LF" test "$(in_bag "$B" find data -name '*%*' -o -name "*$(printf '\r')*" -o -name '*
*' | wc -l)" = 0

# The payload.
for s in "$S"/*; do
	name=$(basename "$s")
	ok_if "original $name is byte-identical" cmp -s "$s" "$(ls "$B"/data/originals/*-r1-"$name")"
done
ok_if "five originals" test "$(ls "$B/data/originals" | wc -l)" = 5
for id in $(folio list --json | sed 's/^{"id":\([0-9]*\).*/\1/'); do
	ok_if "article $id JSON parses" python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(d["id"] != int(sys.argv[2]))' "$B/data/articles/$id.json" "$id"
	folio show --json "$id" >"$T/show.json"
	ok_if "article $id JSON is what show --json prints" cmp -s "$T/show.json" "$B/data/articles/$id.json"
	pdf_checks "$B/data/articles/$id.pdf" "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["title"][:6])' "$B/data/articles/$id.json")"
done
pdf_checks "$B/data/edition.pdf" "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["title"][:6])' "$B/data/articles/$lib.json")"
ok_if "the archive copy is one file in rollback-journal mode" \
	test "$(sqlite3 -batch "$B/data/archive.sqlite" 'PRAGMA journal_mode')" = delete
ok_if "the archive copy passes integrity_check" \
	test "$(sqlite3 -batch "$B/data/archive.sqlite" 'PRAGMA integrity_check')" = ok
cp "$B/data/archive.sqlite" "$T/copy.sqlite" # folio would turn the bag's own file to WAL
expect 0 "the archive copy opens with folio" folio --archive "$T/copy.sqlite" list
ok_if "it holds the five selected articles" test "$(grep -c '^ *[0-9]' "$OUT")" = 5
expect 0 "and its originals check" folio --archive "$T/copy.sqlite" check

# Recorded in the archive and its audit log.
bag_sum=$(sha256sum "$B/tagmanifest-sha256.txt" | cut -d' ' -f1)
ok_if "the snapshot is recorded with the bag checksum" \
	test "$(sql "SELECT reason || '|' || holder || '|' || bag_sha256 FROM snapshots")" = "年度留存 annual retention|档案室|$bag_sum"
ok_if "with its path and articles" \
	test "$(sql "SELECT path = '$(cd "$B" && pwd -P)' AND json_array_length(articles) = 5 FROM snapshots")" = 1
expect 0 "audit" folio audit
ok_if "the audit log has a 'snapshot' entry" grep -qE '^ *[0-9]+  [^ ]+  snapshot ' "$OUT"

# Independent checks: coreutils, and completeness by hand.
ok_if "sha256sum -c passes in the bag" in_bag "$B" sha256sum -c --quiet manifest-sha256.txt
ok_if "sha512sum -c passes in the bag" in_bag "$B" sha512sum -c --quiet manifest-sha512.txt
ok_if "sha256sum -c passes on the tag manifest" in_bag "$B" sha256sum -c --quiet tagmanifest-sha256.txt
ok_if "the manifests list exactly the files under data/" \
	test "$(in_bag "$B" find data -type f | LC_ALL=C sort)" = "$(cut -c67- "$B/manifest-sha256.txt")" -a \
	"$(cut -c67- "$B/manifest-sha256.txt")" = "$(cut -c131- "$B/manifest-sha512.txt")"
if command -v bagit.py >/dev/null 2>&1; then
	ok_if "bagit.py --validate passes" bagit.py --validate "$B"
fi
expect 0 "folio verify passes" folio verify "$B"
ok_if "it says valid" out_has "$B: valid bag: 18 payload files"
ok_if "it prints the recorded bag checksum" out_has "$bag_sum"

# Tampering, each on its own copy.
tamper() { rm -rf "$T/t"; cp -a "$B" "$T/t"; }
orig=$(cd "$B" && ls data/originals/*-r1-2019-01-08-library-hours.md)
tamper; flip_byte "$T/t/$orig" 20
expect 1 "a flipped byte is caught" folio verify "$T/t"
ok_if "named as altered" out_has "altered  $orig"
ok_if "sha256sum -c catches it too" sum_fails "$T/t" sha256sum manifest-sha256.txt

tamper; rm "$T/t/data/articles/$lib.pdf"
expect 1 "a deleted file is caught" folio verify "$T/t"
ok_if "named as missing" out_has "missing  data/articles/$lib.pdf"
ok_if "sha256sum -c catches it too" sum_fails "$T/t" sha256sum manifest-sha256.txt

tamper; echo "not in the manifest" >"$T/t/data/extra.txt"
expect 1 "an added file is caught" folio verify "$T/t"
ok_if "named as extra" out_has "extra    data/extra.txt"
ok_if "and the Payload-Oxum no longer holds" out_has "invalid  bag-info.txt: Payload-Oxum"

tamper; sed -i 's/^Retention-Until: .*/Retention-Until: 2020-01-01/' "$T/t/bag-info.txt"
expect 1 "an edited bag-info.txt is caught" folio verify "$T/t"
ok_if "named as altered" out_has "altered  bag-info.txt"
ok_if "sha256sum -c on the tag manifest catches it too" sum_fails "$T/t" sha256sum tagmanifest-sha256.txt

tamper; sed -i '2{s/^0/X/;s/^[1-9a-f]/0/;s/^X/1/}' "$T/t/manifest-sha256.txt"
line2=$(sed -n 2p "$B/manifest-sha256.txt" | cut -c67-)
expect 1 "an edited manifest line is caught" folio verify "$T/t"
ok_if "the file it names is reported altered" out_has "altered  $line2: sha256 checksum differs"
ok_if "and the manifest itself" out_has "altered  manifest-sha256.txt"
ok_if "sha256sum -c catches it too" sum_fails "$T/t" sha256sum manifest-sha256.txt

tamper; rm "$T/t/bagit.txt"
expect 1 "a bag without bagit.txt is not valid" folio verify "$T/t"
ok_if "named as missing" out_has "missing  bagit.txt"
expect 1 "a directory that is not a bag" folio verify "$T/t/data"
expect 1 "a directory that does not exist" folio verify "$T/nowhere"
expect 2 "verify needs a directory" folio verify

# The tag manifests protect bag-info.txt: emptied, or made to skip it, then
# Retention-Until rewritten -- sha256sum -c on the tag manifest says OK,
# folio verify does not.
tamper; : >"$T/t/tagmanifest-sha256.txt"; : >"$T/t/tagmanifest-sha512.txt"
sed -i 's/^Retention-Until: .*/Retention-Until: 2020-01-01/' "$T/t/bag-info.txt"
expect 1 "emptied tag manifests are caught" folio verify "$T/t"
ok_if "it names bag-info.txt as unprotected" out_has "invalid  tagmanifest-sha256.txt: does not list bag-info.txt"
ok_if "and bagit.txt" out_has "invalid  tagmanifest-sha512.txt: does not list bagit.txt"
ok_if "and each payload manifest" out_has "does not list manifest-sha512.txt"
tamper; sed -i '/ bag-info.txt$/d' "$T/t/tagmanifest-sha256.txt" "$T/t/tagmanifest-sha512.txt"
sed -i 's/^Legal-Hold: .*/Legal-Hold: none/' "$T/t/bag-info.txt"
ok_if "sha256sum -c on the tag manifest alone is fooled" in_bag "$T/t" sha256sum -c --quiet tagmanifest-sha256.txt
expect 1 "tag manifests that skip bag-info.txt are caught" folio verify "$T/t"
ok_if "named" out_has "invalid  tagmanifest-sha256.txt: does not list bag-info.txt"
tamper; rm "$T/t/tagmanifest-sha256.txt" "$T/t/tagmanifest-sha512.txt"
expect 1 "a folio bag without tag manifests is not valid" folio verify "$T/t"
ok_if "it says so" out_has "the bag has no tag manifest"

# Tag files follow the rules payload files have: regular files in the bag,
# of bounded size.  Each of these would hang or read without end.
tamper; rm "$T/t/bagit.txt"; ln -s /dev/zero "$T/t/bagit.txt"
expect 1 "bagit.txt -> /dev/zero is refused" timeout 20 "$FOLIO" verify "$T/t"
ok_if "as a link" out_has "invalid  bagit.txt: a symbolic link"
tamper; cp "$T/t/manifest-sha256.txt" "$T/outside-manifest"; rm "$T/t/manifest-sha256.txt"
ln -s "$T/outside-manifest" "$T/t/manifest-sha256.txt"
expect 1 "a manifest linked from outside the bag is refused" folio verify "$T/t"
ok_if "as a link" out_has "invalid  manifest-sha256.txt: a symbolic link"
tamper; rm "$T/t/manifest-sha512.txt"; mkfifo "$T/t/manifest-sha512.txt"
expect 1 "a FIFO manifest does not hang verify" timeout 20 "$FOLIO" verify "$T/t"
ok_if "it is not a regular file" out_has "invalid  manifest-sha512.txt: not a regular file"
tamper; rm "$T/t/bag-info.txt"; ln -s /dev/zero "$T/t/bag-info.txt"
expect 1 "bag-info.txt -> /dev/zero is refused" timeout 20 "$FOLIO" verify "$T/t"
ok_if "as a link" out_has "invalid  bag-info.txt: a symbolic link"
tamper; head -c 2000000 /dev/zero | tr '\0' 'x' >"$T/t/bagit.txt"
expect 1 "an oversized bagit.txt is refused" folio verify "$T/t"
ok_if "as too large" out_has "invalid  bagit.txt: too large for a tag file"

# The destination must not exist; options where the issue leaves a choice.
expect 1 "an existing output directory is refused" folio snapshot "$lib" --reason x -o "$B"
ok_if "the message says so" err_has "already exists"
mkdir "$T/empty"
expect 1 "even an empty one" folio snapshot "$lib" --reason x -o "$T/empty"
ok_if "and it is left alone" test -z "$(ls -A "$T/empty")"
expect 0 "a snapshot of one article with chosen retention and organization" \
	folio snapshot "$lib" --reason "单篇" --retain-until 2040-06-30 --organization "鄞州区档案馆" -o "$T/one"
for label in "Source-Organization: 鄞州区档案馆" "Retention-Until: 2040-06-30" "Legal-Hold: none" "Folio-Selection: ids=$lib"; do
	ok_if "bag-info.txt has '$label'" grep -qF -- "$label" "$T/one/bag-info.txt"
done
expect 0 "it verifies" folio verify "$T/one"
expect 0 "--retain-years" folio snapshot "$lib" --reason "三年" --retain-years 3 -o "$T/three"
ok_if "sets Retention-Until" grep -q "^Retention-Until: $((year + 3))-" "$T/three/bag-info.txt"
ok_if "three snapshots recorded" test "$(sql 'SELECT count(*) FROM snapshots')" = 3
ok_if "no temporary directory is left" test "$(leftovers)" = 0
expect 0 "the audit chain holds" folio audit --verify

# Reproducible: the same archive and selection with SOURCE_DATE_EPOCH give a
# byte-identical bag, made a second later from a copy of the archive.
cp "$FOLIO_ARCHIVE" "$T/copy.db"
expect 0 "a snapshot under SOURCE_DATE_EPOCH" env SOURCE_DATE_EPOCH=1700000000 \
	"$FOLIO" snapshot --month 2019-01 --reason "复现" -o "$T/rep1"
sleep 1
expect 0 "the same from a copy of the archive, a second later" env SOURCE_DATE_EPOCH=1700000000 \
	FOLIO_ARCHIVE="$T/copy.db" "$FOLIO" snapshot --month 2019-01 --reason "复现" -o "$T/rep2"
ok_if "the two bags are byte-identical" diff -r "$T/rep1" "$T/rep2"
ok_if "dated by SOURCE_DATE_EPOCH" grep -qx "Bagging-Date: 2023-11-14" "$T/rep1/bag-info.txt"
ok_if "Bag-Software-Agent carries the version" \
	grep -qx "Bag-Software-Agent: folio $("$FOLIO" --version | cut -d' ' -f2) (snapshot)" "$T/rep1/bag-info.txt"

# verify --archive: the bag against the snapshot the archive recorded.
expect 0 "verify --archive: the bag matches its record" folio verify --archive "$FOLIO_ARCHIVE" "$B"
ok_if "it names the snapshot" out_has "matches snapshot 1 of $FOLIO_ARCHIVE"
# rehash_tags DIR: rewrite both tag manifests to fit the tag files, as a
# forger who knows BagIt would.
rehash_tags() {
	(cd "$1" && for a in 256 512; do
		sha${a}sum bagit.txt bag-info.txt manifest-sha256.txt manifest-sha512.txt >tagmanifest-sha$a.txt
	done)
}
tamper; sed -i 's/^Retention-Until: .*/Retention-Until: 2020-01-01/; s/^Legal-Hold: .*/Legal-Hold: none/' "$T/t/bag-info.txt"
rehash_tags "$T/t"
expect 0 "a rewritten bag-info.txt with tag manifests to fit is a valid bag" folio verify "$T/t"
expect 1 "but verify --archive finds it is not the bag recorded" folio verify --archive "$FOLIO_ARCHIVE" "$T/t"
ok_if "the checksum differs from snapshot 1's" out_has "altered  tagmanifest-sha256.txt: the bag's checksum"
ok_if "and it says so at the end" out_has "does NOT match the archive"
sed -i 's/^Folio-Reason: .*/Folio-Reason: 无/' "$T/t/bag-info.txt"; rehash_tags "$T/t"
expect 1 "a rewritten reason" folio verify --archive "$FOLIO_ARCHIVE" "$T/t"
ok_if "is named" out_has "Folio-Reason is '无', snapshot 1 recorded '年度留存 annual retention'"
forged=$(sha256sum "$T/t/tagmanifest-sha256.txt" | cut -c1-64)
cp "$FOLIO_ARCHIVE" "$T/forged.db"
sqlite3 -batch "$T/forged.db" "UPDATE snapshots SET bag_sha256 = '$forged', reason = '无' WHERE id = 1"
expect 1 "a snapshot record rewritten to fit the forged bag" folio verify --archive "$T/forged.db" "$T/t"
ok_if "disagrees with the audit log" out_has "snapshot 1's record has no audit entry with its checksum $forged"
head=$(sed -n 's/^Folio-Audit-Head: //p' "$B/bag-info.txt")
cp "$FOLIO_ARCHIVE" "$T/cut.db"
sqlite3 -batch "$T/cut.db" "DROP TRIGGER audit_kept; DELETE FROM audit WHERE seq >= ${head%%:*}"
expect 1 "an audit log cut back before the bag's head" folio verify --archive "$T/cut.db" "$B"
ok_if "no longer extends it" out_has "the audit log no longer extends the bag's head $head"
mkdir "$T/other"
expect 0 "another archive" env FOLIO_ARCHIVE="$T/other/o.db" "$FOLIO" ingest -q "$S/2019-01-08-library-hours.md"
expect 0 "and a snapshot of it" env FOLIO_ARCHIVE="$T/other/o.db" "$FOLIO" snapshot 1 --reason x -o "$T/other/bag"
expect 1 "its bag is no snapshot of this archive" folio verify --archive "$FOLIO_ARCHIVE" "$T/other/bag"
ok_if "it says so" out_has "invalid  $FOLIO_ARCHIVE: no snapshot recorded with this bag's checksum"
expect 3 "verify --archive with no archive there" folio verify --archive "$T/typo.db" "$B"
ok_if "creates none" test ! -e "$T/typo.db"

# Signed bags: ssh-keygen -Y over the tag manifest, checked by folio and by
# ssh-keygen alone, as the bag's README says.
ssh-keygen -q -t ed25519 -N '' -C "档案室 signing key" -f "$T/key"
ssh-keygen -q -t ed25519 -N '' -f "$T/other-key"
expect 2 "--sign with no key there is refused before any work" \
	folio snapshot "$lib" --reason "签名" --sign "$T/no-key" -o "$T/signed"
ok_if "naming the key" err_has "$T/no-key"
ok_if "and nothing is written" test ! -e "$T/signed" -a "$(leftovers)" = 0
expect 0 "snapshot --sign KEY" folio snapshot "$lib" --reason "签名" --sign "$T/key" -o "$T/signed"
fp=$(ssh-keygen -l -E sha256 -f "$T/key.pub" | cut -d' ' -f2)
ok_if "it says who signed" out_has "signed: tagmanifest-sha256.txt.sig by $fp (ED25519)"
ok_if "bag-info.txt names the key" grep -qF "Folio-Signed-By: $fp (ED25519)" "$T/signed/bag-info.txt"
ok_if "the signature is a tag file beside the tag manifest" test -s "$T/signed/tagmanifest-sha256.txt.sig"
expect 0 "verify --key checks it" folio verify --key "$T/key.pub" "$T/signed"
ok_if "good" out_has "signature: good, with $T/key.pub"
expect 0 "without --key the signature is noted" folio verify "$T/signed"
ok_if "and how to check it" out_has "check it with --key PUBKEY"
(cd "$T/signed" && echo "bag-signer namespaces=\"folio-bag\" $(cat "$T/key.pub")" >"$T/allowed_signers")
ok_if "ssh-keygen -Y verify alone accepts it, as the README says" \
	sh -c 'cd "$1" && ssh-keygen -Y verify -f "$2" -I bag-signer -n folio-bag -s tagmanifest-sha256.txt.sig <tagmanifest-sha256.txt >/dev/null 2>&1' _ "$T/signed" "$T/allowed_signers"
ok_if "the README gives that command" grep -qF 'ssh-keygen -Y verify -f allowed_signers -I bag-signer -n folio-bag' "$T/signed/data/README.md"
ok_if "sha256sum -c in the bag agrees" in_bag "$T/signed" sha256sum -c --quiet manifest-sha256.txt
expect 1 "another key does not verify it" folio verify --key "$T/other-key.pub" "$T/signed"
ok_if "named" out_has "invalid  tagmanifest-sha256.txt.sig: the signature does not verify with $T/other-key.pub"
rm -rf "$T/t"; cp -a "$T/signed" "$T/t"
sed -i 's/^Retention-Until: .*/Retention-Until: 2020-01-01/' "$T/t/bag-info.txt"; rehash_tags "$T/t"
expect 0 "a forged bag-info.txt with tag manifests to fit is a valid bag" folio verify "$T/t"
expect 1 "but its signature no longer verifies" folio verify --key "$T/key.pub" "$T/t"
ok_if "nor with ssh-keygen alone" \
	sh -c '! (cd "$1" && ssh-keygen -Y verify -f "$2" -I bag-signer -n folio-bag -s tagmanifest-sha256.txt.sig <tagmanifest-sha256.txt) >/dev/null 2>&1' _ "$T/t" "$T/allowed_signers"
expect 1 "--key on an unsigned bag is a problem" folio verify --key "$T/key.pub" "$B"
ok_if "named as missing" out_has "missing  tagmanifest-sha256.txt.sig: --key was given, but the bag is not signed"
expect 2 "--key that is no public key" folio verify --key "$T/key-not-there.pub" "$T/signed"
expect 0 "a signed bag still matches its record" folio verify --key "$T/key.pub" --archive "$FOLIO_ARCHIVE" "$T/signed"

# A deleted article is not silently absent from a later snapshot: it is a
# tombstone with its metadata, the deletion and its audit entry, no text.
expect 0 "delete an article" folio delete "$lib" --reason "重复稿"
expect 0 "snapshot of its month" folio snapshot --month 2019-01 --reason "年度" -o "$T/tomb"
ok_if "it says a tombstone was recorded" out_has "1 deleted article recorded as tombstone in data/deleted/ (no text)"
ok_if "the deleted one is not among the articles" test ! -e "$T/tomb/data/articles/$lib.json"
ok_if "its tombstone is data/deleted/ID.json" test -s "$T/tomb/data/deleted/$lib.json"
ok_if "with no body" grep -qF '"body":null' "$T/tomb/data/deleted/$lib.json"
ok_if "when, why and which audit entry" \
	grep -qE '"deleted":\{"time":"[0-9T:Z-]+","reason":"重复稿","purged":false,"audit_entry":[0-9]+\}' "$T/tomb/data/deleted/$lib.json"
ok_if "its original is not in the bag" test "$(ls "$T/tomb/data/originals" | grep -c "^$lib[.-]")" = 0
ok_if "bag-info.txt names it" grep -qE "^Folio-Deleted: $lib \(audit entry [0-9]+\)$" "$T/tomb/bag-info.txt"
ok_if "the README lists it" grep -qF "Deleted articles" "$T/tomb/data/README.md"
ok_if "sha256sum -c passes with the tombstone" in_bag "$T/tomb" sha256sum -c --quiet manifest-sha256.txt
ok_if "the manifest lists the tombstone" grep -qF "data/deleted/$lib.json" "$T/tomb/manifest-sha256.txt"
expect 0 "folio verify passes" folio verify --archive "$FOLIO_ARCHIVE" "$T/tomb"
expect 1 "a snapshot of only the deleted article" folio snapshot "$lib" --reason x -o "$T/tomb2"
ok_if "is refused, saying why" err_has "no articles in that selection, only 1 deleted one"
ok_if "and writes nothing" test ! -e "$T/tomb2" -a "$(leftovers)" = 0

done_testing
