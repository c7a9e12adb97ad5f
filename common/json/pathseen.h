/*
 * pathseen.h - a bounded set of the distinct paths an input held, to
 * suggest the close one when a field path selected nothing
 * ("-f trait.email selected nothing; did you mean traits.email?").
 *
 * At most PATHSEEN_MAX paths of at most PATHSEEN_LEN bytes are kept
 * (array elements as `*`); the rest are not, so the cost is bounded
 * whatever the input.  A suggestion is only made within a small edit
 * distance of what was typed, so it tells little the user did not
 * write.
 */
#ifndef PHI_PATHSEEN_H
#define PHI_PATHSEEN_H

#include <stddef.h>

#include "path.h"

#define PATHSEEN_MAX 1024
#define PATHSEEN_LEN 128

struct pathseen;

struct pathseen *pathseen_new(void);
void pathseen_free(struct pathseen *ps);
/* Adds the path seg[0..n-1] if there is room; -1 on allocation failure. */
int pathseen_add(struct pathseen *ps, const struct path_seg *seg, size_t n);
/* Whether no more paths are taken (the set is full). */
int pathseen_full(const struct pathseen *ps);
/* The kept path closest to expr (optimal string alignment distance, at
 * most 1 for up to 4 bytes, 2 for up to 12, else 3), or NULL. */
const char *pathseen_closest(const struct pathseen *ps, const char *expr);

#endif
