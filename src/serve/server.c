/* serve/server.c - the HTTP side of `folio serve`: libmicrohttpd, the
 * listening address, who may ask, and the response headers. */
#include "server.h"
#include "pages.h"
#include "../compress.h"
#include "template.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

/* Bounds: connections at once, memory per connection (the request line
 * and headers must fit), seconds a connection may stay idle, and how long
 * a request's queries may run. */
#define MAX_CONNECTIONS 256
#define CONNECTION_MEMORY (64 * 1024)
#define IDLE_SECONDS 15
#define QUERY_MS 10000

struct server {
	const struct server_config *c;
	struct tset *templates;
};

/* Each worker thread keeps its own read-only handle open between requests
 * (statements prepared, schema read, searches remembered), closed when the
 * thread ends.  It is opened again when the file at the path is another
 * one, and after any request that did not leave it idle. */
struct worker {
	struct archive *a;
	dev_t dev;
	ino_t ino;
};
static pthread_key_t worker_key;
static pthread_once_t worker_once = PTHREAD_ONCE_INIT;

static void worker_end(void *p)
{
	struct worker *w = p;
	archive_close(w->a);
	free(w);
}

static void worker_key_make(void)
{
	pthread_key_create(&worker_key, worker_end);
}

static struct archive *worker_archive(const char *path, size_t memory, struct ferr *e)
{
	pthread_once(&worker_once, worker_key_make);
	struct worker *w = pthread_getspecific(worker_key);
	if (!w) {
		w = xcalloc(1, sizeof(*w));
		pthread_setspecific(worker_key, w);
	}
	struct stat st;
	bool same = stat(path, &st) == 0 && st.st_dev == w->dev && st.st_ino == w->ino;
	if (w->a && !same) {
		archive_close(w->a);
		w->a = NULL;
	}
	if (!w->a) {
		if (archive_open_strict_read(path, 2000, &w->a, e))
			return NULL;
		archive_remember_searches(w->a, memory);
		if (stat(path, &st) == 0) {
			w->dev = st.st_dev;
			w->ino = st.st_ino;
		}
	}
	if (archive_read_begin(w->a, e)) {
		archive_close(w->a);
		w->a = NULL;
		return NULL;
	}
	return w->a;
}

static void worker_done(struct archive *a)
{
	struct worker *w = pthread_getspecific(worker_key);
	archive_set_deadline(a, 0);
	if (archive_read_end(a) && w) {
		archive_close(w->a);
		w->a = NULL;
	}
}

static bool loopback(const struct sockaddr *sa)
{
	if (!sa)
		return false;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
		if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
			return true;
		return IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127;
	}
	return false;
}

/* Compare without leaking where the first difference is. */
static bool same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char diff = (unsigned char)(la != lb);
	for (size_t i = 0; i < la; i++)
		diff |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
	return diff == 0;
}

static const char *get_param(void *ctx, const char *name)
{
	return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

static void security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'none'; style-src 'self'; img-src 'self' data:; "
				"form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
}

static enum MHD_Result send_text(struct MHD_Connection *conn, unsigned status, const char *text,
				 const char *allow)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
								 MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", "text/plain; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (allow)
		MHD_add_response_header(r, "Allow", allow);
	security_headers(r);
	enum MHD_Result ok = MHD_queue_response(conn, status, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **con_cls)
{
	struct server *s = cls;
	(void)version;
	(void)upload;
	(void)upload_size;
	(void)con_cls;
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return send_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
				 "405 the reading room only reads: GET and HEAD\n", "GET, HEAD");

	/* Off loopback, the token: as a bearer header, a cookie, or once in
	 * the query (which then sets the cookie). */
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	bool set_cookie = false;
	if (!loopback(ci ? ci->client_addr : NULL)) {
		const char *tok = s->c->token;
		const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
		const char *cookie = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "folio_token");
		const char *given = MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, "token");
		bool ok = tok && ((auth && !strncmp(auth, "Bearer ", 7) && same_secret(auth + 7, tok)) ||
				  (cookie && same_secret(cookie, tok)) ||
				  (given && same_secret(given, tok)));
		if (!ok)
			return send_text(conn, MHD_HTTP_FORBIDDEN,
					 "403 a token is needed from this address\n", NULL);
		set_cookie = given != NULL;
	}
	if (strlen(url) > 512 || strstr(url, "..") || strchr(url, '\\'))
		return send_text(conn, MHD_HTTP_NOT_FOUND, "404 not found\n", NULL);

	struct page_response pr = { 0 };
	struct ferr e = FERR_INIT;
	struct archive *a = worker_archive(s->c->archive_path,
					   (size_t)s->c->search_memory_mib << 20, &e);
	if (!a)
		return send_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE, e.msg, NULL);
	archive_set_deadline(a, QUERY_MS);
	struct page_request rq = { url, get_param, conn, a, s->templates, s->c->data_dir,
				   s->c->cache_dir, s->c->archive_path };
	page_handle(&rq, &pr);
	worker_done(a);
	/* libmicrohttpd's threads outlive us: free this thread's zstd
	 * contexts now, not at an exit that never frees them. */
	compress_thread_done();

	struct MHD_Response *r = MHD_create_response_from_buffer(pr.len, pr.body,
								 MHD_RESPMEM_MUST_FREE);
	if (!r) {
		page_response_release(&pr);
		return MHD_NO;
	}
	pr.body = NULL; /* libmicrohttpd frees it */
	MHD_add_response_header(r, "Content-Type", pr.owned_type ? pr.owned_type : pr.type);
	MHD_add_response_header(r, "Cache-Control", pr.cache ? pr.cache : "no-store");
	if (pr.disposition)
		MHD_add_response_header(r, "Content-Disposition", pr.disposition);
	if (pr.owned_type)
		/* An original is evidence to download, never a page to run. */
		MHD_add_response_header(r, "Content-Security-Policy", "sandbox");
	else
		security_headers(r);
	if (pr.owned_type)
		MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (set_cookie) {
		char *c = xasprintf("folio_token=%s; HttpOnly; SameSite=Strict; Path=/", s->c->token);
		MHD_add_response_header(r, "Set-Cookie", c);
		free(c);
	}
	enum MHD_Result ok = MHD_queue_response(conn, (unsigned)pr.status, r);
	MHD_destroy_response(r);
	page_response_release(&pr);
	return ok;
}

