/*
 * classify-eval - measures the classifier (for tests/classify.bats).
 *
 *   classify-eval labelled [-v] [-m MIN] FILE
 *	lines {"key": K, "value": V, "expect": "red|yellow|green"}: prints
 *	precision and recall per colour, fails when one is under MIN
 *	(default 0.95); -v lists the misses (line, key, expected, got).
 *   classify-eval presidio [-v] FILE
 *	lines {"entity_type": T, "value": V}: for the types of the table
 *	below, is the value caught under its natural key name (the rule
 *	fired), is it recognised by the value check there, and is it
 *	caught under the neutral key "value"?  Fails under the minimums.
 *   classify-eval one KEY VALUE
 *	prints "colour matcher..." for one string value.
 *
 * Rules come from the default file (PHI_DATADIR) and any -r FILE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yajl_tree.h>

#include "classify.h"

struct ptype {
	const char *type, *key, *rule;
	enum vkind kind;
	double min_natural, min_neutral;
};

static const struct ptype ptypes[] = {
    {"CREDIT_CARD", "credit_card_number", "creditcard", VK_CARD, 0.98, 0.9},
    {"EMAIL_ADDRESS", "email", "email", VK_EMAIL, 0.98, 0.9},
    {"US_SSN", "ssn", "ssn", VK_SSN, 0.98, 0.9},
    {"IP_ADDRESS", "ip_address", "ip", VK_IP, 0.98, 0.9},
    {"IBAN_CODE", "iban", "bankaccount", VK_IBAN, 0.98, 0.9},
    {"PHONE_NUMBER", "phone_number", "phone", VK_PHONE, 0.98, 0.6},
    /* not measured against a minimum, shown for information */
    {"PERSON", "full_name", "name", VK_NAME, 0, 0},
    {"STREET_ADDRESS", "street_address", "address", VK_STREET, 0, 0},
    {"ZIP_CODE", "zip", "zipcode", VK_ZIP, 0, 0},
    {"DATE_TIME", "date", "date", VK_DATE, 0, 0},
};
#define NPTYPES (sizeof(ptypes) / sizeof(ptypes[0]))

static int verbose;
static const char *rule_files[16];
static size_t nrule_files;

static enum ndjson_type
leaf_type(yajl_val v)
{
	if (YAJL_IS_STRING(v))
		return NDJSON_STRING;
	if (YAJL_IS_NUMBER(v))
		return NDJSON_NUMBER;
	if (YAJL_IS_TRUE(v))
		return NDJSON_TRUE;
	if (YAJL_IS_FALSE(v))
		return NDJSON_FALSE;
	return NDJSON_NULL;
}

static const char *
leaf_text(yajl_val v)
{
	if (YAJL_IS_STRING(v))
		return v->u.string;
	if (YAJL_IS_NUMBER(v))
		return v->u.number.r;
	return YAJL_IS_TRUE(v) ? "true" : YAJL_IS_FALSE(v) ? "false" : "null";
}

static const char *
str_of(yajl_val v)
{
	const char *s = YAJL_IS_STRING(v) ? v->u.string : NULL;

	return s != NULL ? s : "";
}

static yajl_val
field(yajl_val obj, const char *name)
{
	const char *path[] = {name, NULL};

	return yajl_tree_get(obj, path, yajl_t_any);
}

static int
rule_index(const struct classifier *c, const char *name)
{
	size_t i;

	for (i = 0; i < classifier_rule_count(c); i++)
		if (strcmp(classifier_rule_name(c, i), name) == 0)
			return (int)i;
	return -1;
}

static void
print_matchers(const struct classifier *c, const struct class_result *r)
{
	size_t i;

	for (i = 0; i < classifier_rule_count(c); i++)
		if (class_result_has(r, i))
			printf(" %s", classifier_rule_name(c, i));
}

/* Calls fn for each line of path parsed as a JSON object. */
static int
each_line(const char *path, void *ctx,
    int (*fn)(void *ctx, yajl_val v, unsigned line))
{
	FILE *f = fopen(path, "r");
	char *line = NULL, err[128];
	size_t cap = 0;
	unsigned n = 0;
	yajl_val v;
	int rc = 0;

	if (f == NULL) {
		perror(path);
		return 2;
	}
	while (rc == 0 && getline(&line, &cap, f) > 0) {
		n++;
		if ((v = yajl_tree_parse(line, err, sizeof(err))) == NULL ||
		    !YAJL_IS_OBJECT(v)) {
			fprintf(stderr, "%s:%u: not a JSON object\n", path, n);
			rc = 2;
		} else
			rc = fn(ctx, v, n);
		yajl_tree_free(v);
	}
	free(line);
	fclose(f);
	return rc;
}

struct labelled {
	struct classifier *c;
	unsigned long conf[3][3]; /* [expected][got] */
};

static int
labelled_line(void *ctx, yajl_val v, unsigned line)
{
	struct labelled *l = ctx;
	yajl_val k = field(v, "key"), val = field(v, "value");
	yajl_val ex = field(v, "expect");
	enum class_colour want;
	struct class_result r;
	const char *t;

	if (!YAJL_IS_STRING(k) || val == NULL || !YAJL_IS_STRING(ex) ||
	    class_colour_parse(str_of(ex), &want) != 0) {
		fprintf(stderr, "line %u: needs key, value, expect\n", line);
		return 2;
	}
	t = leaf_text(val);
	classify_leaf(l->c, str_of(k), strlen(str_of(k)), leaf_type(val), t,
	    strlen(t), &r);
	l->conf[want][r.colour]++;
	if (verbose && r.colour != want) {
		printf("# miss line %u key %s: expected %s, got %s", line,
		    str_of(k), class_colour_name(want),
		    class_colour_name(r.colour));
		print_matchers(l->c, &r);
		printf("\n");
	}
	return 0;
}

static int
labelled_report(const struct labelled *l, double min)
{
	unsigned long tp, pred, act, total = 0, right = 0;
	int c, i, bad = 0;
	double p, r;

	for (c = 0; c < 3; c++) {
		tp = l->conf[c][c];
		for (pred = act = 0, i = 0; i < 3; i++)
			pred += l->conf[i][c], act += l->conf[c][i];
		p = pred ? (double)tp / (double)pred : 1.0;
		r = act ? (double)tp / (double)act : 1.0;
		printf("%-6s precision %.3f (%lu/%lu) recall %.3f (%lu/%lu)\n",
		    class_colour_name((enum class_colour)c), p, tp, pred, r, tp,
		    act);
		if (p < min || r < min || act == 0)
			bad = 1;
		total += act, right += tp;
	}
	printf("all    accuracy %.3f (%lu/%lu)\n",
	    total ? (double)right / (double)total : 0.0, right, total);
	return bad;
}

struct presidio {
	struct classifier *c;
	unsigned long n[NPTYPES], natural[NPTYPES], valuectx[NPTYPES];
	unsigned long neutral[NPTYPES];
};

static int
presidio_line(void *ctx, yajl_val v, unsigned line)
{
	struct presidio *p = ctx;
	yajl_val t = field(v, "entity_type"), val = field(v, "value");
	struct class_result r;
	const char *s;
	size_t i, n;
	int idx;

	if (!YAJL_IS_STRING(t) || !YAJL_IS_STRING(val))
		return fprintf(stderr, "line %u: bad\n", line), 2;
	for (i = 0; i < NPTYPES; i++)
		if (strcmp(str_of(t), ptypes[i].type) == 0)
			break;
	if (i == NPTYPES)
		return 0;
	s = str_of(val), n = strlen(s);
	if ((idx = rule_index(p->c, ptypes[i].rule)) < 0)
		return fprintf(stderr, "no rule %s\n", ptypes[i].rule), 2;
	p->n[i]++;
	classify_leaf(p->c, ptypes[i].key, strlen(ptypes[i].key), NDJSON_STRING,
	    s, n, &r);
	p->natural[i] += (unsigned long)class_result_has(&r, (size_t)idx);
	p->valuectx[i] += (unsigned long)vkind_check(
	    ptypes[i].kind, s, n, vclass_of(s, n), 0, 1);
	classify_leaf(p->c, "value", 5, NDJSON_STRING, s, n, &r);
	p->neutral[i] += (unsigned long)class_result_has(&r, (size_t)idx);
	if (verbose && !class_result_has(&r, (size_t)idx))
		printf("# neutral miss line %u %s\n", line, ptypes[i].type);
	return 0;
}

static int
presidio_report(const struct presidio *p)
{
	size_t i;
	int bad = 0;
	double nat, vc, neu;

	for (i = 0; i < NPTYPES; i++) {
		if (p->n[i] == 0)
			continue;
		nat = (double)p->natural[i] / (double)p->n[i];
		vc = (double)p->valuectx[i] / (double)p->n[i];
		neu = (double)p->neutral[i] / (double)p->n[i];
		printf("%-14s n=%-4lu natural key %-18s %.3f  value check "
		       "there %.3f  key \"value\" %.3f%s\n",
		    ptypes[i].type, p->n[i], ptypes[i].key, nat, vc, neu,
		    ptypes[i].min_natural > 0 ? "" : "  (information)");
		if (nat < ptypes[i].min_natural || neu < ptypes[i].min_neutral)
			bad = 1;
	}
	return bad;
}

static int
run_one(struct classifier *c, const char *key, const char *val)
{
	struct class_result r;

	classify_leaf(c, key, strlen(key), NDJSON_STRING, val, strlen(val), &r);
	printf("%s", class_colour_name(r.colour));
	print_matchers(c, &r);
	printf("\n");
	return 0;
}

static int
usage(void)
{
	fprintf(stderr,
	    "usage: classify-eval [-v] [-m MIN] [-r RULES]... "
	    "labelled|presidio FILE | one KEY VALUE\n");
	return 2;
}

int
main(int argc, char **argv)
{
	struct classifier *c;
	struct phi_err e = {0, ""};
	double min = 0.95;
	int ch, rc;

	while ((ch = getopt(argc, argv, "vm:r:")) != -1) {
		if (ch == 'v')
			verbose = 1;
		else if (ch == 'm')
			min = strtod(optarg, NULL);
		else if (ch == 'r' && nrule_files < 16)
			rule_files[nrule_files++] = optarg;
		else
			return usage();
	}
	argc -= optind, argv += optind;
	if (argc < 2)
		return usage();
	if (classifier_load(&c, rule_files, nrule_files, &e) != 0) {
		fprintf(stderr, "classify-eval: %s\n", e.msg);
		return 2;
	}
	if (strcmp(argv[0], "labelled") == 0) {
		struct labelled l = {c, {{0}}};
		rc = each_line(argv[1], &l, labelled_line);
		rc = rc ? rc : labelled_report(&l, min);
	} else if (strcmp(argv[0], "presidio") == 0) {
		static struct presidio p;
		p.c = c;
		rc = each_line(argv[1], &p, presidio_line);
		rc = rc ? rc : presidio_report(&p);
	} else if (strcmp(argv[0], "one") == 0 && argc == 3)
		rc = run_one(c, argv[1], argv[2]);
	else
		rc = usage();
	classifier_free(c);
	return rc;
}
