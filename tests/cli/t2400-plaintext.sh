#!/usr/bin/env bash
# Plain text is an article: a title line (its frame and letter-spacing
# taken off), then paragraphs; found by auto, or asked with --format text.
. "$(dirname "$0")/lib.sh"
export FOLIO_ARCHIVE=$T/a.db

printf '%s\n' \
'===============================================================================' \
'=    欢     迎     阅     读   《 V I M  教  程 》      ——      版本 1.5      =' \
'===============================================================================' \
'' \
'     Vim 是一个具有很多命令的功能非常强大的编辑器。本教程无法' \
'     介绍所有命令。' \
'' \
'     请记住本教程是为使用而设计的。' > "$T/tutor"

expect 0 "a tutor-style file without a name suffix ingests (auto)" folio ingest -v "$T/tutor"
ok_if "as plain text" out_has "new        $T/tutor"
expect 0 "show it" folio show 1 --json
ok_if "title without frame or letter-spacing, body joined" eval "python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert d[\"title\"]==\"欢迎阅读《VIM教程》——版本1.5\", d[\"title\"]
assert d[\"format\"]==\"text\", d[\"format\"]
assert \"本教程无法介绍所有命令。\" in d[\"body\"] and \"===\" not in d[\"body\"], d[\"body\"]
assert d[\"body\"].count(\"\\n\\n\")==1, d[\"body\"]' '$OUT'"

# real Big5 text with no title line: the first sentence is the title
expect 0 "--format text on a Big5 text" folio ingest --format text "$FOLIO_ROOT/tests/data/legacy/big5/_ude_1.txt"
expect 0 "show it" folio show 2 --json
ok_if "title from its first sentence, all paragraphs kept" eval "python3 -c '
import json,sys; d=json.load(open(sys.argv[1]))
assert d[\"title\"]==\"維基大典（Wikipedia）者，網路為礎\", d[\"title\"]
assert d[\"encoding\"]==\"Big5\" and d[\"body\"].startswith(\"維基大典\") and d[\"chars\"] > 300, d' '$OUT'"

expect 2 "an unknown format is refused" folio ingest --format plain "$T/tutor"
ok_if "naming the formats" err_has "(auto, markdown, webtext, html, text)"
printf '\n\n   \n' > "$T/empty.txt"
expect 1 "a text of blanks only fails" folio ingest --format text "$T/empty.txt"
done_testing
