/* token.c - sealing and opening "phi:1:" tokens (see token.h). */
#include <string.h>

#include <openssl/crypto.h>

#include "b64url.h"
#include "be64.h"
#include "hpke.h"
#include "token.h"

#define TOKEN_AEAD HPKE_AEAD_AES256GCM
#define TOKEN_OVERHEAD (TOKEN_HEADER_LEN + HPKE_TAG_LEN)
#define TOKEN_CACHE 64                              /* receiver contexts kept */
#define TOKEN_CACHE_KEY (KEY_ID_LEN + HPKE_ENC_LEN) /* kid || enc */

/* The first 39 header bytes (kid and all of enc but its last byte) are
 * the same in every token of a sealer: 52 characters encoded once. */
#define TOKEN_FIXED_LEN 39
#define TOKEN_FIXED_TEXT (TOKEN_FIXED_LEN / 3 * 4)
#define TOKEN_TAIL_LEN (TOKEN_HEADER_LEN - TOKEN_FIXED_LEN) /* 9 */

struct token_sealer {
	struct hpke_ctx *hc;
	uint8_t hdr[TOKEN_HEADER_LEN]; /* kid || enc || seq */
	char fixed[TOKEN_FIXED_TEXT];  /* b64url of hdr[0..39) */
	uint64_t seq;
	uint8_t *ct; /* scratch for ciphertext and tag */
	size_t ctcap;
	uint8_t *pt; /* scratch for a padded plaintext */
	size_t ptcap;
};

struct token_cache_ent {
	uint8_t key[TOKEN_CACHE_KEY];
	struct hpke_ctx *hc;
};

struct token_opener {
	const struct keyring *kr;
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
	return n >= TOKEN_PREFIX_LEN + b64url_encoded_len(TOKEN_OVERHEAD) &&
	    memcmp(s, TOKEN_PREFIX, TOKEN_PREFIX_LEN) == 0 &&
	    b64url_valid(s + TOKEN_PREFIX_LEN, n - TOKEN_PREFIX_LEN);
}

int
token_kid(const char *s, size_t n, uint8_t kid[KEY_ID_LEN])
{
	uint8_t raw[12];
	size_t len;

	/* 12 characters decode to 9 bytes, the first 8 are the kid */
	if (n < TOKEN_PREFIX_LEN + 12 ||
	    memcmp(s, TOKEN_PREFIX, TOKEN_PREFIX_LEN) != 0 ||
	    b64url_decode(s + TOKEN_PREFIX_LEN, 12, raw, &len) != 0)
		return PHI_EDATA;
	memcpy(kid, raw, KEY_ID_LEN);
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
	struct token_sealer *s;
	uint8_t enc[HPKE_ENC_LEN];
	int rc;

	*out = NULL;
	if ((s = OPENSSL_zalloc(sizeof(*s))) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if ((rc = key_id(pub, s->hdr, e)) != 0 ||
	    (rc = hpke_setup_sender(pub, TOKEN_AEAD, token_info, TOKEN_INFO_LEN,
	         enc, &s->hc, e)) != 0) {
		token_sealer_free(s);
		return rc;
	}
	memcpy(s->hdr + KEY_ID_LEN, enc, HPKE_ENC_LEN);
	b64url_encode(s->hdr, TOKEN_FIXED_LEN, s->fixed);
	*out = s;
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
	size_t ctlen = padded + HPKE_TAG_LEN;
	int rc;

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
	if (token_grow(&s->ct, &s->ctcap, TOKEN_TAIL_LEN + ctlen) != 0 ||
	    (pt = token_padded(s, pt, ptlen, padded)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	be64_put(s->hdr + KEY_ID_LEN + HPKE_ENC_LEN, s->seq);
	if ((rc = hpke_seal(s->hc, s->seq, s->hdr, TOKEN_HEADER_LEN, pt, padded,
	         s->ct + TOKEN_TAIL_LEN, e)) != 0)
		return rc;
	s->seq++;
	/* 39 header bytes are 52 characters, so the rest (the last 9
	 * header bytes, then ciphertext and tag) encodes on its own to the
	 * rest of the encoding of the whole */
	memcpy(s->ct, s->hdr + TOKEN_FIXED_LEN, TOKEN_TAIL_LEN);
	memcpy(out, TOKEN_PREFIX, TOKEN_PREFIX_LEN);
	out += TOKEN_PREFIX_LEN;
	memcpy(out, s->fixed, TOKEN_FIXED_TEXT);
	b64url_encode(s->ct, TOKEN_TAIL_LEN + ctlen, out + TOKEN_FIXED_TEXT);
	return PHI_OK;
}

void
token_sealer_kid(const struct token_sealer *s, uint8_t kid[KEY_ID_LEN])
{
	memcpy(kid, s->hdr, KEY_ID_LEN);
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

/* The receiver context for key (kid || enc): cached, or set up with sk
 * (evicting the least recently used one when the cache is full). */
static int
token_cache_get(struct token_opener *o, const uint8_t *key, EVP_PKEY *sk,
    struct hpke_ctx **hc, struct phi_err *e)
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
	rc = hpke_setup_receiver(sk, TOKEN_AEAD, key + KEY_ID_LEN, token_info,
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
 * decoded. */
static int
token_decode_text(struct token_opener *o, const char *s, size_t n, size_t *len)
{
	size_t rest;

	if (!o->fixed_set || memcmp(s, o->fixed, TOKEN_FIXED_TEXT) != 0) {
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
	if (memcmp(s, TOKEN_PREFIX, TOKEN_PREFIX_LEN) != 0)
		return phi_err_set(e, PHI_EDATA,
		    "token of an unsupported version (this build reads "
		    "phi:1)");
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
	struct hpke_ctx *hc;
	EVP_PKEY *sk;
	char hex[17];
	size_t len = 0;
	int rc;

	*ptlen = 0;
	if ((rc = token_decode(o, s, n, &len, e)) != 0)
		return rc;
	if (len < TOKEN_OVERHEAD) /* token_decode() made sure; keep it so */
		return phi_err_set(e, PHI_EDATA, "malformed token: too short");
	if ((sk = keyring_find(o->kr, o->raw)) == NULL) {
		key_id_hex(o->raw, hex);
		return phi_err_set(
		    e, PHI_EKEY, "no private key for key id %s", hex);
	}
	if ((rc = token_cache_get(o, o->raw, sk, &hc, e)) != 0)
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
	OPENSSL_clear_free(o, sizeof(*o));
}
