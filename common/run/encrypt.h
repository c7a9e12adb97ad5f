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
 * a given colour, plus any field paths given as well.
 */
#ifndef PHI_ENCRYPT_H
#define PHI_ENCRYPT_H

#include <openssl/evp.h>

#include "ndjson.h"
#include "path.h"
#include "rules.h"
#include "status.h"

struct classifier;
struct encrypt;

struct encrypt_opts {
	EVP_PKEY *pub;                /* recipient (X25519); NULL: a dry run
	                                 (explain.h), which seals nothing */
	const struct pathset *fields; /* -f paths; may be empty in class mode */
	const struct classifier *cls; /* class mode; NULL otherwise */
	enum class_colour min_colour; /* class mode: yellow or red */
	const struct pathset *scope;  /* class mode: where to classify */
	const uint8_t (*keep)[8];     /* --keep-kid: tokens left as they are */
	size_t nkeep;
};

int encrypt_new(
    struct encrypt **out, const struct encrypt_opts *o, struct phi_err *e);
/* The handler and the path set to give the streaming core. */
void encrypt_handler(struct encrypt *c, struct ndjson_handler *h);
const struct pathset *encrypt_select(const struct encrypt *c);
/* The recipient's key id, 16 hex digits. */
const char *encrypt_kid_hex(const struct encrypt *c);
void encrypt_free(struct encrypt *c);
/* Class mode, for --explain: the classification of the value the
 * handler's visit last took by its class, or NULL when it took it for
 * another reason (a -f path, a token not of the recipient). */
const struct class_result *encrypt_why(const struct encrypt *c);

#endif
