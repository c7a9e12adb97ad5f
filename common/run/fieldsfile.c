/* fieldsfile.c - paths from --fields-from files (see fieldsfile.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl_tree.h>

#include "fieldsfile.h"
#include "yajlmem.h"

/* A report line: adds its path if its class is at least min.  The tree is
 * built through yajlmem, so a failed allocation is an error, not a crash;
 * the colour is read by class_colour_parse, the one colour parser. */
static int
report_line(struct pathset *ps, const char *line, enum class_colour min,
    struct phi_err *e)
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
		rc = pathset_add(ps, YAJL_GET_STRING(p), e);
out:
	yajlmem_release(&m);
	return rc;
}

static int
fields_line(
    struct pathset *ps, char *s, enum class_colour min, struct phi_err *e)
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
		return report_line(ps, s, min, e);
	return pathset_add(ps, s, e);
}

int
fields_load_file(struct pathset *ps, const char *path, enum class_colour min,
    struct phi_err *e)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	int rc = PHI_OK;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return phi_err_set(
		    e, PHI_ENOINPUT, "%s: %s", path, strerror(errno));
	while (rc == PHI_OK && getline(&line, &cap, f) != -1) {
		lineno++;
		if ((rc = fields_line(ps, line, min, e)) != PHI_OK)
			phi_err_prefix(e, "%s:%lu", path, lineno);
	}
	if (rc == PHI_OK && ferror(f))
		rc = phi_err_set(e, PHI_EIO, "%s: read error", path);
	free(line);
	fclose(f);
	return rc;
}
