/*
 * auditverify.h - verifying audit logs: the hash chain across files in
 * order (a rotated log verifies as one), the seals in them, and kept
 * checkpoints; every problem becomes a finding with its file and line.
 *
 * Finding kinds:
 *   torn          a line cut short (a crash mid-append)
 *   malformed     a line that is not JSON or not an audit record
 *   changed       a record whose content does not match its hash (or is
 *                 not in canonical form)
 *   broken        a record that does not chain to the one before it (that
 *                 one was rewritten with a new hash, or this one forged),
 *                 or a first record that does not follow --from HASH
 *   deleted       records missing: a gap in seq, or a log that does not
 *                 start at seq 0 (without --from)
 *   inserted      a record that is not part of the chain (its seq repeats)
 *   swapped       two adjacent records in the wrong order
 *   reordered     a seq that goes back (moved or replayed records)
 *   seal_mismatch a seal whose signed count / last hash differ from the
 *                 records before it: the history before it was rewritten
 *   bad_seal      a seal whose details are not those of a seal
 *   bad_signature a seal whose signature does not verify
 *   unknown_key   a seal signed by none of the keys given
 *   log_id        a seal, rotation record or checkpoint of another log
 *   truncated     the log ends before a kept checkpoint: records were cut
 *                 off the end
 *   rewritten     the record at a kept checkpoint's seq is not the one
 *                 the checkpoint holds
 *   bad_checkpoint a kept checkpoint that is not a seal with a good
 *                 signature
 *   unsealed      keys were given but the log has no seal at all
 */
#ifndef PHI_AUDITVERIFY_H
#define PHI_AUDITVERIFY_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "buf.h"
#include "phierr.h"

struct audit_finding {
	const char *kind;
	const char *file;    /* NULL: none */
	uint64_t line;       /* 0: none */
	int64_t seq;         /* -1: none */
	const char *message; /* names lines and seqs, never a value */
};

struct audit_verify_opts {
	EVP_PKEY *const *keys; /* Ed25519 public keys for the seals */
	size_t nkeys;
	const char *from; /* --from HASH: prev of the first record */
	size_t max_line;  /* longest line; 0: AUDIT_MAX_LINE_DEFAULT */
	void (*finding)(void *ctx, const struct audit_finding *f);
	void *ctx;
};

struct audit_verify_stats {
	uint64_t records; /* lines read (every line should be one) */
	uint64_t flagged; /* lines blamed by some finding */
	uint64_t seals, seals_valid, seals_unchecked;
	uint64_t checkpoints, checkpoints_valid;
	uint64_t unsealed; /* records after the last seal */
	uint64_t findings;
};

struct audit_verify;

int audit_verify_new(struct audit_verify **out,
    const struct audit_verify_opts *o, struct phi_err *e);
void audit_verify_free(struct audit_verify *v);

/* Reads kept checkpoints (seal lines as `phi-audit seal` printed them);
 * call before the logs. */
int audit_verify_checkpoints(
    struct audit_verify *v, const char *path, struct phi_err *e);

/* Verifies the next file of the log.  Findings are not errors: the
 * result is PHI_ENOINPUT, PHI_EIO or PHI_ESOFTWARE only, or PHI_EDATA
 * for a line longer than max_line (read no further). */
int audit_verify_file(
    struct audit_verify *v, const char *path, struct phi_err *e);

/* The checks at the end (a held gap, checkpoints, no seal). */
int audit_verify_finish(struct audit_verify *v, struct phi_err *e);

/* Appends f as one NDJSON line:
 * {"kind":K,"file":F,"line":N,"seq":S,"message":M} (file, line and seq
 * null when there are none). */
int audit_verify_finding_format(const struct audit_finding *f, struct buf *out);

const struct audit_verify_stats *audit_verify_stats(
    const struct audit_verify *v);

#endif
