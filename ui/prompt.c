/* prompt.c: dialogs over the screen: a line of text, or yes / no.  They
 * keep the checks' results coming and follow resizes. */
#include "config.h"

#include "app.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

static void box_at(struct app *a, const char *title, const char *const *lines,
		   size_t nlines, const char *input, const char *hint,
		   int *iy, int *ix)
{
	int w = COLS - 8 < 76 ? COLS - 8 : 76;
	int h = (int)nlines + (input ? 6 : 5);
	int y0, x0;

	draw_screen(a);
	if (COLS < 60 || LINES < 15)
		return;
	if (h > LINES - 2)
		h = LINES - 2;
	y0 = (LINES - h) / 2;
	x0 = (COLS - w) / 2;
	for (int y = y0; y < y0 + h; y++)
		mvhline(y, x0, ' ', w);
	attron(A_BOLD);
	mvhline(y0, x0, ACS_HLINE, w);
	mvhline(y0 + h - 1, x0, ACS_HLINE, w);
	mvvline(y0, x0, ACS_VLINE, h);
	mvvline(y0, x0 + w - 1, ACS_VLINE, h);
	mvaddch(y0, x0, ACS_ULCORNER);
	mvaddch(y0, x0 + w - 1, ACS_URCORNER);
	mvaddch(y0 + h - 1, x0, ACS_LLCORNER);
	mvaddch(y0 + h - 1, x0 + w - 1, ACS_LRCORNER);
	mvaddnstr(y0, x0 + 2, title, w - 4);
	attroff(A_BOLD);
	for (size_t i = 0; i < nlines && (int)i < h - 5; i++)
		mvaddnstr(y0 + 1 + (int)i, x0 + 2, lines[i], w - 4);
	if (input) {
		size_t len = strlen(input);
		const char *shown = input;
		/* Show the end of a long input. */
		while (len > (size_t)(w - 6)) {
			shown++;
			len--;
		}
		mvaddstr(y0 + h - 3, x0 + 2, "> ");
		mvaddstr(y0 + h - 3, x0 + 4, shown);
		*iy = y0 + h - 3;
		*ix = x0 + 4 + (int)len;
	}
	attron(A_DIM);
	mvaddnstr(y0 + h - 2, x0 + 2, hint, w - 4);
	attroff(A_DIM);
}

char *prompt_text(struct app *a, const char *title, const char *hint,
		  const char *const *lines, size_t nlines)
{
	struct buf in = BUF_INIT;
	int iy = 0, ix = 0;

	buf_init(&in);
	curs_set(1);
	for (;;) {
		int ch;

		box_at(a, title, lines, nlines, in.data, hint, &iy, &ix);
		move(iy, ix);
		refresh();
		ch = app_getch(a);
		if (a->quit)
			break;
		if (ch == ERR || ch == KEY_RESIZE)
			continue;
		if (ch == 27) {		/* Esc */
			curs_set(0);
			buf_free(&in);
			return NULL;
		}
		if (ch == '\n' || ch == KEY_ENTER || ch == '\r')
			break;
		if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
			/* Remove one UTF-8 character. */
			while (in.len > 0) {
				unsigned char c = (unsigned char)in.data[--in.len];
				if ((c & 0xC0) != 0x80)
					break;
			}
			in.data[in.len] = '\0';
			continue;
		}
		if (ch == 21) {		/* Ctrl-U */
			buf_reset(&in);
			continue;
		}
		if (ch >= 0x20 && ch < 0x100 && ch != 127 && in.len < 2000)
			buf_addc(&in, (char)ch);
	}
	curs_set(0);
	if (a->quit) {
		buf_free(&in);
		return NULL;
	}
	return buf_detach(&in);
}

bool prompt_confirm(struct app *a, const char *title,
		    const char *const *lines, size_t nlines)
{
	int iy, ix;

	for (;;) {
		int ch;

		box_at(a, title, lines, nlines, NULL,
		       "y: yes   n, Esc: no", &iy, &ix);
		refresh();
		ch = app_getch(a);
		if (a->quit)
			return false;
		if (ch == 'y' || ch == 'Y')
			return true;
		if (ch == 'n' || ch == 'N' || ch == 27 || ch == 'q')
			return false;
	}
}

void prompt_info(struct app *a, const char *title, const char *const *lines,
		 size_t nlines)
{
	int iy, ix;

	for (;;) {
		int ch;

		box_at(a, title, lines, nlines, NULL, "any key: close", &iy,
		       &ix);
		refresh();
		ch = app_getch(a);
		if (a->quit || (ch != ERR && ch != KEY_RESIZE))
			return;
	}
}

int prompt_choice(struct app *a, const char *title, const char *const *lines,
		  size_t nlines)
{
	int iy, ix;

	for (;;) {
		int ch;

		box_at(a, title, lines, nlines, NULL,
		       "y: yes   n: no   Esc: cancel", &iy, &ix);
		refresh();
		ch = app_getch(a);
		if (a->quit || ch == 27 || ch == 'q')
			return -1;
		if (ch == 'y' || ch == 'Y')
			return 1;
		if (ch == 'n' || ch == 'N')
			return 0;
	}
}
