/* outfile.c - atomic output files (see outfile.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"

int
outfile_open(struct outfile *of, const char *path, struct phi_err *e)
{
	const char *slash, *base;
	struct stat sb;
	size_t n;

	of->path = of->tmp = NULL;
	of->fd = STDOUT_FILENO;
	if (path == NULL || strcmp(path, "-") == 0)
		return PHI_OK;
	slash = strrchr(path, '/');
	base = slash != NULL ? slash + 1 : path;
	n = strlen(path) + 16;
	of->path = strdup(path);
	of->tmp = malloc(n);
	if (of->path == NULL || of->tmp == NULL) {
		outfile_abort(of);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	snprintf(of->tmp, n, "%.*s.%s.XXXXXX", (int)(base - path), path, base);
	if ((of->fd = mkstemp(of->tmp)) < 0) {
		phi_err_set(e, PHI_EIO, "%s: %s", path, strerror(errno));
		free(of->tmp);
		of->tmp = NULL;
		outfile_abort(of);
		return PHI_EIO;
	}
	if (stat(path, &sb) == 0)
		(void)fchmod(of->fd, sb.st_mode & 07777);
	return PHI_OK;
}

int
outfile_commit(struct outfile *of, struct phi_err *e)
{
	int rc = PHI_OK, err = 0;

	if (of->path == NULL)
		return PHI_OK;
	if (fsync(of->fd) != 0)
		err = errno;
	if (close(of->fd) != 0 && err == 0)
		err = errno;
	of->fd = -1;
	if (err != 0) {
		rc = phi_err_set(e, PHI_EIO, "%s: %s", of->path, strerror(err));
		outfile_abort(of);
		return rc;
	}
	if (rename(of->tmp, of->path) != 0) {
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
