/* loader.h: reads a checklist file, its @includes and the variables that
 * come from the command line and the project, and validates all of it.
 *
 * The result is a whole, valid checklist or NULL: every problem found is
 * added to the diag as "file:line: message", and nothing half-loaded is
 * returned.  The caller owns the checklist (checklist_free).
 */
#ifndef RELCHECK_LOADER_H
#define RELCHECK_LOADER_H

#include "checklist.h"
#include "diag.h"
#include "vars.h"

struct load_options {
	const char *file;		/* the checklist to load */
	const char *root;		/* repository root (version file), or NULL */
	const char *release;		/* --release, or NULL */
	const struct vars *detected;	/* from the project, or NULL */
	const struct vars *overrides;	/* --set NAME=VALUE, or NULL */
	const struct vars *defaults;	/* like overrides, but only for the
					 * variables the checklist has */
	const char *const *include_path; /* searched after the including
					  * file's folder; NULL-terminated */
};

struct checklist *checklist_load(const struct load_options *opt,
				 struct diag *d);

#endif
