/*
 * test_names.c - the name dictionaries (names.h): loading and its
 * errors, names_value with and without key context (CJK, titles, the
 * common-word trade-off, product and page names), names_text spans, and
 * the classifier's use of them (value=name under a neutral key and in a
 * message).  Runs from the top of the tree (share/names).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "names.h"
#include "randtext.h"
#include "scratch.h"
#include "tap.h"

static const char *const lists[][2] = {
    {"first", "share/names/us-ssa-first.names"},
    {"first", "share/names/faker-first.names"},
    {"last", "share/names/us-census-last.names"},
    {"last", "share/names/faker-last.names"},
    {"last", "share/names/cjk-last.names"},
    {"common", "share/names/common.names"}};

static struct names *
load(void)
{
	struct names *d = NULL;
	struct phi_err e = {0, ""};
	size_t i;
	int rc = names_new(&d, &e);

	for (i = 0; rc == PHI_OK && i < sizeof(lists) / sizeof(lists[0]); i++)
		rc = names_load_file(d,
		    (enum names_list)names_list_parse(lists[i][0]), lists[i][1],
		    &e);
	ok(rc == PHI_OK && names_count(d) > 30000, "dictionaries load: %s",
	    rc ? e.msg : "");
	return d;
}

#define NV(d, s, ctx) names_value(d, s, strlen(s), ctx)

/* Handles built from names (issue 18: usernames under neutral keys). */
static void
test_handles(const struct names *d)
{
	static const char *const yes[] = {"Jody4", "Reid.Zemlak97",
	    "mabel_cummings78", "tatyana.bins-frami", "jammie51", NULL};
	static const char *const no[] = {"analytics.js", "usr_74787743",
	    "Windows10", "index.html", "4.9.21", "Jody12345", "Jody_", "a.b1",
	    "sku_Jody", "LI75", "DO22", NULL};
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		ok(NV(d, yes[i], 0), "a handle of names: %s", yes[i]);
	for (i = 0; no[i] != NULL; i++)
		ok(!NV(d, no[i], 0), "no handle of names: %s", no[i]);
}

static void
test_values(const struct names *d)
{
	static const char *const yes[] = {"John Smith", "Maria Garcia",
	    "Will Smith", "Dr. Smith", "Smith, John", "Hans Müller",
	    "Mary J. Blige", "张伟", "王秀英", "佐藤太郎", "佐藤 太郎",
	    "Nicole", NULL};
	static const char *const no[] = {"Home", "Checkout Page",
	    "Monopoly 3rd Edition", "Order Completed", "Will Baker", "May",
	    "Rose", "Grace", "Signed Up", "Product Viewed", "NASA JPL",
	    "john smith", "Uno", "苹果手机", "电话", "Paris", "Summer Sale",
	    "The New Thing", NULL};
	size_t i;

	for (i = 0; yes[i] != NULL; i++)
		ok(NV(d, yes[i], 0), "a name under a neutral key: %s", yes[i]);
	for (i = 0; no[i] != NULL; i++)
		ok(!NV(d, no[i], 0), "no name under a neutral key: %s", no[i]);
	ok(NV(d, "Smith", 1), "with context: a known surname alone");
	ok(NV(d, "john smith", 1), "with context: known names in lower case");
	ok(NV(d, "Xavier Qzxwv", 1), "with context: capitalised words");
	ok(NV(d, "Kowalczyk", 0), "without context: a surname alone is one");
	ok(!NV(d, "Small", 0) && !NV(d, "High", 0) && !NV(d, "Games", 0),
	    "without context: common words that are surnames are not");
	test_handles(d);
	ok(!NV(d, "Home", 1), "with context: Home is a common word");
	ok(!NV(d, "Rose", 1), "with context: Rose alone is a common word");
	ok(!NV(d, "Checkout Page", 1), "with context: a page name is not");
	ok(names_lookup(d, "JOHN", 4) & NAMES_F_FIRST, "case folded: JOHN");
	ok(names_lookup(d, "MÜLLER", 7) & NAMES_F_LAST, "case folded: MÜLLER");
}

struct spans {
	char got[256];
	const char *s;
};

static int
span_cb(void *arg, size_t off, size_t len)
{
	struct spans *sp = arg;
	size_t n = strlen(sp->got);

	snprintf(sp->got + n, sizeof(sp->got) - n, "%s[%.*s]", n ? " " : "",
	    (int)len, sp->s + off);
	return 0;
}

