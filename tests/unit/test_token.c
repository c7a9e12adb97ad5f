/*
 * test_token.c - common/b64url (strict, canonical) and common/token:
 * round trips of every JSON type, every single-character change of a
 * token rejected, wrong and unknown keys, the receiver context cache,
 * and tokens whose seq, enc, kid or version changed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "b64url.h"
#include "hpke.h"
#include "token.h"
#include "tap.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* Reference encoding: OpenSSL's padded base64, made url-safe, unpadded. */
static size_t
ref_encode(const uint8_t *in, size_t n, char *out)
{
	int len = EVP_EncodeBlock((unsigned char *)out, in, (int)n), i;

	for (i = 0; i < len; i++) {
		if (out[i] == '+')
			out[i] = '-';
		else if (out[i] == '/')
			out[i] = '_';
	}
	while (len > 0 && out[len - 1] == '=')
		len--;
	return (size_t)len;
}

static void
test_b64_lengths(void)
{
	uint8_t in[201], back[201 + 1];
	char enc[280], ref[280];
	size_t n, len, bad = 0, i;

	/* past 16 bytes and characters: the SIMD code where the CPU has it */
	for (n = 0; n <= 200; n++) {
		RAND_bytes(in, (int)(n + 1));
		b64url_encode(in, n, enc);
		if (b64url_encoded_len(n) != ref_encode(in, n, ref) ||
		    memcmp(enc, ref, b64url_encoded_len(n)) != 0)
			bad |= 1;
		for (i = 0; i < b64url_encoded_len(n); i++)
			if (strchr(alphabet, enc[i]) == NULL)
				bad |= 2;
		if (b64url_decoded_max(b64url_encoded_len(n)) > sizeof(back) ||
		    b64url_decode(enc, b64url_encoded_len(n), back, &len) !=
		        0 ||
		    len != n || memcmp(back, in, n) != 0)
			bad |= 4;
	}
	ok(!(bad & 1), "encode matches OpenSSL base64 for lengths 0..200");
	ok(!(bad & 2), "encode writes only the url-safe alphabet");
	ok(!(bad & 4), "decode(encode(x)) == x for lengths 0..200");
	ok(b64url_decode("", 0, back, &len) == 0 && len == 0,
	    "empty input decodes to nothing");
}

/* 1 when both b64url_decode and b64url_valid refuse s, 0 when both
 * accept it, 2 when they disagree. */
static int
dec_fails(const char *s)
{
	uint8_t out[64];
	size_t len;
	int d = b64url_decode(s, strlen(s), out, &len) == -1;

	return d == !b64url_valid(s, strlen(s)) ? d : 2;
}

static void
test_b64_strict(void)
{
	ok(dec_fails("QQ==") == 1 && dec_fails("QQ=") == 1 &&
	        dec_fails("QUI=") == 1,
	    "padding is refused");
	ok(dec_fails("QUJD RA") == 1 && dec_fails("QUJD\n") == 1 &&
	        dec_fails(" QUJD") == 1 && dec_fails("QU\tJD") == 1,
	    "whitespace is refused");
	ok(dec_fails("QUJ+") == 1 && dec_fails("QUJ/") == 1 &&
	        dec_fails("QU.D") == 1 && dec_fails("QUJ\xc3\xa9") == 1,
	    "characters outside the url-safe alphabet are refused");
	ok(dec_fails("Q") == 1 && dec_fails("QUJDR") == 1,
	    "a length of 1 mod 4 is refused");
	ok(dec_fails("QR") == 1 && dec_fails("QUJ") == 1 &&
	        dec_fails("QQ") == 0 && dec_fails("QUI") == 0,
	    "non-zero unused bits of the last character are refused");
	ok(b64url_decode("QU\0D", 4, (uint8_t[4]){0}, (size_t[1]){0}) == -1 &&
	        !b64url_valid("QU\0D", 4),
	    "a NUL byte is refused");
}

/* Every string of 2 and 3 letters decodes iff it is the encoding of
 * what it decodes to: exactly one spelling per byte string. */
static void
test_b64_canonical(void)
{
	char s[4], again[4];
	uint8_t out[4];
	size_t len, n, i, bad = 0, accepted = 0, total = 0;

	for (n = 2; n <= 3; n++) {
		for (i = 0; i < (n == 2 ? 64u * 64 : 64u * 64 * 64); i++) {
			s[0] = alphabet[i % 64];
			s[1] = alphabet[i / 64 % 64];
			s[2] = alphabet[i / 4096 % 64];
			total++;
			if (b64url_valid(s, n) !=
			    (b64url_decode(s, n, out, &len) == 0))
				bad++;
			if (b64url_decode(s, n, out, &len) != 0)
				continue;
			accepted++;
			b64url_encode(out, len, again);
			if (len != n - 1 || memcmp(again, s, n) != 0)
				bad++;
		}
	}
	ok(bad == 0 && accepted == 256 + 65536,
	    "of %zu 2- and 3-letter strings exactly the %zu canonical ones "
	    "decode, and b64url_valid agrees (%zu wrong)",
	    total, accepted, bad);
}

static void
test_token_lengths(void)
{
	size_t n, bad = 0;

	for (n = 0; n <= 300; n++)
		if (token_plain_max(token_text_len(n)) < n ||
		    token_plain_max(token_text_len(n)) > n + 2)
			bad++;
	ok(bad == 0, "token_plain_max(token_text_len(n)) is n, n+1 or n+2");
	ok(token_text_len(0) == 6 + 86, "an empty value makes 92 characters");
	ok(token_plain_max(0) == 0 && token_plain_max(50) == 0,
	    "token_plain_max of short texts is 0");
}

/* PADME (Nikitin et al., PETS 2019) as the paper writes it, for
 * lengths past 256. */
static size_t
padme_ref(size_t L)
{
	double e = floor(log2((double)L)), s = floor(log2(e)) + 1;
	size_t m = ((size_t)1 << (size_t)(e - s)) - 1;

	return (L + m) & ~m;
}

static void
test_padding(void)
{
	static const uint8_t spaced[] = "\"a\"   ";
	size_t n, bad = 0, worst = 0;

	ok(token_pad_len(4) == 16 && token_pad_len(5) == 16,
	    "true and false pad to 16 bytes");
	ok(token_pad_len(6) == token_pad_len(8),
	    "\"male\" and \"female\" pad to one length");
	ok(token_pad_len(16) == 16 && token_pad_len(17) == 32 &&
	        token_pad_len(256) == 256 && token_pad_len(257) == 272 &&
	        token_pad_len(1000) == 1024,
	    "multiples of 16 to 256, PADME beyond (257 -> 272, 1000 -> 1024)");
	for (n = 1; n <= 70000; n++) {
		size_t p = token_pad_len(n),
		       want = n <= 256 ? (n + 15) / 16 * 16 : padme_ref(n);
		if (p != want || p < n || token_pad_len(p) != p)
			bad++;
		if (n > 256 && (p - n) * 100 / n > worst)
			worst = (p - n) * 100 / n;
	}
	ok(bad == 0, "P(n) is the reference and a fixed point, n = 1..70000");
	ok(worst < 12, "PADME adds under 12%% past 256 bytes (worst %zu%%)",
	    worst);
	ok(token_pad_len(TOKEN_PLAIN_LIMIT) == TOKEN_PLAIN_LIMIT &&
	        token_pad_len(TOKEN_PLAIN_LIMIT - 1) == TOKEN_PLAIN_LIMIT,
	    "padding never passes the largest value sealed");
	ok(token_unpad(spaced, 6) == 3 && token_unpad(spaced, 3) == 3 &&
	        token_unpad((const uint8_t *)"   ", 3) == 0,
	    "token_unpad strips the trailing spaces only");
}

static void
test_token_is(void)
{
	ok(token_is("phi:1:abc", 9) && token_is("phi:2:", 6) &&
	        token_is("phi:12:x", 8),
	    "token_is accepts phi:<digits>:");
	ok(!token_is("phi::x", 6) && !token_is("phi:1", 5) &&
	        !token_is("phx:1:a", 7) && !token_is("phi:a:", 6) &&
	        !token_is("", 0) && !token_is("\"phi:1:", 7),
	    "token_is refuses anything else");
	ok(!token_is("phi:1:", 4), "token_is honours the length");
	ok(!token_is_sealed("phi:1:123-45-6789", 17) &&
	        !token_is_sealed("phi:2:AAAA", 10) && !token_is_sealed("", 0),
	    "token_is_sealed refuses look-alikes");
}

static EVP_PKEY *key_a, *key_b, *pub_a, *pub_b;
static struct keyring *ring_a; /* key_a only */

static EVP_PKEY *
public_of(EVP_PKEY *sk)
{
	uint8_t raw[32];
	size_t len = sizeof(raw);

	EVP_PKEY_get_raw_public_key(sk, raw, &len);
	return EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, raw, len);
}

/* Seals v into a malloc'd NUL-terminated token text. */
static char *
seal_str(struct token_sealer *s, const char *v, size_t n)
{
	char *t = malloc(token_text_len(n) + 1);
	struct phi_err e;

	if (t == NULL || token_seal(s, (const uint8_t *)v, n, n, t, &e) != 0) {
		free(t);
		return NULL;
	}
	t[token_text_len(n)] = '\0';
	return t;
}

/* Opens t; returns the status, the plaintext in out (malloc'd). */
static int
open_str(struct token_opener *o, const char *t, uint8_t **out, size_t *len,
    struct phi_err *e)
{
	size_t n = strlen(t);
	int rc;

	*out = malloc(token_plain_max(n) + 1);
	rc = token_open(o, t, n, *out, len, e);
	return rc;
}

static const char *const json_values[] = {
    "\"alice@example.com\"",
    "\"\"",
    "\"caf\\u00e9 \xf0\x9f\x98\x80\"",
    "\"\\ud83d\\ude00 and \\\"quotes\\\"\"",
    "0",
    "-12.5e-300",
    "123456789012345678901234567890",
    "true",
    "false",
    "null",
    "{}",
    "[]",
    "{\"a\":{\"b\":[1,2,{\"c\":null}]},\"d.e\":\"x\"}",
    "[\"x\", 1 ,true ,null, {\"k\" : [ ] }]",
};
#define NVALUES (sizeof(json_values) / sizeof(json_values[0]))

static void
test_round_trip(void)
{
	struct token_sealer *s = NULL;
	struct token_opener *o = NULL;
	uint8_t kid[KEY_ID_LEN], want[KEY_ID_LEN], tk[KEY_ID_LEN], *pt;
	size_t i, n, len, bad = 0, shape = 0;
	struct phi_err e;
	char *t;

	ok(token_sealer_new(&s, pub_a, &e) == 0 &&
	        token_opener_new(&o, ring_a, &e) == 0,
	    "sealer and opener");
	if (s == NULL || o == NULL)
		return;
	token_sealer_kid(s, kid);
	key_id(pub_a, want, &e);
	ok(memcmp(kid, want, KEY_ID_LEN) == 0, "the sealer's kid is the key's");
	for (i = 0; i < NVALUES; i++) {
		n = strlen(json_values[i]);
		t = seal_str(s, json_values[i], n);
		if (t == NULL || strlen(t) != token_text_len(n) ||
		    strncmp(t, TOKEN_PREFIX, 6) != 0 ||
		    !token_is(t, strlen(t)) || !token_is_sealed(t, strlen(t)) ||
		    token_kid(t, strlen(t), tk) != 0 ||
		    memcmp(tk, kid, KEY_ID_LEN) != 0)
			shape++;
		if (t == NULL || open_str(o, t, &pt, &len, &e) != 0 ||
		    len != n || memcmp(pt, json_values[i], n) != 0)
			bad++;
		free(t);
		if (t != NULL)
			free(pt);
	}
	ok(shape == 0,
	    "%zu tokens: prefix, length, token_is(_sealed), token_kid",
	    NVALUES);
	ok(bad == 0, "every JSON type comes back byte for byte (%zu wrong)",
	    bad);
	ok(token_sealer_count(s) == NVALUES, "the sealer counted %zu seals",
	    (size_t)token_sealer_count(s));
	ok(token_opener_setups(o) == 1, "one X25519 for the whole stream");
	token_sealer_free(s);
	token_opener_free(o);
}

