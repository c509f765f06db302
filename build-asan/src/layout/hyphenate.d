build-asan/src/layout/hyphenate.o: src/layout/hyphenate.c \
 src/layout/hyphenate.h src/layout/../util.h
src/layout/hyphenate.h:
src/layout/../util.h:
