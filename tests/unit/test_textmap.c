/*
 * test_textmap.c - common/classify/textmap: the hot and digit bits of a
 * text against their definition (textmap.h), written here a byte at a
 * time, on chosen and random texts; and the texts it does not map.
 */
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "textmap.h"

static int
sp(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
lower(unsigned char c)
{
	return c >= 'a' && c <= 'z';
}

/* End punctuation but the apostrophe. */
static int
end(unsigned char c)
{
	return c != '\0' && strchr(".,;:!?)]}>\"", c) != NULL;
}

static const char *const trigrams[] = {
    "nam", "naa", "nom", "ndl", "ogi", "pel"};

/* The byte at i (a space past the end). */
static unsigned char
at(const char *s, size_t n, size_t i)
{
	return i < n ? (unsigned char)s[i] : ' ';
}

/* textmap.h's hot byte, as its comment says it. */
static int
ref_hot(const char *s, size_t n, size_t i)
{
	unsigned char c = at(s, n, i), prev = i > 0 ? at(s, n, i - 1) : ' ',
	              next = at(s, n, i + 1);
	size_t k;

	if (sp(c))
		return 0;
	if (!(lower(c) || c == '-' || c == '\'' || end(c)))
		return 1;
	if (sp(prev) && !lower(c))
		return 1;
	if (end(c) && !sp(next) && !end(next))
		return 1;
	for (k = 0; k < 6; k++)
		if ((c | 0x20) == trigrams[k][0] &&
		    (next | 0x20) == trigrams[k][1] &&
		    (at(s, n, i + 2) | 0x20) == trigrams[k][2])
			return 1;
	return 0;
}

static int
ref_mapped(const char *s, size_t n)
{
	size_t i;
	unsigned char c;

	if (n > TEXTMAP_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c == '\v' || c == '\f' || c == 0xc2 || c >= 0xe0)
			return 0;
	}
	return 1;
}

/* Does the map of s agree with the definition?  The first byte that
 * differs into *bad_at. */
static int
agrees(const char *s, size_t n, size_t *bad_at)
{
	static struct textmap m;
	size_t i;
	int got = textmap_build(&m, s, n);

	*bad_at = (size_t)-1;
	if (got != ref_mapped(s, n))
		return 0;
	if (!got)
		return 1;
	for (i = 0; i < n; i++) {
		int hot = (int)(m.hot[i / 64] >> (i % 64) & 1),
		    digit = (int)(m.digit[i / 64] >> (i % 64) & 1);
		if (hot != ref_hot(s, n, i) ||
		    digit != (s[i] >= '0' && s[i] <= '9')) {
			*bad_at = i;
			return 0;
		}
	}
	/* the word starts, between random positions */
	for (i = 0; i + 1 < n; i += 7) {
		size_t b = i + 1 + (i * 13) % (n - i - 1), k, want = 0;
		for (k = i + 1; k <= b; k++)
			want += !sp((unsigned char)s[k]) &&
			    sp((unsigned char)s[k - 1]);
		if (textmap_starts(&m, i, b) != want) {
			*bad_at = i;
			return 0;
		}
	}
	/* the next-bit searches (hot byte, digit, word start), from every
	 * position; the start of the word holding each byte of a word */
	for (i = 0; i <= n; i++) {
		size_t h = i, d = i, w = i, st = i;
		while (h < n && !ref_hot(s, n, h))
			h++;
		while (d < n && !(s[d] >= '0' && s[d] <= '9'))
			d++;
		while (w > 0 && !sp((unsigned char)s[w - 1]))
			w--;
		while (st < n &&
		    (sp((unsigned char)s[st]) ||
		        (st > 0 && !sp((unsigned char)s[st - 1]))))
			st++;
		if (textmap_next_hot(&m, i) != h ||
		    textmap_next_digit(&m, i) != d ||
		    textmap_next_start(&m, i) != st ||
		    (i < n && !sp((unsigned char)s[i]) &&
		        textmap_word_start(&m, i) != w)) {
			*bad_at = i;
			return 0;
		}
	}
	return 1;
}

static void
expect_hot(const char *s, const char *want, const char *what)
{
	static struct textmap m;
	char got[256];
	size_t i, n = strlen(s);

	if (!textmap_build(&m, s, n)) {
		ok(0, "%s: not mapped", what);
		return;
	}
	for (i = 0; i < n && i + 1 < sizeof(got); i++)
		got[i] = (m.hot[i / 64] >> (i % 64) & 1) ? '^' : ' ';
	got[i] = '\0';
	ok(strcmp(got, want) == 0, "%s: '%s' (got '%s')", what, want, got);
}

static void
test_chosen(void)
{
	expect_hot("the app crashed", "               ",
	    "prose in lower case: nothing hot");
	expect_hot(
	    "Call me at 5pm.", "^          ^   ", "a capital and a digit");
	expect_hot("it ends here. And", "              ^  ",
	    "a full stop before a space is not hot");
	expect_hot("don't e.g. a,b", "       ^    ^ ",
	    "an apostrophe inside is not hot, a full stop or comma is");
	expect_hot("my surname is", "      ^      ",
	    "the trigram 'nam' of a field name");
	expect_hot(
	    "login handle", " ^      ^   ", "the trigrams of login and handle");
	expect_hot("(see) -x 'q", "^     ^  ^ ",
	    "a word starting with no lower-case letter");
	expect_hot("caf\xc3\xa9 ok", "   ^^   ", "bytes >= 0x80 are hot");
}

static void
test_not_mapped(void)
{
	static char big[TEXTMAP_MAX + 2];
	struct textmap *m = malloc(sizeof(*m));

	if (m == NULL) {
		ok(0, "out of memory");
		return;
	}
	ok(!textmap_build(m, "a\vb", 3), "a vertical tab: not mapped");
	ok(!textmap_build(m, "a\fb", 3), "a form feed: not mapped");
	ok(!textmap_build(m,
	       "a\xc2\xa0"
	       "b",
	       4),
	    "a no-break space: not mapped");
	ok(!textmap_build(m, "\xe7\x94\xb5", 3), "CJK: not mapped");
	memset(big, 'a', sizeof(big));
	ok(textmap_build(m, big, TEXTMAP_MAX), "TEXTMAP_MAX bytes: mapped");
	ok(!textmap_build(m, big, TEXTMAP_MAX + 1),
	    "one byte more: not mapped");
	ok(textmap_build(m, "", 0) && textmap_next_hot(m, 0) == 0,
	    "the empty text: mapped, nothing hot");
	free(m);
}

/* Random texts of bytes that matter to the map (and a few that stop
 * it), of lengths around the block size and up to 300 bytes. */
static void
test_random(const char *how)
{
	static const char alphabet[] =
	    "aaaaeeenmolgidp   \t\n\r-''.,;:!?)]}>\""
	    "(AZNOMG09_@/#+\x80\xc3\xa9\xdf\v\xc2\xe0";
	char text[320];
	uint64_t x = 0x2545f4914f6cdd1dULL;
	size_t i, k, n, bad = 0, bad_at = 0, mapped = 0;

	for (i = 0; i < 20000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = (size_t)(x % 300);
		for (k = 0; k < n; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* the bytes that stop the map only now and then */
			text[k] = alphabet[(x >> 8) %
			    (sizeof(alphabet) - 1 - ((x & 63) != 0 ? 4 : 0))];
		}
		mapped += ref_mapped(text, n);
		if (!agrees(text, n, &bad_at) && bad++ == 0)
			fprintf(stderr, "# differs at %zu of %zu bytes\n",
			    bad_at, n);
	}
	ok(bad == 0 && mapped > 10000,
	    "%s: the map agrees with its definition on 20000 texts (%zu differ, %zu mapped)",
	    how, bad, mapped);
}

int
main(void)
{
	test_chosen();
	test_not_mapped();
	test_random("the best way");
	textmap_debug_no_avx2(1);
	test_random("without AVX2");
	test_chosen();
	textmap_debug_no_avx2(0);
	return tap_done();
}
