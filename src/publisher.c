/* publisher.c: how a project publishes to PyPI, read from its CI files.
 *
 * The files are the repository's, so hostile: only regular files inside
 * the root are read (no link followed), each up to 1 MiB, at most 64
 * workflows; a value is used only when it matches its grammar, and what
 * is not used is said in a note.  Nothing here parses YAML whole: a
 * workflow is cut into its jobs by indentation, which is how every
 * publishing workflow in the wild is written, and a job that is not
 * understood is not used.
 */
#include "config.h"

#include "publisher.h"
#include "gitlib.h"
#include "util.h"

#include <dirent.h>
#include <git2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_CI_FILE	(1024 * 1024)
#define MAX_WORKFLOWS	64
#define MAX_NAME	100

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* A path segment or a name: 1..MAX_NAME of A-Za-z0-9._-, no leading dot. */
static bool name_ok(const char *s, size_t n)
{
	if (n == 0 || n > MAX_NAME || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!name_char(s[i]))
			return false;
	return true;
}

char *publisher_repository_of_url(const char *url, const char **kind)
{
	static const struct { const char *host, *kind; size_t max_segs; }
	forges[] = {
		{ "github.com", "GitHub", 2 },
		{ "gitlab.com", "GitLab", 20 },
	};
	static const char *const schemes[] = {
		"https://", "http://", "ssh://", "git://",
	};
	const char *p = url, *host, *path, *at;
	char *end;
	size_t hostlen, segs = 0;
	char *repo;

	*kind = NULL;
	if (!url)
		return NULL;
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		size_t n = strlen(schemes[i]);

		if (strncmp(p, schemes[i], n) == 0) {
			p += n;
			break;
		}
	}
	/* No scheme: scp-like host:path, else a local path. */
	if (p == url && (!strchr(p, ':') || strcspn(p, "/") < strcspn(p, ":")))
		return NULL;
	/* user[:password]@ before the host is never part of the answer
	 * (scp-like: git@host:path). */
	host = p;
	at = memrchr(p, '@', strcspn(p, "/"));
	if (at)
		host = at + 1;
	hostlen = strcspn(host, "/:");
	path = host + hostlen;
	if (*path == ':') {
		/* :port/ (ssh://host:22/o/r) or scp-like host:o/r */
		const char *q = path + 1;
		while (*q >= '0' && *q <= '9')
			q++;
		path = (*q == '/' && q > path + 1) ? q : path;
	}
	if (*path == ':' || *path == '/')
		path++;
	for (size_t i = 0; i < sizeof(forges) / sizeof(forges[0]); i++) {
		if (strlen(forges[i].host) == hostlen &&
		    strncasecmp(host, forges[i].host, hostlen) == 0) {
			*kind = forges[i].kind;
			break;
		}
	}
	if (!*kind)
		return NULL;
	repo = xstrdup(path);
	/* A trailing slash, then .git, are no part of the name. */
	end = repo + strlen(repo);
	if (end > repo && end[-1] == '/')
		*--end = '\0';
	if (str_ends_with(repo, ".git"))
		repo[strlen(repo) - 4] = '\0';
	for (const char *s = repo; ; ) {
		size_t n = strcspn(s, "/");
		if (!name_ok(s, n) || ++segs > 20)
			goto bad;
		s += n;
		if (!*s)
			break;
		s++;
	}
	for (size_t i = 0; i < sizeof(forges) / sizeof(forges[0]); i++)
		if (*kind == forges[i].kind &&
		    (segs < 2 || segs > forges[i].max_segs))
			goto bad;
	return repo;
bad:
	free(repo);
	*kind = NULL;
	return NULL;
}

/* ---- reading a CI file ---- */

/* The file root/rel when it is a regular file (not a link) of at most
 * MAX_CI_FILE bytes; NULL otherwise.  Caller frees. */
static char *read_ci_file(const char *root, const char *rel)
{
	char *path = path_join(root, rel);
	struct stat st;
	struct buf text = BUF_INIT;

	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > MAX_CI_FILE || buf_read_file(&text, path) < 0 ||
	    !text.data || text.len > MAX_CI_FILE ||
	    memchr(text.data, '\0', text.len)) {
		buf_free(&text);
		free(path);
		return NULL;
	}
	free(path);
	return text.data;	/* NUL-terminated by buf_read_file */
}

struct line {
	const char *text;	/* after the indentation */
	size_t len;		/* to the end of line, comment kept */
	size_t indent;
};

/* The next line at *p that holds something (not blank, not a comment). */
static bool next_line(const char **p, struct line *l)
{
	while (**p) {
		const char *s = *p, *e = s + strcspn(s, "\n");
		size_t indent = 0;

		*p = *e ? e + 1 : e;
		while (s + indent < e && s[indent] == ' ')
			indent++;
		if (s + indent == e || s[indent] == '#' || s[indent] == '\r')
			continue;
		l->text = s + indent;
		l->len = (size_t)(e - l->text);
		l->indent = indent;
		return true;
	}
	return false;
}

/* Whether line l is `key:` (with "- " before it allowed), and where its
 * value starts. */
static bool is_key(const struct line *l, const char *key, const char **value)
{
	const char *s = l->text;
	size_t n = strlen(key);

	if (l->len >= 2 && s[0] == '-' && s[1] == ' ') {
		s += 2;
		while (*s == ' ')
			s++;
	}
	if ((size_t)(s - l->text) + n + 1 > l->len || strncmp(s, key, n) != 0)
		return false;
	s += n;
	while (*s == ' ')
		s++;
	if (*s != ':')
		return false;
	s++;
	while (*s == ' ')
		s++;
	*value = s;
	return true;
}

/* The scalar value at v (to the end of line l): quotes and a trailing
 * comment removed; a copy when it is a plain name, else NULL. */
static char *scalar(const struct line *l, const char *v)
{
	const char *end = l->text + l->len;
	size_t n;

	while (end > v && (end[-1] == ' ' || end[-1] == '\r'))
		end--;
	n = (size_t)(end - v);
	for (size_t i = 0; i < n; i++)
		if (v[i] == '#' && (i == 0 || v[i - 1] == ' ')) {
			n = i;
			break;
		}
	while (n > 0 && v[n - 1] == ' ')
		n--;
	if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
		v++;
		n -= 2;
	}
	return name_ok(v, n) ? xstrndup(v, n) : NULL;
}

static bool line_has(const struct line *l, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= l->len; i++)
		if (memcmp(l->text + i, needle, n) == 0)
			return true;
	return false;
}

struct job {
	bool publishes;		/* runs pypa/gh-action-pypi-publish */
	bool test_index;	/* to TestPyPI (repository-url) */
	bool password;		/* given a token: not Trusted Publishing */
	bool id_token;		/* permissions: id-token: write */
	char *environment;
	bool env_unreadable;	/* an environment, not a plain name */
};

/* One job's lines, from *p to the next line at indent <= job_indent. */
static void read_job(const char **p, size_t job_indent, struct job *j)
{
	struct line l;
	const char *save, *v;

	while ((save = *p, next_line(p, &l)) && l.indent > job_indent) {
		if (is_key(&l, "uses", &v) &&
		    line_has(&l, "pypa/gh-action-pypi-publish"))
			j->publishes = true;
		else if (is_key(&l, "repository-url", &v) ||
			 is_key(&l, "repository_url", &v))
			j->test_index = j->test_index ||
					line_has(&l, "test.pypi.org");
		else if (is_key(&l, "password", &v))
			j->password = true;
		else if (is_key(&l, "id-token", &v))
			j->id_token = j->id_token || strncmp(v, "write", 5) == 0;
		else if (is_key(&l, "environment", &v) && !j->environment) {
			struct line n;
			const char *q = *p, *nv;

			if (v < l.text + l.len && *v != '#' && *v != '\r') {
				j->environment = scalar(&l, v);
			} else if (next_line(&q, &n) && n.indent > l.indent &&
				   is_key(&n, "name", &nv)) {
				j->environment = scalar(&n, nv);
			}
			j->env_unreadable = !j->environment;
		}
	}
	*p = save;
}

/* The publishing job of a GitHub workflow: the one to PyPI (not
 * TestPyPI) that runs the action.  Returns whether there is one. */
