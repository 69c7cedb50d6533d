/* pypi-index.c: reading what a package index says of one release.
 *
 * The three readers share one model (struct pypi_release).  File names are
 * matched by their normalised project name, so both sdist spellings of a
 * name (dashes or underscores) count.  The HTML reader is a linear scan:
 * every pattern stops at the next '<', so a hostile page cannot make it
 * quadratic.
 */
#include "config.h"

#include "pypi-index.h"
#include "project.h"
#include "rx.h"
#include "util.h"
#include "version.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

void pypi_release_free(struct pypi_release *v)
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

static void release_add(struct pypi_release *v, const char *filename,
		     const char *sha256, bool yanked, const char *reason)
{
	struct pypi_file *f;

	v->files = xrealloc(v->files, (v->nfiles + 1) * sizeof(*v->files));
	f = &v->files[v->nfiles++];
	f->filename = xstrdup(filename);
	f->sha256 = sha256 ? xstrdup(sha256) : NULL;
	f->yanked = yanked;
	f->yanked_reason = reason && *reason ? xstrdup(reason) : NULL;
}

/* The version part of a distribution file name, or NULL; caller frees. */
char *pypi_file_version(const char *project_norm, const char *filename)
{
	char *norm = project_normalise(filename);
	size_t n = strlen(project_norm);
	const char *p = filename, *rest;
	size_t seen = 0;
	bool sep = false;
	char *v = NULL;

	/* The name part, normalised, must be the project's. */
	if (strncmp(norm, project_norm, n) != 0 || norm[n] != '-') {
		free(norm);
		return NULL;
	}
	free(norm);
	/* Find the same position in the original: skip n name characters
	 * (runs of -_. count as one) and the separator. */
	for (; *p && seen < n; p++) {
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

/* The document: a JSON object, or NULL with *err. */
static json_t *load_document(const char *body, size_t len, char **err)
{
	json_error_t je;
	json_t *root = json_loadb(body, len, 0, &je);

	if (!root) {
		*err = xasprintf("the index sent malformed JSON (%s, line %d)",
				 je.text, je.line);
		return NULL;
	}
	if (!json_is_object(root)) {
		*err = wrong_type(root, "an object", "the document", "");
		json_decref(root);
		return NULL;
	}
	return root;
}

/* One entry of a list of files (ARRAY[i]): its file name, its sha256
 * from the object under hashes (NULL when none) and whether it is yanked.
 * -1 with *err naming the field when one has the wrong type. */
static int jfile(json_t *f, const char *array, size_t i, const char *hashes,
		 const char **fn, const char **sha, bool *yanked,
		 const char **why, char **err)
{
	char *where = xasprintf("%s[%zu].", array, i);
	int rc = -1;

	if (!json_is_object(f)) {
		where[strlen(where) - 1] = '\0';	/* the dot */
		*err = wrong_type(f, "an object", where, "");
	} else if (jfield_str(f, "filename", false, fn, err, where) == 0 &&
		   jsha256(f, hashes, sha, err, where) == 0 &&
		   jyanked(f, yanked, why, err, where) == 0) {
		rc = 0;
	}
	free(where);
	return rc;
}

/* The simple API yanks files, not releases: a release is yanked when all
 * its files are, for the first reason one of them gives. */
static void simple_yanked(struct pypi_release *v, size_t yanked)
{
	v->found = v->nfiles > 0;
	v->yanked = v->found && yanked == v->nfiles;
	for (size_t i = 0; v->yanked && !v->yanked_reason && i < v->nfiles; i++)
		if (v->files[i].yanked_reason)
			v->yanked_reason = xstrdup(v->files[i].yanked_reason);
}

int pypi_parse_json_api(const char *body, size_t len, struct pypi_release *v,
			  char **err)
{
	json_t *root = load_document(body, len, err);
	json_t *info, *urls;
	const char *version, *reason;
	int rc = -1;

	if (!root)
		return -1;
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
		const char *fn, *sha, *why;
		bool y;

		if (jfile(json_array_get(urls, i), "urls", i, "digests", &fn,
			  &sha, &y, &why, err) < 0)
			goto out;
		release_add(v, fn, sha, y, why);
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

int pypi_parse_simple_json(const char *body, size_t len,
			     const char *project_norm, const char *version,
			     struct pypi_release *v, char **err)
{
	json_t *root = load_document(body, len, err);
	json_t *files;
	size_t yanked = 0;
	int rc = -1;

	if (!root)
		return -1;
	files = json_object_get(root, "files");
	if (!json_is_array(files)) {
		*err = wrong_type(files, "an array", "", "files");
		goto out;
	}
	for (size_t i = 0; i < json_array_size(files); i++) {
		const char *fn, *sha, *why;
		char *fv;
		bool y;

		if (jfile(json_array_get(files, i), "files", i, "hashes", &fn,
			  &sha, &y, &why, err) < 0)
			goto out;
		if (!(fv = pypi_file_version(project_norm, fn)))
			continue;
		if (version_equal(fv, version)) {
			yanked += y;
			release_add(v, fn, sha, y, why);
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

int pypi_parse_simple_html(const char *body, size_t len,
			     const char *project_norm, const char *version,
			     struct pypi_release *v, char **err)
{
	static const char pattern[] =
		"<a\\s([^<>]*)>([^<]*)</a>";
	pcre2_code *re = rx_compile(pattern, err);
	pcre2_code *href_re, *yank_re;
	pcre2_match_data *md;
	size_t off = 0, yanked = 0;
	int mrc = PCRE2_ERROR_NOMATCH;

	if (!re)
		return -1;
	href_re = rx_compile("href=\"[^\"#]*#sha256=([0-9a-fA-F]{64})\"", err);
	yank_re = href_re ? rx_compile("data-yanked(?:=\"([^\"]*)\")?", err)
			  : NULL;
	md = yank_re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
	if (!md) {
		pcre2_code_free(yank_re);
		pcre2_code_free(href_re);
		pcre2_code_free(re);
		if (!*err)
			*err = xstrdup("out of memory");
		return -1;
	}
	while (off < len &&
	       (mrc = pcre2_match(re, (PCRE2_SPTR)body, len, off, 0,
				  md, NULL)) > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		char *attrs = xstrndup(body + ov[2], ov[3] - ov[2]);
		char *fn = xstrndup(body + ov[4], ov[5] - ov[4]);
		char *fv = pypi_file_version(project_norm, fn);

		off = ov[1];
		if (fv && version_equal(fv, version)) {
			char *sha = NULL, *why = NULL, *e2 = NULL;
			bool y = rx_match(yank_re, attrs, strlen(attrs), "1",
					  &why, &e2) == 1;
			free(e2);
			e2 = NULL;
			rx_match(href_re, attrs, strlen(attrs), "1", &sha, &e2);
			yanked += y;
			release_add(v, fn, sha, y, why);
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
	if (mrc < 0 && mrc != PCRE2_ERROR_NOMATCH) {
		/* A partial reading is no answer. */
		*err = xasprintf("cannot read the index's page (PCRE2 error "
				 "%d)", mrc);
		return -1;
	}
	simple_yanked(v, yanked);
	return 0;
}

