/* auditkey.c - pseudonym keys and pseudonyms (see auditkey.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "auditkey.h"
#include "buf.h"
#include "hex.h"
#include "hmac256.h"
#include "keyfile.h"

/* Reads the key from fd, the file opened by keyfile_open (st). */
static int
key_read_fd(struct audit_key *k, int fd, const struct stat *st,
    const char *path, struct phi_err *e)
{
	ssize_t n;
	size_t len = 0;

	if ((st->st_mode & 077) != 0)
		return phi_err_set(e, PHI_EKEY,
		    "%s: group or others can read this key (chmod 600 it)",
		    path);
	while (len < sizeof(k->k)) {
		n = read(fd, k->k + len, sizeof(k->k) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return phi_err_set(
			    e, PHI_EKEY, "%s: %s", path, strerror(errno));
		if (n == 0)
			break;
		len += (size_t)n;
	}
	k->len = len;
	if (len < AUDIT_KEY_MIN || (size_t)st->st_size > sizeof(k->k))
		return phi_err_set(e, PHI_EKEY,
		    "%s: a pseudonym key has %d to %d bytes", path,
		    AUDIT_KEY_MIN, AUDIT_KEY_MAX);
	return PHI_OK;
}

/* Sets *missing (when not NULL) if the file does not exist. */
static int
key_read(struct audit_key *k, const char *path, int *missing, struct phi_err *e)
{
	struct stat st;
	int fd, rc;

	if ((fd = keyfile_open(path, KEYFILE_SECRET, &st, e)) < 0) {
		if (missing != NULL && errno == ENOENT) {
			*missing = 1;
			return PHI_OK;
		}
		return PHI_EKEY;
	}
	rc = key_read_fd(k, fd, &st, path, e);
	close(fd);
	if (rc != PHI_OK)
		audit_key_wipe(k);
	return rc;
}

static int
key_write_tmp(int fd, const char *tmp, struct phi_err *e)
{
	uint8_t b[32];
	int rc = PHI_OK;

	if (RAND_bytes(b, sizeof(b)) != 1)
		rc = phi_err_set(e, PHI_ESOFTWARE, "no random bytes");
	else if (buf_write_all(fd, b, sizeof(b)) != 0 || fsync(fd) != 0)
		rc = phi_err_set(e, PHI_EIO, "%s: %s", tmp, strerror(errno));
	OPENSSL_cleanse(b, sizeof(b));
	return rc;
}

/* Makes path with 32 random bytes, unless another writer was first. */
static int
key_create(const char *path, struct phi_err *e)
{
	size_t n = strlen(path);
	char *tmp;
	int fd, rc;

	if ((tmp = malloc(n + 8)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".XXXXXX", 8);
	if ((fd = mkstemp(tmp)) < 0) {
		rc = phi_err_set(e, PHI_EKEY, "%s: cannot create: %s", path,
		    strerror(errno));
		goto out;
	}
	rc = key_write_tmp(fd, tmp, e);
	if (close(fd) != 0 && rc == PHI_OK)
		rc = phi_err_set(e, PHI_EIO, "%s: %s", tmp, strerror(errno));
	if (rc == PHI_OK && link(tmp, path) != 0 && errno != EEXIST)
		rc = phi_err_set(e, PHI_EKEY, "%s: cannot create: %s", path,
		    strerror(errno));
	unlink(tmp);
out:
	free(tmp);
	return rc;
}

int
audit_key_load(
    struct audit_key *k, const char *path, const char *log, struct phi_err *e)
{
	int missing = 0, rc;
	size_t n;
	char *def;

	memset(k, 0, sizeof(*k));
	if (path != NULL)
		return key_read(k, path, NULL, e);
	n = strlen(log);
	if ((def = malloc(n + 5)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	memcpy(def, log, n);
	memcpy(def + n, ".key", 5);
	rc = key_read(k, def, &missing, e);
	if (rc == PHI_OK && missing && (rc = key_create(def, e)) == PHI_OK)
		rc = key_read(k, def, NULL, e);
	free(def);
	return rc;
}

int
audit_key_pseudonym(const struct audit_key *k, const char *id, size_t n,
    char out[AUDIT_HASH_HEX + 1], struct phi_err *e)
{
	uint8_t md[HMAC256_LEN];
	const struct hmac256_part in = {.p = id, .n = n};

	if (k->len < AUDIT_KEY_MIN)
		return phi_err_set(e, PHI_ESOFTWARE, "no pseudonym key");
	if (hmac256(k->k, k->len, &in, 1, md) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "HMAC-SHA256 failed");
	hex_encode(md, 32, out);
	OPENSSL_cleanse(md, sizeof(md));
	return PHI_OK;
}

void
audit_key_wipe(struct audit_key *k)
{
	OPENSSL_cleanse(k, sizeof(*k));
}
