/* report-html.c: the report as one self-contained HTML file: no script,
 * no external asset, inline CSS with a print style sheet (each phase on a
 * new page, no backgrounds), and signature lines at the end.
 *
 * Text from the journal is escaped (& < > " ') and its new lines become
 * <br>.
 */
#include "config.h"

#include "report.h"

#include <stdlib.h>
#include <string.h>

static const char style[] =
	"body { font-family: Georgia, 'Times New Roman', serif; color: #111;"
	" background: #fff;\n"
	"  max-width: 50em; margin: 2em auto; padding: 0 1em;"
	" line-height: 1.4; }\n"
	"h1 { font-size: 1.6em; border-bottom: 2px solid #111; }\n"
	"h2 { font-size: 1.25em; border-bottom: 1px solid #777;"
	" margin-top: 2em; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }\n"
	"th, td { border: 1px solid #999; padding: 0.3em 0.5em;"
	" text-align: left; vertical-align: top;"
	" overflow-wrap: anywhere; }\n"
	"table.items { table-layout: fixed; }\n"
	"table.items col.box { width: 2.2em; }\n"
	"table.items col.item { width: 24%; }\n"
	"table.items col.state { width: 24%; }\n"
	"th { background: #eee; }\n"
	".hash { font-family: monospace; font-size: 0.85em;"
	" word-break: break-all; }\n"
	".verdict { border: 3px solid #a00; color: #a00; font-weight: bold;"
	" padding: 0.5em 1em; text-align: center; }\n"
	".verdict.ok { border-color: #060; color: #060; }\n"
	".box { font-size: 1.2em; width: 1.5em; text-align: center; }\n"
	".state { font-weight: bold; }\n"
	"ul { margin: 0.2em 0; padding-left: 1.2em; }\n"
	".signatures td { height: 3.5em; width: 35%; }\n"
	"@media print {\n"
	"  * { background: none !important; color: #000 !important; }\n"
	"  body { max-width: none; margin: 0; padding: 0; }\n"
	"  section.phase, section.closing { break-before: page;"
	" page-break-before: always; }\n"
	"  tr, .signatures { break-inside: avoid; page-break-inside: avoid; }\n"
	"  .verdict, .verdict.ok { border-color: #000; }\n"
	"  @page { margin: 2cm; }\n"
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
	escf(b, "<tr><th>Checklist</th><td>%s<br>\n<span class=\"hash\">"
	     "sha256 %s</span></td></tr>\n", r->checklist,
	     r->checklist_sha256);
	escf(b, "<tr><th>Run</th><td>%s, ", r->run);
	buf_addf(b, "%lld events, %s</td></tr>\n", r->nevents,
		 r->intact ? "intact" : "DAMAGED");
	escf(b, "<tr><th>Started</th><td>%s by %s</td></tr>\n", r->started,
	     r->started_by);
	if (r->closed)
		escf(b, "<tr><th>Closed</th><td>%s by %s</td></tr>\n",
		     r->closed_when, r->closed_by);
	else
		escf(b, "<tr><th>Last event</th><td>%s (the run is open)"
		     "</td></tr>\n", r->last_event);
	escf(b, "<tr><th>State</th><td>%s</td></tr>\n", r->state);
	for (const struct report_line *l = r->changes; l; l = l->next)
		escf(b, "<tr><th>Changed</th><td>%s</td></tr>\n", l->text);
	for (const struct report_line *l = r->problems; l; l = l->next)
		escf(b, "<tr><th>Problem</th><td>%s</td></tr>\n", l->text);
	buf_adds(b, "</table>\n");
}

static void item(struct buf *b, const struct report_item *it)
{
	char *s = report_item_summary(it);

	/* U+2611 and U+2610: a ballot box, with a check or empty */
	buf_addf(b, "<tr><td class=\"box\">%s</td>\n",
		 it->settled ? "\xe2\x98\x91" : "\xe2\x98\x90");
	escf(b, "<td><b>%s</b><br>\n%s<br>\n<i>%s</i></td>\n"
	     "<td><span class=\"state\">%s</span></td>\n<td>", it->id,
	     it->title, it->kind, s);
	free(s);
	if (it->reason)
		escf(b, "<p>%s: %s</p>\n", report_reason_label(it),
		     it->reason);
	if (it->waived_status)
		escf(b, "<p>Waived check: %s: %s</p>\n", it->waived_status,
		     it->waived_reason ? it->waived_reason : "");
	if (it->facts) {
		buf_adds(b, "<ul class=\"hash\">\n");
		for (const struct report_line *l = it->facts; l; l = l->next)
			escf(b, "<li>%s</li>\n", l->text);
		buf_adds(b, "</ul>\n");
	}
	for (const struct report_note *n = it->notes; n; n = n->next)
		escf(b, "<p><i>Note by %s at %s:</i><br>\n%s</p>\n", n->who,
		     n->when, n->text);
	buf_adds(b, "</td></tr>\n");
}

static void phase(struct buf *b, const struct report_phase *ph)
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
	buf_adds(b, "<table class=\"items\">\n<colgroup><col class=\"box\">"
		 "<col class=\"item\"><col class=\"state\"><col></colgroup>\n"
		 "<tr><th></th><th>Item</th>"
		 "<th>State</th><th>Details</th></tr>\n");
	for (size_t i = 0; i < ph->nitems; i++)
		item(b, &ph->items[i]);
	buf_adds(b, "</table>\n</section>\n");
}

static void signature(struct buf *b, const char *role, const char *name)
{
	escf(b, "<tr><th>%s</th><td>%s</td><td></td><td></td></tr>\n", role,
	     name ? name : "");
}

static void closing(struct buf *b, const struct report *r)
{
	buf_adds(b, "<section class=\"closing\">\n<h2>Sign-offs</h2>\n"
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
	buf_adds(b, "</table>\n<h2>Reviews</h2>\n");
	if (!r->reviews)
		buf_adds(b, r->closed ? "<p>No review yet.</p>\n"
			 : "<p>No review: the run is open.</p>\n");
	else
		buf_adds(b, "<table>\n<tr><th>Verdict</th><th>By</th>"
			 "<th>At</th><th>Journal hash</th><th>Note</th>"
			 "</tr>\n");
	for (const struct report_review *rv = r->reviews; rv; rv = rv->next)
		escf(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td class=\""
		     "hash\">%s</td><td>%s</td></tr>\n", rv->approve ?
		     "approved" : "rejected", rv->who, rv->when,
		     rv->hash ? rv->hash : "?", rv->note);
	if (r->reviews)
		buf_adds(b, "</table>\n");
	escf(b, "<p class=\"verdict%s\">%s</p>\n", r->signed_off ? " ok" : "",
	     r->verdict);
	buf_addf(b, "<p>The journal&#39;s final hash (%lld events): ",
		 r->nevents);
	escf(b, "<span class=\"hash\">%s</span></p>\n", r->final_hash);
	buf_adds(b, "<h2>Signatures</h2>\n<table class=\"signatures\">\n"
		 "<tr><th></th><th>Name</th><th>Signature</th><th>Date</th>"
		 "</tr>\n");
	signature(b, "Release manager", r->manager);
	signature(b, "Reviewer", r->reviewer);
	buf_adds(b, "</table>\n</section>\n</body>\n</html>\n");
}

static void render(const struct report *r, const struct report_options *opt,
		   struct buf *out)
{
	(void)opt;
	front(out, r);
	for (size_t p = 0; p < r->nphases; p++)
		phase(out, &r->phases[p]);
	closing(out, r);
}

const struct report_format report_html_format = {
	.name = "html",
	.help = "one self-contained file with a print style sheet: a page "
		"per phase, no backgrounds",
	.render = render,
};
