/*
 * hpke.h - HPKE (RFC 9180), base mode and auth mode, built from OpenSSL 3.0
 * primitives: DHKEM(X25519, HKDF-SHA256) 0x0020, HKDF-SHA256 0x0001, and the
 * AEADs AES-256-GCM 0x0002 (the suite of phi-tools' tokens) and
 * ChaCha20Poly1305 0x0003.
 *
 * A context is made once per stream (one X25519) and then seals or opens
 * any number of messages, each with an explicit sequence number:
 * nonce = base_nonce XOR I2OSP(seq, 12).  The context keeps one AEAD
 * cipher context keyed once, so a seal or open costs no allocation.
 * Secrets are wiped (OPENSSL_cleanse) when the context is freed.  A
 * low-order enc (all-zero X25519 shared secret) is refused with PHI_EDATA
 * (RFC 9180 section 7.1.4).
 */
#ifndef PHI_HPKE_H
#define PHI_HPKE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "phierr.h"

#define HPKE_KEM_X25519_SHA256 0x0020
#define HPKE_KDF_HKDF_SHA256 0x0001
#define HPKE_AEAD_AES256GCM 0x0002
#define HPKE_AEAD_CHACHA20POLY1305 0x0003

#define HPKE_MODE_BASE 0x00
#define HPKE_MODE_AUTH 0x02 /* AuthEncap: the sender's static key too */

#define HPKE_ENC_LEN 32 /* Nenc: an X25519 public key */
#define HPKE_TAG_LEN 16 /* Nt of both AEADs */
#define HPKE_NONCE_LEN 12

struct hpke_ctx;

/* Encap to pkR (an X25519 public or private key) and key schedule;
 * writes the encapsulated key to enc. */
int hpke_setup_sender(EVP_PKEY *pkR, uint16_t aead_id, const uint8_t *info,
    size_t infolen, uint8_t enc[HPKE_ENC_LEN], struct hpke_ctx **out,
    struct phi_err *e);

/* The same with the ephemeral key pair from DeriveKeyPair(ikmE): for
 * test vectors only, never for real messages. */
int hpke_setup_sender_derand(EVP_PKEY *pkR, uint16_t aead_id,
    const uint8_t *info, size_t infolen, const uint8_t *ikmE, size_t ikmlen,
    uint8_t enc[HPKE_ENC_LEN], struct hpke_ctx **out, struct phi_err *e);

/* Base mode's sender from an Encap the caller computed: enc = pkE,
 * pkR and dh = X25519(skE, pkR), raw (join tokens compute both X25519s
 * on combs: x25519.h).  PHI_EDATA when dh is all zero (pkR is of low
 * order). */
int hpke_setup_sender_dh(const uint8_t enc[HPKE_ENC_LEN],
    const uint8_t pkR[HPKE_ENC_LEN], const uint8_t dh[HPKE_ENC_LEN],
    uint16_t aead_id, const uint8_t *info, size_t infolen,
    struct hpke_ctx **out, struct phi_err *e);

/* mode_auth (RFC 9180 section 5.1.3): AuthEncap to pkR with the
 * sender's static X25519 private key skS (NULL: base mode), key
 * schedule with mode_auth. */
int hpke_setup_sender_auth(EVP_PKEY *pkR, EVP_PKEY *skS, uint16_t aead_id,
    const uint8_t *info, size_t infolen, uint8_t enc[HPKE_ENC_LEN],
    struct hpke_ctx **out, struct phi_err *e);

/* The same with the ephemeral key from DeriveKeyPair(ikmE): tests only. */
int hpke_setup_sender_auth_derand(EVP_PKEY *pkR, EVP_PKEY *skS,
    uint16_t aead_id, const uint8_t *info, size_t infolen, const uint8_t *ikmE,
    size_t ikmlen, uint8_t enc[HPKE_ENC_LEN], struct hpke_ctx **out,
    struct phi_err *e);

/* AuthDecap of enc with skR and the sender's public key pkS (NULL: base
 * mode), key schedule with mode_auth.  A token sealed by another sender
 * gives another key: its open fails (PHI_EDATA). */
int hpke_setup_receiver_auth(EVP_PKEY *skR, EVP_PKEY *pkS, uint16_t aead_id,
    const uint8_t enc[HPKE_ENC_LEN], const uint8_t *info, size_t infolen,
    struct hpke_ctx **out, struct phi_err *e);

/* Decap enc with skR and key schedule.  PHI_EDATA for a low-order enc. */
int hpke_setup_receiver(EVP_PKEY *skR, uint16_t aead_id,
    const uint8_t enc[HPKE_ENC_LEN], const uint8_t *info, size_t infolen,
    struct hpke_ctx **out, struct phi_err *e);

/* Seals pt with sequence number seq; ct needs ptlen + HPKE_TAG_LEN. */
int hpke_seal(struct hpke_ctx *c, uint64_t seq, const uint8_t *aad,
    size_t aadlen, const uint8_t *pt, size_t ptlen, uint8_t *ct,
    struct phi_err *e);

/* Opens ct (ctlen >= HPKE_TAG_LEN); pt needs ctlen - HPKE_TAG_LEN bytes.
 * PHI_EDATA when authentication fails (pt is then wiped). */
int hpke_open(struct hpke_ctx *c, uint64_t seq, const uint8_t *aad,
    size_t aadlen, const uint8_t *ct, size_t ctlen, uint8_t *pt,
    struct phi_err *e);

/* Secret export: L bytes (at most 255 * 32) for exporter context exctx.
 * Only for a context made after hpke_debug_keep_secrets(1): the
 * exporter secret is wiped at set-up otherwise (PHI_ESOFTWARE). */
int hpke_export(struct hpke_ctx *c, const uint8_t *exctx, size_t exlen,
    uint8_t *out, size_t L, struct phi_err *e);

/* Wipes every secret and frees c (NULL is fine). */
void hpke_ctx_free(struct hpke_ctx *c);

/* DeriveKeyPair(ikm) of DHKEM(X25519): the X25519 private key. */
int hpke_derive_keypair(
    const uint8_t *ikm, size_t ikmlen, EVP_PKEY **out, struct phi_err *e);

/* The same private key as 32 raw bytes; 0, or -1 (OpenSSL failed). */
int hpke_derive_secret(const uint8_t *ikm, size_t ikmlen, uint8_t sk[32]);

/*
 * FOR TESTS ONLY (the RFC 9180 vector test): copies of a context's
 * secrets and the nonce of a sequence number.  Programs never call these.
 */
struct hpke_debug {
	uint8_t shared_secret[32];
	uint8_t key[32];
	size_t keylen;
	uint8_t base_nonce[HPKE_NONCE_LEN];
	uint8_t exporter_secret[32];
	int path; /* the AEAD's way (aead.h: enum aead_path; -1: none yet) */
};
/* Contexts set up from now on keep their shared and exporter secrets
 * (otherwise wiped at set-up: hpke_debug_secrets gives zeros there). */
void hpke_debug_keep_secrets(int on);
void hpke_debug_secrets(const struct hpke_ctx *c, struct hpke_debug *d);
void hpke_debug_nonce(
    const struct hpke_ctx *c, uint64_t seq, uint8_t nonce[HPKE_NONCE_LEN]);

#endif
