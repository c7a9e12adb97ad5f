/*
 * test_vkind.c - common/classify/vkind: vkind_class() of long values
 * (AVX2 where the processor has it) against the OR of the class table,
 * a byte at a time: every byte value in a long value, and random values.
 */
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "vkind.h"

static unsigned
ref_class(const char *s, size_t n)
{
	const unsigned short *t = vkind_class_table();
	unsigned c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c |= t[(unsigned char)s[i]];
	return c;
}

/* Each byte value once, at each place of a 32-byte step, among 'a's. */
static void
test_each_byte(void)
{
	char text[160];
	size_t b, at, bad = 0;

	for (b = 0; b < 256; b++)
		for (at = 0; at < 40; at += 13) {
			memset(text, 'a', sizeof(text));
			text[at] = (char)b;
			if (vkind_class(text, sizeof(text)) !=
			        ref_class(text, sizeof(text)) &&
			    bad++ == 0)
				fprintf(
				    stderr, "# byte 0x%02zx at %zu\n", b, at);
		}
	ok(bad == 0, "every byte value's class in a long value (%zu differ)",
	    bad);
}

static void
test_random(const char *how)
{
	static const char alphabet[] = "aaaeeTTQ0909  \t\t.-@:/+()[]#,'_?=&%"
	                               "\x01\x7f\x80\xc3\xa9\xe7\xff";
	char text[700];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t i, k, n, bad = 0;

	for (i = 0; i < 20000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = (size_t)(x % sizeof(text));
		for (k = 0; k < n; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* a class now and then, so that each is missing
			 * from some values */
			text[k] = (x & 7) == 0
			    ? alphabet[(x >> 8) % (sizeof(alphabet) - 1)]
			    : "abc xyz"[(x >> 8) % 7];
		}
		if (vkind_class(text, n) != ref_class(text, n) && bad++ == 0)
			fprintf(stderr, "# %zu bytes\n", n);
	}
	ok(bad == 0, "%s: random values of up to 700 bytes (%zu differ)", how,
	    bad);
}

int
main(void)
{
	test_each_byte();
	test_random("the best way");
	vkind_debug_no_avx2(1);
	test_random("a byte at a time");
	vkind_debug_no_avx2(0);
	return tap_done();
}
