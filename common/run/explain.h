/*
 * explain.h - phi-encrypt --explain, a dry run: the sealing handler of
 * encrypt.h, wrapped so that nothing is sealed or written, and counted
 * instead, per path (array elements as `*`, as phi-classify reports)
 * and per reason, the values it would seal: the -f path that selected
 * the value, the class and rules that fired (--class), or a token not
 * of the recipient's key.  Paths and rule names are kept, never values.
 *
 * At the end a table goes to out, sorted by path:
 *
 *   PATH          VALUES  EVENTS  WHY
 *   items.*.sku        3       2  -f items.*.sku
 *   previousId         1       1  --class yellow (email)
 *   trait.email        0       0  -f trait.email: selected nothing
 *   properties.note    4       3  inside the text: 9 span tokens
 *
 * (a row of strings with span tokens inside, --in-text: VALUES counts
 * the strings), and a last line "N values [and S span tokens in T
 * strings,] in M of K events would be encrypted".
 * At most EXPLAIN_MAX_ROWS rows are kept; the values of the rows past
 * it are counted on one more line.
 */
#ifndef PHI_EXPLAIN_H
#define PHI_EXPLAIN_H

#include <stdio.h>

#include "classify.h"
#include "encrypt.h"
#include "filter.h"

#define EXPLAIN_MAX_ROWS 10000

struct explain_opts {
	struct encrypt *enc;          /* made with or without a key */
	const struct classifier *cls; /* class mode; NULL otherwise */
	enum class_colour min_colour; /* class mode */
	const struct pathset *fields; /* the -f paths (may be empty) */
	const struct pathset *intext; /* the --in-text paths (or NULL) */
	const struct pathset *join;   /* of them, --join's (may be NULL) */
};

/* Runs the dry run over files[0..n-1] with fo (no events are written;
 * fo's -f check and --strict apply) and prints the table to out.
 * Returns filter_run's status, else PHI_EIO when out fails. */
int explain_run(const struct explain_opts *o, struct filter_opts *fo,
    char *const *files, int n, FILE *out, struct phi_err *e);

#endif
