build-asan/src/recordjson.o: src/recordjson.c src/recordjson.h \
 src/archive.h src/buf.h src/util.h src/read/article.h src/read/../buf.h
src/recordjson.h:
src/archive.h:
src/buf.h:
src/util.h:
src/read/article.h:
src/read/../buf.h:
