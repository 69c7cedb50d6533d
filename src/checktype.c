/* checktype.c: the check types a checklist may use and their fields. */
#include "config.h"

#include "check.h"
#include "checktype.h"

#include <string.h>

/* Fields every type accepts. */
#define COMMON_FIELDS \
	{ .name = "type", .kind = FIELD_STRING, .required = true, \
	  .help = "the check type, one of those below" }, \
	{ .name = "timeout", .kind = FIELD_INT, \
	  .help = "seconds before the check gives up, which is then an " \
		  "error" }

/* Fields of the types that go over the network (after their own). */
#define NET_FIELDS \
	{ .name = "connect_timeout", .kind = FIELD_INT, \
	  .help = "seconds to connect (10 by default)" }, \
	{ .name = "retries", .kind = FIELD_INT, \
	  .help = "retries after a timeout, a dropped connection, or an " \
		  "answer with status 5xx or 429 (2 by default)" }

static const struct field_spec command_fields[] = {
	COMMON_FIELDS,
	{ .name = "run", .kind = FIELD_STRING, .required = true, .shell = true,
	  .help = "the shell command, run in the repository's top; the "
		  "check passes when it exits 0" },
	{ .name = "expect", .kind = FIELD_REGEX,
	  .help = "a pattern that the command's output must match" },
	{ .name = "cwd", .kind = FIELD_STRING,
	  .help = "the folder to run in, relative to the repository's top" },
	{ .name = NULL }
};

static const struct field_spec file_fields[] = {
	COMMON_FIELDS,
	{ .name = "path", .kind = FIELD_STRING, .required = true, .path = true,
	  .help = "a path or a glob, relative to the repository's top; ~ is "
		  "$HOME" },
	{ .name = "min", .kind = FIELD_INT,
	  .help = "at least this many files must match (1 by default)" },
	{ .name = "max", .kind = FIELD_INT,
	  .help = "at most this many files may match" },
	{ .name = "mode", .kind = FIELD_MODE,
	  .help = "the permission bits that every match must have exactly, "
		  "such as \"0600\"" },
	{ .name = "absent", .kind = FIELD_BOOL,
	  .help = "pass when nothing matches" },
	{ .name = NULL }
};

static const struct field_spec regex_fields[] = {
	COMMON_FIELDS,
	{ .name = "path", .kind = FIELD_STRING, .required = true, .path = true,
	  .help = "the file whose content is searched" },
	{ .name = "pattern", .kind = FIELD_REGEX, .required = true,
	  .help = "the pattern; multiline, so ^ and $ match at each line" },
	{ .name = "absent", .kind = FIELD_BOOL,
	  .help = "pass when the pattern does not match" },
	{ .name = "capture", .kind = FIELD_VARNAME,
	  .help = "a named group of the pattern, which sets a variable of "
		  "that name" },
	{ .name = NULL }
};

static const char *const version_schemes[] = {
	"semver", "pep440", "any", NULL
};
static const char *const version_expects[] = {
	"release", "development", "greater", "valid", NULL
};

static const struct field_spec version_fields[] = {
	COMMON_FIELDS,
	{ .name = "path", .kind = FIELD_STRING, .path = true,
	  .fallback = "${version_file}",
	  .help = "the version file; by default ${version_file}" },
	{ .name = "pattern", .kind = FIELD_REGEX,
	  .help = "a pattern whose first group is the version; by default "
		  "${version_pattern}" },
	{ .name = "scheme", .kind = FIELD_ENUM, .choices = version_schemes,
	  .help = "which versions are well formed: Semantic Versioning "
		  "2.0.0, PEP 440, or either of the two (any, the default)" },
	{ .name = "expect", .kind = FIELD_ENUM, .choices = version_expects,
	  .help = "release (the default): the version equals ${version}; "
		  "development: a development version after ${version}; "
		  "greater: any version after ${version}; valid: the version "
		  "is only well formed" },
	{ .name = "committed", .kind = FIELD_BOOL,
	  .help = "the version file must be committed as the working tree "
		  "has it: HEAD's tree holds the file with the same content "
		  "(a change only in the working tree, or only staged, fails)" },
	{ .name = "remote", .kind = FIELD_STRING, .needs = CAP_NET,
	  .help = "a remote (such as ${remote}): what the remote holds for "
		  "HEAD's branch, read from the remote itself, must be HEAD "
		  "or a commit after it (the change pushed; the remote may "
		  "have gone on since). Needs a trusted checklist, as every "
		  "remote does" },
	{ .name = NULL }
};

