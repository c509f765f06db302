/* archive/store.c - storing an article: its original, its revision, identity and batches. */
#include "internal.h"
#include "../similar.h"
#include "../compress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- storing ----------------------------------------------------------- */

static void json_list(struct buf *b, const struct strlist *l)
{
	buf_addc(b, '[');
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			buf_addc(b, ',');
		buf_add_json_string(b, l->items[i]);
	}
	buf_addc(b, ']');
}

/* Returns the id of the row matching a one-text-parameter query, 0 if none,
 * or a negative error. */
static long long lookup_id(struct archive *a, const char *sql, const char *key, struct ferr *e)
{
	sqlite3_stmt *st = db_stmt(a, sql, e);
	long long id = 0;
	if (!st)
		return FOLIO_EARCHIVE;
	db_bind_text(st, 1, key);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		id = db_error(a, rc, e, "looking up");
	db_stmt_done(a, st);
	return id;
}

/* The original as a Zstandard frame in z, when that saves at least an
 * eighth: true.  Otherwise false, and the original is stored raw. */
static bool pack_original(const struct archive_entry *in, struct buf *z)
{
	if (in->original_len >= 64 && compress_bytes(in->original, in->original_len, z) == 0 &&
	    z->len < in->original_len - in->original_len / 8)
		return true;
	z->len = 0;
	return false;
}

int archive_entry_pack(const struct archive_entry *in, struct archive_packed *p)
{
	p->original = (struct buf)BUF_INIT;
	p->body = (struct buf)BUF_INIT;
	p->original_packed = pack_original(in, &p->original);
	const struct article *art = in->article;
	if (compress_delta(art->body.data, art->body.len, in->original, in->original_len, &p->body)) {
		archive_packed_release(p);
		return FOLIO_EIO;
	}
	return 0;
}

void archive_packed_release(struct archive_packed *p)
{
	buf_release(&p->original);
	buf_release(&p->body);
}

static long long insert_original(struct archive *a, const struct archive_entry *in, const char *now,
				 struct ferr *e)
{
	static const char sql[] =
		"INSERT INTO originals (sha256, size, filename, format, encoding, ingested, storage, data, "
		"converter, lossy_bytes, evidence, confidence, plausibility, language, suspect) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
	bool packed = false;
	sqlite3_stmt *st = db_stmt(a, sql, e);
	if (!st)
		return FOLIO_EARCHIVE;
	packed = in->packed->original_packed;
	const struct buf *zp = &in->packed->original;
	db_bind_text(st, 1, in->original_sha256);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)in->original_len);
	db_bind_text(st, 3, in->filename);
	db_bind_text(st, 4, in->format);
	db_bind_text(st, 5, in->encoding);
	db_bind_text(st, 6, now);
	db_bind_text(st, 7, packed ? "zstd" : "raw");
	if (packed)
		sqlite3_bind_blob64(st, 8, zp->data, zp->len, SQLITE_TRANSIENT);
	else
		sqlite3_bind_blob64(st, 8, in->original_len ? (const void *)in->original : "", in->original_len,
				    SQLITE_TRANSIENT);
	db_bind_text(st, 9, in->converter ? in->converter : "");
	sqlite3_bind_int64(st, 10, (sqlite3_int64)in->replaced);
	db_bind_text(st, 11, in->evidence ? in->evidence : "");
	sqlite3_bind_double(st, 12, in->confidence);
	sqlite3_bind_double(st, 13, in->plausibility);
	db_bind_text(st, 14, in->language ? in->language : "");
	sqlite3_bind_int(st, 15, in->suspect);
	int rc = sqlite3_step(st);
	db_stmt_done(a, st);
	if (rc != SQLITE_DONE)
		return db_error(a, rc, e, "storing the original");
	return sqlite3_last_insert_rowid(a->db);
}

/* Bind the article fields shared by INSERT and UPDATE as ?2..?22. */
static void bind_article(sqlite3_stmt *st, const struct archive_entry *in, long long original_id,
			 const char *now)
{
	const struct article *art = in->article;
	struct buf authors = BUF_INIT, contributors = BUF_INIT, tags = BUF_INIT;
	json_list(&authors, &art->authors);
	json_list(&contributors, &art->contributors);
	json_list(&tags, &art->tags);
	db_bind_text(st, 2, in->published);
	db_bind_text(st, 3, in->pub_date);
	db_bind_text(st, 4, art->title);
	db_bind_text(st, 5, art->subtitle);
	db_bind_text(st, 6, authors.data);
	db_bind_text(st, 7, contributors.data);
	db_bind_text(st, 8, art->editor);
	db_bind_text(st, 9, art->source);
	db_bind_text(st, 10, art->section);
	db_bind_text(st, 11, art->url);
	db_bind_text(st, 12, art->correction);
	db_bind_text(st, 13, tags.data);
	sqlite3_bind_blob64(st, 14, in->packed->body.data, in->packed->body.len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 15, in->chars);
	sqlite3_bind_int(st, 16, in->lossy);
	db_bind_text(st, 17, in->content_sha256);
	sqlite3_bind_int64(st, 18, original_id);
	db_bind_text(st, 19, now);
	db_bind_text(st, 20, in->date_source ? in->date_source : "");
	db_bind_text(st, 21, art->kicker);
	db_bind_text(st, 22, art->page);
	buf_release(&authors);
	buf_release(&contributors);
	buf_release(&tags);
}

/* If article id is a tombstone, the error that says so: an article that was
 * deleted is not stored again, as a duplicate, a revision or anew. */
static int refuse_if_deleted(struct archive *a, long long id, const char *how, struct ferr *e)
{
	sqlite3_stmt *st = db_stmt(a,
				   "SELECT x.deleted, x.delete_reason, x.purged, (SELECT min(seq) FROM audit "
				   "WHERE action IN ('delete', 'purge') AND subject = 'article ' || x.id) "
				   "FROM articles x WHERE x.id = ?1 AND x.deleted IS NOT NULL",
				   e);
	int err = 0;
	if (!st)
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *when = (const char *)sqlite3_column_text(st, 0);
		const char *why = (const char *)sqlite3_column_text(st, 1);
		err = ferr_set(e, FOLIO_EINPUT,
			       "%s article %lld, which was %s on %s (reason: %s; audit entry %lld): a "
			       "deleted article is not stored again",
			       how, id, sqlite3_column_int(st, 2) ? "purged" : "deleted", when ? when : "?",
			       why ? why : "none given", (long long)sqlite3_column_int64(st, 3));
	}
	db_stmt_done(a, st);
	return err;
}

/* The images of original_id: each kept once by its hash, and listed in
 * order with its caption, or with why it is missing. */
