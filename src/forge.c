/* forge.c: GitHub's and GitLab's REST APIs, for the forge checks.
 *
 * Everything a forge answers is the outside world's: bodies are capped
 * (FORGE_MAX_JSON), lists are read FORGE_MAX_PAGES pages at most, a next
 * page elsewhere than the API is refused, and every value that reaches a
 * reason goes through check_result_set (sanitised, redacted).  The token
 * is read from the environment, sent by net.c to the API's origin only,
 * scrubbed from the result at the end (a server may echo it back in an
 * error message) and wiped.
 */
#include "config.h"

#include "forge.h"
#include "gitlib.h"
#include "hash.h"
#include "project.h"
#include "publisher.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_MESSAGE 120		/* of a forge's error message, quoted */

char *forge_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b = BUF_INIT;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			buf_addc(&b, (char)*p);
		} else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		}
	}
	return b.data ? buf_detach(&b) : xstrdup("");
}

const char *forge_str(const json_t *o, const char *key)
{
	const json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static const char *field(struct check_job *job, const char *name)
{
	const char *s = check_job_str(job, name);

	return s && *s ? s : NULL;
}

/* A repository's path: 2 segments (GitHub) or 2 to 20 (GitLab) of
 * A-Za-z0-9._-, none starting with a dot. */
static bool repository_ok(const char *r, enum forge_kind kind)
{
	size_t segs = 0;

	for (const char *s = r; ; ) {
		size_t n = strcspn(s, "/");
		if (n == 0 || n > 100 || s[0] == '.' ||
		    strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
			   "vwxyz0123456789._-") < n)
			return false;
		segs++;
		s += n;
		if (!*s)
			break;
		s++;
	}
	return segs >= 2 && segs <= (kind == FORGE_GITHUB ? 2u : 20u);
}

int forge_open(struct check_job *job, struct forge *f,
	       struct check_result *res)
{
	const char *forge = field(job, "forge");
	const char *repo = field(job, "repository");
	const char *api = field(job, "api_url");
	const char *tenv = field(job, "token_env");
	const char *origin_kind = NULL;
	char *url = NULL, *origin_repo = NULL;
	const char *token;

	memset(f, 0, sizeof(*f));
	f->job = job;
	if (!forge || !repo) {
		url = publisher_origin_url(job->root, true);
		origin_repo = publisher_repository_of_url(url, &origin_kind);
	}
	if (!forge && !repo && !origin_repo) {
		check_result_set(res, CHECK_SKIPPED, "not run: the remote "
				 "origin is on neither github.com nor "
				 "gitlab.com; set forge and repository (the "
				 "vars forge and forge_repository of the "
				 "shipped checklist)");
		free(url);
		return 1;
	}
	if (!forge)
		forge = origin_kind;
	if (!forge) {
		check_result_set(res, CHECK_ERROR, "forge: not set, and the "
				 "remote origin is on no forge relcheck knows: "
				 "set it to github or gitlab");
		goto fail;
	}
	if (strcasecmp(forge, "github") == 0) {
		f->kind = FORGE_GITHUB;
		f->name = "GitHub";
	} else if (strcasecmp(forge, "gitlab") == 0) {
		f->kind = FORGE_GITLAB;
		f->name = "GitLab";
	} else {
		check_result_set(res, CHECK_ERROR, "forge: \"%s\" is neither "
				 "github nor gitlab", forge);
		goto fail;
	}
	if (!repo && origin_kind && strcmp(origin_kind, f->name) != 0) {
		check_result_set(res, CHECK_ERROR, "repository: not set, and "
				 "the remote origin is not on %s", f->name);
		goto fail;
	}
	if (!repo)
		repo = origin_repo;
	if (!repository_ok(repo, f->kind)) {
		check_result_set(res, CHECK_ERROR, "repository: \"%s\" is not "
				 "%s", repo, f->kind == FORGE_GITHUB
				 ? "owner/name" : "a project's path "
				 "(group/project)");
		goto fail;
	}
	f->repository = xstrdup(repo);
	if (f->kind == FORGE_GITHUB) {
		f->project = xasprintf("/repos/%s", repo);
	} else {
		char *enc = forge_escape(repo);
		f->project = xasprintf("/projects/%s", enc);
		free(enc);
	}
	f->api = xstrdup(api ? api : f->kind == FORGE_GITHUB
			 ? "https://api.github.com"
			 : "https://gitlab.com/api/v4");
	while (strlen(f->api) > 8 && str_ends_with(f->api, "/"))
		f->api[strlen(f->api) - 1] = '\0';
	/* The token travels in clear over http: https only, but for the
	 * loopback (the tests' fake forge). */
	if (!str_starts_with(f->api, "https://") &&
	    !(str_starts_with(f->api, "http://") &&
	      net_url_loopback(f->api))) {
		check_result_set(res, CHECK_ERROR, "api_url: \"%s\" is not an "
				 "https:// URL (http:// only to 127.0.0.1 or "
				 "localhost)", f->api);
		goto fail;
	}
	f->token_env = xstrdup(tenv ? tenv : f->kind == FORGE_GITHUB
			       ? "GITHUB_TOKEN" : "GITLAB_TOKEN");
	token = getenv(f->token_env);
	if (token && *token) {
		if (strpbrk(token, "\r\n")) {
			check_result_set(res, CHECK_ERROR, "$%s holds a line "
					 "break: not sent", f->token_env);
			goto fail;
		}
		f->token = xstrdup(token);
		f->auth = f->kind == FORGE_GITHUB
			  ? xasprintf("Authorization: Bearer %s", token)
			  : xasprintf("PRIVATE-TOKEN: %s", token);
	}
	check_result_evidence(res, "forge", "%s", f->name);
	check_result_evidence(res, "repository", "%s", f->repository);
	check_result_evidence(res, "api", "%s", f->api);
	check_result_evidence(res, "token", "%s", f->token
			      ? "from the environment" : "none");
	free(url);
	free(origin_repo);
	return 0;
fail:
	free(url);
	free(origin_repo);
	forge_close(f, res);
	return -1;
}

/* Every copy of secret in s replaced, in place or anew: s or a new
 * string (the old one freed). */
static char *scrub(char *s, const char *secret)
{
	struct buf b = BUF_INIT;
	size_t n = strlen(secret);
	const char *p = s, *hit;

	if (!s || n == 0 || !strstr(s, secret))
		return s;
	while ((hit = strstr(p, secret))) {
		buf_add(&b, p, (size_t)(hit - p));
		buf_adds(&b, "[redacted]");
		p = hit + n;
	}
	buf_adds(&b, p);
	free(s);
	return buf_detach(&b);
}

static void wipe(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void forge_scrub(struct check_result *res, const char *secret)
{
	if (!secret || !*secret)
		return;
	res->reason = scrub(res->reason, secret);
	for (size_t i = 0; i < res->nev; i++)
		res->ev[i].value = scrub(res->ev[i].value, secret);
}

void forge_close(struct forge *f, struct check_result *res)
{
	if (f->token && res)
		forge_scrub(res, f->token);
	wipe(f->token);
	wipe(f->auth);
	free(f->api);
	free(f->repository);
	free(f->project);
	free(f->token_env);
	memset(f, 0, sizeof(*f));
}

static void options(struct forge *f, struct net_options *o,
		    const char *const *hdrs)
{
	memset(o, 0, sizeof(*o));
	o->connect_timeout_s = check_job_int(f->job, "connect_timeout", 10);
	o->timeout_s = check_job_int(f->job, "timeout", 30);
	o->retries = (int)check_job_int(f->job, "retries", 2);
	o->follow = true;
	o->cancel = f->job->cancel;
	o->max_body = FORGE_MAX_JSON;
	o->accept = f->kind == FORGE_GITHUB ? "application/vnd.github+json"
					    : "application/json";
	o->headers = hdrs;
	o->secret_header = f->auth;
	o->secret_origin = f->api;
}

static const char *const github_headers[] = {
	"X-GitHub-Api-Version: 2022-11-28", NULL
};

/* The forge's own words on an error ("message"), cut short; or "". */
static char *forge_message(const struct net_response *r)
{
	json_t *j = json_loadb(r->body.data ? r->body.data : "", r->body.len,
			       0, NULL);
	const char *m = forge_str(j, "message");
	char *out;

	if (!m)
		m = forge_str(j, "error");
	out = m ? xasprintf(" (\"%.*s\")", MAX_MESSAGE, m) : xstrdup("");
	json_decref(j);
	return out;
}

/* An answer that is not 200: res set, -1; or 1 for a 404. */
static int http_error(struct forge *f, const struct net_response *r,
		      const char *what, struct check_result *res)
{
	char *msg = forge_message(r);
	char *left = net_response_header(r, "X-RateLimit-Remaining");
	char *reset = net_response_header(r, "X-RateLimit-Reset");
	char *after = net_response_header(r, "Retry-After");
	int rc = -1;

	if (!left)
		left = net_response_header(r, "RateLimit-Remaining");
	if (!reset)
		reset = net_response_header(r, "RateLimit-Reset");
	if (r->status == 429 ||
	    (r->status == 403 && ((left && strcmp(left, "0") == 0) || after))) {
		char when[64] = "";
		if (reset && strspn(reset, "0123456789") == strlen(reset) &&
		    *reset && strlen(reset) < 12) {
			time_t t = (time_t)strtoll(reset, NULL, 10);
			struct tm tm;
			if (gmtime_r(&t, &tm))
				strftime(when, sizeof(when),
					 " until %H:%M:%S UTC", &tm);
		}
		if (f->token)
			check_result_set(res, CHECK_ERROR, "%s rate-limits the "
					 "requests%s (HTTP %ld, asking for %s)"
					 "%s", f->name, when, r->status, what,
					 msg);
		else
			check_result_set(res, CHECK_ERROR, "%s rate-limits the "
					 "requests%s (HTTP %ld, asking for %s); "
					 "a token in $%s raises the limit%s",
					 f->name, when, r->status, what,
					 f->token_env, msg);
	} else if (r->status == 401 || r->status == 403) {
		if (f->token)
			check_result_set(res, CHECK_ERROR, "%s refused the "
					 "token in $%s (HTTP %ld) asking for "
					 "%s: it is wrong, expired or lacks "
					 "access to %s%s", f->name,
					 f->token_env, r->status, what,
					 f->repository, msg);
		else
			check_result_set(res, CHECK_ERROR, "%s refused the "
					 "request for %s (HTTP %ld): no token "
					 "($%s is not set)%s", f->name, what,
					 r->status, f->token_env, msg);
	} else if (r->status == 404) {
		rc = 1;
	} else {
		check_result_set(res, CHECK_ERROR, "%s answered HTTP %ld asking "
				 "for %s%s", f->name, r->status, what, msg);
	}
	free(msg);
	free(left);
	free(reset);
	free(after);
	return rc;
}

/* GET url: 0 with *out, 1 on 404, -1 with res set.  *next: the next
 * page's URL, when asked for and there is one. */
static int get_url(struct forge *f, const char *url, const char *what,
		   json_t **out, char **next, struct check_result *res)
{
	struct net_options o;
	struct net_response r;
	json_error_t jerr;
	char *err = NULL;
	int rc = -1;

	*out = NULL;
	if (next)
		*next = NULL;
	options(f, &o, f->kind == FORGE_GITHUB ? github_headers : NULL);
	if (net_get(url, &o, &r, &err) < 0) {
		check_result_set(res, CHECK_ERROR, "%s, asking for %s: %s",
				 f->name, what, err);
		free(err);
		goto out;
	}
	if (r.status != 200) {
		rc = http_error(f, &r, what, res);
		goto out;
	}
	*out = json_loadb(r.body.data ? r.body.data : "", r.body.len,
			  JSON_REJECT_DUPLICATES, &jerr);
	if (!*out) {
		check_result_set(res, CHECK_ERROR, "%s's answer for %s is not "
				 "JSON (line %d: %s)", f->name, what, jerr.line,
				 jerr.text);
		goto out;
	}
	rc = 0;
	if (next && f->kind == FORGE_GITHUB) {
		/* Link: <URL>; rel="next", <URL>; rel="last" */
		char *link = net_response_header(&r, "Link");
		for (char *p = link; p && *p; ) {
			char *lt = strchr(p, '<'), *gt;
			if (!lt || !(gt = strchr(lt, '>')))
				break;
			p = gt + 1;
			if (strncmp(p, "; rel=\"next\"", 12) == 0 ||
			    strncmp(p, ";rel=\"next\"", 11) == 0) {
				*next = xstrndup(lt + 1, (size_t)(gt - lt - 1));
				break;
			}
		}
		free(link);
	} else if (next) {
		char *page = net_response_header(&r, "X-Next-Page");
		if (page && *page && strlen(page) < 8 &&
		    strspn(page, "0123456789") == strlen(page))
			*next = page;
		else
			free(page);
	}
out:
	net_response_free(&r);
	return rc;
}

int forge_get(struct forge *f, const char *path, const char *what,
	      json_t **out, struct check_result *res)
{
	char *url = xasprintf("%s%s", f->api, path);
	int rc = get_url(f, url, what, out, NULL, res);

	free(url);
	return rc;
}

int forge_get_list(struct forge *f, const char *path, const char *key,
		   const char *what, json_t **out, struct check_result *res)
{
	const char *sep = strchr(path, '?') ? "&" : "?";
	char *first = xasprintf("%s%s%sper_page=100", f->api, path, sep);
	char *url = xstrdup(first);
	int rc = 0;

	*out = json_array();
	for (int page = 1; url; page++) {
		json_t *doc = NULL, *list;
		char *next = NULL;
		bool empty;

		if (page > FORGE_MAX_PAGES) {
			check_result_set(res, CHECK_ERROR, "%s has more than %d "
					 "pages of %s: not read whole", f->name,
					 FORGE_MAX_PAGES, what);
			rc = -1;
			break;
		}
		rc = get_url(f, url, what, &doc, &next, res);
		free(url);
		url = NULL;
		if (rc != 0)
			break;
		list = key && json_is_object(doc) ? json_object_get(doc, key)
						  : doc;
		if (!json_is_array(list)) {
			check_result_set(res, CHECK_ERROR, "%s's answer for %s "
					 "is not a list%s%s", f->name, what,
					 key ? " at " : "", key ? key : "");
			json_decref(doc);
			free(next);
			rc = -1;
			break;
		}
		json_array_extend(*out, list);
		empty = json_array_size(list) == 0;
		json_decref(doc);	/* and list with it */
		if (!next || empty) {
			free(next);
			break;
		}
		if (f->kind == FORGE_GITLAB) {
			url = xasprintf("%s&page=%s", first, next);
			free(next);
		} else if (!net_same_origin(next, f->api) ||
			   !str_starts_with(next, f->api)) {
			/* A next page elsewhere would be a request the
			 * API did not make: refused. */
			check_result_set(res, CHECK_ERROR, "%s's next page of %s "
					 "is not under %s: not followed",
					 f->name, what, f->api);
			free(next);
			rc = -1;
			break;
		} else {
			url = next;
		}
	}
	free(url);
	free(first);
	if (rc != 0) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}

int forge_download_sha256(struct forge *f, const char *url, const char *what,
			  size_t max, const char *accept, char *hex,
			  struct check_result *res)
{
	struct net_options o;
	struct net_response r;
	char *err = NULL;
	int rc = -1;

	if (!str_starts_with(url, "https://") &&
	    !(str_starts_with(url, "http://") && net_url_loopback(url))) {
		check_result_set(res, CHECK_ERROR, "%s: %s is not an https:// "
				 "URL: not downloaded", what, url);
		return -1;
	}
	options(f, &o, f->kind == FORGE_GITHUB ? github_headers : NULL);
	o.accept = accept;
	o.max_body = max;
	o.hash_body = true;
	if (net_get(url, &o, &r, &err) < 0) {
		check_result_set(res, CHECK_ERROR, "downloading %s: %s", what,
				 err);
		free(err);
	} else if (r.status != 200) {
		if (http_error(f, &r, what, res) > 0)
			check_result_set(res, CHECK_ERROR, "downloading %s: "
					 "HTTP 404", what);
	} else {
		memcpy(hex, r.sha256, SHA256_HEX_LEN + 1);
		rc = 0;
	}
	net_response_free(&r);
	return rc;
}

int forge_tag_commit(struct forge *f, const char *tag, char **sha,
		     struct check_result *res)
{
	git_repository *repo = NULL;
	git_reference *ref = NULL;
	git_object *obj = NULL;
	char *name = xasprintf("refs/tags/%s", tag);
	json_t *j = NULL;
	char *path, *enc, *what;
	const char *id;
	int rc;

	*sha = NULL;
	gitlib_init();
	if (git_repository_open_ext(&repo, f->job->root, 0, NULL) == 0 &&
	    project_guard_objects(repo) == 0 &&
	    git_reference_lookup(&ref, repo, name) == 0 &&
	    git_reference_peel(&obj, ref, GIT_OBJECT_COMMIT) == 0) {
		char hex[GIT_OID_HEXSZ + 1];
		git_oid_tostr(hex, sizeof(hex), git_object_id(obj));
		*sha = xstrdup(hex);
	}
	git_object_free(obj);
	git_reference_free(ref);
	git_repository_free(repo);
	free(name);
	if (*sha) {
		check_result_evidence(res, "commit", "%s (the local tag)", *sha);
		return 0;
	}
	/* Not here: the forge's tag. */
	enc = forge_escape(tag);
	path = f->kind == FORGE_GITHUB
	       ? xasprintf("%s/commits/%s", f->project, enc)
	       : xasprintf("%s/repository/tags/%s", f->project, enc);
	what = xasprintf("the tag %s", tag);
	rc = forge_get(f, path, what, &j, res);
	free(enc);
	free(path);
	free(what);
	if (rc > 0) {
		check_result_set(res, CHECK_FAIL, "%s: no tag %s, here or on %s "
				 "%s", f->name, tag, f->name, f->repository);
		return -1;
	}
	if (rc < 0)
		return -1;
	id = f->kind == FORGE_GITHUB ? forge_str(j, "sha")
		: forge_str(json_object_get(j, "commit"), "id");
	if (!id || strlen(id) != 40 || strspn(id, "0123456789abcdef") != 40) {
		check_result_set(res, CHECK_ERROR, "%s's answer for the tag %s "
				 "names no commit", f->name, tag);
		json_decref(j);
		return -1;
	}
	*sha = xstrdup(id);
	json_decref(j);
	check_result_evidence(res, "commit", "%s (the tag on %s)", *sha,
			      f->name);
	return 0;
}
