/* keyshare.c - private keys kept as Shamir shares (see keyshare.h). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "keyfile.h"
#include "keyshare.h"
#include "newfile.h"

/* A file to make: its name, text and mode. */
struct keyshare_out {
	char path[PATH_MAX];
	struct buf text;
	mode_t mode;
};

/* A share read, and the file it came from. */
struct keyshare_entry {
	struct share s;
	char *name;
};

struct keyshare_set {
	struct keyshare_entry *v;
	size_t n, cap;
	const struct keyshare_pass *pp;
};

/* Writes f's text to a new unnamed file (synced, mode f->mode). */
static int
keyshare_write_one(const struct keyshare_out *f, struct newfile *nf, int *fd,
    struct phi_err *e)
{
	if ((*fd = newfile_open(nf, f->path)) < 0)
		return phi_err_set(e, nf->tmp == NULL ? PHI_ESOFTWARE : PHI_EIO,
		    "%s: cannot create: %s", f->path,
		    nf->tmp == NULL ? "out of memory" : strerror(errno));
	if (buf_write_all(*fd, f->text.p, f->text.len) != 0 ||
	    fchmod(*fd, f->mode) != 0 || fsync(*fd) != 0)
		return phi_err_set(e, PHI_EIO, "%s: cannot write: %s", f->path,
		    strerror(errno));
	return PHI_OK;
}

/* Names the written files; on a failure, removes those already named. */
static int
keyshare_link_all(const struct keyshare_out *f, struct newfile *nf,
    const int *fd, size_t n, struct phi_err *e)
{
	size_t i, named = 0;
	int err = 0, rc;

	while (named < n &&
	    (err = newfile_link(&nf[named], fd[named], f[named].path)) == 0)
		named++;
	if (err == 0 && (err = newfile_sync_dir(&nf[0])) == 0)
		return PHI_OK;
	if (err == EEXIST)
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: already exists; not overwriting it", f[named].path);
	else
		rc = phi_err_set(e, err == EACCES ? PHI_EKEY : PHI_EIO,
		    "%s: cannot create: %s", f[named < n ? named : 0].path,
		    strerror(err));
	for (i = 0; i < named; i++)
		unlink(f[i].path);
	return rc;
}

/* Makes the n files of f, all or none; none may exist already. */
static int
keyshare_install(const struct keyshare_out *f, size_t n, struct phi_err *e)
{
	struct newfile *nf;
	struct stat st;
	size_t i, opened = 0;
	int *fd, rc = PHI_OK;

	for (i = 0; i < n; i++)
		if (lstat(f[i].path, &st) == 0)
			return phi_err_set(e, PHI_EKEY,
			    "%s: already exists; not overwriting it",
			    f[i].path);
	if (n == 0)
		return PHI_OK;
	nf = calloc(n, sizeof(*nf));
	fd = calloc(n, sizeof(*fd));
	if (nf == NULL || fd == NULL) {
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		goto out;
	}
	for (i = 0; i < n && rc == PHI_OK; i++, opened++)
		rc = keyshare_write_one(&f[i], &nf[i], &fd[i], e);
	if (rc == PHI_OK)
		rc = keyshare_link_all(f, nf, fd, n, e);
	for (i = 0; i < opened; i++) {
		if (fd[i] >= 0)
			close(fd[i]);
		newfile_free(&nf[i]);
	}
out:
	free(nf);
	free(fd);
	return rc;
}

static void
keyshare_outs_free(struct keyshare_out *f, size_t n)
{
	size_t i;

	for (i = 0; f != NULL && i < n; i++)
		buf_free(&f[i].text, 1);
	free(f);
}

