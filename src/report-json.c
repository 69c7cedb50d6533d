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

/* The JSON is written piece by piece, each piece (an object without its
 * long arrays, a note, a command) dumped by jansson and indented for its
 * depth: the bytes are those json_dumps makes of the whole tree with
 * JSON_INDENT(2) (a string never holds a raw new line, so every new line
 * of a dump is one of its own), without holding the tree. */
#define FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

static void indent(struct buf *b, int depth)
{
	for (int i = 0; i < 2 * depth; i++)
		buf_addc(b, ' ');
}

/* o (which it frees) as json_dumps makes it at depth. */
static void dump_at(struct buf *b, json_t *o, int depth)
{
	char *s = o ? sanitize_json_dumps(o, FLAGS) : NULL;

	/* NULL only when out of memory: nothing to write then */
	for (const char *p = s; p && *p; p++) {
		buf_addc(b, *p);
		if (*p == '\n')
			indent(b, depth);
	}
	free(s);
	json_decref(o);
}

/* Opens the object o (which it frees) at depth, leaving it open for
 * more keys (key): written but for its closing brace. */
static void open_object(struct buf *b, json_t *o, int depth)
{
	size_t tail = 2 + 2 * (size_t)depth;	/* "\n", indent, "}" */
	size_t len0 = b->len;

	dump_at(b, o, depth);
	if (b->len >= len0 + tail && b->data[b->len - 1] == '}')
		b->len -= tail;
	b->data[b->len] = '\0';
}

/* The next key of an object open at depth. */
static void key(struct buf *b, const char *name, int depth)
{
	buf_adds(b, ",\n");
	indent(b, depth + 1);
	buf_addf(b, "\"%s\": ", name);
}

static void close_object(struct buf *b, int depth)
{
	buf_addc(b, '\n');
	indent(b, depth);
	buf_addc(b, '}');
}

/* An array at depth: begin, then element before each of its n values
 * (the i-th), then end. */
static void element(struct buf *b, size_t i, int depth)
{
	buf_adds(b, i ? ",\n" : "[\n");
	indent(b, depth + 1);
}

static void end_array(struct buf *b, size_t n, int depth)
{
	if (!n) {
		buf_adds(b, "[]");
		return;
	}
	buf_addc(b, '\n');
	indent(b, depth);
	buf_addc(b, ']');
}

/* The item at depth: its commands and notes one by one. */
static void item(struct buf *b, const struct report *r,
		 const struct report_item *it, int depth,
		 const struct report_options *opt)
{
	json_t *ev = json_object(), *files = json_array();
	struct report_walk w;
	struct report_command c;
	struct report_note n;
	size_t i;

	evidence(it, ev, files);
	open_object(b, json_pack("{s:s?, s:s?, s:s?, s:b, s:s?, s:b, s:s?, "
		"s:s?, s:s?, s:o?, s:o?, s:o, s:o, s:o?}",
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
					   "problem", it->log_problem) : NULL),
		depth);
	key(b, "commands", depth);
	report_walk_commands(r, it, &w);
	for (i = 0; report_next_command(&w, &c); i++) {
		element(b, i, depth + 1);
		dump_at(b, json_pack("{s:s?, s:i, s:s?, s:s?}",
			"command", c.command, "exit_code", c.exit_code,
			"by", c.who, "at", c.when), depth + 2);
		report_pass(opt, b);
	}
	end_array(b, i, depth + 1);
	key(b, "notes", depth);
	report_walk_notes(r, it, &w);
	for (i = 0; report_next_note(&w, &n); i++) {
		element(b, i, depth + 1);
		dump_at(b, json_pack("{s:s?, s:s?, s:s?}",
			"by", n.who, "at", n.when, "text", n.text), depth + 2);
		report_pass(opt, b);
	}
	end_array(b, i, depth + 1);
	close_object(b, depth);
}

static void phase(struct buf *b, const struct report *r,
		  const struct report_phase *ph, int depth,
		  const struct report_options *opt)
{
	/* "maintainer" only when said (s*: left out when NULL). */
	open_object(b, json_pack("{s:s?, s:s?, s:b, s:s?, s:s?, s:s?, s:s*, "
		"s:I, s:I}",
		"id", ph->id, "title", ph->title, "signed_off", ph->signed_off,
		"signed_off_by", ph->who, "signed_off_at", ph->when,
		"journal_hash", ph->hash, "maintainer", ph->maintainer,
		"required", (json_int_t)ph->required,
		"settled", (json_int_t)ph->settled), depth);
	key(b, "items", depth);
	for (size_t i = 0; i < ph->nitems; i++) {
		element(b, i, depth + 1);
		item(b, r, &ph->items[i], depth + 2, opt);
	}
	end_array(b, ph->nitems, depth + 1);
	close_object(b, depth);
}

static void render(const struct report *r, const struct report_options *opt,
		   struct buf *out)
{
	struct report_walk w;
	struct report_review rv;
	size_t i;

	open_object(out, json_pack("{s:i, s:s?, s:s?, s:s?, s:s?, "
		"s:{s:s?, s:s?, s:s?, s:b, s:s?, s:s?, s:s?, s:s?, s:b, "
		"s:s?, s:I, s:s?, s:b, s:o, s:o, s:s?}}",
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
		"review_policy", r->review_policy), 0);
	key(out, "phases", 0);
	for (i = 0; i < r->nphases; i++) {
		element(out, i, 1);
		phase(out, r, &r->phases[i], 2, opt);
	}
	end_array(out, r->nphases, 1);
	key(out, "reviews", 0);
	report_walk_reviews(r, &w);
	for (i = 0; report_next_review(&w, &rv); i++) {
		element(out, i, 1);
		dump_at(out, json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, "
			"s:s?, s:b, s:s?, s:b, s:s?}",
			"verdict", rv.approve ? "approve" : "reject",
			"by", rv.who, "at", rv.when,
			"journal_hash", rv.hash, "note", rv.note,
			"event_hash", rv.event_hash, "journal", rv.file,
			"signed", rv.sig && str_starts_with(rv.sig, "signed by"),
			"signature", rv.sig, "counted", rv.not_counted == NULL,
			"not_counted", rv.not_counted), 2);
		report_pass(opt, out);
	}
	end_array(out, i, 1);
	close_object(out, 0);
	buf_addc(out, '\n');
}

const struct report_format report_json_format = {
	.name = "json",
	.help = "everything, for other tools",
	.render = render,
};
