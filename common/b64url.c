/* b64url.c - strict base64url without padding (see b64url.h). */
#include "b64url.h"

static const char b64_alpha[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* 0..63 for a letter of the alphabet, 0xff for anything else. */
#define X 0xff
/* clang-format off */
static const uint8_t b64_val[256] = {
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  62, X,  X,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, X,  X,  X,  X,  X,  X,
	X,  0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, X,  X,  X,  X,  63,
	X,  26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, X,  X,  X,  X,  X,
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
	X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,  X,
};
/* clang-format on */
#undef X

size_t
b64url_encoded_len(size_t n)
{
	return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

size_t
b64url_decoded_max(size_t n)
{
	return n / 4 * 3 + 1 + (n % 4) * 3 / 4;
}

void
b64url_encode(const uint8_t *in, size_t n, char *out)
{
	uint32_t v;

	for (; n >= 3; n -= 3, in += 3, out += 4) {
		v = (uint32_t)in[0] << 16 | (uint32_t)in[1] << 8 | in[2];
		out[0] = b64_alpha[v >> 18];
		out[1] = b64_alpha[v >> 12 & 63];
		out[2] = b64_alpha[v >> 6 & 63];
		out[3] = b64_alpha[v & 63];
	}
	if (n == 0)
		return;
	v = (uint32_t)in[0] << 16 | (n == 2 ? (uint32_t)in[1] << 8 : 0);
	out[0] = b64_alpha[v >> 18];
	out[1] = b64_alpha[v >> 12 & 63];
	if (n == 2)
		out[2] = b64_alpha[v >> 6 & 63];
}

/* The last 2 or 3 characters: 1 or 2 bytes, unused bits must be zero. */
static int
b64url_decode_tail(const uint8_t *in, size_t n, uint8_t *out)
{
	uint32_t a = b64_val[in[0]], b = b64_val[in[1]];
	uint32_t c = n == 3 ? b64_val[in[2]] : 0;

	if ((a | b | c) > 63)
		return -1;
	if (n == 2) {
		if ((b & 15) != 0)
			return -1;
		out[0] = (uint8_t)(a << 2 | b >> 4);
		return 1;
	}
	if ((c & 3) != 0)
		return -1;
	out[0] = (uint8_t)(a << 2 | b >> 4);
	out[1] = (uint8_t)((b & 15) << 4 | c >> 2);
	return 2;
}

int
b64url_valid(const char *in, size_t n)
{
	const uint8_t *p = (const uint8_t *)in;
	uint8_t tail[2];
	uint32_t v = 0;

	if (n % 4 == 1)
		return 0;
	for (; n >= 4; n -= 4, p += 4)
		v |= b64_val[p[0]] | b64_val[p[1]] | b64_val[p[2]] |
		    b64_val[p[3]];
	return v <= 63 && (n == 0 || b64url_decode_tail(p, n, tail) >= 0);
}

int
b64url_decode(const char *in, size_t n, uint8_t *out, size_t *outlen)
{
	const uint8_t *p = (const uint8_t *)in;
	uint8_t *o = out;
	uint32_t a, b, c, d;
	int t;

	if (n % 4 == 1)
		return -1;
	for (; n >= 4; n -= 4, p += 4, o += 3) {
		a = b64_val[p[0]];
		b = b64_val[p[1]];
		c = b64_val[p[2]];
		d = b64_val[p[3]];
		if ((a | b | c | d) > 63)
			return -1;
		a = a << 18 | b << 12 | c << 6 | d;
		o[0] = (uint8_t)(a >> 16);
		o[1] = (uint8_t)(a >> 8);
		o[2] = (uint8_t)a;
	}
	if (n > 0) {
		if ((t = b64url_decode_tail(p, n, o)) < 0)
			return -1;
		o += t;
	}
	*outlen = (size_t)(o - out);
	return 0;
}
