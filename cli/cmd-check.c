/* cmd-check.c: `relcheck check`: runs the auto-checks, for CI.
 *
 *   relcheck check [--phase ID]... [--item ID]...
 *                  [--format text|tap|junit|json]
 *
 * Every selected check runs concurrently (dependencies respected); the
 * results are printed in the checklist's order, manual items listed as
 * manual.  A progress line goes to stderr when it is a terminal.  Exit 0
 * when every check passed, 1 when any failed or could not check.
 */
#include "config.h"

#include "check-format.h"
#include "cmd.h"
#include "sanitize.h"
#include "run.h"
#include "scheduler.h"

#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* SIGINT, SIGTERM, SIGHUP: stop the checks (their process groups too),
 * then leave with 128 + the signal. */
static volatile sig_atomic_t stop_signal;

/* How long the checks have to stop once cancelled. */
#define STOP_GRACE_MS 5000

static void on_stop(int sig)
{
	stop_signal = sig;
}

static void progress_line(struct scheduler *s, const struct check_report *run,
			  size_t done)
{
	const struct item *running = NULL;
	char *what = NULL;
	size_t nrunning = 0;

	for (size_t i = 0; i < run->nrows; i++) {
		if (run->rows[i].item->check && !run->rows[i].has &&
		    scheduler_running(s, run->rows[i].item)) {
			if (!running)
				running = run->rows[i].item;
			nrunning++;
		}
	}
	if (running)
		what = scheduler_progress(s, running);
	fputs("\r\033[K", stderr);	/* relcheck's own: not sanitised */
	sanitize_fprintf(stderr, "[%zu/%zu] %s%s%s%s", done, run->nauto,
			 running ? running->full_id : "",
			 nrunning > 1 ? " and others" : "",
			 what ? ": " : "", what ? what : "");
	fflush(stderr);
	free(what);
}

static bool selected(const struct item *it, const char **phases,
		     size_t nphases, const char **items, size_t nitems)
{
	bool any = nphases || nitems;

	for (size_t i = 0; i < nphases; i++)
		if (strcmp(it->phase->id, phases[i]) == 0)
			return true;
	for (size_t i = 0; i < nitems; i++)
		if (strcmp(it->full_id, items[i]) == 0 ||
		    (!strchr(items[i], '.') && strcmp(it->id, items[i]) == 0))
			return true;
	return !any;
}

/* --jobs N: 1 to 64, the whole argument a number; -1 otherwise. */
static int parse_jobs(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return end == s || *end || n < 1 || n > 64 ? -1 : (int)n;
}

/* The values of every --NAME given, in order, NULL-terminated (caller
 * frees the array). */
static const char **values_of(const struct cmd *cmd, const char *name,
			      size_t *n)
{
	const char **v = xcalloc(cmd->ngiven + 1, sizeof(*v));

	*n = 0;
	for (size_t i = 0; i < cmd->ngiven; i++)
		if (strcmp(cmd->given[i].opt->name, name) == 0)
			v[(*n)++] = cmd->given[i].value;
	return v;
}

/* --jobs and --format, before anything is found. */
static int check_check_args(struct cmd *cmd)
{
	const char *format = cmd_value(cmd, "format");

	for (size_t i = 0; i < cmd->ngiven; i++) {
		const char *v = cmd->given[i].value;

		if (strcmp(cmd->given[i].opt->name, "jobs") == 0 &&
		    parse_jobs(v) < 0) {
			sanitize_fprintf(stderr, "relcheck check: --jobs must be "
					 "1 to 64, not '%s'\n", v);
			return EXIT_USAGE;
		}
	}
	if (format && !check_format_find(format)) {
		struct buf names = BUF_INIT;

		buf_init(&names);
		check_format_names(&names);
		sanitize_fprintf(stderr, "relcheck check: unknown format '%s' "
				 "(%s)\n", format, names.data);
		buf_free(&names);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Whether every --phase and --item names one of cl's; if not, says which
 * does not. */
static int check_prepare(struct cmd *cmd)
{
	const struct checklist *cl = cmd->cl;

	for (size_t i = 0; i < cmd->ngiven; i++) {
		const char *name = cmd->given[i].opt->name;
		const char *v = cmd->given[i].value;

		if (strcmp(name, "phase") == 0 && !checklist_phase(cl, v)) {
			sanitize_fprintf(stderr, "relcheck check: no phase '%s'\n",
					 v);
			return EXIT_USAGE;
		}
		if (strcmp(name, "item") == 0 && !checklist_item(cl, v)) {
			sanitize_fprintf(stderr, "relcheck check: no item '%s' (or more "
					 "than one: give PHASE.ITEM)\n", v);
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

static int cmd_check_exec(struct cmd *cmd)
{
	struct context *ctx = cmd->ctx;
	const struct checklist *cl = cmd->cl;
	struct run *rec = cmd->run;	/* --record */
	size_t nphases, nitems, done = 0;
	const char **phases = values_of(cmd, "phase", &nphases);
	const char **items = values_of(cmd, "item", &nitems);
	const char *format = cmd_value(cmd, "format");
	const struct check_format *fmt = check_format_find(format ? format
								  : "text");
	struct scheduler *s = NULL;
	struct check_report run = { 0 };
	struct scheduler_options so = { .wait = cmd_has(cmd, "wait") };
	char *log_dir = NULL, *err = NULL;
	int status = EXIT_USAGE;
	int jobs = cmd_has(cmd, "jobs") ? parse_jobs(cmd_value(cmd, "jobs"))
					: 0;
	bool record_failed = false;
	const char *ci = getenv("CI"), *no_color = getenv("NO_COLOR");
	bool tty = isatty(STDERR_FILENO) && !(ci && *ci);

	if (rec) {
		/* Results go into the release's run, logs beside it. */
		if (run_read_only(rec) || rec->closed) {
			sanitize_fprintf(stderr, "relcheck check: cannot record: %s\n",
					 rec->closed ? "the run is closed: only reviews "
					 "can be added" : run_read_only(rec));
			status = EXIT_FAILED;
			goto out;
		}
		if (path_mkdirs(rec->log_dir, 0755) < 0) {
			sanitize_fprintf(stderr, "relcheck check: cannot make the log "
					 "folder %s: %s\n", rec->log_dir,
					 strerror(errno));
			goto out;
		}
		log_dir = xstrdup(rec->log_dir);
	} else {
		log_dir = context_log_dir(ctx);
	}
	if (!log_dir)
		goto out;

	run.cl = cl;
	vars_copy(&run.vars, &cl->vars);
	run.rows = xcalloc(checklist_count_items(cl) + 1, sizeof(*run.rows));
	so.root = ctx->root;
	so.log_dir = log_dir;
	so.max_threads = jobs;
	s = scheduler_new(cl, &so);
	for (size_t p = 0; p < cl->nphases; p++) {
		for (size_t i = 0; i < cl->phases[p]->nitems; i++) {
			const struct item *it = cl->phases[p]->items[i];
			if (!selected(it, phases, nphases, items, nitems))
				continue;
			if (rec && run_phase(rec, it->phase)->signed_off) {
				struct phase_record *pr = run_phase(rec,
								    it->phase);
				/* Locked: its record stands.  Asked for by
				 * name, that is a refusal. */
				if (nphases || nitems) {
					sanitize_fprintf(stderr, "relcheck check: phase %s "
							 "is signed off (by %s): its items "
							 "are locked\n", it->phase->id,
							 pr->who);
					status = EXIT_FAILED;
					goto out;
				}
				continue;
			}
			run.rows[run.nrows++].item = it;
			if (it->check) {
				scheduler_add(s, it);
				/* An upload recorded in the run: its index
				 * check waits for the index to catch up. */
				scheduler_upload_time(s, it,
						      run_command_ms(rec, it));
				run.nauto++;
			}
		}
	}
	if (scheduler_start(s, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck check: %s\n", err);
		free(err);
		goto out;
	}
	{
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_stop;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	long long stop_at = 0;

	while (!scheduler_finished(s)) {
		const struct item *it;
		struct check_result res;

		if (stop_signal && !stop_at) {
			scheduler_cancel(s);
			stop_at = now_ms();
		}
		/* A check stuck where it cannot see the cancel (inside a
		 * library) must not hold the process: the commands' groups
		 * are ended by then, so leave without it. */
		if (stop_at && now_ms() - stop_at > STOP_GRACE_MS) {
			sanitize_fprintf(stderr, "relcheck check: stopped by signal %d; "
					 "a check did not stop within %d s, left "
					 "behind\n", (int)stop_signal,
					 STOP_GRACE_MS / 1000);
			_exit(128 + stop_signal);
		}
		if (tty)
			progress_line(s, &run, done);
		scheduler_wait(s, 250);
		while (scheduler_next(s, &it, &res)) {
			for (size_t i = 0; i < run.nrows; i++) {
				if (run.rows[i].item == it) {
					run.rows[i].res = res;
					run.rows[i].has = true;
				}
			}
			if (rec && run_record_check(rec, it, &res, &err) < 0) {
				sanitize_fprintf(stderr, "relcheck check: %s\n", err);
				free(err);
				err = NULL;
				record_failed = true;
			}
			for (size_t i = 0; i < res.captures.count; i++) {
				const struct var *v = &res.captures.v[i];
				vars_set(&run.vars, v->name, v->value,
					 VAR_RUNTIME, NULL, 0);
			}
			done++;
		}
	}
	if (tty)
		fputs("\r\033[K", stderr);	/* relcheck's own */
	if (stop_signal) {
		sanitize_fprintf(stderr, "relcheck check: stopped by signal %d\n",
				 (int)stop_signal);
		status = 128 + stop_signal;
		goto out;
	}

	status = EXIT_OK;
	for (size_t i = 0; i < run.nrows; i++)
		if (run.rows[i].has && (run.rows[i].res.status == CHECK_FAIL ||
					run.rows[i].res.status == CHECK_ERROR))
			status = EXIT_FAILED;
	fmt->print(&run, isatty(STDOUT_FILENO) && !(no_color && *no_color));
	if (record_failed)
		status = EXIT_FAILED;
	if (fflush(stdout) != 0)
		status = EXIT_USAGE;
out:
	scheduler_free(s);
	for (size_t i = 0; i < run.nrows; i++)
		check_result_free(&run.rows[i].res);
	free(run.rows);
	vars_free(&run.vars);
	free(log_dir);
	free(phases);
	free(items);
	return status;
}

static const struct cmd_option check_options[] = {
	{ .name = "phase", .short_name = 'p', .arg = "ID",
	  .help = "only this phase's checks (repeatable)" },
	{ .name = "item", .short_name = 'i', .arg = "ID",
	  .help = "only this item's check, ID or PHASE.ID (repeatable)" },
	{ .name = "format", .short_name = 'f', .arg = "F",
	  .help = "text (the default), tap, junit or json" },
	{ .name = "jobs", .short_name = 'j', .arg = "N",
	  .help = "at most N checks at a time (1 to 64)" },
	{ .name = "record", .flags = CMD_RUN_WRITE | CMD_RUN_CREATE,
	  .help = "record the results in the release's run" },
	{ .name = "wait",
	  .help = "an index check waits for a recorded upload to appear" },
	{ .name = NULL },
};

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "[--phase ID] [--item ID] [--format F] [--jobs N] [--record] [--wait]",
	.summary = "run the automatic checks (for CI)",
	.options = check_options,
	.min_args = 0,
	.max_args = 0,
	.flags = CMD_CHECKLIST | CMD_TRUST,
	.check_args = check_check_args,
	.prepare = check_prepare,
	.exec = cmd_check_exec,
};
