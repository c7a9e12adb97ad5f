/*
 * test_valid_id.c - the validators of national and context-named
 * identifiers (valid_id.c) and the written forms of issue 18: each
 * kind with valid examples from its issuer's documentation, the same
 * with one digit changed or a bad check, the forms that need context,
 * and IP, SSN, IBAN, MAC and barcode forms.
 */
#include <stdio.h>
#include <string.h>

#include "classify.h"
#include "tap.h"
#include "valid.h"

struct vcase {
	const char *kind;
	const char *s;
	int ctx;
	int want;
};

static const struct vcase cases[] = {
    /* UK NHS number: mod 11; spaced 3-3-4 alone, bare with context */
    {"nhs", "943 476 5919", 0, 1},
    {"nhs", "401 023 2137", 0, 1},
    {"nhs", "9434765919", 1, 1},
    {"nhs", "9434765919", 0, 0},
    {"nhs", "943-476-5919", 0, 0},
    {"nhs", "943-476-5919", 1, 1},
    {"nhs", "943 476 5918", 0, 0},
    {"nhs", "943 476 5929", 1, 0},
    {"nhs", "943 4765 919", 1, 0},
    /* UK National Insurance number: prefix rules, suffix A-D */
    {"nino", "AB123456C", 0, 1},
    {"nino", "AB 12 34 56 C", 0, 1},
    {"nino", "AB123456", 0, 0},
    {"nino", "AB123456", 1, 1},
    {"nino", "GB123456A", 0, 0},
    {"nino", "DA123456A", 0, 0},
    {"nino", "AO123456A", 0, 0},
    {"nino", "AB123456E", 0, 0},
    {"nino", "AB12345C", 1, 0},
    /* Canadian SIN: Luhn; 3-3-3 alone, bare with context */
    {"sin", "130 692 544", 0, 1},
    {"sin", "130-692-544", 0, 1},
    {"sin", "130692544", 0, 0},
    {"sin", "130692544", 1, 1},
    {"sin", "130 692 545", 0, 0},
    {"sin", "046 454 286", 0, 0}, /* 0: not assigned (sample number) */
    {"sin", "130 692-544", 0, 0},
    /* Aadhaar: Verhoeff, not starting 0 or 1; 4-4-4 alone */
    {"aadhaar", "2341 2341 2346", 0, 1},
    {"aadhaar", "234123412346", 1, 1},
    {"aadhaar", "234123412346", 0, 0},
    {"aadhaar", "2341 2341 2347", 0, 0},
    {"aadhaar", "2341 2341 2364", 0, 0}, /* transposition */
    {"aadhaar", "1341 2341 2346", 1, 0},
    /* Spanish DNI and NIE: letter = number mod 23 */
    {"dni", "12345678Z", 0, 1},
    {"dni", "12345678-Z", 0, 1},
    {"dni", "X1234567L", 0, 1},
    {"dni", "12345678A", 0, 0},
    {"dni", "12345679Z", 0, 0},
    {"dni", "W1234567L", 0, 0},
    /* Italian codice fiscale: check character */
    {"codfisc", "RSSMRA85T10A562S", 0, 1},
    {"codfisc", "RSSMRA85T10A562T", 0, 0},
    {"codfisc", "RSSMRA86T10A562S", 0, 0},
    {"codfisc", "RSSMRA85Z10A562S", 0, 0},
    /* German Steuer-IdNr: digit rule, MOD 11,10 */
    {"steuerid", "86095742719", 0, 1},
    {"steuerid", "86 095 742 719", 0, 1},
    {"steuerid", "86095742718", 0, 0},
    {"steuerid", "06095742719", 0, 0},
    {"steuerid", "12345678903", 1, 0}, /* no digit repeated */
    /* Swedish personnummer: date, Luhn */
    {"pnr", "811218-9876", 0, 1},
    {"pnr", "19811218-9876", 0, 1},
    {"pnr", "198112189876", 0, 1},
    {"pnr", "8112189876", 0, 0},
    {"pnr", "8112189876", 1, 1},
    {"pnr", "811218-9877", 0, 0},
    {"pnr", "811318-9876", 0, 0},
    /* Polish PESEL: weights, date; context only */
    {"pesel", "44051401359", 1, 1},
    {"pesel", "44051401359", 0, 0},
    {"pesel", "44051401358", 1, 0},
    {"pesel", "44151401359", 1, 0},
    /* Australian TFN: weights mod 11; spaced 3-3-3 alone */
    {"tfn", "123 456 782", 0, 1},
    {"tfn", "123456782", 1, 1},
    {"tfn", "123456782", 0, 0},
    {"tfn", "123 456 783", 0, 0},
    /* Australian Medicare: weights, check ninth digit; 4-5-1 alone */
    {"aumedicare", "2123 45670 1", 0, 1},
    {"aumedicare", "2123456701", 1, 1},
    {"aumedicare", "2123456701", 0, 0},
    {"aumedicare", "2123 45680 1", 0, 0},
    {"aumedicare", "7123 45670 1", 0, 0},
    /* French NIR: key 97 */
    {"nir", "255081416802538", 0, 1},
    {"nir", "2 55 08 14 168 025 38", 0, 1},
    {"nir", "1 84 12 76 451 089 46", 0, 1},
    {"nir", "255081416802539", 0, 0},
    {"nir", "555081416802538", 0, 0},
    /* Dutch BSN: 11-proef; dotted 4-2-3 alone, bare with context */
    {"bsn", "1112.22.333", 0, 1},
    {"bsn", "111222333", 1, 1},
    {"bsn", "111222333", 0, 0},
    {"bsn", "111222334", 1, 0},
    /* Brazilian CPF: two mod 11 checks */
    {"cpf", "111.444.777-35", 0, 1},
    {"cpf", "11144477735", 1, 1},
    {"cpf", "11144477735", 0, 0},
    {"cpf", "111.444.777-36", 0, 0},
    {"cpf", "111.111.111-11", 0, 0},
    /* Chinese resident identity number: date, MOD 11-2 */
    {"cnid", "11010519491231002X", 0, 1},
    {"cnid", "11010519491231002Y", 0, 0},
    {"cnid", "110105194912310021", 0, 0},
    {"cnid", "11010519491331002X", 0, 0},
    /* Finnish HETU: date, century sign, mod 31 */
    {"hetu", "131052-308T", 0, 1},
    {"hetu", "131052-308U", 0, 0},
    {"hetu", "131052Q308T", 0, 0},
    /* Singapore NRIC/FIN */
    {"nric", "S1234567D", 0, 1},
    {"nric", "S1234567E", 0, 0},
    {"nric", "X1234567D", 0, 0},
    /* Korean RRN: date, check digit */
    {"rrn", "850101-1234566", 0, 1},
    {"rrn", "8501011234566", 1, 1},
    {"rrn", "8501011234566", 0, 0},
    {"rrn", "850101-1234567", 0, 0},
    {"rrn", "851301-1234566", 0, 0},
    /* US ITIN: 9XX, group ranges */
    {"itin", "912-70-1234", 0, 1},
    {"itin", "912 94 1234", 0, 1},
    {"itin", "912701234", 1, 1},
    {"itin", "912701234", 0, 0},
    {"itin", "912-93-1234", 0, 0},
    {"itin", "812-70-1234", 0, 0},
    /* Japanese My Number: check digit; 4-4-4 alone */
    {"mynumber", "1234 5678 9018", 0, 1},
    {"mynumber", "123456789018", 1, 1},
    {"mynumber", "123456789018", 0, 0},
    {"mynumber", "1234 5678 9017", 0, 0},
    {"mynumber", "9876 5432 1018", 0, 1},
    /* NINO spacing: between pairs only */
    {"nino", "AB 123456 C", 0, 1},
    {"nino", "AB  123456 C", 0, 0},
    {"nino", "A B123456C", 0, 0},
    {"nino", "AB123456 ", 1, 0},
    /* record, member, policy, passport, licence numbers: context only */
    {"idnum", "MRN-004512", 1, 1},
    {"idnum", "X12345678", 1, 1},
    {"idnum", "X12345678", 0, 0},
    {"idnum", "ABC12", 1, 0},
    {"idnum", "12--3456", 1, 0},
    /* IP forms (the scanner trims brackets around words) */
    {"ip", "[2001:db8::1]:8080", 0, 1},
    {"ip", "[2001:db8::1]", 0, 1},
    {"ip", "192.168.1.0/24", 0, 1},
    {"ip", "10.0.0.1:443", 0, 1},
    {"ip", "2001:db8::/32", 0, 1},
    {"ipv4", "10.0.0.1:443", 0, 1},
    {"ipv6", "10.0.0.1:443", 0, 0},
    {"ip", "256.256.256.256", 0, 0},
    {"ip", "192.168.1", 0, 0},
    {"ip", "192.168.1.0/33", 0, 0},
    {"ip", "10.0.0.1:65536", 0, 0},
    {"ip", "10.0.0.1:", 0, 0},
    {"ip", "[2001:db8::1]:", 0, 0},
    {"ip", "[192.168.1.1]", 0, 0},
    /* SSN with spaces or dots */
    {"ssn", "123 45 6789", 0, 1},
    {"ssn", "123.45.6789", 0, 1},
    {"ssn", "123.45-6789", 0, 0},
    /* IBAN with dashes and spaces */
    {"iban", "GB82-WEST-1234-5698-7654-32", 0, 1},
    {"iban", "GB82 WEST 1234 5698 7654 32", 0, 1},
    {"iban", "GB82-WEST 1234-5698-7654-32", 0, 0},
    {"iban", "GB82--WEST-1234-5698-7654-32", 0, 0},
    {"iban", "GB83-WEST-1234-5698-7654-32", 0, 0},
    /* MAC: bare hex only with context */
    {"mac", "001A2B3C4D5E", 1, 1},
    {"mac", "001A2B3C4D5E", 0, 0},
    {"mac", "000000000000", 1, 0},
    {"mac", "001A2B3C4D5G", 1, 0},
    /* an EAN-13 that passes Luhn is a barcode, not a Visa number */
    {"card", "4046869589696", 0, 0},
    {"card", "4046 8695 8969 6", 0, 1}, /* grouped: a card */
    {"card", "4222222222222", 0, 1},
    {"card", "4111 1111 1111 1111", 0, 1},
};

/* Kinds numbered 32 and up (a 64-bit kind set) are checked by every
 * classification entry, not only the report's (classify_value_skip). */
static void
test_high_kinds(void)
{
	static const char rules[] = "rule b colour=red value=bsn\n"
	                            "rule c colour=red value=cnid\n"
	                            "rule m colour=red value=mynumber\n";
	static const char *const vals[] = {
	    "1112.22.333", "11010519491231002X", "1234 5678 9018"};
	struct phi_err e = {0, ""};
	struct ruleset *rs = ruleset_new();
	struct classifier *c = NULL;
	struct class_result r;
	size_t i;

	ok(VK_BSN >= 32 && VK_CNID >= 32 && VK_MYNUMBER >= 32,
	    "bsn, cnid, mynumber are kinds 32 and up");
	if (rs == NULL ||
	    ruleset_parse(rs, "t.rules", rules, strlen(rules), &e) != 0 ||
	    classify_new(&c, rs, &e) != 0) {
		ok(0, "rules: %s", e.msg);
		return;
	}
	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		classify_leaf(
		    c, "value", 5, NDJSON_STRING, vals[i], strlen(vals[i]), &r);
		ok(r.colour == CLASS_RED, "classify_leaf value=%s: red",
		    vals[i]);
	}
	classify_free(c);
}

