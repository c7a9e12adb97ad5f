/*
 * test_textscan.c - common/classify/textscan: the spans found inside
 * free text, at exact byte offsets: identifiers written in groups, with
 * brackets and end punctuation, in CJK text without spaces, named by the
 * words before them, vetoed by words of keys that hold no identifier,
 * and nothing in text without identifiers.
 */
#include <stdint.h>
#include <string.h>

#include "randtext.h"
#include "tap.h"
#include "textscan.h"

#define ALL_PLAIN                                                              \
	(VK_BIT(VK_EMAIL) | VK_BIT(VK_PHONE) | VK_BIT(VK_SSN) |                \
	    VK_BIT(VK_CARD) | VK_BIT(VK_IBAN) | VK_BIT(VK_IPV4) |              \
	    VK_BIT(VK_IP) | VK_BIT(VK_DATE) | VK_BIT(VK_URL))

struct spans {
	char got[512];
	size_t n;
};

static int
collect(void *arg, const struct text_span *sp)
{
	struct spans *g = arg;
	size_t used = strlen(g->got);

	snprintf(g->got + used, sizeof(g->got) - used, "%s[%zu,%zu)",
	    used > 0 ? " " : "", sp->start, sp->end);
	g->n++;
	return 0;
}

/* "npi" names VK_NPI, "dob" VK_DATE, "version" and "order id" nothing
 * (VK_NONE: a key of no identifiers). */
static vkind_set
context(void *arg, const char *p, size_t n)
{
	(void)arg;
	if ((n == 3 && strncmp(p, "NPI", 3) == 0) ||
	    (n == 3 && strncmp(p, "npi", 3) == 0))
		return VK_BIT(VK_NPI);
	if (n == 3 && strncmp(p, "DOB", 3) == 0)
		return VK_BIT(VK_DATE);
	if ((n == 7 && strncmp(p, "version", 7) == 0) ||
	    (n == 8 && strncmp(p, "order id", 8) == 0))
		return VK_BIT(VK_NONE);
	return 0;
}

static void
expect(const char *text, const char *want, const char *what)
{
	struct textscan_opts o = {.want = ALL_PLAIN,
	    .can_ctx = VK_BIT(VK_NPI) | VK_BIT(VK_DATE),
	    .context = context};
	struct spans g = {.n = 0};

	textscan_run(text, strlen(text), &o, collect, &g);
	ok(strcmp(g.got, want) == 0, "%s: %s (got %s)", what, want, g.got);
}

static void
test_spans(void)
{
	expect("Card 3528 1313 2918 7462 was declined", "[5,24)",
	    "a card in four groups");
	expect("Her SSN is 123-45-6789, thanks", "[11,22)",
	    "an SSN, comma trimmed");
	expect("Reach me at (415) 555-0134 tomorrow", "[12,26)",
	    "a phone with its area code in brackets");
	expect("server (192.168.1.1) down", "[8,19)", "an IP in brackets");
	expect("IBAN GB82 WEST 1234 5698 7654 32 please", "[5,32)",
	    "an IBAN in groups");
	expect("mail a@example.com. or b@example.org", "[5,18) [23,36)",
	    "two emails, the end dot trimmed");
	expect(
	    "NPI: 1234567893 on file", "[5,15)", "an NPI after the word NPI");
	expect("NPI n° 1234567893", "[8,18)",
	    "an NPI after NPI and the filler n° (numéro)");
	expect("NPI N° 1234567893", "[8,18)", "the filler in capitals");
	expect("NPI no. 1234567893", "[8,18)", "a filler with its full stop");
	expect(
	    "my number 1234567893 on file", "", "a bare NPI without context");
	expect("DOB 19840312", "[4,12)", "a compact date after DOB");
	expect("version 5.11.149.225 released", "",
	    "a version is no IP after the word version");
	expect("no identifier here at all, none.", "", "plain text");
	expect("", "", "an empty string");
	expect("\xe7\x94\xb5\xe8\xaf\x9d 415-555-0134\xe3\x80\x82", "[7,19)",
	    "a phone in CJK text, ideographic full stop");
	expect("\xe7\x94\xb5\xe8\xaf\x9d"
	       "415-555-0134",
	    "[6,18)", "a phone right after CJK characters");
	/* a stray lead byte is one character: 0xf0 to 0xff once took the
	 * three bytes after it, a space included, into its word */
	expect("x\xff 415-555-0134 ok", "[3,15)",
	    "a stray lead byte takes no space into its word");
	expect("\xf0 415-555-0134", "[2,14)",
	    "a lead byte without its continuation bytes is one character");
	expect("born March 3, 1984 in Ohio", "[5,18)",
	    "a date that starts with a month name");
	expect("born Mar. 3rd 1984 in Ohio", "[5,18)",
	    "a date that starts with a short month name");
	expect("born 3 March 1984 in Ohio", "[5,17)",
	    "a date that starts with a number");
	expect("Please 3 March 1984", "[7,19)",
	    "a date after a word that starts none");
}

/* A street address in words, of the kinds under a key like "note". */
static void
expect_street(const char *text, const char *want, const char *what)
{
	struct textscan_opts o = {.want = ALL_PLAIN | VK_BIT(VK_STREET)};
	struct spans g = {.n = 0};

	textscan_run(text, strlen(text), &o, collect, &g);
	ok(strcmp(g.got, want) == 0, "%s: %s (got %s)", what, want, g.got);
}

static void
test_streets(void)
{
	expect_street("at 10 Downing Street, London SW1A 2AA", "[3,37)",
	    "a street address with its postcode");
	/* a last word of punctuation alone once ended a window in the
	 * space before it, and the span with it */
	expect_street("at 10 Downing Street, London SW1A 2AA !", "[3,37)",
	    "a street address, then a lone '!'");
	/* the longest window that holds a street line once took the words
	 * after the address too (valid_street_end) */
	expect_street("go to 7052 Maple Dr, Denver, CO 80202 instead. The app",
	    "[6,37)", "an address, then the end of the sentence");
	expect_street("go to 7052 Maple Dr, Denver, CO 80202 now", "[6,37)",
	    "an address, then a lower-case word");
	expect_street("go to 7052 Maple Dr! Then call", "[6,19)",
	    "an address, then '!' and a capitalised word");
	expect_street("send it to 12 Main st please", "[11,21)",
	    "an address ends in its street type in lower case");
	expect_street(
	    "SEND IT TO 12 MAIN ST", "[11,21)", "an address in capitals");
}

static int
stop_first(void *arg, const struct text_span *sp)
{
	(void)sp;
	(*(size_t *)arg)++;
	return 1;
}

static void
test_stop(void)
{
	struct textscan_opts o = {.want = ALL_PLAIN};
	const char *t = "a@example.com b@example.com c@example.com";
	size_t calls = 0, n;

	n = textscan_run(t, strlen(t), &o, stop_first, &calls);
	ok(n == 1 && calls == 1, "the scan stops when found() says so");
}

/* A text of up to 24 pieces drawn by the generator *x from words that
 * make or break identifiers (street words, house numbers, phone and
 * date parts, ids), joined by separators that each shortcut of the
 * scan must take into account (commas, brackets, line breaks, tabs,
 * vertical tabs, no-break spaces, CJK). */
static size_t
random_text(uint64_t *x, char *out, size_t cap)
{
	static const char *const words[] = {"12", "7052", "5", "12-14", "19/48",
	    "12a", "Maple", "Main", "Dr", "Dr.", "St", "St.)", "Street,", "rue",
	    "de", "la", "Paix", "Via", "Roma", "10", "Hauptstraße", "Foo",
	    "hof", "Apt.", "595", "Suite", "PO", "Box", "P.O.", "(Rue",
	    "Gracht", "Keizersgracht", "Denver,", "CO", "80202", "London",
	    "SW1A", "2AA", "(415)", "555-0134", "+1", "415", "555", "0134",
	    "12/12/1939", "7", "décembre", "1954", "December", "the", "call",
	    "me", "at", "Please", "W342716079", "078-05-1120", "4111", "1111",
	    "DE89", "3704", "0044", "0532", "0130", "00", "5丁目27番18号",
	    "建国路88号", "jane@example.com", "10.0.0.1", "\"Baker", "Street\"",
	    "Rd,", "March", "3,", "1984", "Mar.", "3rd", "of", "May", "GB82",
	    "WEST", "1234", "5698", "7654", "32"};
	static const char *const seps[] = {" ", " ", " ", " ", ", ", "\n", "\t",
	    "\v", "\xc2\xa0", "\xe3\x80\x80", " (", ") "};
	return randtext_join(x, out, cap, words,
	    sizeof(words) / sizeof(words[0]), seps,
	    sizeof(seps) / sizeof(seps[0]), 24, 0);
}

/* The shortcuts that skip windows (textscan_opts.exhaustive) give the
 * spans that trying every window gives, on random texts. */
static void
test_shortcuts(void)
{
	const vkind_set all =
	    ~(VK_BIT(VK_NONE) | VK_BIT(VK_TOKEN) | VK_BIT(VK_NAME)) &
	    (VK_BIT(VK_COUNT) - 1);
	struct textscan_opts fast = {.want = all,
	                         .can_ctx = VK_BIT(VK_NPI) | VK_BIT(VK_DATE),
	                         .context = context},
	                     slow = fast;
	struct spans a, b;
	char text[1024];
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	size_t i, n, bad = 0, found = 0;

	slow.exhaustive = 1;
	for (i = 0; i < 20000; i++) {
		n = random_text(&x, text, sizeof(text));
		a = (struct spans){.n = 0}, b = (struct spans){.n = 0};
		textscan_run(text, n, &fast, collect, &a);
		textscan_run(text, n, &slow, collect, &b);
		if (strcmp(a.got, b.got) != 0 && bad++ == 0) /* the first */
			fprintf(stderr,
			    "# text: %s\n# shortcuts: %s\n# every window: %s\n",
			    text, a.got, b.got);
		found += b.n;
	}
	ok(bad == 0 && found > 20000,
	    "shortcuts and every window agree on 20000 texts (%zu differ, %zu spans)",
	    bad, found);
}

/* A text the map models (textmap.h: ASCII white space, no CJK) of up
 * to 40 pieces: prose with the punctuation the map looks at, Latin-1
 * letters, stray bytes and controls, context words, identifiers and
 * their parts. */
static size_t
random_mapped(uint64_t *x, char *out, size_t cap)
{
	static const char *const words[] = {"the", "call", "me", "at", "is",
	    "no", "on", "to", "please", "don't", "e.g.", "a.b", "x,y", "ok.",
	    "end!", "it's", "(see)", "-", "#", "npi", "NPI", "DOB", "dob",
	    "version", "order", "id", "Please", "The", "Maple", "Main", "Dr",
	    "St.", "Denver,", "CO", "via", "Roma", "12", "7052", "5", "80202",
	    "(415)", "555-0134", "+1", "415", "555", "0134", "123-45-6789",
	    "1234567893", "12/12/1939", "19840312", "10.0.0.1", "5.11.149.225",
	    "4111", "1111", "W342716079", "jane@example.com",
	    "https://example.com/x", "DE89", "3704", "0044", "0532", "0130",
	    "00", "a@b.co,", "is:", "n.", "x", "Zo\xc3\xa9", "caf\xc3\xa9,",
	    "M\xc3\xbcller", "\xc3", "x\x80y", "\x01", "12\xc3\xa9", "March",
	    "3,", "1984", "Mar.", "3rd", "of", "May", "GB82", "WEST", "1234",
	    "5698", "7654", "32"};
	static const char *const seps[] = {
	    " ", " ", " ", " ", "  ", "\t", "\n", ", ", " (", ") ", ": ", ". "};
	return randtext_join(x, out, cap, words,
	    sizeof(words) / sizeof(words[0]), seps,
	    sizeof(seps) / sizeof(seps[0]), 40, 0);
}

/* The words that the map steps over change nothing: with the map,
 * reading every word (a map not mapped) and trying every window give
 * the same spans on random ASCII texts. */
static void
test_map(void)
{
	const vkind_set all =
	    ~(VK_BIT(VK_NONE) | VK_BIT(VK_TOKEN) | VK_BIT(VK_NAME)) &
	    (VK_BIT(VK_COUNT) - 1);
	const struct textmap unmapped = {.mapped = 0};
	struct textscan_opts fast = {.want = all,
	                         .can_ctx = VK_BIT(VK_NPI) | VK_BIT(VK_DATE),
	                         .context = context},
	                     read = fast, slow = fast;
	struct spans a, b, c;
	char text[1024];
	uint64_t x = 0x2545f4914f6cdd1dULL;
	size_t i, n, bad = 0, found = 0;

	read.map = &unmapped;
	slow.exhaustive = 1;
	for (i = 0; i < 20000; i++) {
		n = random_mapped(&x, text, sizeof(text));
		a = (struct spans){.n = 0}, b = a, c = a;
		textscan_run(text, n, &fast, collect, &a);
		textscan_run(text, n, &read, collect, &b);
		textscan_run(text, n, &slow, collect, &c);
		if ((strcmp(a.got, b.got) != 0 || strcmp(a.got, c.got) != 0) &&
		    bad++ == 0)
			fprintf(stderr,
			    "# text: %s\n# map: %s\n# every word: %s\n# every window: %s\n",
			    text, a.got, b.got, c.got);
		found += c.n;
	}
	ok(bad == 0 && found > 20000,
	    "the map, every word and every window agree on 20000 texts it models (%zu differ, %zu spans)",
	    bad, found);
}

int
main(void)
{
	test_spans();
	test_streets();
	test_stop();
	test_shortcuts();
	test_map();
	return tap_done();
}
