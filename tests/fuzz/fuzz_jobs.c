/*
 * fuzz_jobs.c - libFuzzer harness for the worker threads of the
 * streaming core (ndjson.h opts.jobs): the same stream through a
 * deterministic transform with one thread and with four (blocks of a few
 * bytes, so that a stream of a few lines makes many blocks) must give
 * the same status, output, reject file, messages and counts.
 *
 * Input: two option bytes, then the stream.  Byte 0:
 *   bits 0-1  the transform: 0 phi-classify --redact, 1 --mask, 2
 *             --drop (class_walk, classwalk.h), 3 phi-decrypt with the
 *             fixed test key (decrypt.h)
 *   bit 2     a reject file (bad lines go there, the run goes on)
 *   bit 3     max_line 96 (over-long lines, some cut across reads)
 *   bit 4     the stream as two inputs (ndjson_run_fd twice)
 *   bit 5     the stream is made from codes (make_stream), not as given
 *   bit 6     classify: --fail-fast (line_done stops the run at the
 *             first yellow event); decrypt: --skip-unknown-keys
 *   bit 7     made streams: no newline after the last line
 * Byte 1: bits 0-5 the block size less one (1 to 64 bytes); bit 6
 * classify: the per-path report too (phi-classify --report
 * --count-in-text: the walk collects, and with bit 3 of byte 0 keeps at
 * most 5 paths, so that values collapse and blocks are done again on
 * the reading thread), compared line by line; bit 7 classify: red
 * rather than yellow for the action; decrypt: only the fields traits.*
 * and **.email (a select set, not the lean walk).
 *
 * A made stream has one line for each byte that follows: its low four
 * bits pick the kind (events that classify yellow or red, empty and
 * blank lines, CRLF, bad JSON, not an object, invalid UTF-8, two values,
 * deep nesting, escapes, a long line, lines that look gzip or CSV,
 * phi-decrypt tokens of the test key, of another key and damaged ones),
 * the high four bits vary it.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "classify.h"
#include "classwalk.h"
#include "decrypt.h"
#include "encrypt.h"
#include "util.h"

enum {
	F_ACT = 3,
	F_REJECT = 4,
	F_SHORT = 8,
	F_SPLIT = 16,
	F_MADE = 32,
	F_STOP = 64, /* classify --fail-fast; decrypt --skip-unknown-keys */
	F_OPEN = 128,
	B_SIZE = 63,
	B_REPORT = 64, /* classify: collect the report (max 5 paths with
	                  F_SHORT) */
	B_ALT = 128,   /* classify red; decrypt -f fields */
};

#define ACT_DECRYPT 3
#define NTEMPL (sizeof(templ) / sizeof(templ[0]))

/* Events: clear, yellow and red fields, nested, escaped. */
static const char *const templ[] = {
    "{\"userId\":\"u1\",\"traits\":{\"email\":\"jane.doe@example.com\","
    "\"phone\":\"+1 415-555-0134\",\"name\":\"Jane Doe\"},"
    "\"context\":{\"ip\":\"10.1.2.3\"}}",
    "{\"event\":\"Order\",\"properties\":{\"ssn\":\"123-45-6789\","
    "\"items\":[{\"sku\":\"A1\",\"price\":9.5}],"
    "\"note\":\"call me at 415-555-0134\"}}",
    "{\"a\":{\"b\":[1,2,{\"c\":null,\"d\":true}]},\"dob\":\"1980-01-02\","
    "\"zip\":\"94107\"}",
    "{\"k\\u0065y\":\"v\\\"al\",\"email\":\"x@y.example\",\"arr\":[[],{}],"
    "\"n\":-0.5e3}",
    "{\"traits\":{\"email\":\"a@b.example\",\"age\":41},\"x\":false}",
    "{\"event\":\"Page\",\"properties\":{\"path\":\"/home\"}}",
    "{\"traits\":{\"email\":\"phi:1:AAAA\"},\"mrn\":\"MRN-0042\"}",
    "{\"traits\":{\"firstName\":\"Ann\",\"lastName\":\"Lee\"},"
    "\"properties\":{\"email\":[\"p@q.example\",\"r@s.example\"]}}",
};

/* Bad lines and other odd ones (kinds 3 to 7 and 12). */
static const char *const odd[] = {
    "{\"a\":1",
    "[1]",
    "{\"email\":\"\xff\xfe\"}",
    "{\"a\":1} {\"b\":2}",
    "\"phi:1:AAAA\"",
    "{\"a\":tru}",
    "{\"a\":\"x\" \"b\":2}",
    "name,email,phone",
    "\x1f\x8b\x08",
    "{",
    "[{\"a\":1}",
    "{\"a\":{\"b\":1}}}",
};

static struct classifier *cls;
static struct keyring *kr;
static struct pathset *fields, *enc_fields;
static struct buf sealed[2]; /* templ sealed: the test key's, another's */
static struct buf *msgs;     /* the run's messages (rejected() has no ctx) */
static const uint8_t data_none[1]; /* an empty stream's bytes */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Seals the templates with key pk: one line each, in out. */
static void
seal_templates(EVP_PKEY *pk, struct buf *out)
{
	struct encrypt_opts o = {.pub = pk, .fields = enc_fields};
	struct ndjson_opts no = {.out_fd = fuzz_memfd_empty()};
	struct ndjson_handler h;
	struct encrypt *c;
	struct ndjson *nj;
	struct buf in = BUF_INIT;
	struct phi_err e;
	size_t i;
	int fd;

	for (i = 0; i < NTEMPL; i++)
		fuzz_check(
		    buf_puts(&in, templ[i]) == 0 && buf_putc(&in, '\n') == 0,
		    "buf");
	fd = fuzz_memfd((const uint8_t *)in.p, in.len);
	fuzz_check(encrypt_new(&c, &o, &e) == PHI_OK, "encrypt_new");
	encrypt_handler(c, &h);
	no.select = encrypt_select(c);
	fuzz_check(ndjson_new(&nj, &no, &h, &e) == PHI_OK &&
	        ndjson_run_fd(nj, fd, "templates", &e) == PHI_OK &&
	        ndjson_flush(nj, &e) == PHI_OK,
	    "seal the templates");
	ndjson_free(nj);
	encrypt_free(c);
	fuzz_read_all(no.out_fd, out);
	close(no.out_fd);
	close(fd);
	buf_free(&in, 0);
}

static void
add_paths(struct pathset *s, const char *const *p, size_t n)
{
	struct phi_err e;
	size_t i;

	for (i = 0; i < n; i++)
		fuzz_check(pathset_add(s, p[i], &e) == PHI_OK, "pattern");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const dec[] = {"traits.*", "**.email"};
	static const char *const enc[] = {
	    "traits.*", "properties.*", "**.email", "context.ip", "mrn", "key"};
	EVP_PKEY *other;
	struct phi_err e;

	(void)argc;
	(void)argv;
	setenv("PHI_DATADIR", "share", 1); /* run.sh runs from the top */
	kr = key_ring_new();
	fields = pathset_new();
	enc_fields = pathset_new();
	fuzz_check(kr != NULL && fields != NULL && enc_fields != NULL &&
	        key_ring_add_key(kr, fuzz_x25519_key(), &e) == PHI_OK &&
	        classify_load(&cls, NULL, 0, &e) == PHI_OK,
	    "init");
	add_paths(fields, dec, sizeof(dec) / sizeof(dec[0]));
	add_paths(enc_fields, enc, sizeof(enc) / sizeof(enc[0]));
	other = EVP_PKEY_Q_keygen(NULL, NULL, "X25519");
	fuzz_check(other != NULL, "another key");
	seal_templates(fuzz_x25519_key(), &sealed[0]);
	seal_templates(other, &sealed[1]);
	EVP_PKEY_free(other);
	return 0;
}

/* Line i (0-based) of s, without its newline. */
static void
nth_line(const struct buf *s, size_t i, const char **l, size_t *n)
{
	const char *p = s->p, *end = s->p + s->len, *nl;

	for (;;) {
		nl = memchr(p, '\n', (size_t)(end - p));
		fuzz_check(nl != NULL, "a sealed template");
		if (i-- == 0)
			break;
		p = nl + 1;
	}
	*l = p;
	*n = (size_t)(nl - p);
}

/* A sealed template (v: which, and how): of the test key, of another
 * key, or of the test key with a byte of a token changed. */
static void
put_sealed(struct buf *b, unsigned v)
{
	const char *l, *t;
	size_t n, at;

	nth_line(&sealed[(v & 8) != 0], v % NTEMPL, &l, &n);
	at = b->len;
	fuzz_check(buf_append(b, l, n) == 0, "buf");
	if ((v & 12) != 4)
		return;
	t = memmem(b->p + at, n, "\"phi:1:", 7);
	if (t != NULL && (size_t)(t - (b->p + at)) + 20 < n)
		b->p[(t - b->p) + 19] ^= 1; /* a token's byte: it fails */
}

/* A long line: a note of many copies of a phone number. */
static void
put_long(struct buf *b, unsigned v)
{
	unsigned i;

	fuzz_check(buf_puts(b, "{\"note\":\"") == 0, "buf");
	for (i = 0; i < 4 + 4 * v; i++)
		fuzz_check(buf_puts(b, "415-555-0134 ") == 0, "buf");
	fuzz_check(buf_puts(b, "\",\"email\":\"z@y.example\"}") == 0, "buf");
}

/* Nested arrays v deep, with an email at the bottom. */
static void
put_deep(struct buf *b, unsigned v)
{
	unsigned i, d = 1 + 3 * v;

	fuzz_check(buf_puts(b, "{\"a\":") == 0, "buf");
	for (i = 0; i < d; i++)
		fuzz_check(buf_putc(b, '[') == 0, "buf");
	fuzz_check(buf_puts(b, "{\"email\":\"d@e.example\"}") == 0, "buf");
	for (i = 0; i < d; i++)
		fuzz_check(buf_putc(b, ']') == 0, "buf");
	fuzz_check(buf_putc(b, '}') == 0, "buf");
}

/* One line of kind c & 15, varied by c >> 4 (without its newline;
 * *crlf set for a "\r\n" ending). */
static void
put_line(struct buf *b, uint8_t c, int *crlf)
{
	unsigned k = c & 15, v = c >> 4;

	*crlf = 0;
	if (k <= 2 || k == 13)
		fuzz_check(buf_puts(b, templ[(v + k) % NTEMPL]) == 0, "buf");
	else if (k == 3 || k == 4)
		fuzz_check(buf_puts(b, odd[v % 12]) == 0, "buf");
	else if (k == 5)
		; /* empty */
	else if (k == 6)
		fuzz_check(buf_puts(b, v & 1 ? " \t " : "\r") == 0, "buf");
	else if (k == 7) {
		fuzz_check(buf_puts(b, templ[v % NTEMPL]) == 0, "buf");
		*crlf = 1;
	} else if (k == 8 || k == 9)
		put_sealed(b, v);
	else if (k == 10)
		put_long(b, v);
	else if (k == 11)
		put_deep(b, v);
	else if (k == 12)
		fuzz_check(buf_puts(b, odd[7 + v % 2]) == 0, "buf");
	else
		put_sealed(b, v & 3); /* of the test key, whole */
}

/* The stream a made input stands for: a line for each byte. */
static void
make_stream(unsigned flags, const uint8_t *d, size_t n, struct buf *s)
{
	size_t i;
	int crlf;

	for (i = 0; i < n; i++) {
		put_line(s, d[i], &crlf);
		if (i + 1 == n && (flags & F_OPEN))
			break;
		fuzz_check(buf_puts(s, crlf ? "\r\n" : "\n") == 0, "buf");
	}
}

struct result {
	int rc;
	struct ndjson_stats st;
	struct buf out, rej, msgs, extra; /* extra: the handler's counts */
};

static void
note_rejected(void *ctx, const struct phi_err *e)
{
	(void)ctx;
	fuzz_check(
	    buf_puts(msgs, e->msg) == 0 && buf_putc(msgs, '\n') == 0, "buf");
}

/* The transform: its handler, select set and context. */
struct xform {
	struct class_walk *walk;
	struct decrypt *dec;
	struct ndjson_handler h;
	const struct pathset *select;
};

static void
xform_new(unsigned flags, unsigned b1, struct xform *x)
{
	static const enum class_act acts[] = {
	    CLASS_ACT_REDACT, CLASS_ACT_MASK, CLASS_ACT_DROP};
	struct class_walk_opts wo = {.act = CLASS_ACT_REDACT,
	    .act_min = (b1 & B_ALT) ? CLASS_RED : CLASS_YELLOW,
	    .stop_at = (flags & F_STOP) != 0,
	    .stop_min = CLASS_YELLOW,
	    .collect = (b1 & B_REPORT) != 0,
	    .in_text = (b1 & B_REPORT) != 0,
	    .max_paths = (b1 & B_REPORT) && (flags & F_SHORT) ? 5 : 0};
	struct decrypt_opts dopts = {.kr = kr,
	    .fields = (b1 & B_ALT) ? fields : NULL,
	    .skip_unknown = (flags & F_STOP) != 0};
	struct phi_err e;

	memset(x, 0, sizeof(*x));
	if ((flags & F_ACT) == ACT_DECRYPT) {
		fuzz_check(
		    decrypt_new(&x->dec, &dopts, &e) == PHI_OK, "decrypt_new");
		decrypt_handler(x->dec, &x->h);
		x->select = decrypt_select(x->dec);
	} else {
		wo.act = acts[flags & F_ACT];
		fuzz_check(class_walk_new(&x->walk, cls, &wo, &e) == PHI_OK,
		    "class_walk_new");
		class_walk_handler(x->walk, &x->h);
	}
	x->h.rejected = note_rejected;
}

/* What the handler counted: the worst colour, the report and the
 * values collapsed, or the tokens skipped and the key ids used; then it
 * is freed. */
static void
xform_end(struct xform *x, struct buf *extra)
{
	struct phi_err e;

	if (x->walk != NULL)
		fuzz_check(buf_printf(extra, "worst %d collapsed %llu\n",
		               (int)class_walk_worst(x->walk),
		               (unsigned long long)class_walk_collapsed(
		                   x->walk)) == 0 &&
		        class_walk_report(x->walk, CLASS_GREEN, extra, &e) ==
		            PHI_OK,
		    "report");
	if (x->dec != NULL)
		fuzz_check(
		    buf_printf(extra, "skipped %llu ",
		        (unsigned long long)decrypt_skipped(x->dec)) == 0 &&
		        decrypt_kids_json(x->dec, 0, extra) == 0,
		    "buf");
	class_walk_free(x->walk);
	decrypt_free(x->dec);
}

/* Runs the stream s through the transform with jobs threads. */
static void
run(unsigned flags, unsigned b1, const struct buf *s, int jobs,
    struct result *r)
{
	struct ndjson_opts o = {.jobs = jobs, .block = 1 + (b1 & B_SIZE)};
	const char *rej = fuzz_path("reject");
	size_t half = (flags & F_SPLIT) ? s->len / 2 : s->len;
	const uint8_t *p = s->p != NULL ? (const uint8_t *)s->p : data_none;
	int fd1 = fuzz_memfd(p, half),
	    fd2 = fuzz_memfd(p + half, s->len - half);
	struct xform x;
	struct ndjson *nj;
	struct phi_err e;
	int rfd;

	xform_new(flags, b1, &x);
	o.select = x.select;
	o.max_line = (flags & F_SHORT) ? 96 : 0;
	o.reject_path = (flags & F_REJECT) ? rej : NULL;
	o.out_fd = fuzz_memfd_empty();
	unlink(rej); /* made new at the first bad line */
	msgs = &r->msgs;
	fuzz_check(ndjson_new(&nj, &o, &x.h, &e) == PHI_OK, "ndjson_new");
	r->rc = ndjson_run_fd(nj, fd1, "one", &e);
	if (r->rc == PHI_OK && half < s->len)
		r->rc = ndjson_run_fd(nj, fd2, "two", &e);
	if (r->rc == PHI_OK)
		r->rc = ndjson_flush(nj, &e);
	if (r->rc != PHI_OK)
		fuzz_check(buf_puts(&r->msgs, e.msg) == 0, "buf");
	r->st = *ndjson_stats(nj);
	ndjson_free(nj);
	xform_end(&x, &r->extra);
	fuzz_read_all(o.out_fd, &r->out);
	if ((rfd = open(rej, O_RDONLY)) >= 0) {
		fuzz_read_all(rfd, &r->rej);
		close(rfd);
	}
	close(o.out_fd);
	close(fd1);
	close(fd2);
}

static int
buf_same(const struct buf *a, const struct buf *b)
{
	return a->len == b->len &&
	    (a->len == 0 || memcmp(a->p, b->p, a->len) == 0);
}

static void
result_free(struct result *r)
{
	buf_free(&r->out, 0);
	buf_free(&r->rej, 0);
	buf_free(&r->msgs, 0);
	buf_free(&r->extra, 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct result one = {0}, four = {0};
	struct buf s = BUF_INIT;
	unsigned flags, b1;

	if (size < 2)
		return 0;
	flags = data[0];
	b1 = data[1];
	data += 2, size -= 2;
	if (flags & F_MADE)
		make_stream(flags, data, size, &s);
	else
		fuzz_check(buf_append(&s, data, size) == 0, "buf");
	run(flags, b1, &s, 1, &one);
	run(flags, b1, &s, 4, &four);
	fuzz_check(one.rc == four.rc, "-j 4: another status");
	fuzz_check(buf_same(&one.out, &four.out), "-j 4: another output");
	fuzz_check(buf_same(&one.rej, &four.rej), "-j 4: another reject file");
	fuzz_check(buf_same(&one.msgs, &four.msgs), "-j 4: other messages");
	fuzz_check(memcmp(&one.st, &four.st, sizeof(one.st)) == 0,
	    "-j 4: other counts (ndjson_stats)");
	fuzz_check(buf_same(&one.extra, &four.extra),
	    "-j 4: other handler counts (worst colour, report, key ids, skipped)");
	result_free(&one);
	result_free(&four);
	buf_free(&s, 1);
	return 0;
}
