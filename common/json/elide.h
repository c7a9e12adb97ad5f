/*
 * elide.h - long token strings cut short before a line goes to yajl.
 *
 * phi-decrypt's input is mostly tokens: "phi:1:" and a hundred or more
 * base64url characters, which yajl's lexer reads a byte at a time only
 * to hand them back.  elide_line() copies a line with the body of each
 * such string cut out, so the parser sees "phi:1:" and the caller hands
 * the handler the whole text again (elide_map()).  A cut is made only
 * where it cannot change what the parser makes of the line, except for
 * byte offsets:
 *
 *   - the string is the prefix and ELIDE_MIN or more bytes with no '"',
 *     '\\' or control character (read by a JSON lexer as themselves),
 *     then its closing '"';
 *   - the '"' before the prefix is not escaped (no odd run of
 *     backslashes before it), so it opens or closes a string; had it
 *     closed one, the prefix's first letter is bad JSON there, and the
 *     parser stops before the cut;
 *   - it is not followed by ':' (a key stays whole, so paths are right).
 *
 * Fast path: parsing the cut line must equal parsing the whole one (the
 * slow path, which every caller takes when elide is off) but for byte
 * offsets; tests/unit/test_elide.c checks the cuts against a
 * byte-at-a-time reference of these rules, tests/unit/test_ndjson_lean.c
 * the walks with and without cuts.
 *
 * If the line is bad JSON after a cut, the cut only moves the offsets,
 * which elide_map() takes back.  The caller must still check what the
 * cut bytes mean (phi-decrypt decodes them as strict base64url).
 */
#ifndef PHI_ELIDE_H
#define PHI_ELIDE_H

#include <stddef.h>

#include "buf.h"

#define ELIDE_MIN 32 /* shorter bodies are not worth a cut */

struct elide_cut {
	size_t at; /* offset in the short line of the string's closing '"' */
	size_t n;  /* bytes cut out just before it */
};

struct elide {
	struct buf out;        /* the short line (when ncut > 0) */
	struct elide_cut *cut; /* in line order */
	size_t ncut, cap;
	/* elide_map()'s place: cut[0..k) lie behind it, shift is what they
	 * cut, and offsets in [lo, hi) need no move of it */
	size_t k, shift, lo, hi;
};

/* Can prefix be cut after: is its first byte an ASCII letter other than
 * t, f and n (which start JSON literals; no other letter may follow a
 * string's closing quote), and none of its bytes '"', '\\' or control
 * characters?  ("phi:1:" is.) */
int elide_prefix_ok(const char *prefix, size_t plen);
/* Looks for strings "prefix..." to cut in s[0..n) (elide_prefix_ok()).
 * 0 with e->ncut cuts and, if there are any, the short line in e->out;
 * -1 when out of memory, with e->ncut 0 (then use the line as it is).
 * The buffers keep their largest size, up to about twice the longest
 * line, until elide_free(). */
int elide_line(
    struct elide *e, const char *s, size_t n, const char *prefix, size_t plen);
size_t elide_map_move(struct elide *e, size_t at);

/* The offset in the line of offset at of the short line: a string's own
 * cut counts from its closing quote on.  Fast for offsets that grow. */
static inline size_t
elide_map(struct elide *e, size_t at)
{
	if (at >= e->lo && at < e->hi)
		return at + e->shift;
	return elide_map_move(e, at);
}

/* The string of *n bytes at offset at of the short line, in the line:
 * its offset, and in *n its length there (with its cut, if it has one:
 * the first cut past at is the one that ends at its closing quote). */
static inline size_t
elide_map_string(struct elide *e, size_t at, size_t *n)
{
	size_t to = elide_map(e, at);

	if (at + *n == e->hi)
		*n += e->cut[e->k].n;
	return to;
}

void elide_free(struct elide *e);

#endif
