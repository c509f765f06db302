/*
 * pages.h - the reading room's pages, free of HTTP: a request (path and
 * query parameters) in, a status, a content type and a body out.
 * server.c owns the connection; this file owns what each route shows.
 *
 * Ownership: page_handle() fills *out; page_response_release() frees it.
 */
#ifndef FOLIO_SERVE_PAGES_H
#define FOLIO_SERVE_PAGES_H

#include <stddef.h>
#include "../archive.h"
#include "template.h"

struct page_request {
	const char *path;                            /* decoded, without the query */
	const char *(*param)(void *ctx, const char *name); /* a query parameter or NULL */
	void *param_ctx;
	struct archive *a;
	const struct tset *templates;
	const char *data_dir, *cache_dir;
	const char *archive_path;
};

struct page_response {
	int status;          /* 200, 400, 404, 500, 503 */
	const char *type;    /* Content-Type */
	char *owned_type;    /* or this one, malloc'd */
	unsigned char *body; /* malloc'd */
	size_t len;
	char *disposition;   /* Content-Disposition, or NULL */
	char *cache;         /* Cache-Control, or NULL for no-store */
};

void page_handle(const struct page_request *rq, struct page_response *out);
void page_response_release(struct page_response *r);

#endif
