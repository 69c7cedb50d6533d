/* tui.c: the screen.  For now a browsable view of the checklist: header,
 * phases and items, the selected item's details, and a status line.  The
 * check engine and the run record will feed it (later issues).
 *
 * Signals: SIGINT, SIGTERM and SIGHUP only set a flag; the loop wakes at
 * least every 200 ms, sees it, and leaves through endwin(), so the
 * terminal is restored on every exit.  SIGWINCH is ncurses' own
 * (KEY_RESIZE).
 */
#include "config.h"

#include "tui.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t quit_signal;

static void on_signal(int sig)
{
	quit_signal = sig;
}

/* One line of the list: a phase heading, a section heading, or an item. */
struct row {
	const struct phase *phase;
	const char *section;
	const struct item *item;
};

struct tui {
	const struct checklist *cl;
	struct row *rows;
	size_t nrows;
	size_t sel;	/* index of the selected row (always an item) */
	size_t top;	/* first row shown */
	bool utf8;
	bool colour;
};

static char *expand(const struct checklist *cl, const char *raw)
{
	char *err = NULL;
	char *s = checklist_expand(cl, raw, &err);

	free(err);
	return s ? s : xstrdup(raw ? raw : "");
}

static void build_rows(struct tui *t)
{
	const struct checklist *cl = t->cl;
	size_t cap = 0;

	for (size_t p = 0; p < cl->nphases; p++) {
		const struct phase *ph = cl->phases[p];
		const char *section = NULL;

		cap = t->nrows + 2 * ph->nitems + 1;
		t->rows = xrealloc(t->rows, cap * sizeof(*t->rows));
		t->rows[t->nrows++] = (struct row){ .phase = ph };
		for (size_t i = 0; i < ph->nitems; i++) {
			const struct item *it = ph->items[i];
			if (it->section && (!section ||
					    strcmp(section, it->section))) {
				t->rows[t->nrows++] = (struct row){
					.phase = ph, .section = it->section };
			}
			section = it->section;
			t->rows[t->nrows++] = (struct row){ .phase = ph,
							    .item = it };
		}
	}
}

static void move_sel(struct tui *t, int dir)
{
	size_t i = t->sel;

	for (;;) {
		if (dir < 0 && i == 0)
			return;
		if (dir > 0 && i + 1 >= t->nrows)
			return;
		i = dir < 0 ? i - 1 : i + 1;
		if (t->rows[i].item) {
			t->sel = i;
			return;
		}
	}
}

static void put(int y, int x, int w, const char *s)
{
	if (w <= 0)
		return;
	mvaddnstr(y, x, s, w);
}

static void draw_detail(struct tui *t, int y0, int x0, int h, int w)
{
	const struct item *it = t->rows[t->sel].item;
	int y = y0;
	char *s;

	if (!it || h <= 0 || w <= 2)
		return;
	s = expand(t->cl, it->title);
	attron(A_BOLD);
	put(y++, x0, w, s);
	attroff(A_BOLD);
	free(s);
	put(y++, x0, w, it->full_id);
	if (y < y0 + h) {
		char *kind = xasprintf("%s%s", it->check
			? "verified by relcheck: " : "manual step",
			it->check ? it->check->type->name : "");
		put(y++, x0, w, kind);
		free(kind);
	}
	if (it->description && y < y0 + h) {
		y++;
		s = expand(t->cl, it->description);
		put(y++, x0, w, s);
		free(s);
	}
	if (it->commands.n && y + 1 < y0 + h) {
		y++;
		attron(A_BOLD);
		put(y++, x0, w, "commands");
		attroff(A_BOLD);
		for (size_t c = 0; c < it->commands.n && y < y0 + h; c++) {
			char *cmd = expand(t->cl, it->commands.s[c]);
			char *line = xasprintf("$ %s", cmd);
			put(y++, x0, w, line);
			free(line);
			free(cmd);
		}
	}
}

static void draw(struct tui *t)
{
	const struct checklist *cl = t->cl;
	int rows = LINES, cols = COLS;
	int list_h, list_w, det_x, det_y, det_h, det_w;
	bool wide = cols >= 100;
	char *name, *header;
	const struct var *v = vars_find(&cl->vars, "version");

	erase();
	if (rows < 15 || cols < 60) {
		put(0, 0, cols, "relcheck needs a terminal of at least 60x15;");
		put(1, 0, cols, "make it larger, or press q to quit.");
		refresh();
		return;
	}
	name = expand(cl, cl->name ? cl->name : "relcheck");
	header = xasprintf(" relcheck  %s  %s", name,
			   cl->version_known && v ? v->value : "");
	attron(A_REVERSE);
	mvhline(0, 0, ' ', cols);
	put(0, 0, cols, header);
	attroff(A_REVERSE);
	free(header);
	free(name);

	list_h = wide ? rows - 2 : (rows - 2) * 3 / 5;
	list_w = wide ? cols * 3 / 5 : cols;
	det_x = wide ? list_w + 1 : 0;
	det_y = wide ? 1 : 1 + list_h;
	det_h = wide ? rows - 2 : rows - 2 - list_h;
	det_w = wide ? cols - list_w - 1 : cols;

	if (t->sel < t->top)
		t->top = t->sel;
	if (t->sel >= t->top + (size_t)list_h)
		t->top = t->sel - (size_t)list_h + 1;
	for (int i = 0; i < list_h && t->top + (size_t)i < t->nrows; i++) {
		const struct row *r = &t->rows[t->top + (size_t)i];
		char *line;

		if (r->item) {
			char *title = expand(cl, r->item->title);
			const char *glyph = r->item->check
				? (t->utf8 ? "\u25cb" : "o")
				: (t->utf8 ? "\u25a1" : "-");
			line = xasprintf("  %s %s%s", glyph, title,
					 r->item->optional ? " (optional)" : "");
			free(title);
		} else if (r->section) {
			char *s = expand(cl, r->section);
			line = xasprintf(" %s", s);
			free(s);
		} else {
			char *s = expand(cl, r->phase->title);
			line = xasprintf("%s", s);
			free(s);
		}
		if (t->top + (size_t)i == t->sel)
			attron(A_REVERSE);
		else if (!r->item)
			attron(A_BOLD);
		mvhline(1 + i, 0, ' ', t->top + (size_t)i == t->sel ? list_w : 0);
		put(1 + i, 0, list_w, line);
		attroff(A_REVERSE | A_BOLD);
		free(line);
	}
	if (wide) {
		mvvline(1, list_w, ACS_VLINE, rows - 2);
		draw_detail(t, det_y, det_x + 1, det_h, det_w - 2);
	} else {
		mvhline(det_y, 0, ACS_HLINE, cols);
		draw_detail(t, det_y + 1, det_x + 1, det_h - 1, det_w - 2);
	}

	attron(A_REVERSE);
	mvhline(rows - 1, 0, ' ', cols);
	put(rows - 1, 0, cols, " j/k move  g/G first/last  q quit"
	    "   (checks and the run record come in later versions)");
	attroff(A_REVERSE);
	refresh();
}

int tui_run(const struct checklist *cl)
{
	struct tui t = { .cl = cl };
	struct sigaction sa;
	SCREEN *screen;
	int status = 0;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "relcheck: the interactive screen needs a "
			"terminal; try `relcheck list`\n");
		return 2;
	}
	setlocale(LC_ALL, "");
	t.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	build_rows(&t);
	move_sel(&t, +1);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	/* newterm, not initscr: initscr exits by itself on a terminal it
	 * does not know, without restoring anything we set up. */
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		fprintf(stderr, "relcheck: cannot use the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		free(t.rows);
		return 2;
	}
	set_term(screen);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	timeout(200);

	while (!quit_signal) {
		int ch;

		draw(&t);
		ch = getch();
		if (ch == 'q' || ch == 'Q')
			break;
		switch (ch) {
		case 'j':
		case KEY_DOWN:
			move_sel(&t, +1);
			break;
		case 'k':
		case KEY_UP:
			move_sel(&t, -1);
			break;
		case 'g':
		case KEY_HOME:
			t.sel = 0;
			move_sel(&t, +1);
			break;
		case 'G':
		case KEY_END:
			t.sel = t.nrows - 1;
			if (!t.rows[t.sel].item)
				move_sel(&t, -1);
			break;
		default:
			break;
		}
	}
	endwin();
	delscreen(screen);
	if (quit_signal)
		status = 128 + quit_signal;
	free(t.rows);
	return status;
}
