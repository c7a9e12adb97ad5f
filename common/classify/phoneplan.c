/* phoneplan.c - look-ups in the numbering-plan table (see phoneplan.h). */
#include <string.h>

#include "phoneplan.h"

const struct phoneplan_country *
phoneplan_by_cc(const char *d, size_t nd, size_t *cclen)
{
	size_t i, k;
	unsigned v;

	for (k = 1; k <= 3 && k < nd; k++) {
		for (v = 0, i = 0; i < k; i++)
			v = v * 10 + (unsigned)(d[i] - '0');
		for (i = 0; i < phoneplan_ncountries; i++)
			if (phoneplan_countries[i].cc == v) {
				*cclen = k;
				return &phoneplan_countries[i];
			}
	}
	return NULL;
}

int
phoneplan_nsn_ok(const struct phoneplan_country *c, const char *d, size_t nd)
{
	const struct phoneplan_range *r;
	size_t i, k;

	if (nd >= 8 * sizeof(unsigned))
		return 0;
	for (i = 0; i < c->nranges; i++) {
		r = &c->ranges[i];
		k = strlen(r->pre);
		if ((r->lengths >> nd & 1) == 0 || nd <= k ||
		    memcmp(d, r->pre, k) != 0)
			continue;
		if (d[k] >= r->lo && d[k] <= r->hi)
			return 1;
	}
	return 0;
}

static int
phoneplan_listed(const char *list, const char *region)
{
	size_t k = strlen(region);
	const char *p;

	for (p = list; p != NULL && (p = strstr(p, region)) != NULL; p += k)
		if ((p == list || p[-1] == ' ') &&
		    (p[k] == ' ' || p[k] == '\0'))
			return 1;
	return 0;
}

int
phoneplan_national(const char *d, size_t nd, const char *notrunk)
{
	const struct phoneplan_country *c;
	size_t i, t;

	for (i = 0; i < phoneplan_ncountries; i++) {
		c = &phoneplan_countries[i];
		if (!c->national)
			continue;
		t = strlen(c->trunk);
		if (t == 0 ||
		    (d[0] != c->trunk[0] &&
		        phoneplan_listed(notrunk, c->region))) {
			if (phoneplan_nsn_ok(c, d, nd))
				return 1;
		} else if (nd > t && memcmp(d, c->trunk, t) == 0 &&
		    phoneplan_nsn_ok(c, d + t, nd - t))
			return 1;
	}
	return 0;
}
