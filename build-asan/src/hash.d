build-asan/src/hash.o: src/hash.c src/hash.h src/util.h
src/hash.h:
src/util.h:
