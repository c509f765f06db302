build-asan/src/markup.o: src/markup.c src/markup.h src/util.h src/buf.h \
 src/utf8.h
src/markup.h:
src/util.h:
src/buf.h:
src/utf8.h:
