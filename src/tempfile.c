/* tempfile.c - temporary files beside outputs, removed on failure, on a
 * signal, or by the next run after a crash: see tempfile.h. */
#include "tempfile.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARK ".folio-tmp-"
#define MAX_TRACKED 32
#define MAX_SWEPT 8

/* Registered temporaries; written only outside signal handlers. */
static char *volatile tracked[MAX_TRACKED];
/* Directories swept by this process. */
static char *swept[MAX_SWEPT];
static size_t nswept;

static const char *host(void)
{
	static char name[65];
	if (!*name) {
		if (gethostname(name, sizeof(name) - 1) != 0 || !*name)
			snprintf(name, sizeof(name), "localhost");
		name[sizeof(name) - 1] = '\0';
		/* The name goes inside a file name: '/' and '-' never do. */
		for (char *p = name; *p; p++)
			if (*p == '/' || *p == '-' || (unsigned char)*p < 0x20)
				*p = '_';
	}
	return name;
}

static void track(const char *path)
{
	for (size_t i = 0; i < MAX_TRACKED; i++) {
		if (!tracked[i]) {
			tracked[i] = xstrdup(path);
			return;
		}
	}
	/* More at once than folio ever makes: the sweep still finds it. */
}

void temp_forget(const char *path)
{
	for (size_t i = 0; i < MAX_TRACKED; i++) {
		char *p = tracked[i];
		if (p && !strcmp(p, path)) {
			tracked[i] = NULL;
			free(p);
		}
	}
}

void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
				continue;
			char *sub = xasprintf("%s/%s", path, de->d_name);
			remove_tree(sub);
			free(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

void temp_remove(const char *path)
{
	remove_tree(path);
	temp_forget(path);
}

/* Whether name is ".BASE.folio-tmp-PID@HOST-XXXXXX" of this host with a
 * process that is gone. */
static bool stale(const char *name)
{
	if (name[0] != '.')
		return false;
	const char *m = strstr(name, MARK), *next;
	/* the last mark: BASE may hold the text too */
	while (m && (next = strstr(m + 1, MARK)))
		m = next;
	if (!m)
		return false;
	const char *p = m + strlen(MARK);
	char *end;
	errno = 0;
	long pid = strtol(p, &end, 10);
	if (errno || end == p || *end != '@' || pid <= 0)
		return false;
	const char *h = end + 1, *dash = strrchr(h, '-');
	if (!dash || strlen(dash + 1) != 6)
		return false;
	if ((size_t)(dash - h) != strlen(host()) || strncmp(h, host(), (size_t)(dash - h)))
		return false;
	if (pid == (long)getpid())
		return false;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

size_t temp_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	size_t removed = 0;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (!stale(de->d_name))
			continue;
		char *p = xasprintf("%s/%s", dir, de->d_name);
		remove_tree(p);
		free(p);
		removed++;
	}
	if (d)
		closedir(d);
	return removed;
}

static void sweep_once(const char *dir)
{
	for (size_t i = 0; i < nswept; i++)
		if (!strcmp(swept[i], dir))
			return;
	temp_sweep(dir);
	if (nswept < MAX_SWEPT)
		swept[nswept++] = xstrdup(dir);
}

static char *template_in(const char *dir, const char *base)
{
	return xasprintf("%s/.%s%s%ld@%s-XXXXXX", dir, base, MARK, (long)getpid(), host());
}

int temp_file(const char *dir, const char *base, char **path, struct ferr *e)
{
	sweep_once(dir);
	char *t = template_in(dir, base);
	int fd = mkstemp(t);
	if (fd < 0) {
		ferr_set(e, FOLIO_EIO, "cannot create a file in %s: %s", dir, strerror(errno));
		free(t);
		*path = NULL;
		return -1;
	}
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0) {
		ferr_set(e, FOLIO_EIO, "%s: %s", t, strerror(errno));
		close(fd);
		unlink(t);
		free(t);
		*path = NULL;
		return -1;
	}
	track(t);
	*path = t;
	return fd;
}

int temp_dir(const char *dir, const char *base, char **path, struct ferr *e)
{
	sweep_once(dir);
	char *t = template_in(dir, base);
	if (!mkdtemp(t)) {
		int err = ferr_set(e, FOLIO_EIO, "cannot create a directory in %s: %s", dir,
				   strerror(errno));
		free(t);
		*path = NULL;
		return err;
	}
	track(t);
	*path = t;
	return 0;
}

static void on_fatal(int sig)
{
	for (size_t i = 0; i < MAX_TRACKED; i++) {
		char *p = tracked[i];
		if (p) {
			unlink(p); /* a directory: rmdir only if empty; the sweep does the rest */
			rmdir(p);
		}
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

void temp_install_handlers(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		struct sigaction sa = { .sa_handler = on_fatal }, old;
		sigemptyset(&sa.sa_mask);
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue; /* nohup and the like: keep ignoring */
		sigaction(sigs[i], &sa, NULL);
	}
}
