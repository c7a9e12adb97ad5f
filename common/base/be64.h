/*
 * be64.h - 64-bit big-endian loads and stores (token sequence numbers,
 * HPKE nonces, base64 groups).  gcc and clang compile each to one move
 * and one byte swap.
 */
#ifndef PHI_BE64_H
#define PHI_BE64_H

#include <stdint.h>

static inline uint64_t
be64_get(const uint8_t *p)
{
	return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 |
	    (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 |
	    (uint64_t)p[5] << 16 | (uint64_t)p[6] << 8 | p[7];
}

static inline void
be64_put(uint8_t *p, uint64_t v)
{
	p[0] = (uint8_t)(v >> 56);
	p[1] = (uint8_t)(v >> 48);
	p[2] = (uint8_t)(v >> 40);
	p[3] = (uint8_t)(v >> 32);
	p[4] = (uint8_t)(v >> 24);
	p[5] = (uint8_t)(v >> 16);
	p[6] = (uint8_t)(v >> 8);
	p[7] = (uint8_t)v;
}

#endif
