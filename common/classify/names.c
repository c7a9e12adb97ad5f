/*
 * names.c - the name dictionaries and the tests of names.h: one
 * open-addressing hash of case-folded names (FNV-1a, hash.h) over an arena,
 * each entry with the bits of the lists holding it.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "lines.h"
#include "names.h"
#include "textmap.h"
#include "valid.h"

#define NAMES_SOURCE_MAX 160
#define NAMES_LINE_MAX 4096 /* a line of a dictionary file, in bytes */

struct names_ent {
	uint64_t hash;
	uint32_t off;
	unsigned char len; /* 0: empty slot */
	unsigned char flags;
};

struct names_file {
	char *path;
	char source[NAMES_SOURCE_MAX];
	size_t count;
	enum names_list list;
};

/* The words of prose before a name (ctx_word's three lists), hashed:
 * six binary searches a word were a tenth of phi-encrypt --in-text. */
#define NAMES_CTX_SLOTS 256 /* a power of two, over twice the 77 words */
enum { CTX_KEY = 1, CTX_STRONG = 2, CTX_WEAK = 4 };
#define NAMES_TAIL_BITS 4096 /* a power of two */

struct names_ctx {
	const char *w; /* NULL: an empty slot */
	size_t n;
	unsigned what; /* CTX_*: the lists that hold it */
};

struct names {
	struct names_ent *tab; /* cap slots, a power of two */
	size_t cap, n;
	struct buf arena;
	struct names_file *files;
	size_t nfiles;
	struct names_ctx ctx[NAMES_CTX_SLOTS];
	/* bit tail_sig() of each last word of the words of ctx */
	uint64_t ctx_tails[NAMES_TAIL_BITS / 64];
	/* bit n of [c - 'a']: a title of n bytes starts with c */
	uint16_t title_lens[26];
};

static void ctx_build(struct names *d);

static const char *const list_names[] = {"first", "last", "common"};

int
names_new(struct names **out, struct phi_err *e)
{
	struct names *d = calloc(1, sizeof(*d));

	*out = NULL;
	if (d == NULL || (d->tab = calloc(65536, sizeof(*d->tab))) == NULL) {
		free(d);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	d->cap = 65536;
	d->arena = (struct buf)BUF_INIT;
	ctx_build(d);
	*out = d;
	return PHI_OK;
}

void
names_free(struct names *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nfiles; i++)
		free(d->files[i].path);
	free(d->files);
	free(d->tab);
	buf_free(&d->arena, 0);
	free(d);
}

int
names_list_parse(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(list_names) / sizeof(list_names[0]); i++)
		if (strcmp(s, list_names[i]) == 0)
			return (int)i;
	return -1;
}

/* The byte p[1] folded, p[0] before it: ASCII capitals, and the second
 * byte of UTF-8 U+00C0-U+00DE (not U+00D7). */
static unsigned char
fold_byte(const char *p)
{
	unsigned char c = (unsigned char)p[1];

	if (c >= 'A' && c <= 'Z')
		return (unsigned char)(c + 32);
	if ((unsigned char)p[0] == 0xc3 && c >= 0x80 && c <= 0x9e && c != 0x97)
		return (unsigned char)(c + 32);
	return c;
}

static char
lower_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
}

/* Case folding: ASCII capitals and UTF-8 U+00C0-U+00DE (not U+00D7). */
static size_t
fold(const char *s, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] =
		    i == 0 ? lower_ascii(s[0]) : (char)fold_byte(s + i - 1);
	return n;
}

/* The hash of a folded name, its low bits indexing the table. */
static uint64_t
names_hash(const char *s, size_t n)
{
	return hash_fold(hash_fnv1a(HASH_FNV1A_INIT, s, n));
}

/* The slot of the folded name k[0..n): its entry, or the empty slot
 * where it would go. */
static struct names_ent *
slot_of(const struct names *d, const char *k, size_t n, uint64_t h)
{
	size_t i = (size_t)h & (d->cap - 1);
	struct names_ent *en;

	for (;; i = (i + 1) & (d->cap - 1)) {
		en = &d->tab[i];
		if (en->len == 0 ||
		    (en->hash == h && en->len == n &&
		        memcmp(d->arena.p + en->off, k, n) == 0))
			return en;
	}
}

unsigned
names_lookup(const struct names *d, const char *s, size_t n)
{
	char k[NAMES_LEN_MAX];
	const struct names_ent *en;

	if (d == NULL || n == 0 || n > NAMES_LEN_MAX)
		return 0;
	fold(s, n, k);
	en = slot_of(d, k, n, names_hash(k, n));
	return en->len != 0 ? en->flags : 0;
}

size_t
names_count(const struct names *d)
{
	return d->n;
}

static int
grow(struct names *d)
{
	struct names_ent *old = d->tab, *en;
	size_t i, oldcap = d->cap;

	if (d->cap > SIZE_MAX / 2 / sizeof(*old) ||
	    (d->tab = calloc(d->cap * 2, sizeof(*old))) == NULL) {
		d->tab = old;
		return -1;
	}
	d->cap *= 2;
	for (i = 0; i < oldcap; i++)
		if (old[i].len != 0) {
			en = slot_of(d, d->arena.p + old[i].off, old[i].len,
			    old[i].hash);
			*en = old[i];
		}
	free(old);
	return 0;
}

/* A name: 1..NAMES_LEN_MAX bytes, no white space, control or ','. */
static int
name_ok(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n > NAMES_LEN_MAX)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f || s[i] == ',')
			return 0;
	return 1;
}

int
names_add(struct names *d, enum names_list list, const char *s, size_t n,
    struct phi_err *e)
{
	char k[NAMES_LEN_MAX];
	struct names_ent *en;
	uint64_t h;

	if (!name_ok(s, n))
		return phi_err_set(e, PHI_EUSAGE,
		    "not a name (one word of 1-%d bytes, no spaces, commas or control characters)",
		    NAMES_LEN_MAX);
	fold(s, n, k);
	h = names_hash(k, n);
	en = slot_of(d, k, n, h);
	if (en->len == 0) {
		if (d->arena.len > UINT32_MAX - NAMES_LEN_MAX ||
		    ((d->n + 1) * 4 > d->cap * 3 && grow(d) != 0) ||
		    buf_append(&d->arena, k, n) != 0)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		en = slot_of(d, k, n, h);
		*en = (struct names_ent){.hash = h,
		    .off = (uint32_t)(d->arena.len - n),
		    .len = (unsigned char)n};
		d->n++;
	}
	en->flags |= (unsigned char)(1u << list);
	return PHI_OK;
}

static struct names_file *
file_add(struct names *d, enum names_list list, const char *path)
{
	struct names_file *f;

	if (d->nfiles >= SIZE_MAX / sizeof(*f) - 1 ||
	    (f = realloc(d->files, (d->nfiles + 1) * sizeof(*f))) == NULL)
		return NULL;
	d->files = f;
	f += d->nfiles;
	*f = (struct names_file){.list = list, .path = strdup(path)};
	if (f->path == NULL)
		return NULL;
	d->nfiles++;
	return f;
}

/* One line of a dictionary file (without its end of line). */
static int
load_line(struct names *d, struct names_file *f, const char *s, size_t n,
    struct phi_err *e)
{
	size_t skip;
	int rc;

	if (n == 0)
		return PHI_OK;
	if (s[0] == '#') {
		if (f->source[0] == '\0') {
			for (skip = 0;
			     skip < n && (s[skip] == '#' || s[skip] == ' ');
			     skip++)
				;
			snprintf(f->source, sizeof(f->source), "%.*s",
			    (int)(n - skip), s + skip);
		}
		return PHI_OK;
	}
	if ((rc = names_add(d, f->list, s, n, e)) == PHI_OK)
		f->count++;
	return rc;
}

struct names_load {
	struct names *d;
	struct names_file *f;
	const char *path;
};

/* A line from lines_each: its '\r's at the end dropped (CRLF files). */
static int
names_load_line(void *ctx, const char *s, size_t n, int nl, uint64_t lineno,
    struct phi_err *e)
{
	struct names_load *l = ctx;
	int rc;

	(void)nl;
	while (n > 0 && s[n - 1] == '\r')
		n--;
	if (memchr(s, '\0', n) != NULL)
		rc = phi_err_set(e, PHI_EUSAGE, "NUL byte in line");
	else
		rc = load_line(l->d, l->f, s, n, e);
	if (rc == PHI_EUSAGE)
		phi_err_prefix(
		    e, "%s:%llu", l->path, (unsigned long long)lineno);
	return rc;
}

/* Lines of at most NAMES_LINE_MAX bytes; a longer one is a dictionary
 * that does not parse (64, like any bad line of it), a read error (a
 * directory) one that cannot be read (66). */
int
names_load_file(
    struct names *d, enum names_list list, const char *path, struct phi_err *e)
{
	struct names_load l = {.d = d, .path = path};
	FILE *in;
	int rc;

	if ((in = fopen(path, "r")) == NULL)
		return phi_err_set(
		    e, PHI_ENOINPUT, "%s: %s", path, strerror(errno));
	if ((l.f = file_add(d, list, path)) == NULL)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else
		rc = lines_each(
		    in, path, NAMES_LINE_MAX, names_load_line, &l, e);
	if (rc == PHI_EDATA || rc == PHI_EIO) {
		rc = rc == PHI_EDATA ? PHI_EUSAGE : PHI_ENOINPUT;
		if (e != NULL)
			e->code = rc;
	}
	fclose(in);
	return rc;
}

int
names_print(const struct names *d, struct buf *out)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < d->nfiles && rc == 0; i++)
		rc = buf_printf(out, "names %s %s  # %zu names: %s\n",
		    list_names[d->files[i].list], d->files[i].path,
		    d->files[i].count, d->files[i].source);
	return rc;
}

/* ---- words ---- */

/* Does s[0..n) (n > 0) start with a capital: A-Z or Latin-1's
 * U+00C0-U+00DE but U+00D7? */
static int
is_cap(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];

	return (c >= 'A' && c <= 'Z') ||
	    (c == 0xc3 && n > 1 && (unsigned char)s[1] >= 0x80 &&
	        (unsigned char)s[1] <= 0x9e && (unsigned char)s[1] != 0x97);
}

/* A capitalised word of a name: letters (any non-ASCII byte counts),
 * ' and - inside, not all capitals unless one letter (an initial, with
 * or without its '.'). */
static int
cap_word(const char *s, size_t n)
{
	size_t i, upper = 0;
	unsigned char c;

	if (n == 0 || !is_cap(s, n))
		return 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			upper++;
		else if (!((c >= 'a' && c <= 'z') || c >= 0x80 ||
		             (c == '.' && i + 1 == n) ||
		             ((c == '-' || c == '\'') && i > 0 && i + 1 < n)))
			return 0;
	}
	return upper < 2 || n - (s[n - 1] == '.') == 1;
}

/* lower case, sorted (valid_word_in) */
static const char *const titles[] = {"dame", "dhr", "doctor", "dott",
    "dott.ssa", "dr", "frau", "herr", "m", "madame", "mevr", "miss", "mlle",
    "mme", "monsieur", "mr", "mrs", "ms", "mx", "paciente", "patient",
    "patiente", "patientin", "paziente", "prof", "señor", "señora", "shri",
    "sig", "sig.ra", "signor", "signora", "sir", "smt", "sr", "sra", "srta"};

/* Most capitalised words of prose differ from every title in their
 * first letter or length (d->title_lens), and go without a look-up. */
static int
is_title(const struct names *d, const char *s, size_t n)
{
	if (n > 1 && s[n - 1] == '.')
		n--;
	return n > 0 && n <= 9 && s[0] >= 'A' && s[0] <= 'Z' &&
	    (d->title_lens[s[0] - 'A'] >> n & 1) != 0 &&
	    valid_word_in(s, n, titles, sizeof(titles) / sizeof(titles[0]));
}

/* A known name of the lists in want that is no common word. */
static int
known(const struct names *d, const char *s, size_t n, unsigned want)
{
	unsigned f = names_lookup(d, s, n);

	return (f & want) != 0 && (f & NAMES_F_COMMON) == 0;
}

/* ---- CJK ---- */

/* Is s[0..3) a kana or a CJK ideograph (U+3041-U+30FF, U+4E00-U+9FFF)? */
static int
cjk_char(const char *s, size_t n)
{
	unsigned char a, b;

	if (n < 3 || ((unsigned char)s[2] & 0xc0) != 0x80)
		return 0;
	a = (unsigned char)s[0], b = (unsigned char)s[1];
	if (a == 0xe3)
		return b >= 0x81 && b <= 0x83;
	return ((a == 0xe4 && b >= 0xb8) || (a > 0xe4 && a <= 0xe9)) &&
	    (b & 0xc0) == 0x80;
}

/* The number of CJK characters (3 bytes each) at the start of s. */
static size_t
cjk_run(const char *s, size_t n)
{
	size_t k = 0;

	while (cjk_char(s + 3 * k, n - 3 * k))
		k++;
	return k;
}

/* The length in characters of the longest known surname of 1..max
 * characters at the start of s (nch CJK characters there), or 0. */
static size_t
cjk_surname(const struct names *d, const char *s, size_t nch, size_t max)
{
	size_t k = nch < max ? nch : max;

	for (; k > 0; k--)
		if (names_lookup(d, s, 3 * k) & NAMES_F_LAST)
			return k;
	return 0;
}

static int
cjk_value(const struct names *d, const char *s, size_t n)
{
	const char *sp = memchr(s, ' ', n);
	size_t nch, sl, given;

	if (sp != NULL) {
		sl = (size_t)(sp - s);
		nch = cjk_run(sp + 1, n - sl - 1);
		return sl % 3 == 0 && cjk_run(s, sl) == sl / 3 && sl > 0 &&
		    (names_lookup(d, s, sl) & NAMES_F_LAST) != 0 &&
		    3 * nch == n - sl - 1 && nch >= 1 && nch <= 3;
	}
	nch = cjk_run(s, n);
	if (3 * nch != n || nch < 2 || nch > 5)
		return 0;
	sl = cjk_surname(d, s, nch - 1, 3);
	given = nch - sl;
	return sl > 0 && given <= (sl == 1 ? 2 : 3);
}

/* ---- values ---- */

/* The lists whose names are a name alone under a neutral key. */
#ifndef NAMES_SINGLE
#define NAMES_SINGLE (NAMES_F_FIRST | NAMES_F_LAST)
#endif

struct names_tok {
	const char *s;
	size_t n;
};

/* Splits s at spaces into at most max words (0 if more or an empty
 * one); *comma: the first word ends with ','. */
static size_t
split_words(
    const char *s, size_t n, struct names_tok *w, size_t max, int *comma)
{
	size_t i = 0, start, k = 0;

	*comma = 0;
	while (i < n) {
		for (start = i; i < n && s[i] != ' '; i++)
			;
		if (k == max || i == start)
			return 0;
		w[k] = (struct names_tok){.s = s + start, .n = i - start};
		if (w[k].n > 1 && w[k].s[w[k].n - 1] == ',') {
			w[k].n--;
			*comma |= k == 0 ? 1 : 2;
		}
		k++;
		if (i < n)
			i++;
	}
	return k;
}

static int
latin_ctx_value(const struct names *d, const char *s, size_t n,
    const struct names_tok *w, size_t nw)
{
	size_t i;

	if (nw == 1)
		return cap_word(w[0].s, w[0].n) &&
		    known(d, w[0].s, w[0].n, NAMES_F_FIRST | NAMES_F_LAST);
	if (valid_name(s, n))
		return 1;
	for (i = 0; i < nw; i++)
		if (!known(d, w[i].s, w[i].n, NAMES_F_FIRST | NAMES_F_LAST))
			return 0;
	return 1;
}

