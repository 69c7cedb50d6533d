/* check-pypi.c: a package index serves the release with the local files.
 *
 * Reads the index's JSON API (/pypi/NAME/VERSION/json) or the PEP 691
 * simple API (/simple/NAME/, with PEP 503 HTML as the fallback), compares
 * every local file matching `files` by name (normalised, so both sdist
 * spellings match) and sha256, and looks for yanked files.  An index lags
 * an upload: with `wait`, a release or file not there yet is polled for,
 * with backoff, until the time is up.
 */
#include "config.h"

#include "check.h"
#include "hash.h"
#include "net.h"
#include "project.h"
#include "rx.h"
#include "version.h"

#include <glob.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* One file the index serves for the release. */
struct served {
	char *filename;
	char *sha256;
	bool yanked;
	char *yanked_reason;
};

struct index_view {
	bool found;		/* the release is there */
	bool yanked;		/* the release (or all its files) yanked */
	char *yanked_reason;
	char *version;		/* as the index spells it */
	struct served *files;
	size_t nfiles;
};

enum outcome {
	OUT_DONE,	/* res is final */
	OUT_NOT_YET,	/* worth waiting for */
};

static void view_free(struct index_view *v)
{
	for (size_t i = 0; i < v->nfiles; i++) {
		free(v->files[i].filename);
		free(v->files[i].sha256);
		free(v->files[i].yanked_reason);
	}
	free(v->files);
	free(v->yanked_reason);
	free(v->version);
	memset(v, 0, sizeof(*v));
}

static void view_add(struct index_view *v, const char *filename,
		     const char *sha256, bool yanked, const char *reason)
{
	struct served *f;

	v->files = xrealloc(v->files, (v->nfiles + 1) * sizeof(*v->files));
	f = &v->files[v->nfiles++];
	f->filename = xstrdup(filename);
	f->sha256 = sha256 ? xstrdup(sha256) : NULL;
	f->yanked = yanked;
	f->yanked_reason = reason && *reason ? xstrdup(reason) : NULL;
}

/* The version part of a distribution file name, or NULL; caller frees. */
static char *file_version(const char *project_norm, const char *filename)
{
	char *norm = project_normalise(filename);
	size_t n = strlen(project_norm);
	const char *rest, *p;
	char *v = NULL;

	/* The name part, normalised, must be the project's. */
	if (strncmp(norm, project_norm, n) != 0 || norm[n] != '-') {
		free(norm);
		return NULL;
	}
	free(norm);
	/* Find the same position in the original: skip n name characters
	 * (runs of -_. count as one) and the separator. */
	rest = filename;
	{
		size_t seen = 0;
		bool sep = false;
		for (p = filename; *p && seen < n; p++) {
			if (*p == '-' || *p == '_' || *p == '.') {
				if (!sep)
					seen++;
				sep = true;
			} else {
				seen++;
				sep = false;
			}
		}
		rest = *p == '-' ? p + 1 : p;
	}
	if (str_ends_with(rest, ".tar.gz"))
		v = xstrndup(rest, strlen(rest) - 7);
	else if (str_ends_with(rest, ".zip"))
		v = xstrndup(rest, strlen(rest) - 4);
	else if (str_ends_with(rest, ".whl") || str_ends_with(rest, ".egg"))
		v = xstrndup(rest, strcspn(rest, "-"));
	return v;
}

/* What a JSON value is, for a message. */
static const char *jkind(const json_t *v)
{
	if (!v)
		return "missing";
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "true or false";
	case JSON_NULL: return "null";
	}
	return "?";
}

/* "the index's JSON: WHEREKEY is KIND, not WANT". */
static char *wrong_type(const json_t *v, const char *want, const char *where,
			const char *key)
{
	return xasprintf("the index's JSON: %s%s is %s, not %s", where, key,
			 jkind(v), want);
}

/* o[key], which must be a string or (optional) absent or null: 0 with
 * *s (NULL when absent), or -1 with *err naming the field. */
static int jfield_str(json_t *o, const char *key, bool optional,
		      const char **s, char **err, const char *where)
{
	json_t *v = json_object_get(o, key);

	*s = json_is_string(v) ? json_string_value(v) : NULL;
	if (*s || (optional && (!v || json_is_null(v))))
		return 0;
	*err = wrong_type(v, "a string", where, key);
	return -1;
}

/* The yanked field of o (false, true, or (PEP 691) a reason string, or
 * absent) and yanked_reason (a string, or absent or null).  -1 with *err
 * naming the field when either has another type. */
static int jyanked(json_t *o, bool *yanked, const char **reason, char **err,
		   const char *where)
{
	json_t *v = json_object_get(o, "yanked");
	const char *why = NULL;

	*yanked = false;
	*reason = NULL;
	if (json_is_string(v)) {
		*yanked = true;
		*reason = json_string_value(v);
	} else if (json_is_boolean(v)) {
		*yanked = json_is_true(v);
	} else if (v && !json_is_null(v)) {
		*err = wrong_type(v, "true, false or a string", where,
				  "yanked");
		return -1;
	}
	if (jfield_str(o, "yanked_reason", true, &why, err, where) < 0)
		return -1;
	if (!*reason)
		*reason = why;
	return 0;
}

/* A file's sha256 from its hashes object (o[key]): NULL when there is
 * none; -1 with *err when a field has the wrong type. */
static int jsha256(json_t *o, const char *key, const char **sha, char **err,
		   const char *where)
{
	json_t *d = json_object_get(o, key);

	*sha = NULL;
	if (!d || json_is_null(d))
		return 0;
	if (!json_is_object(d)) {
		*err = wrong_type(d, "an object", where, key);
		return -1;
	}
	{
		char *in = xasprintf("%s%s.", where, key);
		int rc = jfield_str(d, "sha256", true, sha, err, in);
		free(in);
		return rc;
	}
}

/* The simple API yanks files, not releases: a release is yanked when all
 * its files are, for the first reason one of them gives. */
static void simple_yanked(struct index_view *v, size_t yanked)
{
	v->found = v->nfiles > 0;
	v->yanked = v->found && yanked == v->nfiles;
	for (size_t i = 0; v->yanked && !v->yanked_reason && i < v->nfiles; i++)
		if (v->files[i].yanked_reason)
			v->yanked_reason = xstrdup(v->files[i].yanked_reason);
}

static int parse_json_api(const struct net_response *r, struct index_view *v,
			  char **err)
{
	json_error_t je;
	json_t *root = json_loadb(r->body.data, r->body.len, 0, &je);
	json_t *info, *urls;
	const char *version, *reason;
	int rc = -1;

	if (!root) {
		*err = xasprintf("the index sent malformed JSON (%s, line %d)",
				 je.text, je.line);
		return -1;
	}
	if (!json_is_object(root)) {
		*err = wrong_type(root, "an object", "the document", "");
		goto out;
	}
	info = json_object_get(root, "info");
	urls = json_object_get(root, "urls");
	if (!json_is_object(info)) {
		*err = wrong_type(info, "an object", "", "info");
		goto out;
	}
	if (jfield_str(info, "version", false, &version, err, "info.") < 0)
		goto out;
	if (!json_is_array(urls)) {
		*err = wrong_type(urls, "an array", "", "urls");
		goto out;
	}
	if (jyanked(info, &v->yanked, &reason, err, "info.") < 0)
		goto out;
	v->found = true;
	v->version = xstrdup(version);
	v->yanked_reason = reason && *reason ? xstrdup(reason) : NULL;
	for (size_t i = 0; i < json_array_size(urls); i++) {
		json_t *u = json_array_get(urls, i);
		const char *fn, *sha, *why;
		char *where = xasprintf("urls[%zu].", i);
		bool y;
		int bad;

		if (!json_is_object(u)) {
			where[strlen(where) - 1] = '\0';	/* the dot */
			*err = wrong_type(u, "an object", where, "");
			free(where);
			goto out;
		}
		bad = jfield_str(u, "filename", false, &fn, err, where) < 0 ||
		      jsha256(u, "digests", &sha, err, where) < 0 ||
		      jyanked(u, &y, &why, err, where) < 0;
		free(where);
		if (bad)
			goto out;
		view_add(v, fn, sha, y, why);
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

static int parse_simple_json(const struct net_response *r,
			     const char *project_norm, const char *version,
			     struct index_view *v, char **err)
{
	json_error_t je;
	json_t *root = json_loadb(r->body.data, r->body.len, 0, &je);
	json_t *files;
	size_t yanked = 0;
	int rc = -1;

	if (!root) {
		*err = xasprintf("the index sent malformed JSON (%s, line %d)",
				 je.text, je.line);
		return -1;
	}
	files = json_object_get(root, "files");
	if (!json_is_object(root)) {
		*err = wrong_type(root, "an object", "the document", "");
		goto out;
	}
	if (!json_is_array(files)) {
		*err = wrong_type(files, "an array", "", "files");
		goto out;
	}
	for (size_t i = 0; i < json_array_size(files); i++) {
		json_t *f = json_array_get(files, i);
		const char *fn, *sha, *why;
		char *where = xasprintf("files[%zu].", i), *fv;
		bool y;
		int bad;

		if (!json_is_object(f)) {
			where[strlen(where) - 1] = '\0';	/* the dot */
			*err = wrong_type(f, "an object", where, "");
			free(where);
			goto out;
		}
		bad = jfield_str(f, "filename", false, &fn, err, where) < 0 ||
		      jsha256(f, "hashes", &sha, err, where) < 0 ||
		      jyanked(f, &y, &why, err, where) < 0;
		free(where);
		if (bad)
			goto out;
		if (!(fv = file_version(project_norm, fn)))
			continue;
		if (version_equal(fv, version)) {
			yanked += y;
			view_add(v, fn, sha, y, why);
			if (!v->version)
				v->version = xstrdup(fv);
		}
		free(fv);
	}
	simple_yanked(v, yanked);
	rc = 0;
out:
	json_decref(root);
	return rc;
}

static int parse_simple_html(const struct net_response *r,
			     const char *project_norm, const char *version,
			     struct index_view *v, char **err)
{
	static const char pattern[] =
		"<a\\s([^>]*)>([^<]*)</a>";
	pcre2_code *re = rx_compile(pattern, err);
	pcre2_code *href_re, *yank_re;
	pcre2_match_data *md;
	size_t off = 0, yanked = 0;

	if (!re)
		return -1;
	href_re = rx_compile("href=\"[^\"#]*#sha256=([0-9a-fA-F]{64})\"", err);
	yank_re = rx_compile("data-yanked(?:=\"([^\"]*)\")?", err);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	while (off < r->body.len &&
	       pcre2_match(re, (PCRE2_SPTR)r->body.data, r->body.len, off, 0,
			   md, NULL) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		char *attrs = xstrndup(r->body.data + ov[2], ov[3] - ov[2]);
		char *fn = xstrndup(r->body.data + ov[4], ov[5] - ov[4]);
		char *fv = file_version(project_norm, fn);

		off = ov[1];
		if (fv && version_equal(fv, version)) {
			char *sha = NULL, *why = NULL, *e2 = NULL;
			bool y = rx_match(yank_re, attrs, strlen(attrs), "1",
					  &why, &e2) == 1;
			rx_match(href_re, attrs, strlen(attrs), "1", &sha, &e2);
			yanked += y;
			view_add(v, fn, sha, y, why);
			if (!v->version)
				v->version = xstrdup(fv);
			free(sha);
			free(why);
			free(e2);
		}
		free(fv);
		free(fn);
		free(attrs);
	}
	pcre2_match_data_free(md);
	pcre2_code_free(yank_re);
	pcre2_code_free(href_re);
	pcre2_code_free(re);
	simple_yanked(v, yanked);
	return 0;
}

static void net_opts(struct check_job *job, struct net_options *o)
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
static int read_index(struct check_job *job, const char *index,
		      const char *project_norm, const char *version,
		      bool simple, struct index_view *v,
		      struct check_result *res)
{
	struct net_options o;
	struct net_response r;
	char *url, *err = NULL;
	int rc = -1;

	net_opts(job, &o);
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
		rc = parse_json_api(&r, v, &err);
	else if (r.content_type &&
		 strstr(r.content_type, "application/vnd.pypi.simple.v1+json"))
		rc = parse_simple_json(&r, project_norm, version, v, &err);
	else
		rc = parse_simple_html(&r, project_norm, version, v, &err);
	if (rc < 0) {
		check_result_set(res, CHECK_ERROR, "%s: %s", url, err);
		free(err);
	}
out:
	net_response_free(&r);
	free(url);
	return rc;
}

static const struct served *find_served(const struct index_view *v,
					const char *local)
{
	const char *base = strrchr(local, '/');
	char *want = project_normalise(base ? base + 1 : local);
	const struct served *found = NULL;

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
				    const struct index_view *v,
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
		const struct served *s = find_served(v, local);
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
			  const struct index_view *v, const char *version,
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

void check_pypi_run(struct check_job *job, struct check_result *res)
{
	const char *index_s = check_job_str(job, "index");
	const char *project = check_job_str(job, "project");
	const char *version = check_job_str(job, "version");
	const char *api = check_job_str(job, "api");
	const char *expect = check_job_str(job, "expect");
	long long wait_s = check_job_int(job, "wait", 0);
	long long start = now_ms(), delay = 2000;
	char *index = xstrdup(index_s), *norm = project_normalise(project);

	while (str_ends_with(index, "/") && strlen(index) > 8)
		index[strlen(index) - 1] = '\0';
	if (!version)
		version = job->version;
	if (!expect)
		expect = "published";
	if (!version) {
		check_result_set(res, CHECK_ERROR, "the release version is "
				 "unknown: give --release");
		goto out;
	}
	check_result_evidence(res, "project", "%s", norm);
	check_result_evidence(res, "version", "%s", version);
	for (;;) {
		struct index_view v = { 0 };
		enum outcome o;
		long long left;

		if (read_index(job, index, norm, version,
			       api && strcmp(api, "simple") == 0, &v, res) < 0) {
			view_free(&v);
			break;	/* the index could not be read: error */
		}
		o = judge(job, expect, &v, version, res);
		view_free(&v);
		left = start + wait_s * 1000 - now_ms();
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
	if (check_job_cancelled(job))
		check_result_set(res, CHECK_ERROR, "cancelled");
out:
	free(norm);
	free(index);
}
