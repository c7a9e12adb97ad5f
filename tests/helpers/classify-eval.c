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
 *   classify-eval corpus [-v] FILE
 *	lines of tests/fixtures/pii-corpus.ndjson ({"locale", "kind",
 *	"setting", "label", "path", "event"}): classifies the value at path
 *	in event as phi-classify does (by its nearest object key, and worse
 *	when a container above it fires by its own key).  A positive (label
 *	red or yellow) is found when it is yellow or red; a negative (green)
 *	is a false alarm when it is not green.  Prints precision and recall
 *	per setting (and the rules that fired on its false alarms), per
 *	kind (the share of its rows flagged, per setting; a row's "scheme",
 *	when it has one, is part of its kind) and per locale; -v lists the
 *	misses.  Holds no minimum.
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
#include "path.h"

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

	for (i = 0; i < classify_rule_count(c); i++)
		if (strcmp(classify_rule_name(c, i), name) == 0)
			return (int)i;
	return -1;
}

static void
print_matchers(const struct classifier *c, const struct class_result *r)
{
	size_t i;

	for (i = 0; i < classify_rule_count(c); i++)
		if (classify_result_has(r, i))
			printf(" %s", classify_rule_name(c, i));
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
	p->natural[i] += (unsigned long)classify_result_has(&r, (size_t)idx);
	p->valuectx[i] += (unsigned long)vkind_check(
	    ptypes[i].kind, s, n, vkind_class(s, n), 0, 1);
	classify_leaf(p->c, "value", 5, NDJSON_STRING, s, n, &r);
	p->neutral[i] += (unsigned long)classify_result_has(&r, (size_t)idx);
	if (verbose && !classify_result_has(&r, (size_t)idx))
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

/* ---- corpus: the labelled multi-locale corpus of issue 18 ---- */

#define CORPUS_NAMES 64
#define CORPUS_DEPTH 16

static const char *const settings[] = {"natural", "neutral", "text"};
#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

struct tally {
	unsigned long pos, found, neg, flagged;
};

struct names {
	char *name[CORPUS_NAMES];
	enum class_colour label[CORPUS_NAMES]; /* of its first row */
	size_t n;
	struct tally t[CORPUS_NAMES][NSETTINGS];
};

struct corpus {
	struct classifier *c;
	unsigned long rows;
	struct tally set[NSETTINGS];
	unsigned long alarm[NSETTINGS][RULES_MAX]; /* rules of false alarms */
	struct names kinds, locales;
};

/* The value at want, found by walking the event. */
struct find {
	const struct classifier *c;
	const char *want;
	struct path_seg seg[CORPUS_DEPTH];
	int found;
	size_t len; /* of the value found */
	struct class_result r;
};

static int
find_here(struct find *f, size_t depth)
{
	struct buf b = BUF_INIT;
	int same;

	if (path_format(&b, f->seg, depth, 0) != 0 || buf_putc(&b, 0) != 0) {
		buf_free(&b, 0);
		return 0;
	}
	same = strcmp(b.p, f->want) == 0;
	buf_free(&b, 0);
	return same;
}

/* key: the nearest object key; above: the rules that the containers
 * above fire by their own key. */
static void
find_walk(struct find *f, yajl_val v, size_t depth, const char *key,
    const struct class_result *above)
{
	struct class_result kr, up = *above;
	size_t i, n;
	const char *t;

	if (depth >= CORPUS_DEPTH || f->found)
		return;
	if (YAJL_IS_OBJECT(v) || YAJL_IS_ARRAY(v)) {
		/* an object member that is a container fires by its key */
		if (depth > 0 && f->seg[depth - 1].key != NULL) {
			classify_key(f->c, key, strlen(key), &kr);
			classify_result_merge(&up, &kr);
		}
		n = YAJL_IS_OBJECT(v) ? v->u.object.len : v->u.array.len;
		for (i = 0; i < n; i++) {
			struct path_seg s = {NULL, 0, i};
			if (YAJL_IS_OBJECT(v))
				s.key = v->u.object.keys[i],
				s.keylen = strlen(s.key);
			f->seg[depth] = s;
			find_walk(f,
			    YAJL_IS_OBJECT(v) ? v->u.object.values[i]
			                      : v->u.array.values[i],
			    depth + 1, s.key != NULL ? s.key : key, &up);
		}
		return;
	}
	if (!find_here(f, depth))
		return;
	t = leaf_text(v);
	f->len = strlen(t);
	classify_leaf(
	    f->c, key, strlen(key), leaf_type(v), t, strlen(t), &f->r);
	classify_result_merge(&f->r, above);
	f->found = 1;
}

static size_t
names_index(struct names *ns, const char *name, enum class_colour label)
{
	size_t i;

	for (i = 0; i < ns->n; i++)
		if (strcmp(ns->name[i], name) == 0)
			return i;
	if (ns->n == CORPUS_NAMES || (ns->name[i] = strdup(name)) == NULL)
		return CORPUS_NAMES;
	ns->label[i] = label;
	return ns->n++;
}

static void
tally_add(struct tally *t, enum class_colour label, enum class_colour got)
{
	if (label == CLASS_GREEN) {
		t->neg++;
		t->flagged += got != CLASS_GREEN;
	} else {
		t->pos++;
		t->found += got != CLASS_GREEN;
	}
}

static int
corpus_setting(const char *s)
{
	size_t i;

	for (i = 0; i < NSETTINGS; i++)
		if (strcmp(s, settings[i]) == 0)
			return (int)i;
	return -1;
}

static void
count_rules(struct corpus *cp, const struct class_result *r, size_t set)
{
	size_t i;

	for (i = 0; i < classify_rule_count(cp->c) && i < RULES_MAX; i++)
		cp->alarm[set][i] += (unsigned long)classify_result_has(r, i);
}

/* A text row's span [a, b) lies inside the value (other rows have none). */
static int
span_ok(yajl_val row, const struct find *f)
{
	yajl_val sp = field(row, "span");

	if (sp == NULL)
		return 1;
	return YAJL_IS_ARRAY(sp) && sp->u.array.len == 2 &&
	    YAJL_IS_INTEGER(sp->u.array.values[0]) &&
	    YAJL_IS_INTEGER(sp->u.array.values[1]) &&
	    YAJL_GET_INTEGER(sp->u.array.values[0]) >= 0 &&
	    YAJL_GET_INTEGER(sp->u.array.values[0]) <
	    YAJL_GET_INTEGER(sp->u.array.values[1]) &&
	    (size_t)YAJL_GET_INTEGER(sp->u.array.values[1]) <= f->len;
}

/* The kind, with its scheme when it has one (national_id.nhs). */
static const char *
kind_name(yajl_val row, char *out, size_t n)
{
	const char *scheme = str_of(field(row, "scheme"));

	snprintf(out, n, "%s%s%s", str_of(field(row, "kind")),
	    *scheme != '\0' ? "." : "", scheme);
	return out;
}

static int
corpus_line(void *ctx, yajl_val v, unsigned line)
{
	struct corpus *cp = ctx;
	struct find f = {.c = cp->c, .want = str_of(field(v, "path"))};
	enum class_colour label;
	struct class_result none;
	char kind[64];
	int set = corpus_setting(str_of(field(v, "setting")));
	size_t k, l;

	if (set < 0 || class_colour_parse(str_of(field(v, "label")), &label) ||
	    !YAJL_IS_OBJECT(field(v, "event")))
		return fprintf(stderr,
		           "line %u: needs setting, label, "
		           "path, event\n",
		           line),
		       2;
	classify_result_clear(&none);
	find_walk(&f, field(v, "event"), 0, "", &none);
	k = names_index(&cp->kinds, kind_name(v, kind, sizeof(kind)), label);
	l = names_index(&cp->locales, str_of(field(v, "locale")), label);
	if (!f.found || !span_ok(v, &f) || k == CORPUS_NAMES ||
	    l == CORPUS_NAMES)
		return fprintf(stderr,
		           "line %u: no value at its path, a span "
		           "outside it, or too many kinds or "
		           "locales\n",
		           line),
		       2;
	cp->rows++;
	tally_add(&cp->set[set], label, f.r.colour);
	tally_add(&cp->kinds.t[k][set], label, f.r.colour);
	tally_add(&cp->locales.t[l][set], label, f.r.colour);
	if (label == CLASS_GREEN && f.r.colour != CLASS_GREEN)
		count_rules(cp, &f.r, (size_t)set);
	if (verbose && (label == CLASS_GREEN) != (f.r.colour == CLASS_GREEN)) {
		printf("# miss line %u %s %s %s %s: expected %s, got %s", line,
		    str_of(field(v, "locale")), kind, settings[set], f.want,
		    class_colour_name(label), class_colour_name(f.r.colour));
		print_matchers(cp->c, &f.r);
		printf("\n");
	}
	return 0;
}

static double
ratio(unsigned long a, unsigned long b)
{
	return b ? (double)a / (double)b : 1.0;
}

/* "P/R" of a tally: precision of what was flagged, recall of positives */
static void
print_pr(const struct tally *t)
{
	printf(" %.3f/%.3f", ratio(t->found, t->found + t->flagged),
	    ratio(t->found, t->pos));
}

/* The rules that fired on the false alarms, per setting. */
static void
print_alarms(const struct corpus *cp)
{
	size_t i, s;
	int any;

	printf("false alarms by rule\n");
	for (s = 0; s < NSETTINGS; s++) {
		printf("%-8s", settings[s]);
		any = 0;
		for (i = 0; i < classify_rule_count(cp->c) && i < RULES_MAX;
		     i++)
			if (cp->alarm[s][i] > 0)
				any = printf(" %s %lu",
				    classify_rule_name(cp->c, i),
				    cp->alarm[s][i]);
		printf("%s\n", any ? "" : " none");
	}
}

static void
corpus_report(const struct corpus *cp)
{
	size_t i, s;
	const struct tally *t;

	printf("corpus: %lu rows, %zu kinds, %zu locales\n", cp->rows,
	    cp->kinds.n, cp->locales.n);
	printf("setting  precision/recall  (found/positives, false "
	       "alarms/negatives)\n");
	for (s = 0; s < NSETTINGS; s++) {
		t = &cp->set[s];
		printf("%-8s", settings[s]);
		print_pr(t);
		printf("  (%lu/%lu, %lu/%lu)\n", t->found, t->pos, t->flagged,
		    t->neg);
	}
	print_alarms(cp);
	printf("kind (label): share flagged, natural neutral text\n");
	for (i = 0; i < cp->kinds.n; i++) {
		printf("%-26s %-6s", cp->kinds.name[i],
		    class_colour_name(cp->kinds.label[i]));
		for (s = 0; s < NSETTINGS; s++) {
			t = &cp->kinds.t[i][s];
			if (t->pos + t->neg == 0)
				printf("     -");
			else
				printf(" %.3f",
				    ratio(t->found + t->flagged,
				        t->pos + t->neg));
		}
		printf("\n");
	}
	printf("locale: precision/recall, natural neutral text\n");
	for (i = 0; i < cp->locales.n; i++) {
		printf("%-6s", cp->locales.name[i]);
		for (s = 0; s < NSETTINGS; s++)
			print_pr(&cp->locales.t[i][s]);
		printf("\n");
	}
}

static void
corpus_free(struct corpus *cp)
{
	size_t i;

	for (i = 0; i < cp->kinds.n; i++)
		free(cp->kinds.name[i]);
	for (i = 0; i < cp->locales.n; i++)
		free(cp->locales.name[i]);
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
	    "labelled|presidio|corpus FILE | one KEY VALUE\n");
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
	if (classify_load(&c, rule_files, nrule_files, &e) != 0) {
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
	} else if (strcmp(argv[0], "corpus") == 0) {
		static struct corpus cp;
		cp.c = c;
		rc = each_line(argv[1], &cp, corpus_line);
		if (rc == 0)
			corpus_report(&cp);
		corpus_free(&cp);
	} else if (strcmp(argv[0], "one") == 0 && argc == 3)
		rc = run_one(c, argv[1], argv[2]);
	else
		rc = usage();
	classify_free(c);
	return rc;
}
