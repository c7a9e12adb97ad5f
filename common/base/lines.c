/* lines.c - the bounded line reader (see lines.h). */
#include <errno.h>
#include <string.h>

#include "buf.h"
#include "lines.h"

/* Reads one line into b (cleared first), without its newline and with
 * a NUL after it; *nl is 1 when it had one.  1: a line, 0: end of input, -1:
 * too long (the rest of it unread), -2: out of memory. */
static int
lines_get(FILE *f, size_t max_line, struct buf *b, int *nl)
{
	size_t room, i;
	char *p;
	int ch = 0;

	b->len = 0;
	*nl = 0;
	while (ch != EOF) {
		room = max_line - b->len < 4096 ? max_line - b->len + 1 : 4096;
		if ((p = buf_reserve(b, room)) == NULL)
			return -2;
		/* bytes go straight into the buffer: a call per byte to
		 * buf_putc cost verify a third more instructions */
		for (i = 0; i < room && (ch = getc_unlocked(f)) != EOF; i++) {
			if (ch == '\n') {
				*nl = 1;
				break;
			}
			p[i] = (char)ch;
		}
		b->len += i;
		if (b->len > max_line)
			return -1;
		if (i < room) { /* a newline or the end: room for the NUL */
			p[i] = '\0';
			return *nl || b->len > 0 ? 1 : 0;
		}
	}
	return 0;
}

int
lines_each(FILE *f, const char *name, size_t max_line, lines_fn *fn, void *ctx,
    struct phi_err *e)
{
	struct buf b = BUF_INIT;
	uint64_t lineno = 0;
	int rc = PHI_OK, got, nl;

	while (rc == PHI_OK && (got = lines_get(f, max_line, &b, &nl)) != 0) {
		lineno++;
		if (got == -1)
			rc = phi_err_set(e, PHI_EDATA,
			    "%s:%llu: line longer than %zu bytes", name,
			    (unsigned long long)lineno, max_line);
		else if (got == -2)
			rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		else
			rc = fn(ctx, b.p, b.len, nl, lineno, e);
	}
	/* a directory opens for reading and fails at the first read: an
	 * input that cannot be read (66), as ndjson.c says for its files */
	if (rc == PHI_OK && ferror(f) && errno == EISDIR)
		rc = phi_err_set(e, PHI_ENOINPUT, "%s: is a directory", name);
	else if (rc == PHI_OK && ferror(f))
		rc = phi_err_set(
		    e, PHI_EIO, "%s: read: %s", name, strerror(errno));
	buf_free(&b, 0);
	return rc;
}