static const struct field_spec git_clean_fields[] = {
	COMMON_FIELDS,
	{ .name = "untracked", .kind = FIELD_BOOL,
	  .help = "untracked files make the tree dirty (true by default)" },
	{ .name = NULL }
};

static const struct field_spec git_branch_fields[] = {
	COMMON_FIELDS,
	{ .name = "name", .kind = FIELD_STRING,
	  .help = "HEAD must be on this branch" },
	{ .name = "remote", .kind = FIELD_STRING, .needs = CAP_NET,
	  .help = "the remote's own ref for the branch must equal HEAD" },
	{ .name = NULL }
};

static const struct field_spec git_tag_fields[] = {
	COMMON_FIELDS,
	{ .name = "name", .kind = FIELD_STRING, .required = true,
	  .help = "tag name" },
	{ .name = "annotated", .kind = FIELD_BOOL,
	  .help = "the tag must be an annotated tag object" },
	{ .name = "at", .kind = FIELD_STRING,
	  .help = "the revision that the tag must point at once peeled, "
		  "such as HEAD" },
	{ .name = "message", .kind = FIELD_REGEX,
	  .help = "a pattern that the tag's message must match" },
	{ .name = "remote", .kind = FIELD_STRING, .needs = CAP_NET,
	  .help = "the remote must hold the tag, with the same object id" },
	{ .name = NULL }
};

static const char *const pypi_apis[] = { "json", "simple", NULL };
static const char *const pypi_expects[] = {
	"published", "yanked", "absent", "withdrawn", NULL
};

static const struct field_spec pypi_fields[] = {
	COMMON_FIELDS,
	{ .name = "index", .kind = FIELD_URL, .required = true,
	  .help = "the index's base URL, such as https://pypi.org" },
	{ .name = "project", .kind = FIELD_STRING, .required = true,
	  .help = "the project's name (normalised as PEP 503 says)" },
	{ .name = "version", .kind = FIELD_STRING,
	  .help = "the version that must be published; by default "
		  "${version}" },
	{ .name = "files", .kind = FIELD_STRING,
	  .help = "a glob of local files that the index must serve, with "
		  "the same SHA-256" },
	{ .name = "api", .kind = FIELD_ENUM,
	  .choices = pypi_apis,
	  .help = "json (the default): the JSON API, "
		  "/pypi/NAME/VERSION/json; simple: the simple API of PEP 691" },
	{ .name = "wait", .kind = FIELD_INT,
	  .help = "seconds to keep asking, waiting longer each time, while "
		  "the index lags" },
	{ .name = "expect", .kind = FIELD_ENUM, .choices = pypi_expects,
	  .help = "published (the default): the index serves the version, "
		  "not yanked; yanked: it serves it yanked; absent: it does "
		  "not serve it; withdrawn: yanked or absent, as after a "
		  "rollback" },
	NET_FIELDS,
	{ .name = NULL }
};

static const struct field_spec dist_fields[] = {
	COMMON_FIELDS,
	{ .name = "files", .kind = FIELD_STRING,
	  .fallback = "dist/*-${version}[.-]*",
	  .help = "a glob of the sdists (.tar.gz) and wheels (.whl) to "
		  "read, relative to the repository's top; by default "
		  "dist/*-${version}[.-]*" },
	{ .name = "project", .kind = FIELD_STRING, .fallback = "${package}",
	  .help = "the project's name (compared as PEP 503 normalises it); "
		  "by default ${package}" },
	{ .name = "version", .kind = FIELD_STRING, .fallback = "${version}",
	  .help = "the release version (compared as PEP 440 normalises it); "
		  "by default ${version}" },
	{ .name = "requires_python", .kind = FIELD_STRING,
	  .help = "the Requires-Python every file must say; by default "
		  "[project] requires-python of pyproject.toml, when set "
		  "(else the files need only agree with each other)" },
	{ .name = NULL }
};

static const struct field_spec rebuild_fields[] = {
	COMMON_FIELDS,
	{ .name = "tag", .kind = FIELD_STRING, .fallback = "${tag}",
	  .help = "the release tag whose tree is rebuilt; by default ${tag}" },
	{ .name = "files", .kind = FIELD_STRING,
	  .fallback = "dist/*-${version}[.-]*",
	  .help = "a glob of the distribution files to compare, relative to "
		  "the repository's top; by default dist/*-${version}[.-]*" },
	{ .name = "build", .kind = FIELD_STRING, .shell = true,
	  .help = "the shell command that builds, run in the clean tree with "
		  "$RELCHECK_REBUILD_OUT the folder to write to; by default "
		  "python3 -m build --outdir \"$RELCHECK_REBUILD_OUT\"" },
	{ .name = "index", .kind = FIELD_URL, .needs = CAP_NET,
	  .help = "also compare the rebuilt files with the sha256 this "
		  "index serves (its JSON API), such as https://pypi.org" },
	{ .name = "project", .kind = FIELD_STRING, .fallback = "${package}",
	  .help = "the project's name on the index; by default ${package}" },
	NET_FIELDS,
	{ .name = NULL }
};

static const struct field_spec provenance_fields[] = {
	COMMON_FIELDS,
	{ .name = "index", .kind = FIELD_URL, .required = true,
	  .help = "the index's base URL, such as https://pypi.org" },
	{ .name = "project", .kind = FIELD_STRING, .required = true,
	  .help = "the project's name (normalised as PEP 503 says)" },
	{ .name = "version", .kind = FIELD_STRING,
	  .help = "the version whose files must have provenance; by default "
		  "${version}" },
	{ .name = "files", .kind = FIELD_STRING,
	  .help = "a glob of local files: each must be served with "
		  "provenance whose statement names it with its SHA-256 (by "
		  "default every file the index serves, with the index's)" },
	{ .name = "publisher", .kind = FIELD_STRING,
	  .help = "the Trusted Publisher's kind the certificates must name: "
		  "GitHub, GitLab or Google (variables expanded); needed "
		  "(with repository and workflow, or email) once provenance "
		  "is served: an incomplete expectation is an error, never a "
		  "pass" },
	{ .name = "repository", .kind = FIELD_STRING,
	  .help = "the publisher's repository (owner/repo, group/project), "
		  "as the certificates name it" },
	{ .name = "workflow", .kind = FIELD_STRING,
	  .help = "the publisher's workflow file (GitHub: release.yml; "
		  "GitLab: the CI file's path), as the certificates name it" },
	{ .name = "environment", .kind = FIELD_STRING,
	  .help = "the publisher's environment; not in the certificate: "
		  "compared with the index's publisher object, which is not "
		  "signed (so never enough alone)" },
	{ .name = "email", .kind = FIELD_STRING,
	  .help = "the Google service account's email the certificates "
		  "must name" },
	{ .name = "ref", .kind = FIELD_STRING,
	  .help = "the git ref the certificates must name (such as "
		  "refs/tags/v1.2.3), both as the source repository ref and "
		  "as the build config's; empty: not checked, and the result "
		  "says the ref was not pinned" },
	{ .name = "trusted_root", .kind = FIELD_STRING, .path = true,
	  .help = "Sigstore's trusted_root.json to verify with, instead of "
		  "the one installed with relcheck" },
	{ .name = "required", .kind = FIELD_STRING,
	  .help = "whether provenance is required: yes (the default), every "
		  "file must have it; no, a release none of whose files has "
		  "provenance passes, saying so (provenance served must "
		  "still verify)" },
	{ .name = "wait", .kind = FIELD_INT,
	  .help = "seconds to keep asking, waiting longer each time, while "
		  "the index has no provenance yet" },
	NET_FIELDS,
	{ .name = NULL }
};

static const struct field_spec http_fields[] = {
	COMMON_FIELDS,
	{ .name = "url", .kind = FIELD_URL, .required = true,
	  .help = "the URL to request" },
	{ .name = "status", .kind = FIELD_INT,
	  .help = "the HTTP status expected (200 by default)" },
	{ .name = "json", .kind = FIELD_STRING,
	  .help = "a JSON pointer (RFC 6901, such as /state or /items/0/name):"
		  " the answer must be JSON (at most 4 MB) with a value there" },
	{ .name = "equals", .kind = FIELD_STRING,
	  .help = "the value at json must equal this, compared by value (a "
		  "string, a number, true, false or null)" },
	{ .name = "matches", .kind = FIELD_REGEX,
	  .help = "the value at json (a string, or a number or boolean as "
		  "JSON writes it) must match this pattern" },
	{ .name = "headers", .kind = FIELD_STRINGS,
	  .help = "request header lines to send, each \"Name: value\"" },
	{ .name = "token_env", .kind = FIELD_STRING, .needs = CAP_ENV,
	  .help = "the name of an environment variable whose value is sent "
		  "as a bearer token (Authorization), to the URL's own scheme, "
		  "host and port only (never on a redirect elsewhere), over "
		  "https unless the host is the loopback; never shown" },
	NET_FIELDS,
	{ .name = NULL }
};

