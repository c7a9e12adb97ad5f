/*
 * util.h - what the libFuzzer harnesses (tests/fuzz/fuzz_*.c) share:
 * the fuzz input as an in-memory file descriptor or as a file in a
 * private scratch directory, reading a descriptor back, the fixed test
 * keys, and a check that aborts (so that libFuzzer records the input)
 * when an invariant does not hold.
 */
#ifndef PHI_FUZZ_UTIL_H
#define PHI_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "buf.h"

/* A memfd holding data[0..n), positioned at 0.  Aborts on failure. */
int fuzz_memfd(const uint8_t *data, size_t n);

/* An empty memfd (an output). */
int fuzz_memfd_empty(void);

/* Everything in fd from offset 0 (b is emptied first). */
void fuzz_read_all(int fd, struct buf *b);

/* "DIR/name" in the harness's scratch directory (made on first use,
 * removed at exit); the result is static, valid until the next call. */
const char *fuzz_path(const char *name);

/* Writes data[0..n) to path (created or emptied) with mode. */
void fuzz_write_file(const char *path, const uint8_t *data, size_t n, int mode);

/* The X25519 test key (private, so also its public half) and the
 * Ed25519 test signing key, from fixed bytes: tests/fuzz/keys holds the
 * same keys as PEM for making seeds.  Never freed. */
EVP_PKEY *fuzz_x25519_key(void);
EVP_PKEY *fuzz_ed25519_key(void);
EVP_PKEY *fuzz_ed25519_pub(void);

/* Aborts with what when cond is false (an invariant broke). */
void fuzz_check(int cond, const char *what);

/* Is data[0..n) (any number of lines) NDJSON that the streaming core
 * takes without a bad line? */
int fuzz_ndjson_good(const char *data, size_t n);

#endif
