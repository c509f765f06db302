/* sign.c - detached signatures with OpenSSH's ssh-keygen -Y: see sign.h. */
#include "sign.h"
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define TOOL "ssh-keygen"
#define OUTPUT_MAX ((size_t)64 * 1024)
#define PUBKEY_MAX ((size_t)64 * 1024)
#define SIG_MAX ((off_t)1024 * 1024)
#define SIGNER "bag-signer"

enum { RAN, NOT_RUN };

/* Run argv (argv[0] looked up on PATH) with stdin from in_path (NULL:
 * /dev/null, or the terminal when keep_stdin), stdout and stderr both into
 * *out (at most OUTPUT_MAX bytes kept, trailing newlines removed).  *status
 * is the exit status, or -1 when killed by a signal.  FOLIO_EIO when it
 * cannot be started. */
static int run(char *const argv[], const char *in_path, bool keep_stdin, struct buf *out,
	       int *status, struct ferr *e)
{
	int fd[2];
	if (pipe(fd) != 0)
		return ferr_set(e, FOLIO_EIO, "%s: %s", TOOL, strerror(errno));
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return ferr_set(e, FOLIO_EIO, "%s: %s", TOOL, strerror(errno));
	}
	if (pid == 0) {
		if (in_path || !keep_stdin) {
			int in = open(in_path ? in_path : "/dev/null", O_RDONLY | O_CLOEXEC);
			if (in < 0 || dup2(in, STDIN_FILENO) < 0)
				_exit(126);
		}
		if (dup2(fd[1], STDOUT_FILENO) < 0 || dup2(fd[1], STDERR_FILENO) < 0)
			_exit(126);
		close(fd[0]);
		close(fd[1]);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fd[1]);
	char chunk[4096];
	ssize_t n;
	while ((n = read(fd[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (out->len < OUTPUT_MAX)
			buf_add(out, chunk, (size_t)n);
	}
	close(fd[0]);
	int ws;
	while (waitpid(pid, &ws, 0) < 0)
		if (errno != EINTR)
			return ferr_set(e, FOLIO_EIO, "%s: %s", TOOL, strerror(errno));
	while (out->len && (out->data[out->len - 1] == '\n' || out->data[out->len - 1] == '\r'))
		out->data[--out->len] = '\0';
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	if (*status == 127 && !out->len)
		return ferr_set(e, FOLIO_EIO,
				"%s could not be run: install OpenSSH's client (Debian: openssh-client)",
				TOOL);
	return 0;
}

/* ssh-keygen's message on one line, for an error. */
static const char *one_line(struct buf *b)
{
	if (!b->len)
		return "no message";
	for (size_t i = 0; i < b->len; i++)
		if (b->data[i] == '\n' || b->data[i] == '\r')
			b->data[i] = ' ';
	return b->data;
}

int sign_fingerprint(const char *key, char **fp, struct ferr *e)
{
	char *argv[] = { TOOL, "-l", "-E", "sha256", "-f", (char *)key, NULL };
	struct buf out = BUF_INIT;
	int status = -1, err;
	*fp = NULL;
	if ((err = run(argv, NULL, false, &out, &status, e)))
		goto done;
	/* "256 SHA256:… comment (ED25519)" */
	char *sp = out.data ? strchr(out.data, ' ') : NULL;
	char *type = out.data ? strrchr(out.data, '(') : NULL;
	if (status != 0 || !sp || strncmp(sp + 1, "SHA256:", 7) || !type) {
		err = ferr_set(e, FOLIO_EUSAGE, "%s: not a key ssh-keygen can read: %s", key,
			       one_line(&out));
		goto done;
	}
	size_t n = strcspn(sp + 1, " ");
	*fp = xasprintf("%.*s %s", (int)n, sp + 1, type);
done:
	buf_release(&out);
	return err;
}

int sign_file(const char *key, const char *path, struct ferr *e)
{
	char *sig = xasprintf("%s%s", path, SIGN_SUFFIX);
	char *argv[] = { TOOL, "-q", "-Y", "sign", "-n", SIGN_NAMESPACE, "-f", (char *)key,
			 (char *)path, NULL };
	struct buf out = BUF_INIT;
	struct stat st;
	int status = -1, err = 0;
	if (lstat(sig, &st) == 0) {
		err = ferr_set(e, FOLIO_EIO, "%s: already exists", sig);
		goto done;
	}
	if ((err = run(argv, NULL, true, &out, &status, e)))
		goto done;
	if (status != 0 || lstat(sig, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) {
		unlink(sig);
		err = ferr_set(e, FOLIO_EUSAGE, "%s: signing with %s failed: %s", path, key,
			       one_line(&out));
	}
done:
	buf_release(&out);
	free(sig);
	return err;
}

/* The first key line of an OpenSSH public key file, checked to be one
 * line without control characters beginning with a key type ("ssh-ed25519 AAAA…"). */
static int read_pubkey(const char *pubkey, char **line, struct ferr *e)
{
	unsigned char *data;
	size_t len;
	struct stat st;
	*line = NULL;
	if (stat(pubkey, &st) != 0)
		return ferr_set(e, FOLIO_EUSAGE, "%s: %s", pubkey, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return ferr_set(e, FOLIO_EUSAGE, "%s: not a regular file", pubkey);
	int err = read_file_max(pubkey, PUBKEY_MAX, &data, &len, e);
	if (err)
		return FOLIO_EUSAGE;
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && data[end] != '\n' && data[end] != '\r')
			end++;
		const char *s = (const char *)data + i;
		size_t n = end - i;
		if (n && s[0] != '#') {
			bool printable = true;
			for (size_t k = 0; k < n; k++)
				if ((unsigned char)s[k] < 0x20 || s[k] == 0x7F)
					printable = false;
			if (printable && (!strncmp(s, "ssh-", 4) || !strncmp(s, "ecdsa-", 6) ||
					  !strncmp(s, "sk-", 3)))
				*line = xstrndup(s, n);
			break;
		}
		i = end + 1;
	}
	free(data);
	if (!*line)
		return ferr_set(e, FOLIO_EUSAGE,
				"%s: not an OpenSSH public key (a line such as 'ssh-ed25519 AAAA…')",
				pubkey);
	return 0;
}

int sign_verify(const char *pubkey, const char *path, const char *sig, char **said,
		struct ferr *e)
{
	char *key = NULL, *tmpdir = NULL, *allowed = NULL;
	struct buf out = BUF_INIT;
	struct stat st;
	int status = -1, err;
	if (said)
		*said = NULL;
	if ((err = read_pubkey(pubkey, &key, e)))
		return err;
	if (lstat(sig, &st) != 0) {
		err = ferr_set(e, FOLIO_EINPUT, "%s: %s", sig, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > SIG_MAX) {
		err = ferr_set(e, FOLIO_EINPUT, "%s: %s", sig,
			       S_ISREG(st.st_mode) ? "too large for a signature" : "not a regular file");
		goto done;
	}
	const char *base = getenv("TMPDIR");
	tmpdir = xasprintf("%s/folio-verify-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpdir)) {
		err = ferr_set(e, FOLIO_EIO, "%s: %s", tmpdir, strerror(errno));
		free(tmpdir);
		tmpdir = NULL;
		goto done;
	}
	allowed = xasprintf("%s/allowed_signers", tmpdir);
	char *line = xasprintf("%s namespaces=\"%s\" %s\n", SIGNER, SIGN_NAMESPACE, key);
	FILE *f = fopen(allowed, "w");
	bool wrote = f && fputs(line, f) >= 0;
	if (f && fclose(f) != 0)
		wrote = false;
	free(line);
	if (!wrote) {
		err = ferr_set(e, FOLIO_EIO, "%s: %s", allowed, strerror(errno));
		goto done;
	}
	char *argv[] = { TOOL,	 "-Y",		  "verify", "-f",	 allowed, "-I",
			 SIGNER, "-n",		  SIGN_NAMESPACE,   "-s", (char *)sig, NULL };
	if ((err = run(argv, path, false, &out, &status, e)))
		goto done;
	if (status != 0) {
		err = ferr_set(e, FOLIO_EINPUT, "the signature does not verify with %s: %s", pubkey,
			       one_line(&out));
		goto done;
	}
	if (said)
		*said = xstrdup(one_line(&out));
done:
	if (allowed)
		unlink(allowed);
	if (tmpdir)
		rmdir(tmpdir);
	free(allowed);
	free(tmpdir);
	free(key);
	buf_release(&out);
	return err;
}
