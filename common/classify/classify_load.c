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

/* <dir of the running program>/REL/rules/default.rules: the build tree
 * (REL "../../share") or an installation moved or made with another
 * PREFIX than the one compiled in (REL "../share/phi-tools"). */
static int
exe_relative_path(char *out, size_t n, const char *rel)
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
	if ((size_t)snprintf(out, n, "%s/%s%s", exe, rel, RULES_REL) >= n)
		return -1;
	return access(out, R_OK);
}

void
classify_default_path(char *out, size_t n)
{
	const char *env = getenv("PHI_DATADIR");

	if (env != NULL && *env != '\0') {
		snprintf(out, n, "%s%s", env, RULES_REL);
		return;
	}
	snprintf(out, n, "%s%s", PHI_DATADIR, RULES_REL);
	if (access(out, R_OK) == 0 ||
	    exe_relative_path(out, n, "../share/phi-tools") == 0 ||
	    exe_relative_path(out, n, "../../share") == 0)
		return;
	snprintf(out, n, "%s%s", PHI_DATADIR, RULES_REL);
}

int
classify_load(struct classifier **out, const char *const *user_rule_files,
    size_t n, struct phi_err *e)
{
	char path[PATH_MAX + 64];
	struct ruleset *rs = ruleset_new();
	size_t i;
	int rc;

	*out = NULL;
	if (rs == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	classify_default_path(path, sizeof(path));
	rc = ruleset_load_file(rs, path, e);
	if (rc == PHI_ENOINPUT)
		phi_err_prefix(e, "default rules (set PHI_DATADIR)");
	for (i = 0; rc == PHI_OK && i < n; i++)
		rc = ruleset_load_file(rs, user_rule_files[i], e);
	if (rc != PHI_OK) {
		ruleset_free(rs);
		return rc;
	}
	return classify_new(out, rs, e);
}
