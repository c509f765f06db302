build-asan/src/plausibility.o: src/plausibility.c src/plausibility.h \
 src/utf8.h src/cjk_frequency.inc
src/plausibility.h:
src/utf8.h:
src/cjk_frequency.inc:
