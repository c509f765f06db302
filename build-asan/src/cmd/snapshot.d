build-asan/src/cmd/snapshot.o: src/cmd/snapshot.c src/cmd/cmd.h \
 src/cmd/../archive.h src/cmd/../buf.h src/cmd/../util.h \
 src/cmd/../read/article.h src/cmd/../read/../buf.h \
 src/cmd/../recordjson.h src/cmd/../archive.h src/cmd/../buf.h \
 src/cmd/../util.h src/cmd/../edition.h src/cmd/../layout/hyphenate.h \
 src/cmd/../layout/../util.h src/cmd/../select.h src/cmd/../select.h \
 src/cmd/../snapshot.h
src/cmd/cmd.h:
src/cmd/../archive.h:
src/cmd/../buf.h:
src/cmd/../util.h:
src/cmd/../read/article.h:
src/cmd/../read/../buf.h:
src/cmd/../recordjson.h:
src/cmd/../archive.h:
src/cmd/../buf.h:
src/cmd/../util.h:
src/cmd/../edition.h:
src/cmd/../layout/hyphenate.h:
src/cmd/../layout/../util.h:
src/cmd/../select.h:
src/cmd/../select.h:
src/cmd/../snapshot.h:
