#!/usr/bin/env bash
# HTML pages give their date in more places than <meta property=
# "article:published_time">: Baidu's JSON-LD pubDate, Tencent's apub:time,
# a firstpublishedtime key in the page's script data.
. "$(dirname "$0")/lib.sh"
export FOLIO_ARCHIVE=$T/a.db
body='<p>近年来，某镇积极探索“村企结对”模式，推动村集体经济发展，全镇农民收入稳步提高，乡村面貌焕然一新，村民生活越来越好。</p><p>镇党委书记表示，下一步将继续深化结对机制，让更多村民共享发展成果，为乡村振兴注入新的动力和活力。</p>'
page() { # FILE TITLE HEAD
	printf '<html><head><title>%s</title>%s</head><body><h1>%s</h1><div class="content">%s</div></body></html>' "$2" "$3" "$2" "$body" > "$T/$1"
}
page j1.html 甲 '<script type="application/ld+json">{"@context":"https://ziyuan.baidu.com/contexts/cambrian.jsonld","title":"甲","pubDate":"2019-03-04T08:09:10"}</script>'
page j2.html 乙 '<meta name="apub:time" content="2019-03-05 10:11:12">'
page j3.html 丙 '<script>var DATA = {"title":"丙","firstpublishedtime":"2019-03-06 11:12:13"};</script>'
page j4.html 丁 '<script type="application/ld+json">{"dateModified":"2020-01-01T00:00:00"}</script>'
expect 0 "ingest four pages" folio ingest "$T/j1.html" "$T/j2.html" "$T/j3.html" "$T/j4.html"
for x in "1 2019-03-04T08:09:10+08:00" "2 2019-03-05T10:11:12+08:00" "3 2019-03-06T11:12:13+08:00"; do
	set -- $x
	expect 0 "show $1" folio show "$1" --json
	ok_if "article $1 dated $2, from the page" eval "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"published\"]==sys.argv[2] and d[\"date_source\"]==\"page\", d[\"published\"]' '$OUT' '$2'"
done
expect 0 "show 4" folio show 4 --json
ok_if "a modification date is not a publication date" eval "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[\"published\"] is None, d[\"published\"]' '$OUT'"
done_testing
