/*
 * textscan.c - identifiers inside free text (textscan.h).
 *
 * The words of a string are read once, into a ring of the last
 * TEXTSCAN_RING words, each with its character classes (whole, without
 * its leading opener, without its trailing punctuation, and both), so
 * that a window's classes are an OR of its words' and the cheap screen
 * of validators.h costs no pass over the window's bytes.
 */
#include "textscan.h"

#include <string.h>

#define TEXTSCAN_RING 16 /* >= TEXTSCAN_WORDS + 3 words of context */
#define TEXTSCAN_BACK 3  /* context words looked at */

enum tchar { TC_OTHER, TC_SPACE, TC_CJK };

struct tword {
	size_t a, b;     /* the word s[a..b) */
	size_t lead;     /* a leading opener or ':' to drop, 0 or 1 */
	size_t trail;    /* trailing punctuation to drop */
	unsigned cls;    /* classes of s[a..b) */
	unsigned cls_in; /* without lead and trail */
	unsigned cls_lo; /* without lead */
	unsigned cls_tr; /* without trail */
	unsigned gap;    /* classes of the separator before the word */
	unsigned filler; /* a word like "is" that carries no context */
};

struct tscan {
	const char *s;
	size_t n, pos;
	struct tword ring[TEXTSCAN_RING];
	size_t have; /* words read: word k is ring[k % TEXTSCAN_RING] */
	const struct textscan_opts *o;
};

/* The most words a span of each kind can have (1 if not listed). */
static unsigned
kind_words(enum vkind k)
{
	switch (k) {
	case VK_PHONE:
	case VK_STREET:
	case VK_IBAN:
		return TEXTSCAN_WORDS;
	case VK_CARD:
	case VK_DATE:
	case VK_NAME:
		return 5;
	case VK_SSN:
	case VK_ZIP:
	case VK_MBI:
		return 3;
	default:
		return 1;
	}
}

/* The kinds of set whose spans can have w words or more. */
static vkind_set
kinds_with_words(vkind_set set, unsigned w)
{
	vkind_set out = 0, bit;

	for (; set != 0; set &= set - 1) {
		bit = set & -set;
		if (kind_words((enum vkind)__builtin_ctzll(set)) >= w)
			out |= bit;
	}
	return out;
}

static unsigned
kinds_words(vkind_set set)
{
	unsigned w = 1, kw;

	for (; set != 0; set &= set - 1) {
		kw = kind_words((enum vkind)__builtin_ctzll(set));
		if (kw > w)
			w = kw;
	}
	return w;
}

/* Decodes the character at s[i] (n bytes left): its class and length. */
static enum tchar
char_at(const unsigned char *s, size_t n, size_t *len)
{
	unsigned cp;

	*len = 1;
	if (s[0] < 0x80)
		return s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r') ? TC_SPACE
		                                                     : TC_OTHER;
	if (s[0] < 0xe0 || n < 3) {
		*len = (s[0] >= 0xc0 && n >= 2) ? 2 : 1;
		return *len == 2 && s[0] == 0xc2 && s[1] == 0xa0 ? TC_SPACE
		                                                 : TC_OTHER;
	}
	if (s[0] >= 0xf0) {
		*len = n >= 4 ? 4 : 1;
		return TC_OTHER;
	}
	*len = 3;
	cp = (unsigned)(s[0] & 0x0f) << 12 | (unsigned)(s[1] & 0x3f) << 6 |
	    (unsigned)(s[2] & 0x3f);
	if (cp == 0x3000 || cp == 0x3001 || cp == 0x3002 || cp == 0xff0c ||
	    cp == 0xff1a || cp == 0xff1b || cp == 0xff08 || cp == 0xff09 ||
	    (cp >= 0x300c && cp <= 0x300f) || cp == 0x2028 || cp == 0x2029 ||
	    cp == 0x200b)
		return TC_SPACE;
	if ((cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) ||
	    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff65 && cp <= 0xff9f))
		return TC_CJK;
	return TC_OTHER;
}

static int
is_opener(char c)
{
	return c == '(' || c == '[' || c == '{' || c == '<' || c == '"' ||
	    c == '\'' || c == ':' || c == '=';
}

static char
closer_of(char c)
{
	switch (c) {
	case '(':
		return ')';
	case '[':
		return ']';
	case '{':
		return '}';
	case '<':
		return '>';
	default:
		return c == ':' || c == '=' ? '\0' : c;
	}
}

static int
is_end_punct(char c)
{
	return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' ||
	    c == '?' || c == ')' || c == ']' || c == '}' || c == '>' ||
	    c == '"' || c == '\'';
}

/* The separator before the next word and the word: 0 at the end. */
static int
word_bounds(struct tscan *t, size_t *gap_a, size_t *a, size_t *b)
{
	const unsigned char *s = (const unsigned char *)t->s;
	enum tchar first, c;
	size_t len;

	*gap_a = t->pos;
	while (t->pos < t->n &&
	    char_at(s + t->pos, t->n - t->pos, &len) == TC_SPACE)
		t->pos += len;
	if (t->pos >= t->n)
		return 0;
	*a = t->pos;
	first = char_at(s + t->pos, t->n - t->pos, &len);
	t->pos += len;
	while (t->pos < t->n) {
		c = char_at(s + t->pos, t->n - t->pos, &len);
		if (c != first)
			break;
		t->pos += len;
	}
	*b = t->pos;
	return 1;
}

static int
word_has(const char *s, size_t a, size_t b, char c)
{
	return c != '\0' && b > a && memchr(s + a, c, b - a) != NULL;
}

static unsigned
word_filler(const char *s, size_t n)
{
	static const char *const fillers[] = {"is", "was", "are", "at", "on",
	    "to", "ist", "est", "es", "no", "nr", "n\xc2\xb0", "#", "-"};
	size_t i, j;

	for (i = 0; i < sizeof(fillers) / sizeof(fillers[0]); i++) {
		if (strlen(fillers[i]) != n)
			continue;
		for (j = 0; j < n && (s[j] | 0x20) == fillers[i][j]; j++)
			;
		if (j == n)
			return 1;
	}
	return 0;
}

/* Where a window may start and end inside the word, and the classes. */
static void
word_edges(const char *s, struct tword *w)
{
	size_t a = w->a, b = w->b;

	w->lead = b - a > 1 && is_opener(s[a]) &&
	    !word_has(s, a + 1, b, closer_of(s[a]));
	w->trail = 0;
	while (b - w->trail > a + w->lead) {
		char c = s[b - w->trail - 1];
		int closer = c == ')' || c == ']' || c == '}' || c == '>';
		if (!is_end_punct(c))
			break;
		if (closer &&
		    word_has(s, a, b - w->trail - 1,
		        c == ')'       ? '('
		            : c == ']' ? '['
		            : c == '}' ? '{'
		                       : '<'))
			break;
		w->trail++;
	}
	w->cls = vclass_of(s + a, b - a);
	w->cls_lo = vclass_of(s + a + w->lead, b - a - w->lead);
	w->cls_tr = vclass_of(s + a, b - a - w->trail);
	w->cls_in = vclass_of(s + a + w->lead, b - a - w->lead - w->trail);
	w->filler = word_filler(s + a + w->lead, b - a - w->lead - w->trail);
}

/* Reads words until word want-1 is in the ring or the text ends. */
static void
words_fill(struct tscan *t, size_t want)
{
	size_t gap_a, a, b;
	struct tword *w;

	while (t->have < want && word_bounds(t, &gap_a, &a, &b)) {
		w = &t->ring[t->have % TEXTSCAN_RING];
		*w = (struct tword){.a = a, .b = b};
		w->gap = vclass_of(t->s + gap_a, a - gap_a);
		word_edges(t->s, w);
		t->have++;
	}
}

static const struct tword *
word_get(const struct tscan *t, size_t k)
{
	return &t->ring[k % TEXTSCAN_RING];
}

struct twin {
	size_t start, end;
	unsigned cls;
};

/* Window of words i..i+w-1: bounds after trimming, and classes. */
static void
window_of(const struct tscan *t, size_t i, size_t w, struct twin *out)
{
	const struct tword *first = word_get(t, i),
	                   *last = word_get(t, i + w - 1);
	const char *s = t->s;
	size_t k;

	if (w == 1) {
		out->start = first->a + first->lead;
		out->end = first->b - first->trail;
		out->cls = first->cls_in;
		if (out->end - out->start > 2 && is_opener(s[out->start]) &&
		    closer_of(s[out->start]) == s[out->end - 1]) {
			out->start++, out->end--;
			out->cls =
			    vclass_of(s + out->start, out->end - out->start);
		}
		return;
	}
	out->start = first->a + first->lead;
	out->end = last->b - last->trail;
	out->cls = first->cls_lo | last->cls_tr | last->gap;
	for (k = i + 1; k + 1 < i + w; k++)
		out->cls |= word_get(t, k)->cls | word_get(t, k)->gap;
}

/* The context phrases before word i: up to TEXTSCAN_BACK words ending at
 * the last word that is no filler, each looked up once. */
struct tctx {
	int done;
	vkind_set kinds[TEXTSCAN_BACK];
	size_t start[TEXTSCAN_BACK], end[TEXTSCAN_BACK];
};

static void
context_of(const struct tscan *t, size_t i, struct tctx *cx)
{
	const struct textscan_opts *o = t->o;
	size_t e = i, lo, k, skipped = 0;
	const struct tword *last;

	cx->done = 1;
	memset(cx->kinds, 0, sizeof(cx->kinds));
	lo = i > TEXTSCAN_RING - TEXTSCAN_WORDS
	    ? i - (TEXTSCAN_RING - TEXTSCAN_WORDS)
	    : 0;
	while (e > lo && word_get(t, e - 1)->filler && skipped < 2)
		e--, skipped++;
	if (o->context == NULL || e == lo)
		return;
	last = word_get(t, e - 1);
	for (k = 0; k < TEXTSCAN_BACK && e - k > lo; k++) {
		const struct tword *first = word_get(t, e - 1 - k);
		cx->start[k] = first->a + first->lead;
		cx->end[k] = last->b - last->trail;
		if (cx->end[k] > cx->start[k])
			cx->kinds[k] = o->context(o->arg, t->s + cx->start[k],
			    cx->end[k] - cx->start[k]);
	}
}

static vkind_set
context_names(const struct tscan *t, size_t i, struct tctx *cx)
{
	vkind_set named = 0;
	size_t k;

	if (!cx->done)
		context_of(t, i, cx);
	for (k = 0; k < TEXTSCAN_BACK; k++)
		named |= cx->kinds[k];
	return named;
}

/* The kinds of pass that the window passes, those in context form also
 * in *ctx_found.  A kind of want is tried plain first; a kind of
 * want_ctx, or of can_ctx that the words before name, in context form. */
static vkind_set
window_check(const struct tscan *t, size_t i, const struct twin *win,
    vkind_set pass, struct tctx *cx, vkind_set *ctx_found)
{
	const struct textscan_opts *o = t->o;
	const char *p = t->s + win->start;
	size_t n = win->end - win->start;
	vkind_set found = 0, bit;
	enum vkind kind;

	for (; pass != 0; pass &= pass - 1) {
		kind = (enum vkind)__builtin_ctzll(pass);
		bit = VK_BIT(kind);
		if ((o->want_ctx & bit) == 0 && (o->want & bit) != 0 &&
		    vkind_run(kind, p, n, 0)) {
			found |= bit;
			continue;
		}
		if ((o->want_ctx & bit) == 0 &&
		    ((o->can_ctx & bit) == 0 ||
		        (context_names(t, i, cx) & bit) == 0))
			continue;
		if (vkind_run(kind, p, n, 1))
			found |= bit, *ctx_found |= bit;
	}
	return found;
}

/* The context words that named one of kinds, into sp. */
static void
span_context(const struct tctx *cx, vkind_set kinds, struct text_span *sp)
{
	size_t k;

	sp->ctx_start = sp->ctx_end = 0;
	if (!cx->done)
		return;
	for (k = 0; k < TEXTSCAN_BACK; k++)
		if ((cx->kinds[k] & kinds) != 0) {
			sp->ctx_start = cx->start[k], sp->ctx_end = cx->end[k];
			return;
		}
}

/* Tries the windows at word i, longest first: the number of words of
 * the span found (into sp), or 0. */
static size_t
try_word(const struct tscan *t, size_t i, size_t maxw, const vkind_set *upto,
    struct text_span *sp)
{
	const struct textscan_opts *o = t->o;
	vkind_set all = o->want | o->want_ctx | o->can_ctx, pass, found, cf;
	struct tctx cx = {.done = 0};
	struct twin win;
	size_t w;

	for (w = maxw; w >= 1; w--) {
		window_of(t, i, w, &win);
		if (win.end <= win.start ||
		    win.end - win.start > TEXTSCAN_SPAN_MAX)
			continue;
		pass = vkind_screen(
		    all & upto[w], win.cls, win.end - win.start, 0);
		if (pass == 0)
			continue;
		cf = 0;
		found = window_check(t, i, &win, pass, &cx, &cf);
		if (found == 0)
			continue;
		if ((context_names(t, i, &cx) & VK_BIT(VK_NONE)) != 0)
			return 0; /* "version 5.11.149.225" */
		*sp = (struct text_span){.start = win.start,
		    .end = win.end,
		    .kinds = found,
		    .ctx_kinds = cf};
		span_context(&cx, cf & ~o->want_ctx, sp);
		return w;
	}
	return 0;
}

size_t
textscan_run(const char *s, size_t n, const struct textscan_opts *o,
    int (*found)(void *farg, const struct text_span *sp), void *farg)
{
	struct tscan t = {.s = s, .n = n, .o = o};
	vkind_set upto[TEXTSCAN_WORDS + 1],
	    all = o->want | o->want_ctx | o->can_ctx;
	struct text_span sp;
	size_t i = 0, w, maxw = kinds_words(all), count = 0;

	for (w = 1; w <= TEXTSCAN_WORDS; w++)
		upto[w] = kinds_with_words(all, (unsigned)w);
	for (;;) {
		words_fill(&t, i + maxw);
		if (t.have <= i)
			break;
		w = try_word(
		    &t, i, t.have - i < maxw ? t.have - i : maxw, upto, &sp);
		if (w == 0) {
			i++;
			continue;
		}
		count++;
		if (found(farg, &sp) != 0)
			break;
		i += w;
	}
	return count;
}
