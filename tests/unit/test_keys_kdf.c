/*
 * test_keys_kdf.c - common/kdfcost: the bounds on the key derivation of
 * encrypted PKCS#8 keys.  Algorithm identifiers are made with OpenSSL's
 * own constructors at a cheap cost, then their INTEGERs are replaced
 * (OpenSSL refuses to make costly ones); kdfcost_check must take the
 * defaults of phi-keygen, openssl and age and refuse the rest with the
 * parameters in its message.  kdfcost_decrypt round-trips keys of each
 * scheme, tells a wrong passphrase, and refuses a costly file at once.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "kdfcost.h"
#include "tap.h"

#define PASS "correct horse battery"

static ASN1_INTEGER *
num(uint64_t v)
{
	ASN1_INTEGER *a = ASN1_INTEGER_new();

	if (a != NULL)
		ASN1_INTEGER_set_uint64(a, v);
	return a;
}

static ASN1_INTEGER *
neg(int64_t v)
{
	ASN1_INTEGER *a = ASN1_INTEGER_new();

	if (a != NULL)
		ASN1_INTEGER_set_int64(a, v);
	return a;
}

/* 2^bits, more than 64 bits can hold. */
static ASN1_INTEGER *
big(int bits)
{
	BIGNUM *bn = BN_new();
	ASN1_INTEGER *a = NULL;

	if (bn != NULL && BN_set_bit(bn, bits))
		a = BN_to_ASN1_INTEGER(bn, NULL);
	BN_free(bn);
	return a;
}

/* Replaces *slot by v (owned). */
static void
put(ASN1_INTEGER **slot, ASN1_INTEGER *v)
{
	ASN1_INTEGER_free(*slot);
	*slot = v;
}

/* PBES2 with scrypt N r p (owned INTEGERs) and AES-256-CBC. */
static X509_ALGOR *
scrypt_alg(ASN1_INTEGER *n, ASN1_INTEGER *r, ASN1_INTEGER *p)
{
	X509_ALGOR *a;
	PBE2PARAM *p2 = NULL;
	SCRYPT_PARAMS *sp = NULL;

	a = PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), NULL, 0, NULL, 1024, 8, 1);
	if (a != NULL)
		p2 = ASN1_TYPE_unpack_sequence(
		    ASN1_ITEM_rptr(PBE2PARAM), a->parameter);
	if (p2 != NULL)
		sp = ASN1_TYPE_unpack_sequence(
		    ASN1_ITEM_rptr(SCRYPT_PARAMS), p2->keyfunc->parameter);
	if (sp != NULL) {
		put(&sp->costParameter, n);
		put(&sp->blockSize, r);
		put(&sp->parallelizationParameter, p);
		n = r = p = NULL;
		ASN1_TYPE_pack_sequence(
		    ASN1_ITEM_rptr(SCRYPT_PARAMS), sp, &p2->keyfunc->parameter);
		ASN1_TYPE_pack_sequence(
		    ASN1_ITEM_rptr(PBE2PARAM), p2, &a->parameter);
	}
	ASN1_INTEGER_free(n);
	ASN1_INTEGER_free(r);
	ASN1_INTEGER_free(p);
	SCRYPT_PARAMS_free(sp);
	PBE2PARAM_free(p2);
	return a;
}

