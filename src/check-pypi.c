/* check-pypi.c: a package index serves the release with the local files.
 *
 * Reads the index's JSON API (/pypi/NAME/VERSION/json) or the PEP 691
 * simple API (/simple/NAME/, with PEP 503 HTML as the fallback), compares
 * every local file matching `files` by name (normalised, so both sdist
 * spellings match) and sha256, and looks for yanked files.  An index lags
 * an upload: with `wait`, a release or file not there yet is polled for,
 * with backoff, until the time is up; but only when there is an upload
 * to wait for (see check_job.wait_asked): before one, the first answer
 * counts.
 */
#include "config.h"

#include "check.h"
#include "check-pypi.h"
#include "hash.h"
#include "net.h"
#include "project.h"
#include "pypi-index.h"

#include <jansson.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* How long (ms) the index may be waited for: all of `wait` when asked,
 * what is left of it since the upload the run recorded, or nothing. */
long long pypi_wait_window(const struct check_job *job, long long wait_s)
{
	struct timespec ts;
	long long now, since;

	if (wait_s <= 0)
		return 0;
	if (job->wait_asked)
		return wait_s * 1000;
	if (job->upload_ms <= 0)
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	now = (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	since = now - job->upload_ms;
	/* An upload in the future is a clock gone wrong: not trusted. */
	if (since < 0 || since >= wait_s * 1000)
		return 0;
	return wait_s * 1000 - since;
}

void pypi_net_options(struct check_job *job, struct net_options *o)
{
	memset(o, 0, sizeof(*o));
	o->connect_timeout_s = check_job_int(job, "connect_timeout", 10);
	o->timeout_s = check_job_int(job, "timeout", 30);
	o->retries = (int)check_job_int(job, "retries", 2);
	o->follow = true;
	o->cancel = job->cancel;
}

/* Reads what the index says of the release.  -1 with res set when the
 * index could not be read. */
int pypi_read_index(struct check_job *job, const char *index,
		      const char *project_norm, const char *version,
		      bool simple, struct pypi_release *v,
		      struct check_result *res)
{
	struct net_options o;
	struct net_response r;
	char *url, *err = NULL;
	int rc = -1;

	pypi_net_options(job, &o);
	if (simple) {
		url = xasprintf("%s/simple/%s/", index, project_norm);
		o.accept = "application/vnd.pypi.simple.v1+json, "
			   "text/html;q=0.1";
	} else {
		url = xasprintf("%s/pypi/%s/%s/json", index, project_norm,
				version);
		o.accept = "application/json";
	}
	check_result_evidence(res, "url", "%s", url);
	if (net_get(url, &o, &r, &err) < 0) {
		check_result_set(res, CHECK_ERROR, "%s: %s", url, err);
		free(err);
		goto out;
	}
	if (r.status == 404) {
		rc = 0;		/* not there (yet) */
		goto out;
	}
	if (r.status != 200) {
		check_result_set(res, CHECK_ERROR, "%s answered HTTP %ld%s", url,
				 r.status, r.attempts > 1 ? " (retried)" : "");
		goto out;
	}
	if (!simple)
		rc = pypi_parse_json_api(r.body.data, r.body.len, v, &err);
	else if (r.content_type &&
		 strstr(r.content_type, "application/vnd.pypi.simple.v1+json"))
		rc = pypi_parse_simple_json(r.body.data, r.body.len,
					     project_norm, version, v, &err);
	else
		rc = pypi_parse_simple_html(r.body.data, r.body.len,
					     project_norm, version, v, &err);
	if (rc < 0) {
		check_result_set(res, CHECK_ERROR, "%s: %s", url, err);
		free(err);
	}
out:
	net_response_free(&r);
	free(url);
	return rc;
}

const struct pypi_file *pypi_find_served(const struct pypi_release *v,
					 const char *local)
{
	const char *base = strrchr(local, '/');
	char *want = project_normalise(base ? base + 1 : local);
	const struct pypi_file *found = NULL;

	for (size_t i = 0; i < v->nfiles && !found; i++) {
		char *have = project_normalise(v->files[i].filename);
		if (strcmp(have, want) == 0)
			found = &v->files[i];
		free(have);
	}
	free(want);
	return found;
}

static enum outcome judge_published(struct check_job *job,
				    const struct pypi_release *v,
				    const char *version,
				    struct check_result *res)
{
	const char *files = check_job_str(job, "files");
	char *pattern;
	glob_t g;
	size_t n = 0;
	enum outcome out = OUT_DONE;

	if (!v->found) {
		check_result_set(res, CHECK_FAIL, "%s is not on the index",
				 version);
		return OUT_NOT_YET;
	}
	if (v->yanked) {
		check_result_set(res, CHECK_FAIL, "%s is yanked%s%s", version,
				 v->yanked_reason ? ": " : "",
				 v->yanked_reason ? v->yanked_reason : "");
		return OUT_DONE;
	}
	for (size_t i = 0; i < v->nfiles; i++) {
		if (v->files[i].yanked) {
			check_result_set(res, CHECK_FAIL, "%s is yanked%s%s",
					 v->files[i].filename,
					 v->files[i].yanked_reason ? ": " : "",
					 v->files[i].yanked_reason
					 ? v->files[i].yanked_reason : "");
			return OUT_DONE;
		}
	}
	if (!files) {
		check_result_set(res, CHECK_PASS, "the index serves %s (%zu "
				 "file%s)", v->version, v->nfiles,
				 v->nfiles == 1 ? "" : "s");
		return OUT_DONE;
	}
	pattern = check_path(job, files);
	memset(&g, 0, sizeof(g));
	if (glob(pattern, 0, NULL, &g) == 0)
		n = g.gl_pathc;
	if (n == 0) {
		check_result_set(res, CHECK_FAIL, "no local file matches %s to "
				 "compare with the index", files);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const char *local = g.gl_pathv[i];
		const char *name = strrchr(local, '/') ? strrchr(local, '/') + 1
						       : local;
		const struct pypi_file *s = pypi_find_served(v, local);
		char hex[SHA256_HEX_LEN + 1];

		if (sha256_file(local, hex) < 0) {
			check_result_set(res, CHECK_ERROR, "cannot read %s",
					 local);
			goto done;
		}
		{
			char *key = xasprintf("sha256 %s", name);
			check_result_evidence(res, key, "%s", hex);
			free(key);
		}
		if (!s) {
			check_result_set(res, CHECK_FAIL, "%s is not on the "
					 "index (it serves %zu file%s of %s)",
					 name, v->nfiles,
					 v->nfiles == 1 ? "" : "s", version);
			out = OUT_NOT_YET;
			goto done;
		}
		if (!s->sha256 || strcasecmp(s->sha256, hex) != 0) {
			check_result_set(res, CHECK_FAIL, "%s differs: the index "
					 "serves sha256 %.12s, the local file "
					 "is %.12s", name,
					 s->sha256 ? s->sha256 : "(none)", hex);
			goto done;
		}
	}
	check_result_set(res, CHECK_PASS, "the index serves %s with the same "
			 "%zu file%s (sha256)", v->version, n,
			 n == 1 ? "" : "s");
done:
	globfree(&g);
	free(pattern);
	return out;
}

static enum outcome judge(struct check_job *job, const char *expect,
			  const struct pypi_release *v, const char *version,
			  struct check_result *res)
{
	if (strcmp(expect, "published") == 0)
		return judge_published(job, v, version, res);
	if (strcmp(expect, "absent") == 0) {
		if (!v->found)
			check_result_set(res, CHECK_PASS, "%s is not on the "
					 "index", version);
		else
			check_result_set(res, CHECK_FAIL, "the index still "
					 "serves %s%s", version,
					 v->yanked ? " (yanked)" : "");
		return v->found ? OUT_NOT_YET : OUT_DONE;
	}
	/* yanked, withdrawn */
	if (v->found && v->yanked) {
		check_result_set(res, CHECK_PASS, "%s is yanked%s%s", version,
				 v->yanked_reason ? ": " : "",
				 v->yanked_reason ? v->yanked_reason : "");
		return OUT_DONE;
	}
	if (!v->found) {
		bool ok = strcmp(expect, "withdrawn") == 0;
		check_result_set(res, ok ? CHECK_PASS : CHECK_FAIL,
				 "%s is not on the index%s", version,
				 ok ? " (removed)" : ", so not yanked");
		return ok ? OUT_DONE : OUT_NOT_YET;
	}
	check_result_set(res, CHECK_FAIL, "the index still serves %s, not "
			 "yanked", version);
	return OUT_NOT_YET;
}

struct pypi_attempt {
	const char *index, *norm, *version, *api, *expect;
};

static enum outcome pypi_attempt(struct check_job *job, void *data,
				 struct check_result *res)
{
	const struct pypi_attempt *a = data;
	struct pypi_release v = { 0 };
	enum outcome o;

	if (pypi_read_index(job, a->index, a->norm, a->version,
			    a->api && strcmp(a->api, "simple") == 0, &v,
			    res) < 0) {
		pypi_release_free(&v);
		return OUT_DONE;	/* the index could not be read: error */
	}
	o = judge(job, a->expect, &v, a->version, res);
	pypi_release_free(&v);
	return o;
}

void pypi_poll(struct check_job *job, long long wait_s,
	       enum outcome (*attempt)(struct check_job *, void *,
				       struct check_result *),
	       void *data, struct check_result *res)
{
	long long window = pypi_wait_window(job, wait_s);
	long long start = now_ms(), delay = 2000;
	enum outcome o = OUT_DONE;

	for (;;) {
		long long left;

		o = attempt(job, data, res);
		left = start + window - now_ms();
		if (o == OUT_DONE || left <= 0 || check_job_cancelled(job))
			break;
		if (delay > left)
			delay = left;
		check_job_progress(job, "waiting for the index: %s (%lld s "
				   "left)", res->reason ? res->reason : "",
				   left / 1000);
		for (long long slept = 0; slept < delay &&
		     !check_job_cancelled(job); slept += 100) {
			struct timespec ts = { 0, 100 * 1000 * 1000 };
			nanosleep(&ts, NULL);
		}
		delay = delay * 2 > 30000 ? 30000 : delay * 2;
	}
	if (check_job_cancelled(job)) {
		check_result_set(res, CHECK_ERROR, "cancelled");
	} else if (o == OUT_NOT_YET && wait_s > 0 && window == 0) {
		/* Said, so that nobody takes it for the index's lag. */
		char *why = xstrdup(res->reason ? res->reason : "");
		check_result_set(res, res->status, "%s (not waited for: no "
				 "upload recorded in the last %lld s; "
				 "check --wait waits)", why, wait_s);
		free(why);
	}
}

void check_pypi_run(struct check_job *job, struct check_result *res)
{
	const char *index_s = check_job_str(job, "index");
	const char *project = check_job_str(job, "project");
	const char *version = check_job_str(job, "version");
	struct pypi_attempt a;
	char *index = xstrdup(index_s), *norm = project_normalise(project);

	while (str_ends_with(index, "/") && strlen(index) > 8)
		index[strlen(index) - 1] = '\0';
	if (!version)
		version = job->version;
	if (!version) {
		check_result_set(res, CHECK_ERROR, "the release version is "
				 "unknown: give --release");
		goto out;
	}
	check_result_evidence(res, "project", "%s", norm);
	check_result_evidence(res, "version", "%s", version);
	a.index = index;
	a.norm = norm;
	a.version = version;
	a.api = check_job_str(job, "api");
	a.expect = check_job_str(job, "expect");
	if (!a.expect)
		a.expect = "published";
	pypi_poll(job, check_job_int(job, "wait", 0), pypi_attempt, &a, res);
out:
	free(norm);
	free(index);
}
