/*
 * valid_text.c - identifiers written as text: phone numbers (NANP
 * rules and E.164), calendar dates, street addresses, ICD-10-CM codes
 * and personal names.  See valid.h.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "hash.h"
#include "phoneplan.h"
#include "valid.h"

#define PHONE_GROUPS 12

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive comparison of s[0..n) with the lower-case word w. */
static int
word_is(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (w[i] == '\0' || lower(s[i]) != w[i])
			return 0;
	return w[n] == '\0';
}

/* Case-insensitive order of s[0..n) against the lower-case word w. */
static int
word_cmp(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n && w[i] != '\0'; i++)
		if (lower(s[i]) != w[i])
			return (unsigned char)lower(s[i]) < (unsigned char)w[i]
			    ? -1
			    : 1;
	return i < n ? 1 : w[i] != '\0' ? -1 : 0;
}

int
valid_word_in(const char *s, size_t n, const char *const *list, size_t count)
{
	size_t lo = 0, hi = count, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = word_cmp(s, n, list[mid])) == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

static int
word_in(const char *s, size_t n, const char *const *list)
{
	char first = n > 0 ? lower(s[0]) : '\0';

	for (; *list != NULL; list++)
		if ((*list)[0] == first && word_is(s, n, *list))
			return 1;
	return 0;
}

struct phone {
	char d[20]; /* the digits, extension excluded */
	size_t nd, ng;
	unsigned char glen[PHONE_GROUPS];
	char seps[4]; /* separator characters used */
	int plus, paren, single;
};

static int
phone_sep(struct phone *p, char c)
{
	size_t k = strlen(p->seps);

	if (strchr(p->seps, c) == NULL) {
		if (k == 3)
			return 0;
		p->seps[k] = c;
	}
	return 1;
}

/* A group of digits, or one in parentheses, at s[*i]. */
static int
phone_group(struct phone *p, const char *s, size_t n, size_t *i)
{
	size_t start, paren = *i < n && s[*i] == '(';

	if (p->ng == PHONE_GROUPS)
		return 0;
	*i += paren;
	for (start = *i; *i < n && is_digit(s[*i]); (*i)++) {
		if (p->nd == sizeof(p->d))
			return 0;
		p->d[p->nd++] = s[*i];
	}
	if (*i == start || (paren && (*i == n || s[(*i)++] != ')')))
		return 0;
	p->paren |= (int)paren;
	p->glen[p->ng++] = (unsigned char)(*i - start - paren);
	if (*i - start - paren == 1)
		p->single++;
	return 1;
}

/* An extension: " x123", "x123", " ext. 123", "ext123". */
static int
phone_ext(const char *s, size_t n, size_t i)
{
	size_t start;

	if (i < n && s[i] == ' ')
		i++;
	if (i < n && s[i] == 'x')
		i++;
	else if (i + 3 <= n && memcmp(s + i, "ext", 3) == 0)
		i += 3 + (i + 3 < n && s[i + 3] == '.');
	else
		return 0;
	if (i < n && s[i] == ' ')
		i++;
	for (start = i; i < n && is_digit(s[i]); i++)
		;
	return i == n && i > start && i - start <= 6;
}

static int
phone_parse(struct phone *p, const char *s, size_t n)
{
	size_t i = 0;

	memset(p, 0, sizeof(*p));
	if (n > 0 && s[0] == '+')
		p->plus = 1, i = 1;
	for (;;) {
		if (!phone_group(p, s, n, &i))
			return 0;
		if (i == n)
			return 1;
		if (s[i] == 'x' || s[i] == 'e' ||
		    (s[i] == ' ' && i + 1 < n && is_alpha(s[i + 1])))
			return phone_ext(s, n, i);
		if (s[i] == ' ' || s[i] == '-' || s[i] == '.') {
			if (!phone_sep(p, s[i]))
				return 0;
			i++;
		} else if (s[i] != '(' && s[i - 1] != ')')
			return 0;
	}
}

/* NPA-NXX-XXXX under the North American Numbering Plan. */
static int
nanp_ok(const char *d)
{
	if (d[0] < '2' || d[1] == '9' || (d[1] == '1' && d[2] == '1'))
		return 0;
	return d[3] >= '2' && !(d[4] == '1' && d[5] == '1');
}

/* 1 valid NANP, 0 invalid NANP, -1 not a NANP number. */
static int
phone_nanp(const struct phone *p)
{
	if (p->plus && p->d[0] == '1' && p->glen[0] == 1)
		return p->nd == 11 && nanp_ok(p->d + 1);
	if (p->plus)
		return -1;
	if (p->glen[0] == 3 && memcmp(p->d, "001", 3) == 0)
		return p->nd == 13 && nanp_ok(p->d + 3);
	if (p->glen[0] == 1 && p->d[0] == '1' && p->nd == 11)
		return nanp_ok(p->d + 1);
	if (p->ng == 3 && p->glen[0] == 3 && p->glen[1] == 3 &&
	    p->glen[2] == 4 && p->d[0] != '0')
		return p->d[0] != '1' && nanp_ok(p->d);
	return -1;
}

/* Shapes that are something else: SSN, ZIP+4, dates (also impossible
 * ones: 2024-02-30), IPv4, cards. */
static int
phone_other(const struct phone *p, const char *s, size_t n)
{
	const unsigned char *g = p->glen;

	if (p->ng == 3 && g[0] == 3 && g[1] == 2 && g[2] == 4 && !p->paren)
		return 1;
	if (p->ng == 3 && !p->paren && strlen(p->seps) == 1 &&
	    ((g[0] == 4 && g[1] == 2 && g[2] == 2 &&
	         (p->d[0] == '1' || p->d[0] == '2')) ||
	        (g[0] == 2 && g[1] == 2 && g[2] == 4 &&
	            (p->d[4] == '1' || p->d[4] == '2'))))
		return 1;
	if (p->ng == 2 && p->glen[0] == 5 && p->glen[1] == 4)
		return 1;
	if (p->ng == 2 && g[0] == 5 && g[1] == 3 && p->seps[0] == '-')
		return 1; /* a Brazilian CEP */
	return valid_date(s, n, 0) || valid_ipv4(s, n) || valid_card(s, n);
}

