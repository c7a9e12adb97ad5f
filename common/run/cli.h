/*
 * cli.h - what every program's main() shares: its name in messages,
 * usage errors, --version, numbers from the command line, options that
 * fall back to the environment, and a checked close of stdout.
 *
 * Messages look like "phi-encrypt: events.ndjson:42: cause".  Only main()
 * and the cmd/ files call these; the library reports through phi_err.
 */
#ifndef PHI_CLI_H
#define PHI_CLI_H

#include <getopt.h>
#include <signal.h>
#include <stddef.h>

#include "phierr.h"

/* Names the program in messages and sets OpenSSL up (exit 70 if that
 * fails: only main() calls it, first). */
void cli_init(const char *progname);
const char *cli_progname(void);

/* "prog: message\n" on stderr. */
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints e's message and returns e->code (for `return cli_fail(&e);`). */
int cli_fail(const struct phi_err *e);

/* Prints the message and a hint to --help; returns PHI_EUSAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Runs getopt_long over argv and hands each option to fn(ctx, c, arg,
 * e).  -h and -V end the loop at once with *early set to 'h' or 'V'.
 * Returns 0, fn's first failure, or PHI_EUSAGE with an empty message when
 * getopt has already said what was wrong. */
int cli_getopt(int argc, char **argv, const char *shortopts,
    const struct option *longopts,
    int (*fn)(void *ctx, int c, const char *arg, struct phi_err *e), void *ctx,
    int *early, struct phi_err *e);

/* getopt_long() with exact long options: "--fields" is not taken for
 * "--fields-from" (an abbreviation is a typo more often than not).
 * Returns what getopt_long() returns, or CLI_OPT_ABBREV when the long
 * option matched only as an abbreviation; *bad then names the argument
 * as given.  Never prints (opterr is the caller's). */
#define CLI_OPT_ABBREV (-2)
int cli_getopt_long(int argc, char **argv, const char *shortopts,
    const struct option *longopts, const char **bad);

/* Only the hint "Try 'prog --help'..." (getopt said the rest). */
int cli_usage_hint(void);

/* "prog (phi-tools) VERSION" and the OpenSSL and yajl versions in use. */
void cli_version(void);

/* Decimal integer in [min, max]; 0 or PHI_EUSAGE naming the option. */
int cli_parse_long(const char *opt, const char *s, long min, long max,
    long *out, struct phi_err *e);

/* A size with an optional K, M or G suffix (powers of 1024), > 0. */
int cli_parse_size(
    const char *opt, const char *s, size_t *out, struct phi_err *e);

/* The option's value if given, else the environment variable's (or NULL). */
const char *cli_opt_env(const char *opt, const char *envname);

/* Flushes and closes stdout; 0, or PHI_EIO after printing why. */
int cli_close_stdout(void);

/* The end of every main(): reports rc (PHI_EUSAGE: e's message and the
 * --help hint, or only the hint when getopt has spoken; another failure:
 * e's message, none when it is empty as the run said what was wrong,
 * phi-audit verify's findings), closes stdout, and returns the exit
 * status: rc, or PHI_EIO when all went well but stdout could not be
 * written. */
int cli_finish(int rc, const struct phi_err *e);

/* SIGTERM and SIGINT (each unless ignored on entry, as under nohup)
 * set a flag, the signal's number, and make a descriptor readable,
 * instead of killing the process: a filter stops at a line boundary
 * (ndjson_opts' stop and stop_fd).  Installed without SA_RESTART, so
 * that a blocking read ends (EINTR).  0, or PHI_ESOFTWARE with e set. */
int cli_stop_catch(struct phi_err *e);
const volatile sig_atomic_t *cli_stop_flag(void);
int cli_stop_fd(void);

/* The exit status for rc: rc, or for PHI_ESTOP 128 + the signal's
 * number (143 for SIGTERM, 130 for SIGINT), as a shell reports it. */
int cli_exit_status(int rc);

/* Turns off core dumps (RLIMIT_CORE 0) and makes the process not
 * dumpable (PR_SET_DUMPABLE 0: no core from a setuid-style dump pipe
 * either, no ptrace by the same user): every program calls it first, as
 * every one holds plaintext or keys. */
void cli_no_core_dumps(void);

#endif
