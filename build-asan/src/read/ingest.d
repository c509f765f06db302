build-asan/src/read/ingest.o: src/read/ingest.c src/read/ingest.h \
 src/read/../archive.h src/read/../buf.h src/read/../util.h \
 src/read/../read/article.h src/read/../read/../buf.h src/read/html.h \
 src/read/article.h src/read/../util.h src/read/markdown.h \
 src/read/webtext.h src/read/plaintext.h src/read/dates.h \
 src/read/../encoding.h src/read/../hash.h src/read/../markup.h \
 src/read/../text.h src/read/../utf8.h
src/read/ingest.h:
src/read/../archive.h:
src/read/../buf.h:
src/read/../util.h:
src/read/../read/article.h:
src/read/../read/../buf.h:
src/read/html.h:
src/read/article.h:
src/read/../util.h:
src/read/markdown.h:
src/read/webtext.h:
src/read/plaintext.h:
src/read/dates.h:
src/read/../encoding.h:
src/read/../hash.h:
src/read/../markup.h:
src/read/../text.h:
src/read/../utf8.h:
