/* view-list.c: the checklist: its rows, moving among them, and drawing
 * them. */
#include "config.h"

#include "app.h"
#include "policy.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

struct item_record *app_rec(struct app *a, const struct item *it)
{
	return a->run ? run_item(a->run, it) : NULL;
}

void list_build_rows(struct app *a)
{
	const struct checklist *cl = a->cl;

	a->rows = xcalloc(2 * checklist_count_items(cl) + 2 * cl->nphases + 2,
			  sizeof(*a->rows));
	for (size_t p = 0; p < cl->nphases; p++) {
		const struct phase *ph = cl->phases[p];
		const char *section = NULL;

		a->rows[a->nrows++] = (struct row){ .phase = ph };
		for (size_t i = 0; i < ph->nitems; i++) {
			const struct item *it = ph->items[i];
			if (it->section &&
			    (!section || strcmp(section, it->section) != 0)) {
				a->rows[a->nrows++] = (struct row){
					.phase = ph, .section = it->section };
			}
			section = it->section;
			a->rows[a->nrows++] = (struct row){ .phase = ph,
							    .item = it };
		}
		/* The flow leads to each sign-off: a row of its own. */
		if (a->run)
			a->rows[a->nrows++] = (struct row){ .phase = ph,
							    .signoff = true };
	}
	if (a->run)
		a->rows[a->nrows++] = (struct row){ .close = true };
}

void list_move(struct app *a, long by)
{
	size_t i = a->sel;
	long step = by < 0 ? -1 : 1;
	long left = by < 0 ? -by : by;

	while (left > 0) {
		size_t j = i;
		do {
			if ((step < 0 && j == 0) ||
			    (step > 0 && j + 1 >= a->nrows))
				goto done;
			j = (size_t)((long)j + step);
		} while (!row_stop(&a->rows[j]));
		i = j;
		left--;
	}
done:
	a->sel = i;
}

/* Whether an item waits for the operator. */
static bool needs_you(struct app *a, const struct item *it)
{
	struct item_record *r = app_rec(a, it);

	if (!r || run_phase(a->run, it->phase)->signed_off ||
	    app_item_running(a, it))
		return false;
	/* Settled by another phase's item: that one waits, not this. */
	if (it->settler)
		return false;
	/* An optional check that has not run asks nothing of anyone; nor
	 * does one that was not run (skipped: a forge check where there is
	 * no forge). */
	if (it->optional && it->check && (r->state == ITEM_PENDING ||
					  r->state == ITEM_SKIPPED))
		return false;
	return !item_state_settled(r->state);
}

/* What a reviewer reads first: a waiver, an n/a, a step reopened, a
 * note (report_item_exception's rule, on the run's record). */
static bool exception(struct app *a, const struct item *it)
{
	struct item_record *r = app_rec(a, it);

	return r && (policy_state_decided(r->state) || r->nreopened ||
		     r->nnotes);
}

/* Whether a row waits for the operator: an item, a phase ready to sign
 * off, a run ready to close.  For a reviewer (audit), the exceptions. */
static bool row_needs_you(struct app *a, const struct row *r)
{
	if (a->opt->audit)
		return r->item && exception(a, r->item);
	if (r->item)
		return needs_you(a, r->item);
	if (r->signoff)
		return app_phase_ready(a, r->phase);
	if (r->close)
		return app_close_ready(a);
	return false;
}

bool list_next_todo(struct app *a, bool from_start)
{
	size_t start = from_start ? 0 : a->sel + 1;

	for (size_t k = 0; k < a->nrows; k++) {
		size_t i = (start + k) % a->nrows;
		if (row_needs_you(a, &a->rows[i])) {
			a->sel = i;
			return true;
		}
	}
	return false;
}

/* What a row of the list shows besides its strings (draw_row_same):
 * which row, selected or not, and its states. */
struct row_key {
	const struct row *r;
	int selected, state, flag;	/* flag: running, or ready */
};

static void row_key(struct row_key *k, const struct row *r, bool selected,
		    int state, int flag)
{
	memset(k, 0, sizeof(*k));	/* the padding is compared too */
	k->r = r;
	k->selected = selected;
	k->state = state;
	k->flag = flag;
}

/* A row of the list about to be drawn again, when the last frame's is
 * still there (draw_row_same). */
static void clear_row(const struct app *a, int y, int w)
{
	if (!a->frame_reuse)
		return;
	if (w < COLS) {
		/* Side by side: the list's cells alone, the separator kept
		 * (clearing the line and putting it back cost a tenth of
		 * a key's frame). */
		mvhline(y, 0, ' ', w);
	} else {
		move(y, 0);
		clrtoeol();
	}
}

/* A phase's sign-off row, or the run's close row: what it does, and on
 * the right whether it is done, ready, or what it waits for. */
static void draw_stop_row(struct app *a, const struct row *r, int y, int w,
			  bool selected)
{
	struct phase_record *pr = r->signoff ? run_phase(a->run, r->phase)
					     : NULL;
	bool done = r->signoff ? pr->signed_off : a->run->closed;
	bool ready = r->signoff ? app_phase_ready(a, r->phase)
				: app_close_ready(a);
	char *label;
	char right[32];
	enum theme_pair pair = done ? theme_state_pair(ITEM_PASS)
			       : ready ? PAIR_WARN : PAIR_DIM;
	struct row_key k;

	if (done)
		snprintf(right, sizeof(right), "%s", r->signoff ? "signed"
			 : "closed");
	else if (ready)
		snprintf(right, sizeof(right), "ready");
	else if (r->signoff && a->run)
		snprintf(right, sizeof(right), "%zu open",
			 app_phase_open(a, r->phase));
	else
		right[0] = '\0';
	row_key(&k, r, selected, done, ready);
	if (draw_row_same(a, y, &k, sizeof(k), right, NULL, NULL))
		return;
	label = r->signoff ? xasprintf("Sign off phase %s", r->phase->id)
			   : xstrdup("Close the run");
	clear_row(a, y, w);
	if (selected) {
		attron(theme_attr(&a->theme, PAIR_SELECT));
		mvhline(y, 0, ' ', w);
		draw_put_clip(y, 0, 1, a->theme.utf8 ? "\u25b8" : ">");
	}
	attron(theme_attr(&a->theme, pair));
	draw_put_clip(y, 2, 1, done ? (a->theme.utf8 ? "\u2713" : "+")
		 : a->theme.utf8 ? "\u00bb" : ">");
	attroff(theme_attr(&a->theme, pair));
	if (selected)
		attron(theme_attr(&a->theme, PAIR_SELECT));
	attron(A_BOLD);
	draw_put_clip(y, 4, w - 14, label);
	attroff(A_BOLD);
	draw_put(y, w - 9, 9, right);
	if (selected)
		attroff(theme_attr(&a->theme, PAIR_SELECT));
	free(label);
}

/* Everything a row of the list is drawn of but the selection: the
 * run's records (each recorded event), the checks running (none: a
 * running one's spinner turns at every tick), the variables (titles),
 * the verdicts, and the scroll.  The list's place is the screen's size
 * (draw_frame), which frame_reuse already holds the same. */
static void list_stamp(const struct app *a, struct list_stamp *st)
{
	st->events = a->run ? a->run->nevents : 0;
	st->nbatches = a->nbatches;
	st->top = a->top;
	st->vars = vars_changes();
	st->reviews_gen = a->reviews_gen;
	st->closed = a->run && a->run->closed;
	st->read_only = a->run && run_read_only(a->run);
}

static bool stamp_same(const struct list_stamp *x,
		       const struct list_stamp *y)
{
	return x->events == y->events && x->nbatches == y->nbatches &&
	       x->top == y->top && x->vars == y->vars &&
	       x->reviews_gen == y->reviews_gen && x->closed == y->closed &&
	       x->read_only == y->read_only;
}

void draw_list(struct app *a, int y0, int h, int w)
{
	struct list_stamp stamp;
	bool only_sel;

	a->list_y0 = y0;
	a->list_h = h;
	a->list_w = w;
	if (a->sel < a->top)
		a->top = a->sel;
	if (a->sel >= a->top + (size_t)h)
		a->top = a->sel - (size_t)h + 1;
	/* Keep the phase and section headings just above the selection in
	 * view when there is room. */
	while (a->top > 0 && !row_stop(&a->rows[a->top - 1]) &&
	       a->sel - (a->top - 1) < (size_t)h)
		a->top--;
	/* A cursor move and nothing else: the rows selected before and
	 * now are the only ones that can look different (each row's
	 * description, draw_row_same, would say the same of the others,
	 * at the cost of building it for every row of the list). */
	list_stamp(a, &stamp);
	only_sel = a->frame_reuse && stamp.nbatches == 0 &&
		   stamp_same(&stamp, &a->list_stamp);
	for (int i = 0; i < h; i++) {
		const struct row *r;
		bool selected = a->top + (size_t)i == a->sel;
		int y = y0 + i;

		if (only_sel && !selected && a->top + (size_t)i != a->list_sel)
			continue;

		if (a->top + (size_t)i >= a->nrows) {
			/* Below the list: empty. */
			if (!draw_row_same(a, y, NULL, 0, NULL, NULL, NULL))
				clear_row(a, y, w);
			continue;
		}
		r = &a->rows[a->top + (size_t)i];
		if (r->item) {
			struct item_record *ir = app_rec(a, r->item);
			enum item_state st = ir ? ir->state : ITEM_PENDING;
			bool running = app_item_running(a, r->item);
			const char *title = app_show(a, r->item->title);
			const char *g = running
				? theme_spinner(&a->theme, a->tick)
				: theme_glyph(&a->theme, st, !r->item->check,
					      false);
			struct row_key k;

			row_key(&k, r, selected, (int)st, running);
			if (draw_row_same(a, y, &k, sizeof(k), g, title,
					  NULL))
				continue;
			clear_row(a, y, w);
			if (selected) {
				attron(theme_attr(&a->theme, PAIR_SELECT));
				mvhline(y, 0, ' ', w);
				draw_put_clip(y, 0, 1, a->theme.utf8 ? "\u25b8" : ">");
			}
			attron(theme_attr(&a->theme, theme_state_pair(st)));
			draw_put_clip(y, 2, 1, g);
			attroff(theme_attr(&a->theme, theme_state_pair(st)));
			if (selected)
				attron(theme_attr(&a->theme, PAIR_SELECT));
			/* The marker keeps its room: a long title is
			 * shortened, never the "(optional)" that tells a
			 * red mark blocks nothing. */
			{
				int room = w - 14 - (r->item->optional ? 11 : 0);
				int tw = draw_width(title, room);

				draw_put_clip(y, 4, room, title);
				if (r->item->optional)
					draw_put_clip(y, 4 + tw + 1, 11,
						      "(optional)");
			}
			if (running) {
				draw_put(y, w - 9, 9, " running");
			} else if (ir && ir->state != ITEM_PENDING) {
				draw_put(y, w - 9, 9, item_state_name(st));
			}
			if (selected)
				attroff(theme_attr(&a->theme, PAIR_SELECT));
		} else if (r->signoff || r->close) {
			draw_stop_row(a, r, y, w, selected);
		} else if (r->section) {
			const char *s = app_show(a, r->section);
			struct row_key k;

			row_key(&k, r, false, 0, 0);
			if (draw_row_same(a, y, &k, sizeof(k), s, NULL, NULL))
				continue;
			clear_row(a, y, w);
			attron(A_BOLD);
			draw_put_clip(y, 1, w - 1, s);
			attroff(A_BOLD);
		} else {
			const char *s = app_show(a, r->phase->title);
			struct phase_record *pr = a->run
				? run_phase(a->run, r->phase) : NULL;
			bool ready = !(pr && pr->signed_off) &&
				     app_phase_ready(a, r->phase);
			struct row_key k;

			row_key(&k, r, false, pr && pr->signed_off, ready);
			if (draw_row_same(a, y, &k, sizeof(k), s, NULL, NULL))
				continue;
			clear_row(a, y, w);
			attron(theme_attr(&a->theme, PAIR_TITLE));
			draw_put_clip(y, 0, w, s);
			attroff(theme_attr(&a->theme, PAIR_TITLE));
			if (pr && pr->signed_off)
				draw_put_clip(y, draw_width(s, w) + 1, w - draw_width(s, w) - 1,
					 "(signed off)");
			else if (ready)
				draw_put_clip(y, draw_width(s, w) + 1, w - draw_width(s, w) - 1,
					 "(ready to sign off)");
		}
	}
	a->list_stamp = stamp;
	a->list_sel = a->sel;
}