static void
test_big_value(void)
{
	struct token_sealer *s = NULL;
	struct token_opener *o = NULL;
	size_t n = 300000, len;
	char *v = malloc(n), *t;
	uint8_t *pt = NULL;
	struct phi_err e;

	memset(v, 'x', n);
	v[0] = '"';
	v[n - 1] = '"';
	token_sealer_new(&s, pub_a, &e);
	token_opener_new(&o, ring_a, &e);
	t = seal_str(s, v, n);
	ok(t != NULL && open_str(o, t, &pt, &len, &e) == 0 && len == n &&
	        memcmp(pt, v, n) == 0,
	    "a 300 kB value round trips");
	free(pt);
	free(t);
	free(v);
	token_sealer_free(s);
	token_opener_free(o);
}

/* Non-zero when msg holds any 8 characters of token t in a row. */
static int
msg_leaks(const char *msg, const char *t)
{
	char w[9];
	size_t i, n = strlen(t);

	for (i = TOKEN_PREFIX_LEN; i + 8 <= n; i++) {
		memcpy(w, t + i, 8);
		w[8] = '\0';
		if (strstr(msg, w) != NULL)
			return 1;
	}
	return 0;
}

/* Every single-character change of a token is rejected: EDATA, or EKEY
 * exactly when the kid changed; messages never quote the token. */
/* A token whose first characters fail to decode leaves nothing behind:
 * the opener keeps the decoded start of the last token (the same in
 * every token of one sender), and a failed decode must not stand in for
 * it when that token comes again (found by fuzz_jobs: after one damaged
 * token, phi-decrypt refused the good lines of that sender). */
static void
test_failed_decode(void)
{
	static const char bad[] = ",= \x80";
	struct token_sealer *s = NULL;
	struct token_opener *o = NULL;
	uint8_t pt[128];
	size_t i, j, n, len, opened = 0, tried = 0;
	struct phi_err e;
	char *t, *d;

	token_sealer_new(&s, pub_a, &e);
	token_opener_new(&o, ring_a, &e);
	if ((t = seal_str(s, "\"x\"", 3)) == NULL || (d = strdup(t)) == NULL) {
		ok(0, "seal");
		return;
	}
	n = strlen(t);
	for (i = 6; i < 6 + 52; i++)
		for (j = 0; bad[j] != '\0'; j++) {
			d[i] = bad[j];
			tried++;
			if (token_open(o, t, n, pt, &len, &e) == 0 &&
			    token_open(o, d, n, pt, &len, &e) == PHI_EDATA &&
			    token_open(o, t, n, pt, &len, &e) == 0)
				opened++;
			d[i] = t[i];
		}
	ok(opened == tried,
	    "a token opens again after a damaged one of the same start (%zu of %zu)",
	    opened, tried);
	free(d);
	free(t);
	token_sealer_free(s);
	token_opener_free(o);
}

static void
test_every_change(void)
{
	static const char extra[] = "= +/.:\"\\\x80\xff";
	struct token_sealer *s = NULL;
	struct token_opener *o = NULL;
	char *t, cands[sizeof(alphabet) + sizeof(extra) + 1];
	uint8_t pt[128], kid[KEY_ID_LEN], k2[KEY_ID_LEN];
	size_t i, j, n, len, tried = 0, accepted = 0, wrong = 0, leaks = 0;
	struct phi_err e;
	int rc;

	snprintf(cands, sizeof(cands), "%s%s", alphabet, extra);
	token_sealer_new(&s, pub_a, &e);
	token_opener_new(&o, ring_a, &e);
	if ((t = seal_str(s, "\"x\"", 3)) == NULL)
		return;
	n = strlen(t);
	token_kid(t, n, kid);
	for (i = 0; i < n; i++) {
		for (j = 0; j <= strlen(cands); j++) { /* j == len: NUL */
			char orig = t[i], c = cands[j];

			if (c == orig)
				continue;
			t[i] = c;
			tried++;
			rc = token_open(o, t, n, pt, &len, &e);
			accepted += rc == 0;
			if (rc == PHI_EKEY)
				wrong += token_kid(t, n, k2) != 0 ||
				    memcmp(k2, kid, KEY_ID_LEN) == 0;
			else if (rc != PHI_EDATA)
				wrong++;
			t[i] = orig;
			leaks += rc != 0 && msg_leaks(e.msg, t);
		}
	}
	ok(tried > 70 * n && accepted == 0,
	    "%zu single-character changes of a %zu-character token, %zu "
	    "accepted",
	    tried, n, accepted);
	ok(wrong == 0,
	    "each is PHI_EDATA, or PHI_EKEY when the kid changed "
	    "(%zu otherwise)",
	    wrong);
	ok(leaks == 0, "no message quotes the token (%zu did)", leaks);
	ok(token_open(o, t, n - 1, pt, &len, &e) == PHI_EDATA &&
	        token_open(o, t, n, pt, &len, &e) == 0,
	    "a truncated token fails, the original still opens");
	free(t);
	token_sealer_free(s);
	token_opener_free(o);
}

static void
test_wrong_key(void)
{
	struct keyring *ring_b = key_ring_new();
	struct token_sealer *s = NULL;
	struct token_opener *o = NULL;
	uint8_t kid[KEY_ID_LEN], *pt = NULL;
	char hex[17], *t;
	size_t len;
	struct phi_err e;

	key_ring_add_key(ring_b, key_b, &e);
	token_sealer_new(&s, pub_a, &e);
	token_opener_new(&o, ring_b, &e);
	t = seal_str(s, "\"secret\"", 8);
	token_sealer_kid(s, kid);
	key_id_hex(kid, hex);
	ok(t != NULL && open_str(o, t, &pt, &len, &e) == PHI_EKEY &&
	        strstr(e.msg, "no private key for key id") != NULL &&
	        strstr(e.msg, hex) != NULL,
	    "a token for another key: PHI_EKEY naming its kid (%s)", e.msg);
	ok(token_opener_setups(o) == 0, "no X25519 for an unknown kid");
	free(pt);
	free(t);
	token_sealer_free(s);
	token_opener_free(o);
	key_ring_free(ring_b);
}

/* Two senders to two keys, interleaved, and more senders than the cache
 * holds: one X25519 per sender while it fits. */
static void
test_cache(void)
{
	struct keyring *ring = key_ring_new();
	struct token_sealer *s[70] = {NULL};
	struct token_opener *o = NULL;
	char *t[70] = {NULL};
	uint8_t *pt;
	size_t i, len, bad = 0;
	struct phi_err e;

	key_ring_add_key(ring, key_a, &e);
	key_ring_add_key(ring, key_b, &e);
	token_opener_new(&o, ring, &e);
	token_sealer_new(&s[0], pub_a, &e);
	token_sealer_new(&s[1], pub_b, &e);
	for (i = 0; i < 100; i++) {
		char *x = seal_str(s[i % 2], "[1,2]", 5);

		if (x == NULL || open_str(o, x, &pt, &len, &e) != 0 ||
		    len != 5 || memcmp(pt, "[1,2]", 5) != 0)
			bad++;
		free(x);
		if (x != NULL)
			free(pt);
	}
	ok(bad == 0 && token_opener_setups(o) == 2,
	    "100 tokens of two interleaved senders (two keys): %llu X25519",
	    (unsigned long long)token_opener_setups(o));
	for (i = 2; i < 70; i++)
		token_sealer_new(&s[i], pub_a, &e);
	for (i = 0; i < 70; i++)
		t[i] = seal_str(s[i], "1", 1);
	for (bad = 0, i = 0; i < 70; i++) {
		if (open_str(o, t[i], &pt, &len, &e) != 0 || len != 1)
			bad++;
		free(pt);
	}
	ok(bad == 0, "70 senders, more than the cache holds, all open");
	ok(open_str(o, t[69], &pt, &len, &e) == 0 &&
	        token_opener_setups(o) == 70,
	    "the most recent context is still cached (%llu X25519)",
	    (unsigned long long)token_opener_setups(o));
	free(pt);
	for (i = 0; i < 70; i++) {
		free(t[i]);
		token_sealer_free(s[i]);
	}
	token_opener_free(o);
	key_ring_free(ring);
}

/* Decodes token t, lets f change the raw bytes, encodes it again
 * (canonically) into a malloc'd string. */
static char *
reencode(const char *t, void (*f)(uint8_t *raw, size_t *len))
{
	size_t n = strlen(t) - TOKEN_PREFIX_LEN, len;
	uint8_t *raw = malloc(b64url_decoded_max(n) + 1);
	char *out = NULL;

	if (raw == NULL ||
	    b64url_decode(t + TOKEN_PREFIX_LEN, n, raw, &len) != 0)
		goto out;
	f(raw, &len);
	if ((out = malloc(TOKEN_PREFIX_LEN + b64url_encoded_len(len) + 1)) ==
	    NULL)
		goto out;
	memcpy(out, TOKEN_PREFIX, TOKEN_PREFIX_LEN);
	b64url_encode(raw, len, out + TOKEN_PREFIX_LEN);
	out[TOKEN_PREFIX_LEN + b64url_encoded_len(len)] = '\0';
out:
	free(raw);
	return out;
}

static void
seq_plus_one(uint8_t *raw, size_t *len)
{
	(void)len;
	raw[47] ^= 1;
}

static void
seq_high_bit(uint8_t *raw, size_t *len)
{
	(void)len;
	raw[40] ^= 0x80;
}

static void
enc_other(uint8_t *raw, size_t *len)
{
	(void)len;
	raw[8] ^= 0x01; /* almost surely another valid point */
}

static void
enc_zero(uint8_t *raw, size_t *len)
{
	(void)len;
	memset(raw + 8, 0, 32);
}

static void
tag_flip(uint8_t *raw, size_t *len)
{
	raw[*len - 1] ^= 0x40;
}

static void
add_byte(uint8_t *raw, size_t *len)
{
	raw[(*len)++] = 0;
}

static void
nothing(uint8_t *raw, size_t *len)
{
	(void)raw;
	(void)len;
}

static uint8_t other_enc[HPKE_ENC_LEN];

static void
enc_swap(uint8_t *raw, size_t *len)
{
	(void)len;
	memcpy(raw + 8, other_enc, HPKE_ENC_LEN);
}

/* The enc of token t (its first 86 characters decode to 64 bytes). */
static void
enc_of(const char *t, uint8_t enc[HPKE_ENC_LEN])
{
	uint8_t raw[65];
	size_t len;

	if (b64url_decode(t + TOKEN_PREFIX_LEN, 86, raw, &len) == 0)
		memcpy(enc, raw + KEY_ID_LEN, HPKE_ENC_LEN);
}

static int
open_changed(struct token_opener *o, const char *t,
    void (*f)(uint8_t *, size_t *), struct phi_err *e)
{
	char *x = reencode(t, f);
	uint8_t *pt = NULL;
	size_t len;
	int rc = x != NULL ? open_str(o, x, &pt, &len, e) : -1;

	free(pt);
	free(x);
	return rc;
}

static void
test_changed_fields(void)
{
	struct token_sealer *s = NULL, *s2 = NULL;
	struct token_opener *o = NULL;
	struct phi_err e;
	char *t, *t2, *v2;
	int rc;

	token_sealer_new(&s, pub_a, &e);
	token_sealer_new(&s2, pub_a, &e);
	token_opener_new(&o, ring_a, &e);
	t = seal_str(s, "\"123-45-6789\"", 13);
	t2 = seal_str(s2, "0", 1);
	enc_of(t2, other_enc);
	ok(open_changed(o, t, nothing, &e) == 0,
	    "re-encoding alone changes "
	    "nothing");
	ok(open_changed(o, t, seq_plus_one, &e) == PHI_EDATA &&
	        strstr(e.msg, "authentication failed") != NULL,
	    "seq + 1: %s", e.msg);
	ok(open_changed(o, t, seq_high_bit, &e) == PHI_EDATA,
	    "seq high bit changed");
	ok(open_changed(o, t, enc_other, &e) == PHI_EDATA, "enc changed: %s",
	    e.msg);
	ok(open_changed(o, t, enc_swap, &e) == PHI_EDATA,
	    "enc of another (cached) context");
	rc = open_changed(o, t, enc_zero, &e);
	ok(rc == PHI_EDATA && strstr(e.msg, "encapsulated key") != NULL,
	    "low-order (zero) enc refused: %s", e.msg);
	ok(open_changed(o, t, tag_flip, &e) == PHI_EDATA, "tag changed");
	ok(open_changed(o, t, add_byte, &e) == PHI_EDATA, "a byte appended");
	v2 = strdup(t);
	v2[4] = '3';
	ok(token_open(o, v2, strlen(v2), (uint8_t[64]){0}, (size_t[1]){0},
	       &e) == PHI_EDATA &&
	        strstr(e.msg, "unsupported version") != NULL,
	    "phi:3: token: %s", e.msg);
	v2[4] = '2'; /* kid[0] is read as flags: unknown ones, or a kid */
	rc =
	    token_open(o, v2, strlen(v2), (uint8_t[64]){0}, (size_t[1]){0}, &e);
	ok(rc == PHI_EDATA || rc == PHI_EKEY,
	    "a phi:1 token relabelled phi:2 is refused: %s", e.msg);
	ok(token_open(o, "phi:1:AAAA", 10, (uint8_t[8]){0}, (size_t[1]){0},
	       &e) == PHI_EDATA &&
	        strstr(e.msg, "too short") != NULL,
	    "a short token: %s", e.msg);
	ok(token_open(o, "hello", 5, (uint8_t[8]){0}, (size_t[1]){0}, &e) ==
	        PHI_EDATA,
	    "not a token at all");
	free(v2);
	free(t);
	free(t2);
	token_sealer_free(s);
	token_sealer_free(s2);
	token_opener_free(o);
}

