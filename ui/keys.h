/* keys.h: every action of the screen, declared once.  The X-macro makes
 * the enum, the key dispatch and the help screen (tig's request.h).
 *
 *   KEY_(ACTION, "keys as shown", 'key', 'other key or 0', "what it does")
 */
#ifndef RELCHECK_KEYS_H
#define RELCHECK_KEYS_H

#define TUI_KEYS(KEY_) \
	KEY_(DOWN, "j, Down", 'j', KEY_DOWN, "next item") \
	KEY_(UP, "k, Up", 'k', KEY_UP, "previous item") \
	KEY_(PAGE_DOWN, "PgDn, Space", KEY_NPAGE, ' ', "a page down") \
	KEY_(PAGE_UP, "PgUp, b", KEY_PPAGE, 'b', "a page up") \
	KEY_(FIRST, "g, Home", 'g', KEY_HOME, "first item") \
	KEY_(LAST, "G, End", 'G', KEY_END, "last item") \
	KEY_(NEXT_TODO, "Tab", '\t', 0, "next item, sign-off or close that needs you") \
	KEY_(DONE, "Enter, d", '\n', 'd', "mark a manual step done; on a sign-off or close row, do it") \
	KEY_(NA, "a", 'a', 0, "not applicable (with a reason)") \
	KEY_(REOPEN, "u", 'u', 0, "undo: reopen a step done or n/a (with a reason)") \
	KEY_(NOTE, "n", 'n', 0, "add a note") \
	KEY_(NOTE_EDITOR, "N", 'N', 0, "add a note in $EDITOR") \
	KEY_(WAIVE, "w", 'w', 0, "waive a failed check (with a reason)") \
	KEY_(RECHECK, "r", 'r', 0, "run the item's check again") \
	KEY_(RECHECK_ALL, "R", 'R', 0, "run every open check again") \
	KEY_(RUN_COMMAND, "x", 'x', 0, "run the step's command") \
	KEY_(SIGNOFF, "s", 's', 0, "sign off the selected row's phase") \
	KEY_(CLOSE, "C", 'C', 0, "close the run (every phase signed off)") \
	KEY_(EVIDENCE, "v", 'v', 0, "view the evidence (the full log)") \
	KEY_(TIMELINE, "t", 't', 0, "the run's timeline of events") \
	KEY_(REPORT, "p", 'p', 0, "the report: preview, then write it") \
	KEY_(REVIEW, "A", 'A', 0, "review the run (audit mode)") \
	KEY_(HELP, "?", '?', 0, "this help") \
	KEY_(QUIT, "q", 'q', 0, "quit (nothing is lost)")

enum tui_action {
#define KEYENUM_(a, shown, k1, k2, help) ACT_##a,
	TUI_KEYS(KEYENUM_)
#undef KEYENUM_
	ACT_NONE
};

#endif
