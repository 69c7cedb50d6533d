/* vars.h: checklist variables and ${...} expansion.
 *
 *   ${name}       the value of variable name, itself expanded
 *   ${name:re}    the same, with every PCRE2 metacharacter escaped
 *   ${env:NAME}   the environment variable NAME (an error when unset)
 *   $$            a literal $
 *
 * A variable may be "runtime": declared (by a regex check's capture) but
 * given its value only when the checks run.  Expanding one leaves the
 * ${...} text in place and reports it as deferred.
 */
#ifndef RELCHECK_VARS_H
#define RELCHECK_VARS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

enum var_origin {
	VAR_FILE,	/* a vars group in a checklist file */
	VAR_DETECTED,	/* found in the project (package, module, ...) */
	VAR_BUILTIN,	/* version, root */
	VAR_COMMAND_LINE, /* --set or --release */
	VAR_RUNTIME,	/* set by a check while running */
};

struct var {
	char *name;
	char *value;	/* raw, unexpanded; NULL for a runtime var not yet set */
	char *file;	/* where it was set, or NULL */
	int line;
	enum var_origin origin;
};

struct vars {
	struct var *v;
	size_t count;
	size_t cap;
};

#define VARS_INIT { NULL, 0, 0 }

/* Sets (or replaces) name; copies every string. */
void vars_set(struct vars *vs, const char *name, const char *value,
	      enum var_origin origin, const char *file, int line);
struct var *vars_find(const struct vars *vs, const char *name);
void vars_copy(struct vars *dst, const struct vars *src);
void vars_free(struct vars *vs);

bool var_name_valid(const char *name);

struct expand_result {
	bool deferred;	/* a runtime variable without a value was left as is */
};

/* Expands `in` into out (appending).  On error returns -1 and puts a
 * message in *err (caller frees); out then holds a partial result. */
int vars_expand(const struct vars *vs, const char *in, struct buf *out,
		struct expand_result *res, char **err);

/* Appends s to out with every PCRE2 metacharacter escaped. */
void regex_escape(struct buf *out, const char *s);

#endif
