/* record.c: the operator's actions that write the run: done, n/a,
 * reopen, notes, waive, sign-off, close, review.  Each is journaled
 * (run.c) before the screen shows it done. */
#include "config.h"

#include "app.h"
#include "policy.h"
#include "sanitize.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The dispatcher has refused the keys of other modes already (the
 * table's modes, actions.c): this is the same rule at each action that
 * writes, whatever called it, in the same words. */
bool app_need_run(struct app *a)
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

/* ---- what is signed: the terminal handed over while it is ----
 *
 * With run->sign (--sign, or the review policy's signed = true) a
 * sign-off, the close and a verdict are signed through GPGME, and
 * gpg-agent may ask for the key's passphrase with its pinentry in this
 * very terminal (pinentry-curses draws over the screen and leaves it torn).
 * So the screen steps aside as for a shell escape (app_outside: out of
 * curses, the engine call, back, the whole screen drawn again), and says
 * on the terminal what is being signed.  Unsigned, nothing changes. */

enum sign_what { SIGN_SIGNOFF, SIGN_CLOSE, SIGN_REVIEW };

struct sign_job {
	struct app *a;
	enum sign_what what;
	const struct phase *ph;	/* SIGN_SIGNOFF */
	bool approve;		/* SIGN_REVIEW */
	const char *note;	/* SIGN_REVIEW */
	char *err;		/* the engine's refusal, the caller's to free */
};

static int sign_job_run(void *data)
{
	struct sign_job *j = data;
	struct run *run = j->a->run;

	if (run->sign) {
		sanitize_fprintf(stdout, "relcheck: signing %s%s as %s (OpenPGP: "
				"gpg-agent may ask for your key's "
				"passphrase)...\n", j->what == SIGN_SIGNOFF
				? "the sign-off of phase " : j->what ==
				SIGN_CLOSE ? "the close of the run" :
				"your verdict", j->what == SIGN_SIGNOFF
				? j->ph->id : "", run->actor);
		fflush(stdout);
	}
	switch (j->what) {
	case SIGN_SIGNOFF:
		return run_signoff(run, j->ph, &j->err);
	case SIGN_CLOSE:
		return run_close(run, &j->err);
	case SIGN_REVIEW:
		return run_review(run, j->approve, j->note, &j->err);
	}
	return -1;
}

/* Runs job: outside curses when it signs.  0, or -1 with job->err. */
static int signed_call(struct app *a, struct sign_job *job)
{
	job->a = a;
	return a->run->sign ? app_outside(a, sign_job_run, job)
			    : sign_job_run(job);
}

void act_done(struct app *a, const struct item *it)
{
	char *err = NULL;
	int rc;

	if (!app_need_run(a))
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
		list_next_todo(a, false);
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

void act_na(struct app *a, const struct item *it)
{
	char *reason, *err = NULL;
	int rc;

	if (!app_need_run(a))
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
		list_next_todo(a, false);
	free(reason);
}

/* Undo: a step marked done or not applicable back to pending, with a
 * reason (run_reopen's rules). */
void act_reopen(struct app *a, const struct item *it)
{
	char *reason, *err = NULL;
	int rc;

	if (!app_need_run(a))
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

void act_note(struct app *a, const struct item *it)
{
	char *text, *err = NULL;

	if (!app_need_run(a))
		return;
	text = ask(a, "Note", "Enter: record  Esc: cancel  (N: in $EDITOR)",
		   it, NULL);
	if (!text)
		return;
	after(a, run_note(a->run, it, text, &err), &err, "note: recorded");
	free(text);
}

/* Leaves curses, runs fn, comes back: the terminal is the command's. */
void act_note_editor(struct app *a, const struct item *it)
{
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/relcheck-note-XXXXXX.txt",
			       tmp && *tmp ? tmp : "/tmp");
	struct buf text = BUF_INIT;
	char *err = NULL;
	int fd;

	if (!app_need_run(a)) {
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
	spawn_editor(a, path);
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

/* The one rule of the screen for what w takes: the key and its hint. */
bool app_waivable(struct app *a, const struct item *it)
{
	struct item_record *r = app_rec(a, it);

	return policy_item_waivable(it, r);
}

void act_waive(struct app *a, const struct item *it)
{
	struct item_record *r = app_rec(a, it);
	char *reason, *err = NULL, *why;
	int rc;

	if (!app_need_run(a))
		return;
	if (!app_waivable(a, it)) {
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
		list_next_todo(a, false);
	free(reason);
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
		if (r->item->phase != ph || !policy_state_decided(r->state))
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
		struct sign_job job = { .what = SIGN_SIGNOFF, .ph = ph };
		int rc = signed_call(a, &job);

		err = job.err;
		after(a, rc, &err, a->run->sign ? "signed off: recorded, "
		      "signed (OpenPGP)" : "signed off: recorded");
		/* On to what comes next: the next phase, or the close. */
		if (rc == 0)
			list_next_todo(a, false);
	}
out:
	for (size_t i = 0; i < n; i++)
		free(blockers[i]);
	free(blockers);
	free(lines);
	buf_free(&b);
}

void app_stale_done(struct app *a)
{
	const struct phase *ph = a->signoff_after;

	a->signoff_after = NULL;
	if (ph)
		signoff_dialog(a, ph);
}

void act_signoff(struct app *a, const struct phase *ph)
{
	const struct item **stale;
	double changed;
	size_t n = 0;

	if (!app_need_run(a))
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
		if (policy_evidence_stale(r, ph, changed) &&
		    !app_item_running(a, r->item)) {
			if (!app_may_run_check(a, r->item)) {
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
		a->signoff_batch = app_start_batch(a, stale, n);
		app_say(a, false, "checking %zu passing check%s again before "
			"the sign-off...", n, n == 1 ? "" : "s");
		if (!a->signoff_batch)
			app_stale_done(a);
	} else {
		signoff_dialog(a, ph);
	}
	free(stale);
}

void act_close(struct app *a)
{
	const char *lines[] = { "A closed run takes only reviews.",
				"Every phase is signed off." };
	char *err = NULL;

	if (!app_need_run(a))
		return;
	if (policy_unsigned_phase(a->run)) {
		app_say(a, true, "phase %s is not signed off: the run "
			"closes when every phase is",
			policy_unsigned_phase(a->run)->phase->id);
		return;
	}
	if (prompt_confirm(a, "Close the run?", lines, 2)) {
		struct sign_job job = { .what = SIGN_CLOSE };
		int rc = signed_call(a, &job);

		err = job.err;
		after(a, rc, &err, a->run->sign ? "run closed: recorded, "
		      "signed (OpenPGP)" : "run closed: recorded");
	}
}

void act_review(struct app *a)
{
	struct sign_job job = { .what = SIGN_REVIEW };
	char *note, *err = NULL;
	bool approve;

	if (!a->opt->audit) {
		app_say(a, true, "reviews are given in audit mode (relcheck "
			"audit RUN)");
		return;
	}
	/* The run is open read-only: the verdict goes to the reviewer's
	 * own journal (run_review), whose rules say why not, if not. */
	if (!a->run) {
		app_say(a, true, "cannot review: no run");
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
	job.approve = approve;
	job.note = note;
	if (signed_call(a, &job) < 0) {
		err = job.err;
		after(a, -1, &err, NULL);
	} else {
		/* What the checklist's review policy makes of it, and the
		 * run's state now (run_state_word). */
		const struct review_record *last = a->run->nreviews ?
			&a->run->reviews[a->run->nreviews - 1] : NULL;
		app_say(a, last && last->not_counted, "%s: recorded; the run "
			"is %s%s%s", approve ? "approved" : "rejected",
			run_state_word(a->run), last && last->not_counted
			? "; not counted: " : "", last && last->not_counted
			? last->not_counted : "");
	}
	free(note);
}
