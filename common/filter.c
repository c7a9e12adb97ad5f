/*
 * filter.c - the wiring shared by the filter programs (see filter.h).
 * Like cli.c this is the programs' side of the library: it may print
 * progress and warnings for rejected lines, but it never exits.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "filter.h"
#include "outfile.h"
#include "progress.h"

int
filter_option(struct filter_opts *o, int ch, const char *arg, struct phi_err *e)
{
	switch (ch) {
	case 'o':
		o->output = arg;
		return PHI_OK;
	case FILTER_OPT_REJECT:
		o->reject = arg;
		return PHI_OK;
	case FILTER_OPT_MAX_LINE:
		return cli_parse_size("--max-line", arg, &o->max_line, e);
	case FILTER_OPT_STATS:
		o->stats = 1;
		return PHI_OK;
	case FILTER_OPT_PROGRESS:
	case FILTER_OPT_NO_PROGRESS:
		o->progress = ch == FILTER_OPT_PROGRESS ? 1 : -1;
		return PHI_OK;
	case FILTER_OPT_SUFFIX:
		if (*arg == '\0')
			return phi_err_set(
			    e, PHI_EUSAGE, "--suffix: empty suffix");
		o->suffix = arg;
		return PHI_OK;
	case FILTER_OPT_IN_PLACE:
		o->in_place = 1;
		return PHI_OK;
	}
	return phi_err_set(e, PHI_EUSAGE, "unknown option");
}

int
filter_check(const struct filter_opts *o, int nfiles, struct phi_err *e)
{
	if (o->suffix != NULL && o->in_place)
		return phi_err_set(e, PHI_EUSAGE,
		    "--suffix and --in-place cannot be used together");
	if ((o->suffix != NULL || o->in_place) && o->output != NULL)
		return phi_err_set(e, PHI_EUSAGE, "-o cannot be used with %s",
		    o->in_place ? "--in-place" : "--suffix");
	if ((o->suffix != NULL || o->in_place) && nfiles == 0)
		return phi_err_set(e, PHI_EUSAGE, "%s needs FILE operands",
		    o->in_place ? "--in-place" : "--suffix");
	return PHI_OK;
}

static void
rejected(void *ctx, const struct phi_err *e)
{
	(void)ctx;
	cli_warn("%s", e->msg);
}

/* Sum of the sizes of the regular files among the inputs (0: unknown). */
static uint64_t
input_size(char *const *files, int n)
{
	uint64_t total = 0;
	struct stat sb;
	int i;

	for (i = 0; i < n; i++) {
		if (strcmp(files[i], "-") == 0 || stat(files[i], &sb) != 0 ||
		    !S_ISREG(sb.st_mode))
			return 0;
		total += (uint64_t)sb.st_size;
	}
	return total;
}

/* Runs files[0..n-1] (none: stdin) into path (NULL: stdout). */
static int
run_into(struct ndjson *nj, const struct filter_opts *o, char *const *files,
    int n, const char *path, struct phi_err *e)
{
	struct outfile of;
	int rc, i;

	if ((rc = outfile_open(&of, o->no_events ? NULL : path, e)) != 0)
		return rc;
	ndjson_set_output(nj, o->no_events ? -1 : of.fd, path);
	for (i = 0; i < n && rc == PHI_OK; i++)
		rc = ndjson_run_file(nj, files[i], e);
	if (n == 0)
		rc = ndjson_run_file(nj, "-", e);
	if (rc == PHI_OK)
		rc = ndjson_flush(nj, e);
	if (rc == PHI_OK)
		rc = outfile_commit(&of, e);
	else
		outfile_abort(&of);
	return rc;
}

static int
run_batch(struct ndjson *nj, const struct filter_opts *o, char *const *files,
    int n, struct phi_err *e)
{
	char target[4096];
	int rc = PHI_OK, i;

	for (i = 0; i < n && rc == PHI_OK; i++) {
		if (strcmp(files[i], "-") == 0)
			return phi_err_set(e, PHI_EUSAGE,
			    "'-' cannot be used with --suffix or --in-place");
		if (snprintf(target, sizeof(target), "%s%s", files[i],
		        o->in_place ? "" : o->suffix) >= (int)sizeof(target))
			return phi_err_set(
			    e, PHI_EUSAGE, "%s: name too long", files[i]);
		rc = run_into(nj, o, &files[i], 1, target, e);
	}
	return rc;
}

static int
want_progress(const struct filter_opts *o, uint64_t total)
{
	if (o->progress != 0)
		return o->progress > 0;
	return total > 0 && isatty(STDERR_FILENO);
}

/* The --stats line; values skipped by the handler are not counted as
 * changed, but apart ("N values decrypted, M skipped"). */
static void
filter_summary(const struct filter_opts *o, const struct progress *prog,
    const struct ndjson_stats *st)
{
	struct ndjson_stats s = *st;
	const char *verb = o->verb != NULL ? o->verb : "changed";
	char buf[96];
	uint64_t sk;

	if (o->skipped != NULL) {
		sk = o->skipped(o->skipped_ctx);
		s.taken -= sk < s.taken ? sk : s.taken;
		snprintf(buf, sizeof(buf), "%s, %llu skipped", verb,
		    (unsigned long long)sk);
		verb = buf;
	}
	progress_summary(prog, &s, verb);
}

int
filter_run(const struct filter_opts *o, const struct ndjson_handler *h,
    char *const *files, int nfiles, struct ndjson_stats *st, struct phi_err *e)
{
	struct ndjson_handler hh = *h;
	struct ndjson_opts no = {.max_line = o->max_line,
	    .select = o->select,
	    .reject_path = o->reject,
	    .out_fd = -1,
	    .progress = progress_update};
	struct progress prog;
	struct ndjson *nj;
	uint64_t total = input_size(files, nfiles);
	int rc;

	progress_init(&prog, want_progress(o, total), total);
	no.pctx = &prog;
	if (hh.rejected == NULL)
		hh.rejected = rejected;
	if ((rc = ndjson_new(&nj, &no, &hh, e)) != PHI_OK)
		return rc;
	if (o->suffix != NULL || o->in_place)
		rc = run_batch(nj, o, files, nfiles, e);
	else
		rc = run_into(nj, o, files, nfiles, o->output, e);
	progress_end(&prog);
	if (st != NULL)
		*st = *ndjson_stats(nj);
	if (rc == PHI_OK && ndjson_stats(nj)->bad > 0)
		rc = phi_err_set(e, PHI_EDATA, "%llu bad line%s, written to %s",
		    (unsigned long long)ndjson_stats(nj)->bad,
		    ndjson_stats(nj)->bad == 1 ? "" : "s", o->reject);
	if (o->stats)
		filter_summary(o, &prog, ndjson_stats(nj));
	ndjson_free(nj);
	return rc;
}
