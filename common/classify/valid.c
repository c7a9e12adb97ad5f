/*
 * valid.c - the identifiers with check digits: payment cards (IIN and
 * Luhn), SSN, NPI, DEA, Medicare MBI, IBAN (mod 97), VIN, ZIP, ages over
 * 89 and phi-encrypt tokens.  See valid.h.
 */
#include <string.h>

#include "token.h"
#include "valid.h"

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

/* Do the first four characters other than ' ' and '-' (those of v in
 * valid_iban) start an IBAN: two letters, two digits?  Most windows of
 * prose fail here, before the copy. */
int
valid_iban_start(const char *s, size_t n)
{
	size_t i, k = 0;
	char c;

	for (i = 0; i < n && k < 4; i++) {
		if (s[i] == ' ' || s[i] == '-')
			continue;
		c = upper(s[i]);
		if (k < 2 ? c < 'A' || c > 'Z' : !is_digit(c))
			return 0;
		k++;
	}
	return k == 4;
}

int
valid_iban(const char *s, size_t n)
{
	char v[34], sep = 0;
	size_t i, nv = 0;
	unsigned rem = 0;

	if (n < 15 || !valid_iban_start(s, n))
		return 0;
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
