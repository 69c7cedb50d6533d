/* frame.h: how the screen's frames reach the terminal (ui/frame.c).
 * Includes no curses.h: tests/test-frame links frame.c alone. */
#ifndef RELCHECK_FRAME_H
#define RELCHECK_FRAME_H

#include <stdbool.h>

/* After newterm() and set_term(), before the first frame: from then on
 * doupdate() sends each frame in one write() (up to ncurses' buffer of
 * (LINES + 2) * (COLS + 6) bytes), not one write() per cursor movement.
 * Sends what a return from a shell escape sends; the screen is blank. */
void frame_buffered(void);

/* Shows the cursor (a text field) or hides it; hidden, frames leave it
 * where their last change put it instead of moving it back to stdscr's
 * cursor at the end of each (one cursor movement less a frame). */
void frame_cursor(bool shown);

#endif
