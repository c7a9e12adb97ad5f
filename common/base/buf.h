/*
 * buf.h - a growable byte buffer, and the block-buffered output every
 * filter writes through (one write(2) per block, never a partial line).
 *
 * Allocation failures and write errors are sticky: the functions return
 * -1 and set b->err (ENOMEM, or the errno of write); check once, late.
 */
#ifndef PHI_BUF_H
#define PHI_BUF_H

#include <stddef.h>

struct buf {
	char *p;
	size_t len, cap;
	int err; /* 0, or the errno of the first failure */
	/* the most bytes from p ever reserved: all a wipe must cover (the
	 * pages past it were never written, and touching them to wipe
	 * them would only fault them in) */
	size_t dirty;
};

#define BUF_INIT                                                               \
	{                                                                      \
		.p = NULL                                                      \
	}

/* Makes room for n more bytes; returns a pointer to them (or NULL). */
char *buf_reserve(struct buf *b, size_t n);
/* Makes the capacity at least cap bytes, as one allocation, so that a
 * buffer known to grow that large is not copied on the way; the room is
 * not counted as written (dirty), so untouched pages stay untouched.
 * 0 or -1.  (Any buffer of 2 MiB or more is aligned to 2 MiB and asks
 * for transparent huge pages: fewer page faults for large blocks.) */
int buf_presize(struct buf *b, size_t cap);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_putc(struct buf *b, char c);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string (quotes and escapes). */
int buf_json_string(struct buf *b, const char *s, size_t n);
/* Writes all n bytes to fd, again after EINTR and short writes; 0, or
 * -1 with errno set (EIO when write wrote nothing). */
int buf_write_all(int fd, const void *p, size_t n);
/* Writes all of b to fd and empties it; -1 on error (b->err set). */
int buf_flush_fd(struct buf *b, int fd);
/* Frees the memory, wiping it first when wipe is non-zero.  (A buffer
 * that grows is copied and the old block wiped before it is freed, never
 * moved by realloc: any buffer may hold plaintext.) */
void buf_free(struct buf *b, int wipe);

#endif
