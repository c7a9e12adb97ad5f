/*
 * validators.c - the kind table (names, screens, dispatch) and the
 * identifiers with check digits: payment cards (IIN and Luhn), SSN, NPI,
 * DEA, Medicare MBI, IBAN (mod 97), VIN, ZIP, ages over 89 and
 * phi-encrypt tokens.  See validators.h.
 */
#include <pthread.h>
#include <string.h>

#include "token.h"
#include "validators.h"

struct vscreen {
	const char *name;
	unsigned allow; /* classes that may appear */
	unsigned need;  /* classes that must appear */
	size_t minlen, maxlen;
	unsigned char numbers; /* JSON numbers are checked too */
	unsigned char strict;  /* can match without context */
};

#define VC_ALNUM (VC_DIGIT | VC_UPPER | VC_LOWER)
#define VC_ANY 0xffffu
/* addresses, [v6]:port, CIDR /prefix ('[' and ']' are VC_OTHER) */
#define VC_IPFORM (VC_ALNUM | VC_DOT | VC_COLON | VC_SLASH | VC_OTHER)
#define VC_NUMID (VC_DIGIT | VC_SPACE | VC_DASH)

static const struct vscreen screens[VK_COUNT] = {
    [VK_NONE] = {"none", 0, 0, 0, 0, 0, 0},
    [VK_EMAIL] = {"email",
        VC_ANY & ~(VC_SPACE | VC_COLON | VC_COMMA | VC_PAREN), VC_AT | VC_DOT,
        6, 254, 0, 1},
    [VK_PHONE] = {"phone",
        VC_DIGIT | VC_SPACE | VC_DOT | VC_DASH | VC_PLUS | VC_PAREN | VC_LOWER,
        VC_DIGIT, 7, 40, 1, 1},
    [VK_SSN] = {"ssn", VC_DIGIT | VC_DASH | VC_SPACE | VC_DOT, VC_DIGIT, 9, 11,
        1, 1},
    [VK_CARD] = {"card", VC_DIGIT | VC_DASH | VC_SPACE, VC_DIGIT, 12, 23, 1, 1},
    [VK_NPI] = {"npi", VC_DIGIT, VC_DIGIT, 10, 15, 1, 0},
    [VK_DEA] = {"dea", VC_DIGIT | VC_UPPER, VC_DIGIT | VC_UPPER, 9, 9, 0, 1},
    [VK_MBI] = {"mbi", VC_DIGIT | VC_UPPER | VC_DASH, VC_DIGIT | VC_UPPER, 11,
        13, 0, 1},
    [VK_IBAN] = {"iban", VC_ALNUM | VC_SPACE | VC_DASH, VC_DIGIT, 15, 42, 0, 1},
    [VK_IP] = {"ip", VC_IPFORM, 0, 3, 54, 0, 1},
    [VK_IPV4] = {"ipv4", VC_IPFORM, VC_DIGIT | VC_DOT, 7, 21, 0, 1},
    [VK_IPV6] = {"ipv6", VC_IPFORM, VC_COLON, 3, 54, 0, 1},
    [VK_MAC] = {"mac", VC_ALNUM | VC_COLON | VC_DASH | VC_DOT, 0, 12, 17, 0, 1},
    [VK_DATE] = {"date",
        VC_ALNUM | VC_DASH | VC_SLASH | VC_DOT | VC_SPACE | VC_COMMA | VC_HIGH,
        VC_DIGIT, 6, 40, 1, 1},
    [VK_ZIP] = {"zip", VC_DIGIT | VC_DASH | VC_SPACE, VC_DIGIT, 5, 10, 1, 1},
    [VK_STREET] = {"street", VC_ANY, VC_DIGIT, 6, 200, 0, 1},
    [VK_ICD10] = {"icd10", VC_DIGIT | VC_UPPER | VC_DOT, VC_DIGIT | VC_UPPER, 3,
        8, 0, 1},
    [VK_URL] = {"url", VC_ANY & ~VC_SPACE, VC_DOT, 8, 4096, 0, 1},
    [VK_VIN] = {"vin", VC_DIGIT | VC_UPPER, VC_DIGIT | VC_UPPER, 17, 17, 0, 1},
    [VK_NAME] = {"name",
        VC_UPPER | VC_LOWER | VC_HIGH | VC_SPACE | VC_DOT | VC_DASH | VC_APOS |
            VC_COMMA | VC_DIGIT | VC_OTHER,
        0, 1, 100, 0, 1},
    [VK_AGE] = {"age", VC_DIGIT | VC_DOT, VC_DIGIT, 2, 6, 1, 0},
    [VK_TOKEN] = {"token", VC_ALNUM | VC_COLON | VC_DASH | VC_OTHER, VC_COLON,
        7, (size_t)-1, 0, 1},
    /* natid (issue 18): validators_id.c */
    [VK_NHS] = {"nhs", VC_NUMID, VC_DIGIT, 10, 12, 1, 1},
    [VK_NINO] = {"nino", VC_DIGIT | VC_UPPER | VC_SPACE, VC_DIGIT | VC_UPPER, 8,
        13, 0, 1},
    [VK_SIN] = {"sin", VC_NUMID, VC_DIGIT, 9, 11, 1, 1},
    [VK_AADHAAR] = {"aadhaar", VC_NUMID, VC_DIGIT, 12, 14, 1, 1},
    [VK_DNI] = {"dni", VC_NUMID | VC_UPPER, VC_DIGIT | VC_UPPER, 9, 10, 0, 1},
    [VK_CODFISC] = {"codfisc", VC_DIGIT | VC_UPPER, VC_DIGIT | VC_UPPER, 16, 16,
        0, 1},
    [VK_STEUERID] = {"steuerid", VC_DIGIT | VC_SPACE, VC_DIGIT, 11, 14, 1, 1},
    [VK_PNR] = {"pnr", VC_DIGIT | VC_DASH | VC_PLUS, VC_DIGIT, 10, 13, 1, 1},
    [VK_PESEL] = {"pesel", VC_DIGIT, VC_DIGIT, 11, 11, 1, 0},
    [VK_TFN] = {"tfn", VC_DIGIT | VC_SPACE, VC_DIGIT, 8, 11, 1, 1},
    [VK_AUMEDICARE] = {"aumedicare", VC_DIGIT | VC_SPACE, VC_DIGIT, 10, 14, 1,
        1},
    [VK_NIR] = {"nir", VC_DIGIT | VC_SPACE | VC_UPPER, VC_DIGIT, 15, 21, 1, 1},
    [VK_BSN] = {"bsn", VC_DIGIT | VC_DOT, VC_DIGIT, 9, 11, 1, 1},
    [VK_CPF] = {"cpf", VC_DIGIT | VC_DOT | VC_DASH, VC_DIGIT, 11, 14, 1, 1},
    [VK_CNID] = {"cnid", VC_DIGIT | VC_UPPER, VC_DIGIT, 18, 18, 1, 1},
    [VK_HETU] = {"hetu", VC_DIGIT | VC_UPPER | VC_DASH | VC_PLUS, VC_DIGIT, 11,
        11, 0, 1},
    [VK_NRIC] = {"nric", VC_DIGIT | VC_UPPER, VC_DIGIT | VC_UPPER, 9, 9, 0, 1},
    [VK_RRN] = {"rrn", VC_DIGIT | VC_DASH, VC_DIGIT, 13, 14, 1, 1},
    [VK_ITIN] = {"itin", VC_NUMID, VC_DIGIT, 9, 11, 1, 1},
    [VK_IDNUM] = {"idnum", VC_ALNUM | VC_DASH, VC_DIGIT, 5, 20, 1, 0},
    [VK_MYNUMBER] = {"mynumber", VC_DIGIT | VC_SPACE, VC_DIGIT, 12, 14, 1, 1},
    [VK_POSTAL] = {"postal", VC_DIGIT | VC_UPPER | VC_SPACE | VC_DASH | VC_HIGH,
        VC_DIGIT, 4, 14, 1, 1},
    [VK_COORD] = {"coord", VC_DIGIT | VC_DOT | VC_DASH | VC_PLUS,
        VC_DIGIT | VC_DOT, 4, 13, 1, 1},
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

unsigned
vclass_of(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = 0;
	size_t i;

	pthread_once(&class_table_once, class_table_init);
	for (i = 0; i < n; i++)
		c |= class_table[p[i]];
	return c;
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
static pthread_once_t screens_once = PTHREAD_ONCE_INIT;

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
	}
}

vkind_set
vkind_screen(vkind_set want, unsigned cls, size_t n, int is_number)
{
	vkind_set pass = want;
	unsigned b, bits;
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
	for (bits = cls & 0xffff; bits != 0 && pass != 0; bits &= bits - 1)
		pass &= ~forbid[__builtin_ctz(bits)];
	for (bits = need_any & ~cls; bits != 0 && pass != 0; bits &= bits - 1) {
		b = (unsigned)__builtin_ctz(bits);
		pass &= ~needs[b];
	}
	return pass & ~(vkind_set)1;
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
	default: /* validators_geo.c, validators_id.c */
		return k == VK_POSTAL ? valid_postal(s, n, ctx)
		    : k == VK_COORD   ? valid_coord(s, n, ctx)
		                      : valid_id_kind(k, s, n, ctx);
	}
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

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int
valid_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return 0;
	return n > 0;
}

int
valid_luhn(const char *d, size_t n)
{
	unsigned sum = 0, v;
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		v = (unsigned)(d[n - 1 - i] - '0');
		if (v > 9)
			return 0;
		if (i % 2 == 1 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	return sum % 10 == 0;
}

/* Copies the digits of s to d (room for max), allowing one space or
 * dash between digit groups, the same separator throughout. */
static size_t
digits_grouped(const char *s, size_t n, char *d, size_t max)
{
	size_t i, nd = 0;
	char sep = 0;

	for (i = 0; i < n; i++) {
		if (is_digit(s[i])) {
			if (nd == max)
				return 0;
			d[nd++] = s[i];
			continue;
		}
		if ((s[i] != ' ' && s[i] != '-') || i == 0 || i + 1 == n ||
		    !is_digit(s[i + 1]) || (sep != 0 && s[i] != sep))
			return 0;
		sep = s[i];
	}
	return nd;
}

/* Issuer prefix ranges: [lo, hi] over the first `digits` digits, and the
 * card lengths allowed (bit L set for length L). */
struct iin {
	unsigned lo, hi;
	unsigned char digits;
	unsigned lengths;
};

#define L(n) (1u << (n))
#define L16_19 (L(16) | L(17) | L(18) | L(19))
#define L12_19 (L(12) | L(13) | L(14) | L(15) | L16_19)

static const struct iin iins[] = {
    {4, 4, 1, L(13) | L(16) | L(19)}, /* Visa */
    {51, 55, 2, L(16)},               /* Mastercard */
    {2221, 2720, 4, L(16)},           /* Mastercard 2-series */
    {34, 34, 2, L(15)},
    {37, 37, 2, L(15)},      /* American Express */
    {6011, 6011, 4, L16_19}, /* Discover */
    {644, 649, 3, L16_19},
    {65, 65, 2, L16_19},
    {62, 62, 2, L16_19},           /* UnionPay */
    {60, 60, 2, L16_19},           /* RuPay */
    {300, 305, 3, L(14) | L16_19}, /* Diners Club */
    {3095, 3095, 4, L(14) | L16_19},
    {36, 36, 2, L(14) | L16_19},
    {38, 39, 2, L(14) | L16_19},
    {35, 35, 2, L16_19}, /* JCB */
    {2131, 2131, 4, L(15)},
    {1800, 1800, 4, L(15)},
    {2200, 2204, 4, L16_19}, /* Mir */
    {50, 50, 2, L12_19},
    {56, 58, 2, L12_19}, /* Maestro */
    {63, 63, 2, L12_19},
    {67, 67, 2, L12_19},
};

static int
card_iin_ok(const char *d, size_t nd)
{
	size_t i, j;
	unsigned v;

	for (i = 0; i < sizeof(iins) / sizeof(iins[0]); i++) {
		if ((iins[i].lengths & L(nd)) == 0)
			continue;
		for (v = 0, j = 0; j < iins[i].digits; j++)
			v = v * 10 + (unsigned)(d[j] - '0');
		if (v >= iins[i].lo && v <= iins[i].hi)
			return 1;
	}
	return 0;
}

/* The EAN-13 (GTIN-13) check digit: weights 1 and 3 from the left. */
static int
card_ean13(const char *d)
{
	unsigned sum = 0, i;

	for (i = 0; i < 12; i++)
		sum += (unsigned)(d[i] - '0') * (i % 2 == 0 ? 1 : 3);
	return (10 - sum % 10) % 10 == (unsigned)(d[12] - '0');
}

int
valid_card(const char *s, size_t n)
{
	char d[19];
	size_t nd = digits_grouped(s, n, d, sizeof(d));

	if (nd < 12 || nd > 19)
		return 0;
	/* 13 digits run together that are a valid EAN-13 barcode are taken
	 * as one: 13-digit Visa numbers are no longer issued, while GTINs
	 * from 400-440 (Germany) often pass Luhn too */
	if (nd == 13 && n == 13 && card_ean13(d))
		return 0;
	return card_iin_ok(d, nd) && valid_luhn(d, nd);
}

unsigned
valid_number(const char *s, size_t n)
{
	unsigned v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	return v;
}

int
valid_ssn(const char *s, size_t n, int ctx)
{
	char d[9];
	unsigned area, group, serial;
	size_t i;

	if (n == 11 && (s[3] == '-' || s[3] == ' ' || s[3] == '.') &&
	    s[6] == s[3] && valid_digits(s, 3) && valid_digits(s + 4, 2) &&
	    valid_digits(s + 7, 4)) {
		memcpy(d, s, 3), memcpy(d + 3, s + 4, 2);
		memcpy(d + 5, s + 7, 4);
	} else if (ctx && n == 9 && valid_digits(s, 9))
		memcpy(d, s, 9);
	else
		return 0;
	area = valid_number(d, 3), group = valid_number(d + 3, 2);
	serial = valid_number(d + 5, 4);
	if (area == 0 || area == 666 || area >= 900 || group == 0 ||
	    serial == 0)
		return 0;
	if (memcmp(d, "078051120", 9) == 0 || memcmp(d, "219099999", 9) == 0)
		return 0; /* famous invalid numbers (wallet card, ad) */
	for (i = 1; i < 9 && d[i] == d[0]; i++)
		;
	return i < 9;
}

int
valid_npi(const char *s, size_t n)
{
	char d[15];

	if (n == 15 && memcmp(s, "80840", 5) == 0)
		s += 5, n -= 5;
	if (n != 10 || !valid_digits(s, 10) || (s[0] != '1' && s[0] != '2'))
		return 0;
	memcpy(d, "80840", 5);
	memcpy(d + 5, s, 10);
	return valid_luhn(d, 15);
}

int
valid_dea(const char *s, size_t n)
{
	static const char first[] = "ABCDEFGHJKLMPRSTUX";
	unsigned sum;

	if (n != 9 || strchr(first, s[0]) == NULL || s[0] == '\0')
		return 0;
	if (!((s[1] >= 'A' && s[1] <= 'Z') || s[1] == '9') ||
	    !valid_digits(s + 2, 7))
		return 0;
	sum = (unsigned)(s[2] - '0') + (unsigned)(s[4] - '0') +
	    (unsigned)(s[6] - '0') +
	    2 *
	        ((unsigned)(s[3] - '0') + (unsigned)(s[5] - '0') +
	            (unsigned)(s[7] - '0'));
	return sum % 10 == (unsigned)(s[8] - '0');
}

/* MBI letters: A-Z without S L O I B Z. */
static int
mbi_alpha(char c)
{
	return c >= 'A' && c <= 'Z' && strchr("SLOIBZ", c) == NULL;
}

int
valid_mbi(const char *s, size_t n)
{
	/* C A AN N A AN N A A N N */
	static const char form[] = "CAXNAXNAANN";
	char m[11];
	size_t i;

	if (n == 13 && s[4] == '-' && s[8] == '-') {
		memcpy(m, s, 4), memcpy(m + 4, s + 5, 3);
		memcpy(m + 7, s + 9, 4);
	} else if (n == 11)
		memcpy(m, s, 11);
	else
		return 0;
	for (i = 0; i < 11; i++) {
		char c = m[i];
		int ok = form[i] == 'C' ? c >= '1' && c <= '9'
		    : form[i] == 'N'    ? is_digit(c)
		    : form[i] == 'A'    ? mbi_alpha(c)
		                        : is_digit(c) || mbi_alpha(c);
		if (!ok)
			return 0;
	}
	return 1;
}

/* IBAN lengths by country (the SWIFT registry). */
static const char iban_lengths[] =
    "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BR29BY28CH21CR22CY28CZ24DE22DK18DO28EE20EG29ES24FI18FO18FR27GB22GE22GI23GL18GR27GT28HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21MC27MD24ME22MK19MR27MT31MU30NL18NO15PK24PL28PS29PT25QA29RO24RS22SA24SC31SE24SI19SK24SM27ST25SV28TL23TN24TR26UA29VA22VG24XK20";

static size_t
iban_length(char a, char b)
{
	size_t i;

	for (i = 0; i + 4 <= sizeof(iban_lengths) - 1; i += 4)
		if (iban_lengths[i] == a && iban_lengths[i + 1] == b)
			return (size_t)(iban_lengths[i + 2] - '0') * 10 +
			    (size_t)(iban_lengths[i + 3] - '0');
	return 0;
}

static char
upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

int
valid_iban(const char *s, size_t n)
{
	char v[34], sep = 0;
	size_t i, nv = 0;
	unsigned rem = 0;

	for (i = 0; i < n; i++) {
		int is_sep = s[i] == ' ' || s[i] == '-';
		if (is_sep && i > 0 && i + 1 < n && s[i + 1] != ' ' &&
		    s[i + 1] != '-' && (sep == 0 || sep == s[i])) {
			sep = s[i];
			continue;
		}
		if (nv == sizeof(v) || is_sep)
			return 0;
		v[nv++] = upper(s[i]);
	}
	if (nv < 15 || nv != iban_length(v[0], v[1]) || !is_digit(v[2]) ||
	    !is_digit(v[3]))
		return 0;
	for (i = 0; i < nv; i++) {
		char c = v[(i + 4) % nv];
		if (is_digit(c))
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else if (c >= 'A' && c <= 'Z')
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
		else
			return 0;
	}
	return rem == 1;
}

static int
vin_value(char c)
{
	static const char map[] = "12345678-12345-7-923456789";

	if (is_digit(c))
		return c - '0';
	if (c < 'A' || c > 'Z' || c == 'I' || c == 'O' || c == 'Q')
		return -1;
	return map[c - 'A'] - '0';
}

int
valid_vin(const char *s, size_t n)
{
	static const int weight[17] = {
	    8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
	int sum = 0, v, letters = 0, digits = 0;
	size_t i;

	if (n != 17)
		return 0;
	for (i = 0; i < 17; i++) {
		if ((v = vin_value(s[i])) < 0)
			return 0;
		is_digit(s[i]) ? digits++ : letters++;
		sum += v * weight[i];
	}
	if (letters == 0 || digits == 0)
		return 0;
	sum %= 11;
	return sum == 10 ? s[8] == 'X' : s[8] == '0' + sum;
}

int
valid_zip(const char *s, size_t n, int ctx)
{
	int plus4 =
	    n == 10 && (s[5] == '-' || s[5] == ' ') && valid_digits(s + 6, 4);

	if (!plus4 && (!ctx || n != 5))
		return 0;
	if (!valid_digits(s, 5))
		return 0;
	return !(s[0] == '0' && s[1] == '0' && s[2] == '0');
}

int
valid_age(const char *s, size_t n)
{
	size_t i = 0;
	unsigned v = 0;

	while (i < n && is_digit(s[i]) && i < 4)
		v = v * 10 + (unsigned)(s[i++] - '0');
	if (i == 0 || (i < n && s[i] != '.'))
		return 0;
	if (i < n && !valid_digits(s + i + 1, n - i - 1))
		return 0;
	return v >= 90 && v <= 130;
}

int
valid_token(const char *s, size_t n)
{
	return token_is_sealed(s, n);
}
