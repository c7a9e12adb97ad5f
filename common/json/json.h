/*
 * json.h - small JSON text helpers: find the end of a string literal,
 * decode one, and check that a text is exactly one JSON value.
 */
#ifndef PHI_JSON_H
#define PHI_JSON_H

#include <stddef.h>

#include "buf.h"

/* s[i] is '"': sets *end to the index just past the closing quote.
 * Returns 0, or -1 if the string is not closed within n. */
int json_string_end(const char *s, size_t n, size_t i, size_t *end);

/* Decodes the JSON string literal s[0..n) (with its quotes) into UTF-8,
 * appended to out.  Returns 0, or -1 for a bad literal (bad escape,
 * control character, lone surrogate) or out of memory. */
int json_unquote(const char *s, size_t n, struct buf *out);

/* Is s[0..n) exactly one JSON value (white space around allowed, as
 * yajl's lexer sees it: yajlspace.h)?  The answer is yajl's, through the
 * checked allocator (yajlmem); a fast check answers first where it can.
 * Out of memory counts as "no": callers refuse. */
int json_is_value(const char *s, size_t n);

#endif
