/* vars.c: variables and their expansion. */
#include "config.h"

#include "vars.h"

#include <ctype.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 16

/* vars_changes(): atomic, the scheduler's threads set captures. */
static atomic_ulong changes;

static void changed(void)
{
	atomic_fetch_add_explicit(&changes, 1, memory_order_relaxed);
}

unsigned long vars_changes(void)
{
	return atomic_load_explicit(&changes, memory_order_relaxed);
}

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
	v->words = origin == VAR_COMMAND_LINE;
	changed();
}

void vars_mark_words(struct vars *vs, const char *name)
{
	struct var *v = vars_find(vs, name);

	if (v)
		v->words = true;
	changed();
}

void vars_copy(struct vars *dst, const struct vars *src)
{
	dst->grants = src->grants;
	dst->probe = src->probe;
	for (size_t i = 0; i < src->count; i++) {
		const struct var *v = &src->v[i];
		vars_set(dst, v->name, v->value, v->origin, v->file, v->line);
		if (v->words)
			vars_mark_words(dst, v->name);
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
	changed();
}

void regex_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\^$.|?*+()[]{}-/#", *s))
			buf_addc(out, '\\');
		buf_addc(out, *s);
	}
}

/* ---- the shell's quoting, as far as a value's place in it matters ---- */

enum lex_state { LEX_PLAIN, LEX_SINGLE, LEX_DOUBLE };

struct shell_lex {
	enum lex_state state;
	bool escaped;	/* the last code character was an unused backslash */
	/* Past a here-document, a `...`, or a $( ${ inside "...": quoting
	 * cannot be followed by this lexer; from there on only values that
	 * need no quotes may be inserted. */
	bool lost;
	char prev;
};

static void lex_feed(struct shell_lex *lx, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i], prev = lx->prev;

		lx->prev = c;
		if (lx->escaped) {
			lx->escaped = false;
			lx->prev = 0;	/* an escaped char starts nothing */
			continue;
		}
		switch (lx->state) {
		case LEX_PLAIN:
			if (c == '\\')
				lx->escaped = true;
			else if (c == '\'')
				lx->state = LEX_SINGLE;
			else if (c == '"')
				lx->state = LEX_DOUBLE;
			/* bash's $'...', `...`, a here-document */
			if ((c == '\'' && prev == '$') || c == '`' ||
			    (c == '<' && prev == '<'))
				lx->lost = true;
			break;
		case LEX_SINGLE:
			if (c == '\'')
				lx->state = LEX_PLAIN;
			break;
		case LEX_DOUBLE:
			if (c == '\\')
				lx->escaped = true;
			else if (c == '"')
				lx->state = LEX_PLAIN;
			else if (c == '`' || (prev == '$' &&
					      (c == '(' || c == '{')))
				lx->lost = true;
			break;
		}
	}
}

/* Characters that mean nothing to the shell in any quoting; with words,
 * blanks too (they split words, and run nothing). */
static bool shell_inert(const char *s, size_t n, bool words)
{
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) &&
		    !strchr("_./:@%+=,-", s[i]) &&
		    !(words && (s[i] == ' ' || s[i] == '\t')))
			return false;
	return n > 0;
}

static void quote_single_body(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'')
			buf_adds(out, "'\\''");
		else
			buf_addc(out, s[i]);
	}
}

void shell_quote(struct buf *out, const char *s)
{
	buf_addc(out, '\'');
	quote_single_body(out, s, strlen(s));
	buf_addc(out, '\'');
}

/* ---- expansion ---- */

struct expansion {
	const struct vars *vs;
	struct expand_result *res;
	char **err;
	const char *stack[MAX_DEPTH + 1];
	int depth;
	size_t refs;		/* references expanded so far */
	size_t made;		/* bytes produced so far */
	struct shell_lex *sh;	/* NULL: plain text */
	bool show;		/* for people: an undetected value is said */
};

/* "${a} -> ${b}": where the expansion is, for an error. */
static char *where_now(const struct expansion *x, const char *ref)
{
	struct buf b = BUF_INIT;

	buf_init(&b);
	for (int i = 0; i < x->depth; i++)
		buf_addf(&b, "${%s} -> ", x->stack[i]);
	buf_addf(&b, "${%s}", ref);
	return buf_detach(&b);
}

static int emit(struct expansion *x, struct buf *out, const char *s, size_t n,
		const char *ref)
{
	x->made += n;
	if (x->made > VARS_MAX_VALUE) {
		char *at = where_now(x, ref);
		*x->err = xasprintf("%s: the value grows past %d bytes "
				    "(variables that repeat each other?)", at,
				    VARS_MAX_VALUE);
		free(at);
		return -1;
	}
	buf_add(out, s, n);
	return 0;
}

/* Code: the checklist's own text, as written. */
static int emit_code(struct expansion *x, struct buf *out, const char *s,
		     size_t n, const char *ref)
{
	if (x->sh)
		lex_feed(x->sh, s, n);
	return emit(x, out, s, n, ref);
}

/* Data: a value from outside the checklist's text.  With words (a value
 * the operator gave on the command line), inert words separated by blanks
 * stay separate words: --set options="--no-index -q". */
static int emit_data(struct expansion *x, struct buf *out, const char *s,
		     size_t n, const char *ref, bool words)
{
	struct shell_lex *lx = x->sh;
	struct buf q = BUF_INIT;
	int rc;

	if (!lx || shell_inert(s, n, words))
		return emit(x, out, s, n, ref);
	if (lx->lost || lx->escaped) {
		*x->err = xasprintf("${%s}: its value has characters the shell "
				    "reads (quotes, $, spaces...), and %s it "
				    "cannot be quoted: move ${%s} out of it",
				    ref, lx->escaped ? "right after a \\"
				    : "inside `...`, a here-document, $'...', "
				    "or $( ) or ${ } within \"...\",", ref);
		return -1;
	}
	buf_init(&q);
	switch (lx->state) {
	case LEX_PLAIN:
		buf_addc(&q, '\'');
		quote_single_body(&q, s, n);
		buf_addc(&q, '\'');
		break;
	case LEX_SINGLE:
		quote_single_body(&q, s, n);
		break;
	case LEX_DOUBLE:
		for (size_t i = 0; i < n; i++) {
			if (strchr("\\\"$`", s[i]))
				buf_addc(&q, '\\');
			buf_addc(&q, s[i]);
		}
		break;
	}
	rc = emit(x, out, q.data, q.len, ref);
	buf_free(&q);
	return rc;
}

static int expand(struct expansion *x, const char *in, struct buf *out);

/* stack[from] is name again: "variable 'a' refers to itself", or, when the
 * loop goes through other variables, all of it: "variable cycle: a -> b ->
 * a". */
static char *cycle_message(const char *const *stack, int from, int depth,
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

/* A value set by the checklist's author or its user, whose own ${...}
 * are expanded. */
static bool is_template(const struct var *v)
{
	return v->origin == VAR_FILE || v->origin == VAR_COMMAND_LINE;
}

/* Expands `value` (a template) as plain text into val. */
/* NOLINTNEXTLINE(misc-no-recursion): MAX_DEPTH bounds it */
static int expand_text(struct expansion *x, const char *value, struct buf *val)
{
	struct shell_lex *sh = x->sh;
	int rc;

	x->sh = NULL;
	rc = expand(x, value, val);
	x->sh = sh;
	return rc;
}

static int expand_env(struct expansion *x, const char *ref, const char *name,
		      struct buf *out)
{
	const char *e;

	if (!var_name_valid(name)) {
		*x->err = xasprintf("bad environment variable name in ${%s}",
				    ref);
		return -1;
	}
	if (!x->vs->probe && !(x->vs->grants & CAP_ENV)) {
		*x->err = xasprintf("${%s}: this checklist is not trusted to "
				    "read the environment (relcheck --trust)",
				    ref);
		return -1;
	}
	e = getenv(name);
	if (!e) {
		*x->err = xasprintf("environment variable %s is not set", name);
		return -1;
	}
	/* Validation sees that it is set, never what it holds. */
	if (x->vs->probe)
		e = "x";
	return emit_data(x, out, e, strlen(e), ref, false);
}

/* ${index:upload}: the upload endpoint of the index at `index` (a base
 * URL such as https://pypi.org).  The public PyPI takes uploads on a host
 * of its own; every other index (TestPyPI, a private warehouse, a
 * devpi-like server) is given INDEX/legacy/, its own host, so that an
 * index set to a private one never sends an upload to the public one. */
void vars_upload_url(struct buf *out, const char *index)
{
	size_t n = strlen(index);

	while (n > 0 && index[n - 1] == '/')
		n--;
	if ((n == 16 && strncmp(index, "https://pypi.org", n) == 0) ||
	    (n == 20 && strncmp(index, "https://www.pypi.org", n) == 0)) {
		buf_adds(out, "https://upload.pypi.org/legacy/");
		return;
	}
	buf_addf(out, "%.*s/legacy/", (int)n, index);
}

/* Applies modifier mod (re or upload) to s into out. */
static void apply_mod(struct buf *out, const char *mod, const char *s)
{
	if (strcmp(mod, "upload") == 0)
		vars_upload_url(out, s);
	else
		regex_escape(out, s);
}

/* NOLINTNEXTLINE(misc-no-recursion): MAX_DEPTH bounds it */
static int expand_ref(struct expansion *x, const char *ref, struct buf *out)
{
	const char *colon = strchr(ref, ':');
	char *name = colon ? xstrndup(ref, (size_t)(colon - ref)) : xstrdup(ref);
	const char *mod = colon ? colon + 1 : NULL;
	const struct var *v;
	struct buf val = BUF_INIT;
	int rc = -1;

	if (++x->refs > VARS_MAX_REFS) {
		char *at = where_now(x, ref);
		*x->err = xasprintf("%s: more than %d variable references in "
				    "one value (variables that repeat each "
				    "other?)", at, VARS_MAX_REFS);
		free(at);
		goto out;
	}
	if (strcmp(name, "env") == 0 && mod) {
		rc = expand_env(x, ref, mod, out);
		goto out;
	}
	if (!var_name_valid(name)) {
		*x->err = xasprintf("bad variable reference ${%s}", ref);
		goto out;
	}
	if (mod && strcmp(mod, "re") != 0 && strcmp(mod, "upload") != 0) {
		*x->err = xasprintf("unknown modifier '%s' in ${%s} "
				    "(known: re, upload, and env:NAME)", mod,
				    ref);
		goto out;
	}
	v = vars_find(x->vs, name);
	if (!v) {
		*x->err = xasprintf("unknown variable '%s'", name);
		goto out;
	}
	for (int i = 0; i < x->depth; i++) {
		if (strcmp(x->stack[i], name) == 0) {
			*x->err = cycle_message(x->stack, i, x->depth, name);
			goto out;
		}
	}
	if (!v->value && x->show && v->origin == VAR_DETECTED) {
		/* Not found (or, with a where, not a file): said in words,
		 * never shown as a ${reference} a reader cannot resolve. */
		if (v->file)
			buf_adds(out, v->file);
		else
			buf_addf(out, "[%s unknown]", name);
		rc = 0;
		goto out;
	}
	if (!v->value) {
		/* A runtime variable: leave the reference for later. */
		if (x->res)
			x->res->deferred = true;
		buf_addf(out, "${%s}", ref);
		rc = 0;
		goto out;
	}
	if (!is_template(v)) {
		/* Data: literal, never expanded. */
		if (mod)
			apply_mod(&val, mod, v->value);
		else
			buf_adds(&val, v->value);
		rc = emit_data(x, out, val.data, val.len, ref,
			       v->words && !mod);
		goto out;
	}
	if (x->depth >= MAX_DEPTH) {
		*x->err = xasprintf("variables nest deeper than %d", MAX_DEPTH);
		goto out;
	}
	x->stack[x->depth++] = v->name;
	if (x->sh && !mod && v->origin == VAR_FILE) {
		/* The checklist's own text: code, inline. */
		rc = expand(x, v->value, out);
	} else {
		rc = expand_text(x, v->value, &val);
		if (rc == 0 && mod) {
			struct buf esc = BUF_INIT;
			apply_mod(&esc, mod, val.data);
			x->made -= val.len;
			rc = emit_data(x, out, esc.data, esc.len, ref, false);
			buf_free(&esc);
		} else if (rc == 0) {
			/* emit_data counts the bytes again: do not. */
			x->made -= val.len;
			rc = emit_data(x, out, val.data, val.len, ref,
				       v->words);
		}
	}
	x->depth--;
out:
	buf_free(&val);
	free(name);
	return rc;
}

/* NOLINTNEXTLINE(misc-no-recursion): MAX_DEPTH bounds it */
static int expand(struct expansion *x, const char *in, struct buf *out)
{
	const char *p = in;

	while (*p) {
		const char *dollar = strchr(p, '$');
		const char *close;
		char *ref;
		int rc;

		if (!dollar)
			return emit_code(x, out, p, strlen(p), "");
		if (emit_code(x, out, p, (size_t)(dollar - p), "") < 0)
			return -1;
		if (dollar[1] != '{') {
			if (emit_code(x, out, "$", 1, "") < 0)
				return -1;
			p = dollar + (dollar[1] == '$' ? 2 : 1);
			continue;
		}
		close = strchr(dollar + 2, '}');
		if (!close) {
			*x->err = xstrdup("unclosed ${ (write $$ for a literal $)");
			return -1;
		}
		ref = xstrndup(dollar + 2, (size_t)(close - dollar - 2));
		rc = expand_ref(x, ref, out);
		free(ref);
		if (rc < 0)
			return -1;
		p = close + 1;
	}
	return 0;
}

static int expand_top(const struct vars *vs, const char *in, struct buf *out,
		      struct expand_result *res, char **err,
		      struct shell_lex *sh, bool show)
{
	struct expansion x;

	memset(&x, 0, sizeof(x));
	x.show = show;
	x.vs = vs;
	x.res = res;
	x.err = err;
	x.sh = sh;
	*err = NULL;
	if (res)
		res->deferred = false;
	if (!out->data)
		buf_init(out);
	return expand(&x, in, out);
}

int vars_expand(const struct vars *vs, const char *in, struct buf *out,
		struct expand_result *res, char **err)
{
	return expand_top(vs, in, out, res, err, NULL, false);
}

int vars_expand_show(const struct vars *vs, const char *in, struct buf *out,
		     char **err)
{
	return expand_top(vs, in, out, NULL, err, NULL, true);
}

int vars_expand_shell(const struct vars *vs, const char *in, struct buf *out,
		      struct expand_result *res, char **err)
{
	struct shell_lex lx;

	memset(&lx, 0, sizeof(lx));
	return expand_top(vs, in, out, res, err, &lx, false);
}

bool vars_uses_env(const char *s)
{
	return s && strstr(s, "${env:") != NULL;
}

static void memo_entry_free(struct vars_memo_entry *e)
{
	free(e->raw_copy);
	free(e->text);
	memset(e, 0, sizeof(*e));
}

void vars_memo_free(struct vars_memo *m)
{
	for (size_t i = 0; i < m->cap; i++)
		memo_entry_free(&m->e[i]);
	free(m->e);
	memset(m, 0, sizeof(*m));
}

static size_t memo_slot(const struct vars_memo *m, const char *raw)
{
	uintptr_t h = (uintptr_t)raw;
	size_t i;

	h ^= h >> 17;
	h *= (uintptr_t)0x9E3779B97F4A7C15u;
	h ^= h >> 29;
	for (i = (size_t)h & (m->cap - 1); m->e[i].raw && m->e[i].raw != raw;
	     i = (i + 1) & (m->cap - 1))
		;
	return i;
}

/* Twice the room, the entries placed again. */
static void memo_grow(struct vars_memo *m)
{
	struct vars_memo_entry *old = m->e;
	size_t oldcap = m->cap;

	m->cap = oldcap ? 2 * oldcap : 64;
	m->e = xcalloc(m->cap, sizeof(*m->e));
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].raw)
			m->e[memo_slot(m, old[i].raw)] = old[i];
	free(old);
}

const char *vars_memo_show(struct vars_memo *m, const struct vars *vs,
			   const char *raw)
{
	unsigned long now = vars_changes();
	struct vars_memo_entry *e;
	struct buf out = BUF_INIT;
	char *err = NULL;

	if (m->vs != vs || m->grants != vs->grants || m->probe != vs->probe) {
		vars_memo_free(m);
		m->vs = vs;
		m->grants = vs->grants;
		m->probe = vs->probe;
	}
	if (2 * (m->n + 1) > m->cap)
		memo_grow(m);
	e = &m->e[memo_slot(m, raw)];
	if (e->raw && e->changes == now && strcmp(e->raw_copy, raw) == 0)
		return e->text;
	if (e->raw)
		memo_entry_free(e);
	else
		m->n++;
	e->raw = raw;
	e->raw_copy = xstrdup(raw);
	e->changes = now;
	if (vars_expand_show(vs, raw, &out, &err) < 0) {
		free(err);
		buf_free(&out);
		e->text = xstrdup(raw);
	} else {
		e->text = buf_detach(&out);
	}
	return e->text;
}
