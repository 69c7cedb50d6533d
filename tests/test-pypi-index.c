/* test-pypi-index.c: reading an index's answers (src/pypi-index.c).
 *
 * Bodies are copied into heap blocks of exactly their length, with no NUL
 * after them, so that the sanitizers catch any read past the end.
 */
#include "config.h"

#include <jansson.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "pypi-index.h"
#include "util.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

enum reader { JSON_API, SIMPLE_JSON, SIMPLE_HTML };

/* Parses body (len bytes, copied to an exact block) with one reader. */
static int parse(enum reader which, const char *body, size_t len,
		 struct pypi_release *r, char **err)
{
	char *copy = xmalloc(len ? len : 1);
	int rc;

	memcpy(copy, body, len);
	memset(r, 0, sizeof(*r));
	*err = NULL;
	switch (which) {
	case JSON_API:
		rc = pypi_parse_json_api(copy, len, r, err);
		break;
	case SIMPLE_JSON:
		rc = pypi_parse_simple_json(copy, len, "demo-pkg", "1.0.0", r,
					    err);
		break;
	default:
		rc = pypi_parse_simple_html(copy, len, "demo-pkg", "1.0.0", r,
					    err);
		break;
	}
	free(copy);
	return rc;
}

#define PARSE(which, lit, r, err) parse(which, lit, sizeof(lit) - 1, r, err)

static void test_json_api(void **state)
{
	static const char body[] =
		"{\"info\": {\"version\": \"1.0.0\", \"yanked\": false},"
		" \"urls\": ["
		"  {\"filename\": \"demo_pkg-1.0.0.tar.gz\","
		"   \"digests\": {\"sha256\": \"" SHA_A "\"}, \"yanked\": false},"
		"  {\"filename\": \"demo_pkg-1.0.0-py3-none-any.whl\","
		"   \"digests\": {\"sha256\": \"" SHA_B "\"},"
		"   \"yanked\": true, \"yanked_reason\": \"bad wheel\"}]}";
	struct pypi_release r;
	char *err;

	(void)state;
	assert_int_equal(PARSE(JSON_API, body, &r, &err), 0);
	assert_true(r.found);
	assert_false(r.yanked);
	assert_string_equal(r.version, "1.0.0");
	assert_int_equal(r.nfiles, 2);
	assert_string_equal(r.files[0].sha256, SHA_A);
	assert_false(r.files[0].yanked);
	assert_true(r.files[1].yanked);
	assert_string_equal(r.files[1].yanked_reason, "bad wheel");
	pypi_release_free(&r);
}

/* Valid JSON with the wrong types: an error naming the field, never a
 * crash and never a pass on garbage (yanked: 3 once read as not yanked). */
static void test_json_api_wrong_types(void **state)
{
	static const struct {
		const char *body, *err;
	} rows[] = {
		{ "{\"info\": {\"version\": 100}, \"urls\": []}",
		  "the index's JSON: info.version is a number, not a string" },
		{ "{\"info\": {\"version\": \"1.0.0\"}, \"urls\": {}}",
		  "the index's JSON: urls is an object, not an array" },
		{ "{\"info\": [], \"urls\": []}",
		  "the index's JSON: info is an array, not an object" },
		{ "{\"urls\": []}",
		  "the index's JSON: info is missing, not an object" },
		{ "[]", "the index's JSON: the document is an array, not an object" },
		{ "{\"info\": {\"version\": \"1.0.0\", \"yanked\": 3}, "
		  "\"urls\": []}",
		  "the index's JSON: info.yanked is a number, not true, false or "
		  "a string" },
		{ "{\"info\": {\"version\": \"1.0.0\"}, \"urls\": [7]}",
		  "the index's JSON: urls[0] is a number, not an object" },
		{ "{\"info\": {\"version\": \"1.0.0\"}, \"urls\": "
		  "[{\"filename\": \"demo_pkg-1.0.0.tar.gz\", \"digests\": \"x\"}]}",
		  "the index's JSON: urls[0].digests is a string, not an object" },
		{ "{\"info\": {\"version\": \"1.0.0\"}, \"urls\": "
		  "[{\"filename\": 5}]}",
		  "the index's JSON: urls[0].filename is a number, not a string" },
	};
	static const char *const malformed[] = { "{\"info\": ", "", "null x" };
	struct pypi_release r;
	char *err;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		assert_int_equal(parse(JSON_API, rows[i].body,
				       strlen(rows[i].body), &r, &err), -1);
		assert_string_equal(err, rows[i].err);
		assert_false(r.found && r.nfiles);
		free(err);
		pypi_release_free(&r);
	}
	for (size_t i = 0; i < sizeof(malformed) / sizeof(*malformed); i++) {
		assert_int_equal(parse(JSON_API, malformed[i],
				       strlen(malformed[i]), &r, &err), -1);
		assert_true(strncmp(err, "the index sent malformed JSON", 29)
			    == 0);
		free(err);
		pypi_release_free(&r);
	}
}

static void test_simple_json(void **state)
{
	static const char body[] =
		"{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"demo-pkg\","
		" \"files\": ["
		"  {\"filename\": \"demo-pkg-0.9.zip\", \"hashes\": {}},"
		"  {\"filename\": \"demo_pkg-1.0.0.tar.gz\","
		"   \"hashes\": {\"sha256\": \"" SHA_A "\"}, \"yanked\": \"oops\"},"
		"  {\"filename\": \"demo_pkg-1.0.0-py3-none-any.whl\","
		"   \"hashes\": {\"sha256\": \"" SHA_B "\"}, \"yanked\": true},"
		"  {\"filename\": \"other-1.0.0.tar.gz\"}]}";
	struct pypi_release r;
	char *err;

	(void)state;
	assert_int_equal(PARSE(SIMPLE_JSON, body, &r, &err), 0);
	assert_true(r.found);
	assert_true(r.yanked);		/* every file of 1.0.0 is */
	assert_string_equal(r.yanked_reason, "oops");	/* the first given */
	assert_int_equal(r.nfiles, 2);
	assert_string_equal(r.files[0].yanked_reason, "oops");
	pypi_release_free(&r);

	assert_int_equal(PARSE(SIMPLE_JSON, "{\"files\": {}}", &r, &err), -1);
	assert_string_equal(err, "the index's JSON: files is an object, not "
			    "an array");
	free(err);
	pypi_release_free(&r);
}

static void test_simple_html(void **state)
{
	static const char body[] =
		"<html><body>\n"
		"<a href=\"/f/demo-pkg-0.9.zip#sha256=" SHA_A "\">demo-pkg-0.9.zip</a>\n"
		"<a href=\"/f/demo_pkg-1.0.0.tar.gz#sha256=" SHA_A "\" "
		"data-yanked=\"bad build\">demo_pkg-1.0.0.tar.gz</a>\n"
		"<a href=\"/f/demo_pkg-1.0.0-py3-none-any.whl#sha256=" SHA_B "\">"
		"demo_pkg-1.0.0-py3-none-any.whl</a>\n"
		"<a href=\"/f/Demo.Pkg-1.0.0.zip\">Demo.Pkg-1.0.0.zip</a>\n"
		"</body></html>\n";
	struct pypi_release r;
	char *err;

	(void)state;
	assert_int_equal(PARSE(SIMPLE_HTML, body, &r, &err), 0);
	assert_true(r.found);
	assert_false(r.yanked);		/* one file of three */
	assert_int_equal(r.nfiles, 3);
	assert_string_equal(r.files[0].filename, "demo_pkg-1.0.0.tar.gz");
	assert_true(r.files[0].yanked);
	assert_string_equal(r.files[0].yanked_reason, "bad build");
	assert_string_equal(r.files[1].sha256, SHA_B);
	assert_null(r.files[2].sha256);	/* no #sha256 in the link */
	pypi_release_free(&r);
}

/* A page that is not UTF-8 (Latin-1 around the links) is still read. */
static void test_simple_html_not_utf8(void **state)
{
	static const char body[] =
		"<h1>Caf\xe9 \xff\xfe</h1>"
		"<a href=\"/f/demo_pkg-1.0.0.tar.gz#sha256=" SHA_A "\">"
		"demo_pkg-1.0.0.tar.gz</a>\xe9";
	struct pypi_release r;
	char *err;

	(void)state;
	assert_int_equal(PARSE(SIMPLE_HTML, body, &r, &err), 0);
	assert_true(r.found);
	assert_int_equal(r.nfiles, 1);
	pypi_release_free(&r);
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char msg[] = "reading a hostile page did not end\n";
	(void)!write(2, msg, sizeof(msg) - 1);
	_exit(1);
}

/* Many unclosed "<a " openings before one '>': each must not rescan the
 * rest of the body (the first version's pattern did, which is quadratic:
 * minutes for 2 MB).  A generous deadline, not a timing. */
static void test_simple_html_hostile(void **state)
{
	size_t n = 2 * 1024 * 1024;
	char *body = xmalloc(n);
	struct pypi_release r = { 0 };
	char *err = NULL;

	(void)state;
	for (size_t i = 0; i < n; i++)
		body[i] = "<a "[i % 3];
	memcpy(body + n - 8, ">x</b>  ", 8);
	signal(SIGALRM, on_alarm);
	alarm(60);
	assert_int_equal(pypi_parse_simple_html(body, n, "demo-pkg", "1.0.0",
						&r, &err), 0);
	alarm(0);
	assert_false(r.found);
	pypi_release_free(&r);
	free(body);
}

static void test_file_version(void **state)
{
	static const struct {
		const char *file, *want;
	} rows[] = {
		{ "demo_pkg-1.0.0.tar.gz", "1.0.0" },
		{ "demo-pkg-1.0.0.tar.gz", "1.0.0" },
		{ "Demo.Pkg-2.0rc1.zip", "2.0rc1" },
		{ "demo_pkg-1.0.0-py3-none-any.whl", "1.0.0" },
		{ "demo_pkg-1.0.0-py3.11.egg", "1.0.0" },
		{ "demo_pkgx-1.0.0.tar.gz", NULL },
		{ "demo_pkg-1.0.0.exe", NULL },
		{ "demo", NULL },
		{ "", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++) {
		char *v = pypi_file_version("demo-pkg", rows[i].file);
		if (rows[i].want)
			assert_string_equal(v, rows[i].want);
		else
			assert_null(v);
		free(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_api),
		cmocka_unit_test(test_json_api_wrong_types),
		cmocka_unit_test(test_simple_json),
		cmocka_unit_test(test_simple_html),
		cmocka_unit_test(test_simple_html_not_utf8),
		cmocka_unit_test(test_simple_html_hostile),
		cmocka_unit_test(test_file_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
