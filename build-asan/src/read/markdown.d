build-asan/src/read/markdown.o: src/read/markdown.c src/read/markdown.h \
 src/read/article.h src/read/../buf.h src/read/../util.h src/read/dates.h \
 src/read/../markup.h src/read/../util.h src/read/../yamlmap.h
src/read/markdown.h:
src/read/article.h:
src/read/../buf.h:
src/read/../util.h:
src/read/dates.h:
src/read/../markup.h:
src/read/../util.h:
src/read/../yamlmap.h:
