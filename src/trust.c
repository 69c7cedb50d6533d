/* trust.c: which checklists may run commands. */
#include "config.h"

#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vars.h"

char *trust_describe(unsigned caps)
{
	static const enum capability order[] = {
		CAP_EXEC, CAP_NET, CAP_ENV, CAP_READ,
	};
	struct buf b = BUF_INIT;
	size_t said = 0, total = 0;

	buf_init(&b);
	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++)
		total += (caps & order[i]) != 0;
	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++) {
		if (!(caps & order[i]))
			continue;
		if (said)
			buf_adds(&b, said + 1 == total ? " and " : ", ");
		buf_adds(&b, capability_name(order[i]));
		said++;
	}
	return buf_detach(&b);
}

/* Whether path (expanded) would be read outside the repository's files:
 * absolute, from $HOME, up with .., or in .git. */
static bool path_escapes(const char *path)
{
	const char *p = path;

	if (*p == '/' || *p == '~')
		return true;
	while (*p) {
		size_t n = strcspn(p, "/");
		if ((n == 2 && p[0] == '.' && p[1] == '.') ||
		    (p == path && n == 4 && strncmp(p, ".git", 4) == 0))
			return true;
		p += n;
		while (*p == '/')
			p++;
	}
	return false;
}

static bool any_env(const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (vars_uses_env(l->s[i]))
			return true;
	return false;
}

unsigned trust_check_needs(const struct checklist *cl, const struct item *it)
{
	const struct check_spec *spec = it->check;
	const struct check_type *t;
	unsigned needs;

	if (!spec)
		return 0;
	t = spec->type;
	needs = t->needs;
	for (size_t k = 0; t->fields[k].name; k++) {
		const struct field_spec *f = &t->fields[k];
		const struct check_value *v = &spec->values[k];
		const char *raw = v->s;

		if (!v->set && !(f->path && f->fallback))
			continue;
		if (v->set)
			needs |= f->needs;
		if (f->kind == FIELD_STRINGS ? any_env(&v->list)
					     : vars_uses_env(raw))
			needs |= CAP_ENV;
		if (f->path) {
			/* A version check reads ${version_file} by default:
			 * the row's fallback. */
			char *err = NULL, *path = checklist_expand(cl,
				v->set ? raw : f->fallback, &err);
			if (path && path_escapes(path))
				needs |= CAP_READ;
			else if (!path && err && strstr(err, "${env:"))
				needs |= CAP_ENV;
			free(path);
			free(err);
		}
	}
	return needs;
}

bool trust_granted(const struct checklist *cl, unsigned needs)
{
	return (needs & ~cl->vars.grants) == 0;
}

static void say(struct buf *why, const char *where, unsigned caps)
{
	char *what;

	if (!why || !caps)
		return;
	what = trust_describe(caps);
	buf_addf(why, "  %s: %s\n", where, what);
	free(what);
}

unsigned trust_needs(const struct checklist *cl, struct buf *why)
{
	unsigned all = 0;

	for (size_t i = 0; i < cl->vars.count; i++) {
		const struct var *v = &cl->vars.v[i];
		if (v->origin == VAR_FILE && vars_uses_env(v->value)) {
			char *at = xasprintf("variable %s (%s:%d)", v->name,
					     v->file ? v->file : "?", v->line);
			say(why, at, CAP_ENV);
			free(at);
			all |= CAP_ENV;
		}
	}
	if (vars_uses_env(cl->name)) {
		say(why, "the checklist's name", CAP_ENV);
		all |= CAP_ENV;
	}
	for (size_t p = 0; p < cl->nphases; p++) {
		const struct phase *ph = cl->phases[p];
		if (vars_uses_env(ph->title) || vars_uses_env(ph->description)) {
			say(why, ph->id, CAP_ENV);
			all |= CAP_ENV;
		}
		for (size_t i = 0; i < ph->nitems; i++) {
			const struct item *it = ph->items[i];
			unsigned needs = trust_check_needs(cl, it);
			if (it->commands.n)
				needs |= CAP_EXEC;
			if (any_env(&it->commands) ||
			    vars_uses_env(it->title) ||
			    vars_uses_env(it->section) ||
			    vars_uses_env(it->description))
				needs |= CAP_ENV;
			say(why, it->full_id, needs);
			all |= needs;
		}
	}
	return all;
}

bool trust_is_shipped(const struct checklist *cl, const char *shipped_dir)
{
	char dir[PATH_MAX], src[PATH_MAX];
	size_t n;

	if (!realpath(shipped_dir, dir))
		return false;
	n = strlen(dir);
	for (size_t i = 0; i < cl->nsources; i++) {
		if (!realpath(cl->sources[i], src) ||
		    strncmp(src, dir, n) != 0 || src[n] != '/')
			return false;
	}
	return cl->nsources > 0;
}

static char *trust_file(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (xdg && *xdg == '/')
		return xasprintf("%s/relcheck/trusted", xdg);
	return xasprintf("%s/.local/share/relcheck/trusted",
			 home ? home : "");
}

bool trust_is_known(const struct checklist *cl)
{
	char *path = trust_file();
	struct buf text = BUF_INIT;
	bool found = false;

	if (buf_read_file(&text, path) == 0) {
		for (char *line = text.data; line && *line;) {
			char *nl = strchr(line, '\n');
			if (strncmp(line, cl->sha256, 64) == 0 &&
			    (line[64] == ' ' || line[64] == '\n' ||
			     line[64] == '\0'))
				found = true;
			line = nl ? nl + 1 : NULL;
		}
	}
	buf_free(&text);
	free(path);
	return found;
}

int trust_remember(const struct checklist *cl, char **err)
{
	char *path = trust_file();
	char real[PATH_MAX];
	char *line;
	int fd, rc = -1;
	size_t len;

	*err = NULL;
	if (trust_is_known(cl)) {
		free(path);
		return 0;
	}
	{
		char *dir = path_dirname(path);
		path_mkdirs(dir, 0700);
		free(dir);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	line = xasprintf("%s %s\n", cl->sha256,
			 realpath(cl->file, real) ? real : cl->file);
	len = strlen(line);
	/* One write of one line: O_APPEND keeps concurrent lines whole. */
	if (write(fd, line, len) == (ssize_t)len && fsync(fd) == 0)
		rc = 0;
	else
		*err = xasprintf("%s: %s", path, strerror(errno));
	close(fd);
	free(line);
	free(path);
	return rc;
}
