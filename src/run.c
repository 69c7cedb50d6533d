/* run.c: a run's state, replayed from its journal, and its rules. */
#include "config.h"

#include "run.h"
#include "gitlib.h"
#include "hash.h"
#include "events.h"
#include "maintainer.h"
#include "policy.h"
#include "sanitize.h"

#include <jansson.h>
#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *item_state_name(enum item_state st)
{
	switch (st) {
	case ITEM_PENDING: return "pending";
	case ITEM_PASS: return "pass";
	case ITEM_FAIL: return "fail";
	case ITEM_ERROR: return "error";
	case ITEM_SKIPPED: return "skipped";
	case ITEM_WAIVED: return "waived";
	case ITEM_DONE: return "done";
	case ITEM_NA: return "n/a";
	}
	return "?";
}

bool item_state_settled(enum item_state st)
{
	return policy_state_settled(st);
}

static void set_str(char **dst, const char *src)
{
	free(*dst);
	*dst = src ? xstrdup(src) : NULL;
}

/* The definition of an item, hashed: what it asks and how it is checked,
 * as written (variables unexpanded). */
static void item_def_hash(const struct item *it, char out[17])
{
	struct buf b = BUF_INIT;
	char hex[SHA256_HEX_LEN + 1];

	buf_addf(&b, "%s\n%s\n%d\n", it->full_id, it->title, it->optional);
	if (it->settled_by)
		buf_addf(&b, "settled_by %s\n", it->settled_by);
	for (size_t i = 0; i < it->depends.n; i++)
		buf_addf(&b, "depends %s\n", it->depends.s[i]);
	if (it->check) {
		const struct check_type *t = it->check->type;
		buf_addf(&b, "check %s\n", t->name);
		for (size_t k = 0; t->fields[k].name; k++) {
			const struct check_value *v = &it->check->values[k];
			if (!v->set)
				continue;
			buf_addf(&b, "%s=", t->fields[k].name);
			if (v->s)
				buf_adds(&b, v->s);
			else if (t->fields[k].kind == FIELD_BOOL)
				buf_adds(&b, v->b ? "true" : "false");
			else if (t->fields[k].kind == FIELD_STRINGS)
				for (size_t i = 0; i < v->list.n; i++)
					buf_addf(&b, "%s;", v->list.s[i]);
			else
				buf_addf(&b, "%lld", v->i);
			buf_addc(&b, '\n');
		}
	}
	sha256_hex(b.data, b.len, hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
	buf_free(&b);
}

static json_t *items_map(const struct checklist *cl)
{
	json_t *m = json_object();
	char h[17];

	for (size_t p = 0; p < cl->nphases; p++)
		for (size_t i = 0; i < cl->phases[p]->nitems; i++) {
			const struct item *it = cl->phases[p]->items[i];
			item_def_hash(it, h);
			json_object_set_new(m, it->full_id, json_string(h));
		}
	return m;
}

struct item_record *run_item(struct run *run, const struct item *it)
{
	for (size_t i = 0; i < run->nitems; i++)
		if (run->items[i].item == it)
			return &run->items[i];
	return NULL;
}

static struct item_record *item_by_id(struct run *run, const char *id)
{
	for (size_t i = 0; id && i < run->nitems; i++)
		if (strcmp(run->items[i].item->full_id, id) == 0)
			return &run->items[i];
	return NULL;
}

struct phase_record *run_phase(struct run *run, const struct phase *ph)
{
	for (size_t i = 0; i < run->nphases; i++)
		if (run->phases[i].phase == ph)
			return &run->phases[i];
	return NULL;
}

static struct phase_record *phase_by_id(struct run *run, const char *id)
{
	for (size_t i = 0; id && i < run->nphases; i++)
		if (strcmp(run->phases[i].phase->id, id) == 0)
			return &run->phases[i];
	return NULL;
}

static void record_reset(struct item_record *r)
{
	r->state = r->check_state = ITEM_PENDING;
	set_str(&r->reason, NULL);
	set_str(&r->who, NULL);
	set_str(&r->when, NULL);
	set_str(&r->check_time, NULL);
	set_str(&r->log, NULL);
	json_decref(r->evidence);
	r->evidence = NULL;
}

static enum item_state state_of_check(const char *status)
{
	if (!status)
		return ITEM_PENDING;
	if (strcmp(status, "pass") == 0)
		return ITEM_PASS;
	if (strcmp(status, "fail") == 0)
		return ITEM_FAIL;
	if (strcmp(status, "error") == 0)
		return ITEM_ERROR;
	if (strcmp(status, "skipped") == 0)
		return ITEM_SKIPPED;
	return ITEM_PENDING;
}

static void pin_items(struct run *run, json_t *map)
{
	const char *id;
	json_t *h;

	if (!json_is_object(map))
		return;
	vars_free(&run->pinned);
	json_object_foreach(map, id, h)
		if (json_is_string(h))
			vars_set(&run->pinned, id, json_string_value(h),
				 VAR_RUNTIME, NULL, 0);
}

/* A "maintainer" event's items: each settled as the maintainer's
 * record said (done or n/a, by whom, when, for which release). */
static void apply_maintainer(struct run *run, json_t *items)
{
	json_t *v;
	size_t i;

	json_array_foreach(items, i, v) {
		struct item_record *r = item_by_id(run, json_string_value(
				json_object_get(v, "item")));
		const char *st = json_string_value(json_object_get(v, "state"));

		if (!r || !st)
			continue;
		r->state = strcmp(st, "n/a") == 0 ? ITEM_NA : ITEM_DONE;
		set_str(&r->reason, r->state == ITEM_NA ? json_string_value(
				json_object_get(v, "reason")) : NULL);
		set_str(&r->who, json_string_value(json_object_get(v, "by")));
		set_str(&r->when, json_string_value(json_object_get(v, "at")));
		set_str(&r->maint_release, json_string_value(
				json_object_get(v, "release")));
		set_str(&r->reopened, NULL);
	}
}

/* The fold: applies one event to the state.  The same function applies
 * events read from the journal and events just appended. */
static void apply(struct run *run, const struct journal_event *ev)
{
	const char *item_id = journal_event_str(ev, "item");
	struct item_record *r = item_by_id(run, item_id);
	const struct event_type *et = event_type_find(ev->type);
	enum event_kind k = et ? et->kind : EV_UNKNOWN;

	run->nevents++;
	set_str(&run->last_actor, ev->actor);
	set_str(&run->last_time, ev->time);

	if (k == EV_RUN_STARTED) {
		json_t *p = journal_event_payload(ev);
		if (ev->seq == 1) {	/* pins the run (review.c) */
			set_str(&run->first_hash, ev->hash);
			set_str(&run->started_sha256, journal_event_str(ev,
							"checklist_sha256"));
		}
		set_str(&run->release,
			journal_event_str(ev, "release"));
		set_str(&run->checklist_sha256,
			journal_event_str(ev, "checklist_sha256"));
		set_str(&run->started, ev->time);
		set_str(&run->started_by, ev->actor);
		pin_items(run, json_object_get(p, "items"));
	} else if (k == EV_CHECKLIST_CHANGED) {
		json_t *p = journal_event_payload(ev);
		json_t *changed = json_object_get(p, "changed");
		json_t *v;
		size_t i;

		json_array_foreach(changed, i, v) {
			struct item_record *c = item_by_id(run,
						json_string_value(v));
			if (c)
				record_reset(c);
		}
		set_str(&run->checklist_sha256,
			journal_event_str(ev, "checklist_sha256"));
		pin_items(run, json_object_get(p, "items"));
	} else if (k == EV_CHECK && r) {
		const char *status = journal_event_str(ev, "status");
		json_t *p = journal_event_payload(ev);
		r->check_state = state_of_check(status);
		r->state = r->check_state;
		set_str(&r->reason, journal_event_str(ev, "reason"));
		set_str(&r->who, ev->actor);
		set_str(&r->when, ev->time);
		set_str(&r->check_time, ev->time);
		set_str(&r->log, json_string_value(json_object_get(
				json_object_get(p, "log"), "path")));
		json_decref(r->evidence);
		r->evidence = json_incref(json_object_get(p, "evidence"));
	} else if (k == EV_REOPEN && r) {
		/* Back to pending; who and when say who reopened it. */
		r->state = et->state;
		set_str(&r->reason, NULL);
		set_str(&r->who, ev->actor);
		set_str(&r->when, ev->time);
		set_str(&r->reopened, journal_event_str(ev, "reason"));
		set_str(&r->maint_release, NULL);
		r->nreopened++;
	} else if (k == EV_DONE && r) {
		const char *note = journal_event_str(ev, "note");
		r->state = et->state;
		set_str(&r->reopened, NULL);
		set_str(&r->maint_release, NULL);
		set_str(&r->reason, NULL);	/* an earlier n/a's, no more */
		set_str(&r->who, ev->actor);
		set_str(&r->when, ev->time);
		if (note) {
			r->nnotes++;
			set_str(&r->last_note, note);
		}
	} else if ((k == EV_NA || k == EV_WAIVE) && r) {
		r->state = et->state;
		set_str(&r->reopened, NULL);
		set_str(&r->maint_release, NULL);
		set_str(&r->reason, journal_event_str(ev, "reason"));
		set_str(&r->who, ev->actor);
		set_str(&r->when, ev->time);
	} else if (k == EV_COMMAND && r) {
		set_str(&r->command_time, ev->time);
	} else if (k == EV_NOTE && r) {
		r->nnotes++;
		set_str(&r->last_note, journal_event_str(ev, "text"));
	} else if (k == EV_SIGNOFF) {
		struct phase_record *ph = phase_by_id(run,
					journal_event_str(ev, "phase"));
		if (ph) {
			json_t *m = json_object_get(journal_event_payload(ev),
						    "maintainer");
			ph->signed_off = true;
			ph->line = ev->line;
			ph->seq = ev->seq;
			set_str(&ph->prev, ev->prev);
			set_str(&ph->signature, journal_event_str(ev,
								  "signature"));
			set_str(&ph->who, ev->actor);
			set_str(&ph->when, ev->time);
			set_str(&ph->hash, journal_event_str(ev, "journal_hash"));
			if (json_is_object(m)) {
				set_str(&ph->maint_by, json_string_value(
						json_object_get(m, "by")));
				set_str(&ph->maint_at, json_string_value(
						json_object_get(m, "at")));
				set_str(&ph->maint_release, json_string_value(
						json_object_get(m, "release")));
			}
		}
	} else if (k == EV_MAINTAINER) {
		apply_maintainer(run, json_object_get(journal_event_payload(ev),
						      "items"));
	} else if (k == EV_CLOSED) {
		run->closed = true;
		run->closed_line = ev->line;
		run->closed_seq = ev->seq;
		set_str(&run->closed_prev, ev->prev);
		set_str(&run->closed_signature, journal_event_str(ev,
								  "signature"));
		set_str(&run->closed_by, ev->actor);
		set_str(&run->closed_when, ev->time);
	} else if (k == EV_REVIEW) {
		/* A run recorded before reviewers' journals (review.c). */
		run_add_review(run, ev);
	}
	if (r)
		r->last_seq = ev->seq;
}

/* An item settled_by another takes that item's state, and says so in its
 * reason; nothing is journaled for it.  Called after a replay and after
 * each event recorded. */
static void settle_deferred(struct run *run)
{
	for (size_t i = 0; i < run->nitems; i++) {
		struct item_record *r = &run->items[i];
		const struct item_record *by;
		char *reason;

		if (!r->item->settler)
			continue;
		by = run_item(run, r->item->settler);
		if (!by || by == r)	/* the loader allows neither */
			continue;
		reason = by->reason && *by->reason
			? xasprintf("settled by %s: %s",
				    r->item->settler->full_id, by->reason)
			: xasprintf("settled by %s", r->item->settler->full_id);
		free(r->reason);
		r->reason = reason;
		r->state = by->state;
		set_str(&r->who, by->who);
		set_str(&r->when, by->when);
	}
}

struct replay_ctx {
	struct run *run;
	char *err;
};

static int on_event(const struct journal_event *ev, void *data)
{
	struct replay_ctx *c = data;
	struct run *run = c->run;

	if (ev->seq == 1) {
		const char *release, *name;


		if (event_kind_of(ev->type) != EV_RUN_STARTED) {
			c->err = xasprintf("%s: the first event is %s, not "
					   "run-started", run->path, ev->type);
			return 1;
		}
		release = journal_event_str(ev, "release");
		name = journal_event_str(ev, "checklist");
		if (!release || (run->release &&
				 strcmp(release, run->release) != 0)) {
			c->err = xasprintf("%s is the run of release %s, not %s",
					   run->path, release ? release : "?",
					   run->release);
			return 1;
		}
		{
			const char *was = journal_event_str(ev,
							    "checklist_name");
			char *msg = NULL;
			char *now = checklist_expand(run->cl, run->cl->name ?
						     run->cl->name : "", &msg);
			/* Without the release, the name cannot be compared
			 * (it may hold ${version}). */
			bool other = run->cl->version_known && was && now &&
				     strcmp(was, now) != 0;
			free(msg);
			if (other) {
				c->err = xasprintf("%s is a run of \"%s\", not of "
						   "\"%s\" (give the checklist "
						   "it was made with: -c FILE)",
						   run->path, was, now);
				free(now);
				return 1;
			}
			free(now);
		}
		if (name && run->cl->file) {
			const char *a = strrchr(name, '/'), *b = strrchr(
				run->cl->file, '/');
			a = a ? a + 1 : name;
			b = b ? b + 1 : run->cl->file;
			if (strcmp(a, b) != 0) {
				c->err = xasprintf("%s is a run of the checklist "
						   "%s, not %s", run->path, a, b);
				return 1;
			}
		}
	}
	apply(run, ev);
	return 0;
}

static void diff_items(struct run *run)
{
	const struct checklist *cl = run->cl;
	char h[17];

	for (size_t p = 0; p < cl->nphases; p++)
		for (size_t i = 0; i < cl->phases[p]->nitems; i++) {
			const struct item *it = cl->phases[p]->items[i];
			const struct var *v = vars_find(&run->pinned,
							it->full_id);
			item_def_hash(it, h);
			if (!v) {
				run->added = xrealloc(run->added,
					(run->nadded + 1) * sizeof(char *));
				run->added[run->nadded++] = xstrdup(it->full_id);
			} else if (strcmp(v->value, h) != 0) {
				run->changed = xrealloc(run->changed,
					(run->nchanged + 1) * sizeof(char *));
				run->changed[run->nchanged++] =
					xstrdup(it->full_id);
			}
		}
	for (size_t i = 0; i < run->pinned.count; i++) {
		const char *id = run->pinned.v[i].name;
		if (!checklist_item(cl, id)) {
			run->removed = xrealloc(run->removed,
				(run->nremoved + 1) * sizeof(char *));
			run->removed[run->nremoved++] = xstrdup(id);
		}
	}
}

static char *hostname(void)
{
	char h[256];

	if (gethostname(h, sizeof(h)) < 0)
		return xstrdup("unknown");
	h[sizeof(h) - 1] = '\0';
	return xstrdup(h);
}

/* The payload fields a person writes (a note, the reason of a waiver or
 * of an n/a) or that quote one (a waived check's reason): made safe and
 * redacted before they are recorded, so that a token pasted into a note
 * never reaches the journal, a report or a pushed note. */
static const char *const person_fields[] = {
	"note", "text", "reason", "check_reason",
};

static void clean_payload(json_t *payload)
{
	for (size_t k = 0; k < ARRAY_SIZE(person_fields); k++) {
		json_t *v = json_object_get(payload, person_fields[k]);
		char *clean;

		if (!json_is_string(v))
			continue;
		clean = sanitize_note(json_string_value(v));
		json_string_set(v, clean);
		free(clean);
	}
}

/* Appends, then applies: what is applied is what is on disk.  Every event
 * comes here: its person fields are cleaned (clean_payload), and its actor
 * was when the run was opened. */
static int record(struct run *run, const char *type, json_t *payload,
		  char **err)
{
	struct journal_event ev;
	char *prev = xstrdup(journal_last_hash(run->journal));

	clean_payload(payload);
	/* journal_append takes one reference, whatever happens; the
	 * caller keeps its own. */
	json_incref(payload);
	if (journal_append(run->journal, type, payload, run->actor, run->host,
			   &ev, err) < 0) {
		free(prev);
		return -1;
	}
	ev.payload = payload;
	ev.prev = prev;
	apply(run, &ev);
	free(prev);
	settle_deferred(run);
	return 0;
}

int run_open(struct run **out, const struct checklist *cl, const char *path,
	     int flags, const char *actor, struct diag *problems, char **err)
{
	struct run *run = xcalloc(1, sizeof(*run));
	struct replay_ctx ctx = { .run = run };
	const struct var *v = vars_find(&cl->vars, "version");
	int jflags = 0;
	size_t n = 0;

	*out = NULL;
	*err = NULL;
	run->cl = cl;
	run->sign = cl->review.signed_;	/* the policy's signed = true */
	run->state_buf = xcalloc(1, 256);
	run->path = xstrdup(path);
	run->log_dir = str_ends_with(path, ".jsonl")
		? xasprintf("%.*s.logs", (int)(strlen(path) - 6), path)
		: xasprintf("%s.logs", path);
	run->actor = sanitize_name(actor);	/* every event's actor */
	run->host = hostname();
	run->release = cl->version_known && v && v->value
		       ? xstrdup(v->value) : NULL;
	run->nphases = cl->nphases;
	run->phases = xcalloc(cl->nphases + 1, sizeof(*run->phases));
	for (size_t p = 0; p < cl->nphases; p++) {
		run->phases[p].phase = cl->phases[p];
		n += cl->phases[p]->nitems;
	}
	run->items = xcalloc(n + 1, sizeof(*run->items));
	for (size_t p = 0; p < cl->nphases; p++)
		for (size_t i = 0; i < cl->phases[p]->nitems; i++)
			run->items[run->nitems++].item = cl->phases[p]->items[i];

	if (flags & RUN_WRITE)
		jflags |= JOURNAL_WRITE;
	if (flags & RUN_CREATE)
		jflags |= JOURNAL_CREATE;
	if (journal_open(&run->journal, path, jflags, err) < 0)
		goto fail;
	run->intact = journal_replay_lazy(run->journal, on_event, &ctx,
					  problems) == 0;
	settle_deferred(run);
	if (ctx.err) {
		*err = ctx.err;
		goto fail;
	}
	if (journal_is_empty(run->journal)) {
		json_t *p;

		if (!(flags & RUN_CREATE) && problems && problems->count) {
			*err = xasprintf("%s: the record is damaged from its "
					 "first event: nothing of the run can be "
					 "read", path);
			goto fail;
		}
		if (!(flags & RUN_CREATE)) {
			*err = xasprintf("%s: no run recorded there", path);
			goto fail;
		}
		if (!run->release) {
			*err = xstrdup("the release version is unknown: give "
				       "--release");
			goto fail;
		}
		if (journal_read_only(run->journal)) {
			*err = xasprintf("%s: cannot start the run: %s", path,
					 journal_read_only(run->journal));
			goto fail;
		}
		p = json_object();
		json_object_set_new(p, "release", json_string(run->release));
		{
			char real[4096];
			json_object_set_new(p, "checklist", json_string(
				realpath(cl->file, real) ? real : cl->file));
		}
		{
			char *name = checklist_expand(cl, cl->name ? cl->name
						      : "", err);
			free(*err);
			*err = NULL;
			json_object_set_new(p, "checklist_name",
					    json_string(name ? name : ""));
			free(name);
		}
		json_object_set_new(p, "checklist_sha256",
				    json_string(cl->sha256));
		json_object_set_new(p, "items", items_map(cl));
		if (record(run, event_name(EV_RUN_STARTED), p, err) < 0) {
			json_decref(p);
			goto fail;
		}
		json_decref(p);
	} else {
		run_load_reviews(run, problems);
	}
	diff_items(run);
	*out = run;
	return 0;
fail:
	run_free(run);
	return -1;
}

int run_note_changes(struct run *run, char **err)
{
	json_t *p, *a;

	*err = NULL;
	if (!run->nadded && !run->nremoved && !run->nchanged)
		return 0;
	if (run_read_only(run) || run->closed)
		return 0;	/* said, not journaled: a reader, or a record
				 * that is final */
	p = json_object();
	json_object_set_new(p, "checklist_sha256",
			    json_string(run->cl->sha256));
	a = json_array();
	for (size_t i = 0; i < run->nadded; i++)
		json_array_append_new(a, json_string(run->added[i]));
	json_object_set_new(p, "added", a);
	a = json_array();
	for (size_t i = 0; i < run->nremoved; i++)
		json_array_append_new(a, json_string(run->removed[i]));
	json_object_set_new(p, "removed", a);
	a = json_array();
	for (size_t i = 0; i < run->nchanged; i++)
		json_array_append_new(a, json_string(run->changed[i]));
	json_object_set_new(p, "changed", a);
	json_object_set_new(p, "items", items_map(run->cl));
	if (record(run, event_name(EV_CHECKLIST_CHANGED), p, err) < 0) {
		json_decref(p);
		return -1;
	}
	json_decref(p);
	return 0;
}

static void free_list(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

void run_free(struct run *run)
{
	if (!run)
		return;
	journal_close(run->journal);
	for (size_t i = 0; i < run->nitems; i++) {
		struct item_record *r = &run->items[i];
		free(r->reason);
		free(r->who);
		free(r->when);
		free(r->check_time);
		free(r->command_time);
		free(r->log);
		free(r->last_note);
		free(r->reopened);
		free(r->maint_release);
		json_decref(r->evidence);
	}
	free(run->items);
	for (size_t i = 0; i < run->nphases; i++) {
		free(run->phases[i].who);
		free(run->phases[i].when);
		free(run->phases[i].hash);
		free(run->phases[i].signature);
		free(run->phases[i].prev);
		free(run->phases[i].maint_by);
		free(run->phases[i].maint_at);
		free(run->phases[i].maint_release);
	}
	maint_free(run->maint);
	free(run->maint_error);
	free(run->phases);
	run_reviews_free(run);
	free(run->state_buf);
	free(run->first_hash);
	free(run->started_sha256);
	free_list(run->added, run->nadded);
	free_list(run->removed, run->nremoved);
	free_list(run->changed, run->nchanged);
	vars_free(&run->pinned);
	free(run->path);
	free(run->log_dir);
	free(run->actor);
	free(run->host);
	free(run->release);
	free(run->checklist_sha256);
	free(run->started);
	free(run->started_by);
	free(run->closed_by);
	free(run->closed_when);
	free(run->closed_prev);
	free(run->closed_signature);
	free(run->last_actor);
	free(run->last_time);
	free(run);
}

const char *run_read_only(const struct run *run)
{
	return journal_read_only(run->journal);
}

/* A rule of policy.h: 0 when why is NULL, else -1 with *err = why. */
static int obey(char *why, char **err)
{
	*err = why;
	return why ? -1 : 0;
}

/* The rules every action on an item shares (policy.h). */
static int may_act(struct run *run, const struct item *it, char **err)
{
	return obey(policy_why_not_act(run, it), err);
}

static int maint_settle(struct run *run, bool after_check, char **err);

/* Writes what became of a maintainer item or phase to the maintainer's
 * record, with the actor and time of the event just journaled.  A
 * failure does not undo the event: it is left for the caller to say. */
static void maint_note(struct run *run, const char *key, const char *state,
		       const char *reason)
{
	char *err = NULL;

	if (!run->maint || !key)
		return;
	if (maint_append(run->maint, key, state, reason, run->actor,
			 run->last_time, run->release, &err) < 0) {
		free(run->maint_error);
		run->maint_error = xasprintf("the maintainer's record was not "
					     "kept: %s", err);
		free(err);
	}
}

static void maint_note_item(struct run *run, const struct item *it,
			    const char *state, const char *reason)
{
	char *key;

	/* A check's item is checked every run: nothing to keep. */
	if (!run->maint || !it->maintainer || it->check)
		return;
	key = maint_item_key(run->cl, it);
	maint_note(run, key, state, reason);
	free(key);
}

static json_t *item_payload(const struct item *it)
{
	json_t *p = json_object();

	json_object_set_new(p, "item", json_string(it->full_id));
	return p;
}

static int record_item(struct run *run, const char *type, json_t *p,
		       char **err)
{
	int rc = record(run, type, p, err);

	json_decref(p);
	return rc;
}

int run_record_check(struct run *run, const struct item *it,
		     const struct check_result *res, char **err)
{
	json_t *p, *ev;

	*err = NULL;
	if (may_act(run, it, err) < 0)
		return -1;
	p = item_payload(it);
	json_object_set_new(p, "status", json_string(check_status_name(
							  res->status)));
	json_object_set_new(p, "reason", json_string(res->reason ? res->reason
								 : ""));
	json_object_set_new(p, "duration_ms", json_integer(res->duration_ms));
	ev = json_object();
	for (size_t i = 0; i < res->nev; i++) {
		if (strcmp(res->ev[i].key, "log") == 0 ||
		    strcmp(res->ev[i].key, "log_sha256") == 0)
			continue;
		json_object_set_new(ev, res->ev[i].key,
				    json_string(res->ev[i].value));
	}
	json_object_set_new(p, "evidence", ev);
	if (res->log_path) {
		json_t *log = json_object();
		const char *base = strrchr(res->log_path, '/');
		json_object_set_new(log, "path", json_string(base ? base + 1
							     : res->log_path));
		json_object_set_new(log, "sha256", json_string(
			check_result_get(res, "log_sha256") ?
			check_result_get(res, "log_sha256") : ""));
		json_object_set_new(p, "log", log);
	}
	if (res->tail)
		json_object_set_new(p, "tail", json_string(res->tail));
	if (record_item(run, event_name(EV_CHECK), p, err) < 0)
		return -1;
	return it->phase->maintainer ? maint_settle(run, true, err) : 0;
}

int run_mark_done(struct run *run, const struct item *it, const char *note,
		  char **err)
{
	json_t *p;

	if (obey(policy_why_not_done(run, it), err) < 0)
		return -1;
	p = item_payload(it);
	if (note && *note)
		json_object_set_new(p, "note", json_string(note));
	if (record_item(run, event_name(EV_DONE), p, err) < 0)
		return -1;
	maint_note_item(run, it, "done", NULL);
	return 0;
}

int run_mark_na(struct run *run, const struct item *it, const char *reason,
		char **err)
{
	json_t *p;

	if (may_act(run, it, err) < 0)
		return -1;
	if (obey(policy_why_not_mark(it), err) < 0)
		return -1;
	if ((!reason || !*reason) && !it->optional) {
		*err = xasprintf("%s: say why it is not applicable (--note "
				 "TEXT); only optional items may be skipped "
				 "without a reason", it->full_id);
		return -1;
	}
	p = item_payload(it);
	json_object_set_new(p, "reason", json_string(reason && *reason
						     ? reason : "optional: "
						     "skipped"));
	if (record_item(run, event_name(EV_NA), p, err) < 0)
		return -1;
	maint_note_item(run, it, "n/a", run_item(run, it)->reason);
	return 0;
}

int run_note(struct run *run, const struct item *it, const char *text,
	     char **err)
{
	json_t *p;

	*err = NULL;
	if (!text || !*text) {
		*err = xstrdup("a note needs its text (--note TEXT)");
		return -1;
	}
	if (may_act(run, it, err) < 0)
		return -1;
	p = item_payload(it);
	json_object_set_new(p, "text", json_string(text));
	return record_item(run, event_name(EV_NOTE), p, err);
}

int run_may_reopen(struct run *run, const struct item *it, char **err)
{
	return obey(policy_why_not_reopen(run, it), err);
}

int run_reopen(struct run *run, const struct item *it, const char *reason,
	       char **err)
{
	struct item_record *r = run_item(run, it);
	json_t *p;

	if (run_may_reopen(run, it, err) < 0)
		return -1;
	if (!reason || reason[0] == '\0') {
		*err = xasprintf("%s: say why it is reopened (--note TEXT)",
				 it->full_id);
		return -1;
	}
	p = item_payload(it);
	json_object_set_new(p, "reason", json_string(reason));
	json_object_set_new(p, "was", json_string(item_state_name(r->state)));
	if (record_item(run, event_name(EV_REOPEN), p, err) < 0)
		return -1;
	/* The next run does not take it as settled either. */
	maint_note_item(run, it, "reopened", r->reopened);
	return 0;
}

int run_waive(struct run *run, const struct item *it, const char *reason,
	      char **err)
{
	struct item_record *r = run_item(run, it);
	json_t *p;

	if (obey(policy_why_not_waive(run, it), err) < 0)
		return -1;
	if (!reason || !*reason) {
		*err = xasprintf("%s: a waiver needs a written reason (--note "
				 "TEXT)", it->full_id);
		return -1;
	}
	p = item_payload(it);
	json_object_set_new(p, "reason", json_string(reason));
	json_object_set_new(p, "check_status", json_string(
				    item_state_name(r->state)));
	json_object_set_new(p, "check_reason", json_string(r->reason ?
							   r->reason : ""));
	return record_item(run, event_name(EV_WAIVE), p, err);
}

int run_record_command(struct run *run, const struct item *it,
		       const char *command, int exit_code, const char *log,
		       const char *tail, char **err)
{
	json_t *p;

	*err = NULL;
	if (may_act(run, it, err) < 0)
		return -1;
	p = item_payload(it);
	{
		/* Kept as everything else is: a token typed into a step's
		 * command never reaches the journal. */
		char *clean = sanitize_note(command);
		json_object_set_new(p, "command", json_string(clean));
		free(clean);
	}
	json_object_set_new(p, "exit_code", json_integer(exit_code));
	if (log) {
		json_t *l = json_object();
		char hex[SHA256_HEX_LEN + 1] = "";
		char *full = path_join(run->log_dir, log);
		if (sha256_file(full, hex) < 0)
			hex[0] = '\0';
		free(full);
		json_object_set_new(l, "path", json_string(log));
		json_object_set_new(l, "sha256", json_string(hex));
		json_object_set_new(p, "log", l);
	}
	if (tail)
		json_object_set_new(p, "tail", json_string(tail));
	return record_item(run, event_name(EV_COMMAND), p, err);
}

char **run_signoff_blockers(struct run *run, const struct phase *ph,
			    size_t *n)
{
	/* Stale evidence is run again before (the faces'), not here. */
	return policy_signoff_blockers(run, ph, 0, n);
}

static int sign_phase(struct run *run, const struct phase *ph,
		      json_t *maint, char **err);

int run_signoff(struct run *run, const struct phase *ph, char **err)
{
	*err = NULL;
	if (sign_phase(run, ph, NULL, err) < 0)
		return -1;
	if (run->maint && ph->maintainer) {
		char *key = maint_phase_key(run->cl, ph);
		maint_note(run, key, "signoff", NULL);
		free(key);
	}
	return 0;
}

/* Signs off ph (maint: NULL, or what settles it without a sign-off in
 * this run: the maintainer's once, stolen). */
static int sign_phase(struct run *run, const struct phase *ph,
		      json_t *maint, char **err)
{
	struct phase_record *pr = run_phase(run, ph);
	json_t *p, *waived, *na;
	char **blockers;
	size_t n;

	*err = NULL;
	if (may_act(run, NULL, err) < 0) {
		json_decref(maint);
		return -1;
	}
	if (pr->signed_off) {
		*err = xasprintf("phase %s is already signed off by %s at %s",
				 ph->id, pr->who, pr->when);
		json_decref(maint);
		return -1;
	}
	blockers = run_signoff_blockers(run, ph, &n);
	if (n) {
		json_decref(maint);
		struct buf b = BUF_INIT;
		buf_addf(&b, "phase %s cannot be signed off: %zu required "
			 "item%s open:", ph->id, n, n == 1 ? " is" : "s are");
		for (size_t i = 0; i < n; i++)
			buf_addf(&b, "\n  %s", blockers[i]);
		*err = buf_detach(&b);
		free_list(blockers, n);
		return -1;
	}
	p = json_object();
	json_object_set_new(p, "phase", json_string(ph->id));
	json_object_set_new(p, "journal_hash",
			    json_string(journal_last_hash(run->journal)));
	waived = json_array();
	na = json_array();
	for (size_t i = 0; i < run->nitems; i++) {
		struct item_record *r = &run->items[i];
		json_t *o;

		if (r->item->phase != ph || !policy_state_decided(r->state))
			continue;
		o = json_object();
		json_object_set_new(o, "item", json_string(r->item->full_id));
		json_object_set_new(o, "reason", json_string(r->reason ?
							     r->reason : ""));
		json_object_set_new(o, "by", json_string(r->who ? r->who : ""));
		json_array_append_new(r->state == ITEM_WAIVED ? waived : na, o);
	}
	json_object_set_new(p, "waived", waived);
	json_object_set_new(p, "not_applicable", na);
	if (maint)
		json_object_set_new(p, "maintainer", maint);
	/* With run->sign: signed over the run, the phase, and the chain's
	 * hash before it (run_sign_text). */
	if (run_sign_payload(run, run->journal, p, event_name(EV_SIGNOFF),
			     ph->id, err) < 0) {
		json_decref(p);
		return -1;
	}
	return record_item(run, event_name(EV_SIGNOFF), p, err);
}

void run_use_maintainer(struct run *run, struct maint *m)
{
	maint_free(run->maint);
	run->maint = m;
}

/* Whether a check of ph has no result in this run yet (one may be on
 * its way: a sign-off now would lock it out). */
static bool checks_pending(const struct run *run, const struct phase *ph)
{
	for (size_t i = 0; i < run->nitems; i++) {
		const struct item_record *r = &run->items[i];
		/* no result, and neither n/a nor waived */
		if (r->item->phase == ph && r->item->check &&
		    r->state == ITEM_PENDING)
			return true;
	}
	return false;
}

/* Settles each maintainer phase that the maintainer signed off once and
 * that nothing keeps from a sign-off now (sign_phase, with who signed
 * it off once); after_check: only once each of its checks has a result.
 * Returns 0, or -1 with *err. */
static int maint_settle(struct run *run, bool after_check, char **err)
{
	*err = NULL;
	if (!run->maint || run_read_only(run) || run->closed)
		return 0;
	for (size_t i = 0; i < run->nphases; i++) {
		struct phase_record *pr = &run->phases[i];
		const struct maint_record *once = policy_maint_signed(run,
									   pr->phase);
		char **blockers;
		size_t n;
		json_t *m;

		if (pr->signed_off || !once ||
		    (after_check && checks_pending(run, pr->phase)))
			continue;
		blockers = run_signoff_blockers(run, pr->phase, &n);
		free_list(blockers, n);
		if (n)
			continue;
		m = json_object();
		json_object_set_new(m, "by", json_string(once->by));
		json_object_set_new(m, "at", json_string(once->at));
		json_object_set_new(m, "release", json_string(once->release));
		if (sign_phase(run, pr->phase, m, err) < 0)
			return -1;
	}
	return 0;
}

int run_maintainer_import(struct run *run, char **err)
{
	json_t *items = json_array();

	*err = NULL;
	if (!run->maint || run_read_only(run) || run->closed) {
		json_decref(items);
		return 0;
	}
	for (size_t i = 0; i < run->nitems; i++) {
		struct item_record *r = &run->items[i];
		const struct maint_record *rec;
		struct phase_record *pr = run_phase(run, r->item->phase);
		char *key;
		json_t *o;

		/* A check is checked every run; a step reopened in this
		 * run stays open. */
		if (!r->item->maintainer || r->item->check ||
		    r->state != ITEM_PENDING || r->nreopened ||
		    (pr && pr->signed_off))
			continue;
		key = maint_item_key(run->cl, r->item);
		rec = maint_find(run->maint, key);
		free(key);
		if (!rec || (strcmp(rec->state, "done") != 0 &&
			     strcmp(rec->state, "n/a") != 0))
			continue;
		o = json_object();
		json_object_set_new(o, "item", json_string(r->item->full_id));
		json_object_set_new(o, "state", json_string(rec->state));
		if (*rec->reason)
			json_object_set_new(o, "reason", json_string(
						    rec->reason));
		json_object_set_new(o, "by", json_string(rec->by));
		json_object_set_new(o, "at", json_string(rec->at));
		json_object_set_new(o, "release", json_string(rec->release));
		json_array_append_new(items, o);
	}
	if (json_array_size(items)) {
		json_t *p = json_object();
		json_object_set_new(p, "items", items);
		if (record_item(run, event_name(EV_MAINTAINER), p, err) < 0)
			return -1;
	} else {
		json_decref(items);
	}
	return maint_settle(run, false, err);
}

int run_close(struct run *run, char **err)
{
	json_t *p;

	*err = NULL;
	if (may_act(run, NULL, err) < 0)
		return -1;
	if (maint_settle(run, false, err) < 0)
		return -1;
	if (obey(policy_why_not_close(run), err) < 0)
		return -1;
	p = json_object();
	/* With run->sign: signed as a sign-off is, over the chain's hash
	 * before it (run_sign_text, "type close"). */
	if (run_sign_payload(run, run->journal, p, "close", "run", err) < 0) {
		json_decref(p);
		return -1;
	}
	return record_item(run, event_name(EV_CLOSED), p, err);
}

void run_progress(const struct run *run, const struct phase *ph,
		  size_t *settled, size_t *total)
{
	*settled = *total = 0;
	for (size_t i = 0; i < run->nitems; i++) {
		const struct item_record *r = &run->items[i];
		if ((ph && r->item->phase != ph) || r->item->optional ||
		    (ph && r->item->settler))
			continue;
		(*total)++;
		*settled += item_state_settled(r->state);
	}
}

char *run_dir(const char *root, bool make)
{
	git_repository *repo = NULL;
	char *dir = NULL;

	gitlib_init();
	if (git_repository_open_ext(&repo, root, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) == 0)
		dir = path_join(git_repository_path(repo), "relcheck/runs");
	git_repository_free(repo);
	if (dir && make && path_mkdirs(dir, 0700) < 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

char *run_path(const char *dir, const struct checklist *cl,
	       const char *release)
{
	const char *base = strrchr(cl->file, '/');
	char *name = xstrdup(base ? base + 1 : cl->file), *path;

	if (str_ends_with(name, ".conf"))
		name[strlen(name) - 5] = '\0';
	while (name[0] == '.')
		memmove(name, name + 1, strlen(name));
	path = xasprintf("%s/%s-%s.jsonl", dir, name, release);
	free(name);
	return path;
}

char *run_identity(const char *root, const char *as)
{
	git_repository *repo = NULL;
	git_config *cfg = NULL, *snap = NULL;
	const char *name = NULL, *email = NULL;
	char *actor = NULL;

	if (as && *as)
		return sanitize_name(as);
	gitlib_init();
	/* The repository's configuration, or else the user's. */
	if ((git_repository_open_ext(&repo, root, 0, NULL) == 0 &&
	     git_repository_config_snapshot(&snap, repo) == 0) ||
	    (git_config_open_default(&cfg) == 0 &&
	     git_config_snapshot(&snap, cfg) == 0)) {
		git_config_get_string(&name, snap, "user.name");
		git_config_get_string(&email, snap, "user.email");
	}
	if (name && *name && email && *email) {
		char *raw = xasprintf("%s <%s>", name, email);
		actor = sanitize_name(raw);
		free(raw);
	} else if (name && *name) {
		actor = sanitize_name(name);
	}
	git_config_free(snap);
	git_config_free(cfg);
	git_repository_free(repo);
	/* A name that sanitising leaves empty names nobody. */
	if (actor && !*actor) {
		free(actor);
		actor = NULL;
	}
	return actor;
}

char *run_actor(const char *root, const char *as)
{
	char *actor = run_identity(root, as);

	if (!actor) {
		/* cppcheck-suppress getpwuidCalled ; relcheck's only
		 * getpw* call: no other thread overwrites its result */
		struct passwd *pw = getpwuid(getuid());
		char *raw = xasprintf("%s (login name, unverified: no git "
				      "identity)", pw && pw->pw_name ?
				      pw->pw_name : "unknown");
		actor = sanitize_name(raw);
		free(raw);
	}
	return actor;
}

struct peek {
	char *checklist;
	char *release;
};

static int on_first(const struct journal_event *ev, void *data)
{
	struct peek *pk = data;

	if (event_kind_of(ev->type) == EV_RUN_STARTED) {
		set_str(&pk->checklist, json_string_value(
				json_object_get(ev->payload, "checklist")));
		set_str(&pk->release, json_string_value(
				json_object_get(ev->payload, "release")));
	}
	return 1;
}

int run_peek(const char *path, char **checklist, char **release, char **err)
{
	struct journal *j;
	struct diag d = DIAG_INIT;
	struct peek pk = { NULL, NULL };

	*checklist = *release = NULL;
	if (journal_open(&j, path, 0, err) < 0)
		return -1;
	journal_replay(j, on_first, &pk, &d);
	journal_close(j);
	if (!pk.checklist || !pk.release) {
		int rc = d.count ? -2 : -1;

		*err = d.count ? diag_format(&d, 0)
			       : xasprintf("%s: not a relcheck run (no "
					   "run-started event)", path);
		free(pk.checklist);
		free(pk.release);
		diag_free(&d);
		return rc;
	}
	diag_free(&d);
	*checklist = pk.checklist;
	*release = pk.release;
	return 0;
}

static double newest;

static double mtime_of(const struct stat *st)
{
	return (double)st->st_mtim.tv_sec + st->st_mtim.tv_nsec / 1e9;
}

static int visit(const char *path, const struct stat *st, int flag,
		 struct FTW *ftw)
{
	(void)path;
	(void)ftw;
	if ((flag == FTW_F || flag == FTW_D) && mtime_of(st) > newest)
		newest = mtime_of(st);
	return 0;
}

/* When the repository last changed: the newest of HEAD, packed-refs and
 * the branch and tag refs (seconds since the epoch), or 0. */
double run_repo_changed_at(const char *root)
{
	static const char *const names[] = { "HEAD", "packed-refs",
					     "refs/heads", "refs/tags" };
	git_repository *repo = NULL;

	newest = 0;
	gitlib_init();
	if (git_repository_open_ext(&repo, root, 0, NULL) == 0) {
		for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
			char *p = path_join(git_repository_path(repo), names[i]);
			struct stat st;
			if (stat(p, &st) == 0) {
				if (S_ISDIR(st.st_mode))
					nftw(p, visit, 16, FTW_PHYS);
				else if (mtime_of(&st) > newest)
					newest = mtime_of(&st);
			}
			free(p);
		}
	}
	git_repository_free(repo);
	return newest;
}

/* 2026-11-25T17:40:00.123Z as seconds since the epoch (0 when not). */
double run_time_seconds(const char *iso)
{
	struct tm tm;
	const char *rest;
	double frac = 0;

	if (!iso)
		return 0;
	memset(&tm, 0, sizeof(tm));
	rest = strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!rest)
		return 0;
	if (*rest == '.')
		frac = strtod(rest, NULL);
	return (double)timegm(&tm) + frac;
}

long long run_command_ms(struct run *run, const struct item *it)
{
	struct item_record *r = run ? run_item(run, it) : NULL;

	/* run_time_seconds reads four-digit years: the product fits. */
	return r ? (long long)(run_time_seconds(r->command_time) * 1000) : 0;
}

const char *run_state_word(const struct run *run)
{
	struct review_tally t;

	if (!run->cl->review.set) {
		if (run->nreviews)
			return run->reviews[run->nreviews - 1].approve
			       ? "approved" : "rejected";
		return run->closed ? "closed" : "open";
	}
	if (!run->closed)
		return "open";
	policy_review_tally(run, &t);
	if (t.rejected)
		snprintf(run->state_buf, 256, "rejected by %s",
			 t.rejected->who ? t.rejected->who : "?");
	else if ((long long)t.approvals >= t.needed)
		snprintf(run->state_buf, 256, "approved (%zu of %lld)",
			 t.approvals, t.needed);
	else
		snprintf(run->state_buf, 256, "awaiting review (%zu of %lld "
			 "approvals)", t.approvals, t.needed);
	return run->state_buf;
}

void run_evidence_lines(const struct item_record *r, int width,
			struct buf *b)
{
	const char *key;
	json_t *v;

	if (!r->evidence)
		return;
	json_object_foreach(r->evidence, key, v)
		buf_addf(b, "%-*s %s\n", width, key, json_string_value(v)
			 ? json_string_value(v) : "");
}
