/* report-markdown.c: the report as GitHub-flavoured Markdown: headings,
 * tables, and a task list of the items.
 *
 * Text from the journal is escaped so that it stays text: Markdown's
 * punctuation with a backslash, HTML's with entities, and a new line as
 * <br> (so that no line of it can start a block, nor end a table row).
 */
#include "config.h"

#include "policy.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

static void esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '&': buf_adds(b, "&amp;"); break;
		case '\n': buf_adds(b, "<br>"); break;
		case '\t': buf_addc(b, ' '); break;
		case '\\': case '`': case '*': case '_': case '|': case '[':
		case ']': case '~': case '#': case '!': case '$':
			buf_addc(b, '\\');
			buf_addc(b, *s);
			break;
		default:
			buf_addc(b, *s);
		}
	}
}

/* fmt with each %s escaped (see report_escapef). */
#define escf(b, ...) report_escapef(b, esc, __VA_ARGS__)

static void row(struct buf *b, const char *name, const char *value)
{
	escf(b, "| %s | %s |\n", name, value);
}

static void front(struct buf *b, const struct report *r)
{
	char *n;

	escf(b, "# Release report: %s\n\n", r->title);
	escf(b, "> **%s**\n", r->verdict);
	if (!r->intact)
		buf_adds(b, ">\n> **THE JOURNAL IS DAMAGED: this report shows "
			 "only what comes before the damage.**\n");
	buf_adds(b, "\n| Field | Value |\n| --- | --- |\n");
	row(b, "Project", r->project);
	row(b, "Release", r->release);
	row(b, "Checklist", r->checklist);
	row(b, "Checklist sha256", r->checklist_sha256);
	n = xasprintf("%lld", r->nevents);
	escf(b, "| Run | %s, %s events, %s |\n", r->run, n,
	     r->intact ? "intact" : "DAMAGED");
	free(n);
	escf(b, "| Started | %s by %s |\n", r->started, r->started_by);
	if (r->closed)
		escf(b, "| Closed | %s by %s |\n", r->closed_when,
		     r->closed_by);
	else
		escf(b, "| Last event | %s (the run is open) |\n",
		     r->last_event);
	row(b, "State", r->state);
	for (const struct report_line *l = r->changes; l; l = l->next)
		row(b, "Changed", l->text);
	for (const struct report_line *l = r->problems; l; l = l->next)
		row(b, "Problem", l->text);
}

/* The counts per state and every exception with its reason, before the
 * phases: what a signer reads first. */
static void summary(struct buf *b, const struct report *r,
		    const struct report_options *opt)
{
	size_t counts[ITEM_NA + 1];
	struct report_walk w;
	struct report_note n;
	bool any = false;

	report_count_states(r, counts);
	buf_adds(b, "\n## Summary\n\n|");
	for (size_t i = 0; i < REPORT_NSTATES; i++)
		buf_addf(b, " %s %s |",
			 report_state_symbol(report_state_order[i]),
			 report_state_label(report_state_order[i]));
	buf_adds(b, "\n|");
	for (size_t i = 0; i < REPORT_NSTATES; i++)
		buf_adds(b, " --- |");
	buf_adds(b, "\n|");
	for (size_t i = 0; i < REPORT_NSTATES; i++)
		buf_addf(b, " %zu |", counts[report_state_order[i]]);
	buf_adds(b, "\n\n### Exceptions\n\n");
	for (size_t p = 0; p < r->nphases; p++)
		for (size_t i = 0; i < r->phases[p].nitems; i++) {
			const struct report_item *it = &r->phases[p].items[i];

			if (!report_item_exception(it))
				continue;
			any = true;
			escf(b, "- %s ", report_state_symbol(it->state));
			escf(b, "%s **%s** %s", report_state_label(it->state),
			     it->id, it->title);
			if (it->reason && policy_state_decided(it->state))
				escf(b, ": %s", it->reason);
			if (it->waived_status)
				escf(b, " (accepts the check's %s: %s)",
				     it->waived_status, it->waived_reason
				     ? it->waived_reason : "");
			if (report_item_reopened(it))
				buf_adds(b, ": reopened");
			report_walk_notes(r, it, &w);
			while (report_next_note(&w, &n)) {
				escf(b, "  \n  Note by %s: %s", n.who, n.text);
				report_pass(opt, b);
			}
			buf_adds(b, "\n");
		}
	if (!any)
		buf_adds(b, "None: no item was waived, found not applicable "
			 "or reopened, and no note was made.\n");
}

static void item(struct buf *b, const struct report *r,
		 const struct report_item *it,
		 const struct report_options *opt)
{
	char *s = report_item_summary(it);
	struct report_facts f;
	struct report_walk w;
	struct report_note n;
	const char *fact;

	/* The box says settled or not; the symbol and the word say how. */
	escf(b, "- [%s] %s **%s** %s (%s)  \n  %s\n",
	     it->settled ? "x" : " ", report_state_symbol(it->state), it->id,
	     it->title, it->kind, s);
	free(s);
	if (it->reason)
		escf(b, "  - %s: %s\n", report_reason_label(it), it->reason);
	if (it->waived_status)
		escf(b, "  - Waived check: %s: %s\n", it->waived_status,
		     it->waived_reason ? it->waived_reason : "");
	report_walk_facts(r, it, &f);
	while ((fact = report_next_fact(&f)) != NULL) {
		escf(b, "  - %s\n", fact);
		report_pass(opt, b);
	}
	report_walk_notes(r, it, &w);
	while (report_next_note(&w, &n)) {
		escf(b, "  - Note by %s at %s: %s\n", n.who, n.when,
		     n.text);
		report_pass(opt, b);
	}
}

static void phase(struct buf *b, const struct report *r,
		  const struct report_phase *ph,
		  const struct report_options *opt)
{
	escf(b, "\n## Phase %s: %s\n\n", ph->id, ph->title);
	if (ph->signed_off)
		escf(b, "Signed off by %s at %s, on the journal's hash %s.\n",
		     ph->who, ph->when, ph->hash);
	else
		buf_adds(b, "**NOT SIGNED OFF**\n");
	if (ph->maintainer)
		escf(b, "%s.\n", ph->maintainer);
	buf_addf(b, "%zu of %zu required items settled.\n\n", ph->settled,
		 ph->required);
	for (size_t i = 0; i < ph->nitems; i++)
		item(b, r, &ph->items[i], opt);
}

static void closing(struct buf *b, const struct report *r,
		    const struct report_options *opt)
{
	struct report_walk w;
	struct report_review rv;

	buf_adds(b, "\n## Sign-offs\n\n| Phase | Signed off by | At | "
		 "Journal hash |\n| --- | --- | --- | --- |\n");
	for (size_t p = 0; p < r->nphases; p++) {
		const struct report_phase *ph = &r->phases[p];
		if (ph->signed_off)
			escf(b, "| %s | %s | %s | %s |\n", ph->id, ph->who,
			     ph->when, ph->hash);
		else
			escf(b, "| %s | **NOT SIGNED OFF** | | |\n", ph->id);
	}
	buf_adds(b, "\n## Reviews\n\n");
	if (r->review_policy)
		escf(b, "Review policy: %s.  State: **%s**.\n\n",
		     r->review_policy, r->state);
	if (!r->nreviews)
		buf_adds(b, r->closed ? "No review yet.\n"
			 : "No review: the run is open.\n");
	else
		buf_adds(b, "| Verdict | By | At | Journal hash | Note | "
			 "Signature | Counted |\n"
			 "| --- | --- | --- | --- | --- | --- | --- |\n");
	report_walk_reviews(r, &w);
	while (report_next_review(&w, &rv)) {
		escf(b, "| %s | %s | %s | %s | %s | %s | %s |\n", rv.approve ?
		     "approved" : "rejected", rv.who, rv.when,
		     rv.hash ? rv.hash : "?", rv.note,
		     rv.sig ? rv.sig : "unsigned",
		     rv.not_counted ? rv.not_counted : "yes");
		report_pass(opt, b);
	}
	escf(b, "\n**%s**\n\n", r->verdict);
	{
		char *n = xasprintf("%lld", r->nevents);
		escf(b, "The journal's final hash (%s events): %s\n", n,
		     r->final_hash);
		free(n);
	}
	escf(b, "\n## Signatures\n\n| | Name | Signature | Date |\n"
	     "| --- | --- | --- | --- |\n| Release manager | %s | | |\n",
	     r->manager ? r->manager : "");
	for (size_t i = 0; i < r->nreviewers; i++)
		escf(b, "| Reviewer | %s | | |\n", r->reviewers[i]);
	if (!r->nreviewers)
		buf_adds(b, "| Reviewer |  | | |\n");
}

static void render(const struct report *r, const struct report_options *opt,
		   struct buf *out)
{
	front(out, r);
	summary(out, r, opt);
	for (size_t p = 0; p < r->nphases; p++)
		phase(out, r, &r->phases[p], opt);
	closing(out, r, opt);
}

const struct report_format report_markdown_format = {
	.name = "markdown",
	.help = "headings, tables and task-list boxes for a git forge",
	.render = render,
};
