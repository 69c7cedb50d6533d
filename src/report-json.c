/* report-json.c: the whole report as JSON, for other tools.
 *
 * Keys in a fixed order; absent values are null.  Strings are UTF-8 as
 * collected (sanitised); JSON's own escaping does the rest.
 */
#include "config.h"

#include "report.h"

#include <jansson.h>
#include <stdlib.h>

static json_t *str(const char *s)
{
	return s ? json_string(s) : json_null();
}

static void set(json_t *o, const char *key, json_t *v)
{
	json_object_set_new(o, key, v);
}

static json_t *lines(const struct report_line *l)
{
	json_t *a = json_array();

	for (; l; l = l->next)
		json_array_append_new(a, json_string(l->text));
	return a;
}

static json_t *item(const struct report_item *it)
{
	json_t *o = json_object(), *ev = json_object(), *a;

	set(o, "id", json_string(it->id));
	set(o, "title", json_string(it->title));
	set(o, "check", str(it->check));
	set(o, "optional", json_boolean(it->optional));
	set(o, "state", json_string(item_state_name(it->state)));
	set(o, "settled", json_boolean(it->settled));
	set(o, "by", str(it->who));
	set(o, "at", str(it->when));
	set(o, "reason", str(it->reason));
	if (it->waived_status) {
		json_t *w = json_object();
		set(w, "status", json_string(it->waived_status));
		set(w, "reason", str(it->waived_reason));
		set(o, "waived_check", w);
	} else {
		set(o, "waived_check", json_null());
	}
	set(o, "duration_ms", it->duration_ms >= 0
	    ? json_integer(it->duration_ms) : json_null());
	for (const struct report_evidence *e = it->evidence; e; e = e->next)
		set(ev, e->key, json_string(e->value));
	set(o, "evidence", ev);
	if (it->log) {
		json_t *l = json_object();
		set(l, "path", json_string(it->log));
		set(l, "sha256", str(it->log_sha256));
		set(o, "log", l);
	} else {
		set(o, "log", json_null());
	}
	a = json_array();
	for (const struct report_command *c = it->commands; c; c = c->next) {
		json_t *x = json_object();
		set(x, "command", str(c->command));
		set(x, "exit_code", json_integer(c->exit_code));
		set(x, "by", str(c->who));
		set(x, "at", str(c->when));
		json_array_append_new(a, x);
	}
	set(o, "commands", a);
	a = json_array();
	for (const struct report_note *n = it->notes; n; n = n->next) {
		json_t *x = json_object();
		set(x, "by", str(n->who));
		set(x, "at", str(n->when));
		set(x, "text", str(n->text));
		json_array_append_new(a, x);
	}
	set(o, "notes", a);
	return o;
}

static json_t *phase(const struct report_phase *ph)
{
	json_t *o = json_object(), *items = json_array();

	set(o, "id", json_string(ph->id));
	set(o, "title", json_string(ph->title));
	set(o, "signed_off", json_boolean(ph->signed_off));
	set(o, "signed_off_by", str(ph->who));
	set(o, "signed_off_at", str(ph->when));
	set(o, "journal_hash", str(ph->hash));
	set(o, "required", json_integer((json_int_t)ph->required));
	set(o, "settled", json_integer((json_int_t)ph->settled));
	for (size_t i = 0; i < ph->nitems; i++)
		json_array_append_new(items, item(&ph->items[i]));
	set(o, "items", items);
	return o;
}

static void render(const struct report *r, const struct report_options *opt,
		   struct buf *out)
{
	json_t *o = json_object(), *run = json_object(), *a;
	char *s;

	(void)opt;
	set(o, "report_version", json_integer(1));
	set(o, "project", str(r->project));
	set(o, "release", str(r->release));
	set(o, "checklist", str(r->checklist));
	set(o, "checklist_sha256", str(r->checklist_sha256));
	set(run, "file", str(r->run));
	set(run, "started", str(r->started));
	set(run, "started_by", str(r->started_by));
	set(run, "closed", json_boolean(r->closed));
	set(run, "closed_by", str(r->closed_by));
	set(run, "closed_at", str(r->closed_when));
	set(run, "last_event", str(r->last_event));
	set(run, "state", str(r->state));
	set(run, "signed_off", json_boolean(r->signed_off));
	set(run, "verdict", str(r->verdict));
	set(run, "events", json_integer(r->nevents));
	set(run, "final_hash", str(r->final_hash));
	set(run, "intact", json_boolean(r->intact));
	set(run, "problems", lines(r->problems));
	set(run, "checklist_changes", lines(r->changes));
	set(o, "run", run);
	a = json_array();
	for (size_t p = 0; p < r->nphases; p++)
		json_array_append_new(a, phase(&r->phases[p]));
	set(o, "phases", a);
	a = json_array();
	for (const struct report_review *rv = r->reviews; rv; rv = rv->next) {
		json_t *x = json_object();
		set(x, "verdict", json_string(rv->approve ? "approve"
					      : "reject"));
		set(x, "by", str(rv->who));
		set(x, "at", str(rv->when));
		set(x, "journal_hash", str(rv->hash));
		set(x, "note", str(rv->note));
		json_array_append_new(a, x);
	}
	set(o, "reviews", a);
	s = json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s) {
		buf_adds(out, s);
		buf_addc(out, '\n');
	}
	free(s);
	json_decref(o);
}

const struct report_format report_json_format = {
	.name = "json",
	.render = render,
};
