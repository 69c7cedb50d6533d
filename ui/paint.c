/* paint.c: a screen replaced whole, written by relcheck itself.
 *
 * ncurses' doupdate() puts out a whole new screen a cell at a time, each
 * through its multibyte and cursor-cost machinery: the timeline's first
 * frame at 120x40 took it some 200 us, five times what composing the
 * frame on stdscr costs, and it is most of what opening the pager takes.
 * A screen that replaces all the terminal shows needs none of that: the
 * terminal is cleared, and each row's cells go out as UTF-8, the
 * attributes' sequences where they change (vid_puts, ncurses' own, which
 * keeps its idea of the terminal's attributes as it goes), in one
 * write().  ncurses is then told that its copy of the terminal's screen
 * is stale (clearok(curscr)): its next frame clears the terminal and
 * draws whole, from where clear_screen puts the cursor, whatever it
 * believed before.  stdscr goes to ncurses' next frame as a refresh
 * would take it (wnoutrefresh), so that frame shows the same.
 *
 * What this would not write exactly as ncurses does is left to ncurses
 * (paint_whole returns false, nothing written): a character of other
 * than one column, a combining one, a line-drawing one (the alternate
 * character set); a terminal without clear_screen or cursor_address, or
 * with padding in them; the bottom-right cell where writing it would
 * scroll the screen (auto margins without the newline glitch).
 */
#include "config.h"

#include "app.h"
#include "paint.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <wchar.h>

static struct buf *paint_out;	/* where to_buf puts what vid_puts says */

static int to_buf(int c)
{
	buf_addc(paint_out, (char)c);
	return c;
}

/* A capability to send as it is: there, and without padding. */
static const char *plain(const char *cap)
{
	/* (char *)-1: a cancelled one, as terminfo's reader may leave it */
	if (!cap || (intptr_t)cap == -1 || strstr(cap, "$<"))
		return NULL;
	return cap;
}

static bool default_blank(const cchar_t *c)
{
	return c->chars[0] == L' ' && !c->chars[1] &&
	       (c->attr & A_ATTRIBUTES) == 0 && !c->ext_color;
}

/* A cell this writes as ncurses would: one character of one column. */
static bool paintable(const cchar_t *c)
{
	wchar_t wc = c->chars[0];

	if (c->chars[1] || (c->attr & A_ALTCHARSET))
		return false;
	if (wc >= 0x20 && wc < 0x7f)
		return true;
	return wc >= 0xa0 && wcwidth(wc) == 1;
}

static bool write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDOUT_FILENO, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

bool paint_whole(void)
{
	const char *clear = plain(clear_screen), *cup = plain(cursor_address);
	int rows = LINES, cols = COLS;
	cchar_t *cells;
	struct buf out = BUF_INIT;
	attr_t at = A_NORMAL, raw = 0;
	short pair = 0;
	int raw_colour = 0;
	bool ok = true;

	if (!clear || !cup || rows < 1 || cols < 1)
		return false;
	cells = xcalloc((size_t)rows * (size_t)(cols + 1), sizeof(*cells));
	/* Every cell read and looked at before anything is sent. */
	for (int y = 0; y < rows && ok; y++) {
		cchar_t *row = cells + (size_t)y * (size_t)(cols + 1);

		if (mvwin_wchnstr(stdscr, y, 0, row, cols) == ERR)
			ok = false;
		for (int x = 0; x < cols && ok; x++)
			ok = paintable(&row[x]);
	}
	if (ok && auto_right_margin && !eat_newline_glitch &&
	    !default_blank(&cells[(size_t)(rows - 1) * (size_t)(cols + 1) +
				  (size_t)(cols - 1)]))
		ok = false;
	if (!ok) {
		free(cells);
		return false;
	}
	paint_out = &out;
	vid_puts(A_NORMAL, 0, NULL, to_buf);
	buf_adds(&out, clear);
	for (int y = 0; y < rows; y++) {
		const cchar_t *row = cells + (size_t)y * (size_t)(cols + 1);
		int first = 0, last = cols - 1;

		/* The cleared screen's blanks are left as they are. */
		while (last >= 0 && default_blank(&row[last]))
			last--;
		while (first <= last && default_blank(&row[first]))
			first++;
		if (first > last)
			continue;
		/* clear_screen leaves the cursor at the top left. */
		if (y > 0 || first > 0)
			buf_adds(&out, tiparm(cup, y, first));
		for (int x = first; x <= last; x++) {
			const cchar_t *c = &row[x];
			char mb[MB_LEN_MAX];
			mbstate_t st;
			size_t n;

			/* The attributes asked of ncurses (getcchar) where
			 * the cell's differ from the cell before's. */
			if (c->attr != raw || c->ext_color != raw_colour) {
				wchar_t wch[CCHARW_MAX];
				attr_t a;
				short p;

				raw = c->attr;
				raw_colour = c->ext_color;
				if (getcchar(c, wch, &a, &p, NULL) == ERR) {
					a = A_NORMAL;
					p = 0;
				}
				a &= ~A_COLOR;
				if (a != at || p != pair) {
					vid_puts(a, p, NULL, to_buf);
					at = a;
					pair = p;
				}
			}
			if (c->chars[0] < 0x80) {
				buf_addc(&out, (char)c->chars[0]);
				continue;
			}
			memset(&st, 0, sizeof(st));
			n = wcrtomb(mb, c->chars[0], &st);
			if (n == (size_t)-1)
				buf_addc(&out, '?');
			else
				buf_add(&out, mb, n);
		}
	}
	vid_puts(A_NORMAL, 0, NULL, to_buf);
	paint_out = NULL;
	free(cells);
	write_all(out.data, out.len);
	buf_free(&out);
	/* ncurses' screen is not the terminal's now: its next frame is
	 * drawn whole, of stdscr as it stands. */
	clearok(curscr, TRUE);
	wnoutrefresh(stdscr);
	return true;
}
