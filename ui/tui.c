/* tui.c: the screen's event loop and the operator's actions.
 *
 * The loop waits (poll) on the terminal and on every running batch of
 * checks, so keys, resizes and results are handled as they come; it
 * never waits on a check.  Each action is journaled (run.c) before the
 * screen shows it done.  SIGINT, SIGTERM and SIGHUP only set a flag; the
 * loop leaves through endwin(), so the terminal is restored on every
 * exit.  SIGWINCH and SIGTSTP are ncurses' own.
 */
#include "config.h"

#include "app.h"
#include "cmdscan.h"
#include "keys.h"
#include "printer.h"
#include "report.h"
#include "sanitize.h"
#include "trust.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termcap.h>
#include <unistd.h>

static volatile sig_atomic_t quit_signal;

static void on_signal(int sig)
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

static struct item_record *rec(struct app *a, const struct item *it)
{
	return a->run ? run_item(a->run, it) : NULL;
}

static bool can_record(struct app *a)
{
	return a->run && !run_read_only(a->run) && !a->opt->audit;
}

/* ---- checks ---- */

/* The engine refuses what the checklist is not trusted to do (trust.h);
 * the screen does not even start it, and says why. */
static bool may_run_check(struct app *a, const struct item *it)
{
	unsigned needs = trust_check_needs(a->cl, it);

	if (!needs)
		return true;
	return trust_granted(a->cl, needs) && !a->opt->dry_run;
}

static struct scheduler *start_batch(struct app *a,
				     const struct item *const *items, size_t n)
{
	struct scheduler_options so = { .root = a->opt->root,
					.log_dir = a->run->log_dir };
	struct scheduler *s;
	char *err = NULL;

	if (!n)
		return NULL;
	mkdir(a->run->log_dir, 0755);
	s = scheduler_new(a->cl, &so);
	for (size_t i = 0; i < n; i++) {
		scheduler_add(s, items[i]);
		/* After an upload (x), its index check waits for the index. */
		scheduler_upload_time(s, items[i],
				      run_command_ms(a->run, items[i]));
	}
	if (scheduler_start(s, &err) < 0) {
		app_say(a, true, "cannot start the checks: %s", err);
		free(err);
		scheduler_free(s);
		return NULL;
	}
	a->batches = xrealloc(a->batches, (a->nbatches + 1) *
			      sizeof(*a->batches));
	a->batches[a->nbatches++].s = s;
	return s;
}

/* Starts the checks of items that are open: not settled, not running,
 * in a phase not signed off, their manual dependencies settled. */
static size_t start_open_checks(struct app *a, bool all)
{
	const struct item **items;
	size_t n = 0, skipped = 0;

	if (!can_record(a))
		return 0;
	items = xcalloc(a->run->nitems + 1, sizeof(*items));
	for (size_t i = 0; i < a->run->nitems; i++) {
		struct item_record *r = &a->run->items[i];
		const struct item *it = r->item;
		bool ready = true;

		if (!it->check || run_phase(a->run, it->phase)->signed_off ||
		    app_item_running(a, it))
			continue;
		/* A waiver or an n/a is the operator's decision: no check
		 * replaces it.  A pass stands unless all are asked for. */
		if (r->state == ITEM_WAIVED || r->state == ITEM_NA ||
		    (!all && r->state == ITEM_PASS))
			continue;
		for (size_t d = 0; d < it->depends.n; d++) {
			const struct item *dep = it->deps[d];
			struct item_record *dr = rec(a, dep);
			if (!dep->check && dr && !item_state_settled(dr->state))
				ready = false;
		}
		if (!ready)
			continue;
		if (!may_run_check(a, it)) {
			skipped++;
			continue;
		}
		items[n++] = it;
	}
	start_batch(a, items, n);
	free(items);
	if (skipped && !a->message)
		app_say(a, false, "%zu check%s not run: %s", skipped,
			skipped == 1 ? "" : "s", a->opt->dry_run ? "--dry-run"
			: "the checklist is not trusted to run commands, "
			"contact the network or read outside the repository "
			"(relcheck --trust)");
	return n;
}

static void stale_done(struct app *a);

void app_pump(struct app *a)
{
	for (size_t b = 0; b < a->nbatches;) {
		struct scheduler *s = a->batches[b].s;
		const struct item *it;
		struct check_result res;
		char *err = NULL;

		while (scheduler_next(s, &it, &res)) {
			/* After q, what a cancelled check says is not
			 * evidence: nothing more is recorded. */
			if (can_record(a) && !a->quit &&
			    run_record_check(a->run, it, &res, &err) < 0) {
				app_say(a, true, "%s: %s", it->full_id, err);
				free(err);
				err = NULL;
			}
			check_result_free(&res);
		}
		if (scheduler_finished(s)) {
			bool was_signoff = s == a->signoff_batch;
			scheduler_free(s);
			a->batches[b] = a->batches[--a->nbatches];
			if (was_signoff) {
				a->signoff_batch = NULL;
				stale_done(a);
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
	struct pollfd *fds = xcalloc(a->nbatches + 1, sizeof(*fds));
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
	free(fds);
	app_pump(a);
	ch = getch();
	return ch;
}

/* ---- rows and moving ---- */

static void build_rows(struct app *a)
{
	const struct checklist *cl = a->cl;

	a->rows = xcalloc(2 * checklist_count_items(cl) + 2 * cl->nphases + 2,
			  sizeof(*a->rows));
	for (size_t p = 0; p < cl->nphases; p++) {
		const struct phase *ph = cl->phases[p];
		const char *section = NULL;

		a->rows[a->nrows++] = (struct row){ .phase = ph };
		for (size_t i = 0; i < ph->nitems; i++) {
			const struct item *it = ph->items[i];
			if (it->section &&
			    (!section || strcmp(section, it->section) != 0)) {
				a->rows[a->nrows++] = (struct row){
					.phase = ph, .section = it->section };
			}
			section = it->section;
			a->rows[a->nrows++] = (struct row){ .phase = ph,
							    .item = it };
		}
		/* The flow leads to each sign-off: a row of its own. */
		if (a->run)
			a->rows[a->nrows++] = (struct row){ .phase = ph,
							    .signoff = true };
	}
	if (a->run)
		a->rows[a->nrows++] = (struct row){ .close = true };
}

static void move_sel(struct app *a, long by)
{
	size_t i = a->sel;
	long step = by < 0 ? -1 : 1;
	long left = by < 0 ? -by : by;

	while (left > 0) {
		size_t j = i;
		do {
			if ((step < 0 && j == 0) ||
			    (step > 0 && j + 1 >= a->nrows))
				goto done;
			j = (size_t)((long)j + step);
		} while (!row_stop(&a->rows[j]));
		i = j;
		left--;
	}
done:
	a->sel = i;
}

/* Whether an item waits for the operator. */
static bool needs_you(struct app *a, const struct item *it)
{
	struct item_record *r = rec(a, it);

	if (!r || run_phase(a->run, it->phase)->signed_off ||
	    app_item_running(a, it))
		return false;
	/* Settled by another phase's item: that one waits, not this. */
	if (it->settler)
		return false;
	/* An optional check that has not run asks nothing of anyone. */
	if (it->optional && it->check && r->state == ITEM_PENDING)
		return false;
	return !item_state_settled(r->state);
}

/* Whether a row waits for the operator: an item, a phase ready to sign
 * off, a run ready to close. */
static bool row_needs_you(struct app *a, const struct row *r)
{
	if (r->item)
		return needs_you(a, r->item);
	if (r->signoff)
		return app_phase_ready(a, r->phase);
	if (r->close)
		return app_close_ready(a);
	return false;
}

static bool next_todo(struct app *a, bool from_start)
{
	size_t start = from_start ? 0 : a->sel + 1;

	for (size_t k = 0; k < a->nrows; k++) {
		size_t i = (start + k) % a->nrows;
		if (row_needs_you(a, &a->rows[i])) {
			a->sel = i;
			return true;
		}
	}
	return false;
}

/* ---- actions ---- */

static const struct item *selected(struct app *a)
{
	return a->nrows ? a->rows[a->sel].item : NULL;
}

static bool need_run(struct app *a)
{
	if (a->opt->audit) {
		app_say(a, true, "audit mode is read-only (A: review)");
		return false;
	}
	if (!a->run) {
		app_say(a, true, "no run: open relcheck with --release X.Y.Z to "
			"record the release");
		return false;
	}
	if (run_read_only(a->run)) {
		app_say(a, true, "read-only: %s", run_read_only(a->run));
		return false;
	}
	return true;
}

/* Says what an engine call did: its refusal (*err, which the call has
 * set by the time this runs, then freed) or done.  err is read here, not
 * by the caller: after(a, run_x(..., &err), &err, ...) is safe whatever
 * the order the arguments are evaluated in. */
static void after(struct app *a, int rc, char **err, const char *done)
{
	if (rc < 0) {
		app_say(a, true, "%s", *err ? *err : "refused");
		free(*err);
		*err = NULL;
	} else {
		app_say(a, false, "%s", done);
	}
}

static void act_done(struct app *a, const struct item *it)
{
	char *err = NULL;
	int rc;

	if (!need_run(a))
		return;
	if (it->check) {
		app_say(a, true, "%s is checked by relcheck: r runs its check, "
			"w waives it if it failed", it->full_id);
		return;
	}
	/* A second Enter on a step just done records nothing: the cursor
	 * stays, and u reopens it if the first was a mistake. */
	if (run_item(a->run, it)->state == ITEM_DONE) {
		app_say(a, false, "%s is already done (u reopens it)",
			it->full_id);
		return;
	}
	rc = run_mark_done(a->run, it, NULL, &err);
	after(a, rc, &err, "done: recorded");
	if (rc == 0)
		next_todo(a, false);
}

static char *ask(struct app *a, const char *title, const char *hint,
		 const struct item *it, const char *extra)
{
	char *t = app_expand(a, it->title);
	const char *lines[3] = { t, extra ? extra : "", NULL };
	char *s = prompt_text(a, title, hint, lines, extra ? 2 : 1);

	free(t);
	return s;
}

static void act_na(struct app *a, const struct item *it)
{
	char *reason, *err = NULL;
	int rc;

	if (!need_run(a))
		return;
	reason = ask(a, "Not applicable: why?", it->optional
		     ? "Enter: record (optional: a reason is not required)"
		     : "Enter: record  Esc: cancel  (a reason is required)",
		     it, NULL);
	if (!reason)
		return;
	rc = run_mark_na(a->run, it, reason, &err);
	after(a, rc, &err, "not applicable: recorded");
	if (rc == 0)
		next_todo(a, false);
	free(reason);
}

/* Undo: a step marked done or not applicable back to pending, with a
 * reason (run_reopen's rules). */
static void act_reopen(struct app *a, const struct item *it)
{
	char *reason, *err = NULL;
	int rc;

	if (!need_run(a))
		return;
	if (run_may_reopen(a->run, it, &err) < 0) {
		/* Said before a reason is asked for. */
		after(a, -1, &err, "");
		return;
	}
	reason = ask(a, "Reopen: why?", "Enter: reopen it  Esc: cancel  (a "
		     "reason is required)", it, NULL);
	if (!reason)
		return;
	rc = run_reopen(a->run, it, reason, &err);
	after(a, rc, &err, "reopened: pending again");
	free(reason);
}

static void act_note(struct app *a, const struct item *it)
{
	char *text, *err = NULL;

	if (!need_run(a))
		return;
	text = ask(a, "Note", "Enter: record  Esc: cancel  (N: in $EDITOR)",
		   it, NULL);
	if (!text)
		return;
	after(a, run_note(a->run, it, text, &err), &err, "note: recorded");
	free(text);
}

/* Leaves curses, runs fn, comes back: the terminal is the command's. */
static int outside(struct app *a, int (*fn)(void *), void *data)
{
	int rc;

	def_prog_mode();
	endwin();
	rc = fn(data);
	reset_prog_mode();
	clearok(stdscr, TRUE);
	draw_screen(a);
	return rc;
}

struct editor_job {
	const char *path;
};

/* $VISUAL or $EDITOR is a shell command ("code -w" works); the file goes
 * to it as "$1", so that no character of its name (from $TMPDIR) is read
 * as shell syntax. */
static int run_editor(void *data)
{
	struct editor_job *e = data;
	const char *ed = getenv("VISUAL");
	struct sigaction ign, old_int, old_quit;
	char *cmd;
	pid_t pid;
	int st = -1;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	cmd = xasprintf("%s \"$1\"", ed);
	/* As system(3) does: Ctrl-C and Ctrl-\ are the editor's while it
	 * runs, ignored here from before the fork, and put back exactly. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, "sh", e->path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(cmd);
	return st;
}

static void act_note_editor(struct app *a, const struct item *it)
{
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/relcheck-note-XXXXXX.txt",
			       tmp && *tmp ? tmp : "/tmp");
	struct editor_job job = { path };
	struct buf text = BUF_INIT;
	char *err = NULL;
	int fd;

	if (!need_run(a)) {
		free(path);
		return;
	}
	fd = mkstemps(path, 4);
	if (fd < 0) {
		app_say(a, true, "cannot make a file for the note: %s",
			strerror(errno));
		free(path);
		return;
	}
	close(fd);
	outside(a, run_editor, &job);
	if (buf_read_file(&text, path) == 0 && text.len) {
		while (text.len && (text.data[text.len - 1] == '\n'))
			text.data[--text.len] = '\0';
		if (text.len)
			after(a, run_note(a->run, it, text.data, &err), &err,
			      "note: recorded");
	} else {
		app_say(a, false, "empty note: nothing recorded");
	}
	unlink(path);
	buf_free(&text);
	free(path);
}

static void act_waive(struct app *a, const struct item *it)
{
	struct item_record *r = rec(a, it);
	char *reason, *err = NULL, *why;
	int rc;

	if (!need_run(a))
		return;
	if (!it->check || !r || (r->state != ITEM_FAIL &&
				 r->state != ITEM_ERROR &&
				 r->state != ITEM_SKIPPED)) {
		app_say(a, true, "only a failed check can be waived");
		return;
	}
	why = xasprintf("%s: %s", item_state_name(r->state),
			r->reason ? r->reason : "");
	reason = ask(a, "Waive the failed check: why is it acceptable?",
		     "Enter: record  Esc: cancel  (a reason is required)", it,
		     why);
	free(why);
	if (!reason)
		return;
	rc = run_waive(a->run, it, reason, &err);
	after(a, rc, &err, "waived: recorded");
	if (rc == 0)
		next_todo(a, false);
	free(reason);
}

static void act_recheck(struct app *a, const struct item *it, bool all)
{
	if (!need_run(a))
		return;
	if (all) {
		size_t n = start_open_checks(a, true);
		app_say(a, false, "%zu check%s started", n, n == 1 ? "" : "s");
		return;
	}
	if (!it->check) {
		app_say(a, true, "a manual step has no check");
		return;
	}
	if (run_phase(a->run, it->phase)->signed_off) {
		app_say(a, true, "phase %s is signed off: locked",
			it->phase->id);
		return;
	}
	if (app_item_running(a, it))
		return;
	if (!may_run_check(a, it)) {
		char *what = trust_describe(trust_check_needs(a->cl, it));
		if (a->opt->dry_run)
			app_say(a, true, "not run: --dry-run");
		else
			app_say(a, true, "not run: this check %s, and the "
				"checklist is not trusted (relcheck --trust)",
				what);
		free(what);
		return;
	}
	start_batch(a, &it, 1);
}

struct command_job {
	struct app *a;
	char **cmds;
	size_t n;
	char **logs;		/* per command, the log's name in log_dir */
	int *codes;
};

static int run_commands(void *data)
{
	struct command_job *j = data;
	struct app *a = j->a;
	char line[8];

	printf("\n");
	for (size_t i = 0; i < j->n; i++) {
		char *log = xasprintf("%s/%s", a->run->log_dir, j->logs[i]);
		pid_t pid;
		int st = 0;

		printf("\033[1m$ %s\033[0m\n", j->cmds[i]);
		fflush(stdout);
		/* script(1) gives the command the terminal and keeps what it
		 * printed; -e returns the command's own exit status. */
		pid = fork();
		if (pid == 0) {
			signal(SIGINT, SIG_DFL);
			signal(SIGTERM, SIG_DFL);
			signal(SIGHUP, SIG_DFL);
			if (chdir(a->opt->root) < 0)
				_exit(126);
			/* The same shell as the checks; a log for our eyes. */
			setenv("SHELL", "/bin/sh", 1);
			umask(077);
			execlp("script", "script", "-q", "-e", "-c", j->cmds[i],
			       log, (char *)NULL);
			_exit(127);
		}
		if (pid < 0) {
			j->codes[i] = -1;
		} else {
			signal(SIGINT, SIG_IGN);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			signal(SIGINT, on_signal);
			j->codes[i] = WIFEXITED(st) ? WEXITSTATUS(st)
						    : 128 + WTERMSIG(st);
		}
		printf("\033[1m[exit %d]\033[0m\n", j->codes[i]);
		free(log);
		if (j->codes[i] != 0)
			break;
	}
	printf("\nPress Enter to return to relcheck.");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		clearerr(stdin);
	return 0;
}

/* Appends text to lines, cut into pieces of at most width bytes (not
 * inside a UTF-8 character), the pieces after the first indented. */
static void wrap_lines(char ***lines, size_t *n, const char *text,
		       size_t width)
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

/* What the confirmation before `x` says: each command whole, as it will
 * run, then what cannot be undone and where it goes: the item's
 * irreversible, else what the commands are read to do (cmdscan.h).
 * Sets *undoable false when something cannot be undone. */
static char **confirm_lines(const struct app *a, const struct item *it,
			    char **cmds, size_t ncmds, size_t *n,
			    bool *undoable)
{
	size_t width = (size_t)(COLS - 8 < 76 ? COLS - 8 : 76) - 4;
	char **lines = NULL;
	char *text;

	*n = 0;
	*undoable = true;
	/* The warnings first: a dialog too short for every line keeps
	 * them. */
	if (it->irreversible) {
		char *what = checklist_show(a->cl, it->irreversible);
		text = xasprintf("CANNOT BE UNDONE: this step %s.", what);
		wrap_lines(&lines, n, text, width);
		free(text);
		free(what);
		*undoable = false;
	}
	for (size_t i = 0; i < ncmds && !it->irreversible; i++) {
		struct cmdscan sc = CMDSCAN_INIT;

		cmdscan_read(&sc, cmds[i]);
		for (size_t k = 0; k < sc.n; k++) {
			const struct cmdscan_finding *f = &sc.f[k];
			const char *dest = f->destination;

			if (f->kind == CMDSCAN_UPLOAD)
				text = xasprintf("CANNOT BE UNDONE: this uploads "
						 "to %s.", dest ? dest : "twine's "
						 "default, the public PyPI");
			else if (f->kind == CMDSCAN_PUSH)
				text = xasprintf("This pushes to %s: what others"
						 " fetch cannot be called back.",
						 dest ? dest : "git's default "
						 "remote");
			else
				continue;
			*undoable = *undoable && f->kind != CMDSCAN_UPLOAD;
			wrap_lines(&lines, n, text, width);
			free(text);
		}
		cmdscan_free(&sc);
	}
	/* A step that cannot be undone, run before what it depends on has
	 * settled (the check of where an upload goes, say): said first. */
	for (size_t d = 0; a->run && !*undoable && d < it->depends.n; d++) {
		const struct item *dep = it->deps[d];
		const struct item_record *r = run_item(a->run, dep);

		char *why;

		if (item_state_settled(r->state))
			continue;
		why = r->reason ? sanitize_line(r->reason) : NULL;
		text = xasprintf("NOT READY: %s.%s is %s%s%s.", dep->phase->id,
				 dep->id, item_state_name(r->state),
				 why ? ": " : "", why ? why : "");
		wrap_lines(&lines, n, text, width);
		free(text);
		free(why);
	}
	if (*n)
		wrap_lines(&lines, n, "", width);
	for (size_t i = 0; i < ncmds; i++) {
		text = xasprintf("$ %s", cmds[i]);
		wrap_lines(&lines, n, text, width);
		free(text);
	}
	wrap_lines(&lines, n, "", width);
	wrap_lines(&lines, n, "The screen steps aside; the commands run in "
		   "this terminal, and what they print is kept.", width);
	return lines;
}

static void act_run_command(struct app *a, const struct item *it)
{
	struct command_job j = { .a = a };
	const char **lines;
	char *err = NULL;
	bool ok;

	if (!it->commands.n) {
		app_say(a, true, "this step has no command to run");
		return;
	}
	if (a->run && !a->opt->dry_run && !a->opt->audit &&
	    (a->run->closed || run_phase(a->run, it->phase)->signed_off)) {
		app_say(a, true, "%s: its commands are not run", a->run->closed
			? "the run is closed" : "the phase is signed off");
		return;
	}
	j.n = it->commands.n;
	j.cmds = xcalloc(j.n, sizeof(*j.cmds));
	lines = xcalloc(j.n + 2, sizeof(*lines));
	for (size_t i = 0; i < j.n; i++) {
		j.cmds[i] = checklist_command(a->cl, it->commands.s[i], &err);
		if (!j.cmds[i]) {
			app_say(a, true, "%s: not run: %s", it->full_id, err);
			free(err);
			goto out;
		}
		lines[i] = j.cmds[i];
	}
	if (a->opt->dry_run || !a->run || a->opt->audit) {
		struct buf b = BUF_INIT;
		buf_addf(&b, "%s: the commands of %s, not run\n\n",
			 a->opt->dry_run ? "--dry-run" : "no run", it->full_id);
		for (size_t i = 0; i < j.n; i++)
			buf_addf(&b, "$ %s\n", j.cmds[i]);
		pager_show(a, "Commands (dry run)", b.data);
		buf_free(&b);
		goto out;
	}
	if (!need_run(a))
		goto out;
	if (!trust_granted(a->cl, CAP_EXEC)) {
		app_say(a, true, "the checklist is not trusted to run commands:"
			" run relcheck --trust once");
		goto out;
	}
	{
		size_t nl;
		bool undoable;
		char **shown = confirm_lines(a, it, j.cmds, j.n, &nl,
					     &undoable);

		if ((int)nl > LINES - 7) {
			/* Too long for the dialog: the whole of it first. */
			struct buf b = BUF_INIT;
			for (size_t i = 0; i < nl; i++)
				buf_addf(&b, "%s\n", shown[i]);
			pager_show(a, "The commands to run (q: back to confirm)",
				   b.data);
			buf_free(&b);
		}

		ok = prompt_confirm(a, undoable ? "Run these commands?"
				    : "Run these commands? They cannot be "
				    "undone.", (const char *const *)shown, nl);
		for (size_t i = 0; i < nl; i++)
			free(shown[i]);
		free(shown);
	}
	if (!ok)
		goto out;
	mkdir(a->run->log_dir, 0755);
	j.logs = xcalloc(j.n, sizeof(*j.logs));
	j.codes = xcalloc(j.n, sizeof(*j.codes));
	for (size_t i = 0; i < j.n; i++) {
		char when[32];
		journal_now(when, sizeof(when));
		j.logs[i] = xasprintf("%s-command-%s-%zu.log", it->full_id,
				      when, i + 1);
		j.codes[i] = -2;	/* not run */
	}
	outside(a, run_commands, &j);
	for (size_t i = 0; i < j.n && j.codes[i] != -2; i++) {
		char *path = xasprintf("%s/%s", a->run->log_dir, j.logs[i]);
		struct buf text = BUF_INIT;
		char *tail;
		bool have = buf_read_file(&text, path) == 0;

		tail = have ? sanitize_tail(text.data, text.len, 20, 4096)
			    : NULL;
		if (run_record_command(a->run, it, j.cmds[i], j.codes[i],
				       have ? j.logs[i] : NULL, tail,
				       &err) < 0) {
			app_say(a, true, "%s", err);
			free(err);
			err = NULL;
		} else if (j.codes[i] == 127) {
			app_say(a, true, "the command could not start (exit "
				"127): is it installed?");
		} else {
			app_say(a, j.codes[i] != 0, "command %s with exit %d: "
				"recorded", j.codes[i] ? "failed" : "ran",
				j.codes[i]);
		}
		free(tail);
		buf_free(&text);
		free(path);
	}
	/* The step is verified by its check, run again now. */
	if (it->check && may_run_check(a, it))
		start_batch(a, &it, 1);
	for (size_t i = 0; i < j.n; i++)
		free(j.logs[i]);
	free(j.logs);
	free(j.codes);
out:
	for (size_t i = 0; i < j.n; i++)
		free(j.cmds[i]);
	free(j.cmds);
	free(lines);
}

static void signoff_dialog(struct app *a, const struct phase *ph)
{
	struct buf b = BUF_INIT;
	char **blockers, *err = NULL;
	const char **lines;
	size_t n, nl = 0;

	blockers = run_signoff_blockers(a->run, ph, &n);
	lines = xcalloc(a->run->nitems + n + 4, sizeof(*lines));
	if (n) {
		for (size_t i = 0; i < n; i++)
			lines[nl++] = blockers[i];
		prompt_info(a, "Cannot sign off: required items are open",
			    lines, nl);
		app_say(a, true, "phase %s: %zu required item%s open", ph->id,
			n, n == 1 ? " is" : "s are");
		goto out;
	}
	for (size_t i = 0; i < a->run->nitems; i++) {
		struct item_record *r = &a->run->items[i];
		char *l;
		if (r->item->phase != ph || (r->state != ITEM_WAIVED &&
					     r->state != ITEM_NA))
			continue;
		l = xasprintf("%s %s: %s", r->state == ITEM_WAIVED ? "waived"
			      : "n/a   ", r->item->full_id,
			      r->reason ? r->reason : "");
		blockers = xrealloc(blockers, (n + 1) * sizeof(*blockers));
		blockers[n++] = l;
		lines[nl++] = l;
	}
	if (!nl)
		lines[nl++] = "Every required item passed or is done.";
	lines[nl++] = "Once signed off, the phase is locked.";
	buf_addf(&b, "Sign off phase %s as %s?", ph->id, a->run->actor);
	if (prompt_confirm(a, b.data, lines, nl)) {
		int rc = run_signoff(a->run, ph, &err);
		after(a, rc, &err, "signed off: recorded");
		/* On to what comes next: the next phase, or the close. */
		if (rc == 0)
			next_todo(a, false);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(blockers[i]);
	free(blockers);
	free(lines);
	buf_free(&b);
}

static void stale_done(struct app *a)
{
	const struct phase *ph = a->signoff_after;

	a->signoff_after = NULL;
	if (ph)
		signoff_dialog(a, ph);
}

static void act_signoff(struct app *a, const struct phase *ph)
{
	const struct item **stale;
	double changed;
	size_t n = 0;

	if (!need_run(a))
		return;
	if (run_phase(a->run, ph)->signed_off) {
		app_say(a, true, "phase %s is already signed off", ph->id);
		return;
	}
	if (a->signoff_batch)
		return;
	/* A sign-off never rests on stale evidence: passing checks older
	 * than the repository's last commit or tag run again first (in the
	 * background), then the dialog opens. */
	stale = xcalloc(a->run->nitems + 1, sizeof(*stale));
	changed = run_repo_changed_at(a->opt->root);
	for (size_t i = 0; i < a->run->nitems; i++) {
		struct item_record *r = &a->run->items[i];
		if (r->item->phase == ph && r->item->check &&
		    r->state == ITEM_PASS && !app_item_running(a, r->item) &&
		    run_time_seconds(r->check_time) < changed) {
			if (!may_run_check(a, r->item)) {
				app_say(a, true, "%s must run again before the "
					"sign-off (its evidence is older than the "
					"last commit or tag), and cannot: %s",
					r->item->full_id, a->opt->dry_run
					? "--dry-run" : "not trusted");
				free(stale);
				return;
			}
			stale[n++] = r->item;
		}
	}
	if (n) {
		a->signoff_after = ph;
		a->signoff_batch = start_batch(a, stale, n);
		app_say(a, false, "checking %zu passing check%s again before "
			"the sign-off...", n, n == 1 ? "" : "s");
		if (!a->signoff_batch)
			stale_done(a);
	} else {
		signoff_dialog(a, ph);
	}
	free(stale);
}

static void act_close(struct app *a)
{
	const char *lines[] = { "A closed run takes only reviews.",
				"Every phase is signed off." };
	char *err = NULL;

	if (!need_run(a))
		return;
	for (size_t i = 0; i < a->run->nphases; i++) {
		if (!a->run->phases[i].signed_off) {
			app_say(a, true, "phase %s is not signed off: the run "
				"closes when every phase is",
				a->run->phases[i].phase->id);
			return;
		}
	}
	if (prompt_confirm(a, "Close the run?", lines, 2))
		after(a, run_close(a->run, &err), &err, "run closed: recorded");
}

static void act_evidence(struct app *a, const struct item *it)
{
	struct item_record *r = rec(a, it);
	struct buf b = BUF_INIT;
	char *title;

	if (!r || (!r->log && !r->evidence)) {
		app_say(a, true, "no evidence recorded for %s yet", it->full_id);
		return;
	}
	buf_addf(&b, "%s  %s\n", it->full_id, item_state_name(r->state));
	if (r->reason)
		buf_addf(&b, "%s\n", r->reason);
	if (r->who)
		buf_addf(&b, "by %s at %s\n", r->who, r->when);
	if (r->evidence) {
		const char *key;
		json_t *v;
		buf_adds(&b, "\n");
		json_object_foreach(r->evidence, key, v)
			buf_addf(&b, "%-16s %s\n", key, json_string_value(v)
				 ? json_string_value(v) : "");
	}
	if (r->log) {
		char *path = path_join(a->run->log_dir, r->log);
		size_t before = b.len;
		buf_addf(&b, "\n---- %s ----\n", path);
		if (buf_read_file(&b, path) < 0) {
			b.len = before;
			b.data[b.len] = '\0';
			buf_addf(&b, "\nthe log %s cannot be read: %s\n", path,
				 strerror(errno));
		}
		free(path);
	}
	title = xasprintf("Evidence: %s", it->full_id);
	pager_show(a, title, b.data);
	free(title);
	buf_free(&b);
}

struct timeline {
	struct buf text;
};

static int on_event(const struct journal_event *ev, void *data)
{
	struct timeline *t = data;
	const char *item = json_string_value(json_object_get(ev->payload,
							      "item"));
	const char *detail = json_string_value(json_object_get(ev->payload,
				"reason"));
	const char *status = json_string_value(json_object_get(ev->payload,
				"status"));
	bool mark = strcmp(ev->type, "waive") == 0 ||
		    strcmp(ev->type, "note") == 0 || strcmp(ev->type, "na") == 0 ||
		    strcmp(ev->type, "reopen") == 0;

	if (!detail)
		detail = json_string_value(json_object_get(ev->payload, "text"));
	if (!detail)
		detail = json_string_value(json_object_get(ev->payload, "note"));
	if (!detail)
		detail = json_string_value(json_object_get(ev->payload,
							   "command"));
	if (!item)
		item = json_string_value(json_object_get(ev->payload, "phase"));
	buf_addf(&t->text, "%s%5lld  %.19s  %-24.24s %-9s %s%s%s\n",
		 mark ? "* " : "  ", ev->seq, ev->time, ev->actor, ev->type,
		 item ? item : "", status ? " " : "", status ? status : "");
	if (detail)
		buf_addf(&t->text, "%s%5s  %s\n", mark ? "* " : "  ", "",
			 detail);
	return 0;
}

static void act_timeline(struct app *a)
{
	struct timeline t = { BUF_INIT };
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	char *err = NULL;

	if (!a->run) {
		app_say(a, true, "no run: no timeline");
		return;
	}
	buf_init(&t.text);
	if (journal_open(&j, a->run->path, 0, &err) < 0) {
		app_say(a, true, "%s", err);
		free(err);
		buf_free(&t.text);
		return;
	}
	journal_replay(j, on_event, &t, &d);
	for (size_t i = 0; i < d.count; i++) {
		char *m = diag_format(&d, i);
		buf_addf(&t.text, "%s %s\n", strstr(m, "warning:") ? "!! "
			 : "!! BROKEN:", m);
		free(m);
	}
	if (!d.count)
		buf_addf(&t.text, "\nthe chain is intact: %lld events, the last "
			 "hash %s\n", journal_last_seq(j), journal_last_hash(j));
	journal_close(j);
	diag_free(&d);
	pager_show(a, "Timeline (* waivers, notes, n/a)", t.text.data);
	buf_free(&t.text);
}

/* The format a file name asks for by its ending. */
static const struct report_format *format_of(const char *path)
{
	if (str_ends_with(path, ".md") || str_ends_with(path, ".markdown"))
		return &report_markdown_format;
	if (str_ends_with(path, ".html") || str_ends_with(path, ".htm"))
		return &report_html_format;
	if (str_ends_with(path, ".json"))
		return &report_json_format;
	return &report_text_format;
}

static void act_report(struct app *a)
{
	struct report_options ro = { .paged = false };
	struct report *r = NULL;
	struct buf text = BUF_INIT;
	char *err = NULL, *path;

	if (!a->run) {
		app_say(a, true, "no run: no report");
		return;
	}
	if (report_collect(&r, a->cl, a->run, &err) < 0) {
		app_say(a, true, "%s", err);
		free(err);
		return;
	}
	report_text_format.render(r, &ro, &text);
	pager_show(a, "Report (q: back, then write or print it)", text.data);
	path = prompt_text(a, "Write the report to a file, or print it?",
			   "Enter: write  Esc: no", (const char *const[]){
			   "The name's ending picks the format: .txt, .md, "
			   ".html or .json; lp prints the text." }, 1);
	if (path && strcmp(path, "lp") == 0) {
		char *printer = printer_find();
		if (!printer) {
			app_say(a, true, "no lp or lpr on PATH: write the report "
				"to a file instead");
		} else if (printer_send(printer, text.data ? text.data : "",
					text.len, &err) < 0) {
			app_say(a, true, "%s", err);
			free(err);
		} else {
			app_say(a, false, "the report went to %s", printer);
		}
		free(printer);
	} else if (path && *path) {
		char *full = path_join(a->opt->root, path);
		buf_reset(&text);
		format_of(path)->render(r, &ro, &text);
		if (file_write_atomic(full, text.data, text.len, &err) < 0) {
			app_say(a, true, "%s (nothing written)", err);
			free(err);
		} else {
			app_say(a, false, "report written to %s", full);
		}
		free(full);
	}
	buf_free(&text);
	free(path);
	report_free(r);
}

static void act_review(struct app *a)
{
	char *note, *err = NULL;
	bool approve;

	if (!a->opt->audit) {
		app_say(a, true, "reviews are given in audit mode (relcheck "
			"audit RUN)");
		return;
	}
	if (!a->run || run_read_only(a->run)) {
		app_say(a, true, "cannot review: %s", a->run ?
			run_read_only(a->run) : "no run");
		return;
	}
	{
		const char *lines[] = { "y: approve   n: reject" };
		int c = prompt_choice(a, "Approve the run?", lines, 1);
		if (c < 0)
			return;
		approve = c == 1;
	}
	note = prompt_text(a, approve ? "Approve: your note" : "Reject: why?",
			   "Enter: record  Esc: cancel  (a note is required)",
			   NULL, 0);
	if (!note)
		return;
	after(a, run_review(a->run, approve, note, &err), &err,
	      approve ? "approved: recorded" : "rejected: recorded");
	free(note);
}

static void act_help(struct app *a)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "Keys\n\n");
#define KEYHELP_(act, shown, k1, k2, help) \
	buf_addf(&b, "  %-14s %s\n", shown, help);
	TUI_KEYS(KEYHELP_)
#undef KEYHELP_
	buf_adds(&b, "\nIn the viewer: j/k, Space/b, g/G, / search, n next, "
		 "q back.\nIn a dialog: Enter records, Esc cancels.\n"
		 );
	buf_addf(&b, "\nGlyphs: %s pass or done, %s fail, ! error, ~ waived, %s "
		 "not applicable,\n%s skipped (a dependency did not pass), %s "
		 "check to run, %s manual step.\n",
		 theme_glyph(&a->theme, ITEM_PASS, false, false),
		 theme_glyph(&a->theme, ITEM_FAIL, false, false),
		 theme_glyph(&a->theme, ITEM_NA, false, false),
		 theme_glyph(&a->theme, ITEM_SKIPPED, false, false),
		 theme_glyph(&a->theme, ITEM_PENDING, false, false),
		 theme_glyph(&a->theme, ITEM_PENDING, true, false));
	buf_adds(&b,
		 "Every action is recorded in the run's journal before it is "
		 "shown done;\nquitting at any moment loses nothing.\n");
	pager_show(a, "Help", b.data);
	buf_free(&b);
}

static enum tui_action action_of(int ch)
{
#define KEYMATCH_(act, shown, k1, k2, help) \
	if (ch == (k1) || ((k2) != 0 && ch == (k2))) \
		return ACT_##act;
	TUI_KEYS(KEYMATCH_)
#undef KEYMATCH_
	if (ch == KEY_ENTER || ch == '\r')
		return ACT_DONE;
	return ACT_NONE;
}

/* A closed run takes only reviews: the keys that would record in it
 * say so instead (the engine refuses them too). */
static bool closed_refuses(struct app *a, enum tui_action act)
{
	if (!a->run || !a->run->closed || a->opt->audit)
		return false;
	switch (act) {
	case ACT_DONE: case ACT_NA: case ACT_NOTE: case ACT_NOTE_EDITOR:
	case ACT_WAIVE: case ACT_RECHECK: case ACT_RECHECK_ALL:
	case ACT_RUN_COMMAND: case ACT_SIGNOFF: case ACT_CLOSE: case ACT_REOPEN:
		app_say(a, true, "the run is closed: it takes only reviews "
			"(relcheck audit); v evidence, t timeline, p report");
		return true;
	default:
		return false;
	}
}

static void handle(struct app *a, int ch)
{
	const struct item *it = selected(a);
	const struct row *row = a->nrows ? &a->rows[a->sel] : NULL;
	enum tui_action act = action_of(ch);

	if (act != ACT_NONE) {
		free(a->message);
		a->message = NULL;
	}
	if (LINES < 15 || COLS < 60) {
		if (act == ACT_QUIT)
			a->quit = true;
		return;
	}
	if (closed_refuses(a, act))
		return;
	switch (act) {
	case ACT_DOWN: move_sel(a, 1); break;
	case ACT_UP: move_sel(a, -1); break;
	case ACT_PAGE_DOWN: move_sel(a, LINES / 2); break;
	case ACT_PAGE_UP: move_sel(a, -(LINES / 2)); break;
	case ACT_FIRST: a->sel = 0; move_sel(a, 1); break;
	case ACT_LAST:
		/* The last item: the sign-off and close rows are j and
		 * Tab away. */
		a->sel = a->nrows - 1;
		while (a->sel > 0 && !a->rows[a->sel].item)
			a->sel--;
		break;
	case ACT_NEXT_TODO:
		if (!a->run || !next_todo(a, false))
			app_say(a, false, "nothing needs you now");
		break;
	case ACT_DONE:
		if (it)
			act_done(a, it);
		else if (row && row->signoff)
			act_signoff(a, row->phase);
		else if (row && row->close)
			act_close(a);
		break;
	case ACT_NA: if (it) act_na(a, it); break;
	case ACT_REOPEN: if (it) act_reopen(a, it); break;
	case ACT_NOTE: if (it) act_note(a, it); break;
	case ACT_NOTE_EDITOR: if (it) act_note_editor(a, it); break;
	case ACT_WAIVE: if (it) act_waive(a, it); break;
	case ACT_RECHECK: if (it) act_recheck(a, it, false); break;
	case ACT_RECHECK_ALL: act_recheck(a, it, true); break;
	case ACT_RUN_COMMAND: if (it) act_run_command(a, it); break;
	case ACT_SIGNOFF:
		if (row && row->phase)
			act_signoff(a, row->phase);
		else if (row && row->close)
			app_say(a, true, "C closes the run");
		break;
	case ACT_CLOSE: act_close(a); break;
	case ACT_EVIDENCE: if (it) act_evidence(a, it); break;
	case ACT_TIMELINE: act_timeline(a); break;
	case ACT_REPORT: act_report(a); break;
	case ACT_REVIEW: act_review(a); break;
	case ACT_HELP: act_help(a); break;
	case ACT_QUIT: a->quit = true; break;
	case ACT_NONE: break;
	}
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
	if ((int)n + 6 > LINES)
		pager_show(a, "relcheck demo (q to start; also in its "
			   "README.md)", a->opt->demo);
	else
		prompt_info(a, "relcheck demo (any key to start; also in its "
			    "README.md)", lines, n);
	app_say(a, false, "demo: its failures are staged (see README.md); "
		"? help, q quits and says how to reopen it");
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
	sa.sa_handler = on_signal;
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
	curs_set(0);
	timeout(0);
	set_escdelay(25);
	theme_init(&a.theme);
	build_rows(&a);
	a.sel = 0;
	move_sel(&a, 1);
	if (a.run && !next_todo(&a, true)) {
		a.sel = 0;
		move_sel(&a, 1);
	}
	if (opt->audit && opt->problem)
		app_say(&a, true, "the journal is broken at line %zu: %s (t: "
			"timeline)", opt->problem_line, opt->problem);
	else if (a.run && run_read_only(a.run) && !opt->audit)
		app_say(&a, true, "read-only: %s", run_read_only(a.run));
	else if (a.run && a.run->closed && !opt->audit)
		app_say(&a, false, "run %s is closed by %s: it takes only "
			"reviews (relcheck audit); v, t and p read it",
			a.run->release ? a.run->release : "?",
			a.run->closed_by ? a.run->closed_by : "?");

	/* The first screen first: no check has started yet. */
	draw_screen(&a);
	if (!opt->audit)
		start_open_checks(&a, false);
	if (opt->demo)
		show_demo(&a);

	while (!a.quit) {
		int ch;

		draw_screen(&a);
		ch = app_getch(&a);
		while (ch != ERR && !a.quit) {
			if (ch != KEY_RESIZE)
				handle(&a, ch == '\r' ? '\n' : ch);
			if (a.quit)
				break;
			draw_screen(&a);
			ch = getch();
		}
	}
	endwin();
	delscreen(screen);
	for (size_t i = 0; i < a.nbatches; i++)
		scheduler_free(a.batches[i].s);	/* stops running checks */
	free(a.batches);
	free(a.rows);
	free(a.message);
	if (quit_signal)
		status = 128 + quit_signal;
	return status;
}
