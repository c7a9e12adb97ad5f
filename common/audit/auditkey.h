/*
 * auditkey.h - the pseudonym key of an audit log, and the pseudonyms it
 * makes: end_user_id = lowercase hex HMAC-SHA256(key, raw user id).
 *
 * The key is the whole content of a key file (32 to 1024 bytes, used as
 * they are), refused when group or others may read it.  Without a named
 * file the key is LOG.key beside the log, made on first use: 32 random
 * bytes, mode 0600, written to a temporary file and linked into place,
 * so that writers racing to make it all end up with the same key.
 */
#ifndef PHI_AUDITKEY_H
#define PHI_AUDITKEY_H

#include <stddef.h>
#include <stdint.h>

#include "auditrec.h"
#include "phierr.h"

#define AUDIT_KEY_MIN 32
#define AUDIT_KEY_MAX 1024

struct audit_key {
	uint8_t k[AUDIT_KEY_MAX];
	size_t len;
};

/* Loads the key from path, or (path NULL) from log + ".key", making it
 * if it does not exist.  PHI_EKEY when it cannot be read or is exposed. */
int audit_key_load(
    struct audit_key *k, const char *path, const char *log, struct phi_err *e);

/* The pseudonym of id[0..n). */
int audit_key_pseudonym(const struct audit_key *k, const char *id, size_t n,
    char out[AUDIT_HASH_HEX + 1], struct phi_err *e);

/* Wipes the key. */
void audit_key_wipe(struct audit_key *k);

#endif
