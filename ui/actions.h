/* actions.h: every action of the screen, one row each (tig's request.h).
 *
 * The rows make the keys' dispatch, the status line's hints, the help
 * screen and the pager's keys (ui/actions.c, ui/pager.c), and are read by
 * whoever documents the keys (the man page's Keys section): this header
 * includes neither curses.h nor the screen's state, and the table is
 * ui/action-table.c alone.
 *
 *   ACTION_(ID, "keys", "status-line keys" or NULL, "label", modes,
 *           handler, offer, "help")
 *
 * keys: the key names, ", " between them: a character as itself, else
 *	Enter, Tab, Space, Esc, Up, Down, PgUp, PgDn, Home, End.
 * status-line keys: what the status line shows before the label; NULL:
 *	the first of keys.
 * label: the status line's word for it; NULL: never on the status line.
 * modes: where it applies (ACTION_MODE_*); elsewhere the dispatcher
 *	refuses it and says why, and neither the help nor the status line
 *	offers it.
 * handler: runs it (ui/, struct app); offer: whether the status line
 *	offers it for the selected row now (NULL: never).
 * help: the help screen's line (and the man page's).
 */
#ifndef RELCHECK_ACTIONS_H
#define RELCHECK_ACTIONS_H

#include <stddef.h>

/* Where an action applies.  The screen is in exactly one mode at a time
 * (action_mode_of, ui/actions.c), tried in this order: audit, no run,
 * closed, dry run, read-only, operator. */
enum action_mode {
	ACTION_MODE_OPERATOR = 1 << 0,	/* recording a run */
	ACTION_MODE_AUDIT = 1 << 1,	/* relcheck audit: a reviewer's walk */
	ACTION_MODE_DRY_RUN = 1 << 2,	/* --dry-run: commands shown, not run */
	ACTION_MODE_READ_ONLY = 1 << 3,	/* the run's file opened read-only */
	ACTION_MODE_CLOSED = 1 << 4,	/* the run closed: it takes reviews */
	ACTION_MODE_NO_RUN = 1 << 5,	/* no --release: the checklist only */
};

#define ACTION_MODES_ALL 0x3f
/* Where the run is written: the operator's own. */
#define ACTION_MODES_RECORD (ACTION_MODE_OPERATOR | ACTION_MODE_DRY_RUN)
/* Where a run is there to read. */
#define ACTION_MODES_READ (ACTION_MODES_RECORD | ACTION_MODE_AUDIT | \
			   ACTION_MODE_READ_ONLY | ACTION_MODE_CLOSED)

#define UI_ACTIONS(ACTION_) \
	ACTION_(DOWN, "j, Down", "j/k", "move", ACTION_MODES_ALL, \
		act_down, offer_move, "next item") \
	ACTION_(UP, "k, Up", NULL, NULL, ACTION_MODES_ALL, \
		act_up, NULL, "previous item") \
	ACTION_(PAGE_DOWN, "PgDn, Space", NULL, NULL, ACTION_MODES_ALL, \
		act_page_down, NULL, "half a page down") \
	ACTION_(PAGE_UP, "PgUp, b", NULL, NULL, ACTION_MODES_ALL, \
		act_page_up, NULL, "half a page up") \
	ACTION_(FIRST, "g, Home", NULL, NULL, ACTION_MODES_ALL, \
		act_first, NULL, "first item") \
	ACTION_(LAST, "G, End", NULL, NULL, ACTION_MODES_ALL, \
		act_last, NULL, "last item") \
	ACTION_(NEXT_TODO, "Tab", NULL, "next", ACTION_MODES_ALL, \
		act_next_todo, offer_next, \
		"next item, sign-off or close that needs you (in audit: " \
		"the next exception, a waiver, n/a, reopened step or note)") \
	ACTION_(DONE, "Enter, d", NULL, "done", ACTION_MODES_RECORD, \
		act_done_row, offer_manual, \
		"mark a manual step done; on a sign-off or close row, do it") \
	ACTION_(NA, "a", NULL, "n/a", ACTION_MODES_RECORD, \
		act_na_row, offer_manual, "not applicable (with a reason)") \
	ACTION_(REOPEN, "u", NULL, NULL, ACTION_MODES_RECORD, \
		act_reopen_row, NULL, \
		"undo: reopen a step done or n/a (with a reason)") \
	ACTION_(NOTE, "n", NULL, "note", ACTION_MODES_RECORD, \
		act_note_row, offer_item, "add a note") \
	ACTION_(NOTE_EDITOR, "N", NULL, NULL, ACTION_MODES_RECORD, \
		act_note_editor_row, NULL, "add a note in $EDITOR") \
	ACTION_(WAIVE, "w", NULL, "waive", ACTION_MODES_RECORD, \
		act_waive_row, offer_waive, \
		"waive a failed, erroneous or skipped check (with a reason)") \
	ACTION_(RECHECK, "r", NULL, "recheck", ACTION_MODES_RECORD, \
		act_recheck_row, offer_check, "run the item's check again") \
	ACTION_(RECHECK_ALL, "R", NULL, NULL, ACTION_MODES_RECORD, \
		act_recheck_all, NULL, "run every open check again") \
	ACTION_(RUN_COMMAND, "x", NULL, "command", ACTION_MODES_RECORD | \
		ACTION_MODE_AUDIT | ACTION_MODE_NO_RUN, act_run_command_row, \
		offer_command, "run the step's commands (shown, not run, in a " \
		"dry run, an audit or without a run)") \
	ACTION_(SIGNOFF, "s", NULL, "sign off", ACTION_MODES_RECORD, \
		act_signoff_row, offer_signoff, \
		"sign off the selected row's phase") \
	ACTION_(CLOSE, "C", NULL, "close the run", ACTION_MODES_RECORD, \
		act_close_row, offer_close, \
		"close the run (every phase signed off)") \
	ACTION_(EVIDENCE, "v", NULL, "evidence", ACTION_MODES_READ, \
		act_evidence_row, offer_evidence, \
		"view the evidence (the full log)") \
	ACTION_(TIMELINE, "t", NULL, "timeline", ACTION_MODES_READ, \
		act_timeline_row, offer_reading, "the run's timeline of events") \
	ACTION_(REPORT, "p", NULL, "report", ACTION_MODES_READ, \
		act_report_row, offer_finished, \
		"the report: preview, then write it") \
	ACTION_(REVIEW, "A", NULL, "review", ACTION_MODE_AUDIT, \
		act_review_row, offer_always, \
		"review the run: approve or reject it, with a note") \
	ACTION_(HELP, "?", NULL, "help", ACTION_MODES_ALL, \
		act_help_row, offer_always, "this help") \
	ACTION_(QUIT, "q", NULL, "quit", ACTION_MODES_ALL, \
		act_quit, offer_always, "quit (nothing is lost)")

enum action_id {
#define ACTION_ENUM_(id, keys, bar, label, modes, run, offer, help) ACT_##id,
	UI_ACTIONS(ACTION_ENUM_)
#undef ACTION_ENUM_
	ACT_NONE
};

/* One row as data: what the help, the status line and the man page say. */
struct action {
	const char *name;	/* "WAIVE" */
	const char *keys;	/* "Enter, d" */
	const char *bar;	/* the status line's keys: "j/k", "Enter" */
	const char *label;	/* the status line's word, or NULL */
	const char *help;
	enum action_id id;
	unsigned modes;		/* enum action_mode, or'd */
};

/* The screen's actions, in the help's order (the status line's too).
 * Static; *n gets the count. */
const struct action *actions_table(size_t *n);

/* The row of id; NULL for ACT_NONE. */
const struct action *action_get(enum action_id id);

/* A mode's name ("audit", "dry run") and what it is; NULL for a value
 * that is not one mode. */
const char *action_mode_name(unsigned mode);
const char *action_mode_text(unsigned mode);

/* The pager's keys (the evidence, the timeline, the report's preview,
 * the help), the same way:
 *   PAGER_KEY_(ID, "keys", "status-line keys" or NULL, "label", "help") */
#define PAGER_KEYS(PAGER_KEY_) \
	PAGER_KEY_(DOWN, "j, Down", "j/k", "", "a line down") \
	PAGER_KEY_(UP, "k, Up", NULL, NULL, "a line up") \
	PAGER_KEY_(PAGE_DOWN, "Space, PgDn", "Space/b", "", "a page down") \
	PAGER_KEY_(PAGE_UP, "b, PgUp", NULL, NULL, "a page up") \
	PAGER_KEY_(FIRST, "g, Home", "g/G", "", "the first line") \
	PAGER_KEY_(LAST, "G, End", NULL, NULL, "the last line") \
	PAGER_KEY_(SEARCH, "/", NULL, "search", "search for a text") \
	PAGER_KEY_(NEXT, "n", NULL, "next", "the next line with it") \
	PAGER_KEY_(BACK, "q, Esc", "q", "back", "back to the checklist")

enum pager_key_id {
#define PAGER_ENUM_(id, keys, bar, label, help) PAGER_##id,
	PAGER_KEYS(PAGER_ENUM_)
#undef PAGER_ENUM_
	PAGER_NONE
};

struct pager_key {
	const char *name;
	const char *keys;
	const char *bar;	/* NULL: the first of keys */
	const char *label;	/* NULL: not on the status line; "": keys
				 * alone */
	const char *help;
	enum pager_key_id id;
};

const struct pager_key *pager_keys_table(size_t *n);

/* The status-line keys of a row of either table: bar, else the first of
 * keys; into buf (size at least 16). */
const char *action_bar_keys(const char *bar, const char *keys, char *buf,
			    size_t size);

#endif
