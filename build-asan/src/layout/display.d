build-asan/src/layout/display.o: src/layout/display.c \
 src/layout/display.h src/layout/../util.h
src/layout/display.h:
src/layout/../util.h:
