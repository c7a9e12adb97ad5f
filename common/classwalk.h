/*
 * classwalk.h - phi-classify's walk over events: an ndjson handler that
 * classifies every value the streaming core visits, drops or redacts the
 * fields of a colour (--drop, --redact), and collects, per distinct path
 * (array elements as `*`), the worst class seen, the rules that fired
 * and the number of events holding the path (--report, --fail-on).
 *
 * Leaves are classified by their value and the nearest enclosing object
 * key (classify.h).  An object member that is an object or array is a
 * field too when its own key fires a rule: it is reported under its
 * path, and dropped or redacted whole, as Segment's matchers treat a
 * matched property.  Paths and rule names are kept, never values.
 */
#ifndef PHI_CLASSWALK_H
#define PHI_CLASSWALK_H

#include <stdint.h>

#include "buf.h"
#include "classify.h"
#include "ndjson.h"
#include "status.h"

enum class_act {
	CLASS_ACT_NONE,
	CLASS_ACT_DROP,   /* remove the member (or array element) */
	CLASS_ACT_REDACT, /* replace the value with null */
};

struct class_walk_opts {
	int collect;        /* keep the per-path report */
	enum class_act act; /* what to do with fields of act_min+ */
	enum class_colour act_min;
};

struct class_walk;

int class_walk_new(struct class_walk **out, const struct classifier *c,
    const struct class_walk_opts *o, struct phi_err *e);
void class_walk_free(struct class_walk *w);

/* Fills h (visit, take, line_done) for ndjson_new() or filter_run(). */
void class_walk_handler(struct class_walk *w, struct ndjson_handler *h);

/* The report: one NDJSON line per distinct path of colour min or worse,
 * sorted by path (bytewise):
 *   {"path":"traits.email","class":"yellow","matchers":["email"],
 *    "events":1234}
 * Returns 0, or PHI_ESOFTWARE when out of memory. */
int class_walk_report(const struct class_walk *w, enum class_colour min,
    struct buf *out, struct phi_err *e);

/* The same paths as text, one a line: "traits.ssn: red (ssn), in 3
 * events" (for --fail-on messages).  Sets *n to how many. */
int class_walk_paths(const struct class_walk *w, enum class_colour min,
    struct buf *out, size_t *n, struct phi_err *e);

/* The worst colour of any field seen so far. */
enum class_colour class_walk_worst(const struct class_walk *w);

#endif
