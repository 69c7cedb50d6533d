/* project.c: repository discovery and project detection. */
#include "config.h"

#include "project.h"

#include <ctype.h>
#include <dirent.h>
#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* If dir (relative to root) is a package folder with a version, sets
 * *version_file (relative to root) and returns true. */
static bool package_version_file(const char *root, const char *dir,
				 char **version_file)
{
	char *rel = xasprintf("%s/version.py", dir);
	char *abs = path_join(root, rel);

	if (path_is_file(abs)) {
		free(abs);
		*version_file = rel;
		return true;
	}
	free(abs);
	free(rel);
	rel = xasprintf("%s/__init__.py", dir);
	abs = path_join(root, rel);
	if (file_has(abs, "__version__")) {
		free(abs);
		*version_file = rel;
		return true;
	}
	free(abs);
	free(rel);
	return false;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Looks for the package folder: the one named after the package first,
 * then any folder (sorted) with a version.py or a __version__, at the top
 * or under src/. */
static bool find_module(const char *root, const char *package, char **module,
			char **version_file)
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
			if (package_version_file(root, dir, version_file)) {
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
			if (!found && package_version_file(root, dir,
							   version_file)) {
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

/* Detected names go into shell commands: only the characters their
 * grammars allow (PEP 508 names, Python identifiers, script names). */
static bool name_ok(const char *s, const char *extra)
{
	if (!*s || !isalnum((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr(extra, *s))
			return false;
	return true;
}

static bool identifier_ok(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
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
	if (package && !name_ok(package, "._-")) {
		diag_add(notes, NULL, 0, "ignoring the package name \"%s\" in "
			 "%s: not a valid distribution name", package, from);
		free(package);
		package = NULL;
	}
	if (package)
		vars_set(out, "package", package, VAR_DETECTED, from, 0);
	else
		diag_add(notes, NULL, 0, "could not find the package name in "
			 "pyproject.toml ([project] name) or setup.cfg "
			 "([metadata] name): use --set package=NAME");

	if (find_module(root, package, &module, &version_file) &&
	    identifier_ok(module)) {
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
	if (script && name_ok(script, "._-"))
		vars_set(out, "entry_point", script, VAR_DETECTED, pyproject, 0);

	free(target);
	free(script);
	free(module);
	free(version_file);
	free(package);
	free(setupcfg);
	free(pyproject);
}
