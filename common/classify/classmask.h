/*
 * classmask.h - phi-classify --mask: a value of a colour is replaced by
 * what it is, in brackets, for sharing data where nothing must come
 * back (logs, tickets, test fixtures).
 *
 *	"Call Jane Doe on 415-555-0134"  ->  "Call [NAME] on [PHONE]"
 *	"jane@example.com"               ->  "[EMAIL]"
 *	{"ssn": 78051120}                ->  {"ssn": "[SSN]"}
 *
 * A string under a key whose name alone is not of the colour is free
 * text when classify_spans finds identifiers of the colour inside it
 * that do not cover it all: each span becomes [KIND] (the kind it was
 * found as: NAME, PHONE, EMAIL, CARD, STREET ...) and every other byte
 * is kept as written.  Any other value of the colour (a single
 * identifier, a field whose key says it is sensitive, a number) becomes
 * the string "[RULE]", the name of the worst rule that fired.
 */
#ifndef PHI_CLASSMASK_H
#define PHI_CLASSMASK_H

#include "buf.h"
#include "classify.h"
#include "jsontext.h"
#include "ndjson.h"
#include "spanlist.h"
#include "phierr.h"

struct class_mask {
	struct spanlist spans; /* scratch, kept between values */
	struct json_text tx;
	uint64_t spans_masked;
};

#define CLASS_MASK_INIT                                                        \
	{                                                                      \
		SPANLIST_INIT, JSON_TEXT_INIT, 0                               \
	}

/* Appends the masked form of v (classified r under key k, r.colour >=
 * min) to out. */
int class_mask_write(struct class_mask *m, const struct classifier *c,
    const struct class_key *k, const struct class_result *r,
    enum class_colour min, const struct ndjson_value *v, struct buf *out,
    struct phi_err *e);

void class_mask_free(struct class_mask *m);

#endif
