/* cmd-signoff.c: `relcheck signoff PHASE` and `relcheck close`.
 *
 * A sign-off never rests on stale evidence: a passing check recorded
 * before the repository last changed (a new commit or tag) is run again
 * first, and its new result recorded.
 */
#include "config.h"

#include "checkrun.h"
#include "cmd.h"
#include "policy.h"
#include "sanitize.h"
#include "run.h"
#include "trust.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Re-runs the phase's passing checks older than the repository's last
 * change and records them.  Returns 0, or -1 after printing why. */
static int refresh(struct context *ctx, struct checklist *cl,
		   struct run *run, const struct phase *ph)
{
	int trusted = -1;	/* asked only when a check needs trust */
	double changed = run_repo_changed_at(ctx->root);
	const struct item **stale = xcalloc(run->nitems + 1, sizeof(*stale));
	struct check_result *res;
	size_t n = 0;
	char *err = NULL;
	int rc = 0;

	for (size_t i = 0; i < run->nitems; i++) {
		const struct item_record *r = &run->items[i];
		if (policy_evidence_stale(r, ph, changed)) {
			bool needs = !trust_granted(cl,
				trust_check_needs(cl, r->item));
			if (needs && trusted < 0)
				trusted = context_authorise(ctx, cl) == EXIT_OK;
			if (needs && trusted == 0) {
				sanitize_fprintf(stderr, "relcheck: %s passed "
						 "before the repository last changed "
						 "and must run again, but the "
						 "checklist is not trusted to "
						 "(--trust)\n", r->item->full_id);
				free(stale);
				return -1;
			}
			stale[n++] = r->item;
		}
	}
	if (!n) {
		free(stale);
		return 0;
	}
	if (path_is_dir(run->log_dir) == false)
		mkdir(run->log_dir, 0755);
	res = xcalloc(n, sizeof(*res));
	sanitize_fprintf(stderr, "relcheck: re-running %zu check%s recorded before the"
			 " repository last changed\n", n, n == 1 ? "" : "s");
	if (checkrun_items(cl, ctx->root, run->log_dir, stale, n, false, res,
			   &err) < 0) {
		sanitize_fprintf(stderr, "relcheck: %s\n", err);
		free(err);
		rc = -1;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		sanitize_fprintf(stderr, "relcheck:   %s: %s: %s\n", stale[i]->full_id,
				 check_status_name(res[i].status),
				 res[i].reason ? res[i].reason : "");
		if (run_record_check(run, stale[i], &res[i], &err) < 0) {
			sanitize_fprintf(stderr, "relcheck: %s\n", err);
			free(err);
			rc = -1;
		}
	}
	for (size_t i = 0; i < n; i++)
		check_result_free(&res[i]);
	free(res);
	free(stale);
	return rc;
}

static int cmd_signoff_exec(struct context *ctx, int argc, char **argv)
{
	struct checklist *cl = NULL;
	struct run *run = NULL;
	const struct phase *ph;
	struct phase_record *pr;
	char *err = NULL;
	int status = EXIT_USAGE;

	if (argc != 2 || argv[1][0] == '-') {
		sanitize_fprintf(stderr, "usage: relcheck signoff PHASE\n");
		return EXIT_USAGE;
	}
	if (context_require_identity(ctx, "signoff") != EXIT_OK)
		return EXIT_USAGE;
	if (context_named_run(ctx, NULL, RUN_WRITE | RUN_CREATE, &cl,
			      &run) != EXIT_OK)
		return EXIT_USAGE;
	ph = checklist_phase(cl, argv[1]);
	if (!ph) {
		sanitize_fprintf(stderr, "relcheck signoff: no phase '%s'\n", argv[1]);
		goto out;
	}
	status = EXIT_FAILED;
	if (!run_read_only(run) && !run->closed &&
	    !run_phase(run, ph)->signed_off &&
	    refresh(ctx, cl, run, ph) < 0)
		goto out;
	if (run_signoff(run, ph, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck signoff: %s\n", err);
		free(err);
		goto out;
	}
	if (run->maint_error)
		sanitize_fprintf(stderr, "relcheck signoff: warning: %s\n",
				 run->maint_error);
	pr = run_phase(run, ph);
	sanitize_printf("%s signed off by %s at %s (journal %.16s...)\n", ph->id,
			pr->who, pr->when, pr->hash);
	status = EXIT_OK;
out:
	run_free(run);
	checklist_free(cl);
	return status;
}

static int cmd_close_exec(struct context *ctx, int argc, char **argv)
{
	struct checklist *cl = NULL;
	struct run *run = NULL;
	char *err = NULL;
	int status = EXIT_FAILED;

	(void)argv;
	if (argc != 1) {
		sanitize_fprintf(stderr, "usage: relcheck close\n");
		return EXIT_USAGE;
	}
	if (context_require_identity(ctx, "close") != EXIT_OK)
		return EXIT_USAGE;
	if (context_named_run(ctx, NULL, RUN_WRITE, &cl, &run) != EXIT_OK)
		return EXIT_USAGE;
	if (run_close(run, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck close: %s\n", err);
		free(err);
	} else {
		sanitize_printf("run closed by %s at %s (journal %.16s...)\n",
				run->closed_by, run->closed_when,
				journal_last_hash(run->journal));
		status = EXIT_OK;
	}
	run_free(run);
	checklist_free(cl);
	return status;
}

const struct cmd_entry cmd_signoff_entry = {
	.name = "signoff",
	.usage = "PHASE",
	.summary = "sign off a phase whose required items are all settled",
	.exec = cmd_signoff_exec,
};

const struct cmd_entry cmd_close_entry = {
	.name = "close",
	.usage = "",
	.summary = "close the run once every phase is signed off",
	.exec = cmd_close_exec,
};
