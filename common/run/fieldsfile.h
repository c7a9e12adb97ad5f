/*
 * fieldsfile.h - field paths from a file (--fields-from): one path a
 * line, blank lines and `#` comments ignored; or the NDJSON report of
 * phi-classify --report, whose lines {"path":...,"class":...} are taken
 * when their class is at or above a given colour.
 */
#ifndef PHI_FIELDSFILE_H
#define PHI_FIELDSFILE_H

#include "path.h"
#include "status.h"

/* Colours of phi-classify's report, as ranks: green 0, yellow 1, red 2. */
int fields_colour_rank(const char *name);

/* Adds the paths of file path to ps; report lines count when their class
 * ranks at least min_rank.  Errors name the file and line. */
int fields_load_file(
    struct pathset *ps, const char *path, int min_rank, struct phi_err *e);

#endif
