/* check-version.c: the version file holds a valid, expected version. */
#include "config.h"

#include "check.h"
#include "rx.h"
#include "version.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FILE (16 * 1024 * 1024)
#define DEFAULT_PATTERN "__version__\\s*=\\s*['\"]([^'\"]+)['\"]"

static enum version_scheme scheme_of(const char *s)
{
	if (s && strcmp(s, "semver") == 0)
		return VERSION_SEMVER;
	if (s && strcmp(s, "pep440") == 0)
		return VERSION_PEP440;
	return VERSION_ANY;
}

/* committed and remote: the version file's change is in git and pushed.
 * 0 when asked for neither or both hold; -1 with res set. */
static int settled_in_git(struct check_job *job, const char *file,
			  struct check_result *res)
{
	bool committed = check_job_bool(job, "committed", false);
	const char *remote = check_job_str(job, "remote");

	if (!committed && !remote)
		return 0;
	return check_git_file_pushed(job, file, committed, remote, res);
}

void check_version_run(struct check_job *job, struct check_result *res)
{
	const char *file = check_job_str(job, "path");
	const char *pattern = check_job_str(job, "pattern");
	const char *scheme_s = check_job_str(job, "scheme");
	const char *expect = check_job_str(job, "expect");
	enum version_scheme scheme = scheme_of(scheme_s);
	struct buf text = BUF_INIT;
	char *path = NULL, *found = NULL, *msg = NULL;
	pcre2_code *re = NULL;
	int cmp = 0;

	if (!file)
		file = job->version_file;
	if (!pattern)
		pattern = job->version_pattern ? job->version_pattern
						: DEFAULT_PATTERN;
	if (!expect)
		expect = "release";
	if (!file) {
		check_result_set(res, CHECK_ERROR, "no version file: set path "
				 "or the variable version_file");
		goto out;
	}
	path = check_path(job, file);
	if (check_read_file(job, path, file, MAX_FILE, &text, res) < 0)
		goto out;
	re = rx_compile(pattern, &msg);
	if (!re) {
		check_result_set(res, CHECK_ERROR, "%s", msg);
		goto out;
	}
	if (rx_match(re, text.data, text.len, "1", &found, &msg) != 1 ||
	    !found) {
		if (msg)
			check_result_set(res, CHECK_ERROR, "%s", msg);
		else
			check_result_set(res, CHECK_FAIL, "no version in %s "
					 "(nothing matches /%s/)", file, pattern);
		goto out;
	}
	check_result_evidence(res, "found", "%s", found);
	check_result_evidence(res, "file", "%s", file);
	if (version_check(found, scheme, &msg) < 0) {
		check_result_set(res, CHECK_FAIL, "%s: %s", file, msg);
		goto out;
	}
	if (strcmp(expect, "valid") == 0) {
		check_result_set(res, CHECK_PASS, "%s says %s, a valid %s"
				 "version", file, found,
				 scheme == VERSION_SEMVER ? "semantic " :
				 scheme == VERSION_PEP440 ? "PEP 440 " : "");
		goto out;
	}
	if (!job->version) {
		check_result_set(res, CHECK_ERROR, "%s says %s, but the release "
				 "version is unknown: give --release", file,
				 found);
		goto out;
	}
	check_result_evidence(res, "release", "%s", job->version);
	if (strcmp(expect, "release") == 0) {
		if (!version_equal(found, job->version))
			check_result_set(res, CHECK_FAIL, "%s says %s, the "
					 "release is %s", file, found,
					 job->version);
		else if (settled_in_git(job, file, res) == 0)
			check_result_set(res, CHECK_PASS, "%s says %s", file,
					 found);
		goto out;
	}
	if (version_compare(found, job->version, scheme, &cmp, &msg) < 0) {
		check_result_set(res, CHECK_FAIL, "%s", msg);
		goto out;
	}
	if (cmp <= 0) {
		check_result_set(res, CHECK_FAIL, "%s says %s, not after the "
				 "release %s", file, found, job->version);
	} else if (strcmp(expect, "development") == 0 &&
		   !version_is_development(found)) {
		check_result_set(res, CHECK_FAIL, "%s says %s, after %s but not "
				 "a development version (such as %s.dev0 or "
				 "X.Y.Z-dev)", file, found, job->version, found);
	} else if (settled_in_git(job, file, res) == 0) {
		check_result_set(res, CHECK_PASS, "%s says %s, after the release"
				 " %s%s", file, found, job->version,
				 check_job_str(job, "remote")
				 ? ", committed and pushed"
				 : check_job_bool(job, "committed", false)
				 ? ", committed" : "");
	}
out:
	free(msg);
	free(found);
	pcre2_code_free(re);
	buf_free(&text);
	free(path);
}
