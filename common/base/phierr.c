/* phierr.c - error reports (see phierr.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "phierr.h"

void
phi_err_vset(struct phi_err *e, int code, const char *fmt, va_list ap)
{
	if (e == NULL)
		return;
	e->code = code;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
}

int
phi_err_prefix(struct phi_err *e, const char *fmt, ...)
{
	char old[sizeof(e->msg)];
	size_t n;
	va_list ap;

	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	n = strlen(e->msg);
	if (n + 2 < sizeof(e->msg)) {
		memcpy(e->msg + n, ": ", 2);
		n += 2;
		memcpy(e->msg + n, old, sizeof(e->msg) - n - 1);
		e->msg[sizeof(e->msg) - 1] = '\0';
	}
	return e->code;
}
