/* app.h: the screen's state, shared by ui/ files (not outside ui/). */
#ifndef RELCHECK_APP_H
#define RELCHECK_APP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "actions.h"
#include "checklist.h"
#include "journal.h"
#include "run.h"
#include "scheduler.h"
#include "theme.h"
#include "tui.h"

/* One line of the checklist: a phase heading, a section heading, an
 * item, a phase's sign-off (under its items), or the run's close (last).
 * The cursor stops on items, sign-offs and the close (row_stop). */
struct row {
	const struct phase *phase;
	const char *section;
	const struct item *item;
	bool signoff;			/* phase's sign-off */
	bool close;			/* the run's close (phase NULL) */
};

static inline bool row_stop(const struct row *r)
{
	return r->item || r->signoff || r->close;
}

struct batch {
	struct scheduler *s;
	/* Items whose step's command ran (x) while their check was in
	 * this batch: that check began before the command, and what it
	 * finds is not evidence of what the command did. */
	const struct item **superseded;
	size_t nsuperseded;
};

struct app {
	const struct tui_options *opt;
	const struct checklist *cl;
	struct run *run;		/* NULL: browsing without a run */
	struct theme theme;

	struct row *rows;
	size_t nrows;
	size_t sel;			/* the selected row (an item) */
	size_t top;

	struct batch *batches;		/* running checks */
	size_t nbatches;
	unsigned tick;			/* spinner */

	char *message;			/* the status line's message */
	bool message_error;
	bool quit;
	bool timeline;			/* audit: the timeline view */
	/* The timeline's journal as last found intact, and its lines as
	 * the timeline shows them (view-timeline.c; owned). */
	struct journal_seen tl_seen;
	struct buf tl_text;
	/* The journal's file (its inode, size, times) when the timeline's
	 * whole text, tl_shown, was last made of it (owned). */
	struct tl_file {
		dev_t dev;
		ino_t ino;
		off_t size;
		struct timespec mtime, ctime;
	} tl_file;
	bool tl_file_ok;
	unsigned long tl_reviews_gen;	/* a->reviews_gen then */
	struct buf tl_shown;
	unsigned long tl_shown_gen;	/* pager_new_gen() when it was made */
	char hints[256];		/* the status line's keys */
	const struct phase *signoff_after;	/* sign off once its stale
						 * checks are done */
	struct scheduler *signoff_batch;
	/* The status line's keys (hints) as last made, and of what: the
	 * mode and which actions were offered (actions_hints). */
	uint64_t hints_offered;
	unsigned hints_mode;
	bool hints_made;
	/* While a frame is drawn, each phase's open count, counted once
	 * (draw.c: the list asks it three times a phase) and kept for the
	 * frames after while the run records no event (open_events: its
	 * run->nevents; a count is of the run's records alone). */
	bool drawing;
	const struct phase **open_phase;
	size_t *open_count;
	size_t nopen;
	size_t open_events;
	/* What each row of the screen showed at the last frame (draw.c,
	 * draw_row_same): a row that would show the same is left as it
	 * is on stdscr, neither cleared nor drawn again, so that a key
	 * costs the rows it changes.  Only the loop's own frames, one
	 * after another: anything else drawn on stdscr (a dialog, the
	 * pager, a shell escape, a resize) and the next frame is drawn
	 * whole. */
	bool frame_kept;		/* stdscr holds the last such frame */
	bool frame_reuse;		/* this frame draws only changed rows */
	int sig_rows, sig_cols;
	int det_rows;			/* the detail pane's rows written on */
	struct buf *sig;		/* sig_rows of them (owned) */
	struct buf sig_now;		/* the row being asked (owned) */
	/* The titles' expansions, kept while no variable changes
	 * (app_show). */
	struct vars_memo shown;
	/* Something drew over stdscr (a dialog, a shell escape): counted
	 * by draw_screen, for a view that draws by rows (the pager). */
	unsigned long overdrawn;
	struct pager_memo *pager;	/* pager.c's (owned: pager_forget) */
	/* The header's right side as last made, and of what (draw.c,
	 * header_right; owned). */
	struct head_key {
		size_t events;		/* run->nevents */
		int cols, name_w;
		bool run, closed;
		/* The verdicts as last read (a verdict arriving changes
		 * the run's state, not its events). */
		unsigned long reviews_gen;
		size_t nreviews;
	} head_key;
	/* The reviewers' journals as last read (reviews.c). */
	uint64_t reviews_sig;
	unsigned long reviews_gen;
	struct buf head;
	/* The first key bound to each action, as messages name it
	 * (app_key). */
	char key_first[ACT_NONE][16];
	char pager_key_first[PAGER_NONE][16];	/* app_pager_key */
	/* The list's place at the last frame, for the mouse (draw_list). */
	int list_y0, list_h, list_w;
	/* What the list's rows were drawn of at the last frame, but for
	 * the selection (view-list.c, list_stamp): while it holds, a frame
	 * visits only the rows selected then and now.  Set by every frame
	 * that draws the list, and only such a frame leaves frame_kept
	 * (draw_frame), so frame_reuse says it is set. */
	struct list_stamp {
		size_t events, nbatches, top;
		unsigned long vars, reviews_gen;
		bool closed, read_only;
	} list_stamp;
	size_t list_sel;		/* a->sel at that frame */
};

/* reviews.c: reads the run's reviewers' journals again when anything
 * in their folder changed since the last look (a verdict given from
 * another process); true when it did (a->reviews_gen moved on). */
bool app_reviews_follow(struct app *a);
/* draw.c: a closed run's state by its review policy, one line safe for
 * the terminal ("run 1.0.0 rejected by WHO"; compact "run 1.0.0
 * rejected", "run 1.0.0 1/2 approvals"; caller frees), and the pair it is shown in. */
char *draw_run_state(const struct run *run, bool compact);
enum theme_pair draw_state_pair(const struct run *run);

/* draw.c: the layout, and the helpers of the views' drawing. */
void draw_screen(struct app *a);
/* The loop's frame: only the rows that changed since its last one are
 * drawn again (when nothing else was drawn in between), then sent. */
void draw_main_frame(struct app *a);
/* Writes s at (y, x), at most w bytes. */
void draw_put(int y, int x, int w, const char *s);
/* mvaddnstr(y, x, s, n), the same cells, written faster (draw.c). */
void draw_text(int y, int x, const char *s, int n);
/* The prefix of s that fits in w columns (UTF-8 aware). */
size_t draw_clip(const char *s, int w);
/* The columns that the prefix draw_clip(s, w) takes. */
int draw_width(const char *s, int w);
/* Writes what of s fits in w columns at (y, x). */
void draw_put_clip(int y, int x, int w, const char *s);
/* Does row y show what key (n bytes, zeroed padding included) and the
 * strings s1..s3 (each may be NULL) describe, all it shows, as at the
 * last frame, which stdscr still holds?  Then the row is left as it
 * is; else that is kept as what it will show, and the caller draws it
 * (cleared first when a->frame_reuse: no erase() came before). */
bool draw_row_same(struct app *a, int y, const void *key, size_t n,
		   const char *s1, const char *s2, const char *s3);
/* A frame of a view of its own (the pager), by rows like the loop's:
 * kept, stdscr holding that view's last frame (nothing drawn over it
 * since) and the size the same, draw_row_same leaves the rows that
 * show the same; else every row is drawn (cleared by its drawer: no
 * erase() comes first).  draw_rows_end after its last row. */
void draw_rows_begin(struct app *a, bool kept);
void draw_rows_end(struct app *a);
/* Frees what draw_row_same keeps. */
void draw_forget(struct app *a);
/* Word-wraps text into the box; returns the next free line. */
int draw_wrap(int y, int x, int w, int ymax, const char *text);
/* The required items of ph that are open; 0 when ph is ready. */
size_t app_phase_open(struct app *a, const struct phase *ph);
/* view-list.c, view-detail.c: the two panes. */
void draw_list(struct app *a, int y0, int h, int w);
void draw_detail(struct app *a, int y0, int x0, int h, int w);
char *app_expand(const struct app *a, const char *raw);
/* The same text, kept (a->shown: vars_memo_show): valid until raw is
 * shown again; "" for NULL. */
const char *app_show(struct app *a, const char *raw);
bool app_item_running(struct app *a, const struct item *it);
/* Whether the run may be written and ph be signed off now: not signed
 * off, nothing of it running, no required item open. */
bool app_phase_ready(struct app *a, const struct phase *ph);
/* Whether the run may be written and closed now: every phase signed
 * off, not closed yet. */
bool app_close_ready(struct app *a);

/* prompt.c: dialogs.  They run their own small loop and come back. */
/* A line of text; NULL when cancelled (Esc).  Caller frees. */
/* Appends text to lines (caller frees each and the array), cut into
 * pieces of at most width bytes, at a word's end when one is in the
 * second half of the line, never inside a UTF-8 character; the pieces
 * after the first indented. */
void prompt_wrap(char ***lines, size_t *n, const char *text, size_t width);
char *prompt_text(struct app *a, const char *title, const char *hint,
		  const char *const *lines, size_t nlines);
/* Information, until a key is pressed. */
void prompt_info(struct app *a, const char *title, const char *const *lines,
		 size_t nlines);
/* 1 yes, 0 no, -1 cancelled (Esc). */
int prompt_choice(struct app *a, const char *title, const char *const *lines,
		  size_t nlines);
/* y or n; false when cancelled. */
bool prompt_confirm(struct app *a, const char *title,
		    const char *const *lines, size_t nlines);

/* pager.c: a scrollable, searchable view of text (sanitised). */
void pager_show(struct app *a, const char *title, const char *text);
/* The same, text being of generation gen (pager_new_gen): shown again
 * with the same generation, it is taken as the same text, unread. */
void pager_show_gen(struct app *a, const char *title, const char *text,
		    unsigned long gen);
unsigned long pager_new_gen(void);
/* Frees what the pager keeps between openings (its last text). */
void pager_forget(struct app *a);
/* Appends the pager's keys as its status line shows them ("j/k", "n
 * next"), sep between them (the pager's table, actions.h). */
void pager_keys_line(const struct app *a, struct buf *b, const char *sep);
/* The first key bound to the pager's id ("q"), for the titles. */
const char *app_pager_key(struct app *a, enum pager_key_id id);

/* Sets the status line's message. */
void app_say(struct app *a, bool error, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

/* loop.c: shared with the dialogs, which must keep results coming. */
void app_pump(struct app *a);
/* After its command ran: the checks of it that began before are
 * superseded (their results are dropped, never journaled). */
void app_supersede_checks(struct app *a, const struct item *it);
/* Waits up to 100 ms for a key while results keep coming; ERR if none. */
int app_getch(struct app *a);

/* actions.c: a key pressed on the checklist, done or refused (the
 * action table, actions.h). */
void actions_key(struct app *a, int ch);
/* The status line's keys for the selected row (a buffer of the app's). */
const char *actions_hints(struct app *a);
/* The mode the screen is in (enum action_mode, one bit). */
unsigned action_mode_of(const struct app *a);
/* The first key bound to id ("q", or the user's), for the messages. */
const char *app_key(struct app *a, enum action_id id);
/* mouse.c: a mouse event (KEY_MOUSE) on the checklist: a click selects
 * the row under it, the wheel moves the selection. */
void mouse_list(struct app *a);
/* The row of the list at the screen's (y, x) at the last frame, or -1
 * (outside the list, below its rows). */
long list_row_at(const struct app *a, int y, int x);
/* The pager: the lines the wheel scrolls by (negative: up), 0 for
 * another event. */
int mouse_wheel(void);

/* view-list.c: the rows and moving among them. */
struct item_record *app_rec(struct app *a, const struct item *it);
void list_build_rows(struct app *a);
/* Moves the selection by rows that stop the cursor (row_stop). */
void list_move(struct app *a, long by);
/* Selects the next row that waits for the operator; false if none. */
bool list_next_todo(struct app *a, bool from_start);

/* checks.c: the checks the screen runs. */
bool app_can_record(struct app *a);
/* Whether it's check may run here: trusted, and not a dry run. */
bool app_may_run_check(struct app *a, const struct item *it);
/* Starts a batch of checks; NULL (said) when none started. */
struct scheduler *app_start_batch(struct app *a,
				  const struct item *const *items, size_t n);
size_t app_start_open_checks(struct app *a, bool all);
void act_recheck(struct app *a, const struct item *it, bool all);

/* record.c: the actions that write the run. */
/* Whether the run may be written here; says why not. */
bool app_need_run(struct app *a);
/* A sign-off waiting on its stale checks: they are done. */
void app_stale_done(struct app *a);
void act_done(struct app *a, const struct item *it);
void act_na(struct app *a, const struct item *it);
void act_reopen(struct app *a, const struct item *it);
void act_note(struct app *a, const struct item *it);
void act_note_editor(struct app *a, const struct item *it);
void act_waive(struct app *a, const struct item *it);
void act_signoff(struct app *a, const struct phase *ph);
void act_close(struct app *a);
void act_review(struct app *a);
/* Whether it can be waived now: a check that failed, erred or was
 * skipped (the w key and its hint). */
bool app_waivable(struct app *a, const struct item *it);

/* spawn.c: commands run in the terminal, the screen set aside. */
/* Leaves curses, runs fn(data), comes back; fn's result. */
int app_outside(struct app *a, int (*fn)(void *), void *data);
/* $VISUAL or $EDITOR on path, the screen set aside. */
int spawn_editor(struct app *a, const char *path);
void act_run_command(struct app *a, const struct item *it);

/* The views, each in the pager. */
void act_evidence(struct app *a, const struct item *it);	/* view-evidence.c */
void act_timeline(struct app *a);				/* view-timeline.c */
void act_report(struct app *a);					/* view-preview.c */
void act_help(struct app *a);					/* view-help.c */

#endif
