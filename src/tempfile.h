/*
 * tempfile.h - the temporary files and directories folio makes beside its
 * outputs (a PDF being written, a bag being built, a font subset), so that
 * none outlives the work it was for:
 *
 *   - each is named  DIR/.BASE.folio-tmp-PID@HOST-XXXXXX  (hidden; PID and
 *     HOST say whose it is);
 *   - while it exists it is registered, and temp_install_handlers() makes
 *     SIGINT, SIGTERM, SIGHUP and SIGPIPE remove the registered files before
 *     the process dies (directories are left to the sweep);
 *   - before making one in DIR, the first time in a process, DIR is swept:
 *     every such entry of this host whose process is gone (a crash, kill -9,
 *     a power cut) is removed, directories with all they hold.
 *
 * Only names of exactly this form are ever removed, and only when their
 * process no longer exists on this host.
 *
 * Ownership: paths handed out are the caller's to free(); the registry
 * keeps its own copies.  Not thread-safe (folio is single-threaded).
 */
#ifndef FOLIO_TEMPFILE_H
#define FOLIO_TEMPFILE_H

#include <stddef.h>
#include "util.h"

/* A new empty file DIR/.BASE.folio-tmp-…, mode 0666 less the umask (as any
 * new file), open for writing: returns its descriptor and *path, or -1
 * with FOLIO_EIO in *e naming DIR and the reason. */
int temp_file(const char *dir, const char *base, char **path, struct ferr *e);

/* A new directory DIR/.BASE.folio-tmp-…, mode 0700; 0 and *path, or
 * FOLIO_EIO. */
int temp_dir(const char *dir, const char *base, char **path, struct ferr *e);

/* path has been renamed into place: no longer temporary. */
void temp_forget(const char *path);

/* Remove path (a file, or a directory with everything in it) and forget it. */
void temp_remove(const char *path);

/* Remove every folio temporary in dir whose process is gone (see above);
 * returns how many were removed. */
size_t temp_sweep(const char *dir);

/* Remove the file or directory tree at path (no registry involved). */
void remove_tree(const char *path);

/* Signals that end the process remove the registered temporary files. */
void temp_install_handlers(void);

#endif
