/*
 * fuzz_rules.c - libFuzzer harness for the rules parser of phi-classify
 * (ruleset.h) and the classifier built from the rules (classify.h).
 *
 * The input is a rules file, parsed alone and as a user file over the
 * default rules (share/rules/default.rules, read at start from the
 * working directory when it is there).  Checks: it parses or fails with
 * PHI_EUSAGE; what parses prints (--list-rules) to text that parses to
 * the same rules, and prints the same again; the compiled classifier
 * has as many rules and classifies a few keys and values without harm.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "util.h"

static struct buf defaults;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FILE *f = fopen("share/rules/default.rules", "r");
	char chunk[4096];
	size_t n;

	(void)argc;
	(void)argv;
	if (f == NULL)
		return 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fuzz_check(buf_append(&defaults, chunk, n) == 0, "buf");
	fclose(f);
	return 0;
}

/* Prints rs, parses the print, prints again: the same text. */
static void
check_print(const struct ruleset *rs)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	struct ruleset *rs2 = ruleset_new();
	struct phi_err e;

	fuzz_check(rs2 != NULL && ruleset_print(rs, &a) == 0, "print");
	fuzz_check(ruleset_parse(rs2, "printed", a.p != NULL ? a.p : "", a.len,
	               &e) == PHI_OK,
	    "printed rules do not parse");
	fuzz_check(rs2->n == rs->n && ruleset_print(rs2, &b) == 0,
	    "printed rules differ in number");
	fuzz_check(
	    a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0),
	    "printed rules print differently");
	buf_free(&a, 0);
	buf_free(&b, 0);
	ruleset_free(rs2);
}

static void
classify_some(const struct classifier *c)
{
	static const char *const kv[][2] = {{"email", "a.b@example.com"},
	    {"ssn", "123-45-6789"}, {"patientFirstName", "Ada Lovelace"},
	    {"cardNumber", "4111111111111111"}, {"userId", "u-42"},
	    {"dob", "1984-03-12"}, {"npi", "1234567893"}, {"x", "phi:1:AAAA"},
	    {"home_address2", "12 Main Street"}, {"", ""}};
	struct class_result r;
	struct class_key k;
	struct buf list = BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(kv) / sizeof(kv[0]); i++) {
		classify_leaf(c, kv[i][0], strlen(kv[i][0]), NDJSON_STRING,
		    kv[i][1], strlen(kv[i][1]), &r);
		classify_key_name(c, kv[i][0], strlen(kv[i][0]), &k);
		classify_value(c, &k, NDJSON_NUMBER, "42", 2, &r);
	}
	fuzz_check(classify_list(c, &list) == 0, "classify_list");
	buf_free(&list, 0);
}

/* Parses the input over base[0..blen) (when blen > 0). */
static void
one(const char *base, size_t blen, const uint8_t *data, size_t size)
{
	struct ruleset *rs = ruleset_new();
	struct classifier *c;
	struct phi_err e;
	size_t n;
	int rc;

	fuzz_check(rs != NULL, "ruleset_new");
	if (blen > 0)
		fuzz_check(
		    ruleset_parse(rs, "default", base, blen, &e) == PHI_OK,
		    "default rules");
	rc = ruleset_parse(rs, "fuzz", (const char *)data, size, &e);
	fuzz_check(rc == PHI_OK || rc == PHI_EUSAGE, "parse status");
	if (rc != PHI_OK) {
		ruleset_free(rs);
		return;
	}
	check_print(rs);
	/* the classifier adds the built-in token-unverified rule unless the
	 * rules already name it */
	n = rs->n +
	    (ruleset_find(rs, CLASS_TOKEN_UNVERIFIED,
	         sizeof(CLASS_TOKEN_UNVERIFIED) - 1) < 0);
	if (classify_new(&c, rs, &e) != PHI_OK)
		return;
	fuzz_check(classify_rule_count(c) == n, "rule count");
	classify_some(c);
	classify_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(NULL, 0, data, size);
	if (defaults.len > 0)
		one(defaults.p, defaults.len, data, size);
	return 0;
}
