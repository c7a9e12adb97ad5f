/*
 * tap.h - a tiny TAP producer for the C unit tests.
 *
 *	ok(cond, "name %d", i);   one test point
 *	return tap_done();        prints the plan, returns the exit status
 *
 * The plan comes last, from the count of points run (the counts depend on
 * data: vectors, fixtures, loops).  A test that stops halfway is still a
 * failure: one that exits (exit(), or a return from main) before
 * tap_done() gets a "not ok" point and exit status 1 from an atexit
 * handler, and one that dies of a signal prints no plan at all, which
 * tests/tapcount.sh counts as a failure.
 */
#ifndef PHI_TAP_H
#define PHI_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int tap_n, tap_failed, tap_armed, tap_finished;

static void
tap_atexit(void)
{
	if (tap_finished)
		return;
	printf("not ok %d - exited after %d points, before tap_done()\n",
	    tap_n + 1, tap_n);
	printf("1..%d\n", tap_n + 1);
	fflush(stdout);
	_exit(1);
}

static inline int __attribute__((format(printf, 2, 3)))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	if (!tap_armed) {
		tap_armed = 1;
		if (atexit(tap_atexit) != 0)
			tap_failed++;
	}
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return cond;
}

static inline int
tap_done(void)
{
	tap_finished = 1;
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
