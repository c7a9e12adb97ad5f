/* util.c - helpers shared by the fuzz harnesses (see util.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ndjson.h"
#include "util.h"

/* SHA-256 of "phi-tools fuzz x25519" and of "phi-tools fuzz ed25519":
 * test keys only, never for real data. */
static const uint8_t x25519_raw[32] = {0x2c, 0xa6, 0x10, 0x1f, 0xbd, 0xf0, 0x2d,
    0x88, 0xf6, 0x6b, 0x04, 0x69, 0x02, 0x35, 0x96, 0x7f, 0xe9, 0x2b, 0xd1,
    0x42, 0xdd, 0x18, 0x0b, 0x10, 0xb3, 0xce, 0x3a, 0xf3, 0x25, 0xc7, 0x48,
    0x7b};
static const uint8_t ed25519_raw[32] = {0xe3, 0x93, 0xe2, 0x28, 0x02, 0x4e,
    0x17, 0x7c, 0x68, 0xd6, 0xf6, 0xd9, 0x07, 0x3a, 0xf2, 0x29, 0x56, 0xc8,
    0xaf, 0xb1, 0x45, 0x46, 0x12, 0xaa, 0x65, 0x3b, 0x6c, 0x25, 0x8e, 0x22,
    0xec, 0xef};

static char scratch[128];

void
fuzz_check(int cond, const char *what)
{
	if (cond)
		return;
	fprintf(stderr, "fuzz invariant broken: %s\n", what);
	abort();
}

int
fuzz_memfd_empty(void)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	fuzz_check(fd >= 0, "memfd_create");
	return fd;
}

int
fuzz_memfd(const uint8_t *data, size_t n)
{
	int fd = fuzz_memfd_empty();
	size_t off = 0;
	ssize_t w;

	while (off < n) {
		w = write(fd, data + off, n - off);
		fuzz_check(w > 0, "write to memfd");
		off += (size_t)w;
	}
	fuzz_check(lseek(fd, 0, SEEK_SET) == 0, "lseek memfd");
	return fd;
}

void
fuzz_read_all(int fd, struct buf *b)
{
	char chunk[65536];
	ssize_t r;

	b->len = 0;
	fuzz_check(lseek(fd, 0, SEEK_SET) == 0, "lseek");
	while ((r = read(fd, chunk, sizeof(chunk))) > 0)
		fuzz_check(buf_append(b, chunk, (size_t)r) == 0, "buf_append");
	fuzz_check(r == 0, "read");
}

static void
scratch_remove(void)
{
	char cmd[160];

	if (scratch[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: cannot remove %s\n", scratch);
}

const char *
fuzz_path(const char *name)
{
	static char path[192];
	const char *base = getenv("PHI_FUZZ_TMP");

	if (scratch[0] == '\0') {
		/* tmpfs when there is one: the core fsyncs reject files;
		 * run.sh gives a directory it removes (a crash skips
		 * atexit) */
		if (base == NULL || strlen(base) > sizeof(scratch) - 16)
			base =
			    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
		snprintf(scratch, sizeof(scratch), "%s/phi-fuzz-XXXXXX", base);
		fuzz_check(mkdtemp(scratch) != NULL, "mkdtemp");
		atexit(scratch_remove);
	}
	snprintf(path, sizeof(path), "%s/%s", scratch, name);
	return path;
}

void
fuzz_write_file(const char *path, const uint8_t *data, size_t n, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	size_t off = 0;
	ssize_t w;

	fuzz_check(fd >= 0, "open scratch file");
	fuzz_check(fchmod(fd, (mode_t)mode) == 0, "fchmod");
	while (off < n) {
		w = write(fd, data + off, n - off);
		fuzz_check(w > 0, "write scratch file");
		off += (size_t)w;
	}
	close(fd);
}

static EVP_PKEY *
raw_key(EVP_PKEY **slot, int type, const uint8_t *raw, int private)
{
	if (*slot == NULL) {
		*slot = private
		    ? EVP_PKEY_new_raw_private_key(type, NULL, raw, 32)
		    : EVP_PKEY_new_raw_public_key(type, NULL, raw, 32);
		fuzz_check(*slot != NULL, "test key");
	}
	return *slot;
}

EVP_PKEY *
fuzz_x25519_key(void)
{
	static EVP_PKEY *k;

	return raw_key(&k, EVP_PKEY_X25519, x25519_raw, 1);
}

EVP_PKEY *
fuzz_ed25519_key(void)
{
	static EVP_PKEY *k;

	return raw_key(&k, EVP_PKEY_ED25519, ed25519_raw, 1);
}

EVP_PKEY *
fuzz_ed25519_pub(void)
{
	static EVP_PKEY *k;
	uint8_t pub[32];
	size_t len = sizeof(pub);

	if (k == NULL) {
		fuzz_check(EVP_PKEY_get_raw_public_key(
		               fuzz_ed25519_key(), pub, &len) == 1 &&
		        len == 32,
		    "ed25519 public half");
		raw_key(&k, EVP_PKEY_ED25519, pub, 0);
	}
	return k;
}

static enum ndjson_action
keep_all(void *ctx, const struct ndjson_value *v)
{
	(void)ctx;
	(void)v;
	return NDJSON_KEEP;
}

/* One checker for the whole run (a fresh core per call would spend
 * most of the time on its 1 MiB read buffer); it writes nothing and
 * keeps no state from one run_fd to the next that matters here. */
int
fuzz_ndjson_good(const char *data, size_t n)
{
	static struct ndjson *nj;
	struct ndjson_opts o = {.out_fd = -1};
	struct ndjson_handler h = {.visit = keep_all};
	struct phi_err e;
	int fd = fuzz_memfd((const uint8_t *)data, n), rc;

	if (nj == NULL)
		fuzz_check(ndjson_new(&nj, &o, &h, &e) == PHI_OK, "ndjson_new");
	rc = ndjson_run_fd(nj, fd, "check", &e);
	close(fd);
	return rc == PHI_OK;
}
