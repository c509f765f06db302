build-asan/src/encoding.o: src/encoding.c src/encoding.h src/buf.h \
 src/util.h src/plausibility.h src/utf8.h
src/encoding.h:
src/buf.h:
src/util.h:
src/plausibility.h:
src/utf8.h:
