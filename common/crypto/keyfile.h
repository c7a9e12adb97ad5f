/*
 * keyfile.h - opening a file that holds a key or a secret (a private or
 * public key, a pseudonym key LOG.key, a passphrase file) so that
 * nothing else can be slipped in its place.
 *
 * The last component of the path may not be a symbolic link (O_NOFOLLOW:
 * a link in a shared directory could name another user's key or a
 * FIFO), the open never waits (O_NONBLOCK: a FIFO or a device does not
 * block the program forever), and only a regular file is read.  A
 * secret must also belong to the caller or to root, as ssh requires of
 * its keys: a file another user owns could have been put there, or be
 * read or changed by its owner.  Every refusal is PHI_EKEY naming the
 * file.
 */
#ifndef PHI_KEYFILE_H
#define PHI_KEYFILE_H

#include <sys/stat.h>

#include "phierr.h"

enum { KEYFILE_PUBLIC = 0, KEYFILE_SECRET = 1 };

/* Opens path for reading (close-on-exec) as kind says: the descriptor,
 * its fstat in *st, or -1 with e set (PHI_EKEY, "cannot open" and the
 * cause) and errno kept for the caller (ENOENT: missing). */
int keyfile_open(
    const char *path, int kind, struct stat *st, struct phi_err *e);

/* The refusal of a secret that group or others may access ("chmod 600"
 * in the message): PHI_OK if mode allows neither. */
int keyfile_check_mode(const char *path, mode_t mode, struct phi_err *e);

#endif
