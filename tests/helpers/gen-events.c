/*
 * gen-events - print N deterministic, synthetic Segment-style events that
 * carry PHI/PII, one compact JSON object a line:
 *
 *     gen-events [N] [--seed S] [--text] [--users U] > events.ndjson
 *     (N 1000, S 1)
 *
 * Each event is an identify, track or page (weights 2:6:2) with messageId,
 * type, userId, anonymousId, timestamp and context; identify events carry
 * traits (names, email, US phone, an SSN in a valid range, birthday,
 * street address, age, a boolean), track events carry context.traits and
 * properties (an ICD-10 diagnosis, medications, an NPI with a valid check
 * digit, a free-text note, numbers of several kinds, a boolean, a null),
 * page events a search string holding a name and a code.  Values include
 * non-ASCII letters, an emoji and IPv6 addresses.  The same N and S give
 * the same bytes on every machine: the generator is splitmix64, seeded
 * with S, and nothing else is read.
 *
 * With --text, every event is a support ticket (a track event
 * "Ticket Created") whose properties.body is free text of 300-900 bytes:
 * sentences of a support conversation with identifiers inside them
 * (names, phones, e-mail addresses, dates of birth, street addresses,
 * card and member numbers) among many sentences that hold none.  It is
 * the text-heavy input of make bench and of the --in-text round trips.
 *
 * With --users U (standard events only), each event is one of U users
 * (picked at random): a user's events carry the same userId, and the
 * same person (name, email, phone ...) wherever the event holds one,
 * as a stream whose identifiers repeat does (the join tokens' bench).
 *
 * It stands in for the team's Python generator of the same shape, so that
 * the test suite and the bench need nothing outside the repository.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const first_names[] = {"Ana", "Bo", "Chidi", "Dana", "Émile",
    "Fatima", "Grace", "Hiro", "Ines", "José", "Kwame", "Lena", "Mina", "Noor",
    "Olga", "Priya", "Quinn", "Rafael", "Saanvi", "Tomás"};
static const char *const last_names[] = {"Nguyen", "Smith", "Okafor", "García",
    "Müller", "Kowalski", "Yamamoto", "O'Brien", "Haddad", "Ivanova",
    "Johansson", "Patel", "Rossi", "Silva", "Wójcik", "Zhang"};
static const char *const streets[] = {"Main St", "Oak Ave", "Maple Dr",
    "Cedar Ln", "Elm St", "Park Blvd", "2nd Ave"};
static const char *const cities[][3] = {{"Springfield", "IL", "62704"},
    {"Portland", "OR", "97205"}, {"Austin", "TX", "78701"},
    {"Boston", "MA", "02118"}, {"Denver", "CO", "80202"},
    {"Miami", "FL", "33130"}};
static const char *const icd10[] = {"E11.9", "I10", "J45.909", "F32.9", "M54.5",
    "K21.9", "E78.5", "N39.0", "Z79.4", "C50.911"};
static const char *const drugs[] = {"metformin 500 mg", "lisinopril 10 mg",
    "albuterol inhaler", "sertraline 50 mg", "atorvastatin 20 mg",
    "insulin glargine", "omeprazole 20 mg"};
static const char *const track_names[] = {"Appointment Booked",
    "Prescription Refilled", "Lab Result Viewed", "Symptom Checked",
    "Order Completed", "Video Visit Started", "Claim Submitted"};
static const char *const pages[] = {"/patients/portal", "/appointments/new",
    "/labs/results", "/billing", "/messages"};
static const char *const notes[] = {
    "Patient reports mild headache since Tuesday.",
    "Follow-up in 2 weeks; BP 142/91.",
    "Called about refill — prefers text at night.",
    "Allergic to penicillin. 🐝 sting too.", "Needs interpreter (Español).",
    "No known allergies.", ""};
static const char *const locales[] = {"en-US", "es-US", "fr-CA"};
static const char *const scores[] = {
    "null", "0", "-0.0015", "12345678901234567890"};

static uint64_t gen_state;
static long gen_users; /* --users: 0, or the number of users */

/* Returns the next splitmix64 output (Vigna's public-domain generator). */
static uint64_t
gen_next(void)
{
	uint64_t z = (gen_state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* Returns a number in [lo, hi]; the modulo bias is irrelevant here. */
static long
gen_int(long lo, long hi)
{
	return lo + (long)(gen_next() % (uint64_t)(hi - lo + 1));
}

static const char *
gen_pick(const char *const *a, size_t n)
{
	return a[gen_next() % n];
}

/* Prints a UUID-shaped string of 128 random bits. */
static void
gen_uuid(void)
{
	uint64_t a = gen_next(), b = gen_next();

	printf("\"%08" PRIx64 "-%04" PRIx64 "-%04" PRIx64 "-%04" PRIx64
	       "-%012" PRIx64 "\"",
	    a >> 32, (a >> 16) & 0xffff, a & 0xffff, b >> 48,
	    b & 0xffffffffffffu);
}

/* Prints an NPI: "1", eight digits and the Luhn digit over "80840" + it. */
static void
gen_npi(void)
{
	char d[10];
	int sum = 0;

	d[0] = '1';
	for (int i = 1; i < 9; i++)
		d[i] = (char)('0' + gen_int(0, 9));
	d[9] = 0;
	/* the prefix 80840 adds 24 to the sum in every case */
	for (int i = 8, k = 0; i >= 0; i--, k++) {
		int v = d[i] - '0';
		if (k % 2 == 0 && (v *= 2) > 9)
			v -= 9;
		sum += v;
	}
	printf("\"%s%d\"", d, (10 - (sum + 24) % 10) % 10);
}

static void
gen_ip(void)
{
	if (gen_int(0, 9) < 8)
		printf("\"%ld.%ld.%ld.%ld\"", gen_int(1, 223), gen_int(0, 255),
		    gen_int(0, 255), gen_int(1, 254));
	else
		printf("\"2001:db8:%lx:%lx::%lx\"", gen_int(0, 0xffff),
		    gen_int(0, 0xffff), gen_int(1, 0xffff));
}

struct person {
	const char *first, *last, *street, *const *city;
	char email[96], phone[24], ssn[16], birthday[16];
	long number, age;
	int insured;
};

/* Fills p; the email is lower case, as ASCII letters are lowered. */
static void
gen_person(struct person *p)
{
	long area = gen_int(0, 1) ? gen_int(1, 665) : gen_int(667, 899);
	char *c;

	p->first = gen_pick(first_names, COUNT(first_names));
	p->last = gen_pick(last_names, COUNT(last_names));
	p->city = cities[gen_next() % COUNT(cities)];
	snprintf(p->email, sizeof p->email, "%s.%s%ld@example.com", p->first,
	    p->last, gen_int(1, 999));
	for (c = p->email; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c - 'A' + 'a');
	snprintf(p->phone, sizeof p->phone, "+1-%ld%02ld-%ld%02ld-%04ld",
	    gen_int(2, 9), gen_int(0, 99), gen_int(2, 9), gen_int(0, 99),
	    gen_int(0, 9999));
	snprintf(p->ssn, sizeof p->ssn, "%03ld-%02ld-%04ld", area,
	    gen_int(1, 99), gen_int(1, 9999));
	snprintf(p->birthday, sizeof p->birthday, "%04ld-%02ld-%02ld",
	    gen_int(1930, 2010), gen_int(1, 12), gen_int(1, 28));
	p->number = gen_int(1, 9999);
	p->street = gen_pick(streets, COUNT(streets));
	p->age = gen_int(0, 99);
	p->insured = gen_int(0, 9) < 8;
}

static void
gen_traits(const struct person *p)
{
	printf(",\"traits\":{\"firstName\":\"%s\",\"lastName\":\"%s\","
	       "\"name\":\"%s %s\",\"email\":\"%s\",\"phone\":\"%s\","
	       "\"ssn\":\"%s\",\"birthday\":\"%s\",\"address\":{\"street\":"
	       "\"%ld %s\",\"city\":\"%s\",\"state\":\"%s\",\"postalCode\":"
	       "\"%s\",\"country\":\"US\"},\"age\":%ld,\"insured\":%s}",
	    p->first, p->last, p->first, p->last, p->email, p->phone, p->ssn,
	    p->birthday, p->number, p->street, p->city[0], p->city[1],
	    p->city[2], p->age, p->insured ? "true" : "false");
}

/* Prints "medications": 0 to 3 distinct drugs, in a random order. */
static void
gen_medications(void)
{
	long n = gen_int(0, 3);
	unsigned used = 0;

	printf("\"medications\":[");
	for (long i = 0; i < n; i++) {
		size_t k = gen_next() % COUNT(drugs);
		while (used & (1u << k))
			k = (k + 1) % COUNT(drugs);
		used |= 1u << k;
		printf("%s\"%s\"", i ? "," : "", drugs[k]);
	}
	printf("]");
}

static void
gen_track(const struct person *p)
{
	long cents = gen_int(0, 25000);

	printf(",\"event\":\"%s\",\"properties\":{\"diagnosis\":{\"code\":"
	       "\"%s\",\"system\":\"ICD-10-CM\"},",
	    gen_pick(track_names, COUNT(track_names)),
	    gen_pick(icd10, COUNT(icd10)));
	gen_medications();
	printf(",\"provider_npi\":");
	gen_npi();
	/* copay as Python prints a float of two decimals: 86.0, 246.4, 1.25 */
	printf(",\"note\":\"%s\",\"copay\":%ld.", gen_pick(notes, COUNT(notes)),
	    cents / 100);
	if (cents % 10 == 0)
		printf("%ld", cents % 100 / 10);
	else
		printf("%02ld", cents % 100);
	printf(",\"visits\":%ld,\"urgent\":%s,\"score\":%s}", gen_int(1, 40),
	    gen_int(0, 9) == 0 ? "true" : "false",
	    gen_pick(scores, COUNT(scores)));
	(void)p;
}

/* Prints context up to its "traits" member, which the caller writes. */
static void
gen_context(const char *path)
{
	printf(",\"context\":{\"ip\":");
	gen_ip();
	printf(",\"library\":{\"name\":\"analytics.js\",\"version\":"
	       "\"4.%ld.%ld\"},\"locale\":\"%s\",\"userAgent\":\"Mozilla/5.0 "
	       "(X11; Linux x86_64) Chrome/%ld.0\",\"page\":{\"path\":\"%s\","
	       "\"referrer\":\"\"},\"traits\":",
	    gen_int(0, 9), gen_int(0, 30), gen_pick(locales, COUNT(locales)),
	    gen_int(100, 140), path);
}

/* Sentences of a support conversation, without identifiers and with
 * one (pre, the identifier, post). */
static const char *const plain_sentences[] = {
    "Thanks for reaching out to the help desk today.",
    "I tried to log in again this morning but the page kept loading.",
    "The refill was approved by the pharmacy last week.",
    "Please let us know if the problem comes back after the update.",
    "We escalated the ticket to the billing team for review.",
    "The app crashed twice while uploading the insurance card photo.",
    "Our records show the appointment was moved to the afternoon slot.",
    "Could you confirm which plan you are enrolled in this year?",
    "The lab results should appear in the portal within two days.",
    "I am closing this ticket now; reply to reopen it.",
};

enum tmpl_kind { T_NAME, T_PHONE, T_EMAIL, T_DOB, T_ADDRESS, T_CARD, T_MEMBER };

static const struct {
	enum tmpl_kind kind;
	const char *pre, *post; /* around the identifier */
} id_sentences[] = {
    {T_NAME, "Patient ", " called about her refill."},
    {T_NAME, "My name is ", " and I need help with my account."},
    {T_PHONE, "Please call me back at ", " after 5pm."},
    {T_PHONE, "You can reach me on ", " any time."},
    {T_EMAIL, "Send the forms to ", " please."},
    {T_DOB, "My date of birth is ", " if you need it."},
    {T_ADDRESS, "The package should go to ", " instead."},
    {T_CARD, "The card ", " was declined at checkout."},
    {T_MEMBER, "Member ID ", " does not show up in the portal."},
};

static void
gen_sentence_id(const struct person *p, int k)
{
	char v[128];

	switch (id_sentences[k].kind) {
	case T_NAME:
		snprintf(v, sizeof v, "%s %s", p->first, p->last);
		break;
	case T_PHONE:
		snprintf(v, sizeof v, "(%ld%02ld) %ld%02ld-%04ld",
		    gen_int(2, 9), gen_int(0, 99), gen_int(2, 9),
		    gen_int(0, 99), gen_int(0, 9999));
		break;
	case T_EMAIL:
		snprintf(v, sizeof v, "%s", p->email);
		break;
	case T_DOB:
		snprintf(v, sizeof v, "%02ld/%02ld/%ld", gen_int(1, 12),
		    gen_int(1, 28), gen_int(1930, 2010));
		break;
	case T_ADDRESS:
		snprintf(v, sizeof v, "%ld %s, %s, %s %s", p->number, p->street,
		    p->city[0], p->city[1], p->city[2]);
		break;
	case T_CARD:
		snprintf(v, sizeof v, "4111 1111 1111 1111");
		break;
	default:
		snprintf(v, sizeof v, "W%09ld", gen_int(0, 999999999));
		break;
	}
	printf("%s%s%s", id_sentences[k].pre, v, id_sentences[k].post);
}

/* A ticket: 4 to 12 sentences, about one in three holding an identifier. */
static void
gen_ticket(const struct person *p)
{
	long n = gen_int(4, 12);

	printf(",\"event\":\"Ticket Created\",\"properties\":{\"ticket\":%ld,"
	       "\"subject\":\"Help with my account\",\"body\":\"",
	    gen_int(10000, 99999));
	for (long i = 0; i < n; i++) {
		if (i > 0)
			printf(" ");
		if (gen_int(0, 2) == 0)
			gen_sentence_id(
			    p, (int)(gen_next() % COUNT(id_sentences)));
		else
			printf("%s",
			    gen_pick(plain_sentences, COUNT(plain_sentences)));
	}
	printf("\"}");
}

static void
gen_text_event(void)
{
	struct person p;

	gen_person(&p);
	printf("{\"messageId\":");
	gen_uuid();
	printf(",\"type\":\"track\",\"userId\":\"usr_%08ld\"",
	    gen_int(0, 99999999));
	printf(",\"timestamp\":\"2026-%02ld-%02ldT%02ld:%02ld:%02ld.%03ldZ\"",
	    gen_int(1, 12), gen_int(1, 28), gen_int(0, 23), gen_int(0, 59),
	    gen_int(0, 59), gen_int(0, 999));
	gen_ticket(&p);
	printf("}\n");
}

/* --users: one of the users, its person made from its number alone (the
 * stream's generator goes on where it was). */
static long
gen_user(struct person *p)
{
	long u = gen_int(0, gen_users - 1);
	uint64_t saved = gen_state;

	gen_state = 0x5eed0000u + (uint64_t)u * 0x9e3779b97f4a7c15u;
	gen_person(p);
	gen_state = saved;
	return u;
}

static void
gen_event(void)
{
	struct person p;
	long w = gen_int(0, 9);
	const char *type = w < 6 ? "track" : w < 8 ? "identify" : "page";
	const char *path = gen_pick(pages, COUNT(pages));

	long uid = gen_users > 0 ? gen_user(&p) : (gen_person(&p), -1);

	printf("{\"messageId\":");
	gen_uuid();
	printf(",\"type\":\"%s\",\"userId\":\"usr_%08ld\",\"anonymousId\":",
	    type, uid >= 0 ? uid : gen_int(0, 99999999));
	gen_uuid();
	printf(",\"timestamp\":\"2026-%02ld-%02ldT%02ld:%02ld:%02ld.%03ldZ\"",
	    gen_int(1, 12), gen_int(1, 28), gen_int(0, 23), gen_int(0, 59),
	    gen_int(0, 59), gen_int(0, 999));
	gen_context(path);
	if (type[0] == 't') {
		printf(
		    "{\"email\":\"%s\",\"phone\":\"%s\"}}", p.email, p.phone);
		gen_track(&p);
	} else if (type[0] == 'i') {
		printf("{}}");
		gen_traits(&p);
	} else {
		printf(
		    "{}},\"name\":\"Portal\",\"properties\":{\"path\":\"%s\","
		    "\"title\":\"Patient portal\",\"search\":\"%s %s %s\"}",
		    path, p.first, p.last, gen_pick(icd10, COUNT(icd10)));
	}
	printf("}\n");
}

int
main(int argc, char **argv)
{
	long n = 1000;
	unsigned long long seed = 1;
	int text = 0;

	for (int i = 1; i < argc; i++) {
		char *end = "";
		if (strcmp(argv[i], "--text") == 0)
			text = 1;
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc)
			seed = strtoull(argv[++i], &end, 10);
		else if (strcmp(argv[i], "--users") == 0 && i + 1 < argc)
			gen_users = strtol(argv[++i], &end, 10);
		else
			n = strtol(argv[i], &end, 10);
		if (*end != 0 || n < 0 || gen_users < 0) {
			fprintf(stderr, "usage: gen-events [N] [--seed S] [--text] "
			                "[--users U]\n");
			return 64;
		}
	}
	gen_state = seed;
	for (long i = 0; i < n; i++)
		if (text)
			gen_text_event();
		else
			gen_event();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen-events: stdout");
		return 74;
	}
	return 0;
}
