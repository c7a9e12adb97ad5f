/*
 * fuzz_auditverify.c - libFuzzer harness for the audit-log verifier
 * (auditverify.h), with the fixed Ed25519 test key (util.h) as the seal
 * key.
 *
 * Input: the log.  A line "#--" starts the next file of a rotated log
 * (up to four); a line "#checkpoints" starts the kept checkpoints (seal
 * lines as `phi-audit seal` prints them), which are read first.  Each
 * part is written to a file and verified.
 *
 * Checks: verification returns 0 (findings are not errors); every
 * finding has a known kind, names one of the files or none, and formats
 * to good NDJSON; no more lines are blamed than were read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auditverify.h"
#include "json.h"
#include "util.h"

#define MAXFILES 4

static const char *const kinds[] = {"torn", "malformed", "changed", "broken",
    "deleted", "inserted", "swapped", "reordered", "seal_mismatch", "bad_seal",
    "bad_signature", "unknown_key", "log_id", "truncated", "rewritten",
    "bad_checkpoint", "unsealed"};

struct parts {
	const uint8_t *p[MAXFILES + 1]; /* [MAXFILES]: the checkpoints */
	size_t n[MAXFILES + 1];
	size_t nfiles;
	char names[MAXFILES + 1][128];
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
on_finding(void *ctx, const struct audit_finding *f)
{
	const struct parts *pt = ctx;
	struct buf b = BUF_INIT;
	size_t i;
	int known = 0, named = f->file == NULL;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		known |= strcmp(f->kind, kinds[i]) == 0;
	fuzz_check(known, "unknown finding kind");
	for (i = 0; i <= MAXFILES && !named; i++)
		named = strcmp(f->file, pt->names[i]) == 0;
	fuzz_check(named, "finding names another file");
	fuzz_check(f->message != NULL && audit_finding_format(f, &b) == 0 &&
	        b.len > 1 && b.p[0] == '{' && b.p[b.len - 1] == '\n' &&
	        memchr(b.p, '\n', b.len - 1) == NULL &&
	        json_is_value(b.p, b.len - 1),
	    "finding does not format to one JSON line");
	buf_free(&b, 0);
}

/* The end of the line at data[i], past its newline. */
static size_t
line_end(const uint8_t *data, size_t size, size_t i)
{
	const uint8_t *nl = memchr(data + i, '\n', size - i);

	return nl != NULL ? (size_t)(nl - data) + 1 : size;
}

static int
line_is(const uint8_t *l, size_t n, const char *s)
{
	size_t k = strlen(s);

	return (n == k || (n == k + 1 && l[k] == '\n')) && memcmp(l, s, k) == 0;
}

static void
split(const uint8_t *data, size_t size, struct parts *pt)
{
	size_t i = 0, end, cur = 0;

	memset(pt, 0, sizeof(*pt));
	pt->nfiles = 1;
	pt->p[0] = data;
	while (i < size) {
		end = line_end(data, size, i);
		if (cur < MAXFILES &&
		    line_is(data + i, end - i, "#checkpoints"))
			cur = MAXFILES;
		else if (cur + 1 < MAXFILES &&
		    line_is(data + i, end - i, "#--"))
			cur = pt->nfiles++;
		else
			pt->n[cur] += end - i;
		if (pt->n[cur] == end - i)
			pt->p[cur] = data + i;
		i = end;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	EVP_PKEY *keys[1] = {fuzz_ed25519_pub()};
	struct audit_verify_opts o = {keys, 1, NULL, on_finding, NULL};
	const struct audit_verify_stats *st;
	struct audit_verify *v;
	struct parts pt;
	struct phi_err e;
	size_t i;

	split(data, size, &pt);
	o.ctx = &pt;
	for (i = 0; i < MAXFILES; i++)
		snprintf(pt.names[i], sizeof(pt.names[i]), "%s%zu",
		    fuzz_path("log"), i);
	snprintf(pt.names[MAXFILES], sizeof(pt.names[MAXFILES]), "%s",
	    fuzz_path("checkpoints"));
	fuzz_check(audit_verify_new(&v, &o, &e) == PHI_OK, "verify_new");
	if (pt.n[MAXFILES] > 0) {
		fuzz_write_file(
		    pt.names[MAXFILES], pt.p[MAXFILES], pt.n[MAXFILES], 0600);
		fuzz_check(audit_verify_checkpoints(
		               v, pt.names[MAXFILES], &e) == PHI_OK,
		    "checkpoints");
	}
	for (i = 0; i < pt.nfiles; i++) {
		fuzz_write_file(pt.names[i], pt.p[i], pt.n[i], 0600);
		fuzz_check(audit_verify_file(v, pt.names[i], &e) == PHI_OK,
		    "verify_file");
	}
	fuzz_check(audit_verify_finish(v, &e) == PHI_OK, "finish");
	st = audit_verify_stats(v);
	fuzz_check(st->flagged <= st->records, "more flagged than read");
	audit_verify_free(v);
	return 0;
}
