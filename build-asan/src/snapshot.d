build-asan/src/snapshot.o: src/snapshot.c src/snapshot.h src/archive.h \
 src/buf.h src/util.h src/read/article.h src/read/../buf.h src/select.h \
 src/edition.h src/layout/hyphenate.h src/layout/../util.h src/hash.h \
 src/layout/layout.h src/layout/display.h src/recordjson.h src/utf8.h \
 src/version.h
src/snapshot.h:
src/archive.h:
src/buf.h:
src/util.h:
src/read/article.h:
src/read/../buf.h:
src/select.h:
src/edition.h:
src/layout/hyphenate.h:
src/layout/../util.h:
src/hash.h:
src/layout/layout.h:
src/layout/display.h:
src/recordjson.h:
src/utf8.h:
src/version.h:
