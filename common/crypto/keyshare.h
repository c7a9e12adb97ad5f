/*
 * keyshare.h - X25519 private keys kept as Shamir shares (shamir.h) in
 * share files (share.h): splitting a key into BASE.share-1 ... N,
 * restoring it from K of them, and the shares phi-decrypt -K is given.
 *
 * The whole private key is never written by a split: its 32 raw bytes
 * live in memory only, and are wiped (OPENSSL_cleanse) on every path,
 * as are the share bytes.  Every problem with a share (missing,
 * damaged, of another key, given twice, too few) is PHI_EKEY naming the
 * file; a file that already exists is never replaced (PHI_EKEY) and a
 * failure leaves none of the new files behind.
 */
#ifndef PHI_KEYSHARE_H
#define PHI_KEYSHARE_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "key.h"
#include "share.h"
#include "phierr.h"

/* Passphrases of share files: files[0..nfiles), each a passphrase file
 * (passphrase.h: its first line, a secret file), PASSPHRASE_TTY (ask on
 * the terminal) or "" (no passphrase). */
struct keyshare_pass {
	const char *const *files;
	size_t nfiles;
	int env; /* reading: also try PHI_PASSPHRASE (after the files) */
};

/* Writes the n shares of X25519 private key pk (k of them needed) as
 * BASE.share-1 ... BASE.share-N (mode 0600) and, with pub set, its public
 * key as BASE.pub (0644 less the umask).  pk's key id goes to kid.  With
 * pp (NULL: none) a share is sealed (share.h) with the passphrase of
 * pp->files[0] when there is one file, of pp->files[i - 1] for share i
 * when there are n; another count is PHI_EUSAGE. */
int keyshare_split(EVP_PKEY *pk, unsigned k, unsigned n, enum share_armor armor,
    const char *base, int pub, const struct keyshare_pass *pp,
    uint8_t kid[KEY_ID_LEN], struct phi_err *e);

/* The X25519 private key of share files paths[0..n): all of one key,
 * each index once, at least K of them; the key restored must have the
 * key id the shares carry.  Those checks come first; then each sealed
 * share is opened with the first passphrase that opens it of, in turn:
 * pp's files (NULL: none), PHI_PASSPHRASE (with pp->env), one asked on the
 * terminal naming the share file, if there is a terminal.  None opens
 * it: PHI_EKEY "FILE: wrong passphrase for this share" (or, when no
 * passphrase was to be had, that it has one). */
int keyshare_combine_files(char *const *paths, size_t n,
    const struct keyshare_pass *pp, EVP_PKEY **out, struct phi_err *e);

/* Writes private key pk as path (PKCS#8 PEM, mode 0600; encrypted as
 * key.h's key_pair_write_files does when passfile or PHI_PASSPHRASE
 * gives a passphrase), never over an existing file. */
int keyshare_write_key(
    const char *path, EVP_PKEY *pk, const char *passfile, struct phi_err *e);

/* The shares phi-decrypt -K is given, of one key or several. */
struct keyshare_set;

struct keyshare_set *keyshare_set_new(void);

/* Takes path if it holds shares: a directory with share files in it
 * (names ending ".share-N"), or a file whose text is a share; *taken
 * says whether it did (0: the caller reads path as a key). */
int keyshare_set_add_path(
    struct keyshare_set *set, const char *path, int *taken, struct phi_err *e);

/* The passphrases of sealed shares, as keyshare_combine_files takes
 * them (pp is kept: it must outlive the set). */
void keyshare_set_pass(
    struct keyshare_set *set, const struct keyshare_pass *pp);

/* Restores the key of each group of shares of one key id and adds it to
 * kr (key.h); the restored keys are in memory only. */
int keyshare_set_to_ring(
    struct keyshare_set *set, struct keyring *kr, struct phi_err *e);

void keyshare_set_free(struct keyshare_set *set);

#endif
