/*
 * ndjson.h - the streaming core every filter is built on.
 *
 * Reads NDJSON a line at a time (lines of any length up to max_line),
 * parses each with yajl and calls the program back for every value it
 * meets, with the value's path, type and exact byte span in the line.
 * The program answers with an action: keep the value, skip a container
 * unvisited, take (replace) the value, or drop the object member.  The
 * output line is the input line with taken values replaced; all other
 * bytes are copied through unchanged.  No tree is built.
 *
 * A line that is not one JSON object is "bad": its error names file,
 * line and column, never its content.  Without a reject file the run
 * stops there (PHI_EDATA) and nothing of the bad line or after it is
 * written.  With one, the bad line goes there untouched and the run
 * goes on; ndjson_stats() counts them.  Empty lines (and lines of only
 * white space) pass through; "\r\n" is kept; a last line without a
 * newline is an event and is written without one (but when another
 * input follows, a newline is put between, so events stay apart).
 */
#ifndef PHI_NDJSON_H
#define PHI_NDJSON_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "pathset.h"
#include "phierr.h"

#define NDJSON_MAX_LINE_DEFAULT ((size_t)64 * 1024 * 1024)
#define NDJSON_MAX_DEPTH 10000

enum ndjson_type {
	NDJSON_NULL,
	NDJSON_FALSE,
	NDJSON_TRUE,
	NDJSON_NUMBER,
	NDJSON_STRING,
	NDJSON_OBJECT,
	NDJSON_ARRAY,
};

struct ndjson_value {
	enum ndjson_type type;
	const char *line;  /* the line being parsed */
	size_t start, end; /* span in line; end is 0 for a container
	                      on visit, set when it is taken */
	const char *str;   /* strings: decoded bytes; numbers: text */
	size_t len;
	const struct path_seg *path; /* path[0..depth-1]; depth >= 1 */
	size_t depth;
	int selected;      /* the select set matches this path */
	int in_selected;   /* this value or an ancestor is selected */
	int live;          /* a select pattern may match below this value */
	int is_key;        /* an object key (the key callback), not a value */
	size_t line_len;   /* the length of line */
	uint64_t line_seq; /* differs from one line of the run to the next:
	                      a key for what a handler works out per line */
};

enum ndjson_action {
	NDJSON_KEEP, /* copy; for a container, visit its inside */
	NDJSON_SKIP, /* copy a container without visiting its inside */
	NDJSON_TAKE, /* replace: the take callback writes the new bytes */
	NDJSON_DROP, /* remove the member (key and value) from its object */
};

struct ndjson_handler {
	void *ctx;
	/* Every value, containers before their inside.  Required. */
	enum ndjson_action (*visit)(void *ctx, const struct ndjson_value *v);
	/* Optional: each object key, as a string with is_key set: its
	 * span (quotes included), its text, the path of the member it
	 * names and whether the select set matches that member (selected,
	 * in_selected, live); keys inside what was skipped or taken are not
	 * offered.  KEEP, or TAKE: take writes the new key, which must be
	 * one JSON string; a handler that takes a key must not drop the
	 * member. */
	enum ndjson_action (*key)(void *ctx, const struct ndjson_value *v);
	/* Writes the replacement of a taken value (span complete) to out.
	 * A PHI_EDATA status makes the line bad (it can be rejected), any
	 * other status stops the run.  Required if visit can TAKE. */
	int (*take)(void *ctx, const struct ndjson_value *v, struct buf *out,
	    struct phi_err *e);
	/* After each good event line (optional).  Non-zero stops the run,
	 * and that line is not written (PHI_EFAIL: a check failed, the
	 * message gets the file and line). */
	int (*line_done)(void *ctx, struct phi_err *e);
	/* Each bad line that was rejected, with its message (optional). */
	void (*rejected)(void *ctx, const struct phi_err *e);
	/* Optional: a handler that takes strings by their text alone and
	 * keeps every other value may give this too.  Without a select set
	 * the core then calls it for each string instead of visit (which
	 * it never calls), and takes the strings it wants: the same output
	 * as a visit that TAKEs those and KEEPs the rest, faster, as only
	 * the path is tracked for what is not taken. */
	int (*want_string)(void *ctx, const char *s, size_t n);
	/* Optional: a string that is this prefix and a long plain body
	 * (see elide.h) reaches yajl with the body cut out; visit,
	 * want_string and take still get its whole text and span, and
	 * offsets in messages are those of the line.  A prefix that fails
	 * elide_prefix_ok() (a literal's first letter, a quote...) cuts
	 * nothing.  The handler must check what the body means
	 * (phi-decrypt: "phi:", then a token of a suite it reads, decoded as
	 * strict base64url). */
	const char *elide_prefix;
	/* Optional, for opts.jobs > 1 (without worker_new the run is
	 * single-threaded): worker_new makes a context like ctx for a
	 * worker, used by visit, key, take, want_string and line_done on
	 * blocks of lines on another thread (NULL: out of memory, e set).
	 * worker_merge folds what it counted since the last merge into ctx
	 * and zeroes that in wctx; it is called on the caller's thread, in
	 * input order, after each block whose lines count (not for blocks
	 * after the line that stopped the run).  It may return NDJSON_REDO
	 * instead, when what the worker kept is not enough to merge (its
	 * counts past a bound): then the block's lines, up to the one that
	 * stopped the run if it is there, go once more through visit, key,
	 * take, want_string and line_done with ctx on the caller's thread,
	 * as with one thread (their output and bad lines are dropped: the
	 * worker's are written), and ctx must then be as if they had gone
	 * through it alone; wctx is still zeroed.  rejected is always called
	 * with ctx, on the caller's thread, in input order.  worker_free
	 * frees a worker context.  ctx itself is only read while workers
	 * run. */
	void *(*worker_new)(void *ctx, struct phi_err *e);
	int (*worker_merge)(void *ctx, void *wctx, struct phi_err *e);
	void (*worker_free)(void *wctx);
};

struct ndjson_stats;

struct ndjson_opts {
	size_t max_line;              /* 0: NDJSON_MAX_LINE_DEFAULT */
	const struct pathset *select; /* NULL: nothing is "selected" */
	/* NULL: stop at the first bad line.  Else the bad lines go there:
	 * the file is made (0600, never over another file, named once
	 * whole at ndjson_flush) only when the first bad line comes, or
	 * with reject_append they are added to the caller's file (made
	 * 0600); a character device (/dev/null) is written in place.  The
	 * rules of outfile.h apply (no symbolic link, FIFO or another
	 * user's file); an unfit path fails ndjson_new, an existing file
	 * without reject_append with PHI_ECANTCREAT. */
	const char *reject_path;
	int reject_append;
	int out_fd;           /* -1: write no events */
	const char *out_name; /* in write errors; NULL: "standard output" */
	/* Called after each block read (optional), for progress reports. */
	void (*progress)(void *pctx, const struct ndjson_stats *st);
	void *pctx;
	/* Live streams: the output is always written out before a read
	 * that could wait (an input that is not a regular file and has no
	 * complete line ready), so each line of a slow stream comes out at
	 * once while files and fast pipes keep big writes.  With
	 * line_buffered, also after every line. */
	int line_buffered;
	/* Stopping (optional): when *stop is non-zero (a signal handler's
	 * flag, the signal's number) the run ends with PHI_ESTOP before it
	 * reads more: the lines already read are done and written, a part
	 * of a line is dropped.  With stop, stop_fd (-1: none) is a
	 * descriptor that becomes readable when *stop is set (the handler
	 * writes to it), so that a wait for input ends at once. */
	const volatile sig_atomic_t *stop;
	int stop_fd;
	/* Worker threads (with a handler that has worker_new; not with
	 * line_buffered): > 1 splits the input into blocks of whole lines
	 * (block bytes, or one longer line) that jobs threads transform
	 * at once, at most 2 x jobs blocks in memory; the output, reject
	 * file, messages, stats and stops are those of one thread, in
	 * input order.  0 or 1: one thread. */
	int jobs;
	/* The bytes of lines a block gathers before it goes to a worker
	 * (a block ends at the first line end at or past it); 0:
	 * NDJSON_BLOCK.  Tests set a few bytes to get many blocks. */
	size_t block;
};

/* What worker_merge returns to have a block done again on the caller's
 * thread (see struct ndjson_handler); no PHI_E* status is negative. */
#define NDJSON_REDO (-1)

/* The size of the blocks of lines the worker threads take. */
#define NDJSON_BLOCK ((size_t)1024 * 1024)
/* The most worker threads (opts.jobs). */
#define NDJSON_MAX_JOBS 256

struct ndjson_stats {
	uint64_t lines;  /* lines read, empty ones included */
	uint64_t events; /* good event lines */
	uint64_t bad;    /* bad lines (rejected, or the one that stopped) */
	uint64_t taken;  /* values replaced or dropped */
	uint64_t bytes;  /* bytes read */
};

struct ndjson;

int ndjson_new(struct ndjson **out, const struct ndjson_opts *opts,
    const struct ndjson_handler *h, struct phi_err *e);
/* Processes every line of path ("-" or NULL: standard input, named
 * "(stdin)" in messages).  Returns 0, or the status that stopped it
 * (PHI_ESTOP: opts' stop flag was set; what came before is written). */
int ndjson_run_file(struct ndjson *nj, const char *path, struct phi_err *e);
/* Processes lines from an open descriptor; name is used in messages. */
int ndjson_run_fd(
    struct ndjson *nj, int fd, const char *name, struct phi_err *e);
/* Sends the events to another descriptor from now on (flush first);
 * name (NULL: "standard output") is what write errors name. */
void ndjson_set_output(struct ndjson *nj, int fd, const char *name);
/* Flushes the output, and writes the reject file whole and names it
 * (a bad line after this appends to it); 0 or PHI_EIO (PHI_ECANTCREAT
 * when another file took the reject file's name meanwhile).  Without it
 * (a run that failed) ndjson_free leaves no reject file. */
int ndjson_flush(struct ndjson *nj, struct phi_err *e);
const struct ndjson_stats *ndjson_stats(const struct ndjson *nj);
void ndjson_free(struct ndjson *nj);

#endif
