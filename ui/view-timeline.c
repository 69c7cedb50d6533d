/* view-timeline.c: the run's journal, event by event, in the pager, and
 * whether its chain is intact. */
#include "config.h"

#include "app.h"
#include "events.h"

#include <stdlib.h>
#include <string.h>

struct timeline {
	struct buf text;
};

static int on_event(const struct journal_event *ev, void *data)
{
	struct timeline *t = data;
	const char *item = journal_event_str(ev, "item");
	const char *detail = journal_event_str(ev, "reason");
	const char *status = journal_event_str(ev, "status");
	const struct event_type *et = event_type_find(ev->type);
	bool mark = et && et->decision;	/* waive, note, na, reopen */

	if (!detail)
		detail = journal_event_str(ev, "text");
	if (!detail)
		detail = journal_event_str(ev, "note");
	if (!detail)
		detail = journal_event_str(ev, "command");
	if (!item)
		item = journal_event_str(ev, "phase");
	buf_addf(&t->text, "%s%5lld  %.19s  %-24.24s %-9s %s%s%s\n",
		 mark ? "* " : "  ", ev->seq, ev->time, ev->actor, ev->type,
		 item ? item : "", status ? " " : "", status ? status : "");
	/* Each line of a note of several under the event, indented alike:
	 * a line of its own would read as another event. */
	while (detail && *detail) {
		size_t n = strcspn(detail, "\n");

		buf_addf(&t->text, "%s%5s  %.*s\n", mark ? "* " : "  ", "",
			 (int)n, detail);
		detail += n;
		if (*detail)
			detail++;
	}
	return 0;
}

/* The journal is read again at every opening, and checked: whatever
 * changed it since (another relcheck, a hand) shows.  Its lines found
 * intact last time are compared byte for byte instead of checked again
 * (journal_replay_since), and their text kept in a->tl_text. */
void act_timeline(struct app *a)
{
	struct timeline t = { BUF_INIT };
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	char *err = NULL;
	bool from_start = true;

	if (!a->run) {
		app_say(a, true, "no run: no timeline");
		return;
	}
	buf_init(&t.text);
	if (journal_open(&j, a->run->path, 0, &err) < 0) {
		app_say(a, true, "%s", err);
		free(err);
		buf_free(&t.text);
		return;
	}
	journal_replay_since(j, &a->tl_seen, &from_start, on_event, &t, &d);
	/* The events' lines: those of the seen bytes, kept, then the new
	 * ones; kept in turn for the next opening. */
	if (from_start)
		buf_reset(&a->tl_text);
	buf_add(&a->tl_text, t.text.data, t.text.len);
	buf_reset(&t.text);
	buf_add(&t.text, a->tl_text.data, a->tl_text.len);
	for (size_t i = 0; i < d.count; i++) {
		char *m = diag_format(&d, i);
		buf_addf(&t.text, "%s %s\n", strstr(m, "warning:") ? "!! "
			 : "!! BROKEN:", m);
		free(m);
	}
	if (!d.count)
		buf_addf(&t.text, "\nthe chain is intact: %lld events, the last "
			 "hash %s\n", journal_last_seq(j), journal_last_hash(j));
	journal_close(j);
	diag_free(&d);
	pager_show(a, "Timeline (* waivers, notes, n/a)", t.text.data);
	buf_free(&t.text);
}
