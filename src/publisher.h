/* publisher.h: how a project publishes to PyPI, read from its CI files.
 *
 * A release published through Trusted Publishing carries PEP 740
 * provenance that names its publisher: for GitHub the repository and the
 * workflow file, for GitLab the project and its CI file.  The provenance
 * check of the generic checklist must know which publisher to expect, and
 * whether provenance is required at all; this finds both in the project.
 */
#ifndef RELCHECK_PUBLISHER_H
#define RELCHECK_PUBLISHER_H

#include <stdbool.h>

#include <stddef.h>

#include "diag.h"
#include "vars.h"

struct publisher {
	const char *kind;	/* "GitHub", "GitLab", or NULL: none found */
	char *repository;	/* owner/repo, group/sub/project, or NULL */
	char *workflow;		/* publish.yml, .gitlab-ci.yml, or NULL */
	char *environment;	/* the job's environment, or NULL */
	int trusted;		/* 1: Trusted Publishing (no token given) */
};

/* The repository named by a remote URL on github.com or gitlab.com:
 * https://, ssh://, git:// and scp-like git@host:path, credentials and a
 * trailing .git or slash left out.  Sets *kind ("GitHub" or "GitLab")
 * and returns owner/repo (caller frees), or NULL when the URL is no such
 * repository or its path is not a plain one (every segment of
 * A-Za-z0-9._-, not starting with a dot). */
char *publisher_repository_of_url(const char *url, const char **kind);
/* The URL of the remote origin of the repository at root (caller frees),
 * or NULL; with search, root may be a folder inside the repository. */
char *publisher_origin_url(const char *root, bool search);

/* What the project at root declares: the workflows in
 * .github/workflows/ that run pypa/gh-action-pypi-publish, or a
 * .gitlab-ci.yml that mints a PyPI ID token, and the repository of its
 * remote `origin`.  Files that are links, not regular, over 1 MiB or
 * outside root are not read.  Caller frees with publisher_free. */
void publisher_find(const char *root, struct publisher *out,
		    struct diag *notes);
void publisher_free(struct publisher *p);

/* publisher_find, set as the variables the generic checklist reads:
 * trusted_publishing (yes/no), publisher, publisher_repository,
 * publisher_workflow, publisher_environment; only what was found. */
void publisher_detect(const char *root, struct vars *out, struct diag *notes);

#endif
