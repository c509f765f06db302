build-asan/src/archive/check.o: src/archive/check.c \
 src/archive/internal.h src/archive/../archive.h src/archive/../buf.h \
 src/archive/../util.h src/archive/../read/article.h \
 src/archive/../read/../buf.h src/archive/../buf.h \
 src/archive/../plausibility.h src/archive/../text.h \
 src/archive/../utf8.h src/archive/../read/article.h
src/archive/internal.h:
src/archive/../archive.h:
src/archive/../buf.h:
src/archive/../util.h:
src/archive/../read/article.h:
src/archive/../read/../buf.h:
src/archive/../buf.h:
src/archive/../plausibility.h:
src/archive/../text.h:
src/archive/../utf8.h:
src/archive/../read/article.h:
