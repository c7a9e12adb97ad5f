/*
 * test_utf8.c - common/utf8: utf8_check against a reference decoder for
 * every sequence of up to three bytes and every four-byte lead with a
 * sample of tails, the named bad forms, and the offset of the first bad
 * byte at every position of a long ASCII run (the eight-byte path).
 */
#include <string.h>

#include "tap.h"
#include "utf8.h"

/* Reference: decode by bit pattern, then refuse overlong forms,
 * surrogates and values above U+10FFFF.  Length of the valid sequence
 * at s[0..n) (s[0] >= 0x80), or 0. */
static size_t
ref_seq(const unsigned char *s, size_t n)
{
	static const unsigned long min[5] = {0, 0, 0x80, 0x800, 0x10000};
	unsigned long cp;
	size_t len, i;

	if ((s[0] & 0xe0) == 0xc0)
		len = 2, cp = s[0] & 0x1f;
	else if ((s[0] & 0xf0) == 0xe0)
		len = 3, cp = s[0] & 0x0f;
	else if ((s[0] & 0xf8) == 0xf0)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

static size_t
ref_check(const unsigned char *s, size_t n)
{
	size_t i = 0, len;

	while (i < n) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((len = ref_seq(s + i, n - i)) == 0)
			return i;
		i += len;
	}
	return n;
}

/* Every string of len bytes made of a, b, c, d: both checks agree. */
static int
agree(const unsigned char *s, size_t n)
{
	return utf8_check((const char *)s, n) == ref_check(s, n);
}

static void
exhaustive(void)
{
	unsigned char s[4];
	unsigned a, b, c, d;
	int bad = 0;

	for (a = 0; a < 256; a++) {
		s[0] = (unsigned char)a;
		bad += !agree(s, 1);
		for (b = 0; b < 256; b++) {
			s[1] = (unsigned char)b;
			bad += !agree(s, 2);
			for (c = 0; c < 256; c++) {
				s[2] = (unsigned char)c;
				bad += !agree(s, 3);
			}
		}
	}
	ok(bad == 0, "every 1-, 2- and 3-byte string agrees (%d differ)", bad);
	bad = 0;
	for (a = 0xf0; a < 0x100; a++)
		for (b = 0x70; b < 0xd0; b++)
			for (c = 0x70; c < 0xd0; c += 7)
				for (d = 0x70; d < 0xd0; d += 5) {
					s[0] = (unsigned char)a;
					s[1] = (unsigned char)b;
					s[2] = (unsigned char)c;
					s[3] = (unsigned char)d;
					bad += !agree(s, 4);
				}
	ok(bad == 0, "4-byte leads F0..FF with sampled tails agree (%d)", bad);
}

static void
named(void)
{
	static const struct {
		const char *s, *name;
		size_t at;
	} t[] = {
	    {"plain ascii", "ASCII", 11},
	    {"caf\xc3\xa9", "U+00E9", 5},
	    {"\xe2\x82\xac", "U+20AC", 3},
	    {"\xf0\x9f\x98\x80", "U+1F600", 4},
	    {"\xf4\x8f\xbf\xbf", "U+10FFFF", 4},
	    {"\xef\xbf\xbf", "U+FFFF", 3},
	    {"\xed\x9f\xbf", "U+D7FF", 3},
	    {"\xee\x80\x80", "U+E000", 3},
	    {"a\xc0\xaf", "overlong '/' C0 AF", 1},
	    {"\xc1\xbf", "overlong C1 BF", 0},
	    {"ab\xe0\x80\xaf", "overlong E0 80 AF", 2},
	    {"\xe0\x9f\xbf", "overlong E0 9F BF", 0},
	    {"\xf0\x8f\xbf\xbf", "overlong F0 8F BF BF", 0},
	    {"x\xed\xa0\x80", "surrogate ED A0 80", 1},
	    {"\xed\xbf\xbf", "surrogate ED BF BF", 0},
	    {"\xf4\x90\x80\x80", "U+110000", 0},
	    {"\xf5\x80\x80\x80", "lead F5", 0},
	    {"\xff", "FF", 0},
	    {"abc\x80", "lone continuation", 3},
	    {"\xe2\x82", "cut sequence", 0},
	    {"\xc3\xa9\xc3", "cut at the end", 2},
	    {"\xe2\x28\xa1", "bad second byte", 0},
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		ok(utf8_check(t[i].s, strlen(t[i].s)) == t[i].at, "%s at %zu",
		    t[i].name, t[i].at);
	ok(utf8_check("", 0) == 0, "empty");
	ok(utf8_check("a\0b", 3) == 3, "NUL is ASCII");
}

/* The first bad byte is found at every offset of a long ASCII run, and a
 * good sequence at every offset passes (across the 32-byte blocks). */
static void
offsets(void)
{
	char s[100];
	size_t i;
	int bad = 0;

	for (i = 0; i + 2 <= sizeof(s); i++) {
		memset(s, 'a', sizeof(s));
		s[i] = (char)0xc0;
		s[i + 1] = (char)0xaf;
		bad += utf8_check(s, sizeof(s)) != i;
		s[i] = (char)0xc3;
		s[i + 1] = (char)0xa9;
		bad += utf8_check(s, sizeof(s)) != sizeof(s);
		bad += utf8_check(s, i + 1) != i; /* cut by the length */
	}
	ok(bad == 0, "every offset of a 100-byte run (%d wrong)", bad);
}

int
main(void)
{
	exhaustive();
	named();
	offsets();
	return tap_done();
}