static int
handle_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* A handle made of names: 1-3 parts of letters ('-' inside) joined by
 * '.' or '_', then 0-4 digits (Jody4, Reid.Zemlak97, mabel_cummings78,
 * tatyana.bins-frami); the first part or, with digits, any part a name
 * (handle_part), and digits or two parts. */
/* Could s[0..n) be a handle rather than a word: a digit at its end or
 * a '.' or '_' inside? */
static int
handle_word(const char *s, size_t n)
{
	size_t i;

	if (n <= 2)
		return 0;
	if (s[n - 1] >= '0' && s[n - 1] <= '9')
		return 1;
	for (i = 1; i + 1 < n; i++) /* words are short: no memchr */
		if (s[i] == '.' || s[i] == '_')
			return 1;
	return 0;
}

/* A part of a handle that is a name: known, no common word, 3 letters or
 * more and not all capitals (LI75, DO22 are codes). */
static int
handle_part(const struct names *d, const char *s, size_t n)
{
	size_t i, upper = 0;

	for (i = 0; i < n; i++)
		upper += s[i] >= 'A' && s[i] <= 'Z';
	return n >= 3 && upper < n &&
	    known(d, s, n, NAMES_F_FIRST | NAMES_F_LAST);
}

static int
handle_value(const struct names *d, const char *s, size_t n)
{
	size_t e = n, i, a, parts = 0, hits = 0;
	int first = 0;

	if (!handle_word(s, n))
		return 0;
	while (e > 0 && s[e - 1] >= '0' && s[e - 1] <= '9')
		e--;
	if (n - e > 4 || e < 2 || e > 48 || !handle_letter((unsigned char)s[0]))
		return 0;
	for (a = 0; a < e; a = i + 1) {
		for (i = a; i < e && s[i] != '.' && s[i] != '_'; i++)
			if (!handle_letter((unsigned char)s[i]) &&
			    !(s[i] == '-' && i > a && i + 1 < e))
				return 0;
		if (i == a || i + 1 == e || ++parts > 3)
			return 0;
		if (handle_part(d, s + a, i - a)) {
			hits++;
			first |= a == 0;
		}
	}
	return parts + (n - e > 0) >= 2 && (first || (hits > 0 && n > e));
}

static int
latin_value(const struct names *d, const char *s, size_t n, int ctx)
{
	struct names_tok w[5];
	size_t nw;
	int comma;
	unsigned f0;

	nw = split_words(s, n, w, 5, &comma);
	if (nw == 0)
		return 0;
	if (nw == 1 && handle_value(d, s, n))
		return 1;
	if (ctx)
		return latin_ctx_value(d, s, n, w, nw);
	if (nw == 1)
		return cap_word(s, n) && known(d, s, n, NAMES_SINGLE);
	if (nw > 3 || comma > 1 || !valid_name(s, n))
		return 0;
	if (comma)
		return nw == 2 && known(d, w[0].s, w[0].n, NAMES_F_LAST) &&
		    known(d, w[1].s, w[1].n, NAMES_F_FIRST);
	if (is_title(d, w[0].s, w[0].n))
		return known(d, w[nw - 1].s, w[nw - 1].n, NAMES_F_LAST);
	f0 = names_lookup(d, w[0].s, w[0].n);
	if ((f0 & NAMES_F_FIRST) && !(f0 & NAMES_F_COMMON))
		return 1;
	if (f0 & NAMES_F_FIRST)
		return known(d, w[nw - 1].s, w[nw - 1].n, NAMES_F_LAST);
	return nw == 2 && known(d, w[0].s, w[0].n, NAMES_F_LAST) &&
	    known(d, w[1].s, w[1].n, NAMES_F_FIRST);
}

int
names_value(const struct names *d, const char *s, size_t n, int ctx)
{
	if (d == NULL || n == 0)
		return 0;
	if ((unsigned char)s[0] >= 0xe3)
		return cjk_value(d, s, n);
	if (!ctx && !is_cap(s, n))
		return memchr(s, ' ', n) == NULL && handle_value(d, s, n);
	return latin_value(d, s, n, ctx);
}

/* ---- free text ---- */

struct names_word {
	size_t a, b, next; /* the word without brackets and punctuation */
	char punct;        /* the first character trimmed at its end, or 0 */
	unsigned char fl;  /* NW_HANDLE: a byte of word_tab's in s[a..next) */
};

/* The bytes word_at() looks for, one load each: spaces end a word;
 * brackets and quotes before it and punctuation, brackets and quotes
 * after it are trimmed; a word without a digit, '.' or '_' is no handle
 * (handle_word() needs a digit at its end or a '.' or '_' inside), so
 * most words of prose skip handle_value(). */
enum { NW_SPACE = 1, NW_HANDLE = 2, NW_OPEN = 4, NW_CLOSE = 8 };
/* clang-format off */
static const unsigned char word_tab[256] = {
    [' '] = NW_SPACE, ['\t'] = NW_SPACE, ['\n'] = NW_SPACE, ['\r'] = NW_SPACE,
    ['.'] = NW_HANDLE | NW_CLOSE, ['_'] = NW_HANDLE,
    ['0'] = NW_HANDLE, ['1'] = NW_HANDLE, ['2'] = NW_HANDLE, ['3'] = NW_HANDLE,
    ['4'] = NW_HANDLE, ['5'] = NW_HANDLE, ['6'] = NW_HANDLE, ['7'] = NW_HANDLE,
    ['8'] = NW_HANDLE, ['9'] = NW_HANDLE,
    /* ( [ { < " ' before a word; . , ; : ! ? ) ] } > " ' after it */
    ['('] = NW_OPEN, ['['] = NW_OPEN, ['{'] = NW_OPEN, ['<'] = NW_OPEN,
    ['"'] = NW_OPEN | NW_CLOSE, ['\''] = NW_OPEN | NW_CLOSE,
    [','] = NW_CLOSE, [';'] = NW_CLOSE, [':'] = NW_CLOSE, ['!'] = NW_CLOSE,
    ['?'] = NW_CLOSE, [')'] = NW_CLOSE, [']'] = NW_CLOSE, ['}'] = NW_CLOSE,
    ['>'] = NW_CLOSE};
/* clang-format on */

/* The first byte at pos or after that is no space, or n. */
static size_t
spaces_end(const char *s, size_t n, size_t pos)
{
	const unsigned char *u = (const unsigned char *)s;

	while (pos < n && word_tab[u[pos]] == NW_SPACE)
		pos++;
	return pos;
}

static int
word_at(const char *s, size_t n, size_t pos, struct names_word *w)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned fl = 0, t;

	if ((pos = spaces_end(s, n, pos)) == n)
		return 0;
	w->a = pos;
	for (; pos < n && ((t = word_tab[u[pos]]) & NW_SPACE) == 0; pos++)
		fl |= t;
	w->b = w->next = pos;
	w->fl = (unsigned char)fl;
	while (w->a < w->b && (word_tab[u[w->a]] & NW_OPEN) != 0)
		w->a++;
	while (w->b > w->a && (word_tab[u[w->b - 1]] & NW_CLOSE) != 0)
		w->b--;
	w->punct = w->b < w->next ? s[w->b] : '\0';
	return 1;
}

/* Words after which a name is expected (folded; a ':' after the word
 * is part of it where it must be there): strong ones first, after which
 * any capitalised words are a name; after the weak ones (from "signed")
 * the first word must be in a dictionary. */
static const char *const ctx_strong[] = {"appelle", "chiamo", "heisse", "heiße",
    "llamo", "m'appelle", "naam is", "naam:", "name is", "name ist",
    "name:", "nom est", "nom:", "nombre es", "nombre:", "nome è", "nome é",
    "nome:"};
/* after which the first word must be in a dictionary */
static const char *const ctx_weak[] = {"atenciosamente", "beste", "bonjour",
    "cara", "caro", "cher", "chère", "ciao", "cordialement", "cumprimentos",
    "dear", "groeten", "gruß", "grüße", "grüßen", "hallo", "hello", "hi",
    "hola", "liebe", "lieber", "olá", "patient", "patient:", "querida",
    "querido", "regards", "saludos", "saluti", "signed",
    "signed:", "sincerely"};

/* The names of fields that hold a name or a handle, as they are written
 * in prose ("surname Reichel", "first name: Colt", "username Jackie77");
 * folded, one or two words. */
static const char *const key_words[] = {"achternaam", "apellido", "apellidos",
    "cognome", "familienname", "family name", "first name", "firstname",
    "full name", "given name", "handle", "last name", "lastname", "login",
    "maiden name", "middle name", "nachname", "prenom", "prénom", "screen name",
    "sobrenome", "surname", "surnames", "user name", "username", "voornaam",
    "vorname"};
/* Words that may stand between such a field and its value. */
static const char *const key_fillers[] = {"-", "=", "a", "as", "auf", "de",
    "en", "es", "est", "in", "is", "ist", "naar", "op", "para", "por", "to",
    "was", "zu", "à", "è", "é"};

#define LIST(a) (a), sizeof(a) / sizeof((a)[0])

/* Is the folded k[0..n), or its last word after m bytes, in list? */
static int
in_list(
    const char *k, size_t n, size_t m, const char *const *list, size_t count)
{
	return valid_word_in(k, n, list, count) ||
	    (m > 0 && valid_word_in(k + m, n - m, list, count));
}

/* The slot of the folded word k[0..n) in d's context table: its own,
 * or the empty one where it would go. */
static size_t
ctx_find(const struct names *d, const char *k, size_t n)
{
	size_t i = hash_fold(hash_fnv1a(HASH_FNV1A_INIT, k, n)) &
	    (NAMES_CTX_SLOTS - 1);

	while (d->ctx[i].w != NULL &&
	    (d->ctx[i].n != n || memcmp(d->ctx[i].w, k, n) != 0))
		i = (i + 1) & (NAMES_CTX_SLOTS - 1);
	return i;
}

/* The bit of ctx_tails for a last word of n bytes from first to last
 * (folded): most words of prose differ from all of those in one of the
 * three. */
static size_t
tail_sig(unsigned char first, unsigned char last, size_t n)
{
	return ((size_t)first * 131 + (size_t)last * 31 + (n < 63 ? n : 63)) &
	    (NAMES_TAIL_BITS - 1);
}

static int
tail_has(
    const struct names *d, unsigned char first, unsigned char last, size_t n)
{
	size_t b = tail_sig(first, last, n);

	return (int)(d->ctx_tails[b / 64] >> (b % 64) & 1);
}

static void
ctx_add(struct names *d, const char *const *list, size_t count, unsigned what)
{
	size_t i, j, n, b;
	const char *last;

	for (i = 0; i < count; i++) {
		n = strlen(list[i]);
		j = ctx_find(d, list[i], n);
		d->ctx[j].w = list[i];
		d->ctx[j].n = n;
		d->ctx[j].what |= what;
		last = strrchr(list[i], ' ');
		last = last != NULL ? last + 1 : list[i];
		b = tail_sig((unsigned char)last[0],
		    (unsigned char)list[i][n - 1],
		    n - (size_t)(last - list[i]));
		d->ctx_tails[b / 64] |= (uint64_t)1 << (b % 64);
	}
}

static void
ctx_build(struct names *d)
{
	size_t i;

	for (i = 0; i < sizeof(titles) / sizeof(titles[0]); i++)
		d->title_lens[titles[i][0] - 'a'] |=
		    (uint16_t)(1u << strlen(titles[i]));
	ctx_add(d, LIST(key_words), CTX_KEY);
	ctx_add(d, LIST(ctx_strong), CTX_STRONG);
	ctx_add(d, LIST(ctx_weak), CTX_WEAK);
}

/* The lists that hold the folded k[0..n) or its last word after m
 * bytes (CTX_*): what in_list() on each list would say. */
static unsigned
ctx_what(const struct names *d, const char *k, size_t n, size_t m)
{
	unsigned f = d->ctx[ctx_find(d, k, n)].what;

	if (m > 0)
		f |= d->ctx[ctx_find(d, k + m, n - m)].what;
	return f;
}

/* May word w announce a name (ctx_word() is 0 when not)?  Every word
 * of the lists ends in the folded word w (or w and a ':'), and fold
 * keeps lengths: most words of prose are no such word by their first
 * byte, last byte and length, and go without a look-up. */
static int
ctx_screen(const struct names *d, const char *s, const struct names_word *w)
{
	unsigned char first, last;
	size_t n = w->b - w->a;

	if (n == 0)
		return 0;
	first = (unsigned char)lower_ascii(s[w->a]);
	last = n == 1 ? first : fold_byte(s + w->a + n - 2);
	return tail_has(d, first, last, n) ||
	    (w->punct == ':' && tail_has(d, first, ':', n + 1));
}

/* 3 (the name of a field: key_words), 2 (strong), 1 (weak) or 0: does
 * word w (after prev) announce a name? */
static int
ctx_word(const struct names *d, const char *s, const struct names_word *prev,
    const struct names_word *w)
{
	unsigned f;
	char k[40];
	size_t n = w->b - w->a, m = 0;

	if (!ctx_screen(d, s, w))
		return 0;
	if (prev != NULL && n <= 4 && prev->b - prev->a <= 6 && !prev->punct) {
		m = fold(s + prev->a, prev->b - prev->a, k);
		k[m++] = ' ';
	}
	if (n > 20)
		return 0;
	n = m + fold(s + w->a, n, k + m);
	if (ctx_what(d, k, n, m) & CTX_KEY)
		return 3;
	if (w->punct == ':')
		k[n++] = ':';
	f = ctx_what(d, k, n, m);
	return (f & CTX_STRONG) ? 2 : (f & CTX_WEAK) ? 1 : 0;
}

/* May the word after pos be capitalised (cap_word)?  Not when its
 * first byte after the spaces is ASCII and neither a capital nor an
 * opener that word_at() trims: the word it reads starts there. */
static int
cap_next(const char *s, size_t n, size_t pos)
{
	const unsigned char *u = (const unsigned char *)s;

	pos = spaces_end(s, n, pos);
	return pos < n &&
	    (u[pos] >= 0x80 || (u[pos] >= 'A' && u[pos] <= 'Z') ||
	        (word_tab[u[pos]] & NW_OPEN) != 0);
}

/* A run of up to 3 capitalised words from w[0] (initials with their '.'
 * inside); the words in w, their number returned. */
static size_t
cap_run(const struct names *d, const char *s, size_t n, struct names_word *w)
{
	size_t r = 1;

	while (r < 3 &&
	    (w[r - 1].punct == '\0' ||
	        (w[r - 1].punct == '.' && w[r - 1].b - w[r - 1].a == 1)) &&
	    cap_next(s, n, w[r - 1].next) &&
	    word_at(s, n, w[r - 1].next, &w[r]) &&
	    cap_word(s + w[r].a, w[r].b - w[r].a) &&
	    !is_title(d, s + w[r].a, w[r].b - w[r].a))
		r++;
	return r;
}

/* How many words of the run w[0..r) make a name (0: none), after a
 * context word of strength ctx (ctx_word; a title is strong). */
static size_t
run_name(const struct names *d, const char *s, const struct names_word *w,
    size_t r, int ctx, int mid)
{
	unsigned f0 = names_lookup(d, s + w[0].a, w[0].b - w[0].a);

	if (ctx == 2 || (ctx == 1 && f0 != 0))
		return r;
	if (r == 1 && mid && (f0 & NAMES_F_FIRST) && !(f0 & NAMES_F_COMMON))
		return 1;
	if (r < 2 || !(f0 & NAMES_F_FIRST))
		return known(d, s + w[0].a, w[0].b - w[0].a, NAMES_F_LAST) &&
		        r >= 2 &&
		        known(d, s + w[1].a, w[1].b - w[1].a, NAMES_F_FIRST)
		    ? r
		    : 0;
	if (!(f0 & NAMES_F_COMMON))
		return names_lookup(d, s + w[1].a, w[1].b - w[1].a) &
		        (NAMES_F_FIRST | NAMES_F_LAST)
		    ? r
		    : 0;
	return known(d, s + w[1].a, w[1].b - w[1].a, NAMES_F_LAST) ? r : 0;
}

struct names_scan {
	const struct names *d;
	const char *s;
	size_t n, found;
	names_span_fn cb;
	void *arg;
	const struct textmap *map; /* mapped, or NULL: every word is read */
};

/* Reports a span; 1 when the callback says stop. */
static int
span(struct names_scan *sc, size_t a, size_t b)
{
	sc->found++;
	return sc->cb != NULL && sc->cb(sc->arg, a, b - a) != 0;
}

static int
sentence_end(char c)
{
	return c == '.' || c == '!' || c == '?';
}

/* The word after the name of a field (key_words): a handle, a name of
 * the dictionaries that is no common word (miller, in lower case), or a
 * capitalised word (Baker too: the field says it is a name). */
static int
key_value(const struct names *d, const char *s, size_t n)
{
	const char *h = memchr(s, '-', n);

	if (h != NULL && h > s && (size_t)(h - s) + 1 < n)
		return cap_word(s, (size_t)(h - s)) &&
		    cap_word(h + 1, n - (size_t)(h - s) - 1);
	return handle_value(d, s, n) ||
	    known(d, s, n, NAMES_F_FIRST | NAMES_F_LAST) || cap_word(s, n);
}

/* Word w after the name of a field, *fill fillers after it: 0 (no
 * name: go on as usual), 1 (a filler), 2 (a name, reported), 3 (the
 * callback says stop). */
static int
after_key(struct names_scan *sc, const struct names_word *w, int *fill)
{
	const char *p = sc->s + w->a;
	size_t n = w->b - w->a;
	char k[8];

	if (n == 0)
		return 0;
	if (*fill < 2 && !w->punct && n <= sizeof(k) &&
	    in_list(k, fold(p, n, k), 0, LIST(key_fillers))) {
		(*fill)++;
		return 1;
	}
	if (!key_value(sc->d, p, n))
		return 0;
	return span(sc, w->a, w->b) ? 3 : 2;
}

/* The first byte of the first word from pos on (after a word, or 0)
 * that holds a hot byte and does not begin with a digit after the
 * openers that word_at() trims ("(455)"), or sc->n.  Such a word is,
 * for names, as one without a hot byte: no title, capitalised word or
 * handle (handle_value() wants a letter first), and neither the name
 * of a field nor the last word of a context phrase (none of theirs
 * begins with a digit). */
static size_t
next_name_word(const struct names_scan *sc, size_t pos)
{
	const unsigned char *u = (const unsigned char *)sc->s;
	size_t hot, a, c;

	for (;;) {
		hot = textmap_next_hot(sc->map, pos);
		if (hot >= sc->n)
			return sc->n;
		a = textmap_word_start(sc->map, hot);
		for (c = a; c < sc->n && (word_tab[u[c]] & NW_OPEN) != 0; c++)
			;
		if (c >= sc->n || u[c] < '0' || u[c] > '9')
			return a;
		pos = textmap_next_start(sc->map, hot + 1);
	}
}

/* With a map, at pos (after a word, or 0), when no name of a field is
 * pending: steps over the words before the next one of
 * next_name_word().  Those (textmap.h) are no title, capitalised word,
 * handle or name of a field, so reading them would only have set *prev
 * to the last of them and *ctx to what it announces (ctx_word() after
 * the word before it); that is what is set, and *pos moved past it.  0
 * when there is no such word after pos: the rest has no name. */
static int
words_skip(
    struct names_scan *sc, size_t *pos, struct names_word *prev, int *ctx)
{
	const char *s = sc->s;
	size_t next = next_name_word(sc, *pos), e, a;
	struct names_word before;

	if (next >= sc->n)
		return 0;
	/* the map's spaces are word_at()'s */
	for (e = next; e > *pos && textmap_space(s[e - 1]); e--)
		;
	if (e == *pos) /* the next word is the one */
		return 1;
	a = textmap_word_start(sc->map, e - 1); /* prev's, with its openers */
	word_at(s, sc->n, a, prev);
	*pos = prev->next;
	*ctx = 0;
	if (!ctx_screen(sc->d, s, prev)) /* ctx_word() says 0 */
		return 1;
	for (; a > 0 && textmap_space(s[a - 1]); a--)
		;
	/* the word before prev, as its reader was given it: none at the
	 * text's start */
	a = a > 0 &&
	    word_at(s, sc->n, textmap_word_start(sc->map, a - 1), &before);
	*ctx = ctx_word(sc->d, s, a ? &before : NULL, prev);
	return 1;
}

static int
latin_text(struct names_scan *sc)
{
	struct names_word w[3], prev = {0};
	size_t pos = 0, r, k;
	int ctx = 0, title, fill = 0, key, up;

	for (;;) {
		if (sc->map != NULL && ctx != 3 &&
		    !words_skip(sc, &pos, &prev, &ctx))
			return 0;
		if (!word_at(sc->s, sc->n, pos, &w[0]))
			break;
		key = ctx == 3 ? after_key(sc, &w[0], &fill) : 0;
		if (key == 3)
			return 1;
		if (key != 0) {
			ctx = key == 1 ? 3 : 0;
			prev = w[0], pos = w[0].next;
			continue;
		}
		fill = 0;
		/* titles and names start with a capital (is_title(),
		 * is_cap()): most words of prose are neither */
		up = w[0].b > w[0].a &&
		    (sc->s[w[0].a] & 0x80 ||
		        (sc->s[w[0].a] >= 'A' && sc->s[w[0].a] <= 'Z'));
		title = up && is_title(sc->d, sc->s + w[0].a, w[0].b - w[0].a);
		if (!title && (w[0].fl & NW_HANDLE) != 0 &&
		    handle_value(sc->d, sc->s + w[0].a, w[0].b - w[0].a) &&
		    span(sc, w[0].a, w[0].b))
			return 1;
		if (!title && up && cap_word(sc->s + w[0].a, w[0].b - w[0].a)) {
			r = cap_run(sc->d, sc->s, sc->n, w);
			if ((k = run_name(sc->d, sc->s, w, r, ctx,
			         pos > 0 && !sentence_end(prev.punct))) > 0) {
				if (span(sc, w[0].a, w[k - 1].b))
					return 1;
				w[0] = w[k - 1];
			}
		}
		ctx = title
		    ? 2
		    : ctx_word(sc->d, sc->s, pos > 0 ? &prev : NULL, &w[0]);
		prev = w[0];
		pos = w[0].next;
	}
	return 0;
}

/* Words before and after CJK names (患者 王伟, 田中さん). */
static const char *const cjk_before[] = {
    "患者", "氏名", "姓名", "我叫", "名字", "名前", "病人", NULL};
static const char *const cjk_after[] = {
    "さん", "様", "先生", "女士", "小姐", "君", "ちゃん", NULL};

static size_t
cjk_prefix(const char *s, size_t n, const char *const *list)
{
	size_t i, len;

	for (i = 0; list[i] != NULL; i++)
		if ((len = strlen(list[i])) <= n &&
		    memcmp(s, list[i], len) == 0)
			return len;
	return 0;
}

/* A name after a word of cjk_before ending at s + j. */
static int
cjk_after_word(struct names_scan *sc, size_t j)
{
	size_t nch, sl, given;

	while (j < sc->n && (sc->s[j] == ':' || sc->s[j] == ' '))
		j++;
	if (sc->n - j >= 3 &&
	    (memcmp(sc->s + j, "：", 3) == 0 ||
	        memcmp(sc->s + j, "是", 3) == 0))
		j += 3;
	nch = cjk_run(sc->s + j, sc->n - j);
	sl = cjk_surname(sc->d, sc->s + j, nch, 3);
	if (sl == 0 || nch == sl)
		return 0;
	given = nch - sl < 2 ? nch - sl : 2;
	return span(sc, j, j + 3 * (sl + given)) ? 1 : 0;
}

/* A name before a word of cjk_after starting at s + i. */
static int
cjk_before_word(struct names_scan *sc, size_t i)
{
	size_t k, p, sl;

	for (k = 4; k > 0; k--) {
		if (3 * k > i)
			continue;
		p = i - 3 * k;
		if (cjk_run(sc->s + p, 3 * k) != k)
			continue;
		sl = cjk_surname(sc->d, sc->s + p, k, 3);
		if (sl > 0 && k - sl <= 2)
			return span(sc, p, i) ? 1 : 0;
	}
	return 0;
}

static int
cjk_text(struct names_scan *sc)
{
	size_t i, len;

	for (i = 0; i < sc->n; i++) {
		if ((unsigned char)sc->s[i] < 0xe3)
			continue;
		if ((len = cjk_prefix(sc->s + i, sc->n - i, cjk_before)) > 0 &&
		    cjk_after_word(sc, i + len))
			return 1;
		if (cjk_prefix(sc->s + i, sc->n - i, cjk_after) > 0 &&
		    cjk_before_word(sc, i))
			return 1;
	}
	return 0;
}

/* Has s[0..n) a byte >= 0x80 (vkind_class's VC_HIGH)?  Eight bytes a
 * step: most texts have none, and all of a text is looked at. */
static int
any_high(const char *s, size_t n)
{
	uint64_t w, acc = 0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		acc |= w;
	}
	for (; i < n; i++)
		acc |= (unsigned char)s[i];
	return (acc & 0x8080808080808080ULL) != 0;
}

size_t
names_text(const struct names *d, const char *s, size_t n,
    const struct textmap *map, names_span_fn cb, void *arg)
{
	struct names_scan sc = {.d = d, .s = s, .n = n, .cb = cb, .arg = arg};
	struct textmap own; /* textmap_build() sets all that is read */

	if (d == NULL || d->n == 0)
		return 0;
	if (map == NULL) {
		textmap_build(&own, s, n);
		map = &own;
	}
	sc.map = map->mapped ? map : NULL;
	if (latin_text(&sc) == 0 && any_high(s, n))
		cjk_text(&sc);
	return sc.found;
}
