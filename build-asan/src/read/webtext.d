build-asan/src/read/webtext.o: src/read/webtext.c src/read/webtext.h \
 src/read/article.h src/read/../buf.h src/read/../util.h src/read/dates.h \
 src/read/../utf8.h
src/read/webtext.h:
src/read/article.h:
src/read/../buf.h:
src/read/../util.h:
src/read/dates.h:
src/read/../utf8.h:
