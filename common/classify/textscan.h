/*
 * textscan.h - find identifiers inside free text: the byte spans of a
 * string that pass a value validator (valid.h), with the words in
 * front of them as context.
 *
 * A string is split into words at white space (ASCII, no-break space,
 * ideographic space, CJK punctuation) and where CJK script meets other
 * characters, since Chinese and Japanese text has no spaces around
 * values ("电话13680797271").  For each word, windows of 1 to
 * TEXTSCAN_WORDS consecutive words are tried, longest first: the
 * original bytes from the first word's start to the last word's end
 * (inner separators kept: "3528 1313 2918 7462", "7 décembre 1954"),
 * with end punctuation and a pair of enclosing brackets or quotes
 * trimmed.  The first window that passes a validator is a span; the
 * scan goes on after it.  Validators see a whole candidate and never
 * search inside it, so what a span is depends only on its bytes and its
 * context.
 *
 * Context: the one to three words before a window (trailing ':' '#'
 * '.' and filler words like "is" dropped) are handed to the caller's
 * context function, which returns the kinds they name (the classifier
 * looks them up like key names, so the rules' keys= and context= lists
 * are the context words: "NPI: 1234567893", "DOB 07/12/1954").  A kind
 * so named is checked in its looser context form.  Words that name
 * VK_NONE (the keys of values known to hold no identifier: version,
 * uuid, order id) veto a span after them ("version 5.11.149.225" is no
 * IP address).  Context is looked up only when a window passes the
 * cheap screen of a kind that needs it, or passes a validator.
 *
 * The scan allocates nothing and is linear in the length of s times
 * TEXTSCAN_WORDS; windows longer than TEXTSCAN_SPAN_MAX bytes are not
 * tried.  Shortcuts skip windows that no validator can take, and must
 * find what trying them finds (textscan_opts.exhaustive turns them off;
 * test_textscan and fuzz_spans compare): a window of several words
 * without a digit (every kind of such spans needs one), a street
 * address without a word that valid_street_word() allows, CJK
 * characters or a line break, a window of several words of a kind
 * that cannot begin with its first word (vkind_may_start(): a date's or
 * IBAN's first token, the first byte of a phone number, card number,
 * SSN or NINO), and a date or phone number that cannot end with its
 * last byte (vkind_may_end()).  With the text's map
 * (textmap.h), the words it says are inert are not read at all, the
 * words before a window are read backwards only when its context is
 * asked for, and a word whose next digit is too far for a window of
 * several words to reach (TEXTSCAN_SPAN_MAX bytes, or as many words as
 * the longest span of the kinds wanted) gets a window of one word
 * without reading the words after it; test_textscan compares with
 * reading every word (a map not mapped) on random texts.
 */
#ifndef PHI_TEXTSCAN_H
#define PHI_TEXTSCAN_H

#include <stddef.h>

#include "textmap.h"
#include "vkind.h"

#define TEXTSCAN_WORDS 8
#define TEXTSCAN_SPAN_MAX 96

struct text_span {
	size_t start, end;   /* the identifier: s[start..end) */
	vkind_set kinds;     /* the kinds it passed */
	vkind_set ctx_kinds; /* of those, the ones passed in context form */
	size_t ctx_start, ctx_end; /* the context words used, or 0, 0 */
};

struct textscan_opts {
	vkind_set want;     /* kinds to look for without context */
	vkind_set want_ctx; /* kinds checked in context form everywhere */
	vkind_set can_ctx;  /* kinds that context words may name */
	/* The kinds that the words p[0..n) name (NULL: none). */
	vkind_set (*context)(void *arg, const char *p, size_t n);
	/* Can the word p[0..n) end context words at all?  A cheap filter
	 * asked once per word before context (NULL: yes). */
	int (*context_tail)(void *arg, const char *p, size_t n);
	void *arg;
	/* The text's map (textmap_build), made by a caller that has other
	 * uses for it, or NULL: textscan_run makes it.  Not used when
	 * exhaustive is set; a map not mapped reads every word. */
	const struct textmap *map;
	/* Tests only: try every window the screens pass, without the
	 * shortcuts that skip windows no validator can take (windows of
	 * several words without a digit; street addresses without a street
	 * word).  The spans are the same either way. */
	int exhaustive;
};

/* Calls found(farg, span) for each span of s[0..n), left to right, and
 * stops early when found returns non-zero.  Returns the number of spans
 * reported. */
size_t textscan_run(const char *s, size_t n, const struct textscan_opts *o,
    int (*found)(void *farg, const struct text_span *sp), void *farg);

#endif
