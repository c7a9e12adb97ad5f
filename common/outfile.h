/*
 * outfile.h - output files written atomically: the data goes to a
 * temporary file beside the target, which is fsync'd and renamed over
 * the target only when everything was written.  An error (or a kill)
 * never leaves a partial target behind; an old target stays whole until
 * the rename.  New files are made 0600 (they may hold PHI); a file that
 * is replaced keeps its mode.  "-" or NULL is standard output.  A
 * symbolic link is followed (the file it names is replaced); a target
 * that is not a regular file (/dev/null, a fifo) is written in place,
 * and a directory is refused.
 */
#ifndef PHI_OUTFILE_H
#define PHI_OUTFILE_H

#include "status.h"

struct outfile {
	char *path; /* NULL for standard output */
	char *tmp;  /* NULL when written in place */
	int fd;
};

int outfile_open(struct outfile *of, const char *path, struct phi_err *e);
/* fsync, close and rename (in place: close); for standard output,
 * nothing. */
int outfile_commit(struct outfile *of, struct phi_err *e);
/* Removes the temporary file (after a failure). */
void outfile_abort(struct outfile *of);

#endif
