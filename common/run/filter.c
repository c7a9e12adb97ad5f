/*
 * filter.c - the wiring shared by the filter programs (see filter.h).
 * Like cli.c this is the programs' side of the library: it may print
 * progress and warnings for rejected lines, but it never exits.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "filter.h"
#include "outfile.h"
#include "pathseen.h"
#include "progress.h"

/* --mode OCTAL: 0 to 0777. */
static int
filter_parse_mode(struct filter_opts *o, const char *arg, struct phi_err *e)
{
	char *end;
	long m;

	errno = 0;
	m = strtol(arg, &end, 8);
	if (*arg < '0' || *arg > '7' || *end != '\0' || errno != 0 || m < 0 ||
	    m > 0777)
		return phi_err_set(e, PHI_EUSAGE,
		    "--mode: '%s' is not an octal mode from 0 to 0777", arg);
	o->mode_set = 1;
	o->mode = (int)m;
	return PHI_OK;
}

/* -j N: 0 is one per online CPU. */
static int
filter_parse_jobs(struct filter_opts *o, const char *arg, struct phi_err *e)
{
	long n, cpus;

	if (cli_parse_long("--jobs", arg, 0, NDJSON_MAX_JOBS, &n, e) != PHI_OK)
		return PHI_EUSAGE;
	if (n == 0) {
		cpus = sysconf(_SC_NPROCESSORS_ONLN);
		n = cpus < 1                 ? 1
		    : cpus > NDJSON_MAX_JOBS ? NDJSON_MAX_JOBS
		                             : cpus;
	}
	o->jobs = (int)n;
	return PHI_OK;
}

/* Events read for suggestions at most, while a -f path is unused. */
#define FILTER_SEEN_EVENTS 10000

/* The run's -f path check: the program's handler wrapped so that, while
 * a path has selected nothing yet, the paths of the input are kept for
 * suggestions (inside containers the program skips, too). */
struct fpaths {
	const struct filter_opts *o;
	struct ndjson_handler in;
	struct pathseen *seen; /* shared by the workers' copies, under mu */
	pthread_mutex_t *mu;   /* NULL: one thread */
	size_t skip_depth;     /* > 0: inside a container the program skipped */
	int collecting;
	uint64_t events;
};

int
filter_option(struct filter_opts *o, int ch, const char *arg, struct phi_err *e)
{
	switch (ch) {
	case 'o':
		o->output = arg;
		return PHI_OK;
	case FILTER_OPT_REJECT:
	case FILTER_OPT_REJECT_APPEND:
		o->reject = arg;
		o->reject_append = ch == FILTER_OPT_REJECT_APPEND;
		return PHI_OK;
	case FILTER_OPT_MODE:
		return filter_parse_mode(o, arg, e);
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
	case FILTER_OPT_STRICT:
		o->strict = 1;
		return PHI_OK;
	case FILTER_OPT_LINE_BUFFERED:
		o->line_buffered = 1;
		return PHI_OK;
	case FILTER_OPT_JOBS:
		return filter_parse_jobs(o, arg, e);
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

/* The -f and --keys paths that have selected nothing so far. */
static size_t
fp_unused(const struct filter_opts *o)
{
	return (o->check != NULL ? pathset_unused_count(o->check) : 0) +
	    (o->check_keys != NULL ? pathset_unused_count(o->check_keys) : 0);
}

static void
fp_note(struct fpaths *f, const struct ndjson_value *v)
{
	if (f->mu != NULL)
		pthread_mutex_lock(f->mu);
	if (pathseen_add(f->seen, v->path, v->depth) != 0)
		f->collecting = 0; /* suggestions are a nicety */
	if (f->mu != NULL)
		pthread_mutex_unlock(f->mu);
}

/* Is the shared list of paths seen full? */
static int
fp_full(struct fpaths *f)
{
	int full;

	if (f->mu != NULL)
		pthread_mutex_lock(f->mu);
	full = pathseen_full(f->seen);
	if (f->mu != NULL)
		pthread_mutex_unlock(f->mu);
	return full;
}

static enum ndjson_action
fp_visit(void *ctx, const struct ndjson_value *v)
{
	struct fpaths *f = ctx;
	enum ndjson_action a;

	if (f->skip_depth > 0 && v->depth > f->skip_depth) {
		fp_note(f, v);
		return NDJSON_KEEP; /* the program never sees these */
	}
	f->skip_depth = 0;
	a = f->in.visit(f->in.ctx, v);
	if (!f->collecting)
		return a;
	fp_note(f, v);
	if (a == NDJSON_SKIP) {
		f->skip_depth = v->depth;
		return NDJSON_KEEP;
	}
	return a;
}

static enum ndjson_action
fp_key(void *ctx, const struct ndjson_value *v)
{
	struct fpaths *f = ctx;

	if (f->skip_depth > 0 && v->depth > f->skip_depth)
		return NDJSON_KEEP; /* the program never sees these */
	return f->in.key(f->in.ctx, v);
}

static int
fp_take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	struct fpaths *f = ctx;

	return f->in.take(f->in.ctx, v, out, e);
}

static int
fp_line_done(void *ctx, struct phi_err *e)
{
	struct fpaths *f = ctx;

	f->events++;
	if (f->collecting &&
	    (fp_unused(f->o) == 0 || f->events >= FILTER_SEEN_EVENTS ||
	        fp_full(f)))
		f->collecting = 0;
	return f->in.line_done != NULL ? f->in.line_done(f->in.ctx, e) : PHI_OK;
}

static void
fp_rejected(void *ctx, const struct phi_err *e)
{
	struct fpaths *f = ctx;

	f->in.rejected(f->in.ctx, e);
}

/* A worker's copy of the wrapper, around the program's worker context;
 * each collects paths for suggestions in its first events (the list is
 * shared). */
static void *
fp_worker_new(void *ctx, struct phi_err *e)
{
	struct fpaths *f = ctx, *w = malloc(sizeof(*w));

	if (w == NULL) {
		phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		return NULL;
	}
	*w = *f;
	w->skip_depth = 0;
	w->events = 0;
	if ((w->in.ctx = f->in.worker_new(f->in.ctx, e)) == NULL) {
		free(w);
		return NULL;
	}
	return w;
}

static int
fp_worker_merge(void *ctx, void *wctx, struct phi_err *e)
{
	struct fpaths *f = ctx, *w = wctx;

	if (f->in.worker_merge == NULL)
		return PHI_OK;
	return f->in.worker_merge(f->in.ctx, w->in.ctx, e);
}

static void
fp_worker_free(void *wctx)
{
	struct fpaths *w = wctx;

	if (w->in.worker_free != NULL)
		w->in.worker_free(w->in.ctx);
	free(w);
}

/* Puts the wrapper of f around *h when there are -f paths to check. */
static int
fp_wrap(struct fpaths *f, struct ndjson_handler *h, pthread_mutex_t *mu,
    struct phi_err *e)
{
	if ((f->o->check == NULL || pathset_count(f->o->check) == 0) &&
	    (f->o->check_keys == NULL || pathset_count(f->o->check_keys) == 0))
		return PHI_OK;
	if ((f->seen = pathseen_new()) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	f->in = *h;
	f->collecting = 1;
	h->ctx = f;
	h->visit = fp_visit;
	h->take = h->take != NULL ? fp_take : NULL;
	h->key = h->key != NULL ? fp_key : NULL;
	h->line_done = fp_line_done;
	h->rejected = fp_rejected;
	h->want_string = NULL;
	if (f->in.worker_new != NULL && f->o->jobs > 1) {
		f->mu = mu;
		h->worker_new = fp_worker_new;
		h->worker_merge = fp_worker_merge;
		h->worker_free = fp_worker_free;
	} else
		h->worker_new = NULL;
	return PHI_OK;
}

static int
fp_strict(const struct filter_opts *o)
{
	const char *env = getenv("PHI_STRICT");

	return o->strict || (env != NULL && strcmp(env, "1") == 0);
}

/* --strict: 0, or PHI_EDATA when a -f path has selected nothing in
 * the events (none read: nothing to miss, e.g. an empty file). */
static int
fp_check(const struct filter_opts *o, uint64_t events, struct phi_err *e)
{
	size_t n;

	if (!fp_strict(o) || events == 0 || (n = fp_unused(o)) == 0)
		return PHI_OK;
	return phi_err_set(e, PHI_EDATA,
	    "%zu field path%s selected nothing (--strict)%s", n,
	    n == 1 ? "" : "s",
	    o->output != NULL || o->suffix != NULL || o->in_place
	        ? ": output not written"
	        : "");
}

/* Is p one of the paths of set (as given)? */
static int
fp_has(const struct pathset *set, const char *p)
{
	const char *q;
	size_t i;

	for (i = 0; set != NULL && (q = pathset_expr(set, i)) != NULL; i++)
		if (strcmp(q, p) == 0)
			return 1;
	return 0;
}

/* The option that gave path p of check: "--join", "--in-text" or opt. */
static const char *
fp_opt_name(const struct fpaths *f, const char *p, const char *opt)
{
	if (fp_has(f->o->check_join, p))
		return "--join";
	if (fp_has(f->o->check_text, p))
		return "--in-text";
	return opt;
}

/* The warning for each path of set (opt: "-f", "--keys") that selected
 * nothing. */
static void
fp_report_set(
    const struct fpaths *f, const struct pathset *set, const char *opt)
{
	const char *p, *near, *name;
	size_t i;

	for (i = 0; set != NULL && i < pathset_count(set); i++) {
		if ((p = pathset_unused(set, i)) == NULL)
			continue;
		name = set == f->o->check ? fp_opt_name(f, p, opt) : opt;
		near = pathseen_closest(f->seen, p);
		if (near != NULL)
			cli_warn("%s %s selected nothing; did you mean %s?",
			    name, p, near);
		else
			cli_warn("%s %s selected nothing", name, p);
	}
}

/* The warning for each -f or --keys path that selected nothing. */
static void
fp_report(const struct fpaths *f, uint64_t events)
{
	if (f->seen == NULL || events == 0)
		return;
	fp_report_set(f, f->o->check, "-f");
	fp_report_set(f, f->o->check_keys, "--keys");
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
	struct phi_err stop = {0, ""};
	struct outfile of;
	int rc, i;

	rc = outfile_open_as(&of, o->no_events ? NULL : path, OUTFILE_REPLACE,
	    o->mode_set ? o->mode : OUTFILE_KEEP_MODE, e);
	if (rc != PHI_OK)
		return rc;
	ndjson_set_output(nj, o->no_events ? -1 : of.fd, path);
	for (i = 0; i < n && rc == PHI_OK; i++)
		rc = ndjson_run_file(nj, files[i], e);
	if (n == 0)
		rc = ndjson_run_file(nj, "-", e);
	if (rc == PHI_ESTOP && o->suffix == NULL && !o->in_place) {
		stop = *e; /* a stop: the lines done are the output */
		rc = PHI_OK;
	}
	if (rc == PHI_OK)
		rc = ndjson_flush(nj, e);
	if (rc == PHI_OK && stop.code == 0)
		rc = fp_check(o, ndjson_stats(nj)->events, e);
	if (rc == PHI_OK)
		rc = outfile_commit(&of, e);
	else
		outfile_abort(&of);
	if (rc == PHI_OK && stop.code != 0)
		*e = stop;
	return rc == PHI_OK ? stop.code : rc;
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

/* 1 if the file sb is the input name ("-": standard input). */
static int
same_file(const struct stat *sb, const char *name)
{
	struct stat in;

	if (strcmp(name, "-") == 0 ? fstat(STDIN_FILENO, &in) != 0
	                           : stat(name, &in) != 0)
		return 0;
	return in.st_dev == sb->st_dev && in.st_ino == sb->st_ino;
}

/* The reject file must not be one of the inputs (nor standard input):
 * bad lines would be added to the file being read. */
static int
reject_not_input(
    const char *reject, char *const *files, int n, struct phi_err *e)
{
	struct stat sb;
	int i;

	if (reject == NULL || lstat(reject, &sb) != 0 || !S_ISREG(sb.st_mode))
		return PHI_OK;
	for (i = 0; i < n || (n == 0 && i == 0); i++)
		if (same_file(&sb, n == 0 ? "-" : files[i]))
			return phi_err_set(e, PHI_EUSAGE,
			    "%s: the reject file is also an input (%s)", reject,
			    n == 0 ? "standard input" : files[i]);
	return PHI_OK;
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
	char buf[160];
	uint64_t sk;

	if (o->skipped != NULL) {
		sk = o->skipped(o->skipped_ctx);
		s.taken -= sk < s.taken ? sk : s.taken;
		snprintf(buf, sizeof(buf), "%s, %llu skipped", verb,
		    (unsigned long long)sk);
		if (o->detail != NULL)
			o->detail(o->skipped_ctx, buf, sizeof(buf));
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
	    .reject_append = o->reject_append,
	    .out_fd = -1,
	    .progress = progress_update};
	struct fpaths fp = {.o = o};
	pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	struct progress prog;
	struct ndjson *nj = NULL;
	uint64_t total = input_size(files, nfiles);
	int rc;

	if ((rc = cli_stop_catch(e)) != PHI_OK)
		return rc;
	progress_init(&prog, want_progress(o, total), total);
	no.pctx = &prog;
	no.line_buffered = o->line_buffered;
	no.jobs = o->jobs;
	no.stop = cli_stop_flag();
	no.stop_fd = cli_stop_fd();
	if (hh.rejected == NULL)
		hh.rejected = rejected;
	if ((rc = reject_not_input(o->reject, files, nfiles, e)) != PHI_OK ||
	    (rc = fp_wrap(&fp, &hh, &mu, e)) != PHI_OK ||
	    (rc = ndjson_new(&nj, &no, &hh, e)) != PHI_OK)
		goto out;
	if (o->suffix != NULL || o->in_place)
		rc = run_batch(nj, o, files, nfiles, e);
	else
		rc = run_into(nj, o, files, nfiles, o->output, e);
	progress_end(&prog);
	if (rc == PHI_OK ||
	    (rc == PHI_EDATA && fp_check(o, ndjson_stats(nj)->events, NULL)))
		fp_report(&fp, ndjson_stats(nj)->events);
	if (st != NULL)
		*st = *ndjson_stats(nj);
	if (rc == PHI_OK && ndjson_stats(nj)->bad > 0)
		rc = phi_err_set(e, PHI_EDATA, "%llu bad line%s, written to %s",
		    (unsigned long long)ndjson_stats(nj)->bad,
		    ndjson_stats(nj)->bad == 1 ? "" : "s", o->reject);
	if (o->stats)
		filter_summary(o, &prog, ndjson_stats(nj));
out:
	ndjson_free(nj);
	pathseen_free(fp.seen);
	return rc;
}
