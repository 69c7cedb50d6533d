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
 */
#include "config.h"

#include "frame.h"

#include <curses.h>

void frame_buffered(void)
{
	endwin();
	/* The loop reads every typed key before it draws (loop.c):
	 * doupdate() need not poll the terminal twice a frame for them. */
	typeahead(-1);
}
