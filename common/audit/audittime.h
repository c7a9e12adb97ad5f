/*
 * audittime.h - audit log timestamps: UTC, RFC 3339 with milliseconds
 * ("2026-11-23T03:57:46.123Z", always 24 characters), and the parse of
 * any RFC 3339 date-time into milliseconds since the epoch.
 */
#ifndef PHI_AUDITTIME_H
#define PHI_AUDITTIME_H

#include <stdint.h>

#include "phierr.h"

#define AUDIT_TIME_LEN 24

/* The current time; 0, or -1 if the clock cannot be read. */
int audit_time_now(char out[AUDIT_TIME_LEN + 1]);

/* Milliseconds since 1970-01-01T00:00:00Z, years 0000 to 9999. */
int audit_time_format(int64_t ms, char out[AUDIT_TIME_LEN + 1]);

/* "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)", 'T' and 'Z' in either
 * case; fractions past milliseconds are cut.  0, or -1 when s is not
 * such a date-time (or names a day that does not exist). */
int audit_time_parse(const char *s, int64_t *ms);

/* Parses any RFC 3339 date-time and writes it the audit log's way. */
int audit_time_normalize(const char *s, char out[AUDIT_TIME_LEN + 1]);

/* A named time zone of the system's tz database (tzdata), for local
 * hours with their daylight saving time: audit_time_tz_check() makes
 * sure the zone file exists (the C library silently takes an unknown
 * name for UTC), audit_time_tz_use() sets TZ to it for the process and
 * audit_time_tz_restore() puts back the TZ of before.  Zone files are
 * looked up under $TZDIR, else /usr/share/zoneinfo. */
struct audit_time_tz {
	char *saved; /* the TZ of before (had: there was one) */
	int had, on;
};

/* 0, or PHI_EUSAGE naming the zone when it is not a zone file there. */
int audit_time_tz_check(const char *name, struct phi_err *e);
int audit_time_tz_use(
    struct audit_time_tz *z, const char *name, struct phi_err *e);
void audit_time_tz_restore(struct audit_time_tz *z);

/* The hour (0 to 23) of ms in the local time zone (TZ). */
int audit_time_local_hour(int64_t ms);

#endif
