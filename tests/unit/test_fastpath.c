/*
 * test_fastpath.c - the speed paths of the crypto filters give the same
 * bytes as the plain ones: base64url encoding by 12-bit pairs against
 * OpenSSL's base64 at every length and alignment; tokens whose fixed
 * header text is encoded once per sealer and decoded once per sender
 * run by the opener; HPKE seal and open with the IV
 * set as one parameter against plain EVP_EncryptInit_ex/DecryptInit_ex;
 * json_is_value (phi-decrypt's check of each plaintext, no parser
 * allocation) against yajl on random and mutated JSON texts; the key ids
 * phi-decrypt notes (the last one's text remembered).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/opensslv.h>
#include <openssl/rand.h>
#include <yajl_parse.h>

#include "b64url.h"
#include "decrypt.h"
#include "aead.h"
#include "gcm.h"
#include "gcmref.h"
#include "hpke.h"
#include "json.h"
#include "key.h"
#include "token.h"
#include "tap.h"

static EVP_PKEY *key_a;
static struct keyring *ring_a;

/* Reference: OpenSSL's padded base64, made url-safe, unpadded. */
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

/* Every length 0..300 at each of 8 alignments, random bytes, and the
 * encoder writes exactly its length (a guard byte after it stays). */
static void
test_encode_lengths(void)
{
	static uint8_t in[300 + 8 + 8];
	static char out[420], ref[420];
	size_t n, off, len, bad = 0, over = 0;

	for (n = 0; n <= 300; n++) {
		for (off = 0; off < 8; off++) {
			RAND_bytes(in, (int)sizeof(in));
			len = b64url_encoded_len(n);
			memset(out, '#', sizeof(out));
			b64url_encode(in + off, n, out);
			if (ref_encode(in + off, n, ref) != len ||
			    memcmp(out, ref, len) != 0)
				bad++;
			if (out[len] != '#')
				over++;
		}
	}
	ok(bad == 0,
	    "encode matches OpenSSL base64 for lengths 0..300 at "
	    "8 alignments (%zu differ)",
	    bad);
	ok(over == 0, "encode writes no byte past its length (%zu did)", over);
}

/* Every 12-bit value in every position of a 6-byte group (8 bytes are
 * encoded so that the 6-byte path runs). */
static void
test_encode_all_pairs(void)
{
	uint8_t in[8];
	char out[12], ref[16];
	unsigned v, pos, bad = 0;

	for (pos = 0; pos < 4; pos++) {
		for (v = 0; v < 4096; v++) {
			uint64_t w = (uint64_t)v << (36 - 12 * pos);
			int i;

			for (i = 0; i < 6; i++)
				in[i] = (uint8_t)(w >> (40 - 8 * i));
			in[6] = in[7] = 0xa5;
			b64url_encode(in, 8, out);
			ref_encode(in, 8, ref);
			if (memcmp(out, ref, 11) != 0)
				bad++;
		}
	}
	ok(bad == 0,
	    "all 4096 pair values in all 4 positions encode right "
	    "(%u wrong)",
	    bad);
}

/* Seals values of lengths 0..99: each token's header decodes to kid,
 * the sealer's enc and seq i; the header text up to enc's last byte is
 * the same in all; every token opens to its value. */
static void
test_seal_header(void)
{
	struct token_sealer *ts = NULL;
	struct token_opener *op = NULL;
	struct phi_err e = {0};
	uint8_t kid[KEY_ID_LEN], pt[100], raw[300], back[300], hdr0[40];
	char text[400];
	size_t n, len, blen, bad = 0, i;
	uint64_t seq;

	if (token_sealer_new(&ts, key_a, &e) != 0 ||
	    token_opener_new(&op, ring_a, &e) != 0 ||
	    key_id(key_a, kid, &e) != 0) {
		ok(0, "sealer set-up: %s", e.msg);
		goto out;
	}
	for (n = 0; n < 100; n++) {
		RAND_bytes(pt, sizeof(pt));
		len = token_text_len(n);
		if (token_seal(ts, pt, n, n, text, &e) != 0 ||
		    b64url_decode(text + TOKEN_PREFIX_LEN,
		        len - TOKEN_PREFIX_LEN, raw, &blen) != 0 ||
		    blen != TOKEN_HEADER_LEN + n + 16) {
			bad++;
			continue;
		}
		if (n == 0)
			memcpy(hdr0, raw, 40);
		for (seq = 0, i = 40; i < 48; i++)
			seq = seq << 8 | raw[i];
		if (memcmp(raw, kid, KEY_ID_LEN) != 0 ||
		    memcmp(raw, hdr0, 40) != 0 || seq != n)
			bad++;
		if (token_open(op, text, len, back, &blen, &e) != 0 ||
		    blen != n || memcmp(back, pt, n) != 0)
			bad++;
	}
	ok(bad == 0,
	    "100 tokens: kid, enc, seq 0..99 in the header, each "
	    "opens to its value (%zu wrong)",
	    bad);
out:
	token_sealer_free(ts);
	token_opener_free(op);
}

/* Tokens of two senders interleaved open to their values; after a good
 * token of sender A (its header text cached), every one-letter change in
 * the 64 header characters of another token of A is refused. */
static void
test_open_header_cache(void)
{
	struct token_sealer *ts[2] = {NULL, NULL};
	struct token_opener *op = NULL;
	struct phi_err e = {0};
	static const char alpha[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
	                            "opqrstuvwxyz0123456789-_";
	char text[2][200];
	uint8_t pt[40], back[200];
	size_t i, n, len, bad = 0, good = 0, opened = 0;

	if (token_sealer_new(&ts[0], key_a, &e) != 0 ||
	    token_sealer_new(&ts[1], key_a, &e) != 0 ||
	    token_opener_new(&op, ring_a, &e) != 0) {
		ok(0, "set-up: %s", e.msg);
		goto out;
	}
	for (i = 0; i < 200; i++) {
		n = i % 40;
		RAND_bytes(pt, sizeof(pt));
		len = token_text_len(n);
		if (token_seal(ts[i % 2], pt, n, n, text[0], &e) != 0 ||
		    token_open(op, text[0], len, back, &n, &e) != 0 ||
		    n != i % 40 || memcmp(back, pt, n) != 0)
			bad++;
	}
	ok(bad == 0 && token_opener_setups(op) == 2,
	    "200 tokens of two senders, interleaved, open (%zu wrong)", bad);
	len = token_text_len(10);
	token_seal(ts[0], pt, 10, 10, text[0], &e);
	token_seal(ts[0], pt, 10, 10, text[1], &e);
	for (i = TOKEN_PREFIX_LEN; i < TOKEN_PREFIX_LEN + 64; i++) {
		char c = text[1][i];

		text[1][i] =
		    alpha[(strchr(alpha, c) - alpha + 1 + i % 63) % 64];
		good += token_open(op, text[0], len, back, &n, &e) == 0;
		opened += token_open(op, text[1], len, back, &n, &e) == 0;
		text[1][i] = c;
	}
	ok(good == 64 && opened == 0,
	    "a good token opens each time, and each of 64 changed header "
	    "letters after it is refused (%zu good, %zu changed opened)",
	    good, opened);
out:
	token_sealer_free(ts[0]);
	token_sealer_free(ts[1]);
	token_opener_free(op);
}

/* One seq: seal == reference, open gives pt back, a flipped bit of the
 * tag, the ciphertext or the aad is refused.  Bit mask of failures. */
static int
check_seq(struct hpke_ctx *snd, struct hpke_ctx *rcv,
    const struct hpke_debug *d, uint64_t seq, size_t n)
{
	uint8_t pt[64], aad[48], ct[80], ref[80], back[64], nonce[12];
	struct phi_err e = {0};
	int bad = 0;

	RAND_bytes(pt, sizeof(pt));
	RAND_bytes(aad, sizeof(aad));
	hpke_debug_nonce(snd, seq, nonce);
	if (hpke_seal(snd, seq, aad, 48, pt, n, ct, &e) != 0 ||
	    !gcmref_seal(d->key, nonce, aad, 48, pt, n, ref) ||
	    memcmp(ct, ref, n + 16) != 0)
		bad |= 1;
	if (hpke_open(rcv, seq, aad, 48, ct, n + 16, back, &e) != 0 ||
	    memcmp(back, pt, n) != 0)
		bad |= 2;
	ct[n + seq % 16] ^= 1;
	bad |= hpke_open(rcv, seq, aad, 48, ct, n + 16, back, &e) != PHI_EDATA
	    ? 4
	    : 0;
	ct[n + seq % 16] ^= 1;
	if (n > 0) {
		ct[seq % n] ^= 0x80;
		bad |= hpke_open(rcv, seq, aad, 48, ct, n + 16, back, &e) !=
		        PHI_EDATA
		    ? 4
		    : 0;
		ct[seq % n] ^= 0x80;
	}
	aad[seq % 48] ^= 2;
	bad |= hpke_open(rcv, seq, aad, 48, ct, n + 16, back, &e) != PHI_EDATA
	    ? 4
	    : 0;
	return bad;
}

/* 2000 seals of 0..64 bytes on AEAD way path (aead.h) against plain EVP
 * AES-GCM; the way the contexts took, or -1. */
static int
hpke_path_run(int path)
{
	struct hpke_ctx *snd = NULL, *rcv = NULL;
	struct hpke_debug d;
	struct phi_err e = {0};
	uint8_t enc[HPKE_ENC_LEN];
	static const uint8_t info[] = "phi-tools/1";
	int bad = 0;
	uint64_t i;

	aead_debug_force(path);
	if (hpke_setup_sender(
	        key_a, HPKE_AEAD_AES256GCM, info, 11, enc, &snd, &e) != 0 ||
	    hpke_setup_receiver(
	        key_a, HPKE_AEAD_AES256GCM, enc, info, 11, &rcv, &e) != 0) {
		ok(0, "HPKE set-up: %s", e.msg);
		d.path = -1;
		goto out;
	}
	hpke_debug_secrets(snd, &d);
	for (i = 0; i < 2000; i++)
		bad |= check_seq(snd, rcv, &d, i * 7919 % 100003, i % 65);
	bad |= check_seq(snd, rcv, &d, UINT64_MAX - 1, 20);
	ok(!(bad & 1),
	    "AEAD way %d: 2000 seals of 0..64 bytes equal plain EVP AES-GCM",
	    path);
	ok(!(bad & 2), "AEAD way %d: and open to their plaintext", path);
	ok(!(bad & 4),
	    "AEAD way %d: a changed tag, ciphertext or aad bit is refused",
	    path);
	hpke_debug_secrets(snd, &d);
out:
	aead_debug_force(-1);
	hpke_ctx_free(snd);
	hpke_ctx_free(rcv);
	return d.path;
}

static void
test_hpke_paths(void)
{
	int p, last;

	p = hpke_path_run(-1);
	last = gcm_cpu() ? AEAD_CLMUL : AEAD_PROVIDER;
#if OPENSSL_VERSION_NUMBER < 0x30100000L
	ok(p == last,
	    "OpenSSL 3.0: the fastest way this CPU has is used (way %d of %d)",
	    p, last);
#else
	ok(p >= AEAD_EVP && p <= last, "the AEAD way was decided (way %d)", p);
#endif
	for (p = AEAD_EVP; p <= last; p++)
		ok(hpke_path_run(p) == p, "AEAD way %d taken when asked", p);
}

/* Tokens of keys A, A, B, A, B, C, B (C unknown, skipped): the key ids
 * noted are A and B, in that order, once each. */
static const int order[] = {0, 0, 1, 0, 1, 2, 1};

static void
test_decrypt_kids(void)
{
	EVP_PKEY *key_b = EVP_PKEY_Q_keygen(NULL, NULL, "X25519"),
	         *key_c = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	struct keyring *ring = key_ring_new();
	struct token_sealer *ts[3] = {NULL, NULL, NULL};
	struct decrypt *d = NULL;
	struct decrypt_opts o = {0};
	struct buf out = BUF_INIT, kids = BUF_INIT;
	struct phi_err e = {0};
	uint8_t kid[2][KEY_ID_LEN];
	char text[100], want[64], hex[2][17];
	size_t i, bad = 0;

	o.kr = ring;
	o.skip_unknown = 1;
	if (ring == NULL || key_ring_add_key(ring, key_a, &e) != 0 ||
	    key_ring_add_key(ring, key_b, &e) != 0 ||
	    token_sealer_new(&ts[0], key_a, &e) != 0 ||
	    token_sealer_new(&ts[1], key_b, &e) != 0 ||
	    token_sealer_new(&ts[2], key_c, &e) != 0 ||
	    decrypt_new(&d, &o, &e) != 0) {
		ok(0, "set-up: %s", e.msg);
		goto out;
	}
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		token_seal(ts[order[i]], (const uint8_t *)"42", 2, 2, text, &e);
		out.len = 0;
		if ((decrypt_token(d, text, token_text_len(2), &out, &e) !=
		        0) != (order[i] == 2))
			bad++;
	}
	token_sealer_kid(ts[0], kid[0]);
	token_sealer_kid(ts[1], kid[1]);
	key_id_hex(kid[0], hex[0]);
	key_id_hex(kid[1], hex[1]);
	snprintf(want, sizeof(want), "[\"%s\",\"%s\"]", hex[0], hex[1]);
	if (decrypt_kids_json(d, 0, &kids) != 0 || buf_putc(&kids, '\0') != 0)
		bad++;
	ok(bad == 0 && strcmp(kids.p, want) == 0,
	    "key ids noted: A and B once each, in order (%s)", kids.p);
out:
	for (i = 0; i < 3; i++)
		token_sealer_free(ts[i]);
	decrypt_free(d);
	key_ring_free(ring);
	buf_free(&out, 1);
	buf_free(&kids, 0);
	EVP_PKEY_free(key_b);
	EVP_PKEY_free(key_c);
}

