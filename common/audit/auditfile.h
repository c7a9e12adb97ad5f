/*
 * auditfile.h - a new file that gets its name only once it is whole, and
 * never in place of another file: the rotated copy of an audit log.
 *
 * The data goes to an unnamed temporary file in the directory of the
 * name (O_TMPFILE), which is fsync'd and then linked to the name; the
 * link fails when the name exists, so that no file is ever replaced, and
 * a kill before the link leaves nothing behind.  Then the directory is
 * fsync'd.  Where O_TMPFILE is not supported (or /proc is not mounted)
 * the file is a hidden DIR/.NAME.XXXXXX from the start, linked to the
 * name and unlinked once named; a kill can leave that one behind.  (The
 * temporary file is newfile.h's; to replace a file atomically instead,
 * see outfile.h.)
 */
#ifndef PHI_AUDITFILE_H
#define PHI_AUDITFILE_H

#include <sys/types.h>

#include "newfile.h"
#include "phierr.h"

struct audit_file {
	char *path;
	struct newfile nf; /* the temporary file */
	int fd;            /* open for reading and writing, or -1 */
	int linked;        /* path names the file (audit_file_link succeeded) */
};

#define AUDIT_FILE_INIT                                                        \
	{                                                                      \
		NULL, NEWFILE_INIT, -1, 0                                      \
	}

/* Opens the temporary file that is to become path, with mode mode (not
 * masked by the umask).  Call audit_file_close() after it, also when it
 * fails. */
int audit_file_create(
    struct audit_file *f, const char *path, mode_t mode, struct phi_err *e);

/* Fsyncs the file, gives it its name (PHI_ECANTCREAT when path exists:
 * nothing is changed) and fsyncs the directory. */
int audit_file_link(struct audit_file *f, struct phi_err *e);

/* Refuses path, which exists: PHI_ECANTCREAT and the one message that
 * says so and how to go on (a rotated log never replaces a file). */
int audit_file_exists(const char *path, struct phi_err *e);

/* Takes the name given by audit_file_link away again (when it still
 * names the file) and fsyncs the directory: undoes the link. */
int audit_file_unlink(struct audit_file *f, struct phi_err *e);

/* Closes the file and removes a hidden temporary name; the name given by
 * audit_file_link stays. */
void audit_file_close(struct audit_file *f);

#endif
