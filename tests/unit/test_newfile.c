/*
 * test_newfile.c - common/newfile, the temporary file that outfile and
 * auditfile share: no name while it is written, a fresh hidden name
 * .NAME.XXXXXX and a rename over the target, or a link that never
 * replaces a file; the directory's fsync; the hidden name removed by
 * newfile_free.  (The named fallback, with /proc unmounted, is tested
 * through outfile in test_outfile.)
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newfile.h"
#include "scratch.h"
#include "tap.h"

/* A new file in the scratch directory holding data, with its hidden
 * name (after newfile_hide): its descriptor, or -1. */
static int
hidden(struct newfile *nf, const char *name, const char *data)
{
	int fd = newfile_open(nf, scratch_path(name));

	if (fd < 0)
		return -1;
	if (write(fd, data, strlen(data)) != (ssize_t)strlen(data) ||
	    newfile_hide(nf, fd) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static void
test_rename(void)
{
	struct newfile nf = NEWFILE_INIT;
	char want[256], name[256];
	int fd;

	umask(022);
	fd = newfile_open(&nf, scratch_path("f"));
	snprintf(want, sizeof(want), "%s/.f.", scratch_dir);
	ok(fd >= 0 && !nf.named && scratch_count("", NULL, 0) == 0,
	    "open: a file with no name");
	ok(nf.tmp != NULL && strncmp(nf.tmp, want, strlen(want)) == 0,
	    "its hidden name's template is DIR/.f.XXXXXX (%s)", nf.tmp);
	ok(write(fd, "one\n", 4) == 4 && newfile_hide(&nf, fd) == 0 &&
	        nf.named && scratch_count(".f.", name, sizeof(name)) == 1 &&
	        strlen(name) == 9 && access(nf.tmp, F_OK) == 0,
	    "hide: named .f.XXXXXX (%s)", name);
	ok(scratch_mode(nf.tmp) == 0600, "mode 0600");
	ok(newfile_hide(&nf, fd) == 0 && scratch_count("", NULL, 0) == 1,
	    "hide again: nothing more");
	close(fd);
	ok(newfile_rename(&nf, scratch_path("f")) == 0 && !nf.named &&
	        scratch_holds(scratch_path("f"), "one\n") &&
	        scratch_count("", NULL, 0) == 1,
	    "rename: the file is f, no hidden name left");
	ok(newfile_sync_dir(&nf) == 0, "the directory's fsync");
	newfile_free(&nf);
	ok(nf.tmp == NULL && scratch_count("", NULL, 0) == 1, "free: f stays");
	fd = hidden(&nf, "f", "two\n");
	ok(fd >= 0 && scratch_count("", NULL, 0) == 2, "another, hidden");
	close(fd);
	newfile_free(&nf);
	ok(scratch_count("", NULL, 0) == 1 &&
	        scratch_holds(scratch_path("f"), "one\n"),
	    "free removes the hidden name, f as it was");
}

static void
test_link(void)
{
	struct newfile nf = NEWFILE_INIT;
	int fd = newfile_open(&nf, scratch_path("f"));

	ok(fd >= 0 && write(fd, "new\n", 4) == 4, "open and write");
	ok(newfile_link(&nf, fd, scratch_path("f")) == EEXIST &&
	        scratch_holds(scratch_path("f"), "one\n") &&
	        scratch_count("", NULL, 0) == 1,
	    "link to a name that exists: EEXIST, the file kept");
	ok(newfile_link(&nf, fd, scratch_path("g")) == 0 &&
	        scratch_holds(scratch_path("g"), "new\n") &&
	        scratch_count("", NULL, 0) == 2,
	    "link to a new name: named, nothing else");
	close(fd);
	newfile_free(&nf);
	ok(scratch_holds(scratch_path("g"), "new\n"), "free: the link stays");
	fd = hidden(&nf, "h", "hid\n");
	ok(fd >= 0 && newfile_link(&nf, fd, scratch_path("h")) == 0 &&
	        !nf.named && scratch_count(".", NULL, 0) == 0 &&
	        scratch_holds(scratch_path("h"), "hid\n"),
	    "a named one linked: its hidden name goes");
	close(fd);
	newfile_free(&nf);
	errno = 0;
	ok(newfile_open(&nf, scratch_path("none/z")) == -1 && errno == ENOENT &&
	        nf.tmp != NULL,
	    "a directory that does not exist: -1, ENOENT, not out of memory");
	newfile_free(&nf);
}

int
main(void)
{
	if (scratch_make("test_newfile") != 0)
		return 2;
	test_rename();
	test_link();
	if (scratch_remove() != 0)
		ok(0, "clean up");
	return tap_done();
}
