/* project.c: repository discovery and project detection. */
#include "config.h"

#include "project.h"
#include "publisher.h"
#include "gitlib.h"
#include "rx.h"
#include "toml.h"
#include "version.h"

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zlib.h>

int project_root(const char *start, char **root)
{
	return project_root_gitdir(start, root, NULL);
}

int project_root_gitdir(const char *start, char **root, char **gitdir)
{
	git_repository *repo = NULL;
	const char *wd;
	char real[PATH_MAX];

	gitlib_init();
	if (gitdir)
		*gitdir = NULL;
	if (git_repository_open_ext(&repo, start, 0, NULL) == 0 &&
	    (wd = git_repository_workdir(repo)) != NULL) {
		size_t n = strlen(wd);
		while (n > 1 && wd[n - 1] == '/')
			n--;
		*root = xstrndup(wd, n);
		if (gitdir)
			*gitdir = xstrdup(git_repository_path(repo));
		git_repository_free(repo);
		return 0;
	}
	git_repository_free(repo);
	*root = xstrdup(realpath(start, real) ? real : start);
	return -1;
}

struct guard {
	git_odb_backend parent;
	char *objects;		/* the objects folder, with a slash */
};

/* Is the loose object at path whole: one zlib stream, to its end?  An
 * object that is not there (packed, or in no backend) is not ours to
 * judge. */
static bool loose_whole(const char *path)
{
	unsigned char in[16384], out[16384];
	z_stream z;
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = Z_OK;

	if (fd < 0)
		return true;
	memset(&z, 0, sizeof(z));
	if (inflateInit(&z) != Z_OK) {
		close(fd);
		return true;
	}
	while (rc != Z_STREAM_END) {
		if (z.avail_in == 0) {
			ssize_t n = read(fd, in, sizeof(in));
			if (n <= 0)
				break;	/* the stream ends early: truncated */
			z.next_in = in;
			z.avail_in = (uInt)n;
		}
		z.next_out = out;
		z.avail_out = sizeof(out);
		rc = inflate(&z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			break;	/* not zlib */
	}
	inflateEnd(&z);
	close(fd);
	return rc == Z_STREAM_END;
}

static int guard_check(struct guard *g, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	char *path;
	bool whole;

	git_oid_tostr(hex, sizeof(hex), id);
	path = xasprintf("%s%.2s/%s", g->objects, hex, hex + 2);
	whole = loose_whole(path);
	if (!whole) {
		char *msg = xasprintf("the object file %s is damaged "
				      "(truncated, or not an object): see git "
				      "fsck", path);
		git_error_set_str(GIT_ERROR_ODB, msg);
		free(msg);
	}
	free(path);
	return whole ? GIT_PASSTHROUGH : -1;
}

/* The signatures are libgit2's (git_odb_backend's read, read_header). */
/* NOLINTNEXTLINE(readability-non-const-parameter): libgit2's signature */
static int guard_read(void **data, size_t *len, git_object_t *type,
		      git_odb_backend *b, const git_oid *id)
{
	(void)data;
	(void)len;
	(void)type;
	return guard_check((struct guard *)b, id);
}

/* NOLINTNEXTLINE(readability-non-const-parameter): libgit2's signature */
static int guard_read_header(size_t *len, git_object_t *type,
			     git_odb_backend *b, const git_oid *id)
{
	(void)len;
	(void)type;
	return guard_check((struct guard *)b, id);
}

/* A short id (HEAD~1, an abbreviated at = "5d66f8d"): libgit2 reads
 * these through read_prefix, so the loose objects the prefix names are
 * checked here too. */
/* NOLINTNEXTLINE(readability-non-const-parameter): libgit2's signature */
static int guard_read_prefix(git_oid *out, void **data, size_t *len,
			     /* NOLINTNEXTLINE(readability-non-const-parameter) */
			     git_object_t *type, git_odb_backend *b,
			     const git_oid *short_id, size_t hexlen)
{
	struct guard *g = (struct guard *)b;
	char hex[GIT_OID_HEXSZ + 1];
	char *dir;
	DIR *d;
	struct dirent *e;
	int rc = GIT_PASSTHROUGH;

	(void)out;
	(void)data;
	(void)len;
	(void)type;
	if (hexlen < 2 || hexlen > GIT_OID_HEXSZ)
		return GIT_PASSTHROUGH;
	git_oid_tostr(hex, sizeof(hex), short_id);
	hex[hexlen] = '\0';
	dir = xasprintf("%s%.2s", g->objects, hex);
	d = opendir(dir);
	while (d && rc == GIT_PASSTHROUGH && (e = readdir(d))) {
		git_oid id;
		char full[GIT_OID_HEXSZ + 1];

		if (strlen(e->d_name) != GIT_OID_HEXSZ - 2 ||
		    strncmp(e->d_name, hex + 2, hexlen - 2) != 0)
			continue;
		snprintf(full, sizeof(full), "%.2s%s", hex, e->d_name);
		if (git_oid_fromstr(&id, full) == 0 &&
		    guard_check(g, &id) < 0)
			rc = -1;
	}
	if (d)
		closedir(d);
	free(dir);
	return rc;
}

static int guard_foreach(git_odb_backend *b, git_odb_foreach_cb cb,
			 void *payload)
{
	(void)b;
	(void)cb;
	(void)payload;
	return 0;	/* the loose backend lists them */
}

static void guard_free(git_odb_backend *b)
{
	struct guard *g = (struct guard *)b;

	free(g->objects);
	free(g);
}

int project_guard_objects(git_repository *repo)
{
	git_odb *odb = NULL;
	struct guard *g;
	int rc;

	if (git_repository_odb(&odb, repo) < 0)
		return -1;
	g = xcalloc(1, sizeof(*g));
	git_odb_init_backend(&g->parent, GIT_ODB_BACKEND_VERSION);
	g->objects = xasprintf("%sobjects/", git_repository_commondir(repo));
	g->parent.read = guard_read;
	g->parent.read_header = guard_read_header;
	g->parent.read_prefix = guard_read_prefix;
	g->parent.foreach = guard_foreach;
	g->parent.free = guard_free;
	/* Before every other backend: the highest priority is asked first. */
	rc = git_odb_add_backend(odb, &g->parent, 1000);
	if (rc < 0)
		guard_free(&g->parent);
	git_odb_free(odb);
	return rc < 0 ? -1 : 0;
}

char *project_config(const char *root)
{
	static const char *const names[] = { "relcheck.conf", ".relcheck.conf" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *p = path_join(root, names[i]);
		if (path_is_file(p))
			return p;
		free(p);
	}
	return NULL;
}

char *project_collapse_name(const char *name, char with, bool keep_ends)
{
	struct buf b = BUF_INIT;
	bool sep = false;

	buf_init(&b);
	for (const char *p = name; *p; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			sep = true;
			continue;
		}
		if (sep && (keep_ends || b.len))
			buf_addc(&b, with);
		sep = false;
		buf_addc(&b, (char)tolower((unsigned char)*p));
	}
	if (sep && keep_ends)
		buf_addc(&b, with);
	return buf_detach(&b);
}

char *project_normalise(const char *name)
{
	return project_collapse_name(name, '-', false);
}

/* Strips spaces and one pair of quotes; returns a new string. */
static char *unquote(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0]) {
		s++;
		n -= 2;
	}
	return xstrndup(s, n);
}

/* A value: a quoted string up to its closing quote, or the text up to a
 * # comment; spaces trimmed.  Returns a new string. */