/* PBES2 with PBKDF2 (iterations owned, PRF prf) and AES-256-CBC. */
static X509_ALGOR *
pbkdf2_alg(ASN1_INTEGER *iter, int prf)
{
	X509_ALGOR *a;
	PBE2PARAM *p2 = NULL;
	PBKDF2PARAM *kp = NULL;

	a = PKCS5_pbe2_set_iv(EVP_aes_256_cbc(), 2048, NULL, 0, NULL, prf);
	if (a != NULL)
		p2 = ASN1_TYPE_unpack_sequence(
		    ASN1_ITEM_rptr(PBE2PARAM), a->parameter);
	if (p2 != NULL)
		kp = ASN1_TYPE_unpack_sequence(
		    ASN1_ITEM_rptr(PBKDF2PARAM), p2->keyfunc->parameter);
	if (kp != NULL) {
		put(&kp->iter, iter);
		iter = NULL;
		ASN1_TYPE_pack_sequence(
		    ASN1_ITEM_rptr(PBKDF2PARAM), kp, &p2->keyfunc->parameter);
		ASN1_TYPE_pack_sequence(
		    ASN1_ITEM_rptr(PBE2PARAM), p2, &a->parameter);
	}
	ASN1_INTEGER_free(iter);
	PBKDF2PARAM_free(kp);
	PBE2PARAM_free(p2);
	return a;
}

/* PBES1 scheme nid with the iterations (owned). */
static X509_ALGOR *
pbes1_alg(int nid, ASN1_INTEGER *iter)
{
	X509_ALGOR *a = PKCS5_pbe_set(nid, 2048, NULL, 0);
	PBEPARAM *pp = NULL;

	if (a != NULL)
		pp = ASN1_TYPE_unpack_sequence(
		    ASN1_ITEM_rptr(PBEPARAM), a->parameter);
	if (pp != NULL) {
		put(&pp->iter, iter);
		iter = NULL;
		ASN1_TYPE_pack_sequence(
		    ASN1_ITEM_rptr(PBEPARAM), pp, &a->parameter);
	}
	ASN1_INTEGER_free(iter);
	PBEPARAM_free(pp);
	return a;
}

/* kdfcost_check(alg) with the default limits gives want, and when it
 * refuses, the message holds each of the NULL-terminated texts.  Frees
 * alg. */
static void
check(X509_ALGOR *alg, int want, const char *name, ...)
{
	struct phi_err e = {0, ""};
	const char *s;
	va_list ap;
	int rc, has = 1;

	rc = alg != NULL ? kdfcost_check(alg, NULL, &e) : -1;
	va_start(ap, name);
	while ((s = va_arg(ap, const char *)) != NULL)
		has = has && strstr(e.msg, s) != NULL;
	va_end(ap);
	ok(rc == want && (want == 0 || has), "%s: %s", name,
	    rc == 0 ? "accepted" : e.msg);
	X509_ALGOR_free(alg);
}

static void
test_scrypt(void)
{
	check(scrypt_alg(num(1 << 14), num(8), num(1)), 0,
	    "phi-keygen's and openssl -scrypt's N=2^14 r=8 p=1", NULL);
	check(scrypt_alg(num(1 << 18), num(8), num(1)), 0,
	    "age's work factor 18 (N=2^18 r=8 p=1, 256 MiB)", NULL);
	check(scrypt_alg(num(1 << 18), num(8), num(2)), 0,
	    "N=2^18 r=8 p=2: at the work limit 2^22", NULL);
	check(scrypt_alg(num(1 << 14), num(8), num(32)), 0,
	    "N=2^14 r=8 p=32: at the work limit", NULL);
	check(scrypt_alg(num(1 << 14), num(8), num(33)), PHI_EKEY,
	    "N=2^14 r=8 p=33: over the work limit", "too costly",
	    "N=2^14 r=8 p=33", "N*r*p=4325376", "limit 2^22", NULL);
	check(scrypt_alg(num(1 << 14), num(8), num((uint64_t)1 << 20)),
	    PHI_EKEY, "huge p", "too costly", "p=2^20", "limit 288 MiB", NULL);
	check(scrypt_alg(num(1 << 20), num(8), num(1)), PHI_EKEY,
	    "N=2^20: 1 GiB", "too costly", "N=2^20 r=8 p=1", "needs 1025 MiB",
	    "limit 288 MiB", NULL);
	check(scrypt_alg(num(1 << 19), num(8), num(1)), PHI_EKEY,
	    "N=2^19 r=8: 512 MiB", "needs 513 MiB", NULL);
	check(scrypt_alg(num(1 << 14), num((uint64_t)1 << 20), num(1)),
	    PHI_EKEY, "huge r", "too costly", "r=2^20", NULL);
	check(scrypt_alg(big(200), num(8), num(1)), PHI_EKEY,
	    "N=2^200 (over 64 bits)", "too costly", "N=2^64 or more",
	    "over 2^44 MiB", NULL);
	check(scrypt_alg(num(2), num((uint64_t)1 << 20), num(2)), PHI_EKEY,
	    "N=2 r=2^20 p=2: work 2^22, but table and blocks 768 MiB",
	    "too costly", "needs 768 MiB", NULL);
	check(scrypt_alg(num(1000), num(8), num(1)), PHI_EKEY,
	    "N not a power of 2", "bad key derivation", "N=1000", NULL);
	check(scrypt_alg(num(1), num(8), num(1)), PHI_EKEY, "N=1",
	    "bad key derivation", NULL);
	check(scrypt_alg(num(1 << 14), num(0), num(1)), PHI_EKEY, "r=0",
	    "bad key derivation", "r=0", NULL);
	check(scrypt_alg(num(1 << 14), num(8), num(0)), PHI_EKEY, "p=0",
	    "bad key derivation", "p=0", NULL);
	check(scrypt_alg(neg(-16384), num(8), num(1)), PHI_EKEY, "N<0",
	    "bad key derivation", "negative", NULL);
}

