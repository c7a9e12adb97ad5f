/* share.c - key share files, PEM and words forms (see share.h). */
#include <limits.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include "kdfcost.h"
#include "keyfile.h"
#include "share.h"

#define SHARE_PAYLOAD 48 /* bytes, checksum included */
#define SHARE_SUMMED 44  /* bytes under the checksum */
#define SHARE_LINES 5    /* words form: lines of SHARE_LINE_BYTES */
#define SHARE_LINE_BYTES 10
#define SHARE_LINE_CHARS 18 /* 16 of data, 2 of check */
#define SHARE_HEADER 12     /* version, key id, K, N, index */
/* A sealed share (share.h): the header, then the box (its offsets). */
#define SHARE_SEALED_PAYLOAD 95
#define SHARE_SEALED_SUMMED 91
#define SHARE_SEALED_AAD 43 /* the header and the box up to the nonce's end */
#define SHARE_BOX_SALT 3
#define SHARE_BOX_NONCE 19
#define SHARE_BOX_CT 31
#define SHARE_BOX_TAG 63
#define SHARE_SALT_LEN 16
#define SHARE_NONCE_LEN 12
#define SHARE_TAG_LEN 16
#define SHARE_KEY_LEN 32

static const char share_b32[] = "0123456789abcdefghjkmnpqrstvwxyz";
static const char share_begin[] = "-----BEGIN " SHARE_LABEL "-----";
static const char share_sealed_begin[] =
    "-----BEGIN " SHARE_SEALED_LABEL "-----";

/* SHA-256 of p[0..n): 0, or -1 when OpenSSL fails (out of memory). */
static int
share_sha256(const uint8_t *p, size_t n, uint8_t md[32])
{
	unsigned int len = 32;
	int rc = EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) == 1 ? 0 : -1;

	ERR_clear_error();
	return rc;
}

/* The 12 bytes both payloads begin with: version, key id, K, N, index. */
static void
share_header_pack(const struct share *s, uint8_t p[SHARE_HEADER])
{
	p[0] = SHARE_VERSION;
	memcpy(p + 1, s->kid, KEY_ID_LEN);
	p[9] = s->k;
	p[10] = s->n;
	p[11] = s->index;
}

/* The 48-byte payload of s; -1 when SHA-256 fails. */
static int
share_pack(const struct share *s, uint8_t p[SHARE_PAYLOAD])
{
	uint8_t md[32];

	share_header_pack(s, p);
	memcpy(p + SHARE_HEADER, s->y, SHAMIR_LEN);
	if (share_sha256(p, SHARE_SUMMED, md) != 0)
		return -1;
	memcpy(p + SHARE_SUMMED, md, 4);
	return 0;
}

/* The checksum of payload p (its first `summed` bytes, then 4 of sum). */
static int
share_sum_check(
    const char *name, const uint8_t *p, size_t summed, struct phi_err *e)
{
	uint8_t md[32];

	if (share_sha256(p, summed, md) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (CRYPTO_memcmp(md, p + summed, 4) != 0)
		return phi_err_set(e, PHI_EKEY,
		    "%s: damaged share: its checksum does not match", name);
	return PHI_OK;
}

/* The header of payload p (checksum checked) into s. */
static int
share_header_unpack(
    const char *name, const uint8_t *p, struct share *s, struct phi_err *e)
{
	if (p[0] != SHARE_VERSION)
		return phi_err_set(e, PHI_EKEY,
		    "%s: share version %u; this phi-keygen reads version %d",
		    name, p[0], SHARE_VERSION);
	if (p[9] < 2 || p[10] < p[9] || p[11] < 1 || p[11] > p[10])
		return phi_err_set(e, PHI_EKEY,
		    "%s: damaged share: index %u, %u of %u needed", name, p[11],
		    p[9], p[10]);
	memcpy(s->kid, p + 1, KEY_ID_LEN);
	s->k = p[9];
	s->n = p[10];
	s->index = p[11];
	return PHI_OK;
}

/* The share of payload p, checked. */
static int
share_unpack(const char *name, const uint8_t p[SHARE_PAYLOAD], struct share *s,
    struct phi_err *e)
{
	int rc;

	if ((rc = share_sum_check(name, p, SHARE_SUMMED, e)) != 0 ||
	    (rc = share_header_unpack(name, p, s, e)) != 0)
		return rc;
	memcpy(s->y, p + SHARE_HEADER, SHAMIR_LEN);
	s->sealed = 0;
	return PHI_OK;
}

/* The comment line every form begins with. */
static int
share_comment(const struct share *s, int sealed, struct buf *out)
{
	char hex[17];

	key_id_hex(s->kid, hex);
	return buf_printf(out,
	    "# PHI key share %u of %u: any %u restore key %s%s\n", s->index,
	    s->n, s->k, hex, sealed ? " (passphrase-protected)" : "");
}

/* n bytes p as a PEM block under label, in lines of 64 characters. */
static int
share_encode_pem(const char *label, const uint8_t *p, size_t n, struct buf *out)
{
	char b64[4 * ((SHARE_SEALED_PAYLOAD + 2) / 3) + 1];
	size_t i, len;

	if (n > SHARE_SEALED_PAYLOAD)
		return -1;
	len = (size_t)EVP_EncodeBlock((unsigned char *)b64, p, (int)n);
	/* out's errors are sticky (buf.h): checked once, late */
	buf_printf(out, "-----BEGIN %s-----\n", label);
	for (i = 0; i < len; i += 64)
		buf_printf(
		    out, "%.*s\n", (int)(len - i < 64 ? len - i : 64), b64 + i);
	buf_printf(out, "-----END %s-----\n", label);
	OPENSSL_cleanse(b64, sizeof(b64));
	return out->err != 0 ? -1 : 0;
}

/* Base32 of n bytes (n * 8 a multiple of 5) into out, NUL-terminated. */
static void
share_b32_encode(const uint8_t *p, size_t n, char *out)
{
	unsigned acc = 0, bits = 0;
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		acc = (acc << 8) | p[i];
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			out[o++] = share_b32[(acc >> bits) & 31];
		}
	}
	out[o] = '\0';
}

/* The 10-bit check of words line l (1..5) holding 10 bytes p in *ck;
 * -1 when SHA-256 fails. */
static int
share_line_check(unsigned l, const uint8_t *p, unsigned *ck)
{
	uint8_t buf[1 + SHARE_LINE_BYTES], md[32] = {0};
	int rc;

	buf[0] = (uint8_t)l;
	memcpy(buf + 1, p, SHARE_LINE_BYTES);
	rc = share_sha256(buf, sizeof(buf), md);
	OPENSSL_cleanse(buf, sizeof(buf));
	*ck = ((unsigned)md[0] << 2) | (md[1] >> 6);
	return rc;
}

static int
share_encode_words(const uint8_t p[SHARE_PAYLOAD], struct buf *out)
{
	uint8_t all[SHARE_LINES * SHARE_LINE_BYTES] = {0};
	char c[17];
	unsigned l, ck = 0;
	int rc = 0;

	memcpy(all, p, SHARE_PAYLOAD);
	for (l = 1; l <= SHARE_LINES; l++) {
		share_b32_encode(
		    all + (l - 1) * SHARE_LINE_BYTES, SHARE_LINE_BYTES, c);
		if (share_line_check(l, all + (l - 1) * SHARE_LINE_BYTES, &ck))
			rc = -1;
		buf_printf(out, "%u: %.4s %.4s %.4s %.4s  %c%c\n", l, c, c + 4,
		    c + 8, c + 12, share_b32[ck >> 5], share_b32[ck & 31]);
	}
	OPENSSL_cleanse(c, sizeof(c));
	OPENSSL_cleanse(all, sizeof(all));
	return rc != 0 || out->err != 0 ? -1 : 0; /* out's errors: sticky */
}

int
share_encode(const struct share *s, enum share_armor armor, struct buf *out,
    struct phi_err *e)
{
	uint8_t p[SHARE_PAYLOAD];
	int rc;

	rc = share_pack(s, p);
	if (rc == 0)
		rc = share_comment(s, 0, out);
	if (rc == 0)
		rc = armor == SHARE_WORDS
		    ? share_encode_words(p, out)
		    : share_encode_pem(SHARE_LABEL, p, SHARE_PAYLOAD, out);
	OPENSSL_cleanse(p, sizeof(p));
	if (rc != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}

/* The payload of the PEM block under label (PEM_bytes_read_bio finds
 * it), which must be want bytes, into p. */
static int
share_pem_read(const char *name, const char *text, size_t len,
    const char *label, size_t want, uint8_t *p, struct phi_err *e)
{
	unsigned char *data = NULL;
	long n = 0;
	BIO *b;
	int rc = PHI_OK;

	if (len > INT_MAX || (b = BIO_new_mem_buf(text, (int)len)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (PEM_bytes_read_bio(&data, &n, NULL, label, b, NULL, NULL) != 1 &&
	    kdfcost_oom())
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else if (data == NULL)
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: damaged share: not a valid \"%s\" PEM block", name,
		    label);
	else if (n < 0 || (size_t)n != want)
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: damaged share: %ld bytes, not %zu", name, n, want);
	else
		memcpy(p, data, want);
	if (data != NULL)
		OPENSSL_clear_free(data, n > 0 ? (size_t)n : 0);
	BIO_free(b);
	ERR_clear_error();
	return rc;
}

static int
share_decode_pem(const char *name, const char *text, size_t len,
    struct share *s, struct phi_err *e)
{
	uint8_t p[SHARE_PAYLOAD] = {0};
	int rc;

	rc = share_pem_read(name, text, len, SHARE_LABEL, sizeof(p), p, e);
	if (rc == PHI_OK)
		rc = share_unpack(name, p, s, e);
	OPENSSL_cleanse(p, sizeof(p));
	return rc;
}

/* The value of a base32 character as share.h reads them, or -1. */
static int
share_b32_value(int ch)
{
	const char *p;

	if (ch >= 'A' && ch <= 'Z')
		ch += 'a' - 'A';
	if (ch == 'i' || ch == 'l')
		ch = '1';
	if (ch == 'o')
		ch = '0';
	if (ch == '\0' || (p = strchr(share_b32, ch)) == NULL)
		return -1;
	return (int)(p - share_b32);
}

struct share_words {
	uint8_t all[SHARE_LINES * SHARE_LINE_BYTES];
	unsigned next; /* share lines read */
};

/* The 18 characters of a share line (after "L:"), as values. */
static int
share_words_chars(const char *name, unsigned fl, const char *p, size_t n,
    uint8_t v[SHARE_LINE_CHARS], struct phi_err *e)
{
	size_t i, got = 0;
	int x;

	for (i = 0; i < n; i++) {
		if (p[i] == ' ' || p[i] == '\t' || p[i] == '-' || p[i] == '\r')
			continue;
		if ((x = share_b32_value((unsigned char)p[i])) < 0)
			return phi_err_set(e, PHI_EKEY,
			    "%s: line %u: a character that is not in the share alphabet (column %zu)",
			    name, fl, i + 1);
		if (got == SHARE_LINE_CHARS)
			return phi_err_set(e, PHI_EKEY,
			    "%s: line %u: more than %d characters", name, fl,
			    SHARE_LINE_CHARS);
		v[got++] = (uint8_t)x;
	}
	if (got != SHARE_LINE_CHARS)
		return phi_err_set(e, PHI_EKEY,
		    "%s: line %u: %zu characters; a share line has %d (16, then 2 of check)",
		    name, fl, got, SHARE_LINE_CHARS);
	return PHI_OK;
}

/* The number L of a line "L: ...", its text after the colon in *rest;
 * 0 if it is not such a line. */
static unsigned
share_words_number(const char *p, size_t n, size_t *rest)
{
	unsigned l = 0;
	size_t i = 0;

	while (i < n && i < 3 && p[i] >= '0' && p[i] <= '9')
		l = l * 10 + (unsigned)(p[i++] - '0');
	if (i == 0 || i >= n || p[i] != ':')
		return 0;
	*rest = i + 1;
	return l;
}

/* One line of the words form (fl: its line in the file). */
static int
share_words_line(const char *name, unsigned fl, const char *p, size_t n,
    struct share_words *w, struct phi_err *e)
{
	uint8_t v[SHARE_LINE_CHARS] = {0}, *out;
	unsigned l, acc = 0, bits = 0, i, o = 0, ck = 0;
	size_t rest = 0;
	int rc;

	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	if (n == 0 || *p == '#' || *p == '\r')
		return PHI_OK;
	if ((l = share_words_number(p, n, &rest)) == 0)
		return phi_err_set(e, PHI_EKEY,
		    "%s: line %u: not a share line (\"1: xxxx xxxx xxxx xxxx cc\")",
		    name, fl);
	if (w->next == SHARE_LINES)
		return phi_err_set(e, PHI_EKEY,
		    "%s: line %u: more than %d share lines", name, fl,
		    SHARE_LINES);
	if (l != w->next + 1)
		return phi_err_set(e, PHI_EKEY,
		    "%s: line %u: share line %u where line %u was expected",
		    name, fl, l, w->next + 1);
	if ((rc = share_words_chars(name, fl, p + rest, n - rest, v, e)) != 0)
		goto out;
	out = w->all + (l - 1) * SHARE_LINE_BYTES;
	for (i = 0; i < 16; i++) {
		acc = (acc << 5) | v[i];
		if ((bits += 5) >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	if (share_line_check(l, out, &ck) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else if (ck != ((unsigned)v[16] << 5 | v[17]))
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: line %u: the check characters do not match (a typing error in this line?)",
		    name, fl);
	w->next++;
out:
	OPENSSL_cleanse(v, sizeof(v));
	return rc;
}

static int
share_decode_words(const char *name, const char *text, size_t len,
    struct share *s, struct phi_err *e)
{
	struct share_words w;
	const char *p = text, *end = text + len, *nl;
	unsigned fl = 0;
	int rc = PHI_OK;

	memset(&w, 0, sizeof(w));
	while (p < end && rc == PHI_OK) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		rc = share_words_line(name, ++fl, p, (size_t)(nl - p), &w, e);
		p = nl + 1;
	}
	if (rc == PHI_OK && w.next < SHARE_LINES)
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: %u of the %d share lines; is the share whole?", name,
		    w.next, SHARE_LINES);
	if (rc == PHI_OK &&
	    (w.all[SHARE_PAYLOAD] != 0 || w.all[SHARE_PAYLOAD + 1] != 0))
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: damaged share: its last line does not end as a share's does",
		    name);
	if (rc == PHI_OK)
		rc = share_unpack(name, w.all, s, e);
	OPENSSL_cleanse(&w, sizeof(w));
	return rc;
}

/* scrypt's parameters in box (log2 N, r, p) against kdfcost.h's limits,
 * before any derivation. */
static int
share_cost_check(const char *name, const uint8_t *box, struct phi_err *e)
{
	unsigned lg = box[0], r = box[1], p = box[2];
	uint64_t n;

	if (lg == 0 || r == 0 || p == 0)
		return phi_err_set(e, PHI_EKEY,
		    "%s: bad key derivation parameters (scrypt N=2^%u r=%u p=%u)",
		    name, lg, r, p);
	n = lg < 32 ? (uint64_t)1 << lg : 0;
	if (n == 0 || n * r * p > KDF_SCRYPT_WORK_MAX ||
	    128 * (uint64_t)r * (n + p + 2) > KDF_SCRYPT_MEM_MAX)
		return phi_err_set(e, PHI_EKEY,
		    "%s: key derivation too costly (scrypt N=2^%u r=%u p=%u; limits: N*r*p 2^22, 288 MiB)",
		    name, lg, r, p);
	return PHI_OK;
}

/* The AES-256 key of box (its cost checked) from passphrase pass. */
static int
share_scrypt(const uint8_t *box, const char *pass, size_t passlen,
    uint8_t key[SHARE_KEY_LEN])
{
	uint64_t n = (uint64_t)1 << box[0];
	uint64_t mem = 128 * (uint64_t)box[1] * (n + box[2] + 2);

	return EVP_PBE_scrypt(pass, passlen, box + SHARE_BOX_SALT,
	           SHARE_SALT_LEN, n, box[1], box[2], mem, key,
	           SHARE_KEY_LEN) == 1;
}

/* AES-256-GCM of the 32 bytes in into out (enc: 1 to seal, tag written;
 * 0 to open, tag checked), aad the 43 bytes of associated data. */
static int
share_gcm(int enc, const uint8_t key[SHARE_KEY_LEN], const uint8_t *aad,
    const uint8_t *nonce, const uint8_t *in, uint8_t *out, uint8_t *tag)
{
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int n = 0, m = 0, ok;

	ok = ctx != NULL &&
	    EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, key, nonce, enc) ==
	        1 &&
	    EVP_CipherUpdate(ctx, NULL, &n, aad, SHARE_SEALED_AAD) == 1 &&
	    EVP_CipherUpdate(ctx, out, &n, in, SHAMIR_LEN) == 1 &&
	    (enc ||
	        EVP_CIPHER_CTX_ctrl(
	            ctx, EVP_CTRL_AEAD_SET_TAG, SHARE_TAG_LEN, tag) == 1) &&
	    EVP_CipherFinal_ex(ctx, out + n, &m) == 1 &&
	    (!enc ||
	        EVP_CIPHER_CTX_ctrl(
	            ctx, EVP_CTRL_AEAD_GET_TAG, SHARE_TAG_LEN, tag) == 1);
	EVP_CIPHER_CTX_free(ctx);
	return ok;
}

