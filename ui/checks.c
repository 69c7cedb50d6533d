/* checks.c: the checks the screen starts, in batches that the loop
 * polls (scheduler.h); r and R. */
#include "config.h"

#include "app.h"
#include "policy.h"
#include "trust.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool app_can_record(struct app *a)
{
	return a->run && !run_read_only(a->run) && !a->opt->audit;
}

/* The engine refuses what the checklist is not trusted to do (trust.h);
 * the screen does not even start it, and says why. */
bool app_may_run_check(struct app *a, const struct item *it)
{
	unsigned needs = trust_check_needs(a->cl, it);

	if (!needs)
		return true;
	return trust_granted(a->cl, needs) && !a->opt->dry_run;
}

struct scheduler *app_start_batch(struct app *a,
				     const struct item *const *items, size_t n)
{
	struct scheduler_options so = { .root = a->opt->root,
					.log_dir = a->run->log_dir };
	struct scheduler *s;
	char *err = NULL;

	if (!n)
		return NULL;
	mkdir(a->run->log_dir, 0755);
	s = scheduler_new(a->cl, &so);
	for (size_t i = 0; i < n; i++) {
		scheduler_add(s, items[i]);
		/* After an upload (x), its index check waits for the index. */
		scheduler_upload_time(s, items[i],
				      run_command_ms(a->run, items[i]));
	}
	if (scheduler_start(s, &err) < 0) {
		app_say(a, true, "cannot start the checks: %s", err);
		free(err);
		scheduler_free(s);
		return NULL;
	}
	a->batches = xrealloc(a->batches, (a->nbatches + 1) *
			      sizeof(*a->batches));
	memset(&a->batches[a->nbatches], 0, sizeof(*a->batches));
	a->batches[a->nbatches++].s = s;
	return s;
}

/* Starts the checks of items that are open: not settled, not running,
 * in a phase not signed off, their manual dependencies settled. */
size_t app_start_open_checks(struct app *a, bool all)
{
	const struct item **items;
	size_t n = 0, skipped = 0;

	if (!app_can_record(a))
		return 0;
	items = xcalloc(a->run->nitems + 1, sizeof(*items));
	for (size_t i = 0; i < a->run->nitems; i++) {
		struct item_record *r = &a->run->items[i];
		const struct item *it = r->item;
		bool ready = true;

		if (!it->check || run_phase(a->run, it->phase)->signed_off ||
		    app_item_running(a, it))
			continue;
		/* A waiver or an n/a is the operator's decision: no check
		 * replaces it.  A pass stands unless all are asked for. */
		if (policy_state_decided(r->state) ||
		    (!all && r->state == ITEM_PASS))
			continue;
		for (size_t d = 0; d < it->depends.n; d++) {
			const struct item *dep = it->deps[d];
			struct item_record *dr = app_rec(a, dep);
			if (!dep->check && dr && !item_state_settled(dr->state))
				ready = false;
		}
		if (!ready)
			continue;
		if (!app_may_run_check(a, it)) {
			skipped++;
			continue;
		}
		items[n++] = it;
	}
	app_start_batch(a, items, n);
	free(items);
	if (skipped && !a->message)
		app_say(a, false, "%zu check%s not run: %s", skipped,
			skipped == 1 ? "" : "s", a->opt->dry_run ? "--dry-run"
			: "the checklist is not trusted to run commands, "
			"contact the network or read outside the repository "
			"(relcheck --trust)");
	return n;
}

void act_recheck(struct app *a, const struct item *it, bool all)
{
	if (!app_need_run(a))
		return;
	if (all) {
		size_t n = app_start_open_checks(a, true);
		app_say(a, false, "%zu check%s started", n, n == 1 ? "" : "s");
		return;
	}
	if (!it->check) {
		app_say(a, true, "a manual step has no check");
		return;
	}
	if (run_phase(a->run, it->phase)->signed_off) {
		app_say(a, true, "phase %s is signed off: locked",
			it->phase->id);
		return;
	}
	if (app_item_running(a, it))
		return;
	if (!app_may_run_check(a, it)) {
		char *what = trust_describe(trust_check_needs(a->cl, it));
		if (a->opt->dry_run)
			app_say(a, true, "not run: --dry-run");
		else
			app_say(a, true, "not run: this check %s, and the "
				"checklist is not trusted (relcheck --trust)",
				what);
		free(what);
		return;
	}
	app_start_batch(a, &it, 1);
}
