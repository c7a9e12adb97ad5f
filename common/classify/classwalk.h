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
 *
 * With in_text, each string that is free text (classify_is_text) is
 * also read whole for its spans (classify_spans, yellow or worse), and
 * the report counts them per path and kind ("in_text"), spans that
 * cover the whole string excepted.  That costs a full scan of every
 * text, where the colour alone skips the kinds a path has shown before.
 *
 * Memory is bounded by max_paths: the walk keeps at most that many
 * distinct paths (nodes, containers included), whose path text is at
 * most CLASS_WALK_PATH_BYTES each on average.  Past that, a value whose
 * path has no node is still classified exactly as before (the worst
 * colour, --drop and --redact do not change), but it is counted, with
 * everything below it, in its parent's `*` node (PARENT.* in the report,
 * which selects it in phi-encrypt's paths), of which at most max_paths/8
 * more are made, and past those in the parent itself.  Such report lines
 * carry the number of values folded into them ("collapsed").
 *
 * With worker threads (ndjson.h jobs), each block of lines in flight
 * has a walk of its own, bounded the same way, that is merged into the
 * run's in input order: the report, the values that collapse and the
 * worst colour are those of one thread, and so is the line where
 * stop_at stops.  A block with more distinct paths than the bound is
 * done again on the caller's thread (NDJSON_REDO), as one thread would.
 */
#ifndef PHI_CLASSWALK_H
#define PHI_CLASSWALK_H

#include <stdint.h>

#include "buf.h"
#include "classify.h"
#include "ndjson.h"
#include "phierr.h"

enum class_act {
	CLASS_ACT_NONE,
	CLASS_ACT_DROP,   /* remove the member (or array element) */
	CLASS_ACT_REDACT, /* replace the value with null */
	CLASS_ACT_MASK,   /* replace what is found by [KIND] (classmask.h) */
};

/* phi-classify's default --max-paths: ~10 MB of nodes at most. */
#define CLASS_WALK_MAX_PATHS 20000
#define CLASS_WALK_PATH_BYTES 64

struct class_walk_opts {
	int collect;        /* keep the per-path report */
	int in_text;        /* and count identifiers inside free text */
	enum class_act act; /* what to do with fields of act_min+ */
	enum class_colour act_min;
	size_t max_paths; /* distinct paths kept; 0: no limit */
	int scoped;       /* only selected values (and their insides) */
	/* --fail-fast: the first event holding a field of stop_min or
	 * worse stops the run (its line_done returns PHI_EFAIL) */
	int stop_at;
	enum class_colour stop_min;
};

struct class_walk;

int class_walk_new(struct class_walk **out, const struct classifier *c,
    const struct class_walk_opts *o, struct phi_err *e);
void class_walk_free(struct class_walk *w);

/* Fills h (visit, take, line_done and the worker threads' hooks) for
 * ndjson_new() or filter_run(). */
void class_walk_handler(struct class_walk *w, struct ndjson_handler *h);

enum class_form {
	CLASS_FORM_JSON, /* the lines of class_walk_report */
	CLASS_FORM_TEXT, /* the lines of class_walk_paths */
};

/* Called with each line (without its newline); returns 0 or a status,
 * which ends the walk over the lines and is returned. */
typedef int class_walk_emit_fn(
    void *ctx, const char *line, size_t len, struct phi_err *e);

/* The lines of the report in the given form, one at a time, so that
 * the whole report is never held in memory: emit(ctx, line, len, e) for
 * each distinct path of colour min or worse, sorted by path. */
int class_walk_each(const struct class_walk *w, enum class_colour min,
    enum class_form form, class_walk_emit_fn *emit, void *ctx,
    struct phi_err *e);

/* The report: one NDJSON line per distinct path of colour min or worse,
 * sorted by path (bytewise):
 *   {"path":"traits.email","class":"yellow","matchers":["email"],
 *    "events":1234}
 * with in_text, on a path whose texts held identifiers,
 *   {"path":"properties.note",...,"events":9,"in_text":{"phone":2,...}}
 * and, on a line that values past the limit collapsed into,
 *   {"path":"scores.*",...,"events":9,"collapsed":27}
 * Returns 0, or PHI_ESOFTWARE when out of memory. */
int class_walk_report(const struct class_walk *w, enum class_colour min,
    struct buf *out, struct phi_err *e);

/* The same paths as text, one a line: "traits.ssn: red (ssn), in 3
 * events" (and ", 27 values collapsed") for --fail-on messages.  Sets
 * *n to how many. */
int class_walk_paths(const struct class_walk *w, enum class_colour min,
    struct buf *out, size_t *n, struct phi_err *e);

/* The worst colour of any field seen so far (with or without a node). */
enum class_colour class_walk_worst(const struct class_walk *w);

/* How many values (and fired containers) were counted in collapsed
 * nodes, not under their own path. */
uint64_t class_walk_collapsed(const struct class_walk *w);

#endif
