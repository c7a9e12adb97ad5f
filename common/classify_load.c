/*
 * classify_load.c - finding and loading the rules: the default rules
 * file of the data directory, then the user's files (see classify.h).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"

#ifndef PHI_DATADIR
#define PHI_DATADIR "/usr/local/share/phi-tools"
#endif

#define RULES_REL "/rules/default.rules"

/* <dir of the running program>/../../share/rules/default.rules */
static int
build_tree_path(char *out, size_t n)
{
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (len <= 0)
		return -1;
	exe[len] = '\0';
	if ((slash = strrchr(exe, '/')) == NULL)
		return -1;
	*slash = '\0';
	if ((size_t)snprintf(out, n, "%s/../../share%s", exe, RULES_REL) >= n)
		return -1;
	return access(out, R_OK);
}

void
classifier_default_path(char *out, size_t n)
{
	const char *env = getenv("PHI_DATADIR");

	if (env != NULL && *env != '\0') {
		snprintf(out, n, "%s%s", env, RULES_REL);
		return;
	}
	snprintf(out, n, "%s%s", PHI_DATADIR, RULES_REL);
	if (access(out, R_OK) == 0 || build_tree_path(out, n) == 0)
		return;
	snprintf(out, n, "%s%s", PHI_DATADIR, RULES_REL);
}

int
classifier_load(struct classifier **out, const char *const *user_rule_files,
    size_t n, struct phi_err *e)
{
	char path[PATH_MAX + 64];
	struct ruleset *rs = ruleset_new();
	size_t i;
	int rc;

	*out = NULL;
	if (rs == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	classifier_default_path(path, sizeof(path));
	rc = ruleset_load_file(rs, path, e);
	if (rc == PHI_ENOINPUT)
		phi_err_prefix(e, "default rules (set PHI_DATADIR)");
	for (i = 0; rc == PHI_OK && i < n; i++)
		rc = ruleset_load_file(rs, user_rule_files[i], e);
	if (rc != PHI_OK) {
		ruleset_free(rs);
		return rc;
	}
	return classifier_new(out, rs, e);
}
