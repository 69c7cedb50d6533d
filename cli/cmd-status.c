/* cmd-status.c: `relcheck status [RUN]`: per phase, per item: state, who,
 * when. */
#include "config.h"

#include "cmd.h"
#include "sanitize.h"
#include "policy.h"
#include "run.h"
#include "print.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* raw expanded, on one line, made safe to print. */
static char *show(const struct checklist *cl, const char *raw)
{
	char *s = checklist_show(cl, raw), *line = sanitize_line(s);

	free(s);
	return line;
}

/* Text a person wrote, as the journal has it, on one line and redacted
 * (a journal written before notes were redacted may hold a token). */
static char *person(const char *s)
{
	return sanitize_name(s ? s : "?");
}

static void print_item(const struct checklist *cl,
		       const struct item_record *r, int w)
{
	char *t = show(cl, r->item->title), *who = person(r->who);

	sanitize_printf("  %-8s %-*s  %s%s\n", item_state_name(r->state), w,
			r->item->full_id, t,
			r->item->optional ? " (optional)" : "");
	if (r->who && r->maint_release) {
		char *rel = person(r->maint_release);
		/* Settled from the maintainer's record: not in this run. */
		sanitize_printf("  %-8s %-*s  %s on %.10s by %s (once per "
				"maintainer, for release %s)\n", "", w, "",
				r->state == ITEM_NA ? "not applicable" : "done",
				r->when ? r->when : "?", who, rel);
		free(rel);
	} else if (r->who) {
		sanitize_printf("  %-8s %-*s  by %s at %s\n", "", w, "", who,
				r->when);
	}
	if (r->reopened && r->state == ITEM_PENDING) {
		char *why = person(r->reopened);
		sanitize_printf("  %-8s %-*s  reopened: %s\n", "", w, "", why);
		free(why);
	}
	if (r->reason && r->state != ITEM_PASS) {
		char *reason = person(r->reason);
		sanitize_printf("  %-8s %-*s  %s\n", "", w, "", reason);
		free(reason);
	}
	if (r->nnotes) {
		char *note = person(r->last_note);
		sanitize_printf("  %-8s %-*s  %zu note%s, the last: %s\n", "",
				w, "", r->nnotes, r->nnotes == 1 ? "" : "s",
				note);
		free(note);
	}
	free(who);
	free(t);
}

static void print_header(const struct checklist *cl, const struct run *run)
{
	char *name = show(cl, cl->name ? cl->name : "");
	char *started_by = person(run->started_by);
	size_t done, total;

	run_progress(run, NULL, &done, &total);
	sanitize_printf("%s\n", name);
	sanitize_printf("run       %s\n", run->path);
	sanitize_printf("release   %s\n", run->release ? run->release : "?");
	sanitize_printf("checklist %s (sha256 %.16s)\n", cl->file,
			cl->sha256);
	{
		/* A run fetched from another clone: where it was begun. */
		char *was = NULL, *host = NULL;
		if (context_run_origin(run->path, &was, &host) == 0 &&
		    strcmp(was, cl->file) != 0)
			sanitize_printf("          started with %s on %s\n",
					was, host ? host : "?");
		free(was);
		free(host);
	}
	if (context_checklist_changed(cl, run))
		sanitize_printf("warning   the run was started with another "
				"checklist (sha256 %.16s): the checklist "
				"changed since\n", run->checklist_sha256);
	sanitize_printf("started   %s by %s\n",
			run->started ? run->started : "?", started_by);
	if (run->closed) {
		char *by = person(run->closed_by);
		sanitize_printf("state     %s (closed by %s at %s)\n",
				run_state_word(run), by, run->closed_when);
		free(by);
	} else {
		sanitize_printf("state     %s\n", run_state_word(run));
	}
	sanitize_printf("progress  %zu of %zu required items settled, %zu "
			"events\n", done, total, run->nevents);
	{
		char *policy = policy_review_summary(cl);
		if (policy)
			sanitize_printf("policy    %s\n", policy);
		free(policy);
	}
	free(started_by);
	free(name);
}

static int cmd_status_exec(struct cmd *cmd)
{
	struct checklist *cl = cmd->cl;
	struct run *run = cmd->run;
	size_t done, total, w = 0;

	for (size_t i = 0; i < run->nitems; i++)
		if (strlen(run->items[i].item->full_id) > w)
			w = strlen(run->items[i].item->full_id);
	print_header(cl, run);
	for (size_t p = 0; p < run->nphases; p++) {
		const struct phase_record *ph = &run->phases[p];
		char *title = show(cl, ph->phase->title);

		run_progress(run, ph->phase, &done, &total);
		sanitize_printf("\n%s: %s  [%zu/%zu]", ph->phase->id, title,
				done, total);
		if (ph->signed_off && ph->maint_by) {
			char *who = person(ph->maint_by);
			char *rel = person(ph->maint_release);
			sanitize_printf("  settled once per maintainer: signed "
					"off on %.10s by %s, for release %s",
					ph->maint_at ? ph->maint_at : "?", who,
					rel);
			free(rel);
			free(who);
		} else if (ph->signed_off) {
			char *who = person(ph->who);
			sanitize_printf("  signed off by %s at %s", who,
					ph->when);
			free(who);
		}
		sanitize_printf("\n");
		free(title);
		for (size_t i = 0; i < run->nitems; i++)
			if (run->items[i].item->phase == ph->phase)
				print_item(cl, &run->items[i], (int)w);
	}
	for (size_t i = 0; i < run->nreviews; i++) {
		const struct review_record *rv = &run->reviews[i];
		char *who = person(rv->who);
		char *note = person(rv->note);

		sanitize_printf("\nreview: %s by %s at %s: %s\n",
				rv->approve ? "approved" : "rejected", who,
				rv->when, note);
		if (rv->reviewed_hash) {
			char *sig = run_review_sig_text(rv);
			sanitize_printf("        of the run at event %lld (hash "
					"%.16s...), %s\n", rv->reviewed_seq,
					rv->reviewed_hash, sig);
			free(sig);
		}
		if (rv->not_counted)
			sanitize_printf("        not counted: %s\n",
					rv->not_counted);
		free(note);
		free(who);
	}
	for (size_t i = 0; i < run->nreview_problems; i++)
		sanitize_printf("\nreview problem: %s\n",
				run->review_problems[i]);
	run_progress(run, NULL, &done, &total);
	return run->closed || done == total ? EXIT_OK : EXIT_FAILED;
}

const struct cmd_entry cmd_status_entry = {
	.name = "status",
	.usage = "[RUN]",
	.summary = "the state of every item of a run: who, when",
	.min_args = 0,
	.max_args = 1,
	.flags = CMD_RUN_READ | CMD_RUN_NAMED,
	.exec = cmd_status_exec,
};
