build-asan/src/similar.o: src/similar.c src/similar.h src/utf8.h
src/similar.h:
src/utf8.h:
