/*
 * test_fastpath.c - the speed paths of the crypto filters give the same
 * bytes as the plain ones: base64url encoding by 12-bit pairs against
 * OpenSSL's base64 at every length and alignment; tokens whose fixed
 * header text is encoded once per sealer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "b64url.h"
#include "keys.h"
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
		if (token_seal(ts, pt, n, text, &e) != 0 ||
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

int
main(void)
{
	struct phi_err e = {0};
	int rc;

	key_a = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	ring_a = keyring_new();
	if (key_a == NULL || ring_a == NULL ||
	    keyring_add_key(ring_a, key_a, &e) != 0) {
		printf("Bail out! keys: %s\n", e.msg);
		return 1;
	}
	test_encode_lengths();
	test_encode_all_pairs();
	test_seal_header();
	rc = tap_done();
	keyring_free(ring_a);
	EVP_PKEY_free(key_a);
	return rc;
}
