/* pathset.c - sets of field paths: parsing and matching (see pathset.h). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "pathset.h"
#include "json.h"

enum seg_kind {
	SEG_NAME,  /* bare name: an object key, or an index if all digits */
	SEG_KEY,   /* ["quoted"]: an object key only */
	SEG_INDEX, /* [3]: an array index only */
	SEG_STAR,  /* * */
	SEG_GLOB,  /* ** */
};

struct seg {
	enum seg_kind kind;
	char *name;
	size_t len;
	size_t index;
	int numeric; /* SEG_NAME made only of digits (then index is set) */
};

struct pathset {
	struct seg **state_seg; /* per state: its segment, NULL = accepting */
	size_t nstates, npaths, cap;
	uint64_t *accept; /* mask of accepting states */
	size_t words;
	/* what each path selected so far (pathset_note()): a scratch pad
	 * written through const pointers, as the matcher's own state is,
	 * by worker threads at once (ndjson.h jobs): atomic */
	_Atomic uint64_t *hit;
	char **exprs;  /* the paths as given, for messages */
	size_t *accst; /* the accepting state of each path */
	/* with one word: the states a key may move on, by its first byte
	 * (a name or quoted key starting with it) and for any key */
	uint64_t byfirst[256], anykey;
};

struct pathset *
pathset_new(void)
{
	return calloc(1, sizeof(struct pathset));
}

void
pathset_free(struct pathset *ps)
{
	size_t i;

	if (ps == NULL)
		return;
	for (i = 0; i < ps->nstates; i++) {
		if (ps->state_seg[i] != NULL) {
			free(ps->state_seg[i]->name);
			free(ps->state_seg[i]);
		}
	}
	for (i = 0; i < ps->npaths; i++)
		free(ps->exprs[i]);
	free(ps->exprs);
	free(ps->accst);
	free((void *)ps->hit);
	free(ps->state_seg);
	free(ps->accept);
	free(ps);
}

size_t
pathset_count(const struct pathset *ps)
{
	return ps->npaths;
}

size_t
pathset_words(const struct pathset *ps)
{
	return ps->words;
}

static int
push_state(struct pathset *ps, struct seg *sg)
{
	struct seg **ns;
	size_t cap;

	if (ps->nstates == ps->cap) {
		cap = ps->cap == 0 ? 16 : ps->cap * 2;
		ns = realloc(ps->state_seg, cap * sizeof(*ns));
		if (ns == NULL)
			return -1;
		ps->state_seg = ns;
		ps->cap = cap;
	}
	ps->state_seg[ps->nstates++] = sg;
	return 0;
}

static struct seg *
seg_new(enum seg_kind kind, const char *name, size_t len)
{
	struct seg *sg = calloc(1, sizeof(*sg));

	if (sg == NULL)
		return NULL;
	sg->kind = kind;
	if (name != NULL) {
		if ((sg->name = malloc(len + 1)) == NULL) {
			free(sg);
			return NULL;
		}
		memcpy(sg->name, name, len);
		sg->name[len] = '\0';
		sg->len = len;
		sg->numeric = path_index_of(name, len, &sg->index);
	}
	return sg;
}

struct parser {
	const char *s;
	size_t i, n;
	struct phi_err *e;
	const char *expr;
};

static int
parse_fail(struct parser *p, const char *why)
{
	phi_err_set(p->e, PHI_EUSAGE, "bad field path '%s': %s at column %zu",
	    p->expr, why, p->i + 1);
	return PHI_EUSAGE;
}

/* ["key"], [*] or [3]; p->i is at '['. */
static int
parse_bracket(struct parser *p, struct seg **out)
{
	struct buf key = BUF_INIT;
	size_t start = ++p->i, end, idx;

	if (p->i < p->n && p->s[p->i] == '"') {
		if (json_string_end(p->s, p->n, p->i, &end) != 0 ||
		    json_unquote(p->s + p->i, end - p->i, &key) != 0) {
			buf_free(&key, 0);
			return parse_fail(p, "bad quoted key");
		}
		p->i = end;
		*out = seg_new(SEG_KEY, key.p != NULL ? key.p : "", key.len);
		buf_free(&key, 0);
	} else {
		while (p->i < p->n && p->s[p->i] != ']')
			p->i++;
		if (p->i - start == 1 && p->s[start] == '*')
			*out = seg_new(SEG_STAR, NULL, 0);
		else if (path_index_of(p->s + start, p->i - start, &idx)) {
			if ((*out = seg_new(SEG_INDEX, NULL, 0)) != NULL)
				(*out)->index = idx;
		} else {
			p->i = start;
			return parse_fail(
			    p, "expected \"key\", * or an index in []");
		}
	}
	if (p->i >= p->n || p->s[p->i] != ']') {
		free(*out != NULL ? (*out)->name : NULL);
		free(*out);
		*out = NULL;
		return parse_fail(p, "missing ']'");
	}
	p->i++;
	return *out == NULL ? phi_err_set(p->e, PHI_ESOFTWARE, "out of memory")
	                    : PHI_OK;
}

static int
parse_bare(struct parser *p, struct seg **out)
{
	size_t start = p->i, len;
	const char *name = p->s + start, *star;

	while (p->i < p->n && p->s[p->i] != '.' && p->s[p->i] != '[') {
		if (strchr("]\"\\", p->s[p->i]) != NULL)
			return parse_fail(
			    p, "character needs [\"...\"] quoting");
		p->i++;
	}
	len = p->i - start;
	if (len == 0)
		return parse_fail(p, "empty key");
	if (len == 1 && name[0] == '*')
		*out = seg_new(SEG_STAR, NULL, 0);
	else if (len == 2 && name[0] == '*' && name[1] == '*')
		*out = seg_new(SEG_GLOB, NULL, 0);
	else if ((star = memchr(name, '*', len)) != NULL) {
		p->i = start + (size_t)(star - name);
		return parse_fail(p, "'*' must be a whole key");
	} else
		*out = seg_new(SEG_NAME, name, len);
	return *out == NULL ? phi_err_set(p->e, PHI_ESOFTWARE, "out of memory")
	                    : PHI_OK;
}

static int
parse_segment(struct parser *p, struct seg **out)
{
	*out = NULL;
	if (p->i < p->n && p->s[p->i] == '[')
		return parse_bracket(p, out);
	return parse_bare(p, out);
}

/* Fills byfirst and anykey (used when the states fit in one word). */
static void
pathset_index_keys(struct pathset *ps)
{
	const struct seg *sg;
	uint64_t bit;
	size_t i;

	memset(ps->byfirst, 0, sizeof(ps->byfirst));
	ps->anykey = 0;
	for (i = 0; i < ps->nstates && i < 64; i++) {
		if ((sg = ps->state_seg[i]) == NULL)
			continue;
		bit = (uint64_t)1 << i;
		if ((sg->kind == SEG_NAME || sg->kind == SEG_KEY) &&
		    sg->len > 0)
			ps->byfirst[(unsigned char)sg->name[0]] |= bit;
		else
			ps->anykey |= bit;
	}
}

static int
pathset_grow_words(struct pathset *ps, struct phi_err *e)
{
	size_t words = (ps->nstates + 63) / 64, i;
	uint64_t *acc;
	_Atomic uint64_t *hit;

	acc = calloc(words, sizeof(*acc));
	hit = calloc(words, sizeof(*hit));
	if (acc == NULL || hit == NULL) {
		free(acc);
		free(hit);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	for (i = 0; i < ps->nstates; i++)
		if (ps->state_seg[i] == NULL)
			acc[i / 64] |= (uint64_t)1 << (i % 64);
	for (i = 0; ps->hit != NULL && i < ps->words; i++)
		atomic_store(&hit[i], atomic_load(&ps->hit[i]));
	free((void *)ps->hit);
	ps->hit = hit;
	free(ps->accept);
	ps->accept = acc;
	ps->words = words;
	pathset_index_keys(ps);
	return PHI_OK;
}

/* Keeps expr as path number npaths, whose accepting state is the last
 * one pushed. */
static int
pathset_keep_expr(struct pathset *ps, const char *expr)
{
	size_t n = ps->npaths + 1;
	char **ex = realloc(ps->exprs, n * sizeof(*ex));
	size_t *as;

	if (ex == NULL)
		return -1;
	ps->exprs = ex;
	if ((as = realloc(ps->accst, n * sizeof(*as))) == NULL)
		return -1;
	ps->accst = as;
	if ((ex[ps->npaths] = strdup(expr)) == NULL)
		return -1;
	as[ps->npaths] = ps->nstates - 1;
	return 0;
}

/* The path in this syntax of a JSONPath, jq or JSON Pointer spelling
 * ("$.a.b", ".a.b", "/a/b", "a/b", "a['b']") or of one with spaces at
 * an end: "$." "." "/" at the start and spaces at the ends dropped, '/'
 * and ['k'] made '.' and .k. */
static int
path_respell(const char *s, struct buf *b)
{
	size_t n = strlen(s), i = 0, k;
	int rc = 0;

	while (n > 0 && s[n - 1] == ' ')
		n--;
	while (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == '$')
		i++;
	if (i < n && (s[i] == '.' || s[i] == '/'))
		i++;
	for (; i < n && rc == 0; i++) {
		if (s[i] == '[' && i + 1 < n && s[i + 1] == '\'' &&
		    (k = (size_t)(strchr(s + i + 2, '\'') - s)) < n &&
		    k + 1 < n && s[k + 1] == ']') {
			rc = buf_putc(b, '.') |
			    buf_append(b, s + i + 2, k - i - 2);
			i = k + 1;
		} else
			rc = buf_putc(b, s[i] == '/' ? '.' : s[i]);
	}
	return rc | buf_putc(b, '\0');
}

/* Paths quoted in a message are cut to PATH_SHOWN bytes (at a character
 * boundary), so that the advice after them always fits in the message. */
#define PATH_SHOWN 96

static int
shown(const char *s)
{
	size_t n = strlen(s);

	if (n <= PATH_SHOWN)
		return (int)n;
	for (n = PATH_SHOWN; n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80; n--)
		;
	return (int)n;
}

/* Refuses the spellings of other path languages (and spaces at the
 * ends), saying how to write the path here. */
static int
path_spelling(const char *expr, struct phi_err *e)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(expr);
	const char *why = NULL;
	int rc = PHI_OK;

	if (expr[0] == '$' && strchr(".[", expr[1]) != NULL)
		why = "a JSONPath spelling";
	else if (expr[0] == '.')
		why = "a jq spelling";
	else if (strstr(expr, "['") != NULL && strchr(expr, '"') == NULL)
		why = "['...'] quoting"; /* ["['"] is a key, as path_format
		                            writes */
	else if (strchr(expr, '/') != NULL && strchr(expr, '"') == NULL)
		why =
		    "a JSON Pointer spelling (a key holding '/' is written [\"a/b\"])";
	else if (expr[0] == ' ' || expr[n - 1] == ' ')
		why = "spaces at an end";
	if (why == NULL)
		return PHI_OK;
	if (path_respell(expr, &b) != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else
		rc = phi_err_set(e, PHI_EUSAGE,
		    "bad field path '%.*s%s': %s; write %.*s%s", shown(expr),
		    expr, strlen(expr) > PATH_SHOWN ? "..." : "", why,
		    shown((char *)b.p), (char *)b.p,
		    b.len > PATH_SHOWN ? "..." : "");
	buf_free(&b, 0);
	return rc;
}

int
pathset_add(struct pathset *ps, const char *expr, struct phi_err *e)
{
	struct parser p = {
	    .s = expr, .i = 0, .n = strlen(expr), .e = e, .expr = expr};
	size_t first = ps->nstates;
	struct seg *sg;
	int rc;

	if (p.n == 0)
		return phi_err_set(e, PHI_EUSAGE, "empty field path");
	if ((rc = path_spelling(expr, e)) != PHI_OK)
		return rc;
	for (;;) {
		if ((rc = parse_segment(&p, &sg)) != PHI_OK)
			goto fail;
		if (push_state(ps, sg) != 0) {
			free(sg->name);
			free(sg);
			rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
			goto fail;
		}
		if (p.i == p.n)
			break;
		if (p.s[p.i] != '.' && p.s[p.i] != '[') {
			rc = parse_fail(&p, "expected '.' or '['");
			goto fail;
		}
		if (p.s[p.i] == '.' && ++p.i == p.n) {
			rc = parse_fail(&p, "path ends with '.'");
			goto fail;
		}
	}
	if (push_state(ps, NULL) != 0 || pathset_keep_expr(ps, expr) != 0) {
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		goto fail;
	}
	ps->npaths++;
	return pathset_grow_words(ps, e);
fail:
	while (ps->nstates > first) {
		sg = ps->state_seg[--ps->nstates];
		if (sg != NULL)
			free(sg->name);
		free(sg);
	}
	return rc;
}

/* Adds state s and, through `**` (zero keys), the states after it. */
static void
state_add(const struct pathset *ps, uint64_t *st, size_t s)
{
	for (;;) {
		st[s / 64] |= (uint64_t)1 << (s % 64);
		if (ps->state_seg[s] == NULL ||
		    ps->state_seg[s]->kind != SEG_GLOB)
			return;
		s++;
	}
}

void
pathset_start(const struct pathset *ps, uint64_t *st)
{
	size_t s;
	int at_start = 1;

	memset(st, 0, ps->words * sizeof(*st));
	for (s = 0; s < ps->nstates; s++) {
		if (at_start)
			state_add(ps, st, s);
		at_start = ps->state_seg[s] == NULL;
	}
}

static int
seg_matches(const struct seg *sg, const struct path_seg *p)
{
	switch (sg->kind) {
	case SEG_STAR:
	case SEG_GLOB:
		return 1;
	case SEG_INDEX:
		return p->key == NULL && p->index == sg->index;
	case SEG_KEY:
		return p->key != NULL && p->keylen == sg->len &&
		    memcmp(p->key, sg->name, sg->len) == 0;
	case SEG_NAME:
		if (p->key == NULL)
			return sg->numeric && p->index == sg->index;
		return p->keylen == sg->len &&
		    memcmp(p->key, sg->name, sg->len) == 0;
	}
	return 0;
}

/* One transition of state s (not accepting) on segment p into out. */
static inline void
state_step(
    const struct pathset *ps, size_t s, const struct path_seg *p, uint64_t *out)
{
	const struct seg *sg = ps->state_seg[s];

	if (sg->kind == SEG_GLOB)
		state_add(ps, out, s);
	else if (sg->kind == SEG_NAME && p->key != NULL &&
	    (p->keylen != sg->len || (sg->len > 0 && p->key[0] != sg->name[0])))
		return; /* the common miss, decided without a call */
	if (seg_matches(sg, p))
		state_add(ps, out, s + 1);
}

/* pathset_step() for the usual set of at most 64 states. */
static unsigned
pathset_step1(const struct pathset *ps, uint64_t in, const struct path_seg *p,
    uint64_t *out)
{
	uint64_t bits = in & ~ps->accept[0], o = 0;

	if (p->key != NULL) /* only the states that may take this key */
		bits &= ps->anykey |
		    (p->keylen > 0 ? ps->byfirst[(unsigned char)p->key[0]] : 0);
	while (bits != 0) {
		state_step(ps, (size_t)__builtin_ctzll(bits), p, &o);
		bits &= bits - 1;
	}
	*out = o;
	return ((o & ps->accept[0]) != 0 ? PATHSET_ACCEPTS : 0) |
	    ((o & ~ps->accept[0]) != 0 ? PATHSET_ALIVE : 0);
}

unsigned
pathset_step(const struct pathset *ps, const uint64_t *in,
    const struct path_seg *p, uint64_t *out)
{
	size_t w;
	uint64_t bits, acc = 0, live = 0;

	if (ps->words == 1)
		return pathset_step1(ps, in[0], p, out);
	for (w = 0; w < ps->words; w++)
		out[w] = 0;
	for (w = 0; w < ps->words; w++) {
		bits = in[w] & ~ps->accept[w];
		while (bits != 0) {
			state_step(
			    ps, w * 64 + (size_t)__builtin_ctzll(bits), p, out);
			bits &= bits - 1;
		}
	}
	for (w = 0; w < ps->words; w++) {
		acc |= out[w] & ps->accept[w];
		live |= out[w] & ~ps->accept[w];
	}
	return (acc != 0 ? PATHSET_ACCEPTS : 0) |
	    (live != 0 ? PATHSET_ALIVE : 0);
}

int
pathset_accepts(const struct pathset *ps, const uint64_t *st)
{
	size_t w;

	for (w = 0; w < ps->words; w++)
		if ((st[w] & ps->accept[w]) != 0)
			return 1;
	return 0;
}

int
pathset_alive(const struct pathset *ps, const uint64_t *st)
{
	size_t w;

	for (w = 0; w < ps->words; w++)
		if ((st[w] & ~ps->accept[w]) != 0)
			return 1;
	return 0;
}

void
pathset_note(const struct pathset *ps, const uint64_t *st)
{
	uint64_t add;
	size_t w;

	for (w = 0; w < ps->words; w++) {
		add = st[w] & ps->accept[w];
		if ((atomic_load_explicit(&ps->hit[w], memory_order_relaxed) &
		        add) != add)
			atomic_fetch_or_explicit(
			    &ps->hit[w], add, memory_order_relaxed);
	}
}

const char *
pathset_expr(const struct pathset *ps, size_t i)
{
	return i < ps->npaths ? ps->exprs[i] : NULL;
}

const char *
pathset_unused(const struct pathset *ps, size_t i)
{
	size_t s;

	if (i >= ps->npaths)
		return NULL;
	s = ps->accst[i];
	if ((atomic_load(&ps->hit[s / 64]) >> (s % 64)) & 1)
		return NULL;
	return ps->exprs[i];
}

size_t
pathset_unused_count(const struct pathset *ps)
{
	size_t i, n = 0;

	for (i = 0; i < ps->npaths; i++)
		n += pathset_unused(ps, i) != NULL;
	return n;
}

int
pathset_match(const struct pathset *ps, const struct path_seg *seg, size_t n)
{
	uint64_t *a, *b, *t;
	size_t i;
	int r = -1;

	a = calloc(ps->words + 1, sizeof(*a));
	b = calloc(ps->words + 1, sizeof(*b));
	if (a == NULL || b == NULL)
		goto out;
	pathset_start(ps, a);
	for (i = 0; i < n; i++) {
		pathset_step(ps, a, &seg[i], b);
		t = a, a = b, b = t;
	}
	r = pathset_accepts(ps, a);
	if (r == 1)
		pathset_note(ps, a);
out:
	free(a);
	free(b);
	return r;
}

size_t
pathset_segs(const struct pathset *ps, struct path_seg *out, size_t max)
{
	size_t s, n = 0;
	const struct seg *sg;

	for (s = 0; s < ps->nstates && ps->state_seg[s] != NULL; s++) {
		sg = ps->state_seg[s];
		if (n == max || sg->kind == SEG_STAR || sg->kind == SEG_GLOB)
			return 0;
		out[n].key = sg->kind == SEG_INDEX ? NULL : sg->name;
		out[n].keylen = sg->len;
		out[n++].index = sg->index;
	}
	return n;
}

int
pathset_concrete(const struct pathset *ps)
{
	size_t s;

	for (s = 0; s < ps->nstates; s++)
		if (ps->state_seg[s] != NULL &&
		    (ps->state_seg[s]->kind == SEG_STAR ||
		        ps->state_seg[s]->kind == SEG_GLOB))
			return 0;
	return 1;
}
