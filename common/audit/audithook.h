/*
 * audithook.h - the self-audit hook: what phi-keygen, phi-encrypt,
 * phi-decrypt and phi-classify call when they finish, and the actor name
 * every audit record defaults to.
 */
#ifndef PHI_AUDITHOOK_H
#define PHI_AUDITHOOK_H

#include <stddef.h>

#include "phierr.h"

/*
 * Appends one record to the audit log at log_path (NULL: $PHI_AUDIT_LOG;
 * if neither is set, does nothing and returns 0).  event_type is e.g.
 * "PHI Decrypted"; end_user is a raw user id or NULL (it is written as
 * its pseudonym only); details_json is a JSON object text built by the
 * caller holding counts, key ids and file names, never a value (NULL:
 * {}).  The actor is audit_hook_actor(), the workspace $PHI_AUDIT_WORKSPACE
 * (or "default"), the pseudonym key $PHI_AUDIT_KEY (or LOG.key).
 * Returns 0, or PHI_EIO (whatever the cause) when no record was written.
 */
int audit_hook(const char *log_path, const char *event_type,
    const char *end_user, const char *details_json, struct phi_err *e);

/* Before a run that must be audited: can the log (log_path, else
 * $PHI_AUDIT_LOG) be appended to?  0 if there is no log or it can; else
 * PHI_EIO, so that nothing is decrypted (or made) unaudited. */
int audit_hook_ready(const char *log_path, struct phi_err *e);

/* The login name (getlogin_r, else the password entry of the real user
 * id, else "uid:N") into out[0..n). */
void audit_hook_actor(char *out, size_t n);

#endif
