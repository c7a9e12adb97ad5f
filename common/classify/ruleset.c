/* ruleset.c - the rules file parser and printer (see ruleset.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "ruleset.h"

struct ruleset *
ruleset_new(void)
{
	return calloc(1, sizeof(struct ruleset));
}

void
ruleset_free(struct ruleset *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++)
		free(rs->rule[i].pats);
	for (i = 0; i < rs->nfiles; i++)
		free(rs->files[i]);
	for (i = 0; i < rs->nnames; i++)
		free(rs->names[i].path);
	free(rs->names);
	free(rs);
}

int
ruleset_find(const struct ruleset *rs, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strlen(rs->rule[i].name) == n &&
		    memcmp(rs->rule[i].name, name, n) == 0)
			return (int)i;
	return -1;
}

/* The state of one file being parsed. */
struct rparse {
	struct ruleset *rs;
	const char *name;
	unsigned line, def_line;
	struct rule *cur;
	int is_new, got_colour, keys_replaced, ctx_replaced;
	uint64_t here[RULES_MAX / 64]; /* rules defined in this file */
	struct phi_err *e;
};

static int __attribute__((format(printf, 2, 3)))
perr(struct rparse *p, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return phi_err_set(
	    p->e, PHI_EUSAGE, "%s:%u: %s", p->name, p->line, msg);
}

static int
pat_add(struct rparse *p, const char *item, size_t n, int context)
{
	struct rule *r = p->cur;
	struct rule_pat pat, *np;
	struct keyname k;
	size_t i;

	memset(&pat, 0, sizeof(pat));
	pat.context = (unsigned char)context;
	if (n > 0 && item[0] == '*')
		pat.mode = PAT_SUFFIX, item++, n--;
	if (n > 0 && item[n - 1] == '*') {
		if (pat.mode != PAT_WHOLE)
			return perr(
			    p, "'*%.*s': a star at one end only", (int)n, item);
		pat.mode = PAT_PREFIX, n--;
	}
	if (keyname_norm(item, n, &k) != 0)
		return perr(p,
		    "bad key name '%.*s' (empty, or longer than %d letters)",
		    (int)(n > 80 ? 80 : n), item, KEYNAME_MAX);
	memcpy(pat.s, k.s, k.len + 1);
	pat.len = (unsigned char)k.len;
	for (i = 0; i < r->npats; i++)
		if (memcmp(&r->pats[i], &pat, sizeof(pat)) == 0)
			return PHI_OK;
	if (r->npats == r->cap) {
		size_t cap = r->cap == 0 ? 8 : r->cap * 2;
		if ((np = realloc(r->pats, cap * sizeof(*np))) == NULL)
			return phi_err_set(
			    p->e, PHI_ESOFTWARE, "out of memory");
		r->pats = np, r->cap = cap;
	}
	r->pats[r->npats++] = pat;
	return PHI_OK;
}

/* Drops the keys (context 0) or context patterns (1) of the rule. */
static void
pats_clear(struct rule *r, int context)
{
	size_t i, j = 0;

	for (i = 0; i < r->npats; i++)
		if (r->pats[i].context != context)
			r->pats[j++] = r->pats[i];
	r->npats = j;
}

static int
attr_list(struct rparse *p, const char *v, int context, int append)
{
	int *replaced = context ? &p->ctx_replaced : &p->keys_replaced;
	const char *comma;
	int rc;

	if (!append && !p->is_new && !*replaced)
		pats_clear(p->cur, context);
	*replaced = 1;
	if (*v == '\0')
		return perr(p, "%s: empty list", context ? "context" : "keys");
	for (;;) {
		comma = strchr(v, ',');
		rc = pat_add(
		    p, v, comma ? (size_t)(comma - v) : strlen(v), context);
		if (rc != PHI_OK || comma == NULL)
			return rc;
		v = comma + 1;
	}
}

static int
attr_bool(struct rparse *p, const char *attr, const char *v, int *out)
{
	if (strcmp(v, "yes") == 0)
		*out = 1;
	else if (strcmp(v, "no") == 0)
		*out = 0;
	else
		return perr(p, "%s=%.40s: expected yes or no", attr, v);
	return PHI_OK;
}

static int
attr(struct rparse *p, char *w)
{
	char *eq = strchr(w, '='), *v;
	int append, k;

	if (eq == NULL || eq == w)
		return perr(p, "expected NAME=VALUE, got '%.40s'", w);
	v = eq + 1;
	append = eq[-1] == '+';
	eq[-append] = '\0';
	if (strcmp(w, "keys") == 0 || strcmp(w, "context") == 0)
		return attr_list(p, v, w[0] == 'c', append);
	if (append)
		return perr(p, "%s+=: only keys+= and context+= add", w);
	if (strcmp(w, "colour") == 0 || strcmp(w, "color") == 0) {
		if (class_colour_parse(v, &p->cur->colour) != PHI_OK)
			return perr(p,
			    "unknown colour '%.40s' (red, yellow, green)", v);
		p->got_colour = 1;
		return PHI_OK;
	}
	if (strcmp(w, "value") == 0) {
		if ((k = vkind_parse(v, strlen(v))) < 0)
			return perr(p, "unknown value kind '%.40s'", v);
		p->cur->kind = (enum vkind)k;
		return PHI_OK;
	}
	if (strcmp(w, "similar") == 0)
		return attr_bool(p, w, v, &p->cur->similar);
	if (strcmp(w, "scan") == 0)
		return attr_bool(p, w, v, &p->cur->scan);
	return perr(p,
	    "unknown attribute '%.40s' (colour, keys, context, value, similar, scan)",
	    w);
}

/* Checks the definition that just ended. */
static int
def_finish(struct rparse *p)
{
	struct rule *r = p->cur;
	size_t i, keys = 0, ctx = 0;
	unsigned line = p->line;
	int rc = PHI_OK;

	if (r == NULL)
		return PHI_OK;
	for (i = 0; i < r->npats; i++)
		r->pats[i].context ? ctx++ : keys++;
	p->line = p->def_line;
	if (p->is_new && !p->got_colour)
		rc = perr(p, "rule %s: no colour= given", r->name);
	else if (keys + ctx == 0 && r->kind == VK_NONE)
		rc = perr(p,
		    "rule %s matches nothing (give keys=, context= or value=)",
		    r->name);
	else if (ctx > 0 && r->kind == VK_NONE)
		rc = perr(p, "rule %s: context= needs value=", r->name);
	p->line = line;
	p->cur = NULL;
	return rc;
}

static int
def_start(struct rparse *p, const char *name)
{
	struct ruleset *rs = p->rs;
	size_t n = strlen(name), i;
	int idx;

	for (i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_-", name[i]))
			break;
	if (n == 0 || n > RULE_NAME_MAX || i < n)
		return perr(p,
		    "bad rule name '%.40s' (up to %d of a-z 0-9 _ -)", name,
		    RULE_NAME_MAX);
	idx = ruleset_find(rs, name, n);
	if (idx >= 0 && (p->here[idx / 64] >> (idx % 64) & 1))
		return perr(p, "rule %s is defined twice in this file", name);
	p->is_new = idx < 0;
	if (idx < 0) {
		if (rs->n == RULES_MAX)
			return perr(p, "more than %d rules", RULES_MAX);
		idx = (int)rs->n++;
		memset(&rs->rule[idx], 0, sizeof(rs->rule[idx]));
		memcpy(rs->rule[idx].name, name, n + 1);
		rs->rule[idx].similar = rs->rule[idx].scan = 1;
		rs->rule[idx].file = p->name;
		rs->rule[idx].line = p->line;
	}
	p->here[idx / 64] |= (uint64_t)1 << (idx % 64);
	p->cur = &rs->rule[idx];
	p->def_line = p->line;
	p->keys_replaced = p->ctx_replaced = p->got_colour = 0;
	return PHI_OK;
}

/* The next white-space separated word of *s (NUL-terminated in place). */
static char *
word_next(char **s)
{
	char *w = *s + strspn(*s, " \t\r\f\v");

	if (*w == '\0' || *w == '#')
		return NULL;
	*s = w + strcspn(w, " \t\r\f\v");
	if (**s != '\0')
		*(*s)++ = '\0';
	return w;
}

/* "names LIST FILE": FILE relative to the directory of p->name. */
static int
names_line(struct rparse *p, char *s)
{
	const char *list = word_next(&s), *file = word_next(&s);
	const char *slash = strrchr(p->name, '/');
	int dir = slash != NULL && file != NULL && file[0] != '/'
	    ? (int)(slash - p->name + 1)
	    : 0;
	struct rule_names *nm;
	size_t len;

	if (list == NULL || file == NULL || word_next(&s) != NULL ||
	    names_list_parse(list) < 0)
		return perr(p, "expected 'names first|last|common FILE'");
	if (p->rs->nnames >= 1024)
		return perr(p, "too many names files");
	nm = realloc(p->rs->names, (p->rs->nnames + 1) * sizeof(*nm));
	if (nm == NULL)
		return phi_err_set(p->e, PHI_ESOFTWARE, "out of memory");
	p->rs->names = nm;
	nm += p->rs->nnames;
	len = (size_t)dir + strlen(file) + 1;
	if ((nm->path = malloc(len)) == NULL)
		return phi_err_set(p->e, PHI_ESOFTWARE, "out of memory");
	snprintf(nm->path, len, "%.*s%s", dir, p->name, file);
	nm->list = names_list_parse(list);
	p->rs->nnames++;
	return PHI_OK;
}

static int
rules_line(struct rparse *p, char *s)
{
	int cont = s[0] == ' ' || s[0] == '\t';
	char *w = word_next(&s);
	int rc;

	if (w == NULL)
		return PHI_OK;
	if (!cont && strcmp(w, "names") == 0)
		return (rc = def_finish(p)) != PHI_OK ? rc : names_line(p, s);
	if (!cont) {
		if (strcmp(w, "rule") != 0)
			return perr(p,
			    "expected 'rule NAME ...' or 'names LIST FILE' (continuation lines start with white space)");
		if ((rc = def_finish(p)) != PHI_OK)
			return rc;
		if ((w = word_next(&s)) == NULL)
			return perr(p, "rule name missing");
		if ((rc = def_start(p, w)) != PHI_OK)
			return rc;
	} else if (p->cur == NULL)
		return perr(p, "continuation line outside a rule");
	else if ((rc = attr(p, w)) != PHI_OK)
		return rc;
	while ((w = word_next(&s)) != NULL)
		if ((rc = attr(p, w)) != PHI_OK)
			return rc;
	return PHI_OK;
}

static const char *
file_name_add(struct ruleset *rs, const char *name, struct phi_err *e)
{
	char *copy = NULL;

	if (rs->nfiles == sizeof(rs->files) / sizeof(rs->files[0]))
		phi_err_set(e, PHI_EUSAGE, "%s: too many rules files", name);
	else if ((copy = strdup(name)) == NULL)
		phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	else
		rs->files[rs->nfiles++] = copy;
	return copy;
}

int
ruleset_parse(struct ruleset *rs, const char *name, const char *text,
    size_t len, struct phi_err *e)
{
	struct rparse p;
	struct buf line = BUF_INIT;
	size_t i = 0, end;
	int rc = PHI_OK;

	memset(&p, 0, sizeof(p));
	p.rs = rs, p.e = e;
	if ((p.name = file_name_add(rs, name, e)) == NULL)
		return e->code;
	while (rc == PHI_OK && i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		end = nl != NULL ? (size_t)(nl - text) : len;
		p.line++;
		line.len = 0;
		if (buf_append(&line, text + i, end - i) != 0 ||
		    buf_putc(&line, '\0') != 0)
			rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		else if (memchr(line.p, '\0', line.len - 1) != NULL)
			rc = perr(&p, "NUL byte in line");
		else
			rc = rules_line(&p, line.p);
		i = end + 1;
	}
	if (rc == PHI_OK)
		rc = def_finish(&p);
	buf_free(&line, 0);
	return rc;
}

int
ruleset_load_file(struct ruleset *rs, const char *path, struct phi_err *e)
{
	struct buf b = BUF_INIT;
	FILE *f = fopen(path, "r");
	size_t n;
	int rc;

	if (f == NULL)
		return phi_err_set(
		    e, PHI_ENOINPUT, "%s: %s", path, strerror(errno));
	do {
		if (buf_reserve(&b, 65536) == NULL) {
			fclose(f);
			buf_free(&b, 0);
			return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		}
		n = fread(b.p + b.len, 1, 65536, f);
		b.len += n;
	} while (n > 0 && b.len <= RULES_FILE_MAX);
	if (ferror(f))
		rc = phi_err_set(e, PHI_ENOINPUT, "%s: read error", path);
	else if (b.len > RULES_FILE_MAX)
		rc = phi_err_set(e, PHI_EUSAGE, "%s: larger than 4M", path);
	else
		rc = ruleset_parse(rs, path, b.p, b.len, e);
	fclose(f);
	buf_free(&b, 0);
	return rc;
}

/* Writes the keys (context 0) or context patterns of r, wrapped. */
static void
print_pats(const struct rule *r, int context, struct buf *out)
{
	size_t i, col = 0;

	for (i = 0; i < r->npats; i++) {
		const struct rule_pat *pt = &r->pats[i];
		if (pt->context != context)
			continue;
		if (col == 0 || col + pt->len > 72) {
			if (col > 0)
				buf_putc(out, '\n');
			buf_printf(out, "\t%s=", context ? "context" : "keys");
			col = context ? 16 : 13;
		} else
			buf_putc(out, ','), col++;
		buf_printf(out, "%s%s%s", pt->mode == PAT_SUFFIX ? "*" : "",
		    pt->s, pt->mode == PAT_PREFIX ? "*" : "");
		col += pt->len + (pt->mode != PAT_WHOLE);
	}
	if (col > 0)
		buf_putc(out, '\n');
}

int
ruleset_print(const struct ruleset *rs, struct buf *out)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->rule[i];
		if (r->kind == VK_NONE && r->npats == 0) { /* a built-in one */
			buf_printf(out, "# built in: rule %s colour=%s\n",
			    r->name, class_colour_name(r->colour));
			continue;
		}
		buf_printf(out, "rule %s colour=%s", r->name,
		    class_colour_name(r->colour));
		if (r->kind != VK_NONE)
			buf_printf(out, " value=%s", vkind_name(r->kind));
		if (!r->similar)
			buf_puts(out, " similar=no");
		if (!r->scan)
			buf_puts(out, " scan=no");
		buf_putc(out, '\n');
		print_pats(r, 0, out);
		print_pats(r, 1, out);
	}
	return out->err != 0 ? -1 : 0;
}
