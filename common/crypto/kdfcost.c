/* kdfcost.c - encrypted PKCS#8 keys within bounds on their key
 * derivation (see kdfcost.h). */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509.h>

#include "kdfcost.h"

#define KDF_DAMAGED "wrong passphrase (or a damaged key file)"

const struct kdfcost_limits kdfcost_default = {
    KDF_SCRYPT_WORK_MAX, KDF_SCRYPT_MEM_MAX, KDF_ITER_MAX};

struct scrypt_cost {
	uint64_t n, r, p, mem;
};

/* A number of a KDF's parameters as text: 2^k for powers of two from
 * 1024 on; "2^64 or more" for UINT64_MAX (what kdf_uint gives for a
 * number that does not fit). */
struct kdf_num {
	char s[24];
};

static const char *
kdf_num(struct kdf_num *t, uint64_t v)
{
	int k = 0;

	if (v == UINT64_MAX)
		snprintf(t->s, sizeof(t->s), "2^64 or more");
	else if (v >= 1024 && (v & (v - 1)) == 0) {
		while ((v >>= 1) != 0)
			k++;
		snprintf(t->s, sizeof(t->s), "2^%d", k);
	} else
		snprintf(t->s, sizeof(t->s), "%" PRIu64, v);
	return t->s;
}

/* A non-negative INTEGER (UINT64_MAX when it does not fit in 64 bits);
 * -1 when it is missing or negative. */
static int
kdf_uint(const ASN1_INTEGER *a, uint64_t *v)
{
	*v = 0;
	if (a == NULL || ASN1_STRING_type(a) == V_ASN1_NEG_INTEGER)
		return -1;
	if (ASN1_INTEGER_get_uint64(v, a) != 1) {
		ERR_clear_error();
		*v = UINT64_MAX;
	}
	return 0;
}

/* a * b and a + b, saturating at UINT64_MAX. */
static uint64_t
kdf_mul(uint64_t a, uint64_t b)
{
	return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

static uint64_t
kdf_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

static const struct kdfcost_limits *
kdf_lim(const struct kdfcost_limits *lim)
{
	return lim != NULL ? lim : &kdfcost_default;
}

/* scrypt's memory (s->mem) and work (N*r*p) against the limits; n, r
 * and p are the parameters as text. */
static int
kdf_scrypt_limits(const struct scrypt_cost *s, const char *n, const char *r,
    const char *p, const struct kdfcost_limits *lim, struct phi_err *e)
{
	uint64_t work = kdf_mul(kdf_mul(s->n, s->r), s->p);
	struct kdf_num x, y;

	if (s->mem > lim->scrypt_mem)
		return phi_err_set(e, PHI_EKEY,
		    "key derivation too costly (scrypt N=%s r=%s p=%s needs %s MiB of memory; limit %s MiB)",
		    n, r, p,
		    s->mem == UINT64_MAX
		        ? "over 2^44"
		        : kdf_num(&x, (s->mem + 0xfffff) >> 20),
		    kdf_num(&y, lim->scrypt_mem >> 20));
	if (work > lim->scrypt_work)
		return phi_err_set(e, PHI_EKEY,
		    "key derivation too costly (scrypt N=%s r=%s p=%s: N*r*p=%s; limit %s)",
		    n, r, p, kdf_num(&x, work), kdf_num(&y, lim->scrypt_work));
	return PHI_OK;
}

/* Reads and checks scrypt's N, r and p; s->mem is what OpenSSL's scrypt
 * allocates: 128*r*(N+2) bytes for its table V, 128*r*p for its blocks
 * B. */
static int
kdf_scrypt_cost(const SCRYPT_PARAMS *sp, const struct kdfcost_limits *lim,
    struct scrypt_cost *s, struct phi_err *e)
{
	struct kdf_num n, r, p;
	int rc;

	if (kdf_uint(sp->costParameter, &s->n) != 0 ||
	    kdf_uint(sp->blockSize, &s->r) != 0 ||
	    kdf_uint(sp->parallelizationParameter, &s->p) != 0)
		return phi_err_set(e, PHI_EKEY,
		    "bad key derivation parameters (scrypt with a negative number)");
	kdf_num(&n, s->n);
	kdf_num(&r, s->r);
	kdf_num(&p, s->p);
	s->mem = kdf_mul(kdf_mul(128, s->r), kdf_add(s->n, kdf_add(s->p, 2)));
	if (s->n < 2 || s->r == 0 || s->p == 0)
		return phi_err_set(e, PHI_EKEY,
		    "bad key derivation parameters (scrypt N=%s r=%s p=%s)",
		    n.s, r.s, p.s);
	if ((rc = kdf_scrypt_limits(s, n.s, r.s, p.s, kdf_lim(lim), e)) != 0)
		return rc;
	if ((s->n & (s->n - 1)) != 0)
		return phi_err_set(e, PHI_EKEY,
		    "bad key derivation parameters (scrypt N=%s is not a power of 2)",
		    n.s);
	return PHI_OK;
}

/* An iteration count of PBKDF2 or PBES1 (what names the scheme). */
static int
kdf_iter_check(const ASN1_INTEGER *iter, const char *what,
    const struct kdfcost_limits *lim, struct phi_err *e)
{
	struct kdf_num n, m;
	uint64_t v;

	if (kdf_uint(iter, &v) != 0 || v == 0)
		return phi_err_set(e, PHI_EKEY,
		    "bad key derivation parameters (%s with %s iterations)",
		    what, iter == NULL ? "no" : "a negative or zero number of");
	if (v > kdf_lim(lim)->iter)
		return phi_err_set(e, PHI_EKEY,
		    "key derivation too costly (%s with %s iterations; limit %s)",
		    what, kdf_num(&n, v), kdf_num(&m, kdf_lim(lim)->iter));
	return PHI_OK;
}

static int
kdf_scrypt_check(
    const ASN1_TYPE *param, const struct kdfcost_limits *lim, struct phi_err *e)
{
	struct scrypt_cost s = {.n = 0, .r = 0, .p = 0, .mem = 0};
	SCRYPT_PARAMS *sp;
	int rc;

	sp = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(SCRYPT_PARAMS), param);
	if (sp == NULL)
		return phi_err_set(
		    e, PHI_EKEY, "bad key derivation parameters (scrypt)");
	rc = kdf_scrypt_cost(sp, lim, &s, e);
	SCRYPT_PARAMS_free(sp);
	return rc;
}

static int
kdf_pbkdf2_check(
    const ASN1_TYPE *param, const struct kdfcost_limits *lim, struct phi_err *e)
{
	char what[96], prf[64];
	PBKDF2PARAM *kp;
	int rc, nid;

	kp = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), param);
	if (kp == NULL)
		return phi_err_set(
		    e, PHI_EKEY, "bad key derivation parameters (PBKDF2)");
	nid = kp->prf != NULL ? OBJ_obj2nid(kp->prf->algorithm)
	                      : NID_hmacWithSHA1;
	if (kp->prf == NULL)
		snprintf(prf, sizeof(prf), "%s", OBJ_nid2sn(nid));
	else if (OBJ_obj2txt(prf, sizeof(prf), kp->prf->algorithm, 0) <= 0)
		snprintf(prf, sizeof(prf), "?");
	snprintf(what, sizeof(what), "PBKDF2 %s", prf);
	if (!EVP_PBE_find(EVP_PBE_TYPE_PRF, nid, NULL, NULL, NULL))
		rc = phi_err_set(e, PHI_EKEY,
		    "unsupported key derivation (PBKDF2 with the PRF %s)", prf);
	else
		rc = kdf_iter_check(kp->iter, what, lim, e);
	PBKDF2PARAM_free(kp);
	return rc;
}

/* A PBES2 cipher that OpenSSL has. */
static int
kdf_cipher_check(const X509_ALGOR *enc, struct phi_err *e)
{
	EVP_CIPHER *c = NULL;
	char name[80];

	if (OBJ_obj2txt(name, sizeof(name), enc->algorithm, 0) <= 0)
		snprintf(name, sizeof(name), "?");
	else
		c = EVP_CIPHER_fetch(NULL, name, NULL);
	if (c == NULL)
		return phi_err_set(e, PHI_EKEY,
		    "unsupported key encryption (cipher %s)", name);
	EVP_CIPHER_free(c);
	return PHI_OK;
}

static int
kdf_pbes2_check(
    const ASN1_TYPE *param, const struct kdfcost_limits *lim, struct phi_err *e)
{
	PBE2PARAM *p2;
	char name[80];
	int rc, nid;

	p2 = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), param);
	if (p2 == NULL)
		return phi_err_set(
		    e, PHI_EKEY, "bad key encryption parameters (PBES2)");
	nid = OBJ_obj2nid(p2->keyfunc->algorithm);
	if (nid == NID_id_scrypt)
		rc = kdf_scrypt_check(p2->keyfunc->parameter, lim, e);
	else if (nid == NID_id_pbkdf2)
		rc = kdf_pbkdf2_check(p2->keyfunc->parameter, lim, e);
	else {
		if (OBJ_obj2txt(
		        name, sizeof(name), p2->keyfunc->algorithm, 0) <= 0)
			snprintf(name, sizeof(name), "?");
		rc = phi_err_set(
		    e, PHI_EKEY, "unsupported key derivation (%s)", name);
	}
	if (rc == 0)
		rc = kdf_cipher_check(p2->encryption, e);
	PBE2PARAM_free(p2);
	return rc;
}

