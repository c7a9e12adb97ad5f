/*
 * auditfile.c - new files named only when whole (see auditfile.h), made
 * with newfile.h's temporary file and its link, which never replaces a
 * name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auditfile.h"

/* fsync(2)s the directory that holds the file. */
static int
sync_dir(struct audit_file *f, struct phi_err *e)
{
	int err = newfile_sync_dir(&f->nf);

	if (err != 0)
		return phi_err_set(e, PHI_EIO, "%s: fsync of its directory: %s",
		    f->path, strerror(err));
	return PHI_OK;
}

int
audit_file_create(
    struct audit_file *f, const char *path, mode_t mode, struct phi_err *e)
{
	int err;

	*f = (struct audit_file)AUDIT_FILE_INIT;
	if ((f->path = strdup(path)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if ((f->fd = newfile_open(&f->nf, path)) < 0) {
		err = errno;
		if (f->nf.tmp == NULL)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		return phi_err_set(e, err == ENOMEM ? PHI_ESOFTWARE : PHI_EIO,
		    "%s: %s", path, strerror(err));
	}
	if (fchmod(f->fd, mode) != 0)
		return phi_err_set(e, PHI_EIO, "%s: %s", path, strerror(errno));
	return PHI_OK;
}

int
audit_file_exists(const char *path, struct phi_err *e)
{
	return phi_err_set(e, PHI_ECANTCREAT,
	    "%s: File exists (a file is never replaced: give a new name)",
	    path);
}

int
audit_file_link(struct audit_file *f, struct phi_err *e)
{
	int err;

	if (fsync(f->fd) != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: fsync: %s", f->path, strerror(errno));
	if ((err = newfile_link(&f->nf, f->fd, f->path)) == EEXIST)
		return audit_file_exists(f->path, e);
	if (err != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: link: %s", f->path, strerror(err));
	f->linked = 1;
	return sync_dir(f, e);
}

int
audit_file_unlink(struct audit_file *f, struct phi_err *e)
{
	struct stat a, b;

	if (!f->linked)
		return PHI_OK;
	f->linked = 0;
	if (fstat(f->fd, &a) != 0 || lstat(f->path, &b) != 0 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return PHI_OK; /* the name is not ours any more */
	if (unlink(f->path) != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: %s", f->path, strerror(errno));
	return sync_dir(f, e);
}

void
audit_file_close(struct audit_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	newfile_free(&f->nf);
	free(f->path);
	*f = (struct audit_file)AUDIT_FILE_INIT;
}
