/* fieldsfile.c - paths from --fields-from files (see fieldsfile.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl_tree.h>

#include "fieldsfile.h"

int
fields_colour_rank(const char *name)
{
	static const char *const names[] = {"green", "yellow", "red"};
	int i;

	for (i = 0; name != NULL && i < 3; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/* A report line: adds its path if its class ranks high enough. */
static int
report_line(struct pathset *ps, char *line, int min_rank, struct phi_err *e)
{
	static const char *pkey[] = {"path", NULL}, *ckey[] = {"class", NULL};
	yajl_val root, p, c;
	int rc = PHI_OK, rank;

	root = yajl_tree_parse(line, NULL, 0);
	p = yajl_tree_get(root, pkey, yajl_t_string);
	c = yajl_tree_get(root, ckey, yajl_t_string);
	if (p == NULL || c == NULL ||
	    (rank = fields_colour_rank(YAJL_GET_STRING(c))) < 0)
		rc = phi_err_set(e, PHI_EUSAGE,
		    "expected {\"path\":...,\"class\":\"green|yellow|red\"}");
	else if (rank >= min_rank)
		rc = pathset_add(ps, YAJL_GET_STRING(p), e);
	yajl_tree_free(root);
	return rc;
}

static int
fields_line(struct pathset *ps, char *s, int min_rank, struct phi_err *e)
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
		return report_line(ps, s, min_rank, e);
	return pathset_add(ps, s, e);
}

int
fields_load_file(
    struct pathset *ps, const char *path, int min_rank, struct phi_err *e)
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
		if ((rc = fields_line(ps, line, min_rank, e)) != PHI_OK)
			phi_err_prefix(e, "%s:%lu", path, lineno);
	}
	if (rc == PHI_OK && ferror(f))
		rc = phi_err_set(e, PHI_EIO, "%s: read error", path);
	free(line);
	fclose(f);
	return rc;
}