/* Tokens whose plaintext is not one JSON value are refused by
 * decrypt_token: out keeps its length and the bytes opened past it are
 * wiped; a good token after them is appended. */
static void
test_decrypt_bad_plaintext(void)
{
	static const char *const bad[] = {
	    "5 \"ab", "{\"a\":1", "tru", "", "\"\x80\"", "1 2"};
	struct token_sealer *ts = NULL;
	struct decrypt *d = NULL;
	struct decrypt_opts o = {0};
	struct buf out = BUF_INIT;
	struct phi_err e = {0};
	char text[100];
	size_t i, j, n, wrong = 0;

	o.kr = ring_a;
	if (token_sealer_new(&ts, key_a, &e) != 0 ||
	    decrypt_new(&d, &o, &e) != 0 || buf_append(&out, "{", 1) != 0) {
		ok(0, "set-up: %s", e.msg);
		goto out;
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = strlen(bad[i]);
		token_seal(ts, (const uint8_t *)bad[i], n, n, text, &e);
		if (decrypt_token(d, text, token_text_len(n), &out, &e) !=
		        PHI_EDATA ||
		    out.len != 1)
			wrong++;
		for (j = 0; j < n; j++)
			wrong += out.p[1 + j] != 0;
	}
	token_seal(ts, (const uint8_t *)"[1]", 3, 3, text, &e);
	if (decrypt_token(d, text, token_text_len(3), &out, &e) != 0 ||
	    out.len != 4 || memcmp(out.p, "{[1]", 4) != 0)
		wrong++;
	ok(wrong == 0,
	    "plaintexts that are not one JSON value are refused "
	    "and wiped, a good one appended (%zu wrong)",
	    wrong);
out:
	token_sealer_free(ts);
	decrypt_free(d);
	buf_free(&out, 1);
}

/* Padded tokens open to the value without its spaces; a plaintext of
 * spaces alone holds no value and is refused. */
static void
test_decrypt_padded(void)
{
	struct token_sealer *ts = NULL;
	struct decrypt *d = NULL;
	struct decrypt_opts o = {.kr = ring_a};
	struct buf out = BUF_INIT;
	struct phi_err e = {0};
	char text[200];
	size_t wrong = 0;

	if (token_sealer_new(&ts, key_a, &e) != 0 ||
	    decrypt_new(&d, &o, &e) != 0) {
		ok(0, "set-up: %s", e.msg);
		goto out;
	}
	if (token_seal(ts, (const uint8_t *)"false", 5, 16, text, &e) != 0 ||
	    decrypt_token(d, text, token_text_len(16), &out, &e) != 0 ||
	    out.len != 5 || memcmp(out.p, "false", 5) != 0)
		wrong++;
	if (token_seal(ts, (const uint8_t *)"\"a b\"", 5, 32, text, &e) != 0 ||
	    decrypt_token(d, text, token_text_len(32), &out, &e) != 0 ||
	    out.len != 10 || memcmp(out.p + 5, "\"a b\"", 5) != 0)
		wrong++;
	if (token_seal(ts, (const uint8_t *)"  ", 2, 16, text, &e) != 0 ||
	    decrypt_token(d, text, token_text_len(16), &out, &e) != PHI_EDATA ||
	    out.len != 10)
		wrong++;
	ok(wrong == 0 && token_text_len(16) == token_text_len(token_pad_len(4)),
	    "padded tokens open to the value, spaces stripped (%zu wrong)",
	    wrong);
out:
	token_sealer_free(ts);
	decrypt_free(d);
	buf_free(&out, 1);
}

/* The reference: yajl with default options and no callbacks, given the
 * text and a newline.  (yajl alone takes a value followed by the start
 * of a string, '5 "ab', as complete: the string waits for more input,
 * and yajl_complete_parse() only adds a space.  The newline ends that.) */
static int
yajl_is_value(const char *s, size_t n)
{
	yajl_handle h = yajl_alloc(NULL, NULL, NULL);
	int r = yajl_parse(h, (const unsigned char *)s, n) == yajl_status_ok &&
	    yajl_parse(h, (const unsigned char *)"\n", 1) == yajl_status_ok &&
	    yajl_complete_parse(h) == yajl_status_ok;

	yajl_free(h);
	return r;
}

static unsigned long rnd_state = 88172645463325252UL;

static unsigned
rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

static const char *const atoms[] = {"0", "-0", "12", "-3.25", "1e5", "2E-7",
    "0.5e+2", "true", "false", "null", "\"\"", "\"ab\"", "\"\\u00e9\\n\"",
    "\"\xc3\xa9\"", "\"\xe2\x82\xac\"", "\"\xf0\x9f\x98\x80\"", "\"\\ud800\"",
    "\"\xc0\x80\"", "1.", ".5", "01", "-", "tru", "nul", "\"\\x\"", "\"\x80\"",
    "\"\xf8\x88\x80\x80\x80\"", "\"\xe2\x82\"", "\"a\tb\"", "\"\\u12G4\"", "1e",
    "+1", "\"\x7f\""};
static const char pieces[] = "{}[]\",:\\ \t\n\r\v\f0123456789eE.-+tfnu/x";

