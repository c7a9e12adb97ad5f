/*
 * fuzz_token.c - libFuzzer harness for the token decoder (token.h) and
 * phi-decrypt's decrypt_token (decrypt.h), with a keyring holding the
 * fixed test key (util.h).
 *
 * The input is used twice.  As a token text: token_open and
 * decrypt_token (bare and in JSON quotes) must succeed only for a
 * well-formed token that authenticates, give a plaintext of the length
 * the text implies, fail with PHI_EDATA or PHI_EKEY otherwise, and never
 * put the token text in a message.  As a plaintext: sealed with the test
 * key, it must open to the same bytes (decrypt_token: only when it is
 * one JSON value), and the token with any one character changed (the
 * position and new character come from the input) must not open.
 *
 * Suite 2 too: token texts are also opened with a binding (path "a.b",
 * record field id = "r-1") and the test key as the one accepted sender;
 * and the plaintext is sealed in suite 2 with the flags of the input's
 * first byte (AUTH with the test key as sender), opens with its binding
 * to the same bytes, and not with another path or record value, nor
 * with a character changed.
 */
#include <stdlib.h>
#include <string.h>

#include "b64url.h"
#include "decrypt.h"
#include "hpke.h"
#include "json.h"
#include "token.h"
#include "utf8.h"
#include "util.h"

static struct keyring *kr, *senders;
static struct token_sealer *sealer, *sealer2[8];
static const struct token_bind bind = {"a.b", 3, "id", 2, "\"r-1\"", 5};
static const struct token_bind moved[2] = {
    {"a.c", 3, "id", 2, "\"r-1\"", 5}, {"a.b", 3, "id", 2, "\"r-2\"", 5}};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct phi_err e;
	int i;

	(void)argc;
	(void)argv;
	kr = key_ring_new();
	fuzz_check(
	    kr != NULL && key_ring_add_key(kr, fuzz_x25519_key(), &e) == PHI_OK,
	    "keyring");
	fuzz_check(token_sealer_new(&sealer, fuzz_x25519_key(), &e) == PHI_OK,
	    "token_sealer_new");
	senders = key_ring_new();
	fuzz_check(senders != NULL &&
	        key_ring_add_key(senders, fuzz_x25519_key(), &e) == PHI_OK,
	    "senders");
	for (i = 1; i < 8; i++)
		fuzz_check(token_sealer_new2(&sealer2[i], fuzz_x25519_key(),
		               (i & TOKEN_AUTH) ? fuzz_x25519_key() : NULL,
		               (unsigned)i, &e) == PHI_OK,
		    "token_sealer_new2");
	return 0;
}

/* A message must not hold the token's body (its first 16 characters
 * after the prefix, when it has that many). */
static void
check_msg(const struct phi_err *e, const char *s, size_t n)
{
	if (n < TOKEN_PREFIX_LEN + 16)
		return;
	fuzz_check(
	    memmem(e->msg, strlen(e->msg), s + TOKEN_PREFIX_LEN, 16) == NULL,
	    "a message holds the token text");
}

/* token_open on s[0..n); returns its status, the plaintext in *pt. */
static int
open_text(const char *s, size_t n, struct buf *pt)
{
	struct token_opener *o;
	struct phi_err e = {0, ""};
	size_t len = 0, len2 = 0;
	uint8_t *p;
	int rc;

	fuzz_check(token_opener_new(&o, kr, &e) == PHI_OK, "opener");
	pt->len = 0;
	p = (uint8_t *)buf_reserve(pt, token_plain_max(n) + 1);
	fuzz_check(p != NULL, "buf_reserve");
	rc = token_open(o, s, n, p, &len, &e);
	fuzz_check(rc == PHI_OK || rc == PHI_EDATA || rc == PHI_EKEY,
	    "token_open status");
	if (rc == PHI_OK) {
		fuzz_check(token_is_sealed(s, n), "opened but not sealed");
		fuzz_check(
		    len <= token_plain_max(n) && token_text_len(len) == n,
		    "plaintext length");
		/* again: the cached receiver context */
		fuzz_check(token_open(o, s, n, p, &len2, &e) == PHI_OK &&
		        len2 == len && token_opener_setups(o) == 1,
		    "second open");
		pt->len = len;
	} else {
		check_msg(&e, s, n);
	}
	if (!token_is(s, n))
		fuzz_check(rc == PHI_EDATA, "not a token but not PHI_EDATA");
	token_opener_free(o);
	return rc;
}

/* The text length of a token of s's suite and flags for len bytes. */
static size_t
text_len(const char *s, size_t n, size_t len)
{
	uint8_t skid[KEY_ID_LEN];
	unsigned fl;

	if (token_flags(s, n, &fl, skid) != PHI_OK)
		return token_text_len(len);
	return TOKEN_PREFIX_LEN +
	    b64url_encoded_len(TOKEN2_HEADER_MIN + HPKE_TAG_LEN + len +
	        ((fl & TOKEN_AUTH) ? KEY_ID_LEN : 0));
}

/* token_open_bound on s[0..n) with b and the accepted senders. */
static int
open_bound(const char *s, size_t n, const struct token_bind *b, struct buf *pt)
{
	struct token_opener *o;
	struct phi_err e = {0, ""};
	size_t len = 0;
	uint8_t *p;
	int rc;

	fuzz_check(token_opener_new(&o, kr, &e) == PHI_OK, "opener");
	token_opener_senders(o, senders);
	pt->len = 0;
	p = (uint8_t *)buf_reserve(pt, token_plain_max(n) + 1);
	fuzz_check(p != NULL, "buf_reserve");
	rc = token_open_bound(o, s, n, b, p, &len, &e);
	fuzz_check(rc == PHI_OK || rc == PHI_EDATA || rc == PHI_EKEY,
	    "token_open_bound status");
	if (rc == PHI_OK) {
		fuzz_check(token_is_sealed(s, n), "opened but not sealed");
		fuzz_check(
		    len <= token_plain_max(n) && text_len(s, n, len) == n,
		    "bound plaintext length");
		pt->len = len;
	} else {
		check_msg(&e, s, n);
	}
	token_opener_free(o);
	return rc;
}

/* Suite 2: data sealed with the flags of its first byte opens bound to
 * itself, and neither moved nor changed. */
static void
roundtrip2(const uint8_t *data, size_t size)
{
	unsigned fl = size > 0 && (data[0] & 7) != 0 ? data[0] & 7 : 7;
	struct token_sealer *s = sealer2[fl];
	size_t n = token_sealer_text_len(s, size), i;
	struct buf pt = BUF_INIT;
	char *text = malloc(n + 1);
	struct phi_err e;

	fuzz_check(text != NULL, "malloc");
	fuzz_check(
	    token_seal_bound(s, data, size, size, &bind, text, &e) == PHI_OK,
	    "seal2");
	fuzz_check(token_is_sealed(text, n), "a suite-2 token is not sealed");
	fuzz_check(open_bound(text, n, &bind, &pt) == PHI_OK &&
	        pt.len == size && (size == 0 || memcmp(pt.p, data, size) == 0),
	    "a suite-2 token does not open to itself");
	if (fl & TOKEN_PATH)
		fuzz_check(open_bound(text, n, &moved[0], &pt) == PHI_EDATA,
		    "a token moved to another path opens");
	if (fl & TOKEN_RECORD)
		fuzz_check(open_bound(text, n, &moved[1], &pt) == PHI_EDATA,
		    "a token moved to another record opens");
	if (fl & (TOKEN_PATH | TOKEN_RECORD))
		fuzz_check(open_bound(text, n, NULL, &pt) == PHI_EDATA,
		    "a bound token opens without its binding");
	i = TOKEN_PREFIX_LEN +
	    (size > 1 ? data[1] * 13u + size : 0) % (n - TOKEN_PREFIX_LEN);
	text[i] = text[i] == 'A' ? 'B' : 'A';
	fuzz_check(open_bound(text, n, &bind, &pt) != PHI_OK,
	    "a suite-2 token with a changed character opens");
	buf_free(&pt, 1);
	free(text);
}

/* Is s[0..n) in quotes (that decrypt_token takes off)? */
static int
quoted(const char *s, size_t n)
{
	return n >= 2 && s[0] == '"' && s[n - 1] == '"';
}

/* decrypt_token on s[0..n), bare and quoted; returns its status. */
static int
decrypt_text(const char *s, size_t n, struct buf *out)
{
	struct decrypt_opts o = {.kr = kr};
	struct buf q = BUF_INIT, out2 = BUF_INIT;
	struct decrypt *d;
	struct phi_err e = {0, ""};
	int rc, rc2;

	fuzz_check(decrypt_new(&d, &o, &e) == PHI_OK, "decrypt_new");
	out->len = 0;
	rc = decrypt_token(d, s, n, out, &e);
	fuzz_check(rc == PHI_OK || rc == PHI_EDATA || rc == PHI_EKEY,
	    "decrypt_token status");
	if (rc == PHI_OK)
		fuzz_check(json_is_value(out->p, out->len),
		    "decrypted, but not one JSON value");
	else
		check_msg(&e, s, n);
	fuzz_check(buf_putc(&q, '"') == 0 && buf_append(&q, s, n) == 0 &&
	        buf_putc(&q, '"') == 0,
	    "buf");
	rc2 = decrypt_token(d, q.p, q.len, &out2, &e);
	if (!quoted(s, n))
		fuzz_check(rc2 == rc && out2.len == out->len &&
		        (out->len == 0 ||
		            memcmp(out2.p, out->p, out->len) == 0),
		    "quoted and bare differ");
	buf_free(&q, 0);
	buf_free(&out2, 1);
	decrypt_free(d);
	return rc;
}

/* Could phi-encrypt have taken data from one line?  Strict UTF-8, no
 * byte below 0x20 but tab, one JSON value: what phi-decrypt writes. */
static int
one_line_value(const uint8_t *data, size_t size)
{
	size_t i;

	if (utf8_check((const char *)data, size) != size)
		return 0;
	for (i = 0; i < size; i++)
		if (data[i] < 0x20 && data[i] != '\t')
			return 0;
	return json_is_value((const char *)data, size);
}

/* Seals data, opens it again, then with one character changed. */
static void
roundtrip(const uint8_t *data, size_t size)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t n = token_text_len(size), i, plain;
	struct buf pt = BUF_INIT, out = BUF_INIT;
	char *text = malloc(n + 1);
	struct phi_err e;
	uint8_t h = 0;

	fuzz_check(text != NULL, "malloc");
	fuzz_check(
	    token_seal(sealer, data, size, size, text, &e) == PHI_OK, "seal");
	fuzz_check(token_is_sealed(text, n), "a sealed token is not sealed");
	fuzz_check(open_text(text, n, &pt) == PHI_OK && pt.len == size &&
	        (size == 0 || memcmp(pt.p, data, size) == 0),
	    "sealed value does not open to itself");
	/* decrypt_token takes trailing spaces as padding (token_unpad):
	 * it gives the sealed bytes without them. */
	plain = token_unpad(data, size);
	if (decrypt_text(text, n, &out) == PHI_OK)
		fuzz_check(out.len == plain &&
		        (plain == 0 || memcmp(out.p, data, plain) == 0),
		    "decrypt_token gives another value");
	else
		fuzz_check(!one_line_value(data, plain),
		    "decrypt_token refuses a value of one line");
	for (i = 0; i < size; i++)
		h = (uint8_t)(h * 31 + data[i]);
	i = TOKEN_PREFIX_LEN +
	    (size > 0 ? data[0] * 7 + size : 0) % (n - TOKEN_PREFIX_LEN);
	text[i] = b64[(strchr(b64, text[i]) - b64 + 1 + h % 63) % 64];
	fuzz_check(open_text(text, n, &pt) != PHI_OK,
	    "a token with a changed character opens");
	buf_free(&pt, 1);
	buf_free(&out, 1);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf pt = BUF_INIT, out = BUF_INIT;
	int rc;

	rc = open_text((const char *)data, size, &pt);
	if (quoted((const char *)data, size))
		rc = open_text((const char *)data + 1, size - 2, &pt);
	if (decrypt_text((const char *)data, size, &out) == PHI_OK)
		fuzz_check(rc == PHI_OK && out.len == pt.len &&
		        memcmp(out.p, pt.p, pt.len) == 0,
		    "decrypt_token and token_open differ");
	open_bound((const char *)data, size, &bind, &pt);
	buf_free(&pt, 1);
	buf_free(&out, 1);
	roundtrip(data, size);
	roundtrip2(data, size);
	return 0;
}