static void
test_iterations(void)
{
	check(pbkdf2_alg(num(2048), NID_hmacWithSHA256), 0,
	    "openssl pkcs8 -v2 and genpkey -aes256: PBKDF2 2048", NULL);
	check(pbkdf2_alg(num(600000), NID_hmacWithSHA256), 0,
	    "PBKDF2 600000 (OWASP's figure)", NULL);
	check(pbkdf2_alg(num(10000000), NID_hmacWithSHA512), 0,
	    "PBKDF2 10^7: the limit", NULL);
	check(pbkdf2_alg(num(10000001), NID_hmacWithSHA256), PHI_EKEY,
	    "PBKDF2 10^7+1", "too costly", "hmacWithSHA256",
	    "10000001 iterations", "limit 10000000", NULL);
	check(pbkdf2_alg(num(INT32_MAX), NID_hmacWithSHA1), PHI_EKEY,
	    "PBKDF2 2^31 - 1 (hours)", "2147483647 iterations", NULL);
	check(pbkdf2_alg(num((uint64_t)1 << 31), NID_hmacWithSHA1), PHI_EKEY,
	    "PBKDF2 2^31", "2^31 iterations", NULL);
	check(pbkdf2_alg(big(100), NID_hmacWithSHA256), PHI_EKEY,
	    "PBKDF2 2^100", "2^64 or more iterations", NULL);
	check(pbkdf2_alg(num(0), NID_hmacWithSHA256), PHI_EKEY,
	    "PBKDF2 0 iterations", "bad key derivation", NULL);
	check(pbkdf2_alg(neg(-5), NID_hmacWithSHA256), PHI_EKEY,
	    "PBKDF2 -5 iterations", "bad key derivation", NULL);
	check(pbes1_alg(NID_pbe_WithSHA1And3_Key_TripleDES_CBC, num(2048)), 0,
	    "openssl pkcs8 -v1 PBE-SHA1-3DES: 2048", NULL);
	check(pbes1_alg(NID_pbeWithMD5AndDES_CBC, num(2048)), 0,
	    "PBES1 MD5 DES 2048 (the check; decryption needs legacy)", NULL);
	check(pbes1_alg(NID_pbe_WithSHA1And3_Key_TripleDES_CBC, num(INT32_MAX)),
	    PHI_EKEY, "PBES1 2^31 - 1", "too costly", "PBE-SHA1-3DES",
	    "2147483647 iterations", "limit 10000000", NULL);
	check(pbes1_alg(NID_pbeWithSHA1AndDES_CBC, num(10000001)), PHI_EKEY,
	    "PBES1 SHA1 DES 10^7+1", "too costly", NULL);
}

