build-asan/src/export.o: src/export.c src/export.h src/archive.h \
 src/buf.h src/util.h src/read/article.h src/read/../buf.h src/select.h \
 src/edition.h src/layout/hyphenate.h src/layout/../util.h src/encoding.h \
 src/markup.h src/recordjson.h src/utf8.h
src/export.h:
src/archive.h:
src/buf.h:
src/util.h:
src/read/article.h:
src/read/../buf.h:
src/select.h:
src/edition.h:
src/layout/hyphenate.h:
src/layout/../util.h:
src/encoding.h:
src/markup.h:
src/recordjson.h:
src/utf8.h:
