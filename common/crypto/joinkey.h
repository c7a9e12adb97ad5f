/*
 * joinkey.h - the join key file (phi-keygen --join): 32 random bytes as
 * PEM with the label "PHI JOIN KEY", mode 0600, written like a private
 * key (a temporary file linked into place, never over an existing file)
 * and refused on read, like one, when group or others may access it.
 * Every key problem is PHI_EKEY naming the file, never key bytes.
 */
#ifndef PHI_JOINKEY_H
#define PHI_JOINKEY_H

#include <stdint.h>

#include "join.h"
#include "key.h"
#include "phierr.h"

#define JOINKEY_PEM_LABEL "PHI JOIN KEY"

/* Makes a new join secret and writes it to path (which must not
 * exist); its id (join_secret_id) goes to id. */
int joinkey_write_file(
    const char *path, uint8_t id[KEY_ID_LEN], struct phi_err *e);

/* Loads the join secret of path into secret (wipe it after use). */
int joinkey_load_file(
    const char *path, uint8_t secret[JOIN_SECRET_LEN], struct phi_err *e);

/* Does the file at path hold a "PHI JOIN KEY" PEM block?  (1 or 0; a
 * file that cannot be read is 0: the caller's load says why.) */
int joinkey_file_is(const char *path);

#endif
