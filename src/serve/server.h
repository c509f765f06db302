/*
 * server.h - `folio serve`: the archive's reading room over HTTP
 * (libmicrohttpd).  Read-only by construction: each worker thread opens
 * the archive with archive_open_strict_read(), reads each request in one
 * read transaction, and the server calls only
 * functions that read; the only files it writes are PDFs in its cache
 * directory.  GET and HEAD only (405 otherwise), fixed routes (404
 * otherwise), every value HTML-escaped by the templates, queries parsed by
 * searchquery.c (400 when refused), a deadline on every request's queries,
 * a bound on connections and on memory per connection.
 *
 * Listens on loopback unless allow_remote is set, which needs a token:
 * clients not on loopback must then send it (Authorization: Bearer TOKEN,
 * or ?token=TOKEN once, which sets a cookie) or get 403.
 */
#ifndef FOLIO_SERVE_SERVER_H
#define FOLIO_SERVE_SERVER_H

#include <stdbool.h>
#include "../util.h"

struct server_config {
	const char *archive_path;
	const char *listen;    /* "127.0.0.1:8080", "[::1]:8080"; port 0: any free one */
	bool allow_remote;
	const char *token;     /* required with allow_remote */
	const char *data_dir;  /* layouts/ (web templates, editions) and fonts/ */
	const char *cache_dir; /* where PDFs made on demand are kept */
	int threads;           /* worker threads (1-16) */
	int search_memory_mib; /* recent search results each worker keeps; 0: none */
};

/* Serve until SIGINT or SIGTERM.  Prints the address it listens on (one
 * line on stdout: "folio: serving ARCHIVE at http://HOST:PORT/").
 * FOLIO_EUSAGE for a bad address or a remote one without allow_remote and
 * a token; FOLIO_EIO when it cannot listen or read its templates. */
int server_run(const struct server_config *c, struct ferr *e);

#endif