/* "HOST:PORT", "[V6]:PORT" or ":PORT" into a socket address. */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *len,
			struct ferr *e)
{
	char host[128];
	const char *colon;
	memset(ss, 0, sizeof(*ss));
	if (spec[0] == '[') {
		const char *end = strchr(spec, ']');
		if (!end || end[1] != ':' || (size_t)(end - spec - 1) >= sizeof(host))
			return ferr_set(e, FOLIO_EUSAGE, "--listen %s: write [ADDRESS]:PORT", spec);
		snprintf(host, sizeof(host), "%.*s", (int)(end - spec - 1), spec + 1);
		colon = end + 1;
	} else {
		colon = strrchr(spec, ':');
		if (!colon || (size_t)(colon - spec) >= sizeof(host))
			return ferr_set(e, FOLIO_EUSAGE, "--listen %s: write ADDRESS:PORT", spec);
		snprintf(host, sizeof(host), "%.*s", (int)(colon - spec), spec);
	}
	char *end;
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (errno || *end || port < 0 || port > 65535 || end == colon + 1)
		return ferr_set(e, FOLIO_EUSAGE, "--listen %s: the port must be 0 to 65535", spec);
	if (!*host)
		snprintf(host, sizeof(host), "127.0.0.1");
	struct sockaddr_in *in = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)(void *)ss;
	if (inet_pton(AF_INET, host, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)port);
		*len = sizeof(*in);
	} else if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*in6);
	} else {
		return ferr_set(e, FOLIO_EUSAGE,
				"--listen %s: '%s' is not an IP address (names are not looked up)",
				spec, host);
	}
	return 0;
}

int server_run(const struct server_config *c, struct ferr *e)
{
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	int err = parse_listen(c->listen ? c->listen : "127.0.0.1:8080", &ss, &sslen, e);
	if (err)
		return err;
	if (!loopback((const struct sockaddr *)&ss)) {
		if (!c->allow_remote)
			return ferr_set(e, FOLIO_EUSAGE,
					"%s is not a loopback address: the reading room serves other "
					"machines only with --allow-remote and a --token (or put it "
					"behind a reverse proxy on this machine, see docs/serve.md)",
					c->listen);
		if (!c->token || strlen(c->token) < 16)
			return ferr_set(e, FOLIO_EUSAGE,
					"--allow-remote needs a --token of at least 16 characters "
					"(or FOLIO_SERVE_TOKEN)");
	}
	struct stat st;
	if (stat(c->cache_dir, &st) != 0 && make_dirs(c->cache_dir, e))
		return FOLIO_EIO;
	/* The archive must open before the server says it is serving. */
	struct archive *a;
	if ((err = archive_open_strict_read(c->archive_path, 2000, &a, e)))
		return err;
	archive_close(a);
	struct server s = { c, NULL };
	char *dir = xasprintf("%s/layouts/web", c->data_dir);
	err = tset_load(dir, &s.templates, e);
	free(dir);
	if (err)
		return FOLIO_EIO;

	/* SIGINT and SIGTERM go to sigwait() below, not to the workers. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	struct MHD_Daemon *d = MHD_start_daemon(
		flags, 0, NULL, NULL, handle, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(c->threads > 0 ? c->threads : 4),
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)IDLE_SECONDS, MHD_OPTION_END);
	if (!d) {
		tset_free(s.templates);
		return ferr_set(e, FOLIO_EIO, "cannot listen on %s: %s", c->listen ? c->listen : "127.0.0.1:8080",
				strerror(errno));
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	char host[INET6_ADDRSTRLEN] = "";
	if (ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)(void *)&ss)->sin_addr, host, sizeof(host));
	else
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)(void *)&ss)->sin6_addr, host, sizeof(host));
	printf("folio: serving %s at http://%s%s%s:%u/ (read-only; Ctrl-C stops)\n", c->archive_path,
	       ss.ss_family == AF_INET6 ? "[" : "", host, ss.ss_family == AF_INET6 ? "]" : "",
	       info ? (unsigned)info->port : 0);
	fflush(stdout);
	int sig;
	sigwait(&stop, &sig);
	MHD_stop_daemon(d);
	tset_free(s.templates);
	return 0;
}