/* a with the OID of its scheme (part 0), PBES2 KDF (1) or PBES2 cipher
 * (2) replaced by txt. */
static X509_ALGOR *
with_oid(X509_ALGOR *a, int part, const char *txt)
{
	PBE2PARAM *p2;
	X509_ALGOR *x;

	if (a == NULL)
		return NULL;
	if (part == 0) {
		ASN1_OBJECT_free(a->algorithm);
		a->algorithm = OBJ_txt2obj(txt, 1);
		return a;
	}
	p2 = ASN1_TYPE_unpack_sequence(ASN1_ITEM_rptr(PBE2PARAM), a->parameter);
	if (p2 == NULL)
		return a;
	x = part == 1 ? p2->keyfunc : p2->encryption;
	ASN1_OBJECT_free(x->algorithm);
	x->algorithm = OBJ_txt2obj(txt, 1);
	ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(PBE2PARAM), p2, &a->parameter);
	PBE2PARAM_free(p2);
	return a;
}

static void
test_unknown(void)
{
	check(with_oid(pbkdf2_alg(num(2048), NID_hmacWithSHA256), 0, "1.2.3.4"),
	    PHI_EKEY, "an unknown scheme", "unsupported key encryption",
	    "1.2.3.4", NULL);
	check(with_oid(pbkdf2_alg(num(2048), NID_hmacWithSHA256), 0,
	          "1.2.840.113549.1.5.12"),
	    PHI_EKEY, "PBKDF2 as the outer scheme (OpenSSL takes it)",
	    "unsupported key encryption", NULL);
	check(with_oid(pbkdf2_alg(num(2048), NID_hmacWithSHA256), 1, "1.2.3.4"),
	    PHI_EKEY, "an unknown KDF in PBES2", "unsupported key derivation",
	    NULL);
	check(with_oid(scrypt_alg(num(1 << 14), num(8), num(1)), 2, "1.2.3.4"),
	    PHI_EKEY, "an unknown cipher in PBES2", "cipher 1.2.3.4", NULL);
	check(pbkdf2_alg(num(2048), NID_sha256), PHI_EKEY,
	    "PBKDF2 with a PRF that is no HMAC", "PRF", NULL);
}

static void
test_limits(void)
{
	const struct kdfcost_limits lim = {1 << 18, 64 << 20, 100000};
	X509_ALGOR *a = scrypt_alg(num(1 << 14), num(8), num(2));
	X509_ALGOR *b = scrypt_alg(num(1 << 14), num(8), num(4));
	X509_ALGOR *c = pbkdf2_alg(num(100001), NID_hmacWithSHA256);
	struct phi_err e;

	ok(a != NULL && kdfcost_check(a, &lim, &e) == 0,
	    "limits given: 2^18 of work takes N=2^14 r=8 p=2");
	ok(b != NULL && kdfcost_check(b, &lim, &e) == PHI_EKEY &&
	        strstr(e.msg, "limit 2^18") != NULL,
	    "limits given: p=4 is over: %s", e.msg);
	ok(c != NULL && kdfcost_check(c, &lim, &e) == PHI_EKEY &&
	        strstr(e.msg, "limit 100000") != NULL,
	    "limits given: iterations: %s", e.msg);
	X509_ALGOR_free(a);
	X509_ALGOR_free(b);
	X509_ALGOR_free(c);
}