static char *value_of(const char *v)
{
	const char *end;

	while (isspace((unsigned char)*v))
		v++;
	if ((*v == '"' || *v == '\'') && (end = strchr(v + 1, *v)) != NULL)
		return xstrndup(v + 1, (size_t)(end - v - 1));
	end = strchr(v, '#');
	return unquote(v, end ? (size_t)(end - v) : strlen(v));
}

/* Whether the file at path (at most 1 MiB read) holds word. */
static bool file_mentions(const char *path, const char *word)
{
	struct buf text = BUF_INIT;
	bool yes = false;

	if (path_is_file(path) && buf_read_file(&text, path) == 0 &&
	    text.data && text.len <= 1024 * 1024)
		yes = strstr(text.data, word) != NULL;
	buf_free(&text);
	return yes;
}

/* The value of `key = value` in [section] of an INI or TOML file, or NULL.
 * Enough for the flat keys relcheck reads (name, the first script). When
 * key is NULL, the first key of the section is returned in *first_key. */
static char *ini_value(const char *path, const char *section, const char *key,
		       char **first_key)
{
	struct buf text = BUF_INIT;
	char *result = NULL;
	bool in = false;
	char *line, *save = NULL;

	if (buf_read_file(&text, path) < 0)
		return NULL;
	for (line = strtok_r(text.data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *p = line, *eq;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '#' || *p == ';' || !*p)
			continue;
		if (*p == '[') {
			char *end = strchr(p, ']');
			in = end && (size_t)(end - p - 1) == strlen(section) &&
			     strncmp(p + 1, section, strlen(section)) == 0;
			continue;
		}
		if (!in || !(eq = strchr(p, '=')))
			continue;
		{
			char *k = unquote(p, (size_t)(eq - p));
			bool match = key ? strcmp(k, key) == 0 : true;
			if (match) {
				result = value_of(eq + 1);
				if (first_key)
					*first_key = k;
				else
					free(k);
				break;
			}
			free(k);
		}
	}
	buf_free(&text);
	return result;
}

static bool file_has(const char *path, const char *needle)
{
	struct buf text = BUF_INIT;
	bool found;

	if (buf_read_file(&text, path) < 0)
		return false;
	found = strstr(text.data, needle) != NULL;
	buf_free(&text);
	return found;
}

/* Detected names go into shell commands and Python: each is used only
 * when it matches its grammar (ASCII only: isalnum would follow the
 * locale), so that nothing shaped like shell or Python code is ever a
 * name.  What is not used is said in a note. */
static bool ascii_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* PEP 508 project name: ^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$, any
 * case.  Console-script names are held to the same (never a leading '-':
 * never an option). */
static bool dist_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || !ascii_alnum(s[0]) || !ascii_alnum(s[n - 1]))
		return false;
	for (; *s; s++)
		if (!ascii_alnum(*s) && !strchr("._-", *s))
			return false;
	return true;
}

/* A Python identifier (ASCII), or dotted ones. */
static bool module_ok(const char *s)
{
	bool start = true;

	for (; *s; s++) {
		if (*s == '.' && !start) {
			start = true;
			continue;
		}
		if (!ascii_alnum(*s) && *s != '_')
			return false;
		if (start && *s >= '0' && *s <= '9')
			return false;
		start = false;
	}
	return !start;
}

/* rel is a relative path with no empty, '.' or '..' component, of
 * letters, digits and . _ - only, and it stays inside root once symbolic
 * links are followed. */
static bool inside_ok(const char *root, const char *rel)
{
	char top[PATH_MAX], real[PATH_MAX];
	char *abs;
	bool ok;
	size_t n;

	if (!*rel || *rel == '/')
		return false;
	for (const char *c = rel; *c; ) {
		size_t len = strcspn(c, "/");
		if (len == 0 || (len == 1 && c[0] == '.') ||
		    (len == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		for (size_t i = 0; i < len; i++)
			if (!ascii_alnum(c[i]) && !strchr("._-", c[i]))
				return false;
		c += len;
		if (*c == '/')
			c++;
	}
	abs = path_join(root, rel);
	ok = realpath(root, top) && realpath(abs, real);
	free(abs);
	n = ok ? strlen(top) : 0;
	return ok && strncmp(real, top, n) == 0 &&
	       (real[n] == '/' || (n == 1 && top[0] == '/'));
}

/* s as a note shows it: printable ASCII, anything else as \xNN, cut at
 * 80 bytes.  Caller frees. */
static char *shown(const char *s)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_init(&b);
	for (i = 0; i < 80 && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '\\')
			buf_addc(&b, (char)c);
		else
			buf_addf(&b, "\\x%02x", c);
	}
	if (s[i])
		buf_adds(&b, "...");
	return buf_detach(&b);
}

static void note_ignored(struct diag *notes, const char *what,
			 const char *value, const char *where, const char *why)
{
	char *v = shown(value);

	diag_add(notes, NULL, 0, "ignoring the %s \"%s\"%s%s: %s", what, v,
		 where ? " in " : "", where ? where : "", why);
	free(v);
}

/* ---- what the project declares ---- */

/* A version assignment NAME = "X" in Python (or setup.py's keyword). */
#define PY_VERSION_RE(name) name "\\s*(?::[^=\\n]*)?=\\s*['\"]v?([^'\"]+)['\"]"
/* version = "X" in the [TABLE] of a TOML file, before the next table. */
#define TOML_VERSION_RE(table) "^\\[" table "\\][ \\t]*(?:#[^\\n]*)?\\n(?:(?!\\[)[^\\n]*\\n|\\n)*?version\\s*=\\s*['\"]([^'\"]+)['\"]"

struct detect {
	const char *root;
	struct vars *out;
	struct diag *notes;
	struct toml py;			/* pyproject.toml (empty: none) */
	char *pyproject, *setupcfg, *setuppy;	/* their paths */
	char *package;
	char *module;			/* the import name, dotted */
	char *version_file;		/* relative to root */
	char *version_pattern;		/* NULL: the checklist's */
	char *version_source;		/* where the version comes from */
	bool vcs;			/* the version is the git tag's */
	bool release_given;		/* --release: no note asks for it */
};

static void set_owned(char **slot, char *value)
{
	free(*slot);
	*slot = value;
}

/* rel is a file inside the repository. */
static bool rel_file(const char *root, const char *rel)
{
	char *abs = path_join(root, rel);
	bool yes = path_is_file(abs) && inside_ok(root, rel);

	free(abs);
	return yes;
}

static bool rel_dir(const char *root, const char *rel)
{
	char *abs = path_join(root, rel);
	bool yes = path_is_dir(abs) && inside_ok(root, rel);

	free(abs);
	return yes;
}

/* A requirement names dist: "setuptools_scm[toml]>=6" names
 * setuptools-scm. */
static bool requires(const struct toml *t, const char *dist)
{
	const struct toml_entry *e = toml_get(t, "build-system.requires");
	char *want = project_normalise(dist);
	bool yes = false;

	for (size_t i = 0; e && e->type == TOML_ARRAY && i < e->nitems; i++) {
		const char *r = e->items[i];
		size_t n = strspn(r, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM"
				  "NOPQRSTUVWXYZ0123456789-_.");
		char *name = xstrndup(r, n), *norm = project_normalise(name);

		yes = yes || strcmp(norm, want) == 0;
		free(norm);
		free(name);
	}
	free(want);
	return yes;
}