static int insert_images(struct archive *a, long long original_id, const struct archive_entry *in,
			 const char *now, struct ferr *e)
{
	for (size_t i = 0; i < in->nimages; i++) {
		const struct archive_image *im = &in->images[i];
		long long image_id = 0;
		sqlite3_stmt *st;
		if (im->data) {
			st = db_stmt(a, "INSERT INTO images (sha256, media_type, width, height, size, data, "
				     "stored) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (sha256) DO NOTHING",
				     e);
			if (!st)
				return FOLIO_EARCHIVE;
			db_bind_text(st, 1, im->sha256);
			db_bind_text(st, 2, im->media_type);
			sqlite3_bind_int(st, 3, im->width);
			sqlite3_bind_int(st, 4, im->height);
			sqlite3_bind_int64(st, 5, (sqlite3_int64)im->len);
			sqlite3_bind_blob64(st, 6, im->data, im->len, SQLITE_STATIC);
			db_bind_text(st, 7, now);
			int rc = sqlite3_step(st);
			db_stmt_done(a, st);
			if (rc != SQLITE_DONE)
				return db_error(a, rc, e, "storing an image");
			if ((image_id = lookup_id(a, "SELECT id FROM images WHERE sha256 = ?1", im->sha256, e)) <= 0)
				return image_id < 0 ? (int)image_id : db_error(a, SQLITE_ERROR, e, "storing an image");
		}
		st = db_stmt(a, "INSERT INTO original_images (original_id, seq, ref, caption, image_id, "
			     "missing) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			     e);
		if (!st)
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, original_id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		db_bind_text(st, 3, im->ref);
		db_bind_text(st, 4, im->caption ? im->caption : "");
		if (image_id)
			sqlite3_bind_int64(st, 5, image_id);
		else
			sqlite3_bind_null(st, 5);
		if (image_id)
			sqlite3_bind_null(st, 6);
		else
			db_bind_text(st, 6, im->missing ? im->missing : "not found");
		int rc = sqlite3_step(st);
		db_stmt_done(a, st);
		if (rc != SQLITE_DONE)
			return db_error(a, rc, e, "listing an image");
	}
	return 0;
}

/* The same bytes as original_id again, with image references: if the
 * archive lists none for it (it was stored before images were kept), list
 * and keep them now, and say so in the audit log.  An original whose
 * references were listed, found or not, is left as it is. */
static int add_missing_images(struct archive *a, long long original_id,
			      const struct archive_entry *in, struct store_result *res,
			      const char *now, struct ferr *e)
{
	sqlite3_stmt *st = db_stmt(a, "SELECT count(*) FROM original_images WHERE original_id = ?1", e);
	if (!st)
		return FOLIO_EARCHIVE;
	sqlite3_bind_int64(st, 1, original_id);
	int rc = sqlite3_step(st);
	long long listed = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	db_stmt_done(a, st);
	if (listed < 0)
		return db_error(a, rc, e, "reading an original's images");
	if (listed > 0)
		return 0;
	int err = insert_images(a, original_id, in, now, e);
	if (err)
		return err;
	int kept = 0;
	for (size_t i = 0; i < in->nimages; i++)
		kept += in->images[i].data != NULL;
	struct buf detail = BUF_INIT;
	char subject[48];
	snprintf(subject, sizeof(subject), "article %lld", res->article_id);
	buf_addf(&detail, "{\"original_sha256\":\"%s\",\"references\":%zu,\"kept\":%d}",
		 in->original_sha256, in->nimages, kept);
	err = audit_append(a, "images", subject, detail.data, e);
	buf_release(&detail);
	if (err)
		return err;
	res->images_added = (int)in->nimages;
	res->why = "same bytes as an archived original, stored before images were kept: its "
		   "images are listed now";
	return 0;
}

static int store_locked(struct archive *a, const struct archive_entry *in, struct store_result *res,
			const char *now, struct ferr *e)
{
	static const char by_sha[] = "SELECT id FROM originals WHERE sha256 = ?1";
	static const char by_content[] =
		"SELECT id FROM articles WHERE content_sha256 = ?1 "
		"UNION ALL SELECT article_id FROM revisions WHERE content_sha256 = ?1 LIMIT 1";
	static const char by_identity[] = "SELECT id FROM articles WHERE identity = ?1";
	static const char insert_sql[] =
		"INSERT INTO articles (identity, published, pub_date, title, subtitle, authors, "
		"contributors, editor, source, section, url, correction, tags, body, chars, lossy, "
		"content_sha256, original_id, ingested, created, date_source, kicker, page) VALUES "
		"(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?19, "
		"?20, ?21, ?22)";
	static const char keep_sql[] =
		"INSERT INTO revisions (article_id, revision, published, pub_date, title, subtitle, "
		"authors, contributors, editor, source, section, url, correction, tags, body, chars, "
		"lossy, content_sha256, original_id, ingested, superseded, date_source, kicker, page) "
		"SELECT id, revision, published, pub_date, title, subtitle, "
		"authors, contributors, editor, source, section, url, correction, tags, body, chars, "
		"lossy, content_sha256, original_id, ingested, ?2, date_source, kicker, page "
		"FROM articles WHERE id = ?1";
	static const char update_sql[] =
		"UPDATE articles SET revision = revision + 1, published = ?2, pub_date = ?3, "
		"title = ?4, subtitle = ?5, authors = ?6, contributors = ?7, editor = ?8, source = ?9, "
		"section = ?10, url = ?11, correction = ?12, tags = ?13, body = ?14, chars = ?15, "
		"lossy = ?16, content_sha256 = ?17, original_id = ?18, ingested = ?19, date_source = ?20, "
		"kicker = ?21, page = ?22 WHERE id = ?1 RETURNING revision";
	static const char old_sql[] =
		"SELECT x.title, x.body, o.size, o.storage, o.data FROM articles x "
		"JOIN originals o ON o.id = x.original_id WHERE x.id = ?1";
	long long id, original_id;
	sqlite3_stmt *st;
	int rc, err;

	memset(res, 0, sizeof(*res));
	res->shared = -1;
	if ((id = lookup_id(a, by_sha, in->original_sha256, e)) < 0)
		return (int)id;
	if (id > 0) {
		res->status = STORE_DUPLICATE;
		res->why = "same bytes as an archived original";
		st = db_stmt(a, "SELECT a.id, a.revision FROM articles a WHERE a.original_id = ?1 "
			     "UNION ALL SELECT r.article_id, r.revision FROM revisions r WHERE r.original_id = ?1",
			  e);
		if (st) {
			sqlite3_bind_int64(st, 1, id);
			if (sqlite3_step(st) == SQLITE_ROW) {
				res->article_id = sqlite3_column_int64(st, 0);
				res->revision = sqlite3_column_int(st, 1);
			}
			db_stmt_done(a, st);
		}
		if (!res->article_id)
			return 0;
		if ((err = refuse_if_deleted(a, res->article_id, "same bytes as", e)))
			return err;
		return in->nimages ? add_missing_images(a, id, in, res, now, e) : 0;
	}
	if ((id = lookup_id(a, by_content, in->content_sha256, e)) < 0)
		return (int)id;
	if (id > 0) {
		res->status = STORE_DUPLICATE;
		res->why = "same text as an archived article";
		res->article_id = id;
		return refuse_if_deleted(a, id, "same text as", e);
	}
	if ((original_id = insert_original(a, in, now, e)) < 0)
		return (int)original_id;
	if ((err = insert_images(a, original_id, in, now, e)))
		return err;
	if ((id = lookup_id(a, by_identity, in->identity, e)) < 0)
		return (int)id;
	if (id > 0 && (err = refuse_if_deleted(a, id, "a new revision of", e)))
		return err;

	/* Same title, date and first author is evidence of a revision only
	 * when most of the text is shared too; else a different article (two
	 * briefs of one day under one heading), under an identity of its own. */
	char *own_identity = NULL;
	if (id > 0 && !strncmp(in->identity, "title:", 6)) {
		if (!(st = db_stmt(a, old_sql, e)))
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, id);
		char *old_plain = sqlite3_step(st) == SQLITE_ROW ? stored_plain(st, 1, 2, e) : NULL;
		db_stmt_done(a, st);
		if (!old_plain)
			return db_error(a, sqlite3_errcode(a->db), e, "reading the current revision");
		res->shared = text_shared(old_plain, strlen(old_plain), in->plain, strlen(in->plain));
		free(old_plain);
		if (res->shared < SIMILAR_SAME_ARTICLE) {
			own_identity = xasprintf("%s#%s", in->identity, in->content_sha256);
			id = 0;
		}
	}

	if (id == 0) {
		if (!(st = db_stmt(a, insert_sql, e))) {
			free(own_identity);
			return FOLIO_EARCHIVE;
		}
		db_bind_text(st, 1, own_identity ? own_identity : in->identity);
		free(own_identity);
		bind_article(st, in, original_id, now);
		rc = sqlite3_step(st);
		db_stmt_done(a, st);
		if (rc != SQLITE_DONE)
			return db_error(a, rc, e, "storing the article");
		res->status = STORE_NEW;
		res->article_id = sqlite3_last_insert_rowid(a->db);
		res->revision = 1;
		res->why = res->shared >= 0 ? "same title, date and author as an archived article, "
					      "but a different text"
					    : "no archived article with its id, URL, or date, author "
					      "and title";
	} else {
		/* Keep the current state as a revision, take it out of the
		 * index, then replace it. */
		if (!(st = db_stmt(a, old_sql, e)))
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_ROW) {
			db_stmt_done(a, st);
			return db_error(a, sqlite3_errcode(a->db), e, "reading the current revision");
		}
		char *old_title = db_col_text(st, 0);
		char *old_plain = stored_plain(st, 1, 2, e);
		db_stmt_done(a, st);
		char *old_meta = old_plain ? article_meta(a, id, e) : NULL;
		err = old_meta ? index_article(a, id, old_title, old_plain, old_meta, true, INDEX_ALL, e)
			       : FOLIO_EARCHIVE;
		free(old_title);
		free(old_plain);
		free(old_meta);
		if (err)
			return err;
		if (!(st = db_stmt(a, keep_sql, e)))
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, id);
		db_bind_text(st, 2, now);
		rc = sqlite3_step(st);
		db_stmt_done(a, st);
		if (rc != SQLITE_DONE)
			return db_error(a, rc, e, "keeping the earlier revision");
		if (!(st = db_stmt(a, update_sql, e)))
			return FOLIO_EARCHIVE;
		sqlite3_bind_int64(st, 1, id);
		bind_article(st, in, original_id, now);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			res->revision = sqlite3_column_int(st, 0);
		rc = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
		db_stmt_done(a, st);
		if (rc != SQLITE_DONE)
			return db_error(a, rc, e, "storing the revision");
		res->status = STORE_REVISED;
		res->article_id = id;
		res->why = !strncmp(in->identity, "id:", 3)    ? "same id as an archived article"
			   : !strncmp(in->identity, "url:", 4) ? "same URL as an archived article"
							       : "same title, date and author, most "
								 "of the text shared";
	}
	struct buf detail = BUF_INIT;
	char subject[48];
	snprintf(subject, sizeof(subject), "article %lld", res->article_id);
	buf_addf(&detail, "{\"revision\":%d,\"original_sha256\":\"%s\",\"content_sha256\":\"%s\",\"file\":",
		 res->revision, in->original_sha256, in->content_sha256);
	buf_add_json_string(&detail, in->filename);
	buf_addc(&detail, '}');
	err = audit_append(a, res->status == STORE_NEW ? "ingest" : "revise", subject, detail.data, e);
	buf_release(&detail);
	if (err)
		return err;
	/* The names as the row now holds them: what a later removal reads. */
	char *meta = article_meta(a, res->article_id, e);
	if (!meta)
		return FOLIO_EARCHIVE;
	err = index_article(a, res->article_id, in->article->title, in->plain, meta, false, INDEX_ALL,
			    e);
	free(meta);
	return err;
}

