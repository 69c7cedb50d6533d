/* forge.h: the REST APIs of GitHub and GitLab, for the forge checks.
 *
 * Which forge, which repository, where its API is and which token: from
 * the check's fields, else the remote origin's URL and the defaults.
 * Requests are GETs of JSON, bounded (size, time, pages), with the token
 * sent to the API's own scheme, host and port only (net.h), and every
 * failure a reason that names what was asked and never the token.
 */
#ifndef RELCHECK_FORGE_H
#define RELCHECK_FORGE_H

#include <jansson.h>
#include <stdbool.h>

#include "check.h"
#include "net.h"

enum forge_kind { FORGE_GITHUB, FORGE_GITLAB };

#define FORGE_MAX_PAGES 10	/* of 100 entries each */
#define FORGE_MAX_JSON (4u * 1024 * 1024)

struct forge {
	enum forge_kind kind;
	const char *name;	/* "GitHub", "GitLab" */
	char *api;		/* no trailing slash */
	char *repository;	/* owner/name, group/sub/project */
	char *project;		/* the API's path of it: repos/o/r, projects/ENC */
	char *token_env;	/* the variable's name */
	char *token;		/* its value, or NULL */
	char *auth;		/* the header line that carries it, or NULL */
	struct check_job *job;
};

/* Reads the job's fields into f.  0; 1 when no forge is known (res is
 * then SKIPPED, saying what to set); -1 with res set (an error). */
int forge_open(struct check_job *job, struct forge *f,
	       struct check_result *res);
/* Scrubs the token from res (reason, evidence), wipes it, frees f. */
void forge_close(struct forge *f, struct check_result *res);

/* Every copy of secret in res's reason and evidence replaced by
 * [redacted]: what a server echoed back of a token never stays. */
void forge_scrub(struct check_result *res, const char *secret);

/* GET api/path (path starts with '/', may hold a query): 0 with *out
 * (caller decrefs); 1 on HTTP 404 (*out NULL); -1 with res set.  what
 * names the request in reasons ("the release of v1.0.0"). */
int forge_get(struct forge *f, const char *path, const char *what,
	      json_t **out, struct check_result *res);

/* Every page of a list (per_page=100): the elements of the answer (an
 * array, or the array at member key of an object), appended to *out (a
 * new array).  GitHub's pages by Link rel="next", GitLab's by
 * X-Next-Page; at most FORGE_MAX_PAGES.  0, 1 on 404, -1 with res set. */
int forge_get_list(struct forge *f, const char *path, const char *key,
		   const char *what, json_t **out, struct check_result *res);

/* A download of url (an asset), hashed, not kept: 0 with hex; -1 with
 * res set.  The token goes along only when url is on the API's origin. */
int forge_download_sha256(struct forge *f, const char *url, const char *what,
			  size_t max, const char *accept, char *hex,
			  struct check_result *res);

/* The commit the tag names: the repository's own tag first (libgit2),
 * else the forge's.  0 with *sha (caller frees); -1 with res set. */
int forge_tag_commit(struct forge *f, const char *tag, char **sha,
		     struct check_result *res);

/* s percent-encoded for a URL's path segment or query value.  Caller
 * frees. */
char *forge_escape(const char *s);

/* A string member of o, or NULL when absent or not a string. */
const char *forge_str(const json_t *o, const char *key);

#endif
