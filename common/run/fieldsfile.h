/*
 * fieldsfile.h - field paths from a file (--fields-from): one path a
 * line, blank lines and `#` comments ignored; or the NDJSON report of
 * phi-classify --report, whose lines {"path":...,"class":...} are taken
 * when their class is at or above a given colour.  A report path holds
 * ["…"] where keys are PHI (a map keyed by email): such a line selects
 * the keys of the object before each ["…"] (keys, phi-encrypt --keys)
 * and, as ["…"] stands for any of those keys, the values at the path
 * with `*` in its place.
 */
#ifndef PHI_FIELDSFILE_H
#define PHI_FIELDSFILE_H

#include "pathset.h"
#include "ruleset.h"
#include "phierr.h"

/* The longest line of a --fields-from file, in bytes. */
#define FIELDS_LINE_MAX ((size_t)1024 * 1024)

/* Adds the paths of file path to ps (and keys); report lines count when
 * their class is at least min.  Errors name the file and line: a line
 * longer than FIELDS_LINE_MAX is PHI_EUSAGE, like any bad line. */
int fields_file_load(struct pathset *ps, struct pathset *keys, const char *path,
    enum class_colour min, struct phi_err *e);

#endif
