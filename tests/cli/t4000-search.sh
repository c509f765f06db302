#!/usr/bin/env bash
# Search: Chinese words of one, two and more characters, Latin words, query
# syntax taken literally, JSON output.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples
expect 0 "ingest the samples" folio ingest -q "$S"

titles() { sed -n 's/.*"title":"\([^"]*\)".*/\1/p' "$OUT"; }

expect 0 "one character: 党" folio search 党 --json
ok_if "党 finds the party-building article" eval 'titles | grep -qF 党建综合示范区的探索与实践'
ok_if "党 does not match articles without it" eval '! titles | grep -qF 公交线路'
expect 0 "one character at the end of a run: 馆 (图书馆。)" folio search 馆 --json
ok_if "馆 finds the library article" eval 'titles | grep -qF 图书馆春节'
expect 0 "two characters: 百丈" folio search 百丈 --json
ok_if "百丈 finds both 百丈 articles" test "$(titles | grep -cE '党建综合|垃圾分类“定时定点”|寒假志愿')" = 3
expect 0 "two characters: 鄞州" folio search 鄞州 --json
ok_if "鄞州 finds the article that has it in its body (鄞州图书馆)" eval 'titles | grep -qF 图书馆春节'
ok_if "鄞州 in the source (鄞州新闻网) is a match: names are searchable words" eval 'titles | grep -qF 党建综合示范区'
expect 0 "a longer phrase: 党建综合示范区" folio search 党建综合示范区 --json
ok_if "exactly one article has that phrase" test "$(wc -l < "$OUT")" = 1
expect 1 "a phrase whose bigrams exist but not in sequence finds nothing" folio search 示范党建
expect 0 "Latin word, any case: app" folio search app --json
ok_if "APP matched case-insensitively" test "$(wc -l < "$OUT")" = 2
expect 0 "one character and a word together: 党 百丈" folio search 党 百丈 --json
ok_if "only the article with both" eval 'test "$(wc -l < "$OUT")" = 1 && titles | grep -qF 党建综合示范区'
expect 0 "one character and Latin in one word: 志 APP" folio search 车APP --json
ok_if "车 and APP both required" eval 'test "$(wc -l < "$OUT")" = 1 && titles | grep -qF 公交线路'
expect 0 "Chinese and Latin together" folio search 公交 APP --json
ok_if "only the article with both" eval 'test "$(wc -l < "$OUT")" = 1 && titles | grep -qF 公交线路'
expect 0 "search results carry snippet and rank" folio search 志愿者 --json
ok_if "snippet marks the match" out_has '[志愿者]'
ok_if "rank key present" out_has '"rank":'
ok_if "JSON keys of show are present" eval 'out_has "\"sha256\":" && out_has "\"published\":" && out_has "\"chars\":"'
expect 0 "table output has the snippet" folio search 志愿者
ok_if "table shows the title" out_has "寒假志愿服务进社区"
expect 0 "--limit 1 gives one result" folio search 百丈 --limit 1 --json
ok_if "one line" test "$(wc -l < "$OUT")" = 1
expect 1 "nothing found is exit 1" folio search 火星
ok_if "and says so" err_has "nothing found"
for q in 'NEAR(党 建)' '党 OR 建' '党*' "'; DROP TABLE articles; --" 'title:党' '^党' '党 AND'; do
	"$FOLIO" search "$q" > /dev/null 2> "$ERR"
	rc=$?
	ok_if "query syntax is literal, no error: $q (exit $rc)" test "$rc" -le 1
	ok_if "no SQL or FTS error for: $q" eval '! grep -qiE "syntax|fts5|sql" "$ERR"'
done
expect 0 "the archive is intact after hostile queries" folio list
ok_if "all five articles still there" test "$(grep -c '^ *[0-9]' "$OUT")" = 5
# A revision replaces the article's terms in both indexes: a character
# repeated in the old text (the one-character index keeps it once per
# article) and a bigram of the old text stop matching; the new ones match.
printf -- '---\nid: rev-search\ntitle: 修订检索\ndate: 2019-02-01\n---\n\n鼋鼋鼋鼋鼋，鼋鼍同游。旧文独有词语。\n' > "$T/rev1.md"
printf -- '---\nid: rev-search\ntitle: 修订检索\ndate: 2019-02-01\n---\n\n鼍鼍鼍，新文独有词语。\n' > "$T/rev2.md"
expect 0 "ingest an article" folio ingest "$T/rev1.md"
expect 0 "its repeated character finds it" folio search 鼋 --json
ok_if "once" eval 'test "$(wc -l < "$OUT")" = 1 && titles | grep -qF 修订检索'
expect 0 "ingest its revision" folio ingest "$T/rev2.md"
ok_if "a revision" out_has "1 revised"
expect 1 "the old text's character no longer finds it" folio search 鼋
expect 1 "nor an old bigram" folio search 旧文
expect 0 "the new text's character does" folio search 鼍 --json
ok_if "once" eval 'test "$(wc -l < "$OUT")" = 1 && titles | grep -qF 修订检索'
expect 0 "and a new bigram" folio search 新文 --json


