/* check-git.c: the working tree, the branch and the tag (libgit2).
 *
 * Each job opens its own git_repository: libgit2 objects are used from
 * one thread at a time.  What the remote holds is read from the remote
 * itself (an ls-remote), never from remote-tracking refs, which can be
 * stale.  Remotes on this machine (a path, file://) are read with
 * libgit2; network remotes with `git ls-remote` under a timeout, because
 * libgit2 1.5 has no network timeout and a check must never hang.
 */
#include "config.h"

#include "check.h"
#include "proc.h"
#include "project.h"
#include "rx.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REMOTE_TIMEOUT 30

static const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

static void short_id(char out[12], const git_oid *id)
{
	git_oid_tostr(out, 8, id);
}

static git_repository *open_repo(struct check_job *job,
				 struct check_result *res)
{
	git_repository *repo = NULL;

	if (git_repository_open_ext(&repo, job->root, 0, NULL) < 0 ||
	    project_guard_objects(repo) < 0) {
		check_result_set(res, CHECK_ERROR, "cannot open the repository "
				 "at %s: %s", job->root, git_msg());
		git_repository_free(repo);
		return NULL;
	}
	return repo;
}

/* HEAD's commit; -1 with res set when there is none or it cannot be
 * read. */
static int head_commit(git_repository *repo, git_oid *out,
		       struct check_result *res)
{
	git_object *obj = NULL;
	int rc = git_revparse_single(&obj, repo, "HEAD^{commit}");

	if (rc < 0) {
		char *why = xstrdup(git_msg());
		if ((rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH) &&
		    git_repository_head_unborn(repo) == 1)
			check_result_set(res, CHECK_FAIL, "the repository has "
					 "no commits yet");
		else
			check_result_set(res, CHECK_ERROR, "cannot read HEAD: "
					 "%s", why);
		free(why);
		return -1;
	}
	git_oid_cpy(out, git_object_id(obj));
	git_object_free(obj);
	return 0;
}

/* The commit obj leads to, through tags.  -1 with libgit2's error set:
 * the read that failed keeps its own message (a damaged object file),
 * which git_object_peel would replace with its own. */
static int peel_commit(git_object **out, git_object *obj)
{
	git_object *o = NULL;

	if (git_object_dup(&o, obj) < 0)
		return -1;
	while (git_object_type(o) == GIT_OBJECT_TAG) {
		git_object *next = NULL;
		int rc = git_tag_target(&next, (git_tag *)o);
		git_object_free(o);
		if (rc < 0)
			return -1;
		o = next;
	}
	if (git_object_type(o) != GIT_OBJECT_COMMIT) {
		char *msg = xasprintf("it leads to a %s, not a commit",
				      git_object_type2string(git_object_type(o)));
		git_error_set_str(GIT_ERROR_INVALID, msg);
		free(msg);
		git_object_free(o);
		return -1;
	}
	*out = o;
	return 0;
}

/* Is git busy with rel (index, HEAD, refs/heads/main) in repo?  Then
 * what relcheck would read may be half-changed: an error, said. */
static bool locked(git_repository *repo, const char *rel,
		   struct check_result *res)
{
	const char *dir = strcmp(rel, "index") == 0 || strcmp(rel, "HEAD") == 0
		? git_repository_path(repo) : git_repository_commondir(repo);
	char *lock = xasprintf("%s%s.lock", dir, rel);
	bool is = path_is_file(lock);

	if (is)
		check_result_set(res, CHECK_ERROR, "the repository is locked: "
				 "%s exists (a git command is running, or one "
				 "stopped and left it: remove it if none runs)",
				 lock);
	free(lock);
	return is;
}

static bool url_is_local(const char *url)
{
	const char *colon = strchr(url, ':');
	const char *slash = strchr(url, '/');

	if (strncmp(url, "file://", 7) == 0)
		return true;
	if (strstr(url, "://"))
		return false;
	/* scp-like user@host:path has its colon before any slash */
	return !colon || (slash && slash < colon);
}

struct remote_ref {
	bool found;
	git_oid id;
};

/* The remote at path (a repository on this machine) read directly: the
 * one ref, not the whole list.  libgit2's local transport would list and
 * peel every ref of the remote (seconds and tens of MB with 20,000
 * annotated tags) to give the same answer. */
static int ls_local(const char *path, const char *refname,
		    struct remote_ref *out, char **err)
{
	git_repository *r = NULL;
	git_reference *ref = NULL, *direct = NULL;
	int rc = -1, e;

	if (git_repository_open_ext(&r, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0) {
		*err = xasprintf("cannot read the remote: %s", git_msg());
		return -1;
	}
	e = git_reference_lookup(&ref, r, refname);
	if (e == GIT_ENOTFOUND) {
		rc = 0;		/* the remote does not have it */
	} else if (e < 0 || git_reference_resolve(&direct, ref) < 0) {
		*err = xasprintf("cannot read the remote: %s", git_msg());
	} else {
		out->found = true;
		git_oid_cpy(&out->id, git_reference_target(direct));
		rc = 0;
	}
	git_reference_free(direct);
	git_reference_free(ref);
	git_repository_free(r);
	return rc;
}

static int ls_network(struct check_job *job, const char *remote_name,
		      const char *refname, struct remote_ref *out, char **err)
{
	struct proc_options opt = { 0 };
	struct proc_result pr;
	struct buf text = BUF_INIT;
	const char *tmp = getenv("TMPDIR");
	char *path = xasprintf("%s/relcheck-ls-remote-XXXXXX",
			       tmp && *tmp ? tmp : "/tmp");
	char *cmd = NULL, *q_remote = NULL, *q_ref = NULL;
	int fd = mkstemp(path), rc = -1;

	if (fd < 0) {
		free(path);
		*err = xasprintf("cannot make a temporary file");
		return -1;
	}
	/* Names come from the checklist; quote them for the shell. */
	q_remote = xasprintf("'%s'", remote_name);
	q_ref = xasprintf("'%s'", refname);
	if (strchr(remote_name, '\'') || strchr(refname, '\'')) {
		*err = xasprintf("a quote in the remote or ref name");
		goto out;
	}
	cmd = xasprintf("GIT_TERMINAL_PROMPT=0 git ls-remote %s %s",
			q_remote, q_ref);
	opt.command = cmd;
	opt.cwd = job->root;
	opt.out_fd = fd;
	opt.timeout_s = (int)check_job_int(job, "timeout", REMOTE_TIMEOUT);
	opt.cancel = job->cancel;
	if (proc_run(&opt, &pr, err) < 0)
		goto out;
	if (pr.timed_out) {
		*err = xasprintf("no answer from %s within %d s", remote_name,
				 opt.timeout_s);
		goto out;
	}
	if (pr.cancelled) {
		*err = xstrdup("cancelled");
		goto out;
	}
	buf_read_file(&text, path);
	if (pr.exit_code != 0) {
		*err = xasprintf("git ls-remote %s failed (exit %d): %.200s",
				 remote_name, pr.exit_code,
				 text.data ? text.data : "");
		goto out;
	}
	for (char *line = text.data; line && *line;) {
		char *nl = strchr(line, '\n'), *tab = strchr(line, '\t');
		if (nl)
			*nl = '\0';
		if (tab && strcmp(tab + 1, refname) == 0 &&
		    git_oid_fromstrn(&out->id, line, (size_t)(tab - line)) == 0)
			out->found = true;
		line = nl ? nl + 1 : NULL;
	}
	rc = 0;
out:
	close(fd);
	unlink(path);
	free(path);
	buf_free(&text);
	free(cmd);
	free(q_remote);
	free(q_ref);
	return rc;
}

/* What `remote_name` holds at refname, read from the remote itself. */
static int remote_lookup_ref(struct check_job *job, git_repository *repo,
			     const char *remote_name, const char *refname,
			     struct remote_ref *out, struct check_result *res)
{
	git_remote *remote = NULL;
	const char *url;
	char *err = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (git_remote_lookup(&remote, repo, remote_name) < 0) {
		check_result_set(res, CHECK_FAIL, "no remote named %s",
				 remote_name);
		return -1;
	}
	url = git_remote_url(remote);
	check_result_evidence(res, "remote_url", "%s", url ? url : "");
	if (url && url_is_local(url)) {
		/* A relative path is from the top of the work tree, as git
		 * takes it. */
		const char *p = strncmp(url, "file://", 7) == 0 ? url + 7 : url;
		char *path = p[0] == '/' ? xstrdup(p) : path_join(job->root, p);

		if (access(path, F_OK) < 0) {
			err = xasprintf("%s: no such repository (%s)", url,
					strerror(errno));
			rc = -1;
		} else {
			rc = ls_local(path, refname, out, &err);
		}
		free(path);
	} else {
		rc = ls_network(job, remote_name, refname, out, &err);
	}
	git_remote_free(remote);
	if (rc < 0) {
		check_result_set(res, CHECK_ERROR, "%s: %s", remote_name, err);
		free(err);
	}
	return rc;
}

/* HEAD's commit and tree can be read: 0, else -1 with res set (the
 * status would call a damaged tree only "cannot be peeled"). */
static int head_tree_ok(git_repository *repo, struct check_result *res)
{
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_oid id;
	int rc = -1;

	if (head_commit(repo, &id, res) < 0)
		return -1;
	if (git_commit_lookup(&commit, repo, &id) < 0 ||
	    git_commit_tree(&tree, commit) < 0)
		check_result_set(res, CHECK_ERROR, "cannot read HEAD's tree: "
				 "%s", git_msg());
	else
		rc = 0;
	git_tree_free(tree);
	git_commit_free(commit);
	return rc;
}

void check_git_clean_run(struct check_job *job, struct check_result *res)
{
	git_status_options opts;
	git_status_list *list = NULL;
	git_repository *repo = open_repo(job, res);
	bool untracked = check_job_bool(job, "untracked", true);
	struct buf names = BUF_INIT;
	size_t n, shown = 0;

	if (!repo)
		return;
	if (locked(repo, "index", res) || head_tree_ok(repo, res) < 0)
		goto out;
	git_status_options_init(&opts, GIT_STATUS_OPTIONS_VERSION);
	opts.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	opts.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if (untracked)
		opts.flags |= GIT_STATUS_OPT_INCLUDE_UNTRACKED |
			      GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (git_status_list_new(&list, repo, &opts) < 0) {
		check_result_set(res, CHECK_ERROR, "cannot read the status: %s",
				 git_msg());
		goto out;
	}
	n = git_status_list_entrycount(list);
	check_result_evidence(res, "changes", "%zu", n);
	if (n == 0) {
		check_result_set(res, CHECK_PASS, "working tree clean%s",
				 untracked ? "" : " (untracked files ignored)");
		goto out;
	}
	for (size_t i = 0; i < n && shown < 3; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->index_to_workdir ?
			e->index_to_workdir : e->head_to_index;
		const char *tag = e->status & GIT_STATUS_WT_NEW ? "??" :
				  e->status & (GIT_STATUS_INDEX_NEW |
					       GIT_STATUS_INDEX_MODIFIED |
					       GIT_STATUS_INDEX_DELETED |
					       GIT_STATUS_INDEX_RENAMED)
				  ? "staged" : "modified";
		if (!d)
			continue;
		buf_addf(&names, "%s%s %s", shown ? ", " : "", tag,
			 d->new_file.path ? d->new_file.path
					  : d->old_file.path);
		shown++;
	}
	check_result_set(res, CHECK_FAIL, "%zu uncommitted change%s: %s%s", n,
			 n == 1 ? "" : "s", names.data ? names.data : "",
			 n > shown ? ", ..." : "");
out:
	buf_free(&names);
	git_status_list_free(list);
	git_repository_free(repo);
}

void check_git_branch_run(struct check_job *job, struct check_result *res)
{
	const char *want = check_job_str(job, "name");
	const char *remote = check_job_str(job, "remote");
	git_repository *repo = open_repo(job, res);
	git_reference *head = NULL;
	const char *branch = NULL;
	git_oid head_id;
	char hs[12], rs[12];

	if (!repo)
		return;
	if (locked(repo, "HEAD", res) || head_commit(repo, &head_id, res) < 0)
		goto out;
	short_id(hs, &head_id);
	check_result_evidence(res, "head", "%s", git_oid_tostr_s(&head_id));
	if (git_repository_head_detached(repo) == 1) {
		check_result_set(res, CHECK_FAIL, "HEAD is detached at %s%s%s",
				 hs, want ? ", expected branch " : "",
				 want ? want : "");
		goto out;
	}
	if (git_repository_head(&head, repo) < 0 ||
	    git_branch_name(&branch, head) < 0) {
		check_result_set(res, CHECK_ERROR, "cannot read HEAD's branch: "
				 "%s", git_msg());
		goto out;
	}
	check_result_evidence(res, "branch", "%s", branch);
	if (locked(repo, git_reference_name(head), res))
		goto out;
	if (want && strcmp(branch, want) != 0) {
		check_result_set(res, CHECK_FAIL, "on branch %s, expected %s",
				 branch, want);
		goto out;
	}
	if (remote) {
		struct remote_ref rr;
		char *ref = xasprintf("refs/heads/%s", branch);
		int rc = remote_lookup_ref(job, repo, remote, ref, &rr, res);

		free(ref);
		if (rc < 0)
			goto out;
		if (!rr.found) {
			check_result_set(res, CHECK_FAIL, "%s has no branch %s: "
					 "not pushed", remote, branch);
			goto out;
		}
		short_id(rs, &rr.id);
		check_result_evidence(res, "remote_head", "%s",
				      git_oid_tostr_s(&rr.id));
		if (!git_oid_equal(&rr.id, &head_id)) {
			size_t ahead = 0, behind = 0;
			if (git_graph_ahead_behind(&ahead, &behind, repo,
						   &head_id, &rr.id) == 0 &&
			    behind == 0)
				check_result_set(res, CHECK_FAIL, "%s/%s is at "
						 "%s, HEAD is %s: %zu commit%s "
						 "not pushed", remote, branch,
						 rs, hs, ahead,
						 ahead == 1 ? "" : "s");
			else
				check_result_set(res, CHECK_FAIL, "%s/%s is at "
						 "%s, HEAD is %s", remote,
						 branch, rs, hs);
			goto out;
		}
		check_result_set(res, CHECK_PASS, "%s at %s, pushed to %s",
				 branch, hs, remote);
		goto out;
	}
	check_result_set(res, CHECK_PASS, "on branch %s at %s", branch, hs);
out:
	git_reference_free(head);
	git_repository_free(repo);
}

void check_git_tag_run(struct check_job *job, struct check_result *res)
{
	const char *name = check_job_str(job, "name");
	const char *at = check_job_str(job, "at");
	const char *message = check_job_str(job, "message");
	const char *remote = check_job_str(job, "remote");
	bool annotated = check_job_bool(job, "annotated", false);
	git_repository *repo = open_repo(job, res);
	git_reference *ref = NULL;
	git_object *target = NULL, *peeled = NULL, *want = NULL;
	git_object *want_commit = NULL;
	git_tag *tag = NULL;
	char *refname = xasprintf("refs/tags/%s", name);
	char ts[12], cs[12], ws[12], rs[12];
	const git_oid *tag_id;
	struct remote_ref rr = { 0 };
	bool have_remote = false;
	int rc;

	if (!repo || locked(repo, refname, res))
		goto out;
	rc = git_reference_lookup(&ref, repo, refname);
	if (rc == GIT_ENOTFOUND) {
		check_result_set(res, CHECK_FAIL, "tag %s not found", name);
		goto out;
	}
	if (rc < 0) {
		check_result_set(res, CHECK_ERROR, "cannot read tag %s: %s",
				 name, git_msg());
		goto out;
	}
	tag_id = git_reference_target(ref);
	if (!tag_id || git_object_lookup(&target, repo, tag_id,
					 GIT_OBJECT_ANY) < 0 ||
	    peel_commit(&peeled, target) < 0) {
		check_result_set(res, CHECK_ERROR, "cannot read tag %s: %s",
				 name, git_msg());
		goto out;
	}
	short_id(ts, tag_id);
	short_id(cs, git_object_id(peeled));
	check_result_evidence(res, "tag", "%s", git_oid_tostr_s(tag_id));
	check_result_evidence(res, "commit", "%s",
			      git_oid_tostr_s(git_object_id(peeled)));
	if (git_object_type(target) == GIT_OBJECT_TAG)
		git_tag_lookup(&tag, repo, tag_id);
	if (annotated && !tag) {
		check_result_set(res, CHECK_FAIL, "tag %s is a lightweight tag, "
				 "not annotated (git tag -a)", name);
		goto out;
	}
	/* What the remote holds is evidence whatever the verdict (verify
	 * --recheck compares it), so it is read before judging. */
	if (remote) {
		have_remote = remote_lookup_ref(job, repo, remote, refname, &rr,
						res) == 0;
		if (!have_remote)
			goto out;	/* res says why */
		if (rr.found) {
			short_id(rs, &rr.id);
			check_result_evidence(res, "remote_tag", "%s",
					      git_oid_tostr_s(&rr.id));
		}
	}
	if (at) {
		if (git_revparse_single(&want, repo, at) < 0 ||
		    peel_commit(&want_commit, want) < 0) {
			check_result_set(res, CHECK_ERROR, "cannot resolve %s: "
					 "%s", at, git_msg());
			goto out;
		}
		short_id(ws, git_object_id(want_commit));
		if (!git_oid_equal(git_object_id(want_commit),
				   git_object_id(peeled))) {
			check_result_set(res, CHECK_FAIL, "tag %s points at %s, "
					 "%s is %s", name, cs, at, ws);
			goto out;
		}
	}
	if (message) {
		const char *msg = tag ? git_tag_message(tag) : NULL;
		char *err = NULL;
		pcre2_code *re = rx_compile(message, &err);
		int m;

		if (!re) {
			check_result_set(res, CHECK_ERROR, "message: %s", err);
			free(err);
			goto out;
		}
		m = msg ? rx_match(re, msg, strlen(msg), NULL, NULL, &err) : 0;
		pcre2_code_free(re);
		if (m < 0) {
			check_result_set(res, CHECK_ERROR, "message: %s", err);
			free(err);
			goto out;
		}
		if (m == 0) {
			char *first = xstrndup(msg ? msg : "",
					       msg ? strcspn(msg, "\n") : 0);
			check_result_set(res, CHECK_FAIL, "tag %s's message "
					 "\"%s\" does not match /%s/", name,
					 first, message);
			free(first);
			goto out;
		}
	}
	if (remote) {
		if (!rr.found) {
			check_result_set(res, CHECK_FAIL, "tag %s is not pushed "
					 "to %s", name, remote);
			goto out;
		}
		if (!git_oid_equal(&rr.id, tag_id)) {
			check_result_set(res, CHECK_FAIL, "%s's tag %s is %s, the"
					 " local one is %s: the tag moved",
					 remote, name, rs, ts);
			goto out;
		}
	}
	check_result_set(res, CHECK_PASS, "tag %s%s at %s%s%s%s", name,
			 tag ? " (annotated)" : "", cs,
			 at ? " = " : "", at ? at : "",
			 remote ? ", pushed" : "");
out:
	git_tag_free(tag);
	git_object_free(want_commit);
	git_object_free(want);
	git_object_free(peeled);
	git_object_free(target);
	git_reference_free(ref);
	git_repository_free(repo);
	free(refname);
}

/* The file at rel is in HEAD's tree with the work tree's content. */
static int file_committed(git_repository *repo, struct check_job *job,
			  const char *rel, struct check_result *res)
{
	git_object *obj = NULL;
	struct buf text = BUF_INIT;
	char *spec = xasprintf("HEAD:%s", rel), *path = check_path(job, rel);
	int rc = -1;

	if (git_revparse_single(&obj, repo, spec) < 0 ||
	    git_object_type(obj) != GIT_OBJECT_BLOB) {
		check_result_set(res, CHECK_FAIL, "%s is not committed: HEAD "
				 "has no such file", rel);
	} else if (buf_read_file(&text, path) < 0) {
		check_result_set(res, CHECK_ERROR, "cannot read %s: %s", rel,
				 strerror(errno));
	} else if (git_blob_rawsize((git_blob *)obj) != (git_object_size_t)
		   text.len || memcmp(git_blob_rawcontent((git_blob *)obj),
				      text.data, text.len) != 0) {
		check_result_set(res, CHECK_FAIL, "%s has changes that are not "
				 "committed: commit and push them", rel);
	} else {
		rc = 0;
	}
	git_object_free(obj);
	buf_free(&text);
	free(path);
	free(spec);
	return rc;
}

/* HEAD's branch at remote is HEAD or a commit after it. */
static int head_pushed(git_repository *repo, struct check_job *job,
		       const char *remote, struct check_result *res)
{
	git_reference *head = NULL;
	const char *branch = NULL;
	struct remote_ref rr;
	git_oid head_id;
	char *ref = NULL, hs[12], rs[12];
	int rc = -1;

	if (locked(repo, "HEAD", res) || head_commit(repo, &head_id, res) < 0)
		return -1;
	short_id(hs, &head_id);
	if (git_repository_head_detached(repo) == 1) {
		check_result_set(res, CHECK_FAIL, "HEAD is detached at %s: not "
				 "on a branch to push", hs);
		return -1;
	}
	if (git_repository_head(&head, repo) < 0 ||
	    git_branch_name(&branch, head) < 0) {
		check_result_set(res, CHECK_ERROR, "cannot read HEAD's branch: "
				 "%s", git_msg());
		goto out;
	}
	ref = xasprintf("refs/heads/%s", branch);
	if (remote_lookup_ref(job, repo, remote, ref, &rr, res) < 0)
		goto out;
	if (!rr.found) {
		check_result_set(res, CHECK_FAIL, "%s has no branch %s: not "
				 "pushed", remote, branch);
		goto out;
	}
	short_id(rs, &rr.id);
	check_result_evidence(res, "remote_head", "%s",
			      git_oid_tostr_s(&rr.id));
	if (git_oid_equal(&rr.id, &head_id) ||
	    git_graph_descendant_of(repo, &rr.id, &head_id) == 1)
		rc = 0;
	else
		check_result_set(res, CHECK_FAIL, "%s/%s is at %s, which does "
				 "not hold HEAD %s: not pushed", remote, branch,
				 rs, hs);
out:
	free(ref);
	git_reference_free(head);
	return rc;
}

int check_git_file_pushed(struct check_job *job, const char *rel,
			  bool committed, const char *remote,
			  struct check_result *res)
{
	git_repository *repo = open_repo(job, res);
	int rc = -1;

	if (!repo)
		return -1;
	if (committed && (locked(repo, "index", res) ||
			  file_committed(repo, job, rel, res) < 0))
		goto out;
	if (remote && head_pushed(repo, job, remote, res) < 0)
		goto out;
	rc = 0;
out:
	git_repository_free(repo);
	return rc;
}
