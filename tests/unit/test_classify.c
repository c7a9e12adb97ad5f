/*
 * test_classify.c - the value validators, key-name normalisation and
 * Dice matching, the rules file parser (errors with line numbers,
 * overrides) and the classifier built from rules.
 */
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "keyname.h"
#include "tap.h"
#include "valid.h"

#define V(fn, s) fn(s, strlen(s))
#define VC(fn, s, ctx) fn(s, strlen(s), ctx)

static void
test_luhn_cards(void)
{
	static const char *const good[] = {"4111111111111111",
	    "5555555555554444", "378282246310005", "6011111111111117",
	    "3530111333300000", "30569309025904", "2223003122003222",
	    "4111 1111 1111 1111", "4111-1111-1111-1111", "4222222222222"};
	static const char *const bad[] = {"4111111111111112",
	    "1234567812345678", "4111 1111-1111 1111", "4111  1111 1111 1111",
	    "79927398713", "411111111111111", "9111111111111111"};
	size_t i;

	ok(V(valid_luhn, "79927398713"), "luhn: 79927398713");
	ok(!V(valid_luhn, "79927398710"), "luhn: 79927398710 fails");
	ok(!V(valid_luhn, "7992739871a"), "luhn: a letter fails");
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(V(valid_card, good[i]), "card: %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!V(valid_card, bad[i]), "card: not %s", bad[i]);
}

static void
test_ssn(void)
{
	static const char *const bad[] = {"000-12-3456", "666-12-3456",
	    "900-12-3456", "999-12-3456", "123-00-4567", "123-45-0000",
	    "078-05-1120", "111-11-1111", "123-45-678", "123-456-789",
	    "123 45-6789"};
	size_t i;

	ok(VC(valid_ssn, "123-45-6789", 0), "ssn: dashed");
	ok(VC(valid_ssn, "899-99-9999", 0), "ssn: area 899");
	ok(VC(valid_ssn, "123 45 6789", 0), "ssn: spaced");
	ok(!VC(valid_ssn, "123456789", 0), "ssn: bare needs context");
	ok(VC(valid_ssn, "123456789", 1), "ssn: bare with context");
	ok(!VC(valid_ssn, "666456789", 1), "ssn: bare 666 fails");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!VC(valid_ssn, bad[i], 1), "ssn: not %s", bad[i]);
}

