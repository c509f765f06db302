/*
 * cmd.h - the command layer: one cmd_<name>() per subcommand (a file each in cmd/),
 * dispatched from main.c.  Only this layer prints results, turns error
 * codes into messages ("folio: <subject>: <reason>") and exit statuses.
 */
#ifndef FOLIO_CMD_H
#define FOLIO_CMD_H

#include <stdbool.h>
#include "../archive.h"
#include "../recordjson.h"
#include "../buf.h"
#include "../util.h"

/* Exit statuses. */
enum {
	EXIT_OK = 0,
	EXIT_SOME_FAILED = 1, /* some inputs failed, or nothing found */
	EXIT_USAGE = 2,
	EXIT_ARCHIVE = 3, /* archive unusable: corrupt, locked, too new */
};

struct folio_ctx {
	const char *archive_path;
	int busy_timeout_ms;
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv, struct folio_ctx *ctx);
	const char *summary;
	const char *usage; /* full help text */
};

extern const struct command commands[];
const struct command *command_find(const char *name);

int cmd_init(int argc, char **argv, struct folio_ctx *ctx);
int cmd_ingest(int argc, char **argv, struct folio_ctx *ctx);
int cmd_list(int argc, char **argv, struct folio_ctx *ctx);
int cmd_show(int argc, char **argv, struct folio_ctx *ctx);
int cmd_search(int argc, char **argv, struct folio_ctx *ctx);
int cmd_check(int argc, char **argv, struct folio_ctx *ctx);
int cmd_help(int argc, char **argv, struct folio_ctx *ctx);
int cmd_edition(int argc, char **argv, struct folio_ctx *ctx);
int cmd_print(int argc, char **argv, struct folio_ctx *ctx);
int cmd_fonts(int argc, char **argv, struct folio_ctx *ctx);
int cmd_hold(int argc, char **argv, struct folio_ctx *ctx);
int cmd_release(int argc, char **argv, struct folio_ctx *ctx);
int cmd_delete(int argc, char **argv, struct folio_ctx *ctx);
int cmd_audit(int argc, char **argv, struct folio_ctx *ctx);
int cmd_detect(int argc, char **argv, struct folio_ctx *ctx);
int cmd_convert(int argc, char **argv, struct folio_ctx *ctx);
int cmd_snapshot(int argc, char **argv, struct folio_ctx *ctx);
int cmd_verify(int argc, char **argv, struct folio_ctx *ctx);
int cmd_serve(int argc, char **argv, struct folio_ctx *ctx);
int cmd_export(int argc, char **argv, struct folio_ctx *ctx);

/* "folio: subject: message" on stderr. */
/* A file name as one line of output: control characters, backslashes and
 * bytes that are not UTF-8 written as \n, \t, \\, \xNN (the name's bytes
 * are kept exactly everywhere else: archive, --report, JSON).  The caller
 * frees the copy. */
char *cmd_display_name(const char *s);
void cmd_error(const char *subject, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The exit status for a library error code. */
int cmd_exit_status(int err);

/* Print usage of `name` to stderr with the reason, return EXIT_USAGE. */
int cmd_usage_error(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* getopt_long's '?' for command name: the option it refused, named once. */
struct option;
int cmd_option_error(const char *name, char **argv, const struct option *opts);

/* Print the command's help to stdout; return EXIT_OK. */
int cmd_help_for(const char *name);

/* A progress line on stderr when it is a terminal, redrawn at most five
 * times a second: "CMD: STEP, DONE of TOTAL" (sizes when bytes is set). */
struct cmd_progress {
	const char *cmd;
	bool show;  /* stderr is a terminal */
	bool shown; /* a line is on screen */
	double last;
};
void cmd_progress_init(struct cmd_progress *p, const char *cmd);
void cmd_progress_show(struct cmd_progress *p, const char *step, unsigned long long done,
		       unsigned long long total, bool bytes);
void cmd_progress_end(struct cmd_progress *p);

/* Open ctx's archive, reporting any failure; returns an exit status. */
/* Open the archive named by --archive.  Only the commands that store
 * (ingest, init) pass create; the others refuse a missing archive instead
 * of making an empty one. */
/* How a command opens the archive: only reading (read-only where folio may
 * not write, see archive_open_read()), writing one that is there, or
 * creating it (init, ingest). */
enum cmd_open { OPEN_READ, OPEN_WRITE, OPEN_CREATE };
int cmd_open_archive(struct folio_ctx *ctx, struct archive **out, enum cmd_open how);


/* Write s padded with spaces to `cols` terminal columns (CJK counts 2). */
void print_padded(const char *s, int cols);

/* The selection options every selecting command shares, for getopt_long
 * tables: --month --from --to --section --query --ids.  SELECTION_OPTIONS
 * expands to their struct option entries (short codes 0x101..0x106). */
#define SELECTION_OPTIONS                                   \
	{ "month", required_argument, NULL, 0x101 },        \
	{ "from", required_argument, NULL, 0x102 },         \
	{ "to", required_argument, NULL, 0x103 },           \
	{ "section", required_argument, NULL, 0x104 },      \
	{ "query", required_argument, NULL, 0x105 },        \
	{ "ids", required_argument, NULL, 0x106 }

struct article_query;
/* If c is a selection option, record optarg in q (ids are allocated into
 * q->ids; free them with free((void *)q->ids)) and return 1; a bad value
 * prints a usage error for `cmd` and returns -1; other options return 0. */
int selection_option(const char *cmd, int c, const char *optarg, struct article_query *q);

/* Article ids given as arguments argv[first..argc) join q's ids (allocated
 * as selection_option() does).  Returns 0, or EXIT_USAGE after printing a
 * usage error for `cmd`. */
int selection_ids_from_args(const char *cmd, int argc, char **argv, int first,
			    struct article_query *q);

/* Check an option value: YYYY-MM-DD (is_month false) or YYYY-MM. */
bool valid_date_arg(const char *s, bool is_month);

#endif
