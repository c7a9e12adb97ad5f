/*
 * test_keys.c - common/crypto/key: key pairs written and read back, key ids,
 * keyrings from files and directories, and the refusals (wrong kind,
 * wrong type, loose permissions, existing files, wrong passphrase).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "key.h"
#include "tap.h"

static char dir[64];

static const char *
at(const char *name)
{
	static char path[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(path[i], sizeof(path[i]), "%s/%s", dir, name);
	return path[i];
}

static void
rm_dir(const char *d)
{
	char path[512];
	struct dirent *de;
	DIR *dp = opendir(d);

	while (dp != NULL && (de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", d, de->d_name);
		if (unlink(path) != 0)
			rm_dir(path);
	}
	if (dp != NULL)
		closedir(dp);
	rmdir(d);
}

static int
kid_of(EVP_PKEY *pk, const uint8_t want[KEY_ID_LEN])
{
	uint8_t kid[KEY_ID_LEN];
	struct phi_err e;

	return pk != NULL && key_id(pk, kid, &e) == 0 &&
	    memcmp(kid, want, KEY_ID_LEN) == 0;
}

static void
test_key_id_hex(void)
{
	const uint8_t kid[8] = {0x00, 0x01, 0x2a, 0x7f, 0x80, 0xab, 0xcd, 0xff};
	char hex[17];

	key_id_hex(kid, hex);
	ok(strcmp(hex, "00012a7f80abcdff") == 0, "key_id_hex: %s", hex);
}

static void
test_write_read(uint8_t ka[KEY_ID_LEN])
{
	EVP_PKEY *pk = NULL, *sk = NULL;
	uint8_t kid[KEY_ID_LEN];
	struct phi_err e;
	struct stat st;

	ok(key_pair_write_files(at("a"), EVP_PKEY_X25519, NULL, ka, &e) == 0,
	    "key_pair_write_files a");
	ok(stat(at("a.key"), &st) == 0 && (st.st_mode & 0777) == 0600,
	    "a.key is 0600");
	ok(key_pub_load_file(at("a.pub"), EVP_PKEY_X25519, &pk, &e) == 0 &&
	        kid_of(pk, ka),
	    "a.pub loads, its key id is the one reported");
	ok(key_sec_load_file(at("a.key"), EVP_PKEY_X25519, NULL, &sk, &e) ==
	            0 &&
	        kid_of(sk, ka),
	    "a.key loads, same key id");
	ok(key_id_file(at("a.key"), EVP_PKEY_X25519, NULL, kid, &e) == 0 &&
	        memcmp(kid, ka, 8) == 0,
	    "key_id_file of the private key");
	ok(key_pair_write_files(at("a"), EVP_PKEY_X25519, NULL, kid, &e) ==
	            PHI_EKEY &&
	        strstr(e.msg, "already exists") != NULL,
	    "a second key_pair_write_files a is refused: %s", e.msg);
	EVP_PKEY_free(pk);
	EVP_PKEY_free(sk);
}

static void
test_wrong_kinds(void)
{
	EVP_PKEY *pk = NULL;
	struct phi_err e;
	uint8_t ks[KEY_ID_LEN];

	ok(key_pub_load_file(at("a.key"), EVP_PKEY_X25519, &pk, &e) ==
	            PHI_EKEY &&
	        pk == NULL && strstr(e.msg, "is a private key") != NULL,
	    "a private key file is not a public key: %s", e.msg);
	ok(key_sec_load_file(at("a.pub"), EVP_PKEY_X25519, NULL, &pk, &e) ==
	            PHI_EKEY &&
	        pk == NULL && strstr(e.msg, "is a public key") != NULL,
	    "a public key file is not a private key: %s", e.msg);
	ok(key_pair_write_files(at("s"), EVP_PKEY_ED25519, NULL, ks, &e) == 0,
	    "Ed25519 pair s");
	ok(key_sec_load_file(at("s.key"), EVP_PKEY_X25519, NULL, &pk, &e) ==
	            PHI_EKEY &&
	        pk == NULL,
	    "an Ed25519 key is not an X25519 key: %s", e.msg);
	ok(key_sec_load_file(at("s.key"), EVP_PKEY_ED25519, NULL, &pk, &e) ==
	            0 &&
	        kid_of(pk, ks),
	    "the Ed25519 key loads as Ed25519");
	EVP_PKEY_free(pk);
	chmod(at("a.key"), 0640);
	ok(key_sec_load_file(at("a.key"), EVP_PKEY_X25519, NULL, &pk, &e) ==
	            PHI_EKEY &&
	        strstr(e.msg, "permissions 0640 are too open") != NULL,
	    "group-readable private key refused: %s", e.msg);
	chmod(at("a.key"), 0600);
}

/* A directory keyring: X25519 keys found by id, Ed25519 skipped, no
 * duplicates, unknown ids not found. */
