/* check-file.c: files exist (a glob, a count), with a given mode. */
#include "config.h"

#include "check.h"
#include "hash.h"

#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_HASHED 32

/* The path as the operator wrote it, for reasons: relative to the root. */
static const char *shown(const struct check_job *job, const char *path)
{
	size_t n = strlen(job->root);

	if (strncmp(path, job->root, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

void check_file_run(struct check_job *job, struct check_result *res)
{
	const char *pattern = check_job_str(job, "path");
	char *path = check_path(job, pattern);
	long long min = check_job_int(job, "min", 1);
	long long max = check_job_int(job, "max", -1);
	bool absent = check_job_bool(job, "absent", false);
	const struct check_value *mode = check_get(job->item->check, "mode");
	glob_t g;
	int rc;
	size_t n;

	memset(&g, 0, sizeof(g));
	rc = glob(path, 0, NULL, &g);
	if (rc != 0 && rc != GLOB_NOMATCH) {
		check_result_set(res, CHECK_ERROR, "cannot read the folders of "
				 "%s", pattern);
		goto out;
	}
	n = rc == GLOB_NOMATCH ? 0 : g.gl_pathc;
	for (size_t i = 0; i < n; i++)
		if (check_confine(job, g.gl_pathv[i], shown(job, g.gl_pathv[i]),
				  res) < 0)
			goto out;
	check_result_evidence(res, "matches", "%zu", n);
	for (size_t i = 0; i < n && i < MAX_HASHED; i++) {
		char hex[SHA256_HEX_LEN + 1], *key;

		/* The project's files only: a hash of ~/.pypirc would carry
		 * something of a credential into a published report. */
		if (shown(job, g.gl_pathv[i]) == g.gl_pathv[i])
			continue;
		key = xasprintf("sha256 %s", shown(job, g.gl_pathv[i]));
		if (sha256_file(g.gl_pathv[i], hex) == 0)
			check_result_evidence(res, key, "%s", hex);
		free(key);
	}

	if (absent) {
		if (n == 0)
			check_result_set(res, CHECK_PASS, "nothing matches %s",
					 pattern);
		else
			check_result_set(res, CHECK_FAIL, "%s exists%s",
					 shown(job, g.gl_pathv[0]),
					 n > 1 ? " (and more)" : "");
		goto out;
	}
	if (n == 0 && min > 0) {
		check_result_set(res, CHECK_FAIL, "%s: no such file", pattern);
		goto out;
	}
	if ((long long)n < min) {
		check_result_set(res, CHECK_FAIL, "%zu file%s %s, expected at "
				 "least %lld", n, n == 1 ? " matches" : "s match",
				 pattern, min);
		goto out;
	}
	if (max >= 0 && (long long)n > max) {
		check_result_set(res, CHECK_FAIL, "%zu file%s %s, expected at "
				 "most %lld", n, n == 1 ? " matches" : "s match",
				 pattern, max);
		goto out;
	}
	if (mode) {
		for (size_t i = 0; i < n; i++) {
			struct stat st;
			if (stat(g.gl_pathv[i], &st) < 0) {
				check_result_set(res, CHECK_FAIL, "%s: %s",
						 shown(job, g.gl_pathv[i]),
						 strerror(errno));
				goto out;
			}
			if ((st.st_mode & 07777) != (mode_t)mode->i) {
				check_result_set(res, CHECK_FAIL, "%s has mode "
						 "%04o, expected %04llo",
						 shown(job, g.gl_pathv[i]),
						 (unsigned)(st.st_mode & 07777),
						 mode->i);
				goto out;
			}
		}
	}
	if (n == 0)
		check_result_set(res, CHECK_PASS, "nothing matches %s (none "
				 "required)", pattern);
	else if (n == 1)
		check_result_set(res, CHECK_PASS, "%s exists%s%s",
				 shown(job, g.gl_pathv[0]),
				 mode ? " with mode " : "",
				 mode ? mode->s : "");
	else
		check_result_set(res, CHECK_PASS, "%zu files match %s", n,
				 pattern);
out:
	globfree(&g);
	free(path);
}
