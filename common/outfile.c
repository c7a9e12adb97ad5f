/*
 * outfile.c - atomic output files (see outfile.h).
 *
 * On Linux the temporary file is opened with O_TMPFILE: an inode in the
 * target's directory with no name, so that a run killed mid-way (even by
 * SIGKILL, which no handler sees) leaves nothing; the kernel frees it.
 * At the commit, once complete and fsync'd, it is linked to a fresh
 * hidden name by linkat of /proc/self/fd/N (AT_SYMLINK_FOLLOW), renamed
 * over the target at once, and the directory is fsync'd: the name exists
 * only between the link and the rename, and only for a complete file.
 * (linkat of the descriptor itself with AT_EMPTY_PATH needs
 * CAP_DAC_READ_SEARCH, so it is only the last resort when /proc has gone
 * away since the open.)
 *
 * The fallback is the named temporary file made by mkstemp, used from
 * the open on when O_TMPFILE is not supported: the filesystem refuses it
 * (EOPNOTSUPP; EISDIR or EINVAL from kernels older than 3.11), the
 * system has no O_TMPFILE, or /proc is not mounted (no name to link
 * by).  A kill can then leave the hidden .NAME.XXXXXX (mode 0600, never
 * a partial target).
 */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifdef O_TMPFILE
#include <sys/random.h>
#endif

#include "outfile.h"

#define OUTFILE_TRIES 100 /* fresh names tried for the link */

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

/* Where the base name starts in of->tmp (it always starts with '.'). */
static size_t
tmp_base(const struct outfile *of)
{
	const char *slash = strrchr(of->tmp, '/');

	return slash != NULL ? (size_t)(slash + 1 - of->tmp) : 0;
}

/* Runs f on the directory of the temporary file: "DIR/." is of->tmp cut
 * after the '.' its base name starts with. */
static int
with_dir(struct outfile *of, int (*f)(const char *, void *), void *arg)
{
	size_t cut = tmp_base(of) + 1;
	char keep = of->tmp[cut];
	int r;

	of->tmp[cut] = '\0';
	r = f(of->tmp, arg);
	of->tmp[cut] = keep;
	return r;
}

/* of->path and the name template DIR/.BASE.XXXXXX in of->tmp (a
 * symbolic link is followed, so that the file it names is replaced, not
 * the link: -o /dev/stdout). */
static int
name_temp(struct outfile *of, const char *path, struct phi_err *e)
{
	const char *slash, *base;
	struct stat sb;
	size_t n;

	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
		of->path = realpath(path, NULL);
	if (of->path == NULL)
		of->path = strdup(path);
	if (of->path == NULL)
		goto oom;
	slash = strrchr(of->path, '/');
	base = slash != NULL ? slash + 1 : of->path;
	n = strlen(of->path) + 16;
	if ((of->tmp = malloc(n)) == NULL)
		goto oom;
	snprintf(of->tmp, n, "%.*s.%s.XXXXXX", (int)(base - of->path), of->path,
	    base);
	return PHI_OK;
oom: /* a constant, which the static analyser follows */
	phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_ESOFTWARE;
}

#ifdef O_TMPFILE
/* 1 if /proc/self/fd/FD leads to fd's file: linkat names it through
 * that path at the commit. */
static int
proc_fd_ok(int fd)
{
	char p[32];
	struct stat a, b;

	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	return fstat(fd, &a) == 0 && stat(p, &b) == 0 && a.st_dev == b.st_dev &&
	    a.st_ino == b.st_ino;
}

static int
open_tmpfile_at(const char *dir, void *arg)
{
	(void)arg;
	return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
}

/* The unnamed temporary file: 0, 1 if not supported here (use a named
 * one), or -1 and errno. */
