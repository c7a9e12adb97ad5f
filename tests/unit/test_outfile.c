/*
 * test_outfile.c - common/outfile: atomic output files (new files 0600,
 * a replaced file keeps its mode, no partial or temporary file left
 * after an abort or a failure, no name at all for the temporary file
 * until the commit) and "-" as standard output.  The fallback to a named
 * temporary file is tested where it is taken: in a child process with a
 * mount namespace of its own, whose /proc is unmounted (skipped where
 * the process may not make one).
 */
#define _GNU_SOURCE /* unshare, CLONE_NEWNS */
#include <errno.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "scratch.h"
#include "tap.h"

static void
test_new_file(void)
{
	struct outfile of;
	struct phi_err e;
	const char *t = scratch_path("new.ndjson");

	umask(022);
	ok(outfile_open(&of, t, &e) == PHI_OK && of.fd > 2,
	    "outfile_open on a new file");
	ok(access(t, F_OK) != 0, "the target does not exist before commit");
	ok(scratch_count("", NULL, 0) == 0 && !of.nf.named,
	    "the temporary file has no name (%d entries)",
	    scratch_count("", NULL, 0));
	ok(write(of.fd, "{\"a\":1}\n", 8) == 8, "write to it");
	ok(outfile_commit(&of, &e) == PHI_OK, "commit");
	ok(scratch_holds(t, "{\"a\":1}\n"), "the target holds the data");
	ok(scratch_mode(t) == 0600, "a new file is 0600 (umask 022)");
	ok(scratch_count("", NULL, 0) == 1, "no temporary file is left");
	ok(of.path == NULL && of.nf.tmp == NULL, "commit frees the names");
}

static void
test_replace(void)
{
	struct outfile of;
	struct phi_err e;
	const char *t = scratch_path("old.ndjson");
	FILE *f = fopen(t, "w");

	if (f == NULL || fputs("old\n", f) < 0 || fclose(f) != 0)
		abort();
	chmod(t, 0640);
	ok(outfile_open(&of, t, &e) == PHI_OK, "outfile_open on an old file");
	ok(write(of.fd, "new\n", 4) == 4 && scratch_holds(t, "old\n"),
	    "the old file stays whole until the commit");
	ok(scratch_count("", NULL, 0) == 2,
	    "and nothing else is in the directory");
	ok(outfile_commit(&of, &e) == PHI_OK && scratch_holds(t, "new\n"),
	    "commit replaces it");
	ok(scratch_mode(t) == 0640, "the replaced file keeps its mode 0640");
	ok(outfile_open(&of, t, &e) == PHI_OK && write(of.fd, "x", 1) == 1,
	    "open it again and write");
	outfile_abort(&of);
	ok(scratch_holds(t, "new\n"), "abort leaves the old file as it was");
	ok(scratch_count("", NULL, 0) == 2,
	    "and no temporary file (%d entries)", scratch_count("", NULL, 0));
	ok(of.fd == -1 && of.nf.tmp == NULL, "abort clears the handle");
	unlink(t);
	unlink(scratch_path("new.ndjson"));
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
	ok(outfile_open(&of, scratch_path("no/such/dir/f"), &e) == PHI_EIO &&
	        strstr(e.msg, "no/such/dir/f") != NULL,
	    "a target in a missing directory: PHI_EIO naming it (%s)", e.msg);
	ok(of.path == NULL && of.nf.tmp == NULL, "and nothing is held");
	if (chdir(scratch_dir) != 0)
		abort();
	ok(outfile_open(&of, "plain-name-in-cwd.tmp", &e) == PHI_OK &&
	        strncmp(of.nf.tmp, ".plain-name-in-cwd.tmp.", 23) == 0,
	    "a bare name: the temporary file is in the current directory");
	outfile_abort(&of);
	ok(access("plain-name-in-cwd.tmp", F_OK) != 0, "abort: no target");
}

/* The mode of the only entry whose name starts with prefix, or -1. */
static int
hidden_mode(const char *prefix)
{
	char name[256];

	return scratch_count(prefix, name, sizeof(name)) == 1
	    ? scratch_mode(scratch_path(name))
	    : -1;
}

/* A mount namespace of its own for this process, not shared with the
 * parent's: 0, or -1 if that is not permitted. */
static int
own_mounts(void)
{
	if (unshare(CLONE_NEWNS) != 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0)
		return -1;
	return 0;
}

/* Unmounts /proc (in the process's own mount namespace): 0 or -1. */
static int
drop_proc(void)
{
	if (umount2("/proc", MNT_DETACH) != 0)
		return -1;
	return access("/proc/self/fd", F_OK) == 0 || errno != ENOENT ? -1 : 0;
}

