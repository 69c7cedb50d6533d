/* project.h: where the project is and what it is.
 *
 * Finds the repository from a folder the way git does, finds the
 * project's own checklist there, and, when it has none, detects what the
 * generic Python/PyPI checklist needs to know (package name, module,
 * version file, entry point) from pyproject.toml, setup.cfg and the
 * package's folders.
 */
#ifndef RELCHECK_PROJECT_H
#define RELCHECK_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "vars.h"

/* The top of the work tree that holds `start` (like `git rev-parse
 * --show-toplevel`).  Returns 0 and *root (caller frees), or -1 when start
 * is in no repository (then *root is start made absolute). */
int project_root(const char *start, char **root);
/* The same, and (gitdir not NULL) the repository's git folder, as
 * git_repository_path() gives it, with a slash (caller frees; NULL when
 * start is in no repository): one discovery for both. */
int project_root_gitdir(const char *start, char **root, char **gitdir);

/* Guards repo's object database against libgit2 1.5's endless loop on a
 * truncated loose object (libgit2 issue 7342): each loose object is
 * inflated once by relcheck before libgit2 reads it, and a damaged one is
 * an error naming its file.  Returns 0, or -1 (libgit2's error set). */
struct git_repository;
int project_guard_objects(struct git_repository *repo);

/* relcheck.conf or .relcheck.conf at root, or NULL; caller frees. */
char *project_config(const char *root);

/* Adds the variables it can find to out (origin VAR_DETECTED): package,
 * module, version_file, entry_point.  What it could not find is said in
 * notes (no line), for the caller to show as advice; release_given: the
 * release version is given (--release), so no note asks for it. */
void project_detect(const char *root, bool release_given, struct vars *out,
		    struct diag *notes);

/* The scheme of the repository's release tags: of the tags PREFIX
 * VERSION (v1.2.3, 1.2.3, name-1.2.3, release/1.2.3), the PREFIX most of
 * them share (*prefix, caller frees; NULL when there is no release tag)
 * and how many (*ntags); *head_version is the VERSION of such a tag on
 * HEAD's commit (the greatest), or NULL.  Returns 0, or -1 when root is
 * no repository. */
int project_tag_scheme(const char *root, char **prefix, size_t *ntags,
		       char **head_version);

/* PEP 503 normalisation: lowercase, runs of -_. become -; caller frees. */
char *project_normalise(const char *name);
/* The same rule with another separator: runs of -_. become one `with`;
 * keep_ends: a run at either end is kept too (PEP 625's file names),
 * else dropped.  Caller frees. */
char *project_collapse_name(const char *name, char with, bool keep_ends);

/* The last release tag before version in the repository at root: of the
 * tags named PREFIX V SUFFIX with V a version (PEP 440 or SemVer), the
 * one whose V is the greatest below version.  NULL when there is none
 * (or no repository); else a string the caller frees. */
char *project_previous_tag(const char *root, const char *prefix,
			   const char *suffix, const char *version);

#endif
