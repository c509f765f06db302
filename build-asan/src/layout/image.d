build-asan/src/layout/image.o: src/layout/image.c src/layout/image.h \
 src/layout/../util.h
src/layout/image.h:
src/layout/../util.h:
