build-asan/src/archive/index.o: src/archive/index.c \
 src/archive/internal.h src/archive/../archive.h src/archive/../buf.h \
 src/archive/../util.h src/archive/../read/article.h \
 src/archive/../read/../buf.h src/archive/../buf.h
src/archive/internal.h:
src/archive/../archive.h:
src/archive/../buf.h:
src/archive/../util.h:
src/archive/../read/article.h:
src/archive/../read/../buf.h:
src/archive/../buf.h:
