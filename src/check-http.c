/* check-http.c: a URL answers with the expected status. */
#include "config.h"

#include "check.h"
#include "net.h"

#include <stdlib.h>
#include <string.h>

void check_http_run(struct check_job *job, struct check_result *res)
{
	const char *url = check_job_str(job, "url");
	long want = (long)check_job_int(job, "status", 200);
	struct net_options o = { 0 };
	struct net_response r;
	char *err = NULL;

	o.connect_timeout_s = check_job_int(job, "connect_timeout", 10);
	o.timeout_s = check_job_int(job, "timeout", 30);
	o.retries = (int)check_job_int(job, "retries", 2);
	o.follow = !(want >= 300 && want < 400);
	o.cancel = job->cancel;
	o.max_body = 4u * 1024 * 1024;
	check_result_evidence(res, "url", "%s", url);
	if (net_get(url, &o, &r, &err) < 0) {
		check_result_set(res, CHECK_ERROR, "%s: %s", url, err);
		free(err);
	} else {
		check_result_evidence(res, "status", "%ld", r.status);
		if (r.status == want)
			check_result_set(res, CHECK_PASS, "%s answered HTTP %ld",
					 url, r.status);
		else
			check_result_set(res, CHECK_FAIL, "%s answered HTTP %ld,"
					 " expected %ld", url, r.status, want);
	}
	net_response_free(&r);
}
