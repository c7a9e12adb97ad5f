/*
 * decrypt.h - what phi-decrypt does to a stream, as an ndjson handler:
 * every token (within the selected fields, or anywhere) is opened with
 * the private key its key id names and replaced by the original JSON
 * value, byte for byte.  A token that fails authentication, or whose
 * plaintext is not what phi-encrypt could have taken from one line
 * (exactly one JSON value, strict UTF-8, no control byte but tab: anyone
 * with the public key can make a token), makes the line bad (PHI_EDATA,
 * naming the path); a token of a key not in the keyring is
 * PHI_EKEY naming the key id, or is left as it is with skip_unknown.
 *
 * Span tokens ("[phi:1:...]" inside a string, phi-encrypt --in-text)
 * are opened where they stand; the rest of the string is copied byte
 * for byte.  A span plaintext, its padding stripped, must be valid
 * string content (json_content_valid), else PHI_EDATA.  "[phi:" then
 * "phi:" digits ":" that no "]" closes is PHI_EDATA too; "[phi:" then
 * anything else is text.
 */
#ifndef PHI_DECRYPT_H
#define PHI_DECRYPT_H

#include <stdint.h>

#include "buf.h"
#include "key.h"
#include "ndjson.h"
#include "pathset.h"
#include "phierr.h"

struct decrypt;

struct decrypt_opts {
	const struct keyring *kr;
	const struct pathset *fields; /* NULL or empty: every field */
	int skip_unknown;             /* leave tokens of unknown keys */
	/* Suite 2 (phi-tools(7) "Suite 2").  senders: the public keys of
	 * the accepted senders (--sender; NULL: none): an AUTH token of
	 * another sender is PHI_EKEY naming its sender kid, never skipped.
	 * require_sender: a token without AUTH (suite 1 included) is
	 * PHI_EDATA.  bind_record: the record field of RECORD tokens
	 * (--bind-record; one concrete path), found in the token's line.
	 * For decrypt_token() alone (--token): the path (--path), the
	 * record field's path (bind_record_expr) and value (--record-value)
	 * a bound token is opened with, as given (NULL: not given). */
	const struct keyring *senders;
	int require_sender;
	const struct pathset *bind_record;
	const char *bind_record_expr;
	const char *token_path;
	const char *record_value;
};

int decrypt_new(
    struct decrypt **out, const struct decrypt_opts *o, struct phi_err *e);
void decrypt_handler(struct decrypt *d, struct ndjson_handler *h);
const struct pathset *decrypt_select(const struct decrypt *d);
/* Opens one token (its text, with or without JSON quotes) and appends
 * the original JSON value to out; a span token ("[phi:1:...]") appends
 * the string content it held (escapes as written). */
int decrypt_token(struct decrypt *d, const char *s, size_t n, struct buf *out,
    struct phi_err *e);
/* Tokens left closed (skip_unknown), and the key ids used, as a JSON
 * array text of hex strings (for audit records); senders: the sender key
 * ids of the AUTH tokens opened instead. */
uint64_t decrypt_skipped(const struct decrypt *d);
int decrypt_kids_json(const struct decrypt *d, int senders, struct buf *out);
void decrypt_free(struct decrypt *d);

#endif
