/* tui.h: the full-screen front end.  The only header of ui/ that the rest
 * of relcheck sees; it does not include curses.h. */
#ifndef RELCHECK_TUI_H
#define RELCHECK_TUI_H

#include <stdbool.h>

#include "checklist.h"
#include "run.h"

struct userconf;

struct tui_options {
	const struct checklist *cl;
	struct run *run;	/* the run being walked; NULL: browse only */
	const char *root;	/* the repository */
	bool dry_run;		/* show every command, run none */
	bool audit;		/* a reviewer's read-only walk */
	const char *problem;	/* audit: what broke the chain, or NULL */
	const char *demo;	/* --demo: what the demo is and what fails in
				 * it on purpose, shown first; else NULL */
	size_t problem_line;
	/* The user's keys, colours and mouse (userconf.h); NULL: the
	 * defaults. */
	const struct userconf *user;
};

/* Whether the screen can run here: stdin and stdout a terminal of a
 * known type (TERM) that can move the cursor.  If not, says why on
 * stderr.  Sends nothing to the terminal, changes nothing. */
bool tui_terminal_ok(void);

/* Runs the screen until the operator quits.  Returns an exit status (0,
 * or 128 + the signal that ended it).  The terminal is restored on every
 * path.  Needs stdin and stdout to be a terminal. */
int tui_run(const struct tui_options *opt);

#endif
