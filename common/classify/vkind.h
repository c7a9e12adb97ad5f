/*
 * vkind.h - the kinds of value the classifier validates (as rules files
 * name them: value=email, value=ssn ...): their names, a cheap screen
 * and the dispatch to the validators of valid.h.
 *
 * vkind_class() summarises the character classes of a value in one
 * pass; vkind_check() screens on those classes and the length before
 * running the validator, so that most values cost a table look-up per
 * kind.
 */
#ifndef PHI_VKIND_H
#define PHI_VKIND_H

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
	 * valid_id.c */
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

/* Character classes of vkind_class(). */
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

unsigned vkind_class(const char *s, size_t n);
/* Tests only: 1 makes vkind_class() go a byte at a time even where the
 * processor has AVX2 (which it uses for values of 128 bytes or more);
 * 0 goes back. */
void vkind_debug_no_avx2(int on);
/* The classes of each byte, which vkind_class() ORs: for scanners that
 * find a word's classes as they find its end (textscan).  A table of
 * 256, built at the first call and only read after. */
const unsigned short *vkind_class_table(void);

/* The kinds among want (bits 1 << k) whose cheap screen s[0..n) passes:
 * character classes cls (of vkind_class), length, number or string. */
vkind_set vkind_screen(vkind_set want, unsigned cls, size_t n, int is_number);

/* The kinds whose screen needs a character of one of the classes cls
 * (a value without one never passes it). */
vkind_set vkind_needing(unsigned cls);

/* Of kinds, those whose values of several words may begin at s[0..n), n
 * the bytes up to the end of the text (valid_date_start(),
 * valid_iban_start(), valid_phone_start(), valid_nino_start(); a card
 * number and an SSN begin with a digit): a screen for the windows of a
 * scan of text, which begin at one place and differ in length.  A kind
 * it drops passes its validator on no prefix of s; kinds without a test
 * stay. */
vkind_set vkind_may_start(vkind_set kinds, const char *s, size_t n);

/* Of kinds, those whose values may end where s[0..n) ends
 * (valid_date_end(), valid_phone_end()); kinds without a test stay. */
vkind_set vkind_may_end(vkind_set kinds, const char *s, size_t n);

/* Runs the validator of kind k on s[0..n) (no screen).  1: a match. */
int vkind_run(enum vkind k, const char *s, size_t n, int ctx);

/* Screen, then validator.  Returns 1 for a match. */
int vkind_check(enum vkind k, const char *s, size_t n, unsigned cls,
    int is_number, int ctx);

#endif
