#!/usr/bin/env bash
# Ingest: Markdown with front matter and web-page dumps; duplicates and
# revisions; a batch that goes on past bad files.
. "$(dirname "$0")/lib.sh"
S=$FOLIO_ROOT/archive/samples

expect 0 "ingest the samples directory" folio ingest "$S"
ok_if "summary counts 5 new" out_has "5 new, 0 revised, 0 duplicate, 0 failed"
expect 0 "the same batch again" folio ingest "$S"
ok_if "second run: all duplicates, nothing new" out_has "0 new, 0 revised, 5 duplicate, 0 failed"
ok_if "second run names the duplicates" out_has "duplicate  $S/2019-01-08-library-hours.md"
folio list --json > "$T/list.jsonl"
ok_if "five articles stored" test "$(wc -l < "$T/list.jsonl")" = 5

# The web-page dump's metadata, read back through show --json.
id=$(grep -F '党建综合示范区的探索与实践' "$T/list.jsonl" | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "show the yinzhou article as JSON" folio show "$id" --json
for want in '"title":"党建综合示范区的探索与实践"' '"authors":["邵英豪"]' '"editor":"陈珊云"' \
	'"source":"鄞州新闻网"' '"published":"2019-01-29T15:42:00+08:00"' '"subtitle":null' \
	'"encoding":"UTF-8"' '"format":"webtext"' '"revision":1' '## 实施背景' '(作者为百丈街道党工委书记)'; do
	ok_if "yinzhou JSON has $want" out_has "$want"
done
for chrome in 央行关于美将中国列 联系我们 Copyright 宁波公益广告作品库 40.5K; do
	ok_if "yinzhou body leaves out chrome: $chrome" out_lacks "$chrome"
done
id=$(grep -F '垃圾分类“定时定点”' "$T/list.jsonl" | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "show the baizhang article as JSON" folio show "$id" --json
for want in '"authors":["张立新"]' '"contributors":["王晓燕"]' '"editor":"李梦"' '"source":"鄞州日报"' \
	'"published":"2019-03-08T09:15:22+08:00"'; do
	ok_if "baizhang JSON has $want" out_has "$want"
done
for chrome in 相关阅读 分享到 字号 手机版; do
	ok_if "baizhang body leaves out chrome: $chrome" out_lacks "$chrome"
done

# Markdown front matter.
id=$(grep -F '三条社区公交线路' "$T/list.jsonl" | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "show the Markdown article" folio show "$id" --json
for want in '"authors":["王立","张敏"]' '"section":"民生"' '"published":"2019-01-15T08:00:00+08:00"' \
	'"format":"markdown"'; do
	ok_if "Markdown JSON has $want" out_has "$want"
done
grep -F '寒假志愿服务' "$T/list.jsonl" > "$T/one.json"
ok_if "a date-only front matter date stays a date" grep -qF '"published":"2019-01-22"' "$T/one.json"

# Text-identical input with other bytes (CRLF line endings, a BOM) is a duplicate.
printf '\xef\xbb\xbf' > "$T/bom.md"
sed 's/$/\r/' "$S/2019-01-15-bus-routes.md" >> "$T/bom.md"
expect 0 "text-identical file with other bytes" folio ingest "$T/bom.md"
ok_if "is recognised as a duplicate" out_has "0 new, 0 revised, 1 duplicate"
ok_if "and the run says why" out_has "same text"

# A correction: same identity (date and title), different text -> revision.
sed 's/不超过15分钟/不超过12分钟/' "$S/2019-01-15-bus-routes.md" > "$T/corrected.md"
expect 0 "ingest a corrected article" folio ingest "$T/corrected.md"
ok_if "it is a revision" out_has "0 new, 1 revised, 0 duplicate"
id=$(grep -F '三条社区公交线路' "$T/list.jsonl" | sed 's/^{"id":\([0-9]*\).*/\1/')
expect 0 "show --revisions" folio show "$id" --revisions --json
ok_if "two revisions listed" test "$(wc -l < "$OUT")" = 2
ok_if "revision 1 kept with the old text" eval "head -1 '$OUT' | grep -qF '不超过15分钟'"
ok_if "revision 2 has the new text" eval "tail -1 '$OUT' | grep -qF '\"revision\":2' && tail -1 '$OUT' | grep -qF '不超过12分钟'"
expect 0 "the original of the old revision is still stored" folio check
expect 0 "re-ingesting the old version again is a duplicate" folio ingest "$S/2019-01-15-bus-routes.md"
ok_if "old version counted duplicate" out_has "1 duplicate"

# A batch goes on past bad files and reports each one.
mkdir -p "$T/batch/sub"
printf -- '---\ntitle: 好文章\ndate: 2019-01-02\n---\n\n正文一段。\n' > "$T/batch/a.md"
printf -- '---\ntitle: [not, a, string]\n---\n\n正文。\n' > "$T/batch/b.md"
printf -- '---\ntitle: 坏日期\ndate: 2019-02-30\n---\n\n正文。\n' > "$T/batch/c.md"
printf 'ok \x81\x20\xff\xfe\n' > "$T/batch/d.md"   # valid in no encoding folio reads
printf -- '---\ntitle: 没有结尾\n\n正文。\n' > "$T/batch/e.md"
printf -- '---\na: &x [1]\nb: *x\ntitle: 别名\n---\n\n正文。\n' > "$T/batch/f.md"
: > "$T/batch/g.md"
printf -- '---\ntitle: 子目录里的文章\ndate: 2019-01-03\n---\n\n也是正文。\n' > "$T/batch/sub/h.md"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' > "$T/batch/sub/picture.png"
expect 1 "a batch with bad files exits 1" folio ingest "$T/batch"
ok_if "good files stored, bad ones counted" out_has "2 new, 0 revised, 0 duplicate, 6 failed, 1 skipped"
ok_if "wrong type names the key" err_has "$T/batch/b.md: front matter line 2: 'title' must be a single value"
ok_if "impossible date is refused" err_has "$T/batch/c.md: front matter line 3:"
ok_if "undecodable bytes give the offset" err_has "$T/batch/d.md: not valid"
ok_if "and the bytes" err_has "at byte 3 (bytes 81 20"
ok_if "unclosed front matter is reported" err_has "$T/batch/e.md: front matter has no closing"
ok_if "YAML aliases are refused" err_has "$T/batch/f.md: front matter line"
ok_if "empty file is reported" err_has "$T/batch/g.md: empty file"
expect 1 "a missing path is reported and fails" folio ingest "$T/nope.md"
ok_if "missing file message names it" err_has "folio: $T/nope.md: "
expect 0 "the archive is still sound after failures" folio check
# Two undated, author-less articles with the same title are two articles,
# not one with two revisions; the same text again is a duplicate.
export FOLIO_ARCHIVE=$T/briefs.db
mkdir -p "$T/briefs"
printf -- '---\ntitle: 简讯\n---\n\n区图书馆本周六举办少儿读书会。\n' > "$T/briefs/a.md"
printf -- '---\ntitle: 简讯\n---\n\n首南街道启动垃圾分类宣传月活动。\n' > "$T/briefs/b.md"
expect 0 "ingest two undated briefs titled 简讯" folio ingest "$T/briefs"
ok_if "two new articles" out_has "2 new, 0 revised"
expect 0 "list them" folio list
ok_if "both listed" test "$(grep -c '简讯' "$OUT")" = 2
expect 0 "the first again" folio ingest "$T/briefs/a.md"
ok_if "is a duplicate" out_has "0 new, 0 revised, 1 duplicate"

# Dates from file and folder names, --date for the rest, and where each came from.
export FOLIO_ARCHIVE=$T/dates.db
mkdir -p "$T/dated/2019/01/07"
for n in 2019-01-08.md 20190109.md 2019年1月11日.md news_2019-01-10_003.md 2019/01/07/x.md undated.md; do
	printf -- '# 标题 %s\n\n区图书馆本周六举办少儿读书会，欢迎市民参加。\n' "$n" > "$T/dated/$n"
done
printf -- '---\ntitle: 有日期\ndate: 2018-12-31\n---\n\n正文。\n' > "$T/dated/20190105.md"
expect 2 "a --date that is not a date is a usage error" folio ingest --date 2019-02-30 "$T/dated"
expect 0 "ingest dated names with --date for the rest" folio ingest --date 2019-02-01 "$T/dated"
expect 0 "list --json" folio list --json
dates() { python3 -c "
import json,sys
for l in open(sys.argv[1]):
    r = json.loads(l); print(r['title'].split()[-1], r['published'], r['date_source'])" "$OUT"; }
ok_if "2019-01-08.md from its name" eval 'dates | grep -qx "2019-01-08.md 2019-01-08 file name"'
ok_if "20190109.md from its name" eval 'dates | grep -qx "20190109.md 2019-01-09 file name"'
ok_if "2019年1月11日.md from its name" eval 'dates | grep -qx "2019年1月11日.md 2019-01-11 file name"'
ok_if "news_2019-01-10_003.md from its name" eval 'dates | grep -qx "news_2019-01-10_003.md 2019-01-10 file name"'
ok_if "2019/01/07/x.md from its folders" eval 'dates | grep -qx "2019/01/07/x.md 2019-01-07 file name"'
ok_if "undated.md from --date" eval 'dates | grep -qx "undated.md 2019-02-01 --date"'
ok_if "front matter wins over the name" eval 'dates | grep -qx "有日期 2018-12-31 front matter"'
expect 0 "list --month 2019-01 shows the named ones" folio list --month 2019-01
ok_if "five of them" test "$(grep -c '标题' "$OUT")" = 5

# Same title and date: a revision only when most of the text is shared;
# --report says why each was judged new, revised or duplicate.
export FOLIO_ARCHIVE=$T/sametitle.db
mkdir -p "$T/st"
printf -- '---\ntitle: 图片新闻\ndate: 2019-01-09\n---\n\n区图书馆本周六举办少儿读书会，欢迎市民参加，现场还有绘本展览和手工活动。\n' > "$T/st/a.md"
printf -- '---\ntitle: 图片新闻\ndate: 2019-01-09\n---\n\n首南街道启动垃圾分类宣传月活动，志愿者走进小区向居民发放宣传册。\n' > "$T/st/b.md"
printf -- '---\ntitle: 图片新闻\ndate: 2019-01-09\n---\n\n区图书馆本周六举办少儿读书会，欢迎市民参加，现场还有绘本展览和手工活动等。\n' > "$T/st/c.md"
expect 0 "two different texts under one title and date" folio ingest --report "$T/st.jsonl" "$T/st/a.md" "$T/st/b.md"
ok_if "are two new articles" out_has "2 new, 0 revised"
ok_if "the report says why the second is new" grep -q '"reason":"same title, date and author as an archived article, but a different text"' "$T/st.jsonl"
expect 0 "a corrected text of the first" folio ingest --report "$T/st2.jsonl" "$T/st/c.md"
ok_if "is a revision" out_has "0 new, 1 revised"
ok_if "the report says why" grep -q '"reason":"same title, date and author, most of the text shared"' "$T/st2.jsonl"
expect 0 "show the first" folio show 1
ok_if "it is the one revised" out_has "revision 2"

# Text in another normal form (decomposed accents, Hangul as jamo) is stored
# as NFC, by an independent check (Python's unicodedata); the original keeps
# its exact bytes.
export FOLIO_ARCHIVE=$T/nfc.db
python3 -c 'import sys, unicodedata as u; sys.stdout.write(u.normalize("NFD", "---\ntitle: Café 한국어 报道\ndate: 2019-01-09\n---\n\n한국어 이웃 기사와 중국어 본문이 함께 있는 글. Résumé 区图书馆本周六举办少儿读书会，欢迎市民参加。\n"))' > "$T/nfd.md"
ok_if "the input is not NFC" python3 -c 'import sys, unicodedata as u; sys.exit(u.is_normalized("NFC", open(sys.argv[1], encoding="utf-8").read()))' "$T/nfd.md"
expect 0 "ingest decomposed text" folio ingest "$T/nfd.md"
ok_if "its title and body are stored as NFC" sh -c '"$1" show 1 --json | python3 -c "import json, sys, unicodedata as u; d = json.load(sys.stdin); sys.exit(not (u.is_normalized(\"NFC\", d[\"title\"]) and u.is_normalized(\"NFC\", d[\"body\"]) and d[\"title\"] == u.normalize(\"NFC\", \"Café 한국어 报道\")))"' _ "$FOLIO"
folio show 1 --original > "$T/nfd.orig"
ok_if "the original keeps its decomposed bytes" cmp -s "$T/nfd.md" "$T/nfd.orig"

# '-': one article from standard input, its bytes kept as they came.
export FOLIO_ARCHIVE=$T/stdin.db
printf -- '---\ntitle: 管道送来的稿件\ndate: 2019-01-21\n---\n\n从标准输入读入。\n' > "$T/piped.md"
expect 0 "ingest - reads an article from standard input" sh -c '"$1" ingest - < "$2"' _ "$FOLIO" "$T/piped.md"
ok_if "one new article" out_has "1 new"
expect 0 "it is listed" folio list
ok_if "with its title" out_has "管道送来的稿件"
folio show 1 --original > "$T/piped.orig"
ok_if "its original is the bytes piped in" cmp -s "$T/piped.md" "$T/piped.orig"
expect 0 "show --json" folio show 1 --json
ok_if "names its file '-'" python3 -c "import json,sys; sys.exit(json.load(open(sys.argv[1]))['filename'] != '-')" "$OUT"
expect 1 "an empty standard input fails" sh -c '"$1" ingest - < /dev/null' _ "$FOLIO"
ok_if "saying it is empty" err_has "-: empty file"
expect 2 "'-' twice is a usage error" sh -c '"$1" ingest - - < "$2"' _ "$FOLIO" "$T/piped.md"
ok_if "saying why" err_has "given more than once"

done_testing
