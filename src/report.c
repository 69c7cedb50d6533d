/* report.c: collecting a run's report; the table of formats. */
#include "config.h"

#include "report.h"
#include "events.h"
#include "hash.h"
#include "policy.h"
#include "sanitize.h"

#include <jansson.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Lists are built backwards (a push is O(1)), then turned round. */
#define PUSH(head, node) ((node)->next = (head), (head) = (node))
#define REVERSE(head) do {						\
	__typeof__(head) prev_ = NULL, next_;				\
	for (; (head); (head) = next_) {				\
		next_ = (head)->next;					\
		(head)->next = prev_;					\
		prev_ = (head);						\
	}								\
	(head) = prev_;							\
} while (0)

static const struct report_format *const formats[] = {
	&report_text_format,
	&report_markdown_format,
	&report_html_format,
	&report_json_format,
	&report_pdf_format,
};

const struct report_format *report_format_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++)
		if (strcmp(formats[i]->name, name) == 0)
			return formats[i];
	return NULL;
}

const struct report_format *report_format_at(size_t i)
{
	return i < ARRAY_SIZE(formats) ? formats[i] : NULL;
}

/* s with every occurrence of the folder dir (a path component: what
 * follows it is '/' or no path character) replaced: "dir/x" by with "x"
 * (with "~/x" for the home folder), "dir" alone by alone.  Caller
 * frees; NULL when s does not hold dir (most strings: nothing made). */
static char *unlocal(const char *s, const char *dir, const char *with,
		     const char *alone)
{
	size_t n = dir ? strlen(dir) : 0;
	struct buf b = BUF_INIT;
	const char *p, *at;

	if (n < 2 || !strstr(s, dir))
		return NULL;
	buf_init(&b);
	for (p = s; (at = strstr(p, dir)) != NULL; p = at + n) {
		char next = at[n];
		bool component = next == '/' || !(isalnum((unsigned char)next) ||
						  strchr("._-+@", next));
		buf_add(&b, p, (size_t)(at - p));
		if (!component) {
			buf_add(&b, at, n);
			continue;
		}
		if (next == '/') {
			buf_adds(&b, with);
			at++;		/* the slash is in with */
		} else {
			buf_adds(&b, alone);
		}
	}
	buf_adds(&b, p);
	return buf_detach(&b);
}

/* Untrusted text, sanitised, with the operator's folders made relative
 * (struct report); caller frees (NULL stays NULL). */
static char *clean_str(const struct report *r, const char *s)
{
	char *clean, *rel, *home;

	if (!s)
		return NULL;
	clean = sanitize_text(s, strlen(s));
	rel = unlocal(clean, r->local_root, "", ".");
	home = unlocal(rel ? rel : clean, r->local_home, "~/", "~");
	if (home) {
		free(rel);
		free(clean);
		return home;
	}
	if (rel) {
		free(clean);
		return rel;
	}
	return clean;
}

/* Text a person wrote (a name, a note, a reason), sanitised and
 * redacted: a journal written before notes were redacted may hold a
 * token, and a report is published.  Caller frees. */
static char *clean_person(const struct report *r, const char *s)
{
	char *note, *kept;

	if (!s)
		return NULL;
	note = sanitize_note(s);
	kept = clean_str(r, note);
	free(note);
	return kept;
}

/* clean_str, kept in the report's arena. */
static const char *keep(struct report *r, const char *s)
{
	char *clean = clean_str(r, s);
	const char *kept = clean ? arena_strdup(&r->arena, clean) : NULL;

	free(clean);
	return kept;
}

/* clean_person, kept in the report's arena. */
static const char *keep_person(struct report *r, const char *s)
{
	char *clean = clean_person(r, s);
	const char *kept = clean ? arena_strdup(&r->arena, clean) : NULL;

	free(clean);
	return kept;
}

/* Like keep, for a string the caller made and hands over. */
static const char *keep_owned(struct report *r, char *s)
{
	const char *kept = keep(r, s);

	free(s);
	return kept;
}

/* Pushes text (which it frees) on list. */
static void add_line(struct report *r, struct report_line **list, char *text)
{
	struct report_line *l = arena_alloc(&r->arena, sizeof(*l));

	l->text = keep_owned(r, text);
	PUSH(*list, l);
}

static const char *known(const char *s)
{
	return s ? s : "?";
}

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The spool's keys: an item's notes, its commands, the reviews. */
#define NOTES_KEY(r, i) (i)
#define COMMANDS_KEY(r, i) ((r)->nitems + (i))
#define REVIEWS_KEY(r) (2 * (r)->nitems)

/* What only the last event of its kind decides, per item: kept raw
 * until the replay ends (kept in the arena then, once). */
struct pending {
	char *log, *log_sha256;
	char *waived_status, *waived_reason;
};

/* What the replay of the journal gathers, item by item. */
struct gather {
	struct report *r;
	struct report_item **items;	/* by run item index */
	struct pending *pending;	/* by run item index */
	const struct run *run;
	const char *checklist;	/* as journaled, or NULL */
	const char *project;
	bool approved;		/* the last review's verdict */
	char *reviewer;		/* the last review's actor, cleaned */
	char **reviewers;	/* each once, by first verdict */
	size_t nreviewers;
};

/* *to becomes a copy of s (or NULL). */
static void set_str(char **to, const char *s)
{
	free(*to);
	*to = s ? xstrdup(s) : NULL;
}

static void pending_clear(struct pending *pd)
{
	set_str(&pd->log, NULL);
	set_str(&pd->log_sha256, NULL);
	set_str(&pd->waived_status, NULL);
	set_str(&pd->waived_reason, NULL);
}

/* The run's index of the item called id, or the number of items. */
static size_t find(struct gather *g, const char *id)
{
	size_t i;

	for (i = 0; id && i < g->run->nitems; i++)
		if (strcmp(g->run->items[i].item->full_id, id) == 0)
			return i;
	return g->run->nitems;
}

/* Spools n strings (which it frees) and a number under key. */
static void spool_owned(struct report *r, size_t key, char **field, size_t n,
			long long number)
{
	spool_add(r->spool, key, (const char *const *)field, n, number);
	for (size_t i = 0; i < n; i++)
		free(field[i]);
}

static void add_note(struct gather *g, struct report_item *it,
		     const struct journal_event *ev, const char *text)
{
	char *f[] = { clean_person(g->r, ev->actor), clean_str(g->r, ev->time),
		      clean_person(g->r, text) };

	spool_owned(g->r, NOTES_KEY(g->r, it->key), f, ARRAY_SIZE(f), 0);
	it->nnotes++;
}

/* who, once: the reviewers' signature lines. */
static void add_reviewer(struct gather *g, const char *who)
{
	if (!who)
		return;
	for (size_t i = 0; i < g->nreviewers; i++)
		if (strcmp(g->reviewers[i], who) == 0)
			return;
	g->reviewers = xrealloc(g->reviewers, (g->nreviewers + 1) *
				sizeof(*g->reviewers));
	g->reviewers[g->nreviewers++] = xstrdup(who);
}

/* The run's verdicts, merged from the run's journal and every
 * reviewer's own (review.c), in the run's order. */
static void add_reviews(struct gather *g)
{
	struct report *r = g->r;

	for (size_t i = 0; i < g->run->nreviews; i++) {
		const struct review_record *rv = &g->run->reviews[i];
		const char *file = rv->file ? strrchr(rv->file, '/') : NULL;
		char *sig = run_review_sig_text(rv);
		char *f[] = { clean_person(r, rv->who), clean_str(r, rv->when),
			      clean_person(r, rv->note ? rv->note : ""),
			      clean_str(r, rv->reviewed_hash),
			      clean_str(r, rv->event_hash),
			      clean_str(r, file ? file + 1 : NULL),
			      clean_person(r, sig),
			      clean_str(r, rv->not_counted) };

		g->approved = rv->approve;
		free(g->reviewer);
		g->reviewer = f[0] ? xstrdup(f[0]) : NULL;
		add_reviewer(g, f[0]);
		free(sig);
		spool_owned(r, REVIEWS_KEY(r), f, ARRAY_SIZE(f), rv->approve);
		r->nreviews++;
	}
}

static void add_command(struct gather *g, struct report_item *it,
			const struct journal_event *ev)
{
	char *f[] = { clean_person(g->r, journal_event_str(ev, "command")),
		      clean_person(g->r, ev->actor), clean_str(g->r, ev->time) };

	spool_owned(g->r, COMMANDS_KEY(g->r, it->key), f, ARRAY_SIZE(f),
		    (int)json_integer_value(json_object_get(
			    journal_event_payload(ev), "exit_code")));
	it->ncommands++;
}

/* A "maintainer" event: a note on each item it settled, saying so. */
static void add_maintainer_notes(struct gather *g,
				 const struct journal_event *ev)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(journal_event_payload(ev),
					   "items"), i, v) {
		struct report_item *it = g->items[find(g, jstr(v, "item"))];
		char *text;

		if (!it)
			continue;
		text = xasprintf("%s: %s by %s at %s, for release %s (the "
				 "maintainer's record)", event_label(EV_MAINTAINER),
				 jstr(v, "state") && strcmp(jstr(v, "state"),
					"n/a") == 0 ? "not applicable" : "done",
				 known(jstr(v, "by")), known(jstr(v, "at")),
				 known(jstr(v, "release")));
		add_note(g, it, ev, text);
		free(text);
	}
}

static int on_event(const struct journal_event *ev, void *data)
{
	struct gather *g = data;
	size_t at = find(g, journal_event_str(ev, "item"));
	struct report_item *it = g->items[at];
	struct pending *pd = &g->pending[at];
	enum event_kind k = event_kind_of(ev->type);

	if (k == EV_RUN_STARTED) {
		g->checklist = keep(g->r, journal_event_str(ev, "checklist"));
		g->project = keep(g->r, journal_event_str(ev, "checklist_name"));
	} else if (k == EV_CHECKLIST_CHANGED) {
		json_t *v;
		size_t i;

		json_array_foreach(json_object_get(journal_event_payload(ev), "changed"), i, v) {
			size_t c = find(g, json_string_value(v));
			if (g->items[c]) {
				g->items[c]->duration_ms = -1;
				pending_clear(&g->pending[c]);
			}
		}
	} else if (k == EV_MAINTAINER) {
		add_maintainer_notes(g, ev);
	} else if (!it) {
		/* A review: the run's (add_reviews), merged. */
	} else if (k == EV_CHECK) {
		json_t *p = journal_event_payload(ev);
		json_t *d = json_object_get(p, "duration_ms");
		json_t *log = json_object_get(p, "log");

		it->duration_ms = json_is_integer(d) ? json_integer_value(d)
						     : -1;
		set_str(&pd->log, jstr(log, "path"));
		set_str(&pd->log_sha256, jstr(log, "sha256"));
		set_str(&pd->waived_status, NULL);
		set_str(&pd->waived_reason, NULL);
	} else if (k == EV_WAIVE) {
		set_str(&pd->waived_status, journal_event_str(ev, "check_status"));
		set_str(&pd->waived_reason, journal_event_str(ev, "check_reason"));
	} else if (k == EV_NOTE) {
		add_note(g, it, ev, journal_event_str(ev, "text"));
	} else if (k == EV_DONE && journal_event_str(ev, "note")) {
		add_note(g, it, ev, journal_event_str(ev, "note"));
	} else if (k == EV_COMMAND) {
		add_command(g, it, ev);
	} else if (k == EV_REOPEN) {
		char *text = xasprintf("%s (it was %s): %s",
				       event_label(EV_REOPEN), journal_event_str(ev, "was") ? journal_event_str(ev, "was") : "?",
				       journal_event_str(ev, "reason") ? journal_event_str(ev, "reason")
							 : "");
		add_note(g, it, ev, text);
		free(text);
	}
	return 0;
}

/* What the last check and waiver left (pending), kept in the item. */
static void settle_pending(struct report *r, struct report_item *it,
			   struct pending *pd)
{
	it->log = keep(r, pd->log);
	it->log_sha256 = keep(r, pd->log_sha256);
	it->waived_status = keep(r, pd->waived_status);
	it->waived_reason = keep_person(r, pd->waived_reason);
	pending_clear(pd);
}

/* The evidence of the last check, in short, one fact a line (the
 * commands' lines follow: report_next_fact). */
static void make_facts(struct report *r, struct report_item *it,
		       const char *log_dir)
{
	for (struct report_evidence *e = it->evidence; e; e = e->next) {
		const char *k = e->key;
		if (strcmp(k, "exit_code") == 0)
			add_line(r, &it->facts, xasprintf("exit code %s",
							  e->value));
		else if (strncmp(k, "sha256 ", 7) == 0)
			add_line(r, &it->facts, xasprintf("%s sha256 %s",
							  k + 7, e->value));
		else
			add_line(r, &it->facts, xasprintf("%s: %s", k,
							  e->value));
	}
	if (it->duration_ms >= 0)
		add_line(r, &it->facts, xasprintf("took %lld.%03lld s",
						  it->duration_ms / 1000,
						  it->duration_ms % 1000));
	if (it->log && log_dir) {
		char hex[SHA256_HEX_LEN + 1];
		char *path = path_join(log_dir, it->log);
		const char *said = "";

		/* A log recorded without its hash has nothing to compare. */
		if (sha256_file(path, hex) < 0) {
			it->log_problem = errno == ENOENT ? "missing"
							  : "unreadable";
			said = errno == ENOENT ? " (the file is missing)"
					       : " (the file cannot be read)";
		} else if (it->log_sha256 && strcmp(hex, it->log_sha256) != 0) {
			it->log_problem = "changed";
			said = " (the file changed since it was recorded)";
		}
		free(path);
		add_line(r, &it->facts, xasprintf("log %s sha256 %s%s", it->log,
			known(it->log_sha256), said));
	}
	REVERSE(it->facts);
}

void report_walk_notes(const struct report *r, const struct report_item *it,
		       struct report_walk *w)
{
	w->spool = r->spool;
	w->at = spool_first(r->spool, NOTES_KEY(r, it->key));
}

bool report_next_note(struct report_walk *w, struct report_note *n)
{
	struct spool_record rec;

	if (!spool_next(w->spool, &w->at, &rec))
		return false;
	n->who = rec.field[0];
	n->when = rec.field[1];
	n->text = rec.field[2];
	return true;
}

void report_walk_commands(const struct report *r,
			  const struct report_item *it, struct report_walk *w)
{
	w->spool = r->spool;
	w->at = spool_first(r->spool, COMMANDS_KEY(r, it->key));
}

bool report_next_command(struct report_walk *w, struct report_command *c)
{
	struct spool_record rec;

	if (!spool_next(w->spool, &w->at, &rec))
		return false;
	c->command = rec.field[0];
	c->exit_code = (int)rec.number;
	c->who = rec.field[1];
	c->when = rec.field[2];
	return true;
}

void report_walk_reviews(const struct report *r, struct report_walk *w)
{
	w->spool = r->spool;
	w->at = spool_first(r->spool, REVIEWS_KEY(r));
}

bool report_next_review(struct report_walk *w, struct report_review *rv)
{
	struct spool_record rec;

	if (!spool_next(w->spool, &w->at, &rec))
		return false;
	rv->approve = rec.number != 0;
	rv->who = rec.field[0];
	rv->when = rec.field[1];
	rv->note = rec.field[2];
	rv->hash = rec.field[3];
	rv->event_hash = rec.field[4];
	rv->file = rec.field[5];
	rv->sig = rec.field[6];
	rv->not_counted = rec.field[7];
	return true;
}

void report_walk_facts(const struct report *r, const struct report_item *it,
		       struct report_facts *f)
{
	f->r = r;
	f->line = it->facts;
	f->made = NULL;
	report_walk_commands(r, it, &f->commands);
}

const char *report_next_fact(struct report_facts *f)
{
	struct report_command c;
	char *text;

	free(f->made);
	f->made = NULL;
	if (f->line) {
		const char *s = f->line->text;
		f->line = f->line->next;
		return s;
	}
	if (!report_next_command(&f->commands, &c))
		return NULL;
	text = xasprintf("ran %s: exit %d (%s, %s)", known(c.command),
			 c.exit_code, c.who, c.when);
	f->made = clean_str(f->r, text);
	free(text);
	return f->made;
}

bool report_item_has_facts(const struct report_item *it)
{
	return it->facts || it->ncommands;
}

void report_pass(const struct report_options *opt, struct buf *out)
{
	if (opt->sink && out->len >= REPORT_PASS_BYTES)
		report_finish(opt, out);
}

int report_finish(const struct report_options *opt, struct buf *out)
{
	struct report_sink *k = opt->sink;

	if (!k)
		return 0;
	if (!k->failed && out->len && k->write(k->data, out->data,
					       out->len) < 0) {
		k->failed = true;
		k->err = errno;
	}
	buf_reset(out);
	return k->failed ? -1 : 0;
}

static const char *expand(struct report *r, const struct checklist *cl,
			  const char *raw)
{
	return keep_owned(r, checklist_show(cl, raw));
}

static void fill_item(struct report *r, const struct checklist *cl,
		      const struct item_record *rec, struct report_item *it)
{
	const char *key;
	json_t *v;
	struct report_evidence **tail = &it->evidence;

	it->id = keep(r, rec->item->full_id);
	it->title = expand(r, cl, rec->item->title);
	it->check = rec->item->check ? keep(r, rec->item->check->type->name)
				     : NULL;
	it->optional = rec->item->optional;
	it->kind = rec->item->settler
		? keep_owned(r, xasprintf("%ssettled by %s", it->optional
					  ? "optional, " : "",
					  rec->item->settler->full_id))
		: keep_owned(r, xasprintf("%s%s%s", it->optional ? "optional "
					  : "", it->check ? it->check :
					  "manual step", it->check ? " check"
					  : ""));
	it->state = rec->state;
	it->settled = item_state_settled(rec->state);
	it->who = keep_person(r, rec->who);
	it->when = keep(r, rec->when);
	/* done has no reason (one left from an earlier n/a is not its) */
	if (rec->reason && *rec->reason && rec->state != ITEM_DONE)
		it->reason = keep_person(r, rec->reason);
	it->duration_ms = -1;
	json_object_foreach(rec->evidence, key, v) {
		struct report_evidence *e;

		if (!json_is_string(v))
			continue;
		e = arena_alloc(&r->arena, sizeof(*e));
		e->key = keep(r, key);
		e->value = keep(r, json_string_value(v));
		*tail = e;
		tail = &e->next;
	}
}

static void fill_phases(struct report *r, const struct checklist *cl,
			struct run *run, struct report_item **by_index)
{
	r->nphases = run->nphases;
	r->phases = arena_alloc(&r->arena, (run->nphases + 1) *
				sizeof(*r->phases));
	for (size_t p = 0; p < run->nphases; p++) {
		const struct phase_record *pr = &run->phases[p];
		struct report_phase *ph = &r->phases[p];
		size_t k = 0;

		ph->id = keep(r, pr->phase->id);
		ph->title = expand(r, cl, pr->phase->title);
		ph->signed_off = pr->signed_off;
		ph->who = keep_person(r, pr->who);
		ph->when = keep(r, pr->when);
		ph->hash = keep(r, pr->hash);
		if (pr->signed_off && pr->maint_by)
			ph->maintainer = keep_owned(r, xasprintf(
				"Settled once per maintainer: signed off by %s "
				"at %s, for release %s; no sign-off was redone "
				"in this run", pr->maint_by, known(pr->maint_at),
				known(pr->maint_release)));
		r->signed_phases += pr->signed_off;
		run_progress(run, pr->phase, &ph->settled, &ph->required);
		ph->items = arena_alloc(&r->arena, (pr->phase->nitems + 1) *
					sizeof(*ph->items));
		for (size_t i = 0; i < run->nitems; i++) {
			if (run->items[i].item->phase != pr->phase)
				continue;
			fill_item(r, cl, &run->items[i], &ph->items[k]);
			ph->items[k].key = i;
			by_index[i] = &ph->items[k++];
		}
		ph->nitems = k;
	}
}

static void fill_changes(struct report *r, const struct run *run)
{
	static const char *const what[] = { "added", "removed", "changed" };
	char **lists[] = { run->added, run->removed, run->changed };
	const size_t counts[] = { run->nadded, run->nremoved, run->nchanged };

	for (size_t k = 0; k < ARRAY_SIZE(what); k++)
		for (size_t i = 0; i < counts[k]; i++)
			add_line(r, &r->changes, xasprintf("%s %s since the "
							   "run began",
							   lists[k][i],
							   what[k]));
}

static void fill_verdict(struct report *r, const struct gather *g,
			 const struct run *run)
{
	r->state = keep_person(r, run_state_word(run));
	if (r->nreviews)
		r->reviewer = g->reviewer ? arena_strdup(&r->arena, g->reviewer)
					  : NULL;
	r->reviewers = arena_alloc(&r->arena, (g->nreviewers + 1) *
				   sizeof(*r->reviewers));
	for (size_t i = 0; i < g->nreviewers; i++)
		r->reviewers[r->nreviewers++] = arena_strdup(&r->arena,
							     g->reviewers[i]);
	r->review_policy = keep_owned(r, policy_review_summary(run->cl));
	r->signed_off = r->closed;
	if (r->closed)
		r->verdict = keep_owned(r, xasprintf(
			"SIGNED OFF: every phase signed off, the run closed "
			"by %s at %s", r->closed_by, r->closed_when));
	else if (r->signed_phases == r->nphases)
		r->verdict = keep(r, "NOT SIGNED OFF: every phase is signed "
			       "off, but the run is not closed");
	else
		r->verdict = keep_owned(r, xasprintf(
			"NOT SIGNED OFF: the run is open, %zu of %zu phases "
			"signed off", r->signed_phases, r->nphases));
}

int report_collect(struct report **out, const struct checklist *cl,
		   struct run *run, char **err)
{
	struct report *r = xcalloc(1, sizeof(*r));
	struct report_item **by_index = xcalloc(run->nitems + 1,
						sizeof(*by_index));
	struct pending *pending = xcalloc(run->nitems + 1, sizeof(*pending));
	struct gather g = { .r = r, .items = by_index, .pending = pending,
			    .run = run };
	struct diag problems = DIAG_INIT;
	struct journal *j = NULL;
	const char *base = strrchr(run->path, '/');
	int rc = -1;

	*out = NULL;
	*err = NULL;
	{
		/* The repository holds its runs in .git/relcheck/. */
		const char *git = strstr(run->path, "/.git/");
		const char *home = getenv("HOME");

		r->local_root = git ? xstrndup(run->path,
					       (size_t)(git - run->path))
				    : NULL;
		r->local_home = home && *home == '/' ? xstrdup(home) : NULL;
		if (r->local_home && strlen(r->local_home) > 1 &&
		    str_ends_with(r->local_home, "/"))
			r->local_home[strlen(r->local_home) - 1] = '\0';
	}
	r->nitems = run->nitems;
	r->spool = xcalloc(1, sizeof(*r->spool));
	spool_init(r->spool, REVIEWS_KEY(r) + 1);
	fill_phases(r, cl, run, by_index);
	if (journal_open(&j, run->path, 0, err) < 0)
		goto out;
	r->intact = journal_replay_lazy(j, on_event, &g, &problems) == 0;
	for (size_t i = 0; i < problems.count; i++)
		add_line(r, &r->problems, diag_format(&problems, i));
	diag_free(&problems);
	for (size_t i = 0; i < run->nreview_problems; i++)
		add_line(r, &r->problems, clean_str(r, run->review_problems[i]));
	REVERSE(r->problems);
	add_reviews(&g);
	r->nevents = journal_last_seq(j);
	r->final_hash = keep(r, journal_last_hash(j));
	journal_close(j);
	if (r->spool->failed) {
		*err = xasprintf("cannot keep the report's notes in a "
				 "temporary file: %s", strerror(r->spool->err));
		goto out;
	}
	for (size_t i = 0; i < run->nitems; i++) {
		settle_pending(r, by_index[i], &pending[i]);
		make_facts(r, by_index[i], run->log_dir);
	}

	r->project = g.project ? g.project : expand(r, cl, cl->name);
	r->release = keep(r, known(run->release));
	if (strstr(r->project, r->release)) {
		r->title = r->project;
	} else {
		char *t = xasprintf("%s %s", r->project, r->release);
		r->title = keep(r, t);
		free(t);
	}
	r->checklist = g.checklist ? g.checklist : keep(r, cl->file);
	r->checklist_sha256 = keep(r, known(run->checklist_sha256));
	r->run = keep(r, base ? base + 1 : run->path);
	r->started = keep(r, known(run->started));
	r->started_by = keep_person(r, known(run->started_by));
	r->closed = run->closed;
	r->closed_by = keep_person(r, run->closed_by);
	r->closed_when = keep(r, run->closed_when);
	r->last_event = keep(r, known(run->last_time));
	r->manager = r->closed ? r->closed_by : r->started_by;
	fill_changes(r, run);
	REVERSE(r->changes);
	fill_verdict(r, &g, run);
	*out = r;
	r = NULL;
	rc = 0;
out:
	for (size_t i = 0; i < run->nitems; i++)
		pending_clear(&pending[i]);
	free(pending);
	free(g.reviewer);
	for (size_t i = 0; i < g.nreviewers; i++)
		free(g.reviewers[i]);
	free(g.reviewers);
	free(by_index);
	report_free(r);
	return rc;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	arena_free(&r->arena);
	if (r->spool) {
		spool_free(r->spool);
		free(r->spool);
	}
	free(r->local_root);
	free(r->local_home);
	free(r);
}

const char *report_state_label(enum item_state st)
{
	switch (st) {
	case ITEM_PENDING: return "PENDING";
	case ITEM_PASS: return "PASS";
	case ITEM_FAIL: return "FAIL";
	case ITEM_ERROR: return "ERROR";
	case ITEM_SKIPPED: return "SKIPPED";
	case ITEM_WAIVED: return "WAIVED";
	case ITEM_DONE: return "DONE";
	case ITEM_NA: return "N/A";
	}
	return "?";
}

const char *report_state_symbol(enum item_state st)
{
	switch (st) {
	case ITEM_PASS: return "\xe2\x9c\x93";		/* U+2713 check mark */
	case ITEM_DONE: return "\xe2\x98\x91";		/* U+2611 ballot box, checked */
	case ITEM_WAIVED: return "\xe2\x9a\xa0";		/* U+26A0 warning sign */
	case ITEM_NA: return "\xe2\x8a\x98";		/* U+2298 circled slash */
	case ITEM_FAIL:
	case ITEM_ERROR: return "\xe2\x9c\x97";		/* U+2717 ballot x */
	case ITEM_SKIPPED: return "\xe2\x86\x92";		/* U+2192 arrow */
	case ITEM_PENDING: return "\xe2\x98\x90";		/* U+2610 ballot box */
	}
	return "?";
}

const char *report_state_ascii(enum item_state st)
{
	switch (st) {
	case ITEM_PASS: return "[ok]";
	case ITEM_DONE: return "[x]";
	case ITEM_WAIVED: return "[w]";
	case ITEM_NA: return "[-]";
	case ITEM_FAIL:
	case ITEM_ERROR: return "[!]";
	case ITEM_SKIPPED: return "[>]";
	case ITEM_PENDING: return "[ ]";
	}
	return "[?]";
}

const enum item_state report_state_order[REPORT_NSTATES] = {
	ITEM_PASS, ITEM_DONE, ITEM_WAIVED, ITEM_NA, ITEM_FAIL, ITEM_ERROR,
	ITEM_SKIPPED, ITEM_PENDING,
};

bool report_item_reopened(const struct report_item *it)
{
	return !it->check && it->state == ITEM_PENDING && it->who;
}

void report_count_states(const struct report *r, size_t counts[])
{
	for (int s = 0; s <= ITEM_NA; s++)
		counts[s] = 0;
	for (size_t p = 0; p < r->nphases; p++)
		for (size_t i = 0; i < r->phases[p].nitems; i++)
			counts[r->phases[p].items[i].state]++;
}

bool report_item_exception(const struct report_item *it)
{
	return it->state == ITEM_WAIVED || it->state == ITEM_NA ||
	       report_item_reopened(it) || it->nnotes;
}

char *report_item_summary(const struct report_item *it)
{
	const char *how = it->check && !policy_state_decided(it->state)
			  ? event_label(EV_CHECK) : "marked";

	/* A manual step pending with an actor was reopened (run.h). */
	if (report_item_reopened(it))
		how = event_label(EV_REOPEN);

	if (!it->who)
		return xasprintf("%s", report_state_label(it->state));
	return xasprintf("%s, %s by %s at %s", report_state_label(it->state),
			 how, it->who, it->when ? it->when : "?");
}

const char *report_reason_label(const struct report_item *it)
{
	if (it->state == ITEM_WAIVED)
		return "Waiver";
	if (it->state == ITEM_NA)
		return "Not applicable";
	return "Result";
}

void report_escapef(struct buf *b, void (*esc)(struct buf *, const char *),
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (p[0] == '%' && p[1] == 's') {
			esc(b, va_arg(ap, const char *));
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			buf_addc(b, '%');
			p++;
		} else {
			buf_addc(b, *p);
		}
	}
	va_end(ap);
}
