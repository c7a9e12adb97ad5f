/*
 * ndjson-probe - drives the streaming core for the tests.
 *
 *   ndjson-probe [-s PATH]... [-a take|drop|skip|log] [-r|-R REJECT]
 *                [-m MAXLINE] [FILE...]
 *
 * Values selected by the -s paths get the -a action: "take" replaces
 * them with "<type:start-end>" (their span), "drop" removes them, "skip"
 * leaves them; "log" keeps every value and writes one line per value
 * to stderr: path type start selected.  Without -s every value is kept.
 * -r REJECT is a new reject file, -R REJECT one to append to.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "ndjson.h"

static const char *action = "take";
static const char *tnames[] = {
    "null", "false", "true", "number", "string", "object", "array"};

static enum ndjson_action
visit(void *ctx, const struct ndjson_value *v)
{
	struct buf b = BUF_INIT;

	(void)ctx;
	if (strcmp(action, "log") == 0) {
		path_format(&b, v->path, v->depth, 0);
		fprintf(stderr, "%.*s %s %zu %d\n", (int)b.len, b.p,
		    tnames[v->type], v->start, v->selected);
		buf_free(&b, 0);
		return NDJSON_KEEP;
	}
	if (!v->selected)
		return v->live || v->type < NDJSON_OBJECT ? NDJSON_KEEP
		                                          : NDJSON_SKIP;
	if (strcmp(action, "drop") == 0)
		return NDJSON_DROP;
	if (strcmp(action, "skip") == 0)
		return NDJSON_SKIP;
	return NDJSON_TAKE;
}

static int
take(
    void *ctx, const struct ndjson_value *v, struct buf *out, struct phi_err *e)
{
	(void)ctx;
	(void)e;
	return buf_printf(out, "\"<%s:%zu-%zu>\"", tnames[v->type], v->start,
	           v->end) == 0
	    ? PHI_OK
	    : PHI_ESOFTWARE;
}

static void
rejected(void *ctx, const struct phi_err *e)
{
	(void)ctx;
	cli_warn("%s", e->msg);
}

int
main(int argc, char **argv)
{
	struct ndjson_opts o = {.out_fd = STDOUT_FILENO};
	struct ndjson_handler h = {
	    .visit = visit, .take = take, .rejected = rejected};
	struct pathset *ps = pathset_new();
	struct ndjson *nj;
	struct phi_err e;
	int c, rc = 0, i;

	cli_init(argv[0]);
	if (ps == NULL)
		return PHI_ESOFTWARE;
	while ((c = getopt(argc, argv, "s:a:r:R:m:")) != -1) {
		if ((c == 's' && pathset_add(ps, optarg, &e) != 0) ||
		    (c == 'm' &&
		        cli_parse_size("-m", optarg, &o.max_line, &e))) {
			pathset_free(ps);
			return cli_fail(&e);
		}
		if (c == 'a')
			action = optarg;
		if (c == 'r' || c == 'R')
			o.reject_path = optarg;
		o.reject_append |= c == 'R';
	}
	if (pathset_count(ps) > 0)
		o.select = ps;
	if (ndjson_new(&nj, &o, &h, &e) != 0) {
		pathset_free(ps);
		return cli_fail(&e);
	}
	for (i = optind; i < argc && rc == 0; i++)
		rc = ndjson_run_file(nj, argv[i], &e);
	if (optind == argc)
		rc = ndjson_run_file(nj, "-", &e);
	if (rc == 0)
		rc = ndjson_flush(nj, &e);
	if (rc != 0)
		cli_fail(&e);
	else if (ndjson_stats(nj)->bad > 0)
		rc = PHI_EDATA;
	ndjson_free(nj);
	pathset_free(ps);
	return rc;
}