/* Seals v (a suite-2 sealer, with b) into a NUL-terminated token. */
static char *
seal2(struct token_sealer *s, const char *v, const struct token_bind *b)
{
	size_t n = strlen(v), tl = token_sealer_text_len(s, n);
	char *t = malloc(tl + 1);
	struct phi_err e;

	if (t == NULL ||
	    token_seal_bound(s, (const uint8_t *)v, n, n, b, t, &e) != 0) {
		free(t);
		return NULL;
	}
	t[tl] = '\0';
	return t;
}

static int
open2(struct token_opener *o, const char *t, const struct token_bind *b,
    struct phi_err *e)
{
	uint8_t pt[256];
	size_t len = 0;

	if (strlen(t) > 300)
		return -1;
	return token_open_bound(o, t, strlen(t), b, pt, &len, e);
}

/* Puts the skid of token t into token g (same length class): a forger
 * claiming an accepted sender. */
static int
resign(char *g, const char *t)
{
	uint8_t a[512], b[512];
	size_t na, nb, gl = strlen(g) - 6;

	if (gl > 600 || b64url_decode(g + 6, gl, a, &na) != 0 ||
	    b64url_decode(t + 6, 24, b, &nb) != 0)
		return -1;
	memcpy(a + 9, b + 9, KEY_ID_LEN);
	b64url_encode(a, na, g + 6);
	return 0;
}

static const struct token_bind bind_ok = {
    "traits.email", 12, "messageId", 9, "\"m-1\"", 5};
static const struct token_bind bind_path = {
    "traits.phone", 12, "messageId", 9, "\"m-1\"", 5};
static const struct token_bind bind_rec = {
    "traits.email", 12, "messageId", 9, "\"m-2\"", 5};
static const struct token_bind bind_none = {NULL, 0, NULL, 0, NULL, 0};

/* One flags combination: the token opens with its binding and its
 * sender, and is refused moved, forged or without what it is bound to.
 * Returns a bit mask of the checks that failed. */