/* The sealed payload of s under pass into p: 0, or -1. */
static int
share_seal_pack(const struct share *s, const char *pass, size_t passlen,
    uint8_t p[SHARE_SEALED_PAYLOAD])
{
	uint8_t key[SHARE_KEY_LEN], md[32], *box = p + SHARE_HEADER;
	int ok;

	share_header_pack(s, p);
	box[0] = SHARE_SCRYPT_LOG2N;
	box[1] = 8;
	box[2] = 1;
	ok = RAND_bytes(
	         box + SHARE_BOX_SALT, SHARE_SALT_LEN + SHARE_NONCE_LEN) == 1 &&
	    share_scrypt(box, pass, passlen, key) &&
	    share_gcm(1, key, p, box + SHARE_BOX_NONCE, s->y,
	        box + SHARE_BOX_CT, box + SHARE_BOX_TAG) &&
	    share_sha256(p, SHARE_SEALED_SUMMED, md) == 0;
	if (ok)
		memcpy(p + SHARE_SEALED_SUMMED, md, 4);
	OPENSSL_cleanse(key, sizeof(key));
	ERR_clear_error();
	return ok ? 0 : -1;
}

int
share_seal(const struct share *s, const char *pass, size_t passlen,
    enum share_armor armor, struct buf *out, struct phi_err *e)
{
	uint8_t p[SHARE_SEALED_PAYLOAD];
	int rc;