/* Fields of the forge types (before their own). */
#define FORGE_FIELDS \
	{ .name = "forge", .kind = FIELD_STRING, \
	  .help = "the forge, github or gitlab; by default the host of the " \
		  "remote origin's URL (github.com, gitlab.com) says" }, \
	{ .name = "repository", .kind = FIELD_STRING, \
	  .help = "owner/name on GitHub, the project's path with its " \
		  "namespace on GitLab (group/sub/project); by default the " \
		  "remote origin's. With neither a forge nor a repository " \
		  "known, the check is not run (skipped)" }, \
	{ .name = "api_url", .kind = FIELD_STRING, \
	  .help = "the forge's REST API: https://api.github.com or " \
		  "https://gitlab.com/api/v4 by default; https only, unless " \
		  "the host is the loopback" }, \
	{ .name = "token_env", .kind = FIELD_STRING, \
	  .help = "the environment variable that holds the API token " \
		  "(GITHUB_TOKEN or GITLAB_TOKEN by default; none set: the " \
		  "requests go without one). Sent to api_url's scheme, host " \
		  "and port only, never shown" }, \
	{ .name = "tag", .kind = FIELD_STRING, .fallback = "${tag}", \
	  .help = "the release tag; by default ${tag}" }

static const struct field_spec forge_release_fields[] = {
	COMMON_FIELDS,
	FORGE_FIELDS,
	{ .name = "files", .kind = FIELD_STRING,
	  .fallback = "dist/*-${version}[.-]*",
	  .help = "a glob of the local files that must be the release's "
		  "assets, with the same SHA-256, relative to the repository's "
		  "top; by default dist/*-${version}[.-]*" },
	{ .name = "exact", .kind = FIELD_BOOL,
	  .help = "an asset that is none of the local files fails too (by "
		  "default it is only listed)" },
	NET_FIELDS,
	{ .name = NULL }
};

static const struct field_spec forge_ci_fields[] = {
	COMMON_FIELDS,
	FORGE_FIELDS,
	NET_FIELDS,
	{ .name = NULL }
};

static const struct field_spec forge_blockers_fields[] = {
	COMMON_FIELDS,
	FORGE_FIELDS,
	{ .name = "label", .kind = FIELD_STRING,
	  .help = "the label of release blockers (release-blocker by "
		  "default; empty: none)" },
	{ .name = "milestone", .kind = FIELD_STRING,
	  .fallback = "${version}",
	  .help = "the release's milestone, by title; by default ${version} "
		  "(empty: none). A milestone the forge does not have holds "
		  "nothing" },
	NET_FIELDS,
	{ .name = NULL }
};

static const struct check_type type_command = {
	.name = "command",
	.summary = "a shell command exits 0 (and its output matches)",
	.fields = command_fields,
	.needs = CAP_EXEC,
	.run = check_command_run,
};
static const struct check_type type_file = {
	.name = "file",
	.summary = "files exist (a glob, a count) with the given mode",
	.fields = file_fields,
	.run = check_file_run,
};
static const struct check_type type_regex = {
	.name = "regex",
	.summary = "a file's content matches a pattern",
	.fields = regex_fields,
	.run = check_regex_run,
};
static const struct check_type type_version = {
	.name = "version",
	.summary = "the version file holds a valid, expected version",
	.fields = version_fields,
	.run = check_version_run,
};
static const struct check_type type_git_clean = {
	.name = "git-clean",
	.summary = "the working tree has no changes",
	.fields = git_clean_fields,
	.run = check_git_clean_run,
};
static const struct check_type type_git_branch = {
	.name = "git-branch",
	.summary = "HEAD is on a branch, and the remote has it",
	.fields = git_branch_fields,
	.run = check_git_branch_run,
};
static const struct check_type type_git_tag = {
	.name = "git-tag",
	.summary = "a tag exists, is annotated, points at a commit, is pushed",
	.fields = git_tag_fields,
	.run = check_git_tag_run,
};
static const struct check_type type_pypi = {
	.name = "pypi",
	.summary = "a package index serves the version with the local files",
	.fields = pypi_fields,
	.needs = CAP_NET,
	.run = check_pypi_run,
};
static const struct check_type type_http = {
	.name = "http",
	.summary = "a URL answers with the expected status",
	.fields = http_fields,
	.needs = CAP_NET,
	.run = check_http_run,
};

