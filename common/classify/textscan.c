/*
 * textscan.c - identifiers inside free text (textscan.h).
 *
 * The words of a string are read once, into a ring of the last
 * TEXTSCAN_RING words, each with its character classes (whole, without
 * its leading opener, without its trailing punctuation, and both), so
 * that a window's classes are an OR of its words' and the cheap screen
 * of valid.h costs no pass over the window's bytes.
 */
#include "textscan.h"
#include "textmap.h"
#include "valid.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define TEXTSCAN_RING 16 /* >= TEXTSCAN_WORDS + 3 words of context */
#define TEXTSCAN_BACK 3  /* context words looked at */
/* the words before a window that context_of() may read: the context
 * words and two fillers */
#define TEXTSCAN_BEFORE (TEXTSCAN_BACK + 2)

enum tchar { TC_OTHER, TC_SPACE, TC_CJK };

/* A byte's vkind_class() (the low 16 bits) and what the word reader
 * asks of it, in one load. */
enum {
	TB_CLASSES = 0xffff,
	TB_STOP = 1u << 16,   /* not inside an ASCII run: <= ' ' or >= 0x80 */
	TB_SPACE = 1u << 17,  /* an ASCII space: char_at() gives TC_SPACE */
	TB_OPENER = 1u << 18, /* is_opener() */
	TB_END = 1u << 19,    /* is_end_punct() */
	TB_FILL = 1u << 20    /* can start a word of word_filler() */
};

struct tword {
	size_t a, b;     /* the word s[a..b) */
	size_t lead;     /* a leading opener or ':' to drop, 0 or 1 */
	size_t trail;    /* trailing punctuation to drop */
	unsigned cls;    /* classes of s[a..b) */
	unsigned cls_in; /* without lead and trail */
	unsigned cls_lo; /* without lead */
	unsigned cls_tr; /* without trail */
	unsigned gap;    /* classes of the separator before the word */
	int filler;      /* word_is_filler(): -1 not asked yet */
	int tail;        /* can end context words: -1 not asked yet */
	int street;      /* valid_street_word(): -1 not asked yet */
};

struct tscan {
	const char *s;
	size_t n, pos;
	struct tword ring[TEXTSCAN_RING];
	/* words read: word k >= floor is ring[k % TEXTSCAN_RING] */
	size_t have;
	const struct textscan_opts *o;
	const uint32_t *tab; /* byte_tab */
	/* of the kinds wanted, those of spans of w words that need no
	 * digit (most: none, for w > 1) */
	vkind_set no_digit[TEXTSCAN_WORDS + 1];
	size_t maxw; /* the most words of a span of the kinds wanted */
	/* The text's map (textmap.h), or NULL: every word is read.  With
	 * it, the words that the map says are inert are stepped over:
	 * word floor is the first read after the last step (the first of
	 * the text before any), the one at byte floor_a, and words before
	 * it are read backwards when context_of() asks for them: word
	 * floor - 1 - j is before[j], j < nbefore. */
	const struct textmap *map;
	int far_digit_ok; /* windows of several words all need a digit */
	size_t floor, floor_a, nbefore;
	struct tword before[TEXTSCAN_BEFORE];
	/* street_possible() said 0 for the window of street_none_w words
	 * at word street_none - 1, the longest tried there, and so for each
	 * shorter one at that word (0: not said) */
	size_t street_none, street_none_w;
};

/* The kinds whose spans can have more than one word: up to 3 (SSN
 * 123 45 6789, ZIP 12345 6789), 5 (card numbers, dates, names) or
 * TEXTSCAN_WORDS (phones, IBANs, street addresses); all others are one
 * word. */
#define WORDS_3                                                                \
	(VK_BIT(VK_SSN) | VK_BIT(VK_ZIP) | VK_BIT(VK_MBI) | VK_BIT(VK_NHS) |   \
	    VK_BIT(VK_SIN) | VK_BIT(VK_AADHAAR) | VK_BIT(VK_MYNUMBER) |        \
	    VK_BIT(VK_TFN) | VK_BIT(VK_AUMEDICARE) | WORDS_5)
#define WORDS_5                                                                \
	(VK_BIT(VK_CARD) | VK_BIT(VK_DATE) | VK_BIT(VK_NAME) |                 \
	    VK_BIT(VK_NINO) | WORDS_8)
#define WORDS_8 (VK_BIT(VK_PHONE) | VK_BIT(VK_STREET) | VK_BIT(VK_IBAN))

/* upto[w]: the kinds of set whose spans can have w words or more; the
 * most words of any. */
static size_t
kinds_with_words(vkind_set set, vkind_set *upto)
{
	size_t w;

	for (w = 1; w <= TEXTSCAN_WORDS; w++)
		upto[w] = set &
		    (w == 1          ? ~(vkind_set)0
		            : w <= 3 ? WORDS_3
		            : w <= 5 ? WORDS_5
		                     : WORDS_8);
	for (w = TEXTSCAN_WORDS; w > 1 && upto[w] == 0; w--)
		;
	return w;
}

/* The length of the UTF-8 sequence at s (n bytes left): its lead
 * byte's, when its continuation bytes are all there, else 1 (a stray
 * byte is one character: a sequence that ran over the bytes after it
 * would take spaces into a word, and a span would end in one). */
static size_t
seq_len(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0xc0 ? 1
	    : s[0] < 0xe0        ? 2
	    : s[0] < 0xf0        ? 3
	    : s[0] < 0xf8        ? 4
	                         : 1,
	       i;

	if (len > n)
		return 1;
	for (i = 1; i < len; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return len;
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
	*len = seq_len(s, n);
	if (*len != 3)
		return *len == 2 && s[0] == 0xc2 && s[1] == 0xa0 ? TC_SPACE
		                                                 : TC_OTHER;
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
is_digit0(char c)
{
	return c >= '0' && c <= '9';
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

static uint32_t byte_tab[256];
static pthread_once_t byte_tab_once = PTHREAD_ONCE_INIT;

/* Fills byte_tab, once a process (worker threads scan text too). */
static void
byte_tab_init(void)
{
	const unsigned short *ctab = vkind_class_table();
	unsigned i;

	for (i = 0; i < 256; i++) {
		char c = (char)i;
		byte_tab[i] = ctab[i] | (i <= ' ' || i >= 0x80 ? TB_STOP : 0) |
		    (i == ' ' || (i >= '\t' && i <= '\r') ? TB_SPACE : 0) |
		    (is_opener(c) ? TB_OPENER : 0) |
		    (is_end_punct(c) ? TB_END : 0) |
		    (strchr("#-iaotenwIAOTENW", c) != NULL && i != 0 ? TB_FILL
		                                                     : 0);
	}
}

/* vkind_class(s, n), from the table t holds. */
static unsigned
classes(const struct tscan *t, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = 0;
	size_t i;

	for (i = 0; i < n; i++)
		c |= t->tab[p[i]];
	return c & TB_CLASSES;
}

/* The end of the run of ASCII bytes from pos that are neither spaces
 * nor controls, their classes ORed into *c: what char_at() and the
 * table give byte by byte (TC_OTHER, one byte each). */
static size_t
ascii_run(const uint32_t *tab, const unsigned char *s, size_t pos, size_t n,
    uint32_t *c)
{
	uint32_t x, acc = *c;

	while (pos < n && ((x = tab[s[pos]]) & TB_STOP) == 0)
		acc |= x, pos++;
	*c = acc;
	return pos;
}

/* word_bounds() of a text that the map models (textmap.h): its white
 * space is ASCII, and char_at() says TC_OTHER of every other byte or
 * sequence (no CJK, no wide or no-break space), so a word is a run of
 * bytes that are no space, its classes the table's (VC_HIGH for each
 * byte >= 0x80, as for a sequence). */
static int
word_bounds_mapped(const struct tscan *t, size_t *at, size_t *a, size_t *b,
    unsigned *gap, unsigned *cls)
{
	const unsigned char *s = (const unsigned char *)t->s;
	const uint32_t *tab = t->tab;
	size_t pos = *at, n = t->n;
	uint32_t g = 0, c = 0, x;

	while (pos < n && ((x = tab[s[pos]]) & TB_SPACE) != 0)
		g |= x, pos++;
	*gap = g & TB_CLASSES;
	if ((*at = pos) >= n)
		return 0;
	*a = pos;
	while (pos < n && ((x = tab[s[pos]]) & TB_SPACE) == 0)
		c |= x, pos++;
	*cls = c & TB_CLASSES;
	*b = *at = pos;
	return 1;
}

/* The separator from *at and the word after it, with the classes of
 * each (*gap, *cls: what vkind_class() gives for their bytes), *at
 * moved past the word: 0 at the end.  ASCII spaces and runs are taken from the
 * table; char_at() sees the rest (its answer for ASCII is the table's). */
static int
word_bounds(const struct tscan *t, size_t *at, size_t *a, size_t *b,
    unsigned *gap, unsigned *cls)
{
	const unsigned char *s = (const unsigned char *)t->s;
	const uint32_t *tab = t->tab;
	size_t pos = *at, n = t->n, len;
	uint32_t g = 0, c;
	enum tchar first;

	for (; pos < n; pos += len) {
		len = 1;
		if ((tab[s[pos]] & TB_SPACE) != 0)
			g |= tab[s[pos]];
		else if (s[pos] >= 0x80 &&
		    char_at(s + pos, n - pos, &len) == TC_SPACE)
			g |= VC_HIGH;
		else
			break;
	}
	*gap = g & TB_CLASSES;
	if ((*at = pos) >= n)
		return 0;
	*a = pos;
	/* an ASCII byte here is no space (the loop above took those):
	 * char_at() would say TC_OTHER, one byte */
	first = s[pos] < 0x80 ? (len = 1, TC_OTHER)
	                      : char_at(s + pos, n - pos, &len);
	c = len == 1 ? tab[s[pos]] : VC_HIGH;
	pos += len;
	for (;;) {
		if (first == TC_OTHER)
			pos = ascii_run(tab, s, pos, n, &c);
		/* an ASCII space ends any word (char_at: TC_SPACE) */
		if (pos >= n || (tab[s[pos]] & TB_SPACE) != 0 ||
		    char_at(s + pos, n - pos, &len) != first)
			break;
		c |= len == 1 ? tab[s[pos]] : VC_HIGH;
		pos += len;
	}
	*cls = c & TB_CLASSES;
	*b = *at = pos;
	return 1;
}

static int
word_has(const char *s, size_t a, size_t b, char c)
{
	return c != '\0' && b > a && memchr(s + a, c, b - a) != NULL;
}

/* The word s[0..n), n <= 3, as one number: its bytes (ASCII capitals
 * in lower case) and its length. */
static uint32_t
filler_key(const char *s, size_t n)
{
	uint32_t k = (uint32_t)n << 24;
	unsigned char c;
	size_t j;

	for (j = 0; j < n; j++) {
		c = (unsigned char)s[j];
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		k |= (uint32_t)c << (8 * j);
	}
	return k;
}

#define FK1(a) (1u << 24 | (uint32_t)(a))
#define FK2(a, b) (2u << 24 | (uint32_t)(b) << 8 | (uint32_t)(a))
#define FK3(a, b, c)                                                           \
	(3u << 24 | (uint32_t)(c) << 16 | (uint32_t)(b) << 8 | (uint32_t)(a))

/* Is s[0..n) a word like "is" or "n°" that carries no context?
 * Compared whole as numbers (filler_key), by a switch.  (Bytes once had
 * 0x20 set whatever they were, so that "n°" never matched: its 0xc2
 * became 0xe2.)  A word whose first byte lacks TB_FILL is no filler
 * without asking: a new first letter goes into byte_tab_init()'s set. */
static unsigned
word_filler(const char *s, size_t n)
{
	if (n == 0 || n > 3)
		return 0;
	switch (filler_key(s, n)) {
	case FK1('#'):
	case FK1('-'):
	case FK2('i', 's'):
	case FK2('a', 't'):
	case FK2('o', 'n'):
	case FK2('t', 'o'):
	case FK2('e', 's'):
	case FK2('n', 'o'):
	case FK2('n', 'r'):
	case FK3('w', 'a', 's'):
	case FK3('a', 'r', 'e'):
	case FK3('i', 's', 't'):
	case FK3('e', 's', 't'):
	case FK3('n', 0xc2, 0xb0):
		return 1;
	default:
		return 0;
	}
}

/* Where a window may start and end inside the word, and the classes. */
static void
word_edges(const struct tscan *t, struct tword *w)
{
	const char *s = t->s;
	size_t a = w->a, b = w->b;

	/* most words have no edges: what the general case below gives then
	 * (no lead, no trail, every class that of the whole word) */
	if ((t->tab[(unsigned char)s[a]] & TB_OPENER) == 0 &&
	    (t->tab[(unsigned char)s[b - 1]] & TB_END) == 0) {
		w->lead = w->trail = 0;
		w->cls_in = w->cls_lo = w->cls_tr = w->cls;
		return;
	}
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
	{ /* the core again only when it has edges (w->cls: all of it) */
		unsigned lead = classes(t, s + a, w->lead),
		         trail = classes(t, s + b - w->trail, w->trail);
		w->cls_in = w->lead + w->trail == 0
		    ? w->cls
		    : classes(t, s + a + w->lead, b - a - w->lead - w->trail);
		w->cls_lo = w->cls_in | trail;
		w->cls_tr = w->cls_in | lead;
		w->cls = w->cls_lo | lead;
	}
}

/* Is word w, without its edges, a word like "is" that carries no
 * context (word_filler())?  Asked once per word, and only of the words
 * that context_of() looks back at. */
static int
word_is_filler(const struct tscan *t, struct tword *w)
{
	size_t a = w->a + w->lead, n = w->b - w->trail - a;

	if (w->filler < 0)
		w->filler = n > 0 && n <= 3 &&
		    (t->tab[(unsigned char)t->s[a]] & TB_FILL) != 0 &&
		    word_filler(t->s + a, n);
	return w->filler;
}

/* Reads the word after the separator at *at into w, *at moved past
 * it: 0 at the end. */
static int
word_read(const struct tscan *t, size_t *at, struct tword *w)
{
	size_t a, b;
	unsigned gap, cls;

	if (!(t->map != NULL ? word_bounds_mapped(t, at, &a, &b, &gap, &cls)
	                     : word_bounds(t, at, &a, &b, &gap, &cls)))
		return 0;
	*w = (struct tword){.a = a,
	    .b = b,
	    .cls = cls,
	    .gap = gap,
	    .filler = -1,
	    .tail = -1,
	    .street = -1};
	word_edges(t, w);
	return 1;
}

/* Reads words until word want-1 is in the ring or the text ends. */
static void
words_fill(struct tscan *t, size_t want)
{
	while (t->have < want &&
	    word_read(t, &t->pos, &t->ring[t->have % TEXTSCAN_RING]))
		t->have++;
}

/* With a map, when every word read has been looked at: steps over the
 * words before the next one holding a hot byte (textmap.h), all inert,
 * to read that one next as word t->have (which may grow).  0 when no
 * word after holds one: all the rest are inert. */
static int
words_skip(struct tscan *t)
{
	const char *s = t->s;
	size_t hot = textmap_next_hot(t->map, t->pos), a, g;

	if (hot >= t->n)
		return 0;
	/* t->pos is 0 or at a space or the end: the word starts after it */
	a = textmap_word_start(t->map, hot);
	for (g = a; g > t->pos && textmap_space(s[g - 1]); g--)
		;
	if (g > t->pos) { /* words in between: step over them */
		t->pos = g;
		/* numbered so that the words before it, read backwards,
		 * have numbers too (word_before) */
		t->have += TEXTSCAN_BEFORE;
		t->floor = t->have;
		t->floor_a = a;
		t->nbefore = 0;
	}
	return 1;
}

/* Reads word t->floor - 1 - t->nbefore backwards, from the start of the
 * word after it: 0 when the text has none.  What word_read() gives for
 * it read forwards, from the end of the word before it (ASCII spaces
 * only: the map says so). */
static int
word_read_back(struct tscan *t)
{
	const char *s = t->s;
	size_t p = t->nbefore > 0 ? t->before[t->nbefore - 1].a : t->floor_a;

	if (t->nbefore == TEXTSCAN_BEFORE)
		return 0;
	while (p > 0 && textmap_space(s[p - 1]))
		p--;
	if (p == 0)
		return 0;
	p = textmap_word_start(t->map, p - 1);
	while (p > 0 && textmap_space(s[p - 1]))
		p--;
	if (!word_read(t, &p, &t->before[t->nbefore]))
		return 0;
	t->nbefore++;
	return 1;
}

/* A word of lower-case letters starts no span: identifiers start with a
 * digit, a capital, '+' or '(', and those that may start in lower case
 * hold a digit or '@' ':' '.' in their first word (e-mail, URL, IPv6). */
static int
word_inert(const char *s, const struct tword *w)
{
	char c = s[w->a + w->lead];

	return c >= 'a' && c <= 'z' &&
	    (w->cls_in & ~(VC_LOWER | VC_HIGH | VC_APOS | VC_DASH)) == 0;
}

/* Word k, read, at or after the last step (t->floor). */
static const struct tword *
word_get(const struct tscan *t, size_t k)
{
	return &t->ring[k % TEXTSCAN_RING];
}

/* Word e - 1 (e <= the word looked at), read backwards when it lies
 * before the last step; NULL when the text has no such word (e == 0,
 * or no word before the step's). */
static struct tword *
word_before(struct tscan *t, size_t e)
{
	size_t j;

	if (e == 0)
		return NULL;
	if (e - 1 >= t->floor)
		return &t->ring[(e - 1) % TEXTSCAN_RING];
	j = t->floor - e;
	while (t->nbefore <= j)
		if (!word_read_back(t))
			return NULL;
	return &t->before[j];
}

struct twin {
	size_t start, end;
	unsigned cls;
	int lower; /* it starts with a lower-case ASCII letter */
};

/* Spans of more than one word that may start with a lower-case word
 * ("via Roma 5"); identifiers found by context never do (a number,
 * date, code or name starts with a digit, capital, '+' or '('), which
 * spares most words of prose both the longer windows and the look-up of
 * the words before them. */
#define LOWER_START_KINDS VK_BIT(VK_STREET)

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
		out->lower = s[out->start] >= 'a' && s[out->start] <= 'z';
		if (out->end - out->start > 2 && is_opener(s[out->start]) &&
		    closer_of(s[out->start]) == s[out->end - 1]) {
			out->start++, out->end--;
			out->cls =
			    vkind_class(s + out->start, out->end - out->start);
		}
		return;
	}
	out->start = first->a + first->lead;
	out->end = last->b - last->trail;
	/* a last word of punctuation alone ("... SW1A !") leaves the
	 * window ending in the space before it: no window */
	if (out->end <= last->a + last->lead)
		out->end = out->start;
	out->lower = s[out->start] >= 'a' && s[out->start] <= 'z';
	out->cls = first->cls_lo | last->cls_tr | last->gap;
	for (k = i + 1; k + 1 < i + w; k++)
		out->cls |= word_get(t, k)->cls | word_get(t, k)->gap;
}

/* Can word w end context words (textscan_opts.context_tail)?  Asked
 * once per word, however many windows look back at it. */
static int
word_tail(struct tscan *t, struct tword *w)
{
	const struct textscan_opts *o = t->o;
	size_t a = w->a + w->lead, b = w->b - w->trail;

	if (w->tail < 0)
		w->tail = b > a &&
		    (o->context_tail == NULL ||
		        o->context_tail(o->arg, t->s + a, b - a));
	return w->tail;
}

/* The context phrases before word i: up to TEXTSCAN_BACK words ending at
 * the last word that is no filler, each looked up once. */
struct tctx {
	int done;
	vkind_set kinds[TEXTSCAN_BACK];
	size_t start[TEXTSCAN_BACK], end[TEXTSCAN_BACK];
};

static void
context_of(struct tscan *t, size_t i, struct tctx *cx)
{
	const struct textscan_opts *o = t->o;
	size_t e = i, k, skipped = 0;
	struct tword *last, *first;

	cx->done = 1;
	memset(cx->kinds, 0, sizeof(cx->kinds));
	while (skipped < 2 && (last = word_before(t, e)) != NULL &&
	    word_is_filler(t, last))
		e--, skipped++;
	if (o->context == NULL || (last = word_before(t, e)) == NULL ||
	    !word_tail(t, last))
		return;
	for (k = 0;
	     k < TEXTSCAN_BACK && (first = word_before(t, e - k)) != NULL;
	     k++) {
		cx->start[k] = first->a + first->lead;
		cx->end[k] = last->b - last->trail;
		if (cx->end[k] > cx->start[k])
			cx->kinds[k] = o->context(o->arg, t->s + cx->start[k],
			    cx->end[k] - cx->start[k]);
	}
}

static vkind_set
context_names(struct tscan *t, size_t i, struct tctx *cx)
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
window_check(struct tscan *t, size_t i, const struct twin *win, vkind_set pass,
    struct tctx *cx, vkind_set *ctx_found)
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
		    ((o->can_ctx & bit) == 0 || win->lower ||
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

/* Can the window win of words i..i+w-1 be a street address?  Not
 * without a word of valid_street_word() (each word asked once), unless
 * it holds characters >= 0x80 (CJK addresses) or separators other than
 * spaces and tabs (line breaks; those valid_street() does not split
 * words at), so that the validator's own look at a window of prose is
 * spared. */
static int
street_possible(struct tscan *t, size_t i, size_t w, const struct twin *win)
{
	struct tword *x;
	size_t k;

	if ((win->cls & VC_HIGH) != 0)
		return 1;
	for (k = i + 1; k < i + w; k++)
		if ((word_get(t, k)->gap & ~(unsigned)VC_SPACE) != 0)
			return 1;
	for (k = i; k < i + w; k++) {
		x = &t->ring[k % TEXTSCAN_RING];
		/* every word of the street lists holds a letter */
		if (x->street < 0)
			x->street =
			    (x->cls & (VC_UPPER | VC_LOWER | VC_HIGH)) != 0 &&
			    valid_street_word(
			        t->s + x->a, x->b - x->a, x->lead, x->trail);
		if (x->street)
			return 1;
	}
	return 0;
}

/* May the window win of words i..i+w-1 that passed the street screen
 * be a street address?  A street address spanning words begins or ends
 * with its house number (12 Main St, Hauptstraße 5, Apt. 595), holds a
 * street word (street_possible), and ends where an address can end, not
 * in the words of prose after it (valid_street_end). */
static int
street_window(struct tscan *t, size_t i, size_t w, const struct twin *win)
{
	if (w > 1 && !is_digit0(t->s[win->start]) &&
	    !is_digit0(t->s[word_get(t, i + w - 1)->a]))
		return 0;
	if (!t->o->exhaustive && !street_possible(t, i, w, win)) {
		if (t->street_none != i + 1) /* longest first */
			t->street_none = i + 1, t->street_none_w = w;
		return 0;
	}
	return w == 1 ||
	    valid_street_end(t->s + win->start, win->end - win->start);
}

/* The most words of a window at word i (read): 1 when the map says
 * that no digit is near enough for a window of more words to hold one,
 * and all of those need one: the first digit from the word's start on
 * lies more than TEXTSCAN_SPAN_MAX bytes away (any window reaching it
 * is too long) or in a word t->maxw words away or more (no window
 * reaches it: try_word() would find no digit in its words); else as
 * many as there are, up to t->maxw, read now. */
static size_t
window_words(struct tscan *t, size_t i)
{
	size_t a = word_get(t, i)->a, digit;

	if (t->map != NULL && t->far_digit_ok) {
		digit = textmap_next_digit(t->map, a);
		if (digit >= t->n || digit - a > TEXTSCAN_SPAN_MAX ||
		    textmap_starts(t->map, a, digit) >= t->maxw)
			return 1;
	}
	words_fill(t, i + t->maxw);
	return t->have - i < t->maxw ? t->have - i : t->maxw;
}

/* The kinds of spans of several words that vkind_may_start() screens:
 * every window of several words at a word starts at the same byte. */
#define STARTS_KINDS                                                           \
	(VK_BIT(VK_DATE) | VK_BIT(VK_IBAN) | VK_BIT(VK_PHONE) |                \
	    VK_BIT(VK_CARD) | VK_BIT(VK_SSN) | VK_BIT(VK_NINO))

/* The kinds that vkind_may_end() screens. */
#define ENDS_KINDS (VK_BIT(VK_DATE) | VK_BIT(VK_PHONE))

/* The kinds that the window of words i..i+w-1 may be, by what its first
 * and last words begin with and where its last word ends, before its
 * classes are worked out (most windows of several words near a digit
 * are none);
 * *starts is vkind_may_start() at the word with VK_NONE's bit set, 0
 * until asked. */
static vkind_set
window_kinds(struct tscan *t, size_t i, size_t w, const vkind_set *upto,
    vkind_set *starts)
{
	const struct textscan_opts *o = t->o;
	const struct tword *first = word_get(t, i);
	size_t a = first->a + first->lead;
	char c = t->s[a];
	vkind_set kinds = (w > 1 && c >= 'a' && c <= 'z'
	                          ? LOWER_START_KINDS
	                          : o->want | o->want_ctx | o->can_ctx) &
	    upto[w];

	if (w == 1 || o->exhaustive || kinds == 0)
		return kinds;
	if ((kinds & STARTS_KINDS) != 0) {
		if (*starts == 0)
			*starts =
			    vkind_may_start(STARTS_KINDS, t->s + a, t->n - a) |
			    VK_BIT(VK_NONE);
		kinds &= *starts | ~STARTS_KINDS;
	}
	/* street_window()'s first rule, asked before the window is made,
	 * and what street_possible() said of a longer window here */
	if (!is_digit0(c) && !is_digit0(t->s[word_get(t, i + w - 1)->a]))
		kinds &= ~VK_BIT(VK_STREET);
	if (t->street_none == i + 1 && w <= t->street_none_w)
		kinds &= ~VK_BIT(VK_STREET);
	/* vkind_may_end() of the window's end (window_of() ends it there
	 * when it is after its start) */
	if ((kinds & ENDS_KINDS) != 0) {
		const struct tword *last = word_get(t, i + w - 1);
		size_t b = last->b - last->trail;

		if (b > a)
			kinds = vkind_may_end(kinds, t->s + a, b - a);
	}
	return kinds;
}

/* The kinds among kinds (window_kinds()) whose screens the window of
 * words i..i+w-1 passes, its bounds into *win. */
static vkind_set
window_pass(
    struct tscan *t, size_t i, size_t w, vkind_set kinds, struct twin *win)
{
	vkind_set pass;

	window_of(t, i, w, win);
	if (win->end <= win->start ||
	    win->end - win->start > TEXTSCAN_SPAN_MAX ||
	    (win->lower && w > 1 && (win->cls & VC_DIGIT) == 0))
		return 0;
	pass = vkind_screen(kinds, win->cls, win->end - win->start, 0);
	if (w == 1 && (pass & ENDS_KINDS) != 0 && !t->o->exhaustive)
		pass = vkind_may_end(
		    pass, t->s + win->start, win->end - win->start);
	if ((pass & VK_BIT(VK_STREET)) != 0 && !street_window(t, i, w, win))
		pass &= ~VK_BIT(VK_STREET);
	return pass;
}

/* Tries the windows at word i, longest first: the number of words of
 * the span found (into sp), or 0. */
static size_t
try_word(struct tscan *t, size_t i, const vkind_set *upto, struct text_span *sp)
{
	const struct textscan_opts *o = t->o;
	vkind_set pass, found, cf, starts = 0;
	struct tctx cx = {.done = 0};
	struct twin win;
	size_t w, digits = 0, maxw = window_words(t, i);

	for (w = 1; w <= maxw && digits == 0; w++) /* the first digit's word */
		if ((word_get(t, i + w - 1)->cls & VC_DIGIT) != 0)
			digits = w;

	for (w = maxw; w >= 1; w--) {
		/* a window without a digit passes no screen that needs one */
		if ((digits == 0 || w < digits) && t->no_digit[w] == 0 &&
		    !o->exhaustive)
			continue;
		pass = window_kinds(t, i, w, upto, &starts);
		if (pass != 0)
			pass = window_pass(t, i, w, pass, &win);
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
	struct tscan t = {.s = s, .n = n, .o = o, .tab = byte_tab};
	struct textmap own; /* textmap_build() sets all that is read */
	const struct textmap *map = o->map;
	vkind_set upto[TEXTSCAN_WORDS + 1],
	    all = o->want | o->want_ctx | o->can_ctx,
	    digit = vkind_needing(VC_DIGIT);
	struct text_span sp;
	size_t i = 0, w, count = 0;

	pthread_once(&byte_tab_once, byte_tab_init);
	t.maxw = kinds_with_words(all, upto);
	t.far_digit_ok = 1;
	for (w = 1; w <= t.maxw; w++) {
		t.no_digit[w] = upto[w] & ~digit;
		t.far_digit_ok &= w == 1 || t.no_digit[w] == 0;
	}
	if (!o->exhaustive && map == NULL) {
		textmap_build(&own, s, n);
		map = &own;
	}
	if (!o->exhaustive && map->mapped)
		t.map = map;
	for (;;) {
		if (i == t.have && t.map != NULL) {
			if (!words_skip(&t))
				break;
			i = t.have;
		}
		words_fill(&t, i + 1);
		if (t.have <= i)
			break;
		if (word_inert(t.s, word_get(&t, i))) {
			i++;
			continue;
		}
		w = try_word(&t, i, upto, &sp);
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
