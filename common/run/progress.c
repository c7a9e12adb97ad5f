/* progress.c - progress and summary lines (see progress.h). */
#include <stdio.h>
#include <time.h>

#include "cli.h"
#include "progress.h"

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
progress_init(struct progress *p, int on, uint64_t total)
{
	p->on = on;
	p->total = total;
	p->done = 0;
	p->start = now();
	p->last = p->start - 1.0; /* the first block is shown at once */
}

void
progress_update(void *pctx, const struct ndjson_stats *st)
{
	struct progress *p = pctx;
	double t = now(), secs, rate;

	if (!p->on || t - p->last < 0.25)
		return;
	p->last = t;
	secs = t - p->start;
	rate = secs > 0 ? (double)st->bytes / 1e6 / secs : 0;
	fprintf(stderr, "\r%s: %llu lines, %.1f MB, %.1f MB/s", cli_progname(),
	    (unsigned long long)st->lines, (double)st->bytes / 1e6, rate);
	if (p->total > st->bytes && rate > 0)
		fprintf(stderr, ", ETA %.0f s",
		    (double)(p->total - st->bytes) / 1e6 / rate);
	fputs("\033[K", stderr);
	fflush(stderr);
}

void
progress_end(struct progress *p)
{
	if (p->on && p->last >= p->start)
		fputs("\r\033[K", stderr);
}

void
progress_summary(
    const struct progress *p, const struct ndjson_stats *st, const char *verb)
{
	double secs = now() - p->start;

	fprintf(stderr,
	    "%s: %llu events, %llu values %s, %llu bad lines, %.1f MB in %.2f s (%.1f MB/s)\n",
	    cli_progname(), (unsigned long long)st->events,
	    (unsigned long long)st->taken, verb, (unsigned long long)st->bad,
	    (double)st->bytes / 1e6, secs,
	    secs > 0 ? (double)st->bytes / 1e6 / secs : 0.0);
}
