/*
 * vkind.c - the kind table: names, screens and the dispatch to the
 * validators (see vkind.h).
 */
#include <pthread.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define VKIND_AVX2 __attribute__((target("avx2")))
#endif

#include "token.h"
#include "valid.h"
#include "vkind.h"

struct vscreen {
	const char *name;
	unsigned allow; /* classes that may appear */
	unsigned need;  /* classes that must appear */
	size_t minlen, maxlen;
	unsigned char numbers; /* JSON numbers are checked too */
	unsigned char strict;  /* can match without context */
	unsigned one; /* classes of which one must appear (0: no such rule) */
};

#define VC_ALNUM (VC_DIGIT | VC_UPPER | VC_LOWER)
#define VC_ANY 0xffffu
/* addresses, [v6]:port, CIDR /prefix ('[' and ']' are VC_OTHER) */
#define VC_IPFORM (VC_ALNUM | VC_DOT | VC_COLON | VC_SLASH | VC_OTHER)
#define VC_NUMID (VC_DIGIT | VC_SPACE | VC_DASH)

static const struct vscreen screens[VK_COUNT] = {
    [VK_NONE] = {"none", 0, 0, 0, 0, 0, 0, 0},
    [VK_EMAIL] = {"email",
        VC_ANY & ~(VC_SPACE | VC_COLON | VC_COMMA | VC_PAREN), VC_AT | VC_DOT,
        6, 254, 0, 1, 0},
    [VK_PHONE] = {"phone",
        VC_DIGIT | VC_SPACE | VC_DOT | VC_DASH | VC_PLUS | VC_PAREN | VC_LOWER,
        VC_DIGIT, 7, 40, 1, 1, 0},
    [VK_SSN] = {"ssn", VC_DIGIT | VC_DASH | VC_SPACE | VC_DOT, VC_DIGIT, 9, 11,
        1, 1, 0},
    [VK_CARD] = {"card", VC_DIGIT | VC_DASH | VC_SPACE, VC_DIGIT, 12, 23, 1, 1,
        0},
    [VK_NPI] = {"npi", VC_DIGIT, VC_DIGIT, 10, 15, 1, 0, 0},
    [VK_DEA] = {"dea", VC_DIGIT | VC_UPPER, VC_DIGIT | VC_UPPER, 9, 9, 0, 1, 0},
    [VK_MBI] = {"mbi", VC_DIGIT | VC_UPPER | VC_DASH, VC_DIGIT | VC_UPPER, 11,
        13, 0, 1, 0},
    [VK_IBAN] = {"iban", VC_ALNUM | VC_SPACE | VC_DASH, VC_DIGIT, 15, 42, 0, 1,
        0},
    /* every form has a '.' (IPv4) or a ':' (IPv6, two groups or more) */
    [VK_IP] = {"ip", VC_IPFORM, 0, 3, 54, 0, 1, VC_DOT | VC_COLON},
    [VK_IPV4] = {"ipv4", VC_IPFORM, VC_DIGIT | VC_DOT, 7, 21, 0, 1, 0},
    [VK_IPV6] = {"ipv6", VC_IPFORM, VC_COLON, 3, 54, 0, 1, 0},
    [VK_MAC] = {"mac", VC_ALNUM | VC_COLON | VC_DASH | VC_DOT, 0, 12, 17, 0, 1,
        0},
    [VK_DATE] = {"date",
        VC_ALNUM | VC_DASH | VC_SLASH | VC_DOT | VC_SPACE | VC_COMMA | VC_HIGH,
        VC_DIGIT, 6, 40, 1, 1, 0},
    [VK_ZIP] = {"zip", VC_DIGIT | VC_DASH | VC_SPACE, VC_DIGIT, 5, 10, 1, 1, 0},
    [VK_STREET] = {"street", VC_ANY, VC_DIGIT, 6, 200, 0, 1, 0},
    [VK_ICD10] = {"icd10", VC_DIGIT | VC_UPPER | VC_DOT, VC_DIGIT | VC_UPPER, 3,
        8, 0, 1, 0},
    [VK_URL] = {"url", VC_ANY & ~VC_SPACE, VC_DOT, 8, 4096, 0, 1, 0},
    [VK_VIN] = {"vin", VC_DIGIT | VC_UPPER, VC_DIGIT | VC_UPPER, 17, 17, 0, 1,
        0},
    [VK_NAME] = {"name",
        VC_UPPER | VC_LOWER | VC_HIGH | VC_SPACE | VC_DOT | VC_DASH | VC_APOS |
            VC_COMMA | VC_DIGIT | VC_OTHER,
        0, 1, 100, 0, 1, 0},
    [VK_AGE] = {"age", VC_DIGIT | VC_DOT, VC_DIGIT, 2, 6, 1, 0, 0},
    [VK_TOKEN] = {"token", VC_ALNUM | VC_COLON | VC_DASH | VC_OTHER, VC_COLON,
        7, (size_t)-1, 0, 1, 0},
    /* natid (issue 18): valid_id.c */
    [VK_NHS] = {"nhs", VC_NUMID, VC_DIGIT, 10, 12, 1, 1, 0},
    [VK_NINO] = {"nino", VC_DIGIT | VC_UPPER | VC_SPACE, VC_DIGIT | VC_UPPER, 8,
        13, 0, 1, 0},
    [VK_SIN] = {"sin", VC_NUMID, VC_DIGIT, 9, 11, 1, 1, 0},
    [VK_AADHAAR] = {"aadhaar", VC_NUMID, VC_DIGIT, 12, 14, 1, 1, 0},
    [VK_DNI] = {"dni", VC_NUMID | VC_UPPER, VC_DIGIT | VC_UPPER, 9, 10, 0, 1,
        0},
    [VK_CODFISC] = {"codfisc", VC_DIGIT | VC_UPPER, VC_DIGIT | VC_UPPER, 16, 16,
        0, 1, 0},
    [VK_STEUERID] = {"steuerid", VC_DIGIT | VC_SPACE, VC_DIGIT, 11, 14, 1, 1,
        0},
    [VK_PNR] = {"pnr", VC_DIGIT | VC_DASH | VC_PLUS, VC_DIGIT, 10, 13, 1, 1, 0},
    [VK_PESEL] = {"pesel", VC_DIGIT, VC_DIGIT, 11, 11, 1, 0, 0},
    [VK_TFN] = {"tfn", VC_DIGIT | VC_SPACE, VC_DIGIT, 8, 11, 1, 1, 0},
    [VK_AUMEDICARE] = {"aumedicare", VC_DIGIT | VC_SPACE, VC_DIGIT, 10, 14, 1,
        1, 0},
    [VK_NIR] = {"nir", VC_DIGIT | VC_SPACE | VC_UPPER, VC_DIGIT, 15, 21, 1, 1,
        0},
    [VK_BSN] = {"bsn", VC_DIGIT | VC_DOT, VC_DIGIT, 9, 11, 1, 1, 0},
    [VK_CPF] = {"cpf", VC_DIGIT | VC_DOT | VC_DASH, VC_DIGIT, 11, 14, 1, 1, 0},
    [VK_CNID] = {"cnid", VC_DIGIT | VC_UPPER, VC_DIGIT, 18, 18, 1, 1, 0},
    [VK_HETU] = {"hetu", VC_DIGIT | VC_UPPER | VC_DASH | VC_PLUS, VC_DIGIT, 11,
        11, 0, 1, 0},
    [VK_NRIC] = {"nric", VC_DIGIT | VC_UPPER, VC_DIGIT | VC_UPPER, 9, 9, 0, 1,
        0},
    [VK_RRN] = {"rrn", VC_DIGIT | VC_DASH, VC_DIGIT, 13, 14, 1, 1, 0},
    [VK_ITIN] = {"itin", VC_NUMID, VC_DIGIT, 9, 11, 1, 1, 0},
    [VK_IDNUM] = {"idnum", VC_ALNUM | VC_DASH, VC_DIGIT, 5, 20, 1, 0, 0},
    [VK_MYNUMBER] = {"mynumber", VC_DIGIT | VC_SPACE, VC_DIGIT, 12, 14, 1, 1,
        0},
    [VK_POSTAL] = {"postal", VC_DIGIT | VC_UPPER | VC_SPACE | VC_DASH | VC_HIGH,
        VC_DIGIT, 4, 14, 1, 1, 0},
    [VK_COORD] = {"coord", VC_DIGIT | VC_DOT | VC_DASH | VC_PLUS,
        VC_DIGIT | VC_DOT, 4, 13, 1, 1, 0},
};

/* Tables built once a process (pthread_once: worker threads classify
 * at once), then only read. */
static unsigned short class_table[256];
static pthread_once_t class_table_once = PTHREAD_ONCE_INIT;

static void
class_table_init(void)
{
	static const char *const sets[] = {"0123456789",
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", " \t",
	    ".", "-", "@", ":", "/", "+", "()", "", ",", "'", "#"};
	size_t i, j;

	for (i = 0; i < 256; i++)
		class_table[i] = i >= 0x80 ? VC_HIGH : VC_OTHER;
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		for (j = 0; sets[i][j] != '\0'; j++)
			class_table[(unsigned char)sets[i][j]] = 1u << i;
}

#if defined(VKIND_AVX2)
/* AVX2 for long values (free text): the classes of a byte from tables
 * of 16 by its nibbles, each bit a set of high nibbles times a set of
 * low ones, ORed over the text and turned into VC_ bits at the end.
 * Two pairs of tables, A and B; '#' by a compare; VC_OTHER where no
 * bit is set (and the byte is < 0x80). */
enum {
	CA_DIGIT = 1,   /* 0x3 x {0-9} */
	CA_UPPER1 = 2,  /* 0x4 x {1-f} */
	CA_UPPER2 = 4,  /* 0x5 x {0-a} */
	CA_LOWER1 = 8,  /* 0x6 x {1-f} */
	CA_LOWER2 = 16, /* 0x7 x {0-a} */
	CA_SPACE1 = 32, /* ' ': 0x2 x {0} */
	CA_SPACE2 = 64, /* '\t': 0x0 x {9} */
	CA_AT = 128,    /* 0x4 x {0} */
	CB_DOT = 1,     /* 0x2 x {e} */
	CB_DASH = 2,    /* 0x2 x {d} */
	CB_COLON = 4,   /* 0x3 x {a} */
	CB_SLASH = 8,   /* 0x2 x {f} */
	CB_PLUS = 16,   /* 0x2 x {b} */
	CB_PAREN = 32,  /* 0x2 x {8, 9} */
	CB_COMMA = 64,  /* 0x2 x {c} */
	CB_APOS = 128   /* 0x2 x {7} */
};

#define CA_LO1_9 (CA_DIGIT | CA_UPPER1 | CA_UPPER2 | CA_LOWER1 | CA_LOWER2)
static const unsigned char ca_lo[16] = {
    CA_DIGIT | CA_UPPER2 | CA_LOWER2 | CA_SPACE1 | CA_AT, CA_LO1_9, CA_LO1_9,
    CA_LO1_9, CA_LO1_9, CA_LO1_9, CA_LO1_9, CA_LO1_9, CA_LO1_9,
    CA_LO1_9 | CA_SPACE2, CA_UPPER1 | CA_UPPER2 | CA_LOWER1 | CA_LOWER2,
    CA_UPPER1 | CA_LOWER1, CA_UPPER1 | CA_LOWER1, CA_UPPER1 | CA_LOWER1,
    CA_UPPER1 | CA_LOWER1, CA_UPPER1 | CA_LOWER1};
static const unsigned char ca_hi[16] = {CA_SPACE2, 0, CA_SPACE1, CA_DIGIT,
    CA_UPPER1 | CA_AT, CA_UPPER2, CA_LOWER1, CA_LOWER2};
static const unsigned char cb_lo[16] = {0, 0, 0, 0, 0, 0, 0, CB_APOS, CB_PAREN,
    CB_PAREN, CB_COLON, CB_PLUS, CB_COMMA, CB_DASH, CB_DOT, CB_SLASH};
static const unsigned char cb_hi[16] = {0, 0,
    CB_DOT | CB_DASH | CB_SLASH | CB_PLUS | CB_PAREN | CB_COMMA | CB_APOS,
    CB_COLON};

/* Does the processor have AVX2?  Asked once a process (worker threads
 * classify at once). */
static int vkind_avx2;
static pthread_once_t vkind_avx2_once = PTHREAD_ONCE_INIT;

static void
vkind_avx2_init(void)
{
	vkind_avx2 = __builtin_cpu_supports("avx2") != 0;
}

/* The OR of the bytes of v. */
VKIND_AVX2 static unsigned
or_bytes(__m256i v)
{
	unsigned char b[32];
	unsigned c = 0;
	size_t i;

	_mm256_storeu_si256((__m256i *)b, v);
	for (i = 0; i < 32; i++)
		c |= b[i];
	return c;
}

VKIND_AVX2 static __m256i
table16(const unsigned char *t)
{
	return _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)t));
}

/* vkind_class() of s[0..n), n a multiple of 32. */
VKIND_AVX2 static unsigned
class_avx2(const unsigned char *s, size_t n)
{
	const __m256i alo = table16(ca_lo), ahi = table16(ca_hi),
	              blo = table16(cb_lo), bhi = table16(cb_hi),
	              nib = _mm256_set1_epi8(0x0f),
	              zero = _mm256_setzero_si256();
	__m256i v, lo, hi, a, b, hash, acc_a = zero, acc_b = zero,
	                               acc_hash = zero, acc_other = zero,
	                               acc_high = zero;
	unsigned fa, fb, c;
	size_t i;

	for (i = 0; i < n; i += 32) {
		v = _mm256_loadu_si256((const __m256i *)(s + i));
		lo = _mm256_and_si256(v, nib);
		hi = _mm256_and_si256(_mm256_srli_epi16(v, 4), nib);
		a = _mm256_and_si256(
		    _mm256_shuffle_epi8(alo, lo), _mm256_shuffle_epi8(ahi, hi));
		b = _mm256_and_si256(
		    _mm256_shuffle_epi8(blo, lo), _mm256_shuffle_epi8(bhi, hi));
		hash = _mm256_cmpeq_epi8(v, _mm256_set1_epi8('#'));
		acc_a = _mm256_or_si256(acc_a, a);
		acc_b = _mm256_or_si256(acc_b, b);
		acc_hash = _mm256_or_si256(acc_hash, hash);
		acc_high = _mm256_or_si256(acc_high, v);
		acc_other = _mm256_or_si256(acc_other,
		    _mm256_andnot_si256(
		        _mm256_or_si256(hash, _mm256_cmpgt_epi8(zero, v)),
		        _mm256_cmpeq_epi8(_mm256_or_si256(a, b), zero)));
	}
	fa = or_bytes(acc_a), fb = or_bytes(acc_b);
	c = (fa & CA_DIGIT ? VC_DIGIT : 0) |
	    (fa & (CA_UPPER1 | CA_UPPER2) ? VC_UPPER : 0) |
	    (fa & (CA_LOWER1 | CA_LOWER2) ? VC_LOWER : 0) |
	    (fa & (CA_SPACE1 | CA_SPACE2) ? VC_SPACE : 0) |
	    (fa & CA_AT ? VC_AT : 0) | (fb & CB_DOT ? VC_DOT : 0) |
	    (fb & CB_DASH ? VC_DASH : 0) | (fb & CB_COLON ? VC_COLON : 0) |
	    (fb & CB_SLASH ? VC_SLASH : 0) | (fb & CB_PLUS ? VC_PLUS : 0) |
	    (fb & CB_PAREN ? VC_PAREN : 0) | (fb & CB_COMMA ? VC_COMMA : 0) |
	    (fb & CB_APOS ? VC_APOS : 0);
	c |= _mm256_movemask_epi8(acc_hash) != 0 ? VC_HASH : 0;
	c |= _mm256_movemask_epi8(acc_high) != 0 ? VC_HIGH : 0;
	c |= _mm256_movemask_epi8(acc_other) != 0 ? VC_OTHER : 0;
	return c;
}
#endif

void
vkind_debug_no_avx2(int on)
{
#if defined(VKIND_AVX2)
	pthread_once(&vkind_avx2_once, vkind_avx2_init);
	vkind_avx2 = on ? 0 : __builtin_cpu_supports("avx2") != 0;
#else
	(void)on;
#endif
}

unsigned
vkind_class(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = 0;
	size_t i = 0;

	pthread_once(&class_table_once, class_table_init);
#if defined(VKIND_AVX2)
	/* long values only: most are short, and the tables cost a little */
	if (n >= 128) {
		pthread_once(&vkind_avx2_once, vkind_avx2_init);
		if (vkind_avx2) {
			i = n & ~(size_t)31;
			c = class_avx2(p, i);
		}
	}
#endif
	for (; i < n; i++)
		c |= class_table[p[i]];
	return c;
}

const unsigned short *
vkind_class_table(void)
{
	pthread_once(&class_table_once, class_table_init);
	return class_table;
}

int
vkind_parse(const char *name, size_t n)
{
	int k;

	for (k = 1; k < VK_COUNT; k++)
		if (strlen(screens[k].name) == n &&
		    memcmp(screens[k].name, name, n) == 0)
			return k;
	if (n == 4 && memcmp(name, "none", 4) == 0)
		return VK_NONE;
	return -1;
}

const char *
vkind_name(enum vkind k)
{
	return (unsigned)k < VK_COUNT ? screens[k].name : "?";
}

int
vkind_strict(enum vkind k)
{
	return (unsigned)k < VK_COUNT && screens[k].strict;
}

/* The screens as bit sets of kinds, built once: kinds that forbid each
 * character class, kinds that need it, kinds allowing each length below
 * SCREEN_LEN, kinds that take numbers. */
#define SCREEN_LEN 64
static vkind_set forbid[16], needs[16], by_len[SCREEN_LEN], numbers_ok;
static unsigned need_any;
static vkind_set one_kinds; /* kinds with a screens[].one */
/* forbid[] and needs[] ORed over each byte of a class set: [0] its low
 * byte, [1] its high byte, so that a screen takes two loads a table
 * instead of a step a class */
static vkind_set forbid_by[2][256], needs_by[2][256];
static pthread_once_t screens_once = PTHREAD_ONCE_INIT;

/* by[h][v]: the OR of bit[b] over the bits b of v << 8h. */
static void
screens_bytes(const vkind_set bit[16], vkind_set by[2][256])
{
	unsigned h, v, b;

	for (h = 0; h < 2; h++)
		for (v = 0; v < 256; v++)
			for (b = 0; b < 8; b++)
				if (v >> b & 1)
					by[h][v] |= bit[8 * h + b];
}

static void
screens_init(void)
{
	size_t n;
	int k, b;

	for (k = 1; k < VK_COUNT; k++) {
		const struct vscreen *sc = &screens[k];
		for (b = 0; b < 16; b++) {
			if ((sc->allow >> b & 1) == 0)
				forbid[b] |= VK_BIT(k);
			if (sc->need >> b & 1)
				needs[b] |= VK_BIT(k);
		}
		for (n = sc->minlen; n < SCREEN_LEN && n <= sc->maxlen; n++)
			by_len[n] |= VK_BIT(k);
		if (sc->numbers)
			numbers_ok |= VK_BIT(k);
		need_any |= sc->need;
		if (sc->one != 0)
			one_kinds |= VK_BIT(k);
	}
	screens_bytes(forbid, forbid_by);
	screens_bytes(needs, needs_by);
}

vkind_set
vkind_screen(vkind_set want, unsigned cls, size_t n, int is_number)
{
	vkind_set pass = want, bits64;
	unsigned bits;
	int k;

	pthread_once(&screens_once, screens_init);
	if (n < SCREEN_LEN)
		pass &= by_len[n];
	else
		for (k = 1; k < VK_COUNT; k++)
			if (n > screens[k].maxlen)
				pass &= ~VK_BIT(k);
	if (is_number)
		pass &= numbers_ok;
	/* every kind that forbids a class of cls, or needs one it lacks */
	bits = need_any & ~cls;
	pass &= ~(forbid_by[0][cls & 0xff] | forbid_by[1][cls >> 8 & 0xff] |
	    needs_by[0][bits & 0xff] | needs_by[1][bits >> 8 & 0xff]);
	for (bits64 = pass & one_kinds; bits64 != 0; bits64 &= bits64 - 1) {
		k = __builtin_ctzll(bits64);
		if ((cls & screens[k].one) == 0)
			pass &= ~VK_BIT(k);
	}
	return pass & ~(vkind_set)1;
}

