build-asan/src/layout/paginate.o: src/layout/paginate.c \
 src/layout/paginate.h src/layout/display.h src/layout/layout.h \
 src/layout/../util.h src/layout/hyphenate.h src/layout/typeset.h \
 src/layout/../markup.h src/layout/../util.h src/layout/image.h \
 src/layout/linebreak.h src/layout/../buf.h src/layout/../utf8.h
src/layout/paginate.h:
src/layout/display.h:
src/layout/layout.h:
src/layout/../util.h:
src/layout/hyphenate.h:
src/layout/typeset.h:
src/layout/../markup.h:
src/layout/../util.h:
src/layout/image.h:
src/layout/linebreak.h:
src/layout/../buf.h:
src/layout/../utf8.h:
