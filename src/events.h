/* events.h: the journal's event types, one table.
 *
 * One row per type of event a run records (journal.h writes them, run.c
 * applies them, the report and the screen's timeline read them): the
 * name written in the journal's "type" member, the members of its
 * payload, what it changes (an item, a phase, the run) and how, and a
 * short label for a person.  The journal's format is the rows' names and
 * fields: a row's name is never changed, only added.  Adding an event
 * type is adding a row (and its case where it is applied, run.c's
 * apply()).
 */
#ifndef RELCHECK_EVENTS_H
#define RELCHECK_EVENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "run.h"

enum event_kind {
	EV_RUN_STARTED,
	EV_CHECKLIST_CHANGED,
	EV_CHECK,
	EV_DONE,
	EV_NA,
	EV_NOTE,
	EV_REOPEN,
	EV_MAINTAINER,
	EV_WAIVE,
	EV_COMMAND,
	EV_SIGNOFF,
	EV_CLOSED,
	EV_REVIEW,
	EV_REVIEW_JOURNAL,	/* the first event of a reviewer's journal */
	EV_UNKNOWN,	/* not in the table: read, counted, not applied */
};

/* What an event is about, and what it changes. */
enum event_target {
	EVENT_RUN,	/* the run as a whole (started, closed, reviewed) */
	EVENT_ITEMS,	/* several items, named in its payload */
	EVENT_ITEM,	/* one item: payload "item" */
	EVENT_PHASE,	/* one phase: payload "phase" */
};

struct event_field {
	const char *name;	/* the payload's member */
	const char *help;	/* one line, for the man page */
};

struct event_type {
	const char *name;	/* as written in the journal: "waive" */
	const char *label;	/* for a person: "waived" */
	const char *summary;	/* one line: what happened */
	const char *applies;	/* how it applies, one line */
	const struct event_field *fields;	/* ends with a NULL name */
	enum event_kind kind;
	enum event_target target;
	/* How it changes its item: sets_state, to state; else the item's
	 * state is untouched (a check's comes from its status member). */
	enum item_state state;
	bool sets_state;
	/* A person's decision or words (a waiver, n/a, a note, a
	 * reopening): marked in the timeline. */
	bool decision;
};

/* The table, in the order of enum event_kind (EV_UNKNOWN excluded);
 * *n is set to its length.  For a generator of the docs. */
const struct event_type *events_table(size_t *n);
/* The row of a journal's type name, or NULL when there is none. */
const struct event_type *event_type_find(const char *name);
/* The kind of a journal's type name (EV_UNKNOWN when not in the table,
 * or NULL). */
enum event_kind event_kind_of(const char *name);
/* The journal's name of kind ("?" for EV_UNKNOWN). */
const char *event_name(enum event_kind kind);
/* The label of kind, for a person ("?" for EV_UNKNOWN). */
const char *event_label(enum event_kind kind);

#endif
