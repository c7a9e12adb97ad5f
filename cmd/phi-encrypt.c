/*
 * phi-encrypt - replace selected field values of NDJSON events with
 * tokens that only the holder of the private key can open.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "audithook.h"
#include "classify.h"
#include "cli.h"
#include "encrypt.h"
#include "explain.h"
#include "fieldsfile.h"
#include "filter.h"
#include "hex.h"
#include "joinkey.h"
#include "key.h"

enum {
	OPT_FIELDS_FROM = 1,
	OPT_CLASS,
	OPT_SCOPE,
	OPT_MIN_CLASS,
	OPT_AUDIT_LOG,
	OPT_KEEP_KID,
	OPT_NO_PAD,
	OPT_IN_TEXT,
	OPT_IN_TEXT_CLASS,
	OPT_KEYS,
	OPT_EXPLAIN,
	OPT_JOIN,
	OPT_JOIN_KEY,
	OPT_SENDER,
	OPT_BIND_PATH,
	OPT_BIND_RECORD,
};

static const struct option longopts[] = {
    {"public-key", required_argument, NULL, 'k'},
    {"field", required_argument, NULL, 'f'},
    {"fields-from", required_argument, NULL, OPT_FIELDS_FROM},
    {"keys", required_argument, NULL, OPT_KEYS},
    {"min-class", required_argument, NULL, OPT_MIN_CLASS},
    {"class", required_argument, NULL, OPT_CLASS},
    {"scope", required_argument, NULL, OPT_SCOPE},
    {"rules", required_argument, NULL, 'r'},
    {"audit-log", required_argument, NULL, OPT_AUDIT_LOG},
    {"strict", no_argument, NULL, FILTER_OPT_STRICT},
    {"keep-kid", required_argument, NULL, OPT_KEEP_KID},
    {"no-pad", no_argument, NULL, OPT_NO_PAD},
    {"in-text", required_argument, NULL, OPT_IN_TEXT},
    {"in-text-class", no_argument, NULL, OPT_IN_TEXT_CLASS},
    {"explain", no_argument, NULL, OPT_EXPLAIN},
    {"join", required_argument, NULL, OPT_JOIN},
    {"join-key", required_argument, NULL, OPT_JOIN_KEY},
    {"sender", required_argument, NULL, OPT_SENDER},
    {"bind-path", no_argument, NULL, OPT_BIND_PATH},
    {"bind-record", required_argument, NULL, OPT_BIND_RECORD},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    FILTER_LONGOPTS,
    {NULL, 0, NULL, 0},
};

static const char usage_text[] =
    "usage: phi-encrypt -k KEY.pub (-f PATH... | --fields-from FILE |\n"
    "                   --in-text PATH... | --keys PATH... | --class COLOUR)\n"
    "                   [options] [FILE...]\n"
    "Encrypt selected fields of NDJSON events (HPKE, RFC 9180); any JSON\n"
    "value becomes a token \"phi:1:...\" that phi-decrypt restores exactly.\n"
    "\n"
    "Key and fields:\n"
    "  -k, --public-key FILE   recipient public key (env PHI_PUBLIC_KEY)\n"
    "  -f, --field PATH        encrypt the value at PATH (repeatable):\n"
    "                          traits.email, properties.*, **.ssn, a[\"b.c\"]\n"
    "      --fields-from FILE  paths from FILE, one a line (# comments), or\n"
    "                          a phi-classify --report\n"
    "      --in-text PATH      inside the strings at PATH, encrypt each\n"
    "                          identifier found (names, phones, emails...)\n"
    "                          as a span token [phi:1:...] (repeatable)\n"
    "      --keys PATH         encrypt the keys of the objects at PATH\n"
    "                          (repeatable; a map keyed by email, say)\n"
    "      --min-class COLOUR  report lines taken from COLOUR up (yellow)\n"
    "      --class COLOUR      encrypt every field classified COLOUR or worse\n"
    "      --in-text-class     with --class: free text gets span tokens for\n"
    "                          its identifiers instead of one token\n"
    "      --scope PATH        where --class looks (repeatable; default\n"
    "                          the whole event)\n"
    "  -r, --rules FILE        extra classification rules (repeatable)\n"
    "      --keep-kid KID      leave tokens of key id KID (16 hex digits)\n"
    "                          as they are (repeatable); tokens of the\n"
    "                          recipient always are, any other value that\n"
    "                          looks like a token is encrypted\n"
    "      --no-pad            do not pad values to hide their length\n"
    "      --join PATH         seal the value at PATH as a join token:\n"
    "                          equal values give equal tokens, to group\n"
    "                          and join on (repeatable; high-entropy ids\n"
    "                          only: see phi-tools(7) JOIN TOKENS)\n"
    "      --join-key FILE     the join key, from phi-keygen --join\n"
    "                          (env PHI_JOIN_KEY)\n"
    "\n"
    "Suite 2 (tokens \"phi:2:...\"; any of these):\n"
    "      --sender KEY        vouch for every token with this X25519\n"
    "                          private key (HPKE auth mode; env\n"
    "                          PHI_SENDER_KEY): only its holder can make\n"
    "                          tokens that phi-decrypt --sender accepts\n"
    "      --bind-path         bind each token to its field's path: a\n"
    "                          token moved to another field fails\n"
    "      --bind-record PATH  bind each token to the value of the field\n"
    "                          at PATH (messageId, say), which stays in\n"
    "                          clear: a token moved to another event fails\n"
    "\n"
    "Other options:\n"
    "      --explain           a dry run: print which paths would be\n"
    "                          encrypted and why, with counts; no events\n"
    "                          are written and no key is needed\n"
    "\n" FILTER_HELP FILTER_STRICT_HELP
    "      --audit-log FILE  append an audit record (env PHI_AUDIT_LOG)\n"
    "  -h, --help            show this help\n"
    "  -V, --version         show the version\n"
    "\n" FILTER_EXIT_HELP "\n"
    "Example:\n"
    "  zcat export.ndjson.gz | phi-encrypt -k team.pub -f traits.email \\\n"
    "      -f 'properties.*' | gzip > safe.ndjson.gz\n";

struct args {
	struct filter_opts fo;
	const char *pubkey, *audit_log, *class, *join_key;
	const char **rules, **fields_from;
	uint8_t (*keep)[KEY_ID_LEN];
	size_t nrules, nff, nkeep;
	struct pathset *fields, *scope, *intext, *walk, *keys, *nokeys, *join;
	enum class_colour min_class, class_colour;
	int help, version, no_pad, text_class, explain, bind_path;
	const char *sender, *bind_record_expr;
	struct pathset *bind_record;
};

/* --class and --min-class. */
static int
option_colour(struct args *a, int c, const char *arg, struct phi_err *e)
{
	enum class_colour colour;

	if (class_colour_parse(arg, &colour) != PHI_OK || colour == CLASS_GREEN)
		return phi_err_set(
		    e, PHI_EUSAGE, "%s: expected yellow or red", arg);
	if (c == OPT_CLASS) {
		a->class = arg;
		a->class_colour = colour;
	} else {
		a->min_class = colour;
	}
	return PHI_OK;
}

/* --keep-kid KID. */
static int
option_keep(struct args *a, const char *arg, struct phi_err *e)
{
	if (strlen(arg) != 2 * KEY_ID_LEN ||
	    hex_decode(arg, KEY_ID_LEN, a->keep[a->nkeep]) != 0)
		return phi_err_set(e, PHI_EUSAGE,
		    "--keep-kid: expected a key id of 16 hex digits");
	a->nkeep++;
	return PHI_OK;
}

/* --join PATH: a field path (-f) whose values become join tokens. */
static int
option_join(struct args *a, const char *arg, struct phi_err *e)
{
	int rc;

	if ((rc = pathset_add(a->fields, arg, e)) != PHI_OK ||
	    (rc = pathset_add(a->walk, arg, e)) != PHI_OK)
		return rc;
	return pathset_add(a->join, arg, e);
}

/* The options of how the run goes, rather than of what it selects. */
static int
run_option(struct args *a, int c, const char *arg, struct phi_err *e)
{
	switch (c) {
	case OPT_EXPLAIN:
		a->explain = 1;
		return PHI_OK;
	case OPT_SENDER:
		a->sender = arg;
		return PHI_OK;
	case OPT_BIND_PATH:
		a->bind_path = 1;
		return PHI_OK;
	case OPT_BIND_RECORD:
		if (a->bind_record_expr != NULL)
			return phi_err_set(e, PHI_EUSAGE,
			    "--bind-record given twice: one record field");
		a->bind_record_expr = arg;
		return pathset_add(a->bind_record, arg, e);
	}
	if (c == OPT_JOIN_KEY) {
		a->join_key = arg;
		return PHI_OK;
	}
	if (c == OPT_JOIN) /* a field path, sealed as a join token */
		return option_join(a, arg, e);
	return filter_option(&a->fo, c, arg, e);
}

/* --bind-record PATH: one field, which nothing seals (the record's
 * value is bound in clear), nor its key or its object's. */
static int
check_bind_record(struct args *a, struct phi_err *e)
{
	struct path_seg seg[64];
	size_t n, d;

	if (a->bind_record_expr == NULL)
		return PHI_OK;
	if ((n = pathset_segs(a->bind_record, seg, 64)) == 0)
		return phi_err_set(e, PHI_EUSAGE,
		    "--bind-record %s: give one field's path (no * or **)",
		    a->bind_record_expr);
	for (d = 1; d <= n; d++)
		if (pathset_match(a->walk, seg, d) == 1 ||
		    pathset_match(a->keys, seg, d - 1) == 1)
			return phi_err_set(e, PHI_EUSAGE,
			    "--bind-record %s: that field is also selected for encryption; the record field stays in clear",
			    a->bind_record_expr);
	return PHI_OK;
}

static int
option(void *ctx, int c, const char *arg, struct phi_err *e)
{
	struct args *a = ctx;
	int rc;

	switch (c) {
	case 'k':
		if (a->pubkey != NULL)
			return phi_err_set(e, PHI_EUSAGE,
			    "-k given twice: one recipient key only for now (a second -k would not make the tokens open with both keys)");
		a->pubkey = arg;
		return PHI_OK;
	case 'f':
		rc = pathset_add(a->fields, arg, e);
		return rc != PHI_OK ? rc : pathset_add(a->walk, arg, e);
	case OPT_IN_TEXT:
		rc = pathset_add(a->intext, arg, e);
		return rc != PHI_OK ? rc : pathset_add(a->walk, arg, e);
	case OPT_IN_TEXT_CLASS:
		a->text_class = 1;
		return PHI_OK;
	case OPT_FIELDS_FROM:
		a->fields_from[a->nff++] = arg;
		return PHI_OK;
	case OPT_MIN_CLASS:
	case OPT_CLASS:
		return option_colour(a, c, arg, e);
	case OPT_SCOPE:
	case OPT_KEYS:
		return pathset_add(c == OPT_KEYS ? a->keys : a->scope, arg, e);
	case 'r':
		a->rules[a->nrules++] = arg;
		return PHI_OK;
	case OPT_AUDIT_LOG:
		a->audit_log = arg;
		return PHI_OK;
	case OPT_KEEP_KID:
		return option_keep(a, arg, e);
	case OPT_NO_PAD:
		a->no_pad = 1;
		return PHI_OK;
	}
	return run_option(a, c, arg, e);
}

/* Options that do not go together: PHI_EUSAGE naming them. */
static int
check_combos(struct args *a, struct phi_err *e)
{
	int rc;

	if (a->join_key != NULL && pathset_count(a->join) == 0)
		return phi_err_set(
		    e, PHI_EUSAGE, "--join-key goes with --join PATH");
	if (pathset_count(a->join) > 0 &&
	    (a->sender != NULL || a->bind_path || a->bind_record_expr != NULL ||
	        getenv("PHI_SENDER_KEY") != NULL))
		return phi_err_set(e, PHI_EUSAGE,
		    "--join makes suite-1 tokens (phi:1): it cannot go with --sender, PHI_SENDER_KEY, --bind-path or --bind-record");
	if (a->text_class && a->class == NULL)
		return phi_err_set(
		    e, PHI_EUSAGE, "--in-text-class goes with --class COLOUR");
	if (a->bind_path && pathset_count(a->keys) > 0)
		return phi_err_set(e, PHI_EUSAGE,
		    "--bind-path cannot go with --keys: the paths of the values below an encrypted key would change");
	if ((rc = check_bind_record(a, e)) != PHI_OK)
		return rc;
	if (a->explain &&
	    (a->fo.output != NULL || a->fo.suffix != NULL || a->fo.in_place))
		return phi_err_set(e, PHI_EUSAGE,
		    "--explain writes no events: no -o, --suffix or --in-place");
	return PHI_OK;
}

static int
parse_args(int argc, char **argv, struct args *a, struct phi_err *e)
{
	size_t i;
	int early, rc;

	a->rules = calloc((size_t)argc, sizeof(*a->rules));
	a->fields_from = calloc((size_t)argc, sizeof(*a->fields_from));
	a->keep = calloc((size_t)argc, sizeof(*a->keep));
	a->fields = pathset_new();
	a->scope = pathset_new();
	a->intext = pathset_new();
	a->walk = pathset_new();
	a->keys = pathset_new();
	a->nokeys = pathset_new();
	a->join = pathset_new();
	a->bind_record = pathset_new();
	if (!a->rules || !a->fields_from || !a->keep || !a->fields ||
	    !a->scope || !a->intext || !a->walk || !a->keys || !a->nokeys ||
	    !a->join || !a->bind_record)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	a->min_class = CLASS_YELLOW;
	a->fo.verb = "encrypted";
	rc = cli_getopt(
	    argc, argv, "k:f:r:o:j:hV", longopts, option, a, &early, e);
	if (rc != PHI_OK || early != 0) {
		a->help = early == 'h';
		a->version = early == 'V';
		return rc;
	}
	for (i = 0; i < a->nff; i++)
		if ((rc = fields_file_load(a->fields, a->keys,
		         a->fields_from[i], a->min_class, e)) != PHI_OK ||
		    (rc = fields_file_load(a->walk, a->nokeys,
		         a->fields_from[i], a->min_class, e)) != PHI_OK)
			return rc;
	if ((rc = check_combos(a, e)) != PHI_OK)
		return rc;
	return filter_check(&a->fo, argc - optind, e);
}

static int
load_classifier(struct args *a, struct classifier **cls, struct phi_err *e)
{
	int rc;

	*cls = NULL;
	if (a->class == NULL && pathset_count(a->intext) == 0 &&
	    pathset_count(a->join) == 0)
		return PHI_OK;
	/* the whole event by default, as phi-classify looks: Segment's
	 * alias puts an email in previousId, outside its three objects */
	if (a->class != NULL && pathset_count(a->scope) == 0 &&
	    (rc = pathset_add(a->scope, "**", e)) != PHI_OK)
		return rc;
	if ((rc = classify_load(cls, a->rules, a->nrules, e)) != PHI_OK)
		return rc;
	/* --in-text-class asks for the spans of the text --class judged */
	classify_keep_text(*cls, a->text_class);
	return PHI_OK;
}

/* The paths the streaming core selects by, and those whose use it
 * checks (in-text paths are walked with the field paths). */
static void
filter_paths(struct args *a, const struct encrypt *enc)
{
	a->fo.select = encrypt_select(enc);
	a->fo.check = pathset_count(a->intext) > 0 && a->class == NULL
	    ? a->walk
	    : a->fields;
	a->fo.check_text = a->intext;
	a->fo.check_join = a->join;
	a->fo.check_keys = a->keys;
}

static int
run_explain(struct args *a, struct encrypt *enc, const struct classifier *cls,
    char **files, int n, struct phi_err *e)
{
	struct explain_opts xo = {.enc = enc,
	    .cls = cls,
	    .min_colour = a->class != NULL ? a->class_colour : CLASS_GREEN,
	    .fields = a->fields,
	    .intext = a->intext,
	    .join = a->join};

	filter_paths(a, enc);
	return explain_run(&xo, &a->fo, files, n, stdout, e);
}

static const char nothing_selected[] =
    "nothing selected: give -f PATH, --fields-from FILE, --in-text PATH, --keys PATH or --class COLOUR";

/* The streaming run of enc over files (walk: in-text paths are walked
 * with the field paths). */
static int
run_filter(struct args *a, struct encrypt *enc, char **files, int n,
    struct ndjson_stats *st, struct phi_err *e)
{
	struct ndjson_handler h;

	encrypt_handler(enc, &h);
	filter_paths(a, enc);
	if (pathset_count(a->intext) > 0 || a->text_class ||
	    pathset_count(a->join) > 0) {
		a->fo.skipped = encrypt_unchanged;
		a->fo.skipped_ctx = enc;
		a->fo.detail = encrypt_detail;
	}
	return filter_run(&a->fo, &h, files, n, st, e);
}

/* --join: the join key (--join-key, else PHI_JOIN_KEY) into secret,
 * and eo pointed at it; none needed for a dry run (--explain). */
static int
join_secret_load(struct args *a, uint8_t secret[JOIN_SECRET_LEN],
    struct encrypt_opts *eo, struct phi_err *e)
{
	const char *path = cli_opt_env(a->join_key, "PHI_JOIN_KEY");
	int rc;

	if (pathset_count(a->join) == 0 || a->explain)
		return PHI_OK;
	if (path == NULL)
		return phi_err_set(e, PHI_EUSAGE,
		    "--join needs a join key: give --join-key FILE or set PHI_JOIN_KEY (phi-keygen --join makes one)");
	if ((rc = joinkey_load_file(path, secret, e)) != PHI_OK)
		return rc;
	eo->join = a->join;
	eo->join_secret = secret;
	return PHI_OK;
}

/* A key and something to select, before anything is loaded. */
static int
run_check(const struct args *a, const char *path, struct phi_err *e)
{
	if (path == NULL && !a->explain)
		return phi_err_set(e, PHI_EUSAGE,
		    "no public key: give -k FILE or set PHI_PUBLIC_KEY");
	if (a->class == NULL && pathset_count(a->walk) == 0 &&
	    pathset_count(a->keys) == 0)
		return phi_err_set(e, PHI_EUSAGE, "%s", nothing_selected);
	return PHI_OK;
}

/* Suite 2's options into eo: the sender key (--sender, else
 * PHI_SENDER_KEY; not for --explain), --bind-path, --bind-record. */
static int
suite2_opts(struct args *a, struct encrypt_opts *eo, struct phi_err *e)
{
	const char *spath = cli_opt_env(a->sender, "PHI_SENDER_KEY");
	int rc;

	if (spath != NULL && !a->explain &&
	    (rc = key_sec_load_file(
	         spath, EVP_PKEY_X25519, NULL, &eo->sender, e)) != PHI_OK)
		return rc;
	eo->bind_path = a->bind_path;
	if (a->bind_record_expr != NULL) {
		eo->bind_record = a->bind_record;
		eo->bind_record_expr = a->bind_record_expr;
	}
	return PHI_OK;
}

/* The audit record of the run: the key id, and the sender's. */
static int
audit_encrypt(struct args *a, const struct encrypt *enc,
    const struct ndjson_stats *st, int rc, char **files, int n,
    struct phi_err *e)
{
	const char *sender = encrypt_sender_hex(enc);
	char kids[24], skids[24];

	snprintf(kids, sizeof(kids), "[\"%s\"]", encrypt_kid_hex(enc));
	if (sender != NULL)
		snprintf(skids, sizeof(skids), "[\"%s\"]", sender);
	return filter_audit(a->audit_log, "PHI Encrypted", kids,
	    sender != NULL ? skids : NULL, st, rc, files, n,
	    rc == PHI_OK ? e : NULL);
}

static int
run(struct args *a, char **files, int n, struct phi_err *e)
{
	const char *path = cli_opt_env(a->pubkey, "PHI_PUBLIC_KEY");
	struct encrypt_opts eo = {.fields = a->fields,
	    .intext = a->intext,
	    .walk = pathset_count(a->intext) > 0 ? a->walk : NULL,
	    .class_mode = a->class != NULL,
	    .text_class = a->text_class,
	    .scope = a->scope,
	    .keep = (const uint8_t(*)[KEY_ID_LEN])a->keep,
	    .nkeep = a->nkeep,
	    .no_pad = a->no_pad,
	    .keys = a->keys};
	struct classifier *cls = NULL;
	struct encrypt *enc = NULL;
	struct ndjson_stats st = {0, 0, 0, 0, 0};
	uint8_t secret[JOIN_SECRET_LEN];
	int rc, arc;

	if ((rc = run_check(a, path, e)) != PHI_OK)
		return rc;
	if ((rc = join_secret_load(a, secret, &eo, e)) ||
	    (rc = audit_hook_ready(a->audit_log, e)) ||
	    (path != NULL &&
	        (rc = key_pub_load_file(path, EVP_PKEY_X25519, &eo.pub, e))) ||
	    (rc = load_classifier(a, &cls, e)))
		goto out;
	if ((rc = suite2_opts(a, &eo, e)) != PHI_OK)
		goto out;
	eo.cls = a->class != NULL || pathset_count(a->intext) > 0 ? cls : NULL;
	eo.join_cls = cls;
	eo.min_colour = a->class != NULL ? a->class_colour : CLASS_GREEN;
	if ((rc = encrypt_new(&enc, &eo, e)) != PHI_OK)
		goto out;
	if (a->explain) {
		rc = run_explain(a, enc, cls, files, n, e);
		goto out;
	}
	rc = run_filter(a, enc, files, n, &st, e);
	arc = audit_encrypt(a, enc, &st, rc, files, n, e);
	if (rc == PHI_OK)
		rc = arc;
out:
	encrypt_free(enc);
	classify_free(cls);
	EVP_PKEY_free(eo.pub);
	OPENSSL_cleanse(secret, sizeof(secret));
	EVP_PKEY_free(eo.sender);
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
	pathset_free(a.scope);
	pathset_free(a.intext);
	pathset_free(a.walk);
	pathset_free(a.keys);
	pathset_free(a.nokeys);
	pathset_free(a.join);
	pathset_free(a.bind_record);
	free(a.rules);
	free(a.fields_from);
	free(a.keep);
	return cli_finish(rc, &e);
}
