/* report.h: the report of a run, collected once from the run and its
 * journal, and its formats (text, markdown, html, json).
 *
 * report_collect reads everything a report shows: the run's state (items,
 * phases, sign-offs) and, replaying the journal again, what the state
 * keeps only the last of: every note, every command run by hand, the
 * reviews with the hash each reviewed, the last check's duration and log,
 * and whether the journal is intact.  Nothing comes from the clock or the
 * host: the same journal and checklist give the same report, byte for
 * byte.
 *
 * Every string taken from the journal (names, notes, reasons, evidence)
 * has been through sanitize_text: valid UTF-8, no terminal controls.  It
 * is still untrusted: each format escapes it for itself.
 *
 * What grows with the journal (every note, command run by hand and
 * review) is not held in memory: the report keeps it in a spool, a
 * temporary file (spool.h), and the formats read it back one at a time
 * (report_walk) and hand their output on as it is made (report_sink), so
 * that a report of 100,000 events needs no more memory than one of 100.
 *
 * Ownership: a report owns everything it points to in its arena, and its
 * spool; report_free releases all of it.  A report does not keep the run
 * or the checklist it was made from.
 */
#ifndef RELCHECK_REPORT_H
#define RELCHECK_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "checklist.h"
#include "run.h"
#include "spool.h"
#include "util.h"

/* A line of text in a list (facts, problems, changes). */
struct report_line {
	const char *text;
	struct report_line *next;
};

/* A note, a command run by hand and a review grow with the journal:
 * the report keeps them in its spool (spool.h), not in memory, and
 * gives them back one at a time (report_walk); what a walk fills in
 * stays valid until its next step. */
struct report_note {
	const char *who;
	const char *when;
	const char *text;
};

/* A command run by hand for a manual item (the screen records them). */
struct report_command {
	const char *command;
	int exit_code;
	const char *who;
	const char *when;
};

struct report_review {
	bool approve;
	const char *who;
	const char *when;
	const char *note;
	const char *hash;	/* the journal's hash it reviewed */
	const char *event_hash;	/* its own event's hash */
	/* Its reviewer's journal's file name (RUN.reviews/), or NULL: the
	 * run's own journal. */
	const char *file;
	const char *sig;	/* "unsigned", "signed by UID (key FPR)", ... */
	/* Why the review policy does not count it, or NULL. */
	const char *not_counted;
};

struct report;
struct report_item;

/* A walk through one of the report's spooled lists, in order. */
struct report_walk {
	struct spool *spool;
	uint64_t at;
};

void report_walk_notes(const struct report *r, const struct report_item *it,
		       struct report_walk *w);
bool report_next_note(struct report_walk *w, struct report_note *n);
void report_walk_commands(const struct report *r,
			  const struct report_item *it, struct report_walk *w);
bool report_next_command(struct report_walk *w, struct report_command *c);
void report_walk_reviews(const struct report *r, struct report_walk *w);
bool report_next_review(struct report_walk *w, struct report_review *rv);

/* One key of a check's evidence, as recorded. */
struct report_evidence {
	const char *key;
	const char *value;
	struct report_evidence *next;
};

struct report_item {
	const char *id;		/* PHASE.ITEM */
	const char *title;	/* expanded */
	const char *check;	/* the check's type; NULL: a manual step */
	bool optional;
	const char *kind;	/* "manual step", "optional file check", ... */
	enum item_state state;
	bool settled;		/* pass, waived, done or n/a */
	const char *who;	/* the deciding event's actor, or NULL */
	const char *when;
	/* The check's reason (pass, fail, error, skipped), or in full the
	 * waiver's or the not-applicable reason. */
	const char *reason;
	/* For a waived item: the check's state and reason it waived. */
	const char *waived_status;
	const char *waived_reason;
	long long duration_ms;	/* the last check's; -1 when none */
	const char *log;	/* the last check's log file, or NULL */
	const char *log_sha256;
	/* NULL when the log is as recorded; else "missing" or "changed". */
	const char *log_problem;
	struct report_evidence *evidence;	/* the last check's */
	size_t key;		/* the run's index of the item (the spool's key) */
	size_t ncommands;	/* report_walk_commands */
	size_t nnotes;		/* every note, in order: report_walk_notes */
	/* The evidence in short, one line each, for the formats made for
	 * people: exit codes, ids, files and their sha256, durations; the
	 * commands' lines follow (report_facts). */
	struct report_line *facts;
};

struct report_phase {
	const char *id;
	const char *title;	/* expanded */
	bool signed_off;
	const char *who;
	const char *when;
	const char *hash;	/* the journal's hash it signed */
	/* A maintainer phase settled without a sign-off redone: "Settled
	 * once per maintainer: signed off by WHO at WHEN, for release R";
	 * else NULL. */
	const char *maintainer;
	size_t settled;		/* required items settled */
	size_t required;
	struct report_item *items;
	size_t nitems;
};

struct report {
	struct arena arena;	/* owns everything below */
	/* The operator's own folders, never shown in a report (published
	 * with a tag, read on other machines): the repository's root
	 * becomes a relative path, the home folder "~" (report_collect). */
	char *local_root, *local_home;
	const char *project;	/* the checklist's name, as the run began */
	const char *title;	/* "PROJECT RELEASE", or the project alone
				 * when its name says the release already */
	const char *release;
	const char *checklist;	/* the checklist's file, as journaled */
	const char *checklist_sha256;
	const char *run;	/* the journal's file name (no folder) */
	const char *started;
	const char *started_by;
	bool closed;
	const char *closed_by;
	const char *closed_when;
	const char *last_event;	/* the last event's time */
	const char *state;	/* run_state_word's */
	/* The checklist's review policy in one line, or NULL. */
	const char *review_policy;
	bool signed_off;	/* closed: every phase signed off */
	/* One line that says it all: "SIGNED OFF: ..." or
	 * "NOT SIGNED OFF: ...". */
	const char *verdict;
	size_t signed_phases;
	long long nevents;
	const char *final_hash;	/* the last good event's hash */
	bool intact;		/* the journal's chain verified */
	struct report_line *problems;	/* what journal_replay found */
	/* How the checklist differs from the one the run pinned. */
	struct report_line *changes;
	struct report_phase *phases;
	size_t nphases;
	size_t nreviews;	/* in order: report_walk_reviews */
	/* Where the notes, commands and reviews are (spool.h). */
	struct spool *spool;
	size_t nitems;		/* the run's: keys of the spool */
	const char *manager;	/* who closed the run, else who began it */
	const char *reviewer;	/* the last reviewer, or NULL */
	/* Each reviewer once, in the order of their first verdict: the
	 * signature lines (a policy may want several). */
	const char **reviewers;
	size_t nreviewers;
};

/* Collects the report of run (opened with cl).  Returns 0 with *out
 * (free with report_free), or -1 with *err (caller frees) when the
 * journal cannot be read, or its notes cannot be spooled. */
int report_collect(struct report **out, const struct checklist *cl,
		   struct run *run, char **err);
void report_free(struct report *r);

/* Where a format's output goes while it is made: write takes each
 * piece (a few KiB) as it is ready and returns 0, or -1 with errno set;
 * after a failure the rest is dropped and failed says so. */
struct report_sink {
	int (*write)(void *data, const char *s, size_t n);
	void *data;
	bool failed;
	int err;		/* errno of the failure */
};

struct report_options {
	bool paged;		/* text: each phase on a new page */
	/* NULL: the whole report stays in out; else out is handed to it
	 * as it grows (report_pass) and holds the tail at the end. */
	struct report_sink *sink;
};

/* What out holds before report_pass hands it on. */
#define REPORT_PASS_BYTES (32 * 1024)
/* Hands out to opt's sink once it holds enough to be worth a write
 * (every format calls it between pieces). */
void report_pass(const struct report_options *opt, struct buf *out);
/* Hands whatever out holds to opt's sink.  0, or -1 (the sink failed,
 * now or before). */
int report_finish(const struct report_options *opt, struct buf *out);

/* The item's facts, then a line for each command run by hand: walk
 * with report_next_fact, which returns NULL at the end.  A line stays
 * valid until the next step. */
struct report_facts {
	const struct report *r;
	const struct report_line *line;
	struct report_walk commands;
	char *made;
};
void report_walk_facts(const struct report *r, const struct report_item *it,
		       struct report_facts *f);
const char *report_next_fact(struct report_facts *f);
/* Whether the item has a fact (report_walk_facts). */
bool report_item_has_facts(const struct report_item *it);

/* A format: appends the whole report to out, handing it to opt->sink
 * as it grows when there is one (report_pass; the caller hands on the
 * tail with report_finish).  Cannot fail (a sink's failure is the
 * sink's; a spool that cannot be read back says so in r->spool). */
struct report_format {
	const char *name;
	const char *help;	/* one line, for the man page */
	void (*render)(const struct report *r,
		       const struct report_options *opt, struct buf *out);
	/* What render makes is HTML to print to PDF (pdf.h): the caller
	 * does that, and it can fail. */
	bool pdf;
};

extern const struct report_format report_text_format;
extern const struct report_format report_markdown_format;
extern const struct report_format report_html_format;
extern const struct report_format report_json_format;
extern const struct report_format report_pdf_format;

/* The format called name, or NULL. */
const struct report_format *report_format_find(const char *name);
/* The i-th format of the table, or NULL past its end. */
const struct report_format *report_format_at(size_t i);

/* Helpers shared by the formats. */
/* The state's name in capitals ("N/A", "WAIVED"). */
const char *report_state_label(enum item_state st);
/* The state's mark for people, told apart in print and without colour:
 * a UTF-8 symbol (report_state_symbol: passed "✓", done "☑", waived
 * "⚠", not applicable "⊘", failed "✗", open "☐") or its ASCII form
 * (report_state_ascii: "[ok]", "[x]", "[w]", "[-]", "[!]", "[ ]"). */
const char *report_state_symbol(enum item_state st);
const char *report_state_ascii(enum item_state st);
/* The states in the order every format counts them (passed, done,
 * waived, n/a, failed, error, skipped, open): REPORT_NSTATES of them. */
#define REPORT_NSTATES 8
extern const enum item_state report_state_order[REPORT_NSTATES];
/* The counts of the report's items per state (indexed by enum
 * item_state, ITEM_NA + 1 of them). */
void report_count_states(const struct report *r, size_t counts[]);
/* Whether the item is a manual step reopened (pending, with an actor). */
bool report_item_reopened(const struct report_item *it);
/* Whether the item is an exception a signer reads first: waived, not
 * applicable, reopened (a manual step pending with an actor), or with a
 * note. */
bool report_item_exception(const struct report_item *it);
/* How the item ended, in words: "done by WHO at WHEN".  Caller frees. */
char *report_item_summary(const struct report_item *it);
/* Appends fmt to b with each %s argument passed through esc; only %s
 * and %% are known (numbers are formatted by the caller). */
void report_escapef(struct buf *b, void (*esc)(struct buf *, const char *),
		    const char *fmt, ...);
/* What the item's reason is: "Result", "Waiver" or "Not applicable". */
const char *report_reason_label(const struct report_item *it);

#endif
