/*
 * jsontext.h - the text of a JSON string as a reader sees it, with the
 * way back to the bytes as written: what finds identifiers inside text
 * reads the decoded bytes ("jane\u0040example.com" is an email), and
 * what replaces them (span tokens, masks) must cut the raw content at
 * the same places, never inside an escape or a UTF-8 character.
 *
 *	struct json_text t = JSON_TEXT_INIT;
 *	json_text_set(&t, raw, n);        t.s[0..t.n): the decoded bytes
 *	json_text_raw(&t, ds, de, &rs, &re);   raw[rs..re) holds them
 *	json_text_free(&t);
 *
 * Content without a backslash is its own text (no copy, no map).
 */
#ifndef PHI_JSONTEXT_H
#define PHI_JSONTEXT_H

#include <stddef.h>

#include "buf.h"

struct json_text {
	const char *s; /* the decoded bytes */
	size_t n;
	size_t rawlen;
	struct buf dec; /* they, when the content has escapes */
	size_t *map;    /* raw offset of the escape or character of each */
	size_t mapcap;  /* decoded byte; NULL: the same offsets */
	int mapped;
};

#define JSON_TEXT_INIT                                                         \
	{                                                                      \
		NULL, 0, 0, BUF_INIT, NULL, 0, 0                               \
	}

/* Decodes the string content raw[0..n) (between the quotes; lone
 * surrogates as U+FFFD, as json_unescape's lax mode).  0, or -1 for
 * content that is not valid or out of memory.  raw must outlive t's
 * use. */
int json_text_set(struct json_text *t, const char *raw, size_t n);

/* The raw span [*rs, *re) that holds the decoded span [ds, de): whole
 * escapes and characters (ds < de <= t->n). */
void json_text_raw(
    const struct json_text *t, size_t ds, size_t de, size_t *rs, size_t *re);

/* Wipes the decoded copy and frees it (t can be set again). */
void json_text_free(struct json_text *t);

#endif