/* PBES1: PKCS#5 v1.5 and PKCS#12 schemes, PBEPARAM (salt, iterations). */
static int
kdf_pbes1_check(
    const X509_ALGOR *alg, const struct kdfcost_limits *lim, struct phi_err *e)
{
	PBEPARAM *pp;
	int rc;

	pp =
	    ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBEPARAM), alg->parameter);
	if (pp == NULL)
		return phi_err_set(
		    e, PHI_EKEY, "bad key derivation parameters (PBES1)");
	rc = kdf_iter_check(
	    pp->iter, OBJ_nid2sn(OBJ_obj2nid(alg->algorithm)), lim, e);
	PBEPARAM_free(pp);
	return rc;
}

int
kdfcost_oom(void)
{
	unsigned long err;
	int oom = 0;

	while ((err = ERR_get_error()) != 0)
		if (ERR_GET_REASON(err) == ERR_R_MALLOC_FAILURE)
			oom = 1;
	return oom;
}

/* rc, but a refusal that came from OpenSSL running out of memory is
 * PHI_ESOFTWARE; empties OpenSSL's error queue. */
static int
kdf_status(int rc, struct phi_err *e)
{
	if (kdfcost_oom() && rc == PHI_EKEY)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return rc;
}

static int
kdf_check(
    const X509_ALGOR *alg, const struct kdfcost_limits *lim, struct phi_err *e)
{
	char name[80];
	int nid;

	if (alg == NULL || alg->algorithm == NULL)
		return phi_err_set(e, PHI_EKEY, "bad key encryption");
	nid = OBJ_obj2nid(alg->algorithm);
	if (nid == NID_pbes2)
		return kdf_pbes2_check(alg->parameter, lim, e);
	/* OpenSSL's other outer schemes are PBES1, but for PBKDF2 alone */
	if (nid != NID_undef && nid != NID_id_pbkdf2 &&
	    EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, NULL, NULL, NULL))
		return kdf_pbes1_check(alg, lim, e);
	if (OBJ_obj2txt(name, sizeof(name), alg->algorithm, 0) <= 0)
		snprintf(name, sizeof(name), "?");
	return phi_err_set(
	    e, PHI_EKEY, "unsupported key encryption (%s)", name);
}

int
kdfcost_check(
    const X509_ALGOR *alg, const struct kdfcost_limits *lim, struct phi_err *e)
{
	return kdf_status(kdf_check(alg, lim, e), e);
}

/* A context for a PBES2 cipher (enc: 1 to encrypt, 0 to decrypt), with
 * its IV; no key yet. */
static EVP_CIPHER_CTX *
kdf_cipher_ctx(const X509_ALGOR *enc, int encrypt)
{
	EVP_CIPHER_CTX *ctx = NULL;
	EVP_CIPHER *c = NULL;
	char name[80];

	if (OBJ_obj2txt(name, sizeof(name), enc->algorithm, 0) <= 0 ||
	    (c = EVP_CIPHER_fetch(NULL, name, NULL)) == NULL ||
	    (ctx = EVP_CIPHER_CTX_new()) == NULL ||
	    EVP_CipherInit_ex(ctx, c, NULL, NULL, NULL, encrypt) != 1 ||
	    EVP_CIPHER_asn1_to_param(ctx, enc->parameter) <= 0) {
		EVP_CIPHER_CTX_free(ctx);
		ctx = NULL;
	}
	EVP_CIPHER_free(c);
	return ctx;
}

/* Derives the key with scrypt, within s->mem bytes (OpenSSL's PKCS#8
 * decryption allows only 32 MiB), and sets it in ctx. */
static int
kdf_scrypt_key(EVP_CIPHER_CTX *ctx, const SCRYPT_PARAMS *sp,
    const struct scrypt_cost *s, const char *pass, size_t passlen)
{
	unsigned char key[EVP_MAX_KEY_LENGTH];
	int keylen = EVP_CIPHER_CTX_get_key_length(ctx), ok = 0;
	uint64_t want;

	if (keylen <= 0 || (size_t)keylen > sizeof(key))
		return 0;
	if (sp->keyLength != NULL &&
	    (ASN1_INTEGER_get_uint64(&want, sp->keyLength) != 1 ||
	        want != (uint64_t)keylen))
		return 0;
	if (EVP_PBE_scrypt(pass, passlen, sp->salt->data,
	        (size_t)sp->salt->length, s->n, s->r, s->p, s->mem, key,
	        (size_t)keylen) == 1)
		ok = EVP_CipherInit_ex(ctx, NULL, NULL, key, NULL, -1) == 1;
	OPENSSL_cleanse(key, sizeof(key));
	return ok;
}

