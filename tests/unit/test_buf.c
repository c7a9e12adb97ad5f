/*
 * test_buf.c - common/buf: appending and growing, sticky errors,
 * JSON string quoting (round trip through json_unquote) and block
 * output to a descriptor.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "json.h"
#include "tap.h"

static int
buf_is(const struct buf *b, const char *want, size_t n)
{
	return b->len == n && (n == 0 || memcmp(b->p, want, n) == 0);
}

static void
test_append(void)
{
	struct buf b = BUF_INIT;
	size_t i;
	int good = 1;

	ok(buf_reserve(&b, 0) != NULL && b.err == 0,
	    "buf_reserve(0) on an empty buffer works");
	ok(buf_append(&b, "ab", 2) == 0 && buf_putc(&b, 'c') == 0 &&
	        buf_puts(&b, "de") == 0 && buf_is(&b, "abcde", 5),
	    "append, putc, puts");
	ok(buf_printf(&b, "-%d-%s-", 42, "x") == 0 &&
	        buf_is(&b, "abcde-42-x-", 11),
	    "printf appends");
	ok(buf_append(&b, NULL, 0) == 0 && b.len == 11, "append of 0 bytes");
	b.len = 0;
	for (i = 0; i < 100000; i++)
		good &= buf_putc(&b, (char)('a' + i % 26)) == 0;
	for (i = 0; i < 100000; i++)
		good &= b.p[i] == (char)('a' + i % 26);
	ok(good && b.len == 100000 && b.cap >= 100000,
	    "100000 putc: the buffer grows and keeps its bytes");
	b.len = 0;
	ok(buf_printf(&b, "%09000d", 7) == 0 && b.len == 9000 &&
	        b.p[0] == '0' && b.p[8999] == '7',
	    "a long printf");
	buf_free(&b, 1);
	ok(b.p == NULL && b.len == 0 && b.cap == 0, "buf_free empties it");
}

static void
test_sticky_errors(void)
{
	struct buf b = BUF_INIT;
	int p[2];

	ok(buf_append(&b, "x", 1) == 0, "a first append");
	ok(buf_reserve(&b, SIZE_MAX) == NULL && b.err == ENOMEM,
	    "an impossible reserve: NULL, ENOMEM");
	ok(buf_reserve(&b, SIZE_MAX / 2) == NULL, "half of SIZE_MAX too");
	ok(buf_putc(&b, 'y') == -1 && buf_puts(&b, "z") == -1 &&
	        buf_printf(&b, "%d", 1) == -1,
	    "later appends fail (sticky)");
	ok(b.len == 1 && b.p[0] == 'x', "and the data is still there");
	if (pipe(p) != 0)
		return;
	ok(buf_flush_fd(&b, p[1]) == -1, "flush after an error fails");
	close(p[0]);
	close(p[1]);
	buf_free(&b, 0);
	ok(b.err == 0 && buf_putc(&b, 'a') == 0 && buf_is(&b, "a", 1),
	    "after buf_free the buffer is new again");
	ok(buf_json_string(&b, "a", SIZE_MAX / 2) == -1 && b.err == ENOMEM,
	    "buf_json_string of a huge length: -1");
	buf_free(&b, 0);
}

static void
test_json_string(void)
{
	struct buf b = BUF_INIT, back = BUF_INIT;
	char all[256];
	int i;

	ok(buf_json_string(&b, "", 0) == 0 && buf_is(&b, "\"\"", 2),
	    "empty string");
	b.len = 0;
	ok(buf_json_string(&b, "a\"b\\c/", 6) == 0 &&
	        buf_is(&b, "\"a\\\"b\\\\c/\"", 10),
	    "quote and backslash");
	b.len = 0;
	ok(buf_json_string(&b, "\n\t\x01\x1f\x7f", 5) == 0 &&
	        buf_is(&b, "\"\\u000a\\u0009\\u0001\\u001f\x7f\"", 27),
	    "control characters as \\u00XX, DEL as it is");
	b.len = 0;
	ok(buf_json_string(&b, "caf\xc3\xa9 \xf0\x9f\x90\x9d", 10) == 0 &&
	        buf_is(&b, "\"caf\xc3\xa9 \xf0\x9f\x90\x9d\"", 12),
	    "UTF-8 unchanged");
	b.len = 0;
	ok(buf_json_string(&b, "a\0b", 3) == 0 &&
	        buf_is(&b, "\"a\\u0000b\"", 10),
	    "a NUL byte");
	for (i = 0; i < 256; i++)
		all[i] = (char)i;
	b.len = 0;
	ok(buf_json_string(&b, all, 256) == 0 &&
	        json_unquote(b.p, b.len, &back) == 0 && buf_is(&back, all, 256),
	    "all 256 byte values round-trip through json_unquote");
	b.len = 0;
	buf_puts(&b, "x");
	ok(buf_json_string(&b, "y", 1) == 0 && buf_is(&b, "x\"y\"", 4),
	    "buf_json_string appends");
	buf_free(&b, 0);
	buf_free(&back, 0);
}

static void
test_flush(void)
{
	struct buf b = BUF_INIT;
	char got[64];
	int p[2];

	if (pipe(p) != 0)
		return;
	buf_puts(&b, "{\"a\":1}\n");
	ok(buf_flush_fd(&b, p[1]) == 0 && b.len == 0,
	    "flush writes and empties");
	ok(read(p[0], got, sizeof(got)) == 8 &&
	        memcmp(got, "{\"a\":1}\n", 8) == 0,
	    "the bytes arrive");
	ok(buf_flush_fd(&b, p[1]) == 0, "flush of nothing");
	close(p[0]);
	close(p[1]);
	buf_puts(&b, "x");
	ok(buf_flush_fd(&b, p[1]) == -1 && b.err == EBADF,
	    "flush to a closed descriptor: -1, EBADF");
	buf_free(&b, 0);
}

/* A wipe covers every byte ever reserved (dirty), also after the
 * buffer was emptied and filled less, and no more than that: the pages
 * of a large buffer that were never written are not touched. */
static void
test_dirty(void)
{
	struct buf b = BUF_INIT;

	ok(buf_append(&b, "secret", 6) == 0 && b.dirty == 6,
	    "dirty: the bytes appended");
	b.len = 0;
	ok(buf_append(&b, "ab", 2) == 0 && b.dirty == 6,
	    "dirty: kept when the buffer is emptied and filled less");
	ok(buf_reserve(&b, 100) != NULL && b.dirty == 102 && b.len == 2,
	    "dirty: a reserve counts, written or not");
	ok(buf_reserve(&b, 1 << 20) != NULL && b.cap >= (1 << 20) + 2 &&
	        b.dirty == (1 << 20) + 2 && memcmp(b.p, "ab", 2) == 0,
	    "dirty: after growing, what is kept and what is reserved");
	buf_free(&b, 1);
	ok(b.dirty == 0 && b.cap == 0, "buf_free: nothing dirty");
}

/* A buffer of 2 MiB or more is one aligned allocation of a multiple of
 * 2 MiB (huge pages may back it); growing it keeps what it held. */
static void
test_huge(void)
{
	struct buf b = BUF_INIT;
	size_t mib2 = (size_t)2 << 20;

	ok(buf_presize(&b, 3 * ((size_t)1 << 20)) == 0 && b.cap % mib2 == 0 &&
	        (uintptr_t)b.p % mib2 == 0 && b.dirty == 0,
	    "presize 3 MiB: a multiple of 2 MiB, 2 MiB aligned, nothing dirty");
	ok(buf_append(&b, "kept", 4) == 0 &&
	        buf_reserve(&b, 3 * mib2) != NULL &&
	        (uintptr_t)b.p % mib2 == 0 && memcmp(b.p, "kept", 4) == 0,
	    "grown past it: still aligned, the bytes kept");
	buf_free(&b, 1);
	ok(buf_presize(&b, 1000) == 0 && b.cap == 4096,
	    "a small buffer stays small");
	buf_free(&b, 1);
}

int
main(void)
{
	test_dirty();
	test_huge();
	test_append();
	test_sticky_errors();
	test_json_string();
	test_flush();
	return tap_done();
}