/* The public key PEM of pk as f (BASE.pub). */
static int
keyshare_pub_out(
    EVP_PKEY *pk, const char *base, struct keyshare_out *f, struct phi_err *e)
{
	mode_t um = umask(077);
	BIO *b;
	char *d = NULL;
	long len;
	int rc = PHI_OK;

	umask(um);
	f->mode = 0644 & ~um;
	if (snprintf(f->path, sizeof(f->path), "%s.pub", base) >=
	    (int)sizeof(f->path))
		return phi_err_set(e, PHI_EUSAGE, "-o BASE: name too long");
	if ((b = BIO_new(BIO_s_mem())) == NULL ||
	    PEM_write_bio_PUBKEY(b, pk) != 1 ||
	    (len = BIO_get_mem_data(b, &d)) <= 0 ||
	    buf_append(&f->text, d, (size_t)len) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	BIO_free(b);
	ERR_clear_error();
	return rc;
}

/* The passphrase that seals share i (from 0) as pp gives it, or none
 * (*pass NULL). */
static int
keyshare_seal_pass(const struct keyshare_pass *pp, unsigned i, const char *path,
    char **pass, size_t *len, struct phi_err *e)
{
	char prompt[PATH_MAX + 32];
	const char *f;

	*pass = NULL;
	*len = 0;
	if (pp == NULL || pp->nfiles == 0)
		return PHI_OK;
	f = pp->files[pp->nfiles == 1 ? 0 : i];
	if (f[0] == '\0')
		return PHI_OK;
	snprintf(prompt, sizeof(prompt), "Passphrase for share %s", path);
	return passphrase_get(f, PASSPHRASE_CONFIRM, prompt, pass, len, e);
}

/* Share s as f's text: sealed if pp gives it a passphrase. */
static int
keyshare_share_text(const struct share *s, enum share_armor armor,
    const struct keyshare_pass *pp, struct keyshare_out *f, struct phi_err *e)
{
	char *pass = NULL;
	size_t len = 0;
	int rc;

	rc = keyshare_seal_pass(pp, s->index - 1U, f->path, &pass, &len, e);
	if (rc == PHI_OK && pass != NULL)
		rc = share_seal(s, pass, len, armor, &f->text, e);
	else if (rc == PHI_OK)
		rc = share_encode(s, armor, &f->text, e);
	passphrase_free(pass, len);
	return rc;
}

/* The share files of shares y (n of them, k needed) of key kid. */
static int
keyshare_share_outs(const uint8_t (*y)[SHAMIR_LEN], unsigned k, unsigned n,
    const uint8_t kid[KEY_ID_LEN], enum share_armor armor,
    const struct keyshare_pass *pp, const char *base, struct keyshare_out *f,
    struct phi_err *e)
{
	struct share s = {.k = (uint8_t)k};
	unsigned i;
	int rc = PHI_OK;

	memcpy(s.kid, kid, KEY_ID_LEN);
	s.k = (uint8_t)k;
	s.n = (uint8_t)n;
	for (i = 0; i < n && rc == PHI_OK; i++) {
		f[i].mode = 0600;
		if (snprintf(f[i].path, sizeof(f[i].path), "%s.share-%u", base,
		        i + 1) >= (int)sizeof(f[i].path)) {
			rc = phi_err_set(
			    e, PHI_EUSAGE, "-o BASE: name too long");
			break;
		}
		s.index = (uint8_t)(i + 1);
		memcpy(s.y, y[i], SHAMIR_LEN);
		rc = keyshare_share_text(&s, armor, pp, &f[i], e);
	}
	OPENSSL_cleanse(&s, sizeof(s));
	return rc;
}

int
keyshare_split(EVP_PKEY *pk, unsigned k, unsigned n, enum share_armor armor,
    const char *base, int pub, const struct keyshare_pass *pp,
    uint8_t kid[KEY_ID_LEN], struct phi_err *e)
{
	uint8_t raw[SHAMIR_LEN], (*y)[SHAMIR_LEN] = NULL;
	size_t rawlen = sizeof(raw), nf = (size_t)n + (pub != 0);
	struct keyshare_out *f = NULL;
	int rc;

	if (k < 2 || n < k || n > SHAMIR_MAX)
		return phi_err_set(e, PHI_EUSAGE,
		    "--split K/N: need 2 <= K <= N <= %d", SHAMIR_MAX);
	if (pp != NULL && pp->nfiles > 1 && pp->nfiles != n)
		return phi_err_set(e, PHI_EUSAGE,
		    "%zu share passphrases for %u shares: give one for all of them, or one for each",
		    pp->nfiles, n);
	if ((rc = key_id(pk, kid, e)) != 0)
		return rc;
	if (EVP_PKEY_get_raw_private_key(pk, raw, &rawlen) != 1 ||
	    rawlen != sizeof(raw)) {
		ERR_clear_error();
		rc = phi_err_set(e, PHI_ESOFTWARE, "cannot read the raw key");
		goto out;
	}
	y = OPENSSL_zalloc((size_t)n * SHAMIR_LEN);
	f = calloc(nf, sizeof(*f));
	if (y == NULL || f == NULL) {
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		goto out;
	}
	if ((rc = shamir_split(raw, k, n, y, e)) != 0 ||
	    (rc = keyshare_share_outs((const uint8_t(*)[SHAMIR_LEN])y, k, n,
	         kid, armor, pp, base, f, e)) != 0 ||
	    (pub && (rc = keyshare_pub_out(pk, base, &f[n], e)) != 0))
		goto out;
	rc = keyshare_install(f, nf, e);
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	OPENSSL_clear_free(y, (size_t)n * SHAMIR_LEN);
	keyshare_outs_free(f, nf);
	return rc;
}

/* One key, one K and N, each index once, and at least K shares. */
static int
keyshare_check(const struct keyshare_entry *v, size_t n, struct phi_err *e)
{
	char a[17], b[17];
	size_t i, j;

	if (n == 0)
		return phi_err_set(e, PHI_EKEY, "no key share given");
	key_id_hex(v[0].s.kid, b);
	for (i = 1; i < n; i++) {
		key_id_hex(v[i].s.kid, a);
		if (memcmp(v[i].s.kid, v[0].s.kid, KEY_ID_LEN) != 0)
			return phi_err_set(e, PHI_EKEY,
			    "%s: a share of key %s, not of key %s (%s)",
			    v[i].name, a, b, v[0].name);
		if (v[i].s.k != v[0].s.k || v[i].s.n != v[0].s.n)
			return phi_err_set(e, PHI_EKEY,
			    "%s: a share of another split of key %s (%u of %u, %s is %u of %u)",
			    v[i].name, a, v[i].s.k, v[i].s.n, v[0].name,
			    v[0].s.k, v[0].s.n);
		for (j = 0; j < i; j++)
			if (v[j].s.index == v[i].s.index)
				return phi_err_set(e, PHI_EKEY,
				    "%s: share %u given twice (%s is share %u too)",
				    v[i].name, v[i].s.index, v[j].name,
				    v[j].s.index);
	}
	if (n < v[0].s.k)
		return phi_err_set(e, PHI_EKEY,
		    "%zu share%s of key %s given; %u of its %u shares are needed",
		    n, n == 1 ? "" : "s", b, v[0].s.k, v[0].s.n);
	return PHI_OK;
}

/* The raw private key of checked shares v[0..n). */
static int
keyshare_raw(const struct keyshare_entry *v, size_t n, uint8_t raw[SHAMIR_LEN],
    struct phi_err *e)
{
	uint8_t xs[SHAMIR_MAX], (*ys)[SHAMIR_LEN];
	size_t i;
	int rc;

	if (n > SHAMIR_MAX)
		return phi_err_set(
		    e, PHI_EKEY, "more than %d shares given", SHAMIR_MAX);
	if ((ys = OPENSSL_zalloc(n * SHAMIR_LEN)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	for (i = 0; i < n; i++) {
		xs[i] = v[i].s.index;
		memcpy(ys[i], v[i].s.y, SHAMIR_LEN);
	}
	rc = shamir_combine(
	    xs, (const uint8_t(*)[SHAMIR_LEN])ys, (unsigned)n, raw, e);
	if (rc != PHI_OK)
		rc = phi_err_set(e, PHI_EKEY, "the shares cannot be combined");
	OPENSSL_clear_free(ys, n * SHAMIR_LEN);
	return rc;
}

/* Opens sealed share v with the passphrase of f (a passphrase file,
 * PASSPHRASE_TTY, or NULL: PHI_PASSPHRASE, if set); *tried is set when
 * there was one.  A wrong one leaves v sealed and is no error here. */
static int
keyshare_try(
    struct keyshare_entry *v, const char *f, int *tried, struct phi_err *e)
{
	char prompt[PATH_MAX + 32], *pass = NULL;
	size_t len = 0;
	int rc;

	snprintf(prompt, sizeof(prompt), "Passphrase for share %s", v->name);
	if ((rc = passphrase_get(f, 0, prompt, &pass, &len, e)) != 0 ||
	    pass == NULL)
		return rc;
	*tried = 1;
	rc = share_open(v->name, &v->s, pass, len, e);
	passphrase_free(pass, len);
	return rc == PHI_EKEY ? PHI_OK : rc;
}

/* Opens sealed share v (keyshare_combine_files says how). */
static int
keyshare_open(
    struct keyshare_entry *v, const struct keyshare_pass *pp, struct phi_err *e)
{
	static const struct keyshare_pass none = {.nfiles = 0};
	const struct keyshare_pass *p = pp != NULL ? pp : &none;
	const char *f;
	size_t i;
	int rc = PHI_OK, tried = 0;

	for (i = 0; i < p->nfiles + 2 && v->s.sealed && rc == PHI_OK; i++) {
		f = i < p->nfiles    ? p->files[i]
		    : i == p->nfiles ? NULL
		                     : PASSPHRASE_TTY;
		if (f == PASSPHRASE_TTY && !passphrase_have_tty())
			break;
		if (f == NULL ? p->env : f[0] != '\0')
			rc = keyshare_try(v, f, &tried, e);
	}
	if (rc != PHI_OK || !v->s.sealed)
		return rc;
	if (tried)
		return phi_err_set(e, PHI_EKEY,
		    "%s: wrong passphrase for this share", v->name);
	return phi_err_set(e, PHI_EKEY,
	    "%s: this share has a passphrase; none was given, and there is no terminal to ask for it",
	    v->name);
}

/* The key of shares v[0..n), which must have the key id they carry. */
static int
keyshare_restore(struct keyshare_entry *v, size_t n,
    const struct keyshare_pass *pp, EVP_PKEY **out, struct phi_err *e)
{
	uint8_t raw[SHAMIR_LEN], kid[KEY_ID_LEN];
	char hex[17];
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = keyshare_check(v, n, e)) != 0)
		goto out;
	for (i = 0; i < n && rc == PHI_OK; i++)
		rc = keyshare_open(&v[i], pp, e);
	if (rc != PHI_OK || (rc = keyshare_raw(v, n, raw, e)) != 0)
		goto out;
	*out = EVP_PKEY_new_raw_private_key(
	    EVP_PKEY_X25519, NULL, raw, sizeof(raw));
	if (*out == NULL) {
		ERR_clear_error();
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	} else if ((rc = key_id(*out, kid, e)) == 0 &&
	    CRYPTO_memcmp(kid, v[0].s.kid, KEY_ID_LEN) != 0) {
		key_id_hex(v[0].s.kid, hex);
		rc = phi_err_set(e, PHI_EKEY,
		    "the %zu shares do not restore key %s: one of them is altered, or from another split of the key",
		    n, hex);
	}
	if (rc != PHI_OK) {
		EVP_PKEY_free(*out);
		*out = NULL;
	}
out:
	OPENSSL_cleanse(raw, sizeof(raw));
	return rc;
}

int
keyshare_combine_files(char *const *paths, size_t n,
    const struct keyshare_pass *pp, EVP_PKEY **out, struct phi_err *e)
{
	struct keyshare_entry *v;
	size_t i;
	int rc = PHI_OK;

	*out = NULL;
	if (n == 0)
		return phi_err_set(e, PHI_EUSAGE, "no share files given");
	if ((v = OPENSSL_zalloc(n * sizeof(*v))) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	for (i = 0; i < n && rc == PHI_OK; i++) {
		v[i].name = paths[i];
		rc = share_load_file(paths[i], &v[i].s, e);
	}
	if (rc == PHI_OK)
		rc = keyshare_restore(v, n, pp, out, e);
	OPENSSL_clear_free(v, n * sizeof(*v));
	return rc;
}

int
keyshare_write_key(
    const char *path, EVP_PKEY *pk, const char *passfile, struct phi_err *e)
{
	struct keyshare_out f = {.text = BUF_INIT, .mode = 0600};
	char prompt[PATH_MAX + 32], *pass = NULL, *d = NULL;
	size_t passlen = 0;
	BIO *b = NULL;
	long len;
	int rc;

	if (snprintf(f.path, sizeof(f.path), "%s", path) >= (int)sizeof(f.path))
		return phi_err_set(e, PHI_EUSAGE, "-o BASE: name too long");
	snprintf(prompt, sizeof(prompt), "Passphrase for %s", path);
	if ((rc = passphrase_get(passfile, PASSPHRASE_CONFIRM, prompt, &pass,
	         &passlen, e)) != 0)
		return rc;
	if ((b = BIO_new(BIO_s_secmem())) == NULL ||
	    !key_pem_private(pk, pass, passlen, b) ||
	    (len = BIO_get_mem_data(b, &d)) <= 0 ||
	    buf_append(&f.text, d, (size_t)len) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "cannot encode the key");
	else
		rc = keyshare_install(&f, 1, e);
	ERR_clear_error();
	BIO_free(b);
	buf_free(&f.text, 1);
	passphrase_free(pass, passlen);
	return rc;
}

struct keyshare_set *
keyshare_set_new(void)
{
	return OPENSSL_zalloc(sizeof(struct keyshare_set));
}

void
keyshare_set_pass(struct keyshare_set *set, const struct keyshare_pass *pp)
{
	set->pp = pp;
}

void
keyshare_set_free(struct keyshare_set *set)
{
	size_t i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		free(set->v[i].name);
	OPENSSL_clear_free(set->v, set->cap * sizeof(*set->v));
	OPENSSL_free(set);
}

/* Reads share file path into the set. */
static int
keyshare_set_load(struct keyshare_set *set, const char *path, struct phi_err *e)
{
	struct keyshare_entry *v;
	size_t cap;
	int rc;

	if (set->n == set->cap) {
		cap = set->cap == 0 ? 8 : set->cap * 2;
		if (cap > SIZE_MAX / sizeof(*v) ||
		    (v = OPENSSL_zalloc(cap * sizeof(*v))) == NULL)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		if (set->n > 0)
			memcpy(v, set->v, set->n * sizeof(*v));
		OPENSSL_clear_free(set->v, set->cap * sizeof(*v));
		set->v = v;
		set->cap = cap;
	}
	if ((set->v[set->n].name = strdup(path)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if ((rc = share_load_file(path, &set->v[set->n].s, e)) != 0) {
		free(set->v[set->n].name);
		set->v[set->n].name = NULL;
		return rc;
	}
	set->n++;
	return PHI_OK;
}

/* 1 if a file name ends ".share-N" (and is not hidden). */
static int
keyshare_is_share_name(const char *name)
{
	const char *p = strrchr(name, '.');

	if (name[0] == '.' || p == NULL || strncmp(p, ".share-", 7) != 0 ||
	    p[7] == '\0')
		return 0;
	return strspn(p + 7, "0123456789") == strlen(p + 7);
}

static int
keyshare_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The share files of directory dir, sorted (free each and the array). */
static int
keyshare_dir_names(
    const char *dir, char ***out, size_t *count, struct phi_err *e)
{
	char **names = NULL, **nv;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	*out = NULL;
	*count = 0;
	if ((d = opendir(dir)) == NULL)
		return phi_err_set(
		    e, PHI_EKEY, "%s: cannot open: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		if (!keyshare_is_share_name(de->d_name))
			continue;
		nv = n + 1 > SIZE_MAX / sizeof(*nv)
		    ? NULL
		    : realloc(names, (n + 1) * sizeof(*nv));
		if (nv == NULL)
			break;
		names = nv;
		if ((names[n] = strdup(de->d_name)) == NULL)
			break;
		n++;
	}
	closedir(d);
	*out = names;
	*count = n;
	if (de != NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (n > 0)
		qsort(names, n, sizeof(*names), keyshare_name_cmp);
	return PHI_OK;
}

/* The share files of directory dir, if it has any. */
static int
keyshare_set_add_dir(
    struct keyshare_set *set, const char *dir, int *taken, struct phi_err *e)
{
	char **names = NULL, path[PATH_MAX];
	size_t n = 0, i, dl = strlen(dir);
	const char *sep = dl > 0 && dir[dl - 1] == '/' ? "" : "/";
	int rc;

	rc = keyshare_dir_names(dir, &names, &n, e);
	for (i = 0; i < n && rc == PHI_OK; i++) {
		if (snprintf(path, sizeof(path), "%s%s%s", dir, sep,
		        names[i]) >= (int)sizeof(path))
			rc = phi_err_set(e, PHI_EKEY, "%s%s%s: name too long",
			    dir, sep, names[i]);
		else
			rc = keyshare_set_load(set, path, e);
	}
	*taken = n > 0;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

int
keyshare_set_add_path(
    struct keyshare_set *set, const char *path, int *taken, struct phi_err *e)
{
	struct phi_err ignored;
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	mode_t mode = 0;
	int rc = PHI_OK;

	*taken = 0;
	if (stat(path, &st) != 0)
		return PHI_OK; /* the key loader names the problem */
	if (S_ISDIR(st.st_mode))
		return keyshare_set_add_dir(set, path, taken, e);
	if (key_file_read(path, KEYFILE_SECRET, &buf, &len, &mode, &ignored) !=
	    0)
		/* likewise, but for want of memory */
		return ignored.code == PHI_ESOFTWARE
		    ? phi_err_set(e, PHI_ESOFTWARE, "out of memory")
		    : PHI_OK;
	if (share_sniff(buf, len)) {
		*taken = 1;
		rc = keyshare_set_load(set, path, e);
	}
	OPENSSL_clear_free(buf, len + 1);
	return rc;
}

static int
keyshare_kid_cmp(const void *a, const void *b)
{
	const struct keyshare_entry *x = a, *y = b;
	int c = memcmp(x->s.kid, y->s.kid, KEY_ID_LEN);

	return c != 0 ? c : strcmp(x->name, y->name);
}

int
keyshare_set_to_ring(
    struct keyshare_set *set, struct keyring *kr, struct phi_err *e)
{
	EVP_PKEY *pk = NULL;
	size_t i = 0, j;
	int rc = PHI_OK;

	if (set->n > 1)
		qsort(set->v, set->n, sizeof(*set->v), keyshare_kid_cmp);
	while (i < set->n && rc == PHI_OK) {
		for (j = i + 1; j < set->n &&
		     memcmp(set->v[j].s.kid, set->v[i].s.kid, KEY_ID_LEN) == 0;
		     j++)
			;
		if ((rc = keyshare_restore(
		         &set->v[i], j - i, set->pp, &pk, e)) == 0)
			rc = key_ring_add_key(kr, pk, e);
		EVP_PKEY_free(pk);
		pk = NULL;
		i = j;
	}
	return rc;
}