vkind_set
vkind_needing(unsigned cls)
{
	vkind_set out = 0;
	unsigned bits;

	pthread_once(&screens_once, screens_init);
	for (bits = cls & 0xffff; bits != 0; bits &= bits - 1)
		out |= needs[__builtin_ctz(bits)];
	return out & ~(vkind_set)1;
}

int
vkind_run(enum vkind k, const char *s, size_t n, int ctx)
{
	switch (k) {
	case VK_EMAIL:
		return valid_email(s, n);
	case VK_PHONE:
		return valid_phone(s, n, ctx);
	case VK_SSN:
		return valid_ssn(s, n, ctx);
	case VK_CARD:
		return valid_card(s, n);
	case VK_NPI:
		return ctx && valid_npi(s, n);
	case VK_DEA:
		return valid_dea(s, n);
	case VK_MBI:
		return valid_mbi(s, n);
	case VK_IBAN:
		return valid_iban(s, n);
	case VK_IP:
		return valid_ip(s, n, ctx) != 0;
	case VK_IPV4:
		return valid_ip(s, n, ctx) == 4;
	case VK_IPV6:
		return valid_ip(s, n, ctx) == 6;
	case VK_MAC:
		return valid_mac(s, n, ctx);
	case VK_DATE:
		return valid_date(s, n, ctx);
	case VK_ZIP:
		return valid_zip(s, n, ctx);
	case VK_STREET:
		return valid_street(s, n);
	case VK_ICD10:
		return valid_icd10(s, n, ctx);
	case VK_URL:
		return valid_url(s, n);
	case VK_VIN:
		return valid_vin(s, n);
	case VK_NAME:
		return ctx && valid_name(s, n);
	case VK_AGE:
		return ctx && valid_age(s, n);
	case VK_TOKEN:
		return valid_token(s, n);
	default: /* valid_geo.c, valid_id.c */
		return k == VK_POSTAL ? valid_postal(s, n, ctx)
		    : k == VK_COORD   ? valid_coord(s, n, ctx)
		                      : valid_id_kind(k, s, n, ctx);
	}
}

vkind_set
vkind_may_start(vkind_set kinds, const char *s, size_t n)
{
	if ((kinds & VK_BIT(VK_DATE)) != 0 && !valid_date_start(s, n))
		kinds &= ~VK_BIT(VK_DATE);
	if ((kinds & VK_BIT(VK_IBAN)) != 0 && !valid_iban_start(s, n))
		kinds &= ~VK_BIT(VK_IBAN);
	if ((kinds & VK_BIT(VK_PHONE)) != 0 && !valid_phone_start(s, n))
		kinds &= ~VK_BIT(VK_PHONE);
	if (n == 0 || s[0] < '0' || s[0] > '9') /* valid_card(), valid_ssn() */
		kinds &= ~(VK_BIT(VK_CARD) | VK_BIT(VK_SSN));
	if ((kinds & VK_BIT(VK_NINO)) != 0 && !valid_nino_start(s, n))
		kinds &= ~VK_BIT(VK_NINO);
	return kinds;
}

vkind_set
vkind_may_end(vkind_set kinds, const char *s, size_t n)
{
	if ((kinds & VK_BIT(VK_DATE)) != 0 && !valid_date_end(s, n))
		kinds &= ~VK_BIT(VK_DATE);
	if ((kinds & VK_BIT(VK_PHONE)) != 0 && !valid_phone_end(s, n))
		kinds &= ~VK_BIT(VK_PHONE);
	return kinds;
}

int
vkind_check(
    enum vkind k, const char *s, size_t n, unsigned cls, int is_number, int ctx)
{
	if ((unsigned)k >= VK_COUNT || k == VK_NONE ||
	    vkind_screen(VK_BIT(k), cls, n, is_number) == 0)
		return 0;
	return vkind_run(k, s, n, ctx);
}
