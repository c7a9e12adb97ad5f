/*
 * phi-decrypt - restore the values that phi-encrypt turned into tokens,
 * locally, with the stored private key(s).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "audithook.h"
#include "cli.h"
#include "decrypt.h"
#include "filter.h"
#include "json.h"
#include "key.h"
#include "keyshare.h"

enum {
	OPT_PASSFILE = 1,
	OPT_SKIP_UNKNOWN,
	OPT_TOKEN,
	OPT_AUDIT_LOG,
	OPT_SENDER,
	OPT_REQUIRE_SENDER,
	OPT_BIND_RECORD,
	OPT_PATH,
	OPT_RECORD_VALUE,
};

static const struct option longopts[] = {
    {"private-key", required_argument, NULL, 'K'},
    {"passphrase-file", required_argument, NULL, OPT_PASSFILE},
    {"field", required_argument, NULL, 'f'},
    {"skip-unknown-keys", no_argument, NULL, OPT_SKIP_UNKNOWN},
    {"token", required_argument, NULL, OPT_TOKEN},
    {"sender", required_argument, NULL, OPT_SENDER},
    {"require-sender", no_argument, NULL, OPT_REQUIRE_SENDER},
    {"bind-record", required_argument, NULL, OPT_BIND_RECORD},
    {"path", required_argument, NULL, OPT_PATH},
    {"record-value", required_argument, NULL, OPT_RECORD_VALUE},
    {"audit-log", required_argument, NULL, OPT_AUDIT_LOG},
    {"mode", required_argument, NULL, FILTER_OPT_MODE},
    {"strict", no_argument, NULL, FILTER_OPT_STRICT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    FILTER_LONGOPTS,
    {NULL, 0, NULL, 0},
};

static const char usage_text[] =
    "usage: phi-decrypt -K KEY.key [-K ...] [-f PATH...] [options] [FILE...]\n"
    "       phi-decrypt -K KEY.key --token TOKEN\n"
    "Restore the values of NDJSON events that phi-encrypt replaced with\n"
    "tokens; each token picks its private key by key id.\n"
    "\n"
    "Keys and fields:\n"
    "  -K, --private-key PATH  private key file, or a directory of *.key\n"
    "                          files (repeatable; env PHI_PRIVATE_KEY);\n"
    "                          or key shares: share files, or a directory\n"
    "                          of *.share-N files, restored in memory\n"
    "      --passphrase-file FILE  passphrase of encrypted keys and sealed\n"
    "                          shares (first line; env PHI_PASSPHRASE;\n"
    "                          else asked on the tty)\n"
    "  -f, --field PATH        decrypt only tokens at or below PATH\n"
    "                          (repeatable; default: every token)\n"
    "      --skip-unknown-keys leave tokens of other keys as they are\n"
    "      --token TOKEN       decrypt one token and print its JSON value\n"
    "\n"
    "Suite 2 (tokens \"phi:2:...\" of phi-encrypt --sender, --bind-path,\n"
    "--bind-record):\n"
    "      --sender PUB        accept tokens vouched for by this sender's\n"
    "                          public key, or a directory of *.pub files\n"
    "                          (repeatable); a token of another sender is\n"
    "                          refused (exit 77)\n"
    "      --require-sender    refuse tokens no sender vouched for (suite 1,\n"
    "                          or phi:2 without --sender): the line is bad\n"
    "      --bind-record PATH  the record field that phi-encrypt\n"
    "                          --bind-record bound the tokens to\n"
    "      --path PATH         with --token: the path the token was at\n"
    "                          (as phi-tools prints paths: a.b, items[3])\n"
    "      --record-value JSON with --token: the record field's value, its\n"
    "                          exact bytes (\"m-1\" with its quotes)\n"
    "\n" FILTER_HELP FILTER_STRICT_HELP
    "      --mode OCTAL      mode of output files (default 0600, whatever\n"
    "                        they replace)\n"
    "      --audit-log FILE  append an audit record (env PHI_AUDIT_LOG)\n"
    "  -h, --help            show this help\n"
    "  -V, --version         show the version\n"
    "\n" FILTER_EXIT_HELP "\n"
    "Example:\n"
    "  zcat safe.ndjson.gz | phi-decrypt -K team.key | jq .traits.email\n";

struct args {
	struct filter_opts fo;
	const char **keys, *passfile, *token, *audit_log;
	const char **senders, *bind_record_expr, *token_path, *record_value;
	size_t nkeys, nsenders;
	struct pathset *fields, *bind_record;
	int skip_unknown, help, version, require_sender;
};

/* The options of suite 2. */
static int
option2(struct args *a, int c, const char *arg, struct phi_err *e)
{
	switch (c) {
	case OPT_SENDER:
		a->senders[a->nsenders++] = arg;
		return PHI_OK;
	case OPT_REQUIRE_SENDER:
		a->require_sender = 1;
		return PHI_OK;
	case OPT_BIND_RECORD:
		if (a->bind_record_expr != NULL)
			return phi_err_set(e, PHI_EUSAGE,
			    "--bind-record given twice: one record field");
		a->bind_record_expr = arg;
		return pathset_add(a->bind_record, arg, e);
	case OPT_PATH:
		a->token_path = arg;
		return PHI_OK;
	case OPT_RECORD_VALUE:
		if (!json_is_value(arg, strlen(arg)))
			return phi_err_set(e, PHI_EUSAGE,
			    "--record-value: expected one JSON value (a string with its quotes)");
		a->record_value = arg;
		return PHI_OK;
	}
	return filter_option(&a->fo, c, arg, e);
}

static int
option(void *ctx, int c, const char *arg, struct phi_err *e)
{
	struct args *a = ctx;

	switch (c) {
	case 'K':
		a->keys[a->nkeys++] = arg;
		return PHI_OK;
	case 'f':
		return pathset_add(a->fields, arg, e);
	case OPT_PASSFILE:
		a->passfile = arg;
		return PHI_OK;
	case OPT_SKIP_UNKNOWN:
		a->skip_unknown = 1;
		return PHI_OK;
	case OPT_TOKEN:
		a->token = arg;
		return PHI_OK;
	case OPT_AUDIT_LOG:
		a->audit_log = arg;
		return PHI_OK;
	}
	return option2(a, c, arg, e);
}

/* What suite 2's options go with. */
static int
check_suite2(struct args *a, struct phi_err *e)
{
	if ((a->token_path != NULL || a->record_value != NULL) &&
	    a->token == NULL)
		return phi_err_set(
		    e, PHI_EUSAGE, "--path and --record-value go with --token");
	if (a->record_value != NULL && a->bind_record_expr == NULL)
		return phi_err_set(e, PHI_EUSAGE,
		    "--record-value goes with --bind-record PATH (the record field it is the value of)");
	if (a->bind_record_expr != NULL && !pathset_concrete(a->bind_record))
		return phi_err_set(e, PHI_EUSAGE,
		    "--bind-record %s: give one field's path (no * or **)",
		    a->bind_record_expr);
	return PHI_OK;
}

static int
parse_args(int argc, char **argv, struct args *a, struct phi_err *e)
{
	int early, rc;

	a->keys = calloc((size_t)argc + 1, sizeof(*a->keys));
	a->senders = calloc((size_t)argc + 1, sizeof(*a->senders));
	a->fields = pathset_new();
	a->bind_record = pathset_new();
	if (a->keys == NULL || a->fields == NULL || a->senders == NULL ||
	    a->bind_record == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	a->fo.verb = "decrypted";
	a->fo.mode_set = 1; /* plaintext: 0600 unless --mode says */
	a->fo.mode = 0600;
	rc = cli_getopt(
	    argc, argv, "K:f:o:j:hV", longopts, option, a, &early, e);
	if (rc != PHI_OK || early != 0) {
		a->help = early == 'h';
		a->version = early == 'V';
		return rc;
	}
	if (a->nkeys == 0 && cli_opt_env(NULL, "PHI_PRIVATE_KEY") != NULL)
		a->keys[a->nkeys++] = cli_opt_env(NULL, "PHI_PRIVATE_KEY");
	if (a->nkeys == 0)
		return phi_err_set(e, PHI_EUSAGE,
		    "no private key: give -K FILE or set PHI_PRIVATE_KEY");
	if (a->token != NULL && optind < argc)
		return phi_err_set(
		    e, PHI_EUSAGE, "--token takes no FILE operands");
	if ((rc = check_suite2(a, e)) != PHI_OK)
		return rc;
	return filter_check(&a->fo, argc - optind, e);
}

/* Each -K: key files and directories of them, or key shares (files, or
 * a directory holding them), restored in memory per key. */
static int
load_keys(struct args *a, struct keyring **kr, struct phi_err *e)
{
	struct keyshare_pass pp = {
	    .files = &a->passfile, .nfiles = a->passfile != NULL, .env = 1};
	struct keyshare_set *set = NULL;
	size_t i;
	int rc = PHI_OK, taken = 0;

	if ((*kr = key_ring_new()) == NULL ||
	    (set = keyshare_set_new()) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	keyshare_set_pass(set, &pp);
	for (i = 0; i < a->nkeys && rc == PHI_OK; i++)
		if ((rc = keyshare_set_add_path(set, a->keys[i], &taken, e)) ==
		        PHI_OK &&
		    !taken)
			rc = key_ring_add_path(*kr, a->keys[i], a->passfile, e);
	if (rc == PHI_OK)
		rc = keyshare_set_to_ring(set, *kr, e);
	keyshare_set_free(set);
	return rc;
}

/* --sender: the accepted senders' public keys. */
static int
load_senders(struct args *a, struct keyring **kr, struct phi_err *e)
{
	size_t i;
	int rc = PHI_OK;

	if ((*kr = key_ring_new()) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	for (i = 0; i < a->nsenders && rc == PHI_OK; i++)
		rc = key_ring_add_pub_path(*kr, a->senders[i], e);
	return rc;
}

/* The audit record: key ids, and the sender key ids when there are. */
static int
audit_decrypt(struct args *a, struct decrypt *d, const struct ndjson_stats *st,
    int rc, char **files, int n, struct phi_err *e)
{
	struct buf kids = BUF_INIT, skids = BUF_INIT;
	int arc;

	if (decrypt_kids_json(d, 0, &kids) != 0 || buf_putc(&kids, '\0') != 0 ||
	    decrypt_kids_json(d, 1, &skids) != 0 ||
	    buf_putc(&skids, '\0') != 0) {
		arc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		goto out;
	}
	arc = filter_audit(a->audit_log, "PHI Decrypted", kids.p,
	    skids.len > 3 ? skids.p : NULL, st, rc, files, n,
	    rc == PHI_OK ? e : NULL);
out:
	buf_free(&kids, 0);
	buf_free(&skids, 0);
	return arc;
}

/* --token: one value copied out of a warehouse. */
static int
run_token(struct decrypt *d, const char *tok, struct phi_err *e)
{
	struct buf out = BUF_INIT;
	int rc;

	rc = decrypt_token(d, tok, strlen(tok), &out, e);
	if (rc == PHI_OK &&
	    (buf_putc(&out, '\n') != 0 ||
	        buf_flush_fd(&out, STDOUT_FILENO) != 0))
		rc = phi_err_set(e, PHI_EIO, "standard output: %s",
		    strerror(out.err != 0 ? out.err : EIO));
	buf_free(&out, 1);
	return rc;
}

static uint64_t
decrypt_skipped_of(const void *ctx)
{
	return decrypt_skipped(ctx);
}

static int
run(struct args *a, char **files, int n, struct phi_err *e)
{
	struct decrypt_opts dopt = {.fields = a->fields,
	    .skip_unknown = a->skip_unknown,
	    .require_sender = a->require_sender,
	    .bind_record = a->bind_record_expr != NULL ? a->bind_record : NULL,
	    .bind_record_expr = a->bind_record_expr,
	    .token_path = a->token_path,
	    .record_value = a->record_value};
	struct ndjson_stats st = {0, 0, 0, 0, 0};
	struct keyring *kr = NULL, *senders = NULL;
	struct decrypt *d = NULL;
	struct ndjson_handler h;
	int rc, arc;

	if ((rc = audit_hook_ready(a->audit_log, e)) != PHI_OK ||
	    (rc = load_keys(a, &kr, e)) != PHI_OK ||
	    (rc = load_senders(a, &senders, e)) != PHI_OK)
		goto out;
	dopt.kr = kr;
	dopt.senders = senders;
	if ((rc = decrypt_new(&d, &dopt, e)) != PHI_OK)
		goto out;
	if (a->token != NULL) {
		rc = run_token(d, a->token, e);
		st.taken = rc == PHI_OK;
	} else {
		decrypt_handler(d, &h);
		a->fo.select = decrypt_select(d);
		a->fo.check = a->fields;
		if (a->skip_unknown) {
			a->fo.skipped = decrypt_skipped_of;
			a->fo.skipped_ctx = d;
		}
		rc = filter_run(&a->fo, &h, files, n, &st, e);
	}
	st.taken -= decrypt_skipped(d);
	if (a->audit_log == NULL && getenv("PHI_AUDIT_LOG") == NULL)
		goto out; /* no log: no record to build (nor to fail) */
	arc = audit_decrypt(a, d, &st, rc, files, n, e);
	if (rc == PHI_OK)
		rc = arc;
out:
	decrypt_free(d);
	key_ring_free(kr);
	key_ring_free(senders);
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
	rc = parse_args(argc, argv, &a, &e);
	if (rc == PHI_OK && a.help)
		fputs(usage_text, stdout);
	else if (rc == PHI_OK && a.version)
		cli_version();
	else if (rc == PHI_OK)
		rc = run(&a, argv + optind, argc - optind, &e);
	pathset_free(a.fields);
	pathset_free(a.bind_record);
	free(a.keys);
	free(a.senders);
	return cli_finish(rc, &e);
}
