build-asan/src/yamlmap.o: src/yamlmap.c src/yamlmap.h src/util.h \
 src/buf.h
src/yamlmap.h:
src/util.h:
src/buf.h:
