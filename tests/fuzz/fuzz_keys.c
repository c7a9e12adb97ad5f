/*
 * fuzz_keys.c - libFuzzer harness for key loading (key.h): the input is
 * a key file (mode 0600) read as every kind of key, with PHI_PASSPHRASE
 * set to the passphrase of the encrypted seeds ("fuzz passphrase").
 *
 * Encrypted keys go through the library's bounds on the key derivation
 * (kdfcost.h): an input whose first "ENCRYPTED PRIVATE KEY" block
 * kdfcost_check refuses must be refused by every load, with that
 * message, and at once (libFuzzer's -timeout catches a derivation that
 * runs).  Inputs within the library's limits but above FUZZ_LIMITS (the
 * same check with smaller limits) are skipped, for speed only: a load at
 * the library's limit takes seconds.
 *
 * Checks: each load gives 0 and a key of the type asked for, or
 * PHI_EKEY; a loaded key has a key id; no message holds the first line
 * of base64 after a PEM header.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "kdfcost.h"
#include "key.h"
#include "util.h"

#define FUZZ_PASS "fuzz passphrase"

/* Twice the work of phi-keygen's keys (scrypt N=2^14 r=8 p=1). */
static const struct kdfcost_limits fuzz_limits = {
    (uint64_t)1 << 18, (uint64_t)64 << 20, (uint64_t)1 << 18};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_check(
	    setenv("PHI_PASSPHRASE", "fuzz passphrase", 1) == 0, "setenv");
	return 0;
}

static int
pass_cb(char *buf, int size, int rwflag, void *u)
{
	(void)rwflag;
	(void)u;
	if (size < (int)sizeof(FUZZ_PASS) - 1)
		return -1;
	memcpy(buf, FUZZ_PASS, sizeof(FUZZ_PASS) - 1);
	return (int)sizeof(FUZZ_PASS) - 1;
}

/* kdfcost_check (limits lim) of the first encrypted PKCS#8 block, the
 * one key.c decrypts: 0 when it passes or there is none, else PHI_EKEY
 * with the message in e. */
static int
kdf_check_first(const uint8_t *data, size_t size,
    const struct kdfcost_limits *lim, struct phi_err *e)
{
	BIO *b = BIO_new_mem_buf(data, (int)size);
	const X509_ALGOR *alg;
	X509_SIG *sig;
	int rc = 0;

	fuzz_check(b != NULL, "BIO_new_mem_buf");
	if ((sig = PEM_read_bio_PKCS8(b, NULL, pass_cb, NULL)) != NULL) {
		X509_SIG_get0(sig, &alg, NULL);
		rc = kdfcost_check(alg, lim, e);
		X509_SIG_free(sig);
	}
	BIO_free(b);
	ERR_clear_error();
	return rc;
}

/* The first line after "-----\n" (PEM body), if there is one. */
static void
pem_body(const uint8_t *data, size_t size, const char **p, size_t *n)
{
	const char *s = (const char *)data, *h, *nl;

	*p = NULL;
	*n = 0;
	if ((h = memmem(s, size, "-----\n", 6)) == NULL)
		return;
	h += 6;
	nl = memchr(h, '\n', size - (size_t)(h - s));
	*p = h;
	*n = nl != NULL ? (size_t)(nl - h) : size - (size_t)(h - s);
	if (*n < 12)
		*p = NULL;
}

static void
check(int rc, EVP_PKEY *pk, int type, const struct phi_err *e,
    const uint8_t *data, size_t size)
{
	uint8_t kid[KEY_ID_LEN];
	struct phi_err e2;
	const char *body;
	size_t n;

	fuzz_check(rc == PHI_OK || rc == PHI_EKEY, "key load status");
	if (rc == PHI_OK) {
		fuzz_check(pk != NULL && EVP_PKEY_get_id(pk) == type,
		    "loaded key of another type");
		fuzz_check(key_id(pk, kid, &e2) == PHI_OK, "key_id");
		return;
	}
	pem_body(data, size, &body, &n);
	fuzz_check(
	    body == NULL || memmem(e->msg, strlen(e->msg), body, 12) == NULL,
	    "a message holds key text");
}

/* A private key load of an input whose KDF the library refuses: 77,
 * for that reason. */
static void
check_refused(int rc, const struct phi_err *e, const struct phi_err *why)
{
	fuzz_check(rc == PHI_EKEY, "a costly key was not refused");
	fuzz_check(strstr(e->msg, why->msg) != NULL,
	    "a costly key was refused for another reason");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = {EVP_PKEY_X25519, EVP_PKEY_ED25519};
	const char *path = fuzz_path("key.pem");
	struct phi_err e, why = {0, ""};
	struct keyring *kr;
	EVP_PKEY *pk;
	size_t i;
	int rc, refused;

	/* key.c reads the PEM kind up to the first NUL byte: past one, it
	 * may take another block than the first encrypted one */
	refused = memchr(data, 0, size) == NULL &&
	    kdf_check_first(data, size, NULL, &why) != 0;
	if (!refused && kdf_check_first(data, size, &fuzz_limits, &e) != 0)
		return 0; /* allowed, but slow */
	fuzz_write_file(path, data, size, 0600);
	for (i = 0; i < 2; i++) {
		pk = NULL;
		rc = key_pub_load_file(path, types[i], &pk, &e);
		check(rc, pk, types[i], &e, data, size);
		EVP_PKEY_free(pk);
		pk = NULL;
		rc = key_sec_load_file(path, types[i], NULL, &pk, &e);
		check(rc, pk, types[i], &e, data, size);
		if (refused)
			check_refused(rc, &e, &why);
		EVP_PKEY_free(pk);
	}
	if (memmem(data, size, "ENCRYPTED", 9) != NULL && !refused)
		return 0; /* scrypt again: slow, and nothing new */
	fuzz_check((kr = key_ring_new()) != NULL, "key_ring_new");
	rc = key_ring_add_path(kr, path, NULL, &e);
	fuzz_check(rc == PHI_OK || rc == PHI_EKEY, "keyring status");
	fuzz_check(rc != PHI_OK || key_ring_count(kr) == 1, "keyring count");
	if (refused)
		check_refused(rc, &e, &why);
	key_ring_free(kr);
	return 0;
}
