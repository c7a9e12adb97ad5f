/*
 * hash.h - FNV-1a, the one string hash of the hash tables here (key
 * names, paths, dictionary words, tree nodes).  Not for anything an
 * attacker's input could exploit beyond longer probe chains: the tables
 * that take input bound their size instead.
 *
 *	uint64_t h = hash_fnv1a(HASH_FNV1A_INIT, s, n);
 *	h = hash_fnv1a(h, more, m);           (continues a hash)
 *	size_t slot = hash_fold(h) & (slots - 1);
 */
#ifndef PHI_HASH_H
#define PHI_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HASH_FNV1A_INIT 1469598103934665603ULL

/* Continues the FNV-1a hash h over s[0..n). */
static inline uint64_t
hash_fnv1a(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ULL;
	return h;
}

/* Continues h over the 64-bit word w at once: FNV-1a's step a word at
 * a time, for keys made of words (and bytes read eight at a time),
 * several times faster than hash_fnv1a over the same bytes.  It gives
 * other hashes than hash_fnv1a: use one or the other for a table. */
static inline uint64_t
hash_mix64(uint64_t h, uint64_t w)
{
	return (h ^ w) * 1099511628211ULL;
}

/* Continues h over s[0..n) eight bytes at a time (hash_mix64), the last
 * part word zero-padded; n itself is not mixed in. */
static inline uint64_t
hash_mix_bytes(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;
	uint64_t w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = hash_mix64(h, w);
	}
	if (n > 0) {
		w = 0;
		memcpy(&w, p, n);
		h = hash_mix64(h, w);
	}
	return h;
}

/* The high bits folded into the low ones, for a table indexed by the
 * low bits (FNV-1a's low bits mix poorly for short keys). */
static inline uint64_t
hash_fold(uint64_t h)
{
	return h ^ (h >> 29) ^ (h >> 47);
}

#endif
