/*
 * phi-classify - find the fields of NDJSON events that hold PHI or PII
 * (red / yellow / green), report them, or enforce a policy on them.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audithook.h"
#include "classify.h"
#include "classwalk.h"
#include "cli.h"
#include "filter.h"
#include "key.h"
#include "outfile.h"

enum {
	OPT_REPORT = 1,
	OPT_LIST,
	OPT_DROP,
	OPT_REDACT,
	OPT_MASK,
	OPT_FAIL_ON,
	OPT_MIN,
	OPT_AUDIT_LOG,
	OPT_MAX_PATHS,
	OPT_SCOPE,
	OPT_FAIL_FAST,
	OPT_COUNT_IN_TEXT,
};

static const struct option longopts[] = {
    {"rules", required_argument, NULL, 'r'},
    {"public-key", required_argument, NULL, 'k'},
    {"list-rules", no_argument, NULL, OPT_LIST},
    {"report", no_argument, NULL, OPT_REPORT},
    {"min-class", required_argument, NULL, OPT_MIN},
    {"count-in-text", no_argument, NULL, OPT_COUNT_IN_TEXT},
    {"drop", required_argument, NULL, OPT_DROP},
    {"redact", required_argument, NULL, OPT_REDACT},
    {"mask", required_argument, NULL, OPT_MASK},
    {"fail-on", required_argument, NULL, OPT_FAIL_ON},
    {"fail-fast", no_argument, NULL, OPT_FAIL_FAST},
    {"audit-log", required_argument, NULL, OPT_AUDIT_LOG},
    {"max-paths", required_argument, NULL, OPT_MAX_PATHS},
    {"scope", required_argument, NULL, OPT_SCOPE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    FILTER_LONGOPTS,
    {NULL, 0, NULL, 0},
};

static const char usage_text[] =
    "usage: phi-classify [--report [--min-class COLOUR] [--count-in-text]]\n"
    "                    [--drop COLOUR | --redact COLOUR | --mask COLOUR]\n"
    "                    [--fail-on COLOUR] [-r RULES]... [-k KEY.pub]... [options] [FILE...]\n"
    "       phi-classify [-r RULES]... --list-rules\n"
    "Classify the fields of NDJSON events as red (restricted), yellow\n"
    "(sensitive) or green by key-name and value matchers.  By default the\n"
    "events pass through unchanged.\n"
    "\n"
    "Modes:\n"
    "      --report          write one line per distinct path instead of the\n"
    "                        events: {\"path\",\"class\",\"matchers\",\"events\"}\n"
    "      --min-class COLOUR  report only paths of COLOUR or worse\n"
    "      --count-in-text   with --report: count the identifiers inside\n"
    "                        free text by kind (\"in_text\":{\"name\":3});\n"
    "                        reads every text whole, so it is slower\n"
    "      --drop COLOUR     remove fields of COLOUR or worse\n"
    "      --redact COLOUR   replace values of COLOUR or worse with null\n"
    "      --mask COLOUR     replace each identifier of COLOUR or worse\n"
    "                        inside text by [KIND] ([NAME], [PHONE] ...),\n"
    "                        any other such value by \"[RULE]\"\n"
    "      --fail-on COLOUR  exit 1 if a field of COLOUR or worse is seen;\n"
    "                        its paths go to standard error\n"
    "      --fail-fast       with --fail-on: stop at the first such line\n"
    "                        (not written), without waiting for the end\n"
    "                        of the input\n"
    "      --max-paths N     keep at most N distinct paths for --report and\n"
    "                        --fail-on (default 20000, 0: no limit); values\n"
    "                        past it are counted under PARENT.*\n"
    "Rules:\n"
    "  -r, --rules FILE      add or override rules (repeatable)\n"
    "      --list-rules      print the rules and name dictionaries in force\n"
    "                        and exit\n"
    "      --scope PATH      classify only at or below PATH (repeatable;\n"
    "                        default the whole event)\n"
    "  -k, --public-key FILE tokens of this key are green (repeatable; env\n"
    "                        PHI_PUBLIC_KEY); any other value that looks\n"
    "                        like a token is judged by its bytes and is\n"
    "                        at least yellow (token-unverified)\n"
    "COLOUR is red, yellow or green.\n"
    "\n" FILTER_HELP
    "      --audit-log FILE  append an audit record (env PHI_AUDIT_LOG)\n"
    "  -h, --help            show this help\n"
    "  -V, --version         show the version\n"
    "\n"
    "Exit status: 0 done, 1 --fail-on saw a field of that colour or worse,\n"
    "64 usage (also a rules file or name dictionary that does not parse),\n"
    "65 bad input data, 66 an input, rules file or name dictionary cannot\n"
    "be opened, 70 internal error, 73 the reject file exists, 74 I/O error,\n"
    "130 or 143 stopped by SIGINT or SIGTERM (the lines before are\n"
    "written whole).\n"
    "\n"
    "Examples:\n"
    "  phi-classify --report export.ndjson\n"
    "  phi-classify --drop red < in.ndjson > out.ndjson\n"
    "  phi-classify --fail-on yellow audit.ndjson >/dev/null\n";

/* Far past any memory: a node costs ~200 bytes. */
#define MAX_PATHS_MAX 1000000000L

struct args {
	struct filter_opts fo;
	const char **rules, **keys, *audit_log;
	size_t nrules, nkeys;
	struct class_walk_opts wo;
	struct pathset *scope;
	enum class_colour fail_min, report_min;
	int report, list, fail_on, has_min, help, version;
};

static int
colour_arg(
    const char *opt, const char *arg, enum class_colour *out, struct phi_err *e)
{
	if (class_colour_parse(arg, out) != PHI_OK)
		return phi_err_set(
		    e, PHI_EUSAGE, "%s: expected red, yellow or green", opt);
	return PHI_OK;
}

static int
max_paths_arg(const char *arg, size_t *out, struct phi_err *e)
{
	long n;
	int rc;

	if ((rc = cli_parse_long(
	         "--max-paths", arg, 0, MAX_PATHS_MAX, &n, e)) != PHI_OK)
		return rc;
	*out = (size_t)n;
	return PHI_OK;
}

/* --drop, --redact, --mask COLOUR: one of them, once. */
static int
act_arg(struct args *a, int c, const char *arg, struct phi_err *e)
{
	static const char *const name[] = {
	    [CLASS_ACT_DROP] = "--drop",
	    [CLASS_ACT_REDACT] = "--redact",
	    [CLASS_ACT_MASK] = "--mask",
	};

	if (a->wo.act != CLASS_ACT_NONE)
		return phi_err_set(e, PHI_EUSAGE,
		    "give one of --drop, --redact and --mask, once");
	a->wo.act = c == OPT_DROP ? CLASS_ACT_DROP
	    : c == OPT_REDACT     ? CLASS_ACT_REDACT
	                          : CLASS_ACT_MASK;
	return colour_arg(name[a->wo.act], arg, &a->wo.act_min, e);
}

static int
option(void *ctx, int c, const char *arg, struct phi_err *e)
{
	struct args *a = ctx;

	switch (c) {
	case 'r':
		a->rules[a->nrules++] = arg;
		return PHI_OK;
	case OPT_SCOPE:
		a->wo.scoped = 1;
		a->fo.select = a->scope;
		return pathset_add(a->scope, arg, e);
	case 'k':
		a->keys[a->nkeys++] = arg;
		return PHI_OK;
	case OPT_LIST:
		a->list = 1;
		return PHI_OK;
	case OPT_REPORT:
		a->report = 1;
		return PHI_OK;
	case OPT_COUNT_IN_TEXT:
		a->wo.in_text = 1;
		return PHI_OK;
	case OPT_AUDIT_LOG:
		a->audit_log = arg;
		return PHI_OK;
	case OPT_MIN:
		a->has_min = 1;
		return colour_arg("--min-class", arg, &a->report_min, e);
	case OPT_DROP:
	case OPT_REDACT:
	case OPT_MASK:
		return act_arg(a, c, arg, e);
	case OPT_FAIL_ON:
		a->fail_on = 1;
		return colour_arg("--fail-on", arg, &a->fail_min, e);
	case OPT_FAIL_FAST:
		a->wo.stop_at = 1;
		return PHI_OK;
	case OPT_MAX_PATHS:
		return max_paths_arg(arg, &a->wo.max_paths, e);
	}
	return filter_option(&a->fo, c, arg, e);
}

static int
check_args(struct args *a, int nfiles, struct phi_err *e)
{
	if (a->report && a->wo.act != CLASS_ACT_NONE)
		return phi_err_set(e, PHI_EUSAGE,
		    "--report writes no events: it cannot be used with --drop, --redact or --mask");
	if (a->has_min && !a->report)
		return phi_err_set(e, PHI_EUSAGE, "--min-class needs --report");
	if (a->wo.in_text && !a->report)
		return phi_err_set(
		    e, PHI_EUSAGE, "--count-in-text needs --report");
	if (a->wo.stop_at && !a->fail_on)
		return phi_err_set(
		    e, PHI_EUSAGE, "--fail-fast needs --fail-on");
	a->wo.stop_min = a->fail_min;
	if (a->report && (a->fo.suffix != NULL || a->fo.in_place))
		return phi_err_set(e, PHI_EUSAGE,
		    "--report cannot be used with --suffix or --in-place");
	if (a->list && nfiles > 0)
		return phi_err_set(
		    e, PHI_EUSAGE, "--list-rules takes no FILE operands");
	a->fo.no_events = a->report;
	a->fo.verb = a->wo.act == CLASS_ACT_REDACT ? "redacted"
	    : a->wo.act == CLASS_ACT_MASK          ? "masked"
	                                           : "changed";
	a->wo.collect = a->report || a->fail_on;
	return filter_check(&a->fo, nfiles, e);
}

static int
parse_args(int argc, char **argv, struct args *a, struct phi_err *e)
{
	int early, rc;

	a->rules = calloc((size_t)argc + 1, sizeof(*a->rules));
	a->scope = pathset_new();
	a->keys = calloc((size_t)argc + 1, sizeof(*a->keys));
	if (a->rules == NULL || a->scope == NULL || a->keys == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	rc = cli_getopt(
	    argc, argv, "r:k:o:j:hV", longopts, option, a, &early, e);
	if (rc != PHI_OK || early != 0) {
		a->help = early == 'h';
		a->version = early == 'V';
		return rc;
	}
	return check_args(a, argc - optind, e);
}

/* Writes b to fd, naming path (or standard output) on failure. */
static int
flush_out(const char *path, struct buf *b, int fd, struct phi_err *e)
{
	if (buf_flush_fd(b, fd) != 0)
		return phi_err_set(e, PHI_EIO, "%s: %s",
		    path != NULL ? path : "standard output",
		    strerror(b->err != 0 ? b->err : EIO));
	return PHI_OK;
}

/* Writes buf to -o FILE (atomically) or standard output. */
static int
write_out(const char *path, struct buf *b, struct phi_err *e)
{
	struct outfile of;
	int rc;

	if ((rc = outfile_open(&of, path, e)) != PHI_OK)
		return rc;
	if ((rc = flush_out(path, b, of.fd, e)) != PHI_OK) {
		outfile_abort(&of);
		return rc;
	}
	return outfile_commit(&of, e);
}

struct report_out {
	const char *path;
	struct buf b;
	int fd;
};

/* A report line: buffered, written out in blocks. */
static int
report_emit(void *ctx, const char *line, size_t len, struct phi_err *e)
{
	struct report_out *r = ctx;

	if (buf_append(&r->b, line, len) != 0 || buf_putc(&r->b, '\n') != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (r->b.len < 64 * 1024)
		return PHI_OK;
	return flush_out(r->path, &r->b, r->fd, e);
}

/* --report: the lines to -o FILE (atomically) or standard output. */
static int
write_report(
    const struct args *a, const struct class_walk *w, struct phi_err *e)
{
	struct report_out r = {.path = a->fo.output, .b = BUF_INIT, .fd = -1};
	struct outfile of;
	int rc;

	if ((rc = outfile_open(&of, a->fo.output, e)) != PHI_OK)
		return rc;
	r.fd = of.fd;
	rc = class_walk_each(
	    w, a->report_min, CLASS_FORM_JSON, report_emit, &r, e);
	if (rc == PHI_OK)
		rc = flush_out(r.path, &r.b, r.fd, e);
	buf_free(&r.b, 0);
	if (rc != PHI_OK) {
		outfile_abort(&of);
		return rc;
	}
	return outfile_commit(&of, e);
}

/* A --fail-on line: on standard error. */
static int
fail_emit(void *ctx, const char *line, size_t len, struct phi_err *e)
{
	size_t *n = ctx;

	(void)e;
	cli_warn("%.*s", len > INT_MAX ? INT_MAX : (int)len, line);
	(*n)++;
	return PHI_OK;
}

/* --fail-on: the paths of the colour or worse, on standard error. */
static int
fail_paths(const struct args *a, const struct class_walk *w, struct phi_err *e)
{
	size_t n = 0;
	int rc;

	if (class_walk_worst(w) < a->fail_min)
		return PHI_OK;
	if ((rc = class_walk_each(
	         w, a->fail_min, CLASS_FORM_TEXT, fail_emit, &n, e)) != PHI_OK)
		return rc;
	return phi_err_set(e, PHI_EFAIL, "%zu field%s of class %s or worse", n,
	    n == 1 ? "" : "s", class_colour_name(a->fail_min));
}

/* After the run: the report and the --fail-on check. */
static int
finish_walk(struct args *a, const struct class_walk *w, struct phi_err *e)
{
	int rc = PHI_OK;

	if (class_walk_collapsed(w) > 0)
		cli_warn(
		    "more distinct paths than --max-paths %zu: %llu values not itemised, counted as \"collapsed\" under their parent",
		    a->wo.max_paths,
		    (unsigned long long)class_walk_collapsed(w));
	if (a->report)
		rc = write_report(a, w, e);
	if (rc == PHI_OK && a->fail_on)
		rc = fail_paths(a, w, e);
	return rc;
}

static int
run_walk(struct args *a, const struct classifier *c, char **files, int n,
    struct phi_err *e)
{
	struct class_walk *w = NULL;
	struct ndjson_handler h;
	struct phi_err bad = {0, ""};
	struct ndjson_stats st = {0, 0, 0, 0, 0};
	int rc, arc;

	if ((rc = audit_hook_ready(a->audit_log, e)) != PHI_OK ||
	    (rc = class_walk_new(&w, c, &a->wo, e)) != PHI_OK)
		return rc;
	class_walk_handler(w, &h);
	rc = filter_run(&a->fo, &h, files, n, &st, e);
	if (rc == PHI_EFAIL) { /* --fail-fast: said now, the paths follow */
		cli_fail(e);
		rc = PHI_OK;
	}
	if ((rc == PHI_EDATA && a->fo.reject != NULL) || rc == PHI_ESTOP) {
		bad = *e; /* bad lines set aside, or a stop: finish */
		rc = PHI_OK;
	}
	if (rc == PHI_OK)
		rc = finish_walk(a, w, e);
	if (bad.code != 0 && (rc == PHI_OK || rc == PHI_EFAIL)) {
		if (rc == PHI_EFAIL)
			cli_fail(e);
		*e = bad;
		rc = bad.code;
	}
	arc = filter_audit(a->audit_log, "PHI Classified", "[]", NULL, &st, rc,
	    files, n, rc == PHI_OK ? e : NULL);
	if (rc == PHI_OK)
		rc = arc;
	class_walk_free(w);
	return rc;
}

/* The tokens of the -k keys (else PHI_PUBLIC_KEY) are taken as safe. */
static int
trust_keys(struct args *a, struct classifier *c, struct phi_err *e)
{
	const char *env = cli_opt_env(NULL, "PHI_PUBLIC_KEY");
	uint8_t kid[KEY_ID_LEN] = {0};
	EVP_PKEY *pk = NULL;
	size_t i;
	int rc = PHI_OK;

	if (a->nkeys == 0 && env != NULL)
		a->keys[a->nkeys++] = env;
	for (i = 0; i < a->nkeys && rc == PHI_OK; i++) {
		if ((rc = key_pub_load_file(
		         a->keys[i], EVP_PKEY_X25519, &pk, e)) != PHI_OK)
			break;
		rc = key_id(pk, kid, e);
		EVP_PKEY_free(pk);
		pk = NULL;
		if (rc == PHI_OK && classify_trust_kid(c, kid) != 0)
			rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	return rc;
}

static int
run(struct args *a, char **files, int n, struct phi_err *e)
{
	struct classifier *c = NULL;
	struct buf out = BUF_INIT;
	int rc;

	if ((rc = classify_load(&c, a->rules, a->nrules, e)) != PHI_OK)
		return rc;
	if (!a->list && (rc = trust_keys(a, c, e)) != PHI_OK) {
		classify_free(c);
		return rc;
	}
	/* --mask asks for the spans of the free text it has judged */
	classify_keep_text(c, a->wo.act == CLASS_ACT_MASK);
	if (a->list) {
		if (classify_list(c, &out) != 0)
			rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		else
			rc = write_out(a->fo.output, &out, e);
	} else
		rc = run_walk(a, c, files, n, e);
	buf_free(&out, 0);
	classify_free(c);
	return rc;
}

int
main(int argc, char **argv)
{
	struct args a;
	struct phi_err e = {0, ""};
	int rc;

	cli_init(argv[0]);
	cli_no_core_dumps();
	memset(&a, 0, sizeof(a));
	a.wo.max_paths = CLASS_WALK_MAX_PATHS;
	rc = parse_args(argc, argv, &a, &e);
	if (rc == PHI_OK && a.help)
		fputs(usage_text, stdout);
	else if (rc == PHI_OK && a.version)
		cli_version();
	else if (rc == PHI_OK)
		rc = run(&a, argv + optind, argc - optind, &e);
	free(a.rules);
	pathset_free(a.scope);
	free(a.keys);
	return cli_finish(rc, &e);
}
