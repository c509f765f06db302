build-asan/src/buf.o: src/buf.c src/buf.h src/utf8.h src/util.h
src/buf.h:
src/utf8.h:
src/util.h:
