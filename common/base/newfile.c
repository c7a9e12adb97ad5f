/*
 * newfile.c - a new file with no name until it is whole (see newfile.h).
 *
 * The unnamed file is an O_TMPFILE inode in the target's directory.  It
 * is named by linkat of /proc/self/fd/N with AT_SYMLINK_FOLLOW (linkat
 * of the descriptor itself with AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH,
 * so it is only the last resort when /proc has gone away since the
 * open); linkat(2) and link(2) never replace a name.
 *
 * The fallback is the named temporary file made by mkostemp, used from
 * the open on when O_TMPFILE is not supported: the filesystem refuses it
 * (EOPNOTSUPP; EISDIR or EINVAL from kernels older than 3.11), the
 * system has no O_TMPFILE, or /proc is not mounted (no name to link
 * by).
 */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH, mkostemp */
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

#include "newfile.h"

#define NEWFILE_TRIES 100 /* fresh hidden names tried for the link */

/* Runs f on the directory of the file: "DIR/." is nf->tmp cut after the
 * '.' its base name starts with. */
static int
with_dir(struct newfile *nf, int (*f)(const char *, void *), void *arg)
{
	const char *slash = strrchr(nf->tmp, '/');
	size_t cut = (slash != NULL ? (size_t)(slash + 1 - nf->tmp) : 0) + 1;
	char keep = nf->tmp[cut];
	int r;

	nf->tmp[cut] = '\0';
	r = f(nf->tmp, arg);
	nf->tmp[cut] = keep;
	return r;
}

#ifdef O_TMPFILE
/* 1 if /proc/self/fd/FD leads to fd's file: linkat names it through
 * that path. */
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
	return open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
}

/* The unnamed file: its descriptor, -2 if not supported here (use a
 * named one), or -1 and errno. */
static int
open_unnamed(struct newfile *nf)
{
	int fd = with_dir(nf, open_tmpfile_at, NULL);

	if (fd < 0)
		return errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL
		    ? -2
		    : -1;
	if (!proc_fd_ok(fd)) {
		close(fd); /* no name to link it by */
		return -2;
	}
	return fd;
}

/* Names the unnamed file fd path: 0 or errno. */
static int
link_fd(int fd, const char *path)
{
	char proc[32];
	int err;

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0)
		return 0;
	if ((err = errno) == ENOENT &&
	    linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH) == 0)
		return 0;
	return err;
}

/* Six random characters (a name to try) at s. */
static void
fill_suffix(char *s)
{
	static const char set[] =
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
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
#else
static int
open_unnamed(struct newfile *nf)
{
	(void)nf;
	return -2;
}

static int
link_fd(int fd, const char *path)
{
	(void)fd, (void)path;
	return EOPNOTSUPP;
}

static void
fill_suffix(char *s)
{
	(void)s;
}
#endif

int
newfile_open(struct newfile *nf, const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t n = strlen(path) + 16;
	int fd;

	nf->named = 0;
	if ((nf->tmp = malloc(n)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(nf->tmp, n, "%.*s.%s.XXXXXX", (int)(base - path), path, base);
	if ((fd = open_unnamed(nf)) == -2 &&
	    (fd = mkostemp(nf->tmp, O_CLOEXEC)) >= 0)
		nf->named = 1;
	return fd;
}

int
newfile_hide(struct newfile *nf, int fd)
{
	char *suffix = nf->tmp + strlen(nf->tmp) - 6;
	int i, err = EEXIST;

	if (nf->named)
		return 0;
	for (i = 0; i < NEWFILE_TRIES && err == EEXIST; i++) {
		fill_suffix(suffix);
		err = link_fd(fd, nf->tmp);
	}
	nf->named = err == 0;
	return err;
}

int
newfile_rename(struct newfile *nf, const char *path)
{
	if (rename(nf->tmp, path) != 0)
		return errno;
	nf->named = 0; /* the name is path's now */
	return 0;
}

int
newfile_link(struct newfile *nf, int fd, const char *path)
{
	if (!nf->named)
		return link_fd(fd, path);
	if (link(nf->tmp, path) != 0)
		return errno;
	if (unlink(nf->tmp) == 0)
		nf->named = 0;
	return 0;
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

int
newfile_sync_dir(struct newfile *nf)
{
	return with_dir(nf, sync_dir_at, NULL);
}

void
newfile_free(struct newfile *nf)
{
	if (nf->tmp != NULL && nf->named)
		(void)unlink(nf->tmp);
	free(nf->tmp);
	nf->tmp = NULL;
	nf->named = 0;
}
