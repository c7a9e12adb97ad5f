/*
 * outfile.c - atomic output files (see outfile.h).
 *
 * The temporary file comes from newfile.h: on Linux an O_TMPFILE inode
 * with no name, so that a run killed mid-way (even by SIGKILL, which no
 * handler sees) leaves nothing.  At the commit, once complete and
 * fsync'd, it is linked to a fresh hidden name, renamed over the target
 * at once, and the directory is fsync'd: the name exists only between
 * the link and the rename, and only for a complete file.  Where the
 * fallback's named .NAME.XXXXXX is used instead, a kill can leave that
 * (mode 0600, never a partial target).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/* A target that exists and is not a regular file (a device such as
 * /dev/null, a fifo, a terminal) is written in place: renaming a file
 * over it would replace the device itself. */
static int
open_in_place(struct outfile *of, const char *path, const struct stat *sb,
    struct phi_err *e)
{
	if (S_ISDIR(sb->st_mode))
		return phi_err_set(e, PHI_EIO, "%s: is a directory", path);
	if ((of->path = strdup(path)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if ((of->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)) < 0) {
		phi_err_set(e, PHI_EIO, "%s: %s", path, strerror(errno));
		outfile_abort(of);
		return PHI_EIO;
	}
	return PHI_OK;
}

/* The temporary file beside the target, unnamed where possible (a new
 * one is 0600; one replacing a file gets that file's mode).  A symbolic
 * link is followed, so that the file it names is replaced, not the link
 * (-o /dev/stdout). */
static int
open_temp(struct outfile *of, const char *path, struct phi_err *e)
{
	struct stat sb;
	int rc;

	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
		of->path = realpath(path, NULL);
	if (of->path == NULL)
		of->path = strdup(path);
	if (of->path != NULL &&
	    (of->fd = newfile_open(&of->nf, of->path)) >= 0) {
		if (stat(of->path, &sb) == 0)
			(void)fchmod(of->fd, sb.st_mode & 07777);
		return PHI_OK;
	}
	if (of->path == NULL || of->nf.tmp == NULL)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else
		rc = phi_err_set(e, PHI_EIO, "%s: %s", path, strerror(errno));
	outfile_abort(of);
	return rc;
}

int
outfile_open(struct outfile *of, const char *path, struct phi_err *e)
{
	struct stat sb;

	of->path = NULL;
	of->nf = (struct newfile)NEWFILE_INIT;
	of->fd = STDOUT_FILENO;
	if (path == NULL || strcmp(path, "-") == 0)
		return PHI_OK;
	of->fd = -1;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return open_in_place(of, path, &sb, e);
	return open_temp(of, path, e);
}

/* fsync, hidden name, close: 0 or errno. */
static int
finish_temp(struct outfile *of)
{
	int err = 0;

	if (fsync(of->fd) != 0)
		err = errno;
	else
		err = newfile_hide(&of->nf, of->fd);
	if (close(of->fd) != 0 && err == 0)
		err = errno;
	of->fd = -1;
	return err;
}

int
outfile_commit(struct outfile *of, struct phi_err *e)
{
	int err = 0;

	if (of->path == NULL)
		return PHI_OK;
	if (of->nf.tmp == NULL) {
		if (close(of->fd) != 0)
			err = errno;
		of->fd = -1;
	} else if ((err = finish_temp(of)) == 0 &&
	    (err = newfile_rename(&of->nf, of->path)) == 0)
		err = newfile_sync_dir(&of->nf);
	if (err != 0) {
		phi_err_set(e, PHI_EIO, "%s: %s", of->path, strerror(err));
		outfile_abort(of);
		return PHI_EIO;
	}
	outfile_abort(of); /* frees the names */
	return PHI_OK;
}

void
outfile_abort(struct outfile *of)
{
	if (of->path != NULL && of->fd >= 0)
		close(of->fd);
	newfile_free(&of->nf);
	free(of->path);
	of->path = NULL;
	of->fd = -1;
}
