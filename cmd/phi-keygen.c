/* phi-keygen - make key pairs and print key ids (options and wiring;
 * the work is in common/crypto/key.c). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "audithook.h"
#include "buf.h"
#include "cli.h"
#include "joinkey.h"
#include "key.h"
#include "keyshare.h"

enum {
	OPT_PASSFILE = 0x100,
	OPT_AUDIT_LOG,
	OPT_JOIN,
	OPT_SPLIT,
	OPT_FROM,
	OPT_COMBINE,
	OPT_ARMOR,
	OPT_SHARE_PASSFILE,
	OPT_SHARE_ASK,
};

static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'},
    {"sign", no_argument, NULL, 's'},
    {"join", no_argument, NULL, OPT_JOIN},
    {"passphrase", no_argument, NULL, 'p'},
    {"passphrase-file", required_argument, NULL, OPT_PASSFILE},
    {"id", required_argument, NULL, 'i'},
    {"public", required_argument, NULL, 'y'},
    {"audit-log", required_argument, NULL, OPT_AUDIT_LOG},
    {"split", required_argument, NULL, OPT_SPLIT},
    {"from", required_argument, NULL, OPT_FROM},
    {"combine", no_argument, NULL, OPT_COMBINE},
    {"armor", required_argument, NULL, OPT_ARMOR},
    {"share-passphrase-file", required_argument, NULL, OPT_SHARE_PASSFILE},
    {"share-passphrase", no_argument, NULL, OPT_SHARE_ASK},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

static const char usage_head[] =
    "usage: phi-keygen [-s] [-p | --passphrase-file FILE] -o BASE\n"
    "       phi-keygen [-s] [--passphrase-file FILE] --id FILE\n"
    "       phi-keygen [-s] [--passphrase-file FILE] -y KEY\n"
    "       phi-keygen --join -o NAME\n"
    "       phi-keygen --split K/N [--from KEY] [--armor words] -o BASE\n"
    "           [--share-passphrase | --share-passphrase-file FILE...]\n"
    "       phi-keygen --combine [-p | --passphrase-file FILE] -o BASE\n"
    "           [--share-passphrase-file FILE...] SHARE...\n"
    "\n"
    "Make a key pair, BASE.key (private, mode 0600) and BASE.pub\n"
    "(public), and print its key id (16 hex digits).  Existing files\n"
    "are never overwritten.\n"
    "\n"
    "Key pair:\n"
    "  -o, --output BASE        write BASE.key and BASE.pub\n"
    "  -s, --sign               an Ed25519 signing pair (phi-audit)\n"
    "                           instead of an X25519 encryption pair\n"
    "Join key (phi-encrypt --join-key):\n"
    "      --join               write NAME.join (mode 0600): a secret\n"
    "                           that makes equal values give equal\n"
    "                           tokens (phi-encrypt --join)\n"
    "Passphrase (BASE.key becomes an ENCRYPTED PRIVATE KEY):\n"
    "  -p, --passphrase         ask on the terminal, twice\n"
    "      --passphrase-file FILE  the first line of FILE\n"
    "                           (default: $PHI_PASSPHRASE, else none)\n"
    "Key id:\n"
    "  -i, --id FILE            print the key id of a public or\n"
    "                           private key file, or of a join key\n"
    "  -y, --public KEY         print the public key of private key\n"
    "                           file KEY (PEM, as BASE.pub holds it)\n";

static const char usage_shares[] =
    "Key shares (X25519; any K of N shares restore the key):\n"
    "      --split K/N          a new pair whose private key is written\n"
    "                           only as shares BASE.share-1 ... N\n"
    "                           (mode 0600), and BASE.pub\n"
    "      --from KEY           with --split: split private key file KEY\n"
    "                           (its passphrase: --passphrase-file)\n"
    "      --armor pem|words    with --split: PEM shares (default), or\n"
    "                           lines of characters to type from paper\n"
    "      --combine            write BASE.key (0600) from the SHARE\n"
    "                           files; print its key id\n"
    "      --share-passphrase-file FILE  with --split: seal the shares\n"
    "                           with the passphrase of FILE (given once:\n"
    "                           all of them; N times: share 1, 2, ... in\n"
    "                           turn; an empty FILE: that share has none);\n"
    "                           with --combine: passphrases to try on\n"
    "                           sealed shares (then the terminal, naming\n"
    "                           the share)\n"
    "      --share-passphrase   with --split: ask on the terminal for\n"
    "                           each share's passphrase, twice\n";

static const char usage_tail[] =
    "Other:\n"
    "      --audit-log FILE     append a \"Key Pair Generated\" record\n"
    "                           (default $PHI_AUDIT_LOG)\n"
    "  -h, --help               this help\n"
    "  -V, --version            version and library versions\n"
    "\n"
    "Exit status: 0 done, 64 usage, 70 internal error, 74 I/O error,\n"
    "77 key problem (file exists, bad key or share, too few shares,\n"
    "wrong passphrase, private key or share readable by group or\n"
    "others).\n"
    "\n"
    "Example:\n"
    "  phi-keygen -o team           # team.key and team.pub\n"
    "  phi-keygen --id team.pub     # the same key id again\n"
    "  phi-keygen --join -o team    # team.join\n"
    "  phi-keygen --split 3/5 -o vault  # vault.share-1..5, vault.pub\n"
    "  phi-keygen --combine -o vault vault.share-1 vault.share-4 \\\n"
    "      vault.share-5                # vault.key\n";

static void
usage(void)
{
	fputs(usage_head, stdout);
	fputs(usage_shares, stdout);
	fputs(usage_tail, stdout);
}

struct keygen_args {
	const char *base, *idfile, *pubfile, *passfile, *audit_log;
	const char *split, *from, *armor;
	const char *sharepass[SHAMIR_MAX]; /* --share-passphrase-file */
	size_t nsharepass;
	int sign, ask, join, combine, ask_shares, too_many;
};

/* The options of join keys and key shares (keyshare.h): 0, or -1 if c
 * is not one. */
static int
keygen_share_opt(int c, struct keygen_args *a)
{
	if (c == OPT_JOIN)
		a->join = 1;
	else if (c == OPT_SPLIT)
		a->split = optarg;
	else if (c == OPT_FROM)
		a->from = optarg;
	else if (c == OPT_COMBINE)
		a->combine = 1;
	else if (c == OPT_ARMOR)
		a->armor = optarg;
	else if (c == OPT_SHARE_ASK)
		a->ask_shares = 1;
	else if (c == OPT_SHARE_PASSFILE && a->nsharepass < SHAMIR_MAX)
		a->sharepass[a->nsharepass++] = optarg;
	else if (c == OPT_SHARE_PASSFILE)
		a->too_many = 1;
	else
		return -1;
	return 0;
}

/* Parses the command line; -1 when --help or --version was handled. */
static int
keygen_parse(int argc, char **argv, struct keygen_args *a, struct phi_err *e)
{
	const char *bad;
	int c;

	opterr = 0;
	while ((c = cli_getopt_long(
	            argc, argv, ":o:spi:y:hV", longopts, &bad)) != -1) {
		switch (c) {
		case CLI_OPT_ABBREV:
			return phi_err_set(e, PHI_EUSAGE,
			    "unknown option '%s' (long options are not abbreviated)",
			    bad);
		case 'o':
			a->base = optarg;
			break;
		case 's':
			a->sign = 1;
			break;
		case 'p':
			a->ask = 1;
			break;
		case OPT_PASSFILE:
			a->passfile = optarg;
			break;
		case 'i':
			a->idfile = optarg;
			break;
		case 'y':
			a->pubfile = optarg;
			break;
		case OPT_AUDIT_LOG:
			a->audit_log = optarg;
			break;
		case 'h':
		case 'V':
			c == 'h' ? usage() : cli_version();
			return -1;
		case ':':
			return phi_err_set(e, PHI_EUSAGE,
			    "option '%s' needs a value", argv[optind - 1]);
		default:
			if (keygen_share_opt(c, a) != 0)
				return phi_err_set(e, PHI_EUSAGE,
				    "unknown option '%s'", argv[optind - 1]);
		}
	}
	return PHI_OK;
}

static int
keygen_check(
    int argc, char **argv, const struct keygen_args *a, struct phi_err *e)
{
	if (optind < argc)
		return phi_err_set(
		    e, PHI_EUSAGE, "unexpected operand '%s'", argv[optind]);
	if ((a->base != NULL) + (a->idfile != NULL) + (a->pubfile != NULL) != 1)
		return phi_err_set(
		    e, PHI_EUSAGE, "give one of -o BASE, --id FILE or -y KEY");
	if (a->base != NULL && !a->join && strlen(a->base) > 4 &&
	    (strcmp(a->base + strlen(a->base) - 4, ".key") == 0 ||
	        strcmp(a->base + strlen(a->base) - 4, ".pub") == 0))
		return phi_err_set(e, PHI_EUSAGE,
		    "-o takes a BASE name without .key or .pub (BASE.key and BASE.pub are written)");
	if (a->ask && a->passfile != NULL)
		return phi_err_set(e, PHI_EUSAGE,
		    "--passphrase and --passphrase-file exclude each other");
	if (a->ask && a->base == NULL)
		return phi_err_set(
		    e, PHI_EUSAGE, "--passphrase goes with -o only");
	if (a->join &&
	    (a->base == NULL || a->sign || a->ask || a->passfile != NULL))
		return phi_err_set(e, PHI_EUSAGE,
		    "--join goes with -o NAME only (NAME.join is written; it has no passphrase)");
	return PHI_OK;
}

/* The audit record of a new pair: its id, type and files, never a key. */
static int
keygen_audit(const struct keygen_args *a, const char *hex, struct phi_err *e)
{
	struct buf d = BUF_INIT, k = BUF_INIT, p = BUF_INIT;
	int rc;

	if (a->audit_log == NULL && getenv("PHI_AUDIT_LOG") == NULL)
		return PHI_OK; /* no log: nothing to build (nor to fail) */
	/* the buffers' errors are sticky (buf.h): checked once, late */
	buf_printf(&k, "%s.key", a->base);
	buf_printf(&p, "%s.pub", a->base);
	buf_printf(&d, "{\"key_id\":\"%s\",\"type\":\"%s\",\"files\":[", hex,
	    a->sign ? "ed25519" : "x25519");
	buf_json_string(&d, k.p, k.len);
	buf_putc(&d, ',');
	buf_json_string(&d, p.p, p.len);
	buf_puts(&d, "]}");
	buf_putc(&d, '\0');
	if (k.err != 0 || p.err != 0 || d.err != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else
		rc = audit_hook(
		    a->audit_log, "Key Pair Generated", NULL, d.p, e);
	buf_free(&d, 0);
	buf_free(&k, 0);
	buf_free(&p, 0);
	return rc;
}

/* --join -o NAME: writes NAME.join, its audit record, its id. */
static int
keygen_join(const struct keygen_args *a, struct phi_err *e)
{
	struct buf path = BUF_INIT, d = BUF_INIT;
	uint8_t id[KEY_ID_LEN];
	char hex[17];
	int rc;

	if (buf_printf(&path, "%s.join", a->base) != 0 ||
	    buf_putc(&path, '\0') != 0) {
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		goto out;
	}
	if ((rc = joinkey_write_file(path.p, id, e)) != PHI_OK)
		goto out;
	key_id_hex(id, hex);
	/* d's errors are sticky (buf.h): checked once, late */
	buf_printf(&d, "{\"key_id\":\"%s\",\"type\":\"join\",\"files\":[", hex);
	buf_json_string(&d, path.p, path.len - 1);
	buf_puts(&d, "]}");
	buf_putc(&d, '\0');
	if (d.err != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else
		rc = audit_hook(
		    a->audit_log, "Join Key Generated", NULL, d.p, e);
	if (rc == PHI_OK)
		printf("%s\n", hex);
out:
	buf_free(&path, 0);
	buf_free(&d, 0);
	return rc;
}

/* --id FILE of a join key: its id. */
static int
keygen_join_id(const char *path, uint8_t id[KEY_ID_LEN], struct phi_err *e)
{
	uint8_t secret[JOIN_SECRET_LEN];
	int rc;

	if ((rc = joinkey_load_file(path, secret, e)) == PHI_OK)
		rc = join_secret_id(secret, id, e);
	OPENSSL_cleanse(secret, sizeof(secret));
	return rc;
}

/* -y KEY: the public key of a private key file, to standard output. */
static int
keygen_public(
    const char *path, int type, const char *passfile, struct phi_err *e)
{
	struct buf pem = BUF_INIT;
	int rc;

	/* a write error shows when cli_finish closes stdout (ferror): 74 */
	if ((rc = key_pub_pem_of_file(path, type, passfile, &pem, e)) == PHI_OK)
		(void)fwrite(pem.p, 1, pem.len, stdout);
	buf_free(&pem, 0);
	return rc;
}

/* K/N of --split: two numbers and a slash, nothing else. */
static int
keygen_split_arg(const char *s, unsigned *k, unsigned *n)
{
	char *end;
	unsigned long x, y;

	if (s == NULL || *s < '0' || *s > '9')
		return -1;
	x = strtoul(s, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		return -1;
	y = strtoul(end + 1, &end, 10);
	if (*end != '\0' || x < 2 || y < x || y > 255)
		return -1;
	*k = (unsigned)x;
	*n = (unsigned)y;
	return 0;
}

/* The share passphrase options (keyshare.h's struct keyshare_pass). */
static int
keygen_sharepass_check(const struct keygen_args *a, struct phi_err *e)
{
	if (a->too_many)
		return phi_err_set(e, PHI_EUSAGE,
		    "--share-passphrase-file: more than %d given", SHAMIR_MAX);
	if (a->ask_shares && a->nsharepass > 0)
		return phi_err_set(e, PHI_EUSAGE,
		    "--share-passphrase and --share-passphrase-file exclude each other");
	if (a->ask_shares && a->split == NULL)
		return phi_err_set(e, PHI_EUSAGE,
		    "--share-passphrase goes with --split (--combine asks on the terminal by itself)");
	if (a->split != NULL && (a->ask_shares || a->nsharepass > 0) &&
	    a->armor != NULL && strcmp(a->armor, "words") == 0)
		return phi_err_set(e, PHI_EUSAGE,
		    "--armor words does not go with share passphrases (a sealed share is written as PEM)");
	return PHI_OK;
}

static int
keygen_shares_check(
    int argc, char **argv, const struct keygen_args *a, struct phi_err *e)
{
	if (a->split == NULL && !a->combine && a->from == NULL &&
	    a->armor == NULL)
		return phi_err_set(e, PHI_EUSAGE,
		    "--share-passphrase-file goes with --split or --combine, --share-passphrase with --split");
	if (a->split == NULL && !a->combine)
		return phi_err_set(
		    e, PHI_EUSAGE, "--from and --armor go with --split");
	if (a->split != NULL && a->combine)
		return phi_err_set(
		    e, PHI_EUSAGE, "--split and --combine exclude each other");
	if (a->base == NULL || a->idfile != NULL || a->pubfile != NULL)
		return phi_err_set(e, PHI_EUSAGE,
		    "--split and --combine take -o BASE (and no --id or -y)");
	if (a->sign)
		return phi_err_set(e, PHI_EUSAGE,
		    "key shares are of X25519 keys only (not -s)");
	if (a->combine && (a->from != NULL || a->armor != NULL))
		return phi_err_set(
		    e, PHI_EUSAGE, "--from and --armor go with --split");
	if (a->combine && optind == argc)
		return phi_err_set(
		    e, PHI_EUSAGE, "--combine: give the share files");
	if (!a->combine && optind < argc)
		return phi_err_set(
		    e, PHI_EUSAGE, "unexpected operand '%s'", argv[optind]);
	if (a->split != NULL && a->ask)
		return phi_err_set(e, PHI_EUSAGE,
		    "--passphrase does not go with --split (--share-passphrase asks for the shares')");
	if (a->split != NULL && a->from == NULL && a->passfile != NULL)
		return phi_err_set(e, PHI_EUSAGE,
		    "--passphrase-file with --split is the passphrase of the --from key");
	if (a->armor != NULL && strcmp(a->armor, "pem") != 0 &&
	    strcmp(a->armor, "words") != 0)
		return phi_err_set(e, PHI_EUSAGE, "--armor takes pem or words");
	if (a->ask && a->passfile != NULL)
		return phi_err_set(e, PHI_EUSAGE,
		    "--passphrase and --passphrase-file exclude each other");
	return keygen_sharepass_check(a, e);
}

/* The share passphrases of the command line. */
static struct keyshare_pass
keygen_sharepass(const struct keygen_args *a)
{
	static const char *const tty[] = {PASSPHRASE_TTY};
	struct keyshare_pass pp = {
	    .files = a->sharepass, .nfiles = a->nsharepass};

	if (a->ask_shares) {
		pp.files = tty;
		pp.nfiles = 1;
	}
	return pp;
}

/* --split: shares of a new pair (and BASE.pub) or of --from KEY. */
static int
keygen_split(
    const struct keygen_args *a, uint8_t kid[KEY_ID_LEN], struct phi_err *e)
{
	enum share_armor armor = SHARE_PEM;
	struct keyshare_pass pp = keygen_sharepass(a);
	EVP_PKEY *pk = NULL;
	unsigned k = 0, n = 0;
	int rc;

	if (keygen_split_arg(a->split, &k, &n) != 0)
		return phi_err_set(e, PHI_EUSAGE,
		    "--split takes K/N, 2 <= K <= N <= 255 (e.g. --split 3/5)");
	if (a->armor != NULL && strcmp(a->armor, "words") == 0)
		armor = SHARE_WORDS;
	if (a->from != NULL)
		rc = key_sec_load_file(
		    a->from, EVP_PKEY_X25519, a->passfile, &pk, e);
	else if ((pk = EVP_PKEY_Q_keygen(NULL, NULL, "X25519")) == NULL)
		rc = phi_err_set(e, PHI_ESOFTWARE, "key generation failed");
	else
		rc = PHI_OK;
	if (rc == PHI_OK)
		rc = keyshare_split(
		    pk, k, n, armor, a->base, a->from == NULL, &pp, kid, e);
	EVP_PKEY_free(pk);
	return rc;
}

/* The audit record of --split or --combine: the key id, how it was
 * split and the names given, never a share or a key. */
static int
keygen_shares_audit(
    const struct keygen_args *a, const char *hex, struct phi_err *e)
{
	struct buf d = BUF_INIT;
	const char *base;
	int rc;

	if (a->audit_log == NULL && getenv("PHI_AUDIT_LOG") == NULL)
		return PHI_OK; /* no log: nothing to build (nor to fail) */
	base = a->base != NULL ? a->base : ""; /* -o is checked before */
	/* d's errors are sticky (buf.h): checked once, late */
	buf_printf(&d, "{\"key_id\":\"%s\",\"type\":\"x25519\",", hex);
	if (a->split != NULL) {
		buf_puts(&d, "\"split\":");
		buf_json_string(&d, a->split, strlen(a->split));
		buf_putc(&d, ',');
	}
	buf_puts(&d, "\"base\":");
	buf_json_string(&d, base, strlen(base));
	buf_puts(&d, "}");
	buf_putc(&d, '\0');
	if (d.err != 0)
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else
		rc = audit_hook(a->audit_log,
		    a->combine ? "Key Restored From Shares"
		               : "Key Split Into Shares",
		    NULL, d.p, e);
	buf_free(&d, 0);
	return rc;
}

/* --combine: BASE.key from the shares. */
static int
keygen_combine(char *const *files, size_t nfiles, const struct keygen_args *a,
    uint8_t kid[KEY_ID_LEN], struct phi_err *e)
{
	struct keyshare_pass pp = keygen_sharepass(a);
	char path[4096];
	EVP_PKEY *pk = NULL;
	int rc;

	if (snprintf(path, sizeof(path), "%s.key", a->base) >=
	    (int)sizeof(path))
		return phi_err_set(e, PHI_EUSAGE, "-o BASE: name too long");
	if ((rc = keyshare_combine_files(files, nfiles, &pp, &pk, e)) == 0 &&
	    (rc = key_id(pk, kid, e)) == 0)
		rc = keyshare_write_key(
		    path, pk, a->ask ? PASSPHRASE_TTY : a->passfile, e);
	EVP_PKEY_free(pk);
	return rc;
}

static int
keygen_shares(
    int argc, char **argv, const struct keygen_args *a, struct phi_err *e)
{
	uint8_t kid[KEY_ID_LEN];
	char hex[17];
	int rc;

	if ((rc = keygen_shares_check(argc, argv, a, e)) != PHI_OK ||
	    (rc = audit_hook_ready(a->audit_log, e)) != PHI_OK)
		return rc;
	if (a->combine)
		rc = keygen_combine(
		    argv + optind, (size_t)(argc - optind), a, kid, e);
	else
		rc = keygen_split(a, kid, e);
	if (rc != 0)
		return rc;
	key_id_hex(kid, hex);
	if ((rc = keygen_shares_audit(a, hex, e)) == PHI_OK)
		printf("%s\n", hex);
	return rc;
}

/* After the options: the work asked for, its key id on stdout. */
static int
keygen_run(
    int argc, char **argv, const struct keygen_args *a, struct phi_err *e)
{
	uint8_t kid[KEY_ID_LEN];
	char hex[17];
	int rc, type;

	if (a->split != NULL || a->combine || a->from != NULL ||
	    a->armor != NULL || a->nsharepass > 0 || a->ask_shares ||
	    a->too_many)
		return keygen_shares(argc, argv, a, e);
	if ((rc = keygen_check(argc, argv, a, e)) != PHI_OK ||
	    (a->base != NULL &&
	        (rc = audit_hook_ready(a->audit_log, e)) != PHI_OK))
		return rc;
	if (a->join)
		return keygen_join(a, e);
	type = a->sign ? EVP_PKEY_ED25519 : EVP_PKEY_X25519;
	if (a->pubfile != NULL)
		return keygen_public(a->pubfile, type, a->passfile, e);
	if (a->idfile != NULL && joinkey_file_is(a->idfile))
		rc = keygen_join_id(a->idfile, kid, e);
	else if (a->idfile != NULL)
		rc = key_id_file(a->idfile, type, a->passfile, kid, e);
	else
		rc = key_pair_write_files(a->base, type,
		    a->ask ? PASSPHRASE_TTY : a->passfile, kid, e);
	if (rc != PHI_OK)
		return rc;
	key_id_hex(kid, hex);
	if (a->base != NULL && (rc = keygen_audit(a, hex, e)) != PHI_OK)
		return rc;
	printf("%s\n", hex);
	return PHI_OK;
}

/* The shape of every main(): options, the work, cli_finish. */
int
main(int argc, char **argv)
{
	struct keygen_args a = {.base = NULL};
	struct phi_err e = {.code = PHI_OK};
	int rc;

	cli_init(argv[0]);
	cli_no_core_dumps();
	if ((rc = keygen_parse(argc, argv, &a, &e)) == PHI_OK)
		rc = keygen_run(argc, argv, &a, &e);
	return cli_finish(rc < 0 ? PHI_OK : rc, &e);
}
