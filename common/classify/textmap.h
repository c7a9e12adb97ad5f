/*
 * textmap.h - which words of a free text the scanners must look at: a
 * bit a byte, made in one pass, so that textscan.c and names.c step
 * over the words of prose that can start no identifier and announce no
 * name, instead of reading each of them.
 *
 * A byte is hot when the word holding it may matter: any byte but a
 * lower-case ASCII letter, '-', end punctuation (. , ; : ! ? ) ] } > "
 * ') or white space; a word's first byte unless a lower-case letter;
 * end punctuation with more of the word after it ("e.g", "a.b"; not an
 * apostrophe inside a word, "don't"); and the letters of "nam", "naa",
 * "nom", "ndl", "ogi" and "pel" in any case, which every word naming a
 * field of names holds (surname, voornaam, prénom, handle, login,
 * apellido).  A word without a hot byte is then
 *   - inert for textscan (textscan.c: word_inert(), lower case with
 *     apostrophes and dashes, end punctuation trimmed), and
 *   - for names_text neither a title, a capitalised word, a handle nor
 *     the name of a field: it only tells the word after it whether a
 *     name may follow, which that word's reader looks up again.
 * Digits and the first bytes of words get their own bits (textscan
 * needs the next digit and how many words away it is; names steps over
 * the words that begin with a digit, word by word).
 *
 * The map models texts of ASCII white space only: a text with a
 * vertical tab or form feed, a byte >= 0xe0 (CJK, the wide spaces) or
 * 0xc2 (the no-break space, which textscan and names split words at
 * differently) is not mapped, nor one longer than TEXTMAP_MAX bytes;
 * the scanners then read every word as before.  test_textscan and
 * test_names compare the two ways on random texts.
 */
#ifndef PHI_TEXTMAP_H
#define PHI_TEXTMAP_H

#include <stddef.h>
#include <stdint.h>

#define TEXTMAP_MAX 8192

/* A map that is not mapped (mapped == 0, as a zeroed one) tells the
 * scanners to read every word. */
struct textmap {
	const char *s;
	size_t n;
	int mapped; /* textmap_build() said 1 */
	uint64_t hot[TEXTMAP_MAX / 64];
	uint64_t digit[TEXTMAP_MAX / 64];
	uint64_t start[TEXTMAP_MAX / 64]; /* the first byte of each word */
};

/* Maps s[0..n): 1, or 0 when the text is not one the map models (then
 * m holds nothing else to use); m->mapped says the same. */
int textmap_build(struct textmap *m, const char *s, size_t n);

/* The first hot byte (digit) at pos or after, or m->n when none. */
size_t textmap_next_hot(const struct textmap *m, size_t pos);
size_t textmap_next_digit(const struct textmap *m, size_t pos);
/* The first byte of the first word that starts at pos or after, or m->n
 * when none. */
size_t textmap_next_start(const struct textmap *m, size_t pos);
/* The number of words that start in s[a + 1 .. b] (b < m->n). */
size_t textmap_starts(const struct textmap *m, size_t a, size_t b);
/* The first byte of the word that holds byte pos (pos < m->n, no
 * space): what stepping back from pos to the byte after a space, or to
 * the text's start, gives. */
size_t textmap_word_start(const struct textmap *m, size_t pos);

/* Tests only: 1 makes the map with SSE2 (or a byte at a time) even
 * where the processor has AVX2; 0 goes back to the best way. */
void textmap_debug_no_avx2(int on);

/* Is c an ASCII space of the map (' ', '\t', '\n', '\r')? */
int textmap_space(char c);

#endif
