/*
 * encrypt.h - what phi-encrypt does to a stream, as an ndjson handler:
 * each selected value (any JSON type, its exact bytes) becomes a token
 * for the recipient's public key, one HPKE context for the whole run.
 * A well-formed token of the recipient's key, or of a key id in keep,
 * stays as it is; anything else that looks like a token ("phi:" digits
 * ":", which anyone can write in front of base64url of PHI) is sealed
 * like any other selected value, and in class mode whenever it is within
 * the scope, whatever it classifies as.
 *
 * Selection is by field paths, or (class mode) by the classification
 * engine: every leaf within the scope paths whose colour is at or above
 * a given colour, plus any field paths given as well.  Object keys are
 * sealed in place (a token is a string, so the line stays JSON) in the
 * objects the keys paths select, and in class mode where they classify.
 *
 * In-text paths (--in-text): inside each string at or below them, each
 * identifier the engine finds (classify_spans, yellow or worse) becomes
 * a span token "[phi:1:...]" whose plaintext is the span's raw bytes as
 * written between the quotes (escapes kept), padded; the rest of the
 * string is copied byte for byte.  A "[phi:" in the text that is not a
 * well-formed span token of a key kept is sealed as a span, so that it
 * never reads as one; one that is stays (encrypting twice changes
 * nothing).  A non-string leaf there is sealed whole when it classifies
 * yellow or worse.  A field path wins over an in-text path.
 *
 * Join paths (--join, with a join secret): a value that a join path
 * selects (also selected by a field path) is sealed as a join token
 * (join.h): equal values give equal tokens.  The first time a value of
 * a low-entropy kind is sealed so at a path (true, false, null, a value
 * of 3 bytes or fewer, or one the classifier takes for a date, ZIP
 * code, sex or gender, age, race, ethnicity, religion, sexual
 * orientation or citizenship), a warning names the path (array indexes
 * as *) and the kind, never the value: its tokens can be guessed by
 * anyone with the join key.  Only values not found in the join cache
 * are looked at, and at most 32 paths are warned of.
 *
 * In class mode with text_class (--in-text-class), a string selected by
 * its value alone (its key name does not make it min_colour or worse)
 * that is free text gets span tokens for its identifiers of min_colour
 * or worse; it is sealed whole when it is one identifier as a whole, or
 * when no span of that colour is found in it (fail closed).
 */
#ifndef PHI_ENCRYPT_H
#define PHI_ENCRYPT_H

#include <openssl/evp.h>

#include "ndjson.h"
#include "pathset.h"
#include "ruleset.h"
#include "phierr.h"

struct classifier;
struct encrypt;

struct encrypt_opts {
	EVP_PKEY *pub;                /* recipient (X25519); NULL: a dry run
	                                 (explain.h), which seals nothing */
	const struct pathset *fields; /* -f paths; may be empty in class mode */
	const struct pathset *intext; /* --in-text paths; may be NULL */
	const struct pathset *walk;   /* fields and intext: what -f mode walks
	                                 (NULL: fields) */
	int text_class;               /* --in-text-class */
	const struct classifier *cls; /* class mode or in-text paths */
	int class_mode;               /* --class */
	enum class_colour min_colour; /* class mode: yellow or red */
	const struct pathset *scope;  /* class mode: where to classify */
	const uint8_t (*keep)[8];     /* --keep-kid: tokens left as they are */
	size_t nkeep;
	int no_pad; /* --no-pad: tokens as long as their values */
	/* --keys: the keys of the objects at these paths are sealed (the
	 * plaintext is the key's JSON string, quotes included); NULL or
	 * empty: none.  In class mode a key within the scope is sealed too
	 * when it classifies as a value of min_colour or worse. */
	const struct pathset *keys;
	/* --join: paths whose values become join tokens (they are in
	 * fields too); join_secret the join key (NULL: no --join) and
	 * join_cls the classifier that judges them (may be NULL) */
	const struct pathset *join;
	const uint8_t *join_secret;
	const struct classifier *join_cls;
	/* Suite 2 (phi-tools(7) "Suite 2"): any of these makes the tokens
	 * phi:2.  sender: --sender, an X25519 private key (AUTH);
	 * bind_path: --bind-path (PATH); bind_record: --bind-record, one
	 * concrete path (RECORD), whose field must be in every event that
	 * has a value to seal (else the line is bad) and is never sealed. */
	EVP_PKEY *sender;
	int bind_path;
	const struct pathset *bind_record;
	const char *bind_record_expr; /* as given, for messages */
};

int encrypt_new(
    struct encrypt **out, const struct encrypt_opts *o, struct phi_err *e);
/* The handler and the path set to give the streaming core. */
void encrypt_handler(struct encrypt *c, struct ndjson_handler *h);
const struct pathset *encrypt_select(const struct encrypt *c);
/* Strings taken by spans in which nothing was sealed (copied as they
 * were), for --stats; its ctx is a const struct encrypt *. */
uint64_t encrypt_unchanged(const void *c);
/* --stats after the verb: "encrypted, S span tokens in T strings". */
void encrypt_detail(const void *c, char *buf, size_t n);
/* The recipient's key id, 16 hex digits. */
const char *encrypt_kid_hex(const struct encrypt *c);
/* The sender's key id (--sender), 16 hex digits, or NULL. */
const char *encrypt_sender_hex(const struct encrypt *c);
void encrypt_free(struct encrypt *c);
/* Class mode, for --explain: the classification of the value the
 * handler's visit last took by its class, or NULL when it took it for
 * another reason (a -f path, a token not of the recipient). */
const struct class_result *encrypt_why(const struct encrypt *c);
/* For --explain: how the value v that the handler's visit last took
 * would be sealed, its text found as encrypt_take finds it: whole
 * (*whole = 1), or by *nspans span tokens inside the string (0: it
 * would stay as it is).  Seals nothing; needs no key. */
int encrypt_plan(struct encrypt *c, const struct ndjson_value *v, int *whole,
    size_t *nspans, struct phi_err *e);

#endif
