/*
 * phi-audit - keep a tamper-evident HIPAA audit log that holds no PHI:
 * record, ingest, seal, verify, review and rotate.  Options and wiring
 * only; the log lives in common/audit/.
 */
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "audithook.h"
#include "auditingest.h"
#include "auditlog.h"
#include "auditphi.h"
#include "auditreview.h"
#include "auditseal.h"
#include "audittime.h"
#include "auditverify.h"
#include "buf.h"
#include "cli.h"
#include "key.h"

enum { C_RECORD, C_INGEST, C_SEAL, C_VERIFY, C_REVIEW, C_ROTATE, NCMDS };

static const char *const cmd_names[NCMDS] = {
    "record", "ingest", "seal", "verify", "review", "rotate"};

#define MAXKEYS 32

enum {
	O_AUDIT_KEY = 0x100,
	O_TIMESTAMP,
	O_MAP,
	O_PASSFILE,
	O_CHECKPOINT,
	O_FROM,
	O_FAILED_LOGINS,
	O_WINDOW,
	O_FAILED_EVENT,
	O_ABSENCE,
	O_HOURS,
	O_UTC_OFFSET,
	O_TZ,
	O_DECRYPT_LIMIT,
	O_DECRYPT_WINDOW,
	O_SUMMARY,
	O_MAX_LINE,
	O_RULES,
	O_NO_PHI_CHECK,
	O_CHAIN_ONLY,
	O_MAX_UNSEALED,
	O_ALLOW_DETAILS,
};

static const struct option longopts[] = {{"log", required_argument, NULL, 'l'},
    {"audit-key", required_argument, NULL, O_AUDIT_KEY},
    {"workspace", required_argument, NULL, 'w'},
    {"actor", required_argument, NULL, 'a'},
    {"event-type", required_argument, NULL, 'e'},
    {"end-user", required_argument, NULL, 'u'},
    {"details", required_argument, NULL, 'd'},
    {"timestamp", required_argument, NULL, O_TIMESTAMP},
    {"map", required_argument, NULL, O_MAP},
    {"max-line", required_argument, NULL, O_MAX_LINE},
    {"key", required_argument, NULL, 'k'},
    {"passphrase-file", required_argument, NULL, O_PASSFILE},
    {"checkpoint", required_argument, NULL, O_CHECKPOINT},
    {"from", required_argument, NULL, O_FROM},
    {"failed-logins", required_argument, NULL, O_FAILED_LOGINS},
    {"window", required_argument, NULL, O_WINDOW},
    {"failed-event", required_argument, NULL, O_FAILED_EVENT},
    {"absence", required_argument, NULL, O_ABSENCE},
    {"hours", required_argument, NULL, O_HOURS},
    {"utc-offset", required_argument, NULL, O_UTC_OFFSET},
    {"tz", required_argument, NULL, O_TZ},
    {"decrypt-limit", required_argument, NULL, O_DECRYPT_LIMIT},
    {"decrypt-window", required_argument, NULL, O_DECRYPT_WINDOW},
    {"summary", no_argument, NULL, O_SUMMARY},
    {"rules", required_argument, NULL, O_RULES},
    {"no-phi-check", no_argument, NULL, O_NO_PHI_CHECK},
    {"chain-only", no_argument, NULL, O_CHAIN_ONLY},
    {"max-unsealed", required_argument, NULL, O_MAX_UNSEALED},
    {"allow-details", no_argument, NULL, O_ALLOW_DETAILS},
    {"help", no_argument, NULL, 'h'}, {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0}};

#define B(c) (1u << (c))
#define WRITERS (B(C_RECORD) | B(C_INGEST) | B(C_SEAL) | B(C_ROTATE))

/* Which commands take which option. */
static unsigned
opt_cmds(int ch)
{
	switch (ch) {
	case 'l':
		return WRITERS | B(C_VERIFY) | B(C_REVIEW);
	case 'w':
	case 'a':
		return WRITERS;
	case O_AUDIT_KEY:
	case 'e':
		return B(C_RECORD) | B(C_INGEST);
	case 'u':
	case 'd':
	case O_TIMESTAMP:
	case O_ALLOW_DETAILS:
		return B(C_RECORD);
	case O_MAP:
		return B(C_INGEST);
	case O_MAX_LINE:
		return B(C_INGEST) | B(C_VERIFY) | B(C_REVIEW);
	case 'k':
		return B(C_SEAL) | B(C_VERIFY);
	case O_PASSFILE:
		return B(C_SEAL);
	case O_CHECKPOINT:
	case O_FROM:
	case O_CHAIN_ONLY:
	case O_MAX_UNSEALED:
		return B(C_VERIFY);
	default:
		return B(C_REVIEW);
	}
}

struct opts {
	int cmd;
	const char *log, *audit_key, *timestamp, *passfile, *from;
	const char *keys[MAXKEYS], *checkpoints[MAXKEYS], *rules[MAXKEYS];
	size_t nkeys, ncps;
	int chain_only, allow_details;
	int zone_given;    /* --utc-offset or --tz */
	long max_unsealed; /* -1: not given */
	struct audit_entry en;
	struct audit_ingest_opts in;
	struct audit_review_opts rv;
	char **files;
	int nfiles;
	char actor[256], ts[AUDIT_TIME_LEN + 1];
};

static const char usage_text[] =
    "usage: phi-audit COMMAND [OPTIONS] [FILE...]\n"
    "Keep a tamper-evident, hash-chained HIPAA audit log (NDJSON) that holds no PHI.\n\n"
    "Commands:\n"
    "  record   append one record\n"
    "  ingest   append one record per NDJSON event read from FILEs or stdin\n"
    "  seal     append a signed checkpoint; print it on stdout, to keep apart\n"
    "  verify   check the chain, seals and checkpoints of FILEs (a rotated log\n"
    "           in order, oldest first); findings as NDJSON on stdout\n"
    "  review   alerts (failed logins, absence, off hours, decryptions, values\n"
    "           that look like PHI) as NDJSON\n"
    "  rotate   copy the log to FILE and start it again, chain continued\n\n"
    "Writing (record, ingest, seal, rotate):\n"
    "  -l, --log FILE          the audit log (default $PHI_AUDIT_LOG)\n"
    "      --audit-key FILE    pseudonym key (default $PHI_AUDIT_KEY, else\n"
    "                          LOG.key, made on first use)\n"
    "  -w, --workspace ID      workspace_id (default $PHI_AUDIT_WORKSPACE or\n"
    "                          \"default\")\n"
    "  -a, --actor NAME        actor_user_id (default the login name)\n"
    "  -e, --event-type TYPE   event_type, e.g. \"PHI Decrypted\"\n"
    "  -u, --end-user ID       the end user (written as a keyed pseudonym)\n"
    "  -d, --details JSON      a JSON object: counts, key ids, file names;\n"
    "                          values that look like PHI are refused\n"
    "      --allow-details     record: write -d even if it looks like PHI\n"
    "      --timestamp TIME    RFC 3339 time of the event (default now)\n"
    "      --map FIELD=PATH    ingest: take an audit field (event_type, actor,\n"
    "                          end_user, workspace, timestamp) from PATH\n"
    "      --max-line SIZE     ingest, verify, review: the longest line read (default 64M)\n"
    "  -k, --key FILE          seal: the Ed25519 signing key; verify: a public\n"
    "                          key (repeatable)\n"
    "      --passphrase-file FILE  seal: the signing key's passphrase (first\n"
    "                          line; default $PHI_PASSPHRASE)\n\n"
    "Verifying:\n"
    "      --checkpoint FILE   seals kept apart, which the log must still hold\n"
    "      --from HASH         the first FILE follows the record with this hash\n"
    "      --chain-only        check the chain alone, not the seals (no --key):\n"
    "                          detects accidents, not an attacker who rewrites\n"
    "                          the file\n"
    "      --max-unsealed N    more than N records after the last seal is a\n"
    "                          finding\n\n"
    "Reviewing:\n"
    "      --failed-logins N   alert at N failed logins of an actor (default 5)\n"
    "      --window SECONDS    ... within this time (default 300)\n"
    "      --failed-event TYPE the failed-login event type (default \"Login Failed\")\n"
    "      --absence SECONDS   alert on a gap in activity this long (default\n"
    "                          86400; 0: off)\n"
    "      --hours HH-HH       working hours (default 07-19; 00-24: off)\n"
    "      --utc-offset +HH:MM the working hours' time zone (default +00:00)\n"
    "      --tz ZONE           ... or a named zone of the tz database, with\n"
    "                          daylight saving time (America/Chicago)\n"
    "      --decrypt-limit N   alert above N values decrypted by an actor\n"
    "                          (default 10000; 0: off)\n"
    "      --decrypt-window SECONDS  ... within this time (default 86400)\n"
    "      --summary           counts by event type and actor instead\n"
    "      --rules FILE        phi-classify rules for the PHI check (repeatable)\n"
    "      --no-phi-check      do not look for values that look like PHI\n\n"
    "  -h, --help              this help;  -V, --version  the version\n\n"
    "Example:\n"
    "  phi-audit record -l audit.log -e \"PHI Exported\" -u user-42 -d '{\"rows\":10}'\n"
    "  phi-audit seal -l audit.log -k audit.key >> checkpoints\n"
    "  phi-audit verify -k audit.pub --checkpoint checkpoints audit.log\n\n"
    "Exit status: 0 ok, 64 usage, 65 bad data or a verify finding, 66 cannot\n"
    "open input, 70 internal, 73 rotate FILE exists, 74 I/O error, 77 key\n"
    "problem.\n";

static void
usage(void)
{
	fputs(usage_text, stdout);
}

static int
seconds_opt(const char *name, const char *arg, int64_t *ms, struct phi_err *e)
{
	long v;
	int rc;

	if ((rc = cli_parse_long(name, arg, 0, 100L * 365 * 86400, &v, e)) !=
	    PHI_OK)
		return rc;
	*ms = (int64_t)v * 1000;
	return PHI_OK;
}

static int
list_add(const char **list, size_t *n, const char *name, const char *arg,
    struct phi_err *e)
{
	if (*n >= MAXKEYS)
		return phi_err_set(
		    e, PHI_EUSAGE, "%s: at most %d", name, MAXKEYS);
	list[(*n)++] = arg;
	return PHI_OK;
}

static int
review_opt(struct opts *o, int ch, const char *arg, struct phi_err *e)
{
	struct audit_review_opts *r = &o->rv;

	switch (ch) {
	case O_FAILED_LOGINS:
		return cli_parse_long(
		    "--failed-logins", arg, 0, 1000000, &r->failed_logins, e);
	case O_WINDOW:
		return seconds_opt("--window", arg, &r->window_ms, e);
	case O_FAILED_EVENT:
		r->failed_event = arg;
		return PHI_OK;
	case O_ABSENCE:
		return seconds_opt("--absence", arg, &r->absence_ms, e);
	case O_HOURS:
		return audit_review_hours(r, arg, e);
	case O_UTC_OFFSET:
	case O_TZ:
		if (o->zone_given++)
			return phi_err_set(e, PHI_EUSAGE,
			    "--tz and --utc-offset: give one time zone, once");
		if (ch == O_UTC_OFFSET)
			return audit_review_offset(r, arg, e);
		r->tz = arg;
		return audit_time_tz_check(arg, e);
	case O_DECRYPT_LIMIT:
		return cli_parse_long(
		    "--decrypt-limit", arg, 0, LONG_MAX, &r->decrypt_limit, e);
	case O_DECRYPT_WINDOW:
		return seconds_opt(
		    "--decrypt-window", arg, &r->decrypt_window_ms, e);
	case O_SUMMARY:
		r->summary = 1;
		return PHI_OK;
	case O_RULES:
		r->rule_files = o->rules;
		return list_add(o->rules, &r->nrules, "--rules", arg, e);
	case O_NO_PHI_CHECK:
		r->phi_check = 0;
		return PHI_OK;
	}
	return phi_err_set(e, PHI_EUSAGE, "unknown option");
}

static int
writer_opt(struct opts *o, int ch, const char *arg, struct phi_err *e)
{
	switch (ch) {
	case 'w':
		o->en.workspace = arg;
		return PHI_OK;
	case 'a':
		o->en.actor = arg;
		return PHI_OK;
	case 'e':
		o->en.event_type = arg;
		return PHI_OK;
	case 'u':
		o->en.end_user = arg;
		return PHI_OK;
	case 'd':
		o->en.details = arg;
		return PHI_OK;
	case O_MAP:
		return audit_ingest_map(&o->in, arg, e);
	case O_MAX_LINE:
		return cli_parse_size("--max-line", arg, &o->in.max_line, e);
	case O_TIMESTAMP:
		if (audit_time_normalize(arg, o->ts) != 0)
			return phi_err_set(e, PHI_EUSAGE,
			    "--timestamp: expected an RFC 3339 time (2026-01-31T09:30:00Z)");
		o->en.timestamp = o->ts;
		return PHI_OK;
	}
	return review_opt(o, ch, arg, e);
}

static int
one_opt(struct opts *o, int ch, const char *arg, struct phi_err *e)
{
	switch (ch) {
	case 'l':
		o->log = arg;
		return PHI_OK;
	case O_AUDIT_KEY:
		o->audit_key = arg;
		return PHI_OK;
	case 'k':
		return list_add(o->keys, &o->nkeys, "--key", arg, e);
	case O_PASSFILE:
		o->passfile = arg;
		return PHI_OK;
	case O_CHECKPOINT:
		return list_add(
		    o->checkpoints, &o->ncps, "--checkpoint", arg, e);
	case O_FROM:
		o->from = arg;
		return PHI_OK;
	case O_CHAIN_ONLY:
		o->chain_only = 1;
		return PHI_OK;
	case O_MAX_UNSEALED:
		return cli_parse_long(
		    "--max-unsealed", arg, 0, LONG_MAX, &o->max_unsealed, e);
	case O_ALLOW_DETAILS:
		o->allow_details = 1;
		return PHI_OK;
	}
	return writer_opt(o, ch, arg, e);
}

/* The long name of option ch (every option has one). */
static const char *
opt_name(int ch)
{
	const struct option *lo;

	for (lo = longopts; lo->name != NULL; lo++)
		if (lo->val == ch)
			return lo->name;
	return "?";
}

/* Parses argv[0..argc) (argv[0] is the command); -1: --help or
 * --version was handled. */
static int
parse_opts(struct opts *o, int argc, char **argv, struct phi_err *e)
{
	const char *bad;
	int ch, rc;

	opterr = 0;
	while ((ch = cli_getopt_long(
	            argc, argv, "l:w:a:e:u:d:k:hV", longopts, &bad)) != -1) {
		if (ch == CLI_OPT_ABBREV)
			return phi_err_set(e, PHI_EUSAGE,
			    "%s: unknown option (long options are not abbreviated)",
			    bad);
		if (ch == 'h' || ch == 'V') {
			ch == 'h' ? usage() : cli_version();
			return -1;
		}
		if (ch == '?' || ch == ':')
			return phi_err_set(e, PHI_EUSAGE,
			    "%s: unknown option or missing argument",
			    argv[optind - 1]);
		if ((opt_cmds(ch) & B(o->cmd)) == 0)
			return phi_err_set(e, PHI_EUSAGE,
			    "--%s: not an option of '%s'", opt_name(ch),
			    cmd_names[o->cmd]);
		if ((rc = one_opt(o, ch, optarg, e)) != PHI_OK)
			return rc;
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	return PHI_OK;
}

/* Fills in what the environment and the system give. */
static int
resolve(struct opts *o, struct phi_err *e)
{
	o->log = cli_opt_env(o->log, "PHI_AUDIT_LOG");
	o->audit_key = cli_opt_env(o->audit_key, "PHI_AUDIT_KEY");
	o->en.workspace = cli_opt_env(o->en.workspace, "PHI_AUDIT_WORKSPACE");
	if (o->en.actor == NULL) {
		audit_hook_actor(o->actor, sizeof(o->actor));
		o->en.actor = o->actor;
	}
	if ((B(o->cmd) & WRITERS) && o->log == NULL)
		return phi_err_set(e, PHI_EUSAGE,
		    "no log: give --log FILE or set PHI_AUDIT_LOG");
	if (o->cmd == C_RECORD && o->en.event_type == NULL)
		return phi_err_set(
		    e, PHI_EUSAGE, "record: --event-type is required");
	if ((o->cmd == C_RECORD || o->cmd == C_SEAL) && o->nfiles > 0)
		return phi_err_set(e, PHI_EUSAGE, "%s takes no FILE operand",
		    cmd_names[o->cmd]);
	if (o->cmd == C_SEAL && o->nkeys != 1)
		return phi_err_set(
		    e, PHI_EUSAGE, "seal: give one --key SIGNING.key");
	if (o->cmd == C_ROTATE && o->nfiles != 1)
		return phi_err_set(e, PHI_EUSAGE,
		    "rotate: give one FILE to rotate the log to");
	if (o->cmd == C_VERIFY && o->ncps > 0 && o->nkeys == 0)
		return phi_err_set(e, PHI_EUSAGE,
		    "verify: --checkpoint needs --key PUBLIC.key");
	if (o->chain_only && o->nkeys > 0)
		return phi_err_set(e, PHI_EUSAGE,
		    "verify: --chain-only checks no seals: give it or --key, not both");
	return PHI_OK;
}

/* record -d: refuse details that look like PHI (the log keeps them for
 * good), naming paths and matchers, never values. */
static int
details_check(const struct opts *o, struct phi_err *e)
{
	struct audit_phi *p = NULL;
	struct buf out = BUF_INIT;
	size_t hits = 0;
	int rc;

	if (o->en.details == NULL || o->allow_details)
		return PHI_OK;
	if ((rc = audit_phi_new(&p, NULL, 0, e)) == PHI_OK &&
	    (rc = audit_phi_details(p, o->en.details, &out, &hits, e)) ==
	        PHI_OK &&
	    hits > 0)
		rc = phi_err_set(e, PHI_EDATA,
		    "--details: %zu value%s look%s like PHI, not recorded (--allow-details records them): [%.*s]",
		    hits, hits == 1 ? "" : "s", hits == 1 ? "s" : "",
		    out.len > 300 ? 300 : (int)out.len, out.p);
	audit_phi_free(p);
	buf_free(&out, 0);
	return rc;
}

static int
cmd_record(struct opts *o, struct phi_err *e)
{
	struct audit_log *l = NULL;
	int rc;

	if ((rc = details_check(o, e)) != PHI_OK)
		return rc;
	rc = audit_log_open(&l, o->log, o->audit_key, e);
	if (rc == PHI_OK)
		rc = audit_log_append(l, &o->en, e);
	audit_log_close(l);
	return rc;
}

static int
cmd_ingest(struct opts *o, struct phi_err *e)
{
	struct audit_log *l = NULL;
	uint64_t n = 0;
	int rc;

	o->in.defaults = o->en;
	rc = audit_log_open(&l, o->log, o->audit_key, e);
	if (rc == PHI_OK)
		rc = audit_ingest_run(l, &o->in, o->files, o->nfiles, &n, e);
	audit_log_close(l);
	return rc;
}

static int
cmd_seal(struct opts *o, struct phi_err *e)
{
	struct audit_log *l = NULL;
	EVP_PKEY *sk = NULL;
	const char *line;
	size_t n;
	int rc;

	rc = key_sec_load_file(
	    o->keys[0], EVP_PKEY_ED25519, o->passfile, &sk, e);
	if (rc == PHI_OK)
		rc = audit_log_open(&l, o->log, o->audit_key, e);
	if (rc == PHI_OK &&
	    (rc = audit_seal_append(l, sk, &o->en, e)) == PHI_OK) {
		line = audit_log_last(l, &n);
		fwrite(line, 1, n, stdout);
	}
	audit_log_close(l);
	EVP_PKEY_free(sk);
	return rc;
}

static int
cmd_rotate(struct opts *o, struct phi_err *e)
{
	struct audit_log *l = NULL;
	int rc;

	rc = audit_log_open(&l, o->log, o->audit_key, e);
	if (rc == PHI_OK)
		rc = audit_log_rotate(l, o->files[0], &o->en, e);
	audit_log_close(l);
	return rc;
}

static void
print_finding(void *ctx, const struct audit_finding *f)
{
	struct buf *b = ctx;

	b->len = 0;
	if (audit_verify_finding_format(f, b) == 0)
		fwrite(b->p, 1, b->len, stdout);
}

static void
verify_summary(const struct audit_verify_stats *s, uint64_t more)
{
	char seals[128];

	if (s->seals_unchecked > 0)
		snprintf(seals, sizeof(seals),
		    "%" PRIu64 " seals not checked (no --key)", s->seals);
	else
		snprintf(seals, sizeof(seals),
		    "%" PRIu64 "/%" PRIu64 " seals valid", s->seals_valid,
		    s->seals);
	cli_warn("%" PRIu64 "/%" PRIu64 " records valid, %s, %" PRIu64
	         "/%" PRIu64 " checkpoints valid, %" PRIu64
	         " records after the last seal, %" PRIu64 " findings",
	    s->records - s->flagged, s->records, seals, s->checkpoints_valid,
	    s->checkpoints, s->unsealed, s->findings + more);
}

/* --max-unsealed: the records after the last seal are a finding past
 * it (they can be rewritten, or cut off, without a trace). */
static uint64_t
verify_unsealed(
    const struct opts *o, const struct audit_verify_stats *s, struct buf *b)
{
	char msg[160];
	struct audit_finding f = {.kind = "unsealed", .line = 0, .seq = -1};

	if (o->max_unsealed < 0 || s->unsealed <= (uint64_t)o->max_unsealed)
		return 0;
	snprintf(msg, sizeof(msg),
	    "%" PRIu64
	    " records after the last seal, more than --max-unsealed %ld",
	    s->unsealed, o->max_unsealed);
	f.message = msg;
	print_finding(b, &f);
	return 1;
}

/* Without a key the seals the log holds were not checked: a rewritten,
 * re-sealed log passes the chain.  Not a pass unless --chain-only. */
static int
verify_unchecked(
    const struct opts *o, const struct audit_verify_stats *s, struct phi_err *e)
{
	if (o->chain_only || s->seals_unchecked == 0)
		return PHI_OK;
	return phi_err_set(e, PHI_EKEY,
	    "%" PRIu64
	    " seals not checked: give --key PUBLIC.key to check them (the chain alone does not stop someone who rewrites the file), or --chain-only for the chain alone",
	    s->seals_unchecked);
}

static int
load_pubkeys(struct opts *o, EVP_PKEY **keys, struct phi_err *e)
{
	size_t i;
	int rc;

	for (i = 0; i < o->nkeys; i++)
		if ((rc = key_pub_load_file(
		         o->keys[i], EVP_PKEY_ED25519, &keys[i], e)) != PHI_OK)
			return rc;
	return PHI_OK;
}

/* The files to read: the operands, else the log. */
static int
input_files(struct opts *o, char **one, struct phi_err *e)
{
	if (o->nfiles > 0)
		return PHI_OK;
	if (o->log == NULL)
		return phi_err_set(e, PHI_EUSAGE,
		    "no log: give FILE, --log FILE or set PHI_AUDIT_LOG");
	one[0] = (char *)o->log;
	o->files = one;
	o->nfiles = 1;
	return PHI_OK;
}

static int
verify_run(struct opts *o, struct audit_verify *v, struct phi_err *e)
{
	size_t i;
	int j, rc = PHI_OK;

	for (i = 0; rc == PHI_OK && i < o->ncps; i++)
		rc = audit_verify_checkpoints(v, o->checkpoints[i], e);
	for (j = 0; rc == PHI_OK && j < o->nfiles; j++)
		rc = audit_verify_file(v, o->files[j], e);
	if (rc == PHI_OK)
		rc = audit_verify_finish(v, e);
	return rc;
}

static int
cmd_verify(struct opts *o, struct phi_err *e)
{
	struct audit_verify_opts vo = {0};
	EVP_PKEY *keys[MAXKEYS] = {0};
	struct audit_verify *v = NULL;
	struct buf b = BUF_INIT;
	char *one[1];
	uint64_t more;
	size_t i;
	int rc;

	if ((rc = input_files(o, one, e)) != PHI_OK ||
	    (rc = load_pubkeys(o, keys, e)) != PHI_OK)
		goto out;
	vo.keys = keys;
	vo.nkeys = o->nkeys;
	vo.from = o->from;
	vo.max_line = o->in.max_line;
	vo.finding = print_finding;
	vo.ctx = &b;
	if ((rc = audit_verify_new(&v, &vo, e)) != PHI_OK ||
	    (rc = verify_run(o, v, e)) != PHI_OK)
		goto out;
	more = verify_unsealed(o, audit_verify_stats(v), &b);
	verify_summary(audit_verify_stats(v), more);
	if (audit_verify_stats(v)->findings + more > 0) {
		e->msg[0] = '\0'; /* the summary said it */
		rc = PHI_EDATA;
	} else
		rc = verify_unchecked(o, audit_verify_stats(v), e);
out:
	audit_verify_free(v);
	for (i = 0; i < o->nkeys; i++)
		EVP_PKEY_free(keys[i]);
	buf_free(&b, 0);
	return rc;
}

static int
cmd_review(struct opts *o, struct phi_err *e)
{
	struct audit_review *r = NULL;
	struct buf b = BUF_INIT;
	char *one[1];
	int i, rc;

	o->rv.max_line = o->in.max_line;
	if ((rc = input_files(o, one, e)) != PHI_OK ||
	    (rc = audit_review_new(&r, &o->rv, e)) != PHI_OK)
		goto out;
	for (i = 0; rc == PHI_OK && i < o->nfiles; i++) {
		rc = audit_review_file(r, o->files[i], &b, e);
		fwrite(b.p, 1, b.len, stdout);
		b.len = 0;
	}
	if (rc == PHI_OK && (rc = audit_review_finish(r, &b, e)) == PHI_OK)
		fwrite(b.p, 1, b.len, stdout);
	if (rc == PHI_OK && audit_review_bad(r) > 0)
		rc = phi_err_set(e, PHI_EDATA,
		    "%" PRIu64 " lines were not audit records",
		    audit_review_bad(r));
out:
	audit_review_free(r);
	buf_free(&b, 0);
	return rc;
}

static int (*const run[NCMDS])(struct opts *, struct phi_err *) = {
    cmd_record, cmd_ingest, cmd_seal, cmd_verify, cmd_review, cmd_rotate};

static int
find_cmd(const char *name)
{
	int c;

	for (c = 0; c < NCMDS; c++)
		if (strcmp(name, cmd_names[c]) == 0)
			return c;
	return -1;
}

/* The command and its options: PHI_OK, -1 when --help or --version was
 * handled, or PHI_EUSAGE with e set (any failure here is one). */
static int
parse_cmd(int argc, char **argv, struct opts *o, struct phi_err *e)
{
	int rc;

	if (argc < 2)
		return phi_err_set(e, PHI_EUSAGE, "no command given");
	if ((o->cmd = find_cmd(argv[1])) < 0) {
		if (strcmp(argv[1], "--help") == 0 ||
		    strcmp(argv[1], "-h") == 0)
			usage();
		else if (strcmp(argv[1], "--version") == 0 ||
		    strcmp(argv[1], "-V") == 0)
			cli_version();
		else
			return phi_err_set(
			    e, PHI_EUSAGE, "%s: unknown command", argv[1]);
		return -1;
	}
	if ((rc = parse_opts(o, argc - 1, argv + 1, e)) < 0)
		return rc;
	if (rc != PHI_OK || resolve(o, e) != PHI_OK)
		return PHI_EUSAGE;
	return PHI_OK;
}

/* The shape of every main(): options, the work, cli_finish. */
int
main(int argc, char **argv)
{
	struct phi_err e = {.code = PHI_OK};
	static struct opts o;
	int rc;

	cli_init(argv[0]);
	cli_no_core_dumps();
	audit_review_defaults(&o.rv);
	o.max_unsealed = -1;
	if ((rc = parse_cmd(argc, argv, &o, &e)) == PHI_OK)
		rc = run[o.cmd](&o, &e);
	return cli_finish(rc < 0 ? PHI_OK : rc, &e);
}
