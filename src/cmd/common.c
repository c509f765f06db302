/* common.c - what every command shares: errors, exit statuses, JSON. */
#include "cmd.h"
#include "../snapshot.h"
#include "../utf8.h"
#include "../read/dates.h"
#include "../select.h"

#include <errno.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *cmd_display_name(const char *s)
{
	struct buf b = BUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(p + i, len - i, &cp);
		if (n <= 0 || cp < 0x20 || cp == 0x7F || cp == '\\') {
			unsigned char c = p[i];
			if (c == '\n')
				buf_adds(&b, "\\n");
			else if (c == '\t')
				buf_adds(&b, "\\t");
			else if (c == '\r')
				buf_adds(&b, "\\r");
			else if (c == '\\')
				buf_adds(&b, "\\\\");
			else
				buf_addf(&b, "\\x%02X", c);
			i++;
			continue;
		}
		buf_add(&b, s + i, (size_t)n);
		i += (size_t)n;
	}
	if (!b.data)
		buf_adds(&b, "");
	return buf_detach(&b);
}

void cmd_error(const char *subject, const char *fmt, ...)
{
	va_list ap;
	char *shown = cmd_display_name(subject);
	fprintf(stderr, "folio: %s: ", shown);
	free(shown);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cmd_exit_status(int err)
{
	switch (err) {
	case 0: return EXIT_OK;
	case FOLIO_EUSAGE: return EXIT_USAGE;
	case FOLIO_EARCHIVE: return EXIT_ARCHIVE;
	default: return EXIT_SOME_FAILED;
	}
}

int cmd_usage_error(const char *name, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "folio: %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'folio %s --help')\n", name);
	return EXIT_USAGE;
}

int cmd_option_error(const char *name, char **argv, const struct option *opts)
{
	/* getopt_long has stepped past what it refused (opterr is 0, so it
	 * said nothing itself): name it once. */
	const char *arg = optind > 0 ? argv[optind - 1] : "";
	if (!strncmp(arg, "--", 2)) {
		size_t len = strcspn(arg + 2, "=");
		for (const struct option *o = opts; o && o->name; o++)
			if (strlen(o->name) == len && !strncmp(o->name, arg + 2, len)) {
				if (o->has_arg == required_argument && !arg[2 + len])
					return cmd_usage_error(name, "--%s needs a value", o->name);
				if (o->has_arg == no_argument && arg[2 + len] == '=')
					return cmd_usage_error(name, "--%s takes no value", o->name);
			}
		if (!strncmp(arg, "--archive", 9))
			return cmd_usage_error(name, "--archive goes before the command: folio --archive "
					       "PATH %s ...", name);
		return cmd_usage_error(name, "unknown option '%.*s'", (int)(2 + len), arg);
	}
	if (optopt)
		return cmd_usage_error(name, "unknown option '-%c', or its value is missing", optopt);
	return cmd_usage_error(name, "unknown option '%s'", arg);
}

void cmd_progress_init(struct cmd_progress *p, const char *cmd)
{
	memset(p, 0, sizeof(*p));
	p->cmd = cmd;
	p->show = isatty(STDERR_FILENO) != 0;
}

void cmd_progress_show(struct cmd_progress *p, const char *step, unsigned long long done,
		       unsigned long long total, bool bytes)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	double now = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
	if (!p->show || now - p->last < 0.2)
		return;
	p->last = now;
	p->shown = true;
	if (bytes) {
		char d[32], t[32];
		snapshot_size_text(done, d);
		snapshot_size_text(total, t);
		fprintf(stderr, "\r\033[K%s: %s, %s of %s", p->cmd, step, d, t);
	} else if (total) {
		fprintf(stderr, "\r\033[K%s: %s, %llu of %llu", p->cmd, step, done, total);
	} else {
		fprintf(stderr, "\r\033[K%s: %s", p->cmd, step);
	}
	fflush(stderr);
}

void cmd_progress_end(struct cmd_progress *p)
{
	if (p->shown)
		fprintf(stderr, "\r\033[K");
	fflush(stderr);
	p->shown = false;
}

int cmd_help_for(const char *name)
{
	const struct command *c = command_find(name);
	if (!c)
		return EXIT_USAGE;
	fputs(c->usage, stdout);
	return EXIT_OK;
}

int cmd_open_archive(struct folio_ctx *ctx, struct archive **out, enum cmd_open how)
{
	struct ferr e = FERR_INIT;
	int err = how == OPEN_CREATE ? archive_open(ctx->archive_path, ctx->busy_timeout_ms, out, &e)
		  : how == OPEN_WRITE ? archive_open_existing(ctx->archive_path, ctx->busy_timeout_ms, out, &e)
				      : archive_open_read(ctx->archive_path, ctx->busy_timeout_ms, out, &e);
	if (err) {
		fprintf(stderr, "folio: %s\n", e.msg);
		return cmd_exit_status(err);
	}
	return EXIT_OK;
}

void print_padded(const char *s, int cols)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;
	int w = 0;
	while (i < len) {
		uint32_t cp = 0;
		int n = utf8_decode(p + i, len - i, &cp);
		if (n < 0)
			n = 1;
		w += (cp >= 0x1100 && (utf8_is_cjk(cp) || (cp >= 0x3000 && cp <= 0x303F) ||
				       (cp >= 0xFF00 && cp <= 0xFF60)))
			     ? 2
			     : 1;
		i += (size_t)n;
	}
	fputs(s, stdout);
	for (; w < cols; w++)
		fputc(' ', stdout);
}

bool valid_date_arg(const char *s, bool is_month)
{
	int y, m, d = 1, n = 0;
	if (is_month) {
		if (sscanf(s, "%4d-%2d%n", &y, &m, &n) != 2 || n != 7 || s[n])
			return false;
	} else if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[n]) {
		return false;
	}
	return date_valid(y, m, d);
}

int selection_option(const char *cmd, int c, const char *optarg, struct article_query *q)
{
	switch (c) {
	case 0x101:
		if (!valid_date_arg(optarg, true)) {
			cmd_usage_error(cmd, "--month wants YYYY-MM, not '%s'", optarg);
			return -1;
		}
		q->sel.month = optarg;
		return 1;
	case 0x102:
	case 0x103:
		if (!valid_date_arg(optarg, false)) {
			cmd_usage_error(cmd, "--%s wants a date YYYY-MM-DD, not '%s'",
					c == 0x102 ? "from" : "to", optarg);
			return -1;
		}
		*(c == 0x102 ? &q->sel.from : &q->sel.to) = optarg;
		return 1;
	case 0x104:
		q->sel.section = optarg;
		return 1;
	case 0x105:
		q->query = optarg;
		return 1;
	case 0x106: {
		long long *ids;
		size_t n;
		if (!parse_id_list(optarg, &ids, &n)) {
			cmd_usage_error(cmd, "--ids wants article ids like 3,5,8");
			return -1;
		}
		free((void *)q->ids);
		q->ids = ids;
		q->nids = n;
		return 1;
	}
	default:
		return 0;
	}
}

int selection_ids_from_args(const char *cmd, int argc, char **argv, int first,
			    struct article_query *q)
{
	long long *ids = (long long *)q->ids;
	for (int i = first; i < argc; i++) {
		char *end;
		errno = 0;
		long long v = strtoll(argv[i], &end, 10);
		if (errno || *end || v <= 0) {
			q->ids = ids;
			return cmd_usage_error(cmd, "'%s' is not an article id", argv[i]);
		}
		ids = xrealloc(ids, (q->nids + 1) * sizeof(*ids));
		ids[q->nids++] = v;
	}
	q->ids = ids;
	return 0;
}
