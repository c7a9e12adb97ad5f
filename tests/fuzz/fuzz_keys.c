/*
 * fuzz_keys.c - libFuzzer harness for key loading (keys.h): the input is
 * a key file (mode 0600) read as every kind of key, with PHI_PASSPHRASE
 * set to the passphrase of the encrypted seeds ("fuzz passphrase").
 *
 * Checks: each load gives 0 and a key of the type asked for, or
 * PHI_EKEY; a loaded key has a key id; no message holds the first line
 * of base64 after a PEM header.
 */
#include <stdlib.h>
#include <string.h>

#include "keys.h"
#include "util.h"

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
