build-asan/src/pdf.o: src/pdf.c src/pdf.h src/fonts.h src/buf.h \
 src/util.h src/layout/display.h src/hash.h src/utf8.h
src/pdf.h:
src/fonts.h:
src/buf.h:
src/util.h:
src/layout/display.h:
src/hash.h:
src/utf8.h:
