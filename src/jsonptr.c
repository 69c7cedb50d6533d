/* jsonptr.c: JSON Pointer (RFC 6901) and comparisons by value. */
#include "config.h"

#include "jsonptr.h"
#include "util.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKEN 1024

const char *jsonptr_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER:
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "?";
}

/* The next reference token of p (after its '/'), unescaped, in tok;
 * -1 on a bad escape. */
static int next_token(const char **p, char *tok)
{
	size_t n = 0;
	const char *s = *p;

	while (*s && *s != '/') {
		char c = *s++;
		if (c == '~') {
			if (*s == '0')
				c = '~';
			else if (*s == '1')
				c = '/';
			else
				return -1;
			s++;
		}
		if (n + 1 >= MAX_TOKEN)
			return -1;
		tok[n++] = c;
	}
	tok[n] = '\0';
	*p = s;
	return 0;
}

/* An array index: "0" or digits not starting with 0; -1 if not one. */
static long long array_index(const char *tok)
{
	long long i = 0;

	if (!*tok || (tok[0] == '0' && tok[1]) || strlen(tok) > 15)
		return -1;
	for (const char *c = tok; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		i = i * 10 + (*c - '0');
	}
	return i;
}

int jsonptr_get(json_t *root, const char *ptr, json_t **out, char **err)
{
	json_t *cur = root;
	const char *p = ptr;
	char tok[MAX_TOKEN];

	*out = NULL;
	*err = NULL;
	if (*p && *p != '/') {
		*err = xasprintf("\"%s\" is no JSON pointer (one starts with /, "
				 "such as /state)", ptr);
		return -1;
	}
	while (*p) {
		const char *start = p;
		p++;	/* the '/' */
		if (next_token(&p, tok) < 0) {
			*err = xasprintf("\"%s\" is no JSON pointer (~ must be "
					 "~0 or ~1)", ptr);
			return -1;
		}
		if (json_is_object(cur)) {
			json_t *next = json_object_get(cur, tok);
			if (!next) {
				*err = xasprintf("%.*s%s has no member \"%s\"",
						 (int)(start - ptr), ptr,
						 start == ptr ? "the answer" : "",
						 tok);
				return 1;
			}
			cur = next;
		} else if (json_is_array(cur)) {
			long long i = array_index(tok);
			if (i < 0 || (size_t)i >= json_array_size(cur)) {
				*err = xasprintf("%.*s%s has no element %s (an "
						 "array of %zu)",
						 (int)(start - ptr), ptr,
						 start == ptr ? "the answer" : "", tok,
						 json_array_size(cur));
				return 1;
			}
			cur = json_array_get(cur, (size_t)i);
		} else {
			*err = xasprintf("%.*s%s is %s, not an object or an "
					 "array", (int)(start - ptr), ptr,
					 start == ptr ? "the answer" : "",
					 jsonptr_type_name(cur));
			return 1;
		}
	}
	*out = cur;
	return 0;
}

char *jsonptr_scalar_text(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return xstrndup(json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL:
		return xasprintf("%.17g", json_real_value(v));
	case JSON_TRUE:
		return xstrdup("true");
	case JSON_FALSE:
		return xstrdup("false");
	case JSON_NULL:
		return xstrdup("null");
	default:
		return NULL;
	}
}

int jsonptr_equals(const json_t *v, const char *want, char **why)
{
	*why = NULL;
	switch (json_typeof(v)) {
	case JSON_STRING:
		return strlen(want) == json_string_length(v) &&
		       memcmp(want, json_string_value(v), strlen(want)) == 0;
	case JSON_INTEGER:
	case JSON_REAL: {
		char *end;
		double w;
		errno = 0;
		w = strtod(want, &end);
		if (!*want || *end || errno) {
			*why = xasprintf("a number, not a string like \"%s\"",
					 want);
			return 0;
		}
		return w == json_number_value(v);
	}
	case JSON_TRUE:
	case JSON_FALSE:
	case JSON_NULL: {
		char *t = jsonptr_scalar_text(v);
		int same = strcmp(t, want) == 0;
		if (!same && strcmp(want, "true") != 0 &&
		    strcmp(want, "false") != 0 && strcmp(want, "null") != 0)
			*why = xasprintf("%s, not a string", json_is_null(v)
					 ? "null" : "a boolean");
		free(t);
		return same;
	}
	default:
		*why = xasprintf("%s, not a value to compare",
				 jsonptr_type_name(v));
		return 0;
	}
}
