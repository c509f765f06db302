build-asan/src/layout/layout.o: src/layout/layout.c src/layout/layout.h \
 src/layout/display.h src/layout/../util.h src/layout/../yamlmap.h \
 src/layout/../util.h
src/layout/layout.h:
src/layout/display.h:
src/layout/../util.h:
src/layout/../yamlmap.h:
src/layout/../util.h:
