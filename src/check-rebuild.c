/* check-rebuild.c: the release tag's tree, built again in a clean
 * temporary tree, gives the files in dist/ (and those the index serves).
 *
 * Clean means: the tag's tree, checked out by libgit2 into a private
 * mkdtemp folder (never the user's working tree; no index, HEAD or ref of
 * the repository is touched, and the folder has no .git: a build that
 * asks git for its version gets nothing, so setuptools-scm's projects
 * set SETUPTOOLS_SCM_PRETEND_VERSION=${version} in `build`), nothing
 * untracked or ignored from the working tree, umask 022.  The build runs
 * there under /bin/sh with our environment (PATH, HOME, ...) less GIT_DIR
 * and the other GIT_* variables that would point git at the user's
 * repository, plus SOURCE_DATE_EPOCH (the tagged commit's committer
 * time), GIT_CEILING_DIRECTORIES (the temporary folder) and
 * RELCHECK_REBUILD_OUT (where the files go), in a process group of its
 * own that dies with the check (src/proc.c).  The folder is removed on
 * every way out: pass, fail, build error, timeout, cancel.
 *
 * Each rebuilt file is compared with the file of the same name that
 * `files` matches, by sha256; when they differ, both are read (never
 * extracted, src/distfile.c) and the members that differ are listed.
 */
#include "config.h"

#include "check.h"
#include "distfile.h"
#include "gitlib.h"
#include "hash.h"
#include "net.h"
#include "proc.h"
#include "project.h"
#include "pypi-index.h"
#include "sanitize.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT 1800
#define DEFAULT_BUILD "python3 -m build --outdir \"$RELCHECK_REBUILD_OUT\""
/* Member differences listed per file, and the number in the reason. */
#define DIFF_CAP 20
#define DIFF_IN_REASON 3
/* Rebuilt files considered at most. */
#define MAX_OUTPUTS 64

static const char *git_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown error";
}

/* ---- the temporary folder ---- */

static int open_up(const char *path, const struct stat *st, int flag,
		   struct FTW *ftw)
{
	(void)ftw;
	if (flag == FTW_D || flag == FTW_DNR)
		chmod(path, (st->st_mode & 07777) | 0700);
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D || flag == FTW_DNR)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Removes dir and all under it, links not followed. */
static void remove_tree(const char *dir)
{
	nftw(dir, open_up, 16, FTW_PHYS);
	nftw(dir, remove_one, 16, FTW_PHYS | FTW_DEPTH);
}

/* ---- the tag's tree ---- */

/* Checks the tag's tree out into dir.  0, or -1 with res set. */
static int checkout_tag(struct check_job *job, const char *tag,
			const char *dir, long long *when, char commit[12],
			struct check_result *res)
{
	git_repository *repo = NULL;
	git_object *obj = NULL;
	git_commit *c = NULL;
	git_tree *tree = NULL;
	git_checkout_options co;
	char *ref = xasprintf("refs/tags/%s", tag);
	int rc = -1;

	gitlib_init();
	git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
	if (git_repository_open_ext(&repo, job->root, 0, NULL) < 0 ||
	    project_guard_objects(repo) < 0) {
		check_result_set(res, CHECK_ERROR, "cannot open the repository "
				 "at %s: %s", job->root, git_msg());
		goto out;
	}
	if (git_revparse_single(&obj, repo, ref) < 0) {
		check_result_set(res, CHECK_FAIL, "the tag %s does not exist",
				 tag);
		goto out;
	}
	if (git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT) < 0) {
		check_result_set(res, CHECK_FAIL, "the tag %s is not of a "
				 "commit: %s", tag, git_msg());
		goto out;
	}
	if (git_commit_tree(&tree, c) < 0) {
		check_result_set(res, CHECK_ERROR, "the tree of %s: %s", tag,
				 git_msg());
		goto out;
	}
	git_oid_tostr(commit, 12, git_commit_id(c));
	*when = (long long)git_commit_committer(c)->when.time;
	/* Everything written into dir; the repository's index, HEAD and
	 * working tree left alone. */
	co.checkout_strategy = GIT_CHECKOUT_FORCE |
			       GIT_CHECKOUT_DONT_UPDATE_INDEX;
	co.target_directory = dir;
	if (git_checkout_tree(repo, (git_object *)tree, &co) < 0) {
		check_result_set(res, CHECK_ERROR, "cannot check %s out into "
				 "%s: %s", tag, dir, git_msg());
		goto out;
	}
	rc = 0;
out:
	git_tree_free(tree);
	git_commit_free(c);
	git_object_free(obj);
	git_repository_free(repo);
	free(ref);
	return rc;
}

/* ---- the build ---- */

static bool dropped(const char *entry)
{
	static const char *const names[] = {
		"SOURCE_DATE_EPOCH=", "RELCHECK_REBUILD_", "GIT_DIR=",
		"GIT_WORK_TREE=", "GIT_INDEX_FILE=", "GIT_OBJECT_DIRECTORY=",
		"GIT_ALTERNATE_OBJECT_DIRECTORIES=", "GIT_COMMON_DIR=",
		"GIT_CEILING_DIRECTORIES=", "GIT_NAMESPACE=", NULL
	};

	for (size_t i = 0; names[i]; i++)
		if (str_starts_with(entry, names[i]))
			return true;
	return false;
}

/* Our environment, as the build gets it; NULL-terminated, caller frees
 * each string and the array. */
static char **build_env(const char *tmp, const char *out, long long when,
			const char *tag)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = xcalloc(n + 5, sizeof(*env));
	for (size_t i = 0; i < n; i++)
		if (!dropped(environ[i]))
			env[k++] = xstrdup(environ[i]);
	env[k++] = xasprintf("SOURCE_DATE_EPOCH=%lld", when);
	env[k++] = xasprintf("RELCHECK_REBUILD_OUT=%s", out);
	env[k++] = xasprintf("RELCHECK_REBUILD_TAG=%s", tag);
	env[k++] = xasprintf("GIT_CEILING_DIRECTORIES=%s", tmp);
	env[k] = NULL;
	return env;
}

static void free_env(char **env)
{
	for (size_t i = 0; env[i]; i++)
		free(env[i]);
	free(env);
}

/* Runs build in src.  0 when it exited 0; -1 with res set. */
static int run_build(struct check_job *job, const char *build,
		     const char *tmp, const char *src, const char *out,
		     long long when, const char *tag, struct check_result *res)
{
	struct proc_options opt = { 0 };
	struct proc_result pr;
	char **env = build_env(tmp, out, when, tag);
	char *cmd = xasprintf("umask 022; %s", build);
	char *err = NULL;
	int fd = check_open_log(job, res), rc = -1;

	if (fd < 0)
		goto out;
	opt.command = cmd;
	opt.envp = env;
	opt.cwd = src;
	opt.out_fd = fd;
	opt.timeout_s = (int)check_job_int(job, "timeout", DEFAULT_TIMEOUT);
	opt.cancel = job->cancel;
	opt.new_session = true;
	if (proc_run(&opt, &pr, &err) < 0) {
		close(fd);
		check_result_set(res, CHECK_ERROR, "the build: %s", err);
		free(err);
		goto out;
	}
	close(fd);
	check_finish_log(res);
	check_result_evidence(res, "build_exit_code", "%d", pr.exit_code);
	if (pr.cancelled)
		check_result_set(res, CHECK_ERROR, "cancelled");
	else if (pr.timed_out)
		check_result_set(res, CHECK_ERROR, "the build took more than "
				 "%d s: stopped (its log's tail in the "
				 "detail)", opt.timeout_s);
	else if (pr.signal)
		check_result_set(res, CHECK_ERROR, "the build was killed by "
				 "signal %d", pr.signal);
	else if (pr.exit_code != 0)
		check_result_set(res, CHECK_ERROR, "the build failed (exit %d;"
				 " its log's tail in the detail)",
				 pr.exit_code);
	else
		rc = 0;
out:
	free_env(env);
	free(cmd);
	return rc;
}

/* ---- comparing ---- */

struct output {
	char *name;
	char *path;
	char sha256[SHA256_HEX_LEN + 1];
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct output *)a)->name,
		      ((const struct output *)b)->name);
}

/* The regular files the build wrote into dir, sorted.  -1 with res set. */
static int list_outputs(const char *dir, struct output **outv, size_t *n,
			struct check_result *res)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	*outv = NULL;
	*n = 0;
	if (!d) {
		check_result_set(res, CHECK_ERROR, "%s: %s", dir,
				 strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char *p;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		p = path_join(dir, e->d_name);
		if (lstat(p, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		if (*n == MAX_OUTPUTS) {
			free(p);
			closedir(d);
			check_result_set(res, CHECK_ERROR, "the build wrote "
					 "more than %d files", MAX_OUTPUTS);
			return -1;
		}
		*outv = xrealloc(*outv, (*n + 1) * sizeof(**outv));
		(*outv)[*n].name = xstrdup(e->d_name);
		(*outv)[*n].path = p;
		if (sha256_file(p, (*outv)[*n].sha256) < 0)
			(*outv)[*n].sha256[0] = '\0';
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(*outv, *n, sizeof(**outv), by_name);
	return 0;
}

static void free_outputs(struct output *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(o[i].name);
		free(o[i].path);
	}
	free(o);
}

/* Says how the rebuilt file differs from the one in dist/: the members
 * that differ, in the evidence and (the first few) in the reason. */
static void explain(const char *name, const char *local,
		    const struct output *o, struct check_result *res)
{
	struct dist_file a, b;
	struct buf lines = BUF_INIT;
	char *err = NULL, *key;
	size_t n;

	buf_init(&lines);
	if (dist_read(local, DIST_UNKNOWN, true, NULL, &a, &err) < 0) {
		check_result_set(res, CHECK_FAIL, "%s differs from the rebuilt "
				 "one, and cannot be read: %s", name, err);
		free(err);
		dist_file_free(&a);
		return;
	}
	if (dist_read(o->path, DIST_UNKNOWN, true, NULL, &b, &err) < 0) {
		check_result_set(res, CHECK_FAIL, "%s differs from the rebuilt "
				 "one, which cannot be read: %s", name, err);
		free(err);
		dist_file_free(&a);
		dist_file_free(&b);
		return;
	}
	n = dist_diff(&a, &b, DIFF_CAP, &lines);
	key = xasprintf("members %s (dist/, rebuilt)", name);
	check_result_evidence(res, key, "%s", n ? lines.data
			      : "the same members: the archives differ in "
				"order, compression or headers\n");
	free(key);
	if (n == 0) {
		check_result_set(res, CHECK_FAIL, "%s differs from the rebuilt "
				 "one (sha256 %.12s, rebuilt %.12s), with the "
				 "same members: in order, compression or "
				 "headers", name, "", o->sha256);
	} else {
		struct buf first = BUF_INIT;
		const char *p = lines.data;

		buf_init(&first);
		for (int i = 0; i < DIFF_IN_REASON && *p; i++) {
			const char *nl = strchr(p, '\n');
			size_t len = nl ? (size_t)(nl - p) : strlen(p);
			buf_addf(&first, "%s%.*s", i ? "; " : "", (int)len, p);
			p += len + (nl ? 1 : 0);
		}
		check_result_set(res, CHECK_FAIL, "%s differs from the rebuilt "
				 "one: %zu member difference%s (%s%s)", name,
				 n, n == 1 ? "" : "s", first.data,
				 n > DIFF_IN_REASON ? "; ..." : "");
		buf_free(&first);
	}
	buf_free(&lines);
	dist_file_free(&a);
	dist_file_free(&b);
}

/* The sha256 the index serves for each output.  0 when all agree; -1
 * with res set. */
static int compare_index(struct check_job *job, const char *index_s,
			 const char *project, const struct output *o,
			 size_t n, struct check_result *res)
{
	struct net_options opt;
	struct net_response r;
	struct pypi_release v = { 0 };
	char *index = xstrdup(index_s), *norm = project_normalise(project);
	char *url = NULL, *err = NULL;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	while (str_ends_with(index, "/") && strlen(index) > 8)
		index[strlen(index) - 1] = '\0';
	if (!job->version) {
		check_result_set(res, CHECK_ERROR, "the release version is "
				 "unknown: give --release");
		goto out;
	}
	memset(&opt, 0, sizeof(opt));
	opt.connect_timeout_s = check_job_int(job, "connect_timeout", 10);
	opt.timeout_s = 30;
	opt.retries = (int)check_job_int(job, "retries", 2);
	opt.follow = true;
	opt.cancel = job->cancel;
	opt.accept = "application/json";
	url = xasprintf("%s/pypi/%s/%s/json", index, norm, job->version);
	check_result_evidence(res, "url", "%s", url);
	if (net_get(url, &opt, &r, &err) < 0) {
		check_result_set(res, CHECK_ERROR, "%s: %s", url, err);
		free(err);
		goto out;
	}
	if (r.status != 200) {
		check_result_set(res, r.status == 404 ? CHECK_FAIL
				 : CHECK_ERROR, "%s answered HTTP %ld", url,
				 r.status);
		goto out;
	}
	if (pypi_parse_json_api(r.body.data, r.body.len, &v, &err) < 0) {
		check_result_set(res, CHECK_ERROR, "%s: %s", url, err);
		free(err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct pypi_file *f = NULL;
		for (size_t j = 0; j < v.nfiles && !f; j++)
			if (strcmp(v.files[j].filename, o[i].name) == 0)
				f = &v.files[j];
		if (!f) {
			check_result_set(res, CHECK_FAIL, "the index does not "
					 "serve the rebuilt %s", o[i].name);
			goto out;
		}
		if (!f->sha256 || strcasecmp(f->sha256, o[i].sha256) != 0) {
			check_result_set(res, CHECK_FAIL, "the index serves %s "
					 "with sha256 %.12s, the rebuilt one "
					 "is %.12s", o[i].name,
					 f->sha256 ? f->sha256 : "(none)",
					 o[i].sha256);
			goto out;
		}
	}
	rc = 0;
out:
	pypi_release_free(&v);
	net_response_free(&r);
	free(url);
	free(norm);
	free(index);
	return rc;
}

/* Compares the outputs with the files `files` matches.  0 when all are
 * the same; -1 with res set. */
static int compare_dist(struct check_job *job, const char *files,
			const struct output *o, size_t n,
			struct check_result *res)
{
	char *pattern = check_path(job, files);
	glob_t g;
	int rc = -1;

	memset(&g, 0, sizeof(g));
	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		check_result_set(res, CHECK_FAIL, "no file matches %s to "
				 "compare with the rebuilt ones", files);
		goto out;
	}
	/* Every local file was rebuilt ... */
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *name = strrchr(g.gl_pathv[i], '/')
				   ? strrchr(g.gl_pathv[i], '/') + 1
				   : g.gl_pathv[i];
		bool found = false;
		for (size_t j = 0; j < n && !found; j++)
			found = strcmp(o[j].name, name) == 0;
		if (!found) {
			check_result_set(res, CHECK_FAIL, "%s was not rebuilt "
					 "(the build wrote %zu other file%s)",
					 name, n, n == 1 ? "" : "s");
			goto out;
		}
	}
	/* ... and every rebuilt file is the local one. */
	for (size_t j = 0; j < n; j++) {
		const char *local = NULL;
		char hex[SHA256_HEX_LEN + 1], *key;

		for (size_t i = 0; i < g.gl_pathc && !local; i++) {
			const char *s = strrchr(g.gl_pathv[i], '/');
			if (strcmp(s ? s + 1 : g.gl_pathv[i], o[j].name) == 0)
				local = g.gl_pathv[i];
		}
		key = xasprintf("rebuilt %s", o[j].name);
		check_result_evidence(res, key, "sha256 %s", o[j].sha256);
		free(key);
		if (!local) {
			check_result_set(res, CHECK_FAIL, "the build wrote %s, "
					 "which %s does not match", o[j].name,
					 files);
			goto out;
		}
		if (check_confine(job, local, o[j].name, res) < 0)
			goto out;
		if (sha256_file(local, hex) < 0) {
			check_result_set(res, CHECK_ERROR, "cannot read %s: %s",
					 local, strerror(errno));
			goto out;
		}
		if (strcmp(hex, o[j].sha256) != 0) {
			explain(o[j].name, local, &o[j], res);
			goto out;
		}
	}
	rc = 0;
out:
	globfree(&g);
	free(pattern);
	return rc;
}

void check_rebuild_run(struct check_job *job, struct check_result *res)
{
	const char *tag = check_job_str(job, "tag");
	const char *files = check_job_str(job, "files");
	const char *build = check_job_str(job, "build");
	const char *index = check_job_str(job, "index");
	const char *project = check_job_str(job, "project");
	const char *tmpdir = getenv("TMPDIR");
	char *tmp, *src = NULL, *out = NULL;
	char commit[12] = "";
	struct output *o = NULL;
	size_t n = 0;
	long long when = 0;

	if (!tag || !*tag) {
		check_result_set(res, CHECK_ERROR, "the release tag is unknown:"
				 " set tag (or ${tag})");
		return;
	}
	if (!files) {
		check_result_set(res, CHECK_ERROR, "no files to compare: set "
				 "files (the release version is unknown?)");
		return;
	}
	if (index && (!project || !*project)) {
		check_result_set(res, CHECK_ERROR, "index is set, the project's"
				 " name is unknown: set project");
		return;
	}
	if (!build)
		build = DEFAULT_BUILD;
	tmp = xasprintf("%s/relcheck-rebuild-XXXXXX",
			tmpdir && *tmpdir == '/' ? tmpdir : "/tmp");
	if (!mkdtemp(tmp)) {
		check_result_set(res, CHECK_ERROR, "cannot make a temporary "
				 "folder %s: %s", tmp, strerror(errno));
		free(tmp);
		return;
	}
	src = path_join(tmp, "src");
	out = path_join(tmp, "out");
	if (mkdir(src, 0700) < 0 || mkdir(out, 0700) < 0) {
		check_result_set(res, CHECK_ERROR, "cannot make %s: %s", src,
				 strerror(errno));
		goto done;
	}
	check_result_evidence(res, "tag", "%s", tag);
	if (checkout_tag(job, tag, src, &when, commit, res) < 0)
		goto done;
	check_result_evidence(res, "commit", "%s", commit);
	check_result_evidence(res, "SOURCE_DATE_EPOCH", "%lld", when);
	check_result_evidence(res, "build", "%s", build);
	if (check_job_cancelled(job)) {
		check_result_set(res, CHECK_ERROR, "cancelled");
		goto done;
	}
	check_job_progress(job, "building %s in a clean tree", tag);
	if (run_build(job, build, tmp, src, out, when, tag, res) < 0)
		goto done;
	if (list_outputs(out, &o, &n, res) < 0)
		goto done;
	if (n == 0) {
		check_result_set(res, CHECK_ERROR, "the build wrote no file "
				 "into $RELCHECK_REBUILD_OUT");
		goto done;
	}
	if (compare_dist(job, files, o, n, res) < 0)
		goto done;
	if (index && compare_index(job, index, project, o, n, res) < 0)
		goto done;
	check_result_set(res, CHECK_PASS, "%s rebuilt gives the same %zu "
			 "file%s (sha256)%s", tag, n, n == 1 ? "" : "s",
			 index ? ", as the index serves" : "");
done:
	free_outputs(o, n);
	remove_tree(tmp);
	free(src);
	free(out);
	free(tmp);
}
