/* report-json.c: the whole report as JSON, for other tools.
 *
 * Keys in a fixed order; what is unknown is null.  Strings are UTF-8 as
 * collected (sanitised); JSON's own escaping does the rest.
 */
#include "config.h"

#include "report.h"
#include "sanitize.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static json_t *lines(const struct report_line *l)
{
	json_t *a = json_array();

	for (; l; l = l->next)
		json_array_append_new(a, json_string(l->text));
	return a;
}

/* An evidence value as JSON: a whole number (an exit code, a count) as
 * a number, anything else as the string it is. */
static json_t *typed(const char *v)
{
	const char *p = v + (*v == '-');
	size_t n = strlen(p);

	if (n && n <= 15 && strspn(p, "0123456789") == n &&
	    (n == 1 || *p != '0'))
		return json_integer(strtoll(v, NULL, 10));
	return json_string(v);
}

/* The evidence: file names are values, never keys (report_version 2):
 * "sha256 NAME" goes to files as { "path": NAME, "sha256": HEX }. */
static void evidence(const struct report_item *it, json_t *ev, json_t *files)
{
	for (const struct report_evidence *e = it->evidence; e; e = e->next) {
		if (str_starts_with(e->key, "sha256 ") && e->key[7])
			json_array_append_new(files, json_pack("{s:s, s:s?}",
				"path", e->key + 7, "sha256", e->value));
		else
			json_object_set_new(ev, e->key, typed(e->value));
	}
}

static json_t *item(const struct report_item *it)
{
	json_t *ev = json_object(), *cmds = json_array(), *notes = json_array();
	json_t *files = json_array();

	evidence(it, ev, files);
	for (const struct report_command *c = it->commands; c; c = c->next)
		json_array_append_new(cmds, json_pack("{s:s?, s:i, s:s?, s:s?}",
			"command", c->command, "exit_code", c->exit_code,
			"by", c->who, "at", c->when));
	for (const struct report_note *n = it->notes; n; n = n->next)
		json_array_append_new(notes, json_pack("{s:s?, s:s?, s:s?}",
			"by", n->who, "at", n->when, "text", n->text));
	return json_pack("{s:s?, s:s?, s:s?, s:b, s:s?, s:b, s:s?, s:s?, s:s?, "
			 "s:o?, s:o?, s:o, s:o, s:o?, s:o, s:o}",
		"id", it->id, "title", it->title, "check", it->check,
		"optional", it->optional, "state", item_state_name(it->state),
		"settled", it->settled, "by", it->who, "at", it->when,
		"reason", it->reason,
		"waived_check", it->waived_status ? json_pack("{s:s?, s:s?}",
			"status", it->waived_status,
			"reason", it->waived_reason) : NULL,
		"duration_ms", it->duration_ms >= 0 ?
			json_integer(it->duration_ms) : NULL,
		"evidence", ev, "files", files,
		"log", it->log ? json_pack("{s:s?, s:s?, s:s*}", "path",
					   it->log, "sha256", it->log_sha256,
					   "problem", it->log_problem) : NULL,
		"commands", cmds, "notes", notes);
}

static json_t *phase(const struct report_phase *ph)
{
	json_t *items = json_array();

	for (size_t i = 0; i < ph->nitems; i++)
		json_array_append_new(items, item(&ph->items[i]));
	/* "maintainer" only when said (s*: left out when NULL). */
	return json_pack("{s:s?, s:s?, s:b, s:s?, s:s?, s:s?, s:s*, s:I, s:I, "
		"s:o}",
		"id", ph->id, "title", ph->title, "signed_off", ph->signed_off,
		"signed_off_by", ph->who, "signed_off_at", ph->when,
		"journal_hash", ph->hash, "maintainer", ph->maintainer,
		"required", (json_int_t)ph->required,
		"settled", (json_int_t)ph->settled, "items", items);
}

static void render(const struct report *r, const struct report_options *opt,
		   struct buf *out)
{
	json_t *phases = json_array(), *reviews = json_array(), *o;
	char *s;

	(void)opt;
	for (size_t p = 0; p < r->nphases; p++)
		json_array_append_new(phases, phase(&r->phases[p]));
	for (const struct report_review *rv = r->reviews; rv; rv = rv->next)
		json_array_append_new(reviews, json_pack(
			"{s:s?, s:s?, s:s?, s:s?, s:s?}",
			"verdict", rv->approve ? "approve" : "reject",
			"by", rv->who, "at", rv->when,
			"journal_hash", rv->hash, "note", rv->note));
	o = json_pack("{s:i, s:s?, s:s?, s:s?, s:s?, "
		      "s:{s:s?, s:s?, s:s?, s:b, s:s?, s:s?, s:s?, s:s?, s:b, "
		      "s:s?, s:I, s:s?, s:b, s:o, s:o}, s:o, s:o}",
		"report_version", 2, "project", r->project,
		"release", r->release, "checklist", r->checklist,
		"checklist_sha256", r->checklist_sha256,
		"run", "file", r->run, "started", r->started,
		"started_by", r->started_by, "closed", r->closed,
		"closed_by", r->closed_by, "closed_at", r->closed_when,
		"last_event", r->last_event, "state", r->state,
		"signed_off", r->signed_off, "verdict", r->verdict,
		"events", (json_int_t)r->nevents, "final_hash", r->final_hash,
		"intact", r->intact, "problems", lines(r->problems),
		"checklist_changes", lines(r->changes),
		"phases", phases, "reviews", reviews);
	/* NULL only when out of memory: nothing to write then */
	s = o ? sanitize_json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER)
	      : NULL;
	if (s) {
		buf_adds(out, s);
		buf_addc(out, '\n');
	}
	free(s);
	json_decref(o);
}

const struct report_format report_json_format = {
	.name = "json",
	.help = "everything, for other tools",
	.render = render,
};
