/* auditlog.c - appending to an audit log under a lock (see auditlog.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "auditfile.h"
#include "auditkey.h"
#include "buf.h"
#include "auditlog.h"
#include "audittime.h"
#include "hex.h"
#include "outfile.h"

#define TAIL_WINDOW (2 * (size_t)AUDIT_MAX_LINE + 2)
#define TAIL_FIRST ((size_t)8192)

struct audit_log {
	char *path;
	const char *keypath;
	int fd;
	int locked;
	int empty; /* no record yet (seen under the lock) */
	int torn;  /* the file does not end with a newline */
	int have_key;
	struct audit_key key;
	struct buf out;  /* the bytes of one write */
	size_t last_off; /* where the last record starts in out */
	struct buf win;  /* bytes read from the file */
};

int
audit_log_open_fd(const char *path, int flags, struct phi_err *e)
{
	struct stat st;
	int fd, err;

	fd = open(path,
	    flags | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
	    0600);
	if (fd < 0) {
		err = errno;
		phi_err_set(e, PHI_EIO, "%s: %s", path,
		    err == ELOOP ? "is a symbolic link" : strerror(err));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_uid != geteuid() && st.st_uid != 0)) {
		close(fd);
		phi_err_set(e, PHI_EIO,
		    "%s: not a regular file of yours or root's", path);
		return -1;
	}
	return fd;
}

static int
log_open_fd(struct audit_log *l, struct phi_err *e)
{
	l->fd = audit_log_open_fd(l->path, O_RDWR, e);
	return l->fd < 0 ? PHI_EIO : PHI_OK;
}

int
audit_log_open(struct audit_log **out, const char *path, const char *keypath,
    struct phi_err *e)
{
	struct audit_log *l;
	int rc;

	*out = NULL;
	if ((l = calloc(1, sizeof(*l))) == NULL ||
	    (l->path = strdup(path)) == NULL) {
		free(l);
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	l->keypath = keypath;
	if ((rc = log_open_fd(l, e)) != PHI_OK) {
		audit_log_close(l);
		return rc;
	}
	*out = l;
	return PHI_OK;
}

void
audit_log_close(struct audit_log *l)
{
	if (l == NULL)
		return;
	if (l->fd >= 0)
		close(l->fd);
	audit_key_wipe(&l->key);
	buf_free(&l->out, 0);
	buf_free(&l->win, 0);
	free(l->path);
	free(l);
}

/* Takes the lock on the file the path names now. */
static int
log_flock(struct audit_log *l, struct phi_err *e)
{
	struct stat a, b;
	int tries, rc;

	for (tries = 0; tries < 100; tries++) {
		while (flock(l->fd, LOCK_EX) != 0)
			if (errno != EINTR)
				return phi_err_set(e, PHI_EIO, "%s: lock: %s",
				    l->path, strerror(errno));
		if (fstat(l->fd, &a) == 0 && stat(l->path, &b) == 0 &&
		    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return PHI_OK;
		close(l->fd); /* moved away: reopen the new one */
		if ((rc = log_open_fd(l, e)) != PHI_OK)
			return rc;
	}
	return phi_err_set(e, PHI_EIO, "%s: keeps being replaced", l->path);
}

/* Reads n bytes at off into l->win. */
static int
read_at(struct audit_log *l, off_t off, size_t n, struct phi_err *e)
{
	size_t got = 0;
	ssize_t r;
	char *p;

	l->win.len = 0;
	if ((p = buf_reserve(&l->win, n)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	while (got < n) {
		r = pread(l->fd, p + got, n - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return phi_err_set(e, PHI_EIO, "%s: read: %s", l->path,
			    r < 0 ? strerror(errno) : "file shrank");
		got += (size_t)r;
	}
	l->win.len = n;
	return PHI_OK;
}

/* The record in the complete line p[0..n), if it has seq and hash. */
static int
line_tail(const char *p, size_t n, struct audit_tail *t, int *found,
    struct phi_err *e)
{
	struct audit_line al;
	int rc;

	rc = audit_rec_line_parse(p, n, &al, e);
	if (rc == PHI_OK &&
	    (al.status == AUDIT_LINE_OK || al.status == AUDIT_LINE_CHANGED) &&
	    al.tree != NULL && al.hash[0] != '\0') {
		t->next_seq = al.seq + 1;
		memcpy(t->prev, al.hash, sizeof(t->prev));
		*found = 1;
	}
	audit_rec_line_free(&al);
	return rc;
}

/* Finds the last record in the window, which starts at file offset
 * off: backwards over complete lines, skipping lines that are not.
 * Sets *more when a line begins before the window. */
static int
tail_scan(struct audit_log *l, off_t off, struct audit_tail *t, int *more,
    struct phi_err *e)
{
	const char *w = l->win.p;
	size_t end = l->win.len, start;
	int found = 0, any = 0, rc;

	*more = 0;
	while (end > 0 && w[end - 1] != '\n')
		end--; /* drop a torn fragment */
	while (end > 0 && !found) {
		start = end - 1;
		while (start > 0 && w[start - 1] != '\n')
			start--;
		if (start == 0 && off > 0) {
			*more = 1; /* the line begins before the window */
			return PHI_OK;
		}
		any = 1;
		rc = line_tail(w + start, end - 1 - start, t, &found, e);
		if (rc != PHI_OK)
			return rc;
		end = start;
	}
	if (!found && !any && off == 0)
		l->empty = 1; /* nothing but a torn first write */
	else if (!found)
		return phi_err_set(e, PHI_EDATA,
		    "%s: no intact record at its end (see phi-audit verify)",
		    l->path);
	return PHI_OK;
}

/* Reads the end of the log, 8 KiB first, more while a line does not
 * fit, up to two records' worth. */
static int
read_tail(struct audit_log *l, struct audit_tail *t, struct phi_err *e)
{
	size_t n, want = TAIL_FIRST;
	struct stat st;
	int rc, more = 1;
	off_t off;

	t->next_seq = 0;
	memcpy(t->prev, AUDIT_ZERO_HASH, sizeof(t->prev));
	l->empty = l->torn = 0;
	if (fstat(l->fd, &st) != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: %s", l->path, strerror(errno));
	if (st.st_size == 0)
		l->empty = 1;
	for (rc = PHI_OK; rc == PHI_OK && more && !l->empty; want *= 4) {
		n = (uintmax_t)st.st_size < want ? (size_t)st.st_size : want;
		off = st.st_size - (off_t)n;
		if ((rc = read_at(l, off, n, e)) != PHI_OK)
			return rc;
		l->torn = l->win.p[n - 1] != '\n';
		rc = tail_scan(l, off, t, &more, e);
		if (rc == PHI_OK && more && want >= TAIL_WINDOW)
			return phi_err_set(e, PHI_EDATA,
			    "%s: its last line is longer than a record can be",
			    l->path);
	}
	return rc;
}

int
audit_log_lock(struct audit_log *l, struct audit_tail *t, struct phi_err *e)
{
	int rc;

	if ((rc = log_flock(l, e)) != PHI_OK)
		return rc;
	l->locked = 1;
	if ((rc = read_tail(l, t, e)) != PHI_OK)
		audit_log_unlock(l);
	return rc;
}

void
audit_log_unlock(struct audit_log *l)
{
	if (l->locked)
		(void)flock(l->fd, LOCK_UN);
	l->locked = 0;
}

/* Appends the record at nt to l->out and moves nt past it. */
static int
rec_add(struct audit_log *l, struct audit_tail *nt, struct audit_rec *r,
    struct phi_err *e)
{
	char hash[AUDIT_HASH_HEX + 1];
	int rc;

	r->seq = nt->next_seq;
	memcpy(r->prev, nt->prev, sizeof(r->prev));
	if ((rc = audit_rec_format(r, &l->out, hash, e)) != PHI_OK)
		return rc;
	nt->next_seq++;
	memcpy(nt->prev, hash, sizeof(nt->prev));
	return PHI_OK;
}

static int
rec_genesis(struct audit_log *l, struct audit_tail *nt,
    const struct audit_rec *like, struct phi_err *e)
{
	char hex[AUDIT_LOG_ID_HEX + 1], details[64];
	struct audit_rec g = *like;
	uint8_t id[AUDIT_LOG_ID_HEX / 2];

	if (RAND_bytes(id, sizeof(id)) != 1)
		return phi_err_set(e, PHI_ESOFTWARE, "no random bytes");
	hex_encode(id, sizeof(id), hex);
	snprintf(details, sizeof(details), "{\"log_id\":\"%s\"}", hex);
	g.event_type = AUDIT_EV_CREATED;
	g.end_user = NULL;
	g.details = details;
	return rec_add(l, nt, &g, e);
}

static int
user_pseudonym(struct audit_log *l, const char *id,
    char out[AUDIT_HASH_HEX + 1], struct phi_err *e)
{
	int rc;

	if (!l->have_key) {
		rc = audit_key_load(&l->key, l->keypath, l->path, e);
		if (rc != PHI_OK)
			return rc;
		l->have_key = 1;
	}
	return audit_key_pseudonym(&l->key, id, strlen(id), out, e);
}

/* After a failed append: the log cut back to size, its length before
 * (still under the lock), and synced, so that no part of the record
 * stays; cause says what failed.  Returns PHI_EIO. */
static int
write_undo(
    struct audit_log *l, off_t size, const char *cause, struct phi_err *e)
{
	if (ftruncate(l->fd, size) != 0 || fsync(l->fd) != 0)
		return phi_err_set(e, PHI_EIO,
		    "%s: %s, and the partial record could not be removed: %s",
		    l->path, cause, strerror(errno));
	return phi_err_set(
	    e, PHI_EIO, "%s: %s (the log is unchanged)", l->path, cause);
}

/* Writes l->out with one write(2), all or nothing. */
static int
write_out(struct audit_log *l, struct phi_err *e)
{
	char cause[160];
	struct stat st;
	ssize_t n;

	if (fstat(l->fd, &st) != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: %s", l->path, strerror(errno));
	do
		n = write(l->fd, l->out.p, l->out.len);
	while (n < 0 && errno == EINTR);
	if (n >= 0 && (size_t)n == l->out.len)
		return PHI_OK;
	if (n < 0)
		snprintf(cause, sizeof(cause), "write: %s", strerror(errno));
	else
		snprintf(cause, sizeof(cause), "short write (disk full?)");
	return write_undo(l, st.st_size, cause, e);
}

static int
rec_from_entry(struct audit_log *l, const struct audit_entry *en,
    struct audit_rec *r, char *ts, char *pseud, struct phi_err *e)
{
	memset(r, 0, sizeof(*r));
	if (en->event_type == NULL || *en->event_type == '\0')
		return phi_err_set(e, PHI_EDATA, "no event type");
	if (en->actor == NULL || *en->actor == '\0')
		return phi_err_set(e, PHI_EDATA, "no actor");
	r->timestamp = en->timestamp;
	if (r->timestamp == NULL) {
		if (audit_time_now(ts) != 0)
			return phi_err_set(e, PHI_ESOFTWARE, "no clock");
		r->timestamp = ts;
	}
	r->workspace = en->workspace != NULL ? en->workspace : "default";
	r->actor = en->actor;
	r->event_type = en->event_type;
	r->details = en->details;
	if (en->end_user == NULL || *en->end_user == '\0')
		return PHI_OK;
	r->end_user = pseud;
	return user_pseudonym(l, en->end_user, pseud, e);
}

/* The bytes of one append at *nt in l->out (the newline that ends a
 * torn line, the "Audit Log Created" record of an empty log, the
 * record); nt is moved past them. */
static int
put_format(struct audit_log *l, struct audit_tail *nt,
    const struct audit_entry *en, struct phi_err *e)
{
	char ts[AUDIT_TIME_LEN + 1], pseud[AUDIT_HASH_HEX + 1];
	struct audit_rec r;
	int rc;

	if (!l->locked)
		return phi_err_set(e, PHI_ESOFTWARE, "log not locked");
	if ((rc = rec_from_entry(l, en, &r, ts, pseud, e)) != PHI_OK)
		return rc;
	l->out.len = 0;
	if (l->torn)
		buf_putc(&l->out, '\n');
	if (l->empty && (rc = rec_genesis(l, nt, &r, e)) != PHI_OK)
		return rc;
	l->last_off = l->out.len;
	if ((rc = rec_add(l, nt, &r, e)) != PHI_OK)
		return rc;
	if (l->out.err != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	return PHI_OK;
}

int
audit_log_put(struct audit_log *l, struct audit_tail *t,
    const struct audit_entry *en, struct phi_err *e)
{
	struct audit_tail nt = *t;
	int rc;

	if ((rc = put_format(l, &nt, en, e)) != PHI_OK ||
	    (rc = write_out(l, e)) != PHI_OK)
		return rc;
	*t = nt;
	l->empty = l->torn = 0;
	return PHI_OK;
}

int
audit_log_append(
    struct audit_log *l, const struct audit_entry *en, struct phi_err *e)
{
	struct audit_tail t;
	int rc;

	if (en->event_type != NULL &&
	    strncmp(en->event_type, "Audit Log ", 10) == 0)
		return phi_err_set(e, PHI_EDATA,
		    "event types starting with \"Audit Log \" are reserved");
	if ((rc = audit_log_lock(l, &t, e)) != PHI_OK)
		return rc;
	rc = audit_log_put(l, &t, en, e);
	audit_log_unlock(l);
	return rc;
}

const char *
audit_log_last(const struct audit_log *l, size_t *len)
{
	*len = l->out.len - l->last_off;
	return l->out.p + l->last_off;
}

int
audit_log_sync(struct audit_log *l, struct phi_err *e)
{
	if (fsync(l->fd) != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: fsync: %s", l->path, strerror(errno));
	return PHI_OK;
}

/* The log id named by the complete line p[0..n), if it is a record;
 * *done is set when the line decides the answer. */
static int
head_id(const char *p, size_t n, char id[AUDIT_LOG_ID_HEX + 1], int *done,
    struct phi_err *e)
{
	struct audit_line al;
	const char *s;
	int rc;

	if ((rc = audit_rec_line_parse(p, n, &al, e)) != PHI_OK ||
	    (al.status != AUDIT_LINE_OK && al.status != AUDIT_LINE_CHANGED) ||
	    al.hash[0] == '\0')
		goto out;
	*done = 1;
	s = audit_rec_details_str(al.details, "log_id");
	if ((strcmp(al.event_type, AUDIT_EV_CREATED) != 0 &&
	        strcmp(al.event_type, AUDIT_EV_ROTATED) != 0) ||
	    s == NULL || !hex_is_lower(s, AUDIT_LOG_ID_HEX))
		rc = phi_err_set(e, PHI_EDATA,
		    "the log does not begin with its \"Audit Log Created\" or \"Rotated\" record");
	else
		memcpy(id, s, AUDIT_LOG_ID_HEX + 1);
out:
	audit_rec_line_free(&al);
	return rc;
}

int
audit_log_id(
    struct audit_log *l, char id[AUDIT_LOG_ID_HEX + 1], struct phi_err *e)
{
	struct stat st;
	size_t n, start;
	const char *nl;
	int done = 0, rc;

	if (fstat(l->fd, &st) != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: %s", l->path, strerror(errno));
	n = (uintmax_t)st.st_size < TAIL_WINDOW ? (size_t)st.st_size
	                                        : TAIL_WINDOW;
	if ((rc = read_at(l, 0, n, e)) != PHI_OK)
		return rc;
	for (start = 0; start < n && !done;
	     start = (size_t)(nl - l->win.p) + 1) {
		nl = memchr(l->win.p + start, '\n', n - start);
		if (nl == NULL)
			break;
		rc = head_id(l->win.p + start, (size_t)(nl - l->win.p) - start,
		    id, &done, e);
		if (rc != PHI_OK)
			return phi_err_prefix(e, "%s", l->path);
	}
	if (!done)
		return phi_err_set(
		    e, PHI_EDATA, "%s: no record names the log", l->path);
	return PHI_OK;
}

/* Copies the whole log to out (dest names it in messages). */
static int
copy_fd(struct audit_log *l, int out, const char *dest, struct phi_err *e)
{
	char b[65536];
	off_t off = 0;
	ssize_t n;

	for (;;) {
		n = pread(l->fd, b, sizeof(b), off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return phi_err_set(e, PHI_EIO, "%s: read: %s", l->path,
			    strerror(errno));
		if (n == 0)
			return PHI_OK;
		if (buf_write_all(out, b, (size_t)n) != 0)
			return phi_err_set(
			    e, PHI_EIO, "%s: write: %s", dest, strerror(errno));
		off += n;
	}
}

static int
rotated_details(struct buf *d, const char *id, const char *dest)
{
	const char *base = strrchr(dest, '/');

	base = base != NULL ? base + 1 : dest;
	buf_printf(d, "{\"log_id\":\"%s\",\"file\":", id);
	buf_json_string(d, base, strlen(base));
	buf_puts(d, "}");
	return buf_putc(d, '\0');
}

/* Gives a file made for the log the log's owner, where permitted (as
 * root, or the group alone as a member of it). */
static void
like_log(int fd, const struct stat *st)
{
	if (fchown(fd, st->st_uid, st->st_gid) != 0)
		(void)fchown(fd, (uid_t)-1, st->st_gid);
}

/* Under the lock, before anything is written: the log has records and is
 * a regular file (*st), dest does not exist yet. */
static int
rotate_check(
    struct audit_log *l, const char *dest, struct stat *st, struct phi_err *e)
{
	struct stat ds;

	memset(st, 0, sizeof(*st));
	if (l->empty)
		return phi_err_set(e, PHI_EDATA, "%s: no records", l->path);
	if (fstat(l->fd, st) != 0)
		return phi_err_set(
		    e, PHI_EIO, "%s: %s", l->path, strerror(errno));
	if (!S_ISREG(st->st_mode))
		return phi_err_set(
		    e, PHI_EDATA, "%s: not a regular file", l->path);
	if (lstat(dest, &ds) == 0)
		return audit_file_exists(dest, e);
	return PHI_OK;
}

/* The rotated copy: the whole log in a new file for dest with the log's
 * mode and owner, not named yet. */
static int
rotate_copy(struct audit_log *l, struct audit_file *f, const char *dest,
    const struct stat *st, struct phi_err *e)
{
	int rc;

	rc = audit_file_create(f, dest, st->st_mode & 0777, e);
	if (rc != PHI_OK)
		return rc;
	like_log(f->fd, st);
	return copy_fd(l, f->fd, dest, e);
}

/* The new log: a temporary file beside the log (its mode and owner)
 * holding the "Audit Log Rotated" record at *t, not in place yet. */
static int
rotate_start(struct audit_log *l, struct outfile *of, struct audit_tail *t,
    const struct audit_entry *en, const char *id, const char *dest,
    const struct stat *st, struct phi_err *e)
{
	struct audit_entry re = *en;
	struct buf d = BUF_INIT;
	int rc;

	if ((rc = outfile_open(of, l->path, e)) != PHI_OK)
		return rc;
	like_log(of->fd, st);
	rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	re.event_type = AUDIT_EV_ROTATED;
	re.end_user = NULL;
	if (rotated_details(&d, id, dest) == 0) {
		re.details = d.p;
		l->torn = 0; /* the new file does not go on a torn line */
		rc = put_format(l, t, &re, e);
	}
	if (rc == PHI_OK && buf_write_all(of->fd, l->out.p, l->out.len) != 0)
		rc = phi_err_set(
		    e, PHI_EIO, "%s: write: %s", l->path, strerror(errno));
	buf_free(&d, 0);
	return rc;
}

/* 1 if the path of the log names another file than the locked one: the
 * new log was renamed into place. */
static int
log_replaced(struct audit_log *l)
{
	struct stat a, b;

	return fstat(l->fd, &a) == 0 &&
	    (stat(l->path, &b) != 0 || a.st_dev != b.st_dev ||
	        a.st_ino != b.st_ino);
}

/* Adds to the message of a failure what became of the log. */
static int
rotate_failed(
    struct audit_log *l, struct audit_file *f, int rc, struct phi_err *e)
{
	const char *what = " (the log is not rotated)";
	struct phi_err ue;
	size_t n;

	if (rc != PHI_EIO || e == NULL)
		return rc;
	if (log_replaced(l))
		what = " (the log is rotated, but not yet safely on disk)";
	else if (audit_file_unlink(f, &ue) != PHI_OK)
		what = " (the log is not rotated; its rotated copy is left)";
	n = strlen(e->msg);
	snprintf(e->msg + n, sizeof(e->msg) - n, "%s", what);
	return rc;
}

/*
 * The rotated copy is made whole, fsync'd and named (never replacing a
 * file); then the new log, already whole and fsync'd, is renamed over
 * the log and the directory fsync'd, all under the lock of the old log.
 * Until that rename the old log is untouched; after it the rotation is
 * complete.  Writers waiting for the lock then find that the path names
 * another file and reopen it.
 */
int
audit_log_rotate(struct audit_log *l, const char *dest,
    const struct audit_entry *en, struct phi_err *e)
{
	char id[AUDIT_LOG_ID_HEX + 1];
	struct audit_file f = AUDIT_FILE_INIT;
	struct outfile of = OUTFILE_INIT;
	struct audit_tail t;
	struct stat st;
	int rc;

	if ((rc = audit_log_lock(l, &t, e)) != PHI_OK)
		return rc;
	if ((rc = rotate_check(l, dest, &st, e)) == PHI_OK &&
	    (rc = audit_log_id(l, id, e)) == PHI_OK &&
	    (rc = rotate_copy(l, &f, dest, &st, e)) == PHI_OK &&
	    (rc = rotate_start(l, &of, &t, en, id, dest, &st, e)) == PHI_OK &&
	    (rc = audit_file_link(&f, e)) == PHI_OK)
		rc = outfile_commit(&of, e);
	if (rc != PHI_OK)
		rc = rotate_failed(l, &f, rc, e);
	outfile_abort(&of);
	audit_file_close(&f);
	audit_log_unlock(l);
	return rc;
}
