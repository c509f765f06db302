/*
 * read/images.h - the images an article's Markdown body references, found
 * at ingest so that the archive keeps them: a path relative to the input
 * file (a Markdown file's pictures, a saved page's _files/ folder), or a
 * data: URL.  A reference that cannot be kept (a remote URL, a file that
 * is not there or not a JPEG or PNG) is listed with the reason.
 *
 * images_find() allocates everything in *out; found_images_release() frees
 * it.  Safe on any thread: it touches no archive.
 */
#ifndef FOLIO_READ_IMAGES_H
#define FOLIO_READ_IMAGES_H

#include "../buf.h"
#include "../hash.h"

#include <stddef.h>

/* The largest image kept, in bytes. */
#define IMAGE_MAX_BYTES (64LL * 1000 * 1000)

struct found_image {
	char *ref;              /* the reference as the body writes it */
	char *caption;          /* its alt text, else its title, else "" */
	struct buf data;        /* the image's bytes, when found */
	char sha256[SHA256_HEX_LEN + 1];
	const char *media_type; /* "image/jpeg" or "image/png" (static), when found */
	int width, height;      /* pixels, when found */
	char *missing;          /* why it is not kept, or NULL */
};

struct found_images {
	struct found_image *v;
	size_t n;
};

/* Every image of the Markdown md[0..len), in order, each reference once.
 * Relative paths are resolved against base_dir (NULL: the input has no
 * directory, such as standard input: they are all missing). */
void images_find(const char *md, size_t len, const char *base_dir, struct found_images *out);
void found_images_release(struct found_images *f);

#endif
