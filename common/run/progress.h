/*
 * progress.h - a progress line on standard error (lines, MB, MB/s and,
 * when the input size is known, an ETA), redrawn at most 4 times a
 * second, and the --stats summary line.
 */
#ifndef PHI_PROGRESS_H
#define PHI_PROGRESS_H

#include <stdint.h>

#include "ndjson.h"

struct progress {
	int on;
	uint64_t total; /* bytes expected, 0 if unknown */
	uint64_t done;  /* bytes of inputs finished before this one */
	double start, last;
};

void progress_init(struct progress *p, int on, uint64_t total);
/* ndjson_opts.progress callback; pctx is a struct progress. */
void progress_update(void *pctx, const struct ndjson_stats *st);
/* Clears the progress line. */
void progress_end(struct progress *p);
/* "prog: N events, N values VERB, N bad lines, X MB in S s (R MB/s)". */
void progress_summary(
    const struct progress *p, const struct ndjson_stats *st, const char *verb);

#endif