static int
suite2_flags(unsigned fl, struct keyring *senders)
{
	struct token_sealer *s = NULL, *f = NULL;
	struct token_opener *o = NULL;
	struct phi_err e;
	uint8_t skid[KEY_ID_LEN];
	unsigned got;
	char *t = NULL, *g = NULL;
	int bad = 0;

	if (token_sealer_new2(
	        &s, pub_a, fl & TOKEN_AUTH ? key_b : NULL, fl, &e) != 0 ||
	    token_opener_new(&o, ring_a, &e) != 0 ||
	    (t = seal2(s, "\"jane@example.com\"", &bind_ok)) == NULL)
		return 1;
	token_opener_senders(o, senders);
	if (strncmp(t, TOKEN2_PREFIX, 6) != 0 ||
	    !token_is_sealed(t, strlen(t)) ||
	    token_flags(t, strlen(t), &got, skid) != 0 || got != fl)
		bad |= 2;
	if (open2(o, t, &bind_ok, &e) != 0 || token_opener_last(o, skid) != fl)
		bad |= 4;
	if ((fl & TOKEN_PATH) && open2(o, t, &bind_path, &e) != PHI_EDATA)
		bad |= 8;
	if ((fl & TOKEN_RECORD) && open2(o, t, &bind_rec, &e) != PHI_EDATA)
		bad |= 16;
	if ((fl & (TOKEN_PATH | TOKEN_RECORD)) &&
	    (open2(o, t, &bind_none, &e) != PHI_EDATA ||
	        strstr(e.msg, "not given") == NULL))
		bad |= 32;
	/* forged: the same flags and the accepted sender's skid put in a
	 * token sealed with another sender key */
	if ((fl & TOKEN_AUTH) &&
	    token_sealer_new2(&f, pub_a, key_a, fl, &e) == 0 &&
	    (g = seal2(f, "\"jane@example.com\"", &bind_ok)) != NULL) {
		if (open2(o, g, &bind_ok, &e) != PHI_EKEY ||
		    token_opener_no_key(o) || resign(g, t) != 0 ||
		    open2(o, g, &bind_ok, &e) != PHI_EDATA)
			bad |= 64;
	}
	free(g);
	token_sealer_free(f);
	free(t);
	token_sealer_free(s);
	token_opener_free(o);
	return bad;
}

static void
test_suite2(void)
{
	struct keyring *senders = key_ring_new(), *none = key_ring_new();
	struct token_sealer *s = NULL;
	struct token_opener *o = NULL;
	struct phi_err e;
	unsigned fl;
	char *t;
	int rc;

	if (senders == NULL || key_ring_add_key(senders, pub_b, &e) != 0)
		return;
	for (fl = 0; fl < 8; fl++) {
		if (fl == 0)
			continue;
		rc = suite2_flags(fl, senders);
		ok(rc == 0,
		    "suite 2, flags %u: opens bound, refuses moved, "
		    "unbound, forged (failed: 0x%x)",
		    fl, (unsigned)rc);
	}
	ok(token_sealer_new2(&s, pub_a, key_b, TOKEN_AUTH, &e) == 0 &&
	        token_opener_new(&o, ring_a, &e) == 0,
	    "auth sealer and opener");
	if (s != NULL && o != NULL && (t = seal2(s, "true", NULL)) != NULL) {
		token_opener_senders(o, none);
		rc = open2(o, t, NULL, &e);
		ok(rc == PHI_EKEY && !token_opener_no_key(o) &&
		        strstr(e.msg, "sender key id") != NULL,
		    "a sender not accepted: %s", e.msg);
		token_opener_senders(o, senders);
		ok(open2(o, t, NULL, &e) == 0 && open2(o, t, NULL, &e) == 0 &&
		        token_opener_setups(o) == 1,
		    "an accepted sender opens, one context for the stream");
		free(t);
	}
	token_sealer_free(s);
	ok(token_sealer_new2(&s, pub_a, NULL, TOKEN_AUTH, &e) == PHI_ESOFTWARE,
	    "AUTH without a sender key is refused");
	token_sealer_free(s);
	token_opener_free(o);
	key_ring_free(senders);
	key_ring_free(none);
}

int
main(void)
{
	struct phi_err e;

	key_a = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	key_b = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	pub_a = public_of(key_a);
	pub_b = public_of(key_b);
	ring_a = key_ring_new();
	if (key_ring_add_key(ring_a, key_a, &e) != 0) {
		printf("Bail out! keyring: %s\n", e.msg);
		return 1;
	}
	test_b64_lengths();
	test_b64_strict();
	test_b64_canonical();
	test_token_lengths();
	test_padding();
	test_token_is();
	test_round_trip();
	test_big_value();
	test_every_change();
	test_failed_decode();
	test_wrong_key();
	test_cache();
	test_changed_fields();
	test_suite2();
	key_ring_free(ring_a);
	EVP_PKEY_free(key_a);
	EVP_PKEY_free(key_b);
	EVP_PKEY_free(pub_a);
	EVP_PKEY_free(pub_b);
	return tap_done();
}
