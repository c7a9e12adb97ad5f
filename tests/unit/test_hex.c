/* test_hex - common/base/hex.c against snprintf("%02x") and strtoul. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "tap.h"

/* Every byte value encodes as printf's %02x and decodes back, in both
 * cases; hex_value agrees with strtoul on every char. */
static void
test_every_byte(void)
{
	uint8_t all[256], back[256];
	char out[2 * 256 + 1], want[3], upper[2 * 256 + 1];
	int i, bad_enc = 0, bad_val = 0;
	size_t j;

	for (i = 0; i < 256; i++)
		all[i] = (uint8_t)i;
	memset(out, 'x', sizeof(out));
	hex_encode(all, sizeof(all), out);
	for (i = 0; i < 256; i++) {
		snprintf(want, sizeof(want), "%02x", i);
		bad_enc += memcmp(out + 2 * i, want, 2) != 0;
	}
	ok(bad_enc == 0 && out[512] == '\0', "hex_encode: %%02x for 0..255");
	ok(hex_decode(out, 256, back) == 0 && memcmp(back, all, 256) == 0,
	    "hex_decode: lowercase back to 0..255");
	for (j = 0; j < sizeof(upper); j++)
		upper[j] = out[j] >= 'a' ? (char)(out[j] - 'a' + 'A') : out[j];
	memset(back, 0, sizeof(back));
	ok(hex_decode(upper, 256, back) == 0 && memcmp(back, all, 256) == 0,
	    "hex_decode: uppercase back to 0..255");
	for (i = 1; i < 256; i++) {
		char s[2] = {(char)i, '\0'}, *end;
		unsigned long v = strtoul(s, &end, 16);
		int want_v = *end == '\0' && i != '+' && i != '-' && i != ' ' &&
		        (i < '\t' || i > '\r')
		    ? (int)v
		    : -1;

		bad_val += hex_value(i) != want_v;
	}
	ok(bad_val == 0 && hex_value(0) == -1,
	    "hex_value: the digits' values, -1 for every other char");
}

static void
test_refusals(void)
{
	uint8_t b[4];
	char s[] = "00ff10ab";
	size_t i;
	int bad = 0;

	ok(hex_decode("", 0, b) == 0, "hex_decode: nothing");
	ok(hex_decode("0", 1, b) != 0, "hex_decode: one digit short");
	ok(hex_decode("0g", 1, b) != 0, "hex_decode: g");
	ok(hex_decode(" 0", 1, b) != 0, "hex_decode: a space");
	for (i = 0; i < 8; i++) { /* each position, a non-digit in turn */
		char c = s[i];

		s[i] = 'z';
		bad += hex_decode(s, 4, b) == 0;
		s[i] = c;
	}
	ok(bad == 0, "hex_decode: a non-digit at any position is refused");
	ok(hex_is_lower("00ff10ab", 8), "hex_is_lower: 8 lowercase digits");
	ok(!hex_is_lower("00FF10AB", 8), "hex_is_lower: uppercase refused");
	ok(!hex_is_lower("00ff10ab0", 8), "hex_is_lower: one too many");
	ok(!hex_is_lower("00ff10a", 8), "hex_is_lower: one too few");
	ok(!hex_is_lower("00ff10ag", 8), "hex_is_lower: g");
	ok(hex_is_lower("", 0), "hex_is_lower: empty for 0");
}

int
main(void)
{
	test_every_byte();
	test_refusals();
	return tap_done();
}
