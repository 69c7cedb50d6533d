/* vars.h: checklist variables and ${...} expansion.
 *
 *   ${name}       the value of variable name, itself expanded
 *   ${name:re}    the same, with every PCRE2 metacharacter escaped
 *   ${name:upload} the upload endpoint of the package index whose base
 *                 URL is name's value (vars_upload_url)
 *   ${env:NAME}   the environment variable NAME (an error when unset);
 *                 only for a trusted checklist (struct vars' env)
 *   $$            a literal $
 *
 * A variable may be "runtime": declared (by a regex check's capture) but
 * given its value only when the checks run.  Expanding one leaves the
 * ${...} text in place and reports it as deferred.
 *
 * Templates and data.  The value of a variable set in a checklist file or
 * on the command line is a template: its own ${...} are expanded.  Every
 * other value (found in the project, the repository's path, a capture,
 * the environment) is data from outside: taken literally, never expanded,
 * so that a repository cannot write ${env:SECRET} into its pyproject.toml
 * and have it read.
 *
 * Shell commands (vars_expand_shell) are built by construction: the
 * checklist's own text is the code; every data value, and every value
 * given on the command line, is inserted quoted for the shell at the
 * place it lands (outside quotes, inside '...' or "..."); a value that
 * cannot be quoted where it lands is an error naming the variable.
 *
 * Expansion is bounded: an expanded value larger than VARS_MAX_VALUE or
 * more than VARS_MAX_REFS references in one expansion is an error naming
 * the variable (a 300-byte "variable bomb" cannot take memory or time).
 */
#ifndef RELCHECK_VARS_H
#define RELCHECK_VARS_H

#include <stdbool.h>
#include <stddef.h>

#include "caps.h"
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
	/* Data whose blank-separated words, each inert to the shell, stay
	 * separate words in a command: a --set value, or a list a detector
	 * built of validated words (python_versions: 3.10 3.11). */
	bool words;
};

struct vars {
	struct var *v;
	size_t count;
	size_t cap;
	/* What the checklist these variables belong to may do (caps.h),
	 * copied by vars_copy: ${env:NAME} is read only with CAP_ENV, and
	 * the checks made with them (check.h) get these and no more. */
	unsigned grants;
	/* Validation: ${env:NAME} is checked to be set, and gives "x". */
	bool probe;
};

#define VARS_INIT { NULL, 0, 0, 0, false }

#define VARS_MAX_VALUE (1024 * 1024)	/* bytes of one expanded value */
#define VARS_MAX_REFS 20000		/* references in one expansion */

/* Marks name (set) as a list of words: see struct var's words. */
void vars_mark_words(struct vars *vs, const char *name);

/* Sets (or replaces) name; copies every string. */
void vars_set(struct vars *vs, const char *name, const char *value,
	      enum var_origin origin, const char *file, int line);
struct var *vars_find(const struct vars *vs, const char *name);
void vars_copy(struct vars *dst, const struct vars *src);
void vars_free(struct vars *vs);

bool var_name_valid(const char *name);

/* The upload endpoint (twine's --repository-url) of the index at base URL
 * index: https://upload.pypi.org/legacy/ for https://pypi.org, else
 * INDEX/legacy/ on the index's own host.  Appends to out. */
void vars_upload_url(struct buf *out, const char *index);

struct expand_result {
	bool deferred;	/* a runtime variable without a value was left as is */
};

/* Expands `in` into out (appending).  On error returns -1 and puts a
 * message in *err (caller frees); out then holds a partial result. */
int vars_expand(const struct vars *vs, const char *in, struct buf *out,
		struct expand_result *res, char **err);
/* The same for people to read (a title, a description): a detected
 * variable that has no value reads as its where, when it has one (the
 * version file of a project versioned by git tags: "the git tag"), else
 * "[NAME unknown]", never as a ${NAME} the reader cannot resolve. */
int vars_expand_show(const struct vars *vs, const char *in, struct buf *out,
		     char **err);
/* The same for a command run by /bin/sh: data is quoted (see above). */
int vars_expand_shell(const struct vars *vs, const char *in, struct buf *out,
		      struct expand_result *res, char **err);
/* Whether s uses ${env:...}. */
bool vars_uses_env(const char *s);

/* Changes to variables, counted: every vars_set, vars_mark_words and
 * vars_free (of any struct vars, in any thread) adds one.  What was
 * worked out of variables (vars_memo) is still right while the count is
 * the same.  A struct var changed by hand is not counted. */
unsigned long vars_changes(void);

/* vars_expand_show's texts, kept: the screen shows the same titles at
 * every frame, and expanding them was a quarter of drawing one.  An
 * entry is taken while vars_changes() is what it was when the entry
 * was made, and its vars, grants and probe are the same; else the text
 * is expanded again.  Keyed on raw's address, then its bytes compared
 * (a text freed and another at the same address is not taken for it). */
struct vars_memo_entry {
	const char *raw;	/* the key; NULL: a free slot */
	char *raw_copy;		/* raw's bytes (owned) */
	char *text;		/* the expansion, or raw's copy on error (owned) */
	unsigned long changes;	/* vars_changes() when it was made */
};

struct vars_memo {
	const struct vars *vs;	/* what the entries were expanded with */
	unsigned grants;
	bool probe;
	struct vars_memo_entry *e;
	size_t n, cap;		/* cap: 0 or a power of two */
};

#define VARS_MEMO_INIT { NULL, 0, false, NULL, 0, 0 }

/* raw expanded with vs as vars_expand_show does; raw itself when that
 * fails (as checklist_show).  The text is the memo's: it stays valid
 * until raw is asked of m again or m is freed. */
const char *vars_memo_show(struct vars_memo *m, const struct vars *vs,
			   const char *raw);
void vars_memo_free(struct vars_memo *m);

/* Appends s to out quoted for the shell, outside any quotes. */
void shell_quote(struct buf *out, const char *s);

/* Appends s to out with every PCRE2 metacharacter escaped. */
void regex_escape(struct buf *out, const char *s);

#endif
