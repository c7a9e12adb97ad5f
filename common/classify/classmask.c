/* classmask.c - phi-classify --mask (see classmask.h). */
#include <string.h>

#include "classmask.h"
#include "vkind.h"

/* Appends "[LABEL]" (label upper-cased, without the quotes). */
static int
mask_label(struct buf *out, const char *label)
{
	size_t i;
	int rc = buf_putc(out, '[');

	for (i = 0; label[i] != '\0' && rc == 0; i++)
		rc = buf_putc(out,
		    label[i] >= 'a' && label[i] <= 'z'
		        ? (char)(label[i] - 'a' + 'A')
		        : label[i]);
	return rc != 0 ? -1 : buf_putc(out, ']');
}

/* The name of the worst rule of r. */
static const char *
worst_rule(const struct classifier *c, const struct class_result *r)
{
	const char *name = "phi";
	enum class_colour best = CLASS_GREEN;
	size_t i, n = classify_rule_count(c);

	for (i = 0; i < n; i++)
		if ((r->matchers[i / 64] >> (i % 64) & 1) &&
		    (classify_rule_colour(c, i) > best ||
		        best == CLASS_GREEN)) {
			best = classify_rule_colour(c, i);
			name = classify_rule_name(c, i);
		}
	return name;
}

/* Is the text t (its spans found) free text: spans that leave some of
 * it, other than spaces, in clear? */
static int
mask_is_text(const struct class_mask *m)
{
	return m->spans.n > 0 && !spanlist_covers(&m->spans, m->tx.s, m->tx.n);
}

/* The string content of v with each span as [KIND]. */
static int
mask_spans(struct class_mask *m, const struct ndjson_value *v, struct buf *out)
{
	const char *raw = v->line + v->start + 1;
	size_t i, pos = 0, rs, re, n = v->end - v->start - 2;
	int rc = buf_putc(out, '"');

	for (i = 0; i < m->spans.n && rc == 0; i++) {
		const struct span *sp = &m->spans.v[i];
		unsigned kind = sp->tags != 0
		    ? (unsigned)__builtin_ctzll(sp->tags)
		    : VK_NONE;

		json_text_raw(&m->tx, sp->start, sp->end, &rs, &re);
		if (rs < pos)
			rs = pos;
		if (re <= rs)
			continue;
		rc = buf_append(out, raw + pos, rs - pos);
		if (rc == 0)
			rc = mask_label(out,
			    sp->tags != 0 ? vkind_name((enum vkind)kind)
			                  : "phi");
		m->spans_masked++;
		pos = re;
	}
	if (rc == 0)
		rc = buf_append(out, raw + pos, n - pos);
	return rc != 0 ? -1 : buf_putc(out, '"');
}

int
class_mask_write(struct class_mask *m, const struct classifier *c,
    const struct class_key *k, const struct class_result *r,
    enum class_colour min, const struct ndjson_value *v, struct buf *out,
    struct phi_err *e)
{
	int rc;

	if (v->type == NDJSON_STRING && k->fired.colour < min) {
		if (json_text_set(&m->tx, v->line + v->start + 1,
		        v->end - v->start - 2) != 0 ||
		    classify_spans(c, k, m->tx.s, m->tx.n, min, &m->spans) != 0)
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		if (mask_is_text(m))
			return mask_spans(m, v, out) != 0
			    ? phi_err_set(e, PHI_ESOFTWARE, "out of memory")
			    : PHI_OK;
	}
	rc = buf_putc(out, '"');
	if (rc == 0)
		rc = mask_label(out, worst_rule(c, r));
	if (rc == 0)
		rc = buf_putc(out, '"');
	return rc != 0 ? phi_err_set(e, PHI_ESOFTWARE, "out of memory")
	               : PHI_OK;
}

void
class_mask_free(struct class_mask *m)
{
	spanlist_free(&m->spans);
	json_text_free(&m->tx);
}
