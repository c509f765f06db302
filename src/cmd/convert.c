/* convert.c - `folio convert`: files from one encoding to another, without
 * the archive. */
#include "cmd.h"
#include "../encoding.h"
#include "../tempfile.h"
#include "../read/ingest.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct convert_opts {
	const char *from; /* NULL: detect */
	const char *to;
	bool subst;
};

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Write data to path through a temporary file beside it and a rename, so
 * that a failure leaves no half-written file and an existing one intact. */
static int write_atomically(const char *path, const char *data, size_t len, struct ferr *e)
{
	const char *base = base_name(path);
	char *dir = base == path ? xstrdup(".") : base == path + 1 ? xstrdup("/")
					       : xstrndup(path, (size_t)(base - path - 1));
	char *tmp;
	int fd = temp_file(dir, base, &tmp, e), err = 0;
	mode_t mask;

	free(dir);
	if (fd < 0)
		return FOLIO_EIO;
	mask = umask(0);
	umask(mask);
	if (write_fd_all(fd, data, len) != 0)
		err = ferr_set(e, FOLIO_EIO, "cannot write %s: %s", path, strerror(errno));
	if (!err && (fchmod(fd, 0666 & ~mask) || fsync(fd)))
		err = ferr_set(e, FOLIO_EIO, "cannot write %s: %s", path, strerror(errno));
	if (close(fd) && !err)
		err = ferr_set(e, FOLIO_EIO, "cannot write %s: %s", path, strerror(errno));
	if (!err && rename(tmp, path))
		err = ferr_set(e, FOLIO_EIO, "cannot replace %s: %s", path, strerror(errno));
	if (err)
		temp_remove(tmp);
	else
		temp_forget(tmp);
	free(tmp);
	return err;
}

/* Convert one file into out. */
static int convert_one(const char *path, const struct convert_opts *o, struct buf *out,
		       struct ferr *e)
{
	struct buf text = BUF_INIT;
	struct decoded how;
	unsigned char *data = NULL;
	size_t len = 0;
	int err = read_file_max(path, INGEST_MAX_BYTES, &data, &len, e);
	if (!err) {
		struct decode_options dopt = { o->from, false,
					       encoding_looks_like_markup(path, data, len) };
		err = decode_to_utf8(data, len, &dopt, &text, &how, e);
	}
	if (!err)
		err = encode_from_utf8(text.data, text.len, o->to, o->subst, out, e);
	free(data);
	buf_release(&text);
	return err;
}

int cmd_convert(int argc, char **argv, struct folio_ctx *ctx)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "subst", no_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	struct convert_opts o = { NULL, NULL, false };
	const char *output = NULL;
	bool to_dir = false;
	struct stat st;
	int c, status = EXIT_OK;

	(void)ctx;
	optind = 0;
	while ((c = getopt_long(argc, argv, "f:t:so:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f': o.from = optarg; break;
		case 't': o.to = optarg; break;
		case 's': o.subst = true; break;
		case 'o': output = optarg; break;
		case 'h': return cmd_help_for("convert");
		default: return cmd_option_error("convert", argv, opts);
		}
	}
	if (!o.to)
		return cmd_usage_error("convert", "say which encoding to write with --to");
	if (!encoding_can_encode(o.to))
		return cmd_usage_error("convert",
				       "cannot write '%s': --to takes utf-8, gb18030, gbk, gb2312 or big5",
				       o.to);
	if (o.from && !strcmp(o.from, "auto"))
		o.from = NULL;
	if (o.from && !encoding_supported(o.from))
		return cmd_usage_error("convert", "unknown encoding '%s' for --from", o.from);
	int nfiles = argc - optind;
	if (nfiles < 1)
		return cmd_usage_error("convert", "name at least one file");
	if (output && !*output)
		return cmd_usage_error("convert", "-o needs a path");
	if (nfiles > 1 && !output)
		return cmd_usage_error("convert", "several files need -o DIRECTORY");
	if (output && stat(output, &st) == 0 && S_ISDIR(st.st_mode)) {
		to_dir = true;
	} else if (nfiles > 1) {
		struct ferr e = FERR_INIT;
		if (stat(output, &st) == 0)
			return cmd_usage_error("convert", "%s: with several files, -o must be a directory",
					       output);
		if (make_dirs(output, &e)) {
			cmd_error(output, "%s", e.msg);
			return EXIT_SOME_FAILED;
		}
		to_dir = true;
	}

	char **written = xcalloc((size_t)nfiles, sizeof(*written));
	int nwritten = 0;
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];
		struct buf out = BUF_INIT;
		struct ferr e = FERR_INIT;
		int err = convert_one(path, &o, &out, &e);
		if (!err && !output) {
			if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout))
				err = ferr_set(&e, FOLIO_EIO, "cannot write to standard output: %s",
					       strerror(errno));
		} else if (!err) {
			char *dest = to_dir ? xasprintf("%s/%s", output, base_name(path))
					    : xstrdup(output);
			for (int j = 0; j < nwritten && !err; j++)
				if (!strcmp(written[j], dest))
					err = ferr_set(&e, FOLIO_EINPUT,
						       "%s was already written from another file "
						       "of the same name",
						       dest);
			if (!err)
				err = write_atomically(dest, out.data, out.len, &e);
			if (!err)
				written[nwritten++] = dest;
			else
				free(dest);
		}
		buf_release(&out);
		if (err) {
			cmd_error(path, "%s", e.msg);
			status = err == FOLIO_EUSAGE ? EXIT_USAGE : EXIT_SOME_FAILED;
		}
	}
	for (int j = 0; j < nwritten; j++)
		free(written[j]);
	free(written);
	return status;
}
