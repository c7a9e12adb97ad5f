/* audithook.c - the self-audit hook (see audithook.h). */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audithook.h"
#include "auditlog.h"

static const char *
env_or_null(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

void
audit_hook_actor(char *out, size_t n)
{
	struct passwd *pw;

	if (getlogin_r(out, n) == 0 && *out != '\0')
		return;
	pw = getpwuid(getuid());
	if (pw != NULL && pw->pw_name != NULL && strlen(pw->pw_name) < n) {
		memcpy(out, pw->pw_name, strlen(pw->pw_name) + 1);
		return;
	}
	snprintf(out, n, "uid:%lu", (unsigned long)getuid());
}

int
audit_hook(const char *log_path, const char *event_type, const char *end_user,
    const char *details_json, struct phi_err *e)
{
	struct audit_entry en = {0};
	struct audit_log *l = NULL;
	char actor[256];
	int rc;

	if (log_path == NULL &&
	    (log_path = env_or_null("PHI_AUDIT_LOG")) == NULL)
		return PHI_OK;
	audit_hook_actor(actor, sizeof(actor));
	en.workspace = env_or_null("PHI_AUDIT_WORKSPACE");
	en.actor = actor;
	en.event_type = event_type;
	en.end_user = end_user;
	en.details = details_json;
	rc = audit_log_open(&l, log_path, env_or_null("PHI_AUDIT_KEY"), e);
	if (rc == PHI_OK)
		rc = audit_log_append(l, &en, e);
	audit_log_close(l);
	if (rc != PHI_OK && e != NULL) {
		phi_err_prefix(e, "audit log");
		e->code = PHI_EIO;
	}
	if (rc != PHI_OK)
		return PHI_EIO;
	return PHI_OK;
}

int
audit_hook_ready(const char *log_path, struct phi_err *e)
{
	int fd;

	if (log_path == NULL && (log_path = getenv("PHI_AUDIT_LOG")) == NULL)
		return PHI_OK;
	if ((fd = audit_log_open_fd(log_path, O_WRONLY, e)) < 0) {
		phi_err_prefix(e, "audit log");
		return PHI_EIO;
	}
	close(fd);
	return PHI_OK;
}
