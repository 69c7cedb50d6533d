/* toml.c: a TOML reader (toml.h). */
#include "config.h"

#include "toml.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct parser {
	const char *s, *end;
	unsigned line;
	char *err;
	struct toml *t;
};

/* Arrays and inline tables nest; a file nested deeper than this is not a
 * pyproject.toml anyone wrote, and the stack stays small. */
#define TOML_MAX_DEPTH 32

/* Read whole: a bigger file is refused, not read. */
#define TOML_MAX_FILE (4 << 20)

static int fail(struct parser *p, const char *fmt, ...) PRINTF_LIKE(2, 3);
static int fail(struct parser *p, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (p->err)
		return -1;
	buf_init(&b);
	buf_addf(&b, "line %u: ", p->line);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	p->err = buf_detach(&b);
	return -1;
}

static bool at_end(const struct parser *p)
{
	return p->s >= p->end;
}

static void skip_blank(struct parser *p)
{
	while (!at_end(p) && (*p->s == ' ' || *p->s == '\t'))
		p->s++;
}

static void skip_comment(struct parser *p)
{
	if (!at_end(p) && *p->s == '#')
		while (!at_end(p) && *p->s != '\n')
			p->s++;
}

/* Blanks, comments and newlines (inside arrays). */
static void skip_space(struct parser *p)
{
	for (;;) {
		skip_blank(p);
		skip_comment(p);
		if (!at_end(p) && *p->s == '\r' && p->s + 1 < p->end &&
		    p->s[1] == '\n')
			p->s++;
		if (at_end(p) || *p->s != '\n')
			return;
		p->s++;
		p->line++;
	}
}

/* After a value or a header: blanks, a comment, then the line's end. */
static int end_of_line(struct parser *p)
{
	skip_blank(p);
	skip_comment(p);
	if (!at_end(p) && *p->s == '\r')
		p->s++;
	if (at_end(p))
		return 0;
	if (*p->s != '\n')
		return fail(p, "unexpected '%c' after the value", *p->s);
	p->s++;
	p->line++;
	return 0;
}

