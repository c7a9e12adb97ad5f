/*
 * fuzz_decrypt.c - libFuzzer harness for phi-decrypt's input path: the
 * decrypt handler (decrypt.h) over NDJSON lines (ndjson.h), with a
 * keyring holding the fixed test key (util.h).
 *
 * Input: one flag byte, then the stream.  Flags: bit 0 only the fields
 * traits.* and **.email, bit 1 skip_unknown (tokens of other keys stay),
 * bit 2 a reject file.
 *
 * Checks: the run ends in 0, PHI_EDATA or PHI_EKEY; what it writes is
 * good NDJSON; without a reject file, a stream without "phi:" and without
 * escapes (which could spell it) passes unchanged.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "decrypt.h"
#include "util.h"

static struct keyring *kr;
static struct pathset *fields;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct phi_err e;

	(void)argc;
	(void)argv;
	kr = key_ring_new();
	fields = pathset_new();
	fuzz_check(kr != NULL && fields != NULL &&
	        key_ring_add_key(kr, fuzz_x25519_key(), &e) == PHI_OK &&
	        pathset_add(fields, "traits.*", &e) == PHI_OK &&
	        pathset_add(fields, "**.email", &e) == PHI_OK,
	    "init");
	return 0;
}

static int
run(unsigned flags, const uint8_t *data, size_t size, struct buf *out)
{
	struct decrypt_opts o = {.kr = kr,
	    .fields = (flags & 1) ? fields : NULL,
	    .skip_unknown = flags & 2};
	struct ndjson_opts no = {.out_fd = -1};
	struct ndjson_handler h;
	struct decrypt *d;
	struct ndjson *nj;
	struct phi_err e;
	int in = fuzz_memfd(data, size), outfd = fuzz_memfd_empty(), rc;

	fuzz_check(decrypt_new(&d, &o, &e) == PHI_OK, "decrypt_new");
	decrypt_handler(d, &h);
	no.select = decrypt_select(d);
	no.reject_path = (flags & 4) ? fuzz_path("reject") : NULL;
	unlink(fuzz_path("reject")); /* made new at the first bad line */
	no.out_fd = outfd;
	fuzz_check(ndjson_new(&nj, &no, &h, &e) == PHI_OK, "ndjson_new");
	rc = ndjson_run_fd(nj, in, "in", &e);
	if (rc == PHI_OK)
		rc = ndjson_flush(nj, &e);
	ndjson_free(nj);
	out->len = 0;
	fuzz_check(decrypt_kids_json(d, 0, out) == 0, "kids json");
	decrypt_free(d);
	fuzz_read_all(outfd, out);
	close(in);
	close(outfd);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = BUF_INIT;
	unsigned flags;
	int rc;

	if (size < 1)
		return 0;
	flags = data[0];
	data++, size--;
	rc = run(flags, data, size, &out);
	fuzz_check(
	    rc == PHI_OK || rc == PHI_EDATA || rc == PHI_EKEY, "run status");
	fuzz_check(fuzz_ndjson_good(out.p, out.len), "output is good NDJSON");
	if (rc == PHI_OK && !(flags & 4) &&
	    memmem(data, size, "phi:", 4) == NULL &&
	    memchr(data, '\\', size) == NULL)
		fuzz_check(out.len == size &&
		        (size == 0 || memcmp(out.p, data, size) == 0),
		    "a stream without tokens changed");
	buf_free(&out, 1);
	return 0;
}
