/*
 * test_outfile.c - common/outfile: atomic output files (new files 0600,
 * a replaced file keeps its mode, no partial or temporary file left
 * after an abort or a failure) and "-" as standard output.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "tap.h"

static char dir[] = "/tmp/test_outfile.XXXXXX";

static const char *
in_dir(const char *name)
{
	static char p[2][256];
	static int k;
	char *s = p[k++ % 2];

	snprintf(s, sizeof(p[0]), "%s/%s", dir, name);
	return s;
}

/* Number of entries in dir, "." and ".." aside. */
static int
entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		n += strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0;
	closedir(d);
	return n;
}

static int
file_is(const char *path, const char *want)
{
	char got[256];
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return 0;
	n = read(fd, got, sizeof(got));
	close(fd);
	return n == (ssize_t)strlen(want) && memcmp(got, want, (size_t)n) == 0;
}

static int
mode_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
}

static void
test_new_file(void)
{
	struct outfile of;
	struct phi_err e;
	const char *t = in_dir("new.ndjson");

	umask(022);
	ok(outfile_open(&of, t, &e) == PHI_OK && of.fd > 2,
	    "outfile_open on a new file");
	ok(access(t, F_OK) != 0, "the target does not exist before commit");
	ok(entries() == 1, "one temporary file beside it");
	ok(write(of.fd, "{\"a\":1}\n", 8) == 8, "write to it");
	ok(outfile_commit(&of, &e) == PHI_OK, "commit");
	ok(file_is(t, "{\"a\":1}\n"), "the target holds the data");
	ok(mode_of(t) == 0600, "a new file is 0600 (umask 022)");
	ok(entries() == 1, "no temporary file is left");
	ok(of.path == NULL && of.tmp == NULL, "commit frees the names");
}

static void
test_replace(void)
{
	struct outfile of;
	struct phi_err e;
	const char *t = in_dir("old.ndjson");
	FILE *f = fopen(t, "w");

	if (f == NULL || fputs("old\n", f) < 0 || fclose(f) != 0)
		abort();
	chmod(t, 0640);
	ok(outfile_open(&of, t, &e) == PHI_OK, "outfile_open on an old file");
	ok(write(of.fd, "new\n", 4) == 4 && file_is(t, "old\n"),
	    "the old file stays whole until the commit");
	ok(outfile_commit(&of, &e) == PHI_OK && file_is(t, "new\n"),
	    "commit replaces it");
	ok(mode_of(t) == 0640, "the replaced file keeps its mode 0640");
	ok(outfile_open(&of, t, &e) == PHI_OK && write(of.fd, "x", 1) == 1,
	    "open it again and write");
	outfile_abort(&of);
	ok(file_is(t, "new\n"), "abort leaves the old file as it was");
	ok(entries() == 2, "and no temporary file (%d entries)", entries());
	ok(of.fd == -1 && of.tmp == NULL, "abort clears the handle");
	unlink(t);
	unlink(in_dir("new.ndjson"));
}

static void
test_stdout_and_errors(void)
{
	struct outfile of;
	struct phi_err e = {0, ""};

	ok(outfile_open(&of, "-", &e) == PHI_OK && of.fd == STDOUT_FILENO &&
	        of.path == NULL,
	    "\"-\" is standard output");
	ok(outfile_commit(&of, &e) == PHI_OK, "commit of stdout is a no-op");
	ok(outfile_open(&of, NULL, &e) == PHI_OK && of.fd == STDOUT_FILENO,
	    "NULL is standard output");
	outfile_abort(&of);
	ok(fcntl(STDOUT_FILENO, F_GETFD) != -1, "abort leaves stdout open");
	ok(outfile_open(&of, in_dir("no/such/dir/f"), &e) == PHI_EIO &&
	        strstr(e.msg, "no/such/dir/f") != NULL,
	    "a target in a missing directory: PHI_EIO naming it (%s)", e.msg);
	ok(of.path == NULL && of.tmp == NULL, "and nothing is held");
	if (chdir(dir) != 0)
		abort();
	ok(outfile_open(&of, "plain-name-in-cwd.tmp", &e) == PHI_OK &&
	        strncmp(of.tmp, ".plain-name-in-cwd.tmp.", 23) == 0,
	    "a bare name: the temporary file is in the current directory");
	outfile_abort(&of);
	ok(access("plain-name-in-cwd.tmp", F_OK) != 0, "abort: no target");
}

int
main(void)
{
	if (mkdtemp(dir) == NULL)
		return 2;
	test_new_file();
	test_replace();
	test_stdout_and_errors();
	rmdir(dir);
	return tap_done();
}
