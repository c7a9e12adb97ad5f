/*
 * auditlog.h - appending records to an audit log, safely from many
 * processes at once.
 *
 * Each append takes flock(LOCK_EX) on the log, checks that the path
 * still names the open file (a log moved away is reopened), reads the
 * tail to find the last record's seq and hash, writes the new record
 * with one write(2) on an O_APPEND descriptor, and unlocks.  When that
 * write fails or is short, the log is cut back to its length before it
 * and synced, still under the lock: a failed append leaves no part of a
 * record (only a crash in the middle of the write can).  An empty
 * log first gets an "Audit Log Created" record (seq 0, prev 64 zeros,
 * details {"log_id":"<32 random hex>"}) in the same write.  A torn last
 * line (a crash mid-append) is ended with a newline in the same write
 * and skipped when chaining; the verifier reports it.
 *
 * Rotation, under the lock of the log, copies it to a new file that is
 * named only once whole and synced (auditfile.h: never replacing a
 * file), writes the new log, an "Audit Log Rotated" record (details
 * {"log_id", "file"}) that continues the chain, to a temporary file
 * beside it, syncs that and renames it over the log (outfile.h), then
 * syncs the directory.  Until the rename the log is untouched; a failure
 * before it removes the copy again.  Writers waiting for the lock find
 * that the path names a new file and reopen it.
 */
#ifndef PHI_AUDITLOG_H
#define PHI_AUDITLOG_H

#include <stddef.h>
#include <stdint.h>

#include "auditrec.h"
#include "phierr.h"

/* What to record.  All strings are borrowed. */
struct audit_entry {
	const char *timestamp;  /* canonical UTC time; NULL: now */
	const char *workspace;  /* NULL: "default" */
	const char *actor;      /* required */
	const char *event_type; /* required, not empty */
	const char *end_user;   /* the raw user id (pseudonymised before it
	                           is written); NULL: none */
	const char *details;    /* JSON object text; NULL: {} */
};

/* The end of the chain, as seen under the lock. */
struct audit_tail {
	uint64_t next_seq;
	char prev[AUDIT_HASH_HEX + 1];
};

struct audit_log;

/* Opens (creating, mode 0600) the log at path.  keypath names the
 * pseudonym key file (NULL: path + ".key", made on first use); it is
 * borrowed and must outlive the handle. */
/* Opens (creating it 0600) the log file path for appending, flags
 * (O_RDWR or O_WRONLY) added: never through a symbolic link at the last
 * component, never into a FIFO, a device or another user's file (a
 * regular file of the caller's or root's only), as for every output of
 * phi-tools.  Returns the descriptor, or -1 with e set (PHI_EIO, naming
 * the file). */
int audit_log_open_fd(const char *path, int flags, struct phi_err *e);

int audit_log_open(struct audit_log **out, const char *path,
    const char *keypath, struct phi_err *e);
void audit_log_close(struct audit_log *l);

/* Appends one record; refuses the event types the log reserves. */
int audit_log_append(
    struct audit_log *l, const struct audit_entry *en, struct phi_err *e);

/* The line of the last record written (with its newline), valid until
 * the next call on l. */
const char *audit_log_last(const struct audit_log *l, size_t *len);

/* The steps of an append, for writers that need the tail first (seals):
 * lock and read the tail; write a record at t (any event type); unlock.
 * audit_log_id() reads the log's identity while it is locked. */
int audit_log_lock(
    struct audit_log *l, struct audit_tail *t, struct phi_err *e);
int audit_log_put(struct audit_log *l, struct audit_tail *t,
    const struct audit_entry *en, struct phi_err *e);
int audit_log_id(
    struct audit_log *l, char id[AUDIT_LOG_ID_HEX + 1], struct phi_err *e);
void audit_log_unlock(struct audit_log *l);

/* fsync(2)s the log (appends do not: seals and rotation do). */
int audit_log_sync(struct audit_log *l, struct phi_err *e);

/* Copies the log to dest (which must not exist: PHI_EUSAGE) and starts
 * the log again with a record continuing the chain (actor and workspace
 * from en).  PHI_EIO: the message ends with what became of the log,
 * "(the log is not rotated)" or "(the log is rotated, but not yet safely
 * on disk)". */
int audit_log_rotate(struct audit_log *l, const char *dest,
    const struct audit_entry *en, struct phi_err *e);

#endif
