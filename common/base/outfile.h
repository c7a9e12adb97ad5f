/*
 * outfile.h - output files written atomically: the data goes to a
 * temporary file in the target's directory, which is fsync'd and renamed
 * over the target only when everything was written (then the directory
 * is fsync'd).  An error (or a kill) never leaves a partial target
 * behind; an old target stays whole until the rename.  On Linux the
 * temporary file has no name while it is written (O_TMPFILE), so that a
 * run killed with SIGKILL leaves nothing at all; it is given a hidden
 * name .NAME.XXXXXX only once complete, just before the rename.  Where
 * O_TMPFILE is not supported (or /proc is not mounted) it is a named
 * hidden file from the start, which a kill leaves behind (mode 0600; see
 * newfile.h, which auditfile.h shares).
 * New files are made 0600 (they may hold PHI); a file that is replaced
 * keeps its mode.  "-" or NULL is standard output.  A symbolic link is
 * followed (the file it names is replaced); a target that is not a
 * regular file (/dev/null, a fifo) is written in place, and a directory
 * is refused.
 */
#ifndef PHI_OUTFILE_H
#define PHI_OUTFILE_H

#include "newfile.h"
#include "status.h"

struct outfile {
	char *path;        /* NULL for standard output */
	struct newfile nf; /* the temporary file; nf.tmp NULL in place */
	int fd;
};

#define OUTFILE_INIT                                                           \
	{                                                                      \
		NULL, NEWFILE_INIT, -1                                         \
	}

/* Opens path for writing.  (A handle set to OUTFILE_INIT may be given
 * to outfile_abort without an open.) */
int outfile_open(struct outfile *of, const char *path, struct phi_err *e);
/* fsync, name, close, rename, fsync the directory (in place: close); for
 * standard output, nothing.  A failure after the rename (the directory's
 * fsync) is reported, with the new file in place. */
int outfile_commit(struct outfile *of, struct phi_err *e);
/* Closes and removes the temporary file (after a failure). */
void outfile_abort(struct outfile *of);

#endif
