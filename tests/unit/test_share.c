/* test_share - common/crypto/share.c: both forms read back, a damaged
 * PEM share and a mistyped words line are found (and named), no message
 * holds the share's text; sealed shares open with their passphrase only,
 * their header is authenticated and their scrypt cost bounded. */
#include <string.h>

#include <openssl/evp.h>

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

#define PASS "correct horse"
#define PASSLEN (sizeof(PASS) - 1)

/* A sealed share read back is sealed; only its passphrase opens it. */
static void
test_sealed_round_trip(void)
{
	struct buf b = BUF_INIT;
	struct share s, t;
	struct phi_err e;
	static const uint8_t zero[SHAMIR_LEN];

	sample(&s);
	memset(&t, 0, sizeof(t));
	ok(share_seal(&s, PASS, PASSLEN, SHARE_PEM, &b, &e) == 0,
	    "sealed: encodes");
	ok(strstr(b.p, "-----BEGIN PHI ENCRYPTED KEY SHARE-----\n") != NULL &&
	        strstr(b.p, "any 3 restore key a0a1a2a3a4a5a6a7 "
	                    "(passphrase-protected)") != NULL,
	    "sealed: its label, and the header in clear in the comment");
	ok(share_sniff(b.p, b.len) == 1, "sealed: sniffed as a share");
	ok(share_decode("x", b.p, b.len, &t, &e) == 0 && t.sealed == 1 &&
	        t.k == 3 && t.n == 5 && t.index == 4 &&
	        memcmp(t.kid, s.kid, KEY_ID_LEN) == 0 &&
	        memcmp(t.y, zero, SHAMIR_LEN) == 0,
	    "sealed: the header reads without the passphrase, y does not");
	ok(share_open("x.share-4", &t, "wrong", 5, &e) == PHI_EKEY &&
	        strcmp(e.msg, "x.share-4: wrong passphrase for this share") ==
	            0 &&
	        t.sealed == 1 && memcmp(t.y, zero, SHAMIR_LEN) == 0,
	    "sealed: a wrong passphrase is PHI_EKEY, y stays unknown (%s)",
	    e.msg);
	ok(share_open("x", &t, PASS, PASSLEN, &e) == 0 && t.sealed == 0 &&
	        same(&s, &t),
	    "sealed: its passphrase opens it");
	ok(share_open("x", &t, "wrong", 5, &e) == 0 && same(&s, &t),
	    "sealed: opening an open share changes nothing");
	buf_free(&b, 1);
	ok(share_seal(&s, PASS, PASSLEN, SHARE_WORDS, &b, &e) == PHI_EUSAGE &&
	        b.len == 0,
	    "sealed: not as words (%s)", e.msg);
	buf_free(&b, 1);
}

/* b (one sealed PEM share) with payload byte off set to v and the
 * checksum made to fit, as PEM in out. */
static void
reseal(const struct buf *b, size_t off, uint8_t v, struct buf *out)
{
	unsigned char bin[96], md[32], b64[129];
	char body[129] = {0};
	const char *p = strstr(b->p, "-----\n") + 6;
	size_t i, n = 0;

	for (i = 0; p[i] != '-' && n < 128; i++)
		if (p[i] != '\n')
			body[n++] = p[i];
	EVP_DecodeBlock(bin, (const unsigned char *)body, (int)n);
	bin[off] = v;
	EVP_Digest(bin, 91, md, NULL, EVP_sha256(), NULL);
	memcpy(bin + 91, md, 4);
	EVP_EncodeBlock(b64, bin, 95);
	buf_printf(out,
	    "-----BEGIN PHI ENCRYPTED KEY SHARE-----\n%s\n"
	    "-----END PHI ENCRYPTED KEY SHARE-----\n",
	    (char *)b64);
}

/* The header is authenticated; a costly scrypt is refused unrun. */
static void
test_sealed_tamper(void)
{
	struct buf b = BUF_INIT, x = BUF_INIT;
	struct share s, t;
	struct phi_err e;

	sample(&s);
	share_seal(&s, PASS, PASSLEN, SHARE_PEM, &b, &e);
	reseal(&b, 11, 2, &x); /* index 4 -> 2 */
	ok(share_decode("h", x.p, x.len, &t, &e) == 0 && t.index == 2,
	    "tampered: the index changed, the checksum fits");
	ok(share_open("h", &t, PASS, PASSLEN, &e) == PHI_EKEY &&
	        strstr(e.msg, "wrong passphrase") != NULL,
	    "tampered: the changed header does not open (%s)", e.msg);
	buf_free(&x, 1);
	reseal(&b, 12, 23, &x); /* scrypt N=2^23 */
	ok(share_decode("c", x.p, x.len, &t, &e) == PHI_EKEY &&
	        strstr(e.msg, "c: key derivation too costly (scrypt "
	                      "N=2^23 r=8 p=1") != NULL,
	    "costly: N=2^23 is refused before any derivation (%s)", e.msg);
	buf_free(&x, 1);
	reseal(&b, 13, 0, &x); /* r=0 */
	ok(share_decode("r", x.p, x.len, &t, &e) == PHI_EKEY &&
	        strstr(e.msg, "bad key derivation parameters") != NULL,
	    "r=0 is refused (%s)", e.msg);
	buf_free(&x, 1);
	b.p[strlen(b.p) - 60] ^= 1;
	ok(share_decode("d", b.p, b.len, &t, &e) == PHI_EKEY &&
	        strstr(e.msg, "d: damaged share") != NULL,
	    "damaged: the checksum or the PEM finds it (%s)", e.msg);
	buf_free(&b, 1);
}

int
main(void)
{
	test_round_trip(SHARE_PEM, "PEM");
	test_round_trip(SHARE_WORDS, "words");
	test_pem_damage();
	test_words_damage();
	test_words_lenient();
	test_sealed_round_trip();
	test_sealed_tamper();
	return tap_done();
}
