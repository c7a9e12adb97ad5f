/*
 * test_audit.c - the audit log's record: canonical form and hash, line
 * parse, timestamps, pseudonyms (RFC 4231 HMAC vector), the key file,
 * and the chain through audit_log and audit_verify.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "audithook.h"
#include "auditkey.h"
#include "auditlog.h"
#include "auditrec.h"
#include "audittime.h"
#include "auditverify.h"
#include "tap.h"

#define ZEROS "0000000000000000000000000000000000000000000000000000000000000000"

static void
sha256_hex(const char *s, size_t n, char out[65])
{
	unsigned char md[32];
	int i;

	EVP_Digest(s, n, md, NULL, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", md[i]);
}

static void
test_canonical(void)
{
	struct audit_rec r = {7, "2026-01-31T07:30:00.500Z", "ws", "ann",
	    "PHI Viewed", NULL, "{ \"b\" : 1 , \"a\":[1, 2.50, \"x\\/y\"]}",
	    ZEROS};
	const char *body =
	    "{\"seq\":7,\"timestamp\":\"2026-01-31T07:30:00.500Z"
	    "\",\"workspace_id\":\"ws\",\"actor_user_id\":\"ann\","
	    "\"event_type\":\"PHI Viewed\",\"end_user_id\":null,"
	    "\"details\":{\"b\":1,\"a\":[1,2.50,\"x/y\"]},\"prev\":\"" ZEROS
	    "\"}";
	char hash[65], want[65], line[1024];
	struct buf b = BUF_INIT;
	struct phi_err e;

	ok(audit_rec_format(&r, &b, hash, &e) == PHI_OK, "format a record");
	sha256_hex(body, strlen(body), want);
	ok(strcmp(hash, want) == 0, "hash = SHA-256 of the canonical body");
	snprintf(line, sizeof(line), "%.*s,\"hash\":\"%s\"}\n",
	    (int)strlen(body) - 1, body, want);
	ok(b.len == strlen(line) && memcmp(b.p, line, b.len) == 0,
	    "line = body with the hash member last, and a newline");
	buf_free(&b, 0);
	r.actor = "bad\xff";
	ok(audit_rec_format(&r, &b, hash, &e) == PHI_EDATA,
	    "a string that is not UTF-8 is refused");
	r.actor = "ann";
	r.details = "[1]";
	ok(audit_rec_format(&r, &b, hash, &e) == PHI_EDATA,
	    "details that are not an object are refused");
	buf_free(&b, 0);
}

static enum audit_line_status
parse_status(const char *s, size_t n)
{
	struct audit_line l;
	struct phi_err e;
	enum audit_line_status st;

	if (audit_rec_line_parse(s, n, &l, &e) != PHI_OK)
		return (enum audit_line_status) - 1;
	st = l.status;
	audit_rec_line_free(&l);
	return st;
}

static void
test_parse(void)
{
	struct audit_rec r = {3, "2026-01-31T07:30:00.500Z", "ws", "ann\n\"q\"",
	    "E", ZEROS, "{\"n\":1}", ZEROS};
	struct buf b = BUF_INIT;
	struct audit_line l;
	struct phi_err e;
	char hash[65], spaced[1024], *p;
	size_t n;

	audit_rec_format(&r, &b, hash, &e);
	n = b.len - 1;
	ok(audit_rec_line_parse(b.p, n, &l, &e) == PHI_OK &&
	        l.status == AUDIT_LINE_OK && l.seq == 3 &&
	        strcmp(l.actor, "ann\n\"q\"") == 0 &&
	        strcmp(l.end_user, ZEROS) == 0 && strcmp(l.hash, hash) == 0,
	    "a formatted line parses back, hash and fields");
	audit_rec_line_free(&l);
	p = strstr(b.p, "\"E\"");
	p[1] = 'F';
	ok(parse_status(b.p, n) == AUDIT_LINE_CHANGED,
	    "one changed byte: CHANGED");
	p[1] = 'E';
	p = strstr(b.p, "\"n\":1");
	snprintf(spaced, sizeof(spaced), "%.*s \"n\": 1%s", (int)(p - b.p), b.p,
	    p + 5);
	ok(parse_status(spaced, strlen(spaced) - 1) == AUDIT_LINE_CHANGED,
	    "spacing that is not canonical: CHANGED");
	ok(parse_status(b.p, n) == AUDIT_LINE_OK, "restored: OK again");
	ok(parse_status(b.p, n / 2) == AUDIT_LINE_TORN, "cut in half: TORN");
	ok(parse_status("{\"seq\":1}", 9) == AUDIT_LINE_MALFORMED,
	    "missing members: MALFORMED");
	ok(parse_status("hello", 5) == AUDIT_LINE_MALFORMED,
	    "not JSON: MALFORMED");
	ok(parse_status("", 0) == AUDIT_LINE_MALFORMED, "empty: MALFORMED");
	buf_free(&b, 0);
}

static void
test_time(void)
{
	char out[AUDIT_TIME_LEN + 1];
	int64_t ms;
	time_t t;
	struct tm tm;
	int i, bad = 0;

	ok(audit_time_normalize("2026-01-31T09:30:00.5+02:00", out) == 0 &&
	        strcmp(out, "2026-01-31T07:30:00.500Z") == 0,
	    "offset and fraction normalised to UTC milliseconds");
	ok(audit_time_parse("1970-01-01T00:00:00Z", &ms) == 0 && ms == 0,
	    "the epoch");
	ok(audit_time_parse("2024-02-29T12:00:00z", &ms) == 0,
	    "a leap day, lower-case z");
	ok(audit_time_parse("2026-02-29T12:00:00Z", &ms) != 0,
	    "no 29 February in 2026");
	ok(audit_time_parse("2026-01-31 09:30:00Z", &ms) != 0 &&
	        audit_time_parse("2026-01-31T09:30:00", &ms) != 0 &&
	        audit_time_parse("2026-01-31T24:00:00Z", &ms) != 0 &&
	        audit_time_parse("2026-01-31T09:30:00.Z", &ms) != 0,
	    "no zone, bad hour, empty fraction, space: refused");
	srand(42);
	for (i = 0; i < 10000; i++) {
		t = (time_t)(rand() % 2000000000) * (i % 2 ? 2 : 1);
		gmtime_r(&t, &tm);
		strftime(out, sizeof(out), "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (audit_time_parse(out, &ms) != 0 || ms != (int64_t)t * 1000)
			bad++;
	}
	ok(bad == 0, "10000 times agree with gmtime (%d differ)", bad);
}

static void
test_pseudonym(void)
{
	/* RFC 4231 test case 6: a 131-byte key of 0xaa. */
	const char *data = "Test Using Larger Than Block-Size Key - Hash Key "
	                   "First";
	struct audit_key k, k2;
	char out[65], out2[65];
	struct phi_err e;

	memset(k.k, 0xaa, 131);
	k.len = 131;
	ok(audit_key_pseudonym(&k, data, strlen(data), out, &e) == PHI_OK &&
	        strcmp(out,
	            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546"
	            "040f0ee37f54") == 0,
	    "pseudonym = HMAC-SHA256 (RFC 4231 case 6)");
	k2 = k;
	k2.k[0] ^= 1;
	audit_key_pseudonym(&k2, data, strlen(data), out2, &e);
	ok(strcmp(out, out2) != 0, "another key, another pseudonym");
	audit_key_wipe(&k2);
	ok(k2.len == 0 && k2.k[0] == 0, "wiped");
}

static void
test_keyfile(const char *dir)
{
	struct audit_key a, b;
	char log[512], key[520];
	struct phi_err e;
	struct stat st;

	snprintf(log, sizeof(log), "%s/k.log", dir);
	snprintf(key, sizeof(key), "%s.key", log);
	ok(audit_key_load(&a, NULL, log, &e) == PHI_OK && a.len == 32,
	    "LOG.key made on first use");
	ok(stat(key, &st) == 0 && (st.st_mode & 0777) == 0600 &&
	        st.st_size == 32,
	    "0600, 32 bytes");
	ok(audit_key_load(&b, NULL, log, &e) == PHI_OK && b.len == 32 &&
	        memcmp(a.k, b.k, 32) == 0,
	    "loaded again: the same key");
	chmod(key, 0640);
	ok(audit_key_load(&b, NULL, log, &e) == PHI_EKEY,
	    "group-readable: refused");
	audit_key_wipe(&a);
	audit_key_wipe(&b);
}

static int nfindings;
static char kinds[256];

static void
on_finding(void *ctx, const struct audit_finding *f)
{
	(void)ctx;
	nfindings++;
	strncat(kinds, f->kind, sizeof(kinds) - strlen(kinds) - 2);
	strcat(kinds, " ");
}

static int
verify_path(const char *path)
{
	struct audit_verify_opts o = {.finding = on_finding};
	struct audit_verify *v;
	struct phi_err e;

	nfindings = 0;
	kinds[0] = '\0';
	if (audit_verify_new(&v, &o, &e) != PHI_OK)
		return -1;
	audit_verify_file(v, path, &e);
	audit_verify_finish(v, &e);
	audit_verify_free(v);
	return nfindings;
}

