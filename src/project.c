/* project.c: repository discovery and project detection. */
#include "config.h"

#include "project.h"
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
#include <unistd.h>
#include <zlib.h>

int project_root(const char *start, char **root)
{
	git_repository *repo = NULL;
	const char *wd;
	char real[PATH_MAX];

	git_libgit2_init();
	if (git_repository_open_ext(&repo, start, 0, NULL) == 0 &&
	    (wd = git_repository_workdir(repo)) != NULL) {
		size_t n = strlen(wd);
		while (n > 1 && wd[n - 1] == '/')
			n--;
		*root = xstrndup(wd, n);
		git_repository_free(repo);
		git_libgit2_shutdown();
		return 0;
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
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

char *project_normalise(const char *name)
{
	struct buf b = BUF_INIT;
	bool sep = false;

	buf_init(&b);
	for (const char *p = name; *p; p++) {
		if (*p == '-' || *p == '_' || *p == '.') {
			sep = true;
			continue;
		}
		if (sep && b.len)
			buf_addc(&b, '-');
		sep = false;
		buf_addc(&b, (char)tolower((unsigned char)*p));
	}
	return buf_detach(&b);
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

/* If dir (relative to root) is a package folder with a version, sets
 * *version_file (relative to root) and returns true.  A version file that
 * leads out of the repository is not one (a note says so). */
static bool package_version_file(const char *root, const char *dir,
				 char **version_file, struct diag *notes)
{
	char *rel = xasprintf("%s/version.py", dir);
	char *abs = path_join(root, rel);

	if (path_is_file(abs) && !inside_ok(root, rel)) {
		note_ignored(notes, "version file", rel, NULL, "not a path "
			     "inside the repository");
	} else if (path_is_file(abs)) {
		free(abs);
		*version_file = rel;
		return true;
	}
	free(abs);
	free(rel);
	rel = xasprintf("%s/__init__.py", dir);
	abs = path_join(root, rel);
	if (file_has(abs, "__version__") && !inside_ok(root, rel)) {
		note_ignored(notes, "version file", rel, NULL, "not a path "
			     "inside the repository");
	} else if (file_has(abs, "__version__")) {
		free(abs);
		*version_file = rel;
		return true;
	}
	free(abs);
	free(rel);
	return false;
}

/* dir has a version.py or an __init__.py: worth a note when its name
 * keeps it from being used. */
static bool looks_like_package(const char *root, const char *dir)
{
	char *a = xasprintf("%s/%s/version.py", root, dir);
	char *b = xasprintf("%s/%s/__init__.py", root, dir);
	bool yes = path_is_file(a) || path_is_file(b);

	free(a);
	free(b);
	return yes;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Looks for the package folder: the one named after the package first,
 * then any folder (sorted) with a version.py or a __version__, at the top
 * or under src/. */
static bool find_module(const char *root, const char *package, char **module,
			char **version_file, struct diag *notes)
{
	static const char *const prefixes[] = { "", "src/" };
	static const char *const skip[] = { "tests", "test", "docs", "doc",
		"build", "dist", "venv", "examples", NULL };

	for (size_t pi = 0; pi < ARRAY_SIZE(prefixes); pi++) {
		if (package) {
			char *mod = xstrdup(package);
			char *dir;
			for (char *p = mod; *p; p++)
				if (*p == '-' || *p == '.')
					*p = '_';
			dir = xasprintf("%s%s", prefixes[pi], mod);
			if (module_ok(mod) &&
			    package_version_file(root, dir, version_file,
						 notes)) {
				*module = mod;
				free(dir);
				return true;
			}
			free(dir);
			free(mod);
		}
	}
	for (size_t pi = 0; pi < ARRAY_SIZE(prefixes); pi++) {
		char *base = path_join(root, *prefixes[pi] ? prefixes[pi] : ".");
		DIR *d = opendir(base);
		struct dirent *e;
		char **names = NULL;
		size_t n = 0;
		bool found = false;

		free(base);
		if (!d)
			continue;
		while ((e = readdir(d)) != NULL) {
			bool skipped = e->d_name[0] == '.';
			for (size_t k = 0; skip[k] && !skipped; k++)
				skipped = strcmp(e->d_name, skip[k]) == 0;
			if (skipped)
				continue;
			names = xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = xstrdup(e->d_name);
		}
		closedir(d);
		if (n)
			qsort(names, n, sizeof(*names), cmp_str);
		for (size_t i = 0; i < n; i++) {
			char *dir = xasprintf("%s%s", prefixes[pi], names[i]);
			if (found) {
				/* the first one */
			} else if (!module_ok(names[i])) {
				if (looks_like_package(root, dir))
					note_ignored(notes, "package folder",
						     dir, NULL, "not a Python "
						     "identifier");
			} else if (package_version_file(root, dir,
							version_file, notes)) {
				*module = xstrdup(names[i]);
				found = true;
			}
			free(dir);
		}
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		if (found)
			return true;
	}
	return false;
}

void project_detect(const char *root, struct vars *out, struct diag *notes)
{
	char *pyproject = path_join(root, "pyproject.toml");
	char *setupcfg = path_join(root, "setup.cfg");
	char *package = NULL, *module = NULL, *version_file = NULL;
	char *script = NULL, *target;
	const char *from = NULL;

	package = ini_value(pyproject, "project", "name", NULL);
	if (package) {
		from = pyproject;
	} else if ((package = ini_value(setupcfg, "metadata", "name",
					 NULL)) != NULL) {
		from = setupcfg;
	}
	if (package && !dist_name_ok(package)) {
		note_ignored(notes, "package name", package, from,
			     "not a valid distribution name (PEP 508)");
		free(package);
		package = NULL;
	}
	if (package)
		vars_set(out, "package", package, VAR_DETECTED, from, 0);
	else
		diag_add(notes, NULL, 0, "could not find the package name in "
			 "pyproject.toml ([project] name) or setup.cfg "
			 "([metadata] name): use --set package=NAME");

	if (find_module(root, package, &module, &version_file, notes) &&
	    module_ok(module) && inside_ok(root, version_file)) {
		vars_set(out, "module", module, VAR_DETECTED, NULL, 0);
		vars_set(out, "version_file", version_file, VAR_DETECTED,
			 NULL, 0);
	} else {
		diag_add(notes, NULL, 0, "could not find the package folder (one"
			 " with version.py or a __version__): use --set "
			 "module=NAME --set version_file=PATH");
	}

	target = ini_value(pyproject, "project.scripts", NULL, &script);
	if (!target) {
		free(script);
		script = NULL;
	}
	if (script && dist_name_ok(script))
		vars_set(out, "entry_point", script, VAR_DETECTED, pyproject, 0);
	else if (script)
		note_ignored(notes, "entry point", script, pyproject,
			     "not a console-script name");

	free(target);
	free(script);
	free(module);
	free(version_file);
	free(package);
	free(setupcfg);
	free(pyproject);
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

	git_libgit2_init();
	if (git_repository_open_ext(&repo, root, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) == 0 &&
	    project_guard_objects(repo) == 0)
		git_tag_foreach(repo, on_tag, &pt);
	git_repository_free(repo);
	git_libgit2_shutdown();
	free(pt.best_version);
	return pt.best;
}
