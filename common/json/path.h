/*
 * path.h - field paths (phi-tools(7) "FIELD PATHS") and a set of them
 * compiled into one matcher.
 *
 *	traits.email   properties.*   **.email   properties["a.b"]   items.0
 *
 * `*` matches any one key or array element, `**` any run of zero or more.
 * A plain segment matches that object key; a segment of decimal digits
 * (without a leading zero) also matches that array index.  Keys
 * holding . * [ ] " or \ are written in brackets with JSON string
 * quoting, and so is a digit-only key that must not match an index:
 * items["0"].  [3] matches array index 3 only.
 *
 * Matching runs one step per key as the NDJSON core walks down, over a
 * bit set of "pattern i is at segment j" states (struct path_state),
 * so a set of patterns costs a few word operations per key.
 */
#ifndef PHI_PATH_H
#define PHI_PATH_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "status.h"

/* One step of a concrete path: an object key, or an array index. */
struct path_seg {
	const char *key; /* NULL for an array element */
	size_t keylen;
	size_t index;
};

struct pathset;

struct pathset *pathset_new(void);
void pathset_free(struct pathset *ps);
/* Parses expr and adds it; PHI_EUSAGE with the column on a bad path,
 * or saying how to write a JSONPath, jq or JSON Pointer spelling
 * ("$.a.b", ".a.b", "a/b": "write a.b") or one with spaces at an end. */
int pathset_add(struct pathset *ps, const char *expr, struct phi_err *e);
size_t pathset_count(const struct pathset *ps);

/* Matcher states: arrays of pathset_words() words. */
size_t pathset_words(const struct pathset *ps);
void pathset_start(const struct pathset *ps, uint64_t *st);
#define PATHSET_ACCEPTS 1 /* pathset_step(): out accepts */
#define PATHSET_ALIVE 2   /* out may still match deeper */
unsigned pathset_step(const struct pathset *ps, const uint64_t *in,
    const struct path_seg *seg, uint64_t *out);
int pathset_accepts(const struct pathset *ps, const uint64_t *st);
int pathset_alive(const struct pathset *ps, const uint64_t *st);

/* Records that the paths st accepts selected something (the matcher
 * calls it; pathset_match() too). */
void pathset_note(const struct pathset *ps, const uint64_t *st);
/* Path i as given if it has selected nothing so far, else NULL. */
const char *pathset_unused(const struct pathset *ps, size_t i);
size_t pathset_unused_count(const struct pathset *ps);
/* Path i as given (NULL past the last). */
const char *pathset_expr(const struct pathset *ps, size_t i);

/* Does the concrete path seg[0..n-1] match (for tests and tools)?
 * A match is noted (pathset_note()). */
int pathset_match(
    const struct pathset *ps, const struct path_seg *seg, size_t n);

/* Appends the path in path syntax; array elements as `*` when
 * star_index is non-zero (the form phi-classify reports), else as
 * `[3]`, which matches that index only (a digit-only key is written
 * `["3"]`, which matches that key only).  A key can be PHI (a map keyed
 * by email): a key that path_key_masked() finds, and a segment whose key
 * is path_mask (a caller's own verdict, phi-classify's), is written
 * `["…"]`, never itself.  Returns -1 on allocation failure. */
int path_format(
    struct buf *b, const struct path_seg *seg, size_t n, int star_index);

/* The path as path_format() writes it (indexes as `[3]`), with no key
 * masked: the canonical path that suite-2 tokens bind (phi-tools(7)
 * "Suite 2"), never for messages.  -1 on allocation failure. */
int path_canonical(struct buf *b, const struct path_seg *seg, size_t n);
/* The segments of ps's first path (a name of digits as a key), at most
 * max; 0 when it holds `*` or `**`.  They point into ps. */
size_t pathset_segs(const struct pathset *ps, struct path_seg *out, size_t max);
/* Does no path of ps hold `*` or `**` (each selects one place)? */
int pathset_concrete(const struct pathset *ps);
/* The shape test of path_format, cheap and without a classifier (the
 * programs' messages print paths below it): does key look like an
 * identifier?  An '@' after its first byte (an email; "@type" is not
 * one), or a run of 6 or more digits, separated or not by spaces and
 * ( ) + - . / (a phone, SSN, card or record number, a date). */
int path_key_masked(const char *key, size_t n);

/* The key of a masked segment (its bytes are "…", but segments are told
 * apart by this pointer), and how path_format writes one. */
extern const char path_mask[];
#define PATH_MASK_LEN 3
#define PATH_MASKED "[\"\xe2\x80\xa6\"]"

#endif
