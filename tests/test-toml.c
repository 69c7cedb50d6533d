/* test-toml.c: the TOML reader (src/toml.c), table-driven.
 *
 * Each good row was checked with Python's tomli (2.0.1), which parses
 * them to the same values; each bad row is a file tomli refuses too,
 * but for the last: the limit on nesting is ours (tomli has none).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "toml.h"
#include "util.h"

struct good_row {
	const char *text;
	const char *key;
	const char *want;	/* a string, or "[a|b]" for an array */
};

static const struct good_row good[] = {
	{ "[project]\nname = \"demo\"\n", "project.name", "demo" },
	{ "[project]\nname = 'lit\\eral'\n", "project.name", "lit\\eral" },
	{ "name = \"top\"\n[project]\nname = \"x\"\n", "name", "top" },
	/* Dotted and quoted keys, blanks around the dots. */
	{ "[tool . hatch]\nversion . path = \"a/b.py\"\n",
	  "tool.hatch.version.path", "a/b.py" },
	{ "[project.scripts]\n\"my-tool\" = \"m:main\"\n",
	  "project.scripts.my-tool", "m:main" },
	/* Inline tables, nested. */
	{ "[tool.setuptools.dynamic]\nversion = {attr = \"pkg.__version__\"}\n",
	  "tool.setuptools.dynamic.version.attr", "pkg.__version__" },
	{ "t = { a = { b = \"deep\" }, c = 1 }\n", "t.a.b", "deep" },
	/* Arrays over lines, with comments and a trailing comma; other
	 * items left out. */
	{ "[project]\ndynamic = [\n  \"version\", # the tag's\n"
	  "  \"readme\",\n]\n", "project.dynamic", "[version|readme]" },
	{ "a = [ [\"x\"], \"y\", 1, {k = \"v\"} ]\n", "a", "[y]" },
	{ "a = []\n", "a", "[]" },
	/* Escapes. */
	{ "s = \"q\\\"t\\\\\\u00e9\\U0001F600\\n\"\n", "s",
	  "q\"t\\\xc3\xa9\xf0\x9f\x98\x80\n" },
	/* Multi-line strings: the first newline trimmed, a backslash at a
	 * line's end joins the lines, quotes before the closing ones. */
	{ "s = \"\"\"\nline1\nline2\"\"\"\n", "s", "line1\nline2" },
	{ "s = \"\"\"a \\\n   b\"\"\"\n", "s", "a b" },
	{ "s = '''\nraw \\n'''\n", "s", "raw \\n" },
	{ "s = \"\"\"x\"\"\"\"\"\n", "s", "x\"\"" },
	/* Numbers, booleans and dates kept as text. */
	{ "n = 42\n", "n", "42" },
	{ "b = true # yes\n", "b", "true" },
	{ "d = 1979-05-27T07:32:00Z\n", "d", "1979-05-27T07:32:00Z" },
	{ "d = 1979-05-27 07:32:00\n", "d", "1979-05-27 07:32:00" },
	/* An array of tables: its keys under its name. */
	{ "[[tool.x]]\nname = \"first\"\n[[tool.x]]\nname = \"second\"\n",
	  "tool.x.name", "first" },
	/* CRLF line ends and a byte-order mark. */
	{ "\xef\xbb\xbf[project]\r\nname = \"crlf\"\r\n", "project.name",
	  "crlf" },
	/* A string that looks like a table is a string. */
	{ "[project]\ndescription = \"\"\"\n[tool.evil]\nx = 1\n\"\"\"\n"
	  "version = \"1.0\"\n", "project.version", "1.0" },
};

static void test_good(void **state)
{
	const struct good_row *r = *state;
	struct toml t = TOML_INIT;
	const struct toml_entry *e;
	char *err = NULL;

	if (toml_parse(&t, r->text, strlen(r->text), &err) < 0)
		fail_msg("%s", err);
	e = toml_get(&t, r->key);
	if (!e)
		fail_msg("no %s", r->key);
	if (r->want[0] == '[' && strcmp(r->key, "s") != 0) {
		struct buf b = BUF_INIT;

		buf_init(&b);
		assert_int_equal(e->type, TOML_ARRAY);
		buf_addc(&b, '[');
		for (size_t i = 0; i < e->nitems; i++)
			buf_addf(&b, "%s%s", i ? "|" : "", e->items[i]);
		buf_addc(&b, ']');
		assert_string_equal(b.data, r->want);
		buf_free(&b);
	} else {
		assert_non_null(e->str);
		assert_string_equal(e->str, r->want);
	}
	toml_free(&t);
}

