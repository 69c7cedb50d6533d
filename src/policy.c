/* policy.c: the release rules (policy.h). */
#include "config.h"

#include "policy.h"
#include "maintainer.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* ---- the review policy ---- */

static bool same_id(const char *who, const char *id)
{
	char *a = run_reviewer_id(who);
	bool same = a && id && strcmp(a, id) == 0;

	free(a);
	return same;
}

/* Is id (a reviewer's) the release manager's: who started or closed
 * the run, or signed off one of its phases? */
static bool is_manager(const struct run *run, const char *id)
{
	if (same_id(run->started_by, id) || same_id(run->closed_by, id))
		return true;
	for (size_t i = 0; i < run->nphases; i++)
		if (run->phases[i].signed_off &&
		    same_id(run->phases[i].who, id))
			return true;
	return false;
}

/* Is rv's reviewer one of the list's: a fingerprint, by the key of its
 * good signature; anything else by the reviewer's id (or the name as
 * written, without regard to case). */
static bool listed(const struct strlist *l, const struct review_record *rv)
{
	for (size_t i = 0; i < l->n; i++) {
		if (checklist_fingerprint(l->s[i], NULL)) {
			if (rv->sig == SIG_GOOD && rv->signer_fpr &&
			    strcasecmp(rv->signer_fpr, l->s[i]) == 0)
				return true;
		} else if (same_id(l->s[i], rv->id) ||
			   (rv->who && strcasecmp(l->s[i], rv->who) == 0)) {
			return true;
		}
	}
	return false;
}

static const char *sig_word(enum sig_state s)
{
	switch (s) {
	case SIG_NONE: return "unsigned";
	case SIG_GOOD: return "signed";
	case SIG_BAD: return "its signature is BAD";
	case SIG_UNKNOWN: return "its signature cannot be checked";
	case SIG_EXPIRED: return "signed by an expired key";
	case SIG_REVOKED: return "signed by a revoked key";
	}
	return "?";
}

char *policy_why_not_counted(const struct run *run,
			     const struct review_record *rv)
{
	const struct review_policy *rp = &run->cl->review;
	const struct review_record *last = rv;

	if (!rp->set)
		return NULL;
	/* The reviewer's last verdict is theirs. */
	for (size_t i = 0; i < run->nreviews; i++) {
		const struct review_record *o = &run->reviews[i];
		if (o != rv && o->id && rv->id && strcmp(o->id, rv->id) == 0 &&
		    o > last)
			last = o;
	}
	if (last != rv)
		return xasprintf("superseded by %s's verdict of %s", rv->who,
				 last->when ? last->when : "?");
	if (rv->sig == SIG_BAD || rv->sig == SIG_REVOKED)
		return xasprintf("%s", sig_word(rv->sig));
	if (rp->reviewers.n && !listed(&rp->reviewers, rv)) {
		bool keys = false;
		for (size_t i = 0; i < rp->reviewers.n; i++)
			keys |= checklist_fingerprint(rp->reviewers.s[i], NULL);
		if (!keys)
			return xasprintf("%s is not a reviewer of this "
					 "checklist", rv->who);
		if (rv->sig == SIG_GOOD)
			return xasprintf("%s is not a reviewer of this "
					 "checklist (signed with key %s, not a "
					 "listed one)", rv->who, rv->signer_fpr
					 ? rv->signer_fpr : "?");
		return xasprintf("%s is not a reviewer of this checklist (or "
				 "did not sign with a listed key: %s)",
				 rv->who, sig_word(rv->sig));
	}
	if (rv->approve && !rp->self_approval && is_manager(run, rv->id))
		return xasprintf("a self-approval: %s is the release manager "
				 "(self_approval = false)", rv->who);
	if (rp->signed_ && rv->sig != SIG_GOOD)
		return xasprintf("%s, and the policy says signed = true",
				 sig_word(rv->sig));
	return NULL;
}

void policy_review_tally(const struct run *run, struct review_tally *t)
{
	memset(t, 0, sizeof(*t));
	t->policy = run->cl->review.set;
	t->needed = run->cl->review.set ? run->cl->review.approvals : 1;
	for (size_t i = 0; i < run->nreviews; i++) {
		const struct review_record *rv = &run->reviews[i];
		if (rv->not_counted)
			continue;
		if (rv->approve)
			t->approvals++;
		else if (!t->rejected)
			t->rejected = rv;
	}
}

char *policy_review_summary(const struct checklist *cl)
{
	const struct review_policy *rp = &cl->review;
	struct buf b = BUF_INIT;

	if (!rp->set)
		return NULL;
	buf_addf(&b, "%lld approval%s", rp->approvals, rp->approvals == 1
		 ? "" : "s");
	buf_adds(&b, rp->self_approval ? ", the release manager's may count"
		 : ", not the release manager's");
	if (rp->reviewers.n) {
		buf_adds(&b, ", by ");
		for (size_t i = 0; i < rp->reviewers.n; i++)
			buf_addf(&b, "%s%s%s", i ? (i + 1 == rp->reviewers.n
						    ? " or " : ", ") : "",
				 checklist_fingerprint(rp->reviewers.s[i], NULL)
				 ? "key " : "", rp->reviewers.s[i]);
	} else {
		buf_adds(&b, ", by anybody");
	}
	if (rp->signed_)
		buf_adds(&b, ", signed");
	return buf_detach(&b);
}
