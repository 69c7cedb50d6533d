/* check-http.c: a URL answers with the expected status, and optionally
 * with JSON that holds an expected value at a JSON pointer.
 *
 * The answer is the outside world's: capped in size, parsed by jansson
 * with its limits, and every value quoted in a reason goes through
 * check_result_set (sanitised, redacted).  A token named by token_env is
 * read from the environment and sent as a bearer token to the URL's
 * origin only (net.h's secret_header), never shown.
 */
#include "config.h"

#include "check.h"
#include "forge.h"
#include "jsonptr.h"
#include "net.h"
#include "rx.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BODY (4u * 1024 * 1024)
#define MAX_HEADERS 32

/* How a value is quoted in a reason: at most 80 bytes. */
#define QUOTE_MAX 80

/* Splits the job's headers (one a line) into lines[] (pointers into
 * text, which it modifies); -1 with res set on a malformed one. */
static int split_headers(char *text, const char **lines, size_t *n,
			 struct check_result *res)
{
	*n = 0;
	for (char *p = text; p && *p; ) {
		char *nl = strchr(p, '\n'), *colon = strchr(p, ':');
		if (nl)
			*nl = '\0';
		if (!colon || colon == p ||
		    strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
			   "vwxyz0123456789-_") != (size_t)(colon - p)) {
			check_result_set(res, CHECK_ERROR, "headers: element "
					 "%zu is not \"Name: value\"", *n + 1);
			return -1;
		}
		if (*n == MAX_HEADERS) {
			check_result_set(res, CHECK_ERROR, "headers: more than "
					 "%d", MAX_HEADERS);
			return -1;
		}
		lines[(*n)++] = p;
		p = nl ? nl + 1 : NULL;
	}
	lines[*n] = NULL;
	return 0;
}

/* The JSON expectation on r's body: sets res. */
static void judge_json(struct check_job *job, const char *url,
		       const struct net_response *r, struct check_result *res)
{
	const char *ptr = check_job_str(job, "json");
	const char *equals = check_job_str(job, "equals");
	const char *matches = check_job_str(job, "matches");
	json_error_t jerr;
	json_t *doc, *v = NULL;
	char *err = NULL, *text = NULL;
	int rc;

	if (!ptr)
		ptr = "";
	doc = json_loadb(r->body.data ? r->body.data : "", r->body.len,
			 JSON_REJECT_DUPLICATES, &jerr);
	if (!doc) {
		check_result_set(res, CHECK_FAIL, "%s answered HTTP %ld, but "
				 "not with JSON (line %d: %s), so %s cannot be "
				 "read", url, r->status, jerr.line, jerr.text,
				 *ptr ? ptr : "its value");
		return;
	}
	rc = jsonptr_get(doc, ptr, &v, &err);
	if (rc < 0) {
		check_result_set(res, CHECK_ERROR, "json: %s", err);
		goto out;
	}
	if (rc > 0) {
		check_result_set(res, CHECK_FAIL, "%s: no %s in the answer (%s)",
				 url, ptr, err);
		goto out;
	}
	text = jsonptr_scalar_text(v);
	if (text)
		check_result_evidence(res, "json", "%s = %.*s", *ptr ? ptr : "/",
				      QUOTE_MAX, text);
	if (equals) {
		char *why = NULL;
		if (!jsonptr_equals(v, equals, &why)) {
			if (why)
				check_result_set(res, CHECK_FAIL, "%s is %s, "
						 "expected \"%.*s\"", *ptr ? ptr
						 : "the answer", why,
						 QUOTE_MAX, equals);
			else
				check_result_set(res, CHECK_FAIL, "%s is "
						 "\"%.*s\", expected \"%.*s\"",
						 *ptr ? ptr : "the answer",
						 QUOTE_MAX, text ? text : "",
						 QUOTE_MAX, equals);
			free(why);
			goto out;
		}
	}
	if (matches) {
		pcre2_code *re;
		char *msg = NULL;
		int m;

		if (!text) {
			check_result_set(res, CHECK_FAIL, "%s is %s, not a "
					 "value to match", *ptr ? ptr
					 : "the answer", jsonptr_type_name(v));
			goto out;
		}
		re = rx_compile(matches, &msg);
		if (!re) {
			check_result_set(res, CHECK_ERROR, "matches: %s", msg);
			free(msg);
			goto out;
		}
		m = rx_match(re, text, strlen(text), NULL, NULL, &msg);
		pcre2_code_free(re);
		if (m < 0) {
			check_result_set(res, CHECK_ERROR, "matches: %s", msg);
			free(msg);
			goto out;
		}
		if (m == 0) {
			check_result_set(res, CHECK_FAIL, "%s is \"%.*s\", which "
					 "does not match %s", *ptr ? ptr
					 : "the answer", QUOTE_MAX, text,
					 matches);
			goto out;
		}
	}
	if (equals || matches)
		check_result_set(res, CHECK_PASS, "%s answered HTTP %ld with "
				 "%s = \"%.*s\"", url, r->status,
				 *ptr ? ptr : "/", QUOTE_MAX, text ? text : "");
	else
		check_result_set(res, CHECK_PASS, "%s answered HTTP %ld with "
				 "%s (%s)", url, r->status, *ptr ? ptr : "JSON",
				 jsonptr_type_name(v));
out:
	free(text);
	free(err);
	json_decref(doc);
}

void check_http_run(struct check_job *job, struct check_result *res)
{
	const char *url = check_job_str(job, "url");
	const char *hdrs = check_job_str(job, "headers");
	const char *token_env = check_job_str(job, "token_env");
	bool want_json = check_job_str(job, "json") ||
			 check_job_str(job, "equals") ||
			 check_job_str(job, "matches");
	long want = (long)check_job_int(job, "status", 200);
	const char *lines[MAX_HEADERS + 1] = { NULL };
	const char *token = NULL;
	struct net_options o = { 0 };
	struct net_response r;
	char *err = NULL, *hcopy = NULL, *auth = NULL;
	size_t nh = 0;

	memset(&r, 0, sizeof(r));
	o.connect_timeout_s = check_job_int(job, "connect_timeout", 10);
	o.timeout_s = check_job_int(job, "timeout", 30);
	o.retries = (int)check_job_int(job, "retries", 2);
	o.follow = !(want >= 300 && want < 400);
	o.cancel = job->cancel;
	o.max_body = MAX_BODY;
	check_result_evidence(res, "url", "%s", url);
	if (hdrs && *hdrs) {
		hcopy = xstrdup(hdrs);
		if (split_headers(hcopy, lines, &nh, res) < 0)
			goto out;
		o.headers = lines;
	}
	if (want_json)
		o.accept = "application/json";
	if (token_env && *token_env) {
		token = getenv(token_env);
		if (!token || !*token) {
			check_result_set(res, CHECK_ERROR, "token_env: $%s is "
					 "not set (or empty)", token_env);
			goto out;
		}
		if (!str_starts_with(url, "https://") && !net_url_loopback(url)) {
			check_result_set(res, CHECK_ERROR, "token_env: the "
					 "token goes only over https (or to "
					 "127.0.0.1), not to %s", url);
			goto out;
		}
		auth = xasprintf("Authorization: Bearer %s", token);
		o.secret_header = auth;
		o.secret_origin = url;
	}
	if (net_get(url, &o, &r, &err) < 0) {
		check_result_set(res, CHECK_ERROR, "%s: %s", url, err);
		free(err);
	} else {
		check_result_evidence(res, "status", "%ld", r.status);
		if (r.status != want)
			check_result_set(res, CHECK_FAIL, "%s answered HTTP %ld,"
					 " expected %ld", url, r.status, want);
		else if (want_json)
			judge_json(job, url, &r, res);
		else
			check_result_set(res, CHECK_PASS, "%s answered HTTP %ld",
					 url, r.status);
	}
out:
	/* A server may echo the token back: it never stays. */
	forge_scrub(res, token);
	if (auth) {
		explicit_bzero(auth, strlen(auth));
		free(auth);
	}
	free(hcopy);
	net_response_free(&r);
}
