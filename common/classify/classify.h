/*
 * classify.h - the classification engine: is a leaf value red
 * (restricted), yellow (sensitive) or green, judging by its key name and
 * its value, and which rules fired?
 *
 * Rules (ruleset.h) come from the default rules file in the data directory
 * and from the user's files.  They are compiled into one hash of
 * normalised key names (keyname.h) with their fuzzy (bigram Dice > 0.7)
 * neighbours, and the result for each distinct raw key name is cached,
 * so the per-value cost is one cache look-up plus the value validators
 * (vkind.h) that pass a cheap class/length screen.
 *
 *	classify_load(&c, files, n, &e);
 *	classify_leaf(c, "email", 5, NDJSON_STRING, v, vlen, &r);
 *	r.colour, r.matchers (bit i: rule i fired, classify_rule_name)
 *
 * A field's colour is the worst of the rules that fired.  Null, empty
 * and blank values are green with no matchers (they hold nothing), and
 * so are well-formed tokens of phi-encrypt ("phi:1:...") of a key given
 * to classify_trust_kid(), which fire only the rules with value=token.
 * Anyone can make a string that looks like a token (base64url of PHI,
 * say), so any other value that starts like one ("phi:" digits ":") is
 * judged by its bytes and fires the rule token-unverified (yellow unless
 * built in, after the rules of the files).  The verdicts of short values
 * are cached too (valcache.h), so a value met again under a key that
 * says the same costs one look-up.  The two caches make the classifier
 * unsafe to share between threads.
 */
#ifndef PHI_CLASSIFY_H
#define PHI_CLASSIFY_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ndjson.h"
#include "ruleset.h"
#include "spanlist.h"
#include "phierr.h"

#define CLASS_WORDS (RULES_MAX / 64)

struct class_result {
	enum class_colour colour;
	uint64_t matchers[CLASS_WORDS]; /* bit set of rule indexes */
};

/* What a key name says, before any value is seen. */
struct class_key {
	struct class_result fired; /* key-name rules that fire alone */
	uint64_t ctx[CLASS_WORDS]; /* rules whose key names matched */
	uint64_t run[CLASS_WORDS]; /* rules whose value checks run */
	vkind_set kinds[2];        /* their kinds (VK_BIT), [ctx] */
};

struct classifier;

/* Loads the default rules, then user_rule_files[0..n-1] in order.  The
 * default file is $PHI_DATADIR/rules/default.rules when that variable is
 * set, else PHI_DATADIR (the install path) when it is there, else
 * share/rules/default.rules of the build tree holding the program. */
int classify_load(struct classifier **out, const char *const *user_rule_files,
    size_t n, struct phi_err *e);
/* Compiles a rule set (taking it over, also on failure). */
int classify_new(
    struct classifier **out, struct ruleset *rs, struct phi_err *e);
void classify_free(struct classifier *c);
/* A classifier for another thread: c's rules, shared and only read, with
 * key and value caches of its own (a classifier writes its caches as it
 * classifies: one a thread).  NULL when out of memory; classify_free()
 * frees it, before c. */
struct classifier *classify_fork(const struct classifier *c);

#define CLASS_TOKEN_UNVERIFIED "token-unverified"

/* Tokens of the key with this id are taken as safe (green).  0, or -1
 * when out of memory. */
int classify_trust_kid(struct classifier *c, const uint8_t kid[8]);

/* The value cache is on from classify_new(); on 0 turns it off, so
 * that every value takes the validators (for tests comparing the two).
 * The verdicts are the same either way. */
void classify_cache_values(struct classifier *c, int on);
/* Callers that ask classify_spans() about the free text they have
 * classified turn this on (it is off from classify_new(); a fork takes
 * c's setting): a free text's verdict is then taken from findings made
 * in full and kept (textmemo.h), from which classify_spans() of the
 * same text under the same key answers without a second scan.  Off, a
 * verdict stops looking for names at the first.  The answers are the
 * same either way. */
void classify_keep_text(struct classifier *c, int on);
/* The asks for the findings of a free text so far that were answered
 * from those kept and that scanned the text. */
void classify_text_counts(
    const struct classifier *c, uint64_t *kept, uint64_t *scanned);
/* The value cache's look-ups so far that hit and that missed. */
void classify_cache_counts(
    const struct classifier *c, uint64_t *hits, uint64_t *misses);

/* Path of the default rules file as classify_load looks for it. */
void classify_default_path(char *out, size_t n);

size_t classify_rule_count(const struct classifier *c);
const char *classify_rule_name(const struct classifier *c, size_t idx);
enum class_colour classify_rule_colour(const struct classifier *c, size_t idx);
/* The rules in force, in the rules file format (--list-rules). */
int classify_list(const struct classifier *c, struct buf *out);

/* Key-name matchers of key[0..keylen) (cached per distinct key). */
void classify_key_name(const struct classifier *c, const char *key,
    size_t keylen, struct class_key *out);
void classify_key(const struct classifier *c, const char *key, size_t keylen,
    struct class_result *r);
/* A value under a key already looked up: key matchers plus value
 * matchers.  val is the decoded string or the number's text. */
void classify_value(const struct classifier *c, const struct class_key *k,
    enum ndjson_type type, const char *val, size_t vallen,
    struct class_result *r);
/* The same, for callers that keep a result per path: value kinds in
 * skip[ctx] (bits 1 << kind, ctx 0 or 1) are not checked (they matched
 * there before), and the kinds that match are added to hit[ctx].  Either
 * may be NULL. */
void classify_value_skip(const struct classifier *c, const struct class_key *k,
    const vkind_set *skip, enum ndjson_type type, const char *val,
    size_t vallen, struct class_result *r, vkind_set *hit);
/* key = the nearest enclosing object key (decoded). */
void classify_leaf(const struct classifier *c, const char *key, size_t keylen,
    enum ndjson_type type, const char *val, size_t vallen,
    struct class_result *r);

/*
 * The identifiers inside the string s[0..n) (its decoded bytes) under
 * key k whose rules make them min or worse (min > green), into out
 * (cleared first): sorted, overlaps merged, each span's tags the kinds
 * found (VK_BIT) and its level the colour.  The engine is the one of
 * classify_value: free text gets the spans textscan (textscan.h) and
 * names_text (names.h) find in it; a string in which they find none but
 * that is one identifier as a whole is one span (without its edge
 * spaces).  No span starts or ends in a space or inside a UTF-8
 * character.  0, or -1 out of memory.
 */
int classify_spans(const struct classifier *c, const struct class_key *k,
    const char *s, size_t n, enum class_colour min, struct spanlist *out);
/* Is s[0..n) free text to the engine: 5 bytes or more holding white
 * space, non-ASCII or other characters (the strings classify_value and
 * classify_spans look inside)? */
int classify_is_text(const char *s, size_t n);

/* An object key judged as a value would be (a map keyed by email or SSN
 * holds PHI in its keys): by the value rules alone, with no key name. */
void classify_key_text(const struct classifier *c, const char *key,
    size_t keylen, struct class_result *r);

void classify_result_clear(struct class_result *r);
/* dst gets the union of the matchers and the worse colour. */
void classify_result_merge(
    struct class_result *dst, const struct class_result *src);
int classify_result_has(const struct class_result *r, size_t idx);

#endif
