/* share.c: runs as git objects on refs of their own (libgit2), and the
 * git program as the transport. */
#include "config.h"

#include "share.h"
#include "gitlib.h"
#include "proc.h"
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* POSIX leaves this declaration to the program. */
/* NOLINTNEXTLINE(readability-redundant-declaration): see above */
extern char **environ;

struct share {
	git_repository *repo;
	char *root;
};

static const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

/* ---- names ---- */

static bool name_ok(const char *s, size_t max, bool lower)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || strstr(s, "..") || str_ends_with(s, ".lock"))
		return false;
	if (s[0] == '.' || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			  strchr("._@+-", c) != NULL ||
			  (!lower && ((c >= 'A' && c <= 'Z') || c == '_'));
		if (!ok || c == '\0')
			return false;
	}
	return true;
}

bool share_run_name_ok(const char *s)
{
	return name_ok(s, 128, false);
}

bool share_reviewer_id_ok(const char *s)
{
	/* And one run_reviewer_id gives (no "--", no trailing '.' or
	 * '-'): a file the run's view takes, never one it refuses. */
	return name_ok(s, 64, true) && run_reviewer_id_valid(s);
}

bool share_log_name_ok(const char *s)
{
	return name_ok(s, 200, false);
}

bool share_remote_name_ok(const char *s)
{
	return name_ok(s, 64, false);
}

/* ---- records ---- */

void share_record_init(struct share_record *r)
{
	memset(r, 0, sizeof(*r));	/* the journal a BUF_INIT: no bytes */
}

void share_record_free(struct share_record *r)
{
	for (size_t i = 0; i < r->nlogs; i++) {
		free(r->logs[i].name);
		buf_free(&r->logs[i].bytes);
	}
	free(r->logs);
	buf_free(&r->journal);
	share_record_init(r);
}

void share_record_add_log(struct share_record *r, const char *name,
			  const void *bytes, size_t len)
{
	struct share_log *l;

	r->logs = xrealloc(r->logs, (r->nlogs + 1) * sizeof(*r->logs));
	l = &r->logs[r->nlogs++];
	l->name = xstrdup(name);
	buf_init(&l->bytes);
	buf_add(&l->bytes, bytes, len);
}

/* ---- the repository ---- */

int share_open(struct share **out, const char *root, char **err)
{
	git_repository *repo = NULL;

	*out = NULL;
	*err = NULL;
	gitlib_init();
	if (git_repository_open_ext(&repo, root, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0) {
		*err = xasprintf("%s: not a git repository: %s", root,
				 git_msg());
		return -1;
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->repo = repo;
	(*out)->root = xstrdup(root);
	return 0;
}

void share_close(struct share *s)
{
	if (!s)
		return;
	git_repository_free(s->repo);
	free(s->root);
	free(s);
}

int share_ref(struct share *s, const char *ref, char hex[SHARE_HEX],
	      char **err)
{
	git_oid id;
	int rc;

	hex[0] = '\0';
	*err = NULL;
	if (!git_reference_is_valid_name(ref)) {
		*err = xasprintf("%s: not a valid ref name", ref);
		return -1;
	}
	rc = git_reference_name_to_id(&id, s->repo, ref);
	if (rc == GIT_ENOTFOUND)
		return 1;
	if (rc < 0) {
		*err = xasprintf("%s: %s", ref, git_msg());
		return -1;
	}
	git_oid_tostr(hex, SHARE_HEX, &id);
	return 0;
}

/* ---- reading, with the remote's tree held to our shape ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A blob entry's size from its object header (nothing loaded), refused
 * when it is not a plain file or is larger than max. */
static int blob_size(struct share *s, const char *ref, const char *what,
		     const git_tree_entry *e, size_t max, size_t *size,
		     char **err)
{
	git_odb *odb = NULL;
	git_object_t type;
	int rc = -1;

	*size = 0;
	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB) {
		*err = xasprintf("%s: %s is not a plain file (mode %06o): "
				 "refused", ref, what,
				 (unsigned)git_tree_entry_filemode(e));
		return -1;
	}
	if (git_repository_odb(&odb, s->repo) < 0 ||
	    git_odb_read_header(size, &type, odb, git_tree_entry_id(e)) < 0) {
		*err = xasprintf("%s: %s: %s", ref, what, git_msg());
		goto out;
	}
	if (type != GIT_OBJECT_BLOB) {
		*err = xasprintf("%s: %s is not a file: refused", ref, what);
		goto out;
	}
	if (*size > max) {
		*err = xasprintf("%s: %s is %zu bytes, more than the %zu "
				 "allowed: refused", ref, what, *size, max);
		goto out;
	}
	rc = 0;
out:
	git_odb_free(odb);
	return rc;
}

/* A blob entry's bytes (its size checked by blob_size before). */
static int read_blob(struct share *s, const char *ref, const char *what,
		     const git_tree_entry *e, size_t max, struct buf *out,
		     char **err)
{
	git_blob *blob = NULL;
	size_t size;

	if (blob_size(s, ref, what, e, max, &size, err) < 0)
		return -1;
	if (git_blob_lookup(&blob, s->repo, git_tree_entry_id(e)) < 0) {
		*err = xasprintf("%s: %s: %s", ref, what, git_msg());
		return -1;
	}
	if ((size_t)git_blob_rawsize(blob) != size) {
		*err = xasprintf("%s: %s changed size while read: refused",
				 ref, what);
		git_blob_free(blob);
		return -1;
	}
	buf_add(out, git_blob_rawcontent(blob), size);
	git_blob_free(blob);
	return 0;
}

/* The tree's entry names, once each: a tree git would refuse (fsck's
 * duplicateEntries) is refused here too. */
static int no_duplicates(const char *ref, const char *where,
			 const git_tree *t, char **err)
{
	size_t n = git_tree_entrycount(t);
	const char **names = xcalloc(n ? n : 1, sizeof(*names));
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		names[i] = git_tree_entry_name(git_tree_entry_byindex(t, i));
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 1; i < n && rc == 0; i++)
		if (strcmp(names[i - 1], names[i]) == 0) {
			*err = xasprintf("%s: \"%s\" appears twice in %s: "
					 "refused", ref, names[i], where);
			rc = -1;
		}
	free(names);
	return rc;
}

/* The logs' folder held to its shape and sized from the object headers
 * (nothing loaded): each adds to *total, which may not pass
 * SHARE_MAX_TOTAL.  With load, the logs are then read into out. */
static int read_logs(struct share *s, const char *ref,
		     const git_tree_entry *e, bool load, size_t *total,
		     struct share_record *out, char **err)
{
	git_tree *t = NULL;
	size_t n;
	int rc = -1;

	if (git_tree_entry_type(e) != GIT_OBJECT_TREE ||
	    git_tree_entry_filemode(e) != GIT_FILEMODE_TREE) {
		*err = xasprintf("%s: logs is not a folder: refused", ref);
		return -1;
	}
	if (git_tree_lookup(&t, s->repo, git_tree_entry_id(e)) < 0) {
		*err = xasprintf("%s: logs: %s", ref, git_msg());
		return -1;
	}
	n = git_tree_entrycount(t);
	if (n > SHARE_MAX_LOGS) {
		*err = xasprintf("%s: %zu logs, more than the %d allowed: "
				 "refused", ref, n, SHARE_MAX_LOGS);
		goto out;
	}
	if (no_duplicates(ref, "logs/", t, err) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *le = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(le);
		char *what;
		size_t size;
		int r;

		if (!share_log_name_ok(name)) {
			*err = xasprintf("%s: the log name \"%s\" is not one "
					 "relcheck makes (a path, or a name "
					 "outside [A-Za-z0-9._@+-]): refused",
					 ref, name);
			goto out;
		}
		what = xasprintf("logs/%s", name);
		r = blob_size(s, ref, what, le, SHARE_MAX_LOG, &size, err);
		free(what);
		if (r < 0)
			goto out;
		*total += size;
		if (*total > SHARE_MAX_TOTAL) {
			*err = xasprintf("%s: its journal and logs add up to "
					 "more than the %u bytes allowed: "
					 "refused", ref, SHARE_MAX_TOTAL);
			goto out;
		}
	}
	for (size_t i = 0; load && i < n; i++) {
		const git_tree_entry *le = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(le);
		struct buf b = BUF_INIT;
		char *what = xasprintf("logs/%s", name);
		int r = read_blob(s, ref, what, le, SHARE_MAX_LOG, &b, err);

		free(what);
		if (r == 0)
			share_record_add_log(out, name, b.data, b.len);
		buf_free(&b);
		if (r < 0)
			goto out;
	}
	rc = 0;
out:
	git_tree_free(t);
	return rc;
}

/* The tree's shape and sizes first (headers only), then the bytes. */
static int read_tree(struct share *s, const char *ref, enum share_kind kind,
		     const git_tree *t, struct share_record *out, char **err)
{
	const char *jname = kind == SHARE_REVIEW ? "review.jsonl"
						 : "journal.jsonl";
	const git_tree_entry *journal = NULL, *logs = NULL;
	size_t total = 0;

	if (no_duplicates(ref, "its tree", t, err) < 0)
		return -1;
	for (size_t i = 0; i < git_tree_entrycount(t); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(e);

		if (strcmp(name, jname) == 0) {
			journal = e;
		} else if (kind != SHARE_REVIEW && strcmp(name, "logs") == 0) {
			logs = e;
		} else {
			*err = xasprintf("%s: an unexpected entry \"%s\" in "
					 "its tree (a run holds %s%s only): "
					 "refused", ref, name, jname,
					 kind != SHARE_REVIEW ? " and logs/"
							      : "");
			return -1;
		}
	}
	if (!journal) {
		*err = xasprintf("%s: no %s in its tree: refused", ref, jname);
		return -1;
	}
	if (blob_size(s, ref, jname, journal, SHARE_MAX_JOURNAL, &total,
		      err) < 0)
		return -1;
	/* Sized (and, for a run, loaded) before the journal is read. */
	if (logs && read_logs(s, ref, logs, kind == SHARE_RUN, &total, out,
			      err) < 0)
		return -1;
	return read_blob(s, ref, jname, journal, SHARE_MAX_JOURNAL,
			 &out->journal, err);
}

int share_read(struct share *s, const char *ref, enum share_kind kind,
	       struct share_record *out, char **err)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_oid id;
	int rc;

	*err = NULL;
	share_record_free(out);
	rc = share_ref(s, ref, out->commit, err);
	if (rc != 0)
		return rc;
	rc = -1;
	if (git_oid_fromstr(&id, out->commit) < 0 ||
	    git_commit_lookup(&c, s->repo, &id) < 0 ||
	    git_commit_tree(&t, c) < 0) {
		*err = xasprintf("%s: not a commit with a tree: %s", ref,
				 git_msg());
		goto out;
	}
	rc = read_tree(s, ref, kind, t, out, err);
out:
	if (rc < 0) {
		char keep[SHARE_HEX];
		memcpy(keep, out->commit, sizeof(keep));
		share_record_free(out);
		memcpy(out->commit, keep, sizeof(keep));
	}
	git_tree_free(t);
	git_commit_free(c);
	return rc;
}

/* ---- writing ---- */

static int put_blob(struct share *s, git_treebuilder *tb, const char *name,
		    const struct buf *b, char **err)
{
	git_oid id;

	if (git_blob_create_from_buffer(&id, s->repo, b->data, b->len) < 0 ||
	    git_treebuilder_insert(NULL, tb, name, &id,
				   GIT_FILEMODE_BLOB) < 0) {
		*err = xasprintf("cannot write %s: %s", name, git_msg());
		return -1;
	}
	return 0;
}

