/* A CMYK JPEG as Photoshop writes one (Adobe marker, inverted CMYK):
 * the left half full cyan ink, the right half full magenta ink. */
#include <stdio.h>
#include <stdlib.h>
#include <jpeglib.h>
int main(int argc, char **argv)
{
	(void)argc;
	int w = 160, h = 80;
	FILE *f = fopen(argv[1], "wb");
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr e;
	c.err = jpeg_std_error(&e);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = w;
	c.image_height = h;
	c.input_components = 4;
	c.in_color_space = JCS_CMYK;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, 90, TRUE);
	jpeg_start_compress(&c, TRUE);
	unsigned char *row = malloc(w * 4);
	while (c.next_scanline < (unsigned)h) {
		for (int x = 0; x < w; x++) {
			unsigned char ink[4] = { x < w / 2 ? 255 : 0, x < w / 2 ? 0 : 255, 0, 0 };
			for (int k = 0; k < 4; k++)
				row[4 * x + k] = 255 - ink[k]; /* Adobe: inverted */
		}
		JSAMPROW r = row;
		jpeg_write_scanlines(&c, &r, 1);
	}
	jpeg_finish_compress(&c);
	fclose(f);
	return 0;
}
