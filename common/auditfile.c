/*
 * auditfile.c - new files named only when whole (see auditfile.h).
 *
 * The unnamed file is linked to its name through /proc/self/fd/N with
 * AT_SYMLINK_FOLLOW (linkat of the descriptor itself with AT_EMPTY_PATH
 * needs CAP_DAC_READ_SEARCH, so it is only tried when /proc has gone
 * away since the open).  linkat(2) and link(2) never replace a name.
 */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH, mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auditfile.h"

/* The directory of path, allocated: "." for a bare name. */
static char *
dir_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t n;
	char *d;

	if (slash == NULL)
		return strdup(".");
	n = slash == path ? 1 : (size_t)(slash - path);
	if ((d = malloc(n + 1)) != NULL) {
		memcpy(d, path, n);
		d[n] = '\0';
	}
	return d;
}

int
audit_dir_sync(const char *path, struct phi_err *e)
{
	char *dir = dir_name(path);
	int fd, err = 0;

	if (dir == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		err = errno == EACCES ? 0 : errno; /* a write-only directory */
	else {
		if (fsync(fd) != 0 && errno != EINVAL)
			err = errno;
		close(fd);
	}
	free(dir);
	if (err != 0)
		return phi_err_set(e, PHI_EIO, "%s: fsync of its directory: %s",
		    path, strerror(err));
	return PHI_OK;
}

#ifdef O_TMPFILE
/* The unnamed file in dir: 0, 1 if not supported here (use a named
 * one), or -1 and errno. */
static int
open_unnamed(struct audit_file *f, const char *dir)
{
	struct stat a, b;
	char proc[32];
	int fd;

	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL
		    ? 1
		    : -1;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (fstat(fd, &a) != 0 || stat(proc, &b) != 0 || a.st_dev != b.st_dev ||
	    a.st_ino != b.st_ino) {
		close(fd); /* no name to link it by */
		return 1;
	}
	f->fd = fd;
	return 0;
}

/* Names the unnamed file f->path: 0, or -1 and errno. */
static int
link_unnamed(struct audit_file *f)
{
	char proc[32];
	int err;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", f->fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, f->path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if ((err = errno) != ENOENT)
		return -1;
	if (linkat(f->fd, "", AT_FDCWD, f->path, AT_EMPTY_PATH) == 0)
		return 0;
	errno = err;
	return -1;
}
#else
static int
open_unnamed(struct audit_file *f, const char *dir)
{
	(void)f, (void)dir;
	return 1;
}

static int
link_unnamed(struct audit_file *f)
{
	(void)f;
	errno = EOPNOTSUPP;
	return -1;
}
#endif

/* The hidden file DIR/.NAME.XXXXXX: 0, or -1 and errno. */
static int
open_named(struct audit_file *f, const char *dir)
{
	const char *slash = strrchr(f->path, '/');
	const char *base = slash != NULL ? slash + 1 : f->path;
	size_t n = strlen(dir) + strlen(base) + 10;

	if ((f->tmp = malloc(n)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(f->tmp, n, "%s/.%s.XXXXXX", dir, base);
	if ((f->fd = mkostemp(f->tmp, O_CLOEXEC)) < 0) {
		free(f->tmp);
		f->tmp = NULL;
		return -1;
	}
	return 0;
}

int
audit_file_create(
    struct audit_file *f, const char *path, mode_t mode, struct phi_err *e)
{
	char *dir = NULL;
	int r, err;

	*f = (struct audit_file)AUDIT_FILE_INIT;
	if ((f->path = strdup(path)) == NULL || (dir = dir_name(path)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if ((r = open_unnamed(f, dir)) == 1)
		r = open_named(f, dir);
	err = errno;
	free(dir);
	if (r != 0)
		return phi_err_set(e, err == ENOMEM ? PHI_ESOFTWARE : PHI_EIO,
		    "%s: %s", path, strerror(err));
	if (fchmod(f->fd, mode) != 0)
		return phi_err_set(e, PHI_EIO, "%s: %s", path, strerror(errno));
	return PHI_OK;
}

int
audit_file_link(struct audit_file *f, struct phi_err *e)
{
	int r;

	if (fsync(f->fd) != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: fsync: %s", f->path, strerror(errno));
	r = f->tmp != NULL ? link(f->tmp, f->path) : link_unnamed(f);
	if (r != 0 && errno == EEXIST)
		return phi_err_set(
		    e, PHI_EUSAGE, "%s: %s", f->path, strerror(errno));
	if (r != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: link: %s", f->path, strerror(errno));
	f->linked = 1;
	if (f->tmp != NULL && unlink(f->tmp) == 0) {
		free(f->tmp);
		f->tmp = NULL;
	}
	return audit_dir_sync(f->path, e);
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
	return audit_dir_sync(f->path, e);
}

void
audit_file_close(struct audit_file *f)
{
	if (f->fd >= 0)
		close(f->fd);
	if (f->tmp != NULL)
		(void)unlink(f->tmp);
	free(f->tmp);
	free(f->path);
	*f = (struct audit_file)AUDIT_FILE_INIT;
}
