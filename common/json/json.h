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

/* Decodes the string content s[0..n) (the bytes between the quotes,
 * escapes as written) into UTF-8, appended to out.  With map, map[j] is
 * the offset in s of the character or escape that decoded byte j comes
 * from (room for n entries is enough: content never decodes longer than
 * it is written).  lax: a lone surrogate decodes to U+FFFD (yajl lets it
 * through) instead of failing.  Returns 0, or -1 for bad content or out
 * of memory. */
int json_unescape(
    const char *s, size_t n, int lax, struct buf *out, size_t *map);

/* Is s[0..n) valid string content: strict UTF-8 (utf8.h), no byte below
 * 0x20, no '"' but escaped, and only the escapes of JSON (\uXXXX with
 * four hex digits; surrogates unchecked, as yajl's lexer)? */
int json_content_valid(const char *s, size_t n);

/* Is s[0..n) exactly one JSON value (white space around allowed, as
 * yajl's lexer sees it: yajlspace.h)?  The answer is yajl's, through the
 * checked allocator (yajlmem); a fast check answers first where it can.
 * Out of memory counts as "no": callers refuse. */
int json_is_value(const char *s, size_t n);

#endif
