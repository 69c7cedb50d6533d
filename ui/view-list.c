/* view-list.c: the checklist's rows, and moving among them (the list is
 * drawn by draw.c). */
#include "config.h"

#include "app.h"

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
	/* An optional check that has not run asks nothing of anyone. */
	if (it->optional && it->check && r->state == ITEM_PENDING)
		return false;
	return !item_state_settled(r->state);
}

/* Whether a row waits for the operator: an item, a phase ready to sign
 * off, a run ready to close. */
static bool row_needs_you(struct app *a, const struct row *r)
{
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
