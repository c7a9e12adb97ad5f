/*
 * b64url.h - base64url without padding (RFC 4648 section 5), strict.
 *
 * The decoder accepts only the canonical spelling: the alphabet A-Z a-z
 * 0-9 - _, no padding, no whitespace, no length that is 1 mod 4, and the
 * unused low bits of the last character must be zero.  So every byte
 * string has exactly one encoding, and a changed character is a changed
 * value.  Both directions are table driven, and on x86-64 CPUs with
 * SSSE3 do 16 characters at a time (b64url_impl.h has the parts).
 */
#ifndef PHI_B64URL_H
#define PHI_B64URL_H

#include <stddef.h>
#include <stdint.h>

/* Characters that b64url_encode() writes for n bytes.  (Inline: it is
 * on the path of every value phi-encrypt looks at.) */
static inline size_t
b64url_encoded_len(size_t n)
{
	return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

/* Bytes that b64url_decode() may write for n characters (n*3/4+1). */
static inline size_t
b64url_decoded_max(size_t n)
{
	return n / 4 * 3 + 1 + (n % 4) * 3 / 4;
}

/* Writes exactly b64url_encoded_len(n) characters to out, no NUL. */
void b64url_encode(const uint8_t *in, size_t n, char *out);

/* Is in[0..n) canonical base64url (what b64url_decode accepts)? */
int b64url_valid(const char *in, size_t n);

/* Decodes n characters into out (b64url_decoded_max(n) bytes of room);
 * 0 and *outlen set, or -1 when in is not a canonical encoding. */
int b64url_decode(const char *in, size_t n, uint8_t *out, size_t *outlen);

#endif
