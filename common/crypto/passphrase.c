/* passphrase.c - passphrases from a file, the environment or the
 * terminal (see passphrase.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "keyfile.h"
#include "passphrase.h"

const char passphrase_tty[] = "/dev/tty";

static const int pass_sigs[] = {
    SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
#define NSIGS (sizeof(pass_sigs) / sizeof(pass_sigs[0]))

static volatile sig_atomic_t pass_signo;

static void
pass_onsig(int signo)
{
	pass_signo = signo;
}

void
passphrase_free(char *p, size_t len)
{
	if (p != NULL)
		OPENSSL_clear_free(p, len + 1);
}

/* A NUL-terminated copy of s[0..n) for the caller. */
static int
pass_dup(const char *s, size_t n, char **out, size_t *outlen, struct phi_err *e)
{
	char *p;

	if ((p = OPENSSL_malloc(n + 1)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	memcpy(p, s, n);
	p[n] = '\0';
	*out = p;
	*outlen = n;
	return PHI_OK;
}

/* Reads from fd until a newline, EOF or cap bytes; the line length (no
 * "\n", no "\r\n") in *len.  -1 on a read error, -2 when too long. */
static int
pass_read_line(int fd, char *b, size_t cap, size_t *len)
{
	size_t n = 0;
	ssize_t r;
	char *nl = NULL;

	while (n < cap && nl == NULL) {
		r = read(fd, b + n, cap - n);
		if (r < 0 && errno == EINTR && pass_signo == 0)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		nl = memchr(b + n, '\n', (size_t)r);
		n += (size_t)r;
	}
	if (nl == NULL && n == cap)
		return -2;
	*len = nl != NULL ? (size_t)(nl - b) : n;
	if (*len > 0 && b[*len - 1] == '\r')
		(*len)--;
	return *len > PASSPHRASE_MAX ? -2 : 0;
}

int
passphrase_read_file(
    const char *path, char **out, size_t *outlen, struct phi_err *e)
{
	char b[PASSPHRASE_MAX + 3];
	struct stat st;
	size_t len = 0;
	int fd, r, rc;

	*out = NULL;
	if ((fd = keyfile_open(path, KEYFILE_SECRET, &st, e)) < 0)
		return PHI_EKEY;
	if (keyfile_check_mode(path, st.st_mode, e) != PHI_OK) {
		close(fd);
		return PHI_EKEY;
	}
	r = pass_read_line(fd, b, sizeof(b), &len);
	close(fd);
	if (r == -1)
		rc = phi_err_set(
		    e, PHI_EKEY, "%s: cannot read: %s", path, strerror(errno));
	else if (r == -2)
		rc = phi_err_set(e, PHI_EKEY,
		    "%s: passphrase longer than %d bytes", path,
		    PASSPHRASE_MAX);
	else if (len == 0)
		rc = phi_err_set(e, PHI_EKEY, "%s: empty passphrase", path);
	else
		rc = pass_dup(b, len, out, outlen, e);
	OPENSSL_cleanse(b, sizeof(b));
	return rc;
}

/* Installs (old != NULL on return) or restores the signal handlers. */
static void
pass_signals(struct sigaction *old, int install)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = pass_onsig;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < NSIGS; i++) {
		if (install)
			sigaction(pass_sigs[i], &sa, &old[i]);
		else
			sigaction(pass_sigs[i], &old[i], NULL);
	}
}

/* One question on the terminal fd (echo already off). */
static int
pass_ask(int fd, const char *prompt, char *b, size_t cap, size_t *len,
    struct phi_err *e)
{
	int r;

	if (write(fd, prompt, strlen(prompt)) < 0 || write(fd, ": ", 2) < 0)
		return phi_err_set(e, PHI_EKEY, "cannot write to the terminal");
	r = pass_read_line(fd, b, cap, len);
	(void)!write(fd, "\n", 1);
	if (pass_signo != 0)
		return phi_err_set(e, PHI_EKEY, "passphrase entry interrupted");
	if (r == -1)
		return phi_err_set(e, PHI_EKEY, "cannot read the terminal: %s",
		    strerror(errno));
	if (r == -2)
		return phi_err_set(e, PHI_EKEY,
		    "passphrase longer than %d bytes", PASSPHRASE_MAX);
	if (*len == 0)
		return phi_err_set(e, PHI_EKEY, "empty passphrase");
	return PHI_OK;
}

/* Asks on the open terminal fd with echo off, once or twice. */
static int
pass_prompt_fd(int fd, const char *prompt, int flags, char **out,
    size_t *outlen, struct phi_err *e)
{
	char a[PASSPHRASE_MAX + 3], b[PASSPHRASE_MAX + 3];
	size_t alen = 0, blen = 0;
	struct sigaction old[NSIGS];
	struct termios saved, quiet;
	int rc;

	if (tcgetattr(fd, &saved) != 0)
		return phi_err_set(e, PHI_EKEY, "cannot use the terminal: %s",
		    strerror(errno));
	pass_signo = 0;
	pass_signals(old, 1);
	quiet = saved;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	(void)tcsetattr(fd, TCSAFLUSH, &quiet);
	rc = pass_ask(fd, prompt, a, sizeof(a), &alen, e);
	if (rc == 0 && (flags & PASSPHRASE_CONFIRM) != 0) {
		rc = pass_ask(
		    fd, "Same passphrase again", b, sizeof(b), &blen, e);
		if (rc == 0 && (alen != blen || memcmp(a, b, alen) != 0))
			rc = phi_err_set(
			    e, PHI_EKEY, "the passphrases do not match");
	}
	if (rc == 0)
		rc = pass_dup(a, alen, out, outlen, e);
	(void)tcsetattr(fd, TCSAFLUSH, &saved);
	pass_signals(old, 0);
	OPENSSL_cleanse(a, sizeof(a));
	OPENSSL_cleanse(b, sizeof(b));
	if (pass_signo != 0)
		raise(pass_signo);
	return rc;
}

static int
pass_open_tty(void)
{
	return open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
}

int
passphrase_have_tty(void)
{
	int fd = pass_open_tty();

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

int
passphrase_prompt(const char *prompt, int flags, char **out, size_t *outlen,
    struct phi_err *e)
{
	int fd, rc;

	*out = NULL;
	if ((fd = pass_open_tty()) < 0)
		return phi_err_set(
		    e, PHI_EKEY, "no terminal to ask for the passphrase");
	rc = pass_prompt_fd(fd, prompt, flags, out, outlen, e);
	close(fd);
	return rc;
}

int
passphrase_get(const char *passfile, int flags, const char *prompt, char **out,
    size_t *outlen, struct phi_err *e)
{
	const char *env = getenv(PASSPHRASE_ENV);
	int fd, rc;

	*out = NULL;
	*outlen = 0;
	if (passfile == PASSPHRASE_TTY)
		return passphrase_prompt(prompt, flags, out, outlen, e);
	if (passfile != NULL)
		return passphrase_read_file(passfile, out, outlen, e);
	if (env != NULL && *env != '\0') {
		if (strlen(env) > PASSPHRASE_MAX)
			return phi_err_set(e, PHI_EKEY,
			    "%s: passphrase longer than %d bytes",
			    PASSPHRASE_ENV, PASSPHRASE_MAX);
		return pass_dup(env, strlen(env), out, outlen, e);
	}
	if ((flags & PASSPHRASE_PROMPT) == 0 || (fd = pass_open_tty()) < 0)
		return PHI_OK;
	rc = pass_prompt_fd(fd, prompt, flags, out, outlen, e);
	close(fd);
	return rc;
}
