/* run.h: one release's run: its journal, and the state that is the
 * replay of it.
 *
 * Nothing but the journal is saved: a run's state is the fold of its
 * events.  Every action (a check result, done, not applicable, a note, a
 * waiver, a command, a sign-off, closing, a review) is appended to the
 * journal, fsync'd, and only then applied to the state, so what the
 * caller reports as done is on disk.
 *
 * Rules, enforced here for the screen and the command line alike (each
 * written once, in policy.h; the events it journals are events.h's):
 *   - done is for manual items; a check's item passes by its check, or is
 *     waived (a failed or erred check, with a written reason);
 *   - not applicable needs a reason, except for an optional item;
 *   - a manual step done or not applicable can be reopened, with a
 *     reason: an appended event, after which it is pending again;
 *   - a phase signed off is locked;
 *   - a phase can be signed off only when none of its required items is
 *     pending, failed, in error or skipped; the sign-off lists the waived
 *     and not-applicable items and records the journal's hash;
 *   - the run closes when every phase is signed off; a closed run takes
 *     only reviews (approve or reject, with a note).
 * The checklist may have changed since the run began: items added,
 * removed or changed are said (and journaled); a changed item starts
 * again from pending, the rest carry on.
 */
#ifndef RELCHECK_RUN_H
#define RELCHECK_RUN_H

#include <stdbool.h>

#include "check.h"
#include "checklist.h"
#include "diag.h"
#include "journal.h"

enum item_state {
	ITEM_PENDING,
	ITEM_PASS,
	ITEM_FAIL,
	ITEM_ERROR,
	ITEM_SKIPPED,
	ITEM_WAIVED,
	ITEM_DONE,
	ITEM_NA,
};

const char *item_state_name(enum item_state st);
/* Whether st lets a phase be signed off (pass, waived, done, n/a). */
bool item_state_settled(enum item_state st);

struct item_record {
	const struct item *item;
	enum item_state state;
	enum item_state check_state;	/* the last check's, or PENDING */
	char *reason;		/* the check's reason, or the n/a or waiver
				 * reason */
	char *who;		/* the actor of the deciding event */
	char *when;
	char *check_time;	/* when the last check ran */
	char *command_time;	/* when its last command ran (x), or NULL */
	char *log;		/* the last log (relative to the run), or NULL */
	struct json_t *evidence;	/* the last check's evidence, or NULL */
	size_t nnotes;
	char *last_note;
	/* The reason of the last reopening while the item is open again
	 * (NULL once it is settled anew), and how often it was reopened. */
	char *reopened;
	size_t nreopened;
	/* Settled from the maintainer's record (maintainer.h): the release
	 * it was done for; who and when are the maintainer's then.  NULL
	 * when settled in this run. */
	char *maint_release;
	long long last_seq;	/* the last event about this item */
};

struct phase_record {
	const struct phase *phase;
	bool signed_off;
	char *who;
	char *when;
	char *hash;		/* the journal's hash it signed */
	/* Its event (line, seq), and its armored signature or NULL. */
	size_t line;
	long long seq;
	char *prev;		/* the event's own prev (its chain) */
	char *signature;
	/* A maintainer phase settled without a sign-off in this run: who
	 * signed it off once per maintainer, when, for which release. */
	char *maint_by;
	char *maint_at;
	char *maint_release;
};

/* A verdict: from a reviewer's own journal (RUN.reviews/ID.jsonl,
 * review.c), or, in a run recorded before those, from the run's own
 * journal (file NULL). */
struct review_record {
	bool approve;
	char *who;
	char *when;
	char *note;
	char *id;		/* run_reviewer_id(who); the file's name */
	char *file;		/* its journal, or NULL: the run's own */
	size_t line;		/* its line there */
	long long seq;		/* its seq there */
	char *event_hash;	/* its own hash there */
	char *prev;		/* the hash before it there */
	/* What it reviewed: the run's journal's last seq and hash then
	 * (seq -1 when not recorded). */
	long long reviewed_seq;
	char *reviewed_hash;
	char *signature;	/* armored OpenPGP signature, or NULL */
	/* The signature as GPGME found it (review.c, sign.h): */
	enum sig_state {
		SIG_NONE,	/* not signed */
		SIG_GOOD,
		SIG_BAD,	/* not over this text: forged or rewritten */
		SIG_UNKNOWN,	/* no public key, or cannot be checked */
		SIG_EXPIRED,	/* by an expired key, or expired itself */
		SIG_REVOKED,	/* by a revoked key */
	} sig;
	char *signer_fpr;	/* the key's fingerprint, when known */
	char *signer_uid;	/* its first user id, when known */
	char *sig_note;		/* what GPGME said, when not good */
	/* Why the checklist's review policy does not count it (policy.h),
	 * or NULL. */
	char *not_counted;
};

struct run {
	const struct checklist *cl;
	struct journal *journal;
	char *path;		/* the journal */
	char *log_dir;		/* beside it: PATH without .jsonl, + .logs */
	char *actor;
	char *host;

	/* pinned by the first event */
	char *release;
	char *checklist_sha256;
	char *started;
	char *started_by;

	struct item_record *items;	/* one per checklist item, in order */
	size_t nitems;
	struct phase_record *phases;
	size_t nphases;
	bool closed;
	char *closed_by;
	char *closed_when;
	/* The close event (line, seq), its own prev and its armored
	 * signature or NULL (signed as a sign-off is: run_sign_text). */
	size_t closed_line;
	long long closed_seq;
	char *closed_prev;
	char *closed_signature;
	/* Every verdict, ordered by time, then reviewer id (review.c). */
	struct review_record *reviews;
	size_t nreviews;
	/* Why a reviewer's journal was not counted, "FILE:LINE: message"
	 * each (also in run_open's problems). */
	char **review_problems;
	size_t nreview_problems;
	char *first_hash;	/* the run's first event's hash */
	char *started_sha256;	/* the checklist's as the run began */
	bool intact;		/* the run's journal verified */
	bool sign;		/* sign sign-offs and verdicts (sign.h) */
	char *state_buf;	/* run_state_word's (owned, 256 bytes) */
	char *last_actor;
	char *last_time;
	size_t nevents;

	/* The item definitions as last pinned (id -> hash), and how the
	 * checklist differs from them now. */
	struct vars pinned;
	char **added, **removed, **changed;
	size_t nadded, nremoved, nchanged;

	/* The maintainer's record (owned; NULL: not used), and why it could
	 * not be written last (NULL when it could; for the caller to say). */
	struct maint *maint;
	char *maint_error;
};

enum run_open_flags {
	RUN_WRITE = 1,		/* lock it for recording */
	RUN_CREATE = 2,		/* start it when missing */
};

/* Opens (and replays) the run at path for cl.  Problems with the journal
 * (a torn last line: a warning; anything else: read-only) go to
 * problems.  A journal of another release or checklist is an error.
 * Returns 0, or -1 with *err (caller frees). */
int run_open(struct run **out, const struct checklist *cl, const char *path,
	     int flags, const char *actor, struct diag *problems, char **err);
void run_free(struct run *run);

/* The item's last evidence as lines "KEY  VALUE\n" (the key padded to
 * width), appended to b; nothing when there is none. */
void run_evidence_lines(const struct item_record *r, int width,
			struct buf *b);

/* Why the run cannot be recorded in (NULL when it can). */
const char *run_read_only(const struct run *run);

struct item_record *run_item(struct run *run, const struct item *it);
struct phase_record *run_phase(struct run *run, const struct phase *ph);

/* Actions.  Each returns 0, or -1 with *err (caller frees) when a rule
 * forbids it or the journal cannot be written. */
int run_record_check(struct run *run, const struct item *it,
		     const struct check_result *res, char **err);
int run_mark_done(struct run *run, const struct item *it, const char *note,
		  char **err);
int run_mark_na(struct run *run, const struct item *it, const char *reason,
		char **err);
int run_note(struct run *run, const struct item *it, const char *text,
	     char **err);
/* Reopens a manual step marked done or not applicable: an appended
 * "reopen" event (the reason required) that returns it to pending.  Not
 * on a closed run nor in a signed-off phase (may_act's rules); a check's
 * item is reopened by running its check again. */
int run_reopen(struct run *run, const struct item *it, const char *reason,
	       char **err);
/* Whether it may be reopened now (the rules of run_reopen but the
 * reason): 0, or -1 with *err (caller frees). */
int run_may_reopen(struct run *run, const struct item *it, char **err);
int run_waive(struct run *run, const struct item *it, const char *reason,
	      char **err);
int run_record_command(struct run *run, const struct item *it,
		       const char *command, int exit_code, const char *log,
		       const char *tail, char **err);
/* What keeps phase from being signed off, one line each; NULL when
 * nothing does (caller frees the list with strlist-like free). */
char **run_signoff_blockers(struct run *run, const struct phase *ph,
			    size_t *n);
int run_signoff(struct run *run, const struct phase *ph, char **err);
int run_close(struct run *run, char **err);
/* A verdict on the closed run, appended to the reviewer's own journal
 * (review.c), never to the run's: the run may be open read-only. */
int run_review(struct run *run, bool approve, const char *note, char **err);
/* Maintainer items (maintainer.h).  run_use_maintainer hands the run
 * the maintainer's record (taken).  From then on a maintainer item done,
 * not applicable or reopened, and a maintainer phase signed off, are
 * also written to the record (a failure is left in run->maint_error).
 * run_maintainer_import journals, in one "maintainer" event, what the
 * record settles of this run: each manual maintainer item still pending
 * that the maintainer did or found not applicable (shown as done on that
 * date); an item with a check is checked every run.  A maintainer phase
 * that the maintainer signed off once is settled without a sign-off as
 * soon as none of its required items is open: a "signoff" event that
 * says so (its "maintainer": who signed off once, when, for which
 * release), journaled on import and after each check recorded.  Returns
 * 0, or -1 with *err. */
struct maint;
void run_use_maintainer(struct run *run, struct maint *m);
int run_maintainer_import(struct run *run, char **err);

/* Journals the checklist's changes since the run began, if any. */
int run_note_changes(struct run *run, char **err);

/* ---- reviews (review.c) ----
 *
 * Each reviewer writes their verdicts to their own hash-chained journal,
 * RUN.reviews/ID.jsonl beside the run's (journal.h's format, its own
 * lock), never to the run's: two reviewers never write one file, and a
 * reviewer never needs the release manager's lock.  Its first event
 * ("review-journal") pins the run: the release, the checklist's SHA-256
 * as the run began and the hash of the run's first event.  Each "review"
 * event names what it reviewed: the run's last seq and hash then. */

/* The reviewer's id of identity ("Name <mail>": the mail, else the
 * name): lowercase, only [a-z0-9._@+-] (anything else becomes '-'), at
 * most 64 bytes, never empty, never starting with '.' or '-', never
 * holding "..", never ending in '.' or ".lock", at least one letter or
 * digit.  A file name and a git ref component both.  NULL when nothing
 * is left (caller frees). */
char *run_reviewer_id(const char *identity);
/* Whether id is one run_reviewer_id gives (it gives it back as is). */
bool run_reviewer_id_valid(const char *id);
/* The folder of the run's reviewers' journals: PATH without .jsonl,
 * + .reviews.  Caller frees. */
char *run_reviews_dir(const char *run_path);
/* Reads every reviewer's journal of the run into run->reviews (the run's
 * own review events already there), in order; each one not counted is
 * said in problems and run->review_problems.  run_open calls it. */
void run_load_reviews(struct run *run, struct diag *problems);
/* rv's signature in words: "unsigned", "signed by UID (key FPR)",
 * "signature BAD: ...", ... (caller frees). */
char *run_review_sig_text(const struct review_record *rv);
/* For run.c: a review event of the run's own journal, added (unsorted:
 * run_load_reviews sorts); and the reviews freed. */
void run_add_review(struct run *run, const struct journal_event *ev);
void run_reviews_free(struct run *run);
/* The canonical text a sign-off's or a verdict's signature is over
 * (doc/TEAM.md): what is signed (type "signoff" or "review" and which:
 * the phase, or "approve"/"reject"), of which run (the hash of its first
 * event, its release), by whom, as which event (seq), chained to which
 * hash (prev: the hash of the event before it in its journal), and for a
 * verdict the run's event it reviewed (reviewed_seq, reviewed_hash;
 * NULL for a sign-off) and the SHA-256 of its note.  Caller frees. */
char *run_sign_text(const char *run_hash, const char *release,
		    const char *type, const char *which, long long seq,
		    const char *actor, const char *prev,
		    long long reviewed_seq, const char *reviewed_hash,
		    const char *note);
/* With run->sign: signs the event about to be appended to journal j
 * (the next seq, j's last hash as prev, run->actor) and sets payload p's
 * "signature" (armored, detached).  Returns 0 (nothing done without
 * run->sign), or -1 with *err. */
int run_sign_payload(const struct run *run, const struct journal *j,
		     struct json_t *p, const char *type, const char *which,
		     char **err);
/* Checks a signature (sign.h) of the canonical text into *state and the
 * signer's fpr and uid, what GPGME said in *note (all owned). */
void run_check_signature(const char *text, const char *signature,
			 enum sig_state *state, char **fpr, char **uid,
			 char **note);

/* "open", or for a closed run: without a review policy in the
 * checklist "closed", "approved" or "rejected" (the last verdict's);
 * with one (policy.h): "approved (2 of 2)", "awaiting review (1 of 2
 * approvals)" or "rejected by WHO".  Valid until the next call. */
const char *run_state_word(const struct run *run);

/* Progress: settled required items / required items, in a phase or (ph
 * NULL) the whole run. */
void run_progress(const struct run *run, const struct phase *ph,
		  size_t *settled, size_t *total);

/* Where runs of this repository live: <git dir>/relcheck/runs (made when
 * missing, with make).  NULL outside a repository. */
char *run_dir(const char *root, bool make);
/* The journal of this checklist's run of release: <dir>/<name>-<release>.jsonl
 * where name is the checklist file's name without .conf.  Caller frees. */
char *run_path(const char *dir, const struct checklist *cl,
	       const char *release);
/* When the repository at root last changed (a commit, a tag): the newest
 * of HEAD, packed-refs and the branch and tag refs, in seconds since the
 * epoch (0 when unknown).  Evidence older than that is stale. */
double run_repo_changed_at(const char *root);
/* A journal time (2026-11-25T17:40:00.123Z) in seconds; 0 when not. */
double run_time_seconds(const char *iso);
/* When it's last command was recorded (an upload, for an index check to
 * wait for), in ms since the epoch; 0 when none was. */
long long run_command_ms(struct run *run, const struct item *it);

/* Reads the first event of the run at path: the checklist file it was
 * started with and its release (both for the caller to free).  Returns
 * 0, or -1 with *err; -2 with *err when the first event is damaged. */
int run_peek(const char *path, char **checklist, char **release, char **err);

/* Who acts, when known: --as when given, else git's user.name
 * <user.email> (the repository's configuration, else the user's); made
 * safe to print and keep (sanitize_name: no escape, control or line
 * break, tokens redacted).  NULL when neither names anybody.  Caller
 * frees. */
char *run_identity(const char *root, const char *as);
/* The actor: run_identity, else the login name marked as such
 * ("root (login name, unverified: no git identity)").  Caller frees. */
char *run_actor(const char *root, const char *as);

#endif
