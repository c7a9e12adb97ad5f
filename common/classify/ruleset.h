/*
 * ruleset.h - classification rules as data: the rules file format (a
 * parser with line-numbered errors, later files adding rules or
 * overriding earlier ones of the same name; colours as classcolour.h
 * reads them) and a printer that writes the rules in force back in the
 * same format (--list-rules).
 *
 * The format (share/rules/default.rules documents it at length):
 *
 *	# comment
 *	rule NAME colour=red|yellow|green [value=KIND] [similar=no] [scan=no]
 *		keys=NAME,NAME,...      key names that fire the rule alone
 *		context=NAME,...        fire only if the value passes KIND
 *	names first|last|common FILE    a name dictionary (names.h), a
 *		relative FILE taken from the rules file's directory
 *
 * A line that starts with white space continues the rule above.  Key
 * names are normalised (keyname.h); "*name" also matches names that end
 * in the words of name, "name*" names that begin with them.  Redefining
 * a rule from an earlier file replaces the attributes given; keys= and
 * context= replace the earlier list, keys+= and context+= add to it.
 */
#ifndef PHI_RULESET_H
#define PHI_RULESET_H

#include <stddef.h>

#include "buf.h"
#include "classcolour.h"
#include "keyname.h"
#include "phierr.h"
#include "vkind.h"

#define RULES_MAX 256
#define RULE_NAME_MAX 32
#define RULES_FILE_MAX ((size_t)4 * 1024 * 1024)

enum rule_pat_mode {
	PAT_WHOLE = 0,  /* name */
	PAT_SUFFIX = 1, /* *name: the last words of a key */
	PAT_PREFIX = 2, /* name*: the first words of a key */
};

struct rule_pat {
	char s[KEYNAME_MAX + 1]; /* normalised */
	unsigned char len;
	unsigned char mode;    /* enum rule_pat_mode */
	unsigned char context; /* from context= rather than keys= */
};

struct rule {
	char name[RULE_NAME_MAX + 1];
	enum class_colour colour;
	enum vkind kind;
	int similar; /* fuzzy key-name matching (default 1) */
	int scan;    /* 0: a key match stops other value checks */
	struct rule_pat *pats;
	size_t npats, cap;
	const char *file; /* where it was first defined */
	unsigned line;
};

/* A "names LIST FILE" line: a name dictionary (names.h) to load. */
struct rule_names {
	int list;   /* enum names_list */
	char *path; /* relative paths made relative to the rules file's */
};

struct ruleset {
	struct rule rule[RULES_MAX];
	size_t n;
	char *files[64]; /* names of the files loaded, in order */
	size_t nfiles;
	struct rule_names *names; /* in the order given */
	size_t nnames;
};

/* Allocates an empty set (NULL when out of memory). */
struct ruleset *ruleset_new(void);
void ruleset_free(struct ruleset *rs);

/* Parses text[0..len) named name (for messages) into rs.  Errors:
 * PHI_EUSAGE "name:LINE: cause". */
int ruleset_parse(struct ruleset *rs, const char *name, const char *text,
    size_t len, struct phi_err *e);

/* Reads and parses a file; PHI_ENOINPUT when it cannot be read. */
int ruleset_load_file(struct ruleset *rs, const char *path, struct phi_err *e);

/* Index of the rule named name, or -1. */
int ruleset_find(const struct ruleset *rs, const char *name, size_t n);

/* Appends the rules in the file format (a rule that matches nothing,
 * which only the classifier makes, as a comment: the parser refuses
 * it); -1 when out of memory. */
int ruleset_print(const struct ruleset *rs, struct buf *out);

#endif
