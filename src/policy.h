/* policy.h: the release rules, once, for the screen and the command line.
 *
 * What blocks a phase's sign-off, which item states are open, which
 * failed states can be waived, what can be reopened, closed, reviewed:
 * each rule is one function here, and run.c, ui/ and cli/ call it
 * instead of writing the rule again.  The functions decide and explain;
 * they never print and never change the run.  A function that says why
 * something may not be done returns that reason (caller frees), or NULL
 * when it may.
 *
 * The states (run.h):
 *   settled   pass, waived, done, not applicable: a phase can be signed
 *             off over it;
 *   open      pending, fail, error, skipped: it holds a sign-off back
 *             (when required, and not settled by another item);
 *   waivable  fail, error, skipped: a check that did not pass may be
 *             waived with a written reason;
 *   decided   waived, not applicable: the operator's decision, listed in
 *             the sign-off; no check replaces it;
 *   reopenable done, not applicable (of a manual step): back to pending
 *             with a reason.
 */
#ifndef RELCHECK_POLICY_H
#define RELCHECK_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"

struct maint_record;

bool policy_state_settled(enum item_state st);
bool policy_state_open(enum item_state st);
bool policy_state_waivable(enum item_state st);
bool policy_state_decided(enum item_state st);
bool policy_state_reopenable(enum item_state st);

/* Whether r (an item's record) may be waived now by its state: a check
 * that did not pass.  r may be NULL (no record: no). */
bool policy_item_waivable(const struct item *it,
			  const struct item_record *r);

/* Whether r's evidence is stale for a sign-off of ph: a check of ph that
 * passed before changed (run_repo_changed_at), so must run again first. */
bool policy_evidence_stale(const struct item_record *r,
			   const struct phase *ph, double changed);

/* Why nothing may be recorded about it (it NULL: about the run) now:
 * the run read-only or closed, or it's phase signed off. */
char *policy_why_not_act(const struct run *run, const struct item *it);
/* Why it is never marked itself (settled by another item). */
char *policy_why_not_mark(const struct item *it);
/* Why it may not be marked done (the rules above, and: only a manual
 * step is done; a check passes by its check). */
char *policy_why_not_done(const struct run *run, const struct item *it);
/* Why it may not be waived now (but for the written reason). */
char *policy_why_not_waive(const struct run *run, const struct item *it);
/* Why it may not be reopened now (but for the written reason). */
char *policy_why_not_reopen(const struct run *run, const struct item *it);
/* Why the run may not be closed now: a phase not signed off (one that a
 * maintainer signed off once said so), or an item settled by another
 * still open. */
char *policy_why_not_close(const struct run *run);
/* Why a review may not be added now (note: the reviewer's note): the
 * run's record damaged, the run not closed, no note.  The run's own
 * journal may be read-only: reviews go to the reviewer's (run.h). */
char *policy_why_not_review(const struct run *run, const char *note);

/* ---- the review policy (the checklist's review block) ----
 *
 * With the block, each reviewer's LAST verdict is theirs (an earlier
 * one is superseded); a verdict counts unless: its reviewer is not in
 * the list of reviewers (a name, "Name <mail>" or mail matches the
 * reviewer's id or name; a fingerprint matches the key of a good
 * signature); it is an approval by the release manager (who started,
 * closed or signed off a phase of the run) and self_approval is false;
 * signed = true and it does not carry a good signature.  The run is
 * "rejected by WHO" while a counted verdict is a rejection (it stands
 * until that reviewer approves later), else "approved (N of M)" once M
 * approvals count, else "awaiting review (N of M approvals)". */

/* Why the policy does not count rv, one line (caller frees), or NULL
 * when it counts (and always without a review block). */
char *policy_why_not_counted(const struct run *run,
			     const struct review_record *rv);

struct review_tally {
	bool policy;		/* the checklist has a review block */
	size_t approvals;	/* counted approvals */
	long long needed;
	/* The first counted rejection, or NULL. */
	const struct review_record *rejected;
};

/* Counts run's verdicts by rv->not_counted (review.c sets it with
 * policy_why_not_counted). */
void policy_review_tally(const struct run *run, struct review_tally *t);

/* The policy in one line: "2 approvals, not the release manager's, by
 * Alice <a@x> or 0xFPR, signed", or NULL without one (caller frees). */
char *policy_review_summary(const struct checklist *cl);

/* The first phase not signed off, or NULL when every phase is. */
const struct phase_record *policy_unsigned_phase(const struct run *run);

/* What keeps ph from being signed off, one reason a line: each required
 * item of ph that is open (failed checks not waived included); and when
 * changed is not 0, each check whose evidence is stale (see above).
 * NULL with *n 0 when nothing does; caller frees each line and the
 * list. */
char **policy_signoff_blockers(const struct run *run, const struct phase *ph,
			       double changed, size_t *n);

/* How many required items of ph are open: the first part of
 * policy_signoff_blockers's list, counted, no line made (the screen asks
 * it of every phase at every frame). */
size_t policy_signoff_open(const struct run *run, const struct phase *ph);

/* The maintainer's standing sign-off of ph (a maintainer phase signed
 * off once per maintainer, maintainer.h), or NULL. */
const struct maint_record *policy_maint_signed(const struct run *run,
					       const struct phase *ph);

#endif
