/* tui.h: the full-screen front end.  The only header of ui/ that the rest
 * of relcheck sees; it does not include curses.h. */
#ifndef RELCHECK_TUI_H
#define RELCHECK_TUI_H

#include "checklist.h"

/* Runs the screen on cl until the operator quits.  Returns an exit status
 * (0, or 128 + the signal that ended it).  The terminal is restored on
 * every path.  Needs stdin and stdout to be a terminal. */
int tui_run(const struct checklist *cl);

#endif
