/*
 * b64url.c - strict base64url without padding (see b64url.h): table
 * driven scalar code, and on x86-64 SSSE3 code for 16 characters (12
 * bytes) at a time, picked at run time (see b64url_impl.h).
 */
#include <string.h>

#include "b64url.h"
#include "b64url_impl.h"
#include "be64.h"

#if B64URL_X86
#include <immintrin.h>
#endif

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
b64url_encode_scalar(const uint8_t *in, size_t n, char *out)
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
b64url_decode_scalar(const char *in, size_t n, uint8_t *out, size_t *outlen)
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

#if B64URL_X86
/*
 * SSSE3: 12 bytes are 16 characters, a block.  A call does whole blocks
 * from the start while they lie before the last two, then the block
 * just before the last (which may overlap the ones before it), then
 * the last, which ends with the input: its load is shifted and padded
 * by the tables below (row: n % 3 or n % 4) and its last store ends with
 * the output.  So there is no scalar tail and no branch after the loop
 * (the lengths of real tokens vary, and such branches mispredict); no
 * load is past in[n) and no store past the output's room.  Shorter
 * inputs (n < 16) go to the scalar code.
 */
#define B64_SSSE3 __attribute__((target("ssse3")))
#define Z (-128) /* a pshufb index that gives 0 */

/* Encode, last block: which of the 16 bytes ending at in[n) go where,
 * with the missing bytes of a last group of 1 or 2 as 0 ... */
static const int8_t b64_enc_in[3][16] = {
    {5, 4, 6, 5, 8, 7, 9, 8, 11, 10, 12, 11, 14, 13, 15, 14},
    {7, 6, 8, 7, 10, 9, 11, 10, 13, 12, 14, 13, Z, 15, Z, Z},
    {6, 5, 7, 6, 9, 8, 10, 9, 12, 11, 13, 12, 15, 14, Z, 15}};
/* ... and the characters for its last 8-byte store, which ends with the
 * last character. */
static const int8_t b64_enc_out[3][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {0, 1, 2, 3, 4, 5, 6, 7, 6, 7, 8, 9, 10, 11, 12, 13},
    {0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13, 14}};

/* Decode, last block (row 1 unused: n % 4 == 1 is refused): the 16
 * characters ending at in[n), shifted down so that a last group of 2 or
 * 3 is padded with 'A' (value 0) ... */
static const int8_t b64_dec_in[4][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, {0},
    {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, Z, Z},
    {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, Z}};
static const int8_t b64_dec_pad[4][16] = {{0}, {0},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'A', 'A'},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'A'}};
/* ... the unused bits of its last character, which must be 0 ... */
static const int8_t b64_dec_unused[4][16] = {{0}, {0},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 15, 0, 0},
    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0}};
/* ... and the bytes of each 24-bit group for its two stores: bytes 0..7
 * at the block's place, 8..11 ending with the last byte. */
static const int8_t b64_dec_out[4][16] = {
    {2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, Z, Z, Z, Z}, {0},
    {2, 1, 0, 6, 5, 4, 10, 9, 10, 9, 8, 14, Z, Z, Z, Z},
    {2, 1, 0, 6, 5, 4, 10, 9, 9, 8, 14, 13, Z, Z, Z, Z}};
#undef Z

int
b64url_cpu_ssse3(void)
{
	return __builtin_cpu_supports("ssse3") != 0;
}

B64_SSSE3 static __m128i
b64url_load(const void *p)
{
	return _mm_loadu_si128((const __m128i *)p);
}

/* 12 bytes, already shuffled so that each 32 bits hold bytes 1 0 2 1 of
 * a group of 3, to 16 characters (Mula's method: two multiplies make the
 * 6-bit values, and a 16-entry table adds the offset of each value's
 * range of the alphabet to it). */
