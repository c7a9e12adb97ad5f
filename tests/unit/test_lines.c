/*
 * test_lines.c - common/base/lines: the bounded line reader.  A line of
 * exactly max_line bytes passes and one more byte is PHI_EDATA naming
 * the file and line; a last line without a newline counts; only '\n'
 * ends a line (a CRLF's '\r' and NUL bytes reach the callback); an
 * empty input has no line; a callback's error stops the read and is
 * returned.
 */
#include <stdio.h>
#include <string.h>

#include "lines.h"
#include "tap.h"

#define TEST_LINES_MAX 8

struct test_lines_seen {
	size_t count, n[TEST_LINES_MAX];
	int nl[TEST_LINES_MAX], nul_after;
	uint64_t lineno[TEST_LINES_MAX];
	char text[TEST_LINES_MAX][64];
	uint64_t stop_at; /* 0: never */
};

static int
test_lines_fn(void *ctx, const char *line, size_t n, int nl, uint64_t lineno,
    struct phi_err *e)
{
	struct test_lines_seen *s = ctx;
	size_t i = s->count;

	if (i < TEST_LINES_MAX) {
		s->n[i] = n;
		s->nl[i] = nl;
		s->lineno[i] = lineno;
		memcpy(s->text[i], line, n < 64 ? n : 64);
	}
	s->nul_after &= line[n] == '\0';
	s->count++;
	if (lineno == s->stop_at)
		return phi_err_set(
		    e, PHI_EUSAGE, "stop at %llu", (unsigned long long)lineno);
	return PHI_OK;
}

/* Reads the n bytes of data as the file "x.txt", max_line bytes a line. */
static int
test_lines_read(const char *data, size_t n, size_t max_line,
    struct test_lines_seen *s, struct phi_err *e)
{
	FILE *f = fmemopen((void *)data, n, "r");
	int rc;

	if (f == NULL)
		return -1;
	s->nul_after = 1;
	rc = lines_each(f, "x.txt", max_line, test_lines_fn, s, e);
	fclose(f);
	return rc;
}

static void
test_lines_bound(void)
{
	struct test_lines_seen s = {.count = 0};
	struct phi_err e = {.code = 0};
	int rc;

	rc = test_lines_read("abcd\nabcde\n", 11, 5, &s, &e);
	ok(rc == PHI_OK && s.count == 2 && s.n[1] == 5 &&
	        memcmp(s.text[1], "abcde", 5) == 0,
	    "a line of exactly max_line bytes passes");
	s = (struct test_lines_seen){.count = 0};
	rc = test_lines_read("abcd\nabcdef\nxy\n", 15, 5, &s, &e);
	ok(rc == PHI_EDATA && s.count == 1, "one byte more is PHI_EDATA");
	ok(strcmp(e.msg, "x.txt:2: line longer than 5 bytes") == 0,
	    "the message names the file and the line (%s)", e.msg);
	s = (struct test_lines_seen){.count = 0};
	rc = test_lines_read("abcdef", 6, 5, &s, &e);
	ok(rc == PHI_EDATA && s.count == 0,
	    "an over-long last line without a newline too");
	s = (struct test_lines_seen){.count = 0};
	rc = test_lines_read("\n\n", 2, 0, &s, &e);
	ok(rc == PHI_OK && s.count == 2 && s.n[0] == 0 && s.n[1] == 0,
	    "max_line 0 takes empty lines");
}

static void
test_lines_ends(void)
{
	struct test_lines_seen s = {.count = 0};
	struct phi_err e = {.code = 0};
	int rc;

	rc = test_lines_read("one\ntwo", 7, 100, &s, &e);
	ok(rc == PHI_OK && s.count == 2 && s.nl[0] == 1 && s.nl[1] == 0 &&
	        s.n[1] == 3 && memcmp(s.text[1], "two", 3) == 0 &&
	        s.lineno[1] == 2,
	    "a last line without a newline counts, nl 0");
	s = (struct test_lines_seen){.count = 0};
	rc = test_lines_read("a\r\nb\r\n", 6, 100, &s, &e);
	ok(rc == PHI_OK && s.count == 2 && s.n[0] == 2 &&
	        memcmp(s.text[0], "a\r", 2) == 0 && s.nl[0] == 1,
	    "a CRLF's '\\r' is part of the line");
	s = (struct test_lines_seen){.count = 0};
	rc = test_lines_read("", 0, 100, &s, &e);
	ok(rc == PHI_OK && s.count == 0, "an empty input has no line");
	s = (struct test_lines_seen){.count = 0};
	rc = test_lines_read("a\0b\n\0\n", 6, 100, &s, &e);
	ok(rc == PHI_OK && s.count == 2 && s.n[0] == 3 &&
	        memcmp(s.text[0], "a\0b", 3) == 0 && s.n[1] == 1 &&
	        s.text[1][0] == '\0',
	    "NUL bytes are passed on, counted in n");
	s = (struct test_lines_seen){.count = 0};
	rc = test_lines_read("x\nyy\n\nzzz", 9, 100, &s, &e);
	ok(rc == PHI_OK && s.count == 4 && s.nul_after,
	    "every line has a NUL after its n bytes");
}

static void
test_lines_stop(void)
{
	struct test_lines_seen s = {.stop_at = 2};
	struct phi_err e = {.code = 0};
	int rc;

	rc = test_lines_read("1\n2\n3\n4\n", 8, 100, &s, &e);
	ok(rc == PHI_EUSAGE && s.count == 2 && strcmp(e.msg, "stop at 2") == 0,
	    "a callback's error stops the read and is returned");
}

int
main(void)
{
	test_lines_bound();
	test_lines_ends();
	test_lines_stop();
	return tap_done();
}
