/* report-text.c: the report as plain text, to print and sign.
 *
 * Every line fits WIDTH columns (a column per code point): text is
 * wrapped at blanks, a word longer than a line is cut at a character
 * boundary.  With --paged each phase, and the closing section with the
 * signature lines, starts on a new page (a form feed).
 */
#include "config.h"

#include "policy.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define WIDTH 78

static size_t cols(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* The bytes of the first k code points of s (n bytes). */
static size_t bytes_of(const char *s, size_t n, size_t k)
{
	size_t i = 0;

	while (i < n && k > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		k--;
	}
	return i;
}

/* Ends the line being built: its trailing blanks dropped. */
static void flush(struct buf *b, struct buf *line)
{
	size_t n = line->len;

	while (n > 0 && line->data[n - 1] == ' ')
		n--;
	buf_add(b, line->data, n);
	buf_addc(b, '\n');
	buf_reset(line);
}

static void wrap_para(struct buf *b, struct buf *line, const char *rest,
		      const char *s, const char *end)
{
	size_t col = cols(line->data, line->len);
	bool empty = true;

	while (s < end) {
		const char *w;
		size_t wl;

		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s == end)
			break;
		for (w = s; w < end && *w != ' ' && *w != '\t'; w++)
			;
		wl = cols(s, (size_t)(w - s));
		if (!empty && col + 1 + wl > WIDTH) {
			flush(b, line);
			buf_adds(line, rest);
			col = cols(rest, strlen(rest));
			empty = true;
		}
		if (!empty) {
			buf_addc(line, ' ');
			col++;
		}
		while (col + wl > WIDTH) {	/* a word wider than a line */
			size_t n = bytes_of(s, (size_t)(w - s), WIDTH - col);
			buf_add(line, s, n);
			flush(b, line);
			buf_adds(line, rest);
			wl -= cols(s, n);
			s += n;
			col = cols(rest, strlen(rest));
		}
		buf_add(line, s, (size_t)(w - s));
		col += wl;
		empty = false;
		s = w;
	}
	flush(b, line);
}

/* text after first (on its first line) and rest (on the others), each
 * of its lines wrapped to WIDTH. */
static void wrap(struct buf *b, const char *first, const char *rest,
		 const char *text)
{
	struct buf line = BUF_INIT;
	const char *p = text ? text : "";

	buf_adds(&line, first);
	for (;;) {
		const char *end = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		wrap_para(b, &line, rest, p, end);
		if (!*end)
			break;
		p = end + 1;
		buf_adds(&line, rest);
	}
	buf_free(&line);
}

static void wrapf(struct buf *b, const char *first, const char *rest,
		  const char *fmt, ...) PRINTF_LIKE(4, 5);

static void wrapf(struct buf *b, const char *first, const char *rest,
		  const char *fmt, ...)
{
	struct buf t = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&t, fmt, ap);
	va_end(ap);
	wrap(b, first, rest, t.data);
	buf_free(&t);
}

static void heading(struct buf *b, const char *text, char under)
{
	size_t n = cols(text, strlen(text));

	wrap(b, "", "", text);
	for (size_t i = 0; i < n && i < WIDTH; i++)
		buf_addc(b, under);
	buf_addc(b, '\n');
}

/* Starts a section: a blank line, or a new page. */
static void section(struct buf *b, const struct report_options *opt)
{
	buf_adds(b, opt->paged ? "\f" : "\n");
}

#define FIELD "            "

static void front(struct buf *b, const struct report *r)
{
	char *t = xasprintf("Release report: %s", r->title);

	heading(b, t, '=');
	free(t);
	buf_addc(b, '\n');
	wrapf(b, "*** ", "    ", "%s ***", r->verdict);
	if (!r->intact)
		wrap(b, "*** ", "    ", "THE JOURNAL IS DAMAGED: this report "
		     "shows only what comes before the damage ***");
	buf_addc(b, '\n');
	wrap(b, "Project     ", FIELD, r->project);
	wrap(b, "Release     ", FIELD, r->release);
	wrap(b, "Checklist   ", FIELD, r->checklist);
	wrap(b, "  sha256    ", FIELD, r->checklist_sha256);
	wrapf(b, "Run         ", FIELD, "%s, %lld events, %s", r->run,
	      r->nevents, r->intact ? "intact" : "DAMAGED");
	wrapf(b, "Started     ", FIELD, "%s by %s", r->started, r->started_by);
	if (r->closed)
		wrapf(b, "Closed      ", FIELD, "%s by %s", r->closed_when,
		      r->closed_by);
	else
		wrapf(b, "Last event  ", FIELD, "%s (the run is open)",
		      r->last_event);
	wrap(b, "State       ", FIELD, r->state);
	for (const struct report_line *l = r->changes; l; l = l->next)
		wrap(b, "Changed     ", FIELD, l->text);
	for (const struct report_line *l = r->problems; l; l = l->next)
		wrap(b, "Problem     ", FIELD, l->text);
}

/* The counts per state and every exception with its reason, before the
 * phases: what a signer reads first. */
static void summary(struct buf *b, const struct report *r,
		    const struct report_options *opt)
{
	size_t counts[ITEM_NA + 1];
	struct buf line = BUF_INIT;
	struct report_walk w;
	struct report_note n;
	bool any = false;

	report_count_states(r, counts);
	buf_init(&line);
	for (size_t i = 0; i < REPORT_NSTATES; i++)
		buf_addf(&line, "%s%s %s %zu", i ? ", " : "",
			 report_state_ascii(report_state_order[i]),
			 report_state_label(report_state_order[i]),
			 counts[report_state_order[i]]);
	buf_addc(b, '\n');
	heading(b, "Summary", '-');
	wrap(b, "", "", line.data);
	buf_free(&line);
	buf_addc(b, '\n');
	wrap(b, "", "", "Exceptions:");
	for (size_t p = 0; p < r->nphases; p++)
		for (size_t i = 0; i < r->phases[p].nitems; i++) {
			const struct report_item *it = &r->phases[p].items[i];
			char *mark;

			if (!report_item_exception(it))
				continue;
			any = true;
			mark = xasprintf("%-5s", report_state_ascii(it->state));
			wrapf(b, mark, "     ", "%s %s: %s",
			      report_state_label(it->state), it->id, it->title);
			free(mark);
			if (it->reason && policy_state_decided(it->state))
				wrap(b, "       ", "       ", it->reason);
			if (it->waived_status)
				wrapf(b, "       ", "       ", "accepts the "
				      "check's %s: %s", it->waived_status,
				      it->waived_reason ? it->waived_reason
				      : "");
			if (report_item_reopened(it))
				wrap(b, "       ", "       ", "reopened");
			report_walk_notes(r, it, &w);
			while (report_next_note(&w, &n)) {
				wrapf(b, "       ", "       ", "Note by %s: %s",
				      n.who, n.text);
				report_pass(opt, b);
			}
		}
	if (!any)
		wrap(b, "  ", "  ", "None: no item was waived, found not "
		     "applicable or reopened, and no note was made.");
}

static void item(struct buf *b, const struct report *r,
		 const struct report_item *it,
		 const struct report_options *opt)
{
	char *s = report_item_summary(it);
	struct report_facts f;
	struct report_walk w;
	struct report_note n;
	const char *fact;

	/* ASCII, for any printer: [ok] passed, [x] done, [w] waived, [-]
	 * not applicable, [!] failed, [>] skipped, [ ] open; the word
	 * follows on the next line. */
	char *mark = xasprintf("%-5s", report_state_ascii(it->state));

	wrapf(b, mark, "     ", "%s: %s (%s)", it->id, it->title, it->kind);
	free(mark);
	wrap(b, "    ", "    ", s);
	free(s);
	if (it->reason)
		wrapf(b, "    ", "      ", "%s: %s", report_reason_label(it),
		      it->reason);
	if (it->waived_status)
		wrapf(b, "    ", "      ", "Waived check: %s: %s",
		      it->waived_status, it->waived_reason ?
		      it->waived_reason : "");
	report_walk_facts(r, it, &f);
	while ((fact = report_next_fact(&f)) != NULL) {
		wrap(b, "    - ", "      ", fact);
		report_pass(opt, b);
	}
	report_walk_notes(r, it, &w);
	while (report_next_note(&w, &n)) {
		wrapf(b, "    ", "      ", "Note by %s at %s:", n.who,
		      n.when);
		wrap(b, "      ", "      ", n.text);
		report_pass(opt, b);
	}
}

static void phase(struct buf *b, const struct report *r,
		  const struct report_phase *ph,
		  const struct report_options *opt)
{
	char *t = xasprintf("Phase %s: %s", ph->id, ph->title);

	heading(b, t, '-');
	free(t);
	if (ph->signed_off)
		wrapf(b, "", "  ", "Signed off by %s at %s\non hash %s",
		      ph->who, ph->when, ph->hash);
	else
		wrap(b, "", "", "NOT SIGNED OFF");
	if (ph->maintainer)
		wrap(b, "", "  ", ph->maintainer);
	wrapf(b, "", "", "%zu of %zu required items settled", ph->settled,
	      ph->required);
	for (size_t i = 0; i < ph->nitems; i++) {
		buf_addc(b, '\n');
		item(b, r, &ph->items[i], opt);
	}
}

static void signature(struct buf *b, const char *role, const char *name)
{
	static const char line[] = "______________________________"
				   "____________________";

	buf_addc(b, '\n');
	wrap(b, "", "", role);
	buf_addc(b, '\n');
	wrap(b, "  Name       ", "             ", name ? name : line);
	buf_addc(b, '\n');
	wrapf(b, "  Signature  ", "             ", "%s", line);
	buf_addc(b, '\n');
	wrapf(b, "  Date       ", "             ", "%s", line);
}

static void closing(struct buf *b, const struct report *r,
		    const struct report_options *opt)
{
	struct report_walk w;
	struct report_review rv;

	heading(b, "Sign-offs", '-');
	for (size_t p = 0; p < r->nphases; p++) {
		const struct report_phase *ph = &r->phases[p];
		if (ph->signed_off)
			wrapf(b, "", "  ", "%s: signed off by %s at %s\n"
			      "on hash %s", ph->id, ph->who, ph->when,
			      ph->hash);
		else
			wrapf(b, "", "  ", "%s: NOT SIGNED OFF", ph->id);
	}
	buf_addc(b, '\n');
	heading(b, "Reviews", '-');
	if (r->review_policy)
		wrapf(b, "", "  ", "Review policy: %s.\nState: %s.",
		      r->review_policy, r->state);
	if (!r->nreviews)
		wrap(b, "", "", r->closed ? "No review yet." :
		     "No review: the run is open.");
	report_walk_reviews(r, &w);
	while (report_next_review(&w, &rv)) {
		wrapf(b, "", "  ", "%s by %s at %s\non hash %s\n%s",
		      rv.approve ? "APPROVED" : "REJECTED", rv.who, rv.when,
		      rv.hash ? rv.hash : "?", rv.note);
		if (rv.file)
			wrapf(b, "  ", "  ", "in %s, event %s", rv.file,
			      rv.event_hash ? rv.event_hash : "?");
		wrapf(b, "  ", "  ", "%s", rv.sig ? rv.sig : "unsigned");
		if (rv.not_counted)
			wrapf(b, "  ", "  ", "NOT COUNTED: %s", rv.not_counted);
		report_pass(opt, b);
	}
	buf_addc(b, '\n');
	wrapf(b, "", "", "%s", r->verdict);
	wrapf(b, "", "  ", "The journal's final hash (%lld events):",
	      r->nevents);
	wrap(b, "  ", "  ", r->final_hash);
	buf_addc(b, '\n');
	heading(b, "Signatures", '-');
	signature(b, "Release manager", r->manager);
	for (size_t i = 0; i < r->nreviewers; i++)
		signature(b, "Reviewer", r->reviewers[i]);
	if (!r->nreviewers)
		signature(b, "Reviewer", NULL);
}

static void render(const struct report *r, const struct report_options *opt,
		   struct buf *out)
{
	front(out, r);
	summary(out, r, opt);
	for (size_t p = 0; p < r->nphases; p++) {
		section(out, opt);
		phase(out, r, &r->phases[p], opt);
	}
	section(out, opt);
	closing(out, r, opt);
}

const struct report_format report_text_format = {
	.name = "text",
	.help = "the default: 80 columns, long lines wrapped, lines for "
		"wet-ink signatures of the release manager and each "
		"reviewer at the end",
	.render = render,
};
