/*
 * keyname.h - key names as the classifier compares them.
 *
 * Normalised: split into words at '_', '-', '.', spaces and other
 * punctuation and at camelCase humps, lower-cased and joined, so that
 * "emailAddress", "e-mail_address" and "Email Address" all become
 * "emailaddress".  The word starts are kept, so that the trailing or
 * leading words of a name ("patientEmail", "phone_home") can be looked
 * up on their own.  Fuzzy comparison is the Dice coefficient over the
 * multisets of character bigrams (Segment's "similar" matching).
 */
#ifndef PHI_KEYNAME_H
#define PHI_KEYNAME_H

#include <stddef.h>
#include <stdint.h>

#define KEYNAME_MAX 64
#define KEYNAME_WORDS 16
#define KEYNAME_SCAN 255 /* longer names are not matched at all */

struct keyname {
	char s[KEYNAME_MAX + 1]; /* normalised, NUL-terminated */
	size_t len;
	size_t nwords;
	unsigned char word[KEYNAME_WORDS]; /* offset of each word in s */
};

/* Normalises key[0..n).  A result longer than KEYNAME_MAX keeps its last
 * words (the ones suffix patterns look at).  Returns 0, or -1 when
 * nothing is left, or the name is longer than KEYNAME_SCAN letters, or
 * its last word alone is longer than KEYNAME_MAX. */
int keyname_norm(const char *key, size_t n, struct keyname *k);

/* The singular of a plural name s[0..n) into out (room for n + 1):
 * "allergies" -> "allergy", "addresses" -> "address", "emails" ->
 * "email".  Returns its length, or 0 when s does not look plural. */
size_t keyname_singular(const char *s, size_t n, char *out);

/* The sorted bigrams of s[0..n) into out (room for n - 1); returns how
 * many. */
size_t keyname_bigrams(const char *s, size_t n, uint16_t *out);

/* Dice coefficient of two sorted bigram multisets, in [0, 1]. */
double keyname_dice_sorted(
    const uint16_t *a, size_t na, const uint16_t *b, size_t nb);

/* Dice coefficient of two strings (at most KEYNAME_MAX bytes each). */
double keyname_dice(const char *a, size_t an, const char *b, size_t bn);

#endif
