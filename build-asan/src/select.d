build-asan/src/select.o: src/select.c src/select.h src/archive.h \
 src/buf.h src/util.h src/read/article.h src/read/../buf.h
src/select.h:
src/archive.h:
src/buf.h:
src/util.h:
src/read/article.h:
src/read/../buf.h:
