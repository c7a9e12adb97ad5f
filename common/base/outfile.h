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
 *
 * An output may sit in a directory others can write (/tmp), so the
 * target is never trusted blindly.  A symbolic link at its last
 * component is refused (never followed: its target is neither replaced
 * nor written), and so are a FIFO, a socket, a block device, a directory
 * and a regular file owned by another user: PHI_EIO naming the file.  A
 * character device owned by the caller or root (/dev/null, a terminal)
 * is written in place.  "-", NULL, /dev/stdout and /dev/fd/1 are
 * standard output; /dev/stderr and /dev/fd/2 standard error.
 *
 * New files are made 0600 (they may hold PHI).  With OUTFILE_KEEP_MODE a
 * replaced file keeps its mode only when it is not writable by group or
 * others (else 0600); an explicit mode is given to the file whatever it
 * replaces, not masked by the umask.
 */
#ifndef PHI_OUTFILE_H
#define PHI_OUTFILE_H

#include "newfile.h"
#include "phierr.h"

#define OUTFILE_KEEP_MODE (-1)

enum outfile_how {
	OUTFILE_REPLACE, /* a new file, or replace the old one atomically */
	OUTFILE_NEW,    /* a new file only: an existing one is PHI_ECANTCREAT */
	OUTFILE_APPEND, /* append to a file of the caller's, else a new one */
};

struct outfile {
	char *path;        /* NULL for standard output or error */
	struct newfile nf; /* the temporary file; nf.tmp NULL in place */
	int fd;
	int how; /* enum outfile_how */
};

#define OUTFILE_INIT                                                           \
	{                                                                      \
		NULL, NEWFILE_INIT, -1, OUTFILE_REPLACE                        \
	}

/* Opens path for writing (OUTFILE_REPLACE, OUTFILE_KEEP_MODE).  (A
 * handle set to OUTFILE_INIT may be given to outfile_abort without an
 * open.) */
int outfile_open(struct outfile *of, const char *path, struct phi_err *e);
/* Opens path for writing as how says, with mode (0 to 0777) or
 * OUTFILE_KEEP_MODE. */
int outfile_open_as(
    struct outfile *of, const char *path, int how, int mode, struct phi_err *e);
/* fsync, name (rename over the target; OUTFILE_NEW: link, never over
 * another file), close, fsync the directory (in place: fsync where the
 * file can be, close); for standard output, nothing.  A failure after
 * the rename (the directory's fsync) is reported, with the new file in
 * place. */
int outfile_commit(struct outfile *of, struct phi_err *e);
/* Closes and removes the temporary file (after a failure). */
void outfile_abort(struct outfile *of);

#endif