static void
text_is(const struct names *d, const char *s, const char *want)
{
	const struct textmap unmapped = {.mapped = 0};
	struct spans sp = {.got = "", .s = s}, all = sp;

	names_text(d, s, strlen(s), NULL, span_cb, &sp);
	names_text(d, s, strlen(s), &unmapped, span_cb, &all);
	ok(strcmp(sp.got, want) == 0 && strcmp(all.got, want) == 0,
	    "text \"%s\": \"%s\" (got \"%s\", every word read \"%s\")", s, want,
	    sp.got, all.got);
}

/* A text of up to 30 words drawn by *x from names, titles, handles,
 * the words that announce names or name fields, fillers, words that
 * begin with a digit (which names.c steps over too) and prose with the
 * punctuation that the map (textmap.h) looks at. */
static size_t
random_text(uint64_t *x, char *out, size_t cap)
{
	static const char *const words[] = {"the", "call", "me", "is", "to",
	    "my", "name", "name:", "surname", "first", "last", "username",
	    "login", "handle", "handle:", "dear", "hello,", "regards,",
	    "signed", "patient", "Dr.", "Mr", "Frau", "Maria", "Garcia",
	    "maria", "garcia", "toney", "Batz", "Will", "May", "Smith", "Baker",
	    "Peter", "Milton", "Teagan59", "jackie77", "mabel_cummings78",
	    "Reid.Zemlak97", "analytics.js", "e.g.", "don't", "it's", "a.b",
	    "(see)", "x,", "ok.", "end!", "Hahn-Ferry", "SURNAME", "Vorname",
	    "auf", "-", "=", "achternaam", "voornaam", "apellido", "Zo\xc3\xa9",
	    "caf\xc3\xa9", "I", "A.", "J.", "nom:", "name.is", "ted_", "x'y",
	    "5", "12.", "555-0134", "5pm.", "1st", "42:", "9Jane", "3rd,",
	    "(455)", "7_ted"};
	static const char *const seps[] = {" ", " ", " ", "  ", "\t", "\n",
	    ", ", ". ", " (", ") ", ": ", "! "};
	return randtext_join(x, out, cap, words,
	    sizeof(words) / sizeof(words[0]), seps,
	    sizeof(seps) / sizeof(seps[0]), 30, 1);
}

/* The words that the map steps over change nothing: names_text with
 * the map and reading every word agree on random texts. */
static void
test_text_map(const struct names *d)
{
	const struct textmap unmapped = {.mapped = 0};
	char text[512];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t i, n, bad = 0, found = 0;

	for (i = 0; i < 20000; i++) {
		struct spans a = {.got = "", .s = text}, b = a;
		n = random_text(&x, text, sizeof(text));
		names_text(d, text, n, NULL, span_cb, &a);
		found += names_text(d, text, n, &unmapped, span_cb, &b);
		if (strcmp(a.got, b.got) != 0 && bad++ == 0)
			fprintf(stderr, "# text: %s\n# map: %s\n# all: %s\n",
			    text, a.got, b.got);
	}
	ok(bad == 0 && found > 10000,
	    "the map's steps and reading every word agree on 20000 texts (%zu differ, %zu names)",
	    bad, found);
}

static void
test_text(const struct names *d)
{
	text_is(d, "I met Maria Garcia today.", "[Maria Garcia]");
	/* the words of a run after the first: an opener before a capital,
	 * a lower-case word or a number ends it */
	text_is(d, "I met Maria (Garcia) today.", "[Maria (Garcia]");
	text_is(d, "I met Maria garcia today.", "[Maria]");
	text_is(d, "I met Maria 5 today.", "[Maria]");
	text_is(
	    d, "Hello, my name is Xavi Qzxwv and I need help", "[Xavi Qzxwv]");
	text_is(d, "Please call Dr. Okonkwo tomorrow", "[Okonkwo]");
	text_is(d, "je m'appelle Zoé Durand", "[Zoé Durand]");
	/* context words in capitals, folded: the last byte of È too */
	text_is(d, "il mio NOME È Xavi Qzxwv", "[Xavi Qzxwv]");
	text_is(d, "NOMBRE: Xavi Qzxwv", "[Xavi Qzxwv]");
	text_is(d, "ich HEISSE Xavi Qzxwv", "[Xavi Qzxwv]");
	text_is(d, "Termin mit Frau Schulze", "[Schulze]");
	text_is(d, "Thanks for the help. Regards, Peter", "[Peter]");
	text_is(d, "Will you call me back? May is fine", "");
	text_is(d, "Will Smith called", "[Will Smith]");
	text_is(d, "Will Baker called", "");
	text_is(d, "Signed Up", "");
	text_is(d, "Red Hello World Ad", "");
	text_is(d, "Yeah, uh huh, okay, Milton", "[Milton]");
	text_is(d, "Milton was here", "");
	text_is(d, "Customer called, SURNAME Hahn-Ferry, wants a callback",
	    "[Hahn-Ferry]");
	text_is(d, "please update the surname to Batz asap", "[Batz]");
	text_is(d, "First name: toney", "[toney]");
	text_is(d, "Username - Teagan59 (confirmed)", "[Teagan59]");
	text_is(d, "Bitte Vorname auf Johannes ändern", "[Johannes]");
	text_is(d, "Robbie57 was mentioned again", "[Robbie57]");
	text_is(d, "the surname is unknown", "");
	text_is(d, "see analytics.js and Windows10", "");
	text_is(d, "Visit our Home Page for the Summer Sale", "");
	text_is(d, "患者王伟的电话是13800138000", "[王伟的]");
	text_is(d, "田中さんに電話してください", "[田中]");
	text_is(d, "氏名：佐藤太郎", "[佐藤太郎]");
	text_is(d, "今日は良い天気です", "");
}

/* A text ending in a lone 0xc3 (the first byte of Latin-1's capitals):
 * is_cap once read the byte after it.  The copy is exact, so that ASan
 * (make check-asan) sees a read past its end. */
static void
test_text_end(const struct names *d)
{
	static const char t[] = "call Dr. Mack \xc3";
	size_t n = sizeof(t) - 1;
	char *p = malloc(n);
	struct spans sp = {.got = ""};

	if (p == NULL)
		return;
	memcpy(p, t, n);
	sp.s = p;
	names_text(d, p, n, NULL, span_cb, &sp);
	ok(strcmp(sp.got, "[Mack]") == 0,
	    "a text ending in a lone 0xc3: [Mack] (got \"%s\")", sp.got);
	free(p);
	ok(names_value(d, "\xc3", 1, 0) == 0, "the value 0xc3 alone: no name");
}

static void
test_load_errors(void)
{
	struct names *d = NULL;
	struct phi_err e = {0, ""};
	FILE *f;
	int rc;

	if (scratch_make("test_names") != 0 ||
	    (f = fopen(scratch_path("bad.names"), "w")) == NULL) {
		ok(0, "scratch file");
		return;
	}
	fputs("# a list\nAnna\nJean Paul\n", f);
	fclose(f);
	names_new(&d, &e);
	rc = names_load_file(d, NAMES_FIRST, scratch_path("bad.names"), &e);
	ok(rc == PHI_EUSAGE && strstr(e.msg, "bad.names:3: not a name") &&
	        strstr(e.msg, "Jean") == NULL,
	    "a bad line: file and line, not the value: %s", e.msg);
	rc = names_load_file(d, NAMES_FIRST, scratch_path("none.names"), &e);
	ok(rc == PHI_ENOINPUT && strstr(e.msg, "none.names"),
	    "a missing file: %s", e.msg);
	names_free(d);
	scratch_remove();
}

static const char *
cls(const struct classifier *c, const char *k, const char *v)
{
	struct class_result r;

	classify_leaf(c, k, strlen(k), NDJSON_STRING, v, strlen(v), &r);
	return class_colour_name(r.colour);
}

static void
test_classifier(void)
{
	struct classifier *c = NULL;
	struct phi_err e = {0, ""};
	const char *bad[] = {"/nonexistent-rules"};
	int rc;

	setenv("PHI_DATADIR", "share", 1);
	rc = classify_load(&c, NULL, 0, &e);
	ok(rc == PHI_OK, "default rules and dictionaries: %s", rc ? e.msg : "");
	if (c != NULL) {
		ok(strcmp(cls(c, "value", "John Smith"), "yellow") == 0,
		    "value=John Smith is yellow");
		ok(strcmp(cls(c, "value", "Checkout Page"), "green") == 0,
		    "value=Checkout Page is green");
		ok(strcmp(cls(c, "message", "Please call Maria Garcia"),
		       "yellow") == 0,
		    "a name in a message is yellow");
		ok(strcmp(cls(c, "comment", "Great product, would buy"),
		       "green") == 0,
		    "a message without a name is green");
		classify_free(c);
	}
	rc = classify_load(&c, bad, 1, &e);
	ok(rc == PHI_ENOINPUT && c == NULL, "missing rules: %s", e.msg);
	unsetenv("PHI_DATADIR");
}

int
main(void)
{
	struct names *d = load();

	test_values(d);
	test_text(d);
	test_text_end(d);
	test_text_map(d);
	names_free(d);
	test_load_errors();
	test_classifier();
	return tap_done();
}
