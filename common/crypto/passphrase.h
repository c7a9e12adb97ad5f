/*
 * passphrase.h - passphrases for private key files: read from a file
 * (its first line), from the environment (PHI_PASSPHRASE), or asked on
 * the terminal (/dev/tty) without echo.  Every buffer is wiped before it
 * is freed (passphrase_free).
 */
#ifndef PHI_PASSPHRASE_H
#define PHI_PASSPHRASE_H

#include <stddef.h>

#include "phierr.h"

#define PASSPHRASE_ENV "PHI_PASSPHRASE"
#define PASSPHRASE_MAX 1024 /* bytes, without the line end */

/* Pass this as a `passfile` argument (here and in key.h) to ask on the
 * terminal even when PHI_PASSPHRASE is set. */
extern const char passphrase_tty[];
#define PASSPHRASE_TTY passphrase_tty

enum passphrase_flags {
	PASSPHRASE_PROMPT = 1,  /* ask on the terminal if nothing else */
	PASSPHRASE_CONFIRM = 2, /* ask twice; they must match */
};

/* The first line of path (without "\n" or "\r\n"); PHI_EKEY if it is
 * missing, unreadable, empty or longer than PASSPHRASE_MAX, and when it
 * is not a secret file as keyfile.h says (a symbolic link, not a
 * regular file, another user's) or group or others may access it. */
int passphrase_read_file(
    const char *path, char **out, size_t *outlen, struct phi_err *e);

/* Asks on /dev/tty with echo off ("prompt: "), twice with
 * PASSPHRASE_CONFIRM.  PHI_EKEY when there is no terminal, when the
 * answer is empty or when the two answers differ.  A signal that arrives
 * meanwhile is delivered after the terminal is restored. */
int passphrase_prompt(const char *prompt, int flags, char **out, size_t *outlen,
    struct phi_err *e);

/*
 * The passphrase from, in turn: passfile (PASSPHRASE_TTY: the terminal),
 * PHI_PASSPHRASE, the terminal (only with PASSPHRASE_PROMPT and a
 * terminal).  Returns 0 with *out NULL when none was given and prompting
 * is off or impossible; the caller decides whether that is an error.
 */
int passphrase_get(const char *passfile, int flags, const char *prompt,
    char **out, size_t *outlen, struct phi_err *e);

/* 1 if there is a terminal (/dev/tty) to ask on, else 0. */
int passphrase_have_tty(void);

/* Wipes and frees a passphrase (NULL is fine). */
void passphrase_free(char *p, size_t len);

#endif
