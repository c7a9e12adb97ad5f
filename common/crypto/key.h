/*
 * key.h - key files and key ids: X25519 encryption keys and Ed25519
 * signing keys as PEM (private: PKCS#8 "PRIVATE KEY" or "ENCRYPTED
 * PRIVATE KEY"; public: SPKI "PUBLIC KEY"), exactly what `openssl genpkey`
 * and `openssl pkey -pubout` make.  Also a keyring of private keys found
 * by key id.
 *
 * Every key problem (missing file, wrong type, bad PEM, wrong passphrase,
 * a private key readable by group or others, a file that already exists)
 * is PHI_EKEY with the file name in the message, never key bytes.  Raw
 * private key copies and PEM buffers are wiped after use.
 *
 * A `passfile` argument is a file whose first line is the passphrase;
 * NULL means PHI_PASSPHRASE, then (when loading) the terminal;
 * PASSPHRASE_TTY (passphrase.h) means ask on the terminal.
 */
#ifndef PHI_KEY_H
#define PHI_KEY_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <openssl/evp.h>

#include "buf.h"
#include "passphrase.h"
#include "phierr.h"

#define KEY_ID_LEN 8

/* type is EVP_PKEY_X25519 or EVP_PKEY_ED25519.  A private key file is
 * refused with a hint to give the .pub file. */
int key_pub_load_file(
    const char *path, int type, EVP_PKEY **out, struct phi_err *e);

/* Refuses files that group or others may access (as ssh does).  An
 * encrypted key takes its passphrase from passfile, PHI_PASSPHRASE, or
 * the terminal without echo (if there is one); it is decrypted only if
 * its key derivation is within kdfcost.h's limits (PHI_EKEY "key
 * derivation too costly (...)" otherwise, before any work). */
int key_sec_load_file(const char *path, int type, const char *passfile,
    EVP_PKEY **out, struct phi_err *e);

/* First 8 bytes of SHA-256 of the raw 32-byte public key (a private key
 * works too). */
int key_id(EVP_PKEY *pk, uint8_t kid[KEY_ID_LEN], struct phi_err *e);

/* 16 lower-case hex digits and a NUL. */
void key_id_hex(const uint8_t kid[KEY_ID_LEN], char hex[17]);

/* The key id of a public or a private key file of the given type. */
int key_id_file(const char *path, int type, const char *passfile,
    uint8_t kid[KEY_ID_LEN], struct phi_err *e);

/* The public key of the private key file path (checked as
 * key_sec_load_file() checks it), as SPKI PEM (what BASE.pub holds),
 * appended to out. */
int key_pub_pem_of_file(const char *path, int type, const char *passfile,
    struct buf *out, struct phi_err *e);

/*
 * Makes a key pair and writes BASE.key (mode 0600, PKCS#8 PEM; with a
 * passphrase "ENCRYPTED PRIVATE KEY", AES-256-CBC and scrypt N=2^18 r=8
 * p=1) and BASE.pub (SPKI PEM, 0644 less the umask).  The passphrase
 * comes from passfile, else PHI_PASSPHRASE, else there is none;
 * PASSPHRASE_TTY asks twice on the terminal.  Never overwrites: if either
 * file exists, nothing is written and the result is PHI_EKEY.  Each file
 * is written to a temporary name, synced and linked into place, so a
 * failure leaves no partial file.  The new key's id goes to kid.
 */
int key_pair_write_files(const char *base, int type, const char *passfile,
    uint8_t kid[KEY_ID_LEN], struct phi_err *e);

/* Writes the PKCS#8 PEM of private key pk to b, encrypted as
 * key_pair_write_files does (AES-256-CBC, scrypt N=2^18) when pass is not
 * NULL; 1 on success, 0 on failure (out of memory). */
int key_pem_private(EVP_PKEY *pk, const char *pass, size_t passlen, BIO *b);

/* Reads a key file (kind: keyfile.h's KEYFILE_PUBLIC or KEYFILE_SECRET,
 * which opens it; at most 64 KiB) into a NUL-terminated buffer (wipe it
 * with OPENSSL_clear_free(buf, len + 1)); its mode goes to *mode. */
int key_file_read(const char *path, int kind, char **buf, size_t *len,
    mode_t *mode, struct phi_err *e);

/* A set of X25519 private keys, found by key id. */
struct keyring;

struct keyring *key_ring_new(void);

/* path is a private key file, or a directory: every *.key in it
 * (X25519 keys; other key types there are skipped).  A key already in
 * the ring is not added twice. */
int key_ring_add_path(struct keyring *kr, const char *path,
    const char *passfile, struct phi_err *e);

/* Adds a loaded X25519 private key (the ring takes its own reference). */
int key_ring_add_key(struct keyring *kr, EVP_PKEY *pk, struct phi_err *e);

/* The private key with that id, or NULL. */
/* The same for public keys: a .pub file, or a directory of them (the
 * accepted senders of phi-decrypt --sender). */
int key_ring_add_pub_path(
    struct keyring *kr, const char *path, struct phi_err *e);
EVP_PKEY *key_ring_find(
    const struct keyring *kr, const uint8_t kid[KEY_ID_LEN]);

size_t key_ring_count(const struct keyring *kr);

void key_ring_free(struct keyring *kr);

#endif
