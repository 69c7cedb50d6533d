/* frame.c: one frame, one write().
 *
 * Until a screen has been through endwin() once, ncurses (6.4: newterm
 * leaves the screen "initial", and only the return from endwin() makes
 * it "running") flushes its output buffer at every cursor movement:
 * relcheck's first frame went out in 82 write()s of 2-170 bytes, a
 * cursor move in 8, each a wake-up of the terminal (or of tmux, or of
 * ssh).  One round trip before anything is drawn puts the screen in the
 * state a shell escape leaves it in (app_outside), and doupdate() then
 * writes every frame whole.  tests/test-frame counts the write()s;
 * bench/screen.py measures the frames against tig and less.
 *
 * A hidden cursor is left where the frame's last change left it
 * (leaveok): doupdate() otherwise ends every frame by moving it back to
 * stdscr's cursor, which no one sees, and a cursor movement is ncurses'
 * dearest step (mvcur weighs a dozen tparm()-built alternatives: some
 * 15,000 instructions, a sixth of what a key's frame costs in ncurses).
 */
#include "config.h"

#include "frame.h"

#include <curses.h>
#include <stdbool.h>

void frame_buffered(void)
{
	endwin();
	/* The loop reads every typed key before it draws (loop.c):
	 * doupdate() need not poll the terminal twice a frame for them. */
	typeahead(-1);
}

void frame_cursor(bool shown)
{
	/* A terminal that cannot hide it shows it: parked where stdscr's
	 * cursor is, as before, not wherever a frame ended. */
	bool hidden = !shown && curs_set(0) != ERR;

	if (shown)
		curs_set(1);
	leaveok(stdscr, hidden);
}
