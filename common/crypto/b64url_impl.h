/*
 * b64url_impl.h - the implementations behind b64url.h one by one, for
 * the tests and the fuzzer, which compare them.  Programs use b64url.h:
 * b64url_encode() and b64url_decode() pick the fastest one this CPU runs.
 *
 * Each function here has the contract of its b64url.h namesake.  The
 * SSSE3 code is a fast path that must equal the scalar code (the slow
 * path) byte for byte, verdicts included; tests/unit/test_b64url.c
 * compares both with a bit-by-bit reference and each other, and
 * tests/fuzz/fuzz_b64url.c keeps doing so.  On
 * x86-64 (gcc or clang) there are SSSE3 versions, which may be called
 * only when b64url_cpu_ssse3() says the CPU has SSSE3.
 */
#ifndef PHI_B64URL_IMPL_H
#define PHI_B64URL_IMPL_H

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__) && defined(__GNUC__)
#define B64URL_X86 1
#else
#define B64URL_X86 0
#endif

void b64url_encode_scalar(const uint8_t *in, size_t n, char *out);
int b64url_decode_scalar(
    const char *in, size_t n, uint8_t *out, size_t *outlen);

#if B64URL_X86
/* 1 when this CPU has SSSE3 (pshufb), else 0. */
int b64url_cpu_ssse3(void);
void b64url_encode_ssse3(const uint8_t *in, size_t n, char *out);
int b64url_decode_ssse3(const char *in, size_t n, uint8_t *out, size_t *outlen);
#endif

#endif
