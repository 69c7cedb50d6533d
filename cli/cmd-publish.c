/* cmd-publish.c: `relcheck publish [RUN] [--push]`.
 *
 * Attaches the run's JSON report as a git note (refs/notes/relcheck) to
 * the commit the release tag points at, so that anyone who clones the
 * repository can read the release's record:
 *
 *   git fetch origin refs/notes/relcheck:refs/notes/relcheck
 *   git notes --ref relcheck show v1.0.0
 *
 * With --push, the notes ref is pushed to origin (git push, under a
 * timeout).  The tag is ${tag} of the checklist (v${version} by default).
 */
#include "config.h"
#include "sanitize.h"

#include "cmd.h"
#include "gitlib.h"
#include "proc.h"
#include "project.h"
#include "report.h"
#include "run.h"

#include <jansson.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOTES_REF "refs/notes/relcheck"
#define PUSH_TIMEOUT 60

static const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

static int add_note(const char *root, const char *tag, const char *text,
		    const char *actor, char **commit_out, char **err)
{
	git_repository *repo = NULL;
	git_object *target = NULL, *commit = NULL;
	git_signature *sig = NULL;
	git_oid note_id;
	char *ref = xasprintf("refs/tags/%s", tag);
	const char *lt = strrchr(actor, '<'), *gt = strrchr(actor, '>');
	char *name = lt ? xstrndup(actor, (size_t)(lt - actor)) : xstrdup(actor);
	char *email = lt && gt && gt > lt ? xstrndup(lt + 1, (size_t)(gt - lt - 1))
					  : xstrdup("relcheck@localhost");
	int rc = -1;

	while (*name && name[strlen(name) - 1] == ' ')
		name[strlen(name) - 1] = '\0';
	gitlib_init();
	if (git_repository_open_ext(&repo, root, 0, NULL) < 0 ||
	    project_guard_objects(repo) < 0) {
		*err = xasprintf("cannot open the repository at %s: %s", root,
				 git_msg());
		goto out;
	}
	rc = git_revparse_single(&target, repo, ref);
	if (rc == GIT_ENOTFOUND) {
		*err = xasprintf("tag %s not found: publish attaches the report "
				 "to the commit the release tag points at", tag);
		rc = -1;
		goto out;
	}
	if (rc < 0) {
		*err = xasprintf("cannot read tag %s: %s", tag, git_msg());
		goto out;
	}
	rc = -1;
	/* The tag's target read first: a damaged one keeps its message,
	 * which git_object_peel would replace with its own. */
	if (git_object_type(target) == GIT_OBJECT_TAG &&
	    git_object_lookup(&commit, repo,
			      git_tag_target_id((git_tag *)target),
			      GIT_OBJECT_ANY) < 0) {
		*err = xasprintf("cannot read what tag %s points at: %s", tag,
				 git_msg());
		goto out;
	}
	git_object_free(commit);
	commit = NULL;
	if (git_object_peel(&commit, target, GIT_OBJECT_COMMIT) < 0) {
		*err = xasprintf("tag %s points at no commit: %s", tag,
				 git_msg());
		goto out;
	}
	/* On the commit the tag points at; and, for an annotated tag, on
	 * the tag object too, which is what `git notes show TAG` reads. */
	if (git_signature_now(&sig, *name ? name : "relcheck", email) < 0 ||
	    git_note_create(&note_id, repo, NOTES_REF, sig, sig,
			    git_object_id(commit), text, 1) < 0 ||
	    (git_object_type(target) == GIT_OBJECT_TAG &&
	     git_note_create(&note_id, repo, NOTES_REF, sig, sig,
			     git_object_id(target), text, 1) < 0)) {
		*err = xasprintf("cannot write the note: %s", git_msg());
		goto out;
	}
	*commit_out = xstrdup(git_oid_tostr_s(git_object_id(commit)));
	rc = 0;
out:
	git_signature_free(sig);
	git_object_free(commit);
	git_object_free(target);
	git_repository_free(repo);
	free(email);
	free(name);
	free(ref);
	return rc;
}

static int push_notes(const char *root, char **err)
{
	struct proc_options opt = { 0 };
	struct proc_result pr;

	opt.command = "GIT_TERMINAL_PROMPT=0 git push origin "
		      "+" NOTES_REF ":" NOTES_REF;
	opt.cwd = root;
	opt.out_fd = -1;
	opt.timeout_s = PUSH_TIMEOUT;
	/* No controlling terminal: ssh cannot stop on a question it would
	 * ask there (a passphrase, an unknown host key) until the timeout;
	 * it fails at once instead (the key's passphrase is the agent's). */
	opt.new_session = true;
	if (proc_run(&opt, &pr, err) < 0)
		return -1;
	if (pr.timed_out) {
		*err = xasprintf("git push: no answer within %d s",
				 PUSH_TIMEOUT);
		return -1;
	}
	if (pr.exit_code != 0) {
		*err = xasprintf("git push origin %s failed (exit %d)",
				 NOTES_REF, pr.exit_code);
		return -1;
	}
	return 0;
}

static int cmd_publish_exec(struct cmd *cmd)
{
	struct context *ctx = cmd->ctx;
	struct report_options ro = { .paged = false };
	struct checklist *cl = cmd->cl;
	struct run *run = cmd->run;
	struct report *r = NULL;
	struct buf json = BUF_INIT;
	char *err = NULL, *tag = NULL, *commit = NULL;
	bool push = cmd_has(cmd, "push");
	int status;

	status = EXIT_FAILED;
	if (!run->closed)
		sanitize_fprintf(stderr, "relcheck publish: warning: the run is not "
			"closed; its report says NOT SIGNED OFF\n");
	tag = vars_find(&cl->vars, "tag") ? checklist_expand(cl, "${tag}", &err)
		: xasprintf("v%s", run->release);
	if (!tag) {
		sanitize_fprintf(stderr, "relcheck publish: %s\n", err);
		goto out;
	}
	if (report_collect(&r, cl, run, &err) < 0) {
		sanitize_fprintf(stderr, "relcheck publish: %s\n", err);
		goto out;
	}
	report_json_format.render(r, &ro, &json);
	if (add_note(ctx->root, tag, json.data, run->actor, &commit,
		     &err) < 0) {
		sanitize_fprintf(stderr, "relcheck publish: %s\n", err);
		goto out;
	}
	printf("the report is a note (%s) on %.12s, the commit of %s\n",
	       NOTES_REF, commit, tag);
	if (push) {
		if (push_notes(ctx->root, &err) < 0) {
			sanitize_fprintf(stderr, "relcheck publish: %s\n", err);
			goto out;
		}
		printf("pushed %s to origin: git fetch origin %s:%s, then git "
		       "notes --ref relcheck show %s\n", NOTES_REF, NOTES_REF,
		       NOTES_REF, tag);
	}
	status = EXIT_OK;
out:
	free(err);
	free(commit);
	free(tag);
	buf_free(&json);
	report_free(r);
	return status;
}

static const struct cmd_option publish_options[] = {
	{ .name = "push", .help = "push the notes to origin too" },
	{ .name = NULL },
};

const struct cmd_entry cmd_publish_entry = {
	.name = "publish",
	.usage = "[RUN] [--push]",
	.summary = "attach the JSON report to the release tag as a git note",
	.options = publish_options,
	.min_args = 0,
	.max_args = 1,
	.flags = CMD_RUN_READ | CMD_RUN_NAMED,
	.exec = cmd_publish_exec,
};