int archive_store(struct archive *a, const struct archive_entry *in, struct store_result *res,
		  struct ferr *e)
{
	char now[32];
	int err;

	/* One way to compress: what the caller packed beforehand, or packed
	 * here. */
	struct archive_packed local;
	struct archive_entry packed_in;
	if (!in->packed) {
		if (archive_entry_pack(in, &local))
			return ferr_set(e, FOLIO_EIO, "cannot compress the article (out of memory?)");
		packed_in = *in;
		packed_in.packed = &local;
		err = archive_store(a, &packed_in, res, e);
		archive_packed_release(&local);
		return err;
	}
	now_iso8601(now);
	/* Alone: a transaction of its own.  In a batch: a savepoint, so a
	 * failing article is undone without touching the others. */
	size_t ops_before = a->nops;
	if ((err = db_exec(a, a->in_batch ? "SAVEPOINT article" : "BEGIN IMMEDIATE", e)))
		return err;
	err = store_locked(a, in, res, now, e);
	if (err) {
		sqlite3_exec(a->db, a->in_batch ? "ROLLBACK TO article; RELEASE article" : "ROLLBACK",
			     NULL, NULL, NULL);
		drop_index_ops(a, ops_before);
		return err;
	}
	if ((err = db_exec(a, a->in_batch ? "RELEASE article" : "COMMIT", e)))
		drop_index_ops(a, ops_before);
	return err;
}

int archive_batch_begin(struct archive *a, struct ferr *e)
{
	int err;
	if (a->in_batch)
		return 0;
	if ((err = db_exec(a, "BEGIN IMMEDIATE", e)))
		return err;
	a->in_batch = true;
	return 0;
}

int archive_batch_commit(struct archive *a, struct ferr *e)
{
	int err = 0;
	if (!a->in_batch)
		return 0;
	a->in_batch = false;
	for (size_t i = 0; i < a->nops && !err; i++)
		err = apply_index_op(a, &a->ops[i], e);
	drop_index_ops(a, 0);
	if (!err)
		err = db_exec(a, "COMMIT", e);
	if (err)
		sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
	return err;
}

void archive_batch_rollback(struct archive *a)
{
	if (!a->in_batch)
		return;
	a->in_batch = false;
	drop_index_ops(a, 0);
	sqlite3_exec(a->db, "ROLLBACK", NULL, NULL, NULL);
}
