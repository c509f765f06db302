/* imagefit.c - scaling photos down to what print needs (libjpeg, libpng). */
#include "imagefit.h"

#include <stdio.h> /* before jpeglib.h, which uses FILE */
#include <jpeglib.h>
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* libjpeg reports errors through a longjmp back here. */
struct jerr {
	struct jpeg_error_mgr mgr;
	jmp_buf back;
};

static void jerr_exit(j_common_ptr c)
{
	struct jerr *j = (struct jerr *)(void *)c->err;
	longjmp(j->back, 1);
}

static void jerr_quiet(j_common_ptr c, int level)
{
	(void)c;
	(void)level;
}

/* An image prints at most max_w x max_h pixels' size at 300 dpi; it is
 * scaled only when it would print at more than 450 dpi (the binding side
 * over half as large again), since scaling costs a decode and an encode
 * and a JPEG re-encoded loses a little. */
static bool far_beyond(int w, int h, int max_w, int max_h)
{
	double r = (double)w / max_w > (double)h / max_h ? (double)w / max_w : (double)h / max_h;
	return r > 1.5;
}

static int fit_jpeg(const unsigned char *data, size_t len, int max_w, int max_h, bool rgb_only,
		    struct buf *out, int *w, int *h)
{
	struct jpeg_decompress_struct d;
	struct jpeg_compress_struct c;
	struct jerr je;
	unsigned char *volatile pixels = NULL;
	unsigned char *volatile mem = NULL;
	unsigned long memlen = 0;
	volatile bool have_c = false;
	memset(&d, 0, sizeof(d));
	memset(&c, 0, sizeof(c));
	d.err = jpeg_std_error(&je.mgr);
	je.mgr.error_exit = jerr_exit;
	je.mgr.emit_message = jerr_quiet;
	if (setjmp(je.back)) {
		jpeg_destroy_decompress(&d);
		if (have_c)
			jpeg_destroy_compress(&c);
		free(pixels);
		free(mem);
		/* Left as it is, unless it cannot be printed as it is: four
		 * components (libjpeg has them from the frame header, which
		 * comes before the tables and the data) under PDF/A. */
		return rgb_only && d.num_components == 4 ? IMAGE_FIT_UNUSABLE : 0;
	}
	jpeg_create_decompress(&d);
	jpeg_mem_src(&d, data, (unsigned long)len);
	jpeg_read_header(&d, TRUE);
	bool cmyk = d.jpeg_color_space == JCS_CMYK || d.jpeg_color_space == JCS_YCCK;
	bool scale = far_beyond((int)d.image_width, (int)d.image_height, max_w, max_h);
	if ((cmyk && !rgb_only) || (!cmyk && !scale)) {
		jpeg_destroy_decompress(&d);
		return 0;
	}
	/* The smallest n/8 that keeps at least max_w x max_h (or the
	 * image's shape within them); 8/8 for a CMYK photo only converted. */
	unsigned n = 8;
	if (scale) {
		n = 1;
		while (n < 8 && ((int)(d.image_width * n / 8) < max_w && (int)(d.image_height * n / 8) < max_h))
			n++;
	}
	if (n >= 8 && !cmyk) {
		jpeg_destroy_decompress(&d);
		return 0;
	}
	d.scale_num = n;
	d.scale_denom = 8;
	d.out_color_space = d.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE
			    : cmyk ? JCS_CMYK : JCS_RGB;
	jpeg_start_decompress(&d);
	size_t stride = (size_t)d.output_width * (size_t)d.output_components;
	pixels = calloc(d.output_height, stride); /* zeroed: a short read leaves no garbage */
	if (!pixels)
		longjmp(je.back, 1);
	while (d.output_scanline < d.output_height) {
		JSAMPROW row = pixels + stride * d.output_scanline;
		jpeg_read_scanlines(&d, &row, 1);
	}
	if (cmyk) {
		/* Ink to light, without colour management: an Adobe JPEG
		 * stores CMYK inverted (as Photoshop writes it and PDF
		 * viewers read it), others as ink. */
		bool inverted = d.saw_Adobe_marker;
		size_t np = (size_t)d.output_width * d.output_height;
		for (size_t i = 0; i < np; i++) {
			const unsigned char *p = pixels + 4 * i;
			unsigned k = inverted ? p[3] : 255u - p[3];
			unsigned char rgb[3];
			for (int ch = 0; ch < 3; ch++) {
				unsigned v = inverted ? p[ch] : 255u - p[ch];
				rgb[ch] = (unsigned char)((v * k + 127) / 255);
			}
			memcpy(pixels + 3 * i, rgb, 3);
		}
		stride = (size_t)d.output_width * 3;
	}
	c.err = d.err;
	jpeg_create_compress(&c);
	have_c = true;
	jpeg_mem_dest(&c, (unsigned char **)&mem, &memlen);
	c.image_width = d.output_width;
	c.image_height = d.output_height;
	c.input_components = cmyk ? 3 : d.output_components;
	c.in_color_space = cmyk ? JCS_RGB : d.out_color_space;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 92, TRUE);
	/* the resolution it was made for is not known here: none */
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		JSAMPROW row = pixels + stride * c.next_scanline;
		jpeg_write_scanlines(&c, &row, 1);
	}
	jpeg_finish_compress(&c);
	*w = (int)d.output_width;
	*h = (int)d.output_height;
	jpeg_finish_decompress(&d);
	jpeg_destroy_decompress(&d);
	jpeg_destroy_compress(&c);
	buf_add(out, mem, memlen);
	free(mem);
	free(pixels);
	return (n < 8 ? IMAGE_FIT_SCALED : 0) | (cmyk ? IMAGE_FIT_TO_RGB : 0);
}

