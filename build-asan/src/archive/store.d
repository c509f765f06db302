build-asan/src/archive/store.o: src/archive/store.c \
 src/archive/internal.h src/archive/../archive.h src/archive/../buf.h \
 src/archive/../util.h src/archive/../read/article.h \
 src/archive/../read/../buf.h src/archive/../buf.h \
 src/archive/../similar.h src/archive/../compress.h
src/archive/internal.h:
src/archive/../archive.h:
src/archive/../buf.h:
src/archive/../util.h:
src/archive/../read/article.h:
src/archive/../read/../buf.h:
src/archive/../buf.h:
src/archive/../similar.h:
src/archive/../compress.h:
