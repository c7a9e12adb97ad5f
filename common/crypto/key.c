/* key.c - PEM key files, key ids and keyrings (see key.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "hex.h"
#include "kdfcost.h"
#include "keyfile.h"
#include "key.h"

#define KEY_FILE_MAX 65536      /* a PEM key is well under 1 KiB */
#define KEYS_SCRYPT_N (1 << 18) /* age's work factor 18: 256 MiB */

enum pem_kind { PEM_NONE, PEM_PUBLIC, PEM_PRIVATE, PEM_ENCRYPTED, PEM_OTHER };

struct key_ring_entry {
	uint8_t kid[KEY_ID_LEN];
	EVP_PKEY *pk;
};

struct keyring {
	struct key_ring_entry *v;
	size_t n, cap;
};

struct pem_pass {
	const char *p;
	size_t len;
};

static const char *
key_type_name(int type)
{
	if (type == EVP_PKEY_X25519)
		return "X25519";
	if (type == EVP_PKEY_ED25519)
		return "Ed25519";
	return "unsupported";
}

int
key_file_read(const char *path, int kind, char **buf, size_t *len, mode_t *mode,
    struct phi_err *e)
{
	struct stat st;
	size_t n = 0;
	ssize_t r = 0;
	int fd, rc = PHI_EKEY;

	*buf = NULL;
	if ((fd = keyfile_open(path, kind, &st, e)) < 0)
		return rc;
	if (st.st_size > KEY_FILE_MAX) {
		phi_err_set(e, rc, "%s: too large for a key file", path);
		goto out;
	}
	if ((*buf = OPENSSL_zalloc((size_t)st.st_size + 1)) == NULL) {
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		goto out;
	}
	while (n < (size_t)st.st_size &&
	    ((r = read(fd, *buf + n, (size_t)st.st_size - n)) > 0 ||
	        (r < 0 && errno == EINTR)))
		n += r > 0 ? (size_t)r : 0;
	if (r < 0) {
		phi_err_set(
		    e, rc, "%s: cannot read: %s", path, strerror(errno));
		OPENSSL_clear_free(*buf, (size_t)st.st_size + 1);
		*buf = NULL;
		goto out;
	}
	*len = n;
	*mode = st.st_mode;
	rc = PHI_OK;
out:
	close(fd);
	return rc;
}

static enum pem_kind
pem_kind(const char *buf)
{
	if (strstr(buf, "-----BEGIN ENCRYPTED PRIVATE KEY-----") != NULL)
		return PEM_ENCRYPTED;
	if (strstr(buf, "-----BEGIN PRIVATE KEY-----") != NULL)
		return PEM_PRIVATE;
	if (strstr(buf, "-----BEGIN PUBLIC KEY-----") != NULL)
		return PEM_PUBLIC;
	if (strstr(buf, "-----BEGIN ") != NULL)
		return PEM_OTHER;
	return PEM_NONE;
}

static int
key_check_type(const char *path, EVP_PKEY *pk, int type, struct phi_err *e)
{
	int got = EVP_PKEY_get_base_id(pk);

	if (got != type)
		return phi_err_set(e, PHI_EKEY, "%s: %s key, not an %s key",
		    path,
		    got == EVP_PKEY_X25519 || got == EVP_PKEY_ED25519
		        ? key_type_name(got)
		        : "another kind of",
		    key_type_name(type));
	return PHI_OK;
}

/* Hands the passphrase to OpenSSL; never prompts. */
static int
pem_pass_cb(char *buf, int size, int rwflag, void *u)
{
	const struct pem_pass *pw = u;

	(void)rwflag;
	if (pw == NULL || pw->p == NULL || size < 0 || pw->len > (size_t)size)
		return -1;
	memcpy(buf, pw->p, pw->len);
	return (int)pw->len;
}

/* The first "ENCRYPTED PRIVATE KEY" block, decrypted only if its key
 * derivation is within kdfcost's limits (OpenSSL would run whatever the
 * file asks for); the KDF runs once, also for a wrong passphrase. */
static int
key_sec_decode_encrypted(const char *path, BIO *b, const struct pem_pass *pw,
    EVP_PKEY **out, struct phi_err *e)
{
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	X509_SIG *sig;
	int rc;

	sig = PEM_read_bio_PKCS8(b, NULL, pem_pass_cb, (void *)pw);
	if (sig == NULL)
		rc = phi_err_set(
		    e, PHI_EKEY, "%s: not a valid PEM private key", path);
	else if ((rc = kdfcost_decrypt(sig, pw->p, pw->len, &p8, e)) != 0)
		phi_err_prefix(e, "%s", path);
	else if ((*out = EVP_PKCS82PKEY(p8)) == NULL)
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: not a private key that OpenSSL knows", path);
	PKCS8_PRIV_KEY_INFO_free(p8);
	X509_SIG_free(sig);
	return rc;
}

static int
key_sec_decode(const char *path, const char *buf, size_t len,
    const struct pem_pass *pw, EVP_PKEY **out, struct phi_err *e)
{
	BIO *b;
	int rc = PHI_OK;

	if (len > INT_MAX || (b = BIO_new_mem_buf(buf, (int)len)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (pw->p != NULL)
		rc = key_sec_decode_encrypted(path, b, pw, out, e);
	else if ((*out = PEM_read_bio_PrivateKey(
	              b, NULL, pem_pass_cb, (void *)pw)) == NULL)
		rc = phi_err_set(
		    e, PHI_EKEY, "%s: not a valid PEM private key", path);
	BIO_free(b);
	if (kdfcost_oom() && rc == PHI_EKEY)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return rc;
}

/* The PEM kind of a key file's buffer, with a hint for wrong kinds. */
static int
key_sec_check_kind(const char *path, enum pem_kind k, struct phi_err *e)
{
	if (k == PEM_PRIVATE || k == PEM_ENCRYPTED)
		return PHI_OK;
	if (k == PEM_PUBLIC)
		return phi_err_set(e, PHI_EKEY,
		    "%s: is a public key; give the private key file (.key)",
		    path);
	return phi_err_set(e, PHI_EKEY,
	    "%s: not a PEM PKCS#8 private key (\"PRIVATE KEY\")", path);
}

/* The key derivation of the first "ENCRYPTED PRIVATE KEY" block, checked
 * before the passphrase is asked for (a block encrypted again under a
 * PEM header is checked only once the passphrase opens it). */
static int
key_sec_kdf_check(
    const char *path, const char *buf, size_t len, struct phi_err *e)
{
	const struct pem_pass none = {.p = NULL, .len = 0};
	const X509_ALGOR *alg;
	X509_SIG *sig;
	BIO *b;
	int rc = PHI_OK;

	if (len > INT_MAX || (b = BIO_new_mem_buf(buf, (int)len)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	sig = PEM_read_bio_PKCS8(b, NULL, pem_pass_cb, (void *)&none);
	if (sig != NULL) {
		X509_SIG_get0(sig, &alg, NULL);
		if ((rc = kdfcost_check(alg, NULL, e)) != 0)
			phi_err_prefix(e, "%s", path);
	} else if (kdfcost_oom())
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	X509_SIG_free(sig);
	BIO_free(b);
	ERR_clear_error();
	return rc;
}

/* Any private key of the file (type checked by the caller). */
static int
key_sec_load_any(
    const char *path, const char *passfile, EVP_PKEY **out, struct phi_err *e)
{
	struct pem_pass pw = {.p = NULL, .len = 0};
	char *buf = NULL, *pass = NULL, prompt[PATH_MAX + 32];
	size_t len = 0, passlen = 0;
	mode_t mode = 0;
	enum pem_kind k;
	int rc;

	*out = NULL;
	if ((rc = key_file_read(path, KEYFILE_SECRET, &buf, &len, &mode, e)) !=
	    0)
		return rc;
	k = pem_kind(buf);
	if ((rc = key_sec_check_kind(path, k, e)) != 0 ||
	    (rc = keyfile_check_mode(path, mode, e)) != 0)
		goto out;
	if (k == PEM_ENCRYPTED &&
	    (rc = key_sec_kdf_check(path, buf, len, e)) != 0)
		goto out;
	if (k == PEM_ENCRYPTED) {
		snprintf(prompt, sizeof(prompt), "Passphrase for %s", path);
		rc = passphrase_get(
		    passfile, PASSPHRASE_PROMPT, prompt, &pass, &passlen, e);
		if (rc == 0 && pass == NULL)
			rc = phi_err_set(e, PHI_EKEY,
			    "%s: key is encrypted; give --passphrase-file or PHI_PASSPHRASE",
			    path);
		if (rc != 0)
			goto out;
		pw.p = pass;
		pw.len = passlen;
	}
	rc = key_sec_decode(path, buf, len, &pw, out, e);
out:
	passphrase_free(pass, passlen);
	OPENSSL_clear_free(buf, len + 1);
	return rc;
}

int
key_sec_load_file(const char *path, int type, const char *passfile,
    EVP_PKEY **out, struct phi_err *e)
{
	int rc;

	if ((rc = key_sec_load_any(path, passfile, out, e)) != 0)
		return rc;
	if ((rc = key_check_type(path, *out, type, e)) != 0) {
		EVP_PKEY_free(*out);
		*out = NULL;
	}
	return rc;
}

static int
key_pub_decode(const char *path, const char *buf, size_t len, EVP_PKEY **out,
    struct phi_err *e)
{
	BIO *b;

	if (len > INT_MAX || (b = BIO_new_mem_buf(buf, (int)len)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	*out = PEM_read_bio_PUBKEY(b, NULL, pem_pass_cb, NULL);
	BIO_free(b);
	ERR_clear_error();
	if (*out == NULL)
		return phi_err_set(
		    e, PHI_EKEY, "%s: not a valid PEM public key", path);
	return PHI_OK;
}

int
key_pub_load_file(const char *path, int type, EVP_PKEY **out, struct phi_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	mode_t mode = 0;
	enum pem_kind k;
	int rc;

	*out = NULL;
	if ((rc = key_file_read(path, KEYFILE_PUBLIC, &buf, &len, &mode, e)) !=
	    0)
		return rc;
	k = pem_kind(buf);
	if (k == PEM_PRIVATE || k == PEM_ENCRYPTED)
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: is a private key; give the public key file (.pub)",
		    path);
	else if (k != PEM_PUBLIC)
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: not a PEM public key (\"PUBLIC KEY\")", path);
	else if ((rc = key_pub_decode(path, buf, len, out, e)) == 0 &&
	    (rc = key_check_type(path, *out, type, e)) != 0) {
		EVP_PKEY_free(*out);
		*out = NULL;
	}
	OPENSSL_clear_free(buf, len + 1);
	return rc;
}

int
key_id(EVP_PKEY *pk, uint8_t kid[KEY_ID_LEN], struct phi_err *e)
{
	uint8_t raw[32], md[32];
	size_t len = sizeof(raw);
	unsigned int mdlen = sizeof(md);

	if (pk == NULL || EVP_PKEY_get_raw_public_key(pk, raw, &len) != 1 ||
	    len != sizeof(raw)) {
		ERR_clear_error(); /* a loaded key has one: memory ran out */
		return phi_err_set(
		    e, PHI_ESOFTWARE, "cannot read the raw public key");
	}
	if (EVP_Digest(raw, len, md, &mdlen, EVP_sha256(), NULL) != 1)
		return phi_err_set(e, PHI_ESOFTWARE, "SHA-256 failed");
	memcpy(kid, md, KEY_ID_LEN);
	return PHI_OK;
}

void
key_id_hex(const uint8_t kid[KEY_ID_LEN], char hex[17])
{
	hex_encode(kid, KEY_ID_LEN, hex);
}

int
key_id_file(const char *path, int type, const char *passfile,
    uint8_t kid[KEY_ID_LEN], struct phi_err *e)
{
	EVP_PKEY *pk = NULL;
	char *buf = NULL;
	size_t len = 0;
	mode_t mode = 0;
	enum pem_kind k;
	int rc;

	if ((rc = key_file_read(path, KEYFILE_PUBLIC, &buf, &len, &mode, e)) !=
	    0)
		return rc;
	k = pem_kind(buf);
	OPENSSL_clear_free(buf, len + 1);
	if (k == PEM_PRIVATE || k == PEM_ENCRYPTED)
		rc = key_sec_load_file(path, type, passfile, &pk, e);
	else
		rc = key_pub_load_file(path, type, &pk, e);
	if (rc == 0)
		rc = key_id(pk, kid, e);
	EVP_PKEY_free(pk);
	return rc;
}

int
key_pub_pem_of_file(const char *path, int type, const char *passfile,
    struct buf *out, struct phi_err *e)
{
	EVP_PKEY *pk = NULL;
	BIO *b = NULL;
	char *d = NULL;
	long n;
	int rc;

	if ((rc = key_sec_load_file(path, type, passfile, &pk, e)) != 0)
		return rc;
	if ((b = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_PUBKEY(b, pk) != 1 ||
	    (n = BIO_get_mem_data(b, &d)) <= 0 ||
	    buf_append(out, d, (size_t)n) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	ERR_clear_error();
	BIO_free(b);
	EVP_PKEY_free(pk);
	return rc;
}

int
key_pem_private(EVP_PKEY *pk, const char *pass, size_t passlen, BIO *b)
{
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	X509_SIG *sig = NULL;
	int ok = 0;

	if (pass == NULL)
		return PEM_write_bio_PrivateKey(
		           b, pk, NULL, NULL, 0, NULL, NULL) == 1;
	if (passlen <= INT_MAX && (p8 = EVP_PKEY2PKCS8(pk)) != NULL &&
	    kdfcost_encrypt(p8, pass, passlen, KEYS_SCRYPT_N, &sig) == 0)
		ok = PEM_write_bio_PKCS8(b, sig) == 1;
	X509_SIG_free(sig);
	PKCS8_PRIV_KEY_INFO_free(p8);
	return ok;
}

/* Writes data to a new temporary file beside final (name into tmp),
 * with the given mode, synced. */
static int
key_write_temp(const char *final, const void *data, size_t len, mode_t mode,
    char tmp[PATH_MAX], struct phi_err *e)
{
	const char *p = data;
	ssize_t r;
	int fd, rc = PHI_OK;

	if (snprintf(tmp, PATH_MAX, "%s.XXXXXX", final) >= PATH_MAX) {
		tmp[0] = '\0';
		return phi_err_set(e, PHI_EKEY, "%s: name too long", final);
	}
	if ((fd = mkstemp(tmp)) < 0) {
		rc = phi_err_set(e, errno == EACCES ? PHI_EKEY : PHI_EIO,
		    "%s: cannot create: %s", final, strerror(errno));
		tmp[0] = '\0';
		return rc;
	}
	while (len > 0 && rc == PHI_OK) {
		if ((r = write(fd, p, len)) < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			rc = phi_err_set(e, PHI_EIO, "%s: cannot write: %s",
			    final, r < 0 ? strerror(errno) : "no progress");
		else
			p += r, len -= (size_t)r;
	}
	if (rc == PHI_OK && (fchmod(fd, mode) != 0 || fsync(fd) != 0))
		rc = phi_err_set(
		    e, PHI_EIO, "%s: cannot write: %s", final, strerror(errno));
	if (close(fd) != 0 && rc == PHI_OK)
		rc = phi_err_set(
		    e, PHI_EIO, "%s: cannot write: %s", final, strerror(errno));
	return rc;
}

/* Links tmp to final, which must not exist yet. */
static int
key_link_new(const char *tmp, const char *final, struct phi_err *e)
{
	if (link(tmp, final) == 0)
		return PHI_OK;
	if (errno == EEXIST)
		return phi_err_set(e, PHI_EKEY,
		    "%s: already exists; not overwriting it", final);
	return phi_err_set(e, errno == EACCES ? PHI_EKEY : PHI_EIO,
	    "%s: cannot create: %s", final, strerror(errno));
}

/* A new key pair as PEM in two memory BIOs (wiped when freed), and its
 * key id. */
static int
key_pair_pems(int type, const char *pass, size_t passlen,
    uint8_t kid[KEY_ID_LEN], BIO **priv, BIO **pub, struct phi_err *e)
{
	EVP_PKEY *pk;
	int rc;

	*priv = *pub = NULL;
	pk = EVP_PKEY_Q_keygen(
	    NULL, NULL, type == EVP_PKEY_X25519 ? "X25519" : "ED25519");
	if (pk == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "key generation failed");
	if ((rc = key_id(pk, kid, e)) != 0)
		goto out;
	rc = phi_err_set(e, PHI_ESOFTWARE, "cannot encode the new key");
	if ((*priv = BIO_new(BIO_s_secmem())) == NULL ||
	    (*pub = BIO_new(BIO_s_mem())) == NULL ||
	    !key_pem_private(pk, pass, passlen, *priv) ||
	    PEM_write_bio_PUBKEY(*pub, pk) != 1)
		goto out;
	rc = PHI_OK;
out:
	if (rc != PHI_OK) {
		BIO_free(*priv);
		BIO_free(*pub);
		*priv = *pub = NULL;
	}
	ERR_clear_error();
	EVP_PKEY_free(pk);
	return rc;
}

/* Writes both files under temporary names, then links them into place;
 * on any failure neither final file is left behind. */
static int
key_pair_install(
    const char *kp, const char *pp, BIO *priv, BIO *pub, struct phi_err *e)
{
	char kt[PATH_MAX] = "", pt[PATH_MAX] = "", *d;
	mode_t um = umask(077);
	long n;
	int rc;

	umask(um);
	n = BIO_get_mem_data(priv, &d);
	rc = key_write_temp(kp, d, n > 0 ? (size_t)n : 0, 0600, kt, e);
	if (rc == 0) {
		n = BIO_get_mem_data(pub, &d);
		rc = key_write_temp(
		    pp, d, n > 0 ? (size_t)n : 0, 0644 & ~um, pt, e);
	}
	if (rc == 0)
		rc = key_link_new(kt, kp, e);
	if (rc == 0 && (rc = key_link_new(pt, pp, e)) != 0)
		unlink(kp);
	if (kt[0] != '\0')
		unlink(kt);
	if (pt[0] != '\0')
		unlink(pt);
	return rc;
}

int
key_pair_write_files(const char *base, int type, const char *passfile,
    uint8_t kid[KEY_ID_LEN], struct phi_err *e)
{
	char kp[PATH_MAX], pp[PATH_MAX], prompt[PATH_MAX + 32], *pass = NULL;
	size_t passlen = 0;
	BIO *priv = NULL, *pub = NULL;
	struct stat st;
	int rc;

	if (type != EVP_PKEY_X25519 && type != EVP_PKEY_ED25519)
		return phi_err_set(e, PHI_ESOFTWARE, "unsupported key type");
	if (*base == '\0' || base[strlen(base) - 1] == '/')
		return phi_err_set(e, PHI_EUSAGE,
		    "-o BASE: give a file name without .key or .pub");
	if (snprintf(kp, sizeof(kp), "%s.key", base) >= (int)sizeof(kp) ||
	    snprintf(pp, sizeof(pp), "%s.pub", base) >= (int)sizeof(pp))
		return phi_err_set(e, PHI_EUSAGE, "-o BASE: name too long");
	if (lstat(kp, &st) == 0 || lstat(pp, &st) == 0)
		return phi_err_set(e, PHI_EKEY,
		    "%s: already exists; not overwriting it",
		    lstat(kp, &st) == 0 ? kp : pp);
	snprintf(prompt, sizeof(prompt), "Passphrase for %s", kp);
	if ((rc = passphrase_get(passfile, PASSPHRASE_CONFIRM, prompt, &pass,
	         &passlen, e)) != 0)
		return rc;
	if ((rc = key_pair_pems(type, pass, passlen, kid, &priv, &pub, e)) == 0)
		rc = key_pair_install(kp, pp, priv, pub, e);
	passphrase_free(pass, passlen);
	BIO_free(priv);
	BIO_free(pub);
	return rc;
}

struct keyring *
key_ring_new(void)
{
	return OPENSSL_zalloc(sizeof(struct keyring));
}

size_t
key_ring_count(const struct keyring *kr)
{
	return kr != NULL ? kr->n : 0;
}

EVP_PKEY *
key_ring_find(const struct keyring *kr, const uint8_t kid[KEY_ID_LEN])
{
	size_t i;

	for (i = 0; kr != NULL && i < kr->n; i++)
		if (memcmp(kr->v[i].kid, kid, KEY_ID_LEN) == 0)
			return kr->v[i].pk;
	return NULL;
}

int
key_ring_add_key(struct keyring *kr, EVP_PKEY *pk, struct phi_err *e)
{
	struct key_ring_entry *v;
	uint8_t kid[KEY_ID_LEN];
	size_t cap;
	int rc;

	if (EVP_PKEY_get_base_id(pk) != EVP_PKEY_X25519)
		return phi_err_set(e, PHI_EKEY, "not an X25519 key");
	if ((rc = key_id(pk, kid, e)) != 0)
		return rc;
	if (key_ring_find(kr, kid) != NULL)
		return PHI_OK;
	if (kr->n == kr->cap) {
		cap = kr->cap == 0 ? 4 : kr->cap * 2;
		if (cap > SIZE_MAX / sizeof(*v) ||
		    (v = OPENSSL_realloc(kr->v, cap * sizeof(*v))) == NULL)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		kr->v = v;
		kr->cap = cap;
	}
	if (EVP_PKEY_up_ref(pk) != 1)
		return phi_err_set(e, PHI_ESOFTWARE, "OpenSSL error");
	memcpy(kr->v[kr->n].kid, kid, KEY_ID_LEN);
	kr->v[kr->n++].pk = pk;
	return PHI_OK;
}

static int
key_ring_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
key_ring_names_free(char **names, size_t n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}

/* The names of the files of dir ending in ext (".key", ".pub"; not
 * hidden ones), sorted. */
static int
key_ring_dir_names(const char *dir, const char *ext, char ***out, size_t *count,
    struct phi_err *e)
{
	char **names = NULL, **nv;
	size_t n = 0, cap = 0, len;
	struct dirent *de;
	DIR *d;
	int oom;

	if ((d = opendir(dir)) == NULL)
		return phi_err_set(
		    e, PHI_EKEY, "%s: cannot open: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 5 ||
		    strcmp(de->d_name + len - 4, ext) != 0)
			continue;
		if (n == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			nv = cap > SIZE_MAX / sizeof(*nv)
			    ? NULL
			    : realloc(names, cap * sizeof(*nv));
			if (nv == NULL)
				break;
			names = nv;
		}
		if ((names[n] = strdup(de->d_name)) == NULL)
			break;
		n++;
	}
	oom = de != NULL; /* the loop stopped early */
	closedir(d);
	if (oom) {
		key_ring_names_free(names, n);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	if (n > 0)
		qsort(names, n, sizeof(*names), key_ring_name_cmp);
	*out = names;
	*count = n;
	return PHI_OK;
}

/* Every X25519 key among the *.key files of dir (pub: the public keys
 * of its *.pub files). */
static int
key_ring_add_dir(struct keyring *kr, const char *dir, int pub,
    const char *passfile, struct phi_err *e)
{
	char **names = NULL, path[PATH_MAX];
	size_t n = 0, i, found = 0, dl = strlen(dir);
	/* "keys/" names its files keys/a.key, not keys//a.key */
	const char *sep = dl > 0 && dir[dl - 1] == '/' ? "" : "/";
	EVP_PKEY *pk;
	int rc;

	if ((rc = key_ring_dir_names(
	         dir, pub ? ".pub" : ".key", &names, &n, e)) != 0)
		return rc;
	for (i = 0; i < n && rc == PHI_OK; i++) {
		if (snprintf(path, sizeof(path), "%s%s%s", dir, sep,
		        names[i]) >= (int)sizeof(path)) {
			rc = phi_err_set(e, PHI_EKEY, "%s%s%s: name too long",
			    dir, sep, names[i]);
			break;
		}
		if ((rc = pub ? key_pub_load_file(path, EVP_PKEY_X25519, &pk, e)
		              : key_sec_load_any(path, passfile, &pk, e)) != 0)
			break;
		if (EVP_PKEY_get_base_id(pk) == EVP_PKEY_X25519) {
			found++;
			if ((rc = key_ring_add_key(kr, pk, e)) != 0)
				phi_err_prefix(e, "%s", path);
		}
		EVP_PKEY_free(pk);
	}
	key_ring_names_free(names, n);
	if (rc == PHI_OK && found == 0)
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: no X25519 %s key (*%s) in this directory", dir,
		    pub ? "public" : "private", pub ? ".pub" : ".key");
	return rc;
}

int
key_ring_add_path(struct keyring *kr, const char *path, const char *passfile,
    struct phi_err *e)
{
	EVP_PKEY *pk;
	struct stat st;
	int rc;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return key_ring_add_dir(kr, path, 0, passfile, e);
	if ((rc = key_sec_load_file(path, EVP_PKEY_X25519, passfile, &pk, e)) !=
	    0)
		return rc;
	rc = key_ring_add_key(kr, pk, e);
	EVP_PKEY_free(pk);
	return rc;
}

int
key_ring_add_pub_path(struct keyring *kr, const char *path, struct phi_err *e)
{
	EVP_PKEY *pk;
	struct stat st;
	int rc;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return key_ring_add_dir(kr, path, 1, NULL, e);
	if ((rc = key_pub_load_file(path, EVP_PKEY_X25519, &pk, e)) != 0)
		return rc;
	rc = key_ring_add_key(kr, pk, e);
	EVP_PKEY_free(pk);
	return rc;
}

void
key_ring_free(struct keyring *kr)
{
	size_t i;

	if (kr == NULL)
		return;
	for (i = 0; i < kr->n; i++)
		EVP_PKEY_free(kr->v[i].pk);
	OPENSSL_clear_free(kr->v, kr->cap * sizeof(*kr->v));
	OPENSSL_free(kr);
}
