/* check-dist.c: the distribution files are named as the packaging specs
 * say and their metadata says what the release is.
 *
 * For every file matching `files` (read with src/distfile.c, never
 * extracted): an sdist's name is the PEP 625 one, {name}-{version}.tar.gz
 * with the name lower case and each run of -_. one '_' (PyPI refuses
 * others with a 400), and its one top folder is that name without
 * .tar.gz; a wheel's name follows the binary distribution format; the
 * metadata (PKG-INFO, *.dist-info/METADATA) has a Metadata-Version, a
 * Name that is the project's (PEP 503), a Version that is the release's
 * (PEP 440), and a Requires-Python that is the project's (when known) and
 * the same in every file.  The first rule broken fails the check, naming
 * the file and the field; the evidence says what was read of each file.
 */
#include "config.h"

#include "check.h"
#include "distfile.h"
#include "project.h"
#include "sanitize.h"
#include "toml.h"
#include "version.h"

#include <glob.h>
#include <stdlib.h>
#include <string.h>

/* The file's name as shown in reasons. */
static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static char *meta_text(const char *s)
{
	return s ? sanitize_line(s) : xstrdup("(none)");
}

/* What was read of one file, as one line of evidence. */
static void evidence_file(struct check_result *res, const char *name,
			  const struct dist_file *d)
{
	char *mp = meta_text(d->meta_path), *mv = meta_text(
		d->meta.metadata_version), *n = meta_text(d->meta.name),
		*v = meta_text(d->meta.version),
		*rp = meta_text(d->meta.requires_python);
	char *key = xasprintf("file %s", name);

	check_result_evidence(res, key, "%s, %zu members; %s: "
			      "Metadata-Version %s, Name %s, Version %s, "
			      "Requires-Python %s", dist_kind_name(d->kind),
			      d->nmembers, mp, mv, n, v, rp);
	free(key);
	free(mp);
	free(mv);
	free(n);
	free(v);
	free(rp);
}

/* The rules of one read file; 0, or -1 with res failed. */
static int judge_file(const char *name, const struct dist_file *d,
		      const char *project, const char *version,
		      const char *want_rp, struct check_result *res)
{
	char *why = NULL, *norm_p = NULL, *norm_n = NULL, *mp = NULL;
	int rc = -1;

	if (d->kind == DIST_SDIST) {
		char *want = dist_sdist_name(project, version);
		if (!want) {
			check_result_set(res, CHECK_ERROR, "the release version"
					 " %s is not a PEP 440 version",
					 version);
			return -1;
		}
		if (strcmp(name, want) != 0) {
			check_result_set(res, CHECK_FAIL, "%s: the file name "
					 "should be %s (PEP 625: PyPI refuses "
					 "others)", name, want);
			free(want);
			return -1;
		}
		want[strlen(want) - strlen(".tar.gz")] = '\0';
		if (!d->top || strcmp(d->top, want) != 0) {
			char *top = meta_text(d->top);
			check_result_set(res, CHECK_FAIL, "%s: the top folder "
					 "is %s, not %s", name, top, want);
			free(top);
			free(want);
			return -1;
		}
		free(want);
	} else if (dist_wheel_name_check(name, project, version, &why) < 0) {
		check_result_set(res, CHECK_FAIL, "%s: not a wheel name of "
				 "%s %s: %s", name, project, version, why);
		free(why);
		return -1;
	}
	mp = meta_text(d->meta_path);
	if (!d->meta.metadata_version || !*d->meta.metadata_version) {
		check_result_set(res, CHECK_FAIL, "%s: %s has no "
				 "Metadata-Version", name, mp);
		goto out;
	}
	if (!d->meta.name) {
		check_result_set(res, CHECK_FAIL, "%s: %s has no Name", name,
				 mp);
		goto out;
	}
	norm_p = project_normalise(project);
	norm_n = project_normalise(d->meta.name);
	if (strcmp(norm_p, norm_n) != 0) {
		char *n = meta_text(d->meta.name);
		check_result_set(res, CHECK_FAIL, "%s: Name is %s, not the "
				 "project %s", name, n, project);
		free(n);
		goto out;
	}
	if (!d->meta.version) {
		check_result_set(res, CHECK_FAIL, "%s: %s has no Version",
				 name, mp);
		goto out;
	}
	{
		/* Equal as PEP 440 says, as the index compares them (1.0 is
		 * 1.0.0); a Version that is not PEP 440 is never equal. */
		char *a = version_normalise_pep440(d->meta.version);
		bool same = a && version_equal(a, version);
		free(a);
		if (!same) {
			char *v = meta_text(d->meta.version);
			check_result_set(res, CHECK_FAIL, "%s: Version is %s, "
					 "not the release %s", name, v,
					 version);
			free(v);
			goto out;
		}
	}
	if (want_rp && (!d->meta.requires_python ||
			!dist_requires_python_equal(d->meta.requires_python,
						    want_rp))) {
		char *rp = meta_text(d->meta.requires_python);
		check_result_set(res, CHECK_FAIL, "%s: Requires-Python is %s, "
				 "not the project's %s", name, rp, want_rp);
		free(rp);
		goto out;
	}
	rc = 0;
out:
	free(norm_p);
	free(norm_n);
	free(mp);
	return rc;
}

/* [project] requires-python of the repository's pyproject.toml, or NULL
 * (no file, no such key).  -1 with res set when the file is unreadable. */
static int project_requires_python(struct check_job *job, char **out,
				   struct check_result *res)
{
	struct toml t = TOML_INIT;
	char *path = path_join(job->root, "pyproject.toml"), *err = NULL;
	int rc = toml_read_file(&t, path, &err);

	*out = NULL;
	free(path);
	if (rc < 0) {
		check_result_set(res, CHECK_ERROR, "%s", err);
		free(err);
		return -1;
	}
	if (rc == 0) {
		const char *s = toml_string(&t, "project.requires-python");
		*out = s ? xstrdup(s) : NULL;
		toml_free(&t);
	}
	return 0;
}

void check_dist_run(struct check_job *job, struct check_result *res)
{
	const char *files = check_job_str(job, "files");
	const char *project = check_job_str(job, "project");
	const char *version = check_job_str(job, "version");
	const char *rp_field = check_job_str(job, "requires_python");
	char *want_rp = NULL, *first_rp = NULL, *first_rp_file = NULL;
	char *pattern = NULL;
	glob_t g;
	size_t nsdist = 0, nwheel = 0;

	memset(&g, 0, sizeof(g));
	if (!version || !*version) {
		check_result_set(res, CHECK_ERROR, "the release version is "
				 "unknown: give --release or set version");
		return;
	}
	if (!project || !*project) {
		check_result_set(res, CHECK_ERROR, "the project's name is "
				 "unknown: set project");
		return;
	}
	if (!files) {
		check_result_set(res, CHECK_ERROR, "no files to read: set "
				 "files");
		return;
	}
	if (rp_field)
		want_rp = xstrdup(rp_field);
	else if (project_requires_python(job, &want_rp, res) < 0)
		return;
	check_result_evidence(res, "project", "%s", project);
	check_result_evidence(res, "version", "%s", version);
	check_result_evidence(res, "requires_python", "%s",
			      want_rp ? want_rp : "(not set: not compared "
			      "with the project)");
	pattern = check_path(job, files);
	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		check_result_set(res, CHECK_FAIL, "no file matches %s", files);
		goto out;
	}
	for (size_t i = 0; i < g.gl_pathc; i++) {
		const char *path = g.gl_pathv[i];
		const char *name = base_name(path);
		struct dist_file d;
		char *err = NULL;
		int rc;

		if (check_confine(job, path, name, res) < 0)
			goto out;
		if (dist_kind_of(name) == DIST_UNKNOWN) {
			check_result_set(res, CHECK_FAIL, "%s: neither an sdist"
					 " (.tar.gz) nor a wheel (.whl)", name);
			goto out;
		}
		if (dist_read(path, DIST_UNKNOWN, false, NULL, &d, &err) < 0) {
			check_result_set(res, CHECK_FAIL, "%s: %s", name, err);
			free(err);
			dist_file_free(&d);
			goto out;
		}
		evidence_file(res, name, &d);
		rc = judge_file(name, &d, project, version, want_rp, res);
		if (rc == 0 && i > 0 &&
		    !((!first_rp && !d.meta.requires_python) ||
		      (first_rp && d.meta.requires_python &&
		       dist_requires_python_equal(first_rp,
						  d.meta.requires_python)))) {
			char *a = meta_text(first_rp),
			     *b = meta_text(d.meta.requires_python);
			check_result_set(res, CHECK_FAIL, "%s: Requires-Python "
					 "is %s, but %s says %s", name, b,
					 first_rp_file, a);
			free(a);
			free(b);
			rc = -1;
		}
		if (i == 0) {
			first_rp = d.meta.requires_python
				? xstrdup(d.meta.requires_python) : NULL;
			first_rp_file = xstrdup(name);
		}
		if (d.kind == DIST_SDIST)
			nsdist++;
		else
			nwheel++;
		dist_file_free(&d);
		if (rc < 0)
			goto out;
	}
	check_result_set(res, CHECK_PASS, "%zu sdist%s and %zu wheel%s of %s "
			 "%s: names and metadata agree", nsdist,
			 nsdist == 1 ? "" : "s", nwheel, nwheel == 1 ? "" : "s",
			 project, version);
out:
	globfree(&g);
	free(pattern);
	free(want_rp);
	free(first_rp);
	free(first_rp_file);
}
