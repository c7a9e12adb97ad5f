/*
 * b64ref.h - a bit-at-a-time base64url reference (strict, no padding)
 * for test_b64url and fuzz_b64url to check common/b64url against.
 */
#ifndef PHI_B64REF_H
#define PHI_B64REF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* The reference: six bits at a time. */
static size_t
ref_encode(const uint8_t *in, size_t n, char *out)
{
	uint32_t acc = 0;
	size_t i, o = 0;
	int bits = 0;

	for (i = 0; i < n; i++) {
		acc = acc << 8 | in[i];
		for (bits += 8; bits >= 6; bits -= 6)
			out[o++] = alphabet[acc >> (bits - 6) & 63];
	}
	if (bits > 0)
		out[o++] = alphabet[acc << (6 - bits) & 63];
	return o;
}

static int
ref_decode(const char *in, size_t n, uint8_t *out, size_t *outlen)
{
	const char *p;
	uint32_t acc = 0;
	size_t i, o = 0;
	int bits = 0;

	if (n % 4 == 1)
		return -1;
	for (i = 0; i < n; i++) {
		if (in[i] == '\0' || (p = strchr(alphabet, in[i])) == NULL)
			return -1;
		acc = (acc << 6 | (uint32_t)(p - alphabet)) & 0xfff;
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(acc >> bits);
		}
	}
	if ((acc & ((1u << bits) - 1)) != 0)
		return -1; /* unused bits not zero */
	*outlen = o;
	return 0;
}

#endif
