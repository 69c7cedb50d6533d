/* policy.c: the release rules (policy.h). */
#include "config.h"

#include "policy.h"
#include "maintainer.h"

#include <stdlib.h>
#include <string.h>

bool policy_state_settled(enum item_state st)
{
	return st == ITEM_PASS || st == ITEM_WAIVED || st == ITEM_DONE ||
	       st == ITEM_NA;
}

bool policy_state_open(enum item_state st)
{
	return !policy_state_settled(st);
}

bool policy_state_waivable(enum item_state st)
{
	return st == ITEM_FAIL || st == ITEM_ERROR || st == ITEM_SKIPPED;
}

bool policy_state_decided(enum item_state st)
{
	return st == ITEM_WAIVED || st == ITEM_NA;
}

bool policy_state_reopenable(enum item_state st)
{
	return st == ITEM_DONE || st == ITEM_NA;
}

bool policy_item_waivable(const struct item *it,
			  const struct item_record *r)
{
	return it->check && r && policy_state_waivable(r->state);
}

bool policy_evidence_stale(const struct item_record *r,
			   const struct phase *ph, double changed)
{
	return r->item->phase == ph && r->item->check &&
	       r->state == ITEM_PASS &&
	       run_time_seconds(r->check_time) < changed;
}

static const struct phase_record *phase_of(const struct run *run,
					   const struct phase *ph)
{
	for (size_t i = 0; i < run->nphases; i++)
		if (run->phases[i].phase == ph)
			return &run->phases[i];
	return NULL;
}

static const struct item_record *record_of(const struct run *run,
					   const struct item *it)
{
	for (size_t i = 0; i < run->nitems; i++)
		if (run->items[i].item == it)
			return &run->items[i];
	return NULL;
}

char *policy_why_not_act(const struct run *run, const struct item *it)
{
	const struct phase_record *ph = it ? phase_of(run, it->phase) : NULL;

	if (run_read_only(run))
		return xasprintf("the run is read-only: %s", run_read_only(run));
	if (run->closed)
		return xstrdup("the run is closed: only reviews can be added");
	if (ph && ph->signed_off)
		return xasprintf("phase %s is signed off (by %s): its items are "
				 "locked", ph->phase->id, ph->who);
	return NULL;
}

char *policy_why_not_mark(const struct item *it)
{
	if (!it->settler)
		return NULL;
	return xasprintf("%s is settled by %s: it is done when that item is "
			 "(mark or check %s)", it->full_id,
			 it->settler->full_id, it->settler->full_id);
}

/* The rules every marking of an item shares. */
static char *why_not_mark_now(const struct run *run, const struct item *it)
{
	char *why = policy_why_not_act(run, it);

	return why ? why : policy_why_not_mark(it);
}

char *policy_why_not_done(const struct run *run, const struct item *it)
{
	char *why = why_not_mark_now(run, it);

	if (!why && it->check)
		why = xasprintf("%s is verified by relcheck (a %s check): run "
				"its check, or waive it if the check failed",
				it->full_id, it->check->type->name);
	return why;
}

char *policy_why_not_waive(const struct run *run, const struct item *it)
{
	const struct item_record *r = record_of(run, it);
	char *why = why_not_mark_now(run, it);

	if (why)
		return why;
	if (!it->check)
		return xasprintf("%s is a manual step: mark it done or not "
				 "applicable", it->full_id);
	if (!policy_item_waivable(it, r))
		return xasprintf("%s has not failed (it is %s): only a failed "
				 "check can be waived", it->full_id,
				 item_state_name(r ? r->state : ITEM_PENDING));
	return NULL;
}

char *policy_why_not_reopen(const struct run *run, const struct item *it)
{
	const struct item_record *r = record_of(run, it);
	char *why = why_not_mark_now(run, it);

	if (why)
		return why;
	if (it->check)
		return xasprintf("%s is checked by relcheck: run its check "
				 "again (relcheck check, or r on the screen) to "
				 "replace its result", it->full_id);
	if (!r || !policy_state_reopenable(r->state))
		return xasprintf("%s is %s: only a step marked done or not "
				 "applicable can be reopened", it->full_id,
				 item_state_name(r ? r->state : ITEM_PENDING));
	return NULL;
}

const struct maint_record *policy_maint_signed(const struct run *run,
					       const struct phase *ph)
{
	const struct maint_record *rec;
	char *key;

	if (!run->maint || !ph->maintainer)
		return NULL;
	key = maint_phase_key(run->cl, ph);
	rec = maint_find(run->maint, key);
	free(key);
	return rec && strcmp(rec->state, "signoff") == 0 ? rec : NULL;
}

const struct phase_record *policy_unsigned_phase(const struct run *run)
{
	for (size_t i = 0; i < run->nphases; i++)
		if (!run->phases[i].signed_off)
			return &run->phases[i];
	return NULL;
}

char *policy_why_not_close(const struct run *run)
{
	const struct phase_record *pr;
	char *why = policy_why_not_act(run, NULL);

	if (why)
		return why;
	pr = policy_unsigned_phase(run);
	if (pr) {
		const struct maint_record *once = policy_maint_signed(run,
								      pr->phase);
		if (once)
			return xasprintf("phase %s is not signed off: it was "
					 "signed off once per maintainer (by %s "
					 "at %s), and is settled without a "
					 "sign-off once none of its items is "
					 "open (run its checks: relcheck check "
					 "--record --phase %s)", pr->phase->id,
					 once->by, once->at, pr->phase->id);
		return xasprintf("phase %s is not signed off: a run closes "
				 "when every phase is", pr->phase->id);
	}
	for (size_t i = 0; i < run->nitems; i++) {
		const struct item_record *r = &run->items[i];
		if (r->item->settler && !r->item->optional &&
		    policy_state_open(r->state))
			return xasprintf("%s is %s: it is settled by %s, which "
					 "must be settled before the run "
					 "closes", r->item->full_id,
					 item_state_name(r->state),
					 r->item->settler->full_id);
	}
	return NULL;
}

char *policy_why_not_review(const struct run *run, const char *note)
{
	/* The run is read, never written: a review goes to the reviewer's
	 * own journal (review.c).  A damaged record is not reviewed. */
	if (!run->intact)
		return xstrdup("the run's record is damaged (relcheck verify "
			       "says where): it cannot be reviewed");
	if (!run->closed)
		return xstrdup("the run is not closed: a review is of a "
			       "finished run");
	if (!note || !*note)
		return xstrdup("a review needs a note (--note TEXT)");
	return NULL;
}

static void add_line(char ***list, size_t *n, char *line)
{
	*list = xrealloc(*list, (*n + 1) * sizeof(**list));
	(*list)[(*n)++] = line;
}

/* Is r an open required item of ph?  An item settled_by another phase's
 * is that phase's to settle: it does not hold this one back. */
static bool holds_back(const struct item_record *r, const struct phase *ph)
{
	return r->item->phase == ph && !r->item->optional &&
	       !r->item->settler && !policy_state_settled(r->state);
}

size_t policy_signoff_open(const struct run *run, const struct phase *ph)
{
	size_t n = 0;

	for (size_t i = 0; i < run->nitems; i++)
		n += holds_back(&run->items[i], ph);
	return n;
}

char **policy_signoff_blockers(const struct run *run, const struct phase *ph,
			       double changed, size_t *n)
{
	char **list = NULL;

	*n = 0;
	for (size_t i = 0; i < run->nitems; i++) {
		const struct item_record *r = &run->items[i];
		if (!holds_back(r, ph))
			continue;
		add_line(&list, n, xasprintf("%s is %s%s%s", r->item->full_id,
					     item_state_name(r->state),
					     r->reason ? ": " : "",
					     r->reason ? r->reason : ""));
	}
	for (size_t i = 0; changed > 0 && i < run->nitems; i++) {
		const struct item_record *r = &run->items[i];
		if (policy_evidence_stale(r, ph, changed))
			add_line(&list, n, xasprintf("%s passed before the "
						     "repository last changed: "
						     "its check must run again",
						     r->item->full_id));
	}
	return list;
}
