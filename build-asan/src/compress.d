build-asan/src/compress.o: src/compress.c src/compress.h src/buf.h \
 src/util.h
src/compress.h:
src/buf.h:
src/util.h:
