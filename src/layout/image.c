/* image.c - PNG and JPEG dimensions from their headers. */
#include "image.h"

#include <stdio.h>
#include <string.h>

static unsigned be16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

int image_probe(const unsigned char *head, size_t n, int *width, int *height,
		const char **media_type, const char **why)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
	*why = NULL;
	if (n >= 24 && !memcmp(head, png, 8) && !memcmp(head + 12, "IHDR", 4)) {
		unsigned long w = be32(head + 16), h = be32(head + 20);
		if (w == 0 || h == 0 || w > 100000 || h > 100000) {
			*why = "PNG with impossible size";
			return -1;
		}
		*width = (int)w;
		*height = (int)h;
		*media_type = "image/png";
		return 0;
	}
	if (n >= 4 && head[0] == 0xFF && head[1] == 0xD8) {
		size_t i = 2;
		while (i + 9 < n) {
			if (head[i] != 0xFF) {
				i++;
				continue;
			}
			unsigned char m = head[i + 1];
			if (m == 0xD8 || m == 0x01 || (m >= 0xD0 && m <= 0xD7) || m == 0xFF) {
				i += m == 0xFF ? 1 : 2;
				continue;
			}
			unsigned len = be16(head + i + 2);
			/* SOF0..SOF15 but DHT (C4), JPG (C8), DAC (CC) */
			if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
				unsigned h = be16(head + i + 5), w = be16(head + i + 7);
				if (!w || !h)
					break;
				*width = (int)w;
				*height = (int)h;
				*media_type = "image/jpeg";
				return 0;
			}
			if (len < 2)
				break;
			i += 2 + len;
		}
		*why = "JPEG without a frame header";
		return -1;
	}
	*why = "not a PNG or JPEG image";
	return -1;
}

int image_dimensions(const char *path, int *width, int *height, struct ferr *e)
{
	unsigned char head[64 * 1024];
	FILE *f = fopen(path, "rb");
	if (!f)
		return ferr_set(e, FOLIO_EIO, "%s: cannot open image", path);
	size_t n = fread(head, 1, sizeof(head), f);
	fclose(f);
	const char *type, *why;
	if (image_probe(head, n, width, height, &type, &why))
		return ferr_set(e, FOLIO_EINPUT, "%s: %s", path, why);
	return 0;
}

const char *image_extension(const char *media_type)
{
	return media_type && !strcmp(media_type, "image/png") ? "png" : "jpg";
}
