/* test-frame.c: a frame reaches the terminal in one write() (ui/frame.c).
 *
 * ncurses runs on a pseudo-terminal of 120x40 (TERM=xterm-256color) and
 * draws a frame like the checklist's: a bar, a list of coloured rows, a
 * line between the panes, a status bar, so some 80 cursor movements.
 * This program's write() stands in for libc's, for libncursesw too (the
 * executable's symbol comes first), and counts the calls that reach the
 * terminal.  Without frame_buffered() ncurses 6.4 sends such a frame in
 * one write() per cursor movement (printed, not asserted: a later
 * ncurses may do better by itself); with it, in one.  frame_cursor()
 * hides the cursor and leaves it where a frame's last change put it.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "frame.h"

static int counted_fd = -1;
static size_t nwrites, nbytes;

ssize_t write(int fd, const void *buf, size_t n)
{
	if (fd == counted_fd) {
		nwrites++;
		nbytes += n;
	}
	return syscall(SYS_write, fd, buf, n);
}

struct term {
	int master;
	FILE *out, *in;
	SCREEN *screen;
};

/* A pty of 120x40 with curses on its slave side; false: none here. */
static bool term_open(struct term *t)
{
	struct winsize ws = { .ws_row = 40, .ws_col = 120 };
	const char *name;
	int slave;

	memset(t, 0, sizeof(*t));
	t->master = posix_openpt(O_RDWR | O_NOCTTY);
	if (t->master < 0 || grantpt(t->master) || unlockpt(t->master) ||
	    !(name = ptsname(t->master)))
		return false;
	slave = open(name, O_RDWR | O_NOCTTY);
	if (slave < 0)
		return false;
	ioctl(slave, TIOCSWINSZ, &ws);
	fcntl(t->master, F_SETFL, fcntl(t->master, F_GETFL) | O_NONBLOCK);
	t->out = fdopen(slave, "w");
	t->in = fdopen(dup(slave), "r");
	if (!t->out || !t->in)
		return false;
	unsetenv("LINES");
	unsetenv("COLUMNS");
	t->screen = newterm("xterm-256color", t->out, t->in);
	if (!t->screen)
		return false;
	set_term(t->screen);
	counted_fd = slave;
	cbreak();
	noecho();
	nonl();
	curs_set(0);
	if (has_colors()) {
		start_color();
		use_default_colors();
		init_pair(1, COLOR_BLACK, COLOR_WHITE);
		init_pair(2, COLOR_GREEN, -1);
		init_pair(3, COLOR_BLACK, COLOR_CYAN);
	}
	return true;
}

/* What the terminal was sent, read and dropped (the pty must not fill). */
static void term_drain(struct term *t)
{
	char buf[65536];

	while (read(t->master, buf, sizeof(buf)) > 0)
		;
}

static void term_close(struct term *t)
{
	endwin();
	term_drain(t);
	delscreen(t->screen);
	counted_fd = -1;
	fclose(t->out);
	fclose(t->in);
	close(t->master);
}

/* Draws a frame like the checklist's; sel: the selected row. */
static void draw(int sel, int round)
{
	erase();
	attron(COLOR_PAIR(1));
	mvhline(0, 0, ' ', COLS);
	mvprintw(0, 1, "relcheck  a frame of the test, round %d", round);
	attroff(COLOR_PAIR(1));
	for (int y = 1; y < LINES - 1; y++) {
		if (y == sel) {
			attron(COLOR_PAIR(3));
			mvhline(y, 0, ' ', 66);
		}
		mvprintw(y, 2, "%s item %d of the list", y % 3 ? "o" : "x", y);
		mvprintw(y, 56, "%s", y % 4 ? "pending" : "pass");
		attroff(COLOR_PAIR(3));
		mvaddch(y, 66, ACS_VLINE);
		attron(COLOR_PAIR(2));
		mvprintw(y, 68, "the detail of the row, line %d", y);
		attroff(COLOR_PAIR(2));
	}
	attron(COLOR_PAIR(1));
	mvhline(LINES - 1, 0, ' ', COLS);
	mvprintw(LINES - 1, 1, "Enter done  a n/a  n note  ? help  q quit");
	attroff(COLOR_PAIR(1));
}

/* The write()s of one refresh. */
static size_t frame(struct term *t, int sel, int round)
{
	term_drain(t);
	draw(sel, round);
	nwrites = nbytes = 0;
	refresh();
	term_drain(t);
	return nwrites;
}

static void test_whole_frames(void **state)
{
	struct term t;
	size_t first, bytes, move, page;

	(void)state;
	if (!term_open(&t))
		skip();
	frame_buffered();
	/* The first frame: what the return from endwin() sends, and the
	 * frame. */
	first = frame(&t, 2, 1);
	bytes = nbytes;
	/* A cursor move (two rows and the detail change), then every row. */
	move = frame(&t, 3, 1);
	page = frame(&t, 20, 2);
	term_close(&t);
	print_message("with frame_buffered(): first frame %zu write()s "
		      "(%zu bytes), a move %zu, a page %zu\n", first, bytes,
		      move, page);
	assert_in_range(first, 1, 2);
	assert_true(bytes > 2000);	/* the whole frame went out */
	assert_int_equal(move, 1);
	assert_int_equal(page, 1);
}

/* What the terminal was sent, up to n - 1 bytes, as a string. */
static size_t term_take(struct term *t, char *buf, size_t n)
{
	size_t got = 0;
	ssize_t k;

	while (got + 1 < n && (k = read(t->master, buf + got,
					n - 1 - got)) > 0)
		got += (size_t)k;
	buf[got] = '\0';
	return got;
}

/* A change and stdscr's cursor elsewhere: what a refresh sends, and
 * whether it ends by moving the terminal's cursor to stdscr's. */
static bool change_ends_with_move(struct term *t, const char *text)
{
	char buf[4096], want[32];
	size_t n;

	term_drain(t);
	mvaddstr(10, 70, text);
	move(30, 5);
	refresh();
	n = term_take(t, buf, sizeof(buf));
	snprintf(want, sizeof(want), "\033[31;6H");
	assert_true(strstr(buf, text) != NULL);
	return n >= strlen(want) &&
	       strcmp(buf + n - strlen(want), want) == 0;
}

/* frame_cursor(false): the cursor hidden, a frame leaves it where its
 * last change did (leaveok): no movement back to stdscr's cursor, which
 * is ncurses' dearest step.  Shown (a text field), it goes there. */
static void test_cursor_left(void **state)
{
	struct term t;
	bool hidden_moves, shown_moves;

	(void)state;
	if (!term_open(&t))
		skip();
	frame_buffered();
	frame(&t, 2, 1);
	frame_cursor(false);
	hidden_moves = change_ends_with_move(&t, "hidden");
	frame_cursor(true);
	shown_moves = change_ends_with_move(&t, "shown");
	term_close(&t);
	assert_false(hidden_moves);
	assert_true(shown_moves);
}

/* What frame_buffered() is for: said, not asserted. */
static void test_without(void **state)
{
	struct term t;
	size_t first;

	(void)state;
	if (!term_open(&t))
		skip();
	first = frame(&t, 2, 1);
	term_close(&t);
	print_message("without frame_buffered(): first frame %zu write()s\n",
		      first);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_without),
		cmocka_unit_test(test_whole_frames),
		cmocka_unit_test(test_cursor_left),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
