/* check-version.c: the version file holds a valid, expected version. */
#include "config.h"

#include "check.h"
#include "project.h"
#include "rx.h"
#include "util.h"
#include "version.h"

#include <dirent.h>
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

/* The version in a built file's name: NAME-VERSION-TAGS.whl, or
 * NAME-VERSION.tar.gz (.zip); NULL for any other file. */
static char *built_version(const char *name)
{
	size_t n = strlen(name);
	const char *dash;

	if (str_ends_with(name, ".whl")) {
		const char *a = strchr(name, '-'), *b = a ? strchr(a + 1, '-')
							: NULL;
		return b && b > a + 1 ? xstrndup(a + 1, (size_t)(b - a - 1))
				      : NULL;
	}
	if (str_ends_with(name, ".tar.gz"))
		n -= 7;
	else if (str_ends_with(name, ".zip"))
		n -= 4;
	else
		return NULL;
	for (dash = name + n; dash > name && dash[-1] != '-'; dash--)
		;
	return dash > name && dash < name + n
	       ? xstrndup(dash, (size_t)(name + n - dash)) : NULL;
}

/* dist/'s builds: how many are of the release; the first one built from
 * a commit that is not the release's tag (its version has a local part
 * +gHASH or is a .devN the release is not), in *stray. */
static size_t scan_dist(struct check_job *job, char **stray,
			char **stray_version)
{
	char *dir = check_path(job, "dist");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	size_t same = 0;

	*stray = *stray_version = NULL;
	while (d && (e = readdir(d)) != NULL) {
		char *v = built_version(e->d_name);

		if (!v)
			continue;
		if (version_equal(v, job->version)) {
			same++;
		} else if (!*stray && (strchr(v, '+') ||
				       (strstr(v, "dev") &&
					!version_is_development(job->version)))) {
			*stray = xstrdup(e->d_name);
			*stray_version = v;
			v = NULL;
		}
		free(v);
	}
	if (d)
		closedir(d);
	free(dir);
	return same;
}

/* The version comes from git tags (job->version_tags): there is no file
 * to edit.  A release: the tag at HEAD, if HEAD has one, is the
 * release's, and dist/ holds no build made before the tag (a version
 * X.devN+gHASH); a development version: the first commit after the tag
 * makes it. */
static void check_tags(struct check_job *job, const char *expect,
		       struct check_result *res)
{
	char *prefix = NULL, *head = NULL, *stray = NULL, *stray_v = NULL;
	size_t ntags = 0, built;

	check_result_evidence(res, "source", "%s", job->version_tags);
	if (!job->version) {
		check_result_set(res, CHECK_ERROR, "the version comes from %s "
				 "and HEAD has no release tag: give --release "
				 "X.Y.Z", job->version_tags);
		return;
	}
	check_result_evidence(res, "release", "%s", job->version);
	if (project_tag_scheme(job->root, &prefix, &ntags, &head) < 0) {
		check_result_set(res, CHECK_ERROR, "the version comes from %s, "
				 "and %s is no git repository",
				 job->version_tags, job->root);
		goto out;
	}
	if (head)
		check_result_evidence(res, "head", "%s%s", prefix ? prefix : "",
				      head);
	if (strcmp(expect, "development") == 0 ||
	    strcmp(expect, "greater") == 0) {
		if (head && !version_is_development(head)) {
			int cmp = 0;
			char *msg = NULL;

			if (version_compare(head, job->version, VERSION_ANY,
					    &cmp, &msg) == 0 && cmp <= 0)
				check_result_set(res, CHECK_FAIL, "HEAD is still "
						 "the release tag %s%s: the "
						 "first commit after it makes "
						 "the development version",
						 prefix ? prefix : "", head);
			else
				check_result_set(res, CHECK_PASS, "HEAD is "
						 "tagged %s%s, after %s",
						 prefix ? prefix : "", head,
						 job->version);
			free(msg);
		} else {
			check_result_set(res, CHECK_PASS, "the version comes "
					 "from %s: commits after the tag of %s "
					 "are development versions (nothing to "
					 "edit)", job->version_tags,
					 job->version);
		}
		goto out;
	}
	if (head && !version_equal(head, job->version)) {
		check_result_set(res, CHECK_FAIL, "HEAD is tagged %s%s, the "
				 "release is %s", prefix ? prefix : "", head,
				 job->version);
		goto out;
	}
	built = scan_dist(job, &stray, &stray_v);
	if (stray) {
		check_result_evidence(res, "stray", "dist/%s", stray);
		check_result_set(res, CHECK_FAIL, "dist/%s is version %s: built "
				 "before HEAD was tagged %s; remove it and build "
				 "again after the tag", stray, stray_v,
				 job->version);
	} else if (head) {
		check_result_set(res, CHECK_PASS, "the version comes from %s: "
				 "HEAD is tagged %s%s%s", job->version_tags,
				 prefix ? prefix : "", head,
				 built ? ", and dist/ holds its build" : "");
	} else {
		check_result_set(res, CHECK_PASS, "the version comes from %s: "
				 "nothing to edit; the tag of %s makes it",
				 job->version_tags, job->version);
	}
out:
	free(prefix);
	free(head);
	free(stray);
	free(stray_v);
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
	if (!file && job->version_tags && strcmp(expect, "valid") != 0) {
		check_tags(job, expect, res);
		goto out;
	}
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
