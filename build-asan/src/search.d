build-asan/src/search.o: src/search.c src/search.h src/archive.h \
 src/buf.h src/util.h src/read/article.h src/read/../buf.h src/markup.h \
 src/utf8.h
src/search.h:
src/archive.h:
src/buf.h:
src/util.h:
src/read/article.h:
src/read/../buf.h:
src/markup.h:
src/utf8.h:
