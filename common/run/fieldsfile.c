/* fieldsfile.c - paths from --fields-from files (see fieldsfile.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl_tree.h>

#include "fieldsfile.h"
#include "lines.h"
#include "yajlmem.h"

/* A report path with ["…"]: the object before each one to keys, and the
 * path with `*` for each to ps.  A map at the top level has no path. */
static int
report_masked(
    struct pathset *ps, struct pathset *keys, const char *p, struct phi_err *e)
{
	size_t ml = strlen(PATH_MASKED);
	struct buf b = BUF_INIT;
	const char *m;
	int rc = PHI_OK;

	while (rc == PHI_OK && (m = strstr(p, PATH_MASKED)) != NULL) {
		buf_append(&b, p, (size_t)(m - p));
		if (b.len == 0)
			rc = phi_err_set(e, PHI_EUSAGE,
			    "keys of the event itself are PHI: only --class can select them");
		else if (buf_putc(&b, '\0') != 0)
			rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		else
			rc = pathset_add(keys, b.p, e);
		b.len = b.len > 0 ? b.len - 1 : 0;
		buf_puts(&b, b.len > 0 ? ".*" : "*");
		p = m + ml;
	}
	if (rc == PHI_OK && (buf_puts(&b, p) != 0 || buf_putc(&b, '\0') != 0))
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (rc == PHI_OK)
		rc = pathset_add(ps, b.p, e);
	buf_free(&b, 0);
	return rc;
}

static int
report_add(struct pathset *ps, struct pathset *keys, const char *path,
    struct phi_err *e)
{
	if (path == NULL)
		return phi_err_set(e, PHI_EUSAGE, "expected a \"path\" string");
	if (strstr(path, PATH_MASKED) != NULL)
		return report_masked(ps, keys, path, e);
	return pathset_add(ps, path, e);
}

/* A report line: adds its path if its class is at least min.  The tree is
 * built through yajlmem, so a failed allocation is an error, not a crash;
 * the colour is read by class_colour_parse, the one colour parser. */
static int
report_line(struct pathset *ps, struct pathset *keys, const char *line,
    enum class_colour min, struct phi_err *e)
{
	static const char *pkey[] = {"path", NULL}, *ckey[] = {"class", NULL};
	struct yajlmem m;
	yajl_val root = NULL, p = NULL, c = NULL;
	enum class_colour colour;
	int rc = PHI_OK;

	yajlmem_init(&m);
	if (yajlmem_tree_parse(&m, line, strlen(line), &root) == YAJLMEM_OOM) {
		rc = phi_err_set(e, PHI_ESOFTWARE, "out of memory");
		goto out;
	}
	p = yajl_tree_get(root, pkey, yajl_t_string);
	c = yajl_tree_get(root, ckey, yajl_t_string);
	if (p == NULL || c == NULL ||
	    class_colour_parse(YAJL_GET_STRING(c), &colour) != PHI_OK)
		rc = phi_err_set(e, PHI_EUSAGE,
		    "expected {\"path\":...,\"class\":\"green|yellow|red\"}");
	else if (colour >= min)
		rc = report_add(ps, keys, YAJL_GET_STRING(p), e);
out:
	yajlmem_release(&m);
	return rc;
}

static int
fields_line(struct pathset *ps, struct pathset *keys, char *s,
    enum class_colour min, struct phi_err *e)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		s[--n] = '\0';
	if (n == 0 || *s == '#')
		return PHI_OK;
	if (*s == '{')
		return report_line(ps, keys, s, min, e);
	return pathset_add(ps, s, e);
}

struct fields_load {
	struct pathset *ps, *keys;
	const char *path;
	enum class_colour min;
	struct buf line; /* the line, to trim in place */
};

/* A line from lines_each, copied to be trimmed; up to a NUL byte, as
 * the paths are C strings. */
static int
fields_load_line(void *ctx, const char *s, size_t n, int nl, uint64_t lineno,
    struct phi_err *e)
{
	struct fields_load *l = ctx;
	int rc;

	(void)nl;
	l->line.len = 0;
	if (buf_append(&l->line, s, n + 1) != 0)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	rc = fields_line(l->ps, l->keys, l->line.p, l->min, e);
	if (rc != PHI_OK)
		phi_err_prefix(
		    e, "%s:%llu", l->path, (unsigned long long)lineno);
	return rc;
}

/* Lines of at most FIELDS_LINE_MAX bytes: a longer one is a list that
 * does not parse (64, like any bad line of it). */
int
fields_file_load(struct pathset *ps, struct pathset *keys, const char *path,
    enum class_colour min, struct phi_err *e)
{
	struct fields_load l = {
	    .ps = ps, .keys = keys, .path = path, .min = min, .line = BUF_INIT};
	int rc;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return phi_err_set(
		    e, PHI_ENOINPUT, "%s: %s", path, strerror(errno));
	rc = lines_each(f, path, FIELDS_LINE_MAX, fields_load_line, &l, e);
	if (rc == PHI_EDATA) {
		rc = PHI_EUSAGE;
		if (e != NULL)
			e->code = rc;
	}
	buf_free(&l.line, 0);
	fclose(f);
	return rc;
}
