/* loop.c: the screen's event loop.
 *
 * The loop waits (poll) on the terminal and on every running batch of
 * checks, so keys, resizes and results are handled as they come; it
 * never waits on a check.  Each key goes to the action table (actions.c).
 * SIGINT, SIGTERM and SIGHUP only set a flag; the loop leaves through
 * endwin(), so the terminal is restored on every exit.  SIGWINCH and
 * SIGTSTP are ncurses' own.
 */
#include "config.h"

#include "app.h"
#include "frame.h"
#include "sanitize.h"
#include "userconf.h"

#include <curses.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termcap.h>
#include <unistd.h>

static volatile sig_atomic_t quit_signal;

static void app_on_signal(int sig)
{
	quit_signal = sig;
}

void app_say(struct app *a, bool error, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(a->message);
	/* One line on the status bar. */
	for (char *p = b.data; *p; p++)
		if (*p == '\n')
			*p = ' ';
	a->message = buf_detach(&b);
	a->message_error = error;
}

static bool superseded(const struct batch *b, const struct item *it)
{
	for (size_t i = 0; i < b->nsuperseded; i++)
		if (b->superseded[i] == it)
			return true;
	return false;
}

void app_supersede_checks(struct app *a, const struct item *it)
{
	for (size_t i = 0; i < a->nbatches; i++) {
		struct batch *b = &a->batches[i];

		if (superseded(b, it) || !scheduler_holds(b->s, it))
			continue;
		b->superseded = xrealloc(b->superseded, (b->nsuperseded + 1) *
					 sizeof(*b->superseded));
		b->superseded[b->nsuperseded++] = it;
	}
}

void app_pump(struct app *a)
{
	for (size_t b = 0; b < a->nbatches;) {
		struct scheduler *s = a->batches[b].s;
		const struct item *it;
		struct check_result res;
		char *err = NULL;

		while (scheduler_next(s, &it, &res)) {
			/* After q, what a cancelled check says is not
			 * evidence: nothing more is recorded; nor is what a
			 * check found that began before its step's command
			 * ran (x), which would be journaled after the
			 * command, as the last word: the check started
			 * after the command says what it did. */
			if (app_can_record(a) && !a->quit &&
			    !superseded(&a->batches[b], it) &&
			    run_record_check(a->run, it, &res, &err) < 0) {
				app_say(a, true, "%s: %s", it->full_id, err);
				free(err);
				err = NULL;
			}
			check_result_free(&res);
		}
		if (scheduler_finished(s)) {
			bool was_signoff = s == a->signoff_batch;
			struct batch gone = a->batches[b];

			/* The last batch takes its slot; the slot it leaves
			 * holds nothing. */
			a->batches[b] = a->batches[--a->nbatches];
			memset(&a->batches[a->nbatches], 0,
			       sizeof(*a->batches));
			scheduler_free(gone.s);
			free(gone.superseded);
			if (was_signoff) {
				a->signoff_batch = NULL;
				app_stale_done(a);
			}
			continue;
		}
		b++;
	}
	a->tick++;
	if (quit_signal)
		a->quit = true;
}

int app_getch(struct app *a)
{
	struct pollfd few[8];
	bool typed;
	struct pollfd *fds = a->nbatches + 1 <= sizeof(few) / sizeof(*few)
		? few : xcalloc(a->nbatches + 1, sizeof(*fds));
	int ch;

	fds[0].fd = STDIN_FILENO;
	fds[0].events = POLLIN;
	for (size_t i = 0; i < a->nbatches; i++) {
		fds[i + 1].fd = scheduler_fd(a->batches[i].s);
		fds[i + 1].events = POLLIN;
	}
	poll(fds, a->nbatches + 1, a->nbatches ? 100 : 500);
	/* The terminal gone without a SIGHUP (relcheck not in its session,
	 * as under setsid): the same, or the loop would spin forever. */
	if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL))
		quit_signal = SIGHUP;
	typed = fds[0].revents == POLLIN;
	if (fds != few)
		free(fds);
	app_pump(a);
	/* A key is there to read: getch reads it, not asking the terminal
	 * again first (its poll with timeout(0)). */
	if (typed)
		timeout(-1);
	ch = getch();
	if (typed)
		timeout(0);
	return ch;
}

/* The demo says what it is, and what fails in it on purpose, before
 * anything else (its checks already running). */
static void show_demo(struct app *a)
{
	char *text = xstrdup(a->opt->demo);
	const char **lines = NULL;
	size_t n = 0;

	for (char *p = text, *nl; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		lines = xrealloc(lines, (n + 1) * sizeof(*lines));
		lines[n++] = p;
	}
	/* A terminal too short for the dialog gets the pager: the staged
	 * failures are the point of the note, never cut off. */
	if ((int)n + 6 > LINES) {
		char *title = xasprintf("relcheck demo (%s to start; also in "
					"its README.md)",
					app_pager_key(a, PAGER_BACK));

		pager_show(a, title, a->opt->demo);
		free(title);
	} else
		prompt_info(a, "relcheck demo (any key to start; also in its "
			    "README.md)", lines, n);
	app_say(a, false, "demo: its failures are staged (see README.md); "
		"%s help, %s quits and says how to reopen it",
		app_key(a, ACT_HELP), app_key(a, ACT_QUIT));
	free(lines);
	free(text);
}

bool tui_terminal_ok(void)
{
	const char *term = getenv("TERM");
	const char *use = "use relcheck status, mark and check";

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		sanitize_fprintf(stderr, "relcheck: the interactive screen needs a "
			"terminal; try `relcheck status` or `relcheck check`\n");
		return false;
	}
	if (!term || !*term) {
		sanitize_fprintf(stderr, "relcheck: TERM is not set: the screen needs to "
			"know the terminal; %s\n", use);
		return false;
	}
	/* Looked up, not opened: nothing is sent to the terminal. */
	if (tgetent(NULL, term) != 1) {
		sanitize_fprintf(stderr, "relcheck: TERM=%s is not a terminal type known "
			"here (no terminfo entry); %s\n", term, use);
		return false;
	}
	if (strcmp(term, "dumb") == 0 || !tgetstr("cm", NULL) ||
	    tgetflag("hc")) {
		sanitize_fprintf(stderr, "relcheck: this terminal (TERM=%s) cannot show "
			"the screen; %s\n", term, use);
		return false;
	}
	return true;
}

int tui_run(const struct tui_options *opt)
{
	struct app a;
	struct sigaction sa;
	SCREEN *screen;
	int status = 0;

	if (!tui_terminal_ok())
		return 2;
	memset(&a, 0, sizeof(a));
	a.opt = opt;
	a.cl = opt->cl;
	a.run = opt->run;
	setlocale(LC_ALL, "");

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = app_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	/* newterm, not initscr: initscr exits by itself on a terminal it
	 * does not know, without restoring anything. */
	screen = newterm(NULL, stdout, stdin);
	if (!screen) {
		sanitize_fprintf(stderr, "relcheck: cannot use the terminal (TERM=%s)\n",
			getenv("TERM") ? getenv("TERM") : "");
		return 2;
	}
	set_term(screen);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	frame_cursor(false);
	timeout(0);
	set_escdelay(25);
	if (opt->user)
		theme_init(&a.theme, opt->user->theme, opt->user->colours);
	else
		theme_init(&a.theme, THEME_DEFAULT, NULL);
	/* The mouse only when asked: else the terminal keeps its own
	 * (selecting text with it). */
	if (opt->user && opt->user->mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED,
			  NULL);
		mouseinterval(0);
	}
	frame_buffered();
	list_build_rows(&a);
	a.sel = 0;
	list_move(&a, 1);
	if (a.run && !list_next_todo(&a, true)) {
		a.sel = 0;
		list_move(&a, 1);
	}
	if (opt->audit && opt->problem)
		app_say(&a, true, "the journal is broken at line %zu: %s (%s: "
			"timeline)", opt->problem_line, opt->problem,
			app_key(&a, ACT_TIMELINE));
	else if (a.run && run_read_only(a.run) && !opt->audit)
		app_say(&a, true, "read-only: %s", run_read_only(a.run));
	else if (a.run && a.run->closed && !opt->audit)
		app_say(&a, false, "run %s is closed by %s: it takes only "
			"reviews (relcheck audit); %s, %s and %s read it",
			a.run->release ? a.run->release : "?",
			a.run->closed_by ? a.run->closed_by : "?",
			app_key(&a, ACT_EVIDENCE), app_key(&a, ACT_TIMELINE),
			app_key(&a, ACT_REPORT));

	/* The first screen first: no check has started yet. */
	draw_main_frame(&a);
	if (!opt->audit)
		app_start_open_checks(&a, false);
	if (opt->demo)
		show_demo(&a);

	/* One frame per wake-up: after a key, the keys already typed (a
	 * held j) are answered first, then the frame is drawn once at the
	 * top of the loop (it was drawn twice for every key). */
	while (!a.quit) {
		int ch;

		draw_main_frame(&a);
		ch = app_getch(&a);
		while (ch != ERR && !a.quit) {
			if (ch == KEY_RESIZE)
				a.frame_kept = false;	/* drawn whole */
			else if (ch == KEY_MOUSE)
				mouse_list(&a);
			else
				actions_key(&a, ch == '\r' ? '\n' : ch);
			if (a.quit)
				break;
			ch = getch();
		}
	}
	endwin();
	delscreen(screen);
	for (size_t i = 0; i < a.nbatches; i++) {
		scheduler_free(a.batches[i].s);	/* stops running checks */
		free(a.batches[i].superseded);
	}
	free(a.batches);
	free(a.open_phase);
	free(a.open_count);
	journal_seen_free(&a.tl_seen);
	draw_forget(&a);
	vars_memo_free(&a.shown);
	pager_forget(&a);
	buf_free(&a.tl_text);
	buf_free(&a.tl_shown);
	free(a.rows);
	free(a.message);
	if (quit_signal)
		status = 128 + quit_signal;
	return status;
}
