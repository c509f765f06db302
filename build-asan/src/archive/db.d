build-asan/src/archive/db.o: src/archive/db.c src/archive/internal.h \
 src/archive/../archive.h src/archive/../buf.h src/archive/../util.h \
 src/archive/../read/article.h src/archive/../read/../buf.h \
 src/archive/../buf.h src/archive/../compress.h src/archive/../markup.h
src/archive/internal.h:
src/archive/../archive.h:
src/archive/../buf.h:
src/archive/../util.h:
src/archive/../read/article.h:
src/archive/../read/../buf.h:
src/archive/../buf.h:
src/archive/../compress.h:
src/archive/../markup.h:
