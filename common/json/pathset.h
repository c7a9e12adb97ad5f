/*
 * pathset.h - a set of field paths (path.h) compiled into one matcher.
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
#ifndef PHI_PATHSET_H
#define PHI_PATHSET_H

#include <stddef.h>
#include <stdint.h>

#include "path.h"
#include "phierr.h"

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

/* The segments of ps's first path (a name of digits as a key), at most
 * max; 0 when it holds `*` or `**`.  They point into ps. */
size_t pathset_segs(const struct pathset *ps, struct path_seg *out, size_t max);
/* Does no path of ps hold `*` or `**` (each selects one place)? */
int pathset_concrete(const struct pathset *ps);
#endif