	if (armor != SHARE_PEM)
		return phi_err_set(e, PHI_EUSAGE,
		    "a share with a passphrase is written as PEM only (not --armor words)");
	rc = share_seal_pack(s, pass, passlen, p);
	if (rc == 0)
		rc = share_comment(s, 1, out) |
		    share_encode_pem(SHARE_SEALED_LABEL, p, sizeof(p), out);
	OPENSSL_cleanse(p, sizeof(p));
	if (rc != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}

int
share_open(const char *name, struct share *s, const char *pass, size_t passlen,
    struct phi_err *e)
{
	uint8_t key[SHARE_KEY_LEN], aad[SHARE_SEALED_AAD], y[SHAMIR_LEN];
	int rc = PHI_OK;

	if (!s->sealed)
		return PHI_OK;
	share_header_pack(s, aad);
	memcpy(aad + SHARE_HEADER, s->box, SHARE_SEALED_AAD - SHARE_HEADER);
	if (!share_scrypt(s->box, pass, passlen, key))
		rc = phi_err_set(e, PHI_ESOFTWARE, "%s: %s", name,
		    kdfcost_oom() ? "out of memory" : "scrypt failed");
	else if (!share_gcm(0, key, aad, s->box + SHARE_BOX_NONCE,
	             s->box + SHARE_BOX_CT, y, s->box + SHARE_BOX_TAG))
		rc = kdfcost_oom()
		    ? phi_err_set(e, PHI_ESOFTWARE, "out of memory")
		    : phi_err_set(e, PHI_EKEY,
		          "%s: wrong passphrase for this share", name);
	else {
		memcpy(s->y, y, SHAMIR_LEN);
		s->sealed = 0;
	}
	OPENSSL_cleanse(key, sizeof(key));
	OPENSSL_cleanse(y, sizeof(y));
	ERR_clear_error();
	return rc;
}

/* The sealed share of the PEM block in text (not opened). */
static int
share_decode_sealed(const char *name, const char *text, size_t len,
    struct share *s, struct phi_err *e)
{
	uint8_t p[SHARE_SEALED_PAYLOAD] = {0};
	int rc;