static bool bare_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static void add_utf8(struct buf *b, unsigned long c)
{
	if (c < 0x80) {
		buf_addc(b, (char)c);
	} else if (c < 0x800) {
		buf_addc(b, (char)(0xc0 | (c >> 6)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else if (c < 0x10000) {
		buf_addc(b, (char)(0xe0 | (c >> 12)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	} else {
		buf_addc(b, (char)(0xf0 | (c >> 18)));
		buf_addc(b, (char)(0x80 | ((c >> 12) & 0x3f)));
		buf_addc(b, (char)(0x80 | ((c >> 6) & 0x3f)));
		buf_addc(b, (char)(0x80 | (c & 0x3f)));
	}
}

static int escape(struct parser *p, struct buf *out)
{
	static const char from[] = "btnfr\"\\", to[] = "\b\t\n\f\r\"\\";
	const char *k;
	unsigned long c = 0;
	int digits;

	if (at_end(p))
		return fail(p, "unterminated string");
	k = strchr(from, *p->s);
	if (k && *p->s) {
		buf_addc(out, to[k - from]);
		p->s++;
		return 0;
	}
	if (*p->s != 'u' && *p->s != 'U')
		return fail(p, "unknown escape \\%c in a string", *p->s);
	digits = *p->s == 'u' ? 4 : 8;
	p->s++;
	for (int i = 0; i < digits; i++, p->s++) {
		char h = at_end(p) ? '\0' : *p->s;
		int v = h >= '0' && h <= '9' ? h - '0'
			: h >= 'a' && h <= 'f' ? h - 'a' + 10
			: h >= 'A' && h <= 'F' ? h - 'A' + 10 : -1;
		if (v < 0)
			return fail(p, "a \\u escape needs %d hex digits",
				    digits);
		c = c * 16 + (unsigned long)v;
	}
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff) || c == 0)
		return fail(p, "\\u escape of no character");
	add_utf8(out, c);
	return 0;
}

/* A string of any of the four kinds, p->s at its first quote. */
static int string(struct parser *p, struct buf *out)
{
	char q = *p->s;
	bool multi = p->end - p->s >= 3 && p->s[1] == q && p->s[2] == q;
	bool basic = q == '"';

	p->s += multi ? 3 : 1;
	if (multi && !at_end(p) && *p->s == '\n') {	/* trimmed */
		p->s++;
		p->line++;
	} else if (multi && p->end - p->s >= 2 && p->s[0] == '\r' &&
		   p->s[1] == '\n') {
		p->s += 2;
		p->line++;
	}
	for (;;) {
		char c;

		if (at_end(p))
			return fail(p, "unterminated string");
		c = *p->s;
		if (c == q && (!multi || (p->end - p->s >= 3 &&
					  p->s[1] == q && p->s[2] == q))) {
			p->s += multi ? 3 : 1;
			/* Up to two more quotes belong to the string. */
			while (multi && !at_end(p) && *p->s == q &&
			       out->len < (size_t)-1) {
				buf_addc(out, q);
				p->s++;
			}
			return 0;
		}
		if (c == '\n' && !multi)
			return fail(p, "unterminated string");
		if (c == '\0' || ((unsigned char)c < 0x20 && c != '\t' &&
				  c != '\n' && c != '\r') || c == 0x7f)
			return fail(p, "a control character in a string");
		if (c == '\n')
			p->line++;
		p->s++;
		if (c == '\\' && basic && multi) {
			/* A backslash at a line's end joins the lines. */
			const char *r = p->s;
			while (r < p->end && (*r == ' ' || *r == '\t'))
				r++;
			if (r < p->end && (*r == '\n' || *r == '\r')) {
				p->s = r;
				while (!at_end(p) && strchr(" \t\r\n", *p->s)) {
					if (*p->s == '\n')
						p->line++;
					p->s++;
				}
				continue;
			}
		}
		if (c == '\\' && basic) {
			if (escape(p, out) < 0)
				return -1;
			continue;
		}
		buf_addc(out, c);
	}
}

/* A key, dotted or not; its parts joined by '.' after prefix. */
static int key(struct parser *p, struct buf *out)
{
	for (;;) {
		skip_blank(p);
		if (at_end(p))
			return fail(p, "a key is missing");
		if (out->len)
			buf_addc(out, '.');
		if (*p->s == '"' || *p->s == '\'') {
			if (p->end - p->s >= 3 && p->s[1] == *p->s &&
			    p->s[2] == *p->s)
				return fail(p, "a key cannot be a multi-line "
					    "string");
			if (string(p, out) < 0)
				return -1;
		} else if (bare_char(*p->s)) {
			while (!at_end(p) && bare_char(*p->s))
				buf_addc(out, *p->s++);
		} else {
			return fail(p, "a key is missing");
		}
		skip_blank(p);
		if (at_end(p) || *p->s != '.')
			return 0;
		p->s++;
	}
}

static struct toml_entry *add(struct parser *p, const char *k,
			      enum toml_type type)
{
	struct toml *t = p->t;
	struct toml_entry *e;

	t->e = xrealloc(t->e, (t->n + 1) * sizeof(*t->e));
	e = &t->e[t->n++];
	memset(e, 0, sizeof(*e));
	e->key = xstrdup(k);
	e->type = type;
	e->line = p->line;
	return e;
}

static int value(struct parser *p, const char *k, int depth);

/* [ values ], p->s at '['; string items kept when k is not NULL. */
/* NOLINTNEXTLINE(misc-no-recursion): TOML_MAX_DEPTH bounds it */
static int array(struct parser *p, const char *k, int depth)
{
	struct toml_entry *e = k ? add(p, k, TOML_ARRAY) : NULL;
	size_t at = e ? (size_t)(e - p->t->e) : 0;

	p->s++;
	for (;;) {
		skip_space(p);
		if (at_end(p))
			return fail(p, "unterminated array");
		if (*p->s == ']') {
			p->s++;
			return 0;
		}
		if (k && (*p->s == '"' || *p->s == '\'')) {
			struct buf s = BUF_INIT;

			buf_init(&s);
			if (string(p, &s) < 0) {
				buf_free(&s);
				return -1;
			}
			e = &p->t->e[at];	/* value() may move them */
			e->items = xrealloc(e->items, (e->nitems + 1) *
					    sizeof(*e->items));
			e->items[e->nitems++] = buf_detach(&s);
		} else if (value(p, NULL, depth + 1) < 0) {
			return -1;
		}
		skip_space(p);
		if (!at_end(p) && *p->s == ',') {
			p->s++;
			continue;
		}
		if (!at_end(p) && *p->s == ']')
			continue;
		return fail(p, at_end(p) ? "unterminated array"
			    : "expected ',' or ']' in an array");
	}
}

static int keyval(struct parser *p, const char *prefix, int depth);

/* { k = v, ... } on one line, p->s at '{'. */
/* NOLINTNEXTLINE(misc-no-recursion): TOML_MAX_DEPTH bounds it */
static int inline_table(struct parser *p, const char *k, int depth)
{
	p->s++;
	skip_blank(p);
	if (!at_end(p) && *p->s == '}') {
		p->s++;
		return 0;
	}
	for (;;) {
		if (keyval(p, k, depth + 1) < 0)
			return -1;
		skip_blank(p);
		if (!at_end(p) && *p->s == ',') {
			p->s++;
			continue;
		}
		if (!at_end(p) && *p->s == '}') {
			p->s++;
			return 0;
		}
		return fail(p, "expected ',' or '}' in an inline table");
	}
}

/* A number, a boolean or a date: kept as its text. */
static int scalar(struct parser *p, const char *k)
{
	const char *start = p->s;

	while (!at_end(p) && (bare_char(*p->s) || strchr("+.:", *p->s) ||
			      (*p->s == ' ' && p->s + 1 < p->end &&
			       p->s[1] >= '0' && p->s[1] <= '9' &&
			       p->s - start == 10)))
		p->s++;
	if (p->s == start)
		return fail(p, at_end(p) || *p->s == '\n'
			    ? "a value is missing"
			    : "'%c' does not start a value", *p->s);
	if (k) {
		struct toml_entry *e = add(p, k, TOML_OTHER);
		e->str = xstrndup(start, (size_t)(p->s - start));
	}
	return 0;
}

/* NOLINTNEXTLINE(misc-no-recursion): TOML_MAX_DEPTH bounds it */
static int value(struct parser *p, const char *k, int depth)
{
	if (depth > TOML_MAX_DEPTH)
		return fail(p, "values nested too deep");
	skip_blank(p);
	if (at_end(p))
		return fail(p, "a value is missing");
	if (*p->s == '"' || *p->s == '\'') {
		struct buf s = BUF_INIT;

		buf_init(&s);
		if (string(p, &s) < 0) {
			buf_free(&s);
			return -1;
		}
		if (k)
			add(p, k, TOML_STRING)->str = buf_detach(&s);
		buf_free(&s);
		return 0;
	}
	if (*p->s == '[')
		return array(p, k, depth);
	if (*p->s == '{')
		return inline_table(p, k, depth);
	return scalar(p, k);
}

/* key = value, its key under prefix (NULL: kept nowhere). */
/* NOLINTNEXTLINE(misc-no-recursion): TOML_MAX_DEPTH bounds it */
static int keyval(struct parser *p, const char *prefix, int depth)
{
	struct buf k = BUF_INIT;
	int rc;

	buf_init(&k);
	if (prefix && *prefix)
		buf_adds(&k, prefix);
	{
		struct buf part = BUF_INIT;
		buf_init(&part);
		rc = key(p, &part);
		if (k.len)
			buf_addc(&k, '.');
		buf_add(&k, part.data, part.len);
		buf_free(&part);
	}
	skip_blank(p);
	if (rc == 0 && (at_end(p) || *p->s != '='))
		rc = fail(p, "expected '=' after the key");
	if (rc == 0) {
		p->s++;
		rc = value(p, prefix ? k.data : NULL, depth);
	}
	buf_free(&k);
	return rc;
}

/* [table] or [[table]], p->s at '['. */
static int header(struct parser *p, struct buf *table)
{
	bool twice = p->end - p->s >= 2 && p->s[1] == '[';

	p->s += twice ? 2 : 1;
	buf_reset(table);
	if (key(p, table) < 0)
		return -1;
	if (at_end(p) || *p->s != ']' ||
	    (twice && (p->end - p->s < 2 || p->s[1] != ']')))
		return fail(p, "expected '%s' after the table's name",
			    twice ? "]]" : "]");
	p->s += twice ? 2 : 1;
	return end_of_line(p);
}

void toml_free(struct toml *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < t->e[i].nitems; k++)
			free(t->e[i].items[k]);
		free(t->e[i].items);
		free(t->e[i].str);
		free(t->e[i].key);
	}
	free(t->e);
	t->e = NULL;
	t->n = 0;
}

int toml_parse(struct toml *t, const char *text, size_t len, char **err)
{
	struct parser p = { text, text + len, 1, NULL, t };
	struct buf table = BUF_INIT;

	buf_init(&table);
	t->e = NULL;
	t->n = 0;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p.s += 3;	/* a byte-order mark */
	while (!at_end(&p) && !p.err) {
		skip_blank(&p);
		skip_comment(&p);
		if (at_end(&p))
			break;
		if (*p.s == '[')
			header(&p, &table);
		else if (*p.s == '\r' || *p.s == '\n' ||
			 keyval(&p, table.data, 0) == 0)
			end_of_line(&p);
	}
	buf_free(&table);
	if (p.err) {
		toml_free(t);
		*err = p.err;
		return -1;
	}
	return 0;
}

int toml_read_file(struct toml *t, const char *path, char **err)
{
	struct buf text = BUF_INIT;
	struct stat st;
	char *why = NULL;
	int rc;

	t->e = NULL;
	t->n = 0;
	if (!path_is_file(path))
		return 1;
	if (stat(path, &st) == 0 && st.st_size > TOML_MAX_FILE) {
		*err = xasprintf("%s: larger than %d MiB: not a pyproject.toml "
				 "anyone wrote", path, TOML_MAX_FILE >> 20);
		return -1;
	}
	if (buf_read_file(&text, path) < 0) {
		*err = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	if (memchr(text.data, '\0', text.len)) {
		*err = xasprintf("%s: a NUL byte: not a TOML file", path);
		buf_free(&text);
		return -1;
	}
	rc = toml_parse(t, text.data, text.len, &why);
	if (rc < 0) {
		/* "line N: why" becomes "PATH:N: why". */
		*err = xasprintf("%s:%s", path, why + 5);
		free(why);
	}
	buf_free(&text);
	return rc;
}

const struct toml_entry *toml_get(const struct toml *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->e[i].key, key) == 0)
			return &t->e[i];
	return NULL;
}

const char *toml_string(const struct toml *t, const char *key)
{
	const struct toml_entry *e = toml_get(t, key);

	return e && e->type == TOML_STRING ? e->str : NULL;
}

bool toml_array_has(const struct toml *t, const char *key, const char *s)
{
	const struct toml_entry *e = toml_get(t, key);

	for (size_t i = 0; e && e->type == TOML_ARRAY && i < e->nitems; i++)
		if (strcmp(e->items[i], s) == 0)
			return true;
	return false;
}

bool toml_has_table(const struct toml *t, const char *table)
{
	size_t n = strlen(table);

	for (size_t i = 0; i < t->n; i++)
		if (strncmp(t->e[i].key, table, n) == 0 &&
		    (t->e[i].key[n] == '.' || t->e[i].key[n] == '\0'))
			return true;
	return false;
}

const struct toml_entry *toml_first_in(const struct toml *t,
				       const char *table, const char **name)
{
	size_t n = strlen(table);

	for (size_t i = 0; i < t->n; i++)
		if (strncmp(t->e[i].key, table, n) == 0 &&
		    t->e[i].key[n] == '.') {
			*name = t->e[i].key + n + 1;
			return &t->e[i];
		}
	return NULL;
}
