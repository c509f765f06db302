build-asan/src/read/plaintext.o: src/read/plaintext.c \
 src/read/plaintext.h src/read/article.h src/read/../buf.h \
 src/read/../util.h src/read/webtext.h src/read/../utf8.h
src/read/plaintext.h:
src/read/article.h:
src/read/../buf.h:
src/read/../util.h:
src/read/webtext.h:
src/read/../utf8.h:
