/* mouse.c: the mouse, when the user's config asks for it (mouse = true;
 * loop.c calls mousemask then, and only then): on the checklist a click
 * selects the row under it and the wheel moves the selection; in the
 * viewer the wheel scrolls (pager.c). */
#include "config.h"

#include "app.h"

#include <curses.h>

/* Lines (or rows) a turn of the wheel moves. */
#define WHEEL_STEP 3

#ifndef BUTTON5_PRESSED
#define BUTTON5_PRESSED 0	/* an ncurses without the wheel's down */
#endif

long list_row_at(const struct app *a, int y, int x)
{
	size_t i;

	if (x < 0 || x >= a->list_w || y < a->list_y0 ||
	    y >= a->list_y0 + a->list_h)
		return -1;
	i = a->top + (size_t)(y - a->list_y0);
	return i < a->nrows ? (long)i : -1;
}

static int wheel_of(const MEVENT *ev)
{
	if (ev->bstate & BUTTON4_PRESSED)
		return -WHEEL_STEP;
	if (BUTTON5_PRESSED && (ev->bstate & BUTTON5_PRESSED))
		return WHEEL_STEP;
	return 0;
}

int mouse_wheel(void)
{
	MEVENT ev;

	return getmouse(&ev) == OK ? wheel_of(&ev) : 0;
}

void mouse_list(struct app *a)
{
	MEVENT ev;
	long row;
	int by;

	/* Nothing of the list on the screen: a click means nothing. */
	if (getmouse(&ev) != OK || a->timeline || LINES < 15 || COLS < 60)
		return;
	by = wheel_of(&ev);
	if (by) {
		list_move(a, by);
		return;
	}
	if (!(ev.bstate & BUTTON1_PRESSED))
		return;
	row = list_row_at(a, ev.y, ev.x);
	/* A heading is not a row the cursor stops on. */
	if (row >= 0 && row_stop(&a->rows[row]))
		a->sel = (size_t)row;
}
