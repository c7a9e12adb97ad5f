/* audittime.c - RFC 3339 timestamps (see audittime.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audittime.h"

#define MS_PER_DAY INT64_C(86400000)

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int
audit_time_format(int64_t ms, char out[AUDIT_TIME_LEN + 1])
{
	int64_t day, rem;
	char tmp[64];
	int y, m, d;

	day =
	    ms >= 0 ? ms / MS_PER_DAY : -((-ms + MS_PER_DAY - 1) / MS_PER_DAY);
	rem = ms - day * MS_PER_DAY;
	civil_from_days(day, &y, &m, &d);
	if (y < 0 || y > 9999)
		return -1;
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m,
	    d, (int)(rem / 3600000), (int)(rem / 60000 % 60),
	    (int)(rem / 1000 % 60), (int)(rem % 1000));
	memcpy(out, tmp, AUDIT_TIME_LEN + 1);
	return 0;
}

int
audit_time_now(char out[AUDIT_TIME_LEN + 1])
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return -1;
	return audit_time_format(
	    (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000, out);
}

/* n decimal digits at s; -1 if any is not a digit. */
static int
digits(const char *s, int n)
{
	int v = 0;

	for (; n > 0; n--, s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = {
	    31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dm[m - 1];
}

/* The zone at s: "Z" or "+HH:MM"; sets *off_min; -1 if bad. */
static int
parse_zone(const char *s, int *off_min)
{
	int h, mi;

	if ((s[0] == 'Z' || s[0] == 'z') && s[1] == '\0') {
		*off_min = 0;
		return 0;
	}
	if ((s[0] != '+' && s[0] != '-') || strlen(s) != 6 || s[3] != ':')
		return -1;
	h = digits(s + 1, 2);
	mi = digits(s + 4, 2);
	if (h < 0 || h > 23 || mi < 0 || mi > 59)
		return -1;
	*off_min = (s[0] == '-' ? -1 : 1) * (h * 60 + mi);
	return 0;
}

int
audit_time_parse(const char *s, int64_t *ms)
{
	int y, mo, d, h, mi, se, frac = 0, scale = 100, off;
	const char *p;

	if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		return -1;
	y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
	h = digits(s + 11, 2), mi = digits(s + 14, 2), se = digits(s + 17, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 ||
	    mi > 59 || se < 0 || se > 60 || d > days_in_month(y, mo))
		return -1;
	p = s + 19;
	if (*p == '.') {
		if (p[1] < '0' || p[1] > '9')
			return -1;
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			frac += scale * (*p - '0');
	}
	if (parse_zone(p, &off) != 0)
		return -1;
	if (se == 60) /* a leap second: the last millisecond before it */
		se = 59, frac = 999;
	*ms = (days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
	          (int64_t)off * 60) *
	        1000 +
	    frac;
	return 0;
}

int
audit_time_normalize(const char *s, char out[AUDIT_TIME_LEN + 1])
{
	int64_t ms;

	if (audit_time_parse(s, &ms) != 0)
		return -1;
	return audit_time_format(ms, out);
}

/* Is name a plain zone name: letters, digits and _ + - . in parts
 * between slashes, none empty, none "." or ".."? */
static int
audit_time_tz_name_ok(const char *name)
{
	const char *p, *part = name;

	if (*name == '\0' || strlen(name) > 200)
		return 0;
	for (p = name;; p++) {
		if (*p == '/' || *p == '\0') {
			if (p == part || (p - part == 1 && part[0] == '.') ||
			    (p - part == 2 && strncmp(part, "..", 2) == 0))
				return 0;
			if (*p == '\0')
				return 1;
			part = p + 1;
		} else if (
		    strchr(
		        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+-.",
		        *p) == NULL)
			return 0;
	}
}

/* Does path start as a compiled zone file does ("TZif")? */
static int
audit_time_tz_file_ok(const char *path)
{
	char magic[4];
	FILE *f = fopen(path, "rb");
	int ok;

	if (f == NULL)
		return 0;
	ok = fread(magic, 1, sizeof(magic), f) == sizeof(magic) &&
	    memcmp(magic, "TZif", sizeof(magic)) == 0;
	fclose(f);
	return ok;
}

int
audit_time_tz_check(const char *name, struct phi_err *e)
{
	const char *dir = getenv("TZDIR");
	char path[512];

	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	if (!audit_time_tz_name_ok(name))
		return phi_err_set(e, PHI_EUSAGE,
		    "--tz: expected a time zone name such as America/Chicago, Europe/Berlin or UTC");
	if (snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	        (int)sizeof(path) ||
	    !audit_time_tz_file_ok(path))
		return phi_err_set(e, PHI_EUSAGE,
		    "--tz %s: unknown time zone (no zone file %s; is tzdata installed?)",
		    name, path);
	return PHI_OK;
}

int
audit_time_tz_use(struct audit_time_tz *z, const char *name, struct phi_err *e)
{
	const char *old = getenv("TZ");
	int rc;

	memset(z, 0, sizeof(*z));
	if ((rc = audit_time_tz_check(name, e)) != PHI_OK)
		return rc;
	z->had = old != NULL;
	if (old != NULL && (z->saved = strdup(old)) == NULL)
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	if (setenv("TZ", name, 1) != 0) {
		free(z->saved);
		z->saved = NULL;
		return phi_err_set(e, PHI_ESOFTWARE, "out of memory");
	}
	z->on = 1;
	tzset();
	return PHI_OK;
}

void
audit_time_tz_restore(struct audit_time_tz *z)
{
	if (!z->on)
		return;
	if (z->had)
		(void)setenv("TZ", z->saved, 1);
	else
		(void)unsetenv("TZ");
	tzset();
	free(z->saved);
	memset(z, 0, sizeof(*z));
}

int
audit_time_local_hour(int64_t ms)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : -((999 - ms) / 1000));
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return tm.tm_hour;
}
