build-asan/src/edition.o: src/edition.c src/edition.h src/archive.h \
 src/buf.h src/util.h src/read/article.h src/read/../buf.h \
 src/layout/hyphenate.h src/layout/../util.h src/select.h src/fonts.h \
 src/layout/display.h src/hash.h src/markup.h src/pdf.h \
 src/layout/layout.h src/layout/display.h src/layout/paginate.h \
 src/layout/layout.h src/layout/hyphenate.h src/layout/typeset.h \
 src/layout/../markup.h
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
src/hash.h:
src/markup.h:
src/pdf.h:
src/layout/layout.h:
src/layout/display.h:
src/layout/paginate.h:
src/layout/layout.h:
src/layout/hyphenate.h:
src/layout/typeset.h:
src/layout/../markup.h:
