/* check-forge.c: the forge around the release (GitHub, GitLab):
 *
 *   forge-release   the tag has a release whose assets are the files of
 *                   dist/, by name and sha256 (GitHub's digest when it
 *                   gives one, else the asset downloaded and hashed);
 *   forge-ci        the CI of the tagged commit finished and succeeded
 *                   (GitHub's check runs, GitLab's latest pipeline);
 *   forge-blockers  no open issue or pull (merge) request carries the
 *                   release-blocker label or the release's milestone.
 *
 * forge.c talks to the API; here is what the answers mean.  Names and
 * titles from the forge reach reasons through check_result_set only
 * (sanitised, one line), cut short, at most MAX_LISTED of them.
 */
#include "config.h"

#include "check.h"
#include "forge.h"
#include "hash.h"

#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_LISTED 5		/* names in a reason */
#define MAX_TITLE 60		/* bytes of a title in a reason */
#define MAX_ASSETS 1000		/* GitHub's own limit per release */
#define ASSET_SLACK (1u << 20)	/* download cap: the local size + this */

/* Appends name to a "a, b, c and 2 more" list of at most MAX_LISTED. */
static void list_add(struct buf *b, size_t *n, const char *fmt, ...)
	PRINTF_LIKE(3, 4);
static void list_add(struct buf *b, size_t *n, const char *fmt, ...)
{
	if (*n < MAX_LISTED) {
		va_list ap;

		if (*n)
			buf_adds(b, ", ");
		va_start(ap, fmt);
		buf_vaddf(b, fmt, ap);
		va_end(ap);
	}
	(*n)++;
}

static void list_end(struct buf *b, size_t n)
{
	if (n > MAX_LISTED)
		buf_addf(b, " and %zu more", n - MAX_LISTED);
	if (!b->data)
		buf_adds(b, "");
}

static const char *tag_of(struct check_job *job, struct check_result *res)
{
	const char *tag = check_job_str(job, "tag");

	if (!tag || !*tag) {
		check_result_set(res, CHECK_ERROR, "tag: unknown (set tag, or "
				 "give --release for ${tag})");
		return NULL;
	}
	return tag;
}

/* ---- forge-release ---- */

struct asset {
	const char *name;
	const char *digest;	/* sha256 hex, or NULL */
	const char *url;	/* to download it */
	long long size;		/* -1: not said */
	bool matched;
};

/* The release's assets from the forge's answer: -1 with res set. */
static int read_assets(struct forge *f, json_t *rel, struct asset **out,
		       size_t *n, struct check_result *res)
{
	json_t *list = f->kind == FORGE_GITHUB
		       ? json_object_get(rel, "assets")
		       : json_object_get(json_object_get(rel, "assets"),
					 "links");
	size_t i;
	json_t *a;

	*out = NULL;
	*n = 0;
	if (!json_is_array(list)) {
		check_result_set(res, CHECK_ERROR, "%s's release has no list "
				 "of assets (%s)", f->name,
				 f->kind == FORGE_GITHUB ? "assets"
				 : "assets.links");
		return -1;
	}
	if (json_array_size(list) > MAX_ASSETS) {
		check_result_set(res, CHECK_ERROR, "%s's release has more than "
				 "%d assets", f->name, MAX_ASSETS);
		return -1;
	}
	*out = xcalloc(json_array_size(list) + 1, sizeof(**out));
	json_array_foreach(list, i, a) {
		struct asset *s = &(*out)[*n];
		const char *d;
		json_t *size = json_object_get(a, "size");

		s->name = forge_str(a, "name");
		if (!s->name)
			continue;	/* nothing to compare it by */
		if (f->kind == FORGE_GITHUB) {
			s->url = forge_str(a, "url");
			d = forge_str(a, "digest");
			if (d && strncmp(d, "sha256:", 7) == 0 &&
			    strlen(d + 7) == SHA256_HEX_LEN &&
			    strspn(d + 7, "0123456789abcdefABCDEF") ==
			    SHA256_HEX_LEN)
				s->digest = d + 7;
		} else {
			s->url = forge_str(a, "direct_asset_url");
			if (!s->url)
				s->url = forge_str(a, "url");
		}
		s->size = json_is_integer(size) ? json_integer_value(size) : -1;
		(*n)++;
	}
	return 0;
}

/* Whether the local file (size bytes, sha256 hex) is the asset: 1 yes,
 * 0 no (*how says how they differ), -1 with res set. */
static int same_file(struct forge *f, struct asset *a, const char *name,
		     long long size, const char *hex, char **how,
		     struct check_result *res)
{
	char got[SHA256_HEX_LEN + 1];

	*how = NULL;
	if (a->size >= 0 && a->size != size) {
		*how = xasprintf("%lld bytes, the local file %lld", a->size,
				 size);
		return 0;
	}
	if (a->digest) {
		memcpy(got, a->digest, SHA256_HEX_LEN + 1);
	} else {
		if (!a->url) {
			check_result_set(res, CHECK_ERROR, "%s's asset %s has "
					 "no URL to download it from", f->name,
					 name);
			return -1;
		}
		char *what = xasprintf("the asset %s", name);
		int rc;

		/* GitHub's API URL of an asset answers with its bytes for
		 * this Accept, by a redirect to another host. */
		rc = forge_download_sha256(f, a->url, what,
					   (size_t)size + ASSET_SLACK,
					   f->kind == FORGE_GITHUB
					   ? "application/octet-stream" : NULL,
					   got, res);
		free(what);
		if (rc < 0)
			return -1;
	}
	if (strcasecmp(got, hex) != 0) {
		*how = xasprintf("sha256 %.12s, the local file %.12s", got,
				 hex);
		return 0;
	}
	return 1;
}

void check_forge_release_run(struct check_job *job, struct check_result *res)
{
	const char *tag, *files = check_job_str(job, "files");
	bool exact = check_job_bool(job, "exact", false);
	struct buf differ = BUF_INIT, missing = BUF_INIT, extra = BUF_INIT;
	size_t ndiffer = 0, nmissing = 0, nextra = 0, nassets = 0;
	struct asset *assets = NULL;
	struct forge f;
	json_t *rel = NULL;
	char *path = NULL, *enc, *pattern = NULL;
	glob_t g;
	int rc;

	memset(&g, 0, sizeof(g));
	if (!(tag = tag_of(job, res)))
		return;
	if (!files) {
		check_result_set(res, CHECK_ERROR, "files: unknown (set files, "
				 "or give --release)");
		return;
	}
	if (forge_open(job, &f, res) != 0)
		return;
	enc = forge_escape(tag);
	path = f.kind == FORGE_GITHUB
	       ? xasprintf("%s/releases/tags/%s", f.project, enc)
	       : xasprintf("%s/releases/%s", f.project, enc);
	free(enc);
	{
		char *what = xasprintf("the release of %s", tag);
		rc = forge_get(&f, path, what, &rel, res);
		free(what);
	}
	if (rc > 0) {
		check_result_set(res, CHECK_FAIL, "no release for tag %s on %s "
				 "%s", tag, f.name, f.repository);
		goto out;
	}
	if (rc < 0)
		goto out;
	if (json_is_true(json_object_get(rel, "draft"))) {
		check_result_set(res, CHECK_FAIL, "the %s release of %s is a "
				 "draft", f.name, tag);
		goto out;
	}
	if (read_assets(&f, rel, &assets, &nassets, res) < 0)
		goto out;
	pattern = check_path(job, files);
	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		check_result_set(res, CHECK_FAIL, "no local file matches %s to "
				 "compare with the %s release", files, f.name);
		goto out;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *local = g.gl_pathv[i];
		const char *name = strrchr(local, '/') ? strrchr(local, '/') + 1
						       : local;
		char hex[SHA256_HEX_LEN + 1], *how = NULL;
		struct asset *a = NULL;
		struct stat st;

		if (stat(local, &st) < 0 || !S_ISREG(st.st_mode) ||
		    sha256_file(local, hex) < 0) {
			check_result_set(res, CHECK_ERROR, "cannot read %s",
					 local);
			goto out;
		}
		for (size_t k = 0; k < nassets && !a; k++)
			if (strcmp(assets[k].name, name) == 0)
				a = &assets[k];
		if (!a) {
			list_add(&missing, &nmissing, "%s", name);
			continue;
		}
		a->matched = true;
		rc = same_file(&f, a, name, (long long)st.st_size, hex, &how,
			       res);
		if (rc < 0)
			goto out;
		if (rc == 0)
			list_add(&differ, &ndiffer, "%s (%s)", name, how);
		else {
			char *key = xasprintf("sha256 %s", name);
			check_result_evidence(res, key, "%s%s", hex, a->digest
					      ? " (the forge's digest)"
					      : " (downloaded)");
			free(key);
		}
		free(how);
	}
	for (size_t k = 0; k < nassets; k++)
		if (!assets[k].matched)
			list_add(&extra, &nextra, "%.*s", MAX_TITLE,
				 assets[k].name);
	list_end(&differ, ndiffer);
	list_end(&missing, nmissing);
	list_end(&extra, nextra);
	if (nextra)
		check_result_evidence(res, "other assets", "%s", extra.data);
	if (ndiffer || nmissing || (exact && nextra)) {
		check_result_set(res, CHECK_FAIL, "the %s release of %s is not "
				 "dist/:%s%s%s%s%s%s", f.name, tag,
				 ndiffer ? " differs: " : "",
				 ndiffer ? differ.data : "",
				 nmissing ? (ndiffer ? "; missing: "
					     : " missing: ") : "",
				 nmissing ? missing.data : "",
				 exact && nextra ? "; not in dist/: " : "",
				 exact && nextra ? extra.data : "");
	} else {
		check_result_set(res, CHECK_PASS, "the %s release of %s has the "
				 "%zu file%s of dist/ (sha256)%s%s", f.name,
				 tag, g.gl_pathc, g.gl_pathc == 1 ? "" : "s",
				 nextra ? "; other assets: " : "",
				 nextra ? extra.data : "");
	}
out:
	if (pattern)
		globfree(&g);
	free(pattern);
	free(assets);
	json_decref(rel);
	free(path);
	buf_free(&differ);
	buf_free(&missing);
	buf_free(&extra);
	forge_close(&f, res);
}

/* ---- forge-ci ---- */

static void github_ci(struct forge *f, const char *tag, const char *sha,
		      struct check_result *res)
{
	char *path = xasprintf("%s/commits/%s/check-runs", f->project, sha);
	struct buf failed = BUF_INIT, pending = BUF_INIT;
	size_t nfailed = 0, npending = 0, n;
	json_t *runs = NULL, *run;
	size_t i;
	int rc;

	rc = forge_get_list(f, path, "check_runs", "the check runs", &runs,
			    res);
	if (rc > 0)
		check_result_set(res, CHECK_FAIL, "no commit %.12s on %s %s",
				 sha, f->name, f->repository);
	if (rc != 0)
		goto out;
	n = json_array_size(runs);
	json_array_foreach(runs, i, run) {
		const char *name = forge_str(run, "name");
		const char *status = forge_str(run, "status");
		const char *conclusion = forge_str(run, "conclusion");

		if (!name)
			name = "(unnamed)";
		if (!status || strcmp(status, "completed") != 0)
			list_add(&pending, &npending, "%.*s (%.20s)", MAX_TITLE,
				 name, status ? status : "no status");
		else if (!conclusion || (strcmp(conclusion, "success") != 0 &&
					 strcmp(conclusion, "neutral") != 0 &&
					 strcmp(conclusion, "skipped") != 0))
			list_add(&failed, &nfailed, "%.*s (%.20s)", MAX_TITLE,
				 name, conclusion ? conclusion : "no "
				 "conclusion");
	}
	list_end(&failed, nfailed);
	list_end(&pending, npending);
	if (n == 0)
		check_result_set(res, CHECK_FAIL, "no CI run for %s (%.12s) on "
				 "%s %s", tag, sha, f->name, f->repository);
	else if (nfailed)
		check_result_set(res, CHECK_FAIL, "the CI of %s failed: %s", tag,
				 failed.data);
	else if (npending)
		check_result_set(res, CHECK_FAIL, "the CI of %s has not "
				 "finished: %s", tag, pending.data);
	else
		check_result_set(res, CHECK_PASS, "the CI of %s (%.12s) "
				 "succeeded: %zu check run%s", tag, sha, n,
				 n == 1 ? "" : "s");
out:
	json_decref(runs);
	buf_free(&failed);
	buf_free(&pending);
	free(path);
}

static void gitlab_ci(struct forge *f, const char *tag, const char *sha,
		      struct check_result *res)
{
	char *path = xasprintf("%s/pipelines?sha=%s&order_by=id&sort=desc&"
			       "per_page=20", f->project, sha);
	json_t *list = NULL, *p, *latest = NULL;
	const char *status;
	size_t i;
	int rc;

	rc = forge_get(f, path, "the pipelines", &list, res);
	if (rc > 0)
		check_result_set(res, CHECK_FAIL, "no project %s on %s",
				 f->repository, f->name);
	if (rc != 0)
		goto out;
	if (!json_is_array(list)) {
		check_result_set(res, CHECK_ERROR, "%s's answer for the "
				 "pipelines is not a list", f->name);
		goto out;
	}
	/* The latest: the greatest id, whatever the order given. */
	json_array_foreach(list, i, p) {
		json_t *id = json_object_get(p, "id");
		if (json_is_integer(id) &&
		    (!latest || json_integer_value(id) >
		     json_integer_value(json_object_get(latest, "id"))))
			latest = p;
	}
	if (!latest) {
		check_result_set(res, CHECK_FAIL, "no CI run (pipeline) for %s "
				 "(%.12s) on %s %s", tag, sha, f->name,
				 f->repository);
		goto out;
	}
	status = forge_str(latest, "status");
	if (!status)
		status = "no status";
	check_result_evidence(res, "pipeline", "%" JSON_INTEGER_FORMAT " %.20s",
			      json_integer_value(json_object_get(latest, "id")),
			      status);
	if (strcmp(status, "success") == 0)
		check_result_set(res, CHECK_PASS, "the CI of %s (%.12s) "
				 "succeeded: pipeline #%" JSON_INTEGER_FORMAT,
				 tag, sha, json_integer_value(
					 json_object_get(latest, "id")));
	else if (strcmp(status, "failed") == 0 ||
		 strcmp(status, "canceled") == 0 ||
		 strcmp(status, "skipped") == 0)
		check_result_set(res, CHECK_FAIL, "the CI of %s failed: "
				 "pipeline #%" JSON_INTEGER_FORMAT " %.20s",
				 tag, json_integer_value(
					 json_object_get(latest, "id")), status);
	else
		check_result_set(res, CHECK_FAIL, "the CI of %s has not "
				 "finished: pipeline #%" JSON_INTEGER_FORMAT
				 " %.20s", tag, json_integer_value(
					 json_object_get(latest, "id")), status);
out:
	json_decref(list);
	free(path);
}

void check_forge_ci_run(struct check_job *job, struct check_result *res)
{
	const char *tag;
	struct forge f;
	char *sha = NULL;

	if (!(tag = tag_of(job, res)))
		return;
	if (forge_open(job, &f, res) != 0)
		return;
	if (forge_tag_commit(&f, tag, &sha, res) == 0) {
		if (f.kind == FORGE_GITHUB)
			github_ci(&f, tag, sha, res);
		else
			gitlab_ci(&f, tag, sha, res);
	}
	free(sha);
	forge_close(&f, res);
}

/* ---- forge-blockers ---- */

struct blockers {
	struct buf text;
	size_t n;
	json_t *seen;		/* "#12", "!3": listed once */
};

/* Whether an entry of the forge's list is open: the list asked for
 * open ones, but what a server answers is its own business. */
static bool is_open(const struct forge *f, const json_t *e)
{
	const char *state = forge_str(e, "state");

	return state && strcmp(state, f->kind == FORGE_GITHUB ? "open"
			       : "opened") == 0;
}

static void add_blockers(struct forge *f, struct blockers *b,
			 const json_t *list, bool mrs, const char *why)
{
	size_t i;
	json_t *e;

	json_array_foreach(list, i, e) {
		json_t *num = json_object_get(e, f->kind == FORGE_GITHUB
					      ? "number" : "iid");
		const char *title = forge_str(e, "title");
		bool pr = mrs || json_object_get(e, "pull_request");
		char key[32];

		if (!json_is_integer(num) || !is_open(f, e))
			continue;
		snprintf(key, sizeof(key), "%s%" JSON_INTEGER_FORMAT,
			 f->kind == FORGE_GITLAB && pr ? "!" : "#",
			 json_integer_value(num));
		if (json_object_get(b->seen, key))
			continue;
		json_object_set_new(b->seen, key, json_true());
		list_add(&b->text, &b->n, "%s%s %.*s (%s)",
			 f->kind == FORGE_GITHUB && pr ? "PR " : "", key,
			 MAX_TITLE, title ? title : "", why);
	}
}

/* One list of open entries (issues or merge requests) by a query. */
static int blockers_from(struct forge *f, struct blockers *b,
			 const char *what_path, const char *query,
			 bool mrs, const char *why, struct check_result *res)
{
	char *path = xasprintf("%s/%s?state=%s&%s", f->project, what_path,
			       f->kind == FORGE_GITHUB ? "open" : "opened",
			       query);
	char *what = xasprintf("the open %s (%s)", mrs ? "merge requests"
			       : "issues", why);
	json_t *list = NULL;
	int rc = forge_get_list(f, path, NULL, what, &list, res);

	if (rc > 0)
		check_result_set(res, CHECK_ERROR, "no repository %s on %s (or "
				 "the token cannot see it)", f->repository,
				 f->name);
	if (rc == 0)
		add_blockers(f, b, list, mrs, why);
	json_decref(list);
	free(path);
	free(what);
	return rc == 0 ? 0 : -1;
}

/* GitHub's milestone number for a title: 0 with *number (0: none),
 * -1 with res set. */
static int github_milestone(struct forge *f, const char *title,
			    long long *number, struct check_result *res)
{
	char *path = xasprintf("%s/milestones?state=all", f->project);
	json_t *list = NULL, *m;
	size_t i;
	int rc = forge_get_list(f, path, NULL, "the milestones", &list, res);

	*number = 0;
	free(path);
	if (rc > 0)
		check_result_set(res, CHECK_ERROR, "no repository %s on %s (or "
				 "the token cannot see it)", f->repository,
				 f->name);
	if (rc != 0)
		return -1;
	json_array_foreach(list, i, m) {
		const char *t = forge_str(m, "title");
		json_t *num = json_object_get(m, "number");
		if (t && strcmp(t, title) == 0 && json_is_integer(num)) {
			*number = json_integer_value(num);
			break;
		}
	}
	json_decref(list);
	return 0;
}

void check_forge_blockers_run(struct check_job *job, struct check_result *res)
{
	const char *label = check_job_str(job, "label");
	const char *milestone = check_job_str(job, "milestone");
	struct blockers b = { BUF_INIT, 0, json_object() };
	bool no_milestone = false;
	struct forge f;
	char *q, *why, *enc;
	int rc = 0;

	if (!label)
		label = "release-blocker";
	if (forge_open(job, &f, res) != 0) {
		json_decref(b.seen);
		return;
	}
	if (*label) {
		enc = forge_escape(label);
		q = xasprintf("labels=%s", enc);
		why = xasprintf("label %s", label);
		rc = blockers_from(&f, &b, "issues", q, false, why, res);
		if (rc == 0 && f.kind == FORGE_GITLAB)
			rc = blockers_from(&f, &b, "merge_requests", q, true,
					   why, res);
		free(enc);
		free(q);
		free(why);
	}
	if (rc == 0 && milestone && *milestone) {
		enc = forge_escape(milestone);
		why = xasprintf("milestone %s", milestone);
		if (f.kind == FORGE_GITHUB) {
			long long num = 0;
			rc = github_milestone(&f, milestone, &num, res);
			if (rc == 0 && num > 0) {
				q = xasprintf("milestone=%lld", num);
				rc = blockers_from(&f, &b, "issues", q, false,
						   why, res);
				free(q);
			} else if (rc == 0) {
				no_milestone = true;
			}
		} else {
			q = xasprintf("milestone=%s", enc);
			rc = blockers_from(&f, &b, "issues", q, false, why,
					   res);
			if (rc == 0)
				rc = blockers_from(&f, &b, "merge_requests", q,
						   true, why, res);
			free(q);
		}
		free(enc);
		free(why);
	}
	if (rc != 0)
		goto out;
	list_end(&b.text, b.n);
	if (b.n)
		check_result_set(res, CHECK_FAIL, "%zu open release blocker%s on "
				 "%s %s: %s", b.n, b.n == 1 ? "" : "s", f.name,
				 f.repository, b.text.data);
	else
		check_result_set(res, CHECK_PASS, "no open issue or %s on %s %s "
				 "%s%s%s%s%s%s", f.kind == FORGE_GITHUB
				 ? "pull request" : "merge request", f.name,
				 f.repository, *label ? "has the label " : "",
				 label, *label && milestone && *milestone
				 ? " or " : "", milestone && *milestone
				 ? "the milestone " : "", milestone ? milestone
				 : "", no_milestone ? " (there is no such "
				 "milestone)" : "");
out:
	json_decref(b.seen);
	buf_free(&b.text);
	forge_close(&f, res);
}