/* sig: key encrypted with alg (owned) and PASS. */
static X509_SIG *
encrypt_key(EVP_PKEY *pk, X509_ALGOR *alg)
{
	PKCS8_PRIV_KEY_INFO *p8 = EVP_PKEY2PKCS8(pk);
	X509_SIG *sig = NULL;

	if (p8 != NULL && alg != NULL)
		sig = PKCS8_set0_pbe(PASS, (int)strlen(PASS), p8, alg);
	if (sig == NULL)
		X509_ALGOR_free(alg);
	PKCS8_PRIV_KEY_INFO_free(p8);
	return sig;
}

/* Decrypting sig gives pk back; a wrong passphrase is told. */
static void
round_trip(EVP_PKEY *pk, X509_SIG *sig, const char *name)
{
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	EVP_PKEY *back = NULL;
	struct phi_err e;
	int rc;

	rc = sig != NULL ? kdfcost_decrypt(sig, PASS, strlen(PASS), &p8, &e)
	                 : -1;
	if (rc == 0)
		back = EVP_PKCS82PKEY(p8);
	ok(rc == 0 && back != NULL && EVP_PKEY_eq(pk, back) == 1,
	    "%s: decrypts to the same key", name);
	PKCS8_PRIV_KEY_INFO_free(p8);
	p8 = NULL;
	rc = sig != NULL ? kdfcost_decrypt(sig, "wrong", 5, &p8, &e) : -1;
	ok(rc == PHI_EKEY && p8 == NULL &&
	        strstr(e.msg, "wrong passphrase") != NULL,
	    "%s: a wrong passphrase: %s", name, rc == 0 ? "taken" : e.msg);
	PKCS8_PRIV_KEY_INFO_free(p8);
	EVP_PKEY_free(back);
	X509_SIG_free(sig);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* scrypt N=2^14 r=8 p=1000 is within OpenSSL's 32 MiB, so OpenSSL would
 * run it (about a minute here): refused before any derivation. */
static void
test_refused_at_once(EVP_PKEY *pk)
{
	X509_SIG *sig = encrypt_key(pk, scrypt_alg(num(1024), num(8), num(1)));
	X509_ALGOR *costly = scrypt_alg(num(1 << 14), num(8), num(1000));
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	X509_ALGOR *alg = NULL;
	ASN1_TYPE *swap;
	struct phi_err e;
	double t = 0;
	int rc = -1;

	if (sig != NULL && costly != NULL) {
		X509_SIG_getm(sig, &alg, NULL);
		swap = alg->parameter;
		alg->parameter = costly->parameter;
		costly->parameter = swap;
		t = now();
		rc = kdfcost_decrypt(sig, PASS, strlen(PASS), &p8, &e);
		t = now() - t;
	}
	ok(rc == PHI_EKEY && p8 == NULL && t < 1 &&
	        strstr(e.msg, "too costly") != NULL &&
	        strstr(e.msg, PASS) == NULL,
	    "scrypt N=2^14 r=8 p=1000 is refused in %.3f s: %s", t,
	    rc == 0 ? "taken" : e.msg);
	PKCS8_PRIV_KEY_INFO_free(p8);
	X509_ALGOR_free(costly);
	X509_SIG_free(sig);
}

int
main(void)
{
	EVP_PKEY *pk = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");

	test_scrypt();
	test_iterations();
	test_unknown();
	test_limits();
	ok(pk != NULL, "X25519 key");
	round_trip(pk,
	    encrypt_key(pk, scrypt_alg(num(1 << 14), num(8), num(1))),
	    "scrypt N=2^14 r=8 p=1 (phi-keygen's)");
	round_trip(pk,
	    encrypt_key(pk, pbkdf2_alg(num(2048), NID_hmacWithSHA256)),
	    "PBKDF2 hmacWithSHA256 2048 (openssl's)");
	round_trip(pk,
	    encrypt_key(pk,
	        pbes1_alg(NID_pbe_WithSHA1And3_Key_TripleDES_CBC, num(2048))),
	    "PBE-SHA1-3DES 2048");
	test_refused_at_once(pk);
	EVP_PKEY_free(pk);
	return tap_done();
}
