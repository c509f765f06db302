build-asan/src/cmd/audit.o: src/cmd/audit.c src/cmd/cmd.h \
 src/cmd/../archive.h src/cmd/../buf.h src/cmd/../util.h \
 src/cmd/../read/article.h src/cmd/../read/../buf.h \
 src/cmd/../recordjson.h src/cmd/../archive.h src/cmd/../buf.h \
 src/cmd/../util.h
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
