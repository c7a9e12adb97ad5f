/*
 * fuzz_path.c - libFuzzer harness for field paths (pathset.h, path.h).
 *
 * Input: up to the first NUL, lines of path text, each given to
 * pathset_add (any text: it must parse or fail cleanly).  After the NUL,
 * a byte code for a pattern made of known segments and for a concrete
 * path (see decode_pattern and decode_path).
 *
 * Checks: the set from the text lines matches the concrete path the
 * same way through pathset_match and through pathset_start / step /
 * accepts, and pathset_alive is never false above a value that matches
 * (the core prunes there); the generated pattern parses and matches
 * exactly as a simple recursive matcher says; path_format of the
 * concrete path parses back into a pattern that matches the path, or,
 * when a key looks like an identifier (path_key_masked), holds ["…"].
 */
#include <stdlib.h>
#include <string.h>

#include "pathset.h"
#include "util.h"

#define MAXSEG 24
#define KEYMAX 16

enum kind { K_NAME, K_KEY, K_INDEX, K_STAR, K_GLOB };

struct pseg {
	enum kind kind;
	char key[KEYMAX];
	size_t len, index;
};

struct cpath {
	struct path_seg seg[MAXSEG];
	char keys[MAXSEG][KEYMAX];
	size_t n;
};

struct rd {
	const uint8_t *p;
	size_t n;
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
rd_byte(struct rd *r, uint8_t *b)
{
	if (r->n == 0)
		return 0;
	*b = *r->p++;
	r->n--;
	return 1;
}

/* A key of up to KEYMAX bytes from the alphabet: bare names use
 * letters, digits, '_', '-' and ' '; others any byte below 0x80. */
static size_t
rd_key(struct rd *r, char *key, int bare)
{
	static const char alpha[] = "abcxyz019_- ";
	uint8_t len = 0, b;
	size_t i;

	rd_byte(r, &len);
	len %= bare ? KEYMAX - 1 : KEYMAX;
	if (bare && len == 0)
		len = 1;
	for (i = 0; i < len; i++) {
		b = 0;
		rd_byte(r, &b);
		key[i] =
		    bare ? alpha[b % (sizeof(alpha) - 1)] : (char)(b & 0x7f);
	}
	return len;
}

/* Pattern: tag bytes (tag % 6: 0 end, 1 name, 2 "key", 3 [index],
 * 4 *, 5 **), each name or key as a length byte and its bytes. */
static size_t
decode_pattern(struct rd *r, struct pseg *ps)
{
	size_t n = 0;
	uint8_t t, b;

	while (n < MAXSEG && rd_byte(r, &t) && t % 6 != 0) {
		memset(&ps[n], 0, sizeof(ps[n]));
		ps[n].kind = (enum kind)(t % 6 - 1);
		if (ps[n].kind == K_NAME || ps[n].kind == K_KEY)
			ps[n].len = rd_key(r, ps[n].key, ps[n].kind == K_NAME);
		else if (ps[n].kind == K_INDEX && rd_byte(r, &b))
			ps[n].index = b % 12;
		n++;
	}
	return n;
}

/* Concrete path: tag bytes (odd: index, even: key). */
static void
decode_path(struct rd *r, struct cpath *cp)
{
	struct path_seg *s;
	uint8_t t, b;

	cp->n = 0;
	while (cp->n < MAXSEG && rd_byte(r, &t)) {
		s = &cp->seg[cp->n];
		memset(s, 0, sizeof(*s));
		if (t % 2 == 1) {
			b = 0;
			rd_byte(r, &b);
			s->index = t / 2 % 2 ? b : b % 12;
		} else {
			s->keylen = rd_key(r, cp->keys[cp->n], t / 2 % 2);
			s->key = cp->keys[cp->n];
		}
		cp->n++;
	}
}

static int
all_digits_index(const char *k, size_t n, size_t *v)
{
	size_t i;

	if (n == 0 || n > 18 || (n > 1 && k[0] == '0'))
		return 0;
	for (*v = 0, i = 0; i < n; i++) {
		if (k[i] < '0' || k[i] > '9')
			return 0;
		*v = *v * 10 + (size_t)(k[i] - '0');
	}
	return 1;
}

static int
seg_ok(const struct pseg *p, const struct path_seg *s)
{
	size_t v;

	switch (p->kind) {
	case K_STAR:
	case K_GLOB:
		return 1;
	case K_INDEX:
		return s->key == NULL && s->index == p->index;
	case K_NAME:
		if (s->key == NULL)
			return all_digits_index(p->key, p->len, &v) &&
			    v == s->index;
		/* fall through */
	case K_KEY:
		return s->key != NULL && s->keylen == p->len &&
		    memcmp(s->key, p->key, p->len) == 0;
	}
	return 0;
}

/* The reference: does pattern p[0..np) match path s[0..ns)?  m[i][j]:
 * does p[i..np) match s[j..ns). */
static int
ref_match(const struct pseg *p, size_t np, const struct path_seg *s, size_t ns)
{
	unsigned char m[MAXSEG + 1][MAXSEG + 1];
	size_t i, j, k;

	for (i = np + 1; i-- > 0;) {
		for (j = ns + 1; j-- > 0;) {
			if (i == np) {
				m[i][j] = j == ns;
			} else if (p[i].kind == K_GLOB) {
				for (m[i][j] = 0, k = j; k <= ns; k++)
					m[i][j] |= m[i + 1][k];
			} else {
				m[i][j] = j < ns && seg_ok(&p[i], &s[j]) &&
				    m[i + 1][j + 1];
			}
		}
	}
	return m[0][0];
}

/* The pattern as path text, keys in brackets with JSON quoting. */
static void
pattern_text(const struct pseg *p, size_t n, struct buf *b)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0 && p[i].kind != K_KEY && p[i].kind != K_INDEX)
			buf_putc(b, '.');
		switch (p[i].kind) {
		case K_NAME:
			buf_append(b, p[i].key, p[i].len);
			break;
		case K_KEY:
			buf_putc(b, '[');
			buf_json_string(b, p[i].key, p[i].len);
			buf_putc(b, ']');
			break;
		case K_INDEX:
			buf_printf(b, "[%zu]", p[i].index);
			break;
		case K_STAR:
		case K_GLOB:
			buf_puts(b, p[i].kind == K_STAR ? "*" : "**");
		}
	}
	buf_putc(b, '\0');
	fuzz_check(b->err == 0, "buf");
}

/* One set, one path: pathset_match against a step-by-step walk, and
 * alive above every prefix that is accepted. */
static void
check_steps(const struct pathset *ps, const struct cpath *cp)
{
	size_t w = pathset_words(ps), i, j;
	uint64_t *st = calloc((cp->n + 1) * (w + 1), sizeof(*st));
	int acc[MAXSEG + 1], alive[MAXSEG + 1], m;

	fuzz_check(st != NULL, "calloc");
	pathset_start(ps, st);
	for (i = 0; i <= cp->n; i++) {
		if (i > 0)
			pathset_step(ps, st + (i - 1) * (w + 1),
			    &cp->seg[i - 1], st + i * (w + 1));
		acc[i] = pathset_accepts(ps, st + i * (w + 1));
		alive[i] = pathset_alive(ps, st + i * (w + 1));
	}
	m = pathset_match(ps, cp->seg, cp->n);
	fuzz_check(m == acc[cp->n], "pathset_match differs from the steps");
	for (i = 1; i <= cp->n; i++)
		for (j = 0; j < i; j++)
			fuzz_check(!acc[i] || alive[j],
			    "not alive above a matching value");
	free(st);
}

/* Each line of text (up to the first NUL) into one set. */
static struct pathset *
text_set(const uint8_t *data, size_t n)
{
	struct pathset *ps = pathset_new();
	struct phi_err e;
	char *line = malloc(n + 1), *p, *nl;

	fuzz_check(ps != NULL && line != NULL, "alloc");
	memcpy(line, data, n);
	line[n] = '\0';
	for (p = line; p != NULL; p = nl) {
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if (pathset_add(ps, p, &e) != PHI_OK)
			fuzz_check(e.code == PHI_EUSAGE, "parse status");
	}
	free(line);
	return ps;
}

static void
check_pattern(const struct pseg *p, size_t np, const struct cpath *cp)
{
	struct pathset *ps = pathset_new();
	struct buf b = BUF_INIT;
	struct phi_err e;

	fuzz_check(ps != NULL, "pathset_new");
	pattern_text(p, np, &b);
	/* a spelling of another tool (a/b, .a, $.a, a space at an end) is
	 * refused with the path to write instead */
	if (np > 0 && pathset_add(ps, b.p, &e) != PHI_OK) {
		fuzz_check(
		    e.code == PHI_EUSAGE && strstr(e.msg, "; write ") != NULL,
		    "a generated pattern does not parse");
		np = 0;
	}
	if (np > 0) {
		fuzz_check(pathset_match(ps, cp->seg, cp->n) ==
		        ref_match(p, np, cp->seg, cp->n),
		    "pathset_match differs from the reference");
		check_steps(ps, cp);
	}
	buf_free(&b, 0);
	pathset_free(ps);
}

static void
check_format(const struct cpath *cp)
{
	struct pathset *ps = pathset_new();
	struct buf b = BUF_INIT, star = BUF_INIT;
	struct phi_err e;

	size_t i;
	int masked = 0;

	fuzz_check(ps != NULL, "pathset_new");
	fuzz_check(path_format(&b, cp->seg, cp->n, 0) == 0 &&
	        path_format(&star, cp->seg, cp->n, 1) == 0 &&
	        buf_putc(&b, '\0') == 0,
	    "path_format");
	for (i = 0; i < cp->n; i++)
		masked |= cp->seg[i].key != NULL &&
		    path_key_masked(cp->seg[i].key, cp->seg[i].keylen);
	fuzz_check(!masked || strstr(b.p, PATH_MASKED) != NULL,
	    "a key that looks like an identifier is printed");
	if (cp->n > 0 && !masked) {
		fuzz_check(pathset_add(ps, b.p, &e) == PHI_OK,
		    "a formatted path does not parse");
		fuzz_check(pathset_match(ps, cp->seg, cp->n) == 1,
		    "a formatted path does not match its path");
	}
	buf_free(&b, 0);
	buf_free(&star, 0);
	pathset_free(ps);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t tlen = nul != NULL ? (size_t)(nul - data) : size;
	struct rd r = {data + tlen, size - tlen};
	struct pseg pat[MAXSEG];
	struct pathset *ps;
	struct cpath cp;
	size_t np;

	if (r.n > 0)
		r.p++, r.n--;
	np = decode_pattern(&r, pat);
	decode_path(&r, &cp);
	ps = text_set(data, tlen);
	check_steps(ps, &cp);
	pathset_free(ps);
	check_pattern(pat, np, &cp);
	check_format(&cp);
	return 0;
}
