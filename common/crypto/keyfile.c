/* keyfile.c - opening key and secret files safely (see keyfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "keyfile.h"

/* Why st is not a file to read a key from (NULL: it is). */
static const char *
keyfile_refusal(const struct stat *st, int kind)
{
	if (!S_ISREG(st->st_mode))
		return S_ISFIFO(st->st_mode) ? "is a FIFO, not a regular file"
		                             : "not a regular file";
	if (kind == KEYFILE_SECRET && st->st_uid != geteuid() &&
	    st->st_uid != 0)
		return "belongs to another user (not you or root): refused";
	return NULL;
}

int
keyfile_open(const char *path, int kind, struct stat *st, struct phi_err *e)
{
	const char *why;
	int fd, err;

	fd = open(
	    path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		err = errno;
		if (err == ELOOP)
			phi_err_set(e, PHI_EKEY,
			    "%s: is a symbolic link: give the file it names",
			    path);
		else
			phi_err_set(e, PHI_EKEY, "%s: cannot open: %s", path,
			    strerror(err));
		errno = err;
		return -1;
	}
	if (fstat(fd, st) != 0)
		why = strerror(errno);
	else
		why = keyfile_refusal(st, kind);
	if (why != NULL) {
		phi_err_set(e, PHI_EKEY, "%s: %s", path, why);
		close(fd);
		errno = EACCES;
		return -1;
	}
	return fd;
}

int
keyfile_check_mode(const char *path, mode_t mode, struct phi_err *e)
{
	if ((mode & (S_IRWXG | S_IRWXO)) == 0)
		return PHI_OK;
	return phi_err_set(e, PHI_EKEY,
	    "%s: permissions %04o are too open: a secret must not be accessible by group or others (chmod 600 %s)",
	    path, (unsigned)(mode & 07777), path);
}
