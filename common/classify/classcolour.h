/*
 * classcolour.h - the three colours of a classification, and the one
 * parser of their names (the rules files' colour=, --class, --fail-on,
 * --redact, --mask and --fields-from all read them here, so that they
 * agree on spelling and case).
 */
#ifndef PHI_CLASSCOLOUR_H
#define PHI_CLASSCOLOUR_H

enum class_colour { CLASS_GREEN = 0, CLASS_YELLOW = 1, CLASS_RED = 2 };

/* "red", "yellow", "green" (case-insensitive): 0 or PHI_EUSAGE. */
int class_colour_parse(const char *s, enum class_colour *out);
/* The colour's name in lower case ("?" for a value out of range). */
const char *class_colour_name(enum class_colour c);

#endif
