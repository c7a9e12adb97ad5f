/* jsontext.c - decoded string text and its raw offsets (see jsontext.h). */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "json.h"
#include "jsontext.h"

int
json_text_set(struct json_text *t, const char *raw, size_t n)
{
	size_t *m;

	t->s = raw, t->n = n, t->rawlen = n, t->mapped = 0;
	if (memchr(raw, '\\', n) == NULL)
		return 0;
	if (n > t->mapcap) {
		if (n > SIZE_MAX / sizeof(*m) ||
		    (m = realloc(t->map, n * sizeof(*m))) == NULL)
			return -1;
		t->map = m, t->mapcap = n;
	}
	buf_free(&t->dec, 1);
	if (json_unescape(raw, n, 1, &t->dec, t->map) != 0)
		return -1;
	t->s = t->dec.p != NULL ? t->dec.p : "", t->n = t->dec.len;
	t->mapped = 1;
	return 0;
}

void
json_text_raw(
    const struct json_text *t, size_t ds, size_t de, size_t *rs, size_t *re)
{
	if (!t->mapped) {
		*rs = ds, *re = de;
		return;
	}
	while (de < t->n && t->map[de] == t->map[de - 1])
		de++; /* the end of an escape that decodes to several bytes */
	*rs = t->map[ds];
	*re = de < t->n ? t->map[de] : t->rawlen;
}

void
json_text_free(struct json_text *t)
{
	buf_free(&t->dec, 1);
	if (t->map != NULL)
		OPENSSL_cleanse(t->map, t->mapcap * sizeof(*t->map));
	free(t->map);
	*t = (struct json_text)JSON_TEXT_INIT;
}
