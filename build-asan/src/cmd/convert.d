build-asan/src/cmd/convert.o: src/cmd/convert.c src/cmd/cmd.h \
 src/cmd/../archive.h src/cmd/../buf.h src/cmd/../util.h \
 src/cmd/../read/article.h src/cmd/../read/../buf.h \
 src/cmd/../recordjson.h src/cmd/../archive.h src/cmd/../buf.h \
 src/cmd/../util.h src/cmd/../encoding.h src/cmd/../read/ingest.h \
 src/cmd/../read/../archive.h
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
src/cmd/../encoding.h:
src/cmd/../read/ingest.h:
src/cmd/../read/../archive.h:
