/*
 * yajlmem.h - yajl with its allocations checked, and a JSON tree built
 * that way.
 *
 * yajl 2 does not check what its allocation functions return: a failed
 * malloc in its lexer, parser stack, generator buffer or yajl_tree is a
 * NULL dereference.  A struct yajlmem hands yajl allocation functions
 * (m->funcs, for yajl_alloc() and yajl_gen_alloc()) that keep every
 * block on a list and, when an allocation fails inside yajlmem_run(),
 * jump back to it: the run returns YAJLMEM_OOM instead of letting yajl go
 * on with NULL, and yajlmem_release() frees whatever was allocated.
 *
 *	static int parse(void *arg) {     // all yajl calls in here
 *		struct job *j = arg;
 *		j->h = yajl_alloc(&cb, &j->mem.funcs, j);
 *		return yajl_parse(j->h, j->text, j->len) == yajl_status_ok;
 *	}
 *	yajlmem_init(&j.mem);
 *	rc = yajlmem_run(&j.mem, parse, &j);   // YAJLMEM_OOM, or parse's
 *	...                                    // (j.h unusable after OOM)
 *	yajlmem_release(&j.mem);               // frees j.h's memory too
 *
 * The rules, for the jump to be safe:
 *  - Every call into a handle or generator made with m->funcs that may
 *    allocate (yajl_alloc, yajl_gen_alloc, yajl_parse,
 *    yajl_complete_parse, yajl_get_error, yajl_gen_* except get_buf and
 *    clear) is made from inside yajlmem_run(m, ...).  Outside a run a
 *    failed allocation returns NULL, which yajl does not check.
 *  - After YAJLMEM_OOM the handles and generators that used m are in an
 *    unknown state: call nothing on them again, not even yajl_free or
 *    yajl_gen_free; yajlmem_release(m) frees their memory.
 *  - The jump abandons fn's frames and those of everything it called.
 *    While it may allocate through m, fn holds nothing that only those
 *    frames know of (malloc'd memory, a lock, a descriptor, an OpenSSL
 *    object): such things live in the structure arg points to, where
 *    the caller finds them after the run, or are blocks of m
 *    (yajlmem_malloc), which yajlmem_release() frees.  fn's results go
 *    through arg too; its locals are lost.  No setjmp, no volatile is
 *    needed in the caller: the jump lands inside yajlmem_run.
 *  - Runs of one context nest (a failure returns from the innermost).
 *    Inside a run of another context, do not allocate through a context
 *    armed by an outer run: its jump would skip the inner run.
 *  - A context may be reused after a run, failed or not; it is not
 *    thread-safe (one per thread).
 */
#ifndef PHI_YAJLMEM_H
#define PHI_YAJLMEM_H

#include <setjmp.h>
#include <stddef.h>

#include <yajl_common.h>
#include <yajl_tree.h>

/* What yajlmem_run() returns when an allocation failed in it. */
#define YAJLMEM_OOM (-1)

union yajlmem_block;

struct yajlmem {
	yajl_alloc_funcs funcs; /* for yajl_alloc() and yajl_gen_alloc() */
	size_t max_bytes;       /* > 0: more live bytes than this fail */
	int wipe;               /* zero blocks before freeing them */
	size_t bytes;           /* live bytes now (as asked for) */
	/* private */
	jmp_buf *jump;             /* the innermost run; NULL: none */
	union yajlmem_block *live; /* every block not freed yet */
};

/* Makes m empty and unarmed (max_bytes 0, wipe 0); it holds no memory
 * yet.  m->funcs.ctx is m: m stays where it is while yajl objects made
 * with it exist. */
void yajlmem_init(struct yajlmem *m);

/* Calls fn(arg) with m armed.  Returns what fn returns (fn must not
 * return YAJLMEM_OOM itself), or YAJLMEM_OOM when an allocation through
 * m failed while it ran. */
int yajlmem_run(struct yajlmem *m, int (*fn)(void *arg), void *arg);

/* Frees every block still allocated through m (after a failed run too;
 * wiped first if m->wipe) and leaves m empty, its settings kept.  Not
 * to be called from inside a run while yajl objects of m are in use. */
void yajlmem_release(struct yajlmem *m);

/* Blocks on m's list, for the caller's own data: inside a run a failure
 * jumps; outside, they return NULL (realloc keeps the old block). */
void *yajlmem_malloc(struct yajlmem *m, size_t n);
void *yajlmem_realloc(struct yajlmem *m, void *p, size_t n);
void yajlmem_free(struct yajlmem *m, void *p);

enum yajlmem_tree_status {
	YAJLMEM_TREE_OK,
	YAJLMEM_TREE_BAD,  /* not one JSON text */
	YAJLMEM_TREE_TORN, /* the start of a JSON text, cut short */
};

/*
 * Parses s[0..n) as one JSON text (RFC 8259: no comments, only white
 * space after it, UTF-8 strings; NUL bytes are yajl's business) into
 * yajl_tree's struct yajl_val_s nodes, every one a block of m: read it
 * with the YAJL_IS_* and YAJL_GET_* macros, free it with
 * yajlmem_release(m), never yajl_tree_free().  Strings and object keys
 * are NUL-terminated copies; a number keeps its spelling in r, i with
 * YAJL_NUMBER_INT_VALID when it is written as an integer of at most
 * LLONG_MAX in magnitude, d with YAJL_NUMBER_DOUBLE_VALID when strtod
 * reads it without overflow (as yajl_tree_parse does).  Objects keep
 * their members in order, duplicates included.
 *
 * Returns a yajlmem_tree_status with *root set (OK) or NULL, or
 * YAJLMEM_OOM, with *root NULL and the partial tree left among m's
 * blocks.  It runs itself (yajlmem_run) and may be called inside a run
 * of m.
 */
int yajlmem_tree_parse(
    struct yajlmem *m, const char *s, size_t n, yajl_val *root);

#endif
