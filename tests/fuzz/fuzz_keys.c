/*
 * fuzz_keys.c - libFuzzer harness for key loading (keys.h): the input is
 * a key file (mode 0600) read as every kind of key, with PHI_PASSPHRASE
 * set to the passphrase of the encrypted seeds ("fuzz passphrase").
 *
 * A key whose KDF parameters ask for more work than KDF_MAX is not
 * loaded: OpenSSL runs the KDF with whatever the file says (scrypt with
 * p = 2^20 runs for hours), which keys.c does not bound yet.
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

#include "keys.h"
#include "util.h"

/* KDF work allowed (N*r*p for scrypt, iterations for PBKDF2 and PBES1):
 * twice what phi-keygen writes (scrypt N = 2^14, r = 8, p = 1). */
#define KDF_MAX ((uint64_t)1 << 18)

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
int_small(const ASN1_INTEGER *a, uint64_t max, uint64_t *v)
{
	return a != NULL && ASN1_INTEGER_get_uint64(v, a) == 1 && *v <= max;
}

/* The KDF work of one encrypted PKCS#8 key, if it is small. */
static int
kdf_cheap(const X509_ALGOR *alg)
{
	const ASN1_OBJECT *oid;
	const void *pv;
	PBE2PARAM *p2 = NULL;
	SCRYPT_PARAMS *sp = NULL;
	PBKDF2PARAM *kp = NULL;
	PBEPARAM *p1 = NULL;
	uint64_t n = 0, r = 0, p = 0;
	int ok = 0, nid;

	X509_ALGOR_get0(&oid, NULL, &pv, alg);
	if ((nid = OBJ_obj2nid(oid)) != NID_pbes2) {
		p1 = ASN1_TYPE_unpack_sequence(
		    ASN1_ITEM_rptr(PBEPARAM), alg->parameter);
		ok = p1 != NULL && int_small(p1->iter, KDF_MAX, &n);
		goto out;
	}
	p2 = ASN1_TYPE_unpack_sequence(
	    ASN1_ITEM_rptr(PBE2PARAM), alg->parameter);
	if (p2 == NULL)
		goto out;
	nid = OBJ_obj2nid(p2->keyfunc->algorithm);
	if (nid == NID_id_scrypt &&
	    (sp = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(SCRYPT_PARAMS),
	         p2->keyfunc->parameter)) != NULL)
		ok = int_small(sp->costParameter, KDF_MAX, &n) &&
		    int_small(sp->blockSize, KDF_MAX, &r) &&
		    int_small(sp->parallelizationParameter, KDF_MAX, &p) &&
		    n * r * p <= KDF_MAX;
	else if (nid == NID_id_pbkdf2 &&
	    (kp = ASN1_TYPE_unpack_sequence(
	         ASN1_ITEM_rptr(PBKDF2PARAM), p2->keyfunc->parameter)) != NULL)
		ok = int_small(kp->iter, KDF_MAX, &n);
out:
	PBEPARAM_free(p1);
	PBE2PARAM_free(p2);
	SCRYPT_PARAMS_free(sp);
	PBKDF2PARAM_free(kp);
	return ok;
}

/* Every encrypted PKCS#8 block in the file asks for little KDF work. */
static int
kdfs_cheap(const uint8_t *data, size_t size)
{
	BIO *b = BIO_new_mem_buf(data, (int)size);
	const X509_ALGOR *alg;
	X509_SIG *sig;
	int ok = 1;

	fuzz_check(b != NULL, "BIO_new_mem_buf");
	while (ok && (sig = PEM_read_bio_PKCS8(b, NULL, NULL, NULL)) != NULL) {
		X509_SIG_get0(sig, &alg, NULL);
		ok = kdf_cheap(alg);
		X509_SIG_free(sig);
	}
	BIO_free(b);
	ERR_clear_error();
	return ok;
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int types[] = {EVP_PKEY_X25519, EVP_PKEY_ED25519};
	const char *path = fuzz_path("key.pem");
	struct keyring *kr;
	struct phi_err e;
	EVP_PKEY *pk;
	size_t i;
	int rc;

	if (!kdfs_cheap(data, size))
		return 0;
	fuzz_write_file(path, data, size, 0600);
	for (i = 0; i < 2; i++) {
		pk = NULL;
		rc = pubkey_load_file(path, types[i], &pk, &e);
		check(rc, pk, types[i], &e, data, size);
		EVP_PKEY_free(pk);
		pk = NULL;
		rc = seckey_load_file(path, types[i], NULL, &pk, &e);
		check(rc, pk, types[i], &e, data, size);
		EVP_PKEY_free(pk);
	}
	if (memmem(data, size, "ENCRYPTED", 9) != NULL)
		return 0; /* scrypt again: slow, and nothing new */
	fuzz_check((kr = keyring_new()) != NULL, "keyring_new");
	rc = keyring_add_path(kr, path, NULL, &e);
	fuzz_check(rc == PHI_OK || rc == PHI_EKEY, "keyring status");
	fuzz_check(rc != PHI_OK || keyring_count(kr) == 1, "keyring count");
	keyring_free(kr);
	return 0;
}
