/*
 * test_fuzzfound.c - regression tests for what the fuzz harnesses
 * (tests/fuzz) found, one group per bug, so that each stays fixed.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ndjson.h"
#include "tap.h"

static char tmpdir[] = "/tmp/test_fuzzfound.XXXXXX";

static enum ndjson_action
keep(void *ctx, const struct ndjson_value *v)
{
	(void)ctx;
	(void)v;
	return NDJSON_KEEP;
}

/* Runs in[0..n) through a core that keeps everything; the output goes
 * to out (up to outcap - 1 bytes, NUL-terminated). */
static int
run(const char *in, size_t n, char *out, size_t outcap, struct phi_err *e)
{
	struct ndjson_opts o = {.out_fd = -1};
	struct ndjson_handler h = {.visit = keep};
	char ip[64], op[64];
	struct ndjson *nj;
	int ifd, ofd, rc;
	ssize_t r;

	snprintf(ip, sizeof(ip), "%s/in", tmpdir);
	snprintf(op, sizeof(op), "%s/out", tmpdir);
	ifd = open(ip, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ofd = open(op, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (ifd < 0 || ofd < 0 || write(ifd, in, n) != (ssize_t)n ||
	    lseek(ifd, 0, SEEK_SET) != 0)
		abort();
	o.out_fd = ofd;
	if (ndjson_new(&nj, &o, &h, e) != PHI_OK)
		abort();
	rc = ndjson_run_fd(nj, ifd, "in", e);
	if (rc == PHI_OK)
		rc = ndjson_flush(nj, e);
	ndjson_free(nj);
	r = pread(ofd, out, outcap - 1, 0);
	out[r > 0 ? r : 0] = '\0';
	close(ifd);
	close(ofd);
	return rc;
}

/* A last line without newline: a string begun after the object was left
 * open in yajl's lexer (the ' ' fed at the end went into it), so
 * `{"c":2}"text` passed as a good event, text and all (found by
 * fuzz_ndjson). */
static void
test_trailing_string(void)
{
	static const char *const bad[] = {"{\"c\":2}\"st",
	    "{\"c\":2} \"ssn 123-45-6789", "{\"c\":2}\"st\\", "{}\"",
	    "{\"a\":1}\n{\"c\":2}\"st"};
	static const char *const good[] = {
	    "{\"c\":2}", "{\"c\":2} ", "{\"c\":\"st\"}", "{\"c\":2}\r"};
	struct phi_err e;
	char out[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ok(run(bad[i], strlen(bad[i]), out, sizeof(out), &e) ==
		            PHI_EDATA &&
		        strstr(out, "st") == NULL && strstr(out, "ssn") == NULL,
		    "trailing open string at the end is bad (%zu)", i);
		ok(strstr(e.msg, "ssn") == NULL, "message without the text");
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(run(good[i], strlen(good[i]), out, sizeof(out), &e) ==
		            PHI_OK &&
		        strcmp(out, good[i]) == 0,
		    "last line without newline still good (%zu)", i);
	ok(run("{\"a\":\"x", 7, out, sizeof(out), &e) == PHI_EDATA &&
	        strstr(e.msg, "ends inside a JSON value") != NULL,
	    "a cut last line still says so");
}

int
main(void)
{
	char cmd[64];

	if (mkdtemp(tmpdir) == NULL)
		return 1;
	test_trailing_string();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
