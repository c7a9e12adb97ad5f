/* b64url.c - strict base64url without padding (see b64url.h). */
#include <string.h>

#include "b64url.h"
#include "be64.h"

static const char b64_alpha[64] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* For each byte: 0..63 for a letter of the alphabet, X for anything
 * else; F is applied to each, to make the tables below. */
#define X 0xff
/* clang-format off */
#define B64_VALUES(F) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(62) F(X) F(X) \
	F(52) F(53) F(54) F(55) F(56) F(57) F(58) F(59) \
	F(60) F(61) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(0) F(1) F(2) F(3) F(4) F(5) F(6) \
	F(7) F(8) F(9) F(10) F(11) F(12) F(13) F(14) \
	F(15) F(16) F(17) F(18) F(19) F(20) F(21) F(22) \
	F(23) F(24) F(25) F(X) F(X) F(X) F(X) F(63) \
	F(X) F(26) F(27) F(28) F(29) F(30) F(31) F(32) \
	F(33) F(34) F(35) F(36) F(37) F(38) F(39) F(40) \
	F(41) F(42) F(43) F(44) F(45) F(46) F(47) F(48) \
	F(49) F(50) F(51) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
	F(X) F(X) F(X) F(X) F(X) F(X) F(X) F(X) \
/* clang-format on */
#define B64_ID(v) v,
static const uint8_t b64_val[256] = {B64_VALUES(B64_ID)};

/* b64_val shifted into place for each character of a 4-character group;
 * bits 24..31 set for a byte outside the alphabet. */
#define B64_SH(v, k) ((v) == X ? 0xff000000u : (uint32_t)(v) << (k))
#define B64_SH0(v) B64_SH(v, 18),
#define B64_SH1(v) B64_SH(v, 12),
#define B64_SH2(v) B64_SH(v, 6),
#define B64_SH3(v) B64_SH(v, 0),
static const uint32_t b64_sh[4][256] = {{B64_VALUES(B64_SH0)},
    {B64_VALUES(B64_SH1)}, {B64_VALUES(B64_SH2)}, {B64_VALUES(B64_SH3)}};
#undef X

/* Two characters for each 12-bit value: row c is c followed by every
 * letter, so b64_pairs + 2 * v spells v (4096 pairs, 8 KiB). */
/* clang-format off */
#define B64_ROW(c) \
	c "A" c "B" c "C" c "D" c "E" c "F" c "G" c "H" c "I" c "J" c "K" \
	c "L" c "M" c "N" c "O" c "P" c "Q" c "R" c "S" c "T" c "U" c "V" \
	c "W" c "X" c "Y" c "Z" c "a" c "b" c "c" c "d" c "e" c "f" c "g" \
	c "h" c "i" c "j" c "k" c "l" c "m" c "n" c "o" c "p" c "q" c "r" \
	c "s" c "t" c "u" c "v" c "w" c "x" c "y" c "z" c "0" c "1" c "2" \
	c "3" c "4" c "5" c "6" c "7" c "8" c "9" c "-" c "_"
static const char b64_pairs[2 * 4096 + 1] =
	B64_ROW("A") B64_ROW("B") B64_ROW("C") B64_ROW("D") B64_ROW("E")
	B64_ROW("F") B64_ROW("G") B64_ROW("H") B64_ROW("I") B64_ROW("J")
	B64_ROW("K") B64_ROW("L") B64_ROW("M") B64_ROW("N") B64_ROW("O")
	B64_ROW("P") B64_ROW("Q") B64_ROW("R") B64_ROW("S") B64_ROW("T")
	B64_ROW("U") B64_ROW("V") B64_ROW("W") B64_ROW("X") B64_ROW("Y")
	B64_ROW("Z") B64_ROW("a") B64_ROW("b") B64_ROW("c") B64_ROW("d")
	B64_ROW("e") B64_ROW("f") B64_ROW("g") B64_ROW("h") B64_ROW("i")
	B64_ROW("j") B64_ROW("k") B64_ROW("l") B64_ROW("m") B64_ROW("n")
	B64_ROW("o") B64_ROW("p") B64_ROW("q") B64_ROW("r") B64_ROW("s")
	B64_ROW("t") B64_ROW("u") B64_ROW("v") B64_ROW("w") B64_ROW("x")
	B64_ROW("y") B64_ROW("z") B64_ROW("0") B64_ROW("1") B64_ROW("2")
	B64_ROW("3") B64_ROW("4") B64_ROW("5") B64_ROW("6") B64_ROW("7")
	B64_ROW("8") B64_ROW("9") B64_ROW("-") B64_ROW("_");
/* clang-format on */
#undef B64_ROW

/* Six bytes are eight characters: the top 48 bits of a big-endian load
 * of 8 bytes, so 8 must be readable. */
static void
b64url_encode6(const uint8_t *in, char *out)
{
	uint64_t v;

	v = be64_get(in);
	memcpy(out, b64_pairs + 2 * (v >> 52), 2);
	memcpy(out + 2, b64_pairs + 2 * (v >> 40 & 0xfff), 2);
	memcpy(out + 4, b64_pairs + 2 * (v >> 28 & 0xfff), 2);
	memcpy(out + 6, b64_pairs + 2 * (v >> 16 & 0xfff), 2);
}

void
b64url_encode(const uint8_t *in, size_t n, char *out)
{
	uint32_t v;

	for (; n >= 8; n -= 6, in += 6, out += 8)
		b64url_encode6(in, out);
	while (n >= 3) {
		v = (uint32_t)in[0] << 16 | (uint32_t)in[1] << 8 | in[2];
		memcpy(out, b64_pairs + 2 * (v >> 12), 2);
		memcpy(out + 2, b64_pairs + 2 * (v & 0xfff), 2);
		n -= 3, in += 3, out += 4;
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
	uint32_t v;
	int t;

	if (n % 4 == 1)
		return -1;
	for (; n >= 4; n -= 4, p += 4, o += 3) {
		v = b64_sh[0][p[0]] | b64_sh[1][p[1]] | b64_sh[2][p[2]] |
		    b64_sh[3][p[3]];
		if (v > 0xffffff)
			return -1;
		o[0] = (uint8_t)(v >> 16);
		o[1] = (uint8_t)(v >> 8);
		o[2] = (uint8_t)v;
	}
	if (n > 0) {
		if ((t = b64url_decode_tail(p, n, o)) < 0)
			return -1;
		o += t;
	}
	*outlen = (size_t)(o - out);
	return 0;
}
