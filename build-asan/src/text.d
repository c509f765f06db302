build-asan/src/text.o: src/text.c src/text.h src/util.h src/buf.h \
 src/utf8.h
src/text.h:
src/util.h:
src/buf.h:
src/utf8.h:
