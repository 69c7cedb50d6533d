/* maintainer.h: what a maintainer settled once, for every release.
 *
 * A maintainer item (checklist.h: item->maintainer) is done once per
 * maintainer, not once per release: a PyPI account, 2FA, a token.  What
 * the maintainer settled is kept per user, outside any repository, in
 *
 *   $XDG_STATE_HOME/relcheck/maintainer.jsonl
 *   (~/.local/state/relcheck/maintainer.jsonl when XDG_STATE_HOME is
 *   unset, empty or not an absolute path)
 *
 * one JSON object a line, appended like the journal: an exclusive flock,
 * a single write(2) of the whole line, fsync; a torn last line (a crash)
 * is ended with a newline by the next writer and skipped by readers.
 * Each line says what became of a key at a time:
 *
 *   {"v":1,"key":"item setup.account 0123456789abcdef","state":"done",
 *    "reason":"","by":"Name <email>","at":"2026-11-25T17:40:00.123Z",
 *    "release":"1.0.0"}
 *
 * state is "done", "n/a" or "reopened" for an item, "signoff" for a
 * maintainer phase.  The key of an item is its full id and a hash of
 * its title and description as shown (variables expanded: an account on
 * another index is another step); a phase's is its id and a hash of its
 * items' keys (a step added to the phase asks for a new sign-off).  The
 * last line of a key is what stands.
 *
 * The file is untrusted: a line that is not such an object (bad JSON,
 * a missing or wrong field, a name with controls, a time that is not a
 * journal time), a torn line, a file that is not a regular file or is
 * too big are skipped with a warning "FILE:LINE: ..." and never stop a
 * run; a link is not followed.
 */
#ifndef RELCHECK_MAINTAINER_H
#define RELCHECK_MAINTAINER_H

#include <stdbool.h>
#include <stddef.h>

#include "checklist.h"
#include "diag.h"

/* The most read of the file; the rest is left out with a warning. */
#define MAINT_MAX_BYTES (4u << 20)

struct maint_record {
	char *key;
	char *state;	/* done, n/a, reopened, signoff */
	char *reason;	/* "" when none */
	char *by;
	char *at;
	char *release;
	size_t line;	/* in the file, for what is said about it */
};

struct maint {
	char *path;
	struct maint_record *recs;	/* the last record of each key */
	size_t n;
};

/* The file's path (caller frees), or NULL when there is no home. */
char *maint_path(void);

/* Reads the maintainer's record (path NULL: maint_path()).  A missing
 * file is an empty record.  Problems go to problems as warnings (their
 * message starts "warning: ").  Always returns a record to free. */
struct maint *maint_open(const char *path, struct diag *problems);
void maint_free(struct maint *m);

/* The standing record of key, or NULL. */
const struct maint_record *maint_find(const struct maint *m, const char *key);

/* Appends a record (and keeps it as key's standing one).  reason may be
 * NULL.  Makes the folder (0700) and the file (0600) when missing.
 * Returns 0, or -1 with *err (caller frees). */
int maint_append(struct maint *m, const char *key, const char *state,
		 const char *reason, const char *by, const char *at,
		 const char *release, char **err);

/* Keys (caller frees). */
char *maint_item_key(const struct checklist *cl, const struct item *it);
char *maint_phase_key(const struct checklist *cl, const struct phase *ph);

#endif
