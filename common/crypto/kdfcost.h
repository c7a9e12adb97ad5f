/*
 * kdfcost.h - passphrase-encrypted PKCS#8 private keys (PEM "ENCRYPTED
 * PRIVATE KEY", an X509_SIG) decrypted only when their key derivation
 * is within fixed bounds, so that a hostile or damaged key file cannot
 * make a program run for hours or take gigabytes of memory: the file
 * names the KDF and its cost, and OpenSSL would run whatever it says.
 *
 * Accepted: PBES2 with scrypt, or with PBKDF2 and a PRF OpenSSL knows,
 * and a cipher OpenSSL has; PBES1 (PKCS#5 v1.5 and PKCS#12 schemes).
 * Anything else is refused before any derivation, as are parameters
 * beyond the limits below (documented in phi-keygen(1)).  The limits
 * take what phi-keygen writes (scrypt N=2^18 r=8 p=1; N=2^14 before), `openssl
 * pkcs8 -topk8` and `openssl genpkey -aes256` (PBKDF2, 2048 iterations), and
 * age's work factor 18 (scrypt N=2^18 r=8 p=1, 256 MiB), which OpenSSL
 * 3.0's own PKCS#8 decryption refuses (it stops scrypt at 32 MiB):
 * scrypt keys are therefore derived here, within KDF_SCRYPT_MEM_MAX.
 *
 * Messages name the KDF and its parameters (never the passphrase or key
 * bytes) and no file: the caller prefixes the file name.
 */
#ifndef PHI_KDFCOST_H
#define PHI_KDFCOST_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/x509.h>

#include "phierr.h"

struct kdfcost_limits {
	uint64_t scrypt_work; /* N*r*p */
	uint64_t scrypt_mem;  /* bytes: 128*r*(N+p+2), as OpenSSL counts */
	uint64_t iter;        /* PBKDF2 and PBES1 iterations */
};

#define KDF_SCRYPT_WORK_MAX ((uint64_t)1 << 22)
#define KDF_SCRYPT_MEM_MAX ((uint64_t)288 << 20)
#define KDF_ITER_MAX ((uint64_t)10000000)

/* The limits above. */
extern const struct kdfcost_limits kdfcost_default;

/* Checks the algorithm of an encrypted PKCS#8 key (X509_SIG_get0) against
 * lim (NULL: kdfcost_default).  0, or PHI_EKEY: "key derivation too
 * costly (...)", "unsupported ..." or "bad key derivation parameters". */
int kdfcost_check(
    const X509_ALGOR *alg, const struct kdfcost_limits *lim, struct phi_err *e);

/* Whether the errors OpenSSL has queued include a failed allocation;
 * empties the queue.  (The functions here give PHI_ESOFTWARE "out of
 * memory" in that case, never a misleading PHI_EKEY.) */
int kdfcost_oom(void);

/* Checks sig's algorithm (default limits), then decrypts it with the
 * passphrase.  PHI_EKEY "wrong passphrase (or a damaged key file)" when
 * decryption fails.  The result is freed by the caller
 * (PKCS8_PRIV_KEY_INFO_free wipes it). */
int kdfcost_decrypt(const X509_SIG *sig, const char *pass, size_t passlen,
    PKCS8_PRIV_KEY_INFO **out, struct phi_err *e);

/* p8 encrypted as phi-keygen writes keys: PBES2, scrypt N=n r=8 p=1
 * (derived here, as OpenSSL's own stops at 32 MiB), AES-256-CBC, random
 * salt and IV.  0, or PHI_EKEY (*out NULL) when OpenSSL fails. */
int kdfcost_encrypt(PKCS8_PRIV_KEY_INFO *p8, const char *pass, size_t passlen,
    uint64_t n, X509_SIG **out);

#endif
