/*
 * jsonfind.h - the value at one field path in a JSON object's text,
 * found without a parser's callbacks: what binds tokens to a record
 * field (phi-encrypt and phi-decrypt --bind-record) needs that field's
 * bytes before the values of its line are sealed or opened, and it may
 * stand after them in the line.
 *
 * The text is scanned, not validated: the line is the streaming core's
 * (ndjson.h), which refuses a line that is not one JSON object, so a
 * malformed text only needs an answer that is safe ("not found").
 */
#ifndef PHI_JSONFIND_H
#define PHI_JSONFIND_H

#include <stddef.h>

#include "buf.h"
#include "pathset.h"

/* The first value of the object s[0..n) whose path ps (one concrete
 * path: pathset_concrete()) accepts: its bytes are s[*start..*end) and
 * its canonical path (path_canonical()) is appended to canon.  1 found,
 * 0 not found (or a text that does not scan), -1 out of memory. */
int json_find(const char *s, size_t n, const struct pathset *ps, size_t *start,
    size_t *end, struct buf *canon);

#endif
