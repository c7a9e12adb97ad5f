/* filteraudit.c - the audit record of a filter run (see filter.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audithook.h"
#include "cli.h"
#include "filter.h"

static int
details_json(struct buf *b, const char *kids, const char *senders,
    const struct ndjson_stats *st, int status, char *const *files, int n)
{
	int i;

	/* b's errors are sticky (buf.h): checked once, at the end */
	buf_printf(b, "{\"key_ids\":%s,", kids);
	if (senders != NULL)
		buf_printf(b, "\"sender_key_ids\":%s,", senders);
	buf_printf(b,
	    "\"events\":%llu,\"values\":%llu,\"bad_lines\":%llu,\"bytes\":%llu,\"status\":%d,\"inputs\":[",
	    (unsigned long long)st->events, (unsigned long long)st->taken,
	    (unsigned long long)st->bad, (unsigned long long)st->bytes, status);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_putc(b, ',');
		buf_json_string(b, files[i], strlen(files[i]));
	}
	if (n == 0)
		buf_puts(b, "\"-\"");
	buf_puts(b, "]}");
	buf_putc(b, '\0');
	return b->err != 0 ? -1 : 0;
}

int
filter_audit(const char *log, const char *event_type, const char *kids_json,
    const char *senders_json, const struct ndjson_stats *st, int status,
    char *const *files, int nfiles, struct phi_err *e)
{
	struct phi_err tmp;
	struct buf b = BUF_INIT;
	int rc;

	if (log == NULL && getenv("PHI_AUDIT_LOG") == NULL)
		return PHI_OK;
	if (details_json(&b, kids_json, senders_json, st,
	        cli_exit_status(status), files, nfiles) != 0) {
		buf_free(&b, 0);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	rc = audit_hook(log, event_type, NULL, b.p, e != NULL ? e : &tmp);
	buf_free(&b, 0);
	if (rc != PHI_OK)
		rc = PHI_EIO;
	return rc;
}
