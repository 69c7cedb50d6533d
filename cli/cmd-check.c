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

#include "cmd.h"
#include "sanitize.h"
#include "run.h"
#include "scheduler.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum format { FMT_TEXT, FMT_TAP, FMT_JUNIT, FMT_JSON };

/* SIGINT, SIGTERM, SIGHUP: stop the checks (their process groups too),
 * then leave with 128 + the signal. */
static volatile sig_atomic_t stop_signal;

/* How long the checks have to stop once cancelled. */
#define STOP_GRACE_MS 5000

static void on_stop(int sig)
{
	stop_signal = sig;
}

struct row {
	const struct item *item;
	bool has;		/* a result came */
	struct check_result res;
};

struct report {
	const struct checklist *cl;
	struct vars vars;	/* the checklist's, plus what checks captured */
	struct row *rows;	/* selected items, checklist order */
	size_t nrows;
	size_t nauto;
};

/* raw with the run's variables (captures included), or raw itself. */
static char *expand(const struct report *run, const char *raw)
{
	struct buf out = BUF_INIT;
	char *err = NULL;

	if (!raw)
		return xstrdup("");
	if (vars_expand_show(&run->vars, raw, &out, &err) < 0) {
		free(err);
		buf_free(&out);
		return xstrdup(raw);
	}
	return buf_detach(&out);
}

static bool selected(const struct item *it, char **phases, size_t nphases,
		     char **items, size_t nitems)
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

static const char *status_of(const struct row *r)
{
	if (!r->item->check)
		return "manual";
	return r->has ? check_status_name(r->res.status) : "pending";
}

static void progress_line(struct scheduler *s, const struct report *run, size_t done)
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

static void print_text(const struct report *run, bool colour)
{
	size_t w = 0;

	for (size_t i = 0; i < run->nrows; i++)
		if (strlen(run->rows[i].item->full_id) > w)
			w = strlen(run->rows[i].item->full_id);
	for (size_t i = 0; i < run->nrows; i++) {
		const struct row *r = &run->rows[i];
		const char *st = status_of(r);
		const char *c = "", *off = colour ? "\033[0m" : "";
		char *title = expand(run, r->item->title);
		char dur[32] = "";

		if (colour) {
			c = strcmp(st, "pass") == 0 ? "\033[32m" :
			    strcmp(st, "fail") == 0 ? "\033[31m" :
			    strcmp(st, "error") == 0 ? "\033[35m" :
			    strcmp(st, "manual") == 0 ? "\033[2m" : "\033[33m";
		}
		if (r->has)
			snprintf(dur, sizeof(dur), "%.1fs",
				 (double)r->res.duration_ms / 1000.0);
		/* The colours are relcheck's own; the rest is sanitised. */
		fputs(c, stdout);
		sanitize_printf("%-7s", st);
		fputs(off, stdout);
		sanitize_printf(" %-*s %6s  %s\n", (int)w, r->item->full_id,
				dur, title);
		if (r->has && r->res.reason && r->res.status != CHECK_PASS)
			sanitize_printf("        %*s         %s\n", (int)w, "",
					r->res.reason);
		free(title);
	}
}

/* s inside a YAML double-quoted string (caller frees). */
static char *yaml_quote(const char *s)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_addc(&b, '\\');
		if (*s == '\n')
			buf_adds(&b, "\\n");
		else if (*s == '\t')
			buf_adds(&b, "\\t");
		else
			buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

static void print_tap(const struct report *run)
{
	sanitize_printf("TAP version 13\n1..%zu\n", run->nrows);
	for (size_t i = 0; i < run->nrows; i++) {
		const struct row *r = &run->rows[i];
		char *title = expand(run, r->item->title);
		bool ok = !r->item->check || (r->has &&
			  (r->res.status == CHECK_PASS ||
			   r->res.status == CHECK_SKIPPED));
		const char *reason = r->has && r->res.reason ? r->res.reason
							     : "";

		/* '#' starts a directive in TAP: keep it out of names. */
		for (char *p = title; *p; p++)
			if (*p == '#')
				*p = ' ';
		sanitize_printf("%s %zu - %s %s", ok ? "ok" : "not ok", i + 1,
				r->item->full_id, title);
		if (!r->item->check)
			sanitize_printf(" # SKIP manual\n");
		else if (r->has && r->res.status == CHECK_SKIPPED)
			sanitize_printf(" # SKIP %s\n", reason);
		else
			sanitize_printf("\n");
		if (r->has && r->item->check) {
			char *quoted = yaml_quote(reason);

			sanitize_printf("  ---\n  status: %s\n  reason: \"%s\"\n"
					"  duration_ms: %lld\n  ...\n",
					check_status_name(r->res.status),
					quoted, r->res.duration_ms);
			free(quoted);
		}
		free(title);
	}
}

/* s in XML text or an attribute, made safe first (sanitize_text): the
 * one way untrusted text goes into the JUnit report. */
static void xml_escape(FILE *f, const char *raw)
{
	char *clean = sanitize_text(raw, raw ? strlen(raw) : 0);

	for (const char *s = clean; *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			if ((unsigned char)*s < 0x20 && *s != '\n' &&
			    *s != '\t')
				fputc(' ', f);
			else
				fputc(*s, f);
		}
	}
	free(clean);
}

static void print_junit(const struct report *run)
{
	const struct checklist *cl = run->cl;

	sanitize_printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites");
	{
		char *name = expand(run, cl->name ? cl->name : "relcheck");
		sanitize_printf(" name=\"");
		xml_escape(stdout, name);
		sanitize_printf("\">\n");
		free(name);
	}
	for (size_t p = 0; p < cl->nphases; p++) {
		const struct phase *ph = cl->phases[p];
		size_t tests = 0, failures = 0, errors = 0, skipped = 0;
		double time = 0;

		for (size_t i = 0; i < run->nrows; i++) {
			const struct row *r = &run->rows[i];
			if (r->item->phase != ph)
				continue;
			tests++;
			if (!r->item->check || !r->has ||
			    r->res.status == CHECK_SKIPPED)
				skipped++;
			else if (r->res.status == CHECK_FAIL)
				failures++;
			else if (r->res.status == CHECK_ERROR)
				errors++;
			if (r->has)
				time += (double)r->res.duration_ms / 1000.0;
		}
		if (!tests)
			continue;
		sanitize_printf("  <testsuite name=\"%s\" tests=\"%zu\" failures=\"%zu\""
				" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\">\n",
				ph->id, tests, failures, errors, skipped, time);
		for (size_t i = 0; i < run->nrows; i++) {
			const struct row *r = &run->rows[i];
			char *title;

			if (r->item->phase != ph)
				continue;
			title = expand(run, r->item->title);
			sanitize_printf("    <testcase classname=\"%s\" name=\"", ph->id);
			xml_escape(stdout, r->item->full_id);
			sanitize_printf(": ");
			xml_escape(stdout, title);
			sanitize_printf("\" time=\"%.3f\"", r->has ?
					(double)r->res.duration_ms / 1000.0 : 0.0);
			free(title);
			if (!r->item->check) {
				sanitize_printf(">\n      <skipped message=\"manual\"/>\n"
						"    </testcase>\n");
				continue;
			}
			if (!r->has || r->res.status == CHECK_PASS) {
				sanitize_printf("/>\n");
				continue;
			}
			sanitize_printf(">\n      <%s message=\"",
					r->res.status == CHECK_FAIL ? "failure" :
					r->res.status == CHECK_ERROR ? "error"
								     : "skipped");
			xml_escape(stdout, r->res.reason);
			sanitize_printf("\"");
			if (r->res.tail && *r->res.tail &&
			    r->res.status != CHECK_SKIPPED) {
				sanitize_printf(">");
				xml_escape(stdout, r->res.tail);
				sanitize_printf("</%s>\n", r->res.status == CHECK_FAIL
						? "failure" : "error");
			} else {
				sanitize_printf("/>\n");
			}
			sanitize_printf("    </testcase>\n");
		}
		sanitize_printf("  </testsuite>\n");
	}
	sanitize_printf("</testsuites>\n");
}

static void print_json(const struct report *run)
{
	const struct checklist *cl = run->cl;
	const struct var *v = vars_find(&cl->vars, "version");
	json_t *root = json_object(), *items = json_array();
	char *name = expand(run, cl->name ? cl->name : "");

	json_object_set_new(root, "checklist", json_string(cl->file));
	json_object_set_new(root, "name", sanitize_json_string(name));
	json_object_set_new(root, "release", cl->version_known && v
			    ? sanitize_json_string(v->value) : json_null());
	free(name);
	for (size_t i = 0; i < run->nrows; i++) {
		const struct row *r = &run->rows[i];
		json_t *o = json_object(), *ev = json_object();
		char *title = expand(run, r->item->title);

		json_object_set_new(o, "id", json_string(r->item->full_id));
		json_object_set_new(o, "phase", json_string(r->item->phase->id));
		json_object_set_new(o, "title", sanitize_json_string(title));
		json_object_set_new(o, "status", json_string(status_of(r)));
		json_object_set_new(o, "reason", r->has && r->res.reason
				    ? sanitize_json_string(r->res.reason)
				    : json_null());
		json_object_set_new(o, "duration_ms", r->has
				    ? json_integer(r->res.duration_ms)
				    : json_null());
		if (r->has) {
			for (size_t k = 0; k < r->res.nev; k++)
				json_object_set_new(ev, r->res.ev[k].key,
					sanitize_json_string(
						r->res.ev[k].value));
		}
		json_object_set_new(o, "evidence", ev);
		json_array_append_new(items, o);
		free(title);
	}
	json_object_set_new(root, "items", items);
	sanitize_json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
	json_decref(root);
}

/* --jobs N: 1 to 64, the whole argument a number; -1 otherwise. */
static int parse_jobs(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return end == s || *end || n < 1 || n > 64 ? -1 : (int)n;
}

/* Whether every --phase and --item names one of cl's; if not, says which
 * does not. */
static bool names_found(const struct checklist *cl, char **phases,
			size_t nphases, char **items, size_t nitems)
{
	for (size_t i = 0; i < nphases; i++) {
		if (!checklist_phase(cl, phases[i])) {
			sanitize_fprintf(stderr, "relcheck check: no phase '%s'\n",
					 phases[i]);
			return false;
		}
	}
	for (size_t i = 0; i < nitems; i++) {
		if (!checklist_item(cl, items[i])) {
			sanitize_fprintf(stderr, "relcheck check: no item '%s' (or more "
					 "than one: give PHASE.ITEM)\n", items[i]);
			return false;
		}
	}
	return true;
}

static int cmd_check_exec(struct context *ctx, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "phase", required_argument, NULL, 'p' },
		{ "item", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "record", no_argument, NULL, 'r' },
		{ "wait", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	char **phases = xcalloc((size_t)argc + 1, sizeof(char *));
	char **items = xcalloc((size_t)argc + 1, sizeof(char *));
	size_t nphases = 0, nitems = 0, done = 0;
	enum format fmt = FMT_TEXT;
	struct checklist *cl = NULL;
	struct scheduler *s = NULL;
	struct report run = { 0 };
	struct scheduler_options so = { 0 };
	char *log_dir = NULL, *err = NULL;
	int c, status = EXIT_USAGE, jobs = 0;
	bool record = false, record_failed = false;
	struct run *rec = NULL;
	const char *ci = getenv("CI"), *no_color = getenv("NO_COLOR");
	bool tty = isatty(STDERR_FILENO) && !(ci && *ci);

	optind = 0;	/* 0: GNU getopt starts afresh, permuting */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:p:i:f:j:", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'r':
			record = true;
			break;
		case 'w':
			so.wait = true;
			break;
		case 'p':
			phases[nphases++] = optarg;
			break;
		case 'i':
			items[nitems++] = optarg;
			break;
		case 'j':
			jobs = parse_jobs(optarg);
			if (jobs < 0) {
				sanitize_fprintf(stderr, "relcheck check: --jobs must be "
						 "1 to 64, not '%s'\n", optarg);
				goto out;
			}
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				fmt = FMT_TEXT;
			else if (strcmp(optarg, "tap") == 0)
				fmt = FMT_TAP;
			else if (strcmp(optarg, "junit") == 0)
				fmt = FMT_JUNIT;
			else if (strcmp(optarg, "json") == 0)
				fmt = FMT_JSON;
			else {
				sanitize_fprintf(stderr, "relcheck check: unknown format "
						 "'%s' (text, tap, junit or json)\n",
						 optarg);
				goto out;
			}
			break;
		case ':':
			sanitize_fprintf(stderr, "relcheck check: option '%s' needs a "
					 "value\n", argv[optind - 1]);
			goto out;
		default:
			sanitize_fprintf(stderr, "relcheck check: unknown option '%s'\n",
					 argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		sanitize_fprintf(stderr, "relcheck check: unexpected argument '%s'\n",
				 argv[optind]);
		goto out;
	}
	if (context_discover(ctx) != EXIT_OK)
		goto out;
	cl = context_load(ctx, NULL);
	if (!cl)
		goto out;
	/* On a development version, the run found (context.h). */
	if (record && !(cl = context_follow_run(ctx, cl, RUN_WRITE |
						RUN_CREATE)))
		goto out;
	if (!names_found(cl, phases, nphases, items, nitems) ||
	    context_authorise(ctx, cl) != EXIT_OK)
		goto out;
	if (record) {
		/* Results go into the release's run, logs beside it. */
		rec = context_run(ctx, cl, RUN_WRITE | RUN_CREATE);
		if (!rec)
			goto out;
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
	switch (fmt) {
	case FMT_TEXT:
		print_text(&run, isatty(STDOUT_FILENO) &&
			   !(no_color && *no_color));
		break;
	case FMT_TAP:
		print_tap(&run);
		break;
	case FMT_JUNIT:
		print_junit(&run);
		break;
	case FMT_JSON:
		print_json(&run);
		break;
	}
	if (record_failed)
		status = EXIT_FAILED;
	if (fflush(stdout) != 0)
		status = EXIT_USAGE;
out:
	run_free(rec);
	scheduler_free(s);
	for (size_t i = 0; i < run.nrows; i++)
		check_result_free(&run.rows[i].res);
	free(run.rows);
	vars_free(&run.vars);
	free(log_dir);
	checklist_free(cl);
	free(phases);
	free(items);
	return status;
}

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "[--phase ID] [--item ID] [--format F] [--jobs N] [--record] [--wait]",
	.summary = "run the automatic checks (for CI)",
	.exec = cmd_check_exec,
};
