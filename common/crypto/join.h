/*
 * join.h - join tokens (phi-tools(7) "Join tokens"): phi:1 tokens whose
 * ephemeral key is derived from the value, so that equal values under
 * one recipient and one join secret give byte-equal tokens (to group and
 * join on without decrypting):
 *
 *	ikm = HMAC-SHA256(secret, "phi-tools/1 join" || kid || padded)
 *	(skE, pkE) = DeriveKeyPair(ikm)     (RFC 9180 section 7.1.3)
 *	token = "phi:1:" + b64url(kid || enc || seq 0 || Seal(padded))
 *
 * where padded is the value's bytes and its padding spaces, kid the
 * recipient's key id, and the seal is at seq 0 with the 48 header bytes
 * as AAD, as token.h's tokens are: any token opener opens them.
 * Distinct padded plaintexts give distinct ikm, so distinct (key,
 * nonce) pairs: no nonce is ever reused.
 *
 * A join token costs a key derivation and two X25519 operations.  A
 * sealer keeps the tokens of recent values in an LRU cache of at most
 * `cache` entries (padded plaintexts of JOIN_CACHE_VALUE_MAX bytes or
 * fewer), so a stream whose identifiers repeat pays once per distinct
 * value; its forks share it (join_sealer_fork).  The cache is found by
 * an FNV-1a hash of the padded plaintext (a word at a time) and a hit
 * compares the whole plaintext, so a hash collision costs a comparison,
 * never a wrong token; its memory is wiped when freed.
 */
#ifndef PHI_JOIN_H
#define PHI_JOIN_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "key.h"
#include "phierr.h"

#define JOIN_SECRET_LEN 32
#define JOIN_LABEL "phi-tools/1 join"
#define JOIN_ID_LABEL "phi-tools/1 join id"
#define JOIN_CACHE_ENTRIES 32768 /* phi-encrypt's cache */
#define JOIN_CACHE_VALUE_MAX 256 /* longer padded values are not cached */

struct join_sealer;

/* A sealer of join tokens to pub (an X25519 public key) under secret,
 * with a cache of at most cache entries (0: none).  The sealer keeps a
 * copy of the secret (wiped when freed). */
int join_sealer_new(struct join_sealer **out, EVP_PKEY *pub,
    const uint8_t secret[JOIN_SECRET_LEN], size_t cache, struct phi_err *e);

/* A sealer like j that shares j's cache (a value one of them derived is
 * found by all): for worker threads, each with its own sealer.  The cache
 * lives until the last of them is freed; its lock is held to look up
 * and to insert, never over a derivation.  Each sealer counts its own
 * join_stats. */
int join_sealer_fork(
    const struct join_sealer *j, struct join_sealer **out, struct phi_err *e);

/* As token_seal(): the join token of pt followed by padded - ptlen
 * spaces; writes exactly token_text_len(padded) characters to out (no
 * NUL). */
int join_seal(struct join_sealer *j, const uint8_t *pt, size_t ptlen,
    size_t padded, char *out, struct phi_err *e);

struct join_stats {
	uint64_t seals;     /* join tokens made */
	uint64_t derived;   /* of them, by a key derivation (cache misses) */
	uint64_t evictions; /* cache entries reused for another value */
};

void join_sealer_stats(const struct join_sealer *j, struct join_stats *st);

void join_sealer_free(struct join_sealer *j);

/* FOR TESTS ONLY: sealers made from now on (on) run both X25519s with
 * OpenSSL's ladder instead of the combs; their tokens are the same. */
void join_debug_ladder(int on);

/* The id of a join secret: the first 8 bytes of
 * SHA-256("phi-tools/1 join id" || secret). */
int join_secret_id(const uint8_t secret[JOIN_SECRET_LEN],
    uint8_t id[KEY_ID_LEN], struct phi_err *e);

#endif
