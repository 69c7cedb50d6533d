/* test-policy.c: the release rules (src/policy.c) and the run's actions
 * that obey them (src/run.c), against a real run in a temporary folder:
 * what blocks a sign-off (an open item, a failed check not waived, stale
 * evidence), which states are open and which can be waived (skipped
 * included), what can be reopened, closed and reviewed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "journal.h"
#include "policy.h"
#include "testutil.h"

#define ACTOR "Test Author <author@example.invalid>"

static const char checklist_text[] =
	"name = \"policy test\";\n"
	"phases = (\n"
	"  { id = \"pre\"; title = \"Before\";\n"
	"    items = (\n"
	"      { id = \"notes\"; title = \"Write the notes\"; },\n"
	"      { id = \"file\"; title = \"The changelog is there\";\n"
	"        check = { type = \"file\"; path = \"CHANGELOG.md\"; }; },\n"
	"      { id = \"extra\"; title = \"Optional\"; optional = true; }\n"
	"    ); },\n"
	"  { id = \"post\"; title = \"After\";\n"
	"    items = ( { id = \"bump\"; title = \"Bump the version\"; } ); }\n"
	");\n";

/* A checklist and its run, fresh in the fixture's folder. */
struct world {
	struct checklist *cl;
	struct run *run;
	const struct phase *pre, *post;
	const struct item *notes, *file, *extra, *bump;
};

static const struct item *item_of(const struct phase *ph, const char *id)
{
	for (size_t i = 0; i < ph->nitems; i++)
		if (strcmp(ph->items[i]->id, id) == 0)
			return ph->items[i];
	fail_msg("no item %s", id);
	return NULL;
}

static void world_open(struct world *w, const char *dir)
{
	char *file = tu_write(dir, "c.conf", checklist_text);
	char *journal = tu_path(dir, "c-1.0.0.jsonl");
	struct load_options opt = { .file = file, .root = dir,
				    .release = "1.0.0" };
	struct diag d = DIAG_INIT;
	char *said, *err = NULL;

	memset(w, 0, sizeof(*w));
	said = tu_load(&opt, &w->cl);
	assert_non_null(w->cl);
	free(said);
	if (run_open(&w->run, w->cl, journal, RUN_WRITE | RUN_CREATE, ACTOR,
		     &d, &err) < 0)
		fail_msg("run_open: %s", err);
	diag_free(&d);
	w->pre = checklist_phase(w->cl, "pre");
	w->post = checklist_phase(w->cl, "post");
	w->notes = item_of(w->pre, "notes");
	w->file = item_of(w->pre, "file");
	w->extra = item_of(w->pre, "extra");
	w->bump = item_of(w->post, "bump");
	free(file);
	free(journal);
}

static void world_close(struct world *w)
{
	run_free(w->run);
	checklist_free(w->cl);
}

/* Records a check result of the given status for it. */
static void check_as(struct world *w, const struct item *it,
		     enum check_status st, const char *reason)
{
	struct check_result res;
	char *err = NULL;

	check_result_init(&res);
	check_result_set(&res, st, "%s", reason);
	if (run_record_check(w->run, it, &res, &err) < 0)
		fail_msg("run_record_check: %s", err);
	check_result_free(&res);
}

static void ok(int rc, char *err)
{
	if (rc < 0)
		fail_msg("refused: %s", err);
}

/* The sign-off blockers of ph (changed as policy_signoff_blockers),
 * joined by "\n" ("" when none); caller frees. */
static char *blockers(struct world *w, const struct phase *ph,
		      double changed)
{
	size_t n;
	char **list = policy_signoff_blockers(w->run, ph, changed, &n);
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (size_t i = 0; i < n; i++) {
		buf_addf(&b, "%s%s", i ? "\n" : "", list[i]);
		free(list[i]);
	}
	free(list);
	return buf_detach(&b);
}

/* Whether why says want; frees why. */
static void says(char *why, const char *want)
{
	if (!why)
		fail_msg("allowed, but should be refused with '%s'", want);
	if (!strstr(why, want))
		fail_msg("'%s' does not say '%s'", why, want);
	free(why);
}

static void test_states(void **state)
{
	(void)state;
	/* settled: pass, waived, done, n/a; the rest is open. */
	assert_true(policy_state_settled(ITEM_PASS));
	assert_true(policy_state_settled(ITEM_WAIVED));
	assert_true(policy_state_settled(ITEM_DONE));
	assert_true(policy_state_settled(ITEM_NA));
	assert_true(policy_state_open(ITEM_PENDING));
	assert_true(policy_state_open(ITEM_FAIL));
	assert_true(policy_state_open(ITEM_ERROR));
	assert_true(policy_state_open(ITEM_SKIPPED));
	assert_false(policy_state_open(ITEM_PASS));
	assert_false(policy_state_open(ITEM_DONE));
	/* run.h's name for it says the same. */
	for (int st = ITEM_PENDING; st <= ITEM_NA; st++)
		assert_int_equal(item_state_settled((enum item_state)st),
				 policy_state_settled((enum item_state)st));

	/* waivable: a check that did not pass, skipped included. */
	assert_true(policy_state_waivable(ITEM_FAIL));
	assert_true(policy_state_waivable(ITEM_ERROR));
	assert_true(policy_state_waivable(ITEM_SKIPPED));
	assert_false(policy_state_waivable(ITEM_PENDING));
	assert_false(policy_state_waivable(ITEM_PASS));
	assert_false(policy_state_waivable(ITEM_WAIVED));
	assert_false(policy_state_waivable(ITEM_DONE));
	assert_false(policy_state_waivable(ITEM_NA));

	/* reopenable: done or n/a; decided: waived or n/a. */
	assert_true(policy_state_reopenable(ITEM_DONE));
	assert_true(policy_state_reopenable(ITEM_NA));
	assert_false(policy_state_reopenable(ITEM_PENDING));
	assert_false(policy_state_reopenable(ITEM_PASS));
	assert_false(policy_state_reopenable(ITEM_WAIVED));
	assert_true(policy_state_decided(ITEM_WAIVED));
	assert_true(policy_state_decided(ITEM_NA));
	assert_false(policy_state_decided(ITEM_DONE));
	assert_false(policy_state_decided(ITEM_PASS));
}

/* A required item pending blocks; an optional one does not. */
static void test_signoff_open_item(void **state)
{
	struct world w;
	char *b, *err = NULL;

	world_open(&w, ((struct tu_fixture *)*state)->dir);
	check_as(&w, w.file, CHECK_PASS, "there");
	b = blockers(&w, w.pre, 0);
	assert_string_equal(b, "pre.notes is pending");
	free(b);
	assert_int_equal(run_signoff(w.run, w.pre, &err), -1);
	says(err, "pre.notes is pending");
	assert_false(run_phase(w.run, w.pre)->signed_off);

	ok(run_mark_done(w.run, w.notes, NULL, &err), err);
	b = blockers(&w, w.pre, 0);
	assert_string_equal(b, "");	/* pre.extra is optional */
	free(b);
	ok(run_signoff(w.run, w.pre, &err), err);
	assert_true(run_phase(w.run, w.pre)->signed_off);
	world_close(&w);
}

/* A failed check blocks until it is waived; so do error and skipped. */
static void test_signoff_unwaived_failure(void **state)
{
	static const enum check_status failed[] = {
		CHECK_FAIL, CHECK_ERROR, CHECK_SKIPPED,
	};
	const char *dir = ((struct tu_fixture *)*state)->dir;

	for (size_t k = 0; k < sizeof(failed) / sizeof(*failed); k++) {
		struct world w;
		char *b, *want, *err = NULL, *journal = tu_path(dir,
							"c-1.0.0.jsonl");

		remove(journal);
		free(journal);
		world_open(&w, dir);
		ok(run_mark_done(w.run, w.notes, NULL, &err), err);
		check_as(&w, w.file, failed[k], "not there");
		assert_true(policy_item_waivable(w.file, run_item(w.run,
								   w.file)));
		b = blockers(&w, w.pre, 0);
		want = xasprintf("pre.file is %s: not there", item_state_name(
				run_item(w.run, w.file)->state));
		assert_string_equal(b, want);
		free(b);
		free(want);
		assert_int_equal(run_signoff(w.run, w.pre, &err), -1);
		says(err, "pre.file is");

		/* A waiver needs its reason; then the phase can be signed. */
		assert_null(policy_why_not_waive(w.run, w.file));
		assert_int_equal(run_waive(w.run, w.file, "", &err), -1);
		says(err, "a waiver needs a written reason");
		ok(run_waive(w.run, w.file, "known, fixed next", &err), err);
		assert_int_equal(run_item(w.run, w.file)->state, ITEM_WAIVED);
		b = blockers(&w, w.pre, 0);
		assert_string_equal(b, "");
		free(b);
		ok(run_signoff(w.run, w.pre, &err), err);
		world_close(&w);
	}
}

/* What cannot be waived: a pass, a pending check, a manual step. */
static void test_waive_refused(void **state)
{
	struct world w;
	char *err = NULL;

	world_open(&w, ((struct tu_fixture *)*state)->dir);
	says(policy_why_not_waive(w.run, w.file),
	     "pre.file has not failed (it is pending)");
	assert_false(policy_item_waivable(w.file, run_item(w.run, w.file)));
	assert_false(policy_item_waivable(w.file, NULL));
	check_as(&w, w.file, CHECK_PASS, "there");
	says(policy_why_not_waive(w.run, w.file),
	     "pre.file has not failed (it is pass)");
	assert_int_equal(run_waive(w.run, w.file, "why not", &err), -1);
	says(err, "only a failed check can be waived");
	says(policy_why_not_waive(w.run, w.notes),
	     "pre.notes is a manual step");
	says(policy_why_not_done(w.run, w.file),
	     "pre.file is verified by relcheck (a file check)");
	world_close(&w);
}

/* A pass recorded before the repository last changed blocks a sign-off
 * that asks about staleness, and only a pass of a check of that phase. */
static void test_signoff_stale_evidence(void **state)
{
	struct world w;
	const struct item_record *r;
	double at;
	char *b, *err = NULL;

	world_open(&w, ((struct tu_fixture *)*state)->dir);
	ok(run_mark_done(w.run, w.notes, NULL, &err), err);
	check_as(&w, w.file, CHECK_PASS, "there");
	r = run_item(w.run, w.file);
	at = run_time_seconds(r->check_time);
	assert_true(at > 0);

	/* Changed after the check: stale. */
	assert_true(policy_evidence_stale(r, w.pre, at + 1));
	b = blockers(&w, w.pre, at + 1);
	assert_string_equal(b, "pre.file passed before the repository last "
			    "changed: its check must run again");
	free(b);
	/* Changed before it, or not known: fresh. */
	assert_false(policy_evidence_stale(r, w.pre, at - 1));
	b = blockers(&w, w.pre, at - 1);
	assert_string_equal(b, "");
	free(b);
	b = blockers(&w, w.pre, 0);
	assert_string_equal(b, "");
	free(b);
	/* Another phase's sign-off is not held back by it. */
	assert_false(policy_evidence_stale(r, w.post, at + 1));
	/* A manual step done is not evidence that goes stale. */
	assert_false(policy_evidence_stale(run_item(w.run, w.notes), w.pre,
					   at + 1));
	/* A failure is open anyway, not stale. */
	check_as(&w, w.file, CHECK_FAIL, "gone");
	assert_false(policy_evidence_stale(r, w.pre, at + 1e6));
	world_close(&w);
}

static void test_reopen(void **state)
{
	struct world w;
	char *err = NULL;

	world_open(&w, ((struct tu_fixture *)*state)->dir);
	says(policy_why_not_reopen(w.run, w.notes),
	     "pre.notes is pending: only a step marked done or not "
	     "applicable can be reopened");
	says(policy_why_not_reopen(w.run, w.file),
	     "pre.file is checked by relcheck");
	ok(run_mark_done(w.run, w.notes, NULL, &err), err);
	assert_null(policy_why_not_reopen(w.run, w.notes));
	assert_int_equal(run_reopen(w.run, w.notes, "", &err), -1);
	says(err, "say why it is reopened");
	ok(run_reopen(w.run, w.notes, "forgot a line", &err), err);
	assert_int_equal(run_item(w.run, w.notes)->state, ITEM_PENDING);
	ok(run_mark_na(w.run, w.notes, "no notes this time", &err), err);
	assert_null(policy_why_not_reopen(w.run, w.notes));

	/* A phase signed off is locked: nothing reopens in it. */
	check_as(&w, w.file, CHECK_PASS, "there");
	ok(run_signoff(w.run, w.pre, &err), err);
	says(policy_why_not_reopen(w.run, w.notes),
	     "phase pre is signed off");
	assert_int_equal(run_may_reopen(w.run, w.notes, &err), -1);
	says(err, "its items are locked");
	world_close(&w);
}

static void test_close_and_review(void **state)
{
	struct world w;
	char *err = NULL;

	world_open(&w, ((struct tu_fixture *)*state)->dir);
	says(policy_why_not_review(w.run, "fine"), "the run is not closed");
	assert_ptr_equal(policy_unsigned_phase(w.run), run_phase(w.run,
								  w.pre));
	says(policy_why_not_close(w.run),
	     "phase pre is not signed off: a run closes when every phase is");
	ok(run_mark_done(w.run, w.notes, NULL, &err), err);
	check_as(&w, w.file, CHECK_PASS, "there");
	ok(run_signoff(w.run, w.pre, &err), err);
	assert_ptr_equal(policy_unsigned_phase(w.run), run_phase(w.run,
								  w.post));
	assert_int_equal(run_close(w.run, &err), -1);
	says(err, "phase post is not signed off");
	ok(run_mark_done(w.run, w.bump, NULL, &err), err);
	ok(run_signoff(w.run, w.post, &err), err);
	assert_null(policy_unsigned_phase(w.run));
	assert_null(policy_why_not_close(w.run));
	ok(run_close(w.run, &err), err);
	assert_true(w.run->closed);

	/* Closed: only reviews, and a review needs its note. */
	says(policy_why_not_act(w.run, w.bump), "the run is closed");
	says(policy_why_not_close(w.run), "the run is closed");
	says(policy_why_not_review(w.run, ""), "a review needs a note");
	assert_null(policy_why_not_review(w.run, "looks right"));
	ok(run_review(w.run, true, "looks right", &err), err);
	assert_int_equal(w.run->nreviews, 1);
	world_close(&w);
}

/* The event table: one row per kind, in order, names unique and found
 * again; the states its rows give are the states the run's fold
 * leaves. */
static void test_events_table(void **state)
{
	size_t n;
	const struct event_type *t = events_table(&n);

	(void)state;
	assert_int_equal(n, EV_UNKNOWN);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(t[i].kind, (enum event_kind)i);
		assert_non_null(t[i].name);
		assert_non_null(t[i].label);
		assert_non_null(t[i].summary);
		assert_non_null(t[i].applies);
		assert_non_null(t[i].fields);
		assert_ptr_equal(event_type_find(t[i].name), &t[i]);
		assert_int_equal(event_kind_of(t[i].name), t[i].kind);
		assert_string_equal(event_name(t[i].kind), t[i].name);
		assert_string_equal(event_label(t[i].kind), t[i].label);
		for (size_t k = 0; k < i; k++)
			assert_string_not_equal(t[k].name, t[i].name);
	}
	assert_null(event_type_find("nonsense"));
	assert_null(event_type_find(NULL));
	assert_int_equal(event_kind_of("Done"), EV_UNKNOWN);
	assert_string_equal(event_name(EV_UNKNOWN), "?");
	/* The journal's names, as written on disk (never renamed). */
	assert_string_equal(event_name(EV_RUN_STARTED), "run-started");
	assert_string_equal(event_name(EV_CHECKLIST_CHANGED),
			    "checklist-changed");
	assert_string_equal(event_name(EV_NA), "na");
	assert_string_equal(event_name(EV_WAIVE), "waive");
	assert_string_equal(event_name(EV_SIGNOFF), "signoff");
	assert_string_equal(event_name(EV_CLOSED), "closed");
	/* What each sets, and the timeline's marks. */
	assert_true(t[EV_DONE].sets_state);
	assert_int_equal(t[EV_DONE].state, ITEM_DONE);
	assert_int_equal(t[EV_NA].state, ITEM_NA);
	assert_int_equal(t[EV_WAIVE].state, ITEM_WAIVED);
	assert_true(t[EV_REOPEN].sets_state);
	assert_int_equal(t[EV_REOPEN].state, ITEM_PENDING);
	assert_false(t[EV_NOTE].sets_state);
	assert_false(t[EV_COMMAND].sets_state);
	assert_false(t[EV_CHECK].sets_state);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(t[i].decision, i == EV_WAIVE || i == EV_NOTE ||
				 i == EV_NA || i == EV_REOPEN);
	assert_int_equal(t[EV_SIGNOFF].target, EVENT_PHASE);
	assert_int_equal(t[EV_CLOSED].fields[0].name == NULL, 1);
}

struct seen {
	unsigned kinds;		/* 1 << kind of each event read */
	size_t unknown;
};

static int on_seen(const struct journal_event *ev, void *data)
{
	struct seen *s = data;
	enum event_kind k = event_kind_of(ev->type);

	if (k == EV_UNKNOWN)
		s->unknown++;
	else
		s->kinds |= 1u << k;
	return 0;
}

/* Every event the run writes is a row of the table, and a row that sets
 * a state is what the run's fold did. */
static void test_events_journaled(void **state)
{
	struct world w;
	struct journal *j = NULL;
	struct diag d = DIAG_INIT;
	struct seen s = { 0, 0 };
	const struct event_type *t;
	size_t n;
	char *err = NULL;

	t = events_table(&n);
	world_open(&w, ((struct tu_fixture *)*state)->dir);
	ok(run_mark_done(w.run, w.notes, "first", &err), err);
	assert_int_equal(run_item(w.run, w.notes)->state, t[EV_DONE].state);
	ok(run_reopen(w.run, w.notes, "again", &err), err);
	assert_int_equal(run_item(w.run, w.notes)->state, t[EV_REOPEN].state);
	ok(run_mark_na(w.run, w.notes, "not now", &err), err);
	assert_int_equal(run_item(w.run, w.notes)->state, t[EV_NA].state);
	ok(run_note(w.run, w.notes, "a note", &err), err);
	assert_int_equal(run_item(w.run, w.notes)->state, t[EV_NA].state);
	check_as(&w, w.file, CHECK_FAIL, "no");
	ok(run_waive(w.run, w.file, "fine", &err), err);
	assert_int_equal(run_item(w.run, w.file)->state, t[EV_WAIVE].state);
	ok(run_record_command(w.run, w.bump, "true", 0, NULL, NULL, &err),
	   err);
	ok(run_signoff(w.run, w.pre, &err), err);
	ok(run_mark_done(w.run, w.bump, NULL, &err), err);
	ok(run_signoff(w.run, w.post, &err), err);
	ok(run_close(w.run, &err), err);
	ok(run_review(w.run, false, "no", &err), err);
	assert_string_equal(run_state_word(w.run), "rejected");

	if (journal_open(&j, w.run->path, 0, &err) < 0)
		fail_msg("journal_open: %s", err);
	journal_replay(j, on_seen, &s, &d);
	assert_int_equal(d.count, 0);
	journal_close(j);
	/* The verdict is in the reviewer's own journal (issue 17). */
	{
		char *dir = run_reviews_dir(w.run->path);
		char *id = run_reviewer_id(ACTOR);
		char *name = xasprintf("%s.jsonl", id);
		char *rj = path_join(dir, name);

		if (journal_open(&j, rj, 0, &err) < 0)
			fail_msg("journal_open: %s", err);
		journal_replay(j, on_seen, &s, &d);
		assert_int_equal(d.count, 0);
		free(rj);
		free(name);
		free(id);
		free(dir);
	}
	assert_int_equal(s.unknown, 0);
	for (size_t i = 0; i < n; i++)
		if (i != EV_CHECKLIST_CHANGED && i != EV_MAINTAINER &&
		    !(s.kinds & (1u << i)))
			fail_msg("no %s event was journaled", t[i].name);
	journal_close(j);
	diag_free(&d);
	world_close(&w);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tu_setup_tmpdir, \
					     tu_teardown_tmpdir)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_states),
		T(test_signoff_open_item),
		T(test_signoff_unwaived_failure),
		T(test_waive_refused),
		T(test_signoff_stale_evidence),
		T(test_reopen),
		T(test_close_and_review),
		cmocka_unit_test(test_events_table),
		T(test_events_journaled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
