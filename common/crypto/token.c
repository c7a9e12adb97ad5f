/* token.c - sealing and opening "phi:1:" and "phi:2:" tokens (see
 * token.h). */
#include <string.h>

#include <openssl/crypto.h>

#include "b64url.h"
#include "be64.h"
#include "hpke.h"
#include "token.h"

#define TOKEN_AEAD HPKE_AEAD_AES256GCM
#define TOKEN_OVERHEAD (TOKEN_HEADER_LEN + HPKE_TAG_LEN)
#define TOKEN_CACHE 64 /* receiver contexts kept */
/* suite || kid || skid || enc (suite 0: phi:1; 1: phi:2; 2: phi:2 AUTH) */
#define TOKEN_CACHE_KEY (1 + 2 * KEY_ID_LEN + HPKE_ENC_LEN)
#define TOKEN2_MIN (TOKEN2_HEADER_MIN + HPKE_TAG_LEN)
#define TOKEN2_FLAGS (TOKEN_AUTH | TOKEN_PATH | TOKEN_RECORD)

/* The first 39 header bytes (in suite 1 kid and all of enc but its last
 * byte) are the same in every token of a sealer: 52 characters encoded
 * once. */
#define TOKEN_FIXED_LEN 39
#define TOKEN_FIXED_TEXT (TOKEN_FIXED_LEN / 3 * 4)
#define TOKEN_TAIL_MAX (TOKEN2_HEADER_MAX - TOKEN_FIXED_LEN) /* 18 */

struct token_sealer {
	struct hpke_ctx *hc;
	unsigned flags;                 /* suite 2's; 0 in suite 1 */
	const char *prefix;             /* TOKEN_PREFIX or TOKEN2_PREFIX */
	uint8_t hdr[TOKEN2_HEADER_MAX]; /* [flags] kid [skid] enc seq */
	size_t hdrlen, kidat;           /* its length; where kid is */
	char fixed[TOKEN_FIXED_TEXT];   /* b64url of hdr[0..39) */
	uint64_t seq;
	uint8_t *ct; /* scratch for the header's tail, ciphertext and tag */
	size_t ctcap;
	uint8_t *pt; /* scratch for a padded plaintext */
	size_t ptcap;
	uint8_t *aad; /* scratch for a suite-2 AAD */
	size_t aadcap;
};

struct token_cache_ent {
	uint8_t key[TOKEN_CACHE_KEY];
	struct hpke_ctx *hc;
};

struct token_opener {
	const struct keyring *kr;
	const struct keyring *senders; /* accepted senders' public keys */
	unsigned last_flags;           /* of the last token opened */
	uint8_t last_skid[KEY_ID_LEN];
	int no_key;   /* the last PHI_EKEY: no private key (not a sender) */
	uint8_t *aad; /* scratch for a suite-2 AAD */
	size_t aadcap;
	struct token_cache_ent ent[TOKEN_CACHE];
	uint8_t mru[TOKEN_CACHE]; /* indexes into ent, most recent first */
	size_t n;
	uint64_t setups;
	uint8_t *raw; /* scratch for the decoded token */
	size_t rawcap;
	/* the last token's first 52 characters and the 39 bytes they
	 * decode to: the same in every token of one sender */
	char fixed[TOKEN_FIXED_TEXT];
	uint8_t fixed_raw[TOKEN_FIXED_LEN];
	int fixed_set;
};

static const uint8_t token_info[] = TOKEN_INFO;
#define TOKEN_INFO_LEN (sizeof(token_info) - 1)
static const uint8_t token2_info[] = TOKEN2_INFO;

size_t
token_text_len(size_t ptlen)
{
	return TOKEN_PREFIX_LEN + b64url_encoded_len(TOKEN_OVERHEAD + ptlen);
}

const char *
token_span_find(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	while ((p = memchr(p, '[', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= TOKEN_SPAN_OPEN_LEN &&
		    memcmp(p, TOKEN_SPAN_OPEN, TOKEN_SPAN_OPEN_LEN) == 0)
			return p;
		p++;
	}
	return NULL;
}

size_t
token_span_len(const char *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == ']')
			return i - 1;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		        (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		        ch == ':'))
			return 0;
	}
	return 0;
}

size_t
token_pad_len(size_t len)
{
	size_t e = 0, s = 0, m;

	if (len <= 256)
		return (len + 15) & ~(size_t)15;
	if (len > TOKEN_PLAIN_LIMIT)
		return len;
	while ((len >> (e + 1)) != 0) /* e = floor(log2 len) >= 8 */
		e++;
	while ((e >> (s + 1)) != 0) /* s = floor(log2 e) */
		s++;
	if (e <= s + 1) /* never for len > 256: e >= 8, s <= 3 */
		return len;
	m = ((size_t)1 << (e - (s + 1))) - 1;
	return (len + m) & ~m;
}

size_t
token_unpad(const uint8_t *p, size_t n)
{
	while (n > 0 && p[n - 1] == ' ')
		n--;
	return n;
}

size_t
token_plain_max(size_t textlen)
{
	size_t raw;

	if (textlen < TOKEN_PREFIX_LEN)
		return 0;
	raw = b64url_decoded_max(textlen - TOKEN_PREFIX_LEN);
	return raw > TOKEN_OVERHEAD ? raw - TOKEN_OVERHEAD : 0;
}

int
token_is(const char *s, size_t n)
{
	size_t i = 4;

	if (n < 6 || memcmp(s, "phi:", 4) != 0)
		return 0;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i > 4 && i < n && s[i] == ':';
}

int
token_is_sealed(const char *s, size_t n)
{
	unsigned flags;
	uint8_t skid[KEY_ID_LEN];

	if (n >= TOKEN_PREFIX_LEN &&
	    memcmp(s, TOKEN2_PREFIX, TOKEN_PREFIX_LEN) == 0)
		return token_flags(s, n, &flags, skid) == PHI_OK &&
		    n >= TOKEN_PREFIX_LEN +
		        b64url_encoded_len(TOKEN2_MIN +
		            ((flags & TOKEN_AUTH) ? KEY_ID_LEN : 0)) &&
		    b64url_valid(s + TOKEN_PREFIX_LEN, n - TOKEN_PREFIX_LEN);
	return n >= TOKEN_PREFIX_LEN + b64url_encoded_len(TOKEN_OVERHEAD) &&
	    memcmp(s, TOKEN_PREFIX, TOKEN_PREFIX_LEN) == 0 &&
	    b64url_valid(s + TOKEN_PREFIX_LEN, n - TOKEN_PREFIX_LEN);
}

int
token_kid(const char *s, size_t n, uint8_t kid[KEY_ID_LEN])
{
	uint8_t raw[12];
	size_t len;
	int v2 = n >= TOKEN_PREFIX_LEN &&
	    memcmp(s, TOKEN2_PREFIX, TOKEN_PREFIX_LEN) == 0;

	/* 12 characters decode to 9 bytes: the kid, after suite 2's
	 * flags (the 16 that hold flags and kid, then) */
	if (n < TOKEN_PREFIX_LEN + 12 + (v2 ? 4 : 0) ||
	    (!v2 && memcmp(s, TOKEN_PREFIX, TOKEN_PREFIX_LEN) != 0) ||
	    b64url_decode(s + TOKEN_PREFIX_LEN, v2 ? 16 : 12, raw, &len) != 0)
		return PHI_EDATA;
	memcpy(kid, raw + v2, KEY_ID_LEN);
	return PHI_OK;
}

int
token_flags(const char *s, size_t n, unsigned *flags, uint8_t skid[KEY_ID_LEN])
{
	uint8_t raw[18];
	size_t len;

	/* 24 characters: flags, kid, skid and a byte */
	if (n < TOKEN_PREFIX_LEN + 24 ||
	    memcmp(s, TOKEN2_PREFIX, TOKEN_PREFIX_LEN) != 0 ||
	    b64url_decode(s + TOKEN_PREFIX_LEN, 24, raw, &len) != 0 ||
	    (raw[0] & ~TOKEN2_FLAGS) != 0)
		return PHI_EDATA;
	*flags = raw[0];
	memcpy(skid, raw + 1 + KEY_ID_LEN, KEY_ID_LEN);
	return PHI_OK;
}

/* Makes *p hold at least need bytes (grows by doubling). */
static int
token_grow(uint8_t **p, size_t *cap, size_t need)
{
	size_t c = *cap == 0 ? 256 : *cap;
	uint8_t *q;

	if (need <= *cap)
		return 0;
	while (c < need) {
		if (c > SIZE_MAX / 2)
			return -1;
		c *= 2;
	}
	if ((q = OPENSSL_clear_realloc(*p, *cap, c)) ==
	    NULL) /* wipes the old */
		return -1;
	*p = q;
	*cap = c;
	return 0;
}

int
token_sealer_new(struct token_sealer **out, EVP_PKEY *pub, struct phi_err *e)
{
	return token_sealer_new2(out, pub, NULL, 0, e);
}

/* The header of a sealer of flags (suite 2) or of suite 1 (v2 0): its
 * layout, flags and key ids, and the HPKE context. */
static int
token_sealer_setup(struct token_sealer *s, int v2, EVP_PKEY *pub,
    EVP_PKEY *sender, struct phi_err *e)
{
	uint8_t *h = s->hdr, enc[HPKE_ENC_LEN];
	int rc;

	s->prefix = v2 ? TOKEN2_PREFIX : TOKEN_PREFIX;
	s->kidat = v2 ? 1 : 0;
	h[0] = (uint8_t)s->flags;
	if ((rc = key_id(pub, h + s->kidat, e)) != 0)
		return rc;
	s->hdrlen = s->kidat + KEY_ID_LEN;
	if (sender != NULL) {
		if ((rc = key_id(sender, h + s->hdrlen, e)) != 0)
			return rc;
		s->hdrlen += KEY_ID_LEN;
	}
	rc = hpke_setup_sender_auth(pub, sender, TOKEN_AEAD,
	    v2 ? token2_info : token_info, TOKEN_INFO_LEN, enc, &s->hc, e);
	if (rc != 0)
		return rc;
	memcpy(h + s->hdrlen, enc, HPKE_ENC_LEN);
	s->hdrlen += HPKE_ENC_LEN + 8;
	b64url_encode(h, TOKEN_FIXED_LEN, s->fixed);
	return PHI_OK;
}

int
token_sealer_new2(struct token_sealer **out, EVP_PKEY *pub, EVP_PKEY *sender,
    unsigned flags, struct phi_err *e)
{
	struct token_sealer *s;
	int rc, v2 = flags != 0 || sender != NULL;

	*out = NULL;
	if ((flags & ~TOKEN2_FLAGS) != 0 ||
	    ((flags & TOKEN_AUTH) != 0) != (sender != NULL))
		return phi_err_set(e, PHI_ESOFTWARE, "bad token flags");
	if ((s = OPENSSL_zalloc(sizeof(*s))) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	s->flags = flags;
	if ((rc = token_sealer_setup(s, v2, pub, sender, e)) != 0) {
		token_sealer_free(s);
		return rc;
	}
	*out = s;
	return PHI_OK;
}

size_t
token_sealer_text_len(const struct token_sealer *s, size_t ptlen)
{
	return TOKEN_PREFIX_LEN +
	    b64url_encoded_len(s->hdrlen + HPKE_TAG_LEN + ptlen);
}

/* The AAD of a suite-2 token (phi-tools(7) "Suite 2"): hdr[0..hlen),
 * then with PATH a 2-byte big-endian length and the path, then with
 * RECORD a 2-byte length and the record field's path, 0x00 and its
 * value's bytes.  Built in *buf (grown as needed); its length in *len. */
static int
token_aad(uint8_t **buf, size_t *cap, const uint8_t *hdr, size_t hlen,
    unsigned flags, const struct token_bind *b, size_t *len, struct phi_err *e)
{
	size_t pl = 0, rl = 0, at = hlen;
	uint8_t *a;

	if ((flags & TOKEN_PATH) && (b == NULL || b->path == NULL))
		return phi_err_set(e, PHI_EDATA,
		    "token is bound to its field path, which was not given");
	if ((flags & TOKEN_RECORD) && (b == NULL || b->rpath == NULL))
		return phi_err_set(e, PHI_EDATA,
		    "token is bound to a record field, which was not given");
	pl = (flags & TOKEN_PATH) ? b->pathlen : 0;
	rl = (flags & TOKEN_RECORD) ? b->rpathlen + 1 + b->rvallen : 0;
	if (pl > 0xffff || rl > 0xffff)
		return phi_err_set(e, PHI_EDATA,
		    "path or record value too long to bind (over 65535 bytes)");
	if (token_grow(buf, cap, hlen + 4 + pl + rl) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	a = *buf;
	memcpy(a, hdr, hlen);
	if (flags & TOKEN_PATH) {
		a[at++] = (uint8_t)(pl >> 8);
		a[at++] = (uint8_t)pl;
		memcpy(a + at, b->path, pl);
		at += pl;
	}
	if (flags & TOKEN_RECORD) {
		a[at++] = (uint8_t)(rl >> 8);
		a[at++] = (uint8_t)rl;
		memcpy(a + at, b->rpath, b->rpathlen);
		at += b->rpathlen;
		a[at++] = 0x00;
		memcpy(a + at, b->rval, b->rvallen);
		at += b->rvallen;
	}
	*len = at;
	return PHI_OK;
}

/* The plaintext to seal: pt itself, or pt and its padding copied into
 * the sealer's scratch (NULL: out of memory). */
static const uint8_t *
token_padded(
    struct token_sealer *s, const uint8_t *pt, size_t ptlen, size_t padded)
{
	if (padded == ptlen)
		return pt;
	if (token_grow(&s->pt, &s->ptcap, padded) != 0)
		return NULL;
	memcpy(s->pt, pt, ptlen);
	memset(s->pt + ptlen, ' ', padded - ptlen);
	return s->pt;
}

int
token_seal(struct token_sealer *s, const uint8_t *pt, size_t ptlen,
    size_t padded, char *out, struct phi_err *e)
{
	return token_seal_bound(s, pt, ptlen, padded, NULL, out, e);
}

static int
token_seal_check(const struct token_sealer *s, size_t ptlen, size_t padded,
    struct phi_err *e)
{
	if (padded < ptlen)
		return phi_err_set(
		    e, PHI_ESOFTWARE, "padding shorter than value");
	if (padded > TOKEN_PLAIN_LIMIT)
		return phi_err_set(e, PHI_EDATA,
		    "value too long to encrypt (over %zu bytes)",
		    TOKEN_PLAIN_LIMIT);
	if (s->seq == UINT64_MAX)
		return phi_err_set(
		    e, PHI_ESOFTWARE, "sequence numbers used up");
	return PHI_OK;
}

int
token_seal_bound(struct token_sealer *s, const uint8_t *pt, size_t ptlen,
    size_t padded, const struct token_bind *b, char *out, struct phi_err *e)
{
	size_t ctlen = padded + HPKE_TAG_LEN,
	       tail = s->hdrlen - TOKEN_FIXED_LEN;
	size_t aadlen = s->hdrlen;
	const uint8_t *aad = s->hdr;
	int rc;

	if ((rc = token_seal_check(s, ptlen, padded, e)) != 0)
		return rc;
	if (token_grow(&s->ct, &s->ctcap, tail + ctlen) != 0 ||
	    (pt = token_padded(s, pt, ptlen, padded)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	be64_put(s->hdr + s->hdrlen - 8, s->seq);
	if ((s->flags & (TOKEN_PATH | TOKEN_RECORD)) != 0) {
		if ((rc = token_aad(&s->aad, &s->aadcap, s->hdr, s->hdrlen,
		         s->flags, b, &aadlen, e)) != 0)
			return rc;
		aad = s->aad;
	}
	if ((rc = hpke_seal(
	         s->hc, s->seq, aad, aadlen, pt, padded, s->ct + tail, e)) != 0)
		return rc;
	s->seq++;
	/* 39 header bytes are 52 characters, so the rest (the header's
	 * tail, then ciphertext and tag) encodes on its own to the rest of
	 * the encoding of the whole */
	memcpy(s->ct, s->hdr + TOKEN_FIXED_LEN, tail);
	memcpy(out, s->prefix, TOKEN_PREFIX_LEN);
	out += TOKEN_PREFIX_LEN;
	memcpy(out, s->fixed, TOKEN_FIXED_TEXT);
	b64url_encode(s->ct, tail + ctlen, out + TOKEN_FIXED_TEXT);
	return PHI_OK;
}

void
token_sealer_kid(const struct token_sealer *s, uint8_t kid[KEY_ID_LEN])
{
	memcpy(kid, s->hdr + s->kidat, KEY_ID_LEN);
}

uint64_t
token_sealer_count(const struct token_sealer *s)
{
	return s->seq;
}

void
token_sealer_free(struct token_sealer *s)
{
	if (s == NULL)
		return;
	hpke_ctx_free(s->hc);
	OPENSSL_clear_free(s->ct, s->ctcap);
	OPENSSL_clear_free(s->pt, s->ptcap);
	OPENSSL_clear_free(s->aad, s->aadcap);
	OPENSSL_clear_free(s, sizeof(*s));
}

int
token_opener_new(
    struct token_opener **out, const struct keyring *kr, struct phi_err *e)
{
	struct token_opener *o;

	*out = NULL;
	if ((o = OPENSSL_zalloc(sizeof(*o))) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	o->kr = kr;
	*out = o;
	return PHI_OK;
}

/* Moves position i of the MRU list to the front. */
static void
token_cache_touch(struct token_opener *o, size_t i)
{
	uint8_t idx = o->mru[i];

	memmove(o->mru + 1, o->mru, i);
	o->mru[0] = idx;
}

/* The receiver context for key (suite || kid || skid || enc): cached, or
 * set up with sk and the sender's pkS (NULL: base mode), evicting the
 * least recently used one when the cache is full. */
static int
token_cache_get(struct token_opener *o, const uint8_t *key, EVP_PKEY *sk,
    EVP_PKEY *pkS, struct hpke_ctx **hc, struct phi_err *e)
{
	struct token_cache_ent *ent;
	size_t i;
	int rc;

	for (i = 0; i < o->n; i++) {
		ent = &o->ent[o->mru[i]];
		if (memcmp(ent->key, key, TOKEN_CACHE_KEY) == 0) {
			token_cache_touch(o, i);
			*hc = ent->hc;
			return PHI_OK;
		}
	}
	rc = hpke_setup_receiver_auth(sk, pkS, TOKEN_AEAD,
	    key + 1 + 2 * KEY_ID_LEN, key[0] != 0 ? token2_info : token_info,
	    TOKEN_INFO_LEN, hc, e);
	if (rc == PHI_EDATA)
		return phi_err_set(
		    e, rc, "invalid token: bad encapsulated key");
	if (rc != 0)
		return rc;
	o->setups++;
	if (o->n < TOKEN_CACHE) {
		o->mru[o->n] = (uint8_t)o->n;
		i = o->n++;
	} else {
		i = TOKEN_CACHE - 1; /* the least recently used */
	}
	ent = &o->ent[o->mru[i]];
	hpke_ctx_free(ent->hc);
	memcpy(ent->key, key, TOKEN_CACHE_KEY);
	ent->hc = *hc;
	token_cache_touch(o, i);
	return PHI_OK;
}

/* b64url_decode() of s[0..n) (n >= 64) into o->raw.  Whole 4-character
 * groups decode on their own, so when the first 52 characters are those
 * of the last token their 39 bytes are copied and only the rest is
 * decoded.  A failed decode may have written into o->fixed_raw: the
 * memo is dropped first, so that it never stands for those characters
 * again. */
static int
token_decode_text(struct token_opener *o, const char *s, size_t n, size_t *len)
{
	size_t rest;

	if (!o->fixed_set || memcmp(s, o->fixed, TOKEN_FIXED_TEXT) != 0) {
		o->fixed_set = 0;
		if (b64url_decode(s, TOKEN_FIXED_TEXT, o->fixed_raw, &rest) !=
		    0)
			return -1;
		memcpy(o->fixed, s, TOKEN_FIXED_TEXT);
		o->fixed_set = 1;
	}
	memcpy(o->raw, o->fixed_raw, TOKEN_FIXED_LEN);
	if (b64url_decode(s + TOKEN_FIXED_TEXT, n - TOKEN_FIXED_TEXT,
	        o->raw + TOKEN_FIXED_LEN, &rest) != 0)
		return -1;
	*len = TOKEN_FIXED_LEN + rest;
	return 0;
}

/* Decodes the text after the prefix into o->raw; its length in *len. */
static int
token_decode(struct token_opener *o, const char *s, size_t n, size_t *len,
    struct phi_err *e)
{
	if (!token_is(s, n))
		return phi_err_set(e, PHI_EDATA, "not a token");
	if (memcmp(s, TOKEN_PREFIX, TOKEN_PREFIX_LEN) != 0 &&
	    memcmp(s, TOKEN2_PREFIX, TOKEN_PREFIX_LEN) != 0)
		return phi_err_set(e, PHI_EDATA,
		    "token of an unsupported version (this build reads phi:1 and phi:2)");
	s += TOKEN_PREFIX_LEN;
	n -= TOKEN_PREFIX_LEN;
	if (n < b64url_encoded_len(TOKEN_OVERHEAD))
		return phi_err_set(e, PHI_EDATA, "malformed token: too short");
	if (token_grow(&o->raw, &o->rawcap, b64url_decoded_max(n)) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (token_decode_text(o, s, n, len) != 0)
		return phi_err_set(
		    e, PHI_EDATA, "malformed token: not canonical base64url");
	return PHI_OK;
}

int
token_open(struct token_opener *o, const char *s, size_t n, uint8_t *pt,
    size_t *ptlen, struct phi_err *e)
{
	return token_open_bound(o, s, n, NULL, pt, ptlen, e);
}

/* The private key of kid and, with AUTH, the sender's public key of
 * skid (NULL skid: none); PHI_EKEY naming the one missing. */
static int
token_keys(struct token_opener *o, const uint8_t *kid, const uint8_t *skid,
    EVP_PKEY **sk, EVP_PKEY **pkS, struct phi_err *e)
{
	char hex[17];

	*pkS = NULL;
	o->no_key = 1;
	if ((*sk = key_ring_find(o->kr, kid)) == NULL) {
		key_id_hex(kid, hex);
		return phi_err_set(
		    e, PHI_EKEY, "no private key for key id %s", hex);
	}
	if (skid == NULL)
		return PHI_OK;
	o->no_key = 0;
	if ((*pkS = key_ring_find(o->senders, skid)) == NULL) {
		key_id_hex(skid, hex);
		return phi_err_set(e, PHI_EKEY,
		    "token sealed by sender key id %s, which is not an accepted sender (--sender)",
		    hex);
	}
	return PHI_OK;
}

/* Opens the decoded token o->raw[0..len) of suite 2. */
static int
token2_open(struct token_opener *o, size_t len, const struct token_bind *b,
    uint8_t *pt, size_t *ptlen, struct phi_err *e)
{
	const uint8_t *r = o->raw, *aad = o->raw;
	unsigned flags = r[0];
	int auth = (flags & TOKEN_AUTH) != 0, rc;
	size_t hl = TOKEN2_HEADER_MIN + (auth ? KEY_ID_LEN : 0), aadlen = hl;
	uint8_t key[TOKEN_CACHE_KEY] = {0};
	struct hpke_ctx *hc;
	EVP_PKEY *sk, *pkS;

	if ((flags & ~TOKEN2_FLAGS) != 0)
		return phi_err_set(e, PHI_EDATA, "token of unknown flags");
	if (len < hl + HPKE_TAG_LEN)
		return phi_err_set(e, PHI_EDATA, "malformed token: too short");
	o->last_flags = flags;
	memcpy(o->last_skid, auth ? r + 1 + KEY_ID_LEN : key, KEY_ID_LEN);
	if ((rc = token_keys(o, r + 1, auth ? r + 1 + KEY_ID_LEN : NULL, &sk,
	         &pkS, e)) != 0)
		return rc;
	key[0] = auth ? 2 : 1;
	memcpy(key + 1, r + 1, KEY_ID_LEN * (auth ? 2 : 1));
	memcpy(
	    key + 1 + 2 * KEY_ID_LEN, r + hl - 8 - HPKE_ENC_LEN, HPKE_ENC_LEN);
	if ((rc = token_cache_get(o, key, sk, pkS, &hc, e)) != 0)
		return rc;
	if ((flags & (TOKEN_PATH | TOKEN_RECORD)) != 0) {
		if ((rc = token_aad(&o->aad, &o->aadcap, r, hl, flags, b,
		         &aadlen, e)) != 0)
			return rc;
		aad = o->aad;
	}
	rc = hpke_open(
	    hc, be64_get(r + hl - 8), aad, aadlen, r + hl, len - hl, pt, e);
	if (rc == PHI_EDATA)
		return phi_err_set(e, rc,
		    "token authentication failed (altered, damaged, moved to another field or record, or not from that sender)");
	if (rc == 0)
		*ptlen = len - hl - HPKE_TAG_LEN;
	return rc;
}

int
token_open_bound(struct token_opener *o, const char *s, size_t n,
    const struct token_bind *b, uint8_t *pt, size_t *ptlen, struct phi_err *e)
{
	uint8_t key[TOKEN_CACHE_KEY] = {0};
	struct hpke_ctx *hc;
	EVP_PKEY *sk, *pkS;
	size_t len = 0;
	int rc;

	*ptlen = 0;
	if ((rc = token_decode(o, s, n, &len, e)) != 0)
		return rc;
	if (s[4] == '2')
		return token2_open(o, len, b, pt, ptlen, e);
	o->last_flags = 0;
	if (len < TOKEN_OVERHEAD) /* token_decode() made sure; keep it so */
		return phi_err_set(e, PHI_EDATA, "malformed token: too short");
	if ((rc = token_keys(o, o->raw, NULL, &sk, &pkS, e)) != 0)
		return rc;
	memcpy(key + 1, o->raw, KEY_ID_LEN);
	memcpy(key + 1 + 2 * KEY_ID_LEN, o->raw + KEY_ID_LEN, HPKE_ENC_LEN);
	if ((rc = token_cache_get(o, key, sk, NULL, &hc, e)) != 0)
		return rc;
	rc = hpke_open(hc, be64_get(o->raw + KEY_ID_LEN + HPKE_ENC_LEN), o->raw,
	    TOKEN_HEADER_LEN, o->raw + TOKEN_HEADER_LEN, len - TOKEN_HEADER_LEN,
	    pt, e);
	if (rc == PHI_EDATA)
		return phi_err_set(e, rc,
		    "token authentication failed (altered or damaged token)");
	if (rc != 0)
		return rc;
	*ptlen = len - TOKEN_OVERHEAD;
	return PHI_OK;
}

void
token_opener_senders(struct token_opener *o, const struct keyring *senders)
{
	o->senders = senders;
}

unsigned
token_opener_last(const struct token_opener *o, uint8_t skid[KEY_ID_LEN])
{
	if (skid != NULL)
		memcpy(skid, o->last_skid, KEY_ID_LEN);
	return o->last_flags;
}

int
token_opener_no_key(const struct token_opener *o)
{
	return o->no_key;
}

uint64_t
token_opener_setups(const struct token_opener *o)
{
	return o->setups;
}

void
token_opener_free(struct token_opener *o)
{
	size_t i;

	if (o == NULL)
		return;
	for (i = 0; i < o->n; i++)
		hpke_ctx_free(o->ent[i].hc);
	OPENSSL_free(o->raw);
	OPENSSL_clear_free(o->aad, o->aadcap);
	OPENSSL_clear_free(o, sizeof(*o));
}
