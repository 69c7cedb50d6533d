/* prompt.c: dialogs over the screen: a line of text, or yes / no.  They
 * keep the checks' results coming and follow resizes. */
#include "config.h"

#include "app.h"
#include "frame.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

/* Appends text to lines, cut into pieces of at most width bytes (not
 * inside a UTF-8 character), the pieces after the first indented. */
void prompt_wrap(char ***lines, size_t *n, const char *text, size_t width)
{
	size_t len = strlen(text);
	bool first = true;

	if (width < 8)
		width = 8;
	do {
		size_t room = first ? width : width - 4, take = len;
		if (take > room) {
			size_t sp = room;

			/* At a word's end when one is in the second half of
			 * the line (the blank stays at the end of it), else
			 * at a character's. */
			while (sp > room / 2 && text[sp - 1] != ' ')
				sp--;
			take = sp > room / 2 ? sp : room;
			while (take > 1 && (text[take] & 0xC0) == 0x80)
				take--;
		}
		*lines = xrealloc(*lines, (*n + 1) * sizeof(**lines));
		(*lines)[(*n)++] = xasprintf("%s%.*s", first ? "" : "    ",
					     (int)take, text);
		text += take;
		len -= take;
		first = false;
	} while (len > 0);
}

static void box_at(struct app *a, const char *title, const char *const *lines,
		   size_t nlines, const char *input, const char *hint,
		   int *iy, int *ix)
{
	int w = COLS - 8 < 76 ? COLS - 8 : 76;
	char **wrapped = NULL;
	size_t nw = 0;
	int h, y0, x0;

	draw_screen(a);
	if (COLS < 60 || LINES < 15)
		return;
	/* Every line whole: wrapped to the box, never cut at its edge (the
	 * failure a waiver accepts, the reasons a sign-off signs for). */
	for (size_t i = 0; i < nlines; i++)
		prompt_wrap(&wrapped, &nw, lines[i], (size_t)(w - 4));
	lines = (const char *const *)wrapped;
	nlines = nw;
	h = (int)nlines + (input ? 6 : 5);
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
	{
		/* Taller than the screen: the last row says how much is not
		 * shown, never a silent cut. */
		size_t room = (size_t)(h - (input ? 6 : 5));
		size_t shown = nlines > room && room ? room - 1 : nlines;

		for (size_t i = 0; i < shown; i++)
			mvaddnstr(y0 + 1 + (int)i, x0 + 2, lines[i], w - 4);
		if (shown < nlines) {
			char *more = xasprintf("... and %zu more line%s (a "
					       "taller terminal shows them)",
					       nlines - shown,
					       nlines - shown == 1 ? "" : "s");
			attron(a->theme.dim);
			mvaddnstr(y0 + 1 + (int)shown, x0 + 2, more, w - 4);
			attroff(a->theme.dim);
			free(more);
		}
	}
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
	attron(a->theme.dim);
	mvaddnstr(y0 + h - 2, x0 + 2, hint, w - 4);
	attroff(a->theme.dim);
	for (size_t i = 0; i < nw; i++)
		free(wrapped[i]);
	free(wrapped);
}

char *prompt_text(struct app *a, const char *title, const char *hint,
		  const char *const *lines, size_t nlines)
{
	struct buf in = BUF_INIT;
	int iy = 0, ix = 0;

	buf_init(&in);
	frame_cursor(true);
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
			frame_cursor(false);
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
	frame_cursor(false);
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
