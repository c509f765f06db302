/*
 * imagefit.h - photos made no larger than print needs: a JPEG or PNG that
 * would print at more than 450 dpi (max_w x max_h being its largest
 * printed size at 300 dpi) is decoded and scaled down to about 300 dpi
 * (JPEG by libjpeg's DCT scaling, n/8, then quality 92; PNG by averaging
 * boxes of pixels, alpha kept), so that a month of camera photos does not
 * make a 200 MB PDF.  The archive keeps the original bytes; only what is
 * printed is scaled.
 *
 * With rgb_only (a PDF/A file, whose output intent is sRGB), a CMYK JPEG
 * is converted to RGB whatever its size (ink to light without colour
 * management, Adobe's inverted CMYK recognised), since PDF/A allows
 * DeviceCMYK only under a CMYK output intent; without it, CMYK is left
 * as it is.
 *
 * image_fit() appends the new image to *out (the caller's) and returns
 * what it did (IMAGE_FIT_SCALED, IMAGE_FIT_TO_RGB or both), or returns 0
 * when the image is fine as it is (or one it cannot decode) and *out is
 * untouched; IMAGE_FIT_UNUSABLE (alone) for a CMYK JPEG that rgb_only
 * needs converted but that libjpeg cannot decode, which must then not be
 * printed; a negative code only when memory runs out.
 */
#ifndef FOLIO_IMAGEFIT_H
#define FOLIO_IMAGEFIT_H

#include "../buf.h"
#include "../util.h"

enum { IMAGE_FIT_SCALED = 1, IMAGE_FIT_TO_RGB = 2, IMAGE_FIT_UNUSABLE = 4 };

int image_fit(const unsigned char *data, size_t len, const char *media_type, int max_w, int max_h,
	      bool rgb_only, struct buf *out, int *w, int *h, struct ferr *e);

#endif
