build-asan/src/read/article.o: src/read/article.c src/read/article.h \
 src/read/../buf.h src/read/../util.h src/read/../hash.h
src/read/article.h:
src/read/../buf.h:
src/read/../util.h:
src/read/../hash.h:
