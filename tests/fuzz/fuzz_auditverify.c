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
 *
 * And the records' parser (yajlmem.h) on each of the first lines: it
 * builds the tree yajl_tree_parse builds (lines without '/', which
 * yajl_tree takes as comments, or NUL); parsed again with a memory cap
 * drawn from the line, it is out of memory or gives the same tree, and
 * the release leaves nothing (LeakSanitizer).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl_tree.h>

#include "auditverify.h"
#include "json.h"
#include "util.h"
#include "yajlmem.h"

#define MAXFILES 4
#define TREE_LINES 8

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
	fuzz_check(f->message != NULL && audit_verify_finding_format(f, &b) == 0 &&
	        b.len > 1 && b.p[0] == '{' && b.p[b.len - 1] == '\n' &&
	        memchr(b.p, '\n', b.len - 1) == NULL &&
	        json_is_value(b.p, b.len - 1),
	    "finding does not format to one JSON line");
	buf_free(&b, 0);
}

static int
same_tree(yajl_val a, yajl_val b)
{
	size_t i, n;

	if (a == NULL || b == NULL || a->type != b->type)
		return 0;
	if (YAJL_IS_STRING(a))
		return strcmp(a->u.string, b->u.string) == 0;
	if (YAJL_IS_NUMBER(a))
		return strcmp(a->u.number.r, b->u.number.r) == 0 &&
		    a->u.number.flags == b->u.number.flags &&
		    (!YAJL_IS_INTEGER(a) || a->u.number.i == b->u.number.i);
	if (YAJL_IS_ARRAY(a)) {
		n = a->u.array.len;
		for (i = 0; n == b->u.array.len && i < n; i++)
			if (!same_tree(
			        a->u.array.values[i], b->u.array.values[i]))
				return 0;
		return n == b->u.array.len;
	}
	if (!YAJL_IS_OBJECT(a))
		return 1;
	n = a->u.object.len;
	for (i = 0; n == b->u.object.len && i < n; i++)
		if (strcmp(a->u.object.keys[i], b->u.object.keys[i]) != 0 ||
		    !same_tree(a->u.object.values[i], b->u.object.values[i]))
			return 0;
	return n == b->u.object.len;
}

/* One line: yajlmem's tree, yajl_tree's, and a capped parse. */
static void
check_tree(const char *line, size_t n)
{
	struct yajlmem m, c;
	yajl_val v, w, t;
	char *z;
	int rc, rc2;

	if (memchr(line, '/', n) != NULL || memchr(line, '\0', n) != NULL ||
	    (z = strndup(line, n)) == NULL)
		return;
	yajlmem_init(&m);
	yajlmem_init(&c);
	c.max_bytes = 1 + (n > 0 ? (unsigned char)line[n / 2] : 0) * 23u;
	rc = yajlmem_tree_parse(&m, line, n, &v);
	t = yajl_tree_parse(z, NULL, 0);
	fuzz_check(rc != YAJLMEM_OOM, "tree: out of memory without a cap");
	fuzz_check((rc == YAJLMEM_TREE_OK) == (t != NULL),
	    "tree: yajl_tree_parse decides otherwise");
	fuzz_check(t == NULL || same_tree(v, t), "tree: not yajl_tree's");
	rc2 = yajlmem_tree_parse(&c, line, n, &w);
	fuzz_check(rc2 == YAJLMEM_OOM ? w == NULL && c.bytes <= c.max_bytes
	                              : rc2 == rc,
	    "tree: a cap changes the result");
	fuzz_check(rc2 != YAJLMEM_TREE_OK || same_tree(v, w),
	    "tree: a cap changes the tree");
	yajl_tree_free(t);
	yajlmem_release(&m);
	yajlmem_release(&c);
	fuzz_check(m.live == NULL && c.live == NULL && c.bytes == 0,
	    "tree: blocks left after the release");
	free(z);
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
	struct audit_verify_opts o = {
	    .keys = keys, .nkeys = 1, .finding = on_finding};
	const struct audit_verify_stats *st;
	struct audit_verify *v;
	struct parts pt;
	struct phi_err e;
	size_t i, n, end;

	for (i = 0, n = 0; i < size && n < TREE_LINES; i = end, n++) {
		end = line_end(data, size, i);
		check_tree(
		    (const char *)data + i, end - i - (data[end - 1] == '\n'));
	}
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
