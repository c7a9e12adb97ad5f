/*
 * valid_id.c - national and context-named identifiers (issue 18):
 * UK NHS and National Insurance numbers, Canadian SIN, Indian Aadhaar,
 * Spanish DNI/NIE, Italian codice fiscale, German Steuer-IdNr, Swedish
 * personnummer, Polish PESEL, Australian TFN and Medicare numbers,
 * French NIR, Dutch BSN, Brazilian CPF, Chinese resident id, Finnish
 * HETU, Singapore NRIC/FIN, Korean RRN, Japanese My Number, US ITIN and
 * the context-only
 * shape of record, member, policy, passport and licence numbers.
 *
 * A validator takes a whole candidate in its written forms (groups
 * separated by one space, dash or dot as the kind writes them) and never
 * searches inside it.  Where the check digit is weak (1 in 10 or 11
 * random digit strings pass) the bare digits need context (ctx) and only
 * the kind's grouped form is accepted without it.  See valid.h.
 */
#include <string.h>

#include "valid.h"

static int
id_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
id_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* Copies to d the characters of s written in groups of the sizes of form
 * ("334": 3, 3 and 4), either run together (*grouped = 0) or with one
 * separator of seps between groups, the same throughout (*grouped = 1).
 * Group characters are digits, or also capitals where alpha is set.
 * Returns the number of characters copied, 0 if s is not so written. */
static size_t
id_groups(const char *s, size_t n, const char *form, const char *seps, char *d,
    int *grouped)
{
	size_t i = 0, nd = 0, g, k, ng = strlen(form);
	char sep = 0;

	for (g = 0; g < ng; g++) {
		if (g == 1 && i < n && strchr(seps, s[i]) != NULL &&
		    s[i] != '\0')
			sep = s[i];
		if (g > 0 && sep != 0 && (i >= n || s[i++] != sep))
			return 0;
		for (k = 0; k < (size_t)(form[g] - '0'); k++, i++) {
			if (i >= n || !id_digit(s[i]))
				return 0;
			d[nd++] = s[i];
		}
	}
	*grouped = sep != 0;
	return i == n ? nd : 0;
}

int
valid_nhs(const char *s, size_t n, int ctx)
{
	char d[10];
	unsigned sum = 0, check, i;
	int grouped = 0;

	if (id_groups(s, n, "334", " -", d, &grouped) != 10)
		return 0;
	/* without context only the NHS's own spaced form */
	if (!ctx && (!grouped || s[3] != ' '))
		return 0;
	for (i = 0; i < 9; i++)
		sum += (unsigned)(d[i] - '0') * (10 - i);
	check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	return check != 10 && check == (unsigned)(d[9] - '0');
}

/* valid_nino()'s v[0] and v[1]: a space may come only after a pair. */
int
valid_nino_start(const char *s, size_t n)
{
	return n > 1 && id_upper(s[0]) && id_upper(s[1]);
}

/* UK National Insurance number: two prefix letters, six digits, a suffix
 * A-D (optional with context); single spaces between pairs allowed
 * (AB 12 34 56 C, AB 123456 C). */
int
valid_nino(const char *s, size_t n, int ctx)
{
	static const char *const banned[] = {
	    "BG", "GB", "NK", "KN", "TN", "NT", "ZZ"};
	char v[9];
	size_t i, nv = 0;

	for (i = 0; i < n && nv < sizeof(v); i++) {
		if (s[i] != ' ')
			v[nv++] = s[i];
		else if (nv % 2 != 0 || nv == 0 || s[i - 1] == ' ')
			return 0; /* spaces only between the pairs */
	}
	if (n == 0 || i != n || s[n - 1] == ' ' || nv < 8 || (nv == 8 && !ctx))
		return 0;
	if (!id_upper(v[0]) || !id_upper(v[1]) ||
	    strchr("DFIQUV", v[0]) != NULL || strchr("DFIOQUV", v[1]) != NULL)
		return 0;
	for (i = 0; i < sizeof(banned) / sizeof(banned[0]); i++)
		if (memcmp(v, banned[i], 2) == 0)
			return 0;
	for (i = 2; i < 8; i++)
		if (!id_digit(v[i]))
			return 0;
	return nv == 8 || (v[8] >= 'A' && v[8] <= 'D');
}

/* Canadian SIN: 9 digits, Luhn, first digit not 0 or 8; 3-3-3. */
int
valid_sin(const char *s, size_t n, int ctx)
{
	char d[9];
	int grouped = 0;

	if (id_groups(s, n, "333", " -", d, &grouped) != 9 ||
	    (!grouped && !ctx) || d[0] == '0' || d[0] == '8')
		return 0;
	return valid_luhn(d, 9);
}

/* The Verhoeff check (dihedral group D5). */
static int
id_verhoeff(const char *d, size_t n)
{
	static const unsigned char mul[10][10] = {
	    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
	    {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7},
	    {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
	    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
	    {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
	static const unsigned char perm[8][10] = {
	    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
	    {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7},
	    {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
	    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};
	unsigned c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c = mul[c][perm[i % 8][d[n - 1 - i] - '0']];
	return c == 0;
}

/* Indian Aadhaar: 12 digits, not starting 0 or 1, Verhoeff; 4-4-4. */
int
valid_aadhaar(const char *s, size_t n, int ctx)
{
	char d[12];
	int grouped = 0;

	if (id_groups(s, n, "444", " -", d, &grouped) != 12 ||
	    (!grouped && !ctx) || d[0] < '2')
		return 0;
	return id_verhoeff(d, 12);
}

/* Spanish DNI (8 digits and a letter) and NIE (X, Y or Z, 7 digits and a
 * letter): the letter is the number mod 23; a dash or space may come
 * before it. */
int
valid_dni(const char *s, size_t n, int ctx)
{
	static const char letters[] = "TRWAGMYFPDXBNJZSQVHLCKE";
	char d[8];
	size_t i;

	(void)ctx;
	if (n == 10 && (s[8] == '-' || s[8] == ' '))
		memcpy(d, s, 8), s += 1;
	else if (n == 9)
		memcpy(d, s, 8);
	else
		return 0;
	if (d[0] >= 'X' && d[0] <= 'Z')
		d[0] = (char)('0' + d[0] - 'X');
	else if (!id_digit(d[0]))
		return 0;
	for (i = 1; i < 8; i++)
		if (!id_digit(d[i]))
			return 0;
	return s[8] == letters[valid_number(d, 8) % 23];
}

/* Italian codice fiscale: 6 letters, 2 digits, month letter, 2 digits,
 * letter, 3 digits, check letter; digits may be replaced by the letters
 * LMNPQRSTUV (omocodia). */
static int
codfisc_shape(const char *s)
{
	static const char form[] = "AAAAAANNMNNANNNA";
	size_t i;

	for (i = 0; i < 16; i++) {
		char c = s[i];
		int ok = form[i] == 'A' ? id_upper(c)
		    : form[i] == 'M'    ? strchr("ABCDEHLMPRST", c) != NULL
		                        : id_digit(c) ||
		        (c != '\0' && strchr("LMNPQRSTUV", c) != NULL);
		if (!ok || c == '\0')
			return 0;
	}
	return 1;
}

int
valid_codfisc(const char *s, size_t n, int ctx)
{
	static const unsigned char odd[26] = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
	    2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
	unsigned sum = 0, v;
	size_t i;

	(void)ctx;
	if (n != 16 || !codfisc_shape(s))
		return 0;
	for (i = 0; i < 15; i++) {
		v = id_digit(s[i]) ? (unsigned)(s[i] - '0')
		                   : (unsigned)(s[i] - 'A');
		sum += i % 2 == 0 ? odd[v] : v;
	}
	return s[15] == (char)('A' + sum % 26);
}

/* The ISO 7064 MOD 11,10 check of d[0..n) (the last digit the check). */
static int
id_mod11_10(const char *d, size_t n)
{
	unsigned product = 10, sum, check;
	size_t i;

	for (i = 0; i + 1 < n; i++) {
		sum = ((unsigned)(d[i] - '0') + product) % 10;
		if (sum == 0)
			sum = 10;
		product = sum * 2 % 11;
	}
	check = 11 - product;
	return (check == 10 ? 0 : check) == (unsigned)(d[n - 1] - '0');
}

/* German Steuer-IdNr: 11 digits, not starting 0; among the first ten one
 * digit occurs twice or three times (not three in a row), the others at
 * most once; MOD 11,10.  Bare or 2-3-3-3 with spaces. */
int
valid_steuerid(const char *s, size_t n, int ctx)
{
	char d[11];
	unsigned count[10] = {0}, multi = 0, i;
	int grouped = 0;

	(void)ctx;
	if (id_groups(s, n, "2333", " ", d, &grouped) != 11 || d[0] == '0')
		return 0;
	for (i = 0; i < 10; i++)
		count[d[i] - '0']++;
	for (i = 0; i < 10; i++)
		if (count[i] > 3 || (count[i] > 1 && multi++ > 0))
			return 0;
	if (multi == 0)
		return 0;
	for (i = 0; i + 2 < 10; i++)
		if (d[i] == d[i + 1] && d[i] == d[i + 2])
			return 0;
	return id_mod11_10(d, 11);
}

/* A date of birth of digits: year y, month m, day d (day + dplus allowed,
 * Sweden's coordination numbers). */
static int
id_date(unsigned y, unsigned m, unsigned d, unsigned dplus)
{
	if (dplus > 0 && d > dplus)
		d -= dplus;
	return valid_day(y, m, d);
}

/* Swedish personnummer: YYMMDD-NNNC (+ for a century back), or
 * YYYYMMDD[-]NNNC; bare YYMMDDNNNC only with context; Luhn over the ten
 * digits, a calendar date (day + 60: coordination number). */
int
valid_pnr(const char *s, size_t n, int ctx)
{
	char d[12];
	size_t i, nd = 0;
	unsigned y;

	for (i = 0; i < n && nd < sizeof(d); i++)
		if (id_digit(s[i]))
			d[nd++] = s[i];
		else if (!((s[i] == '-' || s[i] == '+') && i == n - 5))
			return 0;
	if (i != n || (nd != 10 && nd != 12) || (nd == 10 && n == 10 && !ctx))
		return 0;
	y = nd == 12 ? valid_number(d, 4) : 2000 + valid_number(d, 2);
	if (nd == 12 && (y < 1850 || y > 2099 || s[n - 5] == '+'))
		return 0;
	nd -= 10;
	return id_date(y, valid_number(d + nd + 2, 2),
	           valid_number(d + nd + 4, 2), 60) &&
	    valid_luhn(d + nd, 10);
}

/* Polish PESEL: 11 digits, YYMMDD with the century in the month (+80
 * 1800s, +20 2000s), weights 1 3 7 9; context only (1 in 50 random
 * 11-digit strings pass). */
int
valid_pesel(const char *s, size_t n, int ctx)
{
	static const unsigned char w[10] = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
	unsigned sum = 0, m, y, i;

	if (!ctx || n != 11 || !valid_digits(s, 11))
		return 0;
	m = valid_number(s + 2, 2), y = valid_number(s, 2);
	if (m > 80)
		m -= 80, y += 1800;
	else if (m > 20)
		m -= 20, y += 2000;
	else
		y += 1900;
	if (!valid_day(y, m, valid_number(s + 4, 2)))
		return 0;
	for (i = 0; i < 10; i++)
		sum += w[i] * (unsigned)(s[i] - '0');
	return (10 - sum % 10) % 10 == (unsigned)(s[10] - '0');
}

/* Australian TFN: 9 digits (weights 1 4 3 7 5 8 6 9 10) or 8 (10 7 8 4 6
 * 3 5 1), sum mod 11 = 0; 3-3-3 with spaces, or bare with context. */
int
valid_tfn(const char *s, size_t n, int ctx)
{
	static const unsigned char w9[9] = {1, 4, 3, 7, 5, 8, 6, 9, 10};
	static const unsigned char w8[8] = {10, 7, 8, 4, 6, 3, 5, 1};
	char d[9];
	unsigned sum = 0, i;
	int grouped = 0;
	size_t nd = id_groups(s, n, "333", " ", d, &grouped);

	if (nd == 0 && ctx && n == 8 && valid_digits(s, 8))
		memcpy(d, s, 8), nd = 8;
	if (nd == 0 || (!grouped && !ctx))
		return 0;
	for (i = 0; i < nd; i++)
		sum += (nd == 9 ? w9[i] : w8[i]) * (unsigned)(d[i] - '0');
	return sum > 0 && sum % 11 == 0;
}

/* Australian Medicare card number: 10 digits (11 with the individual
 * reference), first 2-6, weights 1 3 7 9 on eight, check ninth; 4-5-1
 * with spaces, or bare with context. */
int
valid_aumedicare(const char *s, size_t n, int ctx)
{
	static const unsigned char w[8] = {1, 3, 7, 9, 1, 3, 7, 9};
	char d[11];
	unsigned sum = 0, i;
	int grouped = 0;
	size_t nd = id_groups(s, n, "451", " ", d, &grouped);

	if (nd == 0)
		nd = id_groups(s, n, "4511", " ", d, &grouped);
	if (nd == 0 || (!grouped && !ctx) || d[0] < '2' || d[0] > '6' ||
	    d[9] == '0')
		return 0;
	for (i = 0; i < 8; i++)
		sum += w[i] * (unsigned)(d[i] - '0');
	return sum % 10 == (unsigned)(d[8] - '0');
}

/* French NIR (INSEE number): sex 1-4 or 7-8, YY, MM (01-12, 20, 30-42,
 * 50-99), department (2A/2B in Corsica), commune, order, key = 97 - the
 * 13 digits mod 97; bare or spaced 1 2 2 2 3 3 2. */
int
valid_nir(const char *s, size_t n, int ctx)
{
	char v[15];
	size_t i, nv = 0;
	unsigned long long num = 0;
	unsigned m;

	(void)ctx;
	for (i = 0; i < n && nv < sizeof(v); i++)
		if (s[i] != ' ' ||
		    (nv != 1 && nv != 3 && nv != 5 && nv != 7 && nv != 10 &&
		        nv != 13) ||
		    i == 0 || s[i - 1] == ' ')
			v[nv++] = s[i];
	if (i != n || nv != 15 || strchr("123478", v[0]) == NULL ||
	    v[0] == '\0')
		return 0;
	m = (unsigned)(v[3] - '0') * 10 + (unsigned)(v[4] - '0');
	if (v[5] == '2' && (v[6] == 'A' || v[6] == 'B'))
		num = v[6] == 'A' ? 19 : 18;
	for (i = 0; i < 15; i++)
		if (!id_digit(v[i]) && !(i == 6 && num != 0))
			return 0;
	if (m == 0 || (m > 12 && m != 20 && m < 30) || (m > 42 && m < 50))
		return 0;
	if (num != 0)
		memcpy(v + 5, num == 19 ? "19" : "18", 2);
	for (num = 0, i = 0; i < 13; i++)
		num = num * 10 + (unsigned)(v[i] - '0');
	return 97 - num % 97 == valid_number(v + 13, 2);
}

/* Dutch BSN: 9 digits, 11-proef (9..2 and -1); the dotted 4-2-3 form,
 * or bare with context. */
int
valid_bsn(const char *s, size_t n, int ctx)
{
	char d[9];
	int sum = 0, i, grouped = 0;

	if (id_groups(s, n, "423", ".", d, &grouped) != 9 || (!grouped && !ctx))
		return 0;
	for (i = 0; i < 8; i++)
		sum += (9 - i) * (d[i] - '0');
	sum -= d[8] - '0';
	return sum > 0 && sum % 11 == 0;
}

/* Brazilian CPF: 11 digits, two mod 11 check digits, not one digit
 * repeated; ###.###.###-## or bare with context. */
int
valid_cpf(const char *s, size_t n, int ctx)
{
	char d[11];
	unsigned s1 = 0, s2 = 0, i;

	if (n == 14 && s[3] == '.' && s[7] == '.' && s[11] == '-')
		memcpy(d, s, 3), memcpy(d + 3, s + 4, 3),
		    memcpy(d + 6, s + 8, 3), memcpy(d + 9, s + 12, 2);
	else if (n == 11 && ctx)
		memcpy(d, s, 11);
	else
		return 0;
	if (!valid_digits(d, 11))
		return 0;
	for (i = 1; i < 11 && d[i] == d[0]; i++)
		;
	if (i == 11)
		return 0;
	for (i = 0; i < 9; i++)
		s1 += (unsigned)(d[i] - '0') * (10 - i);
	for (i = 0; i < 10; i++)
		s2 += (unsigned)(d[i] - '0') * (11 - i);
	return s1 * 10 % 11 % 10 == (unsigned)(d[9] - '0') &&
	    s2 * 10 % 11 % 10 == (unsigned)(d[10] - '0');
}

/* Chinese resident identity number: region (first digit 1-8), birth date
 * YYYYMMDD, sequence, ISO 7064 MOD 11-2 check (0-9 or X). */
int
valid_cnid(const char *s, size_t n, int ctx)
{
	static const unsigned char w[17] = {
	    7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	unsigned sum = 0, y, i;

	(void)ctx;
	if (n != 18 || !valid_digits(s, 17) || s[0] < '1' || s[0] > '8')
		return 0;
	y = valid_number(s + 6, 4);
	if (y < 1880 || y > 2099 ||
	    !valid_day(y, valid_number(s + 10, 2), valid_number(s + 12, 2)))
		return 0;
	for (i = 0; i < 17; i++)
		sum += w[i] * (unsigned)(s[i] - '0');
	return s[17] == "10X98765432"[sum % 11];
}

/* Finnish HETU: DDMMYY, century sign, 002-899, check character of the
 * nine digits mod 31. */
int
valid_hetu(const char *s, size_t n, int ctx)
{
	static const char checks[] = "0123456789ABCDEFHJKLMNPRSTUVWXY";
	char d[9];
	unsigned y, z;

	(void)ctx;
	if (n != 11 || strchr("+-ABCDEFUVWXY", s[6]) == NULL || s[6] == '\0')
		return 0;
	memcpy(d, s, 6), memcpy(d + 6, s + 7, 3);
	if (!valid_digits(d, 9))
		return 0;
	y = valid_number(d + 4, 2) + 1900;
	if (s[6] == '+')
		y -= 100;
	else if (s[6] >= 'A' && s[6] <= 'F')
		y += 100;
	z = valid_number(d + 6, 3);
	if (z < 2 || z > 899 ||
	    !valid_day(y, valid_number(d + 2, 2), valid_number(d, 2)))
		return 0;
	return s[10] == checks[valid_number(d, 9) % 31];
}

/* Singapore NRIC/FIN: S T F G, seven digits, check letter (weights 2 7 6
 * 5 4 3 2, +4 for T and G). */
int
valid_nric(const char *s, size_t n, int ctx)
{
	static const unsigned char w[7] = {2, 7, 6, 5, 4, 3, 2};
	unsigned sum, i;

	(void)ctx;
	if (n != 9 || strchr("STFG", s[0]) == NULL || s[0] == '\0' ||
	    !valid_digits(s + 1, 7))
		return 0;
	sum = s[0] == 'T' || s[0] == 'G' ? 4 : 0;
	for (i = 0; i < 7; i++)
		sum += w[i] * (unsigned)(s[1 + i] - '0');
	return s[8] ==
	    (s[0] == 'S' || s[0] == 'T' ? "JZIHGFEDCBA"
	                                : "XWUTRQPNMLK")[sum % 11];
}

/* Korean resident registration number: YYMMDD-GNNNNNC, G 1-8 (century,
 * sex), check (11 - weighted sum mod 11) mod 10; bare 13 digits only
 * with context. */
int
valid_rrn(const char *s, size_t n, int ctx)
{
	static const unsigned char w[12] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
	char d[13];
	unsigned sum = 0, i, y;
	int grouped = 0;

	if (id_groups(s, n, "67", "-", d, &grouped) != 13 ||
	    (!grouped && !ctx) || d[6] < '1' || d[6] > '8')
		return 0;
	y = valid_number(d, 2) + (strchr("1256", d[6]) != NULL ? 1900 : 2000);
	if (!valid_day(y, valid_number(d + 2, 2), valid_number(d + 4, 2)))
		return 0;
	for (i = 0; i < 12; i++)
		sum += w[i] * (unsigned)(d[i] - '0');
	return (11 - sum % 11) % 10 == (unsigned)(d[12] - '0');
}

/* US ITIN: 9XX-GG-SSSS, group 50-65, 70-88, 90-92 or 94-99; bare 9
 * digits only with context. */
int
valid_itin(const char *s, size_t n, int ctx)
{
	char d[9];
	unsigned g;
	int grouped = 0;

	if (id_groups(s, n, "324", " -", d, &grouped) != 9 ||
	    (!grouped && !ctx) || d[0] != '9')
		return 0;
	g = valid_number(d + 3, 2);
	return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) ||
	    (g >= 90 && g <= 92) || g >= 94;
}

/* The shape of a record, member, policy, passport or licence number
 * (context only): 5-20 letters and digits, four digits or more, single
 * dashes between. */
int
valid_idnum(const char *s, size_t n, int ctx)
{
	size_t i, digits = 0;

	if (!ctx || n < 5 || n > 20 || s[0] == '-' || s[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++) {
		if (id_digit(s[i]))
			digits++;
		else if (s[i] == '-'
		        ? s[i + 1] == '-'
		        : !id_upper(s[i]) && !(s[i] >= 'a' && s[i] <= 'z'))
			return 0;
	}
	return digits >= 4;
}

/* Japanese My Number (individual number): 12 digits, the last a check
 * (weights 2-7 then 2-6 from the right, mod 11); 4-4-4 with spaces, or
 * bare with context. */
int
valid_mynumber(const char *s, size_t n, int ctx)
{
	char d[12];
	unsigned sum = 0, i, r;
	int grouped = 0;

	if (id_groups(s, n, "444", " ", d, &grouped) != 12 ||
	    (!grouped && !ctx))
		return 0;
	for (i = 1; i <= 11; i++)
		sum += (unsigned)(d[11 - i] - '0') * (i <= 6 ? i + 1 : i - 5);
	r = sum % 11;
	return (r <= 1 ? 0 : 11 - r) == (unsigned)(d[11] - '0');
}

typedef int (*id_validator)(const char *, size_t, int);

/* Runs the validator of an identifier kind of this file; 0 for others. */
int
valid_id_kind(enum vkind k, const char *s, size_t n, int ctx)
{
	static const id_validator fns[] = {
	    [VK_NHS] = valid_nhs,
	    [VK_NINO] = valid_nino,
	    [VK_SIN] = valid_sin,
	    [VK_AADHAAR] = valid_aadhaar,
	    [VK_DNI] = valid_dni,
	    [VK_CODFISC] = valid_codfisc,
	    [VK_STEUERID] = valid_steuerid,
	    [VK_PNR] = valid_pnr,
	    [VK_PESEL] = valid_pesel,
	    [VK_TFN] = valid_tfn,
	    [VK_AUMEDICARE] = valid_aumedicare,
	    [VK_NIR] = valid_nir,
	    [VK_BSN] = valid_bsn,
	    [VK_CPF] = valid_cpf,
	    [VK_CNID] = valid_cnid,
	    [VK_HETU] = valid_hetu,
	    [VK_NRIC] = valid_nric,
	    [VK_RRN] = valid_rrn,
	    [VK_ITIN] = valid_itin,
	    [VK_IDNUM] = valid_idnum,
	    [VK_MYNUMBER] = valid_mynumber,
	};

	if ((size_t)k >= sizeof(fns) / sizeof(fns[0]) || fns[k] == NULL)
		return 0;
	return fns[k](s, n, ctx);
}
