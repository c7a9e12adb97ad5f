/* test_share - common/crypto/share.c: both forms read back, a damaged
 * PEM share and a mistyped words line are found (and named), no message
 * holds the share's text. */
#include <string.h>

#include "share.h"
#include "tap.h"

static void
sample(struct share *s)
{
	unsigned i;

	for (i = 0; i < KEY_ID_LEN; i++)
		s->kid[i] = (uint8_t)(0xa0 + i);
	for (i = 0; i < SHAMIR_LEN; i++)
		s->y[i] = (uint8_t)(7 * i + 3);
	s->k = 3;
	s->n = 5;
	s->index = 4;
}

static int
same(const struct share *a, const struct share *b)
{
	return memcmp(a->kid, b->kid, KEY_ID_LEN) == 0 && a->k == b->k &&
	    a->n == b->n && a->index == b->index &&
	    memcmp(a->y, b->y, SHAMIR_LEN) == 0;
}

static void
test_round_trip(enum share_armor armor, const char *what)
{
	struct buf b = BUF_INIT;
	struct share s, t;
	struct phi_err e;

	sample(&s);
	memset(&t, 0, sizeof(t));
	ok(share_encode(&s, armor, &b, &e) == 0, "%s: encodes", what);
	ok(share_sniff(b.p, b.len) == 1, "%s: sniffed as a share", what);
	ok(share_decode("x", b.p, b.len, &t, &e) == 0 && same(&s, &t),
	    "%s: reads back", what);
	buf_free(&b, 1);
}

/* Changes character i of the text (to another one of the alphabet). */
static void
flip(char *p, size_t i)
{
	p[i] = p[i] == 'a' ? 'b' : 'a';
}

static void
test_pem_damage(void)
{
	struct buf b = BUF_INIT;
	struct share s, t;
	struct phi_err e;
	char *body;

	sample(&s);
	share_encode(&s, SHARE_PEM, &b, &e);
	body = strstr(b.p, "-----\n") + 6;
	flip(body, 20);
	ok(share_decode("f.share-4", b.p, b.len, &t, &e) == PHI_EKEY &&
	        strstr(e.msg, "f.share-4: damaged share") != NULL,
	    "PEM: a changed character is a damaged share (%s)", e.msg);
	ok(strstr(e.msg, "-----") == NULL, "PEM: no share text in the message");
	buf_free(&b, 1);
	ok(share_decode("g", "hello\n", 6, &t, &e) == PHI_EKEY &&
	        strstr(e.msg, "g: not a key share") != NULL,
	    "not a share: %s", e.msg);
}

static void
test_words_damage(void)
{
	struct buf b = BUF_INIT;
	struct share s, t;
	struct phi_err e;
	char *l3, was;

	sample(&s);
	share_encode(&s, SHARE_WORDS, &b, &e);
	l3 = strstr(b.p, "\n3: ") + 4;
	was = l3[6];
	flip(l3, 6);
	ok(share_decode("w", b.p, b.len, &t, &e) == PHI_EKEY &&
	        strstr(e.msg, "w: line 4: the check characters") != NULL,
	    "words: a typo is found in its line (%s)", e.msg);
	l3[6] = was;
	*strstr(b.p, "\n5: ") = '\0';
	ok(share_decode("w", b.p, strlen(b.p), &t, &e) == PHI_EKEY &&
	        strstr(e.msg, "4 of the 5 share lines") != NULL,
	    "words: a missing line (%s)", e.msg);
	buf_free(&b, 1);
}

/* Upper case, i/l/o and extra spacing read as the printed text. */
static void
test_words_lenient(void)
{
	struct buf b = BUF_INIT, u = BUF_INIT;
	struct share s, t;
	struct phi_err e;
	size_t i;
	int data = 0;

	sample(&s);
	share_encode(&s, SHARE_WORDS, &b, &e);
	for (i = 0; i < b.len; i++) {
		char c = b.p[i];
		if (c == ':' || c == '\n')
			data = c == ':';
		if (!data || c == ':')
			buf_putc(&u, c);
		else if (c == '1')
			buf_putc(&u, 'l');
		else if (c == '0')
			buf_putc(&u, 'O');
		else if (c >= 'a' && c <= 'z')
			buf_putc(&u, (char)(c - 'a' + 'A'));
		else if (c == ' ')
			buf_puts(&u, " - ");
		else
			buf_putc(&u, c);
	}
	ok(share_decode("u", u.p, u.len, &t, &e) == 0 && same(&s, &t),
	    "words: upper case, l for 1, O for 0 and dashes read back (%s)",
	    e.msg);
	buf_free(&b, 1);
	buf_free(&u, 1);
}

int
main(void)
{
	test_round_trip(SHARE_PEM, "PEM");
	test_round_trip(SHARE_WORDS, "words");
	test_pem_damage();
	test_words_damage();
	test_words_lenient();
	return tap_done();
}
