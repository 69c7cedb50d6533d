/* paint.h: a screen replaced whole, written by relcheck (ui/paint.c). */
#ifndef RELCHECK_PAINT_H
#define RELCHECK_PAINT_H

#include <stdbool.h>

/* Sends stdscr to the terminal whole, in one write(), in place of all
 * the terminal shows; ncurses' next frame is drawn whole.  false when
 * stdscr holds what this does not write as ncurses would (nothing is
 * sent then: refresh() is the caller's). */
bool paint_whole(void);

#endif
