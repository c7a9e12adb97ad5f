/*
 * faultinject.c - an LD_PRELOAD library for tests/faults.bats that makes
 * one class of library call fail, as jq's test suite does:
 *
 *   FAULT_CALL=read|write|fsync|rename|link|open|malloc
 *   FAULT_AT=N          fail the Nth call of that class (1 = the first)
 *   FAULT_ERRNO=NAME    errno of the failure (EIO, ENOSPC, ENOMEM, EINTR,
 *                       EACCES, EDQUOT, EROFS, EMFILE, EAGAIN, ENOENT;
 *                       default ENOMEM for malloc, EIO otherwise)
 *   FAULT_STICKY=1      fail every call of the class from the Nth on
 *   FAULT_SHORT=1       write: instead of failing, write half the bytes
 *   FAULT_SHORT=fail    write: write half the bytes, then fail all the
 *                       same (-1 and FAULT_ERRNO): bytes that a failed
 *                       write(2) left in the file
 *   FAULT_KILL=1        at the chosen call, kill the process (SIGKILL);
 *                       with FAULT_SHORT, after writing half the bytes: a
 *                       crash in the middle of a write
 *   FAULT_SCOPE=WHERE   count only calls made from the executable itself
 *                       (main) or from the shared objects whose path holds
 *                       WHERE (libyajl, libcrypto); default every call
 *   FAULT_BT=1          add the call stack of each failure to FAULT_LOG
 *   FAULT_TMPFILE=NAME  every open with O_TMPFILE fails with errno NAME
 *                       (EOPNOTSUPP, EISDIR, EINVAL), as on a filesystem
 *                       or kernel without it; not counted in any class
 *   FAULT_LOG=FILE      append "injected CLASS N\n" for each failure, or
 *                       "unsupported CLASS 0\n" if the class cannot be
 *                       injected in this process (see below); with
 *                       FAULT_AT=0 nothing fails and "total CLASS N\n"
 *                       gives the number of calls made (at exit); after
 *                       a failure, "after CLASS N\n" at exit gives the
 *                       number of calls made after the first one that
 *                       failed (0: the program gave up at once)
 *
 * Calls are counted from the moment the library is loaded, before main,
 * atomically: worker threads (-j N) make them too, so which call is the
 * Nth may change from run to run, never the number of calls.
 * The classes: read = read, pread; write = write, pwrite; fsync = fsync,
 * fdatasync; rename = rename, renameat; link = link, linkat; open =
 * open, openat, creat, fopen, mkstemp, mkostemp (and their 64 forms);
 * malloc = malloc, calloc, realloc, aligned_alloc.  Calls that libc makes inside itself
 * (stdio's flushes, mkstemp's own open) do not pass through here.
 *
 * Under AddressSanitizer the executable defines malloc itself, so no
 * allocation ever reaches this library: when __asan_init is found, the
 * malloc class is reported as unsupported (FAULT_LOG) and the tests skip
 * the malloc sweep.  The other classes work under ASan (its interceptors
 * call the next definition, which is this one), but there every call
 * seems to come from the executable, so FAULT_SCOPE means nothing.
 *
 * Build: cc -shared -fPIC -o faultinject.so faultinject.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <execinfo.h>
#include <link.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

enum fi_class {
	FI_NONE,
	FI_READ,
	FI_WRITE,
	FI_FSYNC,
	FI_RENAME,
	FI_LINK,
	FI_OPEN,
	FI_MALLOC,
};

static const char *const fi_names[] = {
    "none", "read", "write", "fsync", "rename", "link", "open", "malloc"};

#define FI_RANGES 16

static struct {
	enum fi_class cls;
	unsigned long at, count, hit_at; /* hit_at: the first failed call */
	int err, sticky, shortw, bt, ready, tmpfile_err;
	char log[512];
	const char *scope;
	int shortfail, killer; /* FAULT_SHORT=fail, FAULT_KILL */
	size_t nranges; /* scope: the executable segments it covers */
	uintptr_t lo[FI_RANGES], hi[FI_RANGES];
} fi;

static const struct {
	const char *name;
	int value;
} fi_errnos[] = {
    {"EIO", EIO},
    {"ENOSPC", ENOSPC},
    {"ENOMEM", ENOMEM},
    {"EINTR", EINTR},
    {"EACCES", EACCES},
    {"EDQUOT", EDQUOT},
    {"EROFS", EROFS},
    {"EMFILE", EMFILE},
    {"EAGAIN", EAGAIN},
    {"ENOENT", ENOENT},
    {"EPERM", EPERM},
    {"EOPNOTSUPP", EOPNOTSUPP},
    {"EISDIR", EISDIR},
    {"EINVAL", EINVAL},
};

/* Appends a line to FAULT_LOG with raw system calls (nothing counted). */
static void
fi_note(const char *what, unsigned long count)
{
	char line[64];
	long fd;
	int n;

	if (fi.log[0] == '\0')
		return;
	n = snprintf(line, sizeof(line), "%s %s %lu\n", what, fi_names[fi.cls],
	    count);
	fd = syscall(SYS_openat, AT_FDCWD, fi.log,
	    O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	(void)syscall(SYS_write, (int)fd, line, (size_t)n);
	if (fi.bt && strcmp(what, "injected") == 0) {
		void *frames[32];
		int nf = backtrace(frames, 32);

		backtrace_symbols_fd(frames, nf, (int)fd);
	}
	(void)syscall(SYS_close, (int)fd);
}

/* Records the executable segments of the objects FAULT_SCOPE names. */
static int
fi_scope_add(struct dl_phdr_info *info, size_t size, void *first)
{
	const char *name = info->dlpi_name;
	int *is_first = first, i;

	(void)size;
	if (strcmp(fi.scope, "main") == 0 ? !*is_first
	                                  : strstr(name, fi.scope) == NULL) {
		*is_first = 0;
		return 0;
	}
	*is_first = 0;
	for (i = 0; i < info->dlpi_phnum && fi.nranges < FI_RANGES; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];

		if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_X))
			continue;
		fi.lo[fi.nranges] = info->dlpi_addr + ph->p_vaddr;
		fi.hi[fi.nranges++] =
		    info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
	}
	return 0;
}

/* 1 if the call came from where FAULT_SCOPE says (or there is none). */
static int
fi_in_scope(const void *ra)
{
	uintptr_t a = (uintptr_t)ra;
	size_t i;

	if (fi.scope == NULL)
		return 1;
	for (i = 0; i < fi.nranges; i++)
		if (a >= fi.lo[i] && a < fi.hi[i])
			return 1;
	return 0;
}

static int
fi_errno(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof(fi_errnos) / sizeof(fi_errnos[0]);
	     i++)
		if (strcmp(s, fi_errnos[i].name) == 0)
			return fi_errnos[i].value;
	return 0;
}

__attribute__((constructor)) static void
fi_init(void)
{
	const char *c = getenv("FAULT_CALL"), *at = getenv("FAULT_AT");
	const char *lg = getenv("FAULT_LOG");
	size_t i;

	for (i = 1; c != NULL && i < sizeof(fi_names) / sizeof(fi_names[0]);
	     i++)
		if (strcmp(c, fi_names[i]) == 0)
			fi.cls = (enum fi_class)i;
	fi.at = at != NULL ? strtoul(at, NULL, 10) : 0;
	fi.err = fi_errno(getenv("FAULT_ERRNO"));
	if (fi.err == 0)
		fi.err = fi.cls == FI_MALLOC ? ENOMEM : EIO;
	fi.sticky = getenv("FAULT_STICKY") != NULL;
	fi.shortw = getenv("FAULT_SHORT") != NULL;
	fi.shortfail = fi.shortw && strcmp(getenv("FAULT_SHORT"), "fail") == 0;
	fi.killer = getenv("FAULT_KILL") != NULL;
	fi.bt = getenv("FAULT_BT") != NULL;
	fi.tmpfile_err = fi_errno(getenv("FAULT_TMPFILE"));
	fi.scope = getenv("FAULT_SCOPE");
	if (fi.scope != NULL && *fi.scope != '\0') {
		int first = 1;

		dl_iterate_phdr(fi_scope_add, &first);
	} else
		fi.scope = NULL;
	if (lg != NULL)
		snprintf(fi.log, sizeof(fi.log), "%s", lg);
	if (fi.cls == FI_MALLOC && dlsym(RTLD_DEFAULT, "__asan_init") != NULL) {
		fi_note("unsupported", 0);
		fi.cls = FI_NONE;
	}
	fi.ready = 1;
}

__attribute__((destructor)) static void
fi_fini(void)
{
	unsigned long n = __atomic_load_n(&fi.count, __ATOMIC_SEQ_CST);
	unsigned long h = __atomic_load_n(&fi.hit_at, __ATOMIC_SEQ_CST);

	if (fi.cls != FI_NONE && fi.at == 0)
		fi_note("total", n);
	else if (fi.cls != FI_NONE && h > 0)
		fi_note("after", n - h);
}

/* 1 if this call of class c, returning to ra, is to fail (errno is
 * then set). */
static int
fi_hit_at(enum fi_class c, const void *ra)
{
	unsigned long n, zero = 0;
	int hit;

	if (!fi.ready || fi.cls != c || !fi_in_scope(ra))
		return 0;
	n = __atomic_add_fetch(&fi.count, 1, __ATOMIC_SEQ_CST);
	if (fi.at == 0)
		return 0;
	hit = fi.sticky ? n >= fi.at : n == fi.at;
	if (hit) {
		__atomic_compare_exchange_n(&fi.hit_at, &zero, n, 0,
		    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
		fi_note("injected", n);
		if (fi.killer && !(c == FI_WRITE && fi.shortw))
			(void)kill(getpid(), SIGKILL);
		errno = fi.err;
	}
	return hit;
}

#define fi_hit(c) fi_hit_at((c), __builtin_return_address(0))

/* 1 if this open is an O_TMPFILE one FAULT_TMPFILE refuses (errno set). */
static int
fi_tmpfile(int flags)
{
	if (fi.tmpfile_err == 0 || (flags & O_TMPFILE) != O_TMPFILE)
		return 0;
	errno = fi.tmpfile_err;
	return 1;
}

#define FI_REAL(ret, name, args)                                               \
	static ret(*real_##name) args;                                         \
	if (real_##name == NULL)                                               \
	real_##name = (ret(*) args)dlsym(RTLD_NEXT, #name)

ssize_t
read(int fd, void *b, size_t n)
{
	FI_REAL(ssize_t, read, (int, void *, size_t));
	if (fi_hit(FI_READ))
		return -1;
	return real_read(fd, b, n);
}

ssize_t
pread(int fd, void *b, size_t n, off_t off)
{
	FI_REAL(ssize_t, pread, (int, void *, size_t, off_t));
	if (fi_hit(FI_READ))
		return -1;
	return real_pread(fd, b, n, off);
}

ssize_t
write(int fd, const void *b, size_t n)
{
	FI_REAL(ssize_t, write, (int, const void *, size_t));
	if (fi_hit(FI_WRITE)) {
		ssize_t r = -1;

		if (fi.shortw && n > 1)
			r = real_write(fd, b, n / 2);
		if (fi.killer)
			(void)kill(getpid(), SIGKILL);
		if (fi.shortfail)
			r = -1, errno = fi.err;
		return r;
	}
	return real_write(fd, b, n);
}

ssize_t
pwrite(int fd, const void *b, size_t n, off_t off)
{
	FI_REAL(ssize_t, pwrite, (int, const void *, size_t, off_t));
	if (fi_hit(FI_WRITE))
		return -1;
	return real_pwrite(fd, b, n, off);
}

int
fsync(int fd)
{
	FI_REAL(int, fsync, (int));
	if (fi_hit(FI_FSYNC))
		return -1;
	return real_fsync(fd);
}

int
fdatasync(int fd)
{
	FI_REAL(int, fdatasync, (int));
	if (fi_hit(FI_FSYNC))
		return -1;
	return real_fdatasync(fd);
}

int
rename(const char *from, const char *to)
{
	FI_REAL(int, rename, (const char *, const char *));
	if (fi_hit(FI_RENAME))
		return -1;
	return real_rename(from, to);
}

int
renameat(int fd1, const char *from, int fd2, const char *to)
{
	FI_REAL(int, renameat, (int, const char *, int, const char *));
	if (fi_hit(FI_RENAME))
		return -1;
	return real_renameat(fd1, from, fd2, to);
}

int
link(const char *from, const char *to)
{
	FI_REAL(int, link, (const char *, const char *));
	if (fi_hit(FI_LINK))
		return -1;
	return real_link(from, to);
}

int
linkat(int fd1, const char *from, int fd2, const char *to, int flags)
{
	FI_REAL(int, linkat, (int, const char *, int, const char *, int));
	if (fi_hit(FI_LINK))
		return -1;
	return real_linkat(fd1, from, fd2, to, flags);
}

/* The mode argument of open and openat, when there is one. */
#define FI_MODE(flags, last, mode)                                             \
	do {                                                                   \
		va_list ap;                                                    \
		(mode) = 0;                                                    \
		if ((flags) & (O_CREAT | O_TMPFILE)) {                         \
			va_start(ap, last);                                    \
			(mode) = (mode_t)va_arg(ap, int);                      \
			va_end(ap);                                            \
		}                                                              \
	} while (0)

int
open(const char *path, int flags, ...)
{
	mode_t mode;

	FI_REAL(int, open, (const char *, int, ...));
	FI_MODE(flags, flags, mode);
	if (fi_tmpfile(flags) || fi_hit(FI_OPEN))
		return -1;
	return real_open(path, flags, mode);
}

int
open64(const char *path, int flags, ...)
{
	mode_t mode;

	FI_REAL(int, open64, (const char *, int, ...));
	FI_MODE(flags, flags, mode);
	if (fi_tmpfile(flags) || fi_hit(FI_OPEN))
		return -1;
	return real_open64(path, flags, mode);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode;

	FI_REAL(int, openat, (int, const char *, int, ...));
	FI_MODE(flags, flags, mode);
	if (fi_tmpfile(flags) || fi_hit(FI_OPEN))
		return -1;
	return real_openat(dirfd, path, flags, mode);
}

int
openat64(int dirfd, const char *path, int flags, ...)
{
	mode_t mode;

	FI_REAL(int, openat64, (int, const char *, int, ...));
	FI_MODE(flags, flags, mode);
	if (fi_tmpfile(flags) || fi_hit(FI_OPEN))
		return -1;
	return real_openat64(dirfd, path, flags, mode);
}

int
creat(const char *path, mode_t mode)
{
	FI_REAL(int, creat, (const char *, mode_t));
	if (fi_hit(FI_OPEN))
		return -1;
	return real_creat(path, mode);
}

FILE *
fopen(const char *path, const char *how)
{
	FI_REAL(FILE *, fopen, (const char *, const char *));
	if (fi_hit(FI_OPEN))
		return NULL;
	return real_fopen(path, how);
}

FILE *
fopen64(const char *path, const char *how)
{
	FI_REAL(FILE *, fopen64, (const char *, const char *));
	if (fi_hit(FI_OPEN))
		return NULL;
	return real_fopen64(path, how);
}

int
mkstemp(char *tmpl)
{
	FI_REAL(int, mkstemp, (char *));
	if (fi_hit(FI_OPEN))
		return -1;
	return real_mkstemp(tmpl);
}

int
mkostemp(char *tmpl, int flags)
{
	FI_REAL(int, mkostemp, (char *, int));
	if (fi_hit(FI_OPEN))
		return -1;
	return real_mkostemp(tmpl, flags);
}

/* Allocations go straight to glibc's allocator: dlsym may allocate. */
void *
malloc(size_t n)
{
	if (fi_hit(FI_MALLOC))
		return NULL;
	return __libc_malloc(n);
}

void *
calloc(size_t n, size_t m)
{
	if (fi_hit(FI_MALLOC))
		return NULL;
	return __libc_calloc(n, m);
}

void *
realloc(void *p, size_t n)
{
	if (fi_hit(FI_MALLOC))
		return NULL;
	return __libc_realloc(p, n);
}

/* buf.c's buffers of 2 MiB and more (the worker threads' blocks). */
void *
aligned_alloc(size_t align, size_t n)
{
	if (fi_hit(FI_MALLOC))
		return NULL;
	return __libc_memalign(align, n);
}
