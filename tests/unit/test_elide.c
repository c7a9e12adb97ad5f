/*
 * test_elide.c - elide_line() against a byte-at-a-time reference of the
 * rules in elide.h, on hand-made lines and on 200,000 random ones built
 * from the pieces that matter (quotes, backslashes, the prefix, ':',
 * white space, control characters, bodies of every length around
 * ELIDE_MIN and the 16-byte blocks); elide_map() on every offset.
 */
#include <stdlib.h>
#include <string.h>

#include "elide.h"
#include "tap.h"

#define PRE "phi:1:"
#define PLEN 6

struct ref_cut {
	size_t body, end; /* [body, end) is cut; end is the closing '"' */
};

static int
ref_key_follows(const char *s, size_t n, size_t i)
{
	while (i < n && strchr(" \t\n\v\f\r", s[i]) != NULL && s[i] != '\0')
		i++;
	return i < n && s[i] == ':';
}

/* The rules, one byte at a time: cuts into c, their count returned. */
static size_t
ref_cuts(const char *s, size_t n, struct ref_cut *c)
{
	size_t i, j, bs, k = 0;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] != '"' || n - i - 1 < PLEN ||
		    memcmp(s + i + 1, PRE, PLEN) != 0)
			continue;
		for (bs = 0; bs < i && s[i - 1 - bs] == '\\'; bs++)
			;
		if (bs % 2 == 1)
			continue;
		for (j = i + 1 + PLEN; j < n && s[j] != '"' && s[j] != '\\' &&
		     (unsigned char)s[j] >= 0x20;
		     j++)
			;
		if (j >= n || s[j] != '"' || j - (i + 1 + PLEN) < ELIDE_MIN ||
		    ref_key_follows(s, n, j + 1))
			continue;
		c[k].body = i + 1 + PLEN;
		c[k++].end = j;
		i = j;
	}
	return k;
}

/* elide_line() on s agrees with the reference: the cuts, the short line,
 * and elide_map() of each of its offsets (forwards, then backwards). */
static int
check(const char *s, size_t n, struct elide *e, size_t *cuts)
{
	struct ref_cut c[64];
	size_t k = ref_cuts(s, n, c), i, from = 0, at = 0, len = 0, gone = 0;

	*cuts = k;
	if (elide_line(e, s, n, PRE, PLEN) != 0 || e->ncut != k)
		return 0;
	for (i = 0; i < k; i++) {
		len += c[i].body - from;
		if (e->cut[i].at != len || e->cut[i].n != c[i].end - c[i].body)
			return 0;
		from = c[i].end;
		gone += c[i].end - c[i].body;
	}
	if (k == 0)
		return 1;
	if (e->out.len != n - gone)
		return 0;
	for (i = 0; i < e->out.len; i++) {
		at = elide_map(e, i);
		if (at >= n || s[at] != e->out.p[i])
			return 0;
	}
	for (i = e->out.len; i-- > 0;)
		if (s[elide_map(e, i)] != e->out.p[i])
			return 0;
	return 1;
}

static const char *const hand[] = {
    "{\"a\":\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123456789-_\"}",
    "{\"a\":\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcde\"}", /* 31: kept */
    "{\"a\":\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef\"}", /* 32: cut */
    "{\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123\" :1}", /* a key */
    "{\"a\":\"x\\\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123\"}",
    "{\"a\":\"x\\\\\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123\"}",
    "{\"a\":\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ\\u0041abcdef0123\"}",
    "{\"a\":\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ\tabcdef0123456\"}",
    "{\"a\":\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ \xc3\xa9 abcdef0123\"}",
    "{\"a\":[\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123\",\"phi:1:"
    "0123456789012345678901234567890123456789\"]}",
    "\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123\"",
    "{\"a\":\"phi:1:"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef0123",
};

static void
test_hand(void)
{
	static const size_t want[] = {1, 0, 1, 0, 0, 1, 0, 0, 1, 2, 1, 0};
	struct elide e = {0};
	size_t i, cuts, bad = 0;

	for (i = 0; i < sizeof(hand) / sizeof(hand[0]); i++)
		if (!check(hand[i], strlen(hand[i]), &e, &cuts) ||
		    cuts != want[i])
			bad++, ok(0, "hand-made line %zu: %zu cuts", i, cuts);
	ok(bad == 0, "12 hand-made lines: the cuts the rules make");
	elide_free(&e);
}

static const char *const piece[] = {"\"", "\\", ("\"" PRE), PRE, ":", " ", "\t",
    "\n", "\x01", "p", "\"p", "{", "}", ",", "\xc3\xa9", "A", "-_"};

/* A random line from the pieces and runs of base64url characters. */
static size_t
random_line(char *s, size_t cap)
{
	size_t n = 0, k, len, i;
	size_t parts = 1 + (size_t)rand() % 12;

	for (k = 0; k < parts; k++) {
		if (rand() % 4 == 0 && n + 8 + ELIDE_MIN + 40 < cap) {
			/* a whole token, of a length around ELIDE_MIN */
			memcpy(s + n, "\"" PRE, PLEN + 1);
			n += PLEN + 1;
			len = ELIDE_MIN - 2 + (size_t)rand() % 40;
			for (i = 0; i < len; i++)
				s[n++] = "ABCxyz019-_"[rand() % 11];
			s[n++] = '"';
			continue;
		}
		if (rand() % 3 == 0) {
			len = (size_t)rand() % 80;
			for (i = 0; i < len && n < cap; i++)
				s[n++] = "ABCxyz019-_"[rand() % 11];
			continue;
		}
		const char *p =
		    piece[rand() % (sizeof(piece) / sizeof(*piece))];

		len = strlen(p);
		if (n + len > cap)
			break;
		memcpy(s + n, p, len);
		n += len;
	}
	return n;
}

static void
test_random(void)
{
	struct elide e = {0};
	char s[1200];
	size_t round, n, cuts, total = 0, bad = 0;

	srand(42);
	for (round = 0; round < 200000; round++) {
		n = random_line(s, sizeof(s));
		if (!check(s, n, &e, &cuts))
			bad++;
		total += cuts;
	}
	ok(bad == 0 && total > 10000,
	    "200000 random lines: as the reference (%zu cuts, %zu differ)",
	    total, bad);
	elide_free(&e);
}

static void
test_prefix_ok(void)
{
	static const char *const good[] = {"phi:1:", "p", "Zq-_.:", "x y"};
	static const char *const bad[] = {"", "nul", "t", "fals",
	    "n:1:", "1phi", ":phi", "p\"q", "p\\q", "p\tq", "\xc3\xa9"};
	size_t i, wrong = 0;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		wrong += !elide_prefix_ok(good[i], strlen(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		wrong += elide_prefix_ok(bad[i], strlen(bad[i]));
	ok(wrong == 0,
	    "elide_prefix_ok: letters but t, f, n first; no quote, "
	    "backslash or control byte (%zu wrong)",
	    wrong);
}

int
main(void)
{
	test_prefix_ok();
	test_hand();
	test_random();
	return tap_done();
}
