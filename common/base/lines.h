/*
 * lines.h - reads a text stream a line at a time, each line bounded:
 * the one line reader of the files that are not event streams (audit
 * logs, name dictionaries, --fields-from lists).  Event streams have
 * the NDJSON core's own buffered reader (ndjson.h), bounded the same
 * way by --max-line.
 *
 *	rc = lines_each(f, "audit.log", max_line, fn, ctx, &e);
 *
 * fn gets each line without its newline (nl: it had one; a last line
 * without one still counts), with a NUL after its n bytes, and its
 * number from 1; a non-zero return stops the read and is returned.  A
 * line (newline excluded) longer than max_line is PHI_EDATA,
 * "NAME:N: line longer than M bytes", and a read error PHI_EIO,
 * "NAME: read: ...".  Only '\n' ends a line: the '\r' of a CRLF and
 * NUL bytes are passed on as part of it, and fn decides.  An empty
 * input has no line.  Memory: one buffer of at most max_line + 1 bytes.
 */
#ifndef PHI_LINES_H
#define PHI_LINES_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "phierr.h"

typedef int lines_fn(void *ctx, const char *line, size_t n, int nl,
    uint64_t lineno, struct phi_err *e);

int lines_each(FILE *f, const char *name, size_t max_line, lines_fn *fn,
    void *ctx, struct phi_err *e);

#endif
