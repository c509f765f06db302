build-asan/src/archive/fts.o: src/archive/fts.c src/archive/../archive.h \
 src/archive/../buf.h src/archive/../util.h src/archive/../read/article.h \
 src/archive/../read/../buf.h src/archive/../tokenize.h
src/archive/../archive.h:
src/archive/../buf.h:
src/archive/../util.h:
src/archive/../read/article.h:
src/archive/../read/../buf.h:
src/archive/../tokenize.h:
