/*
 * path.h - field paths (phi-tools(7) "FIELD PATHS"): a concrete path's
 * segments and its written forms.  pathset.h compiles paths as patterns.
 */
#ifndef PHI_PATH_H
#define PHI_PATH_H

#include <stddef.h>
#include "buf.h"

/* One step of a concrete path: an object key, or an array index. */
struct path_seg {
	const char *key; /* NULL for an array element */
	size_t keylen;
	size_t index;
};

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

/* Is s[0..n-1] decimal digits without a leading zero (at most 18, so
 * that it fits)?  Then *out is its value: such a key segment also
 * matches that array index. */
int path_index_of(const char *s, size_t n, size_t *out);

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
