/* view-detail.c: the detail pane: the selected item, sign-off or close,
 * what it is, its state, its evidence and notes. */
#include "config.h"

#include "app.h"
#include "policy.h"
#include "sanitize.h"
#include "trust.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Text from a reviewer's journal (anybody's), safe for the terminal. */
static void add_safe(struct buf *b, const char *s)
{
	char *t;

	if (!s)
		return;
	t = sanitize_text(s, strlen(s));
	for (char *p = t; *p; p++)
		if (*p == '\t')
			*p = ' ';
	buf_adds(b, t);
	free(t);
}

/* A closed run's reviews: its state by the policy, the policy, and each
 * verdict (who, when, approve or reject, the note, counted or why not,
 * signed or not), in time order: a reviewer in audit mode reads what
 * the others said before giving theirs (A).  Returns the next line. */
static int draw_reviews(struct app *a, int y, int x0, int w, int ymax)
{
	const struct run *run = a->run;
	char *pol = policy_review_summary(a->cl);
	enum theme_pair pair = draw_state_pair(run);
	struct buf b = BUF_INIT;

	buf_init(&b);
	/* "run 1.0.0 " off: the pane is the run's already. */
	buf_adds(&b, "state   ");
	add_safe(&b, run_state_word(run));
	if (y < ymax) {
		attron(theme_attr(&a->theme, pair) | A_BOLD);
		y = draw_wrap(y, x0, w, ymax, b.data);
		attroff(theme_attr(&a->theme, pair) | A_BOLD);
	}
	buf_reset(&b);
	buf_addf(&b, "policy  %s", pol ? pol : "none: the last verdict is "
		 "the run's state");
	free(pol);
	if (y < ymax)
		y = draw_wrap(y, x0, w, ymax, b.data);
	buf_reset(&b);
	buf_addf(&b, "%zu verdict%s%s", run->nreviews, run->nreviews == 1 ? ""
		 : "s", run->nreviews ? ":" : " yet (A: review)");
	if (y < ymax)
		y = draw_wrap(y, x0, w, ymax, b.data);
	for (size_t i = 0; i < run->nreviews && y < ymax; i++) {
		const struct review_record *rv = &run->reviews[i];
		char *sig = run_review_sig_text(rv);
		bool counted = !rv->not_counted;

		buf_reset(&b);
		buf_addf(&b, "%s %s by ", rv->approve ? "+" : "x",
			 rv->approve ? "approve" : "reject");
		add_safe(&b, rv->who ? rv->who : "?");
		buf_adds(&b, "\n  ");
		add_safe(&b, rv->when ? rv->when : "?");
		buf_adds(&b, "  ");
		add_safe(&b, sig);
		free(sig);
		buf_adds(&b, "\n  ");
		if (counted) {
			buf_adds(&b, "counted");
		} else {
			buf_adds(&b, "not counted: ");
			add_safe(&b, rv->not_counted);
		}
		if (rv->note && *rv->note) {
			buf_adds(&b, "\n  \"");
			add_safe(&b, rv->note);
			buf_adds(&b, "\"");
		}
		attron(theme_attr(&a->theme, !counted ? PAIR_DIM : rv->approve
				  ? PAIR_PASS : PAIR_FAIL));
		y = draw_wrap(y, x0, w, ymax, b.data);
		attroff(theme_attr(&a->theme, !counted ? PAIR_DIM : rv->approve
				   ? PAIR_PASS : PAIR_FAIL));
	}
	for (size_t i = 0; i < run->nreview_problems && y < ymax; i++) {
		buf_reset(&b);
		buf_adds(&b, "not counted: ");
		add_safe(&b, run->review_problems[i]);
		attron(theme_attr(&a->theme, PAIR_FAIL));
		y = draw_wrap(y, x0, w, ymax, b.data);
		attroff(theme_attr(&a->theme, PAIR_FAIL));
	}
	buf_free(&b);
	return y;
}

/* The detail of a sign-off or close row: its state, what it waits for,
 * and the key that does it. */
static void draw_stop_detail(struct app *a, const struct row *r, int y0,
			     int x0, int h, int w)
{
	int y = y0, ymax = y0 + h;
	struct buf b = BUF_INIT;
	char **waits = NULL;
	size_t nopen = 0;
	const char *who = NULL, *when = NULL, *hint = NULL;
	char hb[160];		/* a hint naming the keys as bound */
	bool done, ready;

	buf_init(&b);
	if (r->signoff) {
		struct phase_record *pr = run_phase(a->run, r->phase);
		buf_addf(&b, "Sign off phase %s: %s", r->phase->id,
			 app_show(a, r->phase->title));
		done = pr->signed_off;
		ready = app_phase_ready(a, r->phase);
		who = pr->who;
		when = pr->when;
		if (!done)
			waits = run_signoff_blockers(a->run, r->phase, &nopen);
		snprintf(hb, sizeof(hb), "%s or %s: sign off (passing checks "
			 "older than the last commit or tag run again first)",
			 app_key(a, ACT_SIGNOFF), app_key(a, ACT_DONE));
		hint = hb;
	} else {
		buf_adds(&b, "Close the run");
		done = a->run->closed;
		ready = app_close_ready(a);
		who = a->run->closed_by;
		when = a->run->closed_when;
		for (size_t i = 0; !done && i < a->run->nphases; i++) {
			if (a->run->phases[i].signed_off)
				continue;
			waits = xrealloc(waits, (nopen + 1) * sizeof(*waits));
			waits[nopen++] = xasprintf("phase %s is not signed off",
					a->run->phases[i].phase->id);
		}
		snprintf(hb, sizeof(hb), "%s or %s: close the run; a closed "
			 "run takes only reviews", app_key(a, ACT_CLOSE),
			 app_key(a, ACT_DONE));
		hint = hb;
	}
	attron(A_BOLD);
	y = draw_wrap(y, x0, w, ymax, b.data);
	attroff(A_BOLD);
	buf_reset(&b);
	y++;
	if (done)
		buf_addf(&b, "status  %s%s%s%s%s", r->signoff ? "signed off"
			 : "closed", who ? "  by " : "", who ? who : "",
			 when ? "\n        " : "", when ? when : "");
	else if (ready)
		buf_addf(&b, "status  %s", r->signoff ? "ready to sign off"
			 : "ready to close");
	else
		buf_addf(&b, "status  waiting: %zu open", nopen);
	attron(theme_attr(&a->theme, done ? theme_state_pair(ITEM_PASS)
			  : PAIR_WARN));
	y = draw_wrap(y, x0, w, ymax, b.data);
	attroff(theme_attr(&a->theme, done ? theme_state_pair(ITEM_PASS)
			   : PAIR_WARN));
	for (size_t i = 0; i < nopen; i++) {
		if (y < ymax)
			y = draw_wrap(y, x0, w, ymax, waits[i]);
		free(waits[i]);
	}
	free(waits);
	if (!done && a->run && y + 1 < ymax) {
		y++;
		if (!ready && nopen == 0)
			hint = "waiting for its checks to finish";
		else if (!ready && !app_close_ready(a) && r->close)
			hint = "every phase is signed off first";
		else if (!ready) {
			snprintf(hb, sizeof(hb), "%s: the next item that "
				 "needs you", app_key(a, ACT_NEXT_TODO));
			hint = hb;
		}
		if (a->opt->audit || run_read_only(a->run))
			hint = NULL;
		if (hint) {
			attron(theme_attr(&a->theme, PAIR_DIM));
			draw_wrap(y, x0, w, ymax, hint);
			attroff(theme_attr(&a->theme, PAIR_DIM));
		}
	} else if (done && r->close && y + 1 < ymax) {
		y = draw_reviews(a, y + 1, x0, w, ymax);
		if (y + 1 >= ymax) {
			buf_free(&b);
			return;
		}
		y++;
		char *say = xasprintf("A closed run takes only reviews "
				      "(relcheck audit).  %s evidence, %s "
				      "timeline, %s report.",
				      app_key(a, ACT_EVIDENCE),
				      app_key(a, ACT_TIMELINE),
				      app_key(a, ACT_REPORT));

		attron(theme_attr(&a->theme, PAIR_DIM));
		draw_wrap(y, x0, w, ymax, say);
		attroff(theme_attr(&a->theme, PAIR_DIM));
		free(say);
	}
	buf_free(&b);
}

void draw_detail(struct app *a, int y0, int x0, int h, int w)
{
	const struct item *it = a->nrows ? a->rows[a->sel].item : NULL;
	struct item_record *ir;
	int y = y0, ymax = y0 + h;

	if (a->nrows && (a->rows[a->sel].signoff || a->rows[a->sel].close) &&
	    a->run && h > 0 && w > 4) {
		draw_stop_detail(a, &a->rows[a->sel], y0, x0, h, w);
		return;
	}
	if (!it || h <= 0 || w <= 4)
		return;
	ir = app_rec(a, it);
	attron(A_BOLD);
	y = draw_wrap(y, x0, w, ymax, app_show(a, it->title));
	attroff(A_BOLD);
	if (y < ymax) {
		char *line = it->settler
			? xasprintf("%s  settled by %s, when it is settled",
				    it->full_id, it->settler->full_id)
			: xasprintf("%s  %s%s", it->full_id,
			it->check ? "checked by relcheck: " : "manual step",
			it->check ? it->check->type->name : "");
		attron(theme_attr(&a->theme, PAIR_DIM));
		draw_put_clip(y++, x0, w, line);
		attroff(theme_attr(&a->theme, PAIR_DIM));
		free(line);
	}
	if (y < ymax) {
		const char *st = app_item_running(a, it) ? "running" :
				 item_state_name(ir ? ir->state : ITEM_PENDING);
		char *line = xasprintf("status  %s%s%s", st,
				       ir && ir->who ? "  by " : "",
				       ir && ir->who ? ir->who : "");
		enum theme_pair pair = theme_state_pair(ir ? ir->state
							   : ITEM_PENDING);
		y++;
		attron(theme_attr(&a->theme, pair));
		draw_put_clip(y++, x0, w, line);
		attroff(theme_attr(&a->theme, pair));
		free(line);
		if (ir && ir->when && y < ymax) {
			line = xasprintf("        %s", ir->when);
			draw_put_clip(y++, x0, w, line);
			free(line);
		}
		/* Settled once per maintainer, or reopened: said here. */
		if (ir && ir->maint_release && ir->when && y < ymax) {
			line = xasprintf("        %s on %.10s, once per "
					 "maintainer (release %s)",
					 ir->state == ITEM_NA ? "not applicable"
					 : "done", ir->when, ir->maint_release);
			draw_put_clip(y++, x0, w, line);
			free(line);
		} else if (ir && ir->reopened && ir->state == ITEM_PENDING &&
			   y < ymax) {
			line = xasprintf("        reopened: %s", ir->reopened);
			draw_put_clip(y++, x0, w, line);
			free(line);
		}
	}
	if (ir && ir->reason && y < ymax)
		y = draw_wrap(y, x0, w, ymax, ir->reason);
	{
		/* What trust this item lacks, said where it is looked at. */
		unsigned lack = trust_check_needs(a->cl, it);
		if (it->commands.n)
			lack |= CAP_EXEC;
		lack &= ~a->cl->vars.grants;
		if (lack && !a->opt->audit && y < ymax) {
			char *what = trust_describe(lack);
			char *line = xasprintf("not run: this item %s, and the "
					       "checklist is not trusted (read "
					       "it, then relcheck --trust)",
					       what);
			attron(theme_attr(&a->theme, PAIR_WARN));
			y = draw_wrap(y, x0, w, ymax, line);
			attroff(theme_attr(&a->theme, PAIR_WARN));
			free(line);
			free(what);
		}
	}
	{
		char *prog = NULL;
		for (size_t i = 0; i < a->nbatches && !prog; i++)
			prog = scheduler_progress(a->batches[i].s, it);
		if (prog && y < ymax) {
			attron(theme_attr(&a->theme, PAIR_WARN));
			y = draw_wrap(y, x0, w, ymax, prog);
			attroff(theme_attr(&a->theme, PAIR_WARN));
		}
		free(prog);
	}
	if (it->description && y + 1 < ymax) {
		y++;
		y = draw_wrap(y, x0, w, ymax, app_show(a, it->description));
	}
	if (it->commands.n && y + 1 < ymax) {
		y++;
		attron(A_BOLD);
		draw_put(y++, x0, w, "commands");
		attroff(A_BOLD);
		for (size_t c = 0; c < it->commands.n && y < ymax; c++) {
			/* As x would run it: data quoted for the shell. */
			char *err = NULL;
			char *cmd = checklist_command(a->cl, it->commands.s[c],
						      &err);
			char *line = cmd ? xasprintf("$ %s", cmd)
				     : xasprintf("$ %s  (cannot run: %s)",
						 it->commands.s[c], err);
			char *shown = sanitize_text(line, strlen(line));
			free(line);
			line = shown;
			free(err);
			y = draw_wrap(y, x0, w, ymax, line);
			free(line);
			free(cmd);
		}
	}
	if (ir && ir->nnotes && y + 1 < ymax) {
		char *line = xasprintf("%zu note%s; the last: %s", ir->nnotes,
				       ir->nnotes == 1 ? "" : "s",
				       ir->last_note);
		y++;
		y = draw_wrap(y, x0, w, ymax, line);
		free(line);
	}
	if (ir && ir->log && y + 1 < ymax) {
		y++;
		attron(theme_attr(&a->theme, PAIR_DIM));
		draw_put_clip(y++, x0, w, "v: the full log of the last check");
		attroff(theme_attr(&a->theme, PAIR_DIM));
	}
}