/* A random JSON-like text of at most max - 8 bytes into b at *len. */
static void
gen(char *b, size_t *len, size_t max, int depth)
{
	unsigned k = rnd(depth > 6 ? 1 : 4), i, m;
	const char *a;

	if (*len + 8 >= max)
		return;
	if (k == 0 || k == 1) {
		a = atoms[rnd(sizeof(atoms) / sizeof(atoms[0]))];
		if (*len + strlen(a) + 8 < max) {
			memcpy(b + *len, a, strlen(a));
			*len += strlen(a);
		}
		return;
	}
	b[(*len)++] = k == 2 ? '[' : '{';
	for (i = 0, m = rnd(4); i < m && *len + 16 < max; i++) {
		if (i > 0)
			b[(*len)++] = ',';
		if (rnd(4) == 0)
			b[(*len)++] = " \t\v\f\n"[rnd(5)];
		if (k == 3) {
			memcpy(b + *len, "\"k\":", 4);
			*len += 4;
		}
		gen(b, len, max, depth + 1);
	}
	b[(*len)++] = k == 2 ? ']' : '}';
}

static void
mutate(char *b, size_t *len, size_t max)
{
	unsigned i, m = rnd(4), at;
	char c;

	for (i = 0; i<m && * len> 0 && *len + 2 < max; i++) {
		at = rnd((unsigned)*len);
		c = rnd(3) == 0 ? (char)rnd(256)
		                : pieces[rnd(sizeof(pieces) - 1)];
		switch (rnd(3)) {
		case 0:
			b[at] = c;
			break;
		case 1:
			memmove(b + at + 1, b + at, *len - at);
			b[at] = c;
			(*len)++;
			break;
		default:
			memmove(b + at, b + at + 1, *len - at - 1);
			(*len)--;
		}
	}
}

static void
test_json_is_value_vs_yajl(void)
{
	static char b[600], deep[3 * 1100];
	size_t len, n, differ = 0, valid = 0, total = 0;
	unsigned long t;
	int want;

	for (t = 0; t < 400000; t++) {
		len = 0;
		if (rnd(5) == 0)
			b[len++] = " \v"[rnd(2)];
		gen(b, &len, sizeof(b), 0);
		if (rnd(2) == 0)
			mutate(b, &len, sizeof(b));
		want = yajl_is_value(b, len);
		valid += want;
		total++;
		if (json_is_value(b, len) != want && differ++ == 0)
			printf("# first difference (yajl %d): %.*s\n", want,
			    (int)len, b);
	}
	for (n = 1000; n <= 1100; n += 20) { /* deeper than the validator */
		memset(deep, '[', n);
		memset(deep + n, ']', n);
		total++;
		differ += json_is_value(deep, 2 * n) != 1;
		differ += json_is_value(deep, 2 * n - 1) != 0;
	}
	ok(!json_is_value("5 \"ab", 5) && !json_is_value("{} \"", 4) &&
	        json_is_value(" {\"a\":[1,\"\xc3\xa9\"]}\v", 16),
	    "a value and the start of a string is refused (yajl alone takes "
	    "it as complete)");
	ok(differ == 0 && valid > total / 5 && valid < total * 4 / 5,
	    "json_is_value agrees with yajl on %zu texts, %zu of them valid "
	    "(%zu differ)",
	    total, valid, differ);
}

int
main(void)
{
	struct phi_err e = {0};
	int rc;

	hpke_debug_keep_secrets(1); /* compares with the secrets */
	key_a = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	ring_a = key_ring_new();
	if (key_a == NULL || ring_a == NULL ||
	    key_ring_add_key(ring_a, key_a, &e) != 0) {
		printf("Bail out! keys: %s\n", e.msg);
		return 1;
	}
	test_encode_lengths();
	test_encode_all_pairs();
	test_seal_header();
	test_open_header_cache();
	test_hpke_paths();
	test_json_is_value_vs_yajl();
	test_decrypt_kids();
	test_decrypt_bad_plaintext();
	test_decrypt_padded();
	rc = tap_done();
	key_ring_free(ring_a);
	EVP_PKEY_free(key_a);
	return rc;
}
