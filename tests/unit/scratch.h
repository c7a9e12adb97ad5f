/*
 * scratch.h - a scratch directory for the C unit tests that make files.
 *
 *	if (scratch_make("test_x") != 0)    a new /tmp/test_x.XXXXXX
 *		return 2;
 *	scratch_path("a")                   the path of a in it
 *	scratch_count(".", NULL, 0)         how many names start with "."
 *	scratch_holds(path, "a\n")          1 if the file holds just that
 *	scratch_read(path, buf, sizeof(buf)) its start, as a string
 *	scratch_mode(path)                  its permission bits, or -1
 *	scratch_remove();                   the directory and all in it
 */
#ifndef PHI_SCRATCH_H
#define PHI_SCRATCH_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char scratch_dir[64];

static inline int
scratch_make(const char *name)
{
	int n =
	    snprintf(scratch_dir, sizeof(scratch_dir), "/tmp/%s.XXXXXX", name);

	if (n < 0 || (size_t)n >= sizeof(scratch_dir))
		return -1;
	return mkdtemp(scratch_dir) != NULL ? 0 : -1;
}

/* name in the scratch directory, in one of 8 buffers used in turn (copy
 * a path that must outlive 7 more calls). */
static inline char *
scratch_path(const char *name)
{
	static char p[8][256];
	static unsigned k;
	char *s = p[k++ % 8];

	snprintf(s, sizeof(p[0]), "%s/%s", scratch_dir, name);
	return s;
}

/* The number of entries whose names start with prefix ("" for all; "."
 * and ".." aside), or -1; the first one's name in first[n] when first is
 * not NULL. */
static inline int
scratch_count(const char *prefix, char *first, size_t n)
{
	DIR *d = opendir(scratch_dir);
	struct dirent *de;
	int count = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if (count++ == 0 && first != NULL)
			snprintf(first, n, "%s", de->d_name);
	}
	closedir(d);
	return count;
}

/* The first n - 1 bytes of path in buf, NUL-terminated ("" if it cannot
 * be read). */
static inline const char *
scratch_read(const char *path, char *buf, size_t n)
{
	FILE *f = fopen(path, "r");
	size_t got = 0;

	if (f != NULL) {
		got = fread(buf, 1, n - 1, f);
		fclose(f);
	}
	buf[got] = '\0';
	return buf;
}

/* 1 if path can be read and holds exactly want (of under 4 KB). */
static inline int
scratch_holds(const char *path, const char *want)
{
	char got[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (f == NULL)
		return 0;
	n = fread(got, 1, sizeof(got), f);
	fclose(f);
	return n == strlen(want) && memcmp(got, want, n) == 0;
}

static inline int
scratch_mode(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
}

/* Removes the scratch directory with all it holds: 0 or -1. */
static inline int
scratch_remove(void)
{
	char cmd[96];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch_dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
