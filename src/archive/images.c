/* archive/images.c - reading back the images an article's original
 * references (stored by archive_store(), schema 11). */
#include "internal.h"
#include "../hash.h"

#include <stdlib.h>
#include <string.h>

#define ORIGINAL_OF                                                                        \
	"(SELECT original_id FROM articles WHERE id = ?1 AND (?2 = 0 OR revision = ?2) "  \
	" UNION ALL SELECT original_id FROM revisions WHERE article_id = ?1 AND revision = ?2 " \
	" LIMIT 1)"

int archive_images(struct archive *a, long long id, int revision, struct archive_image_row **out,
		   size_t *n, struct ferr *e)
{
	static const char sql[] =
		"SELECT l.seq, l.ref, l.caption, l.missing, i.sha256, i.media_type, i.width, i.height, "
		"i.size, i.storage FROM original_images l LEFT JOIN images i ON i.id = l.image_id "
		"WHERE l.original_id = " ORIGINAL_OF " ORDER BY l.seq";
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_stmt(a, sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, revision);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = xgrow(*out, *n, sizeof(**out));
		struct archive_image_row *r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->seq = sqlite3_column_int(st, 0);
		r->ref = db_col_text(st, 1);
		r->caption = db_col_text(st, 2);
		r->missing = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL : db_col_text(st, 3);
		if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
			r->sha256 = db_col_text(st, 4);
			r->media_type = db_col_text(st, 5);
			r->width = sqlite3_column_int(st, 6);
			r->height = sqlite3_column_int(st, 7);
			r->size = sqlite3_column_int64(st, 8);
			const char *storage = (const char *)sqlite3_column_text(st, 9);
			r->purged = storage && !strcmp(storage, "purged");
		}
	}
	db_stmt_done(a, st);
	if (rc != SQLITE_DONE) {
		archive_image_rows_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_error(a, rc, e, "reading an article's images");
	}
	return 0;
}

void archive_image_rows_free(struct archive_image_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].ref);
		free(v[i].caption);
		free(v[i].missing);
		free(v[i].sha256);
		free(v[i].media_type);
	}
	free(v);
}

int archive_image_data(struct archive *a, const char *sha256, struct buf *out, struct ferr *e)
{
	sqlite3_stmt *st = db_stmt(a, "SELECT data, storage, size FROM images WHERE sha256 = ?1", e);
	if (!st)
		return FOLIO_EARCHIVE;
	db_bind_text(st, 1, sha256);
	int rc = sqlite3_step(st), err = 0;
	if (rc == SQLITE_ROW) {
		const char *storage = (const char *)sqlite3_column_text(st, 1);
		const void *data = sqlite3_column_blob(st, 0);
		size_t len = (size_t)sqlite3_column_bytes(st, 0);
		char have[SHA256_HEX_LEN + 1];
		if (storage && !strcmp(storage, "purged")) {
			err = ferr_set(e, FOLIO_ENOTFOUND, "image %.12s… was purged", sha256);
		} else {
			sha256_hex(data, len, have);
			if (strcmp(have, sha256) || (long long)len != sqlite3_column_int64(st, 2))
				err = ferr_set(e, FOLIO_EARCHIVE,
					       "image %.12s…: the stored bytes do not match their SHA-256",
					       sha256);
			else
				buf_add(out, data, len);
		}
	} else if (rc == SQLITE_DONE) {
		err = ferr_set(e, FOLIO_ENOTFOUND, "no image %.12s… in the archive", sha256);
	} else {
		err = db_error(a, rc, e, "reading an image");
	}
	db_stmt_done(a, st);
	/* The blob's pages are read once: give them back rather than let a
	 * month of photos fill the page cache. */
	sqlite3_db_release_memory(a->db);
	return err;
}