static const struct check_type type_forge_release = {
	.name = "forge-release",
	.summary = "the forge (GitHub, GitLab) has a release for the tag "
		   "whose assets are the local files (sha256)",
	.fields = forge_release_fields,
	.needs = CAP_NET | CAP_ENV,
	.run = check_forge_release_run,
};
static const struct check_type type_forge_ci = {
	.name = "forge-ci",
	.summary = "the forge's CI for the tagged commit finished and "
		   "succeeded",
	.fields = forge_ci_fields,
	.needs = CAP_NET | CAP_ENV,
	.run = check_forge_ci_run,
};
static const struct check_type type_forge_blockers = {
	.name = "forge-blockers",
	.summary = "no open issue or pull (merge) request on the forge "
		   "carries the release-blocker label or the release's "
		   "milestone",
	.fields = forge_blockers_fields,
	.needs = CAP_NET | CAP_ENV,
	.run = check_forge_blockers_run,
};

static const struct check_type type_dist = {
	.name = "dist",
	.summary = "the sdist and wheels are named and say what the release "
		   "is (metadata)",
	.fields = dist_fields,
	.run = check_dist_run,
};
static const struct check_type type_rebuild = {
	.name = "rebuild",
	.summary = "the tag's tree, built again, gives the files in dist/",
	.fields = rebuild_fields,
	.needs = CAP_EXEC,
	.run = check_rebuild_run,
};
static const struct check_type type_provenance = {
	.name = "provenance",
	.summary = "the index serves PEP 740 provenance that verifies "
		   "against Sigstore, from the expected publisher",
	.fields = provenance_fields,
	.needs = CAP_NET,
	.run = check_provenance_run,
};

const struct check_type *const check_types[] = {
	&type_command, &type_file, &type_regex, &type_version,
	&type_git_clean, &type_git_branch, &type_git_tag,
	&type_pypi, &type_http, &type_provenance,
	&type_dist,
	&type_rebuild,
	&type_forge_release, &type_forge_ci, &type_forge_blockers,
	NULL
};

const struct check_type *check_type_find(const char *name)
{
	for (size_t i = 0; check_types[i]; i++)
		if (strcmp(check_types[i]->name, name) == 0)
			return check_types[i];
	return NULL;
}

int check_type_field(const struct check_type *type, const char *name)
{
	for (int i = 0; type->fields[i].name; i++)
		if (strcmp(type->fields[i].name, name) == 0)
			return i;
	return -1;
}

bool check_type_runs_commands(const struct check_type *type)
{
	return (type->needs & CAP_EXEC) != 0;
}

bool check_type_uses_network(const struct check_type *type)
{
	return (type->needs & CAP_NET) != 0;
}

size_t check_type_nfields(const struct check_type *type)
{
	size_t n = 0;

	while (type->fields[n].name)
		n++;
	return n;
}

const char *capability_name(enum capability cap)
{
	switch (cap) {
	case CAP_EXEC:
		return "runs shell commands";
	case CAP_NET:
		return "contacts the network";
	case CAP_ENV:
		return "reads the environment";
	case CAP_READ:
		return "reads files outside the repository";
	}
	return "?";
}

const char *field_kind_name(enum field_kind kind)
{
	switch (kind) {
	case FIELD_STRING:
	case FIELD_ENUM:
	case FIELD_VARNAME:
		return "a string";
	case FIELD_REGEX:
		return "a string (a pattern)";
	case FIELD_URL:
		return "a string (a URL)";
	case FIELD_MODE:
		return "a string of octal digits";
	case FIELD_INT:
		return "an integer";
	case FIELD_BOOL:
		return "true or false";
	case FIELD_STRINGS:
		return "a list of strings";
	}
	return "?";
}
