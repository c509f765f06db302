build-asan/src/layout/typeset.o: src/layout/typeset.c \
 src/layout/typeset.h src/layout/display.h src/layout/hyphenate.h \
 src/layout/../util.h src/layout/../markup.h src/layout/../util.h \
 src/layout/linebreak.h src/layout/../utf8.h
src/layout/typeset.h:
src/layout/display.h:
src/layout/hyphenate.h:
src/layout/../util.h:
src/layout/../markup.h:
src/layout/../util.h:
src/layout/linebreak.h:
src/layout/../utf8.h:
