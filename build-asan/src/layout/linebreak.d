build-asan/src/layout/linebreak.o: src/layout/linebreak.c \
 src/layout/linebreak.h src/layout/../utf8.h
src/layout/linebreak.h:
src/layout/../utf8.h:
