/*
 * names.h - personal names: dictionaries of first names, surnames and
 * common words that are also names, and the tests built on them.
 *
 * A dictionary file holds one name a line (UTF-8, no white space inside,
 * at most NAMES_LEN_MAX bytes); lines starting with '#' are comments, the
 * first of them says where the list comes from (--list-rules prints it).
 * Look-ups fold case for Latin letters (ASCII and the accented capitals
 * of U+00C0-U+00DE) and are exact for other scripts (CJK).  The rules
 * files name the dictionaries ("names first|last|common FILE", ruleset.h).
 *
 *	names_new(&d);
 *	names_load_file(d, NAMES_FIRST, "share/names/x.names", &e);
 *	names_value(d, "John Smith", 10, 0)            1
 *	names_text(d, "I am Dr Smith.", 14, NULL, cb, arg)   1 (cb gets 8, 5)
 *
 * names_value: is the whole value a person's name?  With ctx (the key
 * says it holds a name): a dictionary name that is no common word, or 2-5
 * capitalised words that are no product or page words (valid_name).
 * Without ctx: a known first name or surname that is no common word;
 * 2-3 capitalised words, the first a known first name (or a
 * title, or a known surname followed by a known first name: Wang Wei,
 * "Smith, John") and the last a known name; a common word (Will, May,
 * Grace) first needs a known surname that is no common word after it.
 * With or without ctx, a handle built from names: 1-3 parts of letters
 * joined by '.' or '_' and 0-4 digits after them, a known name first or
 * (with digits) anywhere (Jody4, Reid.Zemlak97, mabel_cummings78).
 * In CJK: a known surname and 1-3 more ideographs or kana (1-2 after a
 * one-character surname), with one space allowed between them.
 *
 * names_text: the spans of names inside free text, given to cb (byte
 * offset and length; cb returns non-zero to stop).  A span is a title
 * (Mr, Dr, Frau, Mme, Sr., Patient, ...) or a phrase ("my name is",
 * "je m'appelle", "signed", "regards,") followed by 1-3 capitalised
 * words; a known first name that is no common word and is not the first
 * word of a sentence, followed by 0-2 capitalised words; a common-word
 * first name followed by a known surname; a handle built from names; the
 * word after the name of a field ("surname to Batz", "first name:
 * toney", "username Jackie77": a capitalised word, a known name or a
 * handle, up to two words like "to", "is", "auf" between); and in CJK
 * text a known
 * surname with 1-2 more characters after 患者/氏名/姓名/我叫/名字 or
 * before さん/様/先生/女士/君.
 *
 * The handle is read-only once loaded and may then be shared.
 */
#ifndef PHI_NAMES_H
#define PHI_NAMES_H

#include <stddef.h>

#include "buf.h"
#include "phierr.h"
#include "textmap.h"

#define NAMES_LEN_MAX 64

enum names_list { NAMES_FIRST = 0, NAMES_LAST = 1, NAMES_COMMON = 2 };

/* The bits of names_lookup(). */
#define NAMES_F_FIRST (1u << NAMES_FIRST)
#define NAMES_F_LAST (1u << NAMES_LAST)
#define NAMES_F_COMMON (1u << NAMES_COMMON)

struct names;

/* An empty set of dictionaries: PHI_OK or PHI_ESOFTWARE. */
int names_new(struct names **out, struct phi_err *e);
void names_free(struct names *d);

/* "first", "last" or "common": the list, or -1. */
int names_list_parse(const char *s);

/* Adds the names of a file to a list.  PHI_ENOINPUT when it cannot be
 * read, PHI_EUSAGE "path:LINE: cause" for a line that is no name or is
 * longer than 4096 bytes (a comment too). */
int names_load_file(
    struct names *d, enum names_list list, const char *path, struct phi_err *e);
/* Adds one name: PHI_OK, PHI_EUSAGE (not a name) or PHI_ESOFTWARE. */
int names_add(struct names *d, enum names_list list, const char *s, size_t n,
    struct phi_err *e);

/* The lists holding s[0..n): NAMES_F_* bits, 0 when none. */
unsigned names_lookup(const struct names *d, const char *s, size_t n);
/* Total names in the lists. */
size_t names_count(const struct names *d);

int names_value(const struct names *d, const char *s, size_t n, int ctx);

typedef int (*names_span_fn)(void *arg, size_t off, size_t len);
/* The number of spans found (up to the one where cb stopped).  map: the
 * text's (textmap.h), made by a caller that has other uses for it, or
 * NULL: names_text makes it; a map not mapped reads every word. */
size_t names_text(const struct names *d, const char *s, size_t n,
    const struct textmap *map, names_span_fn cb, void *arg);

/* The dictionary files loaded, as "names LIST FILE  # N names: SOURCE"
 * lines of the rules file format; -1 when out of memory. */
int names_print(const struct names *d, struct buf *out);

#endif
