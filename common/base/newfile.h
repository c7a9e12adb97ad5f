/*
 * newfile.h - the temporary file behind outfile.h and auditfile.h: a new
 * file in the directory of a path that has no name while it is written,
 * and the steps that give it one once it is whole.
 *
 * On Linux it is opened with O_TMPFILE: an inode with no name, which a
 * run killed mid-way (even by SIGKILL) leaves to the kernel to free.
 * Where that is not supported (the filesystem refuses it, the kernel is
 * older than 3.11, the system has no O_TMPFILE) or /proc is not mounted
 * (no name to link it by), it is the hidden file DIR/.BASE.XXXXXX, mode
 * 0600, from the start, which a kill leaves behind.  Either way the
 * caller writes it, fsyncs it and then names it: newfile_hide and
 * newfile_rename to replace a file, newfile_link to make one that must
 * not replace any.
 *
 * These are system-call steps: they return 0 or an errno value (the
 * open, the descriptor or -1 and errno) and the callers word the
 * messages.  The descriptor belongs to the caller, which closes it.
 */
#ifndef PHI_NEWFILE_H
#define PHI_NEWFILE_H

struct newfile {
	char *tmp; /* DIR/.BASE.XXXXXX; a template until it names the file */
	int named; /* 1 while tmp names the file in its directory */
};

#define NEWFILE_INIT                                                           \
	{                                                                      \
		NULL, 0                                                        \
	}

/* Opens the temporary file for path (read and write, close-on-exec,
 * mode 0600, less the umask for an O_TMPFILE one): its descriptor, or
 * -1 and errno.  After a failed allocation nf->tmp is NULL (out of
 * memory).  Call newfile_free() after it, also when it fails. */
int newfile_open(struct newfile *nf, const char *path);

/* Gives the unnamed file fd a fresh hidden name in nf->tmp (nothing to
 * do for a named one). */
int newfile_hide(struct newfile *nf, int fd);

/* rename(2)s the hidden name over path; tmp no longer names a file. */
int newfile_rename(struct newfile *nf, const char *path);

/* Gives the file fd the name path, never in place of another file
 * (EEXIST); a named temporary file then loses its hidden name. */
int newfile_link(struct newfile *nf, int fd, const char *path);

/* fsync(2)s the directory of the file (a directory that may not be
 * opened for reading is passed over: there is nothing more to do). */
int newfile_sync_dir(struct newfile *nf);

/* Removes the hidden name (while it names the file) and frees. */
void newfile_free(struct newfile *nf);

#endif