# ---- the query syntax (searchquery.h): each form means what it says ----
count() { wc -l < "$OUT" | tr -d ' '; }
expect 2 "an open quote is refused" folio search '"党'
ok_if "saying why" err_has "a quote is opened and not closed"
expect 1 "a quoted Latin phrase whose words are in an article, but not together, finds nothing" \
	folio search '"app 图书馆"'
expect 0 "a quoted phrase that is there: \"鄞州图书馆\"" folio search '"鄞州图书馆" ' --json
ok_if "found in the library article only" eval '[ "$(count)" = 1 ] && titles | grep -qF 图书馆春节'
expect 0 "exclusion: 百丈 -党建" folio search 百丈 -党建 --json
ok_if "the 党建 article is left out, the other three stay" \
	eval '[ "$(count)" = 3 ] && ! titles | grep -qF 党建综合'
expect 0 "NOT works as -: 百丈 NOT 党建" folio search 百丈 NOT 党建 --json
ok_if "the same three" test "$(count)" = 3
expect 0 "exclusion of one character: 百丈 -党" folio search 百丈 -党 --json
ok_if "the 党 article is left out" eval '! titles | grep -qF 党建综合'
expect 0 "OR: 图书馆 OR 公交" folio search 图书馆 OR 公交 --json
ok_if "either article" eval '[ "$(count)" = 2 ] && titles | grep -qF 图书馆春节 && titles | grep -qF 公交线路'
expect 0 "OR binds tighter than spaces: 百丈 图书馆 OR 垃圾" folio search 百丈 图书馆 OR 垃圾 --json
ok_if "百丈 AND (图书馆 OR 垃圾): the two 垃圾 articles, not the library" \
	eval '! titles | grep -qF 图书馆春节 && titles | grep -qF 定时定点'
expect 0 "OR with a single character: 馆 OR 车" folio search 馆 OR 车 --json
ok_if "both articles" eval 'titles | grep -qF 图书馆春节 && titles | grep -qF 公交线路'
expect 0 "a Latin prefix: ap*" folio search 'ap*' --json
ok_if "finds APP" test "$(count)" = 2
expect 2 "a * after one letter is refused" folio search 'a*'
ok_if "saying so" err_has "two letters"
expect 2 "only exclusions are refused" folio search -- -党建
ok_if "saying what to do" err_has "say what to look for"
expect 2 "OR with nothing after it is refused" folio search 图书馆 OR
ok_if "saying so" err_has "OR with nothing after it"
expect 2 "an exclusion inside an OR is refused" folio search 图书馆 OR -公交
ok_if "saying so" err_has "cannot be part of an OR"
expect 2 "a query of over 1,000 bytes is refused" folio search "$(printf '党%.0s' $(seq 400))"
ok_if "saying how long" err_has "bytes long"
expect 2 "a query that is not UTF-8 is refused" folio search "$(printf 'caf\351')"
ok_if "saying so" err_has "not valid UTF-8"

# Names are words, and filters.
expect 0 "an author's name as a word: 林晓" folio search 林晓 --json
ok_if "finds the article by 林晓" eval '[ "$(count)" = 1 ] && titles | grep -qF 图书馆春节'
expect 0 "an editor's name: 李梦" folio search 李梦 --json
ok_if "finds both articles 李梦 edited" test "$(count)" = 2
expect 0 "--author 王立 (one of two authors)" folio search 公交 --author 王立 --json
ok_if "finds it" test "$(count)" = 1
expect 1 "--author 王 (not a whole name) finds nothing" folio search 公交 --author 王
expect 0 "--source 鄞州日报" folio search 百丈 --source 鄞州日报 --json
ok_if "only the two 鄞州日报 articles" \
	eval '[ "$(count)" = 2 ] && [ "$(grep -c "\"source\":\"鄞州日报\"" "$OUT")" = 2 ]'
expect 0 "--section 社区" folio search 百丈 --section 社区 --json
ok_if "only that section's article" eval '[ "$(count)" = 1 ] && titles | grep -qF 寒假志愿'
expect 0 "--month 2019-03" folio search 百丈 --month 2019-03 --json
ok_if "only March's" eval '[ "$(count)" = 1 ] && titles | grep -qF 定时定点'
expect 0 "--from 2019-01-20 --to 2019-01-31" folio search 百丈 --from 2019-01-20 --to 2019-01-31 --json
ok_if "the two late-January ones" test "$(count)" = 2
expect 2 "--from with a bad date" folio search 百丈 --from 2019-13-01
expect 0 "--sort date: newest publication first" folio search 百丈 --sort date --json
ok_if "March before January" eval 'titles | head -1 | grep -qF 定时定点'
expect 0 "--limit 1 --offset 1 --sort date" folio search 百丈 --sort date --limit 1 --offset 1 --json
ok_if "the second newest only" eval '[ "$(count)" = 1 ] && titles | grep -qF 党建综合'
expect 0 "--revised and --held filter too (none here: nothing)" folio search 百丈 --json
expect 1 "--held with no hold finds nothing" folio search 百丈 --held

done_testing
