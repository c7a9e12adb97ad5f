/* jsonfind.c - the value at a field path in a JSON text (see jsonfind.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "jsonfind.h"
#include "yajlspace.h"

#define JSON_FIND_DEPTH 64 /* a record field deeper than this: not found */
#define JSON_FIND_BAD (-2) /* the text does not scan */
#define JSON_FIND_WORDS 4  /* matcher states kept on the stack */

struct json_find {
	const char *s;
	size_t n;
	const struct pathset *ps;
	size_t words;
	uint64_t *st; /* the matcher's states, (depth + 1) * words */
	struct path_seg seg[JSON_FIND_DEPTH];
	/* keys with escapes, decoded; key[0..nkey) may hold memory (a line
	 * rarely needs one) */
	struct buf key[JSON_FIND_DEPTH];
	size_t nkey;
	size_t start, end, depth; /* of the value found */
};

static size_t
json_find_space(const struct json_find *f, size_t i)
{
	while (i < f->n && yajlspace_is((unsigned char)f->s[i]))
		i++;
	return i;
}

/* Skips the value at *i (strings, containers, literals). */
static int
json_find_skip(const struct json_find *f, size_t *i)
{
	size_t j = *i, depth = 0;
	char c;

	for (; j < f->n; j++) {
		c = f->s[j];
		if (c == '"') {
			if (json_string_end(f->s, f->n, j, &j) != 0)
				return JSON_FIND_BAD;
			j--; /* past the string, less the loop's step */
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				break;
			depth--;
		} else if (depth == 0 &&
		    (c == ',' || yajlspace_is((unsigned char)c))) {
			break;
		}
		if (depth == 0 && (c == '"' || c == '}' || c == ']')) {
			j++;
			break;
		}
	}
	if (depth != 0 || j == *i)
		return JSON_FIND_BAD;
	*i = j;
	return 0;
}

/* The key at *i (a string literal) and its ':' into segment d. */
static int
json_find_key(struct json_find *f, size_t *i, size_t d)
{
	size_t k = *i, end;
	struct buf *b = &f->key[d];

	for (; f->nkey <= d; f->nkey++) /* zeroed when first used */
		f->key[f->nkey] = (struct buf){0};
	if (k >= f->n || f->s[k] != '"' ||
	    json_string_end(f->s, f->n, k, &end) != 0)
		return JSON_FIND_BAD;
	if (memchr(f->s + k, '\\', end - k) == NULL) {
		f->seg[d].key = f->s + k + 1;
		f->seg[d].keylen = end - k - 2;
	} else {
		b->len = 0;
		if (json_unquote(f->s + k, end - k, b) != 0)
			return b->err != 0 ? -1 : JSON_FIND_BAD;
		f->seg[d].key = b->len > 0 ? b->p : "";
		f->seg[d].keylen = b->len;
	}
	k = json_find_space(f, end);
	if (k >= f->n || f->s[k] != ':')
		return JSON_FIND_BAD;
	*i = json_find_space(f, k + 1);
	return 0;
}

static int json_find_in(struct json_find *f, size_t *i, size_t d);

/* The value at *i, of segment d: the one sought, or a container to
 * look into, or one to skip. */
static int
json_find_value(struct json_find *f, size_t *i, size_t d)
{
	uint64_t *in = f->st + d * f->words, *out = in + f->words;
	unsigned fl = pathset_step(f->ps, in, &f->seg[d], out);
	size_t at = *i;
	int rc;

	if (at >= f->n)
		return JSON_FIND_BAD;
	if (fl & PATHSET_ACCEPTS) {
		if ((rc = json_find_skip(f, i)) != 0)
			return rc;
		f->start = at;
		f->end = *i;
		f->depth = d + 1;
		return 1;
	}
	if ((fl & PATHSET_ALIVE) && d + 1 < JSON_FIND_DEPTH &&
	    (f->s[at] == '{' || f->s[at] == '['))
		return json_find_in(f, i, d + 2);
	return json_find_skip(f, i);
}

/* The container at *i, its members or elements at segment d. */
static int
json_find_in(struct json_find *f, size_t *i, size_t d)
{
	int obj = f->s[*i] == '{', rc;
	char close = obj ? '}' : ']';
	size_t k = json_find_space(f, *i + 1), idx = 0;

	if (k < f->n && f->s[k] == close) {
		*i = k + 1;
		return 0;
	}
	for (;;) {
		f->seg[d - 1].key = NULL;
		f->seg[d - 1].index = idx++;
		if (obj && (rc = json_find_key(f, &k, d - 1)) != 0)
			return rc;
		if ((rc = json_find_value(f, &k, d - 1)) != 0)
			return rc;
		k = json_find_space(f, k);
		if (k < f->n && f->s[k] == close) {
			*i = k + 1;
			return 0;
		}
		if (k >= f->n || f->s[k] != ',')
			return JSON_FIND_BAD;
		k = json_find_space(f, k + 1);
	}
}

/* json_find() with f set up. */
static int
json_find_run(
    struct json_find *f, size_t *start, size_t *end, struct buf *canon)
{
	size_t i = json_find_space(f, 0);
	int rc;

	pathset_start(f->ps, f->st);
	rc = i < f->n && f->s[i] == '{' ? json_find_in(f, &i, 1) : 0;
	if (rc == 1) {
		*start = f->start;
		*end = f->end;
		if (path_canonical(canon, f->seg, f->depth) != 0)
			rc = -1;
	}
	return rc < 0 && rc != -1 ? 0 : rc;
}

int
json_find(const char *s, size_t n, const struct pathset *ps, size_t *start,
    size_t *end, struct buf *canon)
{
	/* once a line: nothing on the heap unless the path set is large */
	uint64_t st[(JSON_FIND_DEPTH + 1) * JSON_FIND_WORDS];
	/* not zeroed as a whole: seg and key are 5 KiB, and a line's
	 * record field is mostly its first key (600 instructions a line) */
	struct json_find f;
	size_t i;
	int rc = -1;

	f.s = s;
	f.n = n;
	f.ps = ps;
	f.words = pathset_words(ps);
	f.nkey = f.start = f.end = f.depth = 0;

	f.st = f.words <= JSON_FIND_WORDS
	    ? st
	    : calloc((JSON_FIND_DEPTH + 1) * f.words, sizeof(*f.st));
	if (f.st != NULL)
		rc = json_find_run(&f, start, end, canon);
	for (i = 0; i < f.nkey; i++)
		buf_free(&f.key[i], 1);
	if (f.st != st)
		free(f.st);
	return rc;
}