/* Dotted groups of 1-3 digits (192.168.1, 256.256.256.256) are IP
 * addresses, real or impossible, never phones. */
static int
phone_dotted_ip(const struct phone *p)
{
	size_t i;

	if (strchr(p->seps, '.') == NULL || p->ng < 3 || p->ng > 4 || p->plus)
		return 0;
	for (i = 0; i < p->ng; i++)
		if (p->glen[i] > 3)
			return 0;
	return 1;
}

/* +CC or 00 CC then a national significant number of one of that
 * country's lengths (a written trunk prefix, "+49 (0)30 ...", dropped):
 * the country code is evidence enough, the leading digits are not
 * checked; countries not in the table: E.164 lengths. */
static int
phone_intl(const struct phone *p, size_t skip)
{
	const struct phoneplan_country *c;
	const char *d = p->d + skip;
	size_t cc, nd = p->nd - skip, t;

	if (nd < 8 || nd > 15 || d[0] == '0')
		return 0;
	if (d[0] == '1')
		return nd == 11 && nanp_ok(d + 1);
	c = phoneplan_by_cc(d, nd, &cc);
	if (c == NULL)
		return 1;
	d += cc, nd -= cc;
	t = strlen(c->trunk);
	if (t > 0 && nd > t && memcmp(d, c->trunk, t) == 0 &&
	    (c->lengths >> (nd - t) & 1))
		return 1;
	return c->lengths >> nd & 1;
}

/* A number without country code: the plan of one of the national
 * countries.  Written without a trunk prefix: Chinese mobiles (11
 * digits, 1...), Brazilian numbers with the area code in parentheses,
 * Indian mobiles in two groups of 5. */
static int
phone_national(const struct phone *p)
{
	const unsigned char *g = p->glen;
	const char *notrunk = NULL;

	if (p->ng == 3 && g[0] == 3 && g[1] == 3 && g[2] == 3 && p->d[0] == '0')
		return 0; /* 3-3-3 with a trunk 0: a SIN shape, no plan's */
	if (p->nd == 11 && p->d[0] == '1' && (p->ng == 1 || g[0] == 3))
		notrunk = "CN";
	else if (p->paren && g[0] == 2)
		notrunk = "BR";
	else if (p->ng == 2 && g[0] == 5 && g[1] == 5)
		notrunk = "IN";
	return phoneplan_national(p->d, p->nd, notrunk);
}

/* Digits alone: a national number with its trunk prefix (10 or 11
 * digits: 0569767045) or a Chinese mobile (13680797271). */
static int
phone_bare(const struct phone *p)
{
	if (p->nd < 10 || p->nd > 11 || (p->d[0] == '0' && p->d[1] == '0'))
		return 0;
	if (p->d[0] != '0' && !(p->nd == 11 && p->d[0] == '1'))
		return 0;
	return phone_national(p);
}

/* 555-0100, 555 0100: a NANP local number (exchange and line). */
static int
phone_local(const struct phone *p)
{
	return p->ng == 2 && p->glen[0] == 3 && p->glen[1] == 4 && !p->paren &&
	    (p->seps[0] == '-' || p->seps[0] == ' ') && p->d[0] >= '2' &&
	    !(p->d[1] == '1' && p->d[2] == '1');
}

static int
phone_strict(const struct phone *p, const char *s, size_t n)
{
	size_t i, intl = p->glen[0] >= 2 && p->d[0] == '0' && p->d[1] == '0';
	int nanp;

	if (p->nd < 7 || p->nd > (intl ? 17u : 15u) || (p->plus && p->nd < 8))
		return 0;
	if (p->ng < 2)
		return p->plus ? phone_intl(p, 0) : phone_bare(p);
	for (i = 0; i < p->ng; i++)
		if ((p->glen[i] > 8 && !(p->plus && i == 1 && p->ng == 2)) ||
		    (p->glen[i] == 1 && i > 2))
			return 0;
	if (p->single > 2)
		return 0;
	if (strchr(p->seps, '.') != NULL &&
	    (strlen(p->seps) > 1 || p->ng < 3 || p->paren))
		return 0;
	if (p->ng == 2 && !p->plus && !p->paren && p->seps[0] == '-' &&
	    p->d[0] != '0' && !(p->glen[0] == 3 && p->glen[1] == 4))
		return 0;
	if ((nanp = phone_nanp(p)) >= 0)
		return nanp || (!p->plus && phone_national(p));
	if (phone_other(p, s, n))
		return 0;
	if (p->plus || intl)
		return phone_intl(p, intl ? 2 : 0);
	return phone_local(p) || phone_national(p);
}

/* phone_parse() ends after a group (a digit, or the ')' of one in
 * brackets) or phone_ext()'s digits. */
int
valid_phone_end(const char *s, size_t n)
{
	return n > 0 && (is_digit(s[n - 1]) || s[n - 1] == ')');
}

/* phone_parse()'s first byte: '+', or phone_group()'s '(' or digit. */
int
valid_phone_start(const char *s, size_t n)
{
	return n > 0 && (s[0] == '+' || s[0] == '(' || is_digit(s[0]));
}

int
valid_phone(const char *s, size_t n, int ctx)
{
	struct phone p;

	if (!phone_parse(&p, s, n) || phone_dotted_ip(&p))
		return 0;
	if (ctx)
		return p.nd >= 7 && p.nd <= 15;
	return phone_strict(&p, s, n);
}

/* ---- dates ---- */

struct dtok {
	int num;         /* a number (else a word) */
	size_t off, len; /* in the string */
	unsigned v;      /* the number; for words, the month 1-12 or 0 */
	char sep;        /* the separator after it (0 at the end) */
};

/* Month names in en, de, fr, es, it, nl, pt (lower case, UTF-8) with
 * their lengths and numbers. */
struct month_name {
	const char *s;
	unsigned char len, month;
};
#define MONTH(s, m)                                                            \
	{                                                                      \
		s, (unsigned char)(sizeof(s) - 1), m                           \
	}
static const struct month_name month_names[] = {MONTH("january", 1),
    MONTH("february", 2), MONTH("march", 3), MONTH("april", 4), MONTH("may", 5),
    MONTH("june", 6), MONTH("july", 7), MONTH("august", 8),
    MONTH("september", 9), MONTH("october", 10), MONTH("november", 11),
    MONTH("december", 12), MONTH("sept", 9), MONTH("januar", 1),
    MONTH("februar", 2), MONTH("m\xc3\xa4rz", 3), MONTH("maerz", 3),
    MONTH("mai", 5), MONTH("juni", 6), MONTH("juli", 7), MONTH("oktober", 10),
    MONTH("dezember", 12), MONTH("j\xc3\xa4nner", 1), MONTH("janvier", 1),
    MONTH("f\xc3\xa9vrier", 2), MONTH("fevrier", 2), MONTH("mars", 3),
    MONTH("avril", 4), MONTH("juin", 6), MONTH("juillet", 7),
    MONTH("ao\xc3\xbbt", 8), MONTH("aout", 8), MONTH("septembre", 9),
    MONTH("octobre", 10), MONTH("novembre", 11),
    MONTH("d\xc3\xa9\x63\x65mbre", 12), MONTH("decembre", 12),
    MONTH("enero", 1), MONTH("febrero", 2), MONTH("marzo", 3),
    MONTH("abril", 4), MONTH("mayo", 5), MONTH("junio", 6), MONTH("julio", 7),
    MONTH("agosto", 8), MONTH("septiembre", 9), MONTH("setiembre", 9),
    MONTH("octubre", 10), MONTH("noviembre", 11), MONTH("diciembre", 12),
    MONTH("gennaio", 1), MONTH("febbraio", 2), MONTH("aprile", 4),
    MONTH("maggio", 5), MONTH("giugno", 6), MONTH("luglio", 7),
    MONTH("settembre", 9), MONTH("ottobre", 10), MONTH("dicembre", 12),
    MONTH("januari", 1), MONTH("februari", 2), MONTH("maart", 3),
    MONTH("mei", 5), MONTH("augustus", 8), MONTH("janeiro", 1),
    MONTH("fevereiro", 2), MONTH("mar\xc3\xa7o", 3), MONTH("marco", 3),
    MONTH("maio", 5), MONTH("junho", 6), MONTH("julho", 7),
    MONTH("setembro", 9), MONTH("outubro", 10), MONTH("novembro", 11),
    MONTH("dezembro", 12)};

static unsigned
month_of(const char *s, size_t n)
{
	static const char *const full[] = {"january", "february", "march",
	    "april", "may", "june", "july", "august", "september", "october",
	    "november", "december"};
	size_t m, k;
	char c0 = lower(s[0]);

	/* every month name begins with one of these letters */
	if (n < 3 || n > 10 || strchr("adefgjlmnos", c0) == NULL || c0 == 0)
		return 0;
	for (m = 0; m < sizeof(month_names) / sizeof(month_names[0]); m++) {
		if (month_names[m].len != n || month_names[m].s[0] != c0)
			continue;
		for (k = 1; k < n && lower(s[k]) == month_names[m].s[k]; k++)
			;
		if (k == n)
			return month_names[m].month;
	}
	for (m = 0; m < 12 && n == 3; m++)
		if (c0 == full[m][0] && lower(s[1]) == full[m][1] &&
		    lower(s[2]) == full[m][2])
			return (unsigned)m + 1;
	return 0;
}

/* Words that may stand between the parts of a date: "7 de diciembre de
 * 1954", "the 7th of December". */
static int
date_filler(const char *s, size_t n)
{
	return word_is(s, n, "de") || word_is(s, n, "del") ||
	    word_is(s, n, "of");
}

static int
date_letter(char c)
{
	return is_alpha(c) || (unsigned char)c >= 0x80;
}

/* After a number: an ordinal suffix (1st, 2nd, 3rd, 4th, 1er). */
static size_t
date_ordinal(const char *s, size_t n, size_t i)
{
	if (i + 2 <= n &&
	    (word_is(s + i, 2, "st") || word_is(s + i, 2, "nd") ||
	        word_is(s + i, 2, "rd") || word_is(s + i, 2, "th") ||
	        word_is(s + i, 2, "er")))
		return i + 2;
	return i;
}

/* The separator after a token at s[i]: one of , - / . space, ", ",
 * or ". " (7. Dezember). */
static size_t
date_sep(const char *s, size_t n, size_t i, struct dtok *t)
{
	t->sep = 0;
	if (i < n && !t->num && s[i] == '.')
		i++;
	if (t->num && i + 1 < n && s[i] == '.' && s[i + 1] == ' ')
		i++;
	if (i < n && (s[i] == ',' || strchr("-/. ", s[i]) != NULL))
		t->sep = s[i++];
	if (t->sep == ',' && i < n && s[i] == ' ')
		i++;
	return i;
}

/* Splits s into at most 3 number and word tokens (fillers skipped). */
static size_t
date_tokens(const char *s, size_t n, struct dtok *t)
{
	size_t i = 0, k = 0, start;

	while (i < n) {
		if (k == 3)
			return 0;
		start = i;
		t[k].num = is_digit(s[i]);
		while (i < n && (t[k].num ? is_digit(s[i]) : date_letter(s[i])))
			i++;
		if (i == start || i - start > 12)
			return 0;
		t[k].off = start, t[k].len = i - start, t[k].v = 0;
		if (t[k].num) {
			while (start < i)
				t[k].v =
				    t[k].v * 10 + (unsigned)(s[start++] - '0');
			i = date_ordinal(s, n, i);
		} else if (k > 0 && date_filler(s + start, i - start) &&
		    i < n && s[i] == ' ') {
			i++;
			continue;
		} else if ((t[k].v = month_of(s + start, i - start)) == 0)
			return 0;
		i = date_sep(s, n, i, &t[k]);
		if (i < n && t[k].sep == 0)
			return 0;
		k++;
	}
	return k;
}

static int
day_ok(unsigned y, unsigned m, unsigned d)
{
	static const unsigned char mdays[] = {
	    31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 &&
	    (y % 4 != 0 || (y % 100 == 0 && y % 400 != 0)));
}

int
valid_day(unsigned y, unsigned m, unsigned d)
{
	return day_ok(y, m, d);
}

static int
year_ok(const struct dtok *t)
{
	return t->num && t->len == 4 && t->v >= 1900 && t->v <= 2100;
}

static int
date_numeric(const struct dtok *t, int ctx)
{
	char sep = t[0].sep;

	if (sep != t[1].sep || strchr("-/.", sep) == NULL || t[0].len > 4 ||
	    t[1].len > 2 || !t[0].num || !t[1].num || !t[2].num)
		return 0;
	if (year_ok(&t[0]))
		return (sep != '.' || (t[1].len == 2 && t[2].len == 2)) &&
		    t[2].len <= 2 && day_ok(t[0].v, t[1].v, t[2].v);
	if (t[0].len > 2)
		return 0;
	if (year_ok(&t[2]) || (ctx && t[2].len == 2 && sep != '.'))
		return day_ok(t[2].len == 2 ? 2000 : t[2].v, t[0].v, t[1].v) ||
		    day_ok(t[2].len == 2 ? 2000 : t[2].v, t[1].v, t[0].v);
	return 0;
}

/* Digits at s[*i] (at most max), their value; 0 digits: -1. */
static long
date_num(const char *s, size_t n, size_t *i, size_t max)
{
	size_t start = *i;
	long v = 0;

	while (*i < n && *i - start < max && is_digit(s[*i]))
		v = v * 10 + (s[(*i)++] - '0');
	return *i == start || (*i < n && is_digit(s[*i])) ? -1 : v;
}

/* 2003年09月25日, 2003年9月25日 (Japanese and Chinese). */
static int
date_cjk(const char *s, size_t n)
{
	static const char *const marks[] = {
	    "\xe5\xb9\xb4", "\xe6\x9c\x88", "\xe6\x97\xa5"};
	size_t i = 0, k;
	long v[3];

	for (k = 0; k < 3; k++) {
		v[k] = date_num(s, n, &i, k == 0 ? 4 : 2);
		if (v[k] < 0 || (k == 0 && i != 4) || i + 3 > n ||
		    memcmp(s + i, marks[k], 3) != 0)
			return 0;
		i += 3;
	}
	return i == n && v[0] >= 1900 && v[0] <= 2100 &&
	    day_ok((unsigned)v[0], (unsigned)v[1], (unsigned)v[2]);
}

int
valid_date(const char *s, size_t n, int ctx)
{
	struct dtok t[3];
	size_t k;

	if (n > 0 && (unsigned char)s[n - 1] >= 0x80)
		return date_cjk(s, n);
	if (!valid_date_end(s, n))
		return 0;
	k = date_tokens(s, n, t);

	if (k == 1 && ctx && t[0].num && t[0].len == 8) {
		unsigned y = t[0].v / 10000;
		return y >= 1900 && y <= 2100 &&
		    day_ok(y, t[0].v / 100 % 100, t[0].v % 100);
	}
	if (k != 3 || t[2].sep != 0)
		return 0;
	if (year_ok(&t[2]) && !t[0].num && t[1].num && t[1].len <= 2 &&
	    t[0].sep == ' ' && (t[1].sep == ' ' || t[1].sep == ','))
		return day_ok(t[2].v, t[0].v, t[1].v); /* March 3, 1984 */
	if (year_ok(&t[2]) && t[0].num && !t[1].num && t[0].len <= 2 &&
	    (t[0].sep == ' ' || t[0].sep == '-') &&
	    (t[1].sep == t[0].sep || (t[0].sep == ' ' && t[1].sep == ',')))
		return day_ok(t[2].v, t[1].v, t[0].v); /* 3 March 1984 */
	return date_numeric(t, ctx);
}

/* Every form but the CJK one ends in a number (date_tokens() takes
 * nothing after the last token, and each form of valid_date() wants it
 * numeric), perhaps with an ordinal suffix (1st, 4th), or, in the
 * one-token form, with one of date_sep()'s separators after it
 * (19840312-, which that form does not look at): a window of prose
 * after a date ("12/12/1939 if you need") is refused here. */
int
valid_date_end(const char *s, size_t n)
{
	if (n > 0 && (unsigned char)s[n - 1] >= 0x80)
		return 1; /* date_cjk() */
	return n > 0 &&
	    (is_digit(s[n - 1]) || strchr(",-/. ", s[n - 1]) != NULL ||
	        (n >= 3 && is_digit(s[n - 3]) && is_alpha(s[n - 2]) &&
	            is_alpha(s[n - 1])));
}

/* What date_tokens() asks of the first token.  A prefix of s that
 * valid_date() takes starts with a number (its one-token and CJK forms
 * too), or holds three tokens and so the whole of the word that this
 * reads, to its first byte of no letter. */
int
valid_date_start(const char *s, size_t n)
{
	size_t i = 0;

	if (n == 0 || is_digit(s[0]))
		return n > 0;
	while (i < n && i <= 12 && date_letter(s[i]))
		i++;
	return i > 0 && i <= 12 && month_of(s, i) != 0;
}

static int is_upper_start(const char *s);

/* ---- street addresses ---- */

/* Street-type words written after the name (Main Street, Baker St,
 * MG Road, Gandhi Nagar), from USPS Publication 28 and the usual words
 * of the UK and India; "apt", "suite" ... count after a name only. */
/* lower case, hashed in street_slots */
static const char *const street_types[] = {"allee", "alley", "apartment", "apt",
    "av", "ave", "avenida", "avenue", "blvd", "boulevard", "branch", "bridge",
    "brook", "brooks", "burg", "burgs", "bypass", "calle", "camp", "canyon",
    "cape", "causeway", "center", "centre", "chowk", "cir", "circle", "cliff",
    "cliffs", "close", "club", "colony", "common", "commons", "corner",
    "corners", "course", "court", "courts", "cove", "creek", "cres", "crescent",
    "crest", "crossing", "ct", "curve", "dale", "dam", "damm", "divide", "dr",
    "drive", "enclave", "estate", "estates", "expressway", "expy", "extension",
    "fall", "falls", "field", "fields", "fl", "flat", "flats", "floor", "ford",
    "fords", "forest", "forge", "forges", "fork", "forks", "fort", "freeway",
    "ganj", "garden", "gardens", "gasse", "gateway", "glen", "glens", "gracht",
    "green", "greens", "grove", "harbor", "harbors", "harbour", "haven",
    "heights", "highway", "hill", "hills", "hollow", "hwy", "inlet", "island",
    "islands", "isle", "jct", "junction", "kade", "key", "keys", "knoll",
    "knolls", "laan", "lake", "lakes", "landing", "lane", "layout", "light",
    "lights", "ln", "lodge", "loop", "mall", "manor", "manors", "marg",
    "meadow", "meadows", "mews", "mill", "mills", "mission", "mohalla",
    "motorway", "mount", "mountain", "nagar", "neck", "orchard", "oval",
    "overpass", "park", "parks", "parkway", "pass", "passage", "path", "pike",
    "pine", "pines", "pkwy", "pl", "place", "plain", "plains", "platz", "plaza",
    "plein", "plz", "point", "points", "port", "ports", "prairie", "radial",
    "ramp", "ranch", "rapid", "rapids", "rd", "rest", "ridge", "ring", "river",
    "road", "route", "row", "rte", "rua", "rue", "run", "sector", "shoal",
    "shoals", "shore", "shores", "singel", "skyway", "spring", "springs",
    "spur", "sq", "square", "st", "station", "ste", "str", "straat", "strasse",
    "stravenue", "straße", "stream", "street", "suite", "summit", "ter",
    "terrace", "throughway", "trace", "trafficway", "trail", "trl", "tunnel",
    "turnpike", "underpass", "union", "unions", "unit", "valley", "valleys",
    "via", "viaduct", "view", "views", "village", "villages", "ville", "vista",
    "walk", "way", "weg", "well", "wells", "xing", "zila", NULL};

/* Street-type words written before the name (rue de la Paix, Calle
 * Mayor, Via Roma, Rua Augusta, Piazza Navona) in fr, es, it, pt, nl and
 * de. */
static const char *const street_prefixes[] = {"alameda", "allee",
    "all\xc3\xa9\x65", "am", "an", "auf", "av", "avda", "avenida", "avenue",
    "bd", "borgo", "boulevard", "c", "calle", "camino", "canale", "carrera",
    "ca\xc3\xb1\x61\x64\x61", "chemin", "ch\xc3\xa1\x63\x61ra",
    "col\xc3\xb4nia", "contrada", "corso", "cours", "cuesta", "estrada",
    "glorieta", "im", "impasse", "incrocio", "laan", "ladeira", "largo",
    "paseo", "passarela", "piazza", "piazzale", "place", "platz", "plaza",
    "plein", "plot", "pra\xc3\xa7\x61", "quai", "rodovia", "ronda", "rotonda",
    "route", "rua", "rue", "sector", "square", "strada", "travessa",
    "traves\xc3\xad\x61", "urbanizaci\xc3\xb3n", "via", "viale", "vicolo",
    "vila", NULL};

/* Words of a unit or flat before its number (Apt. 595, Flat 9). */
static const char *const street_units[] = {"apt", "apartment", "suite", "ste",
    "unit", "flat", "studio", "piso", "puerta", "appartamento", "interno",
    "h.no", NULL};

/* Endings of compound street names (Hauptstraße, Keizersgracht). */
static const char *const street_suffixes[] = {"strasse", "straße", "str",
    "gasse", "weg", "gatan", "katu", "vej", "laan", "straat", "utca", "ulica",
    "v\xc3\xa4gen", "platz", "allee", "ring", "damm", "ufer", "chaussee",
    "plein", "gracht", "kade", "singel", "dreef", "hof", "baan", "boulevard",
    "steeg", "dijk", "markt", "pad", NULL};

static int
word_sep(char c)
{
	return c == ' ' || c == ',' || c == '\n' || c == '\r' || c == '\t';
}

/* The next word of s from *i: its start and length (trailing . removed). */
static size_t
next_word(const char *s, size_t n, size_t *i, size_t *start)
{
	size_t len;

	while (*i < n && word_sep(s[*i]))
		(*i)++;
	for (*start = *i; *i < n && !word_sep(s[*i]); (*i)++)
		;
	len = *i - *start;
	if (len > 1 && s[*start + len - 1] == '.')
		len--;
	return len;
}

/* 12, 12a, 12-14, 19/48 (India). */
static int
house_number(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	if (i == 0 || i > 6)
		return 0;
	if (i < n && (s[i] == '-' || s[i] == '/'))
		for (i++; i < n && is_digit(s[i]); i++)
			;
	return i == n || (i + 1 == n && is_alpha(s[i]));
}

/* The words of street_types, street_prefixes, street_units and "PO
 * Box" hashed, and the suffixes' lengths and last two bytes, worked out once
 * a process (pthread_once: worker threads classify at once).  A word's
 * flags then cost one look-up, not a binary search a list: the text scan
 * asks for every word of every window with a house number. */
enum {
	STREET_TYPE = 2,   /* a type after a name (struct swords' 2) */
	STREET_PREFIX = 4, /* a type before a name (struct swords' 4) */
	STREET_UNIT = 32,
	STREET_POBOX = 64
};
static const char *const street_pobox_words[] = {"po", "p.o", "box", NULL};
#define STREET_SLOTS 1024  /* a power of two, over twice the lists */
#define STREET_WORD_MAX 32 /* longer than any word of the lists */
struct street_slot {
	const char *w; /* NULL: an empty slot */
	size_t n;
	unsigned flags;
};
static struct street_slot street_slots[STREET_SLOTS];
static size_t suffix_lens[sizeof(street_suffixes) / sizeof(*street_suffixes)];
/* bit i (31 suffixes): street_suffixes[i]'s last two bytes have this
 * slot (suffix_pair()) */
#define SUFFIX_PAIRS 1024
static uint32_t suffix_pairs[SUFFIX_PAIRS];
/* A bit for each word of the lists by its first two bytes, last byte
 * and length (street_sig): most words of prose differ from every word
 * of the lists in one of them, and go without a copy, a hash and a
 * probe. */
#define STREET_SIG_BITS 4096
static uint64_t street_sigs[STREET_SIG_BITS / 64];

/* The signature of the word s[0..n), n > 0, in any case: that of the
 * word in lower case. */
static size_t
street_sig(const char *s, size_t n)
{
	uint32_t key = (uint32_t)(unsigned char)lower(s[0]) << 24 |
	    (uint32_t)(unsigned char)lower(s[n > 1 ? 1 : 0]) << 16 |
	    (uint32_t)(unsigned char)lower(s[n - 1]) << 8 |
	    (uint32_t)(n < 255 ? n : 255);

	/* Fibonacci hashing: the top 12 bits of the product */
	return (size_t)((key * 0x9e3779b1u) >> 20) & (STREET_SIG_BITS - 1);
}

/* The slot of suffix_pairs for a word whose last two bytes, in lower
 * case, are prev and last. */
static size_t
suffix_pair(char prev, char last)
{
	return ((size_t)(unsigned char)lower(last) * 37 +
	           (size_t)(unsigned char)lower(prev)) &
	    (SUFFIX_PAIRS - 1);
}
static pthread_once_t street_once = PTHREAD_ONCE_INIT;

/* The slot of the lower-case word k[0..n): its own, or the empty one
 * where it would go. */
static size_t
street_slot(const char *k, size_t n)
{
	size_t i =
	    hash_fold(hash_fnv1a(HASH_FNV1A_INIT, k, n)) & (STREET_SLOTS - 1);

	while (street_slots[i].w != NULL &&
	    (street_slots[i].n != n || memcmp(street_slots[i].w, k, n) != 0))
		i = (i + 1) & (STREET_SLOTS - 1);
	return i;
}

static void
street_add(const char *const *list, unsigned flags)
{
	size_t i, j, n;

	for (i = 0; list[i] != NULL; i++) {
		n = strlen(list[i]);
		j = street_slot(list[i], n);
		street_slots[j].w = list[i];
		street_slots[j].n = n;
		street_slots[j].flags |= flags;
		j = street_sig(list[i], n);
		street_sigs[j / 64] |= (uint64_t)1 << (j % 64);
	}
}

static void
street_init(void)
{
	size_t i;

	street_add(street_types, STREET_TYPE);
	street_add(street_prefixes, STREET_PREFIX);
	street_add(street_units, STREET_UNIT);
	street_add(street_pobox_words, STREET_POBOX);
	for (i = 0; street_suffixes[i] != NULL; i++) {
		suffix_lens[i] = strlen(street_suffixes[i]);
		suffix_pairs[suffix_pair(street_suffixes[i][suffix_lens[i] - 2],
		    street_suffixes[i][suffix_lens[i] - 1])] |= (uint32_t)1
		    << i;
	}
}

/* The STREET_* flags of the word s[0..n), any case: the lists that hold
 * it, as word_is() on each of their words would say. */
static unsigned
street_type_flags(const char *s, size_t n)
{
	char k[STREET_WORD_MAX];
	size_t i;

	if (n == 0 || n > sizeof(k))
		return 0;
	pthread_once(&street_once, street_init);
	/* a word of the lists is lower case: street_sig() lowers */
	i = street_sig(s, n);
	if ((street_sigs[i / 64] >> (i % 64) & 1) == 0)
		return 0;
	for (i = 0; i < n; i++)
		k[i] = lower(s[i]);
	return street_slots[street_slot(k, n)].flags;
}

static int
suffix_word(const char *s, size_t n)
{
	uint32_t todo;
	size_t i, k;

	if (n < 3)
		return 0;
	pthread_once(&street_once, street_init);
	for (todo = suffix_pairs[suffix_pair(s[n - 2], s[n - 1])]; todo != 0;
	     todo &= todo - 1) {
		i = (size_t)__builtin_ctz(todo);
		k = suffix_lens[i];
		if (n > k && word_is(s + n - k, k, street_suffixes[i]))
			return 1;
	}
	return 0;
}

#define STREET_WORDS 10

/* The words of one line of an address: start, length, and what each is
 * (1 house number, 2 type after a name, 4 type before a name, 8 compound
 * name with a street ending, 16 capitalised). */
struct swords {
	size_t n, off[STREET_WORDS], len[STREET_WORDS];
	unsigned what[STREET_WORDS];
};

static void
street_words(const char *s, size_t n, struct swords *w)
{
	size_t i = 0, ws, wl;
	unsigned f;

	w->n = 0;
	while (w->n < STREET_WORDS && (wl = next_word(s, n, &i, &ws)) > 0) {
		f = house_number(s + ws, wl) ? 1u : 0u;
		if (f == 0 && !is_digit(s[ws])) { /* no type word is a number */
			f |= street_type_flags(s + ws, wl) &
			    (STREET_TYPE | STREET_PREFIX);
			f |= suffix_word(s + ws, wl) ? 8u : 0u;
		}
		f |= is_upper_start(s + ws) ? 16u : 0u;
		w->off[w->n] = ws, w->len[w->n] = wl, w->what[w->n++] = f;
	}
}

/* Is a capitalised word other than a house number among words
 * [from, to)? */
static int
street_named(const struct swords *w, size_t from, size_t to)
{
	for (; from < to && from < w->n; from++)
		if ((w->what[from] & 17) == 16)
			return 1;
	return 0;
}

/* A capitalised name after the type word at j, particles (de, do, la
 * ...) skipped: rue de la Paix, Rua do Arenque. */
static int
street_named_after(const char *s, const struct swords *w, size_t j)
{
	size_t k;

	for (k = j + 1; k < w->n && k <= j + 3; k++) {
		if ((w->what[k] & 17) == 16)
			return 1;
		if (w->len[k] > 5 || is_upper_start(s + w->off[k]) ||
		    (w->what[k] & 1))
			return 0;
	}
	return 0;
}

/* A street line: a house number and, within five words of it, a type
 * word after a capitalised name (12 Main St), a type word before a
 * capitalised name (12, rue Gay; Via Roma 10), a compound street name
 * (Hauptstraße 5), or a unit word first (Apt. 595, Suite 501). */
static int
street_line(const char *s, const struct swords *w)
{
	size_t h, j, lo;

	for (h = 0; h < w->n && h < 6; h++) {
		if (!(w->what[h] & 1))
			continue;
		if (h == 1 && word_in(s + w->off[0], w->len[0], street_units))
			return 1;
		lo = h > 5 ? h - 5 : 0;
		for (j = lo; j < w->n && j <= h + 5; j++) {
			if (j == h)
				continue;
			if ((w->what[j] & 8) && (w->what[j] & 16))
				return 1;
			if ((w->what[j] & 2) &&
			    street_named(w, j > h ? h + 1 : 0, j))
				return 1;
			if ((w->what[j] & 4) && street_named_after(s, w, j))
				return 1;
		}
	}
	return 0;
}

/* 5丁目27番18号, 建国路88号: digits then 丁目, 番地, 番 or 号. */
static int
street_cjk(const char *s, size_t n)
{
	static const char *const marks[] = {"\xe4\xb8\x81\xe7\x9b\xae",
	    "\xe7\x95\xaa\xe5\x9c\xb0", "\xe7\x95\xaa", "\xe5\x8f\xb7", NULL};
	size_t i, k;

	for (i = 1; i < n; i++) {
		if (!is_digit(s[i - 1]) || (unsigned char)s[i] < 0xe4)
			continue; /* every mark begins with 0xe4-0xe7 */
		for (k = 0; marks[k] != NULL; k++)
			if (n - i >= strlen(marks[k]) &&
			    memcmp(s + i, marks[k], strlen(marks[k])) == 0)
				return 1;
	}
	return 0;
}

static int
street_pobox(const char *s, size_t n)
{
	size_t i = 0, ws, wl;

	wl = next_word(s, n, &i, &ws);
	if (!word_is(s + ws, wl, "po") && !word_is(s + ws, wl, "p.o"))
		return 0;
	wl = next_word(s, n, &i, &ws);
	if (!word_is(s + ws, wl, "box"))
		return 0;
	wl = next_word(s, n, &i, &ws);
	return house_number(s + ws, wl);
}

/* A line of two to four words: a house number first or last, the
 * others capitalised (Damrak 1, 10 Downing). */
static int
street_loose(const struct swords *w)
{
	size_t i, h;

	if (w->n < 2 || w->n > 4)
		return 0;
	h = (w->what[0] & 1) ? 0 : w->n - 1;
	if (!(w->what[h] & 1))
		return 0;
	for (i = 0; i < w->n; i++)
		if (i != h && (w->what[i] & 17) != 16)
			return 0;
	return 1;
}

/* A line with a postal code and a capitalised town: 1012 LG Amsterdam,
 * 10115 Berlin, Springfield, IL 62704, London SW1A 2AA. */
static int
street_town(const char *s, const struct swords *w)
{
	size_t a, b, k;

	if (w->n < 2)
		return 0;
	for (k = 1; k <= 2 && k < w->n; k++) {
		a = w->off[0], b = w->off[k - 1] + w->len[k - 1];
		if ((valid_postal(s + a, b - a, 0) ||
		        (k == 1 && (w->what[0] & 1) && w->len[0] >= 4)) &&
		    (w->what[k] & 17) == 16)
			return 1;
		a = w->off[w->n - k];
		b = w->off[w->n - 1] + w->len[w->n - 1];
		if ((valid_postal(s + a, b - a, 0) ||
		        (k == 1 && (w->what[w->n - 1] & 1) &&
		            w->len[w->n - 1] >= 4)) &&
		    (w->what[0] & 17) == 16)
			return 1;
	}
	return 0;
}

/* Is s[0..n), a word as next_word() cuts it (trailing '.' kept), one
 * that street_line() or street_pobox() needs? */
static int
street_piece(const char *s, size_t n)
{
	if (n > 1 && s[n - 1] == '.')
		n--;
	return n > 0 && (street_type_flags(s, n) != 0 || suffix_word(s, n));
}

/* Does a piece of s[0..n), split at commas, pass street_piece()? */
static int
street_pieces(const char *s, size_t n)
{
	size_t a, b;

	for (a = 0; a <= n; a = b + 1) {
		for (b = a; b < n && s[b] != ','; b++)
			;
		if (street_piece(s + a, b - a))
			return 1;
	}
	return 0;
}

int
valid_street_word(const char *s, size_t n, size_t lead, size_t trail)
{
	if (lead + trail > n)
		lead = trail = 0;
	return street_pieces(s, n) ||
	    (lead > 0 && street_pieces(s + lead, n - lead)) ||
	    (trail > 0 && street_pieces(s, n - trail)) ||
	    (lead > 0 && trail > 0 &&
	        street_pieces(s + lead, n - lead - trail));
}

/* Lines: a street line, or a loose street line with a postal code and
 * town line. */
static int
street_lines(const char *s, size_t n)
{
	struct swords w;
	size_t start = 0, end;
	int loose = 0, town = 0;

	while (start < n) {
		for (end = start; end < n && s[end] != '\n'; end++)
			;
		street_words(s + start, end - start, &w);
		if (street_line(s + start, &w))
			return 1;
		loose |= street_loose(&w);
		town |= street_town(s + start, &w);
		start = end + 1;
	}
	return loose && town;
}

/* Has s[0..n) a house number among its first STREET_WORDS words?  A
 * street line needs one, so the word lists are looked at only then (the
 * text scan tries many windows with a digit in them). */
static int
street_numbered(const char *s, size_t n)
{
	size_t i = 0, ws, wl, k;

	for (k = 0; k < STREET_WORDS && (wl = next_word(s, n, &i, &ws)) > 0;
	     k++)
		if (house_number(s + ws, wl))
			return 1;
	return 0;
}

/* A word an address may end with (valid_street_end). */
static int
street_end_word(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	if (is_upper_start(s) || (unsigned char)s[0] >= 0x80)
		return 1;
	for (i = 0; i < n; i++)
		if (is_digit(s[i]))
			return 1;
	return street_type_flags(s, n) != 0;
}

int
valid_street_end(const char *s, size_t n)
{
	size_t i = 0, ws, wl, last = 0, lastlen = 0;
	char end;

	while ((wl = next_word(s, n, &i, &ws)) > 0) {
		/* the word before this one ends no sentence */
		if (lastlen > 0) {
			end = s[last + lastlen] == '.' ? '.'
			                               : s[last + lastlen - 1];
			if (end == '!' || end == '?' ||
			    (end == '.' && !is_upper_start(s + last) &&
			        (unsigned char)s[last] < 0x80 &&
			        street_type_flags(s + last, lastlen) == 0))
				return 0;
		}
		last = ws, lastlen = wl;
	}
	return street_end_word(s + last, lastlen);
}

/* An address: the whole string or one of its lines is a street line. */
int
valid_street(const char *s, size_t n)
{
	struct swords w;

	if (memchr(s, ' ', n) == NULL && memchr(s, '\n', n) == NULL)
		return street_cjk(s, n);
	if (street_pobox(s, n) || street_cjk(s, n))
		return 1;
	if (street_numbered(s, n)) {
		street_words(s, n, &w);
		if (street_line(s, &w))
			return 1;
	}
	return memchr(s, '\n', n) != NULL && street_lines(s, n);
}

/* ---- ICD-10-CM ---- */

static int
icd_category(const char *s)
{
	static const char *const lettered[] = {
	    "C4A", "C7A", "C7B", "D3A", "M1A", "O9A", "Z3A", NULL};
	size_t i;

	if (s[0] < 'A' || s[0] > 'Z' || !is_digit(s[1]))
		return 0;
	if (s[0] == 'U')
		return s[1] == '0' && (s[2] == '7' || s[2] == '9');
	if (is_digit(s[2]))
		return 1;
	for (i = 0; lettered[i] != NULL; i++)
		if (memcmp(s, lettered[i], 3) == 0)
			return 1;
	return 0;
}

int
valid_icd10(const char *s, size_t n, int ctx)
{
	size_t i, rest;

	if (n < 3 || !icd_category(s))
		return 0;
	if (n > 3 && s[3] == '.')
		i = 4;
	else if (ctx)
		i = 3;
	else
		return 0;
	rest = n - i;
	if ((i == 4 && rest == 0) || rest > 4)
		return 0;
	for (; i < n; i++)
		if (!is_digit(s[i]) && !(s[i] >= 'A' && s[i] <= 'Z'))
			return 0;
	return 1;
}

/* ---- personal names ---- */

static const char *const name_particles[] = {"van", "von", "der", "den", "de",
    "da", "del", "della", "di", "du", "la", "le", "bin", "binti", "al", "el",
    "ibn", "ter", "ten", "y", "e", "dos", "das", "zu", NULL};

/* Common words of event, page and product names, never personal names. */
static const char *const not_names[] = {"order", "completed", "viewed", "added",
    "removed", "started", "finished", "clicked", "submitted", "product",
    "products", "cart", "page", "home", "portal", "checkout", "signed", "sign",
    "account", "plan", "trial", "newsletter", "campaign", "app", "team",
    "group", "company", "inc", "llc", "ltd", "corp", "store", "shop", "test",
    "demo", "default", "new", "unknown", "user", "guest", "admin", "anonymous",
    "none", "null", "patient", "result", "results", "search", "settings",
    "profile", "dashboard", "login", "logout", "video", "visit", "payment",
    "edition", "pro", "free", "premium", "basic", "blue", "red", "green",
    "black", "white", NULL};

static int
is_upper_start(const char *s)
{
	return (s[0] >= 'A' && s[0] <= 'Z') || (unsigned char)s[0] >= 0xc0;
}

/* One word of a name: Capitalised letters, ' and - inside, a final '.'
 * (initials, Jr.): 1; a lower-case particle: 2; else 0. */
static int
name_word(const char *s, size_t n)
{
	size_t i, upper = 0;
	unsigned char c;

	if (!is_upper_start(s))
		return n <= 6 && word_in(s, n, name_particles) ? 2 : 0;
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 'A' && c <= 'Z')
			upper++;
		else if ((c >= 'a' && c <= 'z') || c >= 0x80)
			continue;
		else if (!(c == '.' && i + 1 == n) &&
		    !((c == '-' || c == '\'') && i > 0 && i + 1 < n &&
		        is_alpha(s[i + 1])))
			return 0;
	}
	/* all capitals (TPS, NASA) is an acronym, unless an initial */
	return upper < 2 || upper < n - (s[n - 1] == '.');
}

/* Splits a name into words and checks each with name_word (stop 0) or
 * against the stop list (stop 1); *real counts non-particles. */
static int
name_words(const char *s, size_t n, int stop, size_t *real)
{
	size_t i = 0, start, words = 0;
	int w = 0;

	*real = 0;
	while (i < n) {
		for (start = i; i < n && s[i] != ' ' && s[i] != ','; i++)
			;
		if (i == start)
			return 0;
		if (stop ? word_in(s + start, i - start, not_names)
		         : (w = name_word(s + start, i - start)) == 0)
			return 0;
		words++;
		*real += w == 1;
		if (i < n && s[i] == ',')
			i++;
		if (i < n && s[i] == ' ')
			i++;
		if (i == n && (s[n - 1] == ' ' || s[n - 1] == ','))
			return 0;
	}
	return words <= 5;
}

int
valid_name(const char *s, size_t n)
{
	size_t real;

	return name_words(s, n, 0, &real) && real >= 2 &&
	    name_words(s, n, 1, &real);
}
