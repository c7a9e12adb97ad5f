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
 *
 * The target is looked at with lstat(2) first and refused unless it is
 * missing, a regular file of the caller's or a character device; the
 * rename(2) and link(2) that name the new file never follow a symbolic
 * link that appears in the meantime (they replace or refuse the link
 * itself), and what is written in place is opened with O_NOFOLLOW and
 * O_NONBLOCK (a FIFO put there meanwhile fails at once, ENXIO, instead
 * of waiting for a reader) and checked again with fstat(2).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

/* The standard stream a path names (-1: none). */
static int
std_stream(const char *path)
{
	if (path == NULL || strcmp(path, "-") == 0 ||
	    strcmp(path, "/dev/stdout") == 0 || strcmp(path, "/dev/fd/1") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0 || strcmp(path, "/dev/fd/2") == 0)
		return STDERR_FILENO;
	return -1;
}

/* What a file that is not a regular one or a character device is. */
static const char *
kind_name(mode_t m)
{
	if (S_ISLNK(m))
		return "is a symbolic link (not followed for an output)";
	if (S_ISDIR(m))
		return "is a directory";
	if (S_ISFIFO(m))
		return "is a FIFO (named pipe): not written to";
	if (S_ISSOCK(m))
		return "is a socket: not written to";
	return "is not a regular file: not written to";
}

/* PHI_OK if the existing file sb may be an output: a regular file of the
 * caller's, or a character device of the caller's or root's. */
static int
target_ok(const char *path, const struct stat *sb, struct phi_err *e)
{
	if (!S_ISREG(sb->st_mode) && !S_ISCHR(sb->st_mode))
		return phi_err_set(
		    e, PHI_EIO, "%s: %s", path, kind_name(sb->st_mode));
	if (sb->st_uid != geteuid() &&
	    (S_ISREG(sb->st_mode) || sb->st_uid != 0))
		return phi_err_set(e, PHI_EIO,
		    "%s: belongs to another user: not written to", path);
	return PHI_OK;
}

/* Opens the existing file sb (a device, or a file to append to) in
 * place, and checks that it is still that file. */
static int
open_in_place(struct outfile *of, const struct stat *sb, struct phi_err *e)
{
	int flags = O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
	struct stat now;

	if (S_ISREG(sb->st_mode))
		flags |= O_APPEND;
	if ((of->fd = open(of->path, flags)) < 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: %s", of->path, strerror(errno));
	if (fstat(of->fd, &now) != 0 || now.st_dev != sb->st_dev ||
	    now.st_ino != sb->st_ino)
		return phi_err_set(e, PHI_EIO,
		    "%s: changed while it was opened: not written to",
		    of->path);
	if (fcntl(of->fd, F_SETFL, flags & ~O_NONBLOCK) != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: %s", of->path, strerror(errno));
	return PHI_OK;
}

/* The mode of the new file: mode, or (OUTFILE_KEEP_MODE) that of the
 * file it replaces when no one else may write it, else 0600. */
static mode_t
new_mode(const struct stat *old, int mode)
{
	if (mode != OUTFILE_KEEP_MODE)
		return (mode_t)mode;
	if (old != NULL && (old->st_mode & (S_IWGRP | S_IWOTH)) == 0)
		return old->st_mode & 0777;
	return 0600;
}

/* The temporary file beside the target (old: the file it replaces). */
static int
open_temp(
    struct outfile *of, const struct stat *old, int mode, struct phi_err *e)
{
	if ((of->fd = newfile_open(&of->nf, of->path)) < 0) {
		if (of->nf.tmp == NULL)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		return phi_err_set(
		    e, PHI_EIO, "%s: %s", of->path, strerror(errno));
	}
	if ((old != NULL || mode != OUTFILE_KEEP_MODE) &&
	    fchmod(of->fd, new_mode(old, mode)) != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: %s", of->path, strerror(errno));
	return PHI_OK;
}

/* Opens of->path, whose lstat(2) gave sb (exists != 0) or ENOENT. */
static int
open_path(struct outfile *of, const struct stat *sb, int exists, int mode,
    struct phi_err *e)
{
	int rc;

	if (!exists)
		return open_temp(of, NULL, mode, e);
	if ((rc = target_ok(of->path, sb, e)) != PHI_OK)
		return rc;
	if (S_ISCHR(sb->st_mode))
		return open_in_place(of, sb, e);
	if (of->how == OUTFILE_NEW)
		return phi_err_set(e, PHI_ECANTCREAT,
		    "%s: exists: give a new name (not overwritten)", of->path);
	if (of->how == OUTFILE_REPLACE)
		return open_temp(of, sb, mode, e);
	if ((rc = open_in_place(of, sb, e)) == PHI_OK && mode >= 0 &&
	    fchmod(of->fd, (mode_t)mode) != 0)
		rc = phi_err_set(
		    e, PHI_EIO, "%s: %s", of->path, strerror(errno));
	return rc;
}

int
outfile_open_as(
    struct outfile *of, const char *path, int how, int mode, struct phi_err *e)
{
	struct stat sb;
	int rc, exists;

	*of = (struct outfile)OUTFILE_INIT;
	of->how = how;
	if ((of->fd = std_stream(path)) >= 0)
		return PHI_OK;
	if (!(exists = lstat(path, &sb) == 0) && errno != ENOENT)
		return phi_err_set(e, PHI_EIO, "%s: %s", path, strerror(errno));
	if ((of->path = strdup(path)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (!exists && how == OUTFILE_APPEND)
		of->how = OUTFILE_NEW;
	if ((rc = open_path(of, &sb, exists, mode, e)) != PHI_OK)
		outfile_abort(of);
	return rc;
}

int
outfile_open(struct outfile *of, const char *path, struct phi_err *e)
{
	return outfile_open_as(of, path, OUTFILE_REPLACE, OUTFILE_KEEP_MODE, e);
}

/* fsync, hidden name (to be renamed), close: 0 or errno. */
static int
finish_temp(struct outfile *of)
{
	int err = 0;

	if (fsync(of->fd) != 0)
		err = errno;
	else if (of->how == OUTFILE_REPLACE)
		err = newfile_hide(&of->nf, of->fd);
	else
		err = newfile_link(&of->nf, of->fd, of->path);
	if (close(of->fd) != 0 && err == 0)
		err = errno;
	of->fd = -1;
	return err;
}

/* fsync (a device cannot be: EINVAL) and close the file written in
 * place: 0 or errno. */
static int
finish_in_place(struct outfile *of)
{
	int err = 0;

	if (fsync(of->fd) != 0 && errno != EINVAL)
		err = errno;
	if (close(of->fd) != 0 && err == 0)
		err = errno;
	of->fd = -1;
	return err;
}

int
outfile_commit(struct outfile *of, struct phi_err *e)
{
	int err = 0, rc;

	if (of->path == NULL)
		return PHI_OK;
	if (of->nf.tmp == NULL)
		err = finish_in_place(of);
	else if ((err = finish_temp(of)) == 0 &&
	    (of->how != OUTFILE_REPLACE ||
	        (err = newfile_rename(&of->nf, of->path)) == 0))
		err = newfile_sync_dir(&of->nf);
	if (err != 0) {
		rc = phi_err_set(e, err == EEXIST ? PHI_ECANTCREAT : PHI_EIO,
		    "%s: %s", of->path, strerror(err));
		outfile_abort(of);
		return rc;
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