static int make_tree(struct share *s, enum share_kind kind,
		     const struct share_record *rec, git_oid *tree, char **err)
{
	git_treebuilder *root = NULL, *logs = NULL;
	git_oid logs_id;
	int rc = -1;

	if (git_treebuilder_new(&root, s->repo, NULL) < 0) {
		*err = xasprintf("cannot build a tree: %s", git_msg());
		return -1;
	}
	if (put_blob(s, root, kind == SHARE_RUN ? "journal.jsonl"
		     : "review.jsonl", &rec->journal, err) < 0)
		goto out;
	if (kind == SHARE_RUN && rec->nlogs) {
		if (git_treebuilder_new(&logs, s->repo, NULL) < 0) {
			*err = xasprintf("cannot build a tree: %s", git_msg());
			goto out;
		}
		for (size_t i = 0; i < rec->nlogs; i++) {
			if (!share_log_name_ok(rec->logs[i].name)) {
				*err = xasprintf("the log name \"%s\" cannot be "
						 "shared", rec->logs[i].name);
				goto out;
			}
			if (put_blob(s, logs, rec->logs[i].name,
				     &rec->logs[i].bytes, err) < 0)
				goto out;
		}
		if (git_treebuilder_write(&logs_id, logs) < 0 ||
		    git_treebuilder_insert(NULL, root, "logs", &logs_id,
					   GIT_FILEMODE_TREE) < 0) {
			*err = xasprintf("cannot write the logs' tree: %s",
					 git_msg());
			goto out;
		}
	}
	if (git_treebuilder_write(tree, root) < 0) {
		*err = xasprintf("cannot write the tree: %s", git_msg());
		goto out;
	}
	rc = 0;
out:
	git_treebuilder_free(logs);
	git_treebuilder_free(root);
	return rc;
}

int share_set_ref(struct share *s, const char *ref, const char *hex,
		  const char *expect, char **err)
{
	git_reference *r = NULL;
	git_oid id, old;
	int rc;

	*err = NULL;
	if (!git_reference_is_valid_name(ref) || git_oid_fromstr(&id, hex) < 0 ||
	    (*expect && git_oid_fromstr(&old, expect) < 0)) {
		*err = xasprintf("%s: not a valid ref or object name", ref);
		return -1;
	}
	if (*expect)
		rc = git_reference_create_matching(&r, s->repo, ref, &id, 1,
						   &old, "relcheck");
	else
		rc = git_reference_create(&r, s->repo, ref, &id, 0,
					  "relcheck");
	git_reference_free(r);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) {
		*err = xasprintf("%s was moved by someone else meanwhile: "
				 "nothing overwritten; try again", ref);
		return -1;
	}
	if (rc < 0) {
		*err = xasprintf("cannot update %s: %s", ref, git_msg());
		return -1;
	}
	return 0;
}

static git_signature *who(struct share *s)
{
	git_signature *sig = NULL;

	if (git_signature_default(&sig, s->repo) < 0 &&
	    git_signature_now(&sig, "relcheck", "relcheck@invalid") < 0)
		return NULL;
	return sig;
}

int share_commit(struct share *s, const char *ref, enum share_kind kind,
		 const struct share_record *rec, const char *parent,
		 const char *expect, char out[SHARE_HEX], char **err)
{
	git_commit *p = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_oid tree_id, pid, cid;
	const git_commit *parents[1];
	int rc = -1;

	*err = NULL;
	out[0] = '\0';
	if (make_tree(s, kind, rec, &tree_id, err) < 0)
		return -1;
	if (*parent && (git_oid_fromstr(&pid, parent) < 0 ||
			git_commit_lookup(&p, s->repo, &pid) < 0)) {
		*err = xasprintf("%s: its commit %s: %s", ref, parent,
				 git_msg());
		goto out;
	}
	if (p && git_oid_equal(git_commit_tree_id(p), &tree_id)) {
		cid = pid;	/* nothing new */
	} else {
		parents[0] = p;
		sig = who(s);
		if (!sig || git_tree_lookup(&tree, s->repo, &tree_id) < 0 ||
		    git_commit_create(&cid, s->repo, NULL, sig, sig, NULL,
				      "relcheck: the run's record\n", tree,
				      p ? 1 : 0, parents) < 0) {
			*err = xasprintf("%s: cannot make the commit: %s", ref,
					 git_msg());
			goto out;
		}
	}
	git_oid_tostr(out, SHARE_HEX, &cid);
	if (strcmp(out, expect) != 0 &&
	    share_set_ref(s, ref, out, expect, err) < 0)
		goto out;
	rc = 0;
out:
	git_signature_free(sig);
	git_tree_free(tree);
	git_commit_free(p);
	return rc;
}

bool share_descends(struct share *s, const char *a, const char *b)
{
	git_oid ia, ib;

	if (git_oid_fromstr(&ia, a) < 0 || git_oid_fromstr(&ib, b) < 0)
		return false;
	return git_oid_equal(&ia, &ib) ||
	       git_graph_descendant_of(s->repo, &ia, &ib) == 1;
}

int share_list(struct share *s, const char *prefix, char ***names,
	       size_t *n, char **err)
{
	git_reference_iterator *it = NULL;
	char *glob = xasprintf("%s*", prefix);
	const char *name;
	size_t len = strlen(prefix);

	*names = NULL;
	*n = 0;
	*err = NULL;
	if (git_reference_iterator_glob_new(&it, s->repo, glob) < 0) {
		*err = xasprintf("cannot list %s: %s", prefix, git_msg());
		free(glob);
		return -1;
	}
	free(glob);
	while (git_reference_next_name(&name, it) == 0) {
		if (strncmp(name, prefix, len) != 0)
			continue;
		*names = xrealloc(*names, (*n + 1) * sizeof(**names));
		(*names)[(*n)++] = xstrdup(name + len);
	}
	git_reference_iterator_free(it);
	if (*n)
		qsort(*names, *n, sizeof(**names), cmp_str);
	return 0;
}

char *share_default_remote(struct share *s)
{
	git_reference *head = NULL;
	git_buf b = { 0 };
	char *name = NULL;

	if (git_repository_head(&head, s->repo) == 0 &&
	    git_reference_is_branch(head) &&
	    git_branch_upstream_remote(&b, s->repo,
				       git_reference_name(head)) == 0 &&
	    b.ptr && share_remote_name_ok(b.ptr))
		name = xstrdup(b.ptr);
	git_buf_dispose(&b);
	git_reference_free(head);
	return name ? name : xstrdup("origin");
}

bool share_has_remote(struct share *s, const char *name)
{
	git_remote *r = NULL;
	bool ok = share_remote_name_ok(name) &&
		  git_remote_lookup(&r, s->repo, name) == 0;

	git_remote_free(r);
	return ok;
}

/* ---- the transport ---- */

/* Our environment with GIT_TERMINAL_PROMPT=0 (any other value of it
 * left out).  Caller frees the array (not the strings but its one). */
static char **git_env(char **own)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = xcalloc(n + 2, sizeof(*env));
	for (size_t i = 0; i < n; i++)
		if (!str_starts_with(environ[i], "GIT_TERMINAL_PROMPT="))
			env[k++] = environ[i];
	*own = xstrdup("GIT_TERMINAL_PROMPT=0");
	env[k] = *own;
	return env;
}

/* What the child wrote in fd, from its start (at most 1 MiB). */
static void read_back(int fd, struct buf *out)
{
	char chunk[8192];
	ssize_t n;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return;
	while (out->len < 1024 * 1024 &&
	       (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return;
		buf_add(out, chunk, (size_t)n);
	}
}

int share_git(const char *root, const char *const *argv, int timeout_s,
	      int *exit_code, struct buf *out, char **err)
{
	struct proc_options opt = { 0 };
	struct proc_result pr;
	char *own = NULL, **env;
	int fd = file_temp_unnamed("relcheck-git"), rc = -1;

	*err = NULL;
	*exit_code = -1;
	if (fd < 0) {
		*err = xasprintf("cannot make a temporary file: %s",
				 strerror(errno));
		return -1;
	}
	/* git's output is read back through the fd. */
	env = git_env(&own);
	opt.argv = argv;
	opt.envp = env;
	opt.cwd = root;
	opt.out_fd = fd;
	opt.timeout_s = timeout_s;
	opt.new_session = true;	/* no terminal: ssh cannot prompt either */
	if (proc_run(&opt, &pr, err) == 0) {
		*exit_code = pr.timed_out ? 124 : pr.exit_code;
		read_back(fd, out);
		if (pr.timed_out)
			buf_addf(out, "\n(no answer within %d s)\n", timeout_s);
		rc = 0;
	}
	close(fd);
	free(env);
	free(own);
	return rc;
}