enum {
	NP_EARLY = 1,   /* opened unnamed before, committed after */
	NP_NAMED = 2,   /* opened after: a named temporary file */
	NP_HIDDEN = 4,  /* .NAME.XXXXXX, mode 0600 */
	NP_COMMIT = 8,  /* renamed over the target, nothing left */
	NP_KEPT = 16,   /* replacing a 0640 file: the temporary is 0640 */
	NP_ABORT = 32,  /* abort removes it, the old file stays */
	NP_SKIP = 64,   /* no mount namespace, or /proc stays */
	NP_BEFORE = 128 /* the first open was not unnamed */
};

/* The named fallback, with /proc gone: bits of the checks that fail.
 * (Names are copied: scratch_path's buffers are reused.) */
static int
no_proc_named(void)
{
	struct outfile of;
	struct phi_err e;
	char t[256];
	int bad = 0;

	snprintf(t, sizeof(t), "%s", scratch_path("late.ndjson"));
	if (outfile_open(&of, t, &e) != PHI_OK || !of.nf.named)
		return NP_NAMED;
	if (hidden_mode(".late.ndjson.") != 0600)
		bad |= NP_HIDDEN;
	if (write(of.fd, "late\n", 5) != 5 || outfile_commit(&of, &e) != 0 ||
	    !scratch_holds(t, "late\n") || hidden_mode(".late") != -1)
		bad |= NP_COMMIT;
	chmod(t, 0640);
	if (outfile_open(&of, t, &e) != PHI_OK ||
	    hidden_mode(".late.ndjson.") != 0640)
		bad |= NP_KEPT;
	if (write(of.fd, "x", 1) != 1)
		bad |= NP_ABORT;
	outfile_abort(&of);
	if (hidden_mode(".late") != -1 || !scratch_holds(t, "late\n") ||
	    scratch_mode(t) != 0640)
		bad |= NP_ABORT;
	return bad;
}

/* In a child with mounts of its own: a file opened unnamed, then /proc
 * is unmounted (the commit links it by its descriptor, AT_EMPTY_PATH, as
 * root may), then no_proc_named.  Exit status: the NP_ bits of the
 * checks that fail. */
static int
no_proc_child(void)
{
	struct outfile of;
	struct phi_err e;
	char t[256];
	int bad = 0;

	snprintf(t, sizeof(t), "%s", scratch_path("early.ndjson"));
	if (own_mounts() != 0)
		return NP_SKIP;
	if (outfile_open(&of, t, &e) != PHI_OK || of.nf.named)
		return NP_BEFORE;
	if (drop_proc() != 0) {
		outfile_abort(&of);
		return NP_SKIP;
	}
	if (write(of.fd, "early\n", 6) != 6 ||
	    outfile_commit(&of, &e) != PHI_OK || !scratch_holds(t, "early\n") ||
	    hidden_mode(".early") != -1)
		bad |= NP_EARLY;
	return bad | no_proc_named();
}

static void
test_no_proc(void)
{
	static const char *const what[] = {
	    "/proc gone before the commit: linked by the descriptor",
	    "no /proc at the open: a named temporary file (the fallback)",
	    "the fallback's file is .NAME.XXXXXX, mode 0600",
	    "its commit replaces the target and leaves nothing",
	    "replacing a 0640 file: the fallback's file is 0640",
	    "its abort removes it and keeps the old file and mode"};
	pid_t pid;
	int st, i, bits;

	fflush(stdout);
	if ((pid = fork()) < 0)
		abort();
	if (pid == 0)
		_exit(no_proc_child());
	bits = waitpid(pid, &st, 0) == pid && WIFEXITED(st) ? WEXITSTATUS(st)
	                                                    : 255;
	if (bits == NP_SKIP) {
		ok(1, "# skip cannot unmount /proc in a mount namespace");
		return;
	}
	ok(!(bits & NP_BEFORE), "unnamed temporary file with /proc there");
	for (i = 0; i < 6; i++)
		ok(!(bits & (1 << i)), "%s", what[i]);
	unlink(scratch_path("early.ndjson"));
	unlink(scratch_path("late.ndjson"));
}

int
main(void)
{
	if (scratch_make("test_outfile") != 0)
		return 2;
	test_new_file();
	test_replace();
	test_no_proc();
	test_stdout_and_errors();
	if (scratch_remove() != 0)
		ok(0, "clean up");
	return tap_done();
}
