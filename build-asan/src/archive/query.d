build-asan/src/archive/query.o: src/archive/query.c \
 src/archive/internal.h src/archive/../archive.h src/archive/../buf.h \
 src/archive/../util.h src/archive/../read/article.h \
 src/archive/../read/../buf.h src/archive/../buf.h src/archive/../hash.h \
 src/archive/../utf8.h
src/archive/internal.h:
src/archive/../archive.h:
src/archive/../buf.h:
src/archive/../util.h:
src/archive/../read/article.h:
src/archive/../read/../buf.h:
src/archive/../buf.h:
src/archive/../hash.h:
src/archive/../utf8.h:
