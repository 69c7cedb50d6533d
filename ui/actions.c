/* actions.c: keys to actions, from the action table (actions.h): the
 * dispatch, the refusals of the modes, and the status line's hints.  The
 * handlers here are the table's glue to the views and to record.c; the
 * work is theirs. */
#include "config.h"

#include "actions.h"
#include "app.h"
#include "keyname.h"
#include "userconf.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void action_fn(struct app *a, const struct row *r);
typedef bool offer_fn(struct app *a, const struct row *r);

/* ---- the handlers: the row's item, phase or close to the action ---- */

static void act_down(struct app *a, const struct row *r)
{
	(void)r;
	list_move(a, 1);
}

static void act_up(struct app *a, const struct row *r)
{
	(void)r;
	list_move(a, -1);
}

/* Half a page: what was at the bottom is in the middle. */
static void act_page_down(struct app *a, const struct row *r)
{
	(void)r;
	list_move(a, LINES / 2);
}

static void act_page_up(struct app *a, const struct row *r)
{
	(void)r;
	list_move(a, -(LINES / 2));
}

static void act_first(struct app *a, const struct row *r)
{
	(void)r;
	a->sel = 0;
	list_move(a, 1);
}

/* The last item: the sign-off and close rows are j and Tab away. */
static void act_last(struct app *a, const struct row *r)
{
	(void)r;
	a->sel = a->nrows - 1;
	while (a->sel > 0 && !a->rows[a->sel].item)
		a->sel--;
}

static void act_next_todo(struct app *a, const struct row *r)
{
	(void)r;
	if (!a->run || !list_next_todo(a, false))
		app_say(a, false, a->opt->audit ? "no exception: no waiver, "
			"n/a, reopened step or note" : "nothing needs you now");
}

static void act_done_row(struct app *a, const struct row *r)
{
	if (r && r->item)
		act_done(a, r->item);
	else if (r && r->signoff)
		act_signoff(a, r->phase);
	else if (r && r->close)
		act_close(a);
}

static void act_na_row(struct app *a, const struct row *r)
{
	if (r && r->item)
		act_na(a, r->item);
}

static void act_reopen_row(struct app *a, const struct row *r)
{
	if (r && r->item)
		act_reopen(a, r->item);
}

static void act_note_row(struct app *a, const struct row *r)
{
	if (r && r->item)
		act_note(a, r->item);
}

static void act_note_editor_row(struct app *a, const struct row *r)
{
	if (r && r->item)
		act_note_editor(a, r->item);
}

static void act_waive_row(struct app *a, const struct row *r)
{
	if (r && r->item)
		act_waive(a, r->item);
}

static void act_recheck_row(struct app *a, const struct row *r)
{
	if (r && r->item)
		act_recheck(a, r->item, false);
}

static void act_recheck_all(struct app *a, const struct row *r)
{
	act_recheck(a, r ? r->item : NULL, true);
}

static void act_run_command_row(struct app *a, const struct row *r)
{
	if (r && r->item)
		act_run_command(a, r->item);
}

static void act_signoff_row(struct app *a, const struct row *r)
{
	if (r && r->phase)
		act_signoff(a, r->phase);
	else if (r && r->close)
		app_say(a, true, "%s closes the run", app_key(a, ACT_CLOSE));
}

static void act_close_row(struct app *a, const struct row *r)
{
	(void)r;
	act_close(a);
}

static void act_evidence_row(struct app *a, const struct row *r)
{
	if (r && r->item)
		act_evidence(a, r->item);
}

static void act_timeline_row(struct app *a, const struct row *r)
{
	(void)r;
	act_timeline(a);
}

static void act_report_row(struct app *a, const struct row *r)
{
	(void)r;
	act_report(a);
}

static void act_review_row(struct app *a, const struct row *r)
{
	(void)r;
	act_review(a);
}

static void act_help_row(struct app *a, const struct row *r)
{
	(void)r;
	act_help(a);
}

static void act_quit(struct app *a, const struct row *r)
{
	(void)r;
	a->quit = true;
}

/* ---- the offers: whether the status line shows an action now ---- */

/* A mode where the run is read, not recorded (or there is none). */
static bool reading(const struct app *a)
{
	return !(action_mode_of(a) & ACTION_MODES_RECORD);
}

static bool offer_always(struct app *a, const struct row *r)
{
	(void)a;
	(void)r;
	return true;
}

static bool offer_move(struct app *a, const struct row *r)
{
	return reading(a) || !r || !r->item;
}

static bool offer_next(struct app *a, const struct row *r)
{
	if (reading(a) || !r)
		return false;
	if (r->item)
		return r->item->check && !app_waivable(a, r->item);
	if (r->close)
		return !app_close_ready(a);
	return r->signoff;
}

static bool offer_manual(struct app *a, const struct row *r)
{
	(void)a;
	return r && r->item && !r->item->check;
}

static bool offer_item(struct app *a, const struct row *r)
{
	(void)a;
	return r && r->item;
}

static bool offer_waive(struct app *a, const struct row *r)
{
	return r && r->item && app_waivable(a, r->item);
}

static bool offer_check(struct app *a, const struct row *r)
{
	(void)a;
	return r && r->item && r->item->check;
}

static bool offer_command(struct app *a, const struct row *r)
{
	if (action_mode_of(a) == ACTION_MODE_NO_RUN)
		return true;
	return !reading(a) && r && r->item;
}

static bool offer_signoff(struct app *a, const struct row *r)
{
	return r && (r->item || (r->signoff && app_phase_ready(a, r->phase)));
}

static bool offer_close(struct app *a, const struct row *r)
{
	return r && r->close && app_close_ready(a);
}

static bool offer_evidence(struct app *a, const struct row *r)
{
	return reading(a) || (r && r->item && r->item->check);
}

static bool offer_reading(struct app *a, const struct row *r)
{
	(void)r;
	return reading(a);
}

static bool offer_finished(struct app *a, const struct row *r)
{
	(void)r;
	return action_mode_of(a) & (ACTION_MODE_CLOSED |
				     ACTION_MODE_READ_ONLY);
}

/* The table's code, by the row's id. */
static const struct {
	action_fn *run;
	offer_fn *offer;
} code[] = {
#define ACTION_CODE_(id, keys, bar, label, modes, run, offer, help) \
	[ACT_##id] = { run, offer },
	UI_ACTIONS(ACTION_CODE_)
#undef ACTION_CODE_
};
_Static_assert(sizeof(code) / sizeof(*code) == ACT_NONE,
	       "every action has its code");
_Static_assert(ACT_NONE <= 64, "actions_hints keeps a bit per action");

/* ---- modes ---- */

unsigned action_mode_of(const struct app *a)
{
	if (a->opt->audit)
		return ACTION_MODE_AUDIT;
	if (!a->run)
		return ACTION_MODE_NO_RUN;
	if (a->run->closed)
		return ACTION_MODE_CLOSED;
	if (a->opt->dry_run)
		return ACTION_MODE_DRY_RUN;
	if (run_read_only(a->run))
		return ACTION_MODE_READ_ONLY;
	return ACTION_MODE_OPERATOR;
}

/* Says why act does not apply in mode. */
static void refuse(struct app *a, const struct action *act, unsigned mode)
{
	/* The reviewer's actions, outside an audit. */
	if (act->modes == ACTION_MODE_AUDIT) {
		app_say(a, true, "reviews are given in audit mode (relcheck "
			"audit RUN)");
		return;
	}
	switch (mode) {
	case ACTION_MODE_AUDIT:
		app_say(a, true, "audit mode is read-only (%s: review)",
			app_key(a, ACT_REVIEW));
		break;
	case ACTION_MODE_NO_RUN:
		app_say(a, true, "no run: open relcheck with --release X.Y.Z to "
			"record the release");
		break;
	case ACTION_MODE_CLOSED:
		/* The engine refuses them too. */
		app_say(a, true, "the run is closed: it takes only reviews "
			"(relcheck audit); %s evidence, %s timeline, %s report",
			app_key(a, ACT_EVIDENCE), app_key(a, ACT_TIMELINE),
			app_key(a, ACT_REPORT));
		break;
	case ACTION_MODE_READ_ONLY:
		app_say(a, true, "read-only: %s", run_read_only(a->run));
		break;
	default:
		app_say(a, true, "not in %s mode", action_mode_name(mode));
		break;
	}
}

const char *app_key(struct app *a, enum action_id id)
{
	char *k = a->key_first[id];

	if (!*k)
		action_bar_keys(NULL, userconf_keys(a->opt->user, id), k,
				sizeof(a->key_first[id]));
	return k;
}

/* The action of the key, as the user bound them. */
static enum action_id action_of(const struct app *a, int ch)
{
	size_t n;
	const struct action *t = actions_table(&n);

	for (size_t i = 0; i < n; i++)
		if (key_in(userconf_keys(a->opt->user, t[i].id), ch))
			return t[i].id;
	return ACT_NONE;
}

void actions_key(struct app *a, int ch)
{
	const struct row *row = a->nrows ? &a->rows[a->sel] : NULL;
	const struct action *act = action_get(action_of(a, ch));
	unsigned mode;

	if (!act)
		return;
	free(a->message);
	a->message = NULL;
	if (LINES < 15 || COLS < 60) {
		if (act->id == ACT_QUIT)
			a->quit = true;
		return;
	}
	mode = action_mode_of(a);
	if (!(act->modes & mode)) {
		refuse(a, act, mode);
		return;
	}
	code[act->id].run(a, row);
}

/* ---- the status line ---- */

static void hint(struct app *a, size_t *len, const char *keys,
		 const char *label)
{
	int n = snprintf(a->hints + *len, sizeof(a->hints) - *len, "%s%s%s%s",
			 *len ? "  " : "", keys, *label ? " " : "", label);

	if (n > 0 && (size_t)n < sizeof(a->hints) - *len)
		*len += (size_t)n;
	else
		a->hints[*len] = '\0';	/* what did not fit is left out */
}

const char *actions_hints(struct app *a)
{
	const struct row *row = a->nrows ? &a->rows[a->sel] : NULL;
	unsigned mode = action_mode_of(a);
	size_t n, len = 0;
	const struct action *t = actions_table(&n);
	uint64_t offered = 0;

	/* Which actions the row offers; the line is made again only when
	 * that (or the mode) changed: a frame asks it at every key. */
	for (size_t i = 0; i < n; i++)
		if (t[i].label && (t[i].modes & mode) &&
		    code[t[i].id].offer && code[t[i].id].offer(a, row))
			offered |= (uint64_t)1 << i;
	if (a->hints_made && a->hints_mode == mode &&
	    a->hints_offered == offered)
		return a->hints;
	a->hints_made = true;
	a->hints_mode = mode;
	a->hints_offered = offered;
	a->hints[0] = '\0';
	/* A closed run takes only reviews: what is left is reading it. */
	if (mode == ACTION_MODE_CLOSED)
		hint(a, &len, "run", "closed");
	for (size_t i = 0; i < n; i++) {
		char buf[40];

		if (!(offered & ((uint64_t)1 << i)))
			continue;
		hint(a, &len, userconf_bar(a->opt->user, t[i].id, buf,
					   sizeof(buf)), t[i].label);
	}
	return a->hints;
}
