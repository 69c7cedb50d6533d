/* cmd-signoff.c: `relcheck signoff PHASE`.
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
#include "print.h"

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

static int cmd_signoff_exec(struct cmd *cmd)
{
	struct context *ctx = cmd->ctx;
	struct checklist *cl = cmd->cl;
	struct run *run = cmd->run;
	const struct phase *ph;
	struct phase_record *pr;
	char *err = NULL;

	ph = checklist_phase(cl, cmd->args[0]);
	if (!ph) {
		sanitize_fprintf(stderr, "relcheck signoff: no phase '%s'\n",
				 cmd->args[0]);
		return EXIT_USAGE;
	}
	if (!run_read_only(run) && !run->closed &&
	    !run_phase(run, ph)->signed_off &&
	    refresh(ctx, cl, run, ph) < 0)
		return EXIT_FAILED;
	/* Signed with --sign, or when the checklist's review policy says
	 * signed = true (run_open set it then). */
	if (cmd_has(cmd, "sign"))
		run->sign = true;
	if (run_signoff(run, ph, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck signoff: %s\n", err);
		free(err);
		return EXIT_FAILED;
	}
	if (run->maint_error)
		sanitize_fprintf(stderr, "relcheck signoff: warning: %s\n",
				 run->maint_error);
	pr = run_phase(run, ph);
	sanitize_printf("%s signed off by %s at %s (journal %.16s...)%s\n",
			ph->id, pr->who, pr->when, pr->hash, pr->signature
			? ", signed (OpenPGP)" : "");
	return EXIT_OK;
}

static const struct cmd_option signoff_options[] = {
	{ .name = "sign", .help = "sign it (OpenPGP, GnuPG's default key);\n"
	  "always when the checklist's review policy says signed = true" },
	{ .name = NULL },
};

const struct cmd_entry cmd_signoff_entry = {
	.name = "signoff",
	.usage = "PHASE [--sign]",
	.summary = "sign off a phase whose required items are all settled",
	.options = signoff_options,
	.min_args = 1,
	.max_args = 1,
	.flags = CMD_IDENTITY | CMD_RUN_CREATE,
	.exec = cmd_signoff_exec,
};