static bool github_workflow(const char *text, bool *trusted, char **env,
			    bool *env_unreadable)
{
	const char *p = text, *v;
	struct line l;
	bool top_id_token = false, found = false, in_jobs = false;
	size_t job_indent = 0;

	while (next_line(&p, &l)) {
		if (l.indent == 0) {
			in_jobs = is_key(&l, "jobs", &v);
			job_indent = 0;
			continue;
		}
		if (!in_jobs) {
			if (is_key(&l, "id-token", &v) &&
			    strncmp(v, "write", 5) == 0)
				top_id_token = true;
			continue;
		}
		if (job_indent == 0)
			job_indent = l.indent;
		if (l.indent == job_indent) {
			struct job j = { 0 };

			read_job(&p, job_indent, &j);
			if (j.publishes && !j.test_index && !found) {
				found = true;
				*trusted = !j.password && (j.id_token ||
							   top_id_token);
				*env = j.environment;
				*env_unreadable = j.env_unreadable;
				j.environment = NULL;
			}
			free(j.environment);
		}
	}
	return found;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .yml and .yaml files of .github/workflows, sorted; *n of them. */
static char **list_workflows(const char *root, size_t *n)
{
	char *top = path_join(root, ".github");
	char *dir = path_join(root, ".github/workflows");
	char **names = NULL;
	struct dirent *de;
	struct stat st;
	DIR *d = NULL;

	*n = 0;
	/* Both folders must be folders, not links to one elsewhere. */
	if (lstat(top, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    lstat(dir, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    !(d = opendir(dir))) {
		free(top);
		free(dir);
		return NULL;
	}
	free(top);
	while ((de = readdir(d)) && *n < MAX_WORKFLOWS) {
		size_t len = strlen(de->d_name);

		if (!name_ok(de->d_name, len) ||
		    !(str_ends_with(de->d_name, ".yml") ||
		      str_ends_with(de->d_name, ".yaml")))
			continue;
		names = xrealloc(names, (*n + 1) * sizeof(*names));
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(d);
	free(dir);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_names);
	return names;
}

static void find_github(const char *root, struct publisher *out,
			struct diag *notes)
{
	size_t n = 0, found = 0;
	char **names = list_workflows(root, &n);

	for (size_t i = 0; i < n; i++) {
		char *rel = xasprintf(".github/workflows/%s", names[i]);
		char *text = read_ci_file(root, rel), *env = NULL;
		bool trusted = false, unreadable = false;

		if (text && github_workflow(text, &trusted, &env,
					    &unreadable)) {
			if (found++ == 0) {
				out->kind = "GitHub";
				out->workflow = xstrdup(names[i]);
				out->trusted = trusted;
				out->environment = env;
				env = NULL;
				if (unreadable)
					diag_add(notes, NULL, 0, "%s: the "
						 "publishing job's environment "
						 "is not a plain name: set "
						 "publisher_environment", rel);
			}
		}
		free(env);
		free(text);
		free(rel);
		free(names[i]);
	}
	free(names);
	if (found > 1)
		diag_add(notes, NULL, 0, "%zu workflows publish to PyPI; "
			 "%s is taken as the publisher's: set "
			 "publisher_workflow if it is another", found,
			 out->workflow);
}

static void find_gitlab(const char *root, struct publisher *out)
{
	char *text = read_ci_file(root, ".gitlab-ci.yml");
	const char *p;
	struct line l;
	const char *v;
	bool aud = false, password = false;

	if (!text)
		return;
	for (p = text; next_line(&p, &l); ) {
		if (is_key(&l, "aud", &v) && (strncmp(v, "pypi", 4) == 0 ||
					      strncmp(v, "\"pypi\"", 6) == 0 ||
					      strncmp(v, "'pypi'", 6) == 0))
			aud = true;
		else if (line_has(&l, "TWINE_PASSWORD"))
			password = true;
		else if (is_key(&l, "environment", &v) && !out->environment &&
			 v < l.text + l.len && *v != '#')
			out->environment = scalar(&l, v);
	}
	if (aud) {
		out->kind = "GitLab";
		out->workflow = xstrdup(".gitlab-ci.yml");
		out->trusted = !password;
	} else {
		free(out->environment);
		out->environment = NULL;
	}
	free(text);
}

char *publisher_origin_url(const char *root, bool search)
{
	git_repository *repo = NULL;
	git_remote *remote = NULL;
	char *url = NULL;

	gitlib_init();
	if (git_repository_open_ext(&repo, root, search ? 0 :
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0)
		return NULL;
	if (git_remote_lookup(&remote, repo, "origin") == 0 &&
	    git_remote_url(remote))
		url = xstrdup(git_remote_url(remote));
	git_remote_free(remote);
	git_repository_free(repo);
	return url;
}

void publisher_find(const char *root, struct publisher *out,
		    struct diag *notes)
{
	const char *url_kind = NULL;
	char *url, *repo;

	memset(out, 0, sizeof(*out));
	find_github(root, out, notes);
	if (!out->kind)
		find_gitlab(root, out);
	if (!out->kind)
		return;
	url = publisher_origin_url(root, false);
	repo = publisher_repository_of_url(url, &url_kind);
	if (repo && strcmp(url_kind, out->kind) == 0) {
		out->repository = repo;
		repo = NULL;
	} else {
		diag_add_about(notes, "publisher_repository",
			       "%s publishes to PyPI, but the remote origin "
			       "is no %s repository: set publisher_repository",
			       out->workflow, out->kind);
	}
	free(repo);
	free(url);
}

void publisher_free(struct publisher *p)
{
	free(p->repository);
	free(p->workflow);
	free(p->environment);
	memset(p, 0, sizeof(*p));
}

void publisher_detect(const char *root, struct vars *out, struct diag *notes)
{
	struct publisher p;
	char *where;

	publisher_find(root, &p, notes);
	if (!p.kind)
		return;
	where = strcmp(p.kind, "GitHub") == 0 ? xasprintf(".github/workflows/%s", p.workflow)
				 : xstrdup(p.workflow);
	vars_set(out, "trusted_publishing", p.trusted ? "yes" : "no",
		 VAR_DETECTED, where, 0);
	vars_set(out, "publisher", p.kind, VAR_DETECTED, where, 0);
	vars_set(out, "publisher_workflow", p.workflow, VAR_DETECTED, where, 0);
	if (p.environment)
		vars_set(out, "publisher_environment", p.environment,
			 VAR_DETECTED, where, 0);
	if (p.repository)
		vars_set(out, "publisher_repository", p.repository,
			 VAR_DETECTED, "the remote origin", 0);
	free(where);
	publisher_free(&p);
}
