/* buf.c - growable buffers and block output (see buf.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "buf.h"

/* A capacity of BUF_HUGE bytes or a multiple (buf_grow() doubles from
 * 4096, so every capacity from 2 MiB up is one) is aligned to it and
 * offered to the kernel as transparent huge pages (madvise; where THP
 * is off, or the call fails, the pages are small and nothing else
 * changes).  The worker threads' blocks are such buffers: phi-encrypt
 * -j 2 on the bench events took 4 311 page faults with small pages,
 * 680 with these, and its system time fell from 0.05 s to 0.02 s. */
#define BUF_HUGE ((size_t)2 << 20)

static char *
buf_alloc(size_t cap)
{
	char *p;

	if (cap < BUF_HUGE || cap % BUF_HUGE != 0)
		return malloc(cap);
	if ((p = aligned_alloc(BUF_HUGE, cap)) != NULL)
		(void)madvise(p, cap, MADV_HUGEPAGE);
	return p;
}

/* buf_room() when the room is not there: p moved (or made).  A move
 * copies len bytes, and dirty becomes len. */
static int
buf_grow(struct buf *b, size_t n)
{
	size_t cap;
	char *p;

	if (b->err != 0)
		return -1;
	if (n > SIZE_MAX / 2 - b->len) {
		b->err = ENOMEM;
		return -1;
	}
	cap = b->cap < 4096 ? 4096 : b->cap;
	while (cap - b->len < n)
		cap *= 2;
	/* not realloc: the old block may hold plaintext, which is copied
	 * and then wiped before it is freed */
	if ((p = buf_alloc(cap)) == NULL) {
		b->err = ENOMEM;
		return -1;
	}
	if (b->p != NULL) {
		memcpy(p, b->p, b->len);
		OPENSSL_cleanse(b->p, b->dirty);
		free(b->p);
	}
	b->p = p;
	b->cap = cap;
	b->dirty = b->len;
	return 0;
}

/* Room for n more bytes after len, p moved if need be; 0 or -1 (err
 * set); dirty is left alone unless p moved (the caller says what it
 * hands out).  The test here, inlined, is the whole cost of the common
 * case (a call a token and a copied run of a line: 28 instructions
 * out of line). */
static inline int
buf_room(struct buf *b, size_t n)
{
	if (b->err == 0 && b->p != NULL && n <= b->cap - b->len)
		return 0;
	return buf_grow(b, n);
}

char *
buf_reserve(struct buf *b, size_t n)
{
	if (buf_room(b, n) != 0)
		return NULL;
	if (b->dirty < b->len + n)
		b->dirty = b->len + n;
	return b->p + b->len;
}

int
buf_presize(struct buf *b, size_t cap)
{
	return buf_room(b, cap > b->len ? cap - b->len : 0);
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	char *d = buf_reserve(b, n);

	if (d == NULL)
		return -1;
	if (n > 0)
		memcpy(d, p, n);
	b->len += n;
	return 0;
}

int
buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *d;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (d = buf_reserve(b, (size_t)n + 1)) == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_json_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	char *d;

	/* worst case: every byte becomes \u00XX */
	if (n > (SIZE_MAX - 2) / 6) {
		b->err = ENOMEM;
		return -1;
	}
	if ((d = buf_reserve(b, n * 6 + 2)) == NULL)
		return -1;
	*d++ = '"';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\') {
			*d++ = '\\';
			*d++ = (char)c;
		} else if (c < 0x20) {
			memcpy(d, "\\u00", 4);
			d[4] = hex[c >> 4];
			d[5] = hex[c & 15];
			d += 6;
		} else
			*d++ = (char)c;
	}
	*d++ = '"';
	b->len = (size_t)(d - b->p);
	return 0;
}

int
buf_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t k;

	while (n > 0) {
		k = write(fd, c, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			if (k == 0)
				errno = EIO;
			return -1;
		}
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

int
buf_flush_fd(struct buf *b, int fd)
{
	if (b->err != 0)
		return -1;
	if (buf_write_all(fd, b->p, b->len) != 0) {
		b->err = errno;
		return -1;
	}
	b->len = 0;
	return 0;
}

void
buf_free(struct buf *b, int wipe)
{
	if (b->p != NULL && wipe)
		OPENSSL_cleanse(b->p, b->dirty);
	free(b->p);
	b->p = NULL;
	b->len = b->cap = b->dirty = 0;
	b->err = 0;
}
