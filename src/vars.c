/* vars.c: variables and their expansion. */
#include "config.h"

#include "vars.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 16

bool var_name_valid(const char *name)
{
	if (!*name || !(isalpha((unsigned char)*name) || *name == '_'))
		return false;
	for (const char *p = name; *p; p++)
		if (!(isalnum((unsigned char)*p) || *p == '_'))
			return false;
	return true;
}

struct var *vars_find(const struct vars *vs, const char *name)
{
	for (size_t i = 0; i < vs->count; i++)
		if (strcmp(vs->v[i].name, name) == 0)
			return &vs->v[i];
	return NULL;
}

void vars_set(struct vars *vs, const char *name, const char *value,
	      enum var_origin origin, const char *file, int line)
{
	struct var *v = vars_find(vs, name);

	if (!v) {
		if (vs->count == vs->cap) {
			vs->cap = vs->cap ? vs->cap * 2 : 16;
			vs->v = xrealloc(vs->v, vs->cap * sizeof(*vs->v));
		}
		v = &vs->v[vs->count++];
		v->name = xstrdup(name);
	} else {
		free(v->value);
		free(v->file);
	}
	v->value = value ? xstrdup(value) : NULL;
	v->file = file ? xstrdup(file) : NULL;
	v->line = line;
	v->origin = origin;
}

void vars_copy(struct vars *dst, const struct vars *src)
{
	for (size_t i = 0; i < src->count; i++) {
		const struct var *v = &src->v[i];
		vars_set(dst, v->name, v->value, v->origin, v->file, v->line);
	}
}

void vars_free(struct vars *vs)
{
	for (size_t i = 0; i < vs->count; i++) {
		free(vs->v[i].name);
		free(vs->v[i].value);
		free(vs->v[i].file);
	}
	free(vs->v);
	vs->v = NULL;
	vs->count = vs->cap = 0;
}

void regex_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\^$.|?*+()[]{}-/#", *s))
			buf_addc(out, '\\');
		buf_addc(out, *s);
	}
}

static int expand(const struct vars *vs, const char *in, struct buf *out,
		  struct expand_result *res, char **err, int depth,
		  const char **stack);

/* stack[from] is name again: "variable 'a' refers to itself", or, when the
 * loop goes through other variables, all of it: "variable cycle: a -> b ->
 * a". */
static char *cycle_message(const char **stack, int from, int depth,
			   const char *name)
{
	struct buf msg = BUF_INIT;

	if (from == depth - 1)
		return xasprintf("variable '%s' refers to itself", name);
	buf_adds(&msg, "variable cycle: ");
	for (int i = from; i < depth; i++)
		buf_addf(&msg, "%s -> ", stack[i]);
	buf_adds(&msg, name);
	return buf_detach(&msg);
}

/* NOLINTNEXTLINE(misc-no-recursion): MAX_DEPTH bounds it */
static int expand_ref(const struct vars *vs, const char *ref, struct buf *out,
		      struct expand_result *res, char **err, int depth,
		      const char **stack)
{
	const char *colon = strchr(ref, ':');
	char *name = colon ? xstrndup(ref, (size_t)(colon - ref)) : xstrdup(ref);
	const char *mod = colon ? colon + 1 : NULL;
	const struct var *v;
	struct buf val = BUF_INIT;
	int rc = -1;

	if (strcmp(name, "env") == 0 && mod) {
		const char *e = getenv(mod);
		if (!var_name_valid(mod)) {
			*err = xasprintf("bad environment variable name in ${%s}",
					 ref);
			goto out;
		}
		if (!e) {
			*err = xasprintf("environment variable %s is not set",
					 mod);
			goto out;
		}
		buf_adds(out, e);
		rc = 0;
		goto out;
	}
	if (!var_name_valid(name)) {
		*err = xasprintf("bad variable reference ${%s}", ref);
		goto out;
	}
	if (mod && strcmp(mod, "re") != 0) {
		*err = xasprintf("unknown modifier '%s' in ${%s} "
				 "(known: re, and env:NAME)", mod, ref);
		goto out;
	}
	v = vars_find(vs, name);
	if (!v) {
		*err = xasprintf("unknown variable '%s'", name);
		goto out;
	}
	for (int i = 0; i < depth; i++) {
		if (strcmp(stack[i], name) == 0) {
			*err = cycle_message(stack, i, depth, name);
			goto out;
		}
	}
	if (!v->value) {
		/* A runtime variable: leave the reference for later. */
		if (res)
			res->deferred = true;
		buf_addf(out, "${%s}", ref);
		rc = 0;
		goto out;
	}
	if (depth >= MAX_DEPTH) {
		*err = xasprintf("variables nest deeper than %d", MAX_DEPTH);
		goto out;
	}
	stack[depth] = v->name;
	buf_init(&val);
	if (expand(vs, v->value, &val, res, err, depth + 1, stack) < 0)
		goto out;
	if (mod)
		regex_escape(out, val.data);
	else
		buf_add(out, val.data, val.len);
	rc = 0;
out:
	buf_free(&val);
	free(name);
	return rc;
}

/* NOLINTNEXTLINE(misc-no-recursion): MAX_DEPTH bounds it */
static int expand(const struct vars *vs, const char *in, struct buf *out,
		  struct expand_result *res, char **err, int depth,
		  const char **stack)
{
	const char *p = in;

	while (*p) {
		const char *dollar = strchr(p, '$');
		const char *close;
		char *ref;
		int rc;

		if (!dollar) {
			buf_adds(out, p);
			break;
		}
		buf_add(out, p, (size_t)(dollar - p));
		if (dollar[1] == '$') {
			buf_addc(out, '$');
			p = dollar + 2;
			continue;
		}
		if (dollar[1] != '{') {
			buf_addc(out, '$');
			p = dollar + 1;
			continue;
		}
		close = strchr(dollar + 2, '}');
		if (!close) {
			*err = xstrdup("unclosed ${ (write $$ for a literal $)");
			return -1;
		}
		ref = xstrndup(dollar + 2, (size_t)(close - dollar - 2));
		rc = expand_ref(vs, ref, out, res, err, depth, stack);
		free(ref);
		if (rc < 0)
			return -1;
		p = close + 1;
	}
	return 0;
}

int vars_expand(const struct vars *vs, const char *in, struct buf *out,
		struct expand_result *res, char **err)
{
	const char *stack[MAX_DEPTH + 1];

	*err = NULL;
	if (res)
		res->deferred = false;
	if (!out->data)
		buf_init(out);
	return expand(vs, in, out, res, err, 0, stack);
}
