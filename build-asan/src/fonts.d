build-asan/src/fonts.o: src/fonts.c src/fonts.h src/buf.h src/util.h \
 src/layout/display.h /usr/include/harfbuzz/hb-subset.h \
 /usr/include/harfbuzz/hb.h /usr/include/harfbuzz/hb-blob.h \
 /usr/include/harfbuzz/hb-common.h /usr/include/harfbuzz/hb-buffer.h \
 /usr/include/harfbuzz/hb-unicode.h /usr/include/harfbuzz/hb-font.h \
 /usr/include/harfbuzz/hb-face.h /usr/include/harfbuzz/hb-set.h \
 /usr/include/harfbuzz/hb-draw.h /usr/include/harfbuzz/hb-deprecated.h \
 /usr/include/harfbuzz/hb-map.h /usr/include/harfbuzz/hb-shape.h \
 /usr/include/harfbuzz/hb-shape-plan.h /usr/include/harfbuzz/hb-style.h \
 /usr/include/harfbuzz/hb-version.h /usr/include/harfbuzz/hb-ot.h \
 /usr/include/harfbuzz/hb-ot-color.h /usr/include/harfbuzz/hb-ot-name.h \
 /usr/include/harfbuzz/hb-ot-deprecated.h \
 /usr/include/harfbuzz/hb-ot-font.h /usr/include/harfbuzz/hb-ot-layout.h \
 /usr/include/harfbuzz/hb-ot-math.h /usr/include/harfbuzz/hb-ot-meta.h \
 /usr/include/harfbuzz/hb-ot-metrics.h \
 /usr/include/harfbuzz/hb-ot-shape.h /usr/include/harfbuzz/hb-ot-var.h \
 /usr/include/harfbuzz/hb.h
src/fonts.h:
src/buf.h:
src/util.h:
src/layout/display.h:
/usr/include/harfbuzz/hb-subset.h:
/usr/include/harfbuzz/hb.h:
/usr/include/harfbuzz/hb-blob.h:
/usr/include/harfbuzz/hb-common.h:
/usr/include/harfbuzz/hb-buffer.h:
/usr/include/harfbuzz/hb-unicode.h:
/usr/include/harfbuzz/hb-font.h:
/usr/include/harfbuzz/hb-face.h:
/usr/include/harfbuzz/hb-set.h:
/usr/include/harfbuzz/hb-draw.h:
/usr/include/harfbuzz/hb-deprecated.h:
/usr/include/harfbuzz/hb-map.h:
/usr/include/harfbuzz/hb-shape.h:
/usr/include/harfbuzz/hb-shape-plan.h:
/usr/include/harfbuzz/hb-style.h:
/usr/include/harfbuzz/hb-version.h:
/usr/include/harfbuzz/hb-ot.h:
/usr/include/harfbuzz/hb-ot-color.h:
/usr/include/harfbuzz/hb-ot-name.h:
/usr/include/harfbuzz/hb-ot-deprecated.h:
/usr/include/harfbuzz/hb-ot-font.h:
/usr/include/harfbuzz/hb-ot-layout.h:
/usr/include/harfbuzz/hb-ot-math.h:
/usr/include/harfbuzz/hb-ot-meta.h:
/usr/include/harfbuzz/hb-ot-metrics.h:
/usr/include/harfbuzz/hb-ot-shape.h:
/usr/include/harfbuzz/hb-ot-var.h:
/usr/include/harfbuzz/hb.h:
