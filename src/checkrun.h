/* checkrun.h: runs a set of items' checks to the end, blocking. */
#ifndef RELCHECK_CHECKRUN_H
#define RELCHECK_CHECKRUN_H

#include <stdbool.h>

#include "check.h"
#include "checklist.h"

/* Runs the checks of items[0..n) concurrently (dependencies among them
 * respected unless independent) and fills out[i] for items[i] (caller
 * frees each).  Returns 0, or -1 with *err when the checks could not be
 * started. */
int checkrun_items(const struct checklist *cl, const char *root,
		   const char *log_dir, const struct item *const *items,
		   size_t n, bool independent, struct check_result *out,
		   char **err);

#endif