static void
test_chain(const char *dir)
{
	struct audit_entry en = {.actor = "ann",
	    .event_type = "PHI Viewed",
	    .end_user = "patient-1",
	    .details = "{\"rows\":3}"};
	struct audit_log *l;
	struct phi_err e;
	char path[512], text[8192], *p;
	size_t n;
	FILE *f;
	int i, rc = PHI_OK;

	snprintf(path, sizeof(path), "%s/c.log", dir);
	ok(audit_log_open(&l, path, NULL, &e) == PHI_OK, "open a new log");
	for (i = 0; i < 5 && rc == PHI_OK; i++)
		rc = audit_log_append(l, &en, &e);
	ok(rc == PHI_OK, "append 5 records");
	en.event_type = "Audit Log Sealed";
	ok(audit_log_append(l, &en, &e) == PHI_EDATA,
	    "reserved event type refused");
	audit_log_close(l);
	ok(verify_path(path) == 0, "the chain verifies (%s)", kinds);
	f = fopen(path, "r+");
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	p = strstr(strstr(text, "\"rows\":3") + 1, "\"rows\":3");
	fseek(f, (long)(p - text) + 7, SEEK_SET);
	fputc('4', f); /* the third record says 4 rows */
	fclose(f);
	ok(verify_path(path) == 1 && strcmp(kinds, "changed ") == 0,
	    "one byte changed: one finding (%s)", kinds);
}

static void
test_hook(const char *dir)
{
	char path[512], line[4096];
	struct phi_err e = {0};
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/h.log", dir);
	unsetenv("PHI_AUDIT_LOG");
	ok(audit_hook(NULL, "PHI Encrypted", NULL, "{}", &e) == PHI_OK &&
	        access(path, F_OK) != 0,
	    "no log named: nothing done");
	setenv("PHI_AUDIT_LOG", path, 1);
	setenv("PHI_AUDIT_WORKSPACE", "ws-9", 1);
	ok(audit_hook(NULL, "PHI Decrypted", "u-1", "{\"values\":3}", &e) ==
	        PHI_OK,
	    "PHI_AUDIT_LOG: a record is appended");
	f = fopen(path, "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL)
		n++;
	ok(n == 2 && strstr(line, "\"workspace_id\":\"ws-9\"") != NULL &&
	        strstr(line, "\"event_type\":\"PHI Decrypted\"") != NULL &&
	        strstr(line, "u-1") == NULL && strstr(line, "{\"values\":3}"),
	    "workspace from the environment, user pseudonymised, details kept");
	if (f != NULL)
		fclose(f);
	ok(audit_hook(dir, "PHI Decrypted", NULL, NULL, &e) == PHI_EIO &&
	        strncmp(e.msg, "audit log: ", 11) == 0,
	    "a log that cannot be written: PHI_EIO (%s)", e.msg);
	ok(audit_hook(path, "PHI Decrypted", NULL, "[]", &e) == PHI_EIO,
	    "bad details: PHI_EIO, nothing written unaudited");
	unsetenv("PHI_AUDIT_LOG");
	unsetenv("PHI_AUDIT_WORKSPACE");
}

int
main(void)
{
	char dir[] = "/tmp/test_audit.XXXXXX";
	char cmd[64];

	if (mkdtemp(dir) == NULL)
		return 1;
	test_canonical();
	test_parse();
	test_time();
	test_pseudonym();
	test_keyfile(dir);
	test_chain(dir);
	test_hook(dir);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		ok(0, "clean up");
	return tap_done();
}