struct bad_row {
	const char *text;
	const char *want;	/* the error */
};

static const struct bad_row bad[] = {
	{ "[project]\nname = \"open\n", "line 2: unterminated string" },
	{ "s = \"\"\"\nnever closed\n", "line 3: unterminated string" },
	{ "a = [\"x\",\n\"y\"\n", "line 3: unterminated array" },
	{ "a = [\"x\" \"y\"]\n", "line 1: expected ',' or ']' in an array" },
	{ "[project\nname = \"x\"\n",
	  "line 1: expected ']' after the table's name" },
	{ "name \"x\"\n", "line 1: expected '=' after the key" },
	{ "name =\n", "line 1: a value is missing" },
	{ "name = \"a\" \"b\"\n", "line 1: unexpected '\"' after the value" },
	{ "s = \"\\x41\"\n", "line 1: unknown escape \\x in a string" },
	{ "s = \"\\u12\"\n", "line 1: a \\u escape needs 4 hex digits" },
	{ "s = \"\\ud800\"\n", "line 1: \\u escape of no character" },
	{ "s = \"a\x1b]0;t\x07\"\n", "line 1: a control character in a string" },
	{ "t = { a = \"x\"\n", "line 1: expected ',' or '}' in an inline table" },
	{ "= \"x\"\n", "line 1: a key is missing" },
	{ "a = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]"
	  "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
	  "line 1: values nested too deep" },
};

static void test_bad(void **state)
{
	const struct bad_row *r = *state;
	struct toml t = TOML_INIT;
	char *err = NULL;

	if (toml_parse(&t, r->text, strlen(r->text), &err) == 0)
		fail_msg("parsed: %s", r->text);
	assert_string_equal(err, r->want);
	assert_int_equal(t.n, 0);
	free(err);
}

static void test_lookups(void **state)
{
	static const char text[] =
		"[build-system]\nrequires = [\"hatchling\", \"hatch-vcs\"]\n"
		"[project.scripts]\nfirst = \"a:b\"\nsecond = \"c:d\"\n";
	struct toml t = TOML_INIT;
	const char *name = NULL;
	char *err = NULL;

	(void)state;
	assert_int_equal(toml_parse(&t, text, strlen(text), &err), 0);
	assert_true(toml_array_has(&t, "build-system.requires", "hatch-vcs"));
	assert_false(toml_array_has(&t, "build-system.requires", "hatch"));
	assert_true(toml_has_table(&t, "project"));
	assert_true(toml_has_table(&t, "project.scripts"));
	assert_false(toml_has_table(&t, "proj"));
	assert_non_null(toml_first_in(&t, "project.scripts", &name));
	assert_string_equal(name, "first");
	assert_null(toml_string(&t, "build-system.requires"));
	toml_free(&t);
}

int main(void)
{
	struct CMUnitTest tests[ARRAY_SIZE(good) + ARRAY_SIZE(bad) + 1];
	static char names[ARRAY_SIZE(good) + ARRAY_SIZE(bad)][48];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		snprintf(names[n], sizeof(names[n]), "good row %zu (%s)", i,
			 good[i].key);
		tests[n] = (struct CMUnitTest){ .name = names[n],
			.test_func = test_good,
			.initial_state = (void *)&good[i] };
		n++;
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(names[n], sizeof(names[n]), "bad row %zu", i);
		tests[n] = (struct CMUnitTest){ .name = names[n],
			.test_func = test_bad,
			.initial_state = (void *)&bad[i] };
		n++;
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_lookups);
	return _cmocka_run_group_tests("toml", tests, n, NULL, NULL);
}
