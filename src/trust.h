/* trust.h: a checklist that runs commands runs them only once trusted.
 *
 * Trusted are: the shipped checklists (every source file under the
 * installed checklist folder), and any checklist whose sha256 (of all its
 * sources) the operator accepted once, remembered in
 * $XDG_DATA_HOME/relcheck/trusted (default ~/.local/share).  A changed
 * checklist has another sha256 and is asked about again.
 */
#ifndef RELCHECK_TRUST_H
#define RELCHECK_TRUST_H

#include <stdbool.h>

#include "checklist.h"

/* Whether any item runs a shell command (a command check). */
bool trust_needed(const struct checklist *cl);
bool trust_is_shipped(const struct checklist *cl, const char *shipped_dir);
bool trust_is_known(const struct checklist *cl);
/* Remembers cl as trusted.  0, or -1 with *err (caller frees). */
int trust_remember(const struct checklist *cl, char **err);

#endif