	rc = share_pem_read(
	    name, text, len, SHARE_SEALED_LABEL, sizeof(p), p, e);
	if (rc == PHI_OK &&
	    (rc = share_sum_check(name, p, SHARE_SEALED_SUMMED, e)) == 0 &&
	    (rc = share_header_unpack(name, p, s, e)) == 0 &&
	    (rc = share_cost_check(name, p + SHARE_HEADER, e)) == 0) {
		memcpy(s->box, p + SHARE_HEADER, SHARE_BOX_LEN);
		memset(s->y, 0, SHAMIR_LEN);
		s->sealed = 1;
	}
	OPENSSL_cleanse(p, sizeof(p));
	return rc;
}

/* Where begin ("-----BEGIN LABEL-----") is in text, or NULL. */
static const char *
share_pem_begin(const char *text, size_t len, const char *begin)
{
	const size_t bl = strlen(begin);
	const char *p = text, *end = text + len;

	while ((size_t)(end - p) >= bl &&
	    (p = memchr(p, '-', (size_t)(end - p) - bl + 1)) != NULL) {
		if (memcmp(p, begin, bl) == 0)
			return p;
		p++;
	}
	return NULL;
}

int
share_sniff(const char *text, size_t len)
{
	const char *p = text, *end = text + len, *nl;
	size_t rest;

	if (share_pem_begin(text, len, share_begin) != NULL ||
	    share_pem_begin(text, len, share_sealed_begin) != NULL)
		return 1;
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		while (p < nl && (*p == ' ' || *p == '\t'))
			p++;
		if (share_words_number(p, (size_t)(nl - p), &rest) == 1)
			return 1;
	}
	return 0;
}

int
share_decode(const char *name, const char *text, size_t len, struct share *s,
    struct phi_err *e)
{
	if (share_pem_begin(text, len, share_sealed_begin) != NULL)
		return share_decode_sealed(name, text, len, s, e);
	if (share_pem_begin(text, len, share_begin) != NULL)
		return share_decode_pem(name, text, len, s, e);
	if (share_sniff(text, len))
		return share_decode_words(name, text, len, s, e);
	return phi_err_set(e, PHI_EKEY,
	    "%s: not a key share (no \"%s\" block and no share lines)", name,
	    SHARE_LABEL);
}

int
share_load_file(const char *path, struct share *s, struct phi_err *e)
{
	char *buf = NULL;
	size_t len = 0;
	mode_t mode = 0;
	int rc;

	if ((rc = key_file_read(path, KEYFILE_SECRET, &buf, &len, &mode, e)) !=
	    0)
		return rc;
	if ((rc = keyfile_check_mode(path, mode, e)) == 0)
		rc = share_decode(path, buf, len, s, e);
	OPENSSL_clear_free(buf, len + 1);
	return rc;
}