static void
test_keyring_dir(const uint8_t ka[KEY_ID_LEN])
{
	struct keyring *kr = key_ring_new();
	uint8_t kb[KEY_ID_LEN], none[KEY_ID_LEN] = {0};
	struct phi_err e;

	ok(key_pair_write_files(at("b"), EVP_PKEY_X25519, NULL, kb, &e) == 0,
	    "keypair b");
	ok(kr != NULL && key_ring_add_path(kr, dir, NULL, &e) == 0,
	    "keyring from the directory");
	ok(key_ring_count(kr) == 2, "two X25519 keys (Ed25519 skipped): %zu",
	    key_ring_count(kr));
	ok(kid_of(key_ring_find(kr, ka), ka) &&
	        kid_of(key_ring_find(kr, kb), kb),
	    "both found by key id");
	ok(key_ring_find(kr, none) == NULL, "an unknown id is not found");
	ok(key_ring_add_path(kr, at("b.key"), NULL, &e) == 0 &&
	        key_ring_add_path(kr, dir, NULL, &e) == 0 &&
	        key_ring_count(kr) == 2,
	    "adding the same keys again adds nothing");
	chmod(at("b.key"), 0604);
	ok(key_ring_add_path(kr, dir, NULL, &e) == PHI_EKEY &&
	        strstr(e.msg, "b.key: permissions 0604") != NULL,
	    "a loose key in the directory is refused: %s", e.msg);
	chmod(at("b.key"), 0600);
	key_ring_free(kr);
}

static void
test_keyring_files(const uint8_t ka[KEY_ID_LEN])
{
	struct keyring *kr = key_ring_new();
	char sub[128];
	struct phi_err e;

	ok(key_ring_add_path(kr, at("a.key"), NULL, &e) == 0 &&
	        key_ring_count(kr) == 1 && key_ring_find(kr, ka) != NULL,
	    "keyring from one file");
	ok(key_ring_add_path(kr, at("s.key"), NULL, &e) == PHI_EKEY &&
	        key_ring_count(kr) == 1,
	    "an Ed25519 file given by name is refused: %s", e.msg);
	ok(key_ring_add_path(kr, at("missing.key"), NULL, &e) == PHI_EKEY &&
	        strstr(e.msg, "missing.key: cannot open") != NULL,
	    "a missing file: %s", e.msg);
	snprintf(sub, sizeof(sub), "%s", at("empty"));
	mkdir(sub, 0700);
	ok(key_ring_add_path(kr, sub, NULL, &e) == PHI_EKEY &&
	        strstr(e.msg, "no X25519 private key") != NULL,
	    "a directory without keys: %s", e.msg);
	key_ring_free(kr);
	key_ring_free(NULL);
	ok(key_ring_count(NULL) == 0 && key_ring_find(NULL, ka) == NULL,
	    "NULL keyring is empty");
}

static void
test_passphrase(void)
{
	struct keyring *kr = key_ring_new();
	uint8_t kp[KEY_ID_LEN], kid[KEY_ID_LEN];
	FILE *f;
	struct phi_err e;

	setenv("PHI_PASSPHRASE", "env pass phrase", 1);
	ok(key_pair_write_files(at("p"), EVP_PKEY_X25519, NULL, kp, &e) == 0,
	    "encrypted pair from PHI_PASSPHRASE");
	ok(key_ring_add_path(kr, at("p.key"), NULL, &e) == 0 &&
	        key_ring_find(kr, kp) != NULL,
	    "loads with PHI_PASSPHRASE");
	umask(022); /* the passphrase file is made 0644 */
	if ((f = fopen(at("pw"), "w")) != NULL) {
		fputs("wrong one\r\n", f);
		fclose(f);
	}
	ok(key_id_file(at("p.key"), EVP_PKEY_X25519, at("pw"), kid, &e) ==
	            PHI_EKEY &&
	        strstr(e.msg, "permissions 0644 are too open") != NULL,
	    "a passphrase file others can read is refused: %s", e.msg);
	chmod(at("pw"), 0600);
	ok(key_id_file(at("p.key"), EVP_PKEY_X25519, at("pw"), kid, &e) ==
	            PHI_EKEY &&
	        strstr(e.msg, "wrong passphrase") != NULL &&
	        strstr(e.msg, "wrong one") == NULL,
	    "a passphrase file wins over the environment: %s", e.msg);
	if ((f = fopen(at("pw"), "w")) != NULL) {
		fputs("env pass phrase\r\n", f);
		fclose(f);
	}
	unsetenv("PHI_PASSPHRASE");
	ok(key_id_file(at("p.key"), EVP_PKEY_X25519, at("pw"), kid, &e) == 0 &&
	        memcmp(kid, kp, KEY_ID_LEN) == 0,
	    "passphrase file with a CRLF line end");
	key_ring_free(kr);
}

int
main(void)
{
	uint8_t ka[KEY_ID_LEN];

	unsetenv("PHI_PASSPHRASE");
	snprintf(dir, sizeof(dir), "/tmp/phi-test-keys-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		printf("Bail out! mkdtemp\n");
		return 1;
	}
	test_key_id_hex();
	test_write_read(ka);
	test_wrong_kinds();
	test_keyring_dir(ka);
	test_keyring_files(ka);
	test_passphrase();
	rm_dir(dir);
	return tap_done();
}
