/*
 * share.h - key share files: one Shamir share (shamir.h) of an X25519
 * private key, as PEM or as lines a person can type from paper.
 *
 * The payload is 48 bytes: version (1), the key id of the key (8, as
 * key.h's key_id computes it), K (1), N (1), the share's index (1), the
 * share bytes (32), and a checksum: the first 4 bytes of SHA-256 over
 * the 44 bytes before it.
 *
 * PEM form: a comment line ("# ..."), then the payload in base64 under
 * the label "PHI KEY SHARE" (one line of 64 characters).
 *
 * Words form (--armor words): a comment line, then 5 lines
 * "L: xxxx xxxx xxxx xxxx cc": the payload and two zero bytes, 10 bytes
 * a line, in base32 (Crockford's alphabet 0-9 a-z without i l o u; read
 * back in either case, i and l as 1, o as 0; spaces and '-' ignored),
 * and cc, two characters of check: the first 10 bits of SHA-256 over
 * the line number (one byte) and the line's 10 bytes.  A typing error is
 * found in its line; the whole checksum then stands behind the lines.
 *
 * A share sealed with a passphrase (share_seal) is PEM only, under the
 * label "PHI ENCRYPTED KEY SHARE": 95 bytes, version (1), the key id
 * (8), K, N and the index (1 each) in clear, so that its holder and
 * --combine see which share it is (and refuse a share of another key,
 * a duplicate or too few shares) before any passphrase is asked; then
 * scrypt's log2 N, r and p (1 each: 18, 8, 1 as keys.h's keys), its
 * salt (16), the AES-256-GCM nonce (12), the share bytes encrypted
 * (32) and the GCM tag (16), with the 43 bytes before the ciphertext
 * as associated data (an altered header fails the tag); and the first
 * 4 bytes of SHA-256 over the 91 bytes before, so that a damaged file
 * is told from a wrong passphrase.  The cost is checked against
 * kdfcost.h's limits before any derivation.
 *
 * Every problem is PHI_EKEY with the name given and, for the words
 * form, the line; never a share byte.  Buffers holding share bytes are
 * wiped.
 */
#ifndef PHI_SHARE_H
#define PHI_SHARE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "key.h"
#include "shamir.h"
#include "phierr.h"

#define SHARE_VERSION 1
#define SHARE_LABEL "PHI KEY SHARE"
#define SHARE_SEALED_LABEL "PHI ENCRYPTED KEY SHARE"
#define SHARE_SCRYPT_LOG2N 18 /* scrypt N=2^18 r=8 p=1, as keys.h's keys */
#define SHARE_BOX_LEN 79      /* scrypt, salt, nonce, ciphertext, tag */

enum share_armor { SHARE_PEM = 0, SHARE_WORDS = 1 };

struct share {
	uint8_t kid[KEY_ID_LEN]; /* the key id of the key it restores */
	uint8_t k, n, index;     /* K needed of N; this one's index */
	uint8_t y[SHAMIR_LEN];   /* the share bytes (zero while sealed) */
	uint8_t sealed;          /* 1: y is in box, under a passphrase */
	uint8_t box[SHARE_BOX_LEN];
};

/* Appends the share in the given form to out (wipe out after use). */
int share_encode(const struct share *s, enum share_armor armor, struct buf *out,
    struct phi_err *e);

/* Appends share s sealed with passphrase pass (PEM only: PHI_EUSAGE for
 * SHARE_WORDS); PHI_ESOFTWARE when OpenSSL fails. */
int share_seal(const struct share *s, const char *pass, size_t passlen,
    enum share_armor armor, struct buf *out, struct phi_err *e);

/* Opens a sealed share (s->sealed) with passphrase pass: s->y is then
 * the share bytes and s->sealed 0.  PHI_EKEY "NAME: wrong passphrase
 * for this share"; PHI_ESOFTWARE when out of memory.  A share not
 * sealed is left as it is. */
int share_open(const char *name, struct share *s, const char *pass,
    size_t passlen, struct phi_err *e);

/* 1 if text looks like a share (a "PHI KEY SHARE" or "PHI ENCRYPTED
 * KEY SHARE" PEM block or a words line "1:"), else 0: what phi-decrypt
 * -K asks of a file. */
int share_sniff(const char *text, size_t len);

/* Reads a share of either form from text (name is for messages); a
 * sealed one has s->sealed set (share_open opens it). */
int share_decode(const char *name, const char *text, size_t len,
    struct share *s, struct phi_err *e);

/* Reads the share file path: a secret file as keyfile.h says, which
 * group and others may not access. */
int share_load_file(const char *path, struct share *s, struct phi_err *e);

#endif
