/*
 * test_json.c - common/json: json_unquote (escapes, surrogate pairs,
 * refusals), json_string_end and json_is_value.
 */
#include <string.h>

#include <yajl_parse.h>

#include "json.h"
#include "tap.h"

/* Literal lit decodes to want[0..wn). */
static void
unq_ok(const char *lit, const char *want, size_t wn)
{
	struct buf b = BUF_INIT;
	int rc = json_unquote(lit, strlen(lit), &b);

	ok(rc == 0 && b.len == wn && (wn == 0 || memcmp(b.p, want, wn) == 0),
	    "json_unquote(%s)", lit);
	buf_free(&b, 0);
}

static void
unq_bad(const char *lit, size_t n, const char *name)
{
	struct buf b = BUF_INIT;

	ok(json_unquote(lit, n, &b) == -1, "json_unquote refuses %s", name);
	buf_free(&b, 0);
}

#define UNQ_OK(lit, want) unq_ok(lit, want, sizeof(want) - 1)
#define UNQ_BAD(lit, name) unq_bad(lit, sizeof(lit) - 1, name)

static void
test_unquote(void)
{
	struct buf b = BUF_INIT;

	UNQ_OK("\"\"", "");
	UNQ_OK("\"abc\"", "abc");
	UNQ_OK("\"a\\\"b\"", "a\"b");
	UNQ_OK("\"\\\\\"", "\\");
	UNQ_OK("\"\\/\"", "/");
	UNQ_OK("\"\\b\\f\\n\\r\\t\"", "\b\f\n\r\t");
	UNQ_OK("\"\\u0041\\u0062\"", "Ab");
	UNQ_OK("\"\\u00e9\\u00E9\"", "\xc3\xa9\xc3\xa9");
	UNQ_OK("\"\\u07ff\\u0800\"", "\xdf\xbf\xe0\xa0\x80");
	UNQ_OK("\"\\u20ac\"", "\xe2\x82\xac");
	UNQ_OK("\"\\uffff\"", "\xef\xbf\xbf");
	UNQ_OK("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80");
	UNQ_OK("\"\\uD83D\\uDE00!\"", "\xf0\x9f\x98\x80!");
	UNQ_OK("\"\\udbff\\udfff\"", "\xf4\x8f\xbf\xbf");
	UNQ_OK("\"\\ud800\\udc00\"", "\xf0\x90\x80\x80");
	UNQ_OK("\"\\u0000\"", "\0");
	UNQ_OK("\"caf\xc3\xa9 \x7f\"", "caf\xc3\xa9 \x7f");

	UNQ_BAD("\"\\ud83d\"", "a lone high surrogate");
	UNQ_BAD("\"\\ud83dx\"", "a high surrogate then a letter");
	UNQ_BAD("\"\\ud83d\\u0041\"", "a high surrogate then no low one");
	UNQ_BAD("\"\\ud83d\\ud83d\"", "two high surrogates");
	UNQ_BAD("\"\\ude00\"", "a lone low surrogate");
	UNQ_BAD("\"\\ude00\\ud83d\"", "surrogates the wrong way round");
	UNQ_BAD("\"\\ud83d\\ude0\"", "a short low surrogate");
	UNQ_BAD("\"a\nb\"", "a raw newline");
	UNQ_BAD("\"\x01\"", "a raw U+0001");
	UNQ_BAD("\"\x1f\"", "a raw U+001F");
	UNQ_BAD("\"\t\"", "a raw tab");
	UNQ_BAD("\"a\0b\"", "a raw NUL");
	UNQ_BAD("\"\\x41\"", "a bad escape \\x");
	UNQ_BAD("\"\\a\"", "a bad escape \\a");
	UNQ_BAD("\"\\U0041\"", "an upper-case \\U");
	UNQ_BAD("\"\\u12\"", "a short \\u");
	UNQ_BAD("\"\\u004\"", "a \\u of three digits");
	UNQ_BAD("\"\\u12g4\"", "a \\u with a non-hex digit");
	UNQ_BAD("\"\\\"", "an escaped closing quote");
	UNQ_BAD("\"abc\\\"", "a string ending in an escape");
	UNQ_BAD("\"abc", "a missing closing quote");
	UNQ_BAD("abc\"", "a missing opening quote");
	UNQ_BAD("abc", "no quotes");
	UNQ_BAD("\"", "a lone quote");
	UNQ_BAD("", "an empty text");
	UNQ_BAD("\"a\"b\"", "an unescaped quote inside");
	UNQ_BAD("\"\"\"", "three quotes");
	unq_bad("\"\\u0041\"", 7, "a literal cut inside its \\u");

	buf_append(&b, "xy", 2);
	ok(json_unquote("\"z\"", 3, &b) == 0 && b.len == 3 &&
	        memcmp(b.p, "xyz", 3) == 0,
	    "json_unquote appends to the buffer");
	buf_free(&b, 0);
}

static void
end_ok(const char *s, size_t i, size_t want)
{
	size_t end = 0;

	ok(json_string_end(s, strlen(s), i, &end) == 0 && end == want,
	    "json_string_end(%s, %zu) = %zu (got %zu)", s, i, want, end);
}

static void
end_bad(const char *s, size_t i)
{
	size_t end = 12345;

	ok(json_string_end(s, strlen(s), i, &end) == -1 && end == 12345,
	    "json_string_end(%s, %zu) finds no end", s, i);
}

static void
test_string_end(void)
{
	end_ok("\"\"", 0, 2);
	end_ok("\"abc\"", 0, 5);
	end_ok("\"abc\"def\"", 0, 5);
	end_ok("\"a\\\"b\"", 0, 6);
	end_ok("\"a\\\\\"b\"", 0, 5);
	end_ok("\"\\\\\\\"\"", 0, 6);
	end_ok("x:\"y\",", 2, 5);
	end_ok("[\"k\"]", 1, 4);
	end_ok("\"\\u0022\"", 0, 8);
	end_bad("\"abc", 0);
	end_bad("\"abc\\\"", 0);
	end_bad("\"abc\\", 0);
	end_bad("\"", 0);
	ok(json_string_end("\"ab\"", 3, 0, &(size_t){0}) == -1,
	    "json_string_end stops at n");
}

static void
value_is(const char *s, int want)
{
	char name[64];
	size_t i;

	/* control characters would break the TAP line */
	for (i = 0; s[i] != '\0' && i + 1 < sizeof(name); i++)
		name[i] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	name[i] = '\0';
	ok(json_is_value(s, strlen(s)) == want, "json_is_value(%s) is %d", name,
	    want);
}

static void
test_is_value(void)
{
	static const char *const good[] = {"null", "true", "false", "0",
	    "-1.5e3", "123456789012345678901234567890", "\"s\"", "\"\"",
	    "\"\\u00e9\"", "{}", "[]", "{\"a\":[1,{\"b\":null}],\"c\":\"d\"}",
	    " 1 ", "\n{}\n", "\t[true]\r\n", "\"caf\xc3\xa9\"", NULL};
	static const char *const bad[] = {"", "   ", "\n", "1 2", "{} {}",
	    "{}x", "[]]", "{\"a\":", "{\"a\":1", "[1,", "\"abc", "tru", "nul",
	    "NaN", "'s'", "{a:1}", "{\"a\" 1}", "[1,]", "01", "1.", "-", "+1",
	    ".5", "\"\xff\"", "\"a\nb\"", "{\"a\":1,}", "[1 2]", "//c\n1",
	    NULL};
	size_t i;

	for (i = 0; good[i] != NULL; i++)
		value_is(good[i], 1);
	for (i = 0; bad[i] != NULL; i++)
		value_is(bad[i], 0);
	ok(json_is_value("1\0", 2) == 0, "json_is_value refuses a NUL byte");
	ok(json_is_value("12", 1) == 1, "json_is_value looks at n bytes only");
	ok(json_is_value("[1]x", 3) == 1, "json_is_value ignores past n");
}

/* yajl's own answer (default options): is s[0..n) one JSON value? */
static int
yajl_is_value(const char *s, size_t n)
{
	yajl_handle h = yajl_alloc(NULL, NULL, NULL);
	int r;

	r = yajl_parse(h, (const unsigned char *)s, n) == yajl_status_ok &&
	    yajl_complete_parse(h) == yajl_status_ok;
	yajl_free(h);
	return r;
}

/* Strings of every length to 40 (the plain-ASCII fast path takes 16
 * bytes at a time), each byte in turn replaced by bytes that end it,
 * need an escape, or are not ASCII: json_is_value agrees with yajl. */
static void
test_is_value_strings(void)
{
	static const unsigned char subst[] = {
	    0x00, 0x1f, '"', '\\', 0x7f, 0x80, 0xc3, 0xe9, 0xff, ' ', 'a'};
	char s[44];
	size_t n, i, k, bad = 0, runs = 0;

	for (n = 2; n <= 42; n++) {
		memset(s, 'x', n);
		s[0] = s[n - 1] = '"';
		bad += json_is_value(s, n) != 1, runs++;
		for (i = 0; i < n; i++)
			for (k = 0; k < sizeof(subst); k++) {
				char keep = s[i];

				s[i] = (char)subst[k];
				/* yajl takes a lone '"' after a value as a
				 * string still to come: json_is_value not */
				if (subst[k] == '"' && i > 0 && i == n - 2)
					bad += json_is_value(s, n) != 0;
				else
					bad += json_is_value(s, n) !=
					    yajl_is_value(s, n);
				runs++;
				s[i] = keep;
			}
	}
	ok(bad == 0, "json_is_value agrees with yajl on %zu altered strings",
	    runs);
	ok(json_is_value("\"caf\xc3\xa9 au lait, no sugar\"", 25) == 1,
	    "a string with UTF-8 after the first 16 bytes is one value");
	ok(json_is_value("\"0123456789abcdef\\u0041\"", 24) == 1,
	    "an escape after the first 16 bytes is read as one");
}

int
main(void)
{
	test_unquote();
	test_string_end();
	test_is_value();
	test_is_value_strings();
	return tap_done();
}
