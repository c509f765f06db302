#!/usr/bin/env bash
# E-paper text dumps: the kicker (引题) above the title and the page line
# (第A3版：综合新闻) are kept as fields, shown, exported and printed; the
# same fields in Markdown front matter round-trip.
. "$(dirname "$0")/lib.sh"
export FOLIO_ARCHIVE=$T/a.db

cat > "$T/ep.txt" <<'TXT'
鄞州日报数字报
第A3版：综合新闻

——某镇探索“村企结对”助力乡村振兴
抱团发展 共同富裕

记者 张三 通讯员 李四

近年来，某镇积极探索“村企结对”模式，推动村集体经济发展，全镇农民收入稳步提高，乡村面貌焕然一新。

镇党委书记表示，下一步将继续深化结对机制，让更多村民共享发展成果，为乡村振兴注入新的动力。
TXT
cat > "$T/ep2.txt" <<'TXT'
第03版 要闻
乡村振兴看鄞州
一条古道串起十个村
近年来，某镇积极探索古道保护模式，推动沿线村庄发展，全镇农民收入稳步提高，乡村面貌焕然一新。
TXT

expect 0 "ingest two e-paper dumps" folio ingest --format webtext "$T/ep.txt" "$T/ep2.txt"
expect 0 "show the first" folio show 1
ok_if "kicker is the ——line above the title" out_has "kicker:       ——某镇探索“村企结对”助力乡村振兴"
ok_if "title is the headline, not the kicker" out_has "title:        抱团发展 共同富裕"
ok_if "page from 第A3版" out_has "page:         A3"
ok_if "section from the page's name" out_has "section:      综合新闻"
expect 0 "show it as JSON" folio show 1 --json
ok_if "the page line is not in the body" eval "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert \"第A3版\" not in d[\"body\"] and \"近年来\" in d[\"body\"], d' '$OUT'"
expect 0 "show the second as JSON" folio show 2 --json
ok_if "kicker: the short line under the page line" eval "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"kicker\"]==\"乡村振兴看鄞州\" and d[\"title\"]==\"一条古道串起十个村\" and d[\"page\"]==\"3\" and d[\"section\"]==\"要闻\", d' '$OUT'"

expect 0 "print it" folio print 1 -o "$T/p.pdf"
pdf_checks "$T/p.pdf" "抱团发展"
ok_if "the kicker prints above the title" eval "pdftotext -raw '$T/p.pdf' - | grep -n '某镇探索\|抱团发展' | head -2 | tr '\n' ' ' | grep -q '^[0-9]*:.*某镇探索.* [0-9]*:抱团发展'"

expect 0 "export as Markdown" folio export --format markdown --all -o "$T/md"
ok_if "front matter has kicker and page" eval "grep -rq '^kicker: \"——某镇探索' '$T/md' && grep -rq '^page: \"A3\"' '$T/md'"
export FOLIO_ARCHIVE=$T/b.db
expect 0 "the exported Markdown ingests" folio ingest "$T/md"
expect 0 "show it" folio show 1 --json
ok_if "kicker and page round-trip" eval "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"kicker\"] and d[\"page\"] in (\"A3\",\"3\"), d' '$OUT'"

# a line like 第3版 inside prose is not a page line
printf '标题一则\n\n这是第3版：修订后的办法，自发布之日起施行，各单位遵照执行，不得有误，特此通知。\n' > "$T/prose.txt"
export FOLIO_ARCHIVE=$T/c.db
expect 0 "ingest prose mentioning 第3版" folio ingest --format webtext "$T/prose.txt"
expect 0 "show it" folio show 1 --json
ok_if "no page taken from prose" eval "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"page\"] is None, d' '$OUT'"
done_testing
