/*
 * auditseal.h - seals: signed checkpoints of an audit log.
 *
 * A seal is a record of event type "Audit Log Sealed" appended to the
 * log itself, with details
 *
 *	{"log_id":"<32 hex>","count":N,"last_hash":"<64 hex>",
 *	 "key_id":"<16 hex>","sig":"<128 hex>"}
 *
 * count is the number of records before the seal (= its seq) and
 * last_hash the hash of the record just before it (= its prev): a seal
 * covers everything before it.  key_id is the first 8 bytes of SHA-256
 * of the raw Ed25519 public key.  sig is the Ed25519 signature of the
 * ASCII bytes
 *
 *	"phi-audit seal v1\n" log_id "\n" count "\n" last_hash "\n"
 *	timestamp "\n"
 *
 * with count in decimal and timestamp the seal record's own.
 */
#ifndef PHI_AUDITSEAL_H
#define PHI_AUDITSEAL_H

#include <stddef.h>

#include <openssl/evp.h>

#include "auditlog.h"
#include "auditrec.h"
#include "phierr.h"

/* Appends a seal signed with sk (actor and workspace from who) and
 * syncs the log; audit_log_last() then gives its line. */
int audit_seal_append(struct audit_log *l, EVP_PKEY *sk,
    const struct audit_entry *who, struct phi_err *e);

enum audit_seal_result {
	AUDIT_SEAL_OK,
	AUDIT_SEAL_MALFORMED,   /* details are not those of a seal */
	AUDIT_SEAL_MISMATCH,    /* count or last_hash differ from seq, prev */
	AUDIT_SEAL_UNCHECKED,   /* no keys were given */
	AUDIT_SEAL_UNKNOWN_KEY, /* none of the keys has its key_id */
	AUDIT_SEAL_BAD_SIG,     /* the signature does not verify */
};

/* Checks the seal record l against the public keys[0..n). */
int audit_seal_check(const struct audit_line *l, EVP_PKEY *const *keys,
    size_t n, enum audit_seal_result *res, struct phi_err *e);

#endif