static void
test_ids(void)
{
	ok(V(valid_npi, "1234567893"), "npi: CMS example");
	ok(V(valid_npi, "808401234567893"), "npi: with the 80840 prefix");
	ok(!V(valid_npi, "1234567890"), "npi: bad check digit");
	ok(!V(valid_npi, "3234567893"), "npi: must start with 1 or 2");
	ok(V(valid_dea, "AB1234563"), "dea: check digit");
	ok(V(valid_dea, "F91234563"), "dea: 9 as second character");
	ok(!V(valid_dea, "AB1234567"), "dea: bad check digit");
	ok(!V(valid_dea, "IB1234563"), "dea: I is no registrant type");
	ok(!V(valid_dea, "ab1234563"), "dea: lower case");
	ok(V(valid_mbi, "1EG4-TE5-MK73"), "mbi: CMS example with dashes");
	ok(V(valid_mbi, "1EG4TE5MK73"), "mbi: without dashes");
	ok(!V(valid_mbi, "1SG4TE5MK73"), "mbi: S is not used");
	ok(!V(valid_mbi, "0EG4TE5MK73"), "mbi: first is 1-9");
	ok(!V(valid_mbi, "1EG4-TE5MK73"), "mbi: one dash");
	ok(V(valid_iban, "GB82 WEST 1234 5698 7654 32"), "iban: GB grouped");
	ok(V(valid_iban, "DE89370400440532013000"), "iban: DE");
	ok(V(valid_iban, "GB82-WEST-1234-5698-7654-32"), "iban: dashes");
	ok(V(valid_iban, "G B82WEST12345698765432"), "iban: a space inside");
	ok(!V(valid_iban, " GB82WEST12345698765432"), "iban: a space first");
	ok(!V(valid_iban, "GBX2WEST12345698765432"), "iban: no check digits");
	ok(V(valid_iban, "gb82west12345698765432"), "iban: lower case");
	ok(!V(valid_iban, "GB82WEST12345698765431"), "iban: mod 97 fails");
	ok(!V(valid_iban, "GB82WEST1234569876543"), "iban: GB length");
	ok(!V(valid_iban, "QQ82WEST12345698765432"), "iban: no such country");
	ok(V(valid_vin, "1HGCM82633A004352"), "vin: check digit");
	ok(V(valid_vin, "1M8GDM9AXKP042788"), "vin: check digit X");
	ok(!V(valid_vin, "1HGCM82633A004353"), "vin: bad check digit");
	ok(!V(valid_vin, "1HGCM82633I004352"), "vin: I is not used");
	ok(!V(valid_vin, "11111111111111111"), "vin: digits only");
	ok(VC(valid_zip, "62704-1234", 0), "zip: ZIP+4");
	ok(!VC(valid_zip, "62704", 0), "zip: 5 digits need context");
	ok(VC(valid_zip, "02118", 1), "zip: 5 digits with context");
	ok(!VC(valid_zip, "00012", 1), "zip: 000 prefix");
	ok(V(valid_age, "93") && V(valid_age, "90.5"), "age: over 89");
	ok(!V(valid_age, "89") && !V(valid_age, "131"), "age: 89, 131");
	ok(V(valid_token,
	       "phi:1:"
	       "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	       "AAAAAAAAAAAAAAAAAAAAAAA"),
	    "token: phi:1:");
	ok(!V(valid_token, "phi:2:AAAA") && !V(valid_token, "phi:1:") &&
	        !V(valid_token, "phi:1:AAAA-_z9"),
	    "token: not phi:2:, empty, or too short to be sealed");
}

/* Street addresses in the corpus countries' forms (issue 18 §4). */
static void
test_street_national(void)
{
	static const char *const good[] = {"08246 Amber Ports",
	    "16, boulevard Gauthier", "12 rue de la Paix",
	    "Sibylla-Patberg-Platz 1", "R\xc3\xb6merallee 419",
	    "Berliner Str. 12", "Calle de Alcal\xc3\xa1, 45",
	    "Viale Giulia, 855", "Via Roma 10", "Rua do Arenque 1634",
	    "Keizersgracht 123", "Laan van Meerdervoort 12", "221 Gandhi Nagar",
	    "19/48, Chauhan Street", "Apt. 595",
	    ("\xe4\xb8\xad\xe4\xb8\x89\xe4\xbe\x9d"
	     "5\xe4\xb8\x81\xe7\x9b\xae"
	     "27\xe7\x95\xaa"
	     "18\xe5\x8f\xb7"),
	    ("\xe5\xbb\xba\xe5\x9b\xbd\xe8\xb7\xaf"
	     "88\xe5\x8f\xb7"),
	    "Jane Doe\n12 Main St\nSpringfield, IL 62704",
	    "Flat 60\nPaula Court", "Damrak 1\n1012 LG Amsterdam\nStrasse 4"};
	static const char *const bad[] = {"iPhone 12 Pro Max", "Route 66",
	    "Windows 10 Home Edition", "Page 2 of the Guide", "Room 101",
	    "2 cats on the road", "Level 3 Boss Fight", "rue 12",
	    "Platform 9 Station", "12 rue", "Strasse 4"};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(V(valid_street, good[i]), "street: %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!V(valid_street, bad[i]), "street: not %s", bad[i]);
}

/* Written dates of birth in seven languages, Japanese and Chinese
 * (issue 18 §5). */
static void
test_date_written(void)
{
	static const char *const good[] = {"December 7, 1954",
	    "7 d\xc3\xa9\x63\x65mbre 1954", "7. Dezember 1954",
	    "7 de diciembre de 1954", "7 dicembre 1954", "7 december 1954",
	    "7 de dezembro de 1954", "1er janvier 1954", "7 M\xc3\xa4rz 1954",
	    "12 ao\xc3\xbbt 2001", "3 maart 1984",
	    ("2003\xe5\xb9\xb4"
	     "09\xe6\x9c\x88"
	     "25\xe6\x97\xa5"),
	    ("2003\xe5\xb9\xb4"
	     "9\xe6\x9c\x88"
	     "25\xe6\x97\xa5")};
	static const char *const bad[] = {"7 foo 1954", "31 febrero 2001",
	    ("2003\xe5\xb9\xb4"
	     "13\xe6\x9c\x88"
	     "25\xe6\x97\xa5"),
	    ("2003\xe5\xb9\xb4"
	     "9\xe6\x9c\x88"),
	    "7 de de 1954", "2024-05-01T12:00:00Z", "1700000000"};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(VC(valid_date, good[i], 0), "date: %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!VC(valid_date, bad[i], 1), "date: not %s", bad[i]);
}

/* National formats (libphonenumber's plans, issue 18), and digit groups
 * that are not phones. */
static void
test_phone_national(void)
{
	static const char *const good[] = {"0569767045", "05 69 76 70 45",
	    "05.69.76.70.45", "0337807595", "033-780 7595", "030 1234567",
	    "+49 (0)30 1234567", "020 7946 0958", "07700 900123",
	    "+44 7700 900123", "912 345 678", "+34 912 345 678", "06 1234 5678",
	    "347 123 4567", "+39 06 1234 5678", "(11) 91234-5678",
	    "+55 11 91234-5678", "03-1234-5678", "090-1234-5678",
	    "+81 3-1234-5678", "13680797271", "+86 136 8079 7271",
	    "010-12345678", "+91 98765 43210", "098765 43210", "98765 43210",
	    "+33 275687843", "+33 2 75 68 70 45"};
	static const char *const bad[] = {"256.256.256.256", "192.168.1",
	    "046 454 287", "123 456 789", "4006381333931", "0012345678905",
	    "1700000000", "1700000000000", "1234 5678", "+33 61 23 45 67 89",
	    "+33 2 75 68 70 4", "+44 7700 9001234", "+86 136 8079 727123",
	    "12680797271", "0069767045", "+91 98765 43210 1234",
	    "00 12 34 56 78", "0012 345 6789", "(11) 01234-5678"};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(VC(valid_phone, good[i], 0), "phone: national %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!VC(valid_phone, bad[i], 0), "phone: not %s", bad[i]);
	ok(!VC(valid_phone, "192.168.1", 1) &&
	        !VC(valid_phone, "256.256.256.256", 1),
	    "phone: dotted IP-like groups not even with context");
}

/* Postal codes of the corpus countries (issue 18 §3). */
static void
test_postal(void)
{
	static const char *const good[] = {"SW1A 1AA", "EC1A 1BB", "M1 1AE",
	    "B33 8TH", "CR2 6XH", "DN55 1PT", "K1A 0B1", "H0H 0H0", "1012 LG",
	    "9406 PG", "01310-100",
	    ("\xe3\x80\x92"
	     "100-0001"),
	    "62704-1234"};
	static const char *const with_ctx[] = {"62704", "75008", "10115",
	    "00184", "28013", "100-0001", "01310100", "100000", "110001",
	    "110 001", "1010", "SW1A1AA", "K1A0B1", "1012LG"};
	static const char *const never[] = {"Q1A 1AA", "1012 SA", "D1A 1A1",
	    "0123 AB", "SW1A 1CA", "00012", "123", "1234567", "ABC 123",
	    "1012 lg", "62704-12345"};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(VC(valid_postal, good[i], 0), "postal: %s", good[i]);
	for (i = 0; i < sizeof(with_ctx) / sizeof(with_ctx[0]); i++)
		ok(!VC(valid_postal, with_ctx[i], 0) &&
		        VC(valid_postal, with_ctx[i], 1),
		    "postal: %s only with context", with_ctx[i]);
	for (i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		ok(!VC(valid_postal, never[i], 1), "postal: not %s", never[i]);
	ok(!VC(valid_phone, "01310-100", 0), "phone: not a CEP 01310-100");
}

static void
test_phone(void)
{
	static const char *const good[] = {"(415) 555-0100", "415-555-0100",
	    "415.555.0100", "1-415-555-0100", "+1 415 555 0100",
	    "+1-415-555-0100 x12", "+44 20 7946 0958", "+442079460958",
	    "+41 (0)44 668 18 00", "0049 30 901820", "020 7946 0958",
	    "06 12 34 56 78", "555-0100", "001-518-640-0854"};
	static const char *const bad[] = {"415-155-0100", "115-555-0100",
	    "+1 911 555 0100", "+1 492 555 0100", "+1234", "+1234567890123456",
	    "4155550100", "2024-01-15", "2024-02-30", "192.168.10.20",
	    "123-45-6789", "62704-1234", "2020-2021", "1,234,567",
	    "978-3-16-148410-0", "12:30:45", "4111 1111 1111 1111", "3.14159"};
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ok(VC(valid_phone, good[i], 0), "phone: %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ok(!VC(valid_phone, bad[i], 0), "phone: not %s", bad[i]);
	test_phone_national();
	ok(VC(valid_phone, "4155550100", 1), "phone: bare with context");
	ok(!VC(valid_phone, "415555", 1), "phone: 6 digits too few");
}

static void
test_net(void)
{
	static const char *const emails[] = {"jane.doe@example.com",
	    "a+tag@sub.example.co.uk", "x@xn--bcher-kva.example",
	    "\xc3\xbcnicode@ex\xc3\xa4mple.de"};
	static const char *const not_emails[] = {"a@b", "a..b@example.com",
	    ".a@example.com", "a@example", "a@-example.com", "a@example.c",
	    "a@b@example.com", "a b@example.com", "@example.com"};
	size_t i;

	for (i = 0; i < sizeof(emails) / sizeof(emails[0]); i++)
		ok(V(valid_email, emails[i]), "email: %s", emails[i]);
	for (i = 0; i < sizeof(not_emails) / sizeof(not_emails[0]); i++)
		ok(!V(valid_email, not_emails[i]), "email: not %s",
		    not_emails[i]);
	ok(V(valid_ipv4, "192.168.0.1"), "ipv4: 192.168.0.1");
	ok(!V(valid_ipv4, "256.1.1.1") && !V(valid_ipv4, "01.2.3.4") &&
	        !V(valid_ipv4, "1.2.3") && !V(valid_ipv4, "1.2.3.4.5") &&
	        !V(valid_ipv4, "0.0.0.0"),
	    "ipv4: bad forms");
	ok(V(valid_ipv6, "2001:db8::1"), "ipv6: compressed");
	ok(V(valid_ipv6, "1:2:3:4:5:6:7:8"), "ipv6: full");
	ok(V(valid_ipv6, "::ffff:192.0.2.1"), "ipv6: IPv4 tail");
	ok(!V(valid_ipv6, "2001:db8::1::2") && !V(valid_ipv6, "12345::1") &&
	        !V(valid_ipv6, "1:2:3:4:5:6:7") && !V(valid_ipv6, "::") &&
	        !V(valid_ipv6, "12:30:45") &&
	        !V(valid_ipv6, "1:2:3:4:5:6:7:8:9"),
	    "ipv6: bad forms");
	ok(VC(valid_mac, "00:1A:2B:3C:4D:5E", 0) &&
	        VC(valid_mac, "001a.2b3c.4d5e", 0) &&
	        VC(valid_mac, "a4-5e-60-d2-11-9b", 0),
	    "mac: three forms");
	ok(!VC(valid_mac, "00:00:00:00:00:00", 0) &&
	        !VC(valid_mac, "00:1A-2B:3C:4D:5E", 0) &&
	        !VC(valid_mac, "00:1A:2B:3C:4D", 0),
	    "mac: bad forms");
	ok(V(valid_url, "https://example.com/a?b=c"), "url: https");
	ok(V(valid_url, "http://localhost:8080/"), "url: localhost port");
	ok(V(valid_url, "HTTP://[2001:db8::1]:80/x"), "url: IPv6 host");
	ok(V(valid_url, "www.example.com"), "url: www.");
	ok(V(valid_url, "https://u:p@example.net/"), "url: userinfo");
	ok(!V(valid_url, "https://exa mple.com") && !V(valid_url, "https://") &&
	        !V(valid_url, "mailto:a@example.com") &&
	        !V(valid_url, "https://example/") &&
	        !V(valid_url, "https://example.com:123456/"),
	    "url: bad forms");
}

static void
test_text(void)
{
	static const char *const dates[] = {"1984-03-12", "2024-02-29",
	    "2000-02-29", "03/12/1984", "31/12/1999", "12.03.1984",
	    "March 3, 1984", "Mar. 3 1984", "3 March 1984", "3rd March 1984",
	    "03-Mar-1984", "1984/3/12", "1984/03/3rd", "1984-03-12th"};
	/* and the words after a date (valid_date's test of the last byte) */
	static const char *const not_dates[] = {"2023-02-29", "1900-02-29",
	    "13/13/1999", "2024-03-01T12:00:00Z", "1984", "2024-03",
	    "Smarch 3, 1984", "1984-03-12 ", "4.7.17", "1850-01-01",
	    "12/12/1939 if you need", "12/12/1939 if", "3 March 1984 Mo",
	    "1984-03-12T", "1984-03-1x2"};
	size_t i;

	for (i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		ok(VC(valid_date, dates[i], 0), "date: %s", dates[i]);
	for (i = 0; i < sizeof(not_dates) / sizeof(not_dates[0]); i++)
		ok(!VC(valid_date, not_dates[i], 1), "date: not %s",
		    not_dates[i]);
	test_date_written();
	ok(!VC(valid_date, "19840312", 0) && VC(valid_date, "19840312", 1),
	    "date: YYYYMMDD only with context");
	/* the one-token form takes a separator after it, as it always did
	 * (an early refusal on the last byte once missed it) */
	ok(VC(valid_date, "19840312-", 1) && VC(valid_date, "19840312/", 1) &&
	        VC(valid_date, "19840312, ", 1) &&
	        VC(valid_date, "19840312th.", 1),
	    "date: YYYYMMDD with a separator after it, in context");
	ok(!VC(valid_date, "03/12/84", 0) && VC(valid_date, "03/12/84", 1),
	    "date: 2-digit year only with context");
}

static void
test_codes(void)
{
	ok(VC(valid_icd10, "E11.9", 0) && VC(valid_icd10, "C50.911", 0) &&
	        VC(valid_icd10, "M1A.00", 0) && VC(valid_icd10, "U07.1", 0) &&
	        VC(valid_icd10, "S72.001A", 0),
	    "icd10: dotted codes");
	ok(!VC(valid_icd10, "I10", 0) && VC(valid_icd10, "I10", 1) &&
	        VC(valid_icd10, "E119", 1),
	    "icd10: undotted only with context");
	ok(!VC(valid_icd10, "U12.3", 1) && !VC(valid_icd10, "AB1.2", 1) &&
	        !VC(valid_icd10, "E11.12345", 1) &&
	        !VC(valid_icd10, "E11.", 1) && !VC(valid_icd10, "W1D.3", 1) &&
	        !VC(valid_icd10, "e11.9", 1),
	    "icd10: bad forms");
	ok(V(valid_street, "1600 Pennsylvania Avenue NW") &&
	        V(valid_street, "12 Main St., Apt 4") &&
	        V(valid_street, "P.O. Box 12") &&
	        V(valid_street,
	            "Hauptstra\xc3\x9f"
	            "e 12"),
	    "street: addresses");
	ok(valid_street_end("7052 Maple Dr, Denver, CO 80202", 31) &&
	        valid_street_end("12 main st", 10) &&
	        valid_street_end("12 Main St. Springfield", 23) &&
	        valid_street_end("Hauptstra\xc3\x9f"
	                         "e 12",
	            15) &&
	        valid_street_end("10 rue de la Paix", 17),
	    "street end: a number, a type, a capital, UTF-8");
	ok(!valid_street_end("7052 Maple Dr, CO 80202 instead", 31) &&
	        !valid_street_end("7052 Maple Dr, CO 80202 instead. The", 36) &&
	        !valid_street_end("7052 Maple Dr! Then", 19) &&
	        !valid_street_end("7052 Maple Dr? Yes", 18),
	    "street end: not a lower-case word, not past a sentence end");
	ok(!V(valid_street, "2 weeks") && !V(valid_street, "5 St") &&
	        !V(valid_street, "100 Main") && !V(valid_street, "Main St"),
	    "street: not addresses");
	ok(V(valid_name, "Jane Doe") && V(valid_name, "Jane O'Brien") &&
	        V(valid_name, "\xc3\x89mile Okafor") &&
	        V(valid_name, "Doe, Jane Q.") &&
	        V(valid_name, "Ludwig van Beethoven"),
	    "name: names");
	ok(!V(valid_name, "analytics.js") && !V(valid_name, "R2D2 Droid") &&
	        !V(valid_name, "Portal") && !V(valid_name, "Jane") &&
	        !V(valid_name, "Jane  Doe") && !V(valid_name, "iPhone OS") &&
	        !V(valid_name, "TPS Newsletter") &&
	        !V(valid_name, "Order Completed") && !V(valid_name, "van de"),
	    "name: not names");
}

static void
test_keyname(void)
{
	struct keyname k;

	ok(keyname_norm("emailAddress", 12, &k) == 0 &&
	        strcmp(k.s, "emailaddress") == 0 && k.nwords == 2 &&
	        k.word[1] == 5,
	    "keyname: camelCase");
	ok(keyname_norm("E-Mail_address", 14, &k) == 0 &&
	        strcmp(k.s, "emailaddress") == 0 && k.nwords == 3,
	    "keyname: separators");
	ok(keyname_norm("SSNNumber", 9, &k) == 0 &&
	        strcmp(k.s, "ssnnumber") == 0 && k.nwords == 2 &&
	        k.word[1] == 3,
	    "keyname: acronym then word");
	ok(keyname_norm("icd10Code", 9, &k) == 0 && k.nwords == 2 &&
	        k.word[1] == 5,
	    "keyname: digits then a hump");
	ok(keyname_norm("Email Address ", 14, &k) == 0 &&
	        strcmp(k.s, "emailaddress") == 0,
	    "keyname: spaces");
	ok(keyname_norm("___", 3, &k) != 0 && keyname_norm("", 0, &k) != 0,
	    "keyname: nothing left");
	ok(keyname_norm("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	                "aaaaaaaaaaa",
	       65, &k) != 0,
	    "keyname: one word too long");
	{
		const char *lk = "customer_primary_contact_information_for_all_"
		                 "notifications_and_reminders_email_address";
		ok(keyname_norm(lk, strlen(lk), &k) == 0 &&
		        k.len <= KEYNAME_MAX &&
		        strcmp(k.s + k.word[k.nwords - 2], "emailaddress") ==
		            0 &&
		        k.word[0] == 0,
		    "keyname: a long name keeps its last words (%s)", k.s);
	}
	ok(keyname_dice("night", 5, "nacht", 5) > 0.249 &&
	        keyname_dice("night", 5, "nacht", 5) < 0.251,
	    "dice: night/nacht = 0.25");
	ok(keyname_dice("email", 5, "emails", 6) > 0.88, "dice: plural");
	ok(keyname_dice("abc", 3, "abc", 3) == 1.0 &&
	        keyname_dice("ab", 2, "cd", 2) == 0.0,
	    "dice: equal and disjoint");
}

static const char rules_text[] =
    "# test rules\n"
    "rule mail colour=yellow value=email\n"
    "\tkeys=email,*email  # comment\n"
    "rule secret colour=red keys=password,pass_word similar=no\n"
    "rule nick colour=yellow context=name value=name\n"
    "rule gov colour=red value=ssn context=tax_id\n"
    "rule gen colour=yellow keys=gender\n"
    "rule tech colour=green scan=no keys=version\n"
    "rule city colour=yellow keys=county\n"
    "rule stamp colour=green value=token\n";

static struct classifier *
make(const char *a, const char *b, struct phi_err *e)
{
	struct ruleset *rs = ruleset_new();
	struct classifier *c = NULL;

	if (ruleset_parse(rs, "a.rules", a, strlen(a), e) != 0 ||
	    (b != NULL && ruleset_parse(rs, "b.rules", b, strlen(b), e) != 0)) {
		ruleset_free(rs);
		return NULL;
	}
	if (classify_new(&c, rs, e) != 0)
		return NULL;
	return c;
}

/* The colour and matchers of a string value, as "yellow mail". */
static const char *
cls(struct classifier *c, const char *key, const char *val)
{
	static char out[256];
	struct class_result r;
	size_t i;

	classify_leaf(c, key, strlen(key), NDJSON_STRING, val, strlen(val), &r);
	snprintf(out, sizeof(out), "%s", class_colour_name(r.colour));
	for (i = 0; i < classify_rule_count(c); i++)
		if (classify_result_has(&r, i)) {
			strncat(out, " ", sizeof(out) - strlen(out) - 1);
			strncat(out, classify_rule_name(c, i),
			    sizeof(out) - strlen(out) - 1);
		}
	return out;
}

#define IS(c, k, v, want)                                                      \
	ok(strcmp(cls(c, k, v), want) == 0, "classify %s=%s: %s (got %s)", k,  \
	    v, want, cls(c, k, v))

static void test_classifier_values(struct classifier *c);

static void
test_classifier(void)
{
	struct phi_err e = {0, ""};
	struct classifier *c = make(rules_text, NULL, &e);

	ok(c != NULL, "rules parse: %s", c ? "" : e.msg);
	if (c == NULL)
		return;
	ok(classify_rule_count(c) == 9, "8 rules and token-unverified");
	IS(c, "email", "x", "yellow mail");
	IS(c, "EMail", "x", "yellow mail");
	IS(c, "patient_email", "x", "yellow mail");
	IS(c, "emails", "x", "yellow mail");
	IS(c, "emial", "x", "green");
	IS(c, "contact", "jane@example.com", "yellow mail");
	IS(c, "passWord", "x", "red secret");
	IS(c, "passwords", "x", "green");
	IS(c, "name", "Jane Doe", "yellow nick");
	IS(c, "comment", "write to jane@example.com, thanks", "yellow mail");
	IS(c, "comment", "SSN: 123-45-6789.", "red gov");
	IS(c, "comment", "ask about 1234-56-7890 at 9", "green");
	IS(c, "tax_id", "SSN: 123-45-6789.", "red gov");
	IS(c,
	    ("customer_primary_contact_information_for_all_notifications_"
	     "and_reminders_email"),
	    "x", "yellow mail");
	IS(c, "a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p_q_r_s_patient_email", "x",
	    "yellow mail");
	IS(c, "", "jane@example.com", "yellow mail");
	IS(c, "", "x", "green");
	IS(c, "usermail", "x", "green");
	IS(c, "emai", "x", "green");
	IS(c, "emaill", "x", "yellow mail");
	IS(c, "pasword", "x", "green");
	IS(c, "name", "analytics.js", "green");
	IS(c, "other", "Jane Doe", "green");
	IS(c, "taxId", "123456789", "red gov");
	IS(c, "value", "123456789", "green");
	IS(c, "value", "123-45-6789", "red gov");
	IS(c, "genders", "f", "yellow gen");
	IS(c, "count", "3", "green");
	IS(c, "version", "jane@example.com", "green tech");
	/* a token of a key not given is judged by its bytes, and flagged */
	IS(c, "email",
	    ("phi:1:"
	     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	     "A"
	     "AAAAAAAAAAAAAAAAAAAA"),
	    "yellow mail token-unverified");
	ok(classify_trust_kid(c, (const uint8_t[8]){0}) == 0, "trust a kid");
	IS(c, "email",
	    ("phi:1:"
	     "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	     "A"
	     "AAAAAAAAAAAAAAAAAAAA"),
	    "green stamp");
	IS(c, "email", "phi:1:ab@example.com", "yellow mail token-unverified");
	IS(c, "address2", "x", "green");
	test_classifier_values(c);
	classify_free(c);
}

/* Values that need no check, the skip interface, classify_key. */
static void
test_classifier_values(struct classifier *c)
{
	struct class_result r;

	classify_leaf(c, "email", 5, NDJSON_NULL, "null", 4, &r);
	ok(r.colour == CLASS_GREEN && r.matchers[0] == 0, "null is green");
	classify_leaf(c, "email", 5, NDJSON_STRING, " \t", 2, &r);
	ok(r.colour == CLASS_GREEN && r.matchers[0] == 0, "blank is green");
	classify_leaf(c, "password", 8, NDJSON_TRUE, "true", 4, &r);
	ok(r.colour == CLASS_RED, "a boolean under a red key is red");
	{
		struct class_key k;
		vkind_set done[2] = {0, 0}, skip[2] = {0, 0};
		classify_key_name(c, "other", 5, &k);
		classify_value_skip(
		    c, &k, skip, NDJSON_STRING, "a@example.com", 13, &r, done);
		ok(r.colour == CLASS_YELLOW && done[0] == VK_BIT(VK_EMAIL) &&
		        done[1] == 0,
		    "classify_value_skip: reports the kinds that matched");
		classify_value_skip(
		    c, &k, done, NDJSON_STRING, "a@example.com", 13, &r, NULL);
		ok(r.colour == CLASS_GREEN, "classify_value_skip: skips them");
	}
	classify_key(c, "email", 5, &r);
	ok(r.colour == CLASS_YELLOW && classify_result_has(&r, 0),
	    "classify_key: key matchers only");
	classify_key(c, "name", 4, &r);
	ok(r.colour == CLASS_GREEN && r.matchers[0] == 0,
	    "classify_key: context keys do not fire alone");
}

static void
test_overrides(void)
{
	struct phi_err e = {0, ""};
	struct classifier *c = make(rules_text,
	    ("rule mail colour=red\n"
	     "rule secret keys+=pin\n"
	     "rule gen keys=sex\n"
	     "rule badge colour=yellow keys=*badge_id\n"
	     "rule nick context+=*name\n"),
	    &e);

	ok(c != NULL, "override rules parse: %s", c ? "" : e.msg);
	if (c == NULL)
		return;
	ok(classify_rule_count(c) == 10, "one rule added");
	IS(c, "email", "x", "red mail");
	IS(c, "value", "jane@example.com", "red mail");
	IS(c, "pin", "1234", "red secret");
	IS(c, "password", "x", "red secret");
	IS(c, "sex", "f", "yellow gen");
	IS(c, "gender", "f", "green");
	IS(c, "employeeBadgeId", "17", "yellow badge");
	IS(c, "patientName", "Jane Doe", "yellow nick");
	classify_free(c);
}

static void
test_list_roundtrip(void)
{
	struct phi_err e = {0, ""};
	struct classifier *c = make(rules_text, NULL, &e), *c2;
	struct buf b = BUF_INIT;

	if (c == NULL || classify_list(c, &b) != 0 || buf_putc(&b, '\0')) {
		ok(0, "list rules");
		return;
	}
	ok(strstr(b.p,
	       "rule mail colour=yellow value=email\n\tkeys=email,*email\n") !=
	        NULL,
	    "list: rule mail");
	ok(strstr(b.p, "rule secret colour=red similar=no\n") != NULL,
	    "list: similar=no");
	ok(strstr(b.p, "\tcontext=taxid\n") != NULL,
	    "list: normalised context");
	c2 = make(b.p, NULL, &e);
	ok(c2 != NULL, "list output parses again: %s", c2 ? "" : e.msg);
	if (c2 != NULL) {
		IS(c2, "patientEmail", "x", "yellow mail");
		IS(c2, "taxId", "123456789", "red gov");
		IS(c2, "pass_word", "x", "red secret");
		classify_free(c2);
	}
	buf_free(&b, 0);
	classify_free(c);
}

/* The rules text must fail with PHI_EUSAGE, the line and the cause. */
static void
bad_rules(const char *text, const char *want)
{
	struct ruleset *rs = ruleset_new();
	struct phi_err e = {0, ""};
	int rc = ruleset_parse(rs, "r.txt", text, strlen(text), &e);

	ok(rc == PHI_EUSAGE && strstr(e.msg, want) != NULL,
	    "bad rules: '%s' in '%s'", want, e.msg);
	ruleset_free(rs);
}

static void
test_rule_errors(void)
{
	char big[256 * 40 + 64], *p = big;
	int i;

	bad_rules("rule a colour=red keys=x\n\n  colur=red\n",
	    "r.txt:3: unknown attribute 'colur'");
	bad_rules(
	    "rule a colour=blue keys=x\n", "r.txt:1: unknown colour 'blue'");
	bad_rules("  keys=x\n", "r.txt:1: continuation line outside a rule");
	bad_rules("# c\nrule a keys=x\n", "r.txt:2: rule a: no colour= given");
	bad_rules("rule a colour=red\n\nrule b colour=red keys=x\n",
	    "r.txt:1: rule a matches nothing");
	bad_rules("rule a colour=red context=x\n",
	    "r.txt:1: rule a: context= needs value=");
	bad_rules("rule a colour=red keys=x\nrule a colour=red keys=y\n",
	    "r.txt:2: rule a is defined twice");
	bad_rules("rule a colour=red value=regex\n",
	    "r.txt:1: unknown value kind 'regex'");
	bad_rules("rule a colour=red keys=x,,y\n", "r.txt:1: bad key name ''");
	bad_rules("rule a colour=red keys=\n", "r.txt:1: keys: empty list");
	bad_rules("rule a colour=red keys=*x*\n",
	    "r.txt:1: '*x*': a star at one end only");
	bad_rules("rule A colour=red keys=x\n", "r.txt:1: bad rule name 'A'");
	bad_rules("rule\n", "r.txt:1: rule name missing");
	bad_rules("rules a colour=red\n", "r.txt:1: expected 'rule NAME");
	bad_rules("rule a colour=red keys=x similar=maybe\n",
	    "similar=maybe: expected yes or no");
	bad_rules("rule a colour=red keys=x\n\tcolour+=red\n",
	    "r.txt:2: colour+=: only keys+= and context+= add");
	bad_rules("rule a colour=red keys=x junk\n",
	    "expected NAME=VALUE, got 'junk'");
	for (i = 0; i <= 256; i++)
		p += snprintf(p, (size_t)(big + sizeof(big) - p),
		    "rule r%d colour=red keys=k%d\n", i, i);
	bad_rules(big, "r.txt:257: more than 256 rules");
}

static void
test_load(void)
{
	struct classifier *c = NULL;
	struct phi_err e = {0, ""};
	const char *files[] = {"/nonexistent/user.rules"};
	char path[512];
	int rc;

	setenv("PHI_DATADIR", "share", 1);
	classify_default_path(path, sizeof(path));
	ok(strcmp(path, "share/rules/default.rules") == 0,
	    "default path from PHI_DATADIR");
	rc = classify_load(&c, NULL, 0, &e);
	ok(rc == 0 && classify_rule_count(c) > 40, "default rules load: %s",
	    rc ? e.msg : "");
	if (c != NULL) {
		IS(c, "traits_email", "x", "yellow email");
		IS(c, "value", "4111 1111 1111 1111", "red creditcard");
		IS(c, "messageId", "jane@example.com", "green technical");
		classify_free(c);
	}
	rc = classify_load(&c, files, 1, &e);
	ok(rc == PHI_ENOINPUT && strstr(e.msg, "/nonexistent/user.rules") &&
	        c == NULL,
	    "missing user rules file: %s", e.msg);
	setenv("PHI_DATADIR", "/nonexistent", 1);
	rc = classify_load(&c, NULL, 0, &e);
	ok(rc == PHI_ENOINPUT && strstr(e.msg, "default rules") &&
	        strstr(e.msg, "/nonexistent/rules/default.rules"),
	    "missing default rules: %s", e.msg);
	unsetenv("PHI_DATADIR");
}

/* One value under one key and skip set, by both classifiers: the same
 * colour, rules and kinds hit. */
static int
same_verdict(struct classifier *on, struct classifier *off, const char *key,
    const char *val, const vkind_set *skip)
{
	struct class_key k1, k2;
	struct class_result r1, r2;
	vkind_set h1[2] = {0, 0}, h2[2] = {0, 0};
	enum ndjson_type t = strspn(val, "0123456789") == strlen(val)
	    ? NDJSON_NUMBER
	    : NDJSON_STRING;

	classify_key_name(on, key, strlen(key), &k1);
	classify_key_name(off, key, strlen(key), &k2);
	classify_value_skip(on, &k1, skip, t, val, strlen(val), &r1, h1);
	classify_value_skip(off, &k2, skip, t, val, strlen(val), &r2, h2);
	return r1.colour == r2.colour &&
	    memcmp(r1.matchers, r2.matchers, sizeof(r1.matchers)) == 0 &&
	    h1[0] == h2[0] && h1[1] == h2[1];
}

/* Two classifiers of the shipped rules (PHI_DATADIR=share, until
 * free_pair), to compare a cache or memo on with it off.  0, or -1 after
 * a failed point. */
static int
load_pair(struct classifier **on, struct classifier **off)
{
	struct phi_err e = {0, ""};

	*on = *off = NULL;
	setenv("PHI_DATADIR", "share", 1);
	if (classify_load(on, NULL, 0, &e) == 0 &&
	    classify_load(off, NULL, 0, &e) == 0)
		return 0;
	ok(0, "classifiers load: %s", e.msg);
	classify_free(*on);
	unsetenv("PHI_DATADIR");
	return -1;
}

static void
free_pair(struct classifier *on, struct classifier *off)
{
	classify_free(on);
	classify_free(off);
	unsetenv("PHI_DATADIR");
}

/* The value cache gives what the validators give: every value under
 * every key and skip set, three times over (the later ones from the
 * cache), against a classifier with the cache off. */
static void
test_value_cache(void)
{
	static const char *const keys[] = {"email", "value", "phone", "search",
	    "title", "ssn", "notes", "ip", "version", "name", "zip", "dob"};
	static const char *const vals[] = {"jane@example.com",
	    "+1 415 555 2671", "078-05-1120", "4111 1111 1111 1111",
	    "Ana Patel", "Ana Patel F32.9", "Dr. Kwame Mensah", "1954-12-07",
	    "December 7, 1954", "192.168.1.20", "4.3.27", "5.11.149.225",
	    "fr-CA", "/appointments/new", "Patient portal",
	    "Mozilla/5.0 (X11; Linux x86_64) Chrome/129.0", "94103", "SW1A 1AA",
	    "call me at (455) 982-8764 after 5pm", "NPI: 1234567893",
	    "W342716079", "12345", "13680797271", "Help with my account"};
	const vkind_set email = VK_BIT(VK_EMAIL), all = ~(vkind_set)0;
	const vkind_set skips[][2] = {
	    {0, 0}, {email, 0}, {0, email}, {all, 0}, {VK_BIT(VK_PHONE), all}};
	struct classifier *on = NULL, *off = NULL;
	size_t pass, i, j, s, bad = 0, n = 0;
	uint64_t hits, misses;

	if (load_pair(&on, &off) != 0)
		return;
	classify_cache_values(off, 0);
	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			for (j = 0; j < sizeof(vals) / sizeof(vals[0]); j++)
				for (s = 0;
				     s <= sizeof(skips) / sizeof(skips[0]);
				     s++, n++)
					bad += !same_verdict(on, off, keys[i],
					    vals[j],
					    s == 0 ? NULL : skips[s - 1]);
	ok(bad == 0, "cache on and off agree on %zu verdicts (%zu differ)", n,
	    bad);
	classify_cache_counts(on, &hits, &misses);
	ok(hits > misses,
	    "later passes from the cache (%llu hits, %llu misses)",
	    (unsigned long long)hits, (unsigned long long)misses);
	classify_cache_counts(off, &hits, &misses);
	ok(hits == 0, "the classifier with the cache off found nothing in it");
	free_pair(on, off);
}

/* The verdict of val under key (a string), into r. */
static void
text_verdict_of(struct classifier *c, const char *key, const char *val,
    struct class_result *r)
{
	struct class_key k;

	classify_key_name(c, key, strlen(key), &k);
	classify_value(c, &k, NDJSON_STRING, val, strlen(val), r);
}

/* Do two classifiers give val under key the same spans at min? */
static int
same_spans(struct classifier *a, struct classifier *b, const char *key,
    const char *val, enum class_colour min)
{
	struct spanlist la = SPANLIST_INIT, lb = SPANLIST_INIT;
	struct class_key ka, kb;
	size_t i;
	int same;

	classify_key_name(a, key, strlen(key), &ka);
	classify_key_name(b, key, strlen(key), &kb);
	same = classify_spans(a, &ka, val, strlen(val), min, &la) == 0 &&
	    classify_spans(b, &kb, val, strlen(val), min, &lb) == 0 &&
	    la.n == lb.n;
	for (i = 0; same && i < la.n; i++)
		same = la.v[i].start == lb.v[i].start &&
		    la.v[i].end == lb.v[i].end &&
		    la.v[i].tags == lb.v[i].tags &&
		    la.v[i].level == lb.v[i].level;
	spanlist_free(&la);
	spanlist_free(&lb);
	return same;
}

static int
same_result(const struct class_result *a, const struct class_result *b)
{
	return a->colour == b->colour &&
	    memcmp(a->matchers, b->matchers, sizeof(a->matchers)) == 0;
}

/* Verdict, spans at yellow and red, verdict again, then the spans of
 * the next text: the same from a classifier that keeps the findings of
 * free text (classify_keep_text) as from one that does not. */
static size_t
text_sequence(struct classifier *on, struct classifier *off, const char *key,
    const char *val, const char *next)
{
	struct class_result r1, r2;
	size_t bad = 0;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		text_verdict_of(on, key, val, &r1);
		text_verdict_of(off, key, val, &r2);
		bad += !same_result(&r1, &r2);
		if (pass == 0) {
			bad += !same_spans(on, off, key, val, CLASS_YELLOW);
			bad += !same_spans(on, off, key, val, CLASS_RED);
		}
	}
	return bad + !same_spans(on, off, key, next, CLASS_YELLOW);
}

static void
test_text_memo(void)
{
	static const char *const keys[] = {
	    "notes", "body", "phone", "name", "dob", "version", "comment"};
	static const char *const texts[] = {
	    "My name is Kwame Patel and I need help with my account today.",
	    "Please call me back at (455) 982-8764 after 5pm, or write to "
	    "jane.doe@example.com.",
	    "The package should go to 7052 Maple Dr, Denver, CO 80202 "
	    "instead. The lab results should appear in the portal.",
	    "My date of birth is 12/12/1939 if you need it. Member ID "
	    "W342716079 does not show up.",
	    "NPI: 1234567893 and DOB 07/12/1954 for Dr. Ana Mensah",
	    "version 5.11.149.225 was installed on the laptop",
	    "患者张伟的电话13680797271，请回电。",
	    "Thanks for reaching out to the help desk today.",
	    "call 415-555-0134", "Dear Maria, your refill is ready."};
	const size_t nt = sizeof(texts) / sizeof(texts[0]);
	struct classifier *on = NULL, *off = NULL;
	size_t i, j, bad = 0, n = 0;
	uint64_t kept, scanned, kept0, scanned0;
	struct class_result r;

	if (load_pair(&on, &off) != 0)
		return;
	classify_keep_text(on, 1);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		for (j = 0; j < nt; j++, n++)
			bad += text_sequence(
			    on, off, keys[i], texts[j], texts[(j + 1) % nt]);
	ok(bad == 0,
	    "findings kept and made afresh agree on %zu texts (%zu differ)", n,
	    bad);
	/* off keeps findings only for spans; on's verdicts come from the
	 * same findings, so they cost no scan of their own and are kept
	 * asks on top of off's */
	classify_text_counts(on, &kept, &scanned);
	classify_text_counts(off, &kept0, &scanned0);
	ok(scanned == scanned0 && kept > kept0,
	    "verdicts from kept findings: on %llu kept, %llu scanned; off %llu kept, %llu scanned",
	    (unsigned long long)kept, (unsigned long long)scanned,
	    (unsigned long long)kept0, (unsigned long long)scanned0);
	text_verdict_of(on, "notes", texts[0], &r);
	classify_text_counts(on, &kept0, &scanned0);
	bad = !same_spans(on, off, "notes", texts[0], CLASS_YELLOW);
	classify_text_counts(on, &kept, &scanned);
	ok(bad == 0 && kept == kept0 + 1 && scanned == scanned0,
	    "a verdict, then the spans of its text: one scan");
	free_pair(on, off);
}

int
main(void)
{
	test_luhn_cards();
	test_ssn();
	test_ids();
	test_phone();
	test_postal();
	test_street_national();
	test_net();
	test_text();
	test_codes();
	test_keyname();
	test_classifier();
	test_overrides();
	test_list_roundtrip();
	test_rule_errors();
	test_load();
	test_value_cache();
	test_text_memo();
	return tap_done();
}