static int fit_png(const unsigned char *data, size_t len, int max_w, int max_h, struct buf *out,
		   int *w, int *h)
{
	png_image im;
	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, data, len))
		return 0;
	if (!far_beyond((int)im.width, (int)im.height, max_w, max_h)) {
		png_image_free(&im);
		return 0;
	}
	/* An integer factor k: the largest that keeps max_w wide or max_h
	 * high (whichever the print size is bound by). */
	unsigned k = 1;
	while ((int)(im.width / (k + 1)) >= max_w || (int)(im.height / (k + 1)) >= max_h)
		k++;
	if (k < 2) {
		png_image_free(&im);
		return 0;
	}
	im.format = PNG_FORMAT_RGBA;
	size_t stride = (size_t)im.width * 4;
	unsigned char *src = malloc(stride * im.height);
	if (!src) {
		png_image_free(&im);
		return 0;
	}
	if (!png_image_finish_read(&im, NULL, src, (png_int_32)stride, NULL)) {
		free(src);
		return 0;
	}
	unsigned ow = im.width / k, oh = im.height / k;
	unsigned char *dst = malloc((size_t)ow * oh * 4);
	if (!dst) {
		free(src);
		return 0;
	}
	for (unsigned y = 0; y < oh; y++)
		for (unsigned x = 0; x < ow; x++) {
			/* colour weighted by alpha, so transparent pixels do not
			 * darken the edges */
			unsigned long sum[4] = { 0, 0, 0, 0 };
			for (unsigned dy = 0; dy < k; dy++) {
				const unsigned char *p = src + stride * (y * k + dy) + (size_t)x * k * 4;
				for (unsigned dx = 0; dx < k; dx++, p += 4) {
					sum[0] += (unsigned long)p[0] * p[3];
					sum[1] += (unsigned long)p[1] * p[3];
					sum[2] += (unsigned long)p[2] * p[3];
					sum[3] += p[3];
				}
			}
			unsigned char *q = dst + ((size_t)y * ow + x) * 4;
			for (int i = 0; i < 3; i++)
				q[i] = (unsigned char)(sum[3] ? (sum[i] + sum[3] / 2) / sum[3] : 0);
			unsigned long kk = (unsigned long)k * k;
			q[3] = (unsigned char)((sum[3] + kk / 2) / kk);
		}
	free(src);
	png_image o;
	memset(&o, 0, sizeof(o));
	o.version = PNG_IMAGE_VERSION;
	o.width = ow;
	o.height = oh;
	o.format = PNG_FORMAT_RGBA;
	png_alloc_size_t need = 0;
	int ok = png_image_write_get_memory_size(o, need, 0, dst, 0, NULL);
	void *mem = ok ? malloc(need) : NULL;
	if (mem && png_image_write_to_memory(&o, mem, &need, 0, dst, 0, NULL)) {
		buf_add(out, mem, need);
		*w = (int)ow;
		*h = (int)oh;
	} else {
		ok = 0;
	}
	free(mem);
	free(dst);
	return ok ? IMAGE_FIT_SCALED : 0;
}

int image_fit(const unsigned char *data, size_t len, const char *media_type, int max_w, int max_h,
	      bool rgb_only, struct buf *out, int *w, int *h, struct ferr *e)
{
	(void)e;
	if (max_w < 1 || max_h < 1)
		return 0;
	if (!strcmp(media_type, "image/jpeg"))
		return fit_jpeg(data, len, max_w, max_h, rgb_only, out, w, h);
	if (!strcmp(media_type, "image/png"))
		return fit_png(data, len, max_w, max_h, out, w, h);
	return 0;
}
