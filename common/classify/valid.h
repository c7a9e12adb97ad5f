/*
 * valid.h - value validators for the classifier: does a decoded
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
 * The kinds that name these validators, and their dispatch: vkind.h.
 */
#ifndef PHI_VALID_H
#define PHI_VALID_H

#include <stddef.h>
#include <stdint.h>

#include "vkind.h"

/* The validators (valid.c, valid_net.c, valid_text.c). */
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
/* A latitude or longitude in decimal degrees (valid_geo.c). */
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
/* May a date of several words (valid_date()) or an IBAN begin at
 * s[0..n), n the bytes up to the end of the text?  0 only when no
 * prefix of s passes the validator: the first token is already wrong (a
 * date's is a number or a month name; an IBAN's first four characters
 * other than ' ' and '-' are two letters and two digits). */
int valid_date_start(const char *s, size_t n);
int valid_iban_start(const char *s, size_t n);
/* The same for a phone number ('+', '(' or a digit first) and a UK
 * National Insurance number (two capitals first). */
int valid_phone_start(const char *s, size_t n);
int valid_nino_start(const char *s, size_t n);
/* May a date (a phone number) end where s[0..n) ends?  0 only when
 * valid_date() (valid_phone()) refuses s[0..n) by its last bytes alone,
 * whatever comes before them. */
int valid_date_end(const char *s, size_t n);
int valid_phone_end(const char *s, size_t n);
int valid_street(const char *s, size_t n);
/* Can the word s[0..n) of a text (no white space in it), or a part of it
 * a window of text starts or ends in (its first lead bytes or last
 * trail bytes cut off), hold a word without which valid_street() says
 * no: a street type, prefix or unit word, one with a street ending, or
 * a word of "PO Box"?  The words are valid_street()'s own (split at
 * commas, one trailing '.' dropped).  An address needs such a word
 * unless it is written in CJK characters or over several lines. */
int valid_street_word(const char *s, size_t n, size_t lead, size_t trail);
/* Can an address inside free text end where the window s[0..n) of
 * several words ends?  Its last word is one an address ends with (it
 * holds a digit, is capitalised or UTF-8, or is a street type, prefix or
 * unit word), and no word before it ends a sentence ('!' or '?' after
 * it, or '.' after a lower-case word that is no street word).
 * valid_street() asks only that a window hold a street line, so that
 * "7052 Maple Dr, Denver, CO 80202 instead. The" passes it; this keeps
 * such a span to "7052 Maple Dr, Denver, CO 80202". */
int valid_street_end(const char *s, size_t n);
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

/* valid_id.c: national and context-named identifiers; ctx as above
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
/* The validator of kind k if it is one of valid_id.c, else 0. */
int valid_id_kind(enum vkind k, const char *s, size_t n, int ctx);

#endif