static const char *backend(const struct detect *d)
{
	const char *b = toml_string(&d->py, "build-system.build-backend");

	return b ? b : "";
}

/* The file of dotted module mod under prefix: PREFIX/a/b/__init__.py or
 * PREFIX/a/b.py; *is_pkg says which.  NULL when neither is there. */
static char *module_file(const char *root, const char *prefix,
			 const char *mod, bool *is_pkg)
{
	char *path = xasprintf("%s%s", prefix, mod), *rel;

	for (char *p = path + strlen(prefix); *p; p++)
		if (*p == '.')
			*p = '/';
	rel = xasprintf("%s/__init__.py", path);
	*is_pkg = true;
	if (!rel_file(root, rel)) {
		/* a folder with a version.py and no __init__.py */
		free(rel);
		rel = xasprintf("%s/version.py", path);
	}
	if (!rel_file(root, rel)) {
		free(rel);
		rel = xasprintf("%s.py", path);
		*is_pkg = false;
		if (!rel_file(root, rel)) {
			free(rel);
			rel = NULL;
		}
	}
	free(path);
	return rel;
}

/* Where setuptools finds packages: [tool.setuptools.package-dir] "",
 * else the top and src/. */
static void package_prefixes(const struct detect *d, char **out, size_t *n)
{
	const char *dir = toml_string(&d->py, "tool.setuptools.package-dir.");

	*n = 0;
	if (dir && *dir && strcmp(dir, ".") != 0 && rel_dir(d->root, dir))
		out[(*n)++] = xasprintf("%s/", dir);
	out[(*n)++] = xstrdup("");
	out[(*n)++] = xstrdup("src/");
}

static void version_in_module(struct detect *d, const char *dir);

/* rel assigns name: NAME = ... at a line's start. */
static bool file_assigns(const char *root, const char *rel, const char *name)
{
	struct buf text = BUF_INIT;
	char *abs = path_join(root, rel);
	bool yes = false;
	size_t n = strlen(name);

	if (buf_read_file(&text, abs) == 0) {
		for (const char *p = text.data; p && !yes; ) {
			const char *q = p;
			while (*q == ' ' || *q == '\t')
				q++;
			if (strncmp(q, name, n) == 0) {
				q += n;
				while (*q == ' ' || *q == '\t')
					q++;
				yes = *q == '=' || *q == ':';
			}
			p = strchr(p, '\n');
			if (p)
				p++;
		}
	}
	buf_free(&text);
	free(abs);
	return yes;
}

/* attr = "pkg.mod.NAME": the version is NAME in pkg/mod's file. */
static bool from_attr(struct detect *d, const char *attr, const char *where)
{
	const char *dot = strrchr(attr, '.');
	char *mod, *prefixes[3];
	size_t np;
	bool found = false, unassigned = false;

	if (!dot || !module_ok(attr)) {
		note_ignored(d->notes, "version attribute", attr, where,
			     "not a dotted Python name");
		return false;
	}
	mod = xstrndup(attr, (size_t)(dot - attr));
	package_prefixes(d, prefixes, &np);
	for (size_t i = 0; i < np && !found; i++) {
		bool is_pkg;
		char *rel = module_file(d->root, prefixes[i], mod, &is_pkg);

		if (!rel)
			continue;
		found = true;
		if (!file_assigns(d->root, rel, dot + 1) && is_pkg) {
			/* __init__.py imports it: from .version import ... */
			char *dir = path_dirname(rel);
			version_in_module(d, dir);
			free(dir);
			free(rel);
			rel = d->version_file ? xstrdup(d->version_file)
			      : NULL;
			if (!rel) {
				char *a = shown(attr);
				diag_add(d->notes, NULL, 0, "%s is %s, and its "
					 "package assigns no __version__",
					 where, a);
				free(a);
				unassigned = true;
				found = false;
				break;
			}
		}
		set_owned(&d->version_file, rel);
		if (!is_pkg && strrchr(mod, '.'))
			set_owned(&d->module, xstrndup(mod, (size_t)
					(strrchr(mod, '.') - mod)));
		else
			set_owned(&d->module, xstrdup(mod));
		if (strcmp(dot + 1, "__version__") != 0) {
			char *name = xstrdup(dot + 1);
			set_owned(&d->version_pattern,
				  xasprintf(PY_VERSION_RE("%s"), name));
			free(name);
		}
	}
	for (size_t i = 0; i < np; i++)
		free(prefixes[i]);
	if (!found && !unassigned) {
		char *m = shown(mod);
		diag_add(d->notes, NULL, 0, "%s names the module %s, which is "
			 "not in the repository (at the top or under src/)",
			 where, m);
		free(m);
	}
	free(mod);
	if (found)
		set_owned(&d->version_source, xasprintf("%s", where));
	return found;
}

/* A file that holds the version alone (setuptools file:, VERSION). */
static bool from_file(struct detect *d, const char *rel, const char *where,
		      const char *pattern)
{
	if (!rel_file(d->root, rel)) {
		note_ignored(d->notes, "version file", rel, where, "not a file "
			     "inside the repository");
		return false;
	}
	set_owned(&d->version_file, xstrdup(rel));
	set_owned(&d->version_pattern, pattern ? xstrdup(pattern) : NULL);
	set_owned(&d->version_source, xstrdup(where));
	return true;
}

#define BARE_VERSION_RE "\\A\\s*v?([0-9][0-9A-Za-z.+!_-]*)\\s*\\z"

/* The version in pyproject.toml: [project] version, or dynamic and the
 * backend's own source. */
static bool version_from_pyproject(struct detect *d)
{
	const struct toml *t = &d->py;
	const char *s;
	const struct toml_entry *e;
	bool dynamic = toml_array_has(t, "project.dynamic", "version");

	if (!dynamic && toml_string(t, "project.version"))
		return from_file(d, "pyproject.toml", "pyproject.toml [project] "
				 "version", TOML_VERSION_RE("project"));
	/* hatch: a path, or the VCS */
	s = toml_string(t, "tool.hatch.version.source");
	if ((s && strcmp(s, "vcs") == 0) ||
	    (dynamic && requires(t, "hatch-vcs") &&
	     !toml_string(t, "tool.hatch.version.path"))) {
		d->vcs = true;
		set_owned(&d->version_source, xstrdup("git tags (hatch-vcs)"));
		return true;
	}
	if ((s = toml_string(t, "tool.hatch.version.path")) != NULL)
		return from_file(d, s, "pyproject.toml [tool.hatch.version] path",
				 PY_VERSION_RE("(?:__version__|VERSION)"));
	/* pdm */
	s = toml_string(t, "tool.pdm.version.source");
	if (s && strcmp(s, "scm") == 0) {
		d->vcs = true;
		set_owned(&d->version_source, xstrdup("git tags (pdm scm)"));
		return true;
	}
	if (s && strcmp(s, "file") == 0 &&
	    (s = toml_string(t, "tool.pdm.version.path")) != NULL)
		return from_file(d, s, "pyproject.toml [tool.pdm.version] path",
				 NULL);
	/* setuptools */
	if ((s = toml_string(t, "tool.setuptools.dynamic.version.attr")))
		return from_attr(d, s, "pyproject.toml [tool.setuptools.dynamic]"
				 " version attr");
	e = toml_get(t, "tool.setuptools.dynamic.version.file");
	if (e && (e->type == TOML_STRING || (e->type == TOML_ARRAY &&
					     e->nitems)))
		return from_file(d, e->type == TOML_STRING ? e->str
				 : e->items[0], "pyproject.toml "
				 "[tool.setuptools.dynamic] version file",
				 BARE_VERSION_RE);
	if (dynamic && (toml_has_table(t, "tool.setuptools_scm") ||
			requires(t, "setuptools-scm"))) {
		d->vcs = true;
		set_owned(&d->version_source,
			  xstrdup("git tags (setuptools-scm)"));
		return true;
	}
	/* poetry */
	if (toml_string(t, "tool.poetry.version") &&
	    !toml_string(t, "project.version"))
		return from_file(d, "pyproject.toml", "pyproject.toml "
				 "[tool.poetry] version",
				 TOML_VERSION_RE("tool\\.poetry"));
	/* flit: the module's __version__ (found with the module) */
	if (dynamic && str_starts_with(backend(d), "flit"))
		set_owned(&d->version_source, xstrdup("the module's "
				"__version__ (flit)"));
	return false;
}

/* setup.cfg [metadata] version: attr:, file: or the version itself. */
static bool version_from_setupcfg(struct detect *d)
{
	char *v = ini_value(d->setupcfg, "metadata", "version", NULL);
	bool found = false;

	if (!v)
		return false;
	if (str_starts_with(v, "attr:")) {
		char *a = unquote(v + 5, strlen(v + 5));
		found = from_attr(d, a, "setup.cfg [metadata] version attr:");
		free(a);
	} else if (str_starts_with(v, "file:")) {
		char *f = unquote(v + 5, strlen(v + 5));
		char *comma = strchr(f, ',');
		if (comma) {
			*comma = '\0';
			set_owned(&f, unquote(f, strlen(f)));
		}
		found = from_file(d, f, "setup.cfg [metadata] version file:",
				  BARE_VERSION_RE);
		free(f);
	} else {
		found = from_file(d, "setup.cfg", "setup.cfg [metadata] version",
				  "^\\s*version\\s*=\\s*(\\S+)");
	}
	free(v);
	return found;
}

/* setup.py, read as text (never run): name="x", version="1.2.3",
 * use_scm_version. */
static char *setuppy_string(const char *path, const char *keyword)
{
	struct buf text = BUF_INIT;
	char *re = xasprintf("\\b%s\\s*=\\s*['\"]([^'\"\\n]+)['\"]", keyword);
	char *msg = NULL, *value = NULL;
	pcre2_code *code;

	if (buf_read_file(&text, path) == 0 &&
	    (code = rx_compile(re, &msg)) != NULL) {
		if (rx_match(code, text.data, text.len, "1", &value, &msg) != 1) {
			free(value);
			value = NULL;
		}
		pcre2_code_free(code);
	}
	free(msg);
	free(re);
	buf_free(&text);
	return value;
}

static bool version_from_setuppy(struct detect *d)
{
	char *v;

	if (file_has(d->setuppy, "use_scm_version")) {
		d->vcs = true;
		set_owned(&d->version_source,
			  xstrdup("git tags (setup.py use_scm_version)"));
		return true;
	}
	v = setuppy_string(d->setuppy, "version");
	if (!v)
		return false;
	free(v);
	return from_file(d, "setup.py", "setup.py version=",
			 "\\bversion\\s*=\\s*['\"]([^'\"\\n]+)['\"]");
}

/* The package folder's own version file, when nothing declared one. */
static void version_in_module(struct detect *d, const char *dir)
{
	static const char *const names[] = { "version.py", "_version.py",
		"__version__.py", "__about__.py", "__init__.py" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *rel = xasprintf("%s/%s", dir, names[i]);
		char *abs = path_join(d->root, rel);

		if (path_is_file(abs) && !inside_ok(d->root, rel)) {
			note_ignored(d->notes, "version file", rel, NULL,
				     "not a path inside the repository");
		} else if (rel_file(d->root, rel) &&
			   file_has(abs, "__version__")) {
			free(abs);
			set_owned(&d->version_file, rel);
			set_owned(&d->version_source, xasprintf("%s "
					"__version__", rel));
			return;
		}
		free(abs);
		free(rel);
	}
}

/* dir under prefix holds a package: __init__.py, or (a namespace
 * package) no __init__.py but a package one level down. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_dirs(const char *root, const char *prefix, size_t *n)
{
	static const char *const skip[] = { "tests", "test", "testing", "docs",
		"doc", "build", "dist", "venv", "env", "examples", "example",
		"scripts", "benchmarks", "bench", "tools", "site-packages",
		"node_modules", "__pycache__", NULL };
	char *base = path_join(root, *prefix ? prefix : ".");
	DIR *dir = opendir(base);
	struct dirent *e;
	char **names = NULL;

	*n = 0;
	free(base);
	while (dir && (e = readdir(dir)) != NULL) {
		bool skipped = e->d_name[0] == '.' || strchr(e->d_name, '.');
		for (size_t k = 0; skip[k] && !skipped; k++)
			skipped = strcmp(e->d_name, skip[k]) == 0;
		if (skipped)
			continue;
		names = xrealloc(names, (*n + 1) * sizeof(*names));
		names[(*n)++] = xstrdup(e->d_name);
	}
	if (dir)
		closedir(dir);
	if (*n)
		qsort(names, *n, sizeof(*names), cmp_str);
	return names;
}

static void free_list(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The packages under prefix: a/__init__.py gives "a"; ns/b/__init__.py
 * under a folder ns without one gives "ns.b". */
static void packages_under(struct detect *d, const char *prefix,
			   char ***found, size_t *nfound)
{
	size_t n;
	char **names = list_dirs(d->root, prefix, &n);

	for (size_t i = 0; i < n; i++) {
		char *dir = xasprintf("%s%s", prefix, names[i]);
		char *init = xasprintf("%s/__init__.py", dir);
		char *vfile = xasprintf("%s/version.py", dir);

		if (!module_ok(names[i])) {
			char *a = path_join(d->root, init);
			char *b = path_join(d->root, vfile);
			if (path_is_file(a) || path_is_file(b))
				note_ignored(d->notes, "package folder", dir,
					     NULL, "not a Python identifier");
			free(a);
			free(b);
		} else if (rel_file(d->root, init) ||
			   rel_file(d->root, vfile)) {
			*found = xrealloc(*found, (*nfound + 1) *
					  sizeof(**found));
			(*found)[(*nfound)++] = xstrdup(names[i]);
		} else if (rel_dir(d->root, dir)) {
			size_t m;
			char *sub = xasprintf("%s/", dir);
			char **inner = list_dirs(d->root, sub, &m);
			for (size_t k = 0; k < m; k++) {
				char *i2 = xasprintf("%s%s/__init__.py", sub,
						     inner[k]);
				if (module_ok(inner[k]) &&
				    rel_file(d->root, i2)) {
					*found = xrealloc(*found, (*nfound + 1)
							  * sizeof(**found));
					(*found)[(*nfound)++] = xasprintf(
						"%s.%s", names[i], inner[k]);
				}
				free(i2);
			}
			free_list(inner, m);
			free(sub);
		}
		free(vfile);
		free(init);
		free(dir);
	}
	free_list(names, n);
}

/* The folder of module (dotted) under the prefixes, or NULL. */
static char *module_dir(const struct detect *d, const char *module)
{
	char *prefixes[3], *found = NULL;
	size_t np;

	package_prefixes(d, prefixes, &np);
	for (size_t i = 0; i < np; i++) {
		bool is_pkg;
		char *rel = module_file(d->root, prefixes[i], module, &is_pkg);

		if (rel && !found)
			found = is_pkg ? path_dirname(rel) : NULL;
		if (rel && !is_pkg && !found)
			found = xstrdup("");	/* a single-file module */
		free(rel);
	}
	for (size_t i = 0; i < np; i++)
		free(prefixes[i]);
	return found;
}

/* A module of one file (flit's mod.py): its own __version__. */
static void version_in_single_file(struct detect *d)
{
	char *prefixes[3];
	size_t np;

	package_prefixes(d, prefixes, &np);
	for (size_t i = 0; i < np; i++) {
		bool is_pkg;
		char *rel = d->version_file ? NULL
			    : module_file(d->root, prefixes[i], d->module,
					  &is_pkg);

		if (rel && !is_pkg && file_assigns(d->root, rel,
						   "__version__")) {
			set_owned(&d->version_source, xasprintf("%s "
					"__version__", rel));
			d->version_file = rel;
			rel = NULL;
		}
		free(rel);
		free(prefixes[i]);
	}
}

/* The package a build backend is told to ship: hatch's wheel packages
 * ("src/pkg"), setuptools' packages ("pkg"); the first, when it is in
 * the repository. */
static void module_declared(struct detect *d)
{
	static const char *const keys[] = {
		"tool.hatch.build.targets.wheel.packages",
		"tool.setuptools.packages",
	};

	for (size_t k = 0; k < ARRAY_SIZE(keys) && !d->module; k++) {
		const struct toml_entry *e = toml_get(&d->py, keys[k]);
		char *mod, *dir;

		if (!e || e->type != TOML_ARRAY || !e->nitems)
			continue;
		mod = xstrdup(str_starts_with(e->items[0], "src/")
			      ? e->items[0] + 4 : e->items[0]);
		for (char *p = mod; *p; p++)
			if (*p == '/')
				*p = '.';
		if (module_ok(mod) && (dir = module_dir(d, mod)) != NULL) {
			d->module = mod;
			mod = NULL;
			free(dir);
		} else {
			note_ignored(d->notes, "package", e->items[0], keys[k],
				     "not a package folder in the repository");
		}
		free(mod);
	}
}

/* Finds the module from the package's name (a-b: a_b, a.b, a/b), then
 * from the folders that hold packages. */
static void find_module(struct detect *d)
{
	const char *flit = toml_string(&d->py, "tool.flit.module.name");
	char *dir = NULL;

	if (!d->module && flit) {
		if (module_ok(flit))
			d->module = xstrdup(flit);
		else
			note_ignored(d->notes, "module", flit, "pyproject.toml "
				     "[tool.flit.module] name", "not a Python "
				     "name");
	}
	if (!d->module)
		module_declared(d);
	if (!d->module && d->package) {
		char *cand[3];

		cand[0] = xstrdup(d->package);
		cand[1] = xstrdup(d->package);
		cand[2] = xstrdup(d->package);
		for (char *p = cand[0]; *p; p++)
			if (*p == '-' || *p == '.')
				*p = '_';
		for (char *p = cand[1]; *p; p++)
			if (*p == '-')
				*p = '_';
		for (char *p = cand[2]; *p; p++)
			if (*p == '-' || *p == '_')
				*p = '.';
		for (size_t i = 0; i < 3 && !d->module; i++) {
			char *lower = xstrdup(cand[i]);
			for (char *p = lower; *p; p++)
				*p = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32
					    : *p);
			if (module_ok(cand[i]) &&
			    (dir = module_dir(d, cand[i])) != NULL)
				d->module = xstrdup(cand[i]);
			else if (module_ok(lower) &&
				 (dir = module_dir(d, lower)) != NULL)
				d->module = xstrdup(lower);
			free(lower);
		}
		for (size_t i = 0; i < 3; i++)
			free(cand[i]);
	}
	if (!d->module) {
		char *prefixes[3], **found = NULL;
		size_t np, nfound = 0;

		package_prefixes(d, prefixes, &np);
		for (size_t i = 0; i < np && !nfound; i++)
			packages_under(d, prefixes[i], &found, &nfound);
		for (size_t i = 0; i < np; i++)
			free(prefixes[i]);
		/* The one there is; of several, the first with a version. */
		for (size_t i = 0; i < nfound && !d->module; i++) {
			char *md = module_dir(d, found[i]);
			if (nfound == 1)
				d->module = xstrdup(found[i]);
			else if (md && !d->version_file && !d->vcs) {
				version_in_module(d, md);
				if (d->version_file)
					d->module = xstrdup(found[i]);
			}
			free(md);
		}
		free_list(found, nfound);
	}
	if (d->module && !dir)
		dir = module_dir(d, d->module);
	if (dir && *dir && !d->version_file && !d->vcs)
		version_in_module(d, dir);
	else if (dir && !*dir && !d->version_file && !d->vcs)
		version_in_single_file(d);
	free(dir);
}

/* ---- release tags ---- */

/* A version relcheck may put in shell commands. */
static bool version_chars_ok_p(const char *s)
{
	size_t n = strlen(s);

	return n && n < 64 && strspn(s, "0123456789abcdefghijklmnopqrstuvwxyz"
				     "ABCDEFGHIJKLMNOPQRSTUVWXYZ.+!_-") == n;
}

/* Splits tag into PREFIX VERSION: the version starts at a digit after
 * the prefix, and the prefix is of letters, digits and . _ / - (never a
 * leading '-').  Returns the prefix's length, or -1. */
static int tag_split(const char *tag)
{
	for (size_t i = 0; tag[i]; i++) {
		char *err = NULL;
		bool ok;

		if (!(tag[i] >= '0' && tag[i] <= '9'))
			continue;
		if (strspn(tag + i, "0123456789abcdefghijklmnopqrstuvwxyz"
			   "ABCDEFGHIJKLMNOPQRSTUVWXYZ.+!_-") != strlen(tag + i))
			return -1;
		ok = strchr(tag + i, '.') &&
		     version_check(tag + i, VERSION_ANY, &err) == 0;
		free(err);
		if (!ok)
			return -1;
		for (size_t k = 0; k < i; k++)
			if (!ascii_alnum(tag[k]) && !strchr("._/-", tag[k]))
				return -1;
		return tag[0] == '-' || i > 64 ? -1 : (int)i;
	}
	return -1;
}

struct scheme {
	char *prefix;
	size_t count;
	char *best;		/* its greatest version */
};

static bool version_greater(const char *a, const char *b)
{
	char *err = NULL;
	int cmp = 0;
	bool yes = version_compare(a, b, VERSION_ANY, &cmp, &err) == 0 &&
		   cmp > 0;

	free(err);
	return yes;
}

int project_tag_scheme(const char *root, char **prefix, size_t *ntags,
		       char **head_version)
{
	git_repository *repo = NULL;
	git_strarray tags = { NULL, 0 };
	struct scheme *s = NULL;
	size_t ns = 0, pick = 0;
	git_oid head;
	bool have_head = false;

	*prefix = NULL;
	*ntags = 0;
	*head_version = NULL;
	gitlib_init();
	if (git_repository_open_ext(&repo, root, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) != 0 ||
	    project_guard_objects(repo) < 0 ||
	    git_tag_list(&tags, repo) < 0) {
		git_repository_free(repo);
		return -1;
	}
	for (size_t i = 0; i < tags.count; i++) {
		int at = tag_split(tags.strings[i]);
		size_t k;

		if (at < 0)
			continue;
		for (k = 0; k < ns; k++)
			if (strlen(s[k].prefix) == (size_t)at &&
			    strncmp(s[k].prefix, tags.strings[i],
				    (size_t)at) == 0)
				break;
		if (k == ns) {
			s = xrealloc(s, (ns + 1) * sizeof(*s));
			s[ns].prefix = xstrndup(tags.strings[i], (size_t)at);
			s[ns].count = 0;
			s[ns].best = NULL;
			ns++;
		}
		s[k].count++;
		if (!s[k].best || version_greater(tags.strings[i] + at,
						  s[k].best)) {
			free(s[k].best);
			s[k].best = xstrdup(tags.strings[i] + at);
		}
	}
	/* The scheme most tags follow; of as many, the newest release's. */
	for (size_t k = 1; k < ns; k++)
		if (s[k].count > s[pick].count ||
		    (s[k].count == s[pick].count &&
		     version_greater(s[k].best, s[pick].best)))
			pick = k;
	if (ns) {
		*prefix = xstrdup(s[pick].prefix);
		*ntags = s[pick].count;
		have_head = git_reference_name_to_id(&head, repo, "HEAD") == 0;
	}
	/* The release at HEAD: a tag of that scheme on HEAD's commit. */
	for (size_t i = 0; have_head && i < tags.count; i++) {
		git_object *obj = NULL;
		char *spec;
		int at = tag_split(tags.strings[i]);

		if (at < 0 || strlen(*prefix) != (size_t)at ||
		    strncmp(*prefix, tags.strings[i], (size_t)at) != 0)
			continue;
		spec = xasprintf("refs/tags/%s^{commit}", tags.strings[i]);
		if (git_revparse_single(&obj, repo, spec) == 0 &&
		    git_oid_equal(git_object_id(obj), &head) &&
		    (!*head_version || version_greater(tags.strings[i] + at,
						       *head_version))) {
			free(*head_version);
			*head_version = xstrdup(tags.strings[i] + at);
		}
		git_object_free(obj);
		free(spec);
	}
	for (size_t k = 0; k < ns; k++) {
		free(s[k].prefix);
		free(s[k].best);
	}
	free(s);
	git_strarray_dispose(&tags);
	git_repository_free(repo);
	return 0;
}

static void say_missing(struct diag *notes, const char *what,
			const char *var, const char *example);

/* ---- the changelog ---- */

/* A release heading's version: v1.2.3, 1.2.3rc1, 2024.1. */
#define VT "v?[0-9]+(?:\\.[0-9]+)+[0-9A-Za-z.+!_-]*"

struct heading_style {
	const char *name;	/* reported as changelog_style */
	const char *line;	/* the heading line */
	bool underlined;	/* the next line underlines it */
};

/* In order: the first that a line (and the next) matches is its style. */
static const struct heading_style styles[] = {
	{ "keep-a-changelog", "^#{1,6}[ \\t]*\\[" VT "\\][ \\t]+-", false },
	{ "markdown-atx", "^#{1,6}[ \\t]*(?i:(?:version|release)[ \\t]+)?\\[?"
	  VT, false },
	{ "underlined", "^(?i:(?:version|release)[ \\t]+)?\\[?" VT, true },
	{ "bracket-date", "^\\[" VT "\\][ \\t]+-", false },
	{ "version-line", "^(?i:version|release)[ \\t]+" VT, false },
	{ "version-date", "^[0-9]+(?:\\.[0-9]+)+[0-9A-Za-z.+!_-]*[ \\t]+\\(",
	  false },
	{ "v-version", "^v[0-9]+(?:\\.[0-9]+)+[0-9A-Za-z.+!_-]*[ \\t]*"
	  "(?:$|[-:(])", false },
};

static bool underline(const char *line, size_t n)
{
	size_t i = 0;

	while (i < n && line[i] && strchr("=-~^*+#`'\"", line[i]) &&
	       line[i] == line[0])
		i++;
	if (i < 3)
		return false;
	while (i < n && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	return i == n;
}

/* The style of the first release heading in text, or NULL. */
static const char *heading_style(const char *text, size_t len, bool markdown)
{
	pcre2_code *re[ARRAY_SIZE(styles)];
	const char *found = NULL, *p = text, *end = text + len;
	char *msg = NULL;
	unsigned lines = 0;

	for (size_t k = 0; k < ARRAY_SIZE(styles); k++) {
		re[k] = rx_compile(styles[k].line, &msg);
		free(msg);
		msg = NULL;
	}
	while (p < end && !found && lines++ < 2000) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *next = nl ? nl + 1 : end;
		const char *nnl = next < end ? memchr(next, '\n',
						      (size_t)(end - next)) : NULL;
		size_t nn = next < end ? (nnl ? (size_t)(nnl - next)
					  : (size_t)(end - next)) : 0;

		for (size_t k = 0; k < ARRAY_SIZE(styles) && !found; k++) {
			char *v = NULL;
			if (!re[k] || (styles[k].underlined &&
				       !underline(next, nn)))
				continue;
			if (rx_match(re[k], p, n, NULL, &v, &msg) == 1)
				found = !styles[k].underlined ? styles[k].name
					: markdown ? "markdown-setext" : "rest";
			free(v);
			free(msg);
			msg = NULL;
		}
		p = next;
	}
	for (size_t k = 0; k < ARRAY_SIZE(styles); k++)
		pcre2_code_free(re[k]);
	return found;
}

/* The changelog: CHANGELOG, CHANGES, HISTORY, NEWS (any case), .md,
 * .rst, .txt or no extension, at the top and then in docs/. */
static char *find_changelog(const char *root)
{
	static const char *const bases[] = { "changelog", "changes", "history",
		"news", "release-notes", "release_notes" };
	static const char *const exts[] = { ".md", ".rst", ".txt", "",
		".markdown" };
	static const char *const dirs[] = { "", "docs/", "doc/" };
	char *found = NULL;

	for (size_t di = 0; di < ARRAY_SIZE(dirs) && !found; di++) {
		size_t n;
		char *base = path_join(root, *dirs[di] ? dirs[di] : ".");
		DIR *dir = opendir(base);
		struct dirent *e;
		char **names = NULL;

		free(base);
		n = 0;
		while (dir && (e = readdir(dir)) != NULL) {
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = xstrdup(e->d_name);
		}
		if (dir)
			closedir(dir);
		if (n)
			qsort(names, n, sizeof(*names), cmp_str);
		for (size_t b = 0; b < ARRAY_SIZE(bases) && !found; b++)
			for (size_t x = 0; x < ARRAY_SIZE(exts) && !found; x++)
				for (size_t i = 0; i < n && !found; i++) {
					char *want = xasprintf("%s%s", bases[b],
							       exts[x]);
					char *rel = xasprintf("%s%s", dirs[di],
							      names[i]);
					if (strcasecmp(names[i], want) == 0 &&
					    rel_file(root, rel))
						found = rel;
					else
						free(rel);
					free(want);
				}
		free_list(names, n);
	}
	return found;
}

static void detect_changelog(struct detect *d)
{
	char *rel = find_changelog(d->root);
	struct buf text = BUF_INIT;
	const char *style = NULL;

	if (!rel) {
		vars_set(d->out, "changelog", NULL, VAR_DETECTED, NULL, 0);
		say_missing(d->notes, "the changelog (CHANGELOG, CHANGES, "
			    "HISTORY or NEWS, .md, .rst, .txt or none)",
			    "changelog", "PATH");
		return;
	}
	vars_set(d->out, "changelog", rel, VAR_DETECTED, "the first of "
		 "CHANGELOG, CHANGES, HISTORY, NEWS", 0);
	{
		char *abs = path_join(d->root, rel);
		const char *dot = strrchr(rel, '.');
		bool md = dot && (strcasecmp(dot, ".md") == 0 ||
				  strcasecmp(dot, ".markdown") == 0);
		if (buf_read_file(&text, abs) == 0)
			style = heading_style(text.data, text.len, md);
		free(abs);
	}
	if (style)
		vars_set(d->out, "changelog_style", style, VAR_DETECTED,
			 "its first release heading", 0);
	else
		diag_add(d->notes, NULL, 0, "%s has no release heading yet (## "
			 "1.2.3, 1.2.3 underlined, Version 1.2.3, [1.2.3] - "
			 "date, ...)", rel);
	buf_free(&text);
	free(rel);
}

/* ---- project_detect ---- */

static void say_missing(struct diag *notes, const char *what,
			const char *var, const char *example)
{
	diag_add_about(notes, var, "could not find %s: use --set %s=%s, or put "
		 "%s = \"%s\"; in relcheck.conf's vars", what, var, example,
		 var, example);
}

static void detect_package(struct detect *d)
{
	const char *from = NULL;
	const char *s = toml_string(&d->py, "project.name");

	if (s || (s = toml_string(&d->py, "tool.poetry.name")) != NULL) {
		d->package = xstrdup(s);
		from = d->pyproject;
	} else if ((d->package = ini_value(d->setupcfg, "metadata", "name",
					    NULL)) != NULL) {
		from = d->setupcfg;
	} else if ((d->package = setuppy_string(d->setuppy, "name")) != NULL) {
		from = d->setuppy;
	}
	if (d->package && !dist_name_ok(d->package)) {
		note_ignored(d->notes, "package name", d->package, from,
			     "not a valid distribution name (PEP 508)");
		free(d->package);
		d->package = NULL;
	}
	/* What is not found is unknown, never the checklist's placeholder:
	 * the checks that need it are not run. */
	vars_set(d->out, "package", d->package, VAR_DETECTED,
		 d->package ? from : NULL, 0);
	if (!d->package)
		say_missing(d->notes, "the package name (pyproject.toml "
			    "[project] name, setup.cfg [metadata] name, "
			    "setup.py name=)", "package", "NAME");
}

/* Python X.Y from the classifiers, in their order. */
/* The CPython 3 minor versions a requires-python may admit: the oldest
 * one relcheck lists (older ones are not installable on any maintained
 * system) and the newest released (3.15, October 2026). */
#define PY_MINOR_OLDEST 8
#define PY_MINOR_NEWEST 15

/* One clause of a version specifier on 3.N: narrows [*lo, *hi] (minor
 * versions).  Returns false for anything it does not understand. */
static bool narrow_minor(const char *c, int *lo, int *hi)
{
	static const char *const ops[] = { ">=", "<=", "==", "!=", "~=", ">",
					   "<", "^", "~" };
	const char *op = NULL;
	long minor = 0, major;
	char *end;

	while (*c == ' ')
		c++;
	for (size_t i = 0; i < ARRAY_SIZE(ops) && !op; i++)
		if (str_starts_with(c, ops[i]))
			op = ops[i];
	if (!op)
		return false;
	c += strlen(op);
	while (*c == ' ')
		c++;
	major = strtol(c, &end, 10);
	if (end == c)
		return false;
	if (major != 3) {
		/* >=2.7 admits every 3.x, <4 too; <2.7 or >=4 none. */
		if ((*op == '>') == (major < 3)) {
			if (major < 3)
				*lo = *lo < 0 ? 0 : *lo;
			return true;
		}
		*hi = -1;
		return true;
	}
	if (*end == '.') {
		c = end + 1;
		minor = strtol(c, &end, 10);
		if (end == c)
			return strcmp(op, "==") == 0 && *c == '*';
	}
	if (strcmp(op, ">=") == 0 || strcmp(op, "~=") == 0 ||
	    strcmp(op, "^") == 0)
		*lo = minor > *lo ? (int)minor : *lo;
	else if (strcmp(op, ">") == 0)
		*lo = minor + (*end == '.' ? 0 : 1) > *lo
		      ? (int)minor + (*end == '.' ? 0 : 1) : *lo;
	else if (strcmp(op, "<") == 0)
		*hi = minor - (*end == '.' ? 0 : 1) < *hi
		      ? (int)minor - (*end == '.' ? 0 : 1) : *hi;
	else if (strcmp(op, "<=") == 0 || strcmp(op, "~") == 0 ||
		 strcmp(op, "==") == 0) {
		if (strcmp(op, "<=") != 0)
			*lo = minor > *lo ? (int)minor : *lo;
		*hi = minor < *hi ? (int)minor : *hi;
	}
	/* != excludes a patch release, not a minor version. */
	return true;
}

/* The minor versions a requires-python admits, "3.10 3.11 ...", into b;
 * nothing when it has no lower bound or a clause not understood. */
static void minors_of(const char *spec, struct buf *b)
{
	int lo = -1, hi = PY_MINOR_NEWEST;
	char *copy = xstrdup(spec), *save = NULL;

	for (char *c = strtok_r(copy, ",", &save); c;
	     c = strtok_r(NULL, ",", &save)) {
		if (!narrow_minor(c, &lo, &hi)) {
			lo = -1;
			break;
		}
	}
	free(copy);
	if (lo < 0)
		return;
	if (lo < PY_MINOR_OLDEST)
		lo = PY_MINOR_OLDEST;
	for (int m = lo; m <= hi; m++)
		buf_addf(b, "%s3.%d", b->len ? " " : "", m);
}

static void detect_pythons(struct detect *d)
{
	const struct toml_entry *e = toml_get(&d->py, "project.classifiers");
	static const char pfx[] = "Programming Language :: Python :: ";
	const char *from = "pyproject.toml [project] classifiers";
	const struct toml_entry *rp;
	struct buf b = BUF_INIT;

	buf_init(&b);
	if (!e || e->type != TOML_ARRAY) {
		e = toml_get(&d->py, "tool.poetry.classifiers");
		from = "pyproject.toml [tool.poetry] classifiers";
	}
	for (size_t i = 0; e && e->type == TOML_ARRAY && i < e->nitems; i++) {
		const char *v = e->items[i];
		if (!str_starts_with(v, pfx))
			continue;
		v += sizeof(pfx) - 1;
		if (strspn(v, "0123456789.") != strlen(v) || !strchr(v, '.') ||
		    strlen(v) > 8)
			continue;
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, v);
	}
	rp = toml_get(&d->py, "project.requires-python");
	if (rp && rp->type == TOML_STRING &&
	    strspn(rp->str, "0123456789.,<>=!~* ") == strlen(rp->str))
		vars_set(d->out, "requires_python", rp->str, VAR_DETECTED,
			 "pyproject.toml [project] requires-python", 0);
	else if ((rp = toml_get(&d->py, "tool.poetry.dependencies.python")) &&
		 rp->type == TOML_STRING &&
		 strspn(rp->str, "0123456789.,<>=!~*^ ") == strlen(rp->str))
		vars_set(d->out, "requires_python", rp->str, VAR_DETECTED,
			 "pyproject.toml [tool.poetry.dependencies] python", 0);
	else
		rp = NULL;
	/* No version classifiers (Flask declares none): the versions the
	 * requires-python admits, never the checklist's own example. */
	if (!b.len && rp) {
		minors_of(rp->str, &b);
		from = "the versions requires-python admits";
	}
	/* Each word is digits and dots (checked above): a list, as the
	 * checklist's own "3.8 3.9" is, not one word. */
	if (b.len) {
		vars_set(d->out, "python_versions", b.data, VAR_DETECTED, from,
			 0);
		vars_mark_words(d->out, "python_versions");
	}
	buf_free(&b);
}

static void detect_entry_point(struct detect *d)
{
	const char *name = NULL;
	const struct toml_entry *e = toml_first_in(&d->py, "project.scripts",
						   &name);

	if (!e)
		e = toml_first_in(&d->py, "tool.poetry.scripts", &name);
	if (e && dist_name_ok(name))
		vars_set(d->out, "entry_point", name, VAR_DETECTED,
			 "pyproject.toml [project.scripts]", 0);
	else if (e)
		note_ignored(d->notes, "entry point", name, "pyproject.toml",
			     "not a console-script name");
	if (!e && d->py.n && !file_mentions(d->setupcfg, "console_scripts") &&
	    !file_mentions(d->setuppy, "console_scripts") &&
	    !toml_get(&d->py, "project.gui-scripts"))
		/* A library with no command (requests): the checklist's
		 * ${package} would be a placeholder; the item that runs it is
		 * not run. */
		vars_set(d->out, "entry_point", NULL, VAR_DETECTED,
			 "[no console script]", 0);
}

static void detect_tags(struct detect *d)
{
	char *prefix = NULL, *head = NULL, *tag;
	size_t n = 0;

	if (project_tag_scheme(d->root, &prefix, &n, &head) < 0 || !prefix) {
		if (d->vcs && !d->release_given)
			diag_add(d->notes, NULL, 0, "the version comes from %s "
				 "and the repository has no release "
				 "tag: give --release X.Y.Z", d->version_source);
		free(prefix);
		free(head);
		return;
	}
	/* The prefix alone: data, never a template (the checklist's tag is
	 * ${tag_prefix}${version}). */
	tag = xasprintf("the scheme of %zu release tag%s", n, n == 1 ? "" : "s");
	vars_set(d->out, "tag_prefix", prefix, VAR_DETECTED, tag, 0);
	if (d->vcs && head && version_chars_ok_p(head))
		vars_set(d->out, "version", head, VAR_DETECTED, "the tag at HEAD",
			 0);
	else if (d->vcs && !d->release_given)
		diag_add(d->notes, NULL, 0, "the version comes from %s and "
			 "HEAD has no release tag (%sX.Y.Z): give "
			 "--release X.Y.Z", d->version_source, prefix);
	free(tag);
	free(prefix);
	free(head);
}

void project_detect(const char *root, bool release_given, struct vars *out,
		    struct diag *notes)
{
	struct detect d = { 0 };
	char *err = NULL;

	d.release_given = release_given;
	d.root = root;
	d.out = out;
	d.notes = notes;
	d.pyproject = path_join(root, "pyproject.toml");
	d.setupcfg = path_join(root, "setup.cfg");
	d.setuppy = path_join(root, "setup.py");
	if (toml_read_file(&d.py, d.pyproject, &err) < 0) {
		diag_add(notes, NULL, 0, "%s: not read", err);
		free(err);
	}
	detect_package(&d);
	if (!version_from_pyproject(&d) && !version_from_setupcfg(&d))
		version_from_setuppy(&d);
	find_module(&d);

	if (d.module && !module_ok(d.module))
		set_owned(&d.module, NULL);
	vars_set(out, "module", d.module, VAR_DETECTED, d.module
		 ? "the package folder" : NULL, 0);
	if (!d.module)
		say_missing(notes, "the package folder (the module, at the top"
			    " or under src/)", "module", "NAME");
	/* A Python file: __version__ = "X", or annotated (: str = "X"). */
	if (d.version_file && !d.version_pattern &&
	    str_ends_with(d.version_file, ".py") &&
	    strcmp(d.version_file, "setup.py") != 0)
		d.version_pattern = xstrdup(PY_VERSION_RE("__version__"));
	if (d.version_file && inside_ok(root, d.version_file)) {
		vars_set(out, "version_file", d.version_file, VAR_DETECTED,
			 d.version_source, 0);
		if (d.version_pattern)
			vars_set(out, "version_pattern", d.version_pattern,
				 VAR_DETECTED, d.version_source, 0);
	} else {
		/* Undetected; when the version is the git tag's, that is
		 * what a title that names the file says instead. */
		vars_set(out, "version_file", NULL, VAR_DETECTED,
			 d.vcs ? "the git tag" : NULL, 0);
	}
	if (!d.vcs && !(d.version_file && inside_ok(root, d.version_file))) {
		say_missing(notes, "where the version is (pyproject.toml "
			    "[project] version, the build backend's version "
			    "source, or __version__ in the package)",
			    "version_file", "PATH");
	}
	if (d.version_source)
		vars_set(out, "version_source", d.version_source, VAR_DETECTED,
			 NULL, 0);
	detect_pythons(&d);
	detect_entry_point(&d);
	detect_changelog(&d);
	detect_tags(&d);
	publisher_detect(root, out, notes);

	toml_free(&d.py);
	free(d.package);
	free(d.module);
	free(d.version_file);
	free(d.version_pattern);
	free(d.version_source);
	free(d.pyproject);
	free(d.setupcfg);
	free(d.setuppy);
}

struct prev_tag {
	const char *prefix, *suffix, *version;
	char *best;		/* the tag */
	char *best_version;
};

static int on_tag(const char *name, git_oid *oid, void *payload)
{
	struct prev_tag *pt = payload;
	size_t n, np = strlen(pt->prefix), ns = strlen(pt->suffix);
	char *v, *err = NULL;
	int cmp = 0;

	(void)oid;
	if (!str_starts_with(name, "refs/tags/"))
		return 0;
	name += 10;
	n = strlen(name);
	if (n <= np + ns || strncmp(name, pt->prefix, np) != 0 ||
	    strcmp(name + n - ns, pt->suffix) != 0)
		return 0;
	v = xstrndup(name + np, n - np - ns);
	/* Only a version between prefix and suffix; before this one; the
	 * greatest such. */
	if (strspn(v, "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQR"
		   "STUVWXYZ.+!_-") == strlen(v) &&
	    version_check(v, VERSION_ANY, &err) == 0 &&
	    version_compare(v, pt->version, VERSION_ANY, &cmp, &err) == 0 &&
	    cmp < 0 && (!pt->best_version ||
			(version_compare(v, pt->best_version, VERSION_ANY,
					 &cmp, &err) == 0 && cmp > 0))) {
		free(pt->best);
		free(pt->best_version);
		pt->best = xstrdup(name);
		pt->best_version = v;
		v = NULL;
	}
	free(err);
	free(v);
	return 0;
}

char *project_previous_tag(const char *root, const char *prefix,
			   const char *suffix, const char *version)
{
	struct prev_tag pt = { prefix, suffix, version, NULL, NULL };
	git_repository *repo = NULL;

	gitlib_init();
	if (git_repository_open_ext(&repo, root, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) == 0 &&
	    project_guard_objects(repo) == 0)
		git_tag_foreach(repo, on_tag, &pt);
	git_repository_free(repo);
	free(pt.best_version);
	return pt.best;
}