static int
open_unnamed(struct outfile *of)
{
	int fd = with_dir(of, open_tmpfile_at, NULL);

	if (fd < 0) {
		if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)
			return 1;
		return -1;
	}
	if (!proc_fd_ok(fd)) {
		close(fd);
		return 1;
	}
	of->fd = fd;
	of->named = 0;
	return 0;
}

/* Six random characters (a name to try) at s. */
static void
fill_suffix(char *s)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
	                          "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long n;
	unsigned char r[6];
	struct timespec ts;
	int i;

	if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
		clock_gettime(CLOCK_REALTIME, &ts);
		n = n * 6364136223846793005UL + (unsigned long)ts.tv_nsec +
		    (unsigned long)getpid() + 1;
		for (i = 0; i < 6; i++)
			r[i] = (unsigned char)(n >> (8 * i + 13));
	}
	for (i = 0; i < 6; i++)
		s[i] = set[r[i] % (sizeof(set) - 1)];
}

/* Gives the unnamed temporary file a fresh name in of->tmp: 0 or errno. */
static int
link_temp(struct outfile *of)
{
	char proc[32], *suffix = of->tmp + strlen(of->tmp) - 6;
	int i, err = EEXIST;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", of->fd);
	for (i = 0; i < OUTFILE_TRIES && err == EEXIST; i++) {
		fill_suffix(suffix);
		err = 0;
		if (linkat(AT_FDCWD, proc, AT_FDCWD, of->tmp,
		        AT_SYMLINK_FOLLOW) != 0)
			err = errno;
		if (err == ENOENT &&
		    linkat(of->fd, "", AT_FDCWD, of->tmp, AT_EMPTY_PATH) == 0)
			err = 0;
	}
	of->named = err == 0;
	return err;
}
#else
static int
open_unnamed(struct outfile *of)
{
	(void)of;
	return 1;
}

static int
link_temp(struct outfile *of)
{
	(void)of;
	return EOPNOTSUPP;
}
#endif

/* The temporary file beside the target, unnamed where possible (a new
 * one is 0600; one replacing a file gets that file's mode). */
static int
open_temp(struct outfile *of, const char *path, struct phi_err *e)
{
	struct stat sb;
	int rc;

	if ((rc = name_temp(of, path, e)) != PHI_OK) {
		outfile_abort(of);
		return rc;
	}
	if ((rc = open_unnamed(of)) == 1) {
		if ((of->fd = mkstemp(of->tmp)) >= 0)
			of->named = 1;
		rc = of->fd >= 0 ? 0 : -1;
	}
	if (rc != 0) {
		phi_err_set(e, PHI_EIO, "%s: %s", path, strerror(errno));
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
	of->named = 0;
	if (path == NULL || strcmp(path, "-") == 0)
		return PHI_OK;
	of->fd = -1;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return open_in_place(of, path, &sb, e);
	return open_temp(of, path, e);
}

static int
sync_dir_at(const char *dir, void *arg)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), err = 0;

	(void)arg;
	if (fd < 0)
		return errno == EACCES ? 0 : errno; /* a write-only directory */
	if (fsync(fd) != 0 && errno != EINVAL)
		err = errno;
	close(fd);
	return err;
}

/* fsync, name (unnamed), close: 0 or errno. */
static int
finish_temp(struct outfile *of)
{
	int err = 0;

	if (fsync(of->fd) != 0)
		err = errno;
	else if (!of->named)
		err = link_temp(of);
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
	if (of->tmp == NULL) {
		if (close(of->fd) != 0)
			err = errno;
		of->fd = -1;
	} else if ((err = finish_temp(of)) == 0) {
		if (rename(of->tmp, of->path) != 0)
			err = errno;
		else {
			of->named = 0; /* the name is the target's now */
			err = with_dir(of, sync_dir_at, NULL);
		}
	}
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
	if (of->tmp != NULL && of->named)
		(void)unlink(of->tmp);
	free(of->tmp);
	free(of->path);
	of->tmp = of->path = NULL;
	of->fd = -1;
	of->named = 0;
}
