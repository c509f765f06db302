build-asan/src/tokenize.o: src/tokenize.c src/tokenize.h src/utf8.h
src/tokenize.h:
src/utf8.h:
