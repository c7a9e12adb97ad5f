/*
 * phierr.h - exit statuses and error reports shared by the library.
 *
 * Library functions never exit and never print.  They return 0 on
 * success or one of the PHI_E* statuses (the sysexits values that main()
 * hands to exit(3)) and describe the failure in a struct phi_err.
 * Messages name files, lines, paths and key ids; never a field value
 * and never key material.
 */
#ifndef PHI_PHIERR_H
#define PHI_PHIERR_H

#include <stdarg.h>
#include <stddef.h>

enum phi_status {
	PHI_OK = 0,
	PHI_EFAIL = 1,       /* a check failed (phi-classify --fail-on) */
	PHI_EUSAGE = 64,     /* bad command line */
	PHI_EDATA = 65,      /* bad input data */
	PHI_ENOINPUT = 66,   /* cannot open an input */
	PHI_ESOFTWARE = 70,  /* internal error (out of memory, OpenSSL) */
	PHI_ECANTCREAT = 73, /* an output that must be new exists */
	PHI_EIO = 74,        /* read or write failed */
	PHI_EKEY = 77,       /* key or permission problem */
	/* stopped by SIGTERM or SIGINT at a line boundary: main exits with
	 * 128 + the signal's number (cli_exit_status) */
	PHI_ESTOP = 128,
};

struct phi_err {
	int code;
	char msg[512];
};

/* Records code and a printf-style message in e (if e is not NULL). */
void phi_err_vset(struct phi_err *e, int code, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* The same, returning code so that callers can write
 * `return phi_err_set(...)` (inline, so that static analysers see it). */
static inline int __attribute__((format(printf, 3, 4)))
phi_err_set(struct phi_err *e, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	phi_err_vset(e, code, fmt, ap);
	va_end(ap);
	return code;
}

/* Prefixes the message already in e with "prefix: ". Returns e->code. */
int phi_err_prefix(struct phi_err *e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
