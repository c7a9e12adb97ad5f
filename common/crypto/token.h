/*
 * token.h - encrypted values ("tokens") as phi-tools(7) "TOKENS" fixes them:
 *
 *	"phi:1:" + base64url_nopad(kid || enc || seq || ct)
 *
 * kid (8 bytes) is the recipient's key id, enc (32) the HPKE
 * encapsulated key of the sender's context, seq (8, big-endian) the
 * sequence number of this seal, ct the AES-256-GCM ciphertext and tag.
 * The AAD is the 48 header bytes kid || enc || seq and the HPKE info is
 * "phi-tools/1" (suite 0x0020 / 0x0001 / 0x0002, base mode).
 *
 * A sealer is one HPKE sender context (one X25519 per stream) that seals
 * values with seq 0, 1, 2, ...; an opener finds the private key by kid
 * in a keyring and caches receiver contexts by (kid, enc), so a stream of
 * tokens from one sender costs one X25519.  Neither allocates per value
 * once its scratch buffer has grown to the largest value.
 *
 * Suite 2 (phi-tools(7) "Suite 2: authenticated and bound tokens"):
 *
 *	"phi:2:" + base64url_nopad(flags || kid || [skid] || enc || seq || ct)
 *
 * info "phi-tools/2"; flags AUTH (HPKE mode_auth with the sender's
 * static key, whose key id skid follows kid), PATH (the value's
 * canonical path is bound), RECORD (a record field's path and value
 * bytes are bound).  AAD = the header bytes, then with PATH a 2-byte
 * big-endian length and the path, then with RECORD a 2-byte length and
 * record path || 0x00 || value bytes.
 */
#ifndef PHI_TOKEN_H
#define PHI_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "key.h"
#include "phierr.h"

#define TOKEN_PREFIX "phi:1:"
#define TOKEN_PREFIX_LEN 6
#define TOKEN_INFO "phi-tools/1"
#define TOKEN_HEADER_LEN 48                 /* kid || enc || seq: the AAD */
#define TOKEN_PLAIN_LIMIT ((size_t)1 << 30) /* largest value sealed */

#define TOKEN2_PREFIX "phi:2:"
#define TOKEN2_INFO "phi-tools/2"
#define TOKEN_AUTH 0x01   /* suite 2: sender authenticated (mode_auth) */
#define TOKEN_PATH 0x02   /* suite 2: the value's path is bound */
#define TOKEN_RECORD 0x04 /* suite 2: a record field is bound */
#define TOKEN2_HEADER_MIN (1 + 8 + 32 + 8)        /* flags kid enc seq */
#define TOKEN2_HEADER_MAX (TOKEN2_HEADER_MIN + 8) /* and skid */

/* What a suite-2 token is bound to: its value's canonical path (PATH),
 * and the record field's canonical path and the exact bytes of its
 * value (RECORD).  NULL path or rpath: not known (a token bound to it
 * then fails with PHI_EDATA saying what is missing). */
struct token_bind {
	const char *path;
	size_t pathlen;
	const char *rpath;
	size_t rpathlen;
	const char *rval;
	size_t rvallen;
};

/* Length of the token text (no JSON quotes) for ptlen plaintext bytes
 * (ptlen <= TOKEN_PLAIN_LIMIT), padding included. */
size_t token_text_len(size_t ptlen);

/* The padded length P(len) of a plaintext of len bytes (phi-tools(7)
 * "Padding"): the next multiple of 16 up to 256 bytes, the PADME length
 * beyond (at most about 12% more), so that values of near lengths ("true"
 * and "false", "male" and "female") give tokens of one length.  The pad
 * is ASCII spaces after the value: no JSON value and no span ends in a
 * space, so the opener strips them exactly (token_unpad).  len itself
 * past TOKEN_PLAIN_LIMIT. */
size_t token_pad_len(size_t len);

/* The length of the plaintext p[0..n) without its padding. */
size_t token_unpad(const uint8_t *p, size_t n);

/* An upper bound of the plaintext length of a token text of textlen
 * characters: the room token_open() needs. */
size_t token_plain_max(size_t textlen);

/* Span tokens inside text (phi-tools(7) "Spans inside free text"):
 * "[" token "]" inside a JSON string. */
#define TOKEN_SPAN_OPEN "[phi:"
#define TOKEN_SPAN_OPEN_LEN 5

/* The first "[phi:" in s[0..n), or NULL. */
const char *token_span_find(const char *s, size_t n);

/* s[0..n) starts with "[phi:": the length of the token text after the
 * "[" when a "]" follows it (the text being of the characters a token
 * holds: letters, digits, '-', '_', ':'), else 0. */
size_t token_span_len(const char *s, size_t n);

/* Non-zero when s[0..n) starts with "phi:" digits ":" (a token of any
 * version): a value that is already protected. */
int token_is(const char *s, size_t n);

/* Is s[0..n) a well-formed phi:1 token: the prefix, then canonical
 * base64url of at least kid, enc, seq and a tag?  What phi-encrypt leaves
 * as already protected (anything less is encrypted, so that a look-alike
 * such as "phi:1:123-45-6789" is never left in clear). */
int token_is_sealed(const char *s, size_t n);

/* The kid of a version-1 or version-2 token text; 0, or PHI_EDATA when
 * s does not start like one. */
int token_kid(const char *s, size_t n, uint8_t kid[KEY_ID_LEN]);

/* The flags of a version-2 token text and its skid (zeros without
 * AUTH); PHI_EDATA when s does not start like one (or has unknown
 * flags). */
int token_flags(
    const char *s, size_t n, unsigned *flags, uint8_t skid[KEY_ID_LEN]);

struct token_sealer;

/* One HPKE sender context to pub (an X25519 public key), seq from 0. */
int token_sealer_new(
    struct token_sealer **out, EVP_PKEY *pub, struct phi_err *e);

/* Seals pt followed by padded - ptlen spaces (padded >= ptlen: ptlen
 * for no padding, token_pad_len(ptlen) for the default) with the next
 * seq; writes exactly token_text_len(padded) characters to out (no
 * NUL). */
int token_seal(struct token_sealer *s, const uint8_t *pt, size_t ptlen,
    size_t padded, char *out, struct phi_err *e);

/* A sealer of suite 2 with flags (TOKEN_*; AUTH exactly when sender,
 * an X25519 private key, is given); flags 0 and no sender: suite 1. */
int token_sealer_new2(struct token_sealer **out, EVP_PKEY *pub,
    EVP_PKEY *sender, unsigned flags, struct phi_err *e);

/* The length of this sealer's token text for ptlen (padded) bytes. */
size_t token_sealer_text_len(const struct token_sealer *s, size_t ptlen);

/* token_seal() with what the token is bound to (b may be NULL when the
 * sealer binds nothing; PHI_EDATA when it binds what b lacks, or a path
 * or record part over 65535 bytes).  Writes token_sealer_text_len(s,
 * padded) characters. */
int token_seal_bound(struct token_sealer *s, const uint8_t *pt, size_t ptlen,
    size_t padded, const struct token_bind *b, char *out, struct phi_err *e);

void token_sealer_kid(const struct token_sealer *s, uint8_t kid[KEY_ID_LEN]);

/* Number of values sealed so far (the next seq). */
uint64_t token_sealer_count(const struct token_sealer *s);

void token_sealer_free(struct token_sealer *s);

struct token_opener;

/* kr must outlive the opener. */
int token_opener_new(
    struct token_opener **out, const struct keyring *kr, struct phi_err *e);

/*
 * Opens the token text s[0..n) into pt (token_plain_max(n) bytes of
 * room), its length into *ptlen.  PHI_EDATA: not a well-formed token, an
 * unsupported version, an invalid enc, or authentication failed (the
 * message says which, never the token text).  PHI_EKEY only when the
 * keyring holds no private key for the token's key id (the message
 * names the id), so a caller can leave such tokens alone.
 */
int token_open(struct token_opener *o, const char *s, size_t n, uint8_t *pt,
    size_t *ptlen, struct phi_err *e);

/* token_open() of either suite with what a suite-2 token may be bound
 * to (b NULL: nothing known).  A suite-2 AUTH token needs its sender's
 * public key among the accepted senders (token_opener_senders): PHI_EKEY
 * naming the sender key id otherwise (token_opener_no_key() is then 0).
 * Authentication fails (PHI_EDATA) for a token altered, moved to another
 * field or record than b says, or sealed by another sender. */
int token_open_bound(struct token_opener *o, const char *s, size_t n,
    const struct token_bind *b, uint8_t *pt, size_t *ptlen, struct phi_err *e);

/* The public keys of the accepted senders (must outlive the opener;
 * NULL: none). */
void token_opener_senders(
    struct token_opener *o, const struct keyring *senders);

/* The flags of the last token opened (0: suite 1), its skid in skid. */
unsigned token_opener_last(
    const struct token_opener *o, uint8_t skid[KEY_ID_LEN]);

/* Was the last PHI_EKEY for want of a private key (1), or for a sender
 * not accepted (0)? */
int token_opener_no_key(const struct token_opener *o);

/* Receiver contexts set up so far (X25519 operations): for tests and
 * statistics. */
uint64_t token_opener_setups(const struct token_opener *o);

void token_opener_free(struct token_opener *o);

#endif
