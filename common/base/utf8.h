/*
 * utf8.h - strict UTF-8 (RFC 3629, Unicode table 3-7) for input lines.
 *
 * yajl checks only the shape of multi-byte sequences, so it lets through
 * overlong forms (C0 AF for '/'), UTF-16 surrogates encoded as UTF-8
 * (ED A0 80) and code points above U+10FFFF (F4 90 80 80).  Bytes that
 * another reader may decode differently must not pass a filter that
 * decides by key names and values: utf8_check finds them.
 */
#ifndef PHI_UTF8_H
#define PHI_UTF8_H

#include <stddef.h>

/* The offset of the first byte of s[0..n) that does not begin a
 * well-formed UTF-8 sequence, or n if all of it is UTF-8.  Plain ASCII
 * is checked 32 bytes at a time. */
size_t utf8_check(const char *s, size_t n);

#endif
