/* spawn.c: running commands in the terminal: the screen steps aside
 * (outside), $EDITOR for a note, a step's commands (x). */
#include "config.h"

#include "app.h"
#include "logfile.h"
#include "cmdscan.h"
#include "sanitize.h"
#include "trust.h"

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Leaves curses, runs fn, comes back: the terminal is the command's. */
int app_outside(struct app *a, int (*fn)(void *), void *data)
{
	int rc;

	def_prog_mode();
	endwin();
	rc = fn(data);
	reset_prog_mode();
	clearok(stdscr, TRUE);
	draw_screen(a);
	refresh();
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

struct command_job {
	struct app *a;
	char **cmds;
	size_t n;
	char **logs;		/* per command, the log's name in log_dir */
	int *codes;
};

int spawn_editor(struct app *a, const char *path)
{
	struct editor_job job = { path };

	return app_outside(a, run_editor, &job);
}

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
			struct sigaction ign, old;

			/* Ctrl-C is the command's while it runs; the loop's
			 * handler is put back exactly. */
			memset(&ign, 0, sizeof(ign));
			ign.sa_handler = SIG_IGN;
			sigemptyset(&ign.sa_mask);
			sigaction(SIGINT, &ign, &old);
			while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
				;
			sigaction(SIGINT, &old, NULL);
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
		prompt_wrap(&lines, n, text, width);
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
			prompt_wrap(&lines, n, text, width);
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
		prompt_wrap(&lines, n, text, width);
		free(text);
		free(why);
	}
	if (*n)
		prompt_wrap(&lines, n, "", width);
	for (size_t i = 0; i < ncmds; i++) {
		text = xasprintf("$ %s", cmds[i]);
		prompt_wrap(&lines, n, text, width);
		free(text);
	}
	prompt_wrap(&lines, n, "", width);
	prompt_wrap(&lines, n, "The screen steps aside; the commands run in "
		   "this terminal, and what they print is kept.", width);
	return lines;
}

void act_run_command(struct app *a, const struct item *it)
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
	if (!app_need_run(a))
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
			char *title = xasprintf("The commands to run (%s: back "
						"to confirm)",
						app_pager_key(a, PAGER_BACK));

			for (size_t i = 0; i < nl; i++)
				buf_addf(&b, "%s\n", shown[i]);
			pager_show(a, title, b.data);
			free(title);
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
	/* What the checks found before the command is journaled before
	 * it; a check of this step still running then is superseded by
	 * the one run after it. */
	app_pump(a);
	app_outside(a, run_commands, &j);
	if (j.codes[0] != -2)
		app_supersede_checks(a, it);
	for (size_t i = 0; i < j.n && j.codes[i] != -2; i++) {
		char *path = xasprintf("%s/%s", a->run->log_dir, j.logs[i]);
		struct buf text = BUF_INIT;
		char *tail, *cerr = NULL;
		bool have;

		/* script(1) kept what the terminal showed: kept as everything
		 * relcheck keeps, sanitised and redacted, or not at all. */
		if (path_is_file(path) && logfile_clean(path, NULL, &cerr) < 0) {
			app_say(a, true, "%s: the log is not kept", cerr);
			free(cerr);
			unlink(path);
		}
		have = buf_read_file(&text, path) == 0;

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
	if (it->check && app_may_run_check(a, it))
		app_start_batch(a, &it, 1);
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
