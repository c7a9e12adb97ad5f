/*
 * hex.h - hexadecimal digits, the one place that spells them:
 * hex_encode (bytes to lowercase digits and a NUL), hex_value (one
 * digit's value), hex_decode (digits back to bytes) and hex_is_lower (is
 * a string exactly n lowercase digits, as hashes and ids are written).
 */
#ifndef PHI_HEX_H
#define PHI_HEX_H

#include <stddef.h>
#include <stdint.h>

/* Lowercase hex of p[0..n) into out, which holds 2n + 1 bytes. */
void hex_encode(const uint8_t *p, size_t n, char *out);

/* The value of the hex digit c (either case), or -1. */
int hex_value(int c);

/* The 2n digits at s (either case) as n bytes into out; 0, or -1 when
 * one is not a hex digit (out is then partly written). */
int hex_decode(const char *s, size_t n, uint8_t *out);

/* Is s exactly n lowercase hex digits and then the end of the string? */
int hex_is_lower(const char *s, size_t n);

#endif
