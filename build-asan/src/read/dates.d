build-asan/src/read/dates.o: src/read/dates.c src/read/dates.h \
 src/read/article.h src/read/../buf.h src/read/../util.h \
 src/read/../utf8.h
src/read/dates.h:
src/read/article.h:
src/read/../buf.h:
src/read/../util.h:
src/read/../utf8.h:
