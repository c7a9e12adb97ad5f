/*
 * tokentool - test helper for common/token: `tokentool seal PUB` prints
 * a token for each line of stdin, padded as phi-encrypt pads (one sender
 * context, seq 0, 1, ...); `tokentool seal1 PUB` prints one token
 * holding exactly all of stdin (any bytes, newlines too, no padding:
 * forged plaintexts); `tokentool open KEY|DIR` prints the value of each
 * token on stdin without its padding, and stops at the first error with
 * its status and message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "key.h"
#include "token.h"

static int
tool_seal(const char *pubfile, struct phi_err *e)
{
	struct token_sealer *s = NULL;
	EVP_PKEY *pub = NULL;
	char *line = NULL, *out = NULL;
	size_t cap = 0, pad;
	ssize_t n;
	int rc;

	if ((rc = key_pub_load_file(pubfile, EVP_PKEY_X25519, &pub, e)) != 0 ||
	    (rc = token_sealer_new(&s, pub, e)) != 0)
		goto out;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		if (line[n - 1] == '\n')
			n--;
		free(out);
		pad = token_pad_len((size_t)n);
		if ((out = malloc(token_text_len(pad) + 1)) == NULL) {
			rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
			goto out;
		}
		if ((rc = token_seal(
		         s, (uint8_t *)line, (size_t)n, pad, out, e)) != 0)
			goto out;
		printf("%.*s\n", (int)token_text_len(pad), out);
	}
out:
	free(line);
	free(out);
	token_sealer_free(s);
	EVP_PKEY_free(pub);
	return rc;
}

static int
tool_seal1(const char *pubfile, struct phi_err *e)
{
	struct token_sealer *s = NULL;
	EVP_PKEY *pub = NULL;
	char in[4096], *out = NULL;
	size_t n = fread(in, 1, sizeof(in), stdin);
	int rc;

	if (!feof(stdin))
		return phi_err_set(e, PHI_EDATA, "more than 4096 bytes");
	if ((rc = key_pub_load_file(pubfile, EVP_PKEY_X25519, &pub, e)) != 0 ||
	    (rc = token_sealer_new(&s, pub, e)) != 0)
		goto out;
	if ((out = malloc(token_text_len(n) + 1)) == NULL) {
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		goto out;
	}
	if ((rc = token_seal(s, (uint8_t *)in, n, n, out, e)) == 0)
		printf("%.*s\n", (int)token_text_len(n), out);
out:
	free(out);
	token_sealer_free(s);
	EVP_PKEY_free(pub);
	return rc;
}

static int
tool_open(const char *keypath, struct phi_err *e)
{
	struct keyring *kr = key_ring_new();
	struct token_opener *o = NULL;
	char *line = NULL;
	uint8_t *pt = NULL;
	size_t cap = 0, len, lineno = 0;
	ssize_t n;
	int rc;

	if (kr == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if ((rc = key_ring_add_path(kr, keypath, NULL, e)) != 0 ||
	    (rc = token_opener_new(&o, kr, e)) != 0)
		goto out;
	while ((n = getline(&line, &cap, stdin)) > 0) {
		lineno++;
		if (line[n - 1] == '\n')
			n--;
		free(pt);
		if ((pt = malloc(token_plain_max((size_t)n) + 1)) == NULL) {
			rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
			goto out;
		}
		if ((rc = token_open(o, line, (size_t)n, pt, &len, e)) != 0) {
			phi_err_prefix(e, "line %zu", lineno);
			goto out;
		}
		len = token_unpad(pt, len);
		printf("%.*s\n", (int)len, (char *)pt);
	}
out:
	free(line);
	free(pt);
	token_opener_free(o);
	key_ring_free(kr);
	return rc;
}

int
main(int argc, char **argv)
{
	struct phi_err e;
	int rc;

	cli_init(argv[0]);
	if (argc != 3 ||
	    (strcmp(argv[1], "seal") != 0 && strcmp(argv[1], "seal1") != 0 &&
	        strcmp(argv[1], "open") != 0))
		return cli_usage(
		    "usage: tokentool seal PUB | seal1 PUB | open KEY|DIR");
	if (strcmp(argv[1], "seal1") == 0)
		rc = tool_seal1(argv[2], &e);
	else
		rc = argv[1][0] == 's' ? tool_seal(argv[2], &e)
		                       : tool_open(argv[2], &e);
	if (rc != 0)
		return cli_fail(&e);
	return cli_close_stdout();
}
