/* report-html.c: the report as one self-contained HTML file: no script,
 * no external asset, inline CSS with a print style sheet (each phase on a
 * new page, no backgrounds), and signature lines at the end.
 *
 * A state is shown by its symbol and its word everywhere (a waived item
 * never carries the mark of a passed one).  The first page is what a
 * signer reads in a minute: the release, who, the final hash, the counts
 * per state and every exception with its reason.
 *
 * Text from the journal is escaped (& < > " ') and its new lines become
 * <br>.
 */
#include "config.h"

#include "policy.h"
#include "report.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char style[] =
	"body { font-family: 'DejaVu Serif', Georgia, serif; color: #111;"
	" background: #fff;\n"
	"  max-width: 56em; margin: 2em auto; padding: 0 1em;"
	" line-height: 1.35; font-size: 11pt; }\n"
	"h1 { font-size: 1.5em; border-bottom: 2px solid #111; margin: 0 0 0.4em; }\n"
	"h2 { font-size: 1.15em; border-bottom: 1px solid #777;"
	" margin: 1.2em 0 0.4em; break-after: avoid; page-break-after: avoid; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 0.3em 0; }\n"
	"th, td { border: 1px solid #999; padding: 0.2em 0.4em;"
	" text-align: left; vertical-align: top; }\n"
	"td { overflow-wrap: break-word; }\n"
	"th { background: #eee; white-space: nowrap; hyphens: none; }\n"
	"table.meta th { width: 9em; }\n"
	"table.items { table-layout: fixed; }\n"
	"table.items col.state { width: 7.5em; }\n"
	"table.items col.item { width: 32%; }\n"
	".st { white-space: nowrap; font-weight: bold; }\n"
	".sym { display: inline-block; width: 1.2em; }\n"
	".id { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.85em; }\n"
	".small { font-size: 0.85em; color: #333; }\n"
	".hash { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.78em;"
	" overflow-wrap: anywhere; }\n"
	".verdict { border: 3px solid #a00; color: #a00; font-weight: bold;"
	" padding: 0.4em 1em; text-align: center; }\n"
	".verdict.ok { border-color: #060; color: #060; }\n"
	".counts td { text-align: center; white-space: nowrap; }\n"
	"ul { margin: 0.1em 0; padding-left: 1.2em; }\n"
	"p { margin: 0.2em 0; }\n"
	".block { break-inside: avoid; page-break-inside: avoid; }\n"
	".signatures th { width: 10em; }\n"
	".signatures td { height: 3.2em; }\n"
	"@media print {\n"
	"  * { background: none !important; color: #000 !important; }\n"
	"  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }\n"
	"  section.phases { break-before: page; page-break-before: always; }\n"
	"  tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"  .detail { display: none; }\n"
	"  .verdict, .verdict.ok { border-color: #000; }\n"
	"  @page { margin: 1.6cm 1.5cm; }\n"
	"}\n";

static void esc(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_adds(b, "&amp;"); break;
		case '<': buf_adds(b, "&lt;"); break;
		case '>': buf_adds(b, "&gt;"); break;
		case '"': buf_adds(b, "&quot;"); break;
		case '\'': buf_adds(b, "&#39;"); break;
		case '\n': buf_adds(b, "<br>\n"); break;
		default: buf_addc(b, *s);
		}
	}
}

/* fmt with each %s escaped (see report_escapef). */
#define escf(b, ...) report_escapef(b, esc, __VA_ARGS__)

/* The state's symbol and word, in every place a state is shown. */
static void state(struct buf *b, enum item_state st)
{
	buf_addf(b, "<span class=\"st\"><span class=\"sym\">%s</span>%s</span>",
		 report_state_symbol(st), report_state_label(st));
}

static void front(struct buf *b, const struct report *r)
{
	escf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	     "<meta charset=\"utf-8\">\n<title>Release report: %s</title>\n",
	     r->title);
	buf_addf(b, "<style>\n%s</style>\n</head>\n<body>\n", style);
	escf(b, "<h1>Release report: %s</h1>\n", r->title);
	escf(b, "<p class=\"verdict%s\">%s</p>\n", r->signed_off ? " ok" : "",
	     r->verdict);
	if (!r->intact)
		buf_adds(b, "<p class=\"verdict\">THE JOURNAL IS DAMAGED: this "
			 "report shows only what comes before the damage."
			 "</p>\n");
	buf_adds(b, "<table class=\"meta\">\n");
	escf(b, "<tr><th>Project</th><td>%s</td></tr>\n", r->project);
	escf(b, "<tr><th>Release</th><td>%s</td></tr>\n", r->release);
	escf(b, "<tr><th>Release manager</th><td>%s</td></tr>\n",
	     r->manager ? r->manager : "");
	for (size_t i = 0; i < r->nreviewers; i++)
		escf(b, "<tr><th>%s</th><td>%s</td></tr>\n", i ? "" :
		     r->nreviewers > 1 ? "Reviewers" : "Reviewer",
		     r->reviewers[i]);
	escf(b, "<tr><th>Started</th><td>%s by %s</td></tr>\n", r->started,
	     r->started_by);
	if (r->closed)
		escf(b, "<tr><th>Closed</th><td>%s by %s</td></tr>\n",
		     r->closed_when, r->closed_by);
	else
		escf(b, "<tr><th>Last event</th><td>%s (the run is open)"
		     "</td></tr>\n", r->last_event);
	escf(b, "<tr><th>State</th><td>%s</td></tr>\n", r->state);
	escf(b, "<tr><th>Checklist</th><td>%s<br>\n<span class=\"hash\">"
	     "sha256 %s</span></td></tr>\n", r->checklist,
	     r->checklist_sha256);
	escf(b, "<tr><th>Record</th><td>%s, ", r->run);
	buf_addf(b, "%lld events, %s<br>\n", r->nevents,
		 r->intact ? "intact" : "DAMAGED");
	escf(b, "<span class=\"hash\">final hash %s</span></td></tr>\n",
	     r->final_hash);
	for (const struct report_line *l = r->changes; l; l = l->next)
		escf(b, "<tr><th>Changed</th><td>%s</td></tr>\n", l->text);
	for (const struct report_line *l = r->problems; l; l = l->next)
		escf(b, "<tr><th>Problem</th><td>%s</td></tr>\n", l->text);
	buf_adds(b, "</table>\n");
}

/* Counts per state, then every exception with its reason: what a signer
 * reads before signing. */
static void summary(struct buf *b, const struct report *r,
		    const struct report_options *opt)
{
	size_t counts[ITEM_NA + 1];
	struct report_walk w;
	struct report_note n;
	bool any = false;

	report_count_states(r, counts);
	buf_adds(b, "<h2>Items</h2>\n<table class=\"counts\">\n<tr>");
	for (size_t i = 0; i < REPORT_NSTATES; i++) {
		buf_adds(b, "<th>");
		state(b, report_state_order[i]);
		buf_adds(b, "</th>");
	}
	buf_adds(b, "</tr>\n<tr>");
	for (size_t i = 0; i < REPORT_NSTATES; i++)
		buf_addf(b, "<td>%zu</td>", counts[report_state_order[i]]);
	buf_adds(b, "</tr>\n</table>\n<h2>Exceptions</h2>\n");
	for (size_t p = 0; p < r->nphases; p++) {
		const struct report_phase *ph = &r->phases[p];

		for (size_t i = 0; i < ph->nitems; i++) {
			const struct report_item *it = &ph->items[i];

			if (!report_item_exception(it))
				continue;
			if (!any)
				buf_adds(b, "<table class=\"items\">\n<colgroup>"
					 "<col class=\"state\"><col class=\"item\">"
					 "<col></colgroup>\n<tr><th>State</th>"
					 "<th>Item</th><th>Why, and who</th></tr>\n");
			any = true;
			buf_adds(b, "<tr><td>");
			state(b, it->state);
			escf(b, "</td><td><span class=\"id\">%s</span><br>\n%s"
			     "</td><td>", it->id, it->title);
			if (it->state != ITEM_PENDING && it->reason &&
			    policy_state_decided(it->state))
				escf(b, "<p>%s</p>\n", it->reason);
			if (it->waived_status)
				escf(b, "<p class=\"small\">accepts the check's "
				     "%s: %s</p>\n", it->waived_status,
				     it->waived_reason ? it->waived_reason : "");
			if (report_item_reopened(it))
				buf_adds(b, "<p>reopened</p>\n");
			report_walk_notes(r, it, &w);
			while (report_next_note(&w, &n)) {
				escf(b, "<p><i>Note by %s:</i> %s</p>\n",
				     n.who, n.text);
				report_pass(opt, b);
			}
			if (it->who)
				escf(b, "<p class=\"small\">%s, %s</p>\n",
				     it->who, it->when ? it->when : "");
			buf_adds(b, "</td></tr>\n");
		}
	}
	if (any)
		buf_adds(b, "</table>\n");
	else
		buf_adds(b, "<p>None: no item was waived, found not "
			 "applicable or reopened, and no note was made.</p>\n");
}

/* A fact, its SHA-256 sums cut to their first 12 digits: on paper a sum
 * is for the eye; the record and the JSON keep them whole. */
static void fact(struct buf *b, const char *text)
{
	struct buf cut = BUF_INIT;
	const char *p = text;

	buf_init(&cut);
	while (*p) {
		size_t n = strspn(p, "0123456789abcdef");

		if (n == 64 && (p == text || !isxdigit((unsigned char)p[-1]))) {
			buf_add(&cut, p, 12);
			buf_adds(&cut, "\xe2\x80\xa6");	/* U+2026 ellipsis */
			p += n;
		} else if (n) {
			buf_add(&cut, p, n);
			p += n;
		} else {
			buf_addc(&cut, *p++);
		}
	}
	/* What the record and the result line say already stays on the
	 * screen, not on paper (.detail). */
	if (str_starts_with(text, "command: ") ||
	    str_starts_with(text, "exit code ") ||
	    str_starts_with(text, "took ") ||
	    str_starts_with(text, "output_sha256"))
		escf(b, "<li class=\"detail\">%s</li>\n", cut.data);
	else
		escf(b, "<li>%s</li>\n", cut.data);
	buf_free(&cut);
}

static void item(struct buf *b, const struct report *r,
		 const struct report_item *it,
		 const struct report_options *opt)
{
	struct report_facts f;
	struct report_walk w;
	struct report_note n;

	buf_adds(b, "<tr><td>");
	state(b, it->state);
	escf(b, "</td>\n<td><span class=\"id\">%s</span><br>\n%s<br>\n"
	     "<span class=\"small\"><i>%s</i></span></td>\n<td>", it->id,
	     it->title, it->kind);
	if (it->reason)
		escf(b, "<p>%s: %s</p>\n", report_reason_label(it),
		     it->reason);
	if (it->waived_status)
		escf(b, "<p>Waived check: %s: %s</p>\n", it->waived_status,
		     it->waived_reason ? it->waived_reason : "");
	if (it->who)
		escf(b, "<p class=\"small\">by %s at %s</p>\n", it->who,
		     it->when ? it->when : "?");
	if (report_item_has_facts(it)) {
		const char *text;

		buf_adds(b, "<ul class=\"hash\">\n");
		report_walk_facts(r, it, &f);
		while ((text = report_next_fact(&f)) != NULL) {
			fact(b, text);
			report_pass(opt, b);
		}
		buf_adds(b, "</ul>\n");
	}
	report_walk_notes(r, it, &w);
	while (report_next_note(&w, &n)) {
		escf(b, "<p><i>Note by %s at %s:</i><br>\n%s</p>\n", n.who,
		     n.when, n.text);
		report_pass(opt, b);
	}
	buf_adds(b, "</td></tr>\n");
}

static void phase(struct buf *b, const struct report *r,
		  const struct report_phase *ph,
		  const struct report_options *opt)
{
	escf(b, "<section class=\"phase\">\n<h2>Phase %s: %s</h2>\n", ph->id,
	     ph->title);
	if (ph->signed_off)
		escf(b, "<p>Signed off by %s at %s, on the journal&#39;s hash "
		     "<span class=\"hash\">%s</span>.</p>\n", ph->who, ph->when,
		     ph->hash);
	else
		buf_adds(b, "<p class=\"verdict\">NOT SIGNED OFF</p>\n");
	if (ph->maintainer)
		escf(b, "<p>%s.</p>\n", ph->maintainer);
	buf_addf(b, "<p>%zu of %zu required items settled.</p>\n",
		 ph->settled, ph->required);
	buf_adds(b, "<table class=\"items\">\n<colgroup><col class=\"state\">"
		 "<col class=\"item\"><col></colgroup>\n"
		 "<tr><th>State</th><th>Item</th><th>Details</th></tr>\n");
	for (size_t i = 0; i < ph->nitems; i++)
		item(b, r, &ph->items[i], opt);
	buf_adds(b, "</table>\n</section>\n");
}

static void signature(struct buf *b, const char *role, const char *name)
{
	escf(b, "<tr><th>%s</th><td>%s</td><td></td><td></td></tr>\n", role,
	     name ? name : "");
}

static void closing(struct buf *b, const struct report *r,
		    const struct report_options *opt)
{
	struct report_walk w;
	struct report_review rv;

	buf_adds(b, "<section class=\"closing\">\n<div class=\"block\">\n"
		 "<h2>Sign-offs</h2>\n"
		 "<table>\n<tr><th>Phase</th><th>Signed off by</th><th>At</th>"
		 "<th>Journal hash</th></tr>\n");
	for (size_t p = 0; p < r->nphases; p++) {
		const struct report_phase *ph = &r->phases[p];
		if (ph->signed_off)
			escf(b, "<tr><td>%s</td><td>%s</td><td>%s</td>"
			     "<td class=\"hash\">%s</td></tr>\n", ph->id,
			     ph->who, ph->when, ph->hash);
		else
			escf(b, "<tr><td>%s</td><td colspan=\"3\"><b>NOT "
			     "SIGNED OFF</b></td></tr>\n", ph->id);
	}
	buf_adds(b, "</table>\n</div>\n<div class=\"block\">\n<h2>Reviews</h2>\n");
	if (r->review_policy)
		escf(b, "<p>Review policy: %s. State: <b>%s</b>.</p>\n",
		     r->review_policy, r->state);
	if (!r->nreviews)
		buf_adds(b, r->closed ? "<p>No review yet.</p>\n"
			 : "<p>No review: the run is open.</p>\n");
	else
		buf_adds(b, "<table>\n<tr><th>Verdict</th><th>By</th>"
			 "<th>At</th><th>Journal hash</th><th>Note</th>"
			 "<th>Signature</th><th>Counted</th></tr>\n");
	report_walk_reviews(r, &w);
	while (report_next_review(&w, &rv)) {
		escf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\""
		     "hash\">%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		     rv.approve ? "approved" : "rejected", rv.who, rv.when,
		     rv.hash ? rv.hash : "?", rv.note,
		     rv.sig ? rv.sig : "unsigned",
		     rv.not_counted ? rv.not_counted : "yes");
		report_pass(opt, b);
	}
	if (r->nreviews)
		buf_adds(b, "</table>\n");
	buf_adds(b, "</div>\n<div class=\"block\">\n");
	escf(b, "<p class=\"verdict%s\">%s</p>\n", r->signed_off ? " ok" : "",
	     r->verdict);
	buf_addf(b, "<p>The journal&#39;s final hash (%lld events): ",
		 r->nevents);
	escf(b, "<span class=\"hash\">%s</span></p>\n", r->final_hash);
	buf_adds(b, "<h2>Signatures</h2>\n<table class=\"signatures\">\n"
		 "<tr><th></th><th>Name</th><th>Signature</th><th>Date</th>"
		 "</tr>\n");
	signature(b, "Release manager", r->manager);
	for (size_t i = 0; i < r->nreviewers; i++)
		signature(b, "Reviewer", r->reviewers[i]);
	if (!r->nreviewers)
		signature(b, "Reviewer", NULL);
	buf_adds(b, "</table>\n</div>\n</section>\n</body>\n</html>\n");
}

static void render(const struct report *r, const struct report_options *opt,
		   struct buf *out)
{
	front(out, r);
	summary(out, r, opt);
	buf_adds(out, "<section class=\"phases\">\n");
	for (size_t p = 0; p < r->nphases; p++)
		phase(out, r, &r->phases[p], opt);
	buf_adds(out, "</section>\n");
	closing(out, r, opt);
}

const struct report_format report_html_format = {
	.name = "html",
	.help = "one self-contained file with a print style sheet: a "
		"summary page with every exception, the phases in compact "
		"tables, the signatures on a page of their own",
	.render = render,
};

const struct report_format report_pdf_format = {
	.name = "pdf",
	.help = "the html report printed to PDF by a headless browser found "
		"on PATH (chromium, or wkhtmltopdf); needs -o FILE",
	.render = render,
	.pdf = true,
};
