build-asan/tests/test_glyphsets: tests/unit/test_glyphsets.c \
 tests/unit/test.h src/buf.h src/edition.h src/archive.h src/buf.h \
 src/util.h src/read/article.h src/read/../buf.h src/layout/hyphenate.h \
 src/layout/../util.h src/select.h src/fonts.h src/layout/display.h \
 src/markup.h src/pdf.h src/fonts.h src/utf8.h src/util.h \
 src/layout/hyphenate.h src/layout/layout.h src/layout/display.h \
 src/layout/paginate.h src/layout/layout.h src/layout/hyphenate.h \
 src/layout/typeset.h src/layout/../markup.h src/read/ingest.h \
 src/read/../archive.h
tests/unit/test.h:
src/buf.h:
src/edition.h:
src/archive.h:
src/buf.h:
src/util.h:
src/read/article.h:
src/read/../buf.h:
src/layout/hyphenate.h:
src/layout/../util.h:
src/select.h:
src/fonts.h:
src/layout/display.h:
src/markup.h:
src/pdf.h:
src/fonts.h:
src/utf8.h:
src/util.h:
src/layout/hyphenate.h:
src/layout/layout.h:
src/layout/display.h:
src/layout/paginate.h:
src/layout/layout.h:
src/layout/hyphenate.h:
src/layout/typeset.h:
src/layout/../markup.h:
src/read/ingest.h:
src/read/../archive.h:
