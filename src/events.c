/* events.c: the journal's event types (events.h). */
#include "config.h"

#include "events.h"

#include <string.h>

#define F(n, h) { .name = (n), .help = (h) }
#define END { .name = NULL }

static const struct event_field run_started_fields[] = {
	F("release", "the version"),
	F("checklist", "the checklist's file"),
	F("checklist_name", "its name, with its variables expanded"),
	F("checklist_sha256", "the SHA-256 of its text and its includes"),
	F("items", "each item's full id, with a digest of what the item is"),
	END
};
static const struct event_field checklist_changed_fields[] = {
	F("checklist_sha256", "the SHA-256 of the checklist now"),
	F("added", "the ids of the items added"),
	F("removed", "the ids of the items removed"),
	F("changed", "the ids of the items changed (pending again)"),
	F("items", "the items as they are now"),
	END
};
static const struct event_field check_fields[] = {
	F("item", "the item's full id"),
	F("status", "pass, fail, error or skipped"),
	F("reason", "what the check found, one line"),
	F("duration_ms", "how long it took"),
	F("evidence", "what the check saw, but for its log"),
	F("log", "the log's path in the logs folder, and its sha256"),
	F("tail", "the last lines of its output, cleaned"),
	END
};
static const struct event_field done_fields[] = {
	F("item", "the item's full id"),
	F("note", "a note, when one was given"),
	END
};
static const struct event_field na_fields[] = {
	F("item", "the item's full id"),
	F("reason", "why it does not apply (\"optional: skipped\" for an "
		    "optional item given none)"),
	END
};
static const struct event_field note_fields[] = {
	F("item", "the item's full id"),
	F("text", "the note"),
	END
};
static const struct event_field reopen_fields[] = {
	F("item", "the item's full id"),
	F("reason", "why it is open again"),
	F("was", "the state it left: done or n/a"),
	END
};
static const struct event_field maintainer_fields[] = {
	F("items", "each with its item, state (done or n/a), reason (for "
		   "n/a), by, at and release"),
	END
};
static const struct event_field waive_fields[] = {
	F("item", "the item's full id"),
	F("reason", "why the failure is acceptable"),
	F("check_status", "what the check had found: its status"),
	F("check_reason", "and its reason"),
	END
};
static const struct event_field command_fields[] = {
	F("item", "the item's full id"),
	F("command", "the command as run"),
	F("exit_code", "its exit status"),
	F("log", "the log's path and sha256"),
	F("tail", "the last lines of its output, cleaned"),
	END
};
static const struct event_field signoff_fields[] = {
	F("phase", "the phase's id"),
	F("journal_hash", "the hash of the event before: what was signed "
			  "off"),
	F("waived", "the phase's waived items: item, reason, by"),
	F("not_applicable", "its items not applicable: item, reason, by"),
	F("maintainer", "for a maintainer phase settled without a sign-off "
			"in this run: by, at, release"),
	END
};
static const struct event_field closed_fields[] = {
	END
};
static const struct event_field review_fields[] = {
	F("approve", "true or false"),
	F("verdict", "approve or reject"),
	F("note", "the reviewer's note"),
	F("journal_hash", "the hash of the event before: what was reviewed"),
	F("journal_seq", "the seq of the run's last event then (in a "
	  "reviewer's journal)"),
	END
};
static const struct event_field review_journal_fields[] = {
	F("reviewer", "the reviewer's id: the journal's file name"),
	F("release", "the version of the run reviewed"),
	F("checklist_sha256", "the checklist's SHA-256 as the run began"),
	F("run", "the hash of the run's first event: which run"),
	END
};

static const struct event_type events[] = {
	{ .kind = EV_RUN_STARTED, .name = "run-started",
	  .label = "run started", .summary = "the first event of a run",
	  .target = EVENT_RUN,
	  .applies = "pins the release, the checklist and its items",
	  .fields = run_started_fields },
	{ .kind = EV_CHECKLIST_CHANGED, .name = "checklist-changed",
	  .label = "checklist changed",
	  .summary = "the checklist changed since the run began",
	  .target = EVENT_ITEMS,
	  .applies = "each item changed is pending again; the items are "
		     "pinned anew",
	  .fields = checklist_changed_fields },
	{ .kind = EV_CHECK, .name = "check", .label = "checked",
	  .summary = "an item's check ended", .target = EVENT_ITEM,
	  .applies = "the item takes the check's status",
	  .fields = check_fields },
	{ .kind = EV_DONE, .name = "done", .label = "done",
	  .summary = "a manual step is done", .target = EVENT_ITEM,
	  .sets_state = true, .state = ITEM_DONE,
	  .applies = "the item is done", .fields = done_fields },
	{ .kind = EV_NA, .name = "na", .label = "not applicable",
	  .summary = "the item does not apply", .target = EVENT_ITEM,
	  .sets_state = true, .state = ITEM_NA, .decision = true,
	  .applies = "the item is not applicable", .fields = na_fields },
	{ .kind = EV_NOTE, .name = "note", .label = "note",
	  .summary = "a note on an item", .target = EVENT_ITEM,
	  .decision = true, .applies = "the item's state is unchanged",
	  .fields = note_fields },
	{ .kind = EV_REOPEN, .name = "reopen", .label = "reopened",
	  .summary = "a step done or not applicable is open again",
	  .target = EVENT_ITEM, .sets_state = true, .state = ITEM_PENDING,
	  .decision = true, .applies = "the item is pending again",
	  .fields = reopen_fields },
	{ .kind = EV_MAINTAINER, .name = "maintainer",
	  .label = "settled once per maintainer",
	  .summary = "what the maintainer's record settles of a new run",
	  .target = EVENT_ITEMS,
	  .applies = "each item named is done or not applicable",
	  .fields = maintainer_fields },
	{ .kind = EV_WAIVE, .name = "waive", .label = "waived",
	  .summary = "a check that did not pass is waived",
	  .target = EVENT_ITEM, .sets_state = true, .state = ITEM_WAIVED,
	  .decision = true, .applies = "the item is waived",
	  .fields = waive_fields },
	{ .kind = EV_COMMAND, .name = "command", .label = "command run",
	  .summary = "a command of the step was run from the screen",
	  .target = EVENT_ITEM, .applies = "the item's state is unchanged",
	  .fields = command_fields },
	{ .kind = EV_SIGNOFF, .name = "signoff", .label = "signed off",
	  .summary = "a phase is signed off", .target = EVENT_PHASE,
	  .applies = "the phase is signed off: its items are locked",
	  .fields = signoff_fields },
	{ .kind = EV_CLOSED, .name = "closed", .label = "closed",
	  .summary = "the run is closed; its payload is empty",
	  .target = EVENT_RUN,
	  .applies = "the run is closed: it takes only reviews",
	  .fields = closed_fields },
	{ .kind = EV_REVIEW, .name = "review", .label = "reviewed",
	  .summary = "a review of the closed run", .target = EVENT_RUN,
	  .applies = "adds a review (the last one's verdict is the run's)",
	  .fields = review_fields },
	{ .kind = EV_REVIEW_JOURNAL, .name = "review-journal",
	  .label = "review journal started",
	  .summary = "the first event of a reviewer's own journal "
		     "(RUN.reviews/ID.jsonl)", .target = EVENT_RUN,
	  .applies = "pins the run its reviews are of",
	  .fields = review_journal_fields },
};

#define NEVENTS (sizeof(events) / sizeof(*events))

const struct event_type *events_table(size_t *n)
{
	*n = NEVENTS;
	return events;
}

const struct event_type *event_type_find(const char *name)
{
	for (size_t i = 0; name && i < NEVENTS; i++)
		if (strcmp(events[i].name, name) == 0)
			return &events[i];
	return NULL;
}

enum event_kind event_kind_of(const char *name)
{
	const struct event_type *t = event_type_find(name);

	return t ? t->kind : EV_UNKNOWN;
}

const char *event_name(enum event_kind kind)
{
	return (size_t)kind < NEVENTS ? events[kind].name : "?";
}

const char *event_label(enum event_kind kind)
{
	return (size_t)kind < NEVENTS ? events[kind].label : "?";
}
