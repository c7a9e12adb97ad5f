/*
 * filter.h - the wiring shared by the NDJSON filters (phi-encrypt,
 * phi-decrypt, phi-classify): FILE operands in turn ("-" is stdin),
 * -o FILE written atomically, --reject FILE, --max-line, --stats,
 * --progress, and the batch modes --suffix / --in-place.
 *
 * A program adds FILTER_LONGOPTS to its getopt_long table, hands every
 * option it does not know to filter_option(), and then calls
 * filter_run() with its ndjson handler.
 */
#ifndef PHI_FILTER_H
#define PHI_FILTER_H

#include <getopt.h>
#include <stddef.h>

#include "ndjson.h"
#include "phierr.h"

enum {
	FILTER_OPT_REJECT = 0x1000,
	FILTER_OPT_MAX_LINE,
	FILTER_OPT_STATS,
	FILTER_OPT_PROGRESS,
	FILTER_OPT_NO_PROGRESS,
	FILTER_OPT_SUFFIX,
	FILTER_OPT_IN_PLACE,
	FILTER_OPT_REJECT_APPEND,
	FILTER_OPT_MODE,   /* --mode OCTAL: a program lists it itself */
	FILTER_OPT_STRICT, /* not in FILTER_LONGOPTS: for programs with -f */
	FILTER_OPT_LINE_BUFFERED,
	FILTER_OPT_JOBS = 'j',
};

#define FILTER_LONGOPTS                                                        \
	{"output", required_argument, NULL, 'o'},                              \
	    {"reject", required_argument, NULL, FILTER_OPT_REJECT},            \
	    {"reject-append", required_argument, NULL,                         \
	        FILTER_OPT_REJECT_APPEND},                                     \
	    {"max-line", required_argument, NULL, FILTER_OPT_MAX_LINE},        \
	    {"stats", no_argument, NULL, FILTER_OPT_STATS},                    \
	    {"progress", no_argument, NULL, FILTER_OPT_PROGRESS},              \
	    {"no-progress", no_argument, NULL, FILTER_OPT_NO_PROGRESS},        \
	    {"suffix", required_argument, NULL, FILTER_OPT_SUFFIX},            \
	    {"line-buffered", no_argument, NULL, FILTER_OPT_LINE_BUFFERED},    \
	    {"jobs", required_argument, NULL, FILTER_OPT_JOBS},                \
	{                                                                      \
		"in-place", no_argument, NULL, FILTER_OPT_IN_PLACE             \
	}

/* The help text of those options, for a program's --help. */
#define FILTER_HELP                                                                \
	"Input and output:\n"                                                      \
	"  -o, --output FILE     write to FILE atomically (temp file, fsync,\n"    \
	"                        rename); default standard output\n"               \
	"      --reject FILE     write bad lines to FILE (mode 0600) and go on;\n" \
	"                        exit 65 at the end if there were any; FILE\n"     \
	"                        is made at the first bad line and must not\n"     \
	"                        exist\n"                                          \
	"      --reject-append FILE  the same, adding to FILE if it exists\n"      \
	"      --max-line SIZE   longest line accepted (default 64M)\n"            \
	"      --suffix SUFFIX   write each FILE to FILE+SUFFIX\n"                 \
	"      --in-place        replace each FILE atomically\n"                   \
	"      --line-buffered   write each line out at once (a line always\n"     \
	"                        comes out before a read that would wait)\n"       \
	"      --stats           print a summary line on standard error\n"         \
	"      --progress        show progress on standard error\n"                \
	"      --no-progress     never show progress\n"                            \
	"  -j, --jobs N          N worker threads (0: one per online CPU;\n"       \
	"                        default 1); output as with one\n"

/* The help line of --strict. */
#define FILTER_STRICT_HELP                                                     \
	"      --strict          exit 65 if a -f path selected nothing (env\n" \
	"                        PHI_STRICT=1); -o FILE is then not written\n"

/* The exit statuses of the filters, for a program's --help. */
#define FILTER_EXIT_HELP                                                       \
	"Exit status: 0 done, 64 usage, 65 bad input data, 66 an input\n"      \
	"cannot be opened, 70 internal error, 73 the reject file exists,\n"    \
	"74 I/O error, 77 key problem, 130 or 143 stopped by SIGINT or\n"      \
	"SIGTERM (the lines before are written whole).\n"

struct filter_opts {
	const char *output; /* -o; NULL: standard output */
	const char *reject; /* --reject or --reject-append */
	int reject_append;  /* --reject-append */
	int mode_set;       /* output files get mode, else outfile.h's rule */
	int mode;           /* --mode */
	size_t max_line;    /* 0: default */
	int stats;          /* --stats */
	int progress;       /* 1 --progress, 0 auto, -1 --no-progress */
	const char *suffix; /* --suffix */
	int in_place;       /* --in-place */
	int line_buffered;  /* --line-buffered */
	int jobs;           /* -j: worker threads (0 and 1: none) */
	int no_events;      /* the program writes no events (reports) */
	const struct pathset *select;
	/* the -f paths: each that selected nothing in the whole run gets a
	 * warning (with the close path of the input, if any); --strict
	 * (or PHI_STRICT=1) makes that exit 65, and -o FILE, --suffix and
	 * --in-place outputs are then not written */
	const struct pathset *check;
	const struct pathset *check_keys; /* the same for --keys paths */
	/* which of check's paths were given as --in-text PATH or --join
	 * PATH (the warning names that option); may be NULL */
	const struct pathset *check_text;
	const struct pathset *check_join;
	int strict;
	const char *verb; /* for --stats: "encrypted", "decrypted", ... */
	/* for --stats (optional): the values the handler took but left as
	 * they were (phi-decrypt --skip-unknown-keys), counted apart */
	uint64_t (*skipped)(const void *ctx);
	const void *skipped_ctx;
	/* for --stats (optional): what the handler adds after the verb
	 * instead of ", M skipped" (skipped_ctx is its ctx) */
	void (*detail)(const void *ctx, char *buf, size_t n);
};

/* Handles a shared option: 0, or PHI_EUSAGE with e set when ch is not
 * one of them or its argument is bad (a program's last resort). */
int filter_option(
    struct filter_opts *o, int ch, const char *arg, struct phi_err *e);

/* Checks option combinations (e.g. --suffix with --in-place). */
int filter_check(const struct filter_opts *o, int nfiles, struct phi_err *e);

/* Runs the handler over files[0..nfiles-1] (none: standard input).
 * Fills *st (may be NULL) with the totals.  Returns 0 or a status; bad
 * lines under --reject make it return PHI_EDATA at the end.  SIGTERM
 * and SIGINT are caught (cli_stop_catch) and stop the run at a line
 * boundary with PHI_ESTOP: the lines done are written, -o FILE and the
 * reject file named with them; under --suffix or --in-place the file
 * being done is left as it was. */
int filter_run(const struct filter_opts *o, const struct ndjson_handler *h,
    char *const *files, int nfiles, struct ndjson_stats *st, struct phi_err *e);

/* When an audit log is named (log, else PHI_AUDIT_LOG), appends the
 * run's record: event_type, the key ids (a JSON array text), the sender
 * key ids of suite-2 AUTH tokens (a JSON array text; NULL: none), the counts
 * of st, the exit status and the input file names; never a value.
 * Returns 0 if there is no log or the record was written, else PHI_EIO
 * (with e set, if e is not NULL). */
int filter_audit(const char *log, const char *event_type, const char *kids_json,
    const char *senders_json, const struct ndjson_stats *st, int status,
    char *const *files, int nfiles, struct phi_err *e);

#endif
