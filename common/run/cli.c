/* cli.c - shared main() helpers (see cli.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <yajl_version.h>

#include "cli.h"

static const char *progname = "phi-tools";

void
cli_init(const char *name)
{
	const char *slash = strrchr(name, '/');

	progname = slash != NULL ? slash + 1 : name;
	/* OpenSSL 3.0 sets its default library context up on first use
	 * and, when an allocation fails there, goes on with a half-made
	 * one that crashes later (a NULL lock): made here, and checked */
	if (OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG, NULL) != 1 ||
	    OSSL_LIB_CTX_get0_global_default() == NULL) {
		cli_warn("out of memory (setting OpenSSL up)");
		exit(PHI_ESOFTWARE);
	}
}

const char *
cli_progname(void)
{
	return progname;
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_fail(const struct phi_err *e)
{
	cli_warn("%s", e->msg);
	return e->code;
}

int
cli_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", progname);
	return PHI_EUSAGE;
}

int
cli_usage_hint(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", progname);
	return PHI_EUSAGE;
}

void
cli_version(void)
{
	int v = yajl_version();

	printf("%s (phi-tools) %s\n", progname, PHI_VERSION);
	printf("%s, yajl %d.%d.%d\n", OpenSSL_version(OPENSSL_VERSION),
	    v / 10000, v / 100 % 100, v % 100);
}

int
cli_parse_long(const char *opt, const char *s, long min, long max, long *out,
    struct phi_err *e)
{
	char *end;
	long v;

	*out = 0;
	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno == ERANGE || v < min || v > max)
		return phi_err_set(e, PHI_EUSAGE,
		    "%s: expected a whole number from %ld to %ld", opt, min,
		    max);
	*out = v;
	return PHI_OK;
}

int
cli_parse_size(const char *opt, const char *s, size_t *out, struct phi_err *e)
{
	unsigned long long v, mul = 1;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || errno == ERANGE || *s == '-')
		goto bad;
	if (*end == 'K' || *end == 'k')
		mul = 1024ULL, end++;
	else if (*end == 'M' || *end == 'm')
		mul = 1024ULL * 1024, end++;
	else if (*end == 'G' || *end == 'g')
		mul = 1024ULL * 1024 * 1024, end++;
	if (*end != '\0' || v == 0 || v > (unsigned long long)SIZE_MAX / mul)
		goto bad;
	*out = (size_t)(v * mul);
	return PHI_OK;
bad:
	return phi_err_set(e, PHI_EUSAGE,
	    "%s: expected a size such as 65536, 512K or 64M", opt);
}

const char *
cli_opt_env(const char *opt, const char *envname)
{
	const char *v;

	if (opt != NULL)
		return opt;
	v = getenv(envname);
	return v != NULL && *v != '\0' ? v : NULL;
}

int
cli_close_stdout(void)
{
	int bad = ferror(stdout);

	if (fclose(stdout) != 0 || bad) {
		cli_warn("standard output: %s",
		    errno != 0 ? strerror(errno) : "write error");
		return PHI_EIO;
	}
	return PHI_OK;
}

int
cli_finish(int rc, const struct phi_err *e)
{
	if (rc == PHI_EUSAGE && e->msg[0] != '\0')
		cli_usage("%s", e->msg);
	else if (rc == PHI_EUSAGE)
		cli_usage_hint();
	else if (rc != PHI_OK && e->msg[0] != '\0')
		cli_fail(e);
	if (cli_close_stdout() != PHI_OK && rc == PHI_OK)
		rc = PHI_EIO;
	return cli_exit_status(rc);
}

static volatile sig_atomic_t cli_stop_signo;
static int cli_stop_pipe[2] = {-1, -1};

static void
cli_stop_onsig(int signo)
{
	int saved = errno;
	ssize_t n;

	cli_stop_signo = signo;
	n = write(cli_stop_pipe[1], "", 1); /* full already: awake anyway */
	(void)n;
	errno = saved;
}

/* The stop descriptors: a pipe, both ends close-on-exec, non-blocking. */
static int
cli_stop_pipe_make(void)
{
	int i;

	if (cli_stop_pipe[0] >= 0)
		return 0;
	if (pipe(cli_stop_pipe) != 0)
		return -1;
	for (i = 0; i < 2; i++)
		if (fcntl(cli_stop_pipe[i], F_SETFD, FD_CLOEXEC) != 0 ||
		    fcntl(cli_stop_pipe[i], F_SETFL, O_NONBLOCK) != 0)
			return -1;
	return 0;
}

int
cli_stop_catch(struct phi_err *e)
{
	static const int sigs[] = {SIGTERM, SIGINT};
	struct sigaction sa = {.sa_handler = cli_stop_onsig}, old;
	size_t i;

	if (cli_stop_pipe_make() != 0)
		return phi_err_set(
		    e, PHI_ESOFTWARE, "pipe: %s", strerror(errno));
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], NULL, &old) != 0 ||
		    old.sa_handler == SIG_IGN)
			continue;
		if (sigaction(sigs[i], &sa, NULL) != 0)
			return phi_err_set(
			    e, PHI_ESOFTWARE, "sigaction: %s", strerror(errno));
	}
	return PHI_OK;
}

const volatile sig_atomic_t *
cli_stop_flag(void)
{
	return &cli_stop_signo;
}

int
cli_stop_fd(void)
{
	return cli_stop_pipe[0];
}

int
cli_exit_status(int rc)
{
	if (rc == PHI_ESTOP)
		return 128 + (cli_stop_signo > 0 ? (int)cli_stop_signo : 15);
	return rc;
}

void
cli_no_core_dumps(void)
{
	struct rlimit rl = {.rlim_cur = 0, .rlim_max = 0};

	/* no core file, and no ptrace or /proc/PID/mem by other processes
	 * of the same user (root can still read the memory) */
	(void)setrlimit(RLIMIT_CORE, &rl);
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* The argument that held the long option lo (with --opt VALUE, the
 * value is the last one used). */
static const char *
cli_long_arg(char **argv, const struct option *lo)
{
	if (lo->has_arg == required_argument && optind >= 2 &&
	    optarg == argv[optind - 1])
		return argv[optind - 2];
	return argv[optind - 1];
}

int
cli_getopt_long(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const char **bad)
{
	const struct option *lo;
	const char *arg;
	size_t n;
	int c, idx = -1;

	*bad = NULL;
	c = getopt_long(argc, argv, shortopts, longopts, &idx);
	if (c == -1 || c == '?' || c == ':' || idx < 0 || optind < 1)
		return c;
	lo = &longopts[idx];
	arg = cli_long_arg(argv, lo);
	n = strlen(lo->name);
	if (strncmp(arg, "--", 2) == 0 && strncmp(arg + 2, lo->name, n) == 0 &&
	    (arg[2 + n] == '\0' || arg[2 + n] == '='))
		return c;
	*bad = arg;
	return CLI_OPT_ABBREV;
}

int
cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts,
    int (*fn)(void *ctx, int c, const char *arg, struct phi_err *e), void *ctx,
    int *early, struct phi_err *e)
{
	const char *bad;
	int c, rc;

	*early = 0;
	while ((c = cli_getopt_long(argc, argv, shortopts, longopts, &bad)) !=
	    -1) {
		if (c == CLI_OPT_ABBREV && bad != NULL)
			return phi_err_set(e, PHI_EUSAGE,
			    "unrecognized option '%.*s' (long options are not abbreviated)",
			    (int)strcspn(bad, "="), bad);
		if (c == 'h' || c == 'V') {
			*early = c;
			return PHI_OK;
		}
		if (c == '?')
			return phi_err_set(e, PHI_EUSAGE, "%s", "");
		if ((rc = fn(ctx, c, optarg, e)) != PHI_OK)
			return rc;
	}
	return PHI_OK;
}
