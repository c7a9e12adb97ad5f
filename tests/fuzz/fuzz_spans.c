/*
 * fuzz_spans.c - libFuzzer harness for the spans inside free text: the
 * span finder (classify_spans, with the default rules and dictionaries
 * of share/) and phi-encrypt --in-text's sealing and phi-decrypt's
 * opening of span tokens (encrypt.h, decrypt.h over ndjson.h).
 *
 * Input: one flag byte, then the text.  The text becomes the string
 * {"note":"..."} (bit 0: under "value" instead), written with JSON's
 * escapes where it must be and, with bit 1, every third ASCII letter as
 * \u00XX (so that spans meet escapes).
 *
 * Checks: spans are sorted, disjoint, within the text, never start or
 * end in a space; textscan's shortcuts find what trying every window
 * finds (textscan_opts.exhaustive); names_text finds with the text's
 * map what it finds reading every word (textmap.h); phi-encrypt --in-text ends
 * in 0 (or PHI_EDATA when the text is no UTF-8) and its output decrypts to the
 * line byte for byte; encrypting the output again changes nothing.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "decrypt.h"
#include "names.h"
#include "textscan.h"
#include "encrypt.h"
#include "utf8.h"
#include "util.h"

static struct classifier *cls;
static struct names *names;
static struct keyring *kr;
static struct pathset *intext;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct phi_err e;

	(void)argc;
	(void)argv;
	setenv("PHI_DATADIR", "share", 1); /* run.sh runs from the top */
	kr = key_ring_new();
	intext = pathset_new();
	fuzz_check(kr != NULL && intext != NULL &&
	        key_ring_add_key(kr, fuzz_x25519_key(), &e) == PHI_OK &&
	        pathset_add(intext, "**", &e) == PHI_OK &&
	        classify_load(&cls, NULL, 0, &e) == PHI_OK &&
	        names_new(&names, &e) == PHI_OK &&
	        names_load_file(names, NAMES_FIRST,
	            "share/names/us-ssa-first.names", &e) == PHI_OK &&
	        names_load_file(names, NAMES_LAST,
	            "share/names/us-census-last.names", &e) == PHI_OK &&
	        names_load_file(names, NAMES_COMMON, "share/names/common.names",
	            &e) == PHI_OK,
	    "init");
	return 0;
}

/* The line {"KEY":"text"} with text escaped as flags say. */
static void
make_line(unsigned flags, const uint8_t *d, size_t n, struct buf *line)
{
	size_t i;

	buf_puts(line, (flags & 1) ? "{\"value\":\"" : "{\"note\":\"");
	for (i = 0; i < n; i++) {
		int letter = (d[i] | 0x20) >= 'a' && (d[i] | 0x20) <= 'z';

		if (d[i] < 0x20 || d[i] == '"' || d[i] == '\\' ||
		    ((flags & 2) && letter && i % 3 == 0))
			buf_printf(line, "\\u%04x", d[i]);
		else
			buf_putc(line, (char)d[i]);
	}
	buf_puts(line, "\"}\n");
}

/* Runs handler h over in into out; the run's status. */
static int
run(struct ndjson_handler *h, const struct pathset *select,
    const struct buf *in, struct buf *out)
{
	struct ndjson_opts no = {.select = select};
	struct ndjson *nj;
	struct phi_err e;
	int fd = fuzz_memfd((const uint8_t *)in->p, in->len), rc;

	no.out_fd = fuzz_memfd_empty();
	fuzz_check(ndjson_new(&nj, &no, h, &e) == PHI_OK, "ndjson_new");
	rc = ndjson_run_fd(nj, fd, "in", &e);
	if (rc == PHI_OK)
		rc = ndjson_flush(nj, &e);
	ndjson_free(nj);
	fuzz_read_all(no.out_fd, out);
	close(fd);
	close(no.out_fd);
	return rc;
}

static int
seal(const struct buf *in, struct buf *out)
{
	struct encrypt_opts o = {.pub = fuzz_x25519_key(),
	    .intext = intext,
	    .walk = intext,
	    .cls = cls};
	struct ndjson_handler h;
	struct encrypt *c;
	struct phi_err e;
	int rc;

	fuzz_check(encrypt_new(&c, &o, &e) == PHI_OK, "encrypt_new");
	encrypt_handler(c, &h);
	rc = run(&h, encrypt_select(c), in, out);
	encrypt_free(c);
	return rc;
}

static int
open_all(const struct buf *in, struct buf *out)
{
	struct decrypt_opts o = {.kr = kr};
	struct ndjson_handler h;
	struct decrypt *d;
	struct phi_err e;
	int rc;

	fuzz_check(decrypt_new(&d, &o, &e) == PHI_OK, "decrypt_new");
	decrypt_handler(d, &h);
	rc = run(&h, decrypt_select(d), in, out);
	decrypt_free(d);
	return rc;
}

/* The span finder's contract on the text itself. */
static void
check_spans(unsigned flags, const uint8_t *d, size_t n)
{
	struct spanlist l = SPANLIST_INIT;
	struct class_key k;
	size_t i, at = 0;

	classify_key_name(
	    cls, (flags & 1) ? "value" : "note", (flags & 1) ? 5 : 4, &k);
	fuzz_check(
	    classify_spans(cls, &k, (const char *)d, n, CLASS_YELLOW, &l) == 0,
	    "classify_spans");
	for (i = 0; i < l.n; i++) {
		fuzz_check(l.v[i].start >= at && l.v[i].start < l.v[i].end &&
		        l.v[i].end <= n,
		    "spans sorted, disjoint, within the text");
		fuzz_check(d[l.v[i].start] != ' ' && d[l.v[i].end - 1] != ' ',
		    "a span starts or ends in a space");
		at = l.v[i].end + 1;
	}
	spanlist_free(&l);
}

/* textscan's spans, appended to out as start,end pairs. */
static int
add_span(void *arg, const struct text_span *sp)
{
	size_t v[2] = {sp->start, sp->end};

	buf_append(arg, (const char *)v, sizeof(v));
	return 0;
}

/* The shortcuts that skip windows give what every window gives. */
static void
check_shortcuts(const uint8_t *d, size_t n)
{
	const vkind_set all =
	    ~(VK_BIT(VK_NONE) | VK_BIT(VK_TOKEN) | VK_BIT(VK_NAME)) &
	    (VK_BIT(VK_COUNT) - 1);
	struct textscan_opts fast = {.want = all}, slow = {.want = all};
	struct buf a = BUF_INIT, b = BUF_INIT;

	slow.exhaustive = 1;
	textscan_run((const char *)d, n, &fast, add_span, &a);
	textscan_run((const char *)d, n, &slow, add_span, &b);
	fuzz_check(
	    a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0),
	    "textscan's shortcuts find what every window finds");
	buf_free(&a, 0);
	buf_free(&b, 0);
}

/* names_text's spans, appended to out as offset,length pairs. */
static int
add_name(void *arg, size_t off, size_t len)
{
	size_t v[2] = {off, len};

	buf_append(arg, (const char *)v, sizeof(v));
	return 0;
}

/* The names found stepping over the words the map says to are those
 * found reading every word. */
static void
check_names(const uint8_t *d, size_t n)
{
	const struct textmap unmapped = {.mapped = 0};
	struct buf a = BUF_INIT, b = BUF_INIT;

	names_text(names, (const char *)d, n, NULL, add_name, &a);
	names_text(names, (const char *)d, n, &unmapped, add_name, &b);
	fuzz_check(
	    a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0),
	    "names_text with the map finds what reading every word finds");
	buf_free(&a, 0);
	buf_free(&b, 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf line = BUF_INIT, enc = BUF_INIT, dec = BUF_INIT;
	struct buf again = BUF_INIT;
	unsigned flags;
	int rc;

	if (size < 1)
		return 0;
	flags = data[0];
	data++, size--;
	check_spans(flags, data, size);
	check_shortcuts(data, size);
	check_names(data, size);
	make_line(flags, data, size, &line);
	rc = seal(&line, &enc);
	fuzz_check(rc == PHI_OK ||
	        (rc == PHI_EDATA &&
	            utf8_check((const char *)data, size) < size),
	    "--in-text status");
	if (rc == PHI_OK) {
		fuzz_check(open_all(&enc, &dec) == PHI_OK &&
		        dec.len == line.len &&
		        memcmp(dec.p, line.p, line.len) == 0,
		    "--in-text then decrypt gives the line back");
		fuzz_check(seal(&enc, &again) == PHI_OK &&
		        again.len == enc.len &&
		        memcmp(again.p, enc.p, enc.len) == 0,
		    "--in-text over its own output changes it");
	}
	buf_free(&line, 1);
	buf_free(&enc, 1);
	buf_free(&dec, 1);
	buf_free(&again, 1);
	return 0;
}
