/*
 * image.h - the pixel size of a PNG or JPEG file, read from its header, so
 * layout can scale an image to the column before the PDF backend loads it.
 */
#ifndef FOLIO_IMAGE_H
#define FOLIO_IMAGE_H

#include "../util.h"

/* Width and height in pixels of the PNG or JPEG at path.  FOLIO_EINPUT when
 * the file is neither, or its header is damaged; FOLIO_EIO when it cannot
 * be read. */
int image_dimensions(const char *path, int *width, int *height, struct ferr *e);
/* The same from the first n bytes of an image in memory: 0 with the size
 * and "image/png" or "image/jpeg" (static), or -1 with *why (static). */
int image_probe(const unsigned char *head, size_t n, int *width, int *height,
		const char **media_type, const char **why);
/* The file name extension for a media type image_probe() gives: "png" or
 * "jpg" (static).  Images folio writes out are named SHA256.EXT. */
const char *image_extension(const char *media_type);

#endif