/* The PKCS#8 key inside ct, decrypted with ctx (key and IV set). */
static PKCS8_PRIV_KEY_INFO *
kdf_decrypt_p8(EVP_CIPHER_CTX *ctx, const ASN1_OCTET_STRING *ct)
{
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	const unsigned char *q;
	unsigned char *pt;
	size_t cap;
	int n = 0, m = 0;

	if (ct->length <= 0 || ct->length > INT_MAX - EVP_MAX_BLOCK_LENGTH)
		return NULL;
	cap = (size_t)ct->length + EVP_MAX_BLOCK_LENGTH;
	if ((pt = OPENSSL_malloc(cap)) == NULL)
		return NULL;
	if (EVP_DecryptUpdate(ctx, pt, &n, ct->data, ct->length) == 1 &&
	    EVP_DecryptFinal_ex(ctx, pt + n, &m) == 1) {
		q = pt;
		p8 = d2i_PKCS8_PRIV_KEY_INFO(NULL, &q, (long)n + m);
	}
	OPENSSL_clear_free(pt, cap);
	return p8;
}

/* PBES2 with scrypt (parameters already checked), decrypted here. */
static int
kdf_scrypt_decrypt(const X509_SIG *sig, const PBE2PARAM *p2, const char *pass,
    size_t passlen, PKCS8_PRIV_KEY_INFO **out, struct phi_err *e)
{
	const ASN1_OCTET_STRING *ct;
	EVP_CIPHER_CTX *ctx = NULL;
	struct scrypt_cost s = {.n = 0, .r = 0, .p = 0, .mem = 0};
	SCRYPT_PARAMS *sp;
	int rc;

	X509_SIG_get0(sig, NULL, &ct);
	sp = ASN1_TYPE_unpack_sequence(
	    ASN1_ITEM_rptr(SCRYPT_PARAMS), p2->keyfunc->parameter);
	if (sp == NULL)
		return phi_err_set(
		    e, PHI_EKEY, "bad key derivation parameters (scrypt)");
	if ((rc = kdf_scrypt_cost(sp, NULL, &s, e)) == 0 &&
	    ((ctx = kdf_cipher_ctx(p2->encryption, 0)) == NULL ||
	        !kdf_scrypt_key(ctx, sp, &s, pass, passlen) ||
	        (*out = kdf_decrypt_p8(ctx, ct)) == NULL))
		rc = phi_err_set(e, PHI_EKEY, KDF_DAMAGED);
	EVP_CIPHER_CTX_free(ctx);
	SCRYPT_PARAMS_free(sp);
	return rc;
}

int
kdfcost_decrypt(const X509_SIG *sig, const char *pass, size_t passlen,
    PKCS8_PRIV_KEY_INFO **out, struct phi_err *e)
{
	const X509_ALGOR *alg;
	PBE2PARAM *p2 = NULL;
	int rc;

	*out = NULL;
	X509_SIG_get0(sig, &alg, NULL);
	if (passlen > INT_MAX)
		return phi_err_set(e, PHI_EKEY, "passphrase too long");
	if ((rc = kdf_check(alg, NULL, e)) != 0)
		return kdf_status(rc, e);
	if (OBJ_obj2nid(alg->algorithm) == NID_pbes2)
		p2 = ASN1_TYPE_unpack_sequence(
		    ASN1_ITEM_rptr(PBE2PARAM), alg->parameter);
	if (p2 != NULL && OBJ_obj2nid(p2->keyfunc->algorithm) == NID_id_scrypt)
		rc = kdf_scrypt_decrypt(sig, p2, pass, passlen, out, e);
	else if ((*out = PKCS8_decrypt(sig, pass, (int)passlen)) == NULL)
		rc = phi_err_set(e, PHI_EKEY, KDF_DAMAGED);
	PBE2PARAM_free(p2);
	return kdf_status(rc, e);
}

/* PBES2 with scrypt (cost n, r=8, p=1) and AES-256-CBC, a random salt
 * and IV.  PKCS5_pbe2_set_scrypt refuses an N beyond OpenSSL's 32 MiB,
 * so the parameters are made with N=2^14 and then given n. */
