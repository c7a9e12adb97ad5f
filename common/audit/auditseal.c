/* auditseal.c - signed checkpoints (see auditseal.h). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audittime.h"
#include "auditseal.h"
#include "hex.h"
#include "key.h"

#define SIG_LEN 64

static int
seal_msg(char *out, size_t n, const char *log_id, uint64_t count,
    const char *last_hash, const char *ts)
{
	int len =
	    snprintf(out, n, "phi-audit seal v1\n%s\n%" PRIu64 "\n%s\n%s\n",
	        log_id, count, last_hash, ts);

	return len > 0 && (size_t)len < n ? len : -1;
}

static int
seal_sign(EVP_PKEY *sk, const char *msg, size_t n, uint8_t sig[SIG_LEN],
    struct phi_err *e)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	size_t siglen = SIG_LEN;
	int ok;

	ok = c != NULL && EVP_DigestSignInit(c, NULL, NULL, NULL, sk) == 1 &&
	    EVP_DigestSign(c, sig, &siglen, (const uint8_t *)msg, n) == 1 &&
	    siglen == SIG_LEN;
	EVP_MD_CTX_free(c);
	if (!ok)
		return phi_err_set(e, PHI_EKEY, "Ed25519 signing failed");
	return PHI_OK;
}

static int
seal_put(struct audit_log *l, struct audit_tail *t, EVP_PKEY *sk,
    const struct audit_entry *who, struct phi_err *e)
{
	char id[AUDIT_LOG_ID_HEX + 1], ts[AUDIT_TIME_LEN + 1], msg[256];
	char kid[2 * KEY_ID_LEN + 1], sighex[2 * SIG_LEN + 1], details[512];
	struct audit_entry en = *who;
	uint8_t k[KEY_ID_LEN], sig[SIG_LEN];
	int n, rc;

	if ((rc = audit_log_id(l, id, e)) != PHI_OK ||
	    (rc = key_id(sk, k, e)) != PHI_OK)
		return rc;
	if (audit_time_now(ts) != 0 ||
	    (n = seal_msg(msg, sizeof(msg), id, t->next_seq, t->prev, ts)) < 0)
		return phi_err_set(e, PHI_ESOFTWARE, "no clock");
	if ((rc = seal_sign(sk, msg, (size_t)n, sig, e)) != PHI_OK)
		return rc;
	key_id_hex(k, kid);
	hex_encode(sig, SIG_LEN, sighex);
	snprintf(details, sizeof(details),
	    "{\"log_id\":\"%s\",\"count\":%" PRIu64
	    ",\"last_hash\":\"%s\",\"key_id\":\"%s\",\"sig\":\"%s\"}",
	    id, t->next_seq, t->prev, kid, sighex);
	en.timestamp = ts;
	en.event_type = AUDIT_EV_SEALED;
	en.end_user = NULL;
	en.details = details;
	return audit_log_put(l, t, &en, e);
}

int
audit_seal_append(struct audit_log *l, EVP_PKEY *sk,
    const struct audit_entry *who, struct phi_err *e)
{
	struct audit_tail t;
	int rc;

	if ((rc = audit_log_lock(l, &t, e)) != PHI_OK)
		return rc;
	if (t.next_seq == 0)
		rc = phi_err_set(e, PHI_EDATA, "the log has no records");
	else if ((rc = seal_put(l, &t, sk, who, e)) == PHI_OK)
		rc = audit_log_sync(l, e);
	audit_log_unlock(l);
	return rc;
}

/* The key among keys[0..n) whose id is kid (hex), or NULL. */
static EVP_PKEY *
key_by_id(EVP_PKEY *const *keys, size_t n, const char *kid, struct phi_err *e)
{
	char hex[2 * KEY_ID_LEN + 1];
	uint8_t k[KEY_ID_LEN];
	size_t i;

	for (i = 0; i < n; i++) {
		if (key_id(keys[i], k, e) != PHI_OK)
			continue;
		key_id_hex(k, hex);
		if (strcmp(hex, kid) == 0)
			return keys[i];
	}
	return NULL;
}

static int
sig_verify(EVP_PKEY *pk, const char *msg, size_t n, const uint8_t *sig)
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	int ok;

	ok = c != NULL && EVP_DigestVerifyInit(c, NULL, NULL, NULL, pk) == 1 &&
	    EVP_DigestVerify(c, sig, SIG_LEN, (const uint8_t *)msg, n) == 1;
	EVP_MD_CTX_free(c);
	return ok;
}

int
audit_seal_check(const struct audit_line *l, EVP_PKEY *const *keys, size_t n,
    enum audit_seal_result *res, struct phi_err *e)
{
	const char *id = audit_rec_details_str(l->details, "log_id");
	const char *last = audit_rec_details_str(l->details, "last_hash");
	const char *kid = audit_rec_details_str(l->details, "key_id");
	const char *sighex = audit_rec_details_str(l->details, "sig");
	uint8_t sig[SIG_LEN];
	int64_t count;
	char msg[256];
	EVP_PKEY *pk;
	int len;

	*res = AUDIT_SEAL_MALFORMED;
	if (id == NULL || !hex_is_lower(id, AUDIT_LOG_ID_HEX) || last == NULL ||
	    kid == NULL || !hex_is_lower(kid, 2 * KEY_ID_LEN) ||
	    sighex == NULL || !hex_is_lower(sighex, 2 * SIG_LEN) ||
	    hex_decode(sighex, SIG_LEN, sig) != 0 ||
	    audit_rec_details_int(l->details, "count", &count) != 0 ||
	    count < 0 || l->details->u.object.len != 5)
		return PHI_OK;
	*res = AUDIT_SEAL_MISMATCH;
	if ((uint64_t)count != l->seq || strcmp(last, l->prev) != 0)
		return PHI_OK;
	*res = AUDIT_SEAL_UNCHECKED;
	if (n == 0)
		return PHI_OK;
	*res = AUDIT_SEAL_UNKNOWN_KEY;
	if ((pk = key_by_id(keys, n, kid, e)) == NULL)
		return PHI_OK;
	len =
	    seal_msg(msg, sizeof(msg), id, (uint64_t)count, last, l->timestamp);
	if (len < 0)
		return phi_err_set(e, PHI_ESOFTWARE, "seal message too long");
	*res = sig_verify(pk, msg, (size_t)len, sig) ? AUDIT_SEAL_OK
	                                             : AUDIT_SEAL_BAD_SIG;
	return PHI_OK;
}
