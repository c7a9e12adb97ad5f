/* classcolour.c - colour names (see classcolour.h). */
#include <strings.h>

#include "classcolour.h"
#include "phierr.h"

static const char *const colour_names[] = {"green", "yellow", "red"};

int
class_colour_parse(const char *s, enum class_colour *out)
{
	int c;

	for (c = CLASS_GREEN; c <= CLASS_RED; c++)
		if (strcasecmp(s, colour_names[c]) == 0) {
			*out = (enum class_colour)c;
			return PHI_OK;
		}
	return PHI_EUSAGE;
}

const char *
class_colour_name(enum class_colour c)
{
	return (unsigned)c <= CLASS_RED ? colour_names[c] : "?";
}