B64_SSSE3 static __m128i
b64url_enc16(__m128i in)
{
	const __m128i lut = _mm_setr_epi8('A', 'a' - 26, '0' - 52, '0' - 52,
	    '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52, '0' - 52,
	    '0' - 52, '0' - 52, '-' - 62, '_' - 63, 0, 0);
	__m128i t, v, r;

	t = _mm_mulhi_epu16(_mm_and_si128(in, _mm_set1_epi32(0x0fc0fc00)),
	    _mm_set1_epi32(0x04000040));
	v = _mm_mullo_epi16(_mm_and_si128(in, _mm_set1_epi32(0x003f03f0)),
	    _mm_set1_epi32(0x01000010));
	v = _mm_or_si128(t, v);
	/* 0..25 -> 0, 26..51 -> 1, 52..63 -> 2..13 */
	r = _mm_subs_epu8(v, _mm_set1_epi8(51));
	r = _mm_sub_epi8(r, _mm_cmpgt_epi8(v, _mm_set1_epi8(25)));
	return _mm_add_epi8(v, _mm_shuffle_epi8(lut, r));
}

/* The 12 bytes at in (16 readable) to 16 characters at out. */
B64_SSSE3 static void
b64url_enc_block(const uint8_t *in, char *out)
{
	const __m128i order =
	    _mm_setr_epi8(1, 0, 2, 1, 4, 3, 5, 4, 7, 6, 8, 7, 10, 9, 11, 10);

	_mm_storeu_si128((__m128i *)out,
	    b64url_enc16(_mm_shuffle_epi8(b64url_load(in), order)));
}

B64_SSSE3 void
b64url_encode_ssse3(const uint8_t *in, size_t n, char *out)
{
	size_t q = n / 3, k = n % 3, t, u, i;
	__m128i v;

	if (n < 16) {
		b64url_encode_scalar(in, n, out);
		return;
	}
	/* counted in groups of 3: the last block starts at group t, the
	 * one before at u */
	t = q - (k == 0 ? 4 : 3);
	u = t >= 4 ? t - 4 : 0;
	for (i = 0; i < u; i += 4)
		b64url_enc_block(in + 3 * i, out + 4 * i);
	b64url_enc_block(in + 3 * u, out + 4 * u);
	v = _mm_shuffle_epi8(
	    b64url_load(in + n - 16), b64url_load(b64_enc_in[k]));
	v = _mm_shuffle_epi8(b64url_enc16(v), b64url_load(b64_enc_out[k]));
	_mm_storel_epi64((__m128i *)(out + 4 * t), v);
	_mm_storel_epi64(
	    (__m128i *)(out + b64url_encoded_len(n) - 8), _mm_srli_si128(v, 8));
}

/* The values of the 16 characters c; bits are set in *err for one
 * outside the alphabet.  A character is in it when lo[c & 15] &
 * hi[c >> 4] is 0: lo has a bit for each class of low nibbles, hi the
 * classes that are no letter with that high nibble.  Its value is c plus
 * off[c >> 4], but for '_' (0x5f: 95 - 65 + 33 = 63). */
B64_SSSE3 static __m128i
b64url_dec_values(__m128i c, __m128i *err)
{
	const __m128i lo = _mm_setr_epi8(0x01, 0x02, 0x02, 0x02, 0x02, 0x02,
	    0x02, 0x02, 0x02, 0x02, 0x04, 0x08, 0x08, 0x10, 0x08, 0x20);
	const __m128i hi = _mm_setr_epi8(-1, -1, 0x2f, 0x3c, 0x01, 0x18, 0x01,
	    0x38, -1, -1, -1, -1, -1, -1, -1, -1);
	const __m128i off = _mm_setr_epi8(0, 0, 62 - '-', 52 - '0', -'A', -'A',
	    26 - 'a', 26 - 'a', 0, 0, 0, 0, 0, 0, 0, 0);
	const __m128i m = _mm_set1_epi8(0x0f);
	__m128i h = _mm_and_si128(_mm_srli_epi32(c, 4), m), v;

	*err = _mm_or_si128(*err,
	    _mm_and_si128(_mm_shuffle_epi8(lo, _mm_and_si128(c, m)),
	        _mm_shuffle_epi8(hi, h)));
	v = _mm_add_epi8(c, _mm_shuffle_epi8(off, h));
	return _mm_add_epi8(v,
	    _mm_and_si128(
	        _mm_cmpeq_epi8(c, _mm_set1_epi8('_')), _mm_set1_epi8(33)));
}

/* 16 values to 12 bytes, aaaaaabbbbbbccccccdddddd in each 32 bits and
 * then its 3 bytes as order (a row of b64_dec_out) puts them. */
B64_SSSE3 static __m128i
b64url_dec_pack(__m128i v, __m128i order)
{
	v = _mm_maddubs_epi16(v, _mm_set1_epi32(0x01400140));
	v = _mm_madd_epi16(v, _mm_set1_epi32(0x00011000));
	return _mm_shuffle_epi8(v, order);
}

/* Bytes 0..7 of v at o, 8..11 at o2. */
B64_SSSE3 static void
b64url_store_8_4(uint8_t *o, uint8_t *o2, __m128i v)
{
	uint32_t w = (uint32_t)_mm_cvtsi128_si32(_mm_srli_si128(v, 8));

	_mm_storel_epi64((__m128i *)o, v);
	memcpy(o2, &w, 4);
}

B64_SSSE3 int
b64url_decode_ssse3(const char *in, size_t n, uint8_t *out, size_t *outlen)
{
	const uint8_t *p = (const uint8_t *)in;
	size_t k = n % 4, f, g, i, len = n * 3 / 4;
	const __m128i order = b64url_load(b64_dec_out[0]);
	__m128i err = _mm_setzero_si128(), v;

	if (k == 1)
		return -1;
	if (n < 16)
		return b64url_decode_scalar(in, n, out, outlen);
	f = (n + 3) / 4 * 4 - 16; /* the last block: in[f..n) */
	g = f >= 16 ? f - 16 : 0; /* the one before: in[g..g+16) */
	/* a 16-byte store for 12, but before f there is room for it */
	for (i = 0; i < g; i += 16)
		_mm_storeu_si128((__m128i *)(out + i / 4 * 3),
		    b64url_dec_pack(
		        b64url_dec_values(b64url_load(p + i), &err), order));
	v = b64url_dec_pack(b64url_dec_values(b64url_load(p + g), &err), order);
	b64url_store_8_4(out + g / 4 * 3, out + g / 4 * 3 + 8, v);
	v = _mm_shuffle_epi8(
	    b64url_load(p + n - 16), b64url_load(b64_dec_in[k]));
	v = b64url_dec_values(
	    _mm_or_si128(v, b64url_load(b64_dec_pad[k])), &err);
	err =
	    _mm_or_si128(err, _mm_and_si128(v, b64url_load(b64_dec_unused[k])));
	v = b64url_dec_pack(v, b64url_load(b64_dec_out[k]));
	b64url_store_8_4(out + f / 4 * 3, out + len - 4, v);
	if (_mm_movemask_epi8(_mm_cmpeq_epi8(err, _mm_setzero_si128())) !=
	    0xffff)
		return -1;
	*outlen = len;
	return 0;
}
#endif

void
b64url_encode(const uint8_t *in, size_t n, char *out)
{
#if B64URL_X86
	if (n >= 16 && b64url_cpu_ssse3()) {
		b64url_encode_ssse3(in, n, out);
		return;
	}
#endif
	b64url_encode_scalar(in, n, out);
}

int
b64url_decode(const char *in, size_t n, uint8_t *out, size_t *outlen)
{
#if B64URL_X86
	if (n >= 16 && b64url_cpu_ssse3())
		return b64url_decode_ssse3(in, n, out, outlen);
#endif
	return b64url_decode_scalar(in, n, out, outlen);
}
