/* app.h: the screen's state, shared by ui/ files (not outside ui/). */
#ifndef RELCHECK_APP_H
#define RELCHECK_APP_H

#include <stdbool.h>
#include <time.h>

#include "checklist.h"
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
	const struct phase *signoff_after;	/* sign off once its stale
						 * checks are done */
	struct scheduler *signoff_batch;
};

/* draw.c */
void draw_screen(struct app *a);
char *app_expand(const struct app *a, const char *raw);
bool app_item_running(struct app *a, const struct item *it);
/* Whether the run may be written and ph be signed off now: not signed
 * off, nothing of it running, no required item open. */
bool app_phase_ready(struct app *a, const struct phase *ph);
/* Whether the run may be written and closed now: every phase signed
 * off, not closed yet. */
bool app_close_ready(struct app *a);

/* prompt.c: dialogs.  They run their own small loop and come back. */
/* A line of text; NULL when cancelled (Esc).  Caller frees. */
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

/* Sets the status line's message. */
void app_say(struct app *a, bool error, const char *fmt, ...)
	PRINTF_LIKE(3, 4);

/* tui.c: shared with the dialogs, which must keep results coming. */
void app_pump(struct app *a);
/* Waits up to 100 ms for a key while results keep coming; ERR if none. */
int app_getch(struct app *a);

#endif