static X509_ALGOR *
kdf_scrypt_alg(uint64_t n)
{
	unsigned char salt[16];
	X509_ALGOR *alg = NULL;
	PBE2PARAM *p2 = NULL;
	SCRYPT_PARAMS *sp = NULL;
	int ok;

	if (RAND_bytes(salt, sizeof(salt)) != 1 ||
	    (alg = PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), salt,
	         (int)sizeof(salt), NULL, 16384, 8, 1)) == NULL)
		return NULL;
	p2 = ASN1_TYPE_unpack_sequence(
	    ASN1_ITEM_rptr(PBE2PARAM), alg->parameter);
	if (p2 != NULL)
		sp = ASN1_TYPE_unpack_sequence(
		    ASN1_ITEM_rptr(SCRYPT_PARAMS), p2->keyfunc->parameter);
	ok = sp != NULL && ASN1_INTEGER_set_uint64(sp->costParameter, n) == 1 &&
	    ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(SCRYPT_PARAMS), sp,
	        &p2->keyfunc->parameter) != NULL &&
	    ASN1_TYPE_pack_sequence(
	        ASN1_ITEM_rptr(PBE2PARAM), p2, &alg->parameter) != NULL;
	SCRYPT_PARAMS_free(sp);
	PBE2PARAM_free(p2);
	if (!ok) {
		X509_ALGOR_free(alg);
		alg = NULL;
	}
	return alg;
}

/* der encrypted with ctx (key and IV set) into the octet string d. */
static int
kdf_encrypt_der(EVP_CIPHER_CTX *ctx, const unsigned char *der, int len,
    ASN1_OCTET_STRING *d)
{
	unsigned char *ct;
	int n = 0, m = 0, ok = 0;

	if (len <= 0 || len > INT_MAX - EVP_MAX_BLOCK_LENGTH ||
	    (ct = OPENSSL_malloc((size_t)len + EVP_MAX_BLOCK_LENGTH)) == NULL)
		return 0;
	if (EVP_EncryptUpdate(ctx, ct, &n, der, len) == 1 &&
	    EVP_EncryptFinal_ex(ctx, ct + n, &m) == 1)
		ok = ASN1_OCTET_STRING_set(d, ct, n + m) == 1;
	OPENSSL_free(ct);
	return ok;
}

/* The parts of kdfcost_encrypt that may fail: 0 or PHI_EKEY. */
static int
kdf_scrypt_encrypt(X509_SIG *sig, const X509_ALGOR *alg,
    const unsigned char *der, int len, const char *pass, size_t passlen)
{
	struct scrypt_cost s = {.n = 0, .r = 0, .p = 0, .mem = 0};
	EVP_CIPHER_CTX *ctx = NULL;
	SCRYPT_PARAMS *sp = NULL;
	PBE2PARAM *p2;
	X509_ALGOR *a;
	ASN1_OCTET_STRING *d;
	int ok = 0;

	X509_SIG_getm(sig, &a, &d);
	p2 = ASN1_TYPE_unpack_sequence(
	    ASN1_ITEM_rptr(PBE2PARAM), alg->parameter);
	if (p2 != NULL)
		sp = ASN1_TYPE_unpack_sequence(
		    ASN1_ITEM_rptr(SCRYPT_PARAMS), p2->keyfunc->parameter);
	if (sp != NULL && kdf_scrypt_cost(sp, NULL, &s, NULL) == 0 &&
	    (ctx = kdf_cipher_ctx(p2->encryption, 1)) != NULL &&
	    kdf_scrypt_key(ctx, sp, &s, pass, passlen))
		ok = X509_ALGOR_copy(a, alg) == 1 &&
		    kdf_encrypt_der(ctx, der, len, d);
	EVP_CIPHER_CTX_free(ctx);
	SCRYPT_PARAMS_free(sp);
	PBE2PARAM_free(p2);
	return ok ? 0 : PHI_EKEY;
}

int
kdfcost_encrypt(PKCS8_PRIV_KEY_INFO *p8, const char *pass, size_t passlen,
    uint64_t n, X509_SIG **out)
{
	unsigned char *der = NULL;
	X509_ALGOR *alg = NULL;
	int len = 0, rc = PHI_EKEY;

	if ((*out = X509_SIG_new()) == NULL ||
	    (len = i2d_PKCS8_PRIV_KEY_INFO(p8, &der)) <= 0 ||
	    (alg = kdf_scrypt_alg(n)) == NULL)
		goto out;
	rc = kdf_scrypt_encrypt(*out, alg, der, len, pass, passlen);
out:
	if (der != NULL)
		OPENSSL_clear_free(der, (size_t)len);
	X509_ALGOR_free(alg);
	if (rc != 0) {
		X509_SIG_free(*out);
		*out = NULL;
	}
	return rc;
}