/* The screen (vkind_screen) passes every value its validator accepts:
 * each valid example above, and every valid IP among random strings of
 * IP characters, in the forms valid_ip() knows (the screen asks an IP
 * for a '.' or a ':'). */
static int
screen_passes(enum vkind k, const char *s, size_t n)
{
	return (vkind_screen(VK_BIT(k), vkind_class(s, n), n, 0) & VK_BIT(k)) !=
	    0;
}

static unsigned
rnd(unsigned *r, unsigned m)
{
	*r = *r * 1103515245u + 12345u;
	return (*r >> 16) % m;
}

/* An IPv4 or IPv6 address in one of valid_ip()'s forms (with a port,
 * a prefix, brackets, "::"), a third of them with one character
 * changed to another of an IP's; its length. */
static size_t
ip_like(char *s, size_t cap, unsigned *r)
{
	static const char alpha[] = "0123456789abcdef.:/[]";
	size_t n = 0, g, groups = 2 + rnd(r, 7), gap = rnd(r, groups + 2);
	int v6 = rnd(r, 2), br = v6 && rnd(r, 4) == 0;

	if (br)
		s[n++] = '[';
	for (g = 0; g < (v6 ? groups : 4); g++)
		n += (size_t)snprintf(s + n, cap - n, v6 ? "%s%x" : "%s%u",
		    g == 0               ? ""
		        : v6 && g == gap ? "::"
		        : v6             ? ":"
		                         : ".",
		    rnd(r, v6 ? 0x10000 : 300));
	if (br)
		s[n++] = ']';
	if (rnd(r, 4) == 0)
		n += (size_t)snprintf(s + n, cap - n, "%s%u",
		    br || !v6 ? ":" : "/", rnd(r, br || !v6 ? 70000 : 130));
	if (rnd(r, 3) == 0)
		s[rnd(r, (unsigned)n)] = alpha[rnd(r, sizeof(alpha) - 1)];
	return n;
}

static void
test_screens(void)
{
	char s[64];
	size_t i, n, valid = 0, bad = 0, missed = 0;
	unsigned r = 12345;
	int k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		k = vkind_parse(cases[i].kind, strlen(cases[i].kind));
		if (k > 0 && cases[i].want &&
		    !screen_passes(
		        (enum vkind)k, cases[i].s, strlen(cases[i].s)))
			missed++;
	}
	ok(missed == 0,
	    "every valid example passes its kind's screen (%zu do not)",
	    missed);
	for (i = 0; i < 20000; i++) {
		n = ip_like(s, sizeof(s), &r);
		if (vkind_run(VK_IP, s, n, 0)) {
			valid++;
			bad += !screen_passes(VK_IP, s, n);
		}
	}
	ok(valid > 100 && bad == 0,
	    "random IP-like strings: %zu valid, %zu of them screened out",
	    valid, bad);
	ok(!screen_passes(VK_IP, "The", 3) &&
	        !screen_passes(VK_IP, "cafe", 4) &&
	        screen_passes(VK_IP, "::1", 3) &&
	        screen_passes(VK_IP, "1.2.3.4", 7),
	    "an IP screen needs a '.' or ':'");
}

int
main(void)
{
	size_t i;
	int k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct vcase *c = &cases[i];
		k = vkind_parse(c->kind, strlen(c->kind));
		ok(k > 0 &&
		        vkind_run((enum vkind)k, c->s, strlen(c->s), c->ctx) ==
		            c->want,
		    "%s %s \"%s\"%s", c->kind, c->want ? "is" : "is not", c->s,
		    c->ctx ? " (context)" : "");
	}
	ok(!vkind_strict(VK_PESEL) && !vkind_strict(VK_IDNUM) &&
	        vkind_strict(VK_NHS) && vkind_strict(VK_CNID),
	    "pesel and idnum need context; nhs and cnid do not");
	ok(VK_COUNT <= 63, "kinds fit a 64-bit set");
	test_high_kinds();
	test_screens();
	return tap_done();
}
