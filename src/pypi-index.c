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

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* yanked is false, true, or (PEP 691) a reason string. */
static bool jyanked(json_t *o, const char *key, const char **reason)
{
	json_t *v = json_object_get(o, key);

	*reason = NULL;
	if (json_is_string(v)) {
		*reason = json_string_value(v);
		return true;
	}
	return json_is_true(v);
}

int pypi_parse_json_api(const char *body, size_t len, struct pypi_release *v,
			  char **err)
{
	json_error_t je;
	json_t *root = json_loadb(body, len, 0, &je);
	json_t *info, *urls;
	const char *reason;
	int rc = -1;

	if (!root) {
		*err = xasprintf("the index sent malformed JSON (%s, line %d)",
				 je.text, je.line);
		return -1;
	}
	info = json_object_get(root, "info");
	urls = json_object_get(root, "urls");
	if (!json_is_object(info) || !json_is_array(urls) ||
	    !jstr(info, "version")) {
		*err = xstrdup("the index's JSON lacks info.version or urls[] "
			       "(or they have the wrong type)");
		goto out;
	}
	v->found = true;
	v->version = xstrdup(jstr(info, "version"));
	v->yanked = jyanked(info, "yanked", &reason);
	if (!reason)
		reason = jstr(info, "yanked_reason");
	v->yanked_reason = reason && *reason ? xstrdup(reason) : NULL;
	for (size_t i = 0; i < json_array_size(urls); i++) {
		json_t *u = json_array_get(urls, i);
		json_t *dig = json_object_get(u, "digests");
		const char *fn = jstr(u, "filename");
		const char *why;
		bool y;

		if (!fn)
			continue;
		y = jyanked(u, "yanked", &why);
		if (!why)
			why = jstr(u, "yanked_reason");
		release_add(v, fn, json_is_object(dig) ? jstr(dig, "sha256") : NULL,
			 y, why);
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
	json_error_t je;
	json_t *root = json_loadb(body, len, 0, &je);
	json_t *files;
	size_t yanked = 0;

	if (!root) {
		*err = xasprintf("the index sent malformed JSON (%s, line %d)",
				 je.text, je.line);
		return -1;
	}
	files = json_object_get(root, "files");
	if (!json_is_array(files)) {
		*err = xstrdup("the simple API's JSON has no files[]");
		json_decref(root);
		return -1;
	}
	for (size_t i = 0; i < json_array_size(files); i++) {
		json_t *f = json_array_get(files, i);
		json_t *hashes = json_object_get(f, "hashes");
		const char *fn = jstr(f, "filename"), *why;
		char *fv;
		bool y;

		if (!fn || !(fv = pypi_file_version(project_norm, fn)))
			continue;
		if (version_equal(fv, version)) {
			y = jyanked(f, "yanked", &why);
			yanked += y;
			release_add(v, fn, json_is_object(hashes)
				 ? jstr(hashes, "sha256") : NULL, y, why);
			if (!v->version)
				v->version = xstrdup(fv);
		}
		free(fv);
	}
	v->found = v->nfiles > 0;
	v->yanked = v->found && yanked == v->nfiles;
	json_decref(root);
	return 0;
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
	       pcre2_match(re, (PCRE2_SPTR)body, len, off, 0,
			   md, NULL) > 0) {
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
	v->found = v->nfiles > 0;
	v->yanked = v->found && yanked == v->nfiles;
	return 0;
}

