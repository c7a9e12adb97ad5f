/* textmemo.c - the findings of the last free text (textmemo.h). */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "textmemo.h"

struct textmemo {
	struct buf text; /* a copy of the text: wiped when moved or freed */
	vkind_set kinds[2];
	struct text_span *v;
	size_t nv, capv;
	int done;               /* the findings are complete */
	int failed;             /* out of memory since textmemo_begin */
	unsigned cls;           /* of the text */
	uint64_t kept, scanned; /* textmemo_begin's answers */
};

struct textmemo *
textmemo_new(void)
{
	return calloc(1, sizeof(struct textmemo));
}

void
textmemo_free(struct textmemo *m)
{
	if (m == NULL)
		return;
	buf_free(&m->text, 1);
	free(m->v);
	free(m);
}

int
textmemo_has(
    const struct textmemo *m, const char *s, size_t n, const vkind_set *kinds)
{
	return m->done && m->text.len == n && m->kinds[0] == kinds[0] &&
	    m->kinds[1] == kinds[1] && (n == 0 || memcmp(m->text.p, s, n) == 0);
}

/* Makes room for want elements of size sz at *p (cap *cap): 0 or -1. */
static int
grow(void **p, size_t *cap, size_t want, size_t sz)
{
	size_t ncap = *cap > 0 ? *cap : 16;
	void *np;

	if (want <= *cap)
		return 0;
	while (ncap < want) {
		if (ncap > SIZE_MAX / 2)
			return -1;
		ncap *= 2;
	}
	if (ncap > SIZE_MAX / sz || (np = realloc(*p, ncap * sz)) == NULL)
		return -1;
	*p = np, *cap = ncap;
	return 0;
}

int
textmemo_begin(struct textmemo *m, const char *s, size_t n, unsigned cls,
    const vkind_set *kinds)
{
	if (textmemo_has(m, s, n, kinds)) {
		m->kept++;
		return 1;
	}
	m->scanned++;
	m->done = 0, m->nv = 0, m->failed = 1;
	m->text.len = 0;
	if (m->text.err != 0) /* a failed append before: start afresh */
		buf_free(&m->text, 1);
	if (buf_append(&m->text, s, n) != 0)
		return -1;
	m->failed = 0;
	m->cls = cls;
	m->kinds[0] = kinds[0], m->kinds[1] = kinds[1];
	return 0;
}

int
textmemo_add(struct textmemo *m, const struct text_span *sp)
{
	if (m->failed ||
	    grow((void **)&m->v, &m->capv, m->nv + 1, sizeof(*m->v)) != 0) {
		m->failed = 1;
		return -1;
	}
	m->v[m->nv++] = *sp;
	return 0;
}

int
textmemo_done(struct textmemo *m)
{
	m->done = !m->failed;
	return m->failed ? -1 : 0;
}

size_t
textmemo_count(const struct textmemo *m)
{
	return m->nv;
}

const struct text_span *
textmemo_get(const struct textmemo *m, size_t i)
{
	return &m->v[i];
}

unsigned
textmemo_cls(const struct textmemo *m)
{
	return m->cls;
}

void
textmemo_counts(const struct textmemo *m, uint64_t *kept, uint64_t *scanned)
{
	*kept = m->kept, *scanned = m->scanned;
}
