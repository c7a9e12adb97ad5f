/*
 * test_join.c - common/join: join tokens open with the ordinary opener,
 * are equal for equal values and distinct otherwise (one recipient, one
 * join secret), differ between join secrets and recipients, come out the
 * same from the cache as without it, and the LRU cache evicts the least
 * recently used value.  Then 10^5 distinct values: no two tokens alike
 * (JOIN_TEST_N=1000000 for 10^6: 99 s of CPU on the 2-core VM, 0 equal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "b64url.h"
#include "join.h"
#include "key.h"
#include "token.h"
#include "tap.h"

#define TOK_MAX 512

static const uint8_t secret1[JOIN_SECRET_LEN] = {1, 2, 3};
static const uint8_t secret2[JOIN_SECRET_LEN] = {1, 2, 4};

/* The join token of the JSON text v (padded) into out (NUL ended). */
static int
seal(struct join_sealer *j, const char *v, char out[TOK_MAX])
{
	size_t n = strlen(v), p = token_pad_len(n);
	struct phi_err e;

	if (token_text_len(p) >= TOK_MAX ||
	    join_seal(j, (const uint8_t *)v, n, p, out, &e) != 0)
		return -1;
	out[token_text_len(p)] = '\0';
	return 0;
}

static struct join_sealer *
sealer(EVP_PKEY *pk, const uint8_t *secret, size_t cache)
{
	struct join_sealer *j = NULL;
	struct phi_err e;

	if (join_sealer_new(&j, pk, secret, cache, &e) != 0)
		printf("Bail out! join_sealer_new: %s\n", e.msg);
	return j;
}

/* Opens tok with the keyring of k; 1 when it gives back v. */
static int
opens_to(EVP_PKEY *k, const char *tok, const char *v)
{
	struct keyring *kr = key_ring_new();
	struct token_opener *o = NULL;
	uint8_t pt[TOK_MAX];
	size_t n = 0;
	struct phi_err e;
	int r = 0;

	if (kr != NULL && key_ring_add_key(kr, k, &e) == 0 &&
	    token_opener_new(&o, kr, &e) == 0 &&
	    token_plain_max(strlen(tok)) <= sizeof(pt) &&
	    token_open(o, tok, strlen(tok), pt, &n, &e) == 0)
		r = token_unpad(pt, n) == strlen(v) &&
		    memcmp(pt, v, strlen(v)) == 0;
	token_opener_free(o);
	key_ring_free(kr);
	return r;
}

static void
test_basics(EVP_PKEY *k1, EVP_PKEY *k2)
{
	struct join_sealer *a = sealer(k1, secret1, 0),
	                   *b = sealer(k1, secret1, 16),
	                   *c = sealer(k1, secret2, 16),
	                   *d = sealer(k2, secret1, 16);
	char t[6][TOK_MAX];
	uint8_t kid[KEY_ID_LEN], kid1[KEY_ID_LEN];
	struct phi_err e;

	ok(a && b && c && d && seal(a, "\"dana@example.com\"", t[0]) == 0 &&
	        seal(b, "\"dana@example.com\"", t[1]) == 0 &&
	        seal(b, "\"dana@example.com\"", t[2]) == 0 &&
	        seal(c, "\"dana@example.com\"", t[3]) == 0 &&
	        seal(d, "\"dana@example.com\"", t[4]) == 0 &&
	        seal(a, "\"dana@example.org\"", t[5]) == 0,
	    "join tokens sealed");
	ok(strncmp(t[0], "phi:1:", 6) == 0 &&
	        token_is_sealed(t[0], strlen(t[0])),
	    "a join token is a well-formed phi:1 token");
	ok(token_kid(t[0], strlen(t[0]), kid) == 0 &&
	        key_id(k1, kid1, &e) == 0 && memcmp(kid, kid1, 8) == 0,
	    "it carries the recipient's key id");
	ok(strcmp(t[0], t[1]) == 0 && strcmp(t[1], t[2]) == 0,
	    "equal values, equal tokens (two sealers, cached or not)");
	ok(strcmp(t[0], t[5]) != 0, "distinct values, distinct tokens");
	ok(strcmp(t[0], t[3]) != 0, "another join secret, another token");
	ok(strcmp(t[0], t[4]) != 0, "another recipient, another token");
	ok(opens_to(k1, t[0], "\"dana@example.com\"") &&
	        opens_to(k2, t[4], "\"dana@example.com\""),
	    "the ordinary opener opens them");
	join_sealer_free(a);
	join_sealer_free(b);
	join_sealer_free(c);
	join_sealer_free(d);
}

/* A cache of 2 over 1 2 1 3 2 1: the second 1 is a hit, then 3 evicts
 * 2 (the least recently used; first in first out would evict 1), 2
 * evicts 1 and 1 evicts 3: 5 derived (FIFO: 4), 3 evictions.  Tokens
 * as without the cache. */
static void
test_lru(EVP_PKEY *k1)
{
	static const char *const seq[] = {"1", "2", "1", "3", "2", "1"};
	struct join_sealer *j = sealer(k1, secret1, 2),
	                   *u = sealer(k1, secret1, 0);
	char t[2][TOK_MAX];
	struct join_stats st = {0, 0, 0};
	size_t i;
	int same = j != NULL && u != NULL;

	for (i = 0; same && i < sizeof(seq) / sizeof(seq[0]); i++)
		same = seal(j, seq[i], t[0]) == 0 &&
		    seal(u, seq[i], t[1]) == 0 && strcmp(t[0], t[1]) == 0;
	ok(same, "tokens from the cache are the tokens without it");
	if (j != NULL)
		join_sealer_stats(j, &st);
	ok(st.seals == 6 && st.derived == 5 && st.evictions == 3,
	    "LRU of 2: 6 seals, 5 derived, 3 evictions (%llu %llu %llu)",
	    (unsigned long long)st.seals, (unsigned long long)st.derived,
	    (unsigned long long)st.evictions);
	join_sealer_free(j);
	join_sealer_free(u);
}

static int
enc_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 32);
}

/* n distinct values "usr_%08zu": their tokens' enc (32 bytes after the
 * kid) all differ, so the tokens do. */
static void
test_distinct(EVP_PKEY *k1, size_t n)
{
	struct join_sealer *j = sealer(k1, secret1, 0);
	uint8_t *encs = malloc(n * 32), raw[TOK_MAX];
	char v[32], t[TOK_MAX];
	size_t i, len, dup = 0, bad = 0;

	for (i = 0; j != NULL && encs != NULL && i < n; i++) {
		snprintf(v, sizeof(v), "\"usr_%08zu\"", i);
		if (seal(j, v, t) != 0 ||
		    b64url_decode(t + 6, strlen(t) - 6, raw, &len) != 0)
			bad++;
		else
			memcpy(encs + 32 * i, raw + KEY_ID_LEN, 32);
	}
	ok(j != NULL && encs != NULL && bad == 0, "%zu join tokens made", n);
	if (encs != NULL && bad == 0) {
		qsort(encs, n, 32, enc_cmp);
		for (i = 1; i < n; i++)
			dup +=
			    memcmp(encs + 32 * (i - 1), encs + 32 * i, 32) == 0;
	}
	ok(encs != NULL && bad == 0 && dup == 0,
	    "%zu distinct values: %zu equal tokens", n, dup);
	free(encs);
	join_sealer_free(j);
}

/* Tokens made on the combs equal OpenSSL's ladder's, value by value;
 * a recipient key on the twist (no comb) still gives tokens, by the
 * ladder, the same with the debug switch on or off. */
static void
test_ladder(EVP_PKEY *k1, int n)
{
	static const uint8_t twist[32] = {0xe5, 0x21, 0x0f, 0x12, 0x78, 0x68,
	    0x11, 0xd3, 0xf4, 0xb7, 0x95, 0x9d, 0x05, 0x38, 0xae, 0x2c, 0x31,
	    0xdb, 0xe7, 0x10, 0x6f, 0xc0, 0x3c, 0x3e, 0xfc, 0x4c, 0xd5, 0x49,
	    0xc7, 0x15, 0xa4, 0x13};
	EVP_PKEY *tw =
	    EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, twist, 32);
	struct join_sealer *c = sealer(k1, secret1, 0),
	                   *ct = sealer(tw, secret1, 0);
	struct join_sealer *l, *lt;
	char v[32], a[TOK_MAX], b[TOK_MAX];
	int i, bad = 0;

	join_debug_ladder(1);
	l = sealer(k1, secret1, 0);
	lt = sealer(tw, secret1, 0);
	join_debug_ladder(0);
	for (i = 0; c != NULL && l != NULL && i < n; i++) {
		snprintf(v, sizeof(v), "\"%d@example.com\"", i);
		bad += seal(c, v, a) != 0 || seal(l, v, b) != 0 || strcmp(a, b);
	}
	ok(c != NULL && l != NULL && bad == 0,
	    "%d values: tokens on combs as by the ladder (%d differ)", n, bad);
	ok(ct != NULL && lt != NULL && seal(ct, "1", a) == 0 &&
	        seal(lt, "1", b) == 0 && strcmp(a, b) == 0,
	    "a recipient key of the twist: tokens by the ladder");
	join_sealer_free(c);
	join_sealer_free(l);
	join_sealer_free(ct);
	join_sealer_free(lt);
	EVP_PKEY_free(tw);
}

/* A recipient key of low order (u = 1, order 4, with a comb) is refused
 * when the sealer is made, as the recipient's key (exit 77), not as a
 * bad token. */
static void
test_low_order_key(void)
{
	static const uint8_t one[32] = {1};
	EVP_PKEY *k =
	    EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, one, 32);
	struct join_sealer *j = NULL;
	struct phi_err e = {0};
	int rc = k != NULL ? join_sealer_new(&j, k, secret1, 0, &e) : -1;

	ok(rc == PHI_EKEY && j == NULL && strstr(e.msg, "recipient") != NULL,
	    "a low-order recipient key: refused as a key problem");
	join_sealer_free(j);
	EVP_PKEY_free(k);
}

int
main(void)
{
	EVP_PKEY *k1 = EVP_PKEY_Q_keygen(NULL, NULL, "X25519"),
	         *k2 = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	const char *ns = getenv("JOIN_TEST_N");
	uint8_t id[KEY_ID_LEN], id2[KEY_ID_LEN];
	struct phi_err e;

	if (k1 == NULL || k2 == NULL) {
		printf("Bail out! no X25519 keys\n");
		return 1;
	}
	test_basics(k1, k2);
	test_lru(k1);
	test_ladder(k1, 1000);
	test_low_order_key();
	ok(join_secret_id(secret1, id, &e) == 0 &&
	        join_secret_id(secret2, id2, &e) == 0 && memcmp(id, id2, 8),
	    "join secret ids differ between secrets");
	test_distinct(k1, ns != NULL ? strtoul(ns, NULL, 10) : 100000);
	EVP_PKEY_free(k1);
	EVP_PKEY_free(k2);
	return tap_done();
}
