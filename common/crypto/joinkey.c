/* joinkey.c - the join key file (see joinkey.h). */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "buf.h"
#include "keyfile.h"
#include "newfile.h"
#include "joinkey.h"

#define JOINKEY_FILE_MAX 4096 /* the PEM is about 100 bytes */
#define JOINKEY_BEGIN "-----BEGIN " JOINKEY_PEM_LABEL "-----"

/* Reads the whole file at path (a secret: keyfile.h's checks, then the
 * mode) into buf[0..*len), at most JOINKEY_FILE_MAX bytes. */
static int
joinkey_read(const char *path, char buf[JOINKEY_FILE_MAX], size_t *len,
    struct phi_err *e)
{
	struct stat st;
	ssize_t r = 0;
	int fd, rc;

	*len = 0;
	if ((fd = keyfile_open(path, KEYFILE_SECRET, &st, e)) < 0)
		return PHI_EKEY;
	if ((rc = keyfile_check_mode(path, st.st_mode, e)) != PHI_OK)
		goto out;
	rc = phi_err_set(e, PHI_EKEY, "%s: too large for a join key", path);
	if (st.st_size >= JOINKEY_FILE_MAX)
		goto out;
	while (*len < JOINKEY_FILE_MAX &&
	    ((r = read(fd, buf + *len, JOINKEY_FILE_MAX - *len)) > 0 ||
	        (r < 0 && errno == EINTR)))
		*len += r > 0 ? (size_t)r : 0;
	if (r < 0)
		rc = phi_err_set(
		    e, PHI_EKEY, "%s: cannot read: %s", path, strerror(errno));
	else if (*len < JOINKEY_FILE_MAX)
		rc = PHI_OK;
out:
	close(fd);
	return rc;
}

int
joinkey_load_file(
    const char *path, uint8_t secret[JOIN_SECRET_LEN], struct phi_err *e)
{
	char buf[JOINKEY_FILE_MAX], *name = NULL, *hdr = NULL;
	unsigned char *data = NULL;
	long dlen = 0;
	size_t len;
	BIO *b = NULL;
	int rc;

	if ((rc = joinkey_read(path, buf, &len, e)) != PHI_OK)
		goto out;
	rc = phi_err_set(e, PHI_EKEY,
	    "%s: not a join key (expected a PEM \"%s\" of %d bytes, as phi-keygen --join makes)",
	    path, JOINKEY_PEM_LABEL, JOIN_SECRET_LEN);
	if ((b = BIO_new_mem_buf(buf, (int)len)) == NULL ||
	    PEM_read_bio(b, &name, &hdr, &data, &dlen) != 1)
		goto out;
	if (strcmp(name, JOINKEY_PEM_LABEL) != 0 || hdr[0] != '\0' ||
	    dlen != JOIN_SECRET_LEN)
		goto out;
	memcpy(secret, data, JOIN_SECRET_LEN);
	rc = PHI_OK;
out:
	ERR_clear_error();
	BIO_free(b);
	OPENSSL_free(name);
	OPENSSL_free(hdr);
	if (data != NULL)
		OPENSSL_clear_free(data, (size_t)dlen);
	OPENSSL_cleanse(buf, sizeof(buf));
	return rc;
}

int
joinkey_file_is(const char *path)
{
	char buf[JOINKEY_FILE_MAX];
	struct phi_err e;
	struct stat st;
	ssize_t r;
	int fd, is = 0;

	if ((fd = keyfile_open(path, KEYFILE_PUBLIC, &st, &e)) < 0)
		return 0;
	r = read(fd, buf, sizeof(buf) - 1);
	if (r > 0) {
		buf[r] = '\0';
		is = strstr(buf, JOINKEY_BEGIN) != NULL;
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	close(fd);
	return is;
}

/* Writes pem[0..n) to a new file at path, mode 0600, synced. */
static int
joinkey_install(const char *path, const char *pem, size_t n, struct phi_err *e)
{
	struct newfile nf = NEWFILE_INIT;
	int fd, err = 0, rc = PHI_OK;

	if ((fd = newfile_open(&nf, path)) < 0)
		err = nf.tmp == NULL ? ENOMEM : errno;
	else if (buf_write_all(fd, pem, n) != 0 || fchmod(fd, 0600) != 0 ||
	    fsync(fd) != 0)
		err = errno;
	else if ((err = newfile_link(&nf, fd, path)) == 0)
		err = newfile_sync_dir(&nf);
	if (err == EEXIST)
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: already exists; not overwriting it", path);
	else if (err != 0)
		rc = phi_err_set(e, err == EACCES ? PHI_EKEY : PHI_EIO,
		    "%s: cannot create: %s", path, strerror(err));
	if (fd >= 0)
		close(fd);
	newfile_free(&nf);
	return rc;
}

int
joinkey_write_file(const char *path, uint8_t id[KEY_ID_LEN], struct phi_err *e)
{
	uint8_t secret[JOIN_SECRET_LEN];
	struct stat st;
	BIO *b = NULL;
	char *pem = NULL;
	long n;
	int rc;

	if (lstat(path, &st) == 0)
		return phi_err_set(e, PHI_EKEY,
		    "%s: already exists; not overwriting it", path);
	rc = phi_err_set(e, PHI_ESOFTWARE, "cannot make a join key");
	if (RAND_priv_bytes(secret, sizeof(secret)) != 1 ||
	    (b = BIO_new(BIO_s_secmem())) == NULL ||
	    PEM_write_bio(b, JOINKEY_PEM_LABEL, "", secret, sizeof(secret)) <=
	        0 ||
	    (n = BIO_get_mem_data(b, &pem)) <= 0)
		goto out;
	if ((rc = join_secret_id(secret, id, e)) == PHI_OK)
		rc = joinkey_install(path, pem, (size_t)n, e);
out:
	ERR_clear_error();
	OPENSSL_cleanse(secret, sizeof(secret));
	BIO_free(b);
	return rc;
}
