/*
 * textmemo.h - the findings of the last free text scanned, kept so that
 * the next question about the same text is answered without a second
 * scan.
 *
 * phi-classify --mask, --report's in-text counts and phi-encrypt
 * --in-text-class ask two questions of each free-text value: its
 * verdict (classify_value: which rules fire) and its spans
 * (classify_spans: where the identifiers are).  Both come from the same
 * findings, textscan's spans and names_text's names, and a scan of
 * prose is most of the cost of either, so the findings of the last text
 * are kept.  They are looked up by everything they are computed from,
 * compared whole (never by a hash alone): the text's bytes and the
 * kinds looked for (the key's kinds, [0] plain and [1] in context
 * form).  The verdict and the spans are then derived from the findings
 * exactly as from a fresh scan (test_classify compares the two ways).
 *
 *	if (textmemo_begin(m, s, n, cls, kinds) == 0) {
 *		textmemo_add(m, &span) for each finding, then
 *		textmemo_done(m);              -1: out of memory
 *	}
 *	for (i = 0; i < textmemo_count(m); i++) textmemo_get(m, i) ...
 *
 * The copy of the text is wiped when it is moved or freed (buf.h), as
 * the decoded text it is made from is.  Not thread-safe: one memo per
 * classifier, like its caches.
 */
#ifndef PHI_TEXTMEMO_H
#define PHI_TEXTMEMO_H

#include <stddef.h>
#include <stdint.h>

#include "textscan.h"
#include "vkind.h"

struct textmemo;

/* NULL when out of memory. */
struct textmemo *textmemo_new(void);
void textmemo_free(struct textmemo *m);

/* Does m hold the complete findings of s[0..n) for kinds[0..1]? */
int textmemo_has(
    const struct textmemo *m, const char *s, size_t n, const vkind_set *kinds);

/* The findings of s[0..n), of character classes cls (vkind_class), for
 * kinds: 1 when m holds them (an ask counted as kept); else m forgets
 * what it held and starts them (counted as scanned): 0, or -1 out of
 * memory (m then holds nothing). */
int textmemo_begin(struct textmemo *m, const char *s, size_t n, unsigned cls,
    const vkind_set *kinds);

/* Adds a finding (a name: kinds VK_BIT(VK_NAME), no context).  0, or -1
 * out of memory (then and from then on, until textmemo_start). */
int textmemo_add(struct textmemo *m, const struct text_span *sp);

/* Marks the findings complete: textmemo_has() answers yes from now.
 * 0, or -1 when an add since textmemo_start failed (m holds nothing). */
int textmemo_done(struct textmemo *m);

size_t textmemo_count(const struct textmemo *m);
/* The character classes of the text m holds. */
unsigned textmemo_cls(const struct textmemo *m);
/* The textmemo_begin() asks so far answered 1 and answered 0 or -1. */
void textmemo_counts(
    const struct textmemo *m, uint64_t *kept, uint64_t *scanned);
const struct text_span *textmemo_get(const struct textmemo *m, size_t i);

#endif
