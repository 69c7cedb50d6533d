/* pypi-index.h: what a package index says of one release.
 *
 * Readers for the three answers an index gives: the JSON API
 * (/pypi/NAME/VERSION/json), the PEP 691 simple API in JSON and the
 * PEP 503 simple API in HTML.  The body is untrusted: any bytes give
 * either a release (possibly "not found") or -1 with a one-line reason.
 */
#ifndef RELCHECK_PYPI_INDEX_H
#define RELCHECK_PYPI_INDEX_H

#include <stdbool.h>
#include <stddef.h>

/* One file the index serves for the release. */
struct pypi_file {
	char *filename;
	char *sha256;		/* or NULL when the index gives none */
	bool yanked;
	char *yanked_reason;	/* or NULL */
};

struct pypi_release {
	bool found;		/* the release is there */
	bool yanked;		/* the release (or all its files) yanked */
	char *yanked_reason;	/* or NULL */
	char *version;		/* as the index spells it; set when found */
	struct pypi_file *files;
	size_t nfiles;
};

/* Frees what the release v owns and zeroes it. */
void pypi_release_free(struct pypi_release *v);

/* The version part of a distribution file name of the project
 * (normalised name), or NULL when the file is not the project's; caller
 * frees. */
char *pypi_file_version(const char *project_norm, const char *filename);

/* 0 with *v filled, or -1 with *err (caller frees).  *v must start zeroed
 * and is freed by the caller in both cases. */
int pypi_parse_json_api(const char *body, size_t len, struct pypi_release *v,
			char **err);
int pypi_parse_simple_json(const char *body, size_t len,
			   const char *project_norm, const char *version,
			   struct pypi_release *v, char **err);
int pypi_parse_simple_html(const char *body, size_t len,
			   const char *project_norm, const char *version,
			   struct pypi_release *v, char **err);

#endif
