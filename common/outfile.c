/* outfile.c - atomic output files (see outfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

/* The temporary file beside path (a symbolic link is followed, so that
 * the file it names is replaced, not the link: -o /dev/stdout). */
static int
open_temp(struct outfile *of, const char *path, struct phi_err *e)
{
	const char *slash, *base;
	struct stat sb;
	size_t n;

	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
		of->path = realpath(path, NULL);
	if (of->path == NULL)
		of->path = strdup(path);
	if (of->path == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	slash = strrchr(of->path, '/');
	base = slash != NULL ? slash + 1 : of->path;
	n = strlen(of->path) + 16;
	if ((of->tmp = malloc(n)) == NULL) {
		outfile_abort(of);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	snprintf(of->tmp, n, "%.*s.%s.XXXXXX", (int)(base - of->path), of->path,
	    base);
	if ((of->fd = mkstemp(of->tmp)) < 0) {
		phi_err_set(e, PHI_EIO, "%s: %s", path, strerror(errno));
		free(of->tmp);
		of->tmp = NULL;
		outfile_abort(of);
		return PHI_EIO;
	}
	if (stat(of->path, &sb) == 0)
		(void)fchmod(of->fd, sb.st_mode & 07777);
	return PHI_OK;
}

int
outfile_open(struct outfile *of, const char *path, struct phi_err *e)
{
	struct stat sb;

	of->path = of->tmp = NULL;
	of->fd = STDOUT_FILENO;
	if (path == NULL || strcmp(path, "-") == 0)
		return PHI_OK;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return open_in_place(of, path, &sb, e);
	return open_temp(of, path, e);
}

int
outfile_commit(struct outfile *of, struct phi_err *e)
{
	int rc = PHI_OK, err = 0;

	if (of->path == NULL)
		return PHI_OK;
	if (of->tmp != NULL && fsync(of->fd) != 0)
		err = errno;
	if (close(of->fd) != 0 && err == 0)
		err = errno;
	of->fd = -1;
	if (err != 0) {
		rc = phi_err_set(e, PHI_EIO, "%s: %s", of->path, strerror(err));
		outfile_abort(of);
		return rc;
	}
	if (of->tmp != NULL && rename(of->tmp, of->path) != 0) {
		rc = phi_err_set(
		    e, PHI_EIO, "%s: %s", of->path, strerror(errno));
		outfile_abort(of);
		return rc;
	}
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
	return PHI_OK;
}

void
outfile_abort(struct outfile *of)
{
	if (of->path != NULL && of->fd >= 0)
		close(of->fd);
	if (of->tmp != NULL)
		(void)unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
	of->fd = -1;
}
