/*
 * test_auditfile.c - common/auditfile (a new file named only once whole,
 * never in place of another: no entry in the directory before the link,
 * the mode given whatever the umask, EEXIST as PHI_ECANTCREAT with the old
 * file kept, the link undone) and audit_log_rotate through the library
 * (the log replaced by a new file, a handle that goes on appending to
 * it, a destination that exists refused with nothing changed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auditfile.h"
#include "auditlog.h"
#include "scratch.h"
#include "tap.h"

static void
test_file(void)
{
	struct audit_file f = AUDIT_FILE_INIT;
	struct phi_err e = {0};
	struct stat st;
	char got[64];

	umask(077);
	ok(audit_file_create(&f, scratch_path("x"), 0640, &e) == PHI_OK &&
	        write(f.fd, "abc\n", 4) == 4,
	    "create and write");
	ok(scratch_count("", NULL, 0) == 0,
	    "no name in the directory before the link");
	ok(audit_file_link(&f, &e) == PHI_OK, "link");
	audit_file_close(&f);
	ok(strcmp(scratch_read(scratch_path("x"), got, sizeof(got)), "abc\n") ==
	            0 &&
	        stat(scratch_path("x"), &st) == 0 &&
	        (st.st_mode & 0777) == 0640,
	    "the file has its data and mode 0640 under umask 077");
	ok(audit_file_create(&f, scratch_path("x"), 0600, &e) == PHI_OK &&
	        write(f.fd, "new\n", 4) == 4 &&
	        audit_file_link(&f, &e) == PHI_ECANTCREAT &&
	        strstr(e.msg, "/x: File exists") != NULL,
	    "a name that exists: PHI_ECANTCREAT (%s)", e.msg);
	audit_file_close(&f);
	ok(strcmp(scratch_read(scratch_path("x"), got, sizeof(got)), "abc\n") ==
	            0 &&
	        scratch_count("", NULL, 0) == 1,
	    "the existing file is kept, nothing else left");
	ok(audit_file_create(&f, scratch_path("y"), 0600, &e) == PHI_OK &&
	        audit_file_link(&f, &e) == PHI_OK &&
	        scratch_count("", NULL, 0) == 2 &&
	        audit_file_unlink(&f, &e) == PHI_OK &&
	        scratch_count("", NULL, 0) == 1,
	    "a link undone");
	audit_file_close(&f);
	ok(audit_file_create(&f, scratch_path("none/z"), 0600, &e) == PHI_EIO &&
	        strstr(e.msg, "none/z: No such file or directory") != NULL,
	    "a directory that does not exist: PHI_EIO naming the file (%s)",
	    e.msg);
	audit_file_close(&f);
	unlink(scratch_path("x"));
}

static void
test_rotate(void)
{
	struct audit_entry en = {.actor = "ann", .event_type = "PHI Viewed"};
	struct audit_log *l = NULL;
	struct phi_err e = {0};
	struct stat a, b;
	char one[8192], two[8192];
	int i, rc = PHI_OK;

	ok(audit_log_open(&l, scratch_path("r.log"), NULL, &e) == PHI_OK,
	    "open a log");
	for (i = 0; i < 3 && rc == PHI_OK; i++)
		rc = audit_log_append(l, &en, &e);
	scratch_read(scratch_path("r.log"), one, sizeof(one));
	stat(scratch_path("r.log"), &a);
	ok(rc == PHI_OK &&
	        audit_log_rotate(l, scratch_path("r.1"), &en, &e) == PHI_OK,
	    "rotate");
	stat(scratch_path("r.log"), &b);
	ok(strcmp(scratch_read(scratch_path("r.1"), two, sizeof(two)), one) ==
	            0 &&
	        a.st_ino != b.st_ino,
	    "the rotated file is the old log; the log is a new file");
	ok(audit_log_append(l, &en, &e) == PHI_OK &&
	        strstr(scratch_read(scratch_path("r.log"), two, sizeof(two)),
	            "\"seq\":5,") != NULL,
	    "the same handle appends to the new log (seq 5)");
	scratch_read(scratch_path("r.log"), one, sizeof(one));
	ok(audit_log_rotate(l, scratch_path("r.1"), &en, &e) == PHI_ECANTCREAT &&
	        strcmp(scratch_read(scratch_path("r.log"), two, sizeof(two)),
	            one) == 0,
	    "a destination that exists: PHI_ECANTCREAT, the log unchanged (%s)",
	    e.msg);
	ok(scratch_count("", NULL, 0) == 2, "no temporary file left");
	audit_log_close(l);
}

int
main(void)
{
	if (scratch_make("test_auditfile") != 0)
		return 1;
	test_file();
	test_rotate();
	if (scratch_remove() != 0)
		ok(0, "clean up");
	return tap_done();
}
