/*
 * validators.h - value validators for the classifier: does a decoded
 * string (or the text of a JSON number) have the shape of an identifier,
 * and do its check digit, range and numbering-plan rules hold?  Pattern
 * plus validation, no regular expressions: Luhn, mod 97, check digits,
 * calendar rules, NANP rules.
 *
 * Every validator takes the bytes and a context flag.  With ctx non-zero
 * (the key name supports the kind) looser forms are accepted: a bare
 * 9-digit SSN, an unformatted phone number, a 5-digit ZIP code.  Some
 * kinds (npi, name, age) only ever match with context.
 *
 * vclass_of() summarises the character classes of a value in one pass;
 * vkind_check() screens on those classes and the length before running
 * the validator, so that most values cost a table look-up per kind.
 */
#ifndef PHI_VALIDATORS_H
#define PHI_VALIDATORS_H

#include <stddef.h>
#include <stdint.h>

enum vkind {
	VK_NONE = 0,
	VK_EMAIL,
	VK_PHONE,
	VK_SSN,
	VK_CARD,
	VK_NPI,
	VK_DEA,
	VK_MBI,
	VK_IBAN,
	VK_IP,
	VK_IPV4,
	VK_IPV6,
	VK_MAC,
	VK_DATE,
	VK_ZIP,
	VK_STREET,
	VK_ICD10,
	VK_URL,
	VK_VIN,
	VK_NAME,
	VK_AGE,
	VK_TOKEN,
	/* natid (issue 18): national and context-named identifiers,
	 * validators_id.c */
	VK_NHS,
	VK_NINO,
	VK_SIN,
	VK_AADHAAR,
	VK_DNI,
	VK_CODFISC,
	VK_STEUERID,
	VK_PNR,
	VK_PESEL,
	VK_TFN,
	VK_AUMEDICARE,
	VK_NIR,
	VK_BSN,
	VK_CPF,
	VK_CNID,
	VK_HETU,
	VK_NRIC,
	VK_RRN,
	VK_ITIN,
	VK_IDNUM,
	VK_MYNUMBER,
	/* end natid */
	/* geo (issue 18): national formats */
	VK_POSTAL,
	VK_COORD,
	VK_COUNT
};

/* Character classes of vclass_of(). */
enum {
	VC_DIGIT = 1 << 0,
	VC_UPPER = 1 << 1,
	VC_LOWER = 1 << 2,
	VC_SPACE = 1 << 3, /* space or tab */
	VC_DOT = 1 << 4,
	VC_DASH = 1 << 5,
	VC_AT = 1 << 6,
	VC_COLON = 1 << 7,
	VC_SLASH = 1 << 8,
	VC_PLUS = 1 << 9,
	VC_PAREN = 1 << 10,
	VC_HIGH = 1 << 11, /* a byte >= 0x80 (UTF-8) */
	VC_COMMA = 1 << 12,
	VC_APOS = 1 << 13,
	VC_HASH = 1 << 14,
	VC_OTHER = 1 << 15 /* anything else: _ ? = & % control ... */
};

/* The kind named name[0..n) (as in rules files), or -1. */
int vkind_parse(const char *name, size_t n);
const char *vkind_name(enum vkind k);
/* Can the kind match without key context? */
int vkind_strict(enum vkind k);

/* A set of kinds: bit 1 << k for kind k (VK_BIT). */
typedef uint64_t vkind_set;
#define VK_BIT(k) ((vkind_set)1 << (k))

unsigned vclass_of(const char *s, size_t n);

/* The kinds among want (bits 1 << k) whose cheap screen s[0..n) passes:
 * character classes cls (of vclass_of), length, number or string. */
vkind_set vkind_screen(vkind_set want, unsigned cls, size_t n, int is_number);

/* Runs the validator of kind k on s[0..n) (no screen).  1: a match. */
int vkind_run(enum vkind k, const char *s, size_t n, int ctx);

/* Screen, then validator.  Returns 1 for a match. */
int vkind_check(enum vkind k, const char *s, size_t n, unsigned cls,
    int is_number, int ctx);

/* The validators (validators.c, validators_net.c, validators_text.c). */
int valid_luhn(const char *digits, size_t n);
int valid_card(const char *s, size_t n);
int valid_ssn(const char *s, size_t n, int ctx);
int valid_npi(const char *s, size_t n);
int valid_dea(const char *s, size_t n);
int valid_mbi(const char *s, size_t n);
int valid_iban(const char *s, size_t n);
int valid_vin(const char *s, size_t n);
int valid_zip(const char *s, size_t n, int ctx);
int valid_postal(const char *s, size_t n, int ctx);
/* A latitude or longitude in decimal degrees (validators_geo.c). */
int valid_coord(const char *s, size_t n, int ctx);
int valid_age(const char *s, size_t n);
int valid_token(const char *s, size_t n);
int valid_email(const char *s, size_t n);
int valid_url(const char *s, size_t n);
int valid_ipv4(const char *s, size_t n);
int valid_ipv6(const char *s, size_t n);
int valid_mac(const char *s, size_t n, int ctx);
int valid_phone(const char *s, size_t n, int ctx);
int valid_date(const char *s, size_t n, int ctx);
int valid_street(const char *s, size_t n);
int valid_icd10(const char *s, size_t n, int ctx);
int valid_name(const char *s, size_t n);
int valid_digits(const char *s, size_t n);
/* Is s[0..n) (ASCII letters compared in lower case) among the count
 * lower-case words of list, sorted in byte order (bisection)? */
int valid_word_in(
    const char *s, size_t n, const char *const *list, size_t count);
/* The value of the decimal digits s[0..n) (n small enough not to wrap). */
unsigned valid_number(const char *s, size_t n);
/* A calendar date: month 1-12, day of that month (29 February in leap
 * years only). */
int valid_day(unsigned y, unsigned m, unsigned d);
int valid_ip(const char *s, size_t n, int ctx);

/* validators_id.c: national and context-named identifiers; ctx as above
 * (the bare digits of weak checksums need it). */
int valid_nhs(const char *s, size_t n, int ctx);
int valid_nino(const char *s, size_t n, int ctx);
int valid_sin(const char *s, size_t n, int ctx);
int valid_aadhaar(const char *s, size_t n, int ctx);
int valid_dni(const char *s, size_t n, int ctx);
int valid_codfisc(const char *s, size_t n, int ctx);
int valid_steuerid(const char *s, size_t n, int ctx);
int valid_pnr(const char *s, size_t n, int ctx);
int valid_pesel(const char *s, size_t n, int ctx);
int valid_tfn(const char *s, size_t n, int ctx);
int valid_aumedicare(const char *s, size_t n, int ctx);
int valid_nir(const char *s, size_t n, int ctx);
int valid_bsn(const char *s, size_t n, int ctx);
int valid_cpf(const char *s, size_t n, int ctx);
int valid_cnid(const char *s, size_t n, int ctx);
int valid_hetu(const char *s, size_t n, int ctx);
int valid_nric(const char *s, size_t n, int ctx);
int valid_rrn(const char *s, size_t n, int ctx);
int valid_itin(const char *s, size_t n, int ctx);
int valid_idnum(const char *s, size_t n, int ctx);
int valid_mynumber(const char *s, size_t n, int ctx);
/* The validator of kind k if it is one of validators_id.c, else 0. */
int valid_id_kind(enum vkind k, const char *s, size_t n, int ctx);

#endif
