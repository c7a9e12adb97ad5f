/*
 * test_filter.c - common/filter: the shared filter options and their
 * checks, and filter_run with -o (atomic), --reject, --suffix and
 * --in-place over FILE operands.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filter.h"
#include "scratch.h"
#include "tap.h"

/* A name that stays (scratch_path's are reused after 8 calls). */
static char *
name_of(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", scratch_dir, name);
	return buf;
}

static void
put(const char *name, const char *data)
{
	FILE *f = fopen(scratch_path(name), "w");

	if (f == NULL || fputs(data, f) < 0 || fclose(f) != 0)
		abort();
}

static int
file_is(const char *name, const char *want)
{
	return scratch_holds(scratch_path(name), want);
}

static int
exists(const char *name)
{
	return access(scratch_path(name), F_OK) == 0;
}

static int
mode_of(const char *name)
{
	return scratch_mode(scratch_path(name));
}

static enum ndjson_action
visit(void *ctx, const struct ndjson_value *v)
{
	(void)ctx;
	if (v->selected)
		return NDJSON_TAKE;
	return v->live || v->type < NDJSON_OBJECT ? NDJSON_KEEP : NDJSON_SKIP;
}

static int
take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	(void)ctx;
	(void)v;
	(void)e;
	return buf_puts(out, "\"T\"") == 0 ? PHI_OK : PHI_ESOFTWARE;
}

static const struct ndjson_handler handler = {.visit = visit, .take = take};

static void
test_options(void)
{
	struct filter_opts o = {0};
	struct phi_err e = {0, ""};

	ok(filter_option(&o, 'o', "out", &e) == PHI_OK &&
	        strcmp(o.output, "out") == 0,
	    "-o");
	ok(filter_option(&o, FILTER_OPT_REJECT, "rej", &e) == PHI_OK &&
	        strcmp(o.reject, "rej") == 0,
	    "--reject");
	ok(filter_option(&o, FILTER_OPT_MAX_LINE, "1K", &e) == PHI_OK &&
	        o.max_line == 1024,
	    "--max-line 1K");
	ok(filter_option(&o, FILTER_OPT_MAX_LINE, "3M", &e) == PHI_OK &&
	        o.max_line == 3 * 1024 * 1024,
	    "--max-line 3M");
	ok(filter_option(&o, FILTER_OPT_MAX_LINE, "0", &e) == PHI_EUSAGE &&
	        e.code == PHI_EUSAGE,
	    "--max-line 0 is refused");
	ok(filter_option(&o, FILTER_OPT_MAX_LINE, "12x", &e) == PHI_EUSAGE &&
	        strstr(e.msg, "--max-line") != NULL,
	    "--max-line 12x is refused, naming the option");
	ok(filter_option(&o, FILTER_OPT_MAX_LINE, "-1", &e) == PHI_EUSAGE,
	    "--max-line -1 is refused");
	ok(filter_option(&o, FILTER_OPT_STATS, NULL, &e) == PHI_OK && o.stats,
	    "--stats");
	ok(filter_option(&o, FILTER_OPT_PROGRESS, NULL, &e) == PHI_OK &&
	        o.progress == 1 &&
	        filter_option(&o, FILTER_OPT_NO_PROGRESS, NULL, &e) == PHI_OK &&
	        o.progress == -1,
	    "--progress, --no-progress");
	ok(filter_option(&o, FILTER_OPT_SUFFIX, "", &e) == PHI_EUSAGE,
	    "--suffix '' is refused");
	ok(filter_option(&o, FILTER_OPT_SUFFIX, ".enc", &e) == PHI_OK &&
	        filter_option(&o, FILTER_OPT_IN_PLACE, NULL, &e) == PHI_OK &&
	        o.in_place,
	    "--suffix, --in-place");
	ok(filter_option(&o, 'z', "x", &e) == PHI_EUSAGE &&
	        strstr(e.msg, "unknown option") != NULL,
	    "another option: a usage error");
}

static void
test_check(void)
{
	struct filter_opts o = {0};
	struct phi_err e;

	ok(filter_check(&o, 0, &e) == PHI_OK, "no options: fine");
	o.suffix = ".enc";
	o.in_place = 1;
	ok(filter_check(&o, 1, &e) == PHI_EUSAGE, "--suffix with --in-place");
	o.in_place = 0;
	ok(filter_check(&o, 1, &e) == PHI_OK, "--suffix with a FILE");
	ok(filter_check(&o, 0, &e) == PHI_EUSAGE, "--suffix without a FILE");
	o.output = "x";
	ok(filter_check(&o, 1, &e) == PHI_EUSAGE, "--suffix with -o");
	o.suffix = NULL;
	o.in_place = 1;
	ok(filter_check(&o, 1, &e) == PHI_EUSAGE, "--in-place with -o");
	o.output = NULL;
	ok(filter_check(&o, 0, &e) == PHI_EUSAGE, "--in-place without a FILE");
}

static void
test_output(struct pathset *ps)
{
	struct filter_opts o = {0};
	struct ndjson_stats st;
	struct phi_err e = {0, ""};
	char fa[256], fb[256], fo[256], fr[256], fm[256];
	char *files[2] = {name_of(fa, 256, "a"), name_of(fb, 256, "b")};
	int rc;

	put("a", "{\"k\":1,\"j\":2}\n");
	put("b", "{\"k\":[3]}\n\n");
	o.output = name_of(fo, 256, "out");
	o.select = ps;
	umask(022);
	rc = filter_run(&o, &handler, files, 2, &st, &e);
	ok(rc == PHI_OK &&
	        file_is("out", "{\"k\":\"T\",\"j\":2}\n{\"k\":\"T\"}\n\n"),
	    "-o: both inputs, selected values taken");
	ok(st.events == 2 && st.lines == 3 && st.taken == 2 && st.bad == 0,
	    "stats over both inputs");
	ok(mode_of("out") == 0600 && scratch_count(".", NULL, 0) == 0,
	    "-o file 0600, no temporary file left");

	put("b", "{\"k\":[3]}\n[4]\n");
	rc = filter_run(&o, &handler, files, 2, &st, &e);
	ok(rc == PHI_EDATA && strstr(e.msg, "/b:2: not a JSON object") != NULL,
	    "a bad line: PHI_EDATA (%s)", e.msg);
	ok(file_is("out", "{\"k\":\"T\",\"j\":2}\n{\"k\":\"T\"}\n\n"),
	    "the old -o file is left as it was");
	ok(scratch_count(".", NULL, 0) == 0, "no temporary file left");
	unlink(scratch_path("out"));
	rc = filter_run(&o, &handler, files, 2, &st, &e);
	ok(rc == PHI_EDATA && !exists("out"), "no -o file made on error");

	o.reject = name_of(fr, 256, "rej");
	rc = filter_run(&o, &handler, files, 2, &st, &e);
	ok(rc == PHI_EDATA && strstr(e.msg, "1 bad line, written to ") != NULL,
	    "--reject: PHI_EDATA at the end (%s)", e.msg);
	ok(file_is("out", "{\"k\":\"T\",\"j\":2}\n{\"k\":\"T\"}\n") &&
	        file_is("rej", "[4]\n") && st.bad == 1,
	    "--reject: output committed, the bad line set aside");

	files[1] = name_of(fm, 256, "missing");
	o.reject = NULL;
	unlink(scratch_path("out"));
	rc = filter_run(&o, &handler, files, 2, &st, &e);
	ok(rc == PHI_ENOINPUT && !exists("out"),
	    "a missing input: PHI_ENOINPUT");
	files[1] = fa;
	o.no_events = 1;
	rc = filter_run(&o, &handler, files, 2, &st, &e);
	ok(rc == PHI_OK && !exists("out") && st.events == 2,
	    "no_events: the events are read, nothing is written");
}

static void
test_batch(struct pathset *ps)
{
	struct filter_opts o = {0};
	struct ndjson_stats st;
	struct phi_err e = {0, ""};
	char fa[256], fb[256];
	char *files[2] = {name_of(fa, 256, "a"), name_of(fb, 256, "b")};
	char *dash[1] = {"-"};
	int rc;

	put("a", "{\"k\":1}\n");
	put("b", "{\"x\":1,\"k\":true}");
	o.select = ps;
	o.suffix = ".enc";
	rc = filter_run(&o, &handler, files, 2, &st, &e);
	ok(rc == PHI_OK && file_is("a.enc", "{\"k\":\"T\"}\n") &&
	        file_is("b.enc", "{\"x\":1,\"k\":\"T\"}"),
	    "--suffix: one output per FILE");
	ok(file_is("a", "{\"k\":1}\n") && mode_of("a.enc") == 0600,
	    "the inputs are untouched, the outputs 0600");
	ok(st.events == 2 && st.taken == 2, "stats over the batch");
	rc = filter_run(&o, &handler, dash, 1, &st, &e);
	ok(rc == PHI_EUSAGE, "'-' with --suffix is refused");
	o.suffix = NULL;
	o.in_place = 1;
	chmod(scratch_path("a"), 0640);
	rc = filter_run(&o, &handler, files, 2, &st, &e);
	ok(rc == PHI_OK && file_is("a", "{\"k\":\"T\"}\n") &&
	        file_is("b", "{\"x\":1,\"k\":\"T\"}"),
	    "--in-place replaces each FILE");
	ok(mode_of("a") == 0640, "and keeps its mode");
	put("b", "{\"k\":2}\n{\n");
	rc = filter_run(&o, &handler, files, 2, &st, &e);
	ok(rc == PHI_EDATA && file_is("b", "{\"k\":2}\n{\n"),
	    "--in-place: a FILE with a bad line is left as it was");
	ok(scratch_count(".", NULL, 0) == 0, "no temporary file left");
}

int
main(void)
{
	struct pathset *ps = pathset_new();
	struct phi_err e;

	if (scratch_make("test_filter") != 0 || ps == NULL ||
	    pathset_add(ps, "k", &e) != PHI_OK)
		return 2;
	test_options();
	test_check();
	test_output(ps);
	test_batch(ps);
	pathset_free(ps);
	if (scratch_remove() != 0)
		ok(0, "clean up");
	return tap_done();
}
