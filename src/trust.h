/* trust.h: the trust boundary.
 *
 * A checklist comes from the repository it sits in, which may be anyone's.
 * Until trusted it may read the repository's files and its history, and
 * nothing more: it may not run commands, contact the network, read the
 * environment, or read files outside the repository (or inside .git,
 * whose config may hold credentials).  So nothing it can read is a secret,
 * and nothing it learns can leave the machine.  The capabilities are in
 * caps.h; each check type's row and field rows say which they use; the
 * engine refuses a check whose needs are not granted (check_run), and
 * ${env:NAME} is not read (vars.h).
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

#include "caps.h"
#include "checklist.h"
#include "util.h"

/* What the checklist would do that needs trust (caps.h bits); with why,
 * one line each: "pre.tests: runs shell commands". */
unsigned trust_needs(const struct checklist *cl, struct buf *why);
/* What item's check needs, as far as the checklist says before it runs
 * (paths outside the repository included); 0 for a manual item. */
unsigned trust_check_needs(const struct checklist *cl, const struct item *it);
/* Whether cl has been granted every capability in needs. */
bool trust_granted(const struct checklist *cl, unsigned needs);
/* "runs shell commands and contacts the network" (caller frees). */
char *trust_describe(unsigned caps);
bool trust_is_shipped(const struct checklist *cl, const char *shipped_dir);
bool trust_is_known(const struct checklist *cl);
/* Remembers cl as trusted.  0, or -1 with *err (caller frees). */
int trust_remember(const struct checklist *cl, char **err);

#endif
